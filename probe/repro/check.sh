#!/bin/bash
# usage: check.sh BIN  -- makes the minimal reproductions (in a temporary directory) and prints
# each one's networks and leads (size, score) and kept pairs.
set -euo pipefail
BIN=$(realpath "${1:?usage: check.sh BIN}")
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT; cd "$W"
python3 "$HERE/farm.py" 80 5 30 farm80_campaign_only.jsonl
python3 "$HERE/farm.py" 100 5 30 farm100_campaign_only.jsonl
python3 "$HERE/farm.py" 500 5 30 farm500_bg.jsonl 2000
python3 "$HERE/ring.py" ring
python3 "$HERE/giveaway.py" giveaway
python3 "$HERE/links.py" links_4domains 4
python3 "$HERE/camo.py" camo_filler100 100
one(){ f=$1; shift; "$BIN" analyze "$f" "$@" -q --format json -o out.json
python3 -c "
import json;r=json.load(open('out.json'));g=r['graph']
print('%-28s %-9s kept=%-5d nets=%s leads=%s'%('$f','$*'[:9] or 'noacc',g['pairs_kept'],[(n['size'],round(n['score'],2)) for n in r['networks']],[(n['size'],round(n['score'],2)) for n in r['leads']]))"; }
one farm80_campaign_only.jsonl          # 80 bots, 5 texts within 30 s, nothing else: a network of 80
one farm100_campaign_only.jsonl         # 100 bots: more than the pair bound; found by its crowds
one farm500_bg.jsonl                    # 500 bots among 2,000 ordinary accounts: found by its crowds
one ring.jsonl                          # ring of 12 around an obscure hub, no profiles: a lead
one ring.jsonl --accounts ring_accounts.jsonl   # with profiles: a network
one giveaway.jsonl                      # contest hunters, no profiles: a false network (known)
one giveaway.jsonl --accounts giveaway_accounts.jsonl   # with profiles: nothing
one links_4domains.jsonl --accounts links_4domains_accounts.jsonl   # new URLs on own domains: missed (known)
one camo_filler100.jsonl                # tagless camouflage, 100 ordinary posts each: missed (known)
