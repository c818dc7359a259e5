#!/usr/bin/env bash
# Runs `lockstep analyze FILE -v` on each FILE under /usr/bin/time -v and an 8 GB
# address-space limit, printing the stage lines, wall time, peak RSS and exit status.
#   python3 bench/hostile_shapes.py hub /tmp/hub.jsonl 2
#   bench/hostile_shapes.sh /tmp/hub.jsonl
set -u
L=$(realpath "${LOCKSTEP:-target/release/lockstep}")
for f in "$@"; do
    echo "== $f"
    (
        ulimit -v 8000000
        nice timeout 900 /usr/bin/time -v "$L" analyze "$f" -v --format json -o "$f.report.json"
    ) 2>&1 | grep -E "lockstep:|Elapsed|Maximum resident|Exit status"
done
