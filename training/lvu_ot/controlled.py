"""The controlled test (thesis Table 8.2b in miniature): a label that depends on how two
instances interact at two moments far apart in time, across cuts.

Each synthetic 60-s example: an early shot (s 0–1) shows instances A and B, either
meeting (boxes side by side) or apart; one new distractor instance per 6-s shot follows
(s 2–49, cuts in between, one token each); a late shot (s 50–51) shows A and B again,
meeting or apart. Label 1 ("they meet again") iff they meet in both shots; the negatives
are the three other combinations in equal parts, so labels are balanced. A single short
span over the late shot sees only how they stand now: at best it answers "meet now" and
scores 1/3 + 2/3 · 3/4 ≈ 0.83.

Two box layouts. *Cued* (the default, used by the test): a pair stands around a point in
the middle of the frame, side by side when meeting, 0.2 to either side when apart. A
single box hints weakly at the relation (apart boxes lie a little further out); this gives
training a foothold, and mean-pooling still stays at chance in our runs (a stronger hint —
apart gap 0.3 — let mean-pooling reach 0.92).
*Uniform* (`cued=False`): every box's own position is uniform whatever the relation, so
only the pair's relative place tells; mean-pooling is then exactly at chance, but in our
runs the transformer did not leave chance either within 1 500 CPU steps (the relation has
no per-token foothold to start learning from). See training/README.md for the figures.

(A label that is the *agreement* of the two relations — an XOR — has no first-order signal
at all and did not train in CPU minutes.)
"""
import torch

SPAN_SEC = 60
EARLY = (0, 2)  # [start, end) seconds of the early shot
LATE = (50, 52)
MIDDLE_SHOT_SEC = 6  # one distractor token per middle shot (its first second)
LATE_WINDOW = (45, 60)  # the single short span baseline sees only this
FEAT_DIM = 8
MAX_IDS = 64
LOOKS_SCALE = 0.1  # appearance: per-example noise the label does not need; kept small, see module doc
LOW, RANGE = 0.1, 0.8  # box centres lie in [0.1, 0.9)
MEET_DX = 0.09  # meeting: B's box right next to A's
# Cued layout: pair centre in LOW + [a, a + b); apart boxes this far either side of it.
CUE_CENTRE, CUE_APART_GAP = (0.2, 0.4), 0.2


def layout(distractors=True):
    """Rows (second, shot, instance slot, relation moment): moment 0 early, 1 late, -1 distractor."""
    rows = [(s, 0, k, 0) for s in range(*EARLY) for k in (0, 1)]
    shot = 1
    for k, start in enumerate(range(EARLY[1], LATE[0], MIDDLE_SHOT_SEC) if distractors else ()):
        rows.append((start, shot, 2 + k, -1))
        shot += 1
    rows += [(s, shot, k, 1) for s in range(*LATE) for k in (0, 1)]
    return rows




def _box_corners(xy, g):
    xy = xy + (torch.rand(xy.shape[0], 2, generator=g) - 0.5) * 0.01
    return torch.cat([xy - torch.tensor([0.04, 0.1]), xy + torch.tensor([0.04, 0.1])], 1).clamp(0, 1)


def _boxes_uniform(g, slot, moment, meets):
    """A anywhere; B right next to A (meeting, wrapping at the frame edge) or anywhere
    (apart); distractors anywhere. Every box's own position is uniform in every case, so a
    single token carries nothing about the relation: only the pair's relative place does."""
    a = LOW + torch.rand(2, 2, generator=g) * RANGE  # A's place at each moment (x, y)
    b_next = torch.stack([LOW + torch.remainder(a[:, 0] + MEET_DX - LOW, RANGE), a[:, 1]], 1)
    b = torch.where(meets.unsqueeze(1), b_next, LOW + torch.rand(2, 2, generator=g) * RANGE)
    m = moment.clamp(min=0)
    pair_xy = torch.where((slot == 0).unsqueeze(1), a[m], b[m])
    free = LOW + torch.rand(slot.shape[0], 2, generator=g) * RANGE
    return _box_corners(torch.where((moment >= 0).unsqueeze(1), pair_xy, free), g)


def _boxes_cued(g, slot, moment, meets):
    """Training-only variant with a per-token cue: the pair stands around a central point,
    close together (meeting) or out towards the frame edges (apart)."""
    centre = LOW + CUE_CENTRE[0] + torch.rand(2, 2, generator=g) * CUE_CENTRE[1]
    gap = torch.where(meets, MEET_DX / 2, CUE_APART_GAP)
    m = moment.clamp(min=0)
    side = torch.where(slot == 0, -1.0, 1.0)
    pair_xy = torch.stack([centre[m, 0] + side * gap[m], centre[m, 1]], 1)
    free = LOW + torch.rand(slot.shape[0], 2, generator=g) * RANGE
    return _box_corners(torch.where((moment >= 0).unsqueeze(1), pair_xy, free), g)


def example(g, label, cued=False, distractors=True):
    """Span tensors (as spans.build_span) of one full 60-s example with the given label."""
    rows = layout(distractors)
    sec, shot, slot, moment = (torch.tensor(c) for c in zip(*rows))
    other = [(True, False), (False, True), (False, False)][int(torch.randint(0, 3, (1,), generator=g))]
    meets = torch.tensor((True, True) if label else other)
    n_slots, n = int(slot.max()) + 1, len(rows)
    looks = torch.randn(n_slots, FEAT_DIM, generator=g)
    ids = torch.randperm(MAX_IDS, generator=g)[:n_slots]  # instance ids reassigned per example
    boxes = (_boxes_cued if cued else _boxes_uniform)(g, slot, moment, meets)
    area = ((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])).unsqueeze(1)
    return {
        "feats": (looks[slot] + 0.1 * torch.randn(n, FEAT_DIM, generator=g)).float() * LOOKS_SCALE,
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


def batch(g, size, cued_fraction=1.0, distractors=True):
    """`size` fresh examples with random labels (a `cued_fraction` of them with the
    per-token cue): (list of span dicts, labels)."""
    labels = torch.randint(0, 2, (size,), generator=g)
    cued = (torch.rand(size, generator=g) < cued_fraction).tolist()
    return [example(g, int(y), c, distractors) for y, c in zip(labels, cued)], labels
