//! `lockstep generate`: labelled synthetic corpora for measuring detection.
//!
//! Writes `posts.jsonl`, `accounts.jsonl` and `labels.csv` (`account_id,network,tactic`;
//! organic accounts have an empty network and their role as tactic) in the canonical format,
//! and with `--csv` also `posts.csv` and `accounts.csv`. The same scenario, seed and size give
//! byte-identical files. Posts are produced one day at a time, sorted and written, so memory
//! holds one day of posts plus the (small) campaign schedule, never the corpus.
//!
//! What it does not do: imitate any platform's ids or quirks. Ids are opaque and alike for
//! organic and campaign accounts, so nothing but behaviour tells them apart.

mod campaigns;
mod organic;
pub mod rng;
pub(crate) mod text;
mod varied;
mod world;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::ingest::time::format_ms;
use organic::OrganicPlan;
use world::{Account, Ctx, DAY_MS, HOUR_MS, Post};

/// The corpora `generate` can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scenario {
    /// The Paris 2024 Olympics boycott campaign (a 2023 watchdog report): one burst campaign
    /// of empty accounts in two weeks of traffic.
    Olympics,
    /// Several campaigns with different tactics in four weeks of heavier traffic.
    Mixed,
    /// Mostly organic traffic of any size, with a few campaigns, for benchmarks.
    Scale,
    /// Seven campaigns whose sizes, delays, hours and profiles are drawn from wide ranges per
    /// seed, among organic look-alikes (a media group, share buttons, announcements, breaking
    /// news, fans, live events). See the `varied` module for the ranges.
    Varied,
}

/// Settings of a generation run.
#[derive(Debug, Clone)]
pub struct GenConfig {
    pub scenario: Scenario,
    pub seed: u64,
    /// Organic posts to aim for; campaigns add theirs. `None`: the scenario's default.
    pub posts: Option<u64>,
    pub out: PathBuf,
    pub csv: bool,
}

/// What a generation run wrote.
#[derive(Debug, Clone, Serialize)]
pub struct GenSummary {
    pub posts: u64,
    pub accounts: u64,
    pub coordinated_accounts: u64,
    pub networks: Vec<(String, u64)>,
    pub first: String,
    pub last: String,
}

/// Default organic post targets per scenario.
pub fn default_posts(s: Scenario) -> u64 {
    match s {
        Scenario::Olympics => 40_000,
        Scenario::Mixed => 160_000,
        Scenario::Scale => 1_000_000,
        Scenario::Varied => varied::DEFAULT_POSTS,
    }
}

fn ms(y: i32, m: u32, d: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(0, |t| t.and_utc().timestamp_millis())
}

/// What [`plan`] prepares: the context, the accounts, the campaign posts (sorted), the organic
/// state and, for `varied`, the hard negatives.
type Planned = (
    Ctx,
    Vec<Account>,
    Vec<Post>,
    organic::Organic,
    Option<varied::Negatives>,
);

/// Builds the accounts and the campaign posts, and the organic state.
fn plan(cfg: &GenConfig) -> Planned {
    let posts = cfg
        .posts
        .unwrap_or_else(|| default_posts(cfg.scenario))
        .max(100);
    let (start, days) = match cfg.scenario {
        Scenario::Olympics => (ms(2024, 7, 15), 14),
        Scenario::Mixed => (ms(2024, 3, 1), 28),
        Scenario::Scale => (ms(2024, 5, 1), (posts / 150_000).clamp(7, 60) as i64),
        Scenario::Varied => {
            // Its own stream, so that the window varies by seed too.
            let mut r = rng::Rng::new(rng::mix(cfg.seed ^ 0x7a41_ed00));
            (ms(2023, 1, 2) + r.range(0, 600) * DAY_MS, r.range(21, 35))
        }
    };
    let mut ctx = Ctx::new(cfg.seed ^ (cfg.scenario as u64) << 56, start, days);
    let accounts_n = match cfg.scenario {
        // More, less active accounts: crowds of thousands need a population to come from.
        Scenario::Varied => (posts / 5).clamp(200, 5_000_000) as usize,
        _ => (posts / 8).clamp(200, 5_000_000) as usize,
    };
    let op = OrganicPlan {
        accounts: accounts_n,
        posts,
        viral_events: (days / 2).max(3) as usize,
        viral_share: (0.03, 0.12),
        fan_crowds: match cfg.scenario {
            Scenario::Olympics => vec![(accounts_n / 30).clamp(20, 200)],
            Scenario::Mixed => vec![(accounts_n / 60).clamp(20, 300); 2],
            Scenario::Scale => vec![(accounts_n / 100).clamp(20, 500); 3],
            Scenario::Varied => vec![(accounts_n / 80).clamp(20, 400)],
        },
        news_bots: 1,
        // Every ten minutes in a big corpus; rarer in a small one, where it would dominate.
        bot_interval_min: (10 * 40_000 / posts as i64).clamp(10, 240),
    };
    let mut accounts = Vec::new();
    let mut org = organic::build(&mut ctx, &op, &mut accounts);
    let mut posts_c = Vec::new();
    let first_campaign = accounts.len();
    let mut negatives = None;
    match cfg.scenario {
        Scenario::Olympics => {
            let n = ctx.rng.range(82, 100) as usize;
            let target = ctx.rng.range(1500, 1700) as usize;
            let t = ms(2024, 7, 26) + ctx.rng.range(4 * HOUR_MS, 9 * HOUR_MS);
            campaigns::burst(
                &mut ctx,
                &mut accounts,
                &mut posts_c,
                "olympics",
                n,
                target,
                t,
            );
        }
        Scenario::Mixed => {
            let n = ctx.rng.range(40, 60) as usize;
            let t = start + ctx.rng.range(8, 18) * DAY_MS + ctx.rng.range(4 * HOUR_MS, 9 * HOUR_MS);
            campaigns::burst(&mut ctx, &mut accounts, &mut posts_c, "burst", n, n * 17, t);
            let n = ctx.rng.range(25, 35) as usize;
            campaigns::drip(&mut ctx, &mut accounts, &mut posts_c, n);
            let n = ctx.rng.range(20, 30) as usize;
            campaigns::amplification(&mut ctx, &mut accounts, &mut posts_c, n);
            let n = ctx.rng.range(18, 25) as usize;
            campaigns::laundering(&mut ctx, &mut accounts, &mut posts_c, n);
            let n = ctx.rng.range(25, 35) as usize;
            campaigns::camouflage(&mut ctx, &mut accounts, &mut posts_c, n);
            let n = ctx.rng.range(20, 28) as usize;
            campaigns::multilingual(&mut ctx, &mut accounts, &mut posts_c, n);
        }
        Scenario::Scale => {
            let n = ctx.rng.range(60, 120) as usize;
            let t = start + ctx.rng.range(2, days - 3) * DAY_MS;
            campaigns::burst(&mut ctx, &mut accounts, &mut posts_c, "burst", n, n * 17, t);
            let n = ctx.rng.range(20, 30) as usize;
            campaigns::amplification(&mut ctx, &mut accounts, &mut posts_c, n);
            let n = ctx.rng.range(18, 25) as usize;
            campaigns::laundering(&mut ctx, &mut accounts, &mut posts_c, n);
        }
        Scenario::Varied => {
            let frame = varied::Frame {
                organic: accounts_n as u32,
                size: posts as f64 / varied::DEFAULT_POSTS as f64,
            };
            varied::campaigns(&mut ctx, &mut accounts, &mut posts_c, &frame);
            negatives = Some(varied::negatives(&mut ctx, &mut accounts, &frame));
        }
    }
    // Campaign members with ordinary activity post through the organic stream too.
    let active: Vec<u32> = (first_campaign..accounts.len())
        .filter(|&i| accounts[i].rate > 0.0)
        .map(|i| i as u32)
        .collect();
    org.add_posters(&active);
    posts_c.retain(|p| p.time >= ctx.start && p.time < ctx.end());
    posts_c.sort_by_key(|p| (p.time, p.key));
    (ctx, accounts, posts_c, org, negatives)
}

/// Generates the corpus into `cfg.out`.
///
/// # Errors
/// The output directory or a file cannot be created or written.
pub fn generate(cfg: &GenConfig) -> Result<GenSummary> {
    std::fs::create_dir_all(&cfg.out)
        .with_context(|| format!("cannot create {}", cfg.out.display()))?;
    let (mut ctx, accounts, campaign_posts, mut org, negatives) = plan(cfg);
    let mut w = Writers::open(&cfg.out, cfg.csv)?;
    let mut per_account = vec![0u64; accounts.len()];
    let mut campaign = campaign_posts.into_iter().peekable();
    let mut carry: Vec<Post> = Vec::new();
    let (mut count, mut first, mut last) = (0u64, i64::MAX, i64::MIN);
    for day in 0..ctx.days {
        let day_end = ctx.start + (day + 1) * DAY_MS;
        let mut batch = org.day(&mut ctx, &accounts, day);
        if let Some(n) = &negatives {
            batch.append(&mut n.day(&mut ctx, &accounts, day));
        }
        batch.append(&mut carry);
        while let Some(p) = campaign.next_if(|p| p.time < day_end) {
            batch.push(p);
        }
        let (today, later): (Vec<Post>, Vec<Post>) = batch
            .into_iter()
            .partition(|p| p.time < day_end || day + 1 == ctx.days);
        carry = later;
        let mut today = today;
        today.sort_by_key(|p| (p.time, p.key));
        for p in &today {
            w.post(&ctx, &accounts, p)?;
            per_account[p.account as usize] += 1;
            count += 1;
            first = first.min(p.time);
            last = last.max(p.time);
        }
    }
    let mut order: Vec<usize> = (0..accounts.len()).collect();
    order.sort_by(|&a, &b| accounts[a].id.cmp(&accounts[b].id));
    let mut networks = std::collections::BTreeMap::<String, u64>::new();
    for &i in &order {
        let a = &accounts[i];
        // Accounts that never posted are left out, as a platform export of posts would.
        if per_account[i] == 0 && a.network.is_empty() {
            continue;
        }
        if a.in_accounts_file {
            w.account(a, per_account[i])?;
        }
        w.label(a)?;
        if !a.network.is_empty() {
            *networks.entry(a.network.to_string()).or_default() += 1;
        }
    }
    w.finish()?;
    Ok(GenSummary {
        posts: count,
        accounts: per_account.iter().filter(|&&k| k > 0).count() as u64,
        coordinated_accounts: networks.values().sum(),
        networks: networks.into_iter().collect(),
        first: format_ms(if count > 0 {
            first - first.rem_euclid(1000)
        } else {
            ctx.start
        }),
        last: format_ms(if count > 0 {
            last - last.rem_euclid(1000)
        } else {
            ctx.start
        }),
    })
}

#[derive(Serialize)]
struct PostOut<'a> {
    post_id: String,
    account_id: &'a str,
    timestamp: String,
    text: &'a str,
    lang: &'a str,
    urls: &'a [String],
    hashtags: &'a [String],
    mentions: &'a [String],
    media: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    reshare_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reply_to: Option<String>,
}

#[derive(Serialize)]
struct AccountOut<'a> {
    account_id: &'a str,
    handle: &'a str,
    display_name: &'a str,
    created_at: String,
    followers: u64,
    following: u64,
    bio: &'a str,
    has_default_avatar: bool,
    verified: bool,
    posts_total: u64,
}

struct Writers {
    posts: BufWriter<File>,
    accounts: BufWriter<File>,
    labels: csv::Writer<BufWriter<File>>,
    posts_csv: Option<csv::Writer<BufWriter<File>>>,
    accounts_csv: Option<csv::Writer<BufWriter<File>>>,
    line: Vec<u8>,
}

fn create(dir: &Path, name: &str) -> Result<BufWriter<File>> {
    let p = dir.join(name);
    let f = File::create(&p).with_context(|| format!("cannot create {}", p.display()))?;
    Ok(BufWriter::with_capacity(1 << 20, f))
}

impl Writers {
    fn open(dir: &Path, csv_too: bool) -> Result<Self> {
        let mut labels = csv::Writer::from_writer(create(dir, "labels.csv")?);
        labels.write_record(["account_id", "network", "tactic"])?;
        let (posts_csv, accounts_csv) = if csv_too {
            let mut p = csv::Writer::from_writer(create(dir, "posts.csv")?);
            p.write_record([
                "post_id",
                "account_id",
                "timestamp",
                "text",
                "lang",
                "urls",
                "hashtags",
                "mentions",
                "media",
                "reshare_of",
                "reply_to",
            ])?;
            let mut a = csv::Writer::from_writer(create(dir, "accounts.csv")?);
            a.write_record([
                "account_id",
                "handle",
                "display_name",
                "created_at",
                "followers",
                "following",
                "bio",
                "has_default_avatar",
                "verified",
                "posts_total",
            ])?;
            (Some(p), Some(a))
        } else {
            (None, None)
        };
        Ok(Self {
            posts: create(dir, "posts.jsonl")?,
            accounts: create(dir, "accounts.jsonl")?,
            labels,
            posts_csv,
            accounts_csv,
            line: Vec::with_capacity(1024),
        })
    }

    fn post(&mut self, ctx: &Ctx, accounts: &[Account], p: &Post) -> Result<()> {
        let out = PostOut {
            post_id: ctx.post_id(p.key),
            account_id: &accounts[p.account as usize].id,
            // Exports carry whole seconds.
            timestamp: format_ms(p.time - p.time.rem_euclid(1000)),
            text: &p.text,
            lang: p.lang,
            urls: &p.urls,
            hashtags: &p.hashtags,
            mentions: &p.mentions,
            media: &p.media,
            reshare_of: p.reshare_of.map(|k| ctx.post_id(k)),
            reply_to: p.reply_to.map(|k| ctx.post_id(k)),
        };
        self.line.clear();
        serde_json::to_writer(&mut self.line, &out)?;
        self.line.push(b'\n');
        self.posts.write_all(&self.line)?;
        if let Some(c) = &mut self.posts_csv {
            c.write_record([
                out.post_id.as_str(),
                out.account_id,
                out.timestamp.as_str(),
                out.text,
                out.lang,
                &out.urls.join(" "),
                &out.hashtags.join(" "),
                &out.mentions.join(" "),
                &out.media.join(" "),
                out.reshare_of.as_deref().unwrap_or(""),
                out.reply_to.as_deref().unwrap_or(""),
            ])?;
        }
        Ok(())
    }

    fn account(&mut self, a: &Account, posts_in_data: u64) -> Result<()> {
        let out = AccountOut {
            account_id: &a.id,
            handle: &a.handle,
            display_name: &a.display_name,
            created_at: format_ms(a.created_at - a.created_at.rem_euclid(1000)),
            followers: a.followers,
            following: a.following,
            bio: a.bio.as_deref().unwrap_or(""),
            has_default_avatar: a.default_avatar,
            verified: a.verified,
            posts_total: a.posts_before + posts_in_data,
        };
        serde_json::to_writer(&mut self.accounts, &out)?;
        self.accounts.write_all(b"\n")?;
        if let Some(c) = &mut self.accounts_csv {
            c.write_record([
                out.account_id,
                out.handle,
                out.display_name,
                &out.created_at,
                &out.followers.to_string(),
                &out.following.to_string(),
                out.bio,
                if out.has_default_avatar {
                    "true"
                } else {
                    "false"
                },
                if out.verified { "true" } else { "false" },
                &out.posts_total.to_string(),
            ])?;
        }
        Ok(())
    }

    fn label(&mut self, a: &Account) -> Result<()> {
        self.labels
            .write_record([a.id.as_str(), a.network, a.tactic])?;
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        self.posts.flush()?;
        self.accounts.flush()?;
        self.labels.flush()?;
        if let Some(c) = &mut self.posts_csv {
            c.flush()?;
        }
        if let Some(c) = &mut self.accounts_csv {
            c.flush()?;
        }
        Ok(())
    }
}
