"""The controlled test (thesis Table 8.2b in miniature): a label that depends on how two
instances interact at two moments far apart in time, which neither pooled tokens nor a
short span can see.

Each synthetic 60-s example: an early shot (s 0–5) shows instances A and B, either
meeting (boxes side by side) or apart (far across the frame); one new distractor instance
per 3-s shot follows (s 6–47, cuts in between, one token each); a late shot (s 48–53) shows
A and B again, meeting or apart. Label 1 iff they are in the same relation after the cuts
as before (they meet again, or stay apart). Early and late relations are each a fair coin
and the label is their agreement, so the label is independent of every single token and of
each shot alone: mean-pooling tokens is at chance, and so is a short span over the late
shot, which sees how A and B stand now but not how they stood 45 s earlier.
"""
import torch

SPAN_SEC = 60
EARLY = (0, 6)  # [start, end) seconds of the early shot
LATE = (48, 54)
MIDDLE_SHOT_SEC = 3  # one distractor token per middle shot (its first second)
LATE_WINDOW = (45, 60)  # the single short span baseline sees only this
FEAT_DIM = 8
MAX_IDS = 64
MEET_GAP, APART_GAP = 0.06, 0.3  # horizontal offset of each box from the pair's centre


def layout():
    """Rows (second, shot, instance slot, relation moment): moment 0 early, 1 late, -1 distractor."""
    rows = [(s, 0, k, 0) for s in range(*EARLY) for k in (0, 1)]
    shot = 1
    for k, start in enumerate(range(EARLY[1], LATE[0], MIDDLE_SHOT_SEC)):
        rows.append((start, shot, 2 + k, -1))
        shot += 1
    rows += [(s, shot, k, 1) for s in range(*LATE) for k in (0, 1)]
    return rows


ROWS = layout()


def _boxes(g, slot, moment, meets):
    """Boxes: a pair side by side (meeting) or far apart; distractors anywhere."""
    n = slot.shape[0]
    centre = torch.rand(2, 2, generator=g) * torch.tensor([0.3, 0.5]) + torch.tensor([0.35, 0.25])
    gap = torch.where(meets, MEET_GAP, APART_GAP)  # per moment
    pair = moment >= 0
    m = moment.clamp(min=0)
    side = torch.where(slot == 0, -1.0, 1.0)
    x = torch.where(pair, centre[m, 0] + side * gap[m], torch.rand(n, generator=g) * 0.8 + 0.1)
    y = torch.where(pair, centre[m, 1], torch.rand(n, generator=g) * 0.6 + 0.2)
    xy = torch.stack([x, y], 1) + (torch.rand(n, 2, generator=g) - 0.5) * 0.02
    return torch.cat([xy - torch.tensor([0.04, 0.1]), xy + torch.tensor([0.04, 0.1])], 1).clamp(0, 1)


def example(g, label):
    """Span tensors (as spans.build_span) of one full 60-s example with the given label."""
    sec, shot, slot, moment = (torch.tensor(c) for c in zip(*ROWS))
    early = bool(torch.randint(0, 2, (1,), generator=g))
    meets = torch.tensor([early, early == bool(label)])
    n_slots, n = int(slot.max()) + 1, len(ROWS)
    looks = torch.randn(n_slots, FEAT_DIM, generator=g)
    ids = torch.randperm(MAX_IDS, generator=g)[:n_slots]  # instance ids reassigned per example
    boxes = _boxes(g, slot, moment, meets)
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
    """`size` fresh examples with random labels: (list of span dicts, labels)."""
    labels = torch.randint(0, 2, (size,), generator=g)
    return [example(g, int(y)) for y in labels], labels
