#!/usr/bin/env bash
# Stress shapes of issue 10, generated on the fly, run by lockstep under an address-space
# limit with /usr/bin/time -v: wall time, peak memory, exit status, posts accepted and what
# the co-action stage found. Sizes in a series show whether time and memory stay linear.
#
#   tests/stress.sh                        # accounts 1M 3M 10M, sharers 100k 1M, 8 GiB limit
#   tests/stress.sh --accounts "1000000" --sharers "" --limit-gib 8 --threads 1
#   LOCKSTEP=path/to/lockstep tests/stress.sh
#
# accounts N: N accounts with one post each over 30 days, each its own text, one of 1,000
#             hashtags and one of 10,000 links.
# sharers N:  one link and one text posted by N accounts within one second (just under the
#             default --crowd-limit of 100,000 is the costliest: above it the object is a
#             crowd and skipped).
# The same shapes run as #[ignore]d tests: cargo test --release -- --ignored stress::
set -u
ACCOUNTS="1000000 3000000 10000000"
SHARERS="100000 1000000"
LIMIT_GIB=8
THREADS=""
WORK="${TMPDIR:-/tmp}/lockstep-stress"
while [ $# -gt 0 ]; do
    case "$1" in
        --accounts) ACCOUNTS="$2"; shift ;;
        --sharers) SHARERS="$2"; shift ;;
        --limit-gib) LIMIT_GIB="$2"; shift ;;
        --threads) THREADS="--threads $2"; shift ;;
        --work) WORK="$2"; shift ;;
        -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "tests/stress.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
L="${LOCKSTEP:-$ROOT/target/release/lockstep}"
[ -x /usr/bin/time ] || { echo "tests/stress.sh: needs /usr/bin/time" >&2; exit 2; }
mkdir -p "$WORK"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); limit ${LIMIT_GIB} GiB (ulimit -v); $("$L" --version) $THREADS"
printf '%-9s %10s %5s %9s %10s %10s  %s\n' shape n exit wall_s peak_MiB accepted found

gen() { # gen SHAPE N > file
    python3 - "$1" "$2" <<'PY'
import sys
kind, n = sys.argv[1], int(sys.argv[2])
T0 = 1721988000
w, buf = sys.stdout.write, []
for i in range(n):
    if kind == 'accounts':
        buf.append('{"post_id":"p%d","account_id":"a%d","timestamp":%d,"text":"post number %d of the day","hashtags":["h%d"],"urls":["https://site%d.example/a"]}\n'
                   % (i, i, T0 + (i * 2592000) // n, i, i % 1000, i % 10000))
    else:
        buf.append('{"post_id":"p%d","account_id":"a%d","timestamp":%d,"text":"look at this now","urls":["https://news.example/story?id=1"]}\n'
                   % (i, i, T0 * 1000 + (i * 1000) // n))
    if len(buf) >= 10000:
        w(''.join(buf)); buf = []
w(''.join(buf))
PY
}

FAILS=0
run() { # run SHAPE N
    local f="$WORK/$1-$2.jsonl"
    [ -s "$f" ] || gen "$1" "$2" >"$f"
    (
        ulimit -v $((LIMIT_GIB * 1024 * 1024))
        # shellcheck disable=SC2086
        /usr/bin/time -v -o "$WORK/time" "$L" analyze -q $THREADS --format json "$f" -o "$WORK/report.json" 2>"$WORK/stderr"
    )
    local rc=$?
    local wall peak acc found
    wall=$(awk '/Elapsed \(wall clock\)/{n=split($NF,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$WORK/time")
    peak=$(awk '/Maximum resident set size/{printf "%d", $NF/1024}' "$WORK/time")
    if [ $rc = 0 ]; then
        acc=$(python3 -c "import json; d=json.load(open('$WORK/report.json')); print(d['input']['posts_accepted'])")
        found=$(python3 -c "import json; d=json.load(open('$WORK/report.json')); print(len(d['networks']), 'networks;', d['findings'][0][:70])")
    else
        acc=-
        found="FAILED: $(grep -v '^ \|^stack' "$WORK/stderr" | head -2 | tr '\n' ' ')"
        FAILS=$((FAILS + 1))
    fi
    printf '%-9s %10s %5s %9s %10s %10s  %s\n' "$1" "$2" "$rc" "$wall" "$peak" "$acc" "$found"
    rm -f "$WORK/report.json"
}
for n in $ACCOUNTS; do run accounts "$n"; done
for n in $SHARERS; do run sharers "$n"; done
exit $((FAILS > 0))
