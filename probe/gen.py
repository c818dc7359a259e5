#!/usr/bin/env python3
"""Independent labelled corpus generator for probing lockstep (stdlib only).

python3 gen.py --seed N --out DIR  ->  DIR/posts.jsonl DIR/accounts.jsonl DIR/labels.csv DIR/meta.json
meta.json records every hard negative and campaign with its parameters and accounts.
"""
import argparse, json, math, os, random, string, bisect
from datetime import datetime, timezone, timedelta

LANGS = {  # lang: (share, tz offsets hours)
    "en": (0.50, [-5, -8, 0, 1, 10]), "fr": (0.14, [1]), "es": (0.14, [-3, -6, 1]),
    "de": (0.08, [1]), "pt": (0.07, [-3]), "ar": (0.04, [3]), "ja": (0.03, [9]),
}
SYL = ["ka", "lo", "mi", "ne", "ra", "to", "su", "vi", "be", "do", "an", "el", "or", "ti", "po",
       "gu", "ze", "fa", "ri", "mo", "la", "sen", "tar", "pel", "gon", "dri", "cha", "ven", "blu"]

def mkvocab(rng, n):
    s = set()
    while len(s) < n:
        s.add("".join(rng.choice(SYL) for _ in range(rng.randint(1, 4))))
    return sorted(s)

EMOJI = ["😂", "🔥", "😍", "🙏", "👀", "💯", "😡", "🤔", "👏", "❤️", "🇫🇷", "🚨", "⚠️", "✅"]

def iso(t):
    return datetime.fromtimestamp(t, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

class Gen:
    def __init__(self, seed, scale=1):
        self.scale = scale
        self.rng = random.Random(seed)
        r = self.rng
        self.seed = seed
        self.days = r.randint(7, 21)
        self.t0 = int(datetime(2025, r.randint(1, 12), r.randint(1, 25), tzinfo=timezone.utc).timestamp())
        self.t1 = self.t0 + self.days * 86400
        self.posts = []
        self.accounts = {}
        self.labels = {}
        self.meta = {"seed": seed, "days": self.days, "hard_negatives": [], "campaigns": []}
        self.pid = 0
        self.vocab = {l: mkvocab(r, 900) for l in LANGS}
        self.hpool = {l: ["".join(r.choice(SYL) for _ in range(r.randint(2, 4))) for _ in range(400)] for l in LANGS}
        self.used_ids = set()

    # ---------- ids & accounts ----------
    def new_id(self):
        while True:
            a = str(self.rng.randint(10**8, 10**12))
            if a not in self.used_ids:
                self.used_ids.add(a)
                return a

    def handle(self, kind):
        r = self.rng
        if kind == "generated":
            return "".join(r.choice(string.ascii_lowercase) for _ in range(r.randint(5, 8))) + str(r.randint(10**5, 10**8))
        if kind == "random":
            return "".join(r.choice(string.ascii_letters + string.digits) for _ in range(15))
        w = "".join(r.choice(SYL) for _ in range(r.randint(2, 4)))
        return w + (r.choice(["", "_", ""]) + str(r.randint(1, 99)) if r.random() < 0.4 else "")

    def add_account(self, *, lang="en", age_days=None, followers=None, verified=False, bio=None,
                    default_avatar=None, handle=None, hkind="word", network="", tactic="", posts_total=None, following=None):
        r = self.rng
        aid = self.new_id()
        if age_days is None:
            age_days = r.uniform(60, 4500)
        if followers is None:
            followers = int(math.exp(r.gauss(5, 1.8)))
        if default_avatar is None:
            default_avatar = r.random() < 0.05
        if bio is None:
            bio = "" if r.random() < 0.15 else " ".join(r.choice(self.vocab[lang]) for _ in range(r.randint(3, 12)))
        if posts_total is None:
            posts_total = int(age_days * math.exp(r.gauss(0, 1.3)))
        self.accounts[aid] = {
            "account_id": aid, "handle": handle or self.handle(hkind), "display_name": self.handle("word").title(),
            "created_at": iso(self.t0 - int(age_days * 86400)), "followers": followers,
            "following": following if following is not None else int(math.exp(r.gauss(5, 1.2))),
            "bio": bio, "has_default_avatar": default_avatar, "verified": verified, "posts_total": posts_total,
            "_lang": lang,
        }
        self.labels[aid] = (network, tactic)
        return aid

    # ---------- posts ----------
    def post(self, aid, t, text="", lang=None, urls=(), hashtags=(), mentions=(), media=(), reshare_of=None, reply_to=None):
        self.pid += 1
        pid = "p%d_%d" % (self.seed, self.pid * 7919 % 10**9 + self.pid)
        t = int(min(max(t, self.t0), self.t1 - 1))
        p = {"post_id": pid, "account_id": aid, "timestamp": iso(t), "text": text,
             "lang": lang or self.accounts[aid]["_lang"]}
        if urls: p["urls"] = list(urls)
        if hashtags: p["hashtags"] = list(hashtags)
        if mentions: p["mentions"] = list(mentions)
        if media: p["media"] = list(media)
        if reshare_of: p["reshare_of"] = reshare_of
        if reply_to: p["reply_to"] = reply_to
        p["_t"] = t
        self.posts.append(p)
        return pid

    def sentence(self, lang, n=None):
        r = self.rng
        n = n or r.randint(6, 22)
        words = [r.choice(self.vocab[lang]) for _ in range(n)]
        s = " ".join(words).capitalize()
        if r.random() < 0.3:
            s += " " + r.choice(EMOJI)
        return s + r.choice([".", "!", "?", "", "..."])

    def media_hash(self):
        return "%016x" % self.rng.getrandbits(64)

    def diurnal_time(self, tz, day=None):
        """a timestamp with a human rhythm in local zone tz"""
        r = self.rng
        while True:
            d = day if day is not None else r.randrange(self.days)
            # local hour distribution: low at night, peaks at 12-14 and 19-23
            h = r.choices(range(24), weights=[3, 2, 1, 1, 1, 1, 2, 4, 6, 7, 7, 8, 9, 9, 8, 8, 8, 9, 10, 11, 12, 11, 8, 5])[0]
            t = self.t0 + d * 86400 + (h - tz) * 3600 + r.randrange(3600)
            if self.t0 <= t < self.t1:
                return t

    def msg_photo(self):
        return self.media_hash()

    # ---------- organic background ----------
    def organic(self):
        r = self.rng
        n = r.randint(2500, 6000) * self.scale
        target_posts = r.randint(15000, 70000) * self.scale
        self.meta["organic_accounts"] = n
        langs = list(LANGS)
        lw = [LANGS[l][0] for l in langs]
        self.org = []
        weights = []
        for i in range(n):
            lang = r.choices(langs, lw)[0]
            young = r.random() < 0.06
            aid = self.add_account(lang=lang, age_days=r.uniform(0, 20) if young else None,
                                   followers=r.randint(0, 15) if young else None,
                                   default_avatar=(r.random() < 0.5) if young else None,
                                   bio="" if young and r.random() < 0.6 else None,
                                   hkind="generated" if r.random() < 0.12 else "word")
            tz = r.choice(LANGS[lang][1])
            self.org.append((aid, lang, tz))
            weights.append(r.paretovariate(1.1))
        tot = sum(weights)
        self.org_by_lang = {}
        for a in self.org:
            self.org_by_lang.setdefault(a[1], []).append(a)
        # famous accounts: outlets and celebrities
        self.outlets = []
        for i in range(r.randint(6, 12)):
            lang = r.choices(langs, lw)[0]
            name = "".join(r.choice(SYL) for _ in range(3))
            aid = self.add_account(lang=lang, age_days=r.uniform(2000, 5000), followers=r.randint(50000, 5000000),
                                   verified=r.random() < 0.8, handle=name + "news", bio="News from " + name)
            dom = name + r.choice([".com", ".co.uk", ".fr", ".es", ".de", ".com.br"])
            self.outlets.append({"aid": aid, "lang": lang, "dom": dom, "name": name, "articles": []})
        for o in self.outlets:  # articles over time
            for d in range(self.days):
                for k in range(r.randint(5, 25)):
                    t = self.t0 + d * 86400 + r.randrange(86400)
                    slug = "-".join(r.choice(self.vocab[o["lang"]]) for _ in range(r.randint(4, 8)))
                    url = "https://%s/%s/%d/%s" % (o["dom"], r.choice(["world", "politics", "sport", "culture", "eco"]), r.randint(10**5, 10**6), slug)
                    title = slug.replace("-", " ").capitalize()
                    pid = self.post(o["aid"], t, title + " " + url, urls=[url], lang=o["lang"])
                    o["articles"].append((t, url, title, pid))
            o["articles"].sort()
        self.celebs = []
        for i in range(r.randint(4, 10)):
            lang = r.choices(langs, lw)[0]
            aid = self.add_account(lang=lang, age_days=r.uniform(1500, 5000), followers=r.randint(100000, 50000000), verified=True)
            self.celebs.append((aid, lang))
        # other domains organics link to
        gen_domains = ["youtube.com", "youtu.be", "instagram.com", "reddit.com", "github.com", "wikipedia.org",
                       "medium.com", "substack.com", "spotify.com", "amazon.com", "bit.ly", "t.co"]
        memes = [self.media_hash() for _ in range(60)]
        orig_idx = []  # (t, pid, weight)
        plan = []
        for (aid, lang, tz), w in zip(self.org, weights):
            k = max(1, min(800, int(round(target_posts * w / tot * r.uniform(0.5, 1.5)))))
            for _ in range(k):
                plan.append((self.diurnal_time(tz), aid, lang))
        plan.sort()
        all_orig = []
        famous_posts = []
        for o in self.outlets:
            for (t, url, title, pid) in o["articles"]:
                famous_posts.append((t, pid))
        for (cid, lang) in self.celebs:
            for _ in range(r.randint(10, 60)):
                t = self.diurnal_time(0)
                pid = self.post(cid, t, self.sentence(lang), media=[self.media_hash()] if r.random() < 0.5 else ())
                famous_posts.append((t, pid))
        famous_posts.sort()
        ft = [x[0] for x in famous_posts]
        for (t, aid, lang) in plan:
            x = r.random()
            if x < 0.22 and (famous_posts or all_orig):
                # reshare: famous post with p .55, else a recent organic original
                if r.random() < 0.55:
                    i = bisect.bisect_right(ft, t)
                    if i == 0: continue
                    j = max(0, i - 1 - int(r.expovariate(1 / 40)))
                    tgt = famous_posts[j][1]
                else:
                    if not all_orig: continue
                    j = max(0, len(all_orig) - 1 - int(r.expovariate(1 / 500)))
                    tgt = all_orig[j]
                self.post(aid, t, "", reshare_of=tgt)
            elif x < 0.32 and all_orig:
                j = max(0, len(all_orig) - 1 - int(r.expovariate(1 / 300)))
                self.post(aid, t, self.sentence(lang, r.randint(3, 12)), reply_to=all_orig[j])
            elif x < 0.45:
                # share an article; share-button text half the time
                o = r.choice(self.outlets)
                ts = [a[0] for a in o["articles"]]
                i = bisect.bisect_right(ts, t)
                if i == 0: continue
                j = max(0, i - 1 - int(r.expovariate(1 / 15)))
                _, url, title, _ = o["articles"][j]
                if r.random() < 0.5:
                    text = "%s %s via @%s" % (title, url, self.accounts[o["aid"]]["handle"])
                    ment = [self.accounts[o["aid"]]["handle"]]
                else:
                    text = self.sentence(lang) + " " + url
                    ment = []
                    if r.random() < 0.3:
                        url = url + "?utm_source=twitter&utm_medium=social"
                pid = self.post(aid, t, text, urls=[url], mentions=ment)
                all_orig.append(pid)
            else:
                hs = []
                if r.random() < 0.3:
                    pool = self.hpool[lang]
                    hs = [pool[min(len(pool) - 1, int(r.paretovariate(1.0)) - 1)] for _ in range(r.randint(1, 2))]
                urls = []
                if r.random() < 0.08:
                    d = r.choice(gen_domains)
                    urls = ["https://%s/%s" % (d, "".join(r.choice(string.ascii_letters) for _ in range(8)))]
                media = []
                if r.random() < 0.1:
                    media = [r.choice(memes) if r.random() < 0.3 else self.media_hash()]
                txt = self.sentence(lang) + "".join(" #" + h for h in hs) + ("".join(" " + u for u in urls))
                pid = self.post(aid, t, txt, hashtags=hs, urls=urls, media=media)
                all_orig.append(pid)
        self.all_orig = all_orig

    def pick_org(self, n, lang=None, exclude=()):
        pool = self.org if lang is None else self.org_by_lang.get(lang, self.org)
        n = min(n, len(pool))
        return self.rng.sample(pool, n)

    # ---------- hard negatives ----------
    def hn_live_event(self):
        r = self.rng
        lang = r.choice(["en", "es", "fr", "pt"])
        tag = r.choice(["WorldCupFinal", "Eurovision", "SuperBowl", "ElClasico", "Oscars", "Debate"]) + str(r.randint(2025, 2026))
        T = self.t0 + r.randrange(1, self.days - 1) * 86400 + r.randint(17, 21) * 3600
        crowd = self.pick_org(r.randint(600, 2500))
        moments = sorted(T + r.randrange(3 * 3600) for _ in range(r.randint(3, 8)))
        cnt = 0
        for (aid, l, tz) in crowd:
            for _ in range(r.choice([1, 1, 2, 3, 5])):
                m = r.choice(moments)
                t = m + int(r.expovariate(1 / 90))
                txt = self.sentence(l, r.randint(2, 9)) + " #" + tag
                self.post(aid, t, txt, hashtags=[tag], lang=l)
                cnt += 1
        self.event_tag, self.event_T = tag, T
        self.meta["hard_negatives"].append({"kind": "live_event", "tag": tag, "accounts": len(crowd), "posts": cnt, "moments": [iso(m) for m in moments], "members": [a[0] for a in crowd]})

    def hn_news_cascades(self):
        r = self.rng
        o = r.choice(self.outlets)
        junkies = self.pick_org(r.randint(300, 1500))
        jw = [r.paretovariate(1.5) for _ in junkies]
        n_c = r.randint(3, 8)
        tot = 0
        for c in range(n_c):
            t, url, title, pid = r.choice(o["articles"])
            k = r.randint(150, 900)
            for (aid, l, tz) in set(r.choices(junkies, jw, k=k)):
                self.post(aid, t + int(r.lognormvariate(math.log(600), 1.3)) + 5, "", reshare_of=pid)
                tot += 1
        self.meta["hard_negatives"].append({"kind": "news_cascade", "outlet": o["aid"], "cascades": n_c, "pool": len(junkies), "posts": tot, "members": [a[0] for a in junkies]})

    def hn_fandom(self):
        r = self.rng
        cid, lang = r.choice(self.celebs)
        fans = self.pick_org(r.randint(100, 500))
        n_p = r.randint(10, 30)
        tot = 0
        for _ in range(n_p):
            t = self.diurnal_time(0)
            pid = self.post(cid, t, self.sentence(lang), media=[self.media_hash()])
            for (aid, l, tz) in fans:
                if r.random() < r.uniform(0.2, 0.7):
                    self.post(aid, t + int(r.lognormvariate(math.log(45), 1.0)) + 2, "", reshare_of=pid)
                    tot += 1
                    if r.random() < 0.15:
                        self.post(aid, t + int(r.lognormvariate(math.log(120), 1.0)), r.choice(["omg queen 😍", "ICON", "we love you!!", "mother is mothering", "🔥🔥🔥", "stream it now"]), reply_to=pid)
        self.meta["hard_negatives"].append({"kind": "fandom", "celeb": cid, "fans": len(fans), "celeb_posts": n_p, "posts": tot, "members": [a[0] for a in fans]})

    def hn_giveaways(self):
        r = self.rng
        hunters = self.pick_org(r.randint(150, 600), lang="en")
        brands = []
        tot = 0
        for g in range(r.randint(3, 7)):
            b = self.add_account(lang="en", age_days=r.uniform(500, 3000), followers=r.randint(5000, 500000), verified=r.random() < 0.5)
            bh = self.accounts[b]["handle"]
            prize = r.choice(["a PS5", "an iPhone 16", "$500", "a gaming PC", "concert tickets", "a Switch 2"])
            t = self.diurnal_time(-5)
            pid = self.post(b, t, "GIVEAWAY! Win %s: RT and follow @%s to enter #giveaway #contest" % (prize, bh), hashtags=["giveaway", "contest"])
            text = "RT and follow @%s to win %s! #giveaway #contest" % (bh, prize)
            for (aid, l, tz) in hunters:
                if r.random() < 0.6:
                    d = int(r.lognormvariate(math.log(1800), 1.5))
                    self.post(aid, t + d, "", reshare_of=pid)
                    self.post(aid, t + d + r.randint(5, 60), text, hashtags=["giveaway", "contest"], mentions=[bh], lang="en")
                    tot += 2
        self.meta["hard_negatives"].append({"kind": "giveaway_hunters", "hunters": len(hunters), "posts": tot, "members": [a[0] for a in hunters]})

    def hn_sisters(self):
        r = self.rng
        name = "".join(r.choice(SYL) for _ in range(3))
        lang = r.choice(["en", "fr", "es", "de"])
        sis = [self.add_account(lang=lang, age_days=r.uniform(1500, 5000), followers=r.randint(20000, 2000000), verified=True,
                                handle=name + s, bio="Official %s account of %s" % (s, name)) for s in ["", "_sport", "_politics", "_local", "_culture", "_eco"][:r.randint(3, 6)]]
        dom = name + ".com"
        tot = 0
        for _ in range(r.randint(15, 60)):
            t = self.diurnal_time(1)
            slug = "-".join(r.choice(self.vocab[lang]) for _ in range(6))
            url = "https://%s/%s" % (dom, slug)
            for a in r.sample(sis, r.randint(2, len(sis))):
                self.post(a, t + r.randint(0, 900), slug.replace("-", " ").capitalize() + " " + url, urls=[url])
                tot += 1
        self.meta["hard_negatives"].append({"kind": "sister_accounts", "accounts": sis, "posts": tot})

    def hn_hashtag_chat(self):
        r = self.rng
        tag = r.choice(["journchat", "edchat", "scifichat", "gardenchat", "runchat"])
        members = self.pick_org(r.randint(25, 80), lang="en")
        tot = 0
        start_day = r.randrange(7)
        for wk in range(start_day, self.days, 7):
            T = self.t0 + wk * 86400 + 20 * 3600
            for (aid, l, tz) in members:
                if r.random() < 0.7:
                    for q in range(r.randint(1, 6)):
                        self.post(aid, T + q * 600 + r.randint(30, 580), "A%d: %s #%s" % (q + 1, self.sentence("en", r.randint(5, 15)), tag), hashtags=[tag], lang="en")
                        tot += 1
        self.meta["hard_negatives"].append({"kind": "weekly_chat", "tag": tag, "n_members": len(members), "posts": tot, "members": [a[0] for a in members]})

    def hn_bots(self):
        r = self.rng
        cities = ["Paris", "Lyon", "Madrid", "Boston", "Tokyo", "Lagos", "Lima", "Oslo", "Cairo", "Perth"][:r.randint(4, 10)]
        tot = 0
        wb = []
        for c in cities:
            b = self.add_account(lang="en", age_days=r.uniform(800, 3000), followers=r.randint(200, 20000), bio="Hourly weather for " + c, handle="weather_" + c.lower())
            wb.append(b)
            for h in range(0, self.days * 24, r.choice([1, 1, 3])):
                temp = r.randint(-5, 35)
                self.post(b, self.t0 + h * 3600 + r.randint(0, 20), "Weather in %s: %d°C, %s. Humidity %d%% #weather" % (c, temp, r.choice(["cloudy", "sunny", "rain", "fog", "clear"]), r.randint(20, 99)), hashtags=["weather"])
                tot += 1
        brand = r.random() < 0.5
        qb = [self.add_account(lang="en", age_days=r.uniform(800, 3000), followers=r.randint(1000, 60000), bio="Automated earthquake alerts", handle=(("quake" + s) if brand else h2)) for s, h2 in zip(["alert", "bot", "_world", "watch", "feed"], ["SeismoWatch", "EQ_alerts_now", "TerraShakeInfo", "richter_feed", "GeoHazardBot"])][:r.randint(3, 5)]
        for _ in range(r.randint(20, 120)):
            t = self.t0 + r.randrange(self.days * 86400)
            ev = "us7000%s" % "".join(r.choice("abcdefghjkmnpqrstuvwxyz0123456789") for _ in range(4))
            mag = round(r.uniform(4.0, 7.0), 1)
            place = "%d km %s of %s" % (r.randint(2, 90), r.choice(["N", "S", "SW", "NE", "E"]), r.choice(["Ridgecrest", "Hualien", "Valparaiso", "Izmir", "Kobe", "Anchorage"]))
            url = "https://earthquake.usgs.gov/earthquakes/eventpage/" + ev
            for b in qb:
                self.post(b, t + r.randint(10, 120), "M%.1f earthquake %s. Details: %s #earthquake" % (mag, place, url), urls=[url], hashtags=["earthquake"])
                tot += 1
        self.meta["hard_negatives"].append({"kind": "legit_bots", "weather": wb, "quake": qb, "posts": tot})

    def hn_copypasta(self):
        r = self.rng
        tot = 0
        cpm = []
        for _ in range(r.randint(1, 3)):
            base = r.choice([
                "I'm not asking you to share this, but I'd like to see who actually reads my posts. Copy and paste, don't share.",
                "Scientists have confirmed that cats purr at a frequency that heals bones, share if you love your cat",
                "In honour of mental health week, I want to say my door is always open. Copy and repost if you agree",
                "Facebook is changing its privacy rules tomorrow. I do not give permission to use my photos or posts."])
            T = self.t0 + r.randrange(self.days * 86400)
            cp = self.pick_org(r.randint(80, 500))
            cpm.extend(a[0] for a in cp)
            for (aid, l, tz) in cp:
                t = T + int(r.lognormvariate(math.log(8 * 3600), 1.0))
                txt = (r.choice(["", "Copied from a friend: ", "Why not. ", ""]) + base + r.choice(["", " ❤️", " 🙏", "!!"]))
                self.post(aid, t, txt, lang="en")
                tot += 1
        self.meta["hard_negatives"].append({"kind": "copypasta", "posts": tot, "members": cpm})

    def hn_quote_chains(self):
        r = self.rng
        tot = 0
        for _ in range(r.randint(5, 20)):
            prev = r.choice(self.all_orig)
            t = self.t0 + r.randrange(self.days * 86400)
            for (aid, l, tz) in self.pick_org(r.randint(4, 20)):
                t += int(r.expovariate(1 / 900))
                prev = self.post(aid, t, self.sentence(l, 8), reshare_of=prev)
                tot += 1
        self.meta["hard_negatives"].append({"kind": "quote_chains", "posts": tot})

    # ---------- campaigns ----------
    def camp_accounts(self, net, tactic, n, *, fresh, lang="en", hk=None):
        r = self.rng
        out = []
        batch = r.uniform(1, 60)
        for _ in range(n):
            if r.random() < fresh:
                a = self.add_account(lang=lang, age_days=r.uniform(batch, batch + r.uniform(1, 10)), followers=r.randint(0, 40),
                                     default_avatar=r.random() < 0.7, bio="" if r.random() < 0.7 else None,
                                     hkind=hk or ("generated" if r.random() < 0.6 else "word"), network=net, tactic=tactic,
                                     posts_total=r.randint(0, 100))
            else:
                a = self.add_account(lang=lang, age_days=r.uniform(400, 3500), followers=int(math.exp(r.gauss(5.5, 1))),
                                     default_avatar=False, hkind=hk or "word", network=net, tactic=tactic)
            out.append(a)
        return out

    def filler(self, aid, lang, tz, k):
        for _ in range(k):
            self.post(aid, self.diurnal_time(tz), self.sentence(lang))

    def record(self, net, tactic, accts, **kw):
        self.meta["campaigns"].append(dict(network=net, tactic=tactic, size=len(accts), **kw))

    def c_reply_brigade(self, net):
        r = self.rng
        n = r.randint(12, 60)
        acc = self.camp_accounts(net, "reply_brigade", n, fresh=r.uniform(0, 1))
        pol = self.add_account(lang="en", age_days=3000, followers=r.randint(20000, 900000), verified=True, bio="Member of parliament")
        templates = ["Resign now, you are a disgrace", "Nobody believes your lies anymore", "Traitor to this country, step down",
                     "How much did they pay you?", "Your time is up. Resign.", "Shame on you and your corrupt party"]
        tot = 0
        nt = r.randint(4, 15)
        for _ in range(nt):
            t = self.diurnal_time(0)
            pid = self.post(pol, t, self.sentence("en"))
            # organic replies too
            for (aid, l, tz) in self.pick_org(r.randint(5, 40)):
                self.post(aid, t + int(r.lognormvariate(math.log(1200), 1.2)), self.sentence(l, 8), reply_to=pid)
            for a in acc:
                if r.random() < r.uniform(0.3, 0.9):
                    txt = r.choice(templates) + r.choice(["", "!", " " + r.choice(EMOJI), " @" + self.accounts[pol]["handle"]])
                    self.post(a, t + int(r.lognormvariate(math.log(r.choice([120, 600, 1800])), 0.8)), txt, reply_to=pid)
                    tot += 1
        for a in acc:
            self.filler(a, "en", 0, r.randint(0, 10))
        self.record(net, "reply_brigade", acc, targets=nt, posts=tot)

    def c_reshare_ring(self, net):
        r = self.rng
        n = r.randint(8, 40)
        acc = self.camp_accounts(net, "reshare_ring_aged", n, fresh=0.0)
        hub = acc[0]
        nh = r.randint(10, 40)
        med = r.choice([300, 1200, 3600, 3 * 3600])
        tot = 0
        for _ in range(nh):
            t = self.diurnal_time(-5)
            pid = self.post(hub, t, self.sentence("en"), urls=["https://" + r.choice(["medium.com", "substack.com", "youtube.com"]) + "/" + "".join(r.choice(string.ascii_lowercase) for _ in range(10))])
            for a in acc[1:]:
                if r.random() < r.uniform(0.4, 0.9):
                    self.post(a, t + int(r.lognormvariate(math.log(med), 1.0)) + 30, "", reshare_of=pid)
                    tot += 1
        for a in acc:
            self.filler(a, "en", -5, r.randint(5, 40))
        self.record(net, "reshare_ring_aged", acc, hub_posts=nh, median_delay_s=med, posts=tot)

    def c_paraphrase(self, net):
        r = self.rng
        n = r.randint(15, 60)
        acc = self.camp_accounts(net, "paraphrase_multilang", n, fresh=r.uniform(0.3, 1))
        claims = {
            "en": [["The vaccine", "This new jab", "The shot they push"], ["was never properly tested", "skipped real safety trials", "was rushed without testing"], ["and they know it", "and officials hide it", "and nobody in power will admit it"]],
            "fr": [["Le vaccin", "Cette nouvelle piqûre", "L'injection"], ["n'a jamais été testé", "a sauté les essais", "a été bâclé sans tests"], ["et ils le savent", "et on nous le cache"]],
            "es": [["La vacuna", "Esta nueva inyección"], ["nunca fue probada", "se saltó los ensayos", "fue apresurada sin pruebas"], ["y lo saben", "y nos lo ocultan"]],
        }
        tags = ["novax", "truthmatters", "wakeup", "healthfreedom"]
        days = r.randint(2, 6)
        start = r.randrange(self.days - days + 1)
        tot = 0
        langs_used = r.sample(list(claims), r.randint(1, 3))
        for a in acc:
            lang = r.choice(langs_used)
            self.accounts[a]["_lang"] = lang
            for _ in range(r.randint(2, 12)):
                parts = [r.choice(p) for p in claims[lang]]
                if r.random() < 0.3:
                    parts = [parts[1].capitalize(), parts[0].lower(), parts[2]] if lang == "en" else parts
                txt = " ".join(parts) + r.choice([".", "!", "!!", " 🤔", " 😡", " ⚠️"])
                hs = r.sample(tags, r.randint(0, 2))
                txt += "".join(" #" + h for h in hs)
                t = self.t0 + (start + r.randrange(days)) * 86400 + r.randrange(86400)
                self.post(a, t, txt, hashtags=hs, lang=lang)
                tot += 1
        self.record(net, "paraphrase_multilang", acc, langs=langs_used, posts=tot)

    def c_link(self, net):
        r = self.rng
        n = r.randint(15, 50)
        acc = self.camp_accounts(net, "link_many_urls", n, fresh=r.uniform(0.3, 1))
        doms = ["%s-%s.%s" % (r.choice(["daily", "true", "free", "real"]), "".join(r.choice(SYL) for _ in range(2)), r.choice(["info", "news", "online", "site"])) for _ in range(r.randint(1, 4))]
        tot = 0
        for a in acc:
            for _ in range(r.randint(3, 15)):
                d = r.choice(doms)
                path = "/".join("".join(r.choice(string.ascii_lowercase) for _ in range(r.randint(4, 9))) for _ in range(r.randint(1, 3)))
                u = "https://%s/%s" % (d, path)
                if r.random() < 0.4:
                    u += "?id=%d&src=%s" % (r.randint(1, 10**6), r.choice(["tw", "fb", "x"]))
                if r.random() < 0.2:
                    u = "https://bit.ly/" + "".join(r.choice(string.ascii_letters + string.digits) for _ in range(7))
                t = self.diurnal_time(0)
                self.post(a, t, self.sentence("en", r.randint(4, 12)) + " " + u, urls=[u])
                tot += 1
        for a in acc:
            self.filler(a, "en", 0, r.randint(0, 8))
        self.record(net, "link_many_urls", acc, domains=doms, posts=tot)

    def c_slow_drip(self, net):
        r = self.rng
        n = r.randint(3, 8)
        acc = self.camp_accounts(net, "slow_drip", n, fresh=r.uniform(0, 1))
        dom = "%s-report.org" % "".join(r.choice(SYL) for _ in range(3))
        tag = "".join(r.choice(SYL) for _ in range(3))
        msgs = [self.sentence("en", 12) for _ in range(r.randint(5, 15))]
        tot = 0
        for d in range(self.days):
            for a in acc:
                for _ in range(r.randint(0, 3)):
                    m = r.choice(msgs)
                    u = "https://%s/%d" % (dom, r.randint(1, 300))
                    self.post(a, self.diurnal_time(-5, d), m + " #" + tag + " " + u, urls=[u], hashtags=[tag])
                    tot += 1
        self.record(net, "slow_drip", acc, domain=dom, tag=tag, posts=tot)

    def c_farm(self, net):
        r = self.rng
        n = r.randint(1000, 2000)
        acc = self.camp_accounts(net, "bot_farm", n, fresh=0.95, hk="generated")
        base = [self.sentence("en", 14) for _ in range(r.randint(3, 8))]
        tot = 0
        for b in base:
            T = self.t0 + r.randrange(self.days * 86400)
            spread = r.choice([5, 30, 120])
            tag = r.choice(self.hpool["en"][:20])
            for a in acc:
                if r.random() < r.uniform(0.6, 1.0):
                    w = b.split()
                    if r.random() < 0.5:
                        i = r.randrange(len(w)); w[i] = r.choice(self.vocab["en"])
                    self.post(a, T + r.randint(0, spread), " ".join(w) + " " + r.choice(EMOJI) + " #" + tag, hashtags=[tag])
                    tot += 1
        self.record(net, "bot_farm", acc, waves=len(base), posts=tot)

    def c_camouflaged(self, net):
        r = self.rng
        n = r.randint(10, 30)
        acc = self.camp_accounts(net, "camouflaged", n, fresh=r.uniform(0, 0.5))
        tot = 0
        for a in acc:
            self.filler(a, "en", -5, r.randint(50, 200))
        ops = r.randint(5, 12)
        ctag = "".join(r.choice(SYL) for _ in range(3)) if r.random() < 0.5 else None
        for _ in range(ops):
            T = self.diurnal_time(-5)
            img = self.media_hash()
            u = "https://%s.net/%s" % ("".join(r.choice(SYL) for _ in range(3)), "".join(r.choice(string.ascii_lowercase) for _ in range(8)))
            txt = self.sentence("en", 10)
            for a in r.sample(acc, max(2, int(n * r.uniform(0.3, 0.6)))):
                self.post(a, T + r.randint(0, 1800), txt + " " + r.choice(EMOJI) + (" #" + ctag if ctag else "") + " " + u, urls=[u], media=[img], hashtags=[ctag] if ctag else ())
                tot += 1
        self.record(net, "camouflaged", acc, ops=ops, posts=tot, campaign_tag=ctag)

    def c_office_hours(self, net):
        r = self.rng
        n = r.randint(15, 50)
        tz = r.choice([3, 8])
        acc = self.camp_accounts(net, "office_hours_tz%+d" % tz, n, fresh=r.uniform(0, 1))
        imgs = [self.media_hash() for _ in range(r.randint(10, 40))]
        msgs = [self.sentence("en", 12) for _ in range(r.randint(10, 40))]
        tot = 0
        for d in range(self.days):
            wd = datetime.fromtimestamp(self.t0 + d * 86400, tz=timezone.utc).weekday()
            if wd >= 5: continue
            for a in acc:
                for _ in range(r.randint(2, 8)):
                    t = self.t0 + d * 86400 + (9 - tz) * 3600 + r.randrange(9 * 3600)
                    self.post(a, t, r.choice(msgs) + " " + r.choice(EMOJI), media=[r.choice(imgs)] if r.random() < 0.5 else ())
                    tot += 1
        self.record(net, "office_hours_tz%+d" % tz, acc, posts=tot)

    def c_hijack(self, net):
        r = self.rng
        n = r.randint(20, 80)
        acc = self.camp_accounts(net, "hashtag_hijack", n, fresh=r.uniform(0.2, 1))
        dom = "%s-truth.com" % "".join(r.choice(SYL) for _ in range(2))
        msg = [self.sentence("en", 12) for _ in range(3)]
        tot = 0
        for a in acc:
            for _ in range(r.randint(1, 4)):
                t = self.event_T + r.randrange(3 * 3600)
                w = r.choice(msg).split()
                r.shuffle(w[:3])
                u = "https://%s/%d" % (dom, r.randint(1, 50))
                self.post(a, t, " ".join(w) + " #" + self.event_tag + " " + u, hashtags=[self.event_tag], urls=[u])
                tot += 1
        self.record(net, "hashtag_hijack", acc, tag=self.event_tag, domain=dom, posts=tot)

    def c_outlet_amplifier(self, net):
        """ring of aged accounts resharing a famous state outlet's posts within seconds, among its organic audience"""
        r = self.rng
        n = r.randint(10, 40)
        acc = self.camp_accounts(net, "state_outlet_amplifier", n, fresh=r.uniform(0, 0.6))
        so = self.add_account(lang="en", age_days=3000, followers=r.randint(200000, 3000000), verified=r.random() < 0.5, handle="".join(r.choice(SYL) for _ in range(2)) + "today", bio="News. Views. Truth.")
        audience = self.pick_org(r.randint(200, 800))
        tot = 0
        nposts = r.randint(15, 50)
        for _ in range(nposts):
            t = self.diurnal_time(3)
            u = "https://%s.ru/%s" % (self.accounts[so]["handle"], "".join(r.choice(string.ascii_lowercase) for _ in range(9)))
            pid = self.post(so, t, self.sentence("en") + " " + u, urls=[u])
            for (aid, l, tz) in audience:
                if r.random() < 0.08:
                    self.post(aid, t + int(r.lognormvariate(math.log(1800), 1.3)), "", reshare_of=pid)
            for a in acc:
                if r.random() < r.uniform(0.3, 0.8):
                    self.post(a, t + int(r.lognormvariate(math.log(r.choice([20, 90, 400])), 0.7)), "", reshare_of=pid)
                    tot += 1
        for a in acc:
            self.filler(a, "en", 3, r.randint(0, 30))
        self.record(net, "state_outlet_amplifier", acc, outlet=so, outlet_posts=nposts, posts=tot)

    def hn_pileon(self):
        r = self.rng
        tot = 0
        mem = []
        for _ in range(r.randint(2, 6)):
            tgt = r.choice(self.all_orig)
            T = self.t0 + r.randrange(self.days * 86400)
            crowd = self.pick_org(r.randint(50, 400))
            mem.extend(a[0] for a in crowd)
            for (aid, l, tz) in crowd:
                self.post(aid, T + int(r.lognormvariate(math.log(1800), 1.2)), r.choice(["ratio", "this is insane", "delete this", "who asked?", "L + ratio", "yikes", "absolutely unhinged take", "touch grass"]) + r.choice(["", "!", " 💀", " 😂"]), reply_to=tgt)
                tot += 1
        self.meta["hard_negatives"].append({"kind": "reply_pileon", "posts": tot, "members": mem})

    def build(self):
        self.organic()
        for f in [self.hn_live_event, self.hn_news_cascades, self.hn_fandom, self.hn_giveaways, self.hn_sisters,
                  self.hn_hashtag_chat, self.hn_bots, self.hn_copypasta, self.hn_quote_chains, self.hn_pileon]:
            f()
        camps = [self.c_reply_brigade, self.c_reshare_ring, self.c_paraphrase, self.c_link, self.c_slow_drip,
                 self.c_farm, self.c_camouflaged, self.c_office_hours, self.c_hijack, self.c_outlet_amplifier]
        for i, c in enumerate(camps):
            c("C%d_%s" % (i + 1, c.__name__[2:]))

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        self.posts.sort(key=lambda p: (p["_t"], p["post_id"]))
        with open(os.path.join(out, "posts.jsonl"), "w") as f:
            for p in self.posts:
                p = dict(p); del p["_t"]
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
        with open(os.path.join(out, "accounts.jsonl"), "w") as f:
            for a in self.accounts.values():
                a = {k: v for k, v in a.items() if not k.startswith("_")}
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
        with open(os.path.join(out, "labels.csv"), "w") as f:
            f.write("account_id,network,tactic\n")
            for aid, (n, t) in sorted(self.labels.items()):
                f.write("%s,%s,%s\n" % (aid, n, t))
        self.meta["posts"] = len(self.posts)
        self.meta["accounts"] = len(self.accounts)
        with open(os.path.join(out, "meta.json"), "w") as f:
            json.dump(self.meta, f, indent=1)

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale", type=int, default=1, help="multiplies the organic accounts and posts")
    a = ap.parse_args()
    g = Gen(a.seed, a.scale)
    g.build()
    g.write(a.out)
    print("seed %d: %d posts, %d accounts, %d days" % (a.seed, len(g.posts), len(g.accounts), g.days))
