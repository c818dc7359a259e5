#!/usr/bin/env python3
"""summarize.py DIR REPORT [SCOREJSON] : per campaign recall, false networks with composition."""
import json, sys
from collections import Counter
d, rep = sys.argv[1], sys.argv[2]
r = json.load(open(rep))
meta = json.load(open(d + "/meta.json"))
lab = {}
for l in open(d + "/labels.csv").read().split("\n")[1:]:
    if l:
        a, n, t = l.split(","); lab[a] = n
# organic roles from meta
role = {}
for h in meta["hard_negatives"]:
    for k in ("weather", "quake", "accounts"):
        if isinstance(h.get(k), list):
            for a in h[k]: role[a] = h["kind"] + ("/" + k if k != "accounts" else "")
    for a in (h.get("members") if isinstance(h.get("members"), list) else []): role[a] = role.get(a, "") + "+" + h["kind"] if a in role else h["kind"]
    if h.get("outlet"): role[h["outlet"]] = "outlet"
    if h.get("celeb"): role[h["celeb"]] = "celeb"
for c in meta["campaigns"]:
    if c.get("outlet"): role[c["outlet"]] = "state_outlet"
out = []
for k in ("networks", "leads", "same_owner"):
    for n in r.get(k) or []:
        c = Counter(lab.get(a) or role.get(a, "organic") for a in n["accounts"])
        sp = n.get("score_parts", {})
        out.append("%s %s score=%.2f size=%d posts=%d comp=%s parts=%s reason=%s" % (
            k, n["id"], n["score"], n["size"], n["posts"], dict(c.most_common(6)),
            {x: sp.get(x) for x in ("authored", "timing", "repetition", "burst", "accounts")},
            (n.get("reason") or "")[:250]))
print("\n".join(out))
