"""Pre-training losses: BERT-style masking, masked-instance prediction, span compatibility."""
import torch
from torch.nn import functional as F

MASK_RATE = 0.15  # BERT: 15 % of tokens are prediction targets
# Of the targets: 80 % [MASK], 10 % a random other token's z, 10 % unchanged (BERT).
P_MASK, P_RANDOM = 0.8, 0.1


def bert_masking(batch, generator):
    """Chooses targets among real tokens and corrupts z in place of a copy.

    Returns (feats, feat_mask, replace, targets): `replace` marks [MASK] tokens (the model
    substitutes its learned vector), random-replaced tokens get another token's z.
    """
    real = batch["token_mask"] > 0
    u = torch.rand(real.shape, generator=generator)
    targets = real & (u < MASK_RATE)
    if not targets.any() and real.any():  # at least one target per batch (none when no real token)
        first = real.nonzero()[0]
        targets[first[0], first[1]] = True
    v = torch.rand(real.shape, generator=generator)
    replace = targets & (v < P_MASK)
    randomise = targets & (v >= P_MASK) & (v < P_MASK + P_RANDOM)
    feats, fmask = batch["feats"].clone(), batch["feat_mask"].clone()
    pool = real.nonzero()
    if randomise.any():
        pick = pool[torch.randint(pool.shape[0], (int(randomise.sum()),), generator=generator)]
        feats[randomise] = batch["feats"][pick[:, 0], pick[:, 1]]
        fmask[randomise] = batch["feat_mask"][pick[:, 0], pick[:, 1]]
    return feats, fmask, replace, targets


def masked_instance_loss(logits, target_dist, targets):
    """Soft cross-entropy over the target tokens (0 when there are none)."""
    if not targets.any():
        return logits.sum() * 0.0
    logp = F.log_softmax(logits[targets], -1)
    return -(target_dist[targets] * logp).sum(-1).mean()


def info_nce(compat, temperature):
    """InfoNCE over 2N span embeddings where rows i and i+N come from the same video.

    As in the paper's same-movie loss, each span's positive is its pair and the negatives
    are all other spans in the batch; embeddings are L2-normalised by the model.
    """
    n2 = compat.shape[0]
    n = n2 // 2
    sim = compat @ compat.t() / temperature
    sim = sim.masked_fill(torch.eye(n2, dtype=torch.bool), float("-inf"))
    pos = torch.cat([torch.arange(n, n2), torch.arange(0, n)])
    return F.cross_entropy(sim, pos)
