#!/usr/bin/env python3
"""Converts lockstep canonical JSONL posts (plain, .gz or .zst via zstd on PATH) into the CSV
the coordination-network-toolkit's `preprocess` reads (version 1.5):
message_id, user_id, username, repost_id, reply_id, message, timestamp (integer epoch
seconds), urls (space-separated). Usage: to_cnt.py posts.jsonl out.csv
"""
import csv
import datetime
import gzip
import json
import sys


def epoch_seconds(ts):
    if isinstance(ts, (int, float)):
        # lockstep reads epoch seconds or milliseconds; the generator writes RFC 3339.
        return int(ts / 1000) if ts > 1e11 else int(ts)
    s = str(ts).strip().replace("Z", "+00:00")
    d = datetime.datetime.fromisoformat(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=datetime.timezone.utc)
    return int(d.timestamp())


def main(src, dst):
    opener = gzip.open if src.endswith(".gz") else open
    with opener(src, "rt", encoding="utf-8") as f, open(dst, "w", newline="", encoding="utf-8") as o:
        w = csv.writer(o)
        w.writerow(
            ["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp", "urls"]
        )
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
                row = [
                    r["post_id"],
                    r["account_id"],
                    r["account_id"],
                    r.get("reshare_of") or "",
                    r.get("reply_to") or "",
                    r.get("text") or "",
                    epoch_seconds(r["timestamp"]),
                    " ".join(u for u in (r.get("urls") or []) if isinstance(u, str)),
                ]
            except (ValueError, KeyError, TypeError):
                continue
            w.writerow(row)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
