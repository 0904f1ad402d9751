"""Runs the controlled test and prints accuracies as JSON.

    python3 training/controlled_test.py [--train 1024] [--test 512] [--epochs 30] [--seed 0]
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lvu_ot import controlled_models  # noqa: E402

if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--train", type=int, default=1024)
    p.add_argument("--test", type=int, default=512)
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--hidden", type=int, default=32)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    t0 = time.time()
    acc = controlled_models.run(a.train, a.test, a.epochs, a.lr, a.seed, a.hidden)
    print(json.dumps({"accuracy": acc, "chance": 0.5, "seconds": round(time.time() - t0, 1), "args": vars(a)}))
