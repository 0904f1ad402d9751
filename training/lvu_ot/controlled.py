"""The controlled test (thesis Table 8.2b in miniature): is long-range interaction between
instances learnable from tokens, and do the baselines fail as they should?

Each synthetic 60-s example: two early shots show pairs {A, B} (s 0–2) and {C, D} (s 3–5);
one new distractor instance per 3-s shot fills s 6–47 (cuts in between, one token each); the late shot
(s 48–53) shows two people together. Label 1 iff they are one of the early pairs meeting
again; label 0 when one member of an early pair is with a stranger. Every token's marginal
distribution (time, shot, box, appearance, instance id — ids and looks are drawn per
example) is the same under both labels, so mean-pooling tokens is at chance; a short span
over the late shot sees two people together but not whether they met 45 s earlier.
"""
import torch

SPAN_SEC = 60
EARLY = ((0, 3), (3, 6))  # [start, end) of the two early shots
LATE = (48, 54)  # the late shot
MIDDLE_SHOT_SEC = 3  # one distractor token per middle shot (its first second)
LATE_WINDOW = (45, 60)  # the single short span baseline sees only this
FEAT_DIM = 8
MAX_IDS = 64
STRANGER = 4 + len(range(EARLY[1][1], LATE[0], MIDDLE_SHOT_SEC))  # slot of the never-seen instance


def layout(label, pair, member):
    """Python rows (second, shot, instance slot, group, side) of one example; group = box
    cluster of a shot, side = left/right place within a pair (never tied to the slot)."""
    early = [(0, 1), (2, 3)]
    late = early[pair] if label else (early[pair][member], STRANGER)
    rows, shot = [], 0
    for p, (a, b) in zip(early, EARLY):
        rows += [(s, shot, i, shot, k) for s in range(a, b) for k, i in enumerate(p)]
        shot += 1
    for k, start in enumerate(range(EARLY[1][1], LATE[0], MIDDLE_SHOT_SEC)):
        rows.append((start, shot, 4 + k, shot, 0))
        shot += 1
    rows += [(s, shot, i, shot, k) for s in range(*LATE) for k, i in enumerate(late)]
    return rows


def example(g, label):
    """Span tensors (as spans.build_span) of one full 60-s example."""
    choice = torch.randint(0, 2, (2,), generator=g).tolist()
    rows = layout(label, choice[0], choice[1])
    sec, shot, slot, group, place = (torch.tensor(c) for c in zip(*rows))
    n_slots, n = int(slot.max()) + 1, len(rows)
    looks = torch.randn(n_slots, FEAT_DIM, generator=g)
    ids = torch.randperm(MAX_IDS, generator=g)[:n_slots]  # instance ids reassigned per example
    centre = torch.rand(int(group.max()) + 1, 2, generator=g) * 0.6 + 0.2
    side = torch.where(place == 0, -0.08, 0.08)
    xy = (centre[group] + (torch.rand(n, 2, generator=g) - 0.5) * 0.1 + torch.stack([side, torch.zeros(n)], 1)).clamp(0.1, 0.9)
    boxes = torch.cat([xy - torch.tensor([0.05, 0.1]), xy + torch.tensor([0.05, 0.1])], 1)
    area = ((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])).unsqueeze(1)
    return {
        "feats": (looks[slot] + 0.1 * torch.randn(n, FEAT_DIM, generator=g)).float(),
        "feat_mask": torch.ones(n, 1),
        "spatial": torch.cat([boxes, area], 1).float(),
        "time_idx": sec.int(), "inst_idx": ids[slot].int(), "shot_idx": shot.int(),
    }


def crop(ex, window):
    """The tokens of an example inside [window) seconds, times and shots re-based."""
    keep = (ex["time_idx"] >= window[0]) & (ex["time_idx"] < window[1])
    out = {k: v[keep] for k, v in ex.items()}
    out["time_idx"] = out["time_idx"] - window[0]
    out["shot_idx"] = out["shot_idx"] - out["shot_idx"].min()
    return out


def batch(g, size):
    """`size` fresh examples with balanced random labels: (list of span dicts, labels)."""
    labels = torch.randint(0, 2, (size,), generator=g)
    return [example(g, int(y)) for y in labels], labels
