"""Masked-instance targets: the short-term model's semantics of each token, as a
distribution over the vocabulary [object classes | pose clusters]. Objects: the detector's
class distribution (a `centernet-classes` encoder when the bank has one, else one-hot of the
class id); people with a pose: one-hot of their pose cluster."""
import torch

from . import pose_clusters
from .config import PERSON_CLASS

CLASS_DIST_ENCODER = "centernet-classes"


def row_targets(bank, rows, cfg, centres):
    """Target distributions [T, vocab] for bank rows."""
    n = rows.numel()
    out = torch.zeros(n, cfg.vocab)
    cls = bank["class_id"][rows].clamp(0, cfg.num_object_classes - 1)
    out[torch.arange(n), cls] = 1.0
    if CLASS_DIST_ENCODER in bank["encoders"]:
        f, m = bank["encoders"][CLASS_DIST_ENCODER]
        dist, ok = f[rows][:, : cfg.num_object_classes].clamp_min(0), m[rows]
        ok = ok & (dist.sum(1) > 0)
        out[ok, : cfg.num_object_classes] = dist[ok] / dist[ok].sum(1, keepdim=True)
    if "movenet-pose" in bank["encoders"] and cfg.pose_clusters > 0:
        f, m = bank["encoders"]["movenet-pose"]
        person = (bank["class_id"][rows] == PERSON_CLASS) & m[rows]
        if person.any():
            ids = pose_clusters.assign(f[rows][person], centres)
            out[person] = 0.0
            out[person.nonzero().reshape(-1), cfg.num_object_classes + ids] = 1.0
    return out
