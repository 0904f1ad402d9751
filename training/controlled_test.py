"""Runs the controlled test (thesis Table 8.2b in miniature) and prints accuracies as JSON:
(a) Object Transformer over the 60-s span, (b) mean-pooled tokens + linear, (c) the
transformer on a single short span (the late shots only). Seeded; CPU; one thread.

    python3 training/controlled_test.py [--steps 1200] [--test 512] [--seed 0]
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
    p.add_argument("--steps", type=int, default=1200)
    p.add_argument("--test", type=int, default=512)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--hidden", type=int, default=32)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--uniform", action="store_true", help="box layout without per-token cue (see lvu_ot/controlled.py)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    t0 = time.time()
    acc = controlled_models.run(a.steps, a.test, a.lr, a.seed, a.hidden, a.uniform, log=lambda s: print(s, file=sys.stderr, flush=True))
    print(json.dumps({"accuracy": acc, "chance": 0.5, "seconds": round(time.time() - t0, 1), "args": vars(a)}))
