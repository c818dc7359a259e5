//! Reports: serialize-only output types with a schema version, and pure writers for each format.
//!
//! Every writer is a function of an already-built report value, so each format can be tested
//! without running the pipeline. Untrusted strings pass through `escape` at every output.

pub mod escape;
pub mod evidence;
pub mod features;
pub mod formats;
pub mod gexf;
pub mod graphfile;
pub mod graphml;
pub mod html;
pub mod html_network;
pub mod inspect;
pub mod layout;
pub mod network;
pub mod pairs;
pub mod svg;
pub mod table;
pub mod timeline;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ingest::{Accounting, FileSummary, Ingested, time};

/// The tool that wrote a report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

impl Tool {
    /// This build of lockstep.
    pub fn current() -> Self {
        Self {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// The `input` object shared by `inspect` and `analyze`: what was read and what was rejected.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputSummary {
    /// Post records read: `posts_accepted + posts_rejected`.
    pub posts_read: u64,
    pub posts_accepted: u64,
    pub posts_rejected: u64,
    /// Accepted rows that repeated a post and were merged into it (long-format exports).
    pub posts_merged: u64,
    /// Posts whose merged rows gave two different values of one field (two texts, or two
    /// reshare or reply targets): the post keeps the smaller, whatever the rows' order.
    #[serde(default)]
    pub posts_disagreed: u64,
    /// Rejected post records by reason (`snake_case` reason names).
    pub rejections: BTreeMap<String, u64>,
    /// Account records read: `accounts_accepted + accounts_rejected`.
    pub accounts_read: u64,
    pub accounts_accepted: u64,
    pub accounts_rejected: u64,
    /// Rejected account records by reason.
    pub account_rejections: BTreeMap<String, u64>,
    /// First and last accepted post time (RFC 3339, UTC), or null without posts.
    pub time_range: Option<[String; 2]>,
    /// Per file, in the order read.
    pub files: Vec<FileOut>,
}

/// One input file as the report describes it (the serialised form of `FileSummary`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileOut {
    pub path: String,
    /// `posts` or `accounts`.
    pub role: String,
    /// `jsonl`, `json`, `csv` or `tsv`.
    pub format: String,
    /// `none`, `gzip` or `zstd`.
    pub compression: String,
    pub records_read: u64,
    pub records_accepted: u64,
    pub records_rejected: u64,
    /// The preset that mapped the file (`auto` reports the one it chose); null for canonical.
    pub preset: Option<String>,
}

impl FileOut {
    fn new(f: &FileSummary) -> Self {
        // The ingest enums serialise to their lowercase names; read them back as strings.
        let name = |v: serde_json::Result<serde_json::Value>| {
            v.ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        Self {
            path: f.path.clone(),
            role: f.role.to_string(),
            format: name(serde_json::to_value(f.format)),
            compression: name(serde_json::to_value(f.compression)),
            records_read: f.records_read,
            records_accepted: f.records_accepted,
            records_rejected: f.records_rejected,
            preset: f.preset.clone(),
        }
    }
}

impl InputSummary {
    /// Summarises what ingest read.
    pub fn new(ing: &Ingested) -> Self {
        let a: &Accounting = &ing.accounting;
        let reasons = |t: &crate::ingest::Tally| {
            t.by_reason
                .iter()
                .map(|(r, n)| (r.as_str().to_string(), *n))
                .collect::<BTreeMap<_, _>>()
        };
        Self {
            posts_read: a.posts.read,
            posts_accepted: a.posts.accepted,
            posts_rejected: a.posts.rejected,
            posts_merged: a.posts.merged,
            posts_disagreed: a.posts.disagreed,
            rejections: reasons(&a.posts),
            accounts_read: a.accounts.read,
            accounts_accepted: a.accounts.accepted,
            accounts_rejected: a.accounts.rejected,
            account_rejections: reasons(&a.accounts),
            time_range: ing
                .corpus
                .time_range()
                .map(|(lo, hi)| [time::format_ms(lo), time::format_ms(hi)]),
            files: a.files.iter().map(FileOut::new).collect(),
        }
    }
}

/// Unwraps the I/O error inside a csv error (so a closed pipe stays a broken pipe).
pub fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Rounds a share to 4 decimals so JSON stays short and stable.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
