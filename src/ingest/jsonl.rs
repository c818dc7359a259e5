//! JSON Lines reader: one object per line, blank lines skipped, each line bounded in size.
//!
//! Canonical records take the parallel path of `parallel.rs`; preset mappings are read here,
//! one line after another.

use std::io::{self, BufRead};

use anyhow::Result;
use serde::de::DeserializeSeed;

use super::accounting::Reason;
use super::record::{Parsed, RecordSeed};
use super::{Bad, Mode, RecordSink, parse_error_detail};

/// Reads every line of `r` as a record and hands it to `sink`.
///
/// # Errors
/// I/O errors (including a truncated compressed stream) and whatever `sink` returns.
pub fn read(
    r: &mut (dyn BufRead + Send),
    mode: &mut Mode,
    max_record: usize,
    sink: &mut dyn RecordSink,
) -> Result<()> {
    let mut buf = Vec::with_capacity(64 * 1024);
    let mut line_no = 0u64;
    loop {
        // The canonical fast path (from the start, or once `--preset auto` recognised
        // canonical records) parses the rest of the stream in parallel.
        if let Mode::Fields(fields) = mode {
            return super::parallel::read(r, fields, max_record, line_no + 1, sink);
        }
        buf.clear();
        line_no += 1;
        let status = read_line_bounded(r, &mut buf, max_record)?;
        let line = match status {
            LineStatus::Eof => return Ok(()),
            LineStatus::TooLarge => {
                sink.record(line_no, Err(Bad::new(Reason::RecordTooLarge)))?;
                continue;
            }
            LineStatus::Line => trim_line(&buf),
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        parse_record(line, mode, line_no, sink)?;
    }
}

/// Parses one JSON value as a record and hands the outcome to `sink`.
pub fn parse_record(
    bytes: &[u8],
    mode: &mut Mode,
    line: u64,
    sink: &mut dyn RecordSink,
) -> Result<()> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bad = Bad::new(Reason::InvalidUtf8).detail(super::csv::utf8_detail(&e));
            return sink.record(line, Err(bad));
        }
    };
    let fields = match mode {
        Mode::Fields(f) => *f,
        _ => {
            return match serde_json::from_slice::<serde_json::Value>(bytes) {
                Ok(v) if v.is_object() => mode.mapped(&v, line, sink),
                Ok(v) => sink.record(line, Err(not_an_object(json_kind(&v)))),
                Err(e) => sink.record(
                    line,
                    Err(Bad::new(Reason::MalformedJson).detail(parse_error_detail(&e))),
                ),
            };
        }
    };
    // As `parallel::parse_line`: the checked `str`, so string values are not rechecked.
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = (RecordSeed { fields })
        .deserialize(&mut de)
        .and_then(|p| de.end().map(|()| p));
    match parsed {
        Ok(Parsed::Record(rec)) => sink.record(line, Ok(rec)),
        Ok(Parsed::NotAnObject(what)) => sink.record(line, Err(not_an_object(what))),
        Err(e) => sink.record(
            line,
            Err(Bad::new(Reason::MalformedJson).detail(parse_error_detail(&e))),
        ),
    }
}

/// A `not_an_object` rejection saying what the value is instead.
pub(super) fn not_an_object(what: &str) -> Bad {
    Bad::new(Reason::NotAnObject).detail(what.into())
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Null => "null",
        serde_json::Value::Object(_) => "an object",
    }
}

pub(super) fn trim_line(buf: &[u8]) -> &[u8] {
    let buf = buf.strip_suffix(b"\n").unwrap_or(buf);
    buf.strip_suffix(b"\r").unwrap_or(buf)
}

/// What `read_line_bounded` found.
#[derive(Debug, PartialEq, Eq)]
pub enum LineStatus {
    Line,
    /// The line passed the limit; it was consumed up to its newline but not kept.
    TooLarge,
    Eof,
}

/// Appends one line (with its `\n`) to `buf`, keeping at most `max` bytes of it: a hostile
/// file with no newline cannot make lockstep hold more than `max` bytes of it. A line that
/// passes the bound leaves `buf` as it was.
pub fn read_line_bounded(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<LineStatus> {
    let base = buf.len();
    let mut too_large = false;
    let mut any = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(match (any, too_large) {
                (false, _) => LineStatus::Eof,
                (true, true) => LineStatus::TooLarge,
                (true, false) => LineStatus::Line,
            });
        }
        any = true;
        let (take, done) = match memchr_newline(chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_large {
            if buf.len() - base + take > max {
                too_large = true;
                buf.truncate(base);
            } else {
                buf.extend_from_slice(chunk.get(..take).unwrap_or(chunk));
            }
        }
        r.consume(take);
        if done {
            return Ok(if too_large {
                LineStatus::TooLarge
            } else {
                LineStatus::Line
            });
        }
    }
}

fn memchr_newline(b: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let data: &[u8] = b"short\nthis line is far too long\nok\nlast-no-newline";
        let mut r: &[u8] = data;
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            buf.clear();
            match read_line_bounded(&mut r, &mut buf, 10).unwrap() {
                LineStatus::Eof => break,
                LineStatus::TooLarge => got.push("<too large>".to_string()),
                LineStatus::Line => got.push(String::from_utf8_lossy(trim_line(&buf)).into()),
            }
        }
        assert_eq!(got, ["short", "<too large>", "ok", "<too large>"]);
    }

    #[test]
    fn crlf_is_trimmed() {
        assert_eq!(trim_line(b"{}\r\n"), b"{}");
        assert_eq!(trim_line(b"{}"), b"{}");
    }
}
