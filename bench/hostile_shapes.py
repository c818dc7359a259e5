#!/usr/bin/env python3
"""Hostile shapes for the graph and decision stages (issue 10): usage hostile_shapes.py SHAPE OUT [scale].

Shapes: pushes, hub, neardup, neardup2, manytexts, manytexts2, crowd, crowd10, crowdhour
(see each branch). Run each with bench/hostile_shapes.sh, which prints analyze -v stages,
wall time and peak memory under an 8 GB address-space limit."""
import json, random, sys
shape, out = sys.argv[1], sys.argv[2]
scale = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
rnd = random.Random(14)
T0 = 1_721_988_000
TEXT = "Breaking: the election was stolen, share before they delete this!! #truth"
def w(f, pid, acc, ts, text, urls=None):
    r = {"post_id": pid, "account_id": acc, "timestamp": ts, "text": text}
    if urls: r["urls"] = urls
    f.write(json.dumps(r) + "\n")
n = 0
with open(out, "w") as f:
    if shape in ("pushes", "hub"):
        # thousands of accounts, one shared text, many small overlapping pushes
        accs = int(5000 * scale); pushes = int(20000 * scale)
        for p in range(pushes):
            k = rnd.randint(3, 65)
            members = rnd.sample(range(accs), k)
            if shape == "hub": members.append("hub")
            t = T0 + p * 600
            for m in members:
                n += 1; w(f, f"p{n}", f"a{m}", t + rnd.randint(0, 30), TEXT)
    elif shape == "neardup":
        # many near-duplicate texts: a template with one changing word, many accounts
        accs = int(20000 * scale); posts = int(300000 * scale)
        words = ["alpha", "bravo", "charlie", "delta", "echo", "fox", "golf", "hotel"]
        for i in range(posts):
            t = T0 + rnd.randint(0, 86400 * 3)
            txt = f"{TEXT} {rnd.choice(words)} {rnd.randint(0, 50)}"
            n += 1; w(f, f"p{n}", f"a{rnd.randrange(accs)}", t, txt)
    elif shape == "neardup2":
        # every post a distinct near-duplicate of one long text (one token differs)
        accs = int(20000 * scale); posts = int(300000 * scale)
        for i in range(posts):
            t = T0 + rnd.randint(0, 86400 * 3)
            txt = f"{TEXT} {TEXT} ref {rnd.randint(0, 10**9)}"
            n += 1; w(f, f"p{n}", f"a{rnd.randrange(accs)}", t, txt)
    elif shape == "crowd":
        # a million accounts posting the same text and URL within one minute
        accs = int(1_000_000 * scale)
        for i in range(accs):
            n += 1; w(f, f"p{n}", f"a{i}", T0 + rnd.randint(0, 60), TEXT, ["https://evil.example/x"])
    elif shape == "crowd10":
        # 100,000 accounts (the crowd limit), each posting ten shared texts, each text's
        # posts within one minute: ten crowds just small enough to be paired
        accs = int(100_000 * scale)
        for j in range(10):
            for i in range(accs):
                n += 1; w(f, f"p{n}", f"a{i}", T0 + j * 7200 + rnd.randint(0, 60), f"{TEXT} wave {j}")
    elif shape == "crowdhour":
        # a million accounts, one text each, spread over one hour: every pair co-occurs in-window
        accs = int(1_000_000 * scale)
        for i in range(accs):
            n += 1; w(f, f"p{n}", f"a{i}", T0 + rnd.randint(0, 3600), TEXT)
    elif shape in ("manytexts", "manytexts2"):
        # thousands of accounts, each of many shared texts pushed by overlapping small
        # groups; manytexts2 scales the texts too (each text as dense at every scale)
        accs = int(3000 * scale); pushes = int(30000 * scale)
        texts = int(500 * scale) if shape == "manytexts2" else 500
        for p in range(pushes):
            k = rnd.randint(3, 65)
            members = rnd.sample(range(accs), k)
            txt = f"{TEXT} number {p % texts}"
            t = T0 + rnd.randint(0, 86400 * 7)
            for m in members:
                n += 1; w(f, f"p{n}", f"a{m}", t + rnd.randint(0, 30), txt)
    else:
        sys.exit("unknown shape")
print(shape, n, "posts", file=sys.stderr)
