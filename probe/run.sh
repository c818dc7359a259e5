#!/bin/bash
# usage: run.sh BIN [SEEDS...]   regenerates /tmp/probe-cN for each seed, analyzes with and without --accounts, scores.
BIN=${1:?usage: run.sh BIN [SEEDS...]}; shift
SEEDS=${@:-1 2 3 4 5 6 7 8}
HERE=$(cd "$(dirname "$0")" && pwd)
# gen.py iterates sets of strings: without a fixed hash seed a corpus differs run to run.
export PYTHONHASHSEED=0
# PROBE_SCALE=K multiplies the organic crowd (corpora in /tmp/probe-sK-cN).
SCALE=${PROBE_SCALE:-1}
for s in $SEEDS; do
  if [ "$SCALE" = 1 ]; then D=/tmp/probe-c$s; else D=/tmp/probe-s$SCALE-c$s; fi
  [ -n "$PROBE_KEEP" ] && [ -f $D/posts.jsonl ] || nice python3 "$HERE/gen.py" --seed $s --scale $SCALE --out $D >/dev/null
  nice "$BIN" analyze $D/posts.jsonl --accounts $D/accounts.jsonl --format json -q -o $D/report.json
  nice "$BIN" analyze $D/posts.jsonl --format json -q -o $D/report_noacc.json
  "$BIN" score --truth $D/labels.csv $D/report.json --format json > $D/score.json
  "$BIN" score --truth $D/labels.csv $D/report_noacc.json --format json > $D/score_noacc.json
  python3 - "$D" <<'PY'
import json,sys
d=sys.argv[1]; out=[]
for tag,f in (("acc","score.json"),("noacc","score_noacc.json")):
    s=json.load(open(d+"/"+f))
    rec=" ".join("%s=%.2f"%(n["network"].split("_")[0],n["recall"]) for n in s["networks"])
    # Pair F1 sees a false merge of two campaigns, which account F1 cannot.
    out.append("%s F1=%.3f pairF1=%.3f fp_nets=%d [%s]"%(tag,s["accounts"]["f1"],s["pairs"]["f1"],s["false_positive_networks"],rec))
m=json.load(open(d+"/meta.json"))
lab={}
for l in open(d+"/labels.csv").read().split("\n")[1:]:
    if l: a,n,t=l.split(","); lab[a]=n
role={}
PRI=["legit_bots","sister_accounts","giveaway_hunters","fandom","weekly_chat","copypasta","reply_pileon","quote_chains","news_cascade","live_event"]
for h in m["hard_negatives"]:
    for k in ("members","accounts","weather","quake"):
        if isinstance(h.get(k),list):
            for a in h[k]:
                kind=h["kind"]+("/"+k if k in ("weather","quake") else "")
                if a not in role or PRI.index(h["kind"])<PRI.index(role[a].split("/")[0]): role[a]=kind
from collections import Counter
for tag,f in (("acc","report.json"),("noacc","report_noacc.json")):
    r=json.load(open(d+"/"+f)); fp=[]
    for n in r["networks"]:
        c=Counter(lab.get(a) or role.get(a,"organic") for a in n["accounts"])
        top,k=c.most_common(1)[0]
        if not lab.get(top) and top.split("_")[0][1:].isdigit() is False and not top.startswith("C"): fp.append("%s:%s(%d,%.2f)"%(n["id"],top,n["size"],n["score"]))
    out.append("FP_%s=[%s]"%(tag," ".join(fp)))
print("%s posts=%d days=%d | %s"%(d,m["posts"],m["days"]," | ".join(out)))
PY
done
