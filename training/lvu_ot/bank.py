"""Feature banks in Python: read lvu's ``feature-bank.safetensors`` into a plain dict.

A bank dict has numpy-free torch tensors:
``second`` [N] int64, ``box`` [N,4] float32, ``class_id``, ``track_id``, ``identity_id``,
``shot_id`` [N] int64, ``score`` [N] float32, ``encoders`` {name: (features [N,dim] float32,
mask [N] bool)}, ``index`` (the JSON index) and ``video_id``.
"""
import json

import torch

from . import safetensors_io

INDEX_KEY = "lvu.index"


def from_tensors(tensors, metadata):
    """Builds a bank dict from safetensors tensors + metadata (checks the index is there)."""
    if INDEX_KEY not in metadata:
        raise ValueError("not an lvu feature bank: no 'lvu.index' metadata")
    index = json.loads(metadata[INDEX_KEY])
    encoders = {}
    for spec in index["encoders"]:
        name = spec["name"]
        feats = tensors[f"instances.{name}.features"].float()
        mask = tensors[f"instances.{name}.mask"].bool()
        encoders[name] = (feats, mask)
    return {
        "video_id": index["videoId"],
        "index": index,
        "count": int(index["grid"]["count"]),
        "second": tensors["instances.second"].long(),
        "box": tensors["instances.box"].float(),
        "class_id": tensors["instances.class_id"].long(),
        "track_id": tensors["instances.track_id"].long(),
        "identity_id": tensors["instances.identity_id"].long(),
        "shot_id": tensors["instances.shot_id"].long(),
        "score": tensors["instances.score"].float(),
        "encoders": encoders,
    }


def load_bank(path):
    """Reads one ``feature-bank.safetensors``."""
    tensors, metadata = safetensors_io.load(path)
    return from_tensors(tensors, metadata)


def num_rows(bank):
    """Instance-second rows in the bank."""
    return int(bank["second"].shape[0])
