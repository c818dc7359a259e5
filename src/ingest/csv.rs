//! CSV and TSV reader: a header row names the columns; each row is one record.
//!
//! CSV follows RFC 4180 (quoted commas, doubled quotes, newlines inside quotes); TSV has no
//! quoting, as IANA's text/tab-separated-values defines it. Rows with more or fewer fields than
//! the header are rejected, not padded. Columns whose name maps to no field are ignored.
//!
//! Records come from `rows::Rows`, which bounds every record (bytes and lines) before it is
//! held: an oversized row is `record_too_large` and a quote that never closes is
//! `unterminated_quote`, each a rejection for its own line, never an abort or a silent merge.

use std::borrow::Cow;
use std::io::BufRead;

use anyhow::{Context, Result, bail};

use super::accounting::Reason;
use super::record::{RawRecord, Val};
use super::rows::{Dialect, Fields, MAX_RECORD_LINES, Row, Rows};
use super::{Bad, Mode, RecordSink};

/// Reads every row of `r` as a record.
///
/// Returns the header's column names that map to no field, for the caller to mention.
///
/// # Errors
/// I/O errors, an unreadable header, and whatever `sink` returns.
pub fn read(
    r: &mut dyn BufRead,
    tsv: bool,
    mode: &mut Mode,
    max_record: usize,
    sink: &mut dyn RecordSink,
) -> Result<Vec<String>> {
    let mut rows = Rows::new(r, Dialect::new(tsv), max_record);
    let Some(names) = header(&mut rows)? else {
        return Ok(Vec::new());
    };
    mode.resolve(&names.iter().map(String::as_str).collect::<Vec<_>>());
    let fields = match mode {
        Mode::Fields(f) => *f,
        _ => return read_mapped(&mut rows, &names, mode, sink).map(|()| Vec::new()),
    };
    let mut columns: Vec<Option<(usize, u8)>> = Vec::with_capacity(names.len());
    let mut unknown = Vec::new();
    for name in &names {
        let m = fields.lookup(name);
        if m.is_none() {
            unknown.push(name.clone());
        }
        columns.push(m);
    }
    while let Some(row) = rows.next_row().context("reading a CSV row")? {
        let (line, row) = match checked(row, &names) {
            Ok(x) => x,
            Err((line, bad)) => {
                sink.record(line, Err(bad))?;
                continue;
            }
        };
        let mut rec = RawRecord::default();
        let mut bad = None;
        for (cell, col) in row.iter().zip(&columns) {
            let Some((i, rank)) = *col else { continue };
            match std::str::from_utf8(cell) {
                Ok(s) => rec.set(i, rank, Val::Str(Cow::Borrowed(s))),
                Err(_) => {
                    bad = Some(Bad::new(Reason::InvalidUtf8).field(fields.name(i)));
                    break;
                }
            }
        }
        match bad {
            Some(b) => sink.record(line, Err(b))?,
            None => sink.record(line, Ok(rec))?,
        }
    }
    Ok(unknown)
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
                    obj.insert(name.clone(), serde_json::Value::String(s.to_string()));
                }
                Err(_) => {
                    bad = Some(Bad::new(Reason::InvalidUtf8).detail(format!("column {name}")));
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
