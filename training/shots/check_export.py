"""Prints the PyTorch cut model's probabilities for rows of features (the ONNX export check).

    /usr/bin/python3 training/shots/check_export.py <weights.json> <rows.json>

Rebuilds the model from the shipped weights JSON (train_cut_model.model_from_weights) and
prints a JSON list of P(cut), one per row; test/shots/cut-model.test.ts compares them with
the ONNX file run through models/runtime.ts.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_cut_model import model_from_weights  # noqa: E402

torch.set_num_threads(1)
weights = json.load(open(sys.argv[1]))
rows = json.load(open(sys.argv[2]))
with torch.no_grad():
    p = model_from_weights(weights)(torch.tensor(rows, dtype=torch.float32))[:, 0]
print(json.dumps([float(v) for v in p]))
