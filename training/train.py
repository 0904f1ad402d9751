"""Pre-trains the Object Transformer on lvu feature banks (self-supervised: masked-instance
prediction + span compatibility), seeded and CPU-only.

    apt-get install -y python3-torch python3-onnx     # Debian; no pip needed
    python3 training/train.py --banks lvu-out/ --out training/out/ot.pt         # real banks
    python3 training/train.py --synthetic 24 --out training/out/ot.pt           # before real banks exist

``--banks`` takes files or directories (searched for ``feature-bank.safetensors``); one
video in five is held out to report masked-instance accuracy against the class prior.
"""
import argparse
import hashlib
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lvu_ot import bank as bank_io  # noqa: E402
from lvu_ot import evaluate, pretrain, synthetic  # noqa: E402
from lvu_ot.config import ModelConfig  # noqa: E402


def find_banks(paths):
    """feature-bank.safetensors files under the given files/directories, sorted."""
    found = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, files in os.walk(p):
                found += [os.path.join(root, f) for f in files if f == "feature-bank.safetensors"]
        else:
            found.append(p)
    return sorted(found)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_data(args, cfg):
    """(banks, provenance list) from --banks files or --synthetic count."""
    if args.banks:
        files = find_banks(args.banks)
        if not files:
            sys.exit(f"train.py: no feature-bank.safetensors under {args.banks}")
        return [bank_io.load_bank(f) for f in files], [{"path": f, "sha256": sha256(f)} for f in files]
    banks = [synthetic.synthetic_bank(args.seed * 1000 + i, cfg.encoders) for i in range(args.synthetic)]
    return banks, [{"synthetic": f"lvu_ot.synthetic.synthetic_bank(seed={args.seed * 1000}+i), i < {args.synthetic}"}]


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--banks", nargs="*", help="feature-bank.safetensors files or dirs")
    p.add_argument("--synthetic", type=int, default=24, help="synthetic videos when no --banks")
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--videos", type=int, default=8, help="videos per batch (2 spans each)")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--config", help="JSON with ModelConfig overrides (e.g. smaller encoders for tests)")
    p.add_argument("--out", default="training/out/object-transformer.pt")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    overrides = json.load(open(args.config)) if args.config else {}
    cfg = ModelConfig.from_json({**ModelConfig().to_json(), **overrides})
    banks, sources = load_data(args, cfg)
    held = banks[::5] if len(banks) >= 5 else banks[-1:]
    train = [b for b in banks if all(b is not h for h in held)] or banks
    model, centres, history = pretrain.pretrain(train, cfg, args.steps, args.videos, args.lr, args.seed)
    report = evaluate.mip_vs_prior(model, train, held, cfg, centres, seed=args.seed + 1)
    print(f"held-out masked-instance accuracy {report['accuracy']:.3f} vs class-frequency prior {report['prior_accuracy']:.3f} ({report['targets']} targets)")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.save({
        "config": cfg.to_json(), "state_dict": model.state_dict(), "pose_centres": centres,
        "provenance": {"sources": sources, "seed": args.seed, "steps": args.steps, "videos_per_batch": args.videos, "lr": args.lr,
                       "torch": torch.__version__, "final_losses": history[-1], "held_out": report},
    }, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
