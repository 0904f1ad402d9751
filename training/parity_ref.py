"""Reference outputs for the ORT-vs-PyTorch parity test: reads a feature bank, builds the
spans exactly as the TypeScript stage does (deterministic instance ids), runs the
checkpoint in PyTorch and writes inputs and outputs to a safetensors file.

    python3 training/parity_ref.py --ckpt OT.pt --bank feature-bank.safetensors --out ref.safetensors
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lvu_ot import bank as bank_io  # noqa: E402
from lvu_ot import safetensors_io, spans  # noqa: E402
from lvu_ot.model import ObjectTransformer  # noqa: E402
from lvu_ot.config import ModelConfig  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ckpt", required=True)
    p.add_argument("--bank", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    torch.set_num_threads(1)
    ckpt = torch.load(a.ckpt, map_location="cpu")
    cfg = ModelConfig.from_json(ckpt["config"])
    model = ObjectTransformer(cfg)
    model.load_state_dict(ckpt["state_dict"])
    model.eval()
    bank = bank_io.load_bank(a.bank)
    starts = spans.span_starts(bank["count"], cfg.span_sec, cfg.stride_sec)
    items = [spans.build_span(bank, s, cfg) for s in starts]
    batch = spans.collate(items)
    with torch.no_grad():
        cls, mip, compat = model(batch["feats"], batch["feat_mask"], batch["spatial"], batch["time_idx"], batch["inst_idx"], batch["shot_idx"], batch["token_mask"])
    out = {k: v.contiguous() for k, v in batch.items()}
    out.update({"cls": cls, "mip_logits": mip, "compat": compat, "starts": torch.tensor(starts, dtype=torch.int32),
                "tokens": torch.tensor([int(s["rows"].numel()) for s in items], dtype=torch.int32)})
    safetensors_io.save(a.out, out, {"torch": torch.__version__})
    print(f"wrote {a.out}: {len(starts)} spans, up to {batch['feats'].shape[1]} tokens")


if __name__ == "__main__":
    main()
