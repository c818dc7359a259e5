#!/usr/bin/env python3
"""Brute-force reference for the shared definition: every unordered pair of distinct accounts
that used the same object within WINDOW seconds (inclusive), where the object is the reshared
post id (reshare), a URL string as given in a non-reshare post (url), or the text as given of
a non-reshare post (text_exact). Writes ref_reshare.csv, ref_url.csv, ref_text_exact.csv
(account_a,account_b) next to the posts. Usage: reference.py posts.jsonl OUTDIR [WINDOW]
"""
import collections
import csv
import datetime
import json
import os
import sys


def seconds(ts):
    if isinstance(ts, (int, float)):
        return ts / 1000 if ts > 1e11 else float(ts)
    d = datetime.datetime.fromisoformat(str(ts).strip().replace("Z", "+00:00"))
    if d.tzinfo is None:
        d = d.replace(tzinfo=datetime.timezone.utc)
    return d.timestamp()


def main(src, out, window):
    uses = {s: collections.defaultdict(list) for s in ("reshare", "url", "text_exact")}
    with open(src, encoding="utf-8") as f:
        for line in f:
            try:
                r = json.loads(line)
                t, a = seconds(r["timestamp"]), r["account_id"]
            except (ValueError, KeyError, TypeError):
                continue
            if r.get("reshare_of"):
                uses["reshare"][r["reshare_of"]].append((t, a))
                continue
            for u in set(r.get("urls") or []):
                uses["url"][u].append((t, a))
            if r.get("text"):
                uses["text_exact"][r["text"]].append((t, a))
    for signal, objects in uses.items():
        pairs = set()
        for v in objects.values():
            v.sort()
            for i, (ti, ai) in enumerate(v):
                for tj, aj in v[i + 1 :]:
                    if tj - ti > window:
                        break
                    if ai != aj:
                        pairs.add((min(ai, aj), max(ai, aj)))
        with open(os.path.join(out, f"ref_{signal}.csv"), "w", newline="") as o:
            w = csv.writer(o)
            w.writerow(["account_a", "account_b"])
            w.writerows(sorted(pairs))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 60.0)
