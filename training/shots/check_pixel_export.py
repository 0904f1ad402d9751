"""Prints the PyTorch pixel model's probabilities for windows of frames (the ONNX export check).

    /usr/bin/python3 training/shots/check_pixel_export.py <weights.json> <windows.u8> <count>

`windows.u8` holds `count` windows of 16 rgb24 64×36 frames, raw bytes. Rebuilds the model from
the shipped weights JSON (train_pixel_model.model_from_weights) and prints a JSON list of
P(cut) per window; test/shots/pixel-model.test.ts compares them with the ONNX file run through
models/runtime.ts.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_pixel_model import H, T, W, model_from_weights  # noqa: E402

torch.set_num_threads(1)
weights = json.load(open(sys.argv[1]))
count = int(sys.argv[3])
x = np.fromfile(sys.argv[2], dtype=np.uint8).reshape(count, T, H, W, 3).astype(np.float32)
with torch.no_grad():
    p = model_from_weights(weights)(torch.from_numpy(x))
print(json.dumps([float(v) for v in p]))
