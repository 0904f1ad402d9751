"""The Object Transformer (Wu & Krähenbühl, CVPR 2021), small and export-friendly.

token = W_feat·z + W_spatial·s + E_time[t] + E_instance[id] + E_shot[shot] + b, where z is
the concatenation of the encoder features with their mask bits; [CLS] first; padding keys
are masked out of attention; 3 post-LN (BERT-style) layers written with plain ops so the
ONNX export has no fused kernels. Heads: masked-instance prediction (2-layer MLP over the
semantics vocabulary), span compatibility (projection used by InfoNCE), per-task linear.
"""
import math

import torch
from torch import nn
from torch.nn import functional as F

# BERT's initialiser range (HF BertConfig.initializer_range), as in the paper's code.
INIT_STD = 0.02
# Additive attention bias for padding keys (BERT's value); exp(-1e4) underflows to 0 in fp32.
MASK_BIAS = -10000.0


def _bert_init(module):
    """Normal(0, 0.02) weights, zero biases, unit LayerNorm — BERT's init (module.apply hook)."""
    if isinstance(module, (nn.Linear, nn.Embedding)):
        nn.init.normal_(module.weight, std=INIT_STD)
    if isinstance(module, nn.Linear) and module.bias is not None:
        nn.init.zeros_(module.bias)
    if isinstance(module, nn.LayerNorm):
        nn.init.ones_(module.weight)
        nn.init.zeros_(module.bias)


class SelfAttention(nn.Module):
    """Multi-head self-attention with an additive key-padding bias."""

    def __init__(self, hidden, heads, dropout):
        super().__init__()
        self.heads, self.head_dim = heads, hidden // heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.out = nn.Linear(hidden, hidden)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, bias):
        b, t, h = x.shape
        qkv = self.qkv(x).reshape(b, t, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim) + bias
        attn = self.drop(torch.softmax(scores, dim=-1))
        ctx = torch.matmul(attn, v).permute(0, 2, 1, 3).reshape(b, t, h)
        return self.out(ctx)


class Layer(nn.Module):
    """Post-LN transformer layer: attention → add & norm → GELU MLP → add & norm."""

    def __init__(self, cfg):
        super().__init__()
        self.attn = SelfAttention(cfg.hidden, cfg.heads, cfg.dropout)
        self.norm1 = nn.LayerNorm(cfg.hidden)
        self.ff1 = nn.Linear(cfg.hidden, cfg.ffn)
        self.ff2 = nn.Linear(cfg.ffn, cfg.hidden)
        self.norm2 = nn.LayerNorm(cfg.hidden)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x, bias):
        x = self.norm1(x + self.drop(self.attn(x, bias)))
        return self.norm2(x + self.drop(self.ff2(F.gelu(self.ff1(x)))))


class ObjectTransformer(nn.Module):
    """Encoder over instance tokens; see module docstring for the token equation."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        n_enc = len(cfg.encoders)
        self.feat_proj = nn.Linear(cfg.feat_dim + n_enc, cfg.hidden)  # W_feat (+ b)
        self.spatial_proj = nn.Linear(cfg.spatial_dim, cfg.hidden, bias=False)  # W_spatial
        self.time_emb = nn.Embedding(cfg.span_sec, cfg.hidden)
        self.instance_emb = nn.Embedding(cfg.max_instances, cfg.hidden)
        self.shot_emb = nn.Embedding(cfg.max_shots, cfg.hidden)
        self.cls = nn.Parameter(torch.zeros(cfg.hidden))
        self.mask_token = nn.Parameter(torch.zeros(cfg.feat_dim + n_enc))  # BERT [MASK] for z
        self.emb_norm = nn.LayerNorm(cfg.hidden)
        self.emb_drop = nn.Dropout(cfg.dropout)
        self.layers = nn.ModuleList([Layer(cfg) for _ in range(cfg.layers)])
        self.mip_head = nn.Sequential(nn.Linear(cfg.hidden, cfg.hidden), nn.GELU(), nn.LayerNorm(cfg.hidden), nn.Linear(cfg.hidden, cfg.vocab))
        self.compat_head = nn.Sequential(nn.Linear(cfg.hidden, cfg.hidden), nn.GELU(), nn.LayerNorm(cfg.hidden), nn.Linear(cfg.hidden, cfg.compat_dim))
        self.task_heads = nn.ModuleDict({k: nn.Linear(cfg.hidden, n) for k, n in cfg.task_heads.items()})
        self.apply(_bert_init)
        nn.init.normal_(self.cls, std=INIT_STD)
        nn.init.normal_(self.mask_token, std=INIT_STD)

    def embed(self, feats, feat_mask, spatial, time_idx, inst_idx, shot_idx, replace=None):
        """Token embeddings [B, T, H]; `replace` (bool [B, T]) swaps z for the [MASK] vector."""
        z = torch.cat([feats, feat_mask], -1)
        if replace is not None:
            z = torch.where(replace.unsqueeze(-1), self.mask_token.expand_as(z), z)
        return (self.feat_proj(z) + self.spatial_proj(spatial) + self.time_emb(time_idx.long())
                + self.instance_emb(inst_idx.long()) + self.shot_emb(shot_idx.long()))

    def encode(self, feats, feat_mask, spatial, time_idx, inst_idx, shot_idx, token_mask, replace=None):
        """Hidden states [B, 1 + T, H] ([CLS] first)."""
        tok = self.embed(feats, feat_mask, spatial, time_idx, inst_idx, shot_idx, replace)
        cls = self.cls.reshape(1, 1, -1).expand(tok.shape[0], 1, tok.shape[2])
        x = self.emb_drop(self.emb_norm(torch.cat([cls, tok], 1)))
        keys = torch.cat([torch.ones_like(token_mask[:, :1]), token_mask], 1)
        bias = ((1.0 - keys) * MASK_BIAS).unsqueeze(1).unsqueeze(1)
        for layer in self.layers:
            x = layer(x, bias)
        return x

    def forward(self, feats, feat_mask, spatial, time_idx, inst_idx, shot_idx, token_mask, replace=None):
        """Returns (cls [B,H], mip_logits [B,T,V], compat [B,D] L2-normalised)."""
        x = self.encode(feats, feat_mask, spatial, time_idx, inst_idx, shot_idx, token_mask, replace)
        cls = x[:, 0]
        compat = F.normalize(self.compat_head(cls), dim=-1)
        return cls, self.mip_head(x[:, 1:]), compat

    def task(self, name, cls):
        """Per-task linear head on [CLS]."""
        return self.task_heads[name](cls)


def count_parameters(model):
    """Trainable parameters (task heads included)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
