//! Ingest: reads post and account files into a `Corpus`, accounting for every record.
//!
//! `read` opens each source (file or stdin, plain, gzip or zstd), picks the reader for its
//! format (JSONL, JSON, CSV, TSV), maps keys and columns onto the canonical fields, and builds
//! the columnar corpus. Per-record problems become counted `Rejection`s (or, under `--strict`,
//! a `StrictError`); only I/O failures and broken documents are fatal.
//!
//! It deliberately does not normalise content (URLs, hashtags, text): that is the feature
//! stage's job, so `inspect` shows the data as it is.

mod accounting;
mod build;
mod csv;
pub mod fields;
mod json;
mod jsonl;
mod record;
mod source;
pub mod time;

use anyhow::{Context, Result};

pub use accounting::{Accounting, FileSummary, Reason, Rejection, StrictError, Tally};
pub use record::{RawRecord, Val, split_list};
pub use source::{Compression, Format, Source};
pub use time::Zone;

use crate::model::Corpus;

/// Settings of the ingest stage.
#[derive(Debug, Clone)]
pub struct IngestConfig {
    /// Force a record format instead of detecting it.
    pub format: Option<Format>,
    /// Zone of timestamps without an offset.
    pub zone: Zone,
    /// Stop at the first bad record.
    pub strict: bool,
    /// Largest record kept, in bytes; larger ones are rejected as `record_too_large`.
    pub max_record_bytes: usize,
}

impl Default for IngestConfig {
    fn default() -> Self {
        Self {
            format: None,
            zone: Zone::default(),
            strict: false,
            max_record_bytes: DEFAULT_MAX_RECORD,
        }
    }
}

/// Default per-record size limit: far above any real post, far below a machine's memory.
pub const DEFAULT_MAX_RECORD: usize = 16 * 1024 * 1024;

/// The corpus and how every record read was accounted for.
#[derive(Debug, Default)]
pub struct Ingested {
    pub corpus: Corpus,
    pub accounting: Accounting,
}

/// Why a record is bad, before the file and line are attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad {
    pub reason: Reason,
    pub field: Option<&'static str>,
    pub detail: Option<String>,
}

impl Bad {
    /// A rejection for `reason` with no field or detail yet.
    pub fn new(reason: Reason) -> Self {
        Self {
            reason,
            field: None,
            detail: None,
        }
    }

    /// Names the canonical field at fault.
    pub fn field(mut self, f: &'static str) -> Self {
        self.field = Some(f);
        self
    }

    /// Adds the offending value or parser message (shortened to 80 characters).
    pub fn detail(mut self, d: String) -> Self {
        self.detail = Some(shorten(&d, 80));
        self
    }
}

/// Receives each record a reader finds, with its 1-based starting line.
pub trait RecordSink {
    /// Takes one record or the reason it could not be read.
    ///
    /// # Errors
    /// A `StrictError` under `--strict`, or a corpus limit.
    fn record(&mut self, line: u64, rec: std::result::Result<RawRecord<'_>, Bad>) -> Result<()>;
}

/// Shortens `s` to at most `max` characters, marking the cut with `…`.
pub fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The useful part of a serde_json error: its message without the position, which the line
/// number already gives.
fn parse_error_detail(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

/// Reads all post sources, then all account sources, into one corpus.
///
/// # Errors
/// A source that cannot be opened or read to its end, a broken JSON document, or, under
/// `--strict`, the first bad record (as a `StrictError`).
pub fn read(posts: &[Source], accounts: &[Source], cfg: &IngestConfig) -> Result<Ingested> {
    let mut out = Ingested::default();
    for src in posts {
        read_one(src, true, cfg, &mut out)?;
    }
    for src in accounts {
        read_one(src, false, cfg, &mut out)?;
    }
    Ok(out)
}

fn read_one(src: &Source, is_post: bool, cfg: &IngestConfig, out: &mut Ingested) -> Result<()> {
    let name = src.name();
    let mut opened = source::open(src, cfg.format)?;
    let before = if is_post {
        out.accounting.posts.clone()
    } else {
        out.accounting.accounts.clone()
    };
    let fields = if is_post {
        &fields::POST_FIELDS
    } else {
        &fields::ACCOUNT_FIELDS
    };
    let mut sink = build::Builder::new(&name, is_post, cfg, out);
    let max = cfg.max_record_bytes;
    let r = &mut *opened.reader;
    match opened.format {
        Format::Jsonl => jsonl::read(r, fields, max, &mut sink),
        Format::Json => json::read(r, fields, max, &mut sink),
        Format::Csv | Format::Tsv => {
            csv::read(r, opened.format == Format::Tsv, fields, max, &mut sink).map(|_| ())
        }
    }
    .with_context(|| format!("reading {name}"))?;
    let after = if is_post {
        &out.accounting.posts
    } else {
        &out.accounting.accounts
    };
    out.accounting.files.push(FileSummary {
        path: name,
        role: if is_post { "posts" } else { "accounts" },
        format: opened.format,
        compression: opened.compression,
        records_read: after.read - before.read,
        records_accepted: after.accepted - before.accepted,
        records_rejected: after.rejected - before.rejected,
    });
    Ok(())
}
