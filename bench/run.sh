#!/usr/bin/env bash
# Benchmark of lockstep against a parse-only pass and against the Python
# coordination-network-toolkit, on corpora made by `lockstep generate --scenario scale`.
# See bench/README.md for what every column means and how the tools' semantics differ.
#
# Usage: [LOCKSTEP=binary] bench/run.sh [--10m] [--sizes "100000 1000000"] [--runs N] [--no-peer]
#                     [--peer-only] [--work DIR] [--no-build] [--csv]
set -euo pipefail

SIZES="100000 1000000"
RUNS=3
PEER=1
ONLY_PEER=0
BUILD=1
CSV=0
WORK="${TMPDIR:-/tmp}/lockstep-bench"
while [ $# -gt 0 ]; do
    case "$1" in
        --10m) SIZES="$SIZES 10000000" ;;
        --sizes) SIZES="$2"; shift ;;
        --runs) RUNS="$2"; shift ;;
        --no-peer) PEER=0 ;;
        --peer-only) ONLY_PEER=1 ;;
        --no-build) BUILD=0 ;;
        --csv) CSV=1 ;;
        --work) WORK="$2"; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# LOCKSTEP=path/to/binary benchmarks another build (then nothing is built).
BIN="${LOCKSTEP:-$ROOT/target/release/lockstep}"
[ -n "${LOCKSTEP:-}" ] && BUILD=0
mkdir -p "$WORK"
if [ "$BUILD" = 1 ]; then
    (cd "$ROOT" && cargo build --release --locked --quiet)
fi
[ -x /usr/bin/time ] || { echo "bench/run.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB, $(uname -sr);" \
     "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "lockstep: $("$BIN" --version)"

# Runs a command under /usr/bin/time -v; prints "wall_seconds peak_kib".
timed() {
    local log="$WORK/time.$$"
    /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$WORK/stderr.$$" || {
        echo "bench/run.sh: failed: $*" >&2; cat "$WORK/stderr.$$" >&2; exit 1; }
    awk '/Elapsed \(wall clock\)/{n=split($NF,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; w=s}
         /Maximum resident set size/{m=$NF} END{print w, m}' "$log"
}

# Median of the numbers on stdin.
median() { sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

# Runs a command RUNS times; prints "median_wall max_peak_kib".
repeat() {
    local walls="" peak=0 w m
    for _ in $(seq "$RUNS"); do
        read -r w m < <(timed "$@")
        walls="$walls $w"
        [ "$m" -gt "$peak" ] && peak=$m
    done
    echo "$(echo $walls | tr ' ' '\n' | median) $peak"
}

[ "$ONLY_PEER" = 1 ] || {
printf '\n%-9s %-8s %8s %9s %11s %8s %9s %7s  %s\n' \
    corpus command posts "wall s" "posts/s" "MB/s" "peak MB" ratio "stage split (analyze -v, last run)"
for N in $SIZES; do
    D="$WORK/scale$N"
    if [ ! -s "$D/posts.jsonl" ] || { [ "$CSV" = 1 ] && [ ! -s "$D/posts.csv" ]; }; then
        "$BIN" generate --scenario scale --posts "$N" --seed 1 --out "$D" -q \
            $([ "$CSV" = 1 ] && echo --csv)
    fi
    P="$D/posts.jsonl"; A="$D/accounts.jsonl"
    MB=$(awk -v b="$(stat -c %s "$P")" 'BEGIN{print b/1e6}')
    POSTS=$("$BIN" inspect "$P" --format json -q | python3 -c 'import json,sys; print(json.load(sys.stdin)["input"]["posts_accepted"])')
    read -r IW IM < <(repeat "$BIN" inspect "$P" --accounts "$A" -q)
    read -r AW AM < <(repeat "$BIN" analyze "$P" --accounts "$A" -q -o "$WORK/report$N.json")
    SPLIT=$("$BIN" analyze "$P" --accounts "$A" -v -o "$WORK/report$N.json" 2>&1 >/dev/null \
        | awk '/^lockstep: [a-z]+ [0-9.]+s/{printf "%s %s  ", $2, $3}')
    for row in "inspect $IW $IM" "analyze $AW $AM"; do
        set -- $row
        awk -v c="$1" -v w="$2" -v m="$3" -v n="$POSTS" -v mb="$MB" -v iw="$IW" -v N="$N" \
            -v st="$([ "$1" = analyze ] && echo "$SPLIT")" 'BEGIN{
            printf "%-9s %-8s %8d %9.2f %11.0f %8.1f %9.0f %7.2f  %s\n",
                N, c, n, w, n/w, mb/w, m/1024, w/iw, st }'
    done
    if [ "$CSV" = 1 ]; then
        # The same posts as CSV, parse only (MB/s of the CSV file).
        read -r CW CM < <(repeat "$BIN" inspect "$D/posts.csv" --accounts "$A" -q)
        awk -v w="$CW" -v m="$CM" -v n="$POSTS" -v N="$N" -v iw="$IW" \
            -v mb="$(awk -v b="$(stat -c %s "$D/posts.csv")" 'BEGIN{print b/1e6}')" 'BEGIN{
            printf "%-9s %-8s %8d %9.2f %11.0f %8.1f %9.0f %7.2f  %s\n",
                N, "insp-csv", n, w, n/w, mb/w, m/1024, w/iw, "(posts.csv)" }'
    fi
    echo "$N $POSTS $MB $IW $IM $AW $AM" >> "$WORK/results.txt"
done
}

[ "$PEER" = 1 ] || exit 0

# The peer: coordination-network-toolkit from PyPI, in a virtualenv of its own.
VENV="$WORK/venv"
if [ ! -x "$VENV/bin/compute_networks" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet coordination-network-toolkit
fi
echo
echo "peer: coordination-network-toolkit $("$VENV/bin/pip" show coordination-network-toolkit | awk '/^Version/{print $2}'), 60-second window"
printf '%-9s %-11s %8s %8s %9s %9s %9s %7s %7s %7s\n' corpus signal "cnt s" "ls s" \
    "ref pairs" "cnt pairs" "ls pairs" "cnt/ref" "ls/ref" jaccard
for N in $SIZES; do
    D="$WORK/scale$N"; P="$D/posts.jsonl"; A="$D/accounts.jsonl"
    rm -f "$D/cnt.db"
    read -r CW _ < <(timed python3 "$ROOT/bench/to_cnt.py" "$P" "$D/cnt.csv")
    read -r PW _ < <(timed "$VENV/bin/compute_networks" "$D/cnt.db" preprocess --format csv "$D/cnt.csv")
    CNT_TOTAL=$(awk -v a="$CW" -v b="$PW" 'BEGIN{print a+b}')
    python3 "$ROOT/bench/reference.py" "$P" "$D" 60
    LS_TOTAL=0
    for pair in co_retweet:reshare co_link:url co_tweet:text_exact; do
        net=${pair%%:*}; sig=${pair##*:}
        read -r TW _ < <(timed "$VENV/bin/compute_networks" "$D/cnt.db" compute "$net" \
            --time_window 60)
        # Its CLI's CSV export fails in 1.5.2 (an unexpected n_messages argument): the
        # library's own writer is called instead, and timed with the network.
        read -r XW _ < <(timed "$VENV/bin/python" -c 'import sys
from coordination_network_toolkit.output import output_gephi_csv
output_gephi_csv(sys.argv[1], sys.argv[2], sys.argv[3])' "$D/cnt.db" "$net" "$D/cnt_$net.csv")
        TW=$(awk -v a="$TW" -v b="$XW" 'BEGIN{print a+b}')
        read -r LW _ < <(timed "$BIN" analyze "$P" -q --signals "$sig" --window 60s \
            --min-coactions 1 --alpha 1 --crowd-limit 1000000000 --format pairs -o "$D/ls_$sig.csv")
        CNT_TOTAL=$(awk -v a="$CNT_TOTAL" -v b="$TW" 'BEGIN{print a+b}')
        LS_TOTAL=$(awk -v a="$LS_TOTAL" -v b="$LW" 'BEGIN{print a+b}')
        read -r RP TP LP TR LR J < <(python3 "$ROOT/bench/pairs.py" "$D/ref_$sig.csv" \
            "$D/cnt_$net.csv" "$D/ls_$sig.csv")
        printf '%-9s %-11s %8.2f %8.2f %9d %9d %9d %7s %7s %7s\n' \
            "$N" "$net" "$TW" "$LW" "$RP" "$TP" "$LP" "$TR" "$LR" "$J"
    done
    AW=$(awk -v n="$N" '$1==n{w=$6} END{print w}' "$WORK/results.txt")
    awk -v n="$N" -v c="$CNT_TOTAL" -v cw="$CW" -v pw="$PW" -v a="$AW" -v l="$LS_TOTAL" 'BEGIN{
        printf "%-9s toolkit %.2f s (conversion %.2f + preprocess %.2f + three networks %.2f); lockstep analyze (all signals) %.2f s: %.1fx; lockstep three pair runs %.2f s: %.1fx\n",
            n, c, cw, pw, c-cw-pw, a, c/a, l, c/l }'
done
