#!/usr/bin/env bash
# Issue 10, case by case: each finding of "hostile input loses nothing, crashes nothing,
# injects nothing" as a shell repro against a built binary, every run under an 8 GB
# address-space limit. Prints one line per check: `ok` or `FAIL`, with exit status, wall
# time and peak memory (from /usr/bin/time) where they matter.
#
#   tests/issue10.sh            # the quick checks (about a minute)
#   tests/issue10.sh --big      # also the 10 GiB gzip bombs, 300 MB quote, 1M merged rows,
#                               # 10,000 x 10,000 preset auto (several minutes)
#   LOCKSTEP=path/to/lockstep tests/issue10.sh
#
# The automated versions of these checks live in tests/integration/hostile.rs; this script
# is the record of what was verified by hand against a release build.
set -u
ulimit -v 8388608
L=$(realpath "${LOCKSTEP:-target/release/lockstep}")
BIG=0
case "${1:-}" in
  "") ;;
  --big) BIG=1 ;;
  *) echo "usage: [LOCKSTEP=path/to/lockstep] $0 [--big] (the binary comes from \$LOCKSTEP)" >&2
     exit 2 ;;
esac
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
cd "$D" || exit 1
FAILS=0
ok() { echo "ok    $*"; }
bad() {
    echo "FAIL  $*"
    FAILS=$((FAILS + 1))
}
check() { # check NAME CONDITION-EXIT-STATUS DETAIL
    if [ "$2" = 0 ]; then ok "$1: $3"; else bad "$1: $3"; fi
}
# timed CMD...: runs CMD, sets RC, WALL (s), RSS (MB); stdout to out, stderr to err
timed() {
    /usr/bin/time -f '%e %M' -o tm "$@" >out 2>err
    RC=$?
    WALL=$(cut -d' ' -f1 tm | tail -1)
    RSS=$(($(cut -d' ' -f2 tm | tail -1) / 1024))
}
jq_() { python3 -c "import json,sys; d=json.load(open('out')); print($1)"; }
post() { # post ID ACCOUNT TEXT
    printf '{"post_id":"%s","account_id":"%s","timestamp":"2024-07-26T10:00:00Z","text":"%s"}\n' "$1" "$2" "$3"
}

echo "lockstep: $L"
echo "== Critical"

# 1. CSV memory is unbounded.
python3 -c "
import sys
sys.stdout.write('post_id,account_id,timestamp,text\n')
sys.stdout.write('p1,a1,2024-07-26T10:00:00Z,' + 'x'*200_000_000 + '\n')
sys.stdout.write('p2,a2,2024-07-26T10:00:00Z,fine\n')" >field200.csv
timed "$L" inspect --format json field200.csv
r=$(jq_ "d['input']['posts_read'], d['input']['posts_rejected'], d['input']['rejections']")
check "C1 200 MB CSV field" "$([ $RC = 0 ] && [ $RSS -lt 100 ] && echo 0)" "exit $RC, ${WALL} s, ${RSS} MB, read/rejected/reasons $r"
python3 -c "
import sys
sys.stdout.write('post_id,account_id,timestamp,text\n')
sys.stdout.write(','*100_000_000 + '\n')
sys.stdout.write('p2,a2,2024-07-26T10:00:00Z,fine\n')" >commas.csv
timed "$L" inspect --format json commas.csv
r=$(jq_ "d['input']['posts_read'], d['input']['posts_rejected'], d['input']['rejections']")
check "C1 100 MB of commas" "$([ $RC = 0 ] && [ $RSS -lt 100 ] && echo 0)" "exit $RC, ${WALL} s, ${RSS} MB, $r"
if [ $BIG = 1 ]; then
    python3 -c "
import sys
sys.stdout.write('post_id,account_id,timestamp,text\n')
sys.stdout.write('p1,a1,2024-07-26T10:00:00Z,\"' + 'x'*300_000_000 + '\n')" >quote300.csv
    timed "$L" inspect --format json quote300.csv
    r=$(jq_ "d['input']['posts_read'], d['input']['posts_rejected'], d['input']['rejections']")
    check "C1 300 MB unclosed quote" "$([ $RC = 0 ] && [ $RSS -lt 100 ] && echo 0)" "exit $RC, ${WALL} s, ${RSS} MB, $r"
    head -c 10G /dev/zero | gzip -1 >bomb.gz
    cp bomb.gz bomb.csv.gz
    cp bomb.gz bomb.jsonl.gz
    for f in bomb.gz bomb.csv.gz bomb.jsonl.gz; do
        timed "$L" inspect --format json $f
        check "C1 10 GiB gzip bomb as $f" "$([ $RC != 134 ] && [ $RSS -lt 200 ] && echo 0)" "exit $RC, ${WALL} s, ${RSS} MB, $(head -c 200 err | tr '\n' ' ')"
    done
    rm -f bomb*.gz
fi

# 2. An unterminated quote silently swallows rows.
python3 -c "
print('post_id,account_id,timestamp,text')
for i in range(100000):
    q = '\"' if i == 9 else ''
    print(f'p{i},a{i%50},2024-07-26T10:{i%60:02d}:00Z,{q}text {i}')" >stray.csv
timed "$L" inspect --format json stray.csv
r=$(jq_ "d['input']['posts_read'], d['input']['posts_accepted'], d['input']['posts_rejected'], d['input']['rejections']")
check "C2 stray quote on row 10 of 100,000" "$([ $RC = 0 ] && jq_ "d['input']['posts_accepted']>=99990 and d['input']['posts_read']==d['input']['posts_accepted']+d['input']['posts_rejected']" | grep -q True && echo 0)" "exit $RC, read/accepted/rejected $r"
timed "$L" inspect --strict stray.csv
check "C2 stray quote under --strict" "$([ $RC = 2 ] && grep -q 'stray.csv:11' err && echo 0)" "exit $RC, $(head -c 160 err)"
python3 -c "
print('post_id,account_id,timestamp,text')
for i in range(50000):
    t = f'text {i}'
    if i == 5: t = '\"Breaking news ' + t
    if i == 49996: t = t + ' quote\" haha'
    print(f'p{i},a{i%50},2024-07-26T10:{i%60:02d}:00Z,{t}')" >naive.csv
timed "$L" inspect --format json naive.csv
r=$(jq_ "d['input']['posts_read'], d['input']['posts_accepted'], d['input']['rejections']")
check "C2 naive export, quote closed 49,991 rows later" "$(jq_ "d['input']['posts_accepted']>=49990" | grep -q True && echo 0)" "exit $RC, read/accepted/reasons $r"
printf 'post_id,account_id,timestamp,text\np1,a1,2024-07-26T10:00:00Z,"open to the end\np2,a2,2024-07-26T10:00:00Z,x\n' >openend.csv
timed "$L" inspect --format json openend.csv
r=$(jq_ "d['input']['posts_read'], d['input']['rejections']")
check "C2 quote open at end of file" "$(jq_ "d['input']['posts_rejected']>=1" | grep -q True && echo 0)" "exit $RC, read/reasons $r"

# 3. -o overwrites its input.
for i in $(seq 1 20); do post "p$i" "a$((i % 3))" "same text $((i % 2))"; done >posts.jsonl
printf '{"account_id":"a1","handle":"x"}\n' >accounts.jsonl
ln -sf posts.jsonl link.jsonl
ln -f posts.jsonl hard.jsonl
cp posts.jsonl keep
for args in "analyze posts.jsonl -o posts.jsonl" "analyze posts.jsonl --accounts accounts.jsonl -o accounts.jsonl" \
    "analyze posts.jsonl -o link.jsonl" "analyze link.jsonl -o posts.jsonl" "analyze posts.jsonl -o hard.jsonl" \
    "features posts.jsonl -o posts.jsonl" "inspect posts.jsonl -o posts.jsonl"; do
    timed "$L" $args
    check "C3 -o onto an input: $args" "$([ $RC = 2 ] && cmp -s posts.jsonl keep && cmp -s accounts.jsonl <(printf '{"account_id":"a1","handle":"x"}\n') && echo 0)" "exit $RC, $(head -c 120 err)"
done

# 4. Terminal escape injection.
EVIL=$'\e]0;pwned\a\e[2J\e]52;c;cm0gLXJmIC8=\a\xc2\x9b31m\x00\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f\xe2\x80\xa8'
evil=$(python3 -c "import json,sys; print(json.dumps(sys.argv[1], ensure_ascii=False)[1:-1])" "$EVIL")
{
    for i in 1 2 3 4 5 6; do
        for a in 1 2 3; do
            printf '{"post_id":"%s%s-%s","account_id":"%s%s","timestamp":"2024-07-26T10:0%s:0%sZ","text":"shared text number %s with enough words to shingle","urls":["https://evil.example/%s"]}\n' "$evil" $i $a "$evil" $a $i $a $i $i
        done
    done
    printf '{"post_id":"bad","account_id":"%s","timestamp":"%s"}\n' "$evil" "$evil"
} >evil.jsonl
has_raw() { python3 -c "
import sys
b = open(sys.argv[1], 'rb').read()
bad = [c for c in (b'\x1b', b'\x07', b'\x00', b'\xc2\x9b', b'\xd8\x9c', b'\xe2\x80\x8e', b'\xe2\x80\x8f', b'\xe2\x80\xa8') if c in b]
print(bad)
sys.exit(1 if bad else 0)" "$1"; }
timed "$L" inspect --strict evil.jsonl
check "C4 --strict stderr" "$(has_raw err >/dev/null && [ $RC = 2 ] && echo 0)" "exit $RC, raw: $(has_raw err)"
for fmt in csv pairs table; do
    timed "$L" analyze --format $fmt --min-score 0 evil.jsonl
    check "C4 analyze --format $fmt (stdout, stderr)" "$(has_raw out >/dev/null && has_raw err >/dev/null && [ -s out ] && echo 0)" "exit $RC, $(wc -c <out) bytes, raw: $(has_raw out) $(has_raw err)"
done
timed "$L" features evil.jsonl
check "C4 features (CSV to stdout)" "$(has_raw out >/dev/null && [ -s out ] && echo 0)" "exit $RC, raw: $(has_raw out)"
timed "$L" inspect evil.jsonl
check "C4 inspect rejection samples on stderr" "$(has_raw err >/dev/null && has_raw out >/dev/null && echo 0)" "exit $RC, raw: $(has_raw err)"

# 5. Quadratic merge of long-format rows (one post on 1M rows; 100k without --big).
N=100000
[ $BIG = 1 ] && N=1000000
python3 -c "
import sys
w = sys.stdout.write
for i in range($N):
    w('{\"post_id\":\"p1\",\"account_id\":\"a1\",\"timestamp\":\"2024-07-26T10:00:00Z\",\"text\":\"t\",\"hashtags\":[\"h%d\"]}\n' % i)" >long.jsonl
timed "$L" inspect --format json long.jsonl
r=$(jq_ "d['input']['posts_read'], d['input']['posts_accepted'], d['input'].get('posts_merged')")
check "C5 one post on $N rows" "$([ $RC = 0 ] && python3 -c "import sys; sys.exit(0 if $WALL < 20 else 1)" && echo 0)" "exit $RC, ${WALL} s, ${RSS} MB, read/accepted/merged $r"

# 6. Unicode expansion: U+FDFA expands 18-fold under NFKD.
python3 -c "
import json
for i in range(4):
    print(json.dumps({'post_id': f'p{i}', 'account_id': f'a{i}', 'timestamp': '2024-07-26T10:00:00Z', 'text': '\ufdfa' * (15 * 1024 * 1024 // 3)}, ensure_ascii=False))" >expand.jsonl
timed "$L" analyze --max-record-mib 16 expand.jsonl
check "C6 4 posts of 15 MiB of U+FDFA" "$([ $RC = 0 ] && python3 -c "import sys; sys.exit(0 if $WALL < 30 else 1)" && [ $RSS -lt 1000 ] && echo 0)" "exit $RC, ${WALL} s, ${RSS} MB"
timed "$L" features expand.jsonl
check "C6 features on the same" "$([ $RC = 0 ] && python3 -c "import sys; sys.exit(0 if $WALL < 30 else 1)" && echo 0)" "exit $RC, ${WALL} s, ${RSS} MB"

# 7. Panic when stderr is a closed pipe.
("$L" -v analyze posts.jsonl 2>&1 >/dev/null | head -c 1 >/dev/null; exit "${PIPESTATUS[0]}")
RC=$?
check "C7 -v 2>&1 | head -c 1" "$([ $RC != 134 ] && [ $RC != 101 ] && echo 0)" "exit $RC"
"$L" -v analyze posts.jsonl >/dev/null 2>/dev/full
RC=$?
check "C7 2>/dev/full" "$([ $RC = 0 ] && echo 0)" "exit $RC"
"$L" inspect --strict evil.jsonl 2>/dev/full >/dev/null
RC=$?
check "C7 --strict error to 2>/dev/full" "$([ $RC = 2 ] && echo 0)" "exit $RC"

echo "== Major"
# -o is not atomic.
"$L" analyze posts.jsonl -o report.json
cp report.json report.good
(cat posts.jsonl; sleep 3) | "$L" analyze - -o report.json &
P=$! # the last process of the pipeline: lockstep
sleep 1
kill -9 $P
wait 2>/dev/null
check "M -o killed mid-run (kill -9) leaves the previous report whole" "$(cmp -s report.json report.good && echo 0)" "$(ls -a | grep -c 'lockstep-.*tmp') temporary file(s) left beside it"
"$L" analyze posts.jsonl -o report.json
check "M the next run removes the killed run's temporary file" "$([ "$(ls -a | grep -c '^\.report\.json\.lockstep-tmp\.')" = 0 ] && echo 0)" "$(ls -a | grep -c 'lockstep-tmp') left"
timed "$L" analyze expand.jsonl -o /nonexistent-dir/report.json
check "M -o unwritable destination fails before the analysis" "$([ $RC = 1 ] && python3 -c "import sys; sys.exit(0 if $WALL < 1 else 1)" && echo 0)" "exit $RC, ${WALL} s, $(head -c 120 err)"
mkfifo fifo
timeout 60 cat fifo >fromfifo &
timed "$L" analyze posts.jsonl -o fifo
wait
check "M -o onto a named pipe writes into it (the pipe stays)" "$([ $RC = 0 ] && [ -p fifo ] && grep -q lockstep/report fromfifo && echo 0)" "exit $RC, $(wc -c <fromfifo) bytes through the pipe"
if [ -p fifo ]; then # only then is it safe to aim at a device: an older build replaced it
    timed "$L" analyze posts.jsonl -o /dev/full
    check "M -o /dev/full: write error, exit 1, still a device" "$([ $RC = 1 ] && [ -c /dev/full ] && echo 0)" "exit $RC, $(head -c 120 err)"
fi
ln -s report.json rlink.json
timed "$L" analyze posts.jsonl -o rlink.json
check "M -o through a symlink replaces its file, keeps the link" "$([ $RC = 0 ] && [ -L rlink.json ] && grep -q lockstep/report report.json && echo 0)" "exit $RC"

# Format detection depends on the size of the first read.
{
    for i in $(seq 1 50); do post "p$i" "a$i" "t"; done
    echo 'not json'
    for i in $(seq 51 100); do post "p$i" "a$i" "t"; done
} >slow.jsonl
(head -c 100 slow.jsonl; sleep 1; tail -c +101 slow.jsonl) | "$L" inspect --format json - >out 2>err
RC=$?
r=$(jq_ "d['input']['posts_read'], d['input']['posts_accepted'], d['input']['rejections']")
check "M JSONL through a slow pipe" "$([ $RC = 0 ] && jq_ "d['input']['posts_accepted']" | grep -qx 100 && echo 0)" "exit $RC, read/accepted/reasons $r"
python3 -c "
import json
print(json.dumps({'post_id': 'p0', 'account_id': 'a0', 'timestamp': '2024-07-26T10:00:00Z', 'text': 'y' * 300_000}))
for i in range(1, 10):
    print(json.dumps({'post_id': f'p{i}', 'account_id': f'a{i}', 'timestamp': '2024-07-26T10:00:00Z', 'text': 't'}))" >noext
timed "$L" inspect --format json noext
r=$(jq_ "d['input']['posts_read'], d['input']['posts_accepted']")
check "M no extension, first line of 300 KB" "$([ $RC = 0 ] && jq_ "d['input']['posts_accepted']" | grep -qx 10 && echo 0)" "exit $RC, read/accepted $r"

# JSON documents lose or inflate records.
python3 -c "
import json
els = [json.dumps({'post_id': f'p{i}', 'account_id': 'a', 'timestamp': '2024-07-26T10:00:00Z', 'text': 't'}) for i in range(1002)]
els[0] = els[0][:-1] + ', \"x\": [1}'
els[1001] = els[1001][:-1] + ', \"y\": 1]}'
print('[' + ',\n'.join(els) + ']')" >unbal.json
timed "$L" inspect --format json unbal.json
r=$(jq_ "d['input']['posts_read'], d['input']['posts_accepted'], d['input']['rejections']")
check "M JSON unbalanced [ costs one element" "$(jq_ "d['input']['posts_accepted']>=1000" | grep -q True && echo 0)" "exit $RC, read/accepted/reasons $r"
printf '{"posts":[%s,%s],"data":[%s]}\n' "$(post p1 a1 t)" "$(post p2 a2 t)" "$(post p3 a3 t)" >two.json
timed "$L" inspect --format json two.json
check "M JSON {posts:[..],data:[..]} reads both" "$(jq_ "d['input']['posts_accepted']" | grep -qx 3 && echo 0)" "exit $RC, accepted $(jq_ "d['input']['posts_accepted']")"
timed "$L" inspect --strict two.json
check "M same under --strict" "$([ $RC = 0 ] && echo 0)" "exit $RC"
printf '{"post_id":"p1","account_id":"a1","timestamp":"2024-07-26T10:00:00Z","text":"t","items":[{"a":1},{"b":2}]}' >lone.json
timed "$L" inspect --format json lone.json
check "M JSON lone post with an items array" "$(jq_ "d['input']['posts_accepted'], d['input']['posts_rejected']" | grep -qx '1 0' && echo 0)" "exit $RC, accepted/rejected $(jq_ "d['input']['posts_accepted'], d['input']['posts_rejected']")"

# A JSON document cut short; a JSONL first line cut inside a string (no extension).
{ printf '['; post p1 a1 t | tr -d '\n'; printf ','; post p2 a2 t | tr -d '\n'; printf ',{"post_id":"p3","te'; } >cut.json
timed "$L" inspect --format json cut.json
check "M JSON cut short keeps the records before the cut" "$([ $RC = 0 ] && jq_ "d['input']['posts_accepted'], d['input']['posts_rejected']" | grep -qx '2 1' && echo 0)" "exit $RC, accepted/rejected $(jq_ "d['input']['posts_accepted'], d['input']['posts_rejected']")"
{ printf '{"post_id":"p0","account_id":"a","text":"cut\n'; post p1 a1 t; post p2 a2 t; } >cutline
timed "$L" inspect --format json cutline
check "M JSONL first line cut in a string costs that line" "$([ $RC = 0 ] && jq_ "d['input']['posts_accepted'], d['input']['posts_rejected']" | grep -qx '2 1' && echo 0)" "exit $RC, $(head -c 120 err)"

{ printf '{"post_id":"p0","account_id":"a",\n'; post p1 a1 t; post p2 a2 t; } >openline
timed "$L" inspect --format json openline
check "M JSONL first line open at its newline costs that line" "$([ $RC = 0 ] && jq_ "d['input']['posts_accepted'], d['input']['posts_rejected'], d['input']['files'][0]['format']" | grep -qx '2 1 jsonl' && echo 0)" "exit $RC, $(head -c 120 err)"
{ printf '{"post_id":"p9","text":"cut\n{"post_id":"p0","account_id":"a",\n'; post p1 a1 t; post p2 a2 t; } >twocut
timed "$L" inspect --format json twocut
f=$(jq_ "d['input']['posts_accepted'], d['input']['posts_rejected'], d['input']['files'][0]['format']" | tr '\n' ' ')
timed sh -c '"$0" inspect --format json - <twocut' "$L"
p=$(jq_ "d['input']['posts_accepted'], d['input']['posts_rejected'], d['input']['files'][0]['format']" | tr '\n' ' ')
check "M JSONL two cut lines in a row cost those lines (file and pipe)" "$([ $RC = 0 ] && [ "$f" = "$p" ] && [ "$f" = '2 2 jsonl ' ] && grep -q ':2: malformed_json' err && echo 0)" "exit $RC, file $f, pipe $p"
printf '{"posts":[%s,%s]}\n' "$(post p1 a1 t | tr -d '\n')" "$(post p2 a2 t | tr -d '\n')" >wrapline
timed sh -c '"$0" inspect --format json - <wrapline' "$L"
check "M one-line {posts:[..]} on stdin is a document" "$([ $RC = 0 ] && jq_ "d['input']['posts_accepted'], d['input']['files'][0]['format']" | grep -qx '2 json' && echo 0)" "exit $RC, accepted/format $(jq_ "d['input']['posts_accepted'], d['input']['files'][0]['format']")"

# Long-format rows of one post that disagree: the same report in either order.
A='{"post_id":"p1","account_id":"a","timestamp":1721988000,"text":"zeta","reshare_of":"r2"}'
B='{"post_id":"p1","account_id":"a","timestamp":1721988000,"text":"alpha","reshare_of":"r1"}'
mkdir -p ab ba
printf '%s\n%s\n' "$A" "$B" >ab/rows.jsonl
printf '%s\n%s\n' "$B" "$A" >ba/rows.jsonl
(cd ab && "$L" analyze -q --format json rows.jsonl >../ab.json)
(cd ba && "$L" analyze -q --format json rows.jsonl >../ba.json)
check "M disagreeing long-format rows: same report in either order" "$(cmp -s ab.json ba.json && python3 -c "import json; d=json.load(open('ab.json'))['input']; exit(0 if (d['posts_merged'], d['posts_rejected']) == (1, 0) else 1)" && echo 0)" "merged/rejected $(python3 -c "import json; d=json.load(open('ab.json'))['input']; print(d['posts_merged'], d['posts_rejected'])")"

# Long-format counts in any order: texts A, B, B and B, B, A (merged 1, duplicate 1 both).
R='{"post_id":"p1","account_id":"a","timestamp":1721988000,"text":"%s"}\n'
mkdir -p abb bba
printf "$R$R$R" A B B >abb/rows.jsonl
printf "$R$R$R" B B A >bba/rows.jsonl
(cd abb && "$L" inspect -q --format json rows.jsonl >../abb.json)
(cd bba && "$L" inspect -q --format json rows.jsonl >../bba.json)
mr() { python3 -c "import json; d=json.load(open('$1'))['input']; print(d['posts_merged'], d['posts_rejected'], d['posts_disagreed'])"; }
check "M long-format rows A,B,B and B,B,A count alike" "$([ "$(mr abb.json)" = "1 1 1" ] && [ "$(mr bba.json)" = "1 1 1" ] && echo 0)" "merged/rejected/disagreed $(mr abb.json) and $(mr bba.json)"

# JSONL records with an array under a container key, ids renamed by --map, on stdin.
printf '{"pid":"%s","uid":"a","created_at":"2024-01-01T00:00:0%s Z","text":"hi","data":["x"]}\n' 1 1 2 2 | sed 's/ Z/Z/' >mapped
timed sh -c '"$0" inspect --format json --map post_id=pid --map account_id=uid - <mapped' "$L"
check "M --map records with data:[..] on stdin stay JSONL" "$([ $RC = 0 ] && jq_ "d['input']['posts_accepted'], d['input']['files'][0]['format']" | grep -qx '2 jsonl' && echo 0)" "exit $RC, accepted/format $(jq_ "d['input']['posts_accepted'], d['input']['files'][0]['format']")"

# A one-line wrapper with one element no parser takes (a lone surrogate): a document.
printf '{"posts":[%s,{"post_id":"x","text":"\\ud83d"},%s]}\n' "$(post p1 a1 t | tr -d '\n')" "$(post p2 a2 t | tr -d '\n')" >surr
timed sh -c '"$0" inspect --format json - <surr' "$L"
check "M one-line wrapper with a lone surrogate is a document" "$([ $RC = 0 ] && jq_ "d['input']['posts_accepted'], d['input']['posts_rejected']" | grep -qx '2 1' && echo 0)" "exit $RC, accepted/rejected $(jq_ "d['input']['posts_accepted'], d['input']['posts_rejected']")"

# Past the record bound a file and a pipe agree: a cut first line, then a line over 1 MiB.
python3 -c "
import json
print('{\"post_id\":\"a\",')
print(json.dumps({'post_id': 'big', 'account_id': 'z', 'timestamp': 1721988000, 'text': 'y' * 1100000}))
for i in range(10):
    print(json.dumps({'post_id': f'k{i}', 'account_id': 'z', 'timestamp': 1721988000}))" >cutbig
timed "$L" inspect --format json --max-record-mib 1 cutbig
f=$(jq_ "d['input']['posts_accepted'], d['input']['files'][0]['format']")
timed sh -c '"$0" inspect --format json --max-record-mib 1 - <cutbig' "$L"
p=$(jq_ "d['input']['posts_accepted'], d['input']['files'][0]['format']")
check "M cut line then one over the bound: file and pipe agree" "$([ "$f" = "$p" ] && echo "$f" | grep -qx '10 jsonl' && echo 0)" "file $f, pipe $p"

# A raw newline inside a string of a JSON array element, its closing quote missing.
{
    echo '['
    post p1 a1 t | tr -d '\n'
    echo ,
    printf '{"post_id":"p2","account_id":"a2","timestamp":"2024-07-26T10:00:00Z","text":"broken\n},\n'
    for i in $(seq 3 1000); do post "p$i" "a$i" t | tr -d '\n'; [ $i -lt 1000 ] && echo ,; done
    echo
    echo ']'
} >rawnl.json
timed "$L" inspect --format json rawnl.json
check "M JSON raw newline in a string (quote missing) costs one element" "$([ $RC = 0 ] && jq_ "d['input']['posts_read'], d['input']['posts_accepted']" | grep -qx '1000 999' && echo 0)" "exit $RC, read/accepted $(jq_ "d['input']['posts_read'], d['input']['posts_accepted']"), $(head -c 120 err)"

# CR-only JSONL; UTF-16/32, xz, bz2 and double gzip; binary data.
for i in 1 2 3 4 5; do post "p$i" "a$i" t | tr -d '\n'; printf '\r'; done >cr.jsonl
timed "$L" inspect --format json cr.jsonl
check "M CR-only JSONL, 5 records" "$(jq_ "d['input']['posts_read'], d['input']['posts_accepted']" | grep -qx '5 5' && echo 0)" "exit $RC, read/accepted $(jq_ "d['input']['posts_read'], d['input']['posts_accepted']")"
iconv -f UTF-8 -t UTF-16 posts.jsonl >u16.jsonl
iconv -f UTF-8 -t UTF-16LE posts.jsonl >u16nobom.jsonl
iconv -f UTF-8 -t UTF-32 posts.jsonl >u32.jsonl
xz -k -c posts.jsonl >x.jsonl.xz
cp x.jsonl.xz x.jsonl
bzip2 -c posts.jsonl >b.jsonl.bz2
gzip -c posts.jsonl | gzip -c >dd.jsonl.gz
head -c 20000 /dev/urandom >noise.jsonl
printf '\x89PNG\r\n\x1a\n' | cat - noise.jsonl >image.png
gzip -c noise.jsonl >noise.gz
for f in u16.jsonl u16nobom.jsonl u32.jsonl x.jsonl.xz x.jsonl b.jsonl.bz2 dd.jsonl.gz noise.jsonl image.png noise.gz; do
    timed "$L" inspect "$f"
    check "M refused in one line: $f" "$([ $RC = 1 ] && [ "$(wc -l <err)" = 1 ] && echo 0)" "exit $RC, $(head -c 150 err | tr '\n' ' ')"
done

# score does not undo the CSV formula guard; negative ids.
"$L" generate --scenario olympics --posts 5000 --out gen -q
python3 - <<'PY'
import csv, json
# Campaign accounts get ids a spreadsheet would run or mangle: formulas, Telegram's negative
# numbers, a leading tab or space.
labels = list(csv.reader(open('gen/labels.csv')))
members = sorted({r[0] for r in labels[1:] if r[1]})
forms = ['={}', '-100{}', '+{}', '@{}', '\t={}', ' =1+{}']
new = {a: forms[k % len(forms)].format(k if k % 6 == 1 else a) for k, a in enumerate(members)}
with open('gen/labels.csv', 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(labels[0])
    for r in labels[1:]:
        w.writerow([new.get(r[0], r[0])] + r[1:])
for name in ('posts', 'accounts'):
    rows = [json.loads(l) for l in open(f'gen/{name}.jsonl')]
    with open(f'gen/{name}.jsonl', 'w') as f:
        for r in rows:
            r['account_id'] = new.get(r['account_id'], r['account_id'])
            f.write(json.dumps(r) + '\n')
PY
"$L" analyze -q gen/posts.jsonl --accounts gen/accounts.jsonl --format json -o r.json
"$L" analyze -q gen/posts.jsonl --accounts gen/accounts.jsonl --format csv -o r.csv
"$L" score --truth gen/labels.csv r.json --format json >sj 2>&1
"$L" score --truth gen/labels.csv r.csv --format json >sc 2>&1
f1() { python3 -c "import json; print(json.load(open('$1'))['accounts']['f1'])"; }
check "M score reads CSV and JSON reports alike (hostile ids)" "$(cmp -s sj sc && echo 0)" "F1 from JSON $(f1 sj), from CSV $(f1 sc)"
check "M negative ids unguarded in CSV" "$(grep -q ',-1001,' r.csv && ! grep -q "'-1001," r.csv && grep -q "'=" r.csv && echo 0)" "$(grep -o ",'\?-1001,\|,'=[^,]*" r.csv | head -3 | tr '\n' ' ')"

# Timestamps silently misread.
{
    printf '{"post_id":"us","account_id":"a","timestamp":1721988000000000,"text":"t"}\n'
    printf '{"post_id":"ns","account_id":"a","timestamp":1721988000000000000,"text":"t"}\n'
    printf '{"post_id":"d","account_id":"a","timestamp":"20240726","text":"t"}\n'
    printf '{"post_id":"dt","account_id":"a","timestamp":"20240726103000","text":"t"}\n'
} >ts.jsonl
timed "$L" inspect --format json ts.jsonl
r=$(jq_ "d['input']['posts_accepted'], d['input']['time_range']")
check "M epoch us/ns and YYYYMMDD read right" "$(jq_ "d['input']['time_range']" | grep -q "2024-07-26.*2024-07-26" && jq_ "d['input']['posts_accepted']" | grep -qx 4 && echo 0)" "$r"
printf '{"post_id":"y","account_id":"a","timestamp":"56537-01-01T00:00:00Z","text":"t"}\n{"post_id":"z","account_id":"a","timestamp":-99999999999999,"text":"t"}\n' >ts2.jsonl
timed "$L" inspect --format json ts2.jsonl
check "M implausible years rejected" "$(jq_ "d['input']['posts_rejected']" | grep -qx 2 && echo 0)" "rejected $(jq_ "d['input']['posts_rejected'], d['input']['rejections']")"

# --preset auto on 10,000 columns x 10,000 rows (1,000 rows without --big).
R=1000
[ $BIG = 1 ] && R=10000
python3 -c "
import sys
w = sys.stdout.write
cols = ['post_id', 'account_id', 'timestamp', 'text'] + ['c%d' % i for i in range(9996)]
w(','.join(cols) + '\n')
pad = ',' + ','.join(['1'] * 9996)
for i in range($R):
    w('p%d,a%d,2024-07-26T10:00:00Z,t%s\n' % (i, i % 100, pad))" >wide.csv
timed "$L" inspect --format json wide.csv
A=$WALL
timed "$L" inspect --format json --preset canonical wide.csv
check "M --preset auto on 10,000 columns x $R rows" "$(python3 -c "import sys; sys.exit(0 if $A < 3 * $WALL + 2 else 1)" && echo 0)" "auto ${A} s, canonical ${WALL} s"

# Telegram service messages; Jetstream events that are not posts.
cat >tg.json <<'EOF'
{"name":"chan","type":"public_channel","id":1,"messages":[
{"id":1,"type":"service","date":"2024-07-26T10:00:00","date_unixtime":"1721988000","actor":"chan","actor_id":"channel1","action":"create_channel","title":"chan","text":"","text_entities":[]},
{"id":2,"type":"service","date":"2024-07-26T10:00:01","date_unixtime":"1721988001","actor":"chan","actor_id":"channel1","action":"pin_message","message_id":3,"text":"","text_entities":[]},
{"id":3,"type":"message","date":"2024-07-26T10:00:02","date_unixtime":"1721988002","from":"chan","from_id":"channel1","text":"hello","text_entities":[{"type":"plain","text":"hello"}]}
]}
EOF
timed "$L" inspect --format json --preset telegram tg.json
check "M Telegram service messages are not_a_post" "$(jq_ "d['input']['posts_accepted'], d['input']['rejections'].get('not_a_post')" | grep -qx '1 2' && echo 0)" "accepted/not_a_post $(jq_ "d['input']['posts_accepted'], d['input']['rejections']")"
cat >js.jsonl <<'EOF'
{"did":"did:plc:a","time_us":1721988000000000,"kind":"commit","commit":{"rev":"r","operation":"create","collection":"app.bsky.feed.post","rkey":"k1","record":{"$type":"app.bsky.feed.post","text":"hi","createdAt":"2024-07-26T10:00:00Z"},"cid":"c1"}}
{"did":"did:plc:a","time_us":1721988000000001,"kind":"commit","commit":{"rev":"r","operation":"create","collection":"app.bsky.feed.like","rkey":"k2","record":{"$type":"app.bsky.feed.like","subject":{"uri":"at://x","cid":"c"},"createdAt":"2024-07-26T10:00:00Z"},"cid":"c2"}}
{"did":"did:plc:a","time_us":1721988000000002,"kind":"identity","identity":{"did":"did:plc:a","handle":"a.bsky.social","seq":1,"time":"2024-07-26T10:00:00Z"}}
{"did":"did:plc:a","time_us":1721988000000003,"kind":"commit","commit":{"rev":"r","operation":"delete","collection":"app.bsky.feed.post","rkey":"k1"}}
EOF
timed "$L" inspect --format json --preset bluesky js.jsonl
check "M Jetstream non-post events are not_a_post" "$(jq_ "d['input']['posts_accepted'], d['input']['rejections'].get('not_a_post')" | grep -qx '1 3' && echo 0)" "accepted/reasons $(jq_ "d['input']['posts_accepted'], d['input']['rejections']")"

echo "== Minor"
gzip -c posts.jsonl >pad.jsonl.gz
head -c 4096 /dev/zero >>pad.jsonl.gz
timed "$L" inspect --format json pad.jsonl.gz
check "m gzip followed by zero padding" "$([ $RC = 0 ] && jq_ "d['input']['posts_accepted']" | grep -qx 20 && echo 0)" "exit $RC, $(head -c 100 err)"
gzip -c posts.jsonl >junk.jsonl.gz
printf 'JUNK' >>junk.jsonl.gz
timed "$L" inspect junk.jsonl.gz
check "m gzip followed by junk: an error that says trailing data" "$([ $RC = 1 ] && ! grep -qi 'invalid gzip header' err && echo 0)" "exit $RC, $(head -c 150 err)"
printf 'post_id,account_id,timestamp,te\xffxt\np1,a1,2024-07-26T10:00:00Z,hello\n' >badhdr.csv
timed "$L" inspect --format json badhdr.csv
check "m header name with bad UTF-8 is not dropped silently" "$( (grep -qi 'utf' err || grep -qi 'utf' out) && echo 0)" "exit $RC, stderr: $(head -c 200 err | tr '\n' ' ') rejections: $(jq_ "d['input']['rejections']" 2>/dev/null)"
printf '{"post_id":"p1","account_id":"\\t=1+1","timestamp":"2024-07-26T10:00:00Z","text":"t"}\n{"post_id":"p2","account_id":" =1+1","timestamp":"2024-07-26T10:00:00Z","text":"t"}\n' >ids.jsonl
timed "$L" inspect --format json ids.jsonl
check "m ids not trimmed (two accounts)" "$(jq_ "d['accounts']['posting']" | grep -qx 2 && echo 0)" "$(jq_ "d['accounts']['posting'], [a['account_id'] for a in d['top_accounts']]")"
printf '{"post_id":"p1","account_id":"a","timestamp":"2024-07-26T10:00:00Z","text":"t","urls":{"u":"https://x.example/"}}\n' >urlobj.jsonl
timed "$L" inspect --format json urlobj.jsonl
check "m urls given as an object is a rejection" "$(jq_ "d['input']['rejections']" | grep -q bad_value && echo 0)" "$(jq_ "d['input']['rejections']")"
for i in 1 2 3 4 5 6; do for a in 1 2 3; do
    printf '{"post_id":"p%s-%s","account_id":"a%s","timestamp":"2024-07-26T10:0%s:0%sZ","text":"","urls":["javascript:alert(%s)","\\u0001JavaScript:alert(%s)","data:text/html,x%s"]}\n' $i $a $a $i $a $i $i $i
done; done >js.jsonl
timed "$L" analyze --min-score 0 --format json js.jsonl
check "m javascript:/data: links never become evidence" "$(! grep -qi 'javascript\|data:text' out && echo 0)" "exit $RC, $(grep -oi '.\{20\}javascript.\{10\}' out | head -2)"
timed "$L" analyze --window url=9223372036854775807s posts.jsonl
R1=$RC
timed "$L" analyze --window url=300000000000000000000d posts.jsonl
check "m --window overflow is a usage error" "$([ $R1 = 2 ] && [ $RC = 2 ] && echo 0)" "exit $R1 and $RC, $(head -c 120 err)"
printf 'post_id,account_id,timestamp,text\np1,a1,2024-07-26T10:00:00Z,"two\nlines"\np2,a2,2024-07-26T10:00:00Z,ok\np3,a3,notatime,x\n' >lines.csv
timed "$L" inspect --strict lines.csv
check "m line numbers count quoted newlines (p3 is on line 5)" "$(grep -q 'lines.csv:5' err && echo 0)" "$(head -c 150 err)"
{ post p1 a1 t; printf '\n'; post p2 a2 t; printf '{"post_id":"p3"}\n'; } >lines.jsonl
timed "$L" inspect --strict lines.jsonl
check "m JSONL line numbers count blank lines (p3 is on line 4)" "$(grep -q 'lines.jsonl:4' err && echo 0)" "$(head -c 150 err)"
printf '[\n%s,\n%s,\n{"post_id":"p3"}\n]\n' "$(post p1 a1 t)" "$(post p2 a2 t)" >lines.json
timed "$L" inspect --strict lines.json
check "m JSON element line numbers (p3 is on line 4)" "$(grep -q 'lines.json:4' err && echo 0)" "$(head -c 150 err)"
printf 'post_id,account_id,timestamp,text\r\np1,a1,2024-07-26T10:00:00Z,x\r\np2,a2,bad,x\r\n' >crlf.csv
timed "$L" inspect --strict crlf.csv
check "m CRLF CSV line numbers (p2 is on line 3)" "$(grep -q 'crlf.csv:3' err && echo 0)" "$(head -c 150 err)"

echo "== $FAILS failed"
exit $((FAILS > 0))
