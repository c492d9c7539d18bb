#!/usr/bin/env python3
"""How honest the analysts' estimate is (docs/balance/README.md, round thirty-one).

Plays seeds 1..SEEDS of every level under each built-in line with `peninsula play`, reads the
consensus estimate after every turn from the transcript's `Estimate` lines, and prints, per
level and line: the Brier score a turn, and for each hidden type the share of its games that end
with the estimate 80% or more sure of a wrong type ("wrong80") or of the right one ("right80");
then the Brier score over everything and the estimate's calibration (what it said, in bins of
10%, against how often it was the true type).

Usage: python3 docs/balance/estimate_check.py path/to/peninsula SEEDS [LEVEL,...] [LINE,...]
"""
import collections
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY, SEEDS = sys.argv[1], int(sys.argv[2])
LEVELS = sys.argv[3].split(",") if len(sys.argv) > 3 else [
    "2013_third_test", "2017_fire_and_fury", "2018_the_thaw", "2022_seventh_test", "sandbox"]
LINES = sys.argv[4].split(",") if len(sys.argv) > 4 else [
    "hawk", "dove", "beijing", "balanced", "deterrence", "adaptive"]
TYPES = ["security seeker", "builder", "opportunist"]

bins = collections.defaultdict(lambda: [0, 0.0, 0.0])  # predictions, true, predicted sum
all_brier, all_turns = 0.0, 0
for level in LEVELS:
    for line in LINES:
        games, wrong, right = collections.Counter(), collections.Counter(), collections.Counter()
        brier, turns = 0.0, 0
        for seed in range(1, SEEDS + 1):
            out = subprocess.run(
                [BINARY, "--data", ROOT, "play", "--level", level, "--moves", line,
                 "--seed", str(seed)], capture_output=True, text=True, check=True).stdout
            found = re.search(r"hidden disposition: (\w[\w ]*)", out)
            if not found:
                continue
            truth = found.group(1).strip().lower()
            games[truth] += 1
            last = None
            for said in re.findall(r"Estimate:\s+(.*?) —", out):
                estimate = {k.strip(): int(v) / 100 for k, v in re.findall(r"([a-z ]+?) (\d+)%", said)}
                for t in TYPES:
                    p, y = estimate.get(t, 0.0), float(t == truth)
                    brier += (p - y) ** 2
                    b = bins[min(int(p * 10), 9)]
                    b[0] += 1
                    b[1] += y
                    b[2] += p
                turns += 1
                last = estimate
            if last:
                top = max(last, key=last.get)
                wrong[truth] += top != truth and last[top] >= 0.8
                right[truth] += top == truth and last[top] >= 0.8
        all_brier += brier
        all_turns += turns
        cells = "  ".join(
            f"{t[:8]}: wrong80 {100 * wrong[t] / games[t]:3.0f}% right80 "
            f"{100 * right[t] / games[t]:3.0f}% (n={games[t]})" for t in TYPES if games[t])
        print(f"{level[:4]} {line:10s} brier/turn {brier / max(turns, 1):.3f}  {cells}", flush=True)
print(f"overall brier/turn {all_brier / max(all_turns, 1):.3f}")
print("calibration: bin  n  predicted  actual")
for b in sorted(bins):
    n, y, p = bins[b]
    print(f"  {b * 10:2d}-{b * 10 + 10:3d}%  {n:6d}  {100 * p / n:5.1f}  {100 * y / n:5.1f}")
