//! CSV and TSV reader: a header row names the columns; each row is one record.
//!
//! CSV follows RFC 4180 (quoted commas, doubled quotes, newlines inside quotes); TSV has no
//! quoting, as IANA's text/tab-separated-values defines it. Rows with more or fewer fields than
//! the header are rejected, not padded. Columns whose name maps to no field are ignored.
//!
//! A cell is its bytes as UTF-8, NUL included: CSV has no escape, so a raw NUL is how it spells
//! U+0000, the value a JSON string spells `\u0000`. The value decides, in `build` for both: a
//! NUL in an id is a `bad_value`, in a text or handle it is data (every output escapes it), so
//! the writer of a post cannot drop it from a CSV export by adding a NUL to its text.
//!
//! Records come from `rows::Rows`, which bounds every record (bytes and lines) before it is
//! held: an oversized row is `record_too_large` and a quote that never closes is
//! `unterminated_quote`, each a rejection for its own line, never an abort or a silent merge.
//! Batches are bounded by rows as well as bytes, so millions of rows with no cell bytes (`x`,
//! `,,,`) cost flat memory, not ~400 B each.
//!
//! Canonical columns are read in parallel, but not by cutting the input at guessed record
//! boundaries: where a record ends depends on every quote before it (a stray quote is found
//! only `MAX_RECORD_LINES` lines later, and reading resumes behind it), so a chunk's start
//! cannot be known without reading what precedes it. Record assembly, the one inherently
//! sequential step, and decompression run on a reader thread that hands on batches of whole
//! records (their unquoted cells); rayon checks the cells' UTF-8 and builds the records of a
//! batch; the calling thread builds the corpus from them in input order. The three overlap,
//! and the records, lines and rejections are those of one sequential pass.

use std::borrow::Cow;
use std::io::BufRead;
use std::sync::mpsc::sync_channel;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use super::accounting::Reason;
use super::fields::FieldSet;
use super::record::{RawRecord, Val};
use super::rows::{Dialect, Fields, MAX_RECORD_LINES, Row, Rows};
use super::{Bad, Mode, RecordSink};

/// What the header said that the caller mentions.
#[derive(Debug, Default)]
pub struct Columns {
    /// Column names that map to no canonical field (canonical fields only).
    pub unknown: Vec<String>,
    /// Columns left unread because an earlier one has the same name, or (canonical fields)
    /// names the same field: the first is read, whatever the format or mapping.
    pub duplicates: Vec<String>,
}

/// Reads every row of `r` as a record.
///
/// # Errors
/// I/O errors, an unreadable header, and whatever `sink` returns.
pub fn read(
    r: &mut (dyn BufRead + Send),
    tsv: bool,
    mode: &mut Mode,
    max_record: usize,
    sink: &mut dyn RecordSink,
) -> Result<Columns> {
    let mut rows = Rows::new(r, Dialect::new(tsv), max_record);
    let Some(names) = header(&mut rows)? else {
        return Ok(Columns::default());
    };
    mode.resolve(&names.iter().map(String::as_str).collect::<Vec<_>>());
    let mut out = Columns::default();
    let fields = match mode {
        Mode::Fields(f) => *f,
        _ => {
            let mut seen = std::collections::HashSet::new();
            for name in &names {
                if !seen.insert(name.as_str()) {
                    out.duplicates.push(name.clone());
                }
            }
            read_mapped(&mut rows, &names, mode, sink)?;
            return Ok(out);
        }
    };
    let mut columns: Vec<Option<(usize, u8)>> = Vec::with_capacity(names.len());
    let mut taken = std::collections::HashSet::new();
    for name in &names {
        let mut m = fields.lookup(name);
        match m {
            None => out.unknown.push(name.clone()),
            Some(f) if !taken.insert(f) => {
                out.duplicates.push(name.clone());
                m = None;
            }
            Some(_) => {}
        }
        columns.push(m);
    }
    read_canonical(rows, &names, &columns, fields, sink)?;
    Ok(out)
}

/// Bytes of cells (and of their ends) gathered before a batch of records is handed on.
const BATCH_BYTES: usize = 4 << 20;

/// Rows gathered before a batch is handed on, whatever their cells weigh: rows with no cell
/// bytes (`x`, `,,,`, rejections) cost their entries in `ends` and `rows` and, once built,
/// a record or rejection each, so a batch is bounded by rows as well as by bytes.
const BATCH_ROWS: usize = 16 << 10;

/// Records of one batch built by one rayon task.
const TASK_ROWS: usize = 256;

/// Whole records read by the reader thread: their unquoted cells, one after another, or the
/// rejection a row earned while it was assembled.
#[derive(Default)]
struct RowBatch {
    data: Vec<u8>,
    /// End offset of every cell in `data`.
    ends: Vec<usize>,
    /// Per row: its line, and the index in `ends` after its last cell, or its rejection.
    rows: Vec<(u64, std::result::Result<usize, Bad>)>,
}

/// A row of a batch to build: the range of its cells in `RowBatch::ends`, or its rejection.
type Job<'a> = std::result::Result<(usize, usize), &'a Bad>;

/// Reads the rows after the header with the canonical field set; see the module
/// documentation.
fn read_canonical(
    mut rows: Rows<'_>,
    names: &[String],
    columns: &[Option<(usize, u8)>],
    fields: &FieldSet,
    sink: &mut dyn RecordSink,
) -> Result<()> {
    let (tx, rx) = sync_channel::<std::io::Result<RowBatch>>(2);
    std::thread::scope(|s| {
        s.spawn(move || {
            loop {
                let mut b = RowBatch::default();
                let mut failed = None;
                let mut end = false;
                while b.data.len() + b.ends.len() * size_of::<usize>() < BATCH_BYTES
                    && b.rows.len() < BATCH_ROWS
                {
                    match rows.next_row() {
                        Ok(None) => {
                            end = true;
                            break;
                        }
                        Ok(Some(row)) => match checked(row, names) {
                            Ok((line, cells)) => {
                                for cell in cells.iter() {
                                    b.data.extend_from_slice(cell);
                                    b.ends.push(b.data.len());
                                }
                                b.rows.push((line, Ok(b.ends.len())));
                            }
                            Err((line, bad)) => b.rows.push((line, Err(bad))),
                        },
                        Err(e) => {
                            failed = Some(e);
                            break;
                        }
                    }
                }
                // The rows before an I/O error are handed over first, then the error. A
                // closed channel means the consumer stopped (an error): stop reading.
                if !b.rows.is_empty() && tx.send(Ok(b)).is_err() {
                    return;
                }
                if let Some(e) = failed {
                    let _ = tx.send(Err(e));
                    return;
                }
                if end {
                    return;
                }
            }
        });
        // Dropping the receiver on an early return ends the reader at its next send.
        for batch in rx {
            let b = batch.context("reading a CSV row")?;
            // Each row with the index of its first cell (the end of the previous good row).
            let mut prev = 0;
            let jobs: Vec<(u64, Job<'_>)> = b
                .rows
                .iter()
                .map(|(line, r)| match r {
                    Ok(end) => {
                        let start = std::mem::replace(&mut prev, *end);
                        (*line, Ok((start, *end)))
                    }
                    Err(bad) => (*line, Err(bad)),
                })
                .collect();
            let recs: Vec<std::result::Result<RawRecord<'_>, Bad>> = jobs
                .par_iter()
                .with_min_len(TASK_ROWS)
                .map(|(_, job)| match job {
                    Ok((from, to)) => record(&b, *from, *to, columns, fields),
                    Err(bad) => Err((*bad).clone()),
                })
                .collect();
            sink.records(jobs.iter().map(|(line, _)| *line).zip(recs).collect())?;
        }
        Ok(())
    })
}

/// The record of the cells `ends[from..to]` of a batch, or `invalid_utf8` for the first
/// mapped cell that is not UTF-8.
fn record<'a>(
    b: &'a RowBatch,
    from: usize,
    to: usize,
    columns: &[Option<(usize, u8)>],
    fields: &FieldSet,
) -> std::result::Result<RawRecord<'a>, Bad> {
    let mut rec = RawRecord::default();
    // The batch's rows give `from..to` and `ends` ascending within `data`; a range out of
    // bounds would be a reader bug, and becomes a rejection rather than a panic.
    let broken = || Bad::new(Reason::CsvFieldCount).detail("internal: cell range".into());
    let mut start = match from.checked_sub(1) {
        None => 0,
        Some(k) => *b.ends.get(k).ok_or_else(broken)?,
    };
    for (&end, col) in b.ends.get(from..to).ok_or_else(broken)?.iter().zip(columns) {
        let cell = b.data.get(start..end).ok_or_else(broken)?;
        start = end;
        let Some((i, rank)) = *col else { continue };
        match std::str::from_utf8(cell) {
            Ok(s) => rec.set(i, rank, Val::Str(Cow::Borrowed(s))),
            Err(e) => {
                return Err(Bad::new(Reason::InvalidUtf8)
                    .field(fields.name(i))
                    .detail(utf8_detail(&e)));
            }
        }
    }
    Ok(rec)
}

/// Where a cell's or line's UTF-8 goes wrong, 1-based.
pub(super) fn utf8_detail(e: &std::str::Utf8Error) -> String {
    format!("not UTF-8 from byte {}", e.valid_up_to() + 1)
}

/// The header row's column names (trimmed), or `None` for an empty input.
///
/// # Errors
/// A header that is too large, never closes a quote, or is not UTF-8: no row can be read
/// without it, so the file cannot be read.
fn header(rows: &mut Rows<'_>) -> Result<Option<Vec<String>>> {
    let row = rows.next_row().context("reading the header row")?;
    match row {
        None => Ok(None),
        Some(Row::TooLarge { line }) => {
            bail!("line {line}: the header row is larger than the record limit")
        }
        Some(Row::Unterminated { line, .. }) => bail!(
            "line {line}: the header row opens a quote that does not close within {MAX_RECORD_LINES} lines"
        ),
        Some(Row::Fields { fields, .. }) => {
            let mut names = Vec::with_capacity(fields.len());
            for (i, h) in fields.iter().enumerate() {
                match std::str::from_utf8(h) {
                    Ok(s) => names.push(s.trim().to_string()),
                    Err(_) => bail!(
                        "line 1: header column {} is not valid UTF-8 (is the file in another encoding?)",
                        i + 1
                    ),
                }
            }
            Ok(Some(names))
        }
    }
}

/// A row with as many fields as the header, or the rejection it earns.
fn checked<'a>(row: Row<'a>, names: &[String]) -> Result<(u64, Fields<'a>), (u64, Bad)> {
    match row {
        Row::TooLarge { line } => Err((line, Bad::new(Reason::RecordTooLarge))),
        Row::Unterminated { line, column } => {
            let name = names.get(column).map_or("?", String::as_str);
            Err((
                line,
                Bad::new(Reason::UnterminatedQuote).detail(format!(
                    "column {name}: quote not closed within {MAX_RECORD_LINES} lines"
                )),
            ))
        }
        Row::Fields { line, fields } if fields.len() != names.len() => {
            let detail = format!("expected {} fields, found {}", names.len(), fields.len());
            Err((line, Bad::new(Reason::CsvFieldCount).detail(detail)))
        }
        Row::Fields { line, fields } => Ok((line, fields)),
    }
}

/// Reads rows as JSON objects of strings (column name to cell) for a preset mapping. Only the
/// columns the mapping can read are kept, so a file with thousands of columns costs what its
/// mapped columns cost.
fn read_mapped(
    rows: &mut Rows<'_>,
    names: &[String],
    mode: &mut Mode,
    sink: &mut dyn RecordSink,
) -> Result<()> {
    let used: Vec<bool> = names
        .iter()
        .map(|n| mode.mapping().is_none_or(|m| m.reads_key(n)))
        .collect();
    while let Some(row) = rows.next_row().context("reading a CSV row")? {
        let (line, row) = match checked(row, names) {
            Ok(x) => x,
            Err((line, bad)) => {
                sink.record(line, Err(bad))?;
                continue;
            }
        };
        let mut obj = serde_json::Map::new();
        let mut bad = None;
        for ((cell, name), &keep) in row.iter().zip(names).zip(&used) {
            if !keep {
                continue;
            }
            match std::str::from_utf8(cell) {
                Ok(s) => {
                    // A name given twice: the first column is read, as in canonical mode.
                    obj.entry(name.clone())
                        .or_insert_with(|| serde_json::Value::String(s.to_string()));
                }
                Err(e) => {
                    let detail = format!("column {name}: {}", utf8_detail(&e));
                    bad = Some(Bad::new(Reason::InvalidUtf8).detail(detail));
                    break;
                }
            }
        }
        match bad {
            Some(b) => sink.record(line, Err(b))?,
            None => mode.mapped(&serde_json::Value::Object(obj), line, sink)?,
        }
    }
    Ok(())
}
