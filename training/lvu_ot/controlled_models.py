"""Training and scoring of the three models of the controlled test. Training draws fresh
examples every step (no fixed training set to memorise); the test set is fixed and seeded."""
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


def config(hidden=32, heads=4, layers=3):
    """Small config for the controlled test (one 8-d encoder)."""
    return ModelConfig(encoders=(("app", controlled.FEAT_DIM),), hidden=hidden, heads=heads, layers=layers, ffn=2 * hidden,
                       dropout=0.0, max_instances=controlled.MAX_IDS, max_shots=32, pose_clusters=0, task_heads={"label": 2})


def collate(examples, window):
    return spans.collate([controlled.crop(e, window) for e in examples])


def fit(model, window, steps, lr, seed, cued=1.0, size=32):
    """AdamW (constant rate) on cross-entropy over fresh batches; returns the model in eval mode."""
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    model.train()
    for _ in range(steps):
        ex, y = controlled.batch(g, size, cued)
        loss = F.cross_entropy(model(collate(ex, window)), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model.eval()


@torch.no_grad()
def accuracy(model, test, window):
    """Fraction of correct labels on a fixed test set."""
    ex, y = test
    hits = sum(int((model(collate(ex[i : i + 128], window)).argmax(-1) == y[i : i + 128]).sum()) for i in range(0, len(ex), 128))
    return hits / len(ex)


def run(steps=1200, n_test=512, lr=1e-3, seed=0, hidden=32, uniform=False, log=None):
    """Trains (a) the transformer, (b) mean-pool + linear, (c) the transformer on a single short
    span over the late shot, each for `steps` batches of fresh examples; returns test accuracies."""
    cued = 0.0 if uniform else 1.0
    test = controlled.batch(torch.Generator().manual_seed(10_000 + seed), n_test, cued)
    full, short = (0, controlled.SPAN_SEC), controlled.LATE_WINDOW
    out = {}
    for name, make, window in (("transformer", Transformer, full), ("mean_pool", MeanPool, full), ("single_span", Transformer, short)):
        torch.manual_seed(seed)
        out[name] = accuracy(fit(make(config(hidden)), window, steps, lr, seed, cued), test, window)
        if log:
            log(f"{name}: {out[name]:.3f}")
    return out
