"""The controlled test (thesis Table 8.2b in miniature): is long-range interaction between
instances learnable from tokens, and do the baselines fail as they should?

Each synthetic 60-s example: two early shots show pairs {A, B} (s 0–2) and {C, D} (s 3–5);
distractor instances fill the middle, one per second in 3-s shots; two late shots (s 48–50,
51–53… ) show the four again as two pairs. Label 1 iff the late pairing equals the early
one ({A,B},{C,D}) — the pairs meet again after the cuts; label 0 for the two other
pairings. Every token's marginal distribution (time, shot, box, appearance, instance id,
which are shuffled per example) is the same under both labels, so mean-pooling tokens is
at chance; a short span over the late shots sees who is together but not who met before.
"""
import torch

SPAN_SEC = 60
EARLY = ((0, 3), (3, 6))  # [start, end) of the two early shots
LATE = ((48, 51), (51, 54))
LATE_WINDOW = (45, 60)  # the single short span baseline sees only this
FEAT_DIM = 8


def _pair_tokens(pair, start, end, shot, looks, ids, g):
    """Both instances of a pair at every second of a shot, boxes near each other."""
    rows = []
    centre = torch.rand(2, generator=g) * 0.6 + 0.2
    for sec in range(start, end):
        for k, inst in enumerate(pair):
            off = (torch.rand(2, generator=g) - 0.5) * 0.1 + torch.tensor([0.08 * (2 * k - 1), 0.0])
            x, y = (centre + off).clamp(0.1, 0.9).tolist()
            rows.append((sec, shot, ids[inst], looks[inst] + 0.1 * torch.randn(FEAT_DIM, generator=g), (x - 0.05, y - 0.1, x + 0.05, y + 0.1)))
    return rows


def example(g, label, middle=True):
    """Token rows (second, shot, instance id, feature, box) of one example."""
    n_inst = 4 + len(range(EARLY[1][1], LATE[0][0], 3))
    looks = torch.randn(n_inst, FEAT_DIM, generator=g)
    ids = torch.randperm(64, generator=g)[:n_inst].tolist()  # instance ids reassigned per example
    early = [(0, 1), (2, 3)]
    late = [(0, 1), (2, 3)] if label else ([(0, 2), (1, 3)] if torch.rand(1, generator=g) < 0.5 else [(0, 3), (1, 2)])
    late = [late[i] for i in torch.randperm(2, generator=g).tolist()]
    rows = []
    for s, (pair, (a, b)) in enumerate(zip(early, EARLY)):
        rows += _pair_tokens(pair, a, b, s, looks, ids, g)
    shot = 2
    for start in range(EARLY[1][1], LATE[0][0], 3) if middle else ():
        for sec in range(start, start + 3):
            inst = 4 + (shot - 2)
            rows += _pair_tokens((inst,), sec, sec + 1, shot, looks, ids, g)
        shot += 1
    for pair, (a, b) in zip(late, LATE):
        rows += _pair_tokens(pair, a, b, shot, looks, ids, g)
        shot += 1
    return rows


def to_tensors(rows, window=(0, SPAN_SEC)):
    """Span tensors (as spans.build_span) for the rows inside a time window."""
    rows = [r for r in rows if window[0] <= r[0] < window[1]]
    first_shot = min(r[1] for r in rows)
    boxes = torch.tensor([r[4] for r in rows])
    area = ((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])).unsqueeze(1)
    return {
        "feats": torch.stack([r[3] for r in rows]).float(),
        "feat_mask": torch.ones(len(rows), 1),
        "spatial": torch.cat([boxes, area], 1).float(),
        "time_idx": torch.tensor([r[0] - window[0] for r in rows], dtype=torch.int32),
        "inst_idx": torch.tensor([r[2] for r in rows], dtype=torch.int32),
        "shot_idx": torch.tensor([r[1] - first_shot for r in rows], dtype=torch.int32),
    }


def dataset(n, seed, middle=True):
    """n examples, balanced labels: (list of rows, labels tensor)."""
    g = torch.Generator().manual_seed(seed)
    labels = torch.tensor([i % 2 for i in range(n)])[torch.randperm(n, generator=g)]
    return [example(g, int(y), middle) for y in labels], labels
