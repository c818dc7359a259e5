#!/usr/bin/env python3
"""Agreement of account-pair lists for one signal (unordered pairs, first two CSV columns,
header row skipped). Prints: reference pairs, toolkit pairs, lockstep pairs, the share of the
reference each tool finds, and the Jaccard index of the two tools' pair sets.
Usage: pairs.py reference.csv toolkit_edges.csv lockstep_pairs.csv
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


ref, cnt, ls = (pairs(p) for p in sys.argv[1:4])
share = lambda s: len(s & ref) / len(ref) if ref else 1.0
union = len(cnt | ls)
jac = len(cnt & ls) / union if union else 1.0
print(f"{len(ref)} {len(cnt)} {len(ls)} {share(cnt):.3f} {share(ls):.3f} {jac:.3f}")
