#!/usr/bin/env python3
"""Agreement of two account-pair lists (unordered pairs, first two CSV columns, header row
skipped): prints `lockstep_pairs toolkit_pairs both jaccard` for one signal.
Usage: pairs.py lockstep_pairs.csv toolkit_edges.csv
"""
import csv
import sys


def pairs(path):
    out = set()
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows, None)
        for r in rows:
            if len(r) >= 2 and r[0] != r[1]:
                out.add((min(r[0], r[1]), max(r[0], r[1])))
    return out


a, b = pairs(sys.argv[1]), pairs(sys.argv[2])
both = len(a & b)
union = len(a | b)
print(f"{len(a)} {len(b)} {both} {both / union if union else 1.0:.4f}")
