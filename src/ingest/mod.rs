//! Ingest: reads post and account files into a `Corpus`, accounting for every record.
//!
//! `read` opens each source (file or stdin, plain, gzip or zstd), picks the reader for its
//! format (JSONL, JSON, CSV, TSV), maps keys and columns onto the canonical fields, and builds
//! the columnar corpus. Per-record problems become counted `Rejection`s (or, under `--strict`,
//! a `StrictError`); only I/O failures and broken documents are fatal.
//!
//! It deliberately does not normalise content (URLs, hashtags, text): that is the feature
//! stage's job, so `inspect` shows the data as it is.

// Everything here is reached by hostile input: no panicking constructs outside tests. An
// index that is provably in bounds carries a local `#[allow]` with the reason.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

mod accounting;
mod build;
mod csv;
pub mod fields;
mod json;
mod jsonl;
mod parallel;
pub mod preset;
#[cfg(test)]
mod props;
mod record;
mod rows;
mod source;
pub mod time;

use anyhow::{Context, Result};

pub use accounting::{Accounting, FileSummary, Reason, Rejection, StrictError, Tally};
pub use preset::{Mapping, Preset};
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
    /// Export schema of the post files.
    pub preset: Preset,
    /// Extra `canonical=source` mappings.
    pub maps: Vec<String>,
}

impl Default for IngestConfig {
    fn default() -> Self {
        Self {
            format: None,
            zone: Zone::default(),
            strict: false,
            max_record_bytes: DEFAULT_MAX_RECORD,
            preset: Preset::Canonical,
            maps: Vec::new(),
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
    /// What the rows of posts read more than once held (ingest scratch, across files).
    repeats: build::Repeats,
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

    /// Takes a batch of records in input order, each with its 1-based starting line; the same
    /// as taking them one by one, which is what it does unless a sink knows better.
    ///
    /// # Errors
    /// As `record`.
    fn records(
        &mut self,
        batch: Vec<(u64, std::result::Result<RawRecord<'_>, Bad>)>,
    ) -> Result<()> {
        for (line, rec) in batch {
            self.record(line, rec)?;
        }
        Ok(())
    }

    /// Names the preset that maps the records that follow (for messages).
    fn set_preset(&mut self, _preset: &str) {}

    /// Takes the author's profile embedded in the post record just given (presets only).
    ///
    /// # Errors
    /// None by default.
    fn embedded_account(&mut self, _line: u64, _rec: RawRecord<'_>) -> Result<()> {
        Ok(())
    }
}

/// How a reader turns a record into fields: the canonical fast path, or a preset mapping over
/// generic JSON values (chosen on the first record or header under `--preset auto`).
pub enum Mode {
    Fields(&'static fields::FieldSet),
    Mapped(Mapping),
    Auto {
        maps: Vec<String>,
        chosen: Option<(Preset, Mapping)>,
    },
}

impl Mode {
    /// The mode for a post file.
    ///
    /// # Errors
    /// A `--map` naming an unknown field.
    pub fn for_posts(preset: Preset, maps: &[String]) -> std::result::Result<Self, String> {
        let mut m = match preset {
            Preset::Canonical if maps.is_empty() => return Ok(Mode::Fields(&fields::POST_FIELDS)),
            Preset::Auto => {
                for spec in maps {
                    Mapping::canonical().apply_map(spec)?;
                }
                return Ok(Mode::Auto {
                    maps: maps.to_vec(),
                    chosen: None,
                });
            }
            Preset::Canonical => Mapping::canonical(),
            p => Mapping::of(p).unwrap_or_else(Mapping::canonical),
        };
        for spec in maps {
            m.apply_map(spec)?;
        }
        Ok(Mode::Mapped(m))
    }

    /// Under `--preset auto`, picks the mapping from a header or a first record's keys.
    pub fn resolve(&mut self, keys: &[&str]) {
        if let Mode::Auto { maps, chosen } = self {
            if chosen.is_some() {
                return;
            }
            let p = preset::detect(keys);
            if p == Preset::Canonical && maps.is_empty() {
                // Canonical data takes the fast path, as under `--preset canonical` (the
                // generic JSON mapping reads it 3-5x slower); `read_one` still reports the
                // choice as `canonical`.
                *self = Mode::Fields(&fields::POST_FIELDS);
                return;
            }
            let mut m = Mapping::of(p).unwrap_or_else(Mapping::canonical);
            for spec in maps.iter() {
                // Validated when the mode was built.
                let _ = m.apply_map(spec);
            }
            *chosen = Some((p, m));
        }
    }

    /// Whether a JSON document is one record as a whole (a paged export's page), rather than
    /// a container whose array holds the records.
    pub fn whole_documents(&self) -> bool {
        matches!(self, Mode::Mapped(m) if m.page_records.is_some())
    }

    /// The preset mapping in use, once known (`None` for the canonical fast path).
    pub fn mapping(&self) -> Option<&Mapping> {
        match self {
            Mode::Fields(_) => None,
            Mode::Mapped(m) => Some(m),
            Mode::Auto { chosen, .. } => chosen.as_ref().map(|(_, m)| m),
        }
    }

    /// The preset in use, once known.
    pub fn preset_name(&self) -> Option<&str> {
        match self {
            Mode::Fields(_) => None,
            Mode::Mapped(m) => Some(&m.name),
            Mode::Auto { chosen, .. } => chosen.as_ref().map(|(p, _)| p.as_str()),
        }
    }

    /// Maps one JSON object and hands the post (and any embedded profile) to `sink`.
    ///
    /// # Errors
    /// Whatever `sink` returns.
    pub fn mapped(
        &mut self,
        v: &serde_json::Value,
        line: u64,
        sink: &mut dyn RecordSink,
    ) -> Result<()> {
        if let Some(obj) = v.as_object() {
            let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
            self.resolve(&keys);
        }
        let first_canonical;
        let m = match self {
            Mode::Mapped(m) => &*m,
            Mode::Auto {
                chosen: Some((_, m)),
                ..
            } => &*m,
            // `auto` just recognised canonical data on this record: the records after it
            // take the fast path; this one goes through the equivalent canonical mapping.
            Mode::Fields(_) => {
                first_canonical = Mapping::canonical();
                &first_canonical
            }
            _ => return Ok(()),
        };
        sink.set_preset(&m.name);
        if let Some(why) = m.not_a_post.and_then(|f| f(v)) {
            return sink.record(line, Err(Bad::new(Reason::NotAPost).detail(why)));
        }
        if let (Some(records), Some(users)) = (m.page_records, m.page_accounts) {
            // A page's records: its array, or the one object of a single lookup
            // (`{"data": {...}}`); a page without them (`{"meta": {"result_count": 0}}`, an
            // `errors` page) holds no post, which an `errors` page says as a rejection.
            let items: Option<&[serde_json::Value]> = match v.get(records) {
                Some(serde_json::Value::Array(a)) => Some(a),
                Some(one @ serde_json::Value::Object(_)) => Some(std::slice::from_ref(one)),
                None if v.get("meta").is_some() || v.get("errors").is_some() => Some(&[]),
                _ => None,
            };
            if let Some(items) = items {
                for item in items {
                    let (post, _) = m.apply(item);
                    sink.record(line, Ok(post))?;
                }
                for u in preset::lookup(v, users) {
                    for user in u.as_array().into_iter().flatten() {
                        sink.embedded_account(line, preset::fill_account(m, user))?;
                    }
                }
                if items.is_empty() {
                    if let Some(e) = v.get("errors") {
                        let first = e.get(0).unwrap_or(e);
                        let what = ["title", "detail", "message"]
                            .iter()
                            .find_map(|k| first.get(k).and_then(|x| x.as_str()))
                            .unwrap_or("no detail");
                        let why = format!("an API errors page ({})", shorten(what, 80));
                        return sink.record(line, Err(Bad::new(Reason::NotAPost).detail(why)));
                    }
                }
                return Ok(());
            }
        }
        let (post, account) = m.apply(v);
        sink.record(line, Ok(post))?;
        if let Some(a) = account {
            sink.embedded_account(line, a)?;
        }
        Ok(())
    }
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
    out.corpus
        .apply_pending()
        .map_err(|_| anyhow::anyhow!("the corpus passed 2^32 list values"))?;
    keep_kept_langs(&mut out);
    Ok(out)
}

/// Drops from the language interner the languages no post keeps. A long-format row whose
/// language lost to another row's (`build::prefer`) left it interned when that row came
/// first, so the languages the corpus listed (`inspect`, with 0 posts) depended on the order
/// of the rows. Ids are reassigned in row order; nothing changes when no row merged.
fn keep_kept_langs(out: &mut Ingested) {
    if out.accounting.posts.merged == 0 {
        return;
    }
    let c = &mut out.corpus;
    let old = std::mem::take(&mut c.langs);
    for l in c.lang.iter_mut().filter(|l| **l != crate::model::NONE) {
        *l = c.langs.intern(old.resolve(*l)).0;
    }
}

/// Reads post records of a known format from memory (no file, no sniffing): for fuzzing and
/// benches.
///
/// # Errors
/// As `read`.
pub fn read_slice(bytes: &[u8], format: Format, cfg: &IngestConfig) -> Result<Ingested> {
    let mut out = Ingested::default();
    let mut mode = Mode::for_posts(cfg.preset, &cfg.maps).map_err(anyhow::Error::msg)?;
    let mut sink = build::Builder::new("<memory>", true, cfg, &mut out);
    let max = cfg.max_record_bytes;
    let mut r: &[u8] = bytes;
    match format {
        Format::Jsonl => jsonl::read(&mut r, &mut mode, max, &mut sink),
        Format::Json => json::read(&mut r, &mut mode, max, &mut sink),
        Format::Csv | Format::Tsv => {
            csv::read(&mut r, format == Format::Tsv, &mut mode, max, &mut sink).map(|_| ())
        }
    }?;
    out.corpus
        .apply_pending()
        .map_err(|_| anyhow::anyhow!("the corpus passed 2^32 list values"))?;
    keep_kept_langs(&mut out);
    Ok(out)
}

fn read_one(src: &Source, is_post: bool, cfg: &IngestConfig, out: &mut Ingested) -> Result<()> {
    let name = src.name();
    let mut mode = if is_post {
        Mode::for_posts(cfg.preset, &cfg.maps).map_err(anyhow::Error::msg)?
    } else {
        Mode::Fields(&fields::ACCOUNT_FIELDS)
    };
    // The sniff asks whether a one-line object is a wrapper or a record by the keys of the
    // mapping in force, as the document reader does.
    let keys = json::RecordKeys::of(&mode);
    let mut opened = source::open(src, cfg.format, cfg.max_record_bytes, &keys)?;
    let before = if is_post {
        out.accounting.posts.clone()
    } else {
        out.accounting.accounts.clone()
    };
    let mut sink = build::Builder::new(&name, is_post, cfg, out);
    let max = cfg.max_record_bytes;
    let r = &mut *opened.reader;
    let mut columns = csv::Columns::default();
    match opened.format {
        Format::Jsonl => jsonl::read(r, &mut mode, max, &mut sink),
        Format::Json => json::read(r, &mut mode, max, &mut sink),
        Format::Csv | Format::Tsv => {
            { csv::read(r, opened.format == Format::Tsv, &mut mode, max, &mut sink) }
                .map(|c| columns = c)
        }
    }
    .with_context(|| format!("reading {name}"))?;
    let preset = match (&mode, cfg.preset) {
        // `auto` recognised canonical data and switched to its fast path.
        (Mode::Fields(_), Preset::Auto) if is_post => Some(Preset::Canonical.as_str().into()),
        _ => mode.preset_name().map(str::to_string),
    };
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
        preset,
        unknown_columns: columns.unknown,
        duplicate_columns: columns.duplicates,
        unmatched_maps: match mode.mapping() {
            Some(m) if after.read > before.read => m.unmatched(),
            _ => Vec::new(),
        },
    });
    Ok(())
}
