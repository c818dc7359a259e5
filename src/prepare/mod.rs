//! `lockstep prepare`: the fingerprinted events of a corpus, written as Parquet for the
//! distributed engine.
//!
//! It runs the same ingest, canonical ordering and features as `analyze`, collects each
//! signal's events with the same `graph::events::collect`, and writes:
//!
//! ```text
//! DIR/manifest.json                         what was prepared (checked by analyze --events)
//! DIR/events/day=YYYY-MM-DD/part-0.parquet  signal, object, time, account, post, cap_ms
//! DIR/posts/day=YYYY-MM-DD/part-0.parquet   post, post_id, account, account_id, time
//! DIR/objects/part-0.parquet                signal, object, value (the text, URL, domain...)
//! ```
//!
//! Events are sorted by (signal, object, time, account, post) inside each day, compressed
//! with zstd. `cap_ms` is the longest window the object may get (`graph::object_rule`
//! applied to an unbounded rarity rule), so the engine's windows follow the in-memory rule.
//!
//! What it deliberately does not do: shard-local ids. Ids are lockstep's interned numbers
//! for the whole input, so one `prepare` covers the whole corpus (a later version can key
//! by content hash and group near-duplicates on the engine).

pub mod parquet;

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::features::Features;
use crate::graph::{self, Signal, Window};
use crate::model::Corpus;

/// Schema tag of `manifest.json`.
pub const SCHEMA: &str = "lockstep/events/v1";

/// What `prepare` wrote, and the facts `analyze --events` checks against its own corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: String,
    pub tool_version: String,
    /// Accepted posts.
    pub posts: u64,
    /// Distinct accounts (posts' authors and the accounts file).
    pub accounts: u64,
    /// First and last post time, ms since the epoch (UTC).
    pub time_range: Option<(i64, i64)>,
    /// Events per signal.
    pub events: Vec<(String, u64)>,
    /// Day partitions written.
    pub days: Vec<String>,
}

impl Manifest {
    /// The facts of a corpus.
    fn of(c: &Corpus) -> Self {
        Self {
            schema: SCHEMA.into(),
            tool_version: env!("CARGO_PKG_VERSION").into(),
            posts: c.len() as u64,
            accounts: c.account_ids.len() as u64,
            time_range: c.time_range(),
            events: Vec::new(),
            days: Vec::new(),
        }
    }

    /// Reads `DIR/manifest.json`.
    ///
    /// # Errors
    /// Missing, unreadable, or another schema.
    pub fn read(dir: &Path) -> Result<Self> {
        let p = dir.join("manifest.json");
        let bytes = std::fs::read(&p).with_context(|| {
            format!(
                "reading {} (is {} a directory written by lockstep prepare?)",
                p.display(),
                dir.display()
            )
        })?;
        let m: Manifest =
            serde_json::from_slice(&bytes).with_context(|| format!("parsing {}", p.display()))?;
        if m.schema != SCHEMA {
            bail!("{}: schema {} (expected {SCHEMA})", p.display(), m.schema);
        }
        Ok(m)
    }

    /// Checks that these events were prepared from corpus `c`.
    ///
    /// # Errors
    /// A count or the time range differs.
    pub fn check(&self, c: &Corpus) -> Result<()> {
        let now = Manifest::of(c);
        if (self.posts, self.accounts, self.time_range) != (now.posts, now.accounts, now.time_range)
        {
            bail!(
                "the events were prepared from other posts ({} posts, {} accounts; these \
                 inputs have {} posts, {} accounts): run lockstep prepare on the same inputs",
                self.posts,
                self.accounts,
                now.posts,
                now.accounts
            );
        }
        Ok(())
    }
}

/// One event row, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Row {
    pub day: i64,
    pub signal: Signal,
    pub object: u32,
    pub time: i64,
    pub account: u32,
    pub post: u32,
    pub cap_ms: i64,
}

/// The longest window of `object` under `s`: the in-memory rule applied to an unbounded
/// rarity window.
pub fn cap_ms(s: Signal, f: &Features, object: u32) -> i64 {
    let open = Window::Rarity {
        span_ms: 0,
        min_ms: 0,
        max_ms: i64::MAX,
    };
    match graph::object_rule(open, s, f, object) {
        Window::Rarity { max_ms, .. } => max_ms,
        Window::Fixed(ms) => ms,
    }
}

/// The day number (days since the epoch, UTC) of a time in ms.
pub fn day_of(ms: i64) -> i64 {
    ms.div_euclid(86_400_000)
}

/// All event rows of every signal, sorted by (day, signal, object, time, account, post).
pub fn rows(c: &Corpus, f: &Features) -> Vec<Row> {
    let mut rows = Vec::new();
    for s in Signal::ALL {
        for e in graph::events::collect(c, f, s) {
            rows.push(Row {
                day: day_of(e.time),
                signal: s,
                object: e.object,
                time: e.time,
                account: e.account,
                post: e.post,
                cap_ms: cap_ms(s, f, e.object),
            });
        }
    }
    rows.sort_unstable_by(|a, b| {
        (
            a.day,
            a.signal.as_str(),
            a.object,
            a.time,
            a.account,
            a.post,
        )
            .cmp(&(
                b.day,
                b.signal.as_str(),
                b.object,
                b.time,
                b.account,
                b.post,
            ))
    });
    rows
}

/// Writes the events, posts and objects of corpus `c` into `dir`. See the module
/// documentation.
///
/// # Errors
/// `dir` exists and is not empty, or a write fails.
pub fn prepare(c: &Corpus, f: &Features, dir: &Path) -> Result<Manifest> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .next()
            .is_some()
    {
        bail!(
            "{} exists and is not empty: prepare writes into a new directory",
            dir.display()
        );
    }
    let mut m = Manifest::of(c);
    let rows = rows(c, f);
    for s in Signal::ALL {
        m.events.push((
            s.as_str().into(),
            rows.iter().filter(|r| r.signal == s).count() as u64,
        ));
    }
    m.days = parquet::write_events(dir, &rows)?;
    parquet::write_posts(dir, c)?;
    parquet::write_objects(dir, c, f, &rows)?;
    let p = dir.join("manifest.json");
    let json = serde_json::to_vec_pretty(&m).context("serialising the manifest")?;
    std::fs::write(&p, json).with_context(|| format!("writing {}", p.display()))?;
    Ok(m)
}
