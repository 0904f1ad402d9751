"""Held-out evaluation of masked-instance prediction against the class-frequency prior."""
import torch

from . import losses, pretrain, spans, targets


@torch.no_grad()
def mip_vs_prior(model, train_banks, test_banks, cfg, centres, seed=1, batches=20, videos=4):
    """Top-1 accuracy of masked-instance prediction on held-out banks vs always predicting
    the most frequent target of the training banks (the prior). Returns a dict."""
    counts = torch.zeros(cfg.vocab)
    for b in train_banks:
        rows = torch.arange(b["second"].numel())
        counts += targets.row_targets(b, rows, cfg, centres).sum(0)
    prior = int(counts.argmax())
    g = torch.Generator().manual_seed(seed)
    hit = hit_prior = total = 0
    model.eval()
    for _ in range(batches):
        batch = pretrain.make_batch(test_banks, cfg, centres, g, max(1, min(videos, len(test_banks))))
        feats, fmask, replace, tgt = losses.bert_masking(batch, g)
        _, logits, _ = model(feats, fmask, batch["spatial"], batch["time_idx"], batch["inst_idx"], batch["shot_idx"], batch["token_mask"], replace)
        truth = batch["target_dist"][tgt].argmax(-1)
        hit += int((logits[tgt].argmax(-1) == truth).sum())
        hit_prior += int((truth == prior).sum())
        total += int(tgt.sum())
    return {"accuracy": hit / max(1, total), "prior_accuracy": hit_prior / max(1, total), "targets": total}
