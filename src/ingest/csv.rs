//! CSV and TSV reader: a header row names the columns; each row is one record.
//!
//! CSV follows RFC 4180 (quoted commas, doubled quotes, newlines inside quotes); TSV has no
//! quoting, as IANA's text/tab-separated-values defines it. Rows with more or fewer fields than
//! the header are rejected, not padded. Columns whose name maps to no field are ignored.

use std::borrow::Cow;
use std::io::BufRead;

use anyhow::{Context, Result};

use super::accounting::Reason;
use super::record::{RawRecord, Val};
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
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(if tsv { b'\t' } else { b',' })
        .quoting(!tsv)
        .flexible(true)
        .has_headers(true)
        .from_reader(r);
    let header = rdr
        .byte_headers()
        .context("reading the header row")?
        .clone();
    let names: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    mode.resolve(&names.iter().map(String::as_str).collect::<Vec<_>>());
    let fields = match mode {
        Mode::Fields(f) => *f,
        _ => return read_mapped(&mut rdr, &names, mode, max_record, sink).map(|()| Vec::new()),
    };
    let mut columns: Vec<Option<(usize, u8)>> = Vec::with_capacity(header.len());
    let mut unknown = Vec::new();
    for h in header.iter() {
        let name = String::from_utf8_lossy(h);
        let m = fields.lookup(name.trim());
        if m.is_none() {
            unknown.push(name.into_owned());
        }
        columns.push(m);
    }
    let mut row = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(anyhow::Error::new(e).context("reading a CSV row")),
        }
        let line = row.position().map_or(0, |p| p.line());
        if row.len() != header.len() {
            let detail = format!("expected {} fields, found {}", header.len(), row.len());
            sink.record(line, Err(Bad::new(Reason::CsvFieldCount).detail(detail)))?;
            continue;
        }
        if row.as_slice().len() > max_record {
            sink.record(line, Err(Bad::new(Reason::RecordTooLarge)))?;
            continue;
        }
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

/// Reads rows as JSON objects of strings (column name to cell) for a preset mapping.
fn read_mapped(
    rdr: &mut csv::Reader<&mut dyn BufRead>,
    names: &[String],
    mode: &mut Mode,
    max_record: usize,
    sink: &mut dyn RecordSink,
) -> Result<()> {
    let mut row = csv::ByteRecord::new();
    while rdr
        .read_byte_record(&mut row)
        .context("reading a CSV row")?
    {
        let line = row.position().map_or(0, |p| p.line());
        if row.len() != names.len() {
            let detail = format!("expected {} fields, found {}", names.len(), row.len());
            sink.record(line, Err(Bad::new(Reason::CsvFieldCount).detail(detail)))?;
            continue;
        }
        if row.as_slice().len() > max_record {
            sink.record(line, Err(Bad::new(Reason::RecordTooLarge)))?;
            continue;
        }
        let mut obj = serde_json::Map::with_capacity(names.len());
        let mut bad = false;
        for (cell, name) in row.iter().zip(names) {
            match std::str::from_utf8(cell) {
                Ok(s) => {
                    obj.insert(name.clone(), serde_json::Value::String(s.to_string()));
                }
                Err(_) => {
                    bad = true;
                    break;
                }
            }
        }
        if bad {
            sink.record(line, Err(Bad::new(Reason::InvalidUtf8)))?;
            continue;
        }
        mode.mapped(&serde_json::Value::Object(obj), line, sink)?;
    }
    Ok(())
}
