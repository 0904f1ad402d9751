"""Pose clusters: the masked-instance target for people (the short-term model's semantics
of a person is its body configuration). k-means (k-means++ seeding, seeded) over
normalised MoveNet keypoints: 17 × (x, y) relative to the box, centred on the confidence-
weighted keypoint mean and scaled to unit RMS radius, low-confidence joints (< 0.2) replaced
by that mean so they do not pull the clusters."""
import torch

MIN_CONFIDENCE = 0.2  # MoveNet's usual keypoint threshold


def normalise(pose):
    """[N, 51] box-normalised (x, y, conf) → [N, 34] translation/scale-invariant vectors."""
    p = pose.reshape(-1, 17, 3)
    xy, conf = p[..., :2], p[..., 2:]
    w = (conf >= MIN_CONFIDENCE).float() * conf
    centre = (xy * w).sum(1, keepdim=True) / w.sum(1, keepdim=True).clamp_min(1e-6)
    xy = torch.where(w > 0, xy, centre) - centre
    scale = xy.pow(2).sum(-1).mean(1, keepdim=True).sqrt().unsqueeze(-1).clamp_min(1e-6)
    return (xy / scale).reshape(-1, 34)


def kmeans(x, k, seed=0, iters=25):
    """Lloyd's k-means with k-means++ seeding; returns centres [k, D]. Deterministic for a seed."""
    g = torch.Generator().manual_seed(seed)
    n = x.shape[0]
    if n == 0:
        return torch.zeros(k, x.shape[1])
    centres = [x[torch.randint(n, (1,), generator=g)].reshape(-1)]
    for _ in range(1, k):
        d = torch.cdist(x, torch.stack(centres)).min(1).values.pow(2)
        probs = d / d.sum() if d.sum() > 0 else torch.full((n,), 1.0 / n)
        centres.append(x[torch.multinomial(probs, 1, generator=g)].reshape(-1))
    c = torch.stack(centres)
    for _ in range(iters):
        assign = torch.cdist(x, c).argmin(1)
        for j in range(k):
            members = x[assign == j]
            if members.shape[0] > 0:
                c[j] = members.mean(0)
    return c


def assign(pose, centres):
    """Cluster id per pose row [N]."""
    return torch.cdist(normalise(pose), centres).argmin(1)


def fit(banks, k, seed=0, max_rows=20000):
    """Fits k pose clusters on the people rows with a pose feature across banks."""
    rows = []
    for b in banks:
        if "movenet-pose" not in b["encoders"]:
            continue
        f, m = b["encoders"]["movenet-pose"]
        rows.append(f[m])
    if not rows:
        return torch.zeros(k, 34)
    x = normalise(torch.cat(rows))
    if x.shape[0] > max_rows:
        x = x[torch.randperm(x.shape[0], generator=torch.Generator().manual_seed(seed))[:max_rows]]
    return kmeans(x, k, seed)
