"""Span tokenisation: the exact rules the TypeScript stage (stages/transformer/spans.ts)
mirrors, so a model trained here reads the same tokens at inference.

A span covers grid seconds [start, start + span_sec). Its instance rows (already sorted by
second then track in the bank) become tokens; beyond ``max_tokens - 1`` (one slot is
[CLS]) the lowest-score rows are dropped (ties: later rows first). Per token:
feats (model encoders concatenated, zeros where masked), feat_mask (one bit per encoder),
spatial (x1, y1, x2, y2, area), time (second − start), instance (identity when linked, else
track; numbered by first appearance, or randomly in training), shot (shot − first shot in
the span, clamped).
"""
import torch


def span_starts(count, span_sec, stride_sec):
    """Sliding, overlapping span starts covering [0, count): 0, stride, …, plus a last span ending at count."""
    if count <= span_sec:
        return [0]
    starts = list(range(0, count - span_sec + 1, stride_sec))
    if starts[-1] != count - span_sec:
        starts.append(count - span_sec)
    return starts


def select_rows(bank, start, span_sec, max_tokens):
    """Row indices of the span, lowest scores dropped beyond max_tokens − 1, in row order."""
    sec = bank["second"]
    rows = torch.nonzero((sec >= start) & (sec < start + span_sec), as_tuple=False).reshape(-1)
    keep = max_tokens - 1
    if rows.numel() > keep:
        scores = bank["score"][rows].tolist()
        order = sorted(range(rows.numel()), key=lambda k: (-scores[k], k))[:keep]
        rows = rows[torch.tensor(sorted(order), dtype=torch.long)]
    return rows


def instance_keys(bank, rows):
    """Identity when linked (>= 0), else track: ('i', id) or ('t', id)."""
    ident = bank["identity_id"][rows].tolist()
    track = bank["track_id"][rows].tolist()
    return [("i", i) if i >= 0 else ("t", t) for i, t in zip(ident, track)]


def instance_ids(keys, max_instances, generator=None):
    """Numbers instances by first appearance; with a generator, maps them to a random permutation."""
    first = {}
    for k in keys:
        if k not in first:
            first[k] = len(first)
    ids = [first[k] for k in keys]
    if generator is not None:
        perm = torch.randperm(max_instances, generator=generator).tolist()
        ids = [perm[i] for i in ids]
    return torch.tensor([min(i, max_instances - 1) for i in ids], dtype=torch.int32)


def encoder_inputs(bank, rows, encoders):
    """feats [T, sum dims] and feat_mask [T, E] for the model's encoder list [(name, dim)]."""
    feats, bits = [], []
    for name, dim in encoders:
        if name in bank["encoders"] and bank["encoders"][name][0].shape[1] == dim:
            f, m = bank["encoders"][name]
            feats.append(f[rows] * m[rows].unsqueeze(1).float())
            bits.append(m[rows].float())
        else:
            feats.append(torch.zeros(rows.numel(), dim))
            bits.append(torch.zeros(rows.numel()))
    return torch.cat(feats, 1).float(), torch.stack(bits, 1).float()


def spatial_codes(boxes):
    """x1, y1, x2, y2 and area (float32 arithmetic, as in TypeScript)."""
    w = boxes[:, 2] - boxes[:, 0]
    h = boxes[:, 3] - boxes[:, 1]
    return torch.cat([boxes, (w * h).unsqueeze(1)], 1).float()


def build_span(bank, start, cfg, generator=None, length=None):
    """Token tensors of one span (no [CLS]; the model adds it) plus the bank rows they came from.

    ``length`` (training only: random crops) shortens the window below ``cfg.span_sec``."""
    rows = select_rows(bank, start, length or cfg.span_sec, cfg.max_tokens)
    feats, feat_mask = encoder_inputs(bank, rows, cfg.encoders)
    shots = bank["shot_id"][rows]
    first_shot = int(shots.min()) if rows.numel() else 0
    return {
        "rows": rows,
        "feats": feats,
        "feat_mask": feat_mask,
        "spatial": spatial_codes(bank["box"][rows]),
        "time_idx": (bank["second"][rows] - start).clamp(0, cfg.span_sec - 1).int(),
        "inst_idx": instance_ids(instance_keys(bank, rows), cfg.max_instances, generator),
        "shot_idx": (shots - first_shot).clamp(0, cfg.max_shots - 1).int(),
    }


def collate(spans):
    """Pads spans to the longest one; token_mask marks real tokens (1) vs padding (0)."""
    t = max(1, max(int(s["feats"].shape[0]) for s in spans))
    out = {}
    for key in ("feats", "feat_mask", "spatial", "time_idx", "inst_idx", "shot_idx"):
        first = spans[0][key]
        shape = (len(spans), t) + tuple(first.shape[1:])
        buf = torch.zeros(shape, dtype=first.dtype)
        for i, s in enumerate(spans):
            buf[i, : s[key].shape[0]] = s[key]
        out[key] = buf
    mask = torch.zeros(len(spans), t)
    for i, s in enumerate(spans):
        mask[i, : s["feats"].shape[0]] = 1.0
    out["token_mask"] = mask
    return out
