"""Training and scoring of the three models of the controlled test."""
import torch
from torch import nn
from torch.nn import functional as F

from . import controlled, spans
from .config import ModelConfig
from .model import ObjectTransformer


class MeanPool(nn.Module):
    """Baseline: the same token embedding, mean-pooled over real tokens, then linear."""

    def __init__(self, cfg):
        super().__init__()
        self.tokens = ObjectTransformer(cfg)
        self.head = nn.Linear(cfg.hidden, 2)

    def forward(self, b):
        e = self.tokens.emb_norm(self.tokens.embed(b["feats"], b["feat_mask"], b["spatial"], b["time_idx"], b["inst_idx"], b["shot_idx"]))
        m = b["token_mask"].unsqueeze(-1)
        return self.head((e * m).sum(1) / m.sum(1).clamp_min(1))


class Transformer(nn.Module):
    """The Object Transformer with a 2-way linear task head on [CLS]."""

    def __init__(self, cfg):
        super().__init__()
        self.model = ObjectTransformer(cfg)

    def forward(self, b):
        cls, _, _ = self.model(b["feats"], b["feat_mask"], b["spatial"], b["time_idx"], b["inst_idx"], b["shot_idx"], b["token_mask"])
        return self.model.task("label", cls)


def config(hidden=32, heads=2, layers=3):
    """Small config for the controlled test (one 8-d encoder)."""
    return ModelConfig(encoders=(("app", controlled.FEAT_DIM),), hidden=hidden, heads=heads, layers=layers, ffn=2 * hidden,
                       dropout=0.0, max_instances=64, max_shots=32, pose_clusters=0, task_heads={"label": 2})


def batches(examples, labels, window, size, g):
    """Shuffled mini-batches of collated span tensors."""
    order = torch.randperm(len(examples), generator=g).tolist()
    for i in range(0, len(order), size):
        idx = order[i : i + size]
        yield spans.collate([controlled.to_tensors(examples[k], window) for k in idx]), labels[idx]


def fit(model, data, window, epochs, lr, seed, size=32):
    """Adam on cross-entropy; returns the model in eval mode."""
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    total = epochs * ((len(data[0]) + size - 1) // size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=total, pct_start=0.15)
    for _ in range(epochs):
        model.train()
        for b, y in batches(data[0], data[1], window, size, g):
            loss = F.cross_entropy(model(b), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    return model.eval()


@torch.no_grad()
def accuracy(model, data, window):
    """Fraction of correct labels."""
    g = torch.Generator().manual_seed(0)
    hits = sum(int((model(b).argmax(-1) == y).sum()) for b, y in batches(data[0], data[1], window, 128, g))
    return hits / len(data[0])


def run(n_train=1024, n_test=512, epochs=30, lr=3e-3, seed=0, hidden=32):
    """Trains (a) the transformer, (b) mean-pool + linear, (c) the transformer on a single short
    span; returns test accuracies."""
    torch.manual_seed(seed)
    train, test = controlled.dataset(n_train, seed), controlled.dataset(n_test, seed + 1)
    full, short = (0, controlled.SPAN_SEC), controlled.LATE_WINDOW
    out = {}
    for name, make, window in (("transformer", Transformer, full), ("mean_pool", MeanPool, full), ("single_span", Transformer, short)):
        torch.manual_seed(seed)
        model = fit(make(config(hidden)), train, window, epochs, lr, seed)
        out[name] = accuracy(model, test, window)
    return out
