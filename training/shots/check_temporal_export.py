"""Prints the PyTorch temporal model's probabilities for windows of features (the ONNX export check).

    /usr/bin/python3 training/shots/check_temporal_export.py <weights.json> <windows.json>

Rebuilds the model from the shipped weights JSON (train_temporal_model.model_from_weights)
and prints a JSON list of [P(cut), P(gradual)] per window; test/shots/temporal-model.test.ts
compares them with the ONNX file run through models/runtime.ts.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_temporal_model import model_from_weights  # noqa: E402

torch.set_num_threads(1)
weights = json.load(open(sys.argv[1]))
windows = json.load(open(sys.argv[2]))
with torch.no_grad():
    p = model_from_weights(weights)(torch.tensor(windows, dtype=torch.float32))
print(json.dumps([[float(a), float(b)] for a, b in p]))
