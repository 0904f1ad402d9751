"""Held-out evaluation of masked-instance prediction against the class-frequency prior."""
import torch

from . import losses, pretrain, spans, targets

MASK_RATE = losses.MASK_RATE  # 15 % of real tokens are targets, as in training


def target_prior(banks, cfg, centres):
    """Index of the most frequent masked-instance target over the banks (the prior's guess)."""
    counts = torch.zeros(cfg.vocab)
    for b in banks:
        rows = torch.arange(b["second"].numel())
        counts += targets.row_targets(b, rows, cfg, centres).sum(0)
    return int(counts.argmax())


@torch.no_grad()
def mip_vs_prior(model, train_banks, test_banks, cfg, centres, seed=1, batches=20, videos=4):
    """Top-1 accuracy of masked-instance prediction on held-out banks vs always predicting
    the most frequent target of the training banks (the prior), on random training-style
    batches (BERT 80/10/10 corruption). Returns a dict."""
    prior = target_prior(train_banks, cfg, centres)
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


def nearest_visible_same_instance(inst, time, target):
    """For each target token (in order): the index of the nearest-in-time non-target token
    of the same instance in the span, or -1 when the instance has no other token."""
    visible = (~target).nonzero().reshape(-1)
    out = []
    for t in target.nonzero().reshape(-1).tolist():
        same = visible[inst[visible] == inst[t]]
        out.append(int(same[(time[same] - time[t]).abs().argmin()]) if same.numel() else -1)
    return torch.tensor(out, dtype=torch.long)


@torch.no_grad()
def mip_report(model, train_banks, test_banks, cfg, centres, seed=1, repeats=10):
    """Masked-instance accuracy on every span of every held-out bank, as the stage tokenises
    them (first-appearance instance ids), ``repeats`` random maskings each; every target is
    replaced by [MASK] (no 10 % unchanged / random tokens, which would leak the answer).

    Baselines on the same targets: the class-frequency prior (most frequent target of the
    training banks) and copying the nearest unmasked token of the same instance. Returns a
    dict with overall and per-kind (object class / pose cluster) accuracies."""
    prior = target_prior(train_banks, cfg, centres)
    g = torch.Generator().manual_seed(seed)
    tally = {k: [0, 0, 0, 0] for k in ("all", "object", "pose")}  # targets, model, prior, copy
    model.eval()
    for bank in test_banks:
        for start in spans.span_starts(bank["count"], cfg.span_sec, cfg.stride_sec):
            span = spans.build_span(bank, start, cfg)
            n = int(span["rows"].numel())
            if n == 0:
                continue
            batch = spans.collate([span])
            truth_all = targets.row_targets(bank, span["rows"], cfg, centres).argmax(-1)
            for _ in range(repeats):
                tgt = torch.rand(n, generator=g) < MASK_RATE
                if not tgt.any():
                    tgt[int(torch.randint(n, (1,), generator=g))] = True
                _, logits, _ = model(batch["feats"], batch["feat_mask"], batch["spatial"], batch["time_idx"], batch["inst_idx"],
                                     batch["shot_idx"], batch["token_mask"], tgt.unsqueeze(0))
                truth = truth_all[tgt]
                pred = logits[0, tgt].argmax(-1)
                copy_rows = nearest_visible_same_instance(span["inst_idx"], span["time_idx"], tgt)
                copy = torch.where(copy_rows >= 0, truth_all[copy_rows.clamp_min(0)], torch.full_like(truth, prior))
                pose = truth >= cfg.num_object_classes
                for kind, sel in (("all", torch.ones_like(pose)), ("object", ~pose), ("pose", pose)):
                    t = tally[kind]
                    t[0] += int(sel.sum())
                    t[1] += int((pred == truth)[sel].sum())
                    t[2] += int((truth == prior)[sel].sum())
                    t[3] += int((copy == truth)[sel].sum())
    rate = lambda a, b: a / b if b else None  # noqa: E731
    report = {"protocol": f"every span of the held-out banks, {repeats} maskings of {MASK_RATE:.0%} of tokens, all [MASK]", "prior_target": prior}
    for kind, (n, hit, hit_prior, hit_copy) in tally.items():
        key = "" if kind == "all" else f"{kind}_"
        report.update({f"{key}targets": n, f"{key}accuracy": rate(hit, n), f"{key}prior_accuracy": rate(hit_prior, n), f"{key}copy_accuracy": rate(hit_copy, n)})
    return report
