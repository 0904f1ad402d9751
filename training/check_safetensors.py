"""Reads a safetensors file and prints a JSON summary: per tensor dtype, shape, sum and the
first values; plus the metadata. Used by the TypeScript tests to prove Python reads lvu's
files. Uses the ``safetensors`` package when installed, else the struct+json+torch reader.

    python3 training/check_safetensors.py FILE [--write OUT]
``--write OUT`` also writes a small reference file from Python for the reverse check.
"""
import json
import sys

import torch

from lvu_ot import safetensors_io


def summary(path):
    """Returns {reader, metadata, tensors: {name: {dtype, shape, sum, head}}}."""
    try:
        import safetensors  # type: ignore  # noqa: F401

        reader = "safetensors"
    except ImportError:
        reader = "struct+json+torch.frombuffer"
    tensors, metadata = safetensors_io.load(path)
    out = {}
    for name, t in tensors.items():
        flat = t.reshape(-1)
        out[name] = {
            "dtype": str(t.dtype).replace("torch.", ""),
            "shape": list(t.shape),
            "sum": float(flat.double().sum()) if flat.numel() else 0.0,
            "head": [float(x) if t.is_floating_point() else int(x) for x in flat[:8].tolist()],
        }
    return {"reader": reader, "metadata": metadata, "tensors": out}


def write_reference(path):
    """Writes one tensor of each dtype with known values."""
    tensors = {
        "f32": torch.tensor([[1.5, -2.25], [3.0, 1e-3]], dtype=torch.float32),
        "f16": torch.tensor([0.5, -1.0, 65504.0], dtype=torch.float16),
        "i32": torch.tensor([-7, 0, 2147483647], dtype=torch.int32),
        "i64": torch.tensor([-(2**40), 5], dtype=torch.int64),
        "u8": torch.tensor([0, 1, 255], dtype=torch.uint8),
    }
    safetensors_io.save(path, tensors, {"writer": "python"})


if __name__ == "__main__":
    if "--write" in sys.argv:
        write_reference(sys.argv[sys.argv.index("--write") + 1])
    print(json.dumps(summary(sys.argv[1])))
