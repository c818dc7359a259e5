//! The organic background, made hard on purpose: heavy-tailed activity, daily rhythms across
//! time zones, new genuine accounts with sparse profiles, viral events where thousands share
//! one URL, hashtag or post within minutes, slogans copied word for word, a news bot posting
//! every few minutes, and fan crowds resharing a celebrity within seconds.

use super::rng::{Rng, Weighted};
use super::text;
use super::world::{Account, Ctx, DAY_MS, HOUR_MS, MIN_MS, Post, account_id};

/// Sizes of the organic population and its events.
#[derive(Debug, Clone)]
pub struct OrganicPlan {
    pub accounts: usize,
    /// Target organic posts over the window.
    pub posts: u64,
    /// Viral events over the window.
    pub viral_events: usize,
    /// Share of accounts (min, max) joining one viral event.
    pub viral_share: (f64, f64),
    /// Fan crowd sizes, one celebrity each.
    pub fan_crowds: Vec<usize>,
    pub news_bots: usize,
    /// Mean minutes between a news bot's posts.
    pub bot_interval_min: i64,
}

/// Organic world state kept across days.
pub struct Organic {
    /// Indices of ordinary posting accounts and their activity weights.
    posters: Vec<u32>,
    poster_weights: Weighted,
    celebrities: Vec<(u32, Vec<u32>)>,
    bots: Vec<u32>,
    bot_interval: i64,
    viral: Vec<Viral>,
    /// Recent posts others may reshare or reply to: (key, account, text, weight).
    pool: Vec<(u64, u32, String, f64)>,
    domains: Weighted,
    tags: Weighted,
    memes: Vec<u64>,
    meme_weights: Weighted,
}

#[derive(Debug, Clone)]
struct Viral {
    time: i64,
    kind: u8,
    participants: usize,
    object: u64,
}

/// Diurnal weights per local hour: quiet nights, a lunch bump, evening peak.
const DIURNAL: [f64; 24] = [
    0.6, 0.35, 0.2, 0.12, 0.1, 0.15, 0.35, 0.7, 1.0, 1.1, 1.1, 1.2, 1.4, 1.3, 1.1, 1.1, 1.2, 1.4,
    1.6, 1.9, 2.1, 2.0, 1.6, 1.1,
];

fn zone_for(rng: &mut Rng, lang: &str) -> i64 {
    match lang {
        "fr" | "de" | "it" => 2,
        "es" => rng.pick(&[2, 2, -3, -5, -6]),
        "ar" => 3,
        _ => rng.pick(&[1, 0, -4, -5, -7, 10, 2]),
    }
}

fn pick_lang(rng: &mut Rng) -> &'static str {
    let w = Weighted::new(text::LANGS.iter().map(|l| l.1));
    text::LANGS[w.draw(rng)].0
}

/// Creates the organic accounts (appended to `accounts`) and the state for daily generation.
pub fn build(ctx: &mut Ctx, plan: &OrganicPlan, accounts: &mut Vec<Account>) -> Organic {
    let rng = &mut ctx.rng;
    let base = accounts.len() as u32;
    let mut raw_rates = Vec::with_capacity(plan.accounts);
    for _ in 0..plan.accounts {
        let new = rng.chance(0.08);
        let lang = pick_lang(rng);
        let age_days = if new {
            rng.range(1, 30)
        } else {
            (rng.lognormal(4.0 * 365.0, 0.7) as i64).clamp(40, 17 * 365)
        };
        let followers = if new {
            rng.below(40)
        } else {
            rng.lognormal(150.0, 1.8) as u64
        };
        let rate = rng.pareto(1.0, 1.6).min(300.0);
        raw_rates.push(rate);
        accounts.push(Account {
            id: account_id(ctx.seed, accounts.len() as u64),
            handle: if rng.chance(if new { 0.45 } else { 0.1 }) {
                text::generated_handle(rng)
            } else {
                text::human_handle(rng)
            },
            display_name: text::display_name(rng),
            created_at: ctx.start - age_days * DAY_MS - rng.range(0, DAY_MS - 1),
            followers,
            following: rng.lognormal(200.0, 1.2) as u64,
            bio: rng
                .chance(if new { 0.35 } else { 0.75 })
                .then(|| text::bio(rng)),
            default_avatar: rng.chance(if new { 0.35 } else { 0.03 }),
            verified: !new && rng.chance(0.005),
            posts_before: if new {
                rng.below(15)
            } else {
                (rate * age_days as f64 * rng.lognormal(0.3, 0.8)) as u64
            },
            network: "",
            tactic: if new { "new_account" } else { "organic" },
            lang,
            tz: zone_for(rng, lang),
            rate,
            in_accounts_file: rng.chance(0.95),
        });
    }
    // Scale rates so ordinary posting makes ~80% of the organic target.
    let total: f64 = raw_rates.iter().sum();
    let scale = plan.posts as f64 * 0.8 / (total * ctx.days as f64).max(1.0);
    for a in &mut accounts[base as usize..] {
        a.rate *= scale;
    }
    let posters: Vec<u32> = (base..base + plan.accounts as u32).collect();
    let poster_weights = Weighted::new(posters.iter().map(|&i| accounts[i as usize].rate));

    // Celebrities with fan crowds: the fans are ordinary aged accounts.
    let mut celebrities = Vec::new();
    for (c, &size) in plan.fan_crowds.iter().enumerate() {
        let celeb = accounts.len() as u32;
        accounts.push(Account {
            handle: format!("star{}", ["_officiel", "music", "_fc", "tv"][c % 4]),
            display_name: text::display_name(&mut ctx.rng),
            created_at: ctx.start - 9 * 365 * DAY_MS,
            followers: 2_000_000,
            following: 300,
            bio: Some("Official account".into()),
            verified: true,
            posts_before: 12_000,
            ..Account::public(ctx.seed, accounts.len(), "celebrity")
        });
        let mut fans = ctx.rng.sample(&posters, size);
        fans.sort_unstable();
        for &f in &fans {
            accounts[f as usize].tactic = "fan";
            if accounts[f as usize].followers < 50 {
                accounts[f as usize].followers += 50;
            }
        }
        celebrities.push((celeb, fans));
    }
    let mut bots = Vec::new();
    for b in 0..plan.news_bots {
        bots.push(accounts.len() as u32);
        accounts.push(Account {
            handle: format!("infos_direct{}", b + 1),
            display_name: "Infos en direct".into(),
            created_at: ctx.start - 3 * 365 * DAY_MS,
            followers: 45_000,
            following: 3,
            bio: Some("Les dernières infos, automatiquement".into()),
            posts_before: 150_000,
            ..Account::public(ctx.seed, accounts.len(), "news_bot")
        });
    }
    let rng = &mut ctx.rng;
    let mut viral = Vec::new();
    for _ in 0..plan.viral_events {
        let day = rng.range(0, ctx.days - 1);
        let share = plan.viral_share.0 + rng.f64() * (plan.viral_share.1 - plan.viral_share.0);
        viral.push(Viral {
            time: ctx.start + day * DAY_MS + rng.range(7 * HOUR_MS, 21 * HOUR_MS),
            kind: rng.below(4) as u8,
            participants: ((plan.accounts as f64) * share) as usize,
            object: rng.u64(),
        });
    }
    viral.sort_by_key(|v| v.time);
    let memes: Vec<u64> = (0..200).map(|_| text::phash(rng)).collect();
    Organic {
        posters,
        poster_weights,
        celebrities,
        bots,
        bot_interval: plan.bot_interval_min.max(1) * MIN_MS,
        viral,
        pool: Vec::new(),
        domains: Weighted::zipf(300, 1.1),
        tags: Weighted::zipf(500, 1.0),
        meme_weights: Weighted::zipf(memes.len(), 1.2),
        memes,
    }
}

impl Organic {
    /// All organic posts of day `day` (0-based), unsorted.
    pub fn day(&mut self, ctx: &mut Ctx, accounts: &[Account], day: i64) -> Vec<Post> {
        let mut rng = ctx.rng.fork(0x0d00 + day as u64);
        let day_start = ctx.start + day * DAY_MS;
        let weekend = matches!((day_start / DAY_MS + 4).rem_euclid(7), 5 | 6);
        let factor = if weekend { 1.15 } else { 0.95 };
        let hours = Weighted::new(DIURNAL);
        let pool_w = Weighted::new(self.pool.iter().map(|p| p.3));
        let mut out = Vec::new();
        let mut fresh = Vec::new();
        for &a in &self.posters {
            let acc = &accounts[a as usize];
            let n = rng.poisson(acc.rate * factor);
            for _ in 0..n {
                let local = hours.draw(&mut rng) as i64;
                let hour = (local - acc.tz).rem_euclid(24);
                let time = day_start + hour * HOUR_MS + rng.range(0, HOUR_MS - 1);
                let key = ctx.key();
                let p = self.ordinary_post(&mut rng, accounts, a, key, time, day, &pool_w);
                if p.reshare_of.is_none() && p.reply_to.is_none() {
                    fresh.push((key, a, p.text.clone(), weight_of(&accounts[a as usize])));
                }
                out.push(p);
            }
        }
        self.bot_posts(ctx, &mut rng, day_start, &mut out, &mut fresh);
        self.fan_posts(ctx, &mut rng, accounts, day_start, &mut out);
        self.viral_posts(ctx, &mut rng, accounts, day_start, &mut out);
        // Keep a bounded pool of recent originals for tomorrow's reshares and replies.
        self.pool.retain(|p| p.3 > 2.0 && rng.chance(0.5));
        rng.shuffle(&mut fresh);
        fresh.truncate(4000);
        self.pool.extend(fresh);
        self.pool.truncate(6000);
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn ordinary_post(
        &self,
        rng: &mut Rng,
        accounts: &[Account],
        a: u32,
        key: u64,
        time: i64,
        day: i64,
        pool_w: &Weighted,
    ) -> Post {
        let acc = &accounts[a as usize];
        let mut p = Post {
            key,
            account: a,
            time,
            lang: acc.lang,
            ..Post::default()
        };
        let r = rng.f64();
        if r < 0.25 && !self.pool.is_empty() {
            let (k, author, t, _) = &self.pool[pool_w.draw(rng)];
            p.reshare_of = Some(*k);
            p.text = format!("RT @{}: {}", accounts[*author as usize].handle, t);
            return p;
        }
        if r < 0.33 && !self.pool.is_empty() {
            let (k, author, _, _) = &self.pool[pool_w.draw(rng)];
            p.reply_to = Some(*k);
            p.mentions.push(accounts[*author as usize].handle.clone());
            p.text = format!(
                "@{} {}",
                accounts[*author as usize].handle,
                text::organic_text(rng, acc.lang)
            );
            return p;
        }
        if r < 0.35 {
            p.text = (rng.pick(text::SLOGANS)).to_string();
            return p;
        }
        p.text = text::organic_text(rng, acc.lang);
        if rng.chance(0.25) {
            let d = self.domains.draw(rng);
            // Today's stories: a few hundred articles per domain and day, heavy-tailed.
            let article = day as u64 * 1000 + (rng.pareto(1.0, 1.2) as u64).min(999);
            p.urls
                .push(text::article_url(rng, &text::news_domain(d), article));
        }
        if rng.chance(0.3) {
            for _ in 0..rng.range(1, 3) {
                let t = text::organic_hashtag(self.tags.draw(rng));
                if !p.hashtags.contains(&t) {
                    p.hashtags.push(t);
                }
            }
        }
        if rng.chance(0.05) {
            let h = if rng.chance(0.5) {
                self.memes[self.meme_weights.draw(rng)]
            } else {
                text::phash(rng)
            };
            p.media.push(text::hex(h));
        }
        p
    }

    fn bot_posts(
        &self,
        ctx: &mut Ctx,
        rng: &mut Rng,
        day_start: i64,
        out: &mut Vec<Post>,
        fresh: &mut Vec<(u64, u32, String, f64)>,
    ) {
        for &b in &self.bots {
            let mut t = day_start + rng.range(0, 5 * MIN_MS);
            while t < day_start + DAY_MS {
                let key = ctx.key();
                let text = format!("DIRECT | {}", text::organic_text(rng, "fr"));
                let article = rng.u64() >> 20;
                out.push(Post {
                    key,
                    account: b,
                    time: t,
                    text: text.clone(),
                    lang: "fr",
                    urls: vec![format!("https://infos-direct.example/{article}")],
                    ..Post::default()
                });
                if rng.chance(0.05) {
                    fresh.push((key, b, text, 30.0));
                }
                t += rng.range(self.bot_interval / 2, self.bot_interval * 3 / 2);
            }
        }
    }

    fn fan_posts(
        &self,
        ctx: &mut Ctx,
        rng: &mut Rng,
        accounts: &[Account],
        day_start: i64,
        out: &mut Vec<Post>,
    ) {
        for (celeb, fans) in &self.celebrities {
            let n = rng.poisson(3.0);
            for _ in 0..n {
                let key = ctx.key();
                let t = day_start + rng.range(9 * HOUR_MS, 23 * HOUR_MS);
                let text = text::organic_text(rng, "fr");
                let handle = &accounts[*celeb as usize].handle;
                out.push(Post {
                    key,
                    account: *celeb,
                    time: t,
                    text: text.clone(),
                    lang: "fr",
                    media: if rng.chance(0.5) {
                        vec![text::hex(text::phash(rng))]
                    } else {
                        vec![]
                    },
                    ..Post::default()
                });
                let p = 0.2 + rng.f64() * 0.4;
                for &f in fans {
                    if !rng.chance(p) {
                        continue;
                    }
                    // Fans are fast: a median of 90 s, some within seconds, a tail of hours.
                    let delay = rng.lognormal(90_000.0, 1.4).min(12.0 * HOUR_MS as f64) as i64;
                    out.push(Post {
                        key: ctx.key(),
                        account: f,
                        time: t + 1000 + delay,
                        text: format!("RT @{handle}: {text}"),
                        lang: "fr",
                        reshare_of: Some(key),
                        ..Post::default()
                    });
                }
            }
        }
    }

    fn viral_posts(
        &self,
        ctx: &mut Ctx,
        rng: &mut Rng,
        accounts: &[Account],
        day_start: i64,
        out: &mut Vec<Post>,
    ) {
        for v in self
            .viral
            .iter()
            .filter(|v| v.time >= day_start && v.time < day_start + DAY_MS)
        {
            let origin_key = ctx.key();
            let origin = self.posters[self.poster_weights.draw(rng)];
            let story = format!(
                "https://{}/article/{}",
                text::news_domain(rng.index(5)),
                v.object >> 30
            );
            let tag = format!("Breaking{}", v.object % 97);
            let meme = text::hex(v.object);
            let origin_text = text::organic_text(rng, accounts[origin as usize].lang);
            out.push(Post {
                key: origin_key,
                account: origin,
                time: v.time,
                text: origin_text.clone(),
                lang: accounts[origin as usize].lang,
                urls: if v.kind == 0 {
                    vec![story.clone()]
                } else {
                    vec![]
                },
                hashtags: if v.kind == 1 {
                    vec![tag.clone()]
                } else {
                    vec![]
                },
                media: if v.kind == 3 {
                    vec![meme.clone()]
                } else {
                    vec![]
                },
                ..Post::default()
            });
            let mut seen = std::collections::HashSet::new();
            for _ in 0..v.participants {
                let a = self.posters[self.poster_weights.draw(rng)];
                if !seen.insert(a) {
                    continue;
                }
                let acc = &accounts[a as usize];
                let delay = rng
                    .lognormal(8.0 * MIN_MS as f64, 1.3)
                    .min(20.0 * HOUR_MS as f64) as i64;
                let mut p = Post {
                    key: ctx.key(),
                    account: a,
                    time: v.time + 2000 + delay,
                    lang: acc.lang,
                    ..Post::default()
                };
                match v.kind {
                    0 => {
                        p.text = text::organic_text(rng, acc.lang);
                        let mut u = story.clone();
                        if rng.chance(0.3) {
                            u.push_str("?utm_source=twitter");
                        }
                        p.urls.push(u);
                    }
                    1 => {
                        p.text = text::organic_text(rng, acc.lang);
                        p.hashtags.push(tag.clone());
                    }
                    2 => {
                        p.reshare_of = Some(origin_key);
                        p.text =
                            format!("RT @{}: {}", accounts[origin as usize].handle, origin_text);
                    }
                    _ => {
                        p.text = text::organic_text(rng, acc.lang);
                        p.media.push(meme.clone());
                    }
                }
                out.push(p);
            }
        }
    }
}

fn weight_of(a: &Account) -> f64 {
    (1.0 + a.followers as f64).powf(0.6)
}

impl Organic {
    /// Adds accounts that post ordinary content at their `rate` (campaign members' cover).
    pub fn add_posters(&mut self, extra: &[u32]) {
        self.posters.extend_from_slice(extra);
    }
}
