"""Self-supervised pre-training: masked-instance prediction + span compatibility."""
import random
import time

import torch

from . import losses, pose_clusters, spans, targets
from .model import ObjectTransformer


def seed_everything(seed):
    """Seeds Python and torch; single-threaded CPU keeps results reproducible."""
    random.seed(seed)
    torch.manual_seed(seed)


def random_span(bank, cfg, g, crop_min=0):
    """One span at a random start with random instance ids (the paper's id shuffling).

    With ``crop_min`` > 0 the window is a random crop of ``crop_min``..``span_sec`` seconds
    (never longer than the video), so two spans of a video shorter than a span still differ
    (InfoNCE positives are then two views of the video, not the same tokens twice)."""
    length = cfg.span_sec
    if crop_min > 0:
        hi = max(1, min(cfg.span_sec, bank["count"]))
        lo = min(crop_min, hi)
        length = int(torch.randint(lo, hi + 1, (1,), generator=g))
    last = max(0, bank["count"] - length)
    start = int(torch.randint(0, last + 1, (1,), generator=g))
    return spans.build_span(bank, start, cfg, generator=g, length=length)


def make_batch(banks, cfg, centres, g, videos, crop_min=0):
    """2·videos spans: span i and i+videos come from the same video (InfoNCE positives)."""
    pick = torch.randperm(len(banks), generator=g)[:videos].tolist()
    items = [(banks[i], random_span(banks[i], cfg, g, crop_min)) for i in pick] + [(banks[i], random_span(banks[i], cfg, g, crop_min)) for i in pick]
    batch = spans.collate([s for _, s in items])
    dist = torch.zeros(batch["feats"].shape[0], batch["feats"].shape[1], cfg.vocab)
    for k, (b, s) in enumerate(items):
        dist[k, : s["rows"].numel()] = targets.row_targets(b, s["rows"], cfg, centres)
    batch["target_dist"] = dist
    return batch


def step_loss(model, batch, g, cfg, weights):
    """Total loss and its parts for one batch."""
    feats, fmask, replace, tgt = losses.bert_masking(batch, g)
    _, logits, compat = model(feats, fmask, batch["spatial"], batch["time_idx"], batch["inst_idx"], batch["shot_idx"], batch["token_mask"], replace)
    mip = losses.masked_instance_loss(logits, batch["target_dist"], tgt)
    nce = losses.info_nce(compat, cfg.compat_temperature)
    return weights[0] * mip + weights[1] * nce, float(mip), float(nce)


def pretrain(banks, cfg, steps=300, videos=8, lr=1e-3, seed=0, weights=(1.0, 1.0), log=print, crop_min=0):
    """Fits pose clusters, then trains; returns (model, centres, history)."""
    seed_everything(seed)
    g = torch.Generator().manual_seed(seed)
    centres = pose_clusters.fit(banks, cfg.pose_clusters, seed)
    model = ObjectTransformer(cfg)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    history, t0 = [], time.time()
    videos = max(2, min(videos, len(banks)))
    for step in range(steps):
        model.train()
        loss, mip, nce = step_loss(model, make_batch(banks, cfg, centres, g, videos, crop_min), g, cfg, weights)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        history.append((mip, nce))
        if step % 50 == 0 or step == steps - 1:
            log(f"step {step:4d}  mip {mip:.3f}  nce {nce:.3f}  ({time.time() - t0:.0f}s)")
    model.eval()
    return model, centres, history
