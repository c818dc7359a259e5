#!/usr/bin/env python3
"""Runs sql/coaction_hits.sql and sql/coaction_stats.sql on SQLite (Python's standard library)
against a line-by-line port of lockstep's in-memory co-action loop (graph::coaction), on
random events with tied times, repeated accounts, fixed and rarity windows, capped objects,
crowds and a neighbour bound that bites.

It shows two things without the `distributed` build: the plan's logic is the in-memory
rule, and the SQL is portable (a third engine, no user-defined functions beyond naming
SQLite's max() and min() GREATEST and LEAST, which DataFusion and Spark have built in). The engine tests
of the feature check the same on DataFusion and Ballista, against the Rust code itself.

Usage: python3 sql/check_sqlite.py [SEEDS]   (default 20); exit status 1 on a difference.
"""

import os
import random
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HITS = open(os.path.join(HERE, "coaction_hits.sql")).read()
STATS = open(os.path.join(HERE, "coaction_stats.sql")).read()
K, CROWD = 3, 6
# signal -> (fixed_ms, span_ms, min_ms, max_ms); fixed_ms < 0: the rarity window.
RULES = {"url": (-1, 1000, 10, 1000), "reshare": (50, 0, 0, 0)}


def fill(template):
    # As engine::sql::rules writes them: a fixed window W is the rarity row (0, W, W).
    rows = {s: ((0, f, f) if f >= 0 else (sp, mn, mx)) for s, (f, sp, mn, mx) in RULES.items()}
    # One VALUES list, not a UNION ALL of one-row SELECTs (see engine::sql::rules).
    rules = (
        "SELECT column1 AS signal, CAST(column2 AS BIGINT) AS span_ms, "
        "CAST(column3 AS BIGINT) AS min_ms, CAST(column4 AS BIGINT) AS max_ms\n"
        "  FROM (VALUES " + ", ".join(f"('{s}', {sp}, {mn}, {mx})" for s, (sp, mn, mx) in rows.items()) + ")"
    )
    return (template.replace("${RULES}", rules).replace("${K_PLUS_1}", str(K + 1))
            .replace("${K}", str(K)).replace("${CROWD_LIMIT}", str(CROWD)))


def window(signal, k, cap):
    """Window::for_users after graph::object_rule's cap."""
    fixed, span, mn, mx = RULES[signal]
    if fixed >= 0:
        return fixed
    return min(max(span // k, mn), max(min(mx, cap), mn))


def in_memory(events):
    """graph::coaction::hits, per signal in use."""
    hits, stats = [], []
    for s in RULES:
        es = sorted((o, t, a, p, c) for (ss, o, t, a, p, c) in events if ss == s)
        objects = sorted({e[0] for e in es})
        st = [len(es), len(objects), 0, 0, 0, 0]
        for o in objects:
            e = [x for x in es if x[0] == o]
            k = len({x[2] for x in e})
            if k < 2:
                continue
            st[2] += 1
            if k > CROWD:
                st[3] += 1
                st[4] += len(e)
                continue
            w, best = window(s, k, e[0][4]), {}
            for i in range(len(e)):
                for formed, j in enumerate(range(i + 1, len(e))):
                    lag = e[j][1] - e[i][1]
                    if lag > w:
                        break
                    if formed == K:
                        st[5] += 1
                        break
                    ai, aj = e[i][2], e[j][2]
                    if ai != aj:
                        posts = (e[i][3], e[j][3]) if ai < aj else (e[j][3], e[i][3])
                        key, cand = (min(ai, aj), max(ai, aj)), (lag, posts)
                        best[key] = min(best.get(key, cand), cand)
            hits += [(s, o, lo, hi, k, lag, pl, ph) for (lo, hi), (lag, (pl, ph)) in best.items()]
        stats.append((s, *st))
    return sorted(hits), sorted(stats)


def main():
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    failed = 0
    for seed in range(seeds):
        rnd = random.Random(seed)
        events, post = [], 0
        for s in ["url", "reshare", "domain"]:
            for o in range(30):
                cap = rnd.choice([2**62, 30])
                for _ in range(rnd.randint(1, 12)):
                    events.append((s, o, rnd.randint(0, 200), rnd.randint(0, 7), post, cap))
                    post += 1
        db = sqlite3.connect(":memory:")
        # SQLite spells GREATEST and LEAST as the many-argument max() and min().
        db.create_function("GREATEST", -1, max, deterministic=True)
        db.create_function("LEAST", -1, min, deterministic=True)
        db.execute("CREATE TABLE events(signal TEXT, object INTEGER, time INTEGER,"
                   " account INTEGER, post INTEGER, cap_ms INTEGER)")
        db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?)", events)
        got = (sorted(db.execute(fill(HITS)).fetchall()), sorted(db.execute(fill(STATS)).fetchall()))
        if got != in_memory(events):
            failed += 1
            print(f"seed {seed}: the SQL plan differs from the in-memory rule", file=sys.stderr)
    print(f"sql on sqlite: {seeds - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
