"""Synthetic feature banks (same dict layout as bank.load_bank) so pre-training, export and
tests run before real banks exist. Each video has a style vector shared by all its
instances (so spans of one video are compatible), instances with persistent appearance,
people with poses drawn from a few prototypes, objects with classes, and shots."""
import torch

from .config import PERSON_CLASS

POSE_PROTOTYPES = 6


def _pose(g, proto):
    """[51] box-normalised keypoints near a prototype, confidences in [0.3, 1]."""
    xy = (proto + 0.03 * torch.randn(17, 2, generator=g)).clamp(0, 1)
    conf = 0.3 + 0.7 * torch.rand(17, 1, generator=g)
    return torch.cat([xy, conf], 1).reshape(-1)


def _instances(g, n, feat_dims, style):
    people = torch.rand(n, generator=g) < 0.6
    classes = torch.where(people, torch.full((n,), PERSON_CLASS), torch.randint(1, 80, (n,), generator=g))
    looks = {name: torch.randn(n, dim, generator=g) + style[name] for name, dim in feat_dims}
    return people, classes, looks


def synthetic_bank(seed, encoders, duration=120, n_instances=10, per_second=4):
    """One synthetic video bank with instance encoders [(name, dim)]."""
    g = torch.Generator().manual_seed(seed)
    protos = torch.rand(POSE_PROTOTYPES, 17, 2, generator=torch.Generator().manual_seed(1234))
    dims = [(n, d) for n, d in encoders if n != "movenet-pose"]
    style = {n: 0.8 * torch.randn(d, generator=g) for n, d in dims}
    people, classes, looks = _instances(g, n_instances, dims, style)
    shot_len = 4 + int(torch.randint(0, 8, (1,), generator=g))
    rows = []
    for sec in range(duration):
        shot = sec // shot_len
        visible = torch.randperm(n_instances, generator=torch.Generator().manual_seed(seed * 1000 + shot))[:per_second]
        for inst in sorted(visible.tolist()):
            rows.append((sec, inst, shot))
    n = len(rows)
    sec_t = torch.tensor([r[0] for r in rows])
    inst_t = torch.tensor([r[1] for r in rows])
    xy = torch.rand(n, 2, generator=g) * 0.6
    wh = 0.1 + torch.rand(n, 2, generator=g) * 0.3
    box = torch.cat([xy, (xy + wh).clamp(max=1.0)], 1)
    enc = {}
    for name, dim in encoders:
        if name == "movenet-pose":
            mask = people[inst_t]
            proto = protos[(inst_t * 7 + sec_t // 5) % POSE_PROTOTYPES]
            feats = torch.stack([_pose(g, proto[i]) for i in range(n)]) * mask.unsqueeze(1)
        else:
            mask = torch.rand(n, generator=g) > 0.1
            feats = (looks[name][inst_t] + 0.3 * torch.randn(n, dim, generator=g)) * mask.unsqueeze(1)
        enc[name] = (feats.float(), mask)
    return {
        "video_id": f"synthetic-{seed}", "index": {"videoId": f"synthetic-{seed}"}, "count": duration,
        "second": sec_t, "box": box.float(), "class_id": classes[inst_t], "track_id": inst_t + 100 * torch.tensor([r[2] for r in rows]),
        "identity_id": torch.where(people[inst_t], inst_t, torch.full((n,), -1)),
        "shot_id": torch.tensor([r[2] for r in rows]), "score": torch.rand(n, generator=g).float(), "encoders": enc,
    }
