//! Record accounting: every record read is accepted or rejected with a reason, a file and a line.
//!
//! Rejections are data, not errors: they are counted by `Reason` and the first few are kept
//! as samples for stderr. Under `--strict` the first one becomes a `StrictError` instead.
//! Invariant: `*_read == *_accepted + *_rejected` and the per-reason counts sum to `*_rejected`.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// Why a record was rejected. Serialised in `snake_case` as the key of `input.rejections`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The line or element is not valid JSON.
    MalformedJson,
    /// Valid JSON, but not an object.
    NotAnObject,
    /// The record is not valid UTF-8.
    InvalidUtf8,
    /// A CSV/TSV row with more or fewer fields than the header.
    CsvFieldCount,
    /// A record larger than the per-record limit (hostile or broken input).
    RecordTooLarge,
    /// A CSV quote that does not close within the record bounds or before the end of the
    /// file: the row it opens on is rejected and reading resumes at the next line.
    UnterminatedQuote,
    /// A record that is valid but is not a post (a Telegram service message, a Jetstream
    /// identity or delete event).
    NotAPost,
    /// No `post_id` (or alias).
    MissingPostId,
    /// No `account_id` (or alias).
    MissingAccountId,
    /// No `timestamp` (or alias).
    MissingTimestamp,
    /// A timestamp in none of the accepted forms.
    BadTimestamp,
    /// A field whose value has the wrong type (a number that is not one, an object for an id).
    BadValue,
    /// A `post_id` already seen: the first record is kept.
    DuplicatePostId,
    /// An `account_id` already described in the accounts file: the first record is kept.
    DuplicateAccount,
}

impl Reason {
    /// The `snake_case` name used in JSON and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::MalformedJson => "malformed_json",
            Reason::NotAnObject => "not_an_object",
            Reason::InvalidUtf8 => "invalid_utf8",
            Reason::CsvFieldCount => "csv_field_count",
            Reason::RecordTooLarge => "record_too_large",
            Reason::UnterminatedQuote => "unterminated_quote",
            Reason::NotAPost => "not_a_post",
            Reason::MissingPostId => "missing_post_id",
            Reason::MissingAccountId => "missing_account_id",
            Reason::MissingTimestamp => "missing_timestamp",
            Reason::BadTimestamp => "bad_timestamp",
            Reason::BadValue => "bad_value",
            Reason::DuplicatePostId => "duplicate_post_id",
            Reason::DuplicateAccount => "duplicate_account",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rejected record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub file: String,
    /// 1-based line where the record starts.
    pub line: u64,
    pub reason: Reason,
    /// The canonical field at fault, where there is one.
    pub field: Option<&'static str>,
    /// The offending value (or parser message), shortened; sanitised before display.
    pub detail: Option<String>,
    /// The preset that mapped the record, if any.
    pub preset: Option<String>,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)?;
        match (&self.field, &self.detail) {
            (Some(field), Some(d)) => write!(f, " ({field}={d})"),
            (Some(field), None) => write!(f, " ({field})"),
            (None, Some(d)) => write!(f, " ({d})"),
            (None, None) => Ok(()),
        }?;
        match &self.preset {
            Some(p) => write!(f, " [preset {p}]"),
            None => Ok(()),
        }
    }
}

/// `--strict` met a bad record. Maps to exit status 2.
#[derive(Debug)]
pub struct StrictError(pub Rejection);

impl fmt::Display for StrictError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [--strict]", self.0)
    }
}

impl std::error::Error for StrictError {}

/// Counts for one kind of record (posts or accounts).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub read: u64,
    pub accepted: u64,
    /// Accepted rows merged into an earlier post (long-format exports); part of `accepted`.
    pub merged: u64,
    /// Posts whose merged rows gave two different values of one field (text, or its
    /// language where the texts agree, reshare or reply target); each post counted once.
    /// The post keeps the least value (see the README's `duplicate_post_id`).
    pub disagreed: u64,
    pub rejected: u64,
    pub by_reason: BTreeMap<Reason, u64>,
}

impl Tally {
    fn reject(&mut self, reason: Reason) {
        self.read += 1;
        self.rejected += 1;
        *self.by_reason.entry(reason).or_default() += 1;
    }

    fn accept(&mut self) {
        self.read += 1;
        self.accepted += 1;
    }

    /// Adds `other`'s counts to these.
    pub fn merge(&mut self, other: &Tally) {
        self.read += other.read;
        self.accepted += other.accepted;
        self.merged += other.merged;
        self.disagreed += other.disagreed;
        self.rejected += other.rejected;
        for (r, n) in &other.by_reason {
            *self.by_reason.entry(*r).or_default() += n;
        }
    }
}

/// What was read from one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileSummary {
    pub path: String,
    /// `posts` or `accounts`.
    pub role: &'static str,
    pub format: super::Format,
    pub compression: super::Compression,
    pub records_read: u64,
    pub records_accepted: u64,
    pub records_rejected: u64,
    /// The preset that mapped the file (`auto` reports the one it chose); null for canonical.
    pub preset: Option<String>,
    /// CSV/TSV header columns that map to no canonical field (canonical fields only), named
    /// when a run finds nothing usable. Not part of the report schema.
    #[serde(skip)]
    pub unknown_columns: Vec<String>,
    /// CSV/TSV columns left unread because an earlier column has the same name or names the
    /// same field (`csv::Columns::duplicates`): warned about on stderr. Not part of the
    /// report schema.
    #[serde(skip)]
    pub duplicate_columns: Vec<String>,
    /// The `--map` specs whose column or path no record of the file held (a typo, or the
    /// wrong file): warned about on stderr. Not part of the report schema.
    #[serde(skip)]
    pub unmatched_maps: Vec<String>,
}

/// How many rejections are kept as samples for stderr.
pub const SAMPLES: usize = 10;

/// Counts of everything read, by outcome and reason.
#[derive(Debug, Default, Clone)]
pub struct Accounting {
    pub posts: Tally,
    pub accounts: Tally,
    pub files: Vec<FileSummary>,
    /// The first `SAMPLES` rejections, in reading order.
    pub samples: Vec<Rejection>,
    /// Rows of the posts counted in `posts.disagreed`.
    disagreeing: std::collections::BTreeSet<u32>,
}

impl Accounting {
    /// Records an accepted post or account.
    pub fn accept(&mut self, is_post: bool) {
        if is_post {
            self.posts.accept()
        } else {
            self.accounts.accept()
        }
    }

    /// Records a post row merged into an earlier post (accepted).
    pub fn merge(&mut self) {
        self.posts.accept();
        self.posts.merged += 1;
    }

    /// Records that the rows of the post at corpus row `row` disagree (`Tally::disagreed`):
    /// counted once per post, so the count does not depend on the order of its rows.
    pub fn disagree(&mut self, row: u32) {
        if self.disagreeing.insert(row) {
            self.posts.disagreed += 1;
        }
    }

    /// Records a rejection, keeping it as a sample while fewer than `SAMPLES` are kept.
    pub fn reject(&mut self, is_post: bool, r: Rejection) {
        if is_post {
            self.posts.reject(r.reason)
        } else {
            self.accounts.reject(r.reason)
        }
        if self.samples.len() < SAMPLES {
            self.samples.push(r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rej(reason: Reason) -> Rejection {
        Rejection {
            file: "f.jsonl".into(),
            line: 3,
            reason,
            field: Some("timestamp"),
            detail: Some("soon".into()),
            preset: None,
        }
    }

    #[test]
    fn counts_add_up() {
        let mut a = Accounting::default();
        a.accept(true);
        a.reject(true, rej(Reason::BadTimestamp));
        a.reject(true, rej(Reason::BadTimestamp));
        a.reject(false, rej(Reason::DuplicateAccount));
        assert_eq!(a.posts.read, 3);
        assert_eq!(a.posts.read, a.posts.accepted + a.posts.rejected);
        assert_eq!(a.posts.by_reason[&Reason::BadTimestamp], 2);
        assert_eq!(a.accounts.rejected, 1);
        assert_eq!(a.samples.len(), 3);
    }

    #[test]
    fn merge_is_additive() {
        let mut x = Tally::default();
        x.accept();
        x.reject(Reason::MalformedJson);
        let mut y = Tally::default();
        y.reject(Reason::MalformedJson);
        y.reject(Reason::BadValue);
        let mut xy = x.clone();
        xy.merge(&y);
        let mut yx = y.clone();
        yx.merge(&x);
        assert_eq!(xy, yx);
        assert_eq!(xy.read, 4);
        assert_eq!(xy.by_reason[&Reason::MalformedJson], 2);
    }

    #[test]
    fn message_format() {
        assert_eq!(
            rej(Reason::BadTimestamp).to_string(),
            "f.jsonl:3: bad_timestamp (timestamp=soon)"
        );
    }
}
