//! `lockstep inspect`: what a dataset holds, before a long run. JSON (`lockstep/inspect/v1`)
//! for scripts, a table for people.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::escape::terminal;
use super::{InputSummary, Tool, round4};
use crate::ingest::{Ingested, time};
use crate::model::{Corpus, NONE};

/// The inspect summary.
#[derive(Debug, Clone, Serialize)]
pub struct InspectReport {
    /// Always `lockstep/inspect/v1`.
    pub schema: &'static str,
    pub tool: Tool,
    pub input: InputSummary,
    pub accounts: AccountCounts,
    /// Share of accepted posts (0..1) that carry each field.
    pub coverage: Coverage,
    /// The most active accounts, by posts (ties by id).
    pub top_accounts: Vec<AccountPosts>,
    /// Languages by posts (ties by code); posts without `lang` are not listed.
    pub languages: Vec<LangPosts>,
    /// The clock hour (UTC) with the most posts (the earliest on ties).
    pub busiest_hour: Option<HourPosts>,
    /// Posts per hour of the day, UTC, index 0 = 00:00–00:59.
    pub posts_by_hour_of_day: [u64; 24],
}

#[derive(Debug, Clone, Serialize)]
pub struct AccountCounts {
    /// Distinct accounts with at least one accepted post.
    pub posting: u64,
    /// Accounts described by the accounts file(s).
    pub with_profile: u64,
    /// Posting accounts the accounts file(s) do not describe.
    pub posting_without_profile: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub text: f64,
    pub lang: f64,
    pub urls: f64,
    pub hashtags: f64,
    pub mentions: f64,
    pub media: f64,
    pub reshare_of: f64,
    pub reply_to: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccountPosts {
    pub account_id: String,
    pub handle: Option<String>,
    pub posts: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct LangPosts {
    pub lang: String,
    pub posts: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct HourPosts {
    /// Start of the hour, RFC 3339 UTC.
    pub start: String,
    pub posts: u64,
}

const HOUR_MS: i64 = 3_600_000;

/// Builds the summary; `top` bounds `top_accounts`.
pub fn build(ing: &Ingested, top: usize) -> InspectReport {
    let c = &ing.corpus;
    let n = c.len();
    let mut per_account = vec![0u64; c.account_ids.len()];
    for a in &c.account {
        per_account[a.0 as usize] += 1;
    }
    let posting = per_account.iter().filter(|&&k| k > 0).count() as u64;
    let posting_without_profile = per_account
        .iter()
        .zip(&c.accounts.has_profile)
        .filter(|&(&k, &p)| k > 0 && !p)
        .count() as u64;
    let mut top_accounts: Vec<(u64, &str, usize)> = per_account
        .iter()
        .enumerate()
        .filter(|&(_, &k)| k > 0)
        .map(|(i, &k)| (k, c.account_ids.resolve(i as u32), i))
        .collect();
    top_accounts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    top_accounts.truncate(top);

    let mut langs = vec![0u64; c.langs.len()];
    for &l in &c.lang {
        if l != NONE {
            langs[l as usize] += 1;
        }
    }
    let mut languages: Vec<LangPosts> = langs
        .iter()
        .enumerate()
        .map(|(i, &k)| LangPosts {
            lang: c.langs.resolve(i as u32).to_string(),
            posts: k,
        })
        .collect();
    languages.sort_by(|a, b| b.posts.cmp(&a.posts).then(a.lang.cmp(&b.lang)));

    let mut by_hour: BTreeMap<i64, u64> = BTreeMap::new();
    let mut hod = [0u64; 24];
    for &t in &c.time {
        let h = t.div_euclid(HOUR_MS);
        *by_hour.entry(h).or_default() += 1;
        hod[h.rem_euclid(24) as usize] += 1;
    }
    let busiest_hour = by_hour
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(&h, &k)| HourPosts {
            start: time::format_ms(h * HOUR_MS),
            posts: k,
        });

    InspectReport {
        schema: "lockstep/inspect/v1",
        tool: Tool::current(),
        input: InputSummary::new(ing),
        accounts: AccountCounts {
            posting,
            with_profile: c.accounts.profiles() as u64,
            posting_without_profile,
        },
        coverage: coverage(c, n),
        top_accounts: top_accounts
            .into_iter()
            .map(|(k, id, i)| AccountPosts {
                account_id: id.to_string(),
                handle: c.accounts.handle[i].as_deref().map(str::to_string),
                posts: k,
            })
            .collect(),
        languages,
        busiest_hour,
        posts_by_hour_of_day: hod,
    }
}

fn coverage(c: &Corpus, n: usize) -> Coverage {
    let share = |k: usize| {
        if n == 0 {
            0.0
        } else {
            round4(k as f64 / n as f64)
        }
    };
    let rows = |col: &crate::model::ListColumn| (0..n).filter(|&i| !col.get(i).is_empty()).count();
    Coverage {
        text: share((0..n).filter(|&i| !c.text.get(i).trim().is_empty()).count()),
        lang: share(c.lang.iter().filter(|&&l| l != NONE).count()),
        urls: share(rows(&c.urls)),
        hashtags: share(rows(&c.hashtags)),
        mentions: share(rows(&c.mentions)),
        media: share(rows(&c.media)),
        reshare_of: share(c.reshare_of.iter().filter(|&&x| x != NONE).count()),
        reply_to: share(c.reply_to.iter().filter(|&&x| x != NONE).count()),
    }
}

/// Writes the JSON form (pretty, one trailing newline).
pub fn write_json(r: &InspectReport, w: &mut dyn Write) -> io::Result<()> {
    super::escape::json_pretty(&mut *w, r)?;
    writeln!(w)
}

/// Writes the human table.
pub fn write_table(r: &InspectReport, w: &mut dyn Write) -> io::Result<()> {
    let i = &r.input;
    writeln!(
        w,
        "posts     read {:>10}  accepted {:>10}  rejected {:>8}",
        i.posts_read, i.posts_accepted, i.posts_rejected
    )?;
    if i.posts_merged > 0 {
        writeln!(
            w,
            "          {:<24} {:>10}",
            "merged into a post", i.posts_merged
        )?;
    }
    if i.posts_disagreed > 0 {
        writeln!(
            w,
            "          {:<24} {:>10}",
            "posts whose rows differ", i.posts_disagreed
        )?;
    }
    for (reason, k) in &i.rejections {
        writeln!(w, "          {reason:<24} {k:>10}")?;
    }
    if i.accounts_read > 0 {
        writeln!(
            w,
            "accounts  read {:>10}  accepted {:>10}  rejected {:>8}",
            i.accounts_read, i.accounts_accepted, i.accounts_rejected
        )?;
        for (reason, k) in &i.account_rejections {
            writeln!(w, "          {reason:<24} {k:>10}")?;
        }
    }
    for f in &i.files {
        writeln!(
            w,
            "file      {} ({}, {}{}{}): {} read, {} rejected",
            terminal(&f.path),
            f.role,
            f.format,
            match f.compression.as_str() {
                "none" | "" => String::new(),
                c => format!(", {c}"),
            },
            f.preset
                .as_deref()
                .map(|p| format!(", preset {p}"))
                .unwrap_or_default(),
            f.records_read,
            f.records_rejected
        )?;
    }
    match &i.time_range {
        Some([a, b]) => writeln!(w, "time      {a} .. {b}")?,
        None => writeln!(w, "time      (no posts)")?,
    }
    let a = &r.accounts;
    writeln!(
        w,
        "accounts  {} posting, {} with a profile, {} posting without one",
        a.posting, a.with_profile, a.posting_without_profile
    )?;
    let c = &r.coverage;
    writeln!(
        w,
        "coverage  text {}  lang {}  urls {}  hashtags {}  mentions {}  media {}  reshare_of {}  reply_to {}",
        pct(c.text),
        pct(c.lang),
        pct(c.urls),
        pct(c.hashtags),
        pct(c.mentions),
        pct(c.media),
        pct(c.reshare_of),
        pct(c.reply_to)
    )?;
    if let Some(h) = &r.busiest_hour {
        writeln!(w, "busiest   {} ({} posts)", h.start, h.posts)?;
    }
    if !r.languages.is_empty() {
        let list: Vec<String> = r
            .languages
            .iter()
            .take(8)
            .map(|l| format!("{} {}", terminal(&l.lang), l.posts))
            .collect();
        writeln!(w, "languages {}", list.join(", "))?;
    }
    if !r.top_accounts.is_empty() {
        writeln!(w, "top accounts by posts:")?;
        for t in &r.top_accounts {
            let handle = t
                .handle
                .as_deref()
                .map(|h| format!(" (@{})", terminal(h)))
                .unwrap_or_default();
            writeln!(w, "  {:>8}  {}{}", t.posts, terminal(&t.account_id), handle)?;
        }
    }
    Ok(())
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}
