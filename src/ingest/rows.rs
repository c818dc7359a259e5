//! CSV/TSV record assembly in bounded memory: physical lines in, records (fields) out.
//!
//! A record is one physical line, or several when a quoted CSV field holds newlines. Both are
//! bounded: a line holds at most the per-record limit (`--max-record-mib`), and a record spans
//! at most `MAX_RECORD_LINES` lines and the same byte limit. A quoted field still open when
//! either bound is reached, or at the end of the input, is an `Unterminated` row for the line
//! it opened on; reading then resumes at the next line, so the rows a stray quote would have
//! swallowed are read as rows. Nothing is skipped without a row saying so.
//!
//! Quoting follows RFC 4180 as the `csv` crate reads it: a quote opens a field only at its
//! start, `""` inside is a quote, text after the closing quote is kept, a quote inside an
//! unquoted field is data. TSV has no quoting.
//!
//! Invariants: memory is at most about twice the record limit plus `MAX_RECORD_LINES` line
//! headers; each physical line is read from the source once, and when a record is abandoned
//! its lines are re-examined in O(1) each (a line's quote state is computed at most once per
//! starting state, and not at all for lines without a quote), so a hostile file costs at most
//! O(lines x `MAX_RECORD_LINES`) constant steps.

use std::collections::VecDeque;
use std::io::{self, BufRead};

use super::jsonl::{LineStatus, read_line_bounded};

/// Physical lines one record may span. Posts with more line breaks than this do not occur in
/// real exports; a quote open this long is a stray quote.
pub const MAX_RECORD_LINES: usize = 1000;

/// Field separator and whether `"` quotes.
#[derive(Debug, Clone, Copy)]
pub struct Dialect {
    pub delim: u8,
    pub quoting: bool,
}

impl Dialect {
    /// CSV (`,`, quoting) or TSV (tab, no quoting).
    pub fn new(tsv: bool) -> Self {
        if tsv {
            Dialect {
                delim: b'\t',
                quoting: false,
            }
        } else {
            Dialect {
                delim: b',',
                quoting: true,
            }
        }
    }
}

/// What the assembler found next.
#[derive(Debug)]
pub enum Row<'a> {
    /// A complete record starting on `line`.
    Fields { line: u64, fields: Fields<'a> },
    /// A line longer than the record limit (consumed, not kept).
    TooLarge { line: u64 },
    /// A quote opened on `line` in column `column` (0-based) does not close within the bounds.
    Unterminated { line: u64, column: usize },
}

/// The unquoted fields of one record, borrowed from the assembler.
#[derive(Debug)]
pub struct Fields<'a> {
    data: &'a [u8],
    ends: &'a [usize],
}

impl<'a> Fields<'a> {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The fields in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        let data = self.data;
        let mut start = 0;
        self.ends.iter().map(move |&e| {
            let f = data.get(start..e).unwrap_or_default();
            start = e;
            f
        })
    }
}

/// One physical line and how it leaves a quoted field, from either starting state.
#[derive(Debug, Default)]
struct Line {
    no: u64,
    /// The line with its terminator.
    bytes: Vec<u8>,
    too_large: bool,
    /// A quote is still open at its end when the line starts a record (once known).
    open_from_start: Option<bool>,
    /// A quote is still open at its end when the line starts inside a quoted field (once
    /// known; computed at most once per line).
    open_from_quote: Option<bool>,
}

/// Reads records from a `BufRead` in bounded memory.
pub struct Rows<'r> {
    r: &'r mut (dyn BufRead + Send),
    d: Dialect,
    max: usize,
    line_no: u64,
    cur: Line,
    /// Lines to read again, after an abandoned record.
    replay: VecDeque<Line>,
    /// Lines of a record whose quote is open.
    pending: Vec<Line>,
    pending_bytes: usize,
    /// The record's bytes when it spans several lines.
    joined: Vec<u8>,
    out: Vec<u8>,
    ends: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote seen inside a quoted field: closing, or the first half of `""`.
    QuoteInQuoted,
}

/// The state after `bytes`, from `state`.
fn scan(bytes: &[u8], d: Dialect, mut state: State) -> State {
    for &b in bytes {
        state = match (state, b) {
            (State::FieldStart, b'"') if d.quoting => State::Quoted,
            (State::FieldStart | State::Unquoted, b) if b == d.delim => State::FieldStart,
            (State::FieldStart | State::Unquoted, _) => State::Unquoted,
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::QuoteInQuoted, b) if b == d.delim => State::FieldStart,
            (State::QuoteInQuoted, _) => State::Unquoted,
        };
    }
    state
}

/// The 0-based column whose quote is open at the end of a record's first line.
fn open_column(bytes: &[u8], d: Dialect) -> usize {
    let mut state = State::FieldStart;
    let mut column = 0;
    for &b in bytes {
        let next = scan(&[b], d, state);
        if next == State::FieldStart {
            column += 1;
        }
        state = next;
    }
    column
}

/// `bytes` without its line terminator (`\n`, `\r\n`).
fn strip_terminator(bytes: &[u8]) -> &[u8] {
    let b = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    b.strip_suffix(b"\r").unwrap_or(b)
}

/// Splits one record into unquoted fields: `out` receives their bytes, `ends` their ends.
/// Returns the quoting state at the end (`Quoted`: a quote is still open).
fn split(rec: &[u8], d: Dialect, out: &mut Vec<u8>, ends: &mut Vec<usize>) -> State {
    out.clear();
    ends.clear();
    if !d.quoting || memchr::memchr(b'"', rec).is_none() {
        // No quote: fields are the bytes between separators.
        let mut start = 0;
        for sep in memchr::memchr_iter(d.delim, rec).chain(std::iter::once(rec.len())) {
            out.extend_from_slice(rec.get(start..sep).unwrap_or_default());
            ends.push(out.len());
            start = sep + 1;
        }
        return State::Unquoted;
    }
    let mut state = State::FieldStart;
    for &b in rec {
        let next = scan(&[b], d, state);
        match (state, next) {
            (_, State::FieldStart) => ends.push(out.len()),
            (State::FieldStart, State::Quoted) => {}
            (State::Quoted, State::QuoteInQuoted) => {}
            (State::QuoteInQuoted, State::Quoted) => out.push(b'"'),
            _ => out.push(b),
        }
        state = next;
    }
    ends.push(out.len());
    state
}

impl<'r> Rows<'r> {
    /// Reads from `r` with records of at most `max` bytes.
    pub fn new(r: &'r mut (dyn BufRead + Send), d: Dialect, max: usize) -> Self {
        Self {
            r,
            d,
            max,
            line_no: 0,
            cur: Line::default(),
            replay: VecDeque::new(),
            pending: Vec::new(),
            pending_bytes: 0,
            joined: Vec::new(),
            out: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// Puts the next physical line in `self.cur`; `false` at the end of the input.
    fn fetch(&mut self) -> io::Result<bool> {
        if let Some(l) = self.replay.pop_front() {
            self.cur = l;
            return Ok(true);
        }
        self.cur.bytes.clear();
        let status = read_line_bounded(self.r, &mut self.cur.bytes, self.max)?;
        if status == LineStatus::Eof {
            return Ok(false);
        }
        self.line_no += 1;
        let l = &mut self.cur;
        l.no = self.line_no;
        l.too_large = status == LineStatus::TooLarge;
        // Most lines hold no quote: they open nothing and leave an open quote open.
        let quoted = self.d.quoting && memchr::memchr(b'"', &l.bytes).is_some();
        // Lines with quotes are scanned when (and if) their state is needed.
        (l.open_from_start, l.open_from_quote) = if quoted && !l.too_large {
            (None, None)
        } else {
            (Some(false), Some(!l.too_large))
        };
        Ok(true)
    }

    /// Gives up on the pending record: its first line is `Unterminated`; the others, and
    /// `self.cur` when `with_cur`, are read again.
    fn abandon(&mut self, with_cur: bool) -> Row<'_> {
        if with_cur {
            self.replay.push_front(std::mem::take(&mut self.cur));
        }
        let mut lines = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        let rest = lines.split_off(1.min(lines.len()));
        for l in rest.into_iter().rev() {
            self.replay.push_front(l);
        }
        let first = lines.pop().unwrap_or_default();
        Row::Unterminated {
            line: first.no,
            column: open_column(strip_terminator(&first.bytes), self.d),
        }
    }

    /// The next record, or `None` at the end of the input.
    ///
    /// # Errors
    /// I/O errors from the source (a truncated compressed stream).
    pub fn next_row(&mut self) -> io::Result<Option<Row<'_>>> {
        loop {
            if !self.fetch()? {
                if self.pending.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(self.abandon(false)));
            }
            let len = self.cur.bytes.len();
            if self.pending.is_empty() {
                if self.cur.too_large {
                    return Ok(Some(Row::TooLarge { line: self.cur.no }));
                }
                if strip_terminator(&self.cur.bytes).is_empty() {
                    continue;
                }
                if self.cur.open_from_start != Some(true) {
                    let end = split(
                        strip_terminator(&self.cur.bytes),
                        self.d,
                        &mut self.out,
                        &mut self.ends,
                    );
                    if end != State::Quoted {
                        return Ok(Some(self.fields(self.cur.no)));
                    }
                    self.cur.open_from_start = Some(true);
                }
                self.pending_bytes = len;
                self.pending.push(std::mem::take(&mut self.cur));
                continue;
            }
            if self.cur.too_large
                || self.pending.len() >= MAX_RECORD_LINES
                || self.pending_bytes + len > self.max
            {
                return Ok(Some(self.abandon(true)));
            }
            self.pending_bytes += len;
            let open = match self.cur.open_from_quote {
                Some(open) => open,
                None => scan(&self.cur.bytes, self.d, State::Quoted) == State::Quoted,
            };
            self.cur.open_from_quote = Some(open);
            let closed = !open;
            self.pending.push(std::mem::take(&mut self.cur));
            if closed {
                self.joined.clear();
                for l in &self.pending {
                    self.joined.extend_from_slice(&l.bytes);
                }
                let first = self.pending.first().map_or(0, |l| l.no);
                self.pending.clear();
                self.pending_bytes = 0;
                split(
                    strip_terminator(&self.joined),
                    self.d,
                    &mut self.out,
                    &mut self.ends,
                );
                return Ok(Some(self.fields(first)));
            }
        }
    }

    fn fields(&self, line: u64) -> Row<'_> {
        Row::Fields {
            line,
            fields: Fields {
                data: &self.out,
                ends: &self.ends,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row as text: fields joined by `|`, or a marker.
    fn rows(input: &str, tsv: bool, max: usize) -> Vec<String> {
        let mut r = input.as_bytes();
        let mut rows = Rows::new(&mut r, Dialect::new(tsv), max);
        let mut got = Vec::new();
        while let Some(row) = rows.next_row().unwrap() {
            got.push(match row {
                Row::Fields { line, fields } => format!(
                    "{line}:{}",
                    fields
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect::<Vec<_>>()
                        .join("|")
                ),
                Row::TooLarge { line } => format!("{line}:<too large>"),
                Row::Unterminated { line, column } => format!("{line}:<unterminated {column}>"),
            });
        }
        got
    }

    #[test]
    fn rfc4180_quoting() {
        assert_eq!(
            rows(
                "a,b\n\"x,1\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\n\n,\n",
                false,
                100
            ),
            ["1:a|b", "2:x,1|say \"hi\"", "3:two\nlines|z", "6:|"]
        );
        // Text after a closing quote is kept; a quote inside an unquoted field is data.
        assert_eq!(rows("\"a\"b,c\"d\n", false, 100), ["1:ab|c\"d"]);
    }

    #[test]
    fn tsv_has_no_quoting() {
        assert_eq!(rows("a\t\"b\nc\td\n", true, 100), ["1:a|\"b", "2:c|d"]);
    }

    #[test]
    fn stray_quote_is_one_row_and_the_rest_is_read() {
        let mut s = String::from("id,text\n1,ok\n2,\"oops\n");
        for i in 3..2000 {
            s.push_str(&format!("{i},fine\n"));
        }
        let got = rows(&s, false, 1 << 20);
        assert_eq!(got.len(), 2000);
        assert_eq!(got[2], "3:<unterminated 1>");
        assert_eq!(got[3], "4:3|fine");
        assert_eq!(got[1999], "2000:1999|fine");
    }

    #[test]
    fn quote_open_at_end_of_input() {
        assert_eq!(
            rows("a,b\n1,\"x\n2,y\n", false, 100),
            ["1:a|b", "2:<unterminated 1>", "3:2|y"]
        );
    }

    #[test]
    fn record_bytes_are_bounded() {
        // A quoted field passing the byte limit is abandoned; its lines are read again.
        assert_eq!(
            rows("1,\"aaaa\nbbbb\ncccc\"\n", false, 12),
            ["1:<unterminated 1>", "2:bbbb", "3:cccc\""]
        );
        assert_eq!(
            rows("short\nmuch too long\nok", false, 8),
            ["1:short", "2:<too large>", "3:ok"]
        );
    }
}
