#!/usr/bin/env python3
"""Every line against every level: can a fixed line beat the game? (README, "The model").

Runs `peninsula sim` for the built-in policies, the lists players might try (tests/policies/)
and the routines and readers in this folder, on every level, and prints, per level, the lines
that do best against their worst hidden type and the best any line does against each type. With
a third argument it also writes every figure as a table (tab-separated: line, level, win rate,
then the win rate against a security seeker, a builder and an opportunist, all in %).

Usage: python3 docs/balance/evaluate_all.py path/to/peninsula RUNS [OUT.tsv]
       (README's table: RUNS = 2000; about five minutes in release on two cores)
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY, RUNS = sys.argv[1], int(sys.argv[2])
OUT = sys.argv[3] if len(sys.argv) > 3 else None
LEVELS = ["2013_third_test", "2017_fire_and_fury", "2018_the_thaw", "2022_seventh_test", "sandbox"]
BUILT_IN = ["hawk", "dove", "beijing", "balanced", "deterrence", "adaptive", "historical", "random"]
TYPES = ["security_seeker", "builder", "opportunist"]


def files(folder):
    path = os.path.join(ROOT, folder)
    return sorted(os.path.join(path, f) for f in os.listdir(path) if f.endswith(".ron"))


lines = BUILT_IN + files("tests/policies") + files("docs/balance")
rows = []
for level in LEVELS:
    for line in lines:
        out = subprocess.run(
            [BINARY, "sim", "--level", level, "--policy", line, "--runs", str(RUNS),
             "--seed", "1", "--json"],
            cwd=ROOT, capture_output=True, text=True, check=True).stdout
        d = json.loads(out)
        by = d["by_disposition"]
        rates = [100 * by.get(t, {}).get("win_rate", 0.0) for t in TYPES]
        name = os.path.basename(line).removesuffix(".ron")
        rows.append((name, level, 100 * d["win_rate"], *rates))

if OUT:
    with open(OUT, "w") as f:
        for r in rows:
            f.write("%s\t%s\t%.1f\t%.1f\t%.1f\t%.1f\n" % r)

print("%d lines x %d levels, %d games each, seed 1; win %% (security seeker / builder / opportunist)"
      % (len(lines), len(LEVELS), RUNS))
for level in LEVELS:
    mine = [r for r in rows if r[1] == level]
    print(level)
    for r in sorted(mine, key=lambda r: -min(r[3:]))[:3]:
        print("  worst type %5.1f  %-34s %5.1f (%5.1f / %5.1f / %5.1f)"
              % (min(r[3:]), r[0], r[2], r[3], r[4], r[5]))
    for k, t in enumerate(TYPES):
        best = max(mine, key=lambda r: r[3 + k])
        print("  best, %-16s %5.1f  %s" % (t.replace("_", " ") + ":", best[3 + k], best[0]))
