"""safetensors read/write with the standard library and torch only.

Uses the ``safetensors`` package when it is installed; otherwise parses the format by hand:
8-byte little-endian header length, JSON header (dtype, shape, data_offsets, __metadata__),
then contiguous little-endian tensor bytes.
"""
import json
import struct

import torch

_DTYPES = {
    "F32": (torch.float32, 4),
    "F16": (torch.float16, 2),
    "I32": (torch.int32, 4),
    "I64": (torch.int64, 8),
    "U8": (torch.uint8, 1),
}
_NAMES = {v[0]: k for k, v in _DTYPES.items()}


def read_bytes(data):
    """Parses safetensors bytes into ({name: tensor}, metadata) without the safetensors package."""
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        raise ValueError(f"header length {n} exceeds file size {len(data)}")
    header = json.loads(data[8 : 8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    start = 8 + n
    tensors = {}
    for name, e in header.items():
        dtype, size = _DTYPES[e["dtype"]]
        a, b = e["data_offsets"]
        count = 1
        for d in e["shape"]:
            count *= d
        if b - a != count * size:
            raise ValueError(f"{name}: offsets span {b - a} bytes, need {count * size}")
        raw = bytearray(data[start + a : start + b])  # own, writable, aligned copy
        t = torch.frombuffer(raw, dtype=dtype) if count else torch.empty(0, dtype=dtype)
        tensors[name] = t.reshape(e["shape"]).clone()
    return tensors, metadata


def load(path):
    """Reads a safetensors file into ({name: tensor}, metadata)."""
    try:
        from safetensors.torch import load_file  # type: ignore
        from safetensors import safe_open  # type: ignore

        with safe_open(path, framework="pt") as f:
            metadata = f.metadata() or {}
        return load_file(path), metadata
    except ImportError:
        with open(path, "rb") as f:
            return read_bytes(f.read())


def dumps(tensors, metadata=None):
    """Serialises {name: tensor} (+ string metadata) to safetensors bytes, layout as the reference writer."""
    order = sorted(tensors, key=lambda k: (-_DTYPES[_NAMES[tensors[k].dtype]][1], k))
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name in order:
        t = tensors[name].contiguous()
        raw = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": _NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    js = json.dumps(header, separators=(",", ":")).encode("utf-8")
    js += b" " * ((8 - len(js) % 8) % 8)
    return struct.pack("<Q", len(js)) + js + b"".join(blobs)


def save(path, tensors, metadata=None):
    """Writes {name: tensor} to a safetensors file."""
    with open(path, "wb") as f:
        f.write(dumps(tensors, metadata))
