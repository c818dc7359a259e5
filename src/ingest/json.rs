//! JSON document reader: a top-level array of records, an object holding such an array under a
//! known key (`posts`, `data`, `messages`, ...), a single object as one record, or several such
//! documents one after another.
//!
//! A single object that is itself a record (it has a post id and an account id key, or for an
//! accounts file an account id and a handle) is one record even when it holds an array under
//! a container key (`{"post_id": .., "account_id": .., "items": [..]}`): its array is a field.
//! Because keys come in any order, the elements of a container array are held back (within
//! the record bound) until the object's keys are all seen.
//!
//! The document is never held whole: a byte scanner splits the array into elements (tracking
//! strings, escapes and nesting) and each element is parsed on its own. So a 2 GB array reads
//! in bounded memory, each record keeps the line it starts on, and one malformed element is a
//! rejected record rather than a failed run. A document cut short (a truncated download, a
//! disk that filled) keeps every element before the cut; the cut itself is one
//! `malformed_json` rejection (the element it falls in, or the unclosed array or object),
//! so a truncated file is never a silent short read.
//!
//! A raw (unescaped) newline inside a string is invalid JSON and rejects its element, with
//! the field it was in. It may also mean the string's closing quote is missing, and then
//! every quote after it is read the wrong way round: so after such a newline each following
//! line is also checked as a possible next element. A line that starts (after blanks, `}`
//! and `,`) with `{` or `]` no further right than the broken element began ends that element
//! there: the line is the next element or the array's end. Otherwise the scan goes on as
//! usual (a string that spans lines and closes later). The elements after a broken string are
//! read, not swallowed. Other structural damage outside the
//! elements (a missing `:`, a stray byte between elements) is fatal, because no record
//! boundary can be trusted after it.

use std::io::{self, BufRead};

use anyhow::{Result, bail};

use super::accounting::Reason;
use super::fields::{ACCOUNT_FIELDS, FieldSet, POST_FIELDS, account, post};
use super::jsonl::parse_record;
use super::{Bad, Mode, RecordSink};

/// Container elements held back while the object around them may still be one record: the
/// line each starts on and its bytes, or why it is already bad.
type Deferred = Vec<(u64, std::result::Result<Vec<u8>, Bad>)>;

/// What `capture_value_into` returns as the end of a value when the input ended inside it.
const END_OF_INPUT: u8 = 0;

/// Detail of the rejection for an element the input ends inside.
const CUT_ELEMENT: &str = "truncated JSON: the input ends inside this element";

/// Detail of the rejection for an array the input ends inside, after a complete element.
const CUT_ARRAY: &str = "truncated JSON: the input ends before the array's closing ']'";

/// Detail of the rejection for a top-level object the input ends inside.
const CUT_OBJECT: &str = "truncated JSON: the input ends inside this object";

/// How `read_array` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArrayEnd {
    /// At its `]`.
    Closed,
    /// At the end of the input; the cut is already recorded as a rejection.
    Truncated,
}

/// Keys of a top-level object whose array value holds the records, in the order they are taken.
pub const CONTAINER_KEYS: &[&str] = &[
    "posts", "data", "messages", "statuses", "tweets", "items", "records", "results", "accounts",
    "users", "rows",
];

/// Reads every record of a JSON document (or a sequence of documents) from `r`.
///
/// # Errors
/// I/O errors, a structurally broken document, and whatever `sink` returns (a truncated
/// document is not an error: see the module doc).
pub fn read(
    r: &mut dyn BufRead,
    mode: &mut Mode,
    max_record: usize,
    sink: &mut dyn RecordSink,
) -> Result<()> {
    let mut sc = Scanner {
        r,
        line: 1,
        col: 0,
        tap: None,
        max: max_record,
        tap_overflow: false,
    };
    let mut elem = Vec::new();
    let keys = RecordKeys::of(mode);
    loop {
        sc.skip_ws()?;
        let start_line = sc.line;
        match sc.next()? {
            None => return Ok(()),
            Some(b'[') => {
                if read_array(&mut sc, mode, &mut elem, sink, &mut None)? == ArrayEnd::Truncated {
                    return Ok(());
                }
            }
            Some(b'{') => read_object(&mut sc, mode, &keys, &mut elem, sink, start_line)?,
            Some(b) => bail!(
                "line {start_line}: expected a JSON array or object, found '{}'",
                char::from(b).escape_default()
            ),
        }
    }
}

/// Reads the elements of an array whose `[` was just consumed, through its `]`.
///
/// With `defer` set, elements are held there instead of parsed, until the scanner's tap (the
/// object around the array) passes the record bound: then the held ones are parsed and the
/// rest stream as usual, `defer` left `None`.
///
/// When the input ends inside the array, the elements before the cut are records as usual
/// and the cut is one rejection (see the module doc).
fn read_array(
    sc: &mut Scanner<'_>,
    mode: &mut Mode,
    elem: &mut Vec<u8>,
    sink: &mut dyn RecordSink,
    defer: &mut Option<Deferred>,
) -> Result<ArrayEnd> {
    // The column the array's first element starts at: after a broken string, a line that
    // starts an element no further right than this, or than the broken element, ends it.
    let mut first_col = None;
    loop {
        sc.skip_ws()?;
        let line = sc.line;
        match sc.peek()? {
            Some(b']') => {
                sc.next()?;
                return Ok(ArrayEnd::Closed);
            }
            None => {
                // `[` or `[{..},` and nothing more.
                emit(defer, mode, sink, line, Err(cut(CUT_ARRAY)))?;
                return Ok(ArrayEnd::Truncated);
            }
            Some(_) => {}
        }
        elem.clear();
        let col = *first_col.get_or_insert(sc.col);
        let cap = sc.capture_element(elem, col.max(sc.col))?;
        let (end, too_large) = (cap.end, cap.too_large);
        let cut_complete =
            end == END_OF_INPUT && !too_large && cap.broken.is_none() && is_complete_value(elem);
        let item = if let Some(field) = &cap.broken {
            Err(Bad::new(Reason::MalformedJson).detail(broken_detail(field.as_deref(), sc.line)))
        } else if too_large {
            Err(Bad::new(Reason::RecordTooLarge))
        } else if end == b'}' {
            // `{"a":1]}` or `{"a":1}}`: a closer with no opener; the element ends there, and
            // is malformed, and the array goes on (it aborted the whole document).
            Err(Bad::new(Reason::MalformedJson).detail("unbalanced '}' or ']'".into()))
        } else if end == END_OF_INPUT && !cut_complete {
            Err(cut(CUT_ELEMENT))
        } else if elem.is_empty() {
            // `[a,,b]`: an element with nothing in it.
            Err(Bad::new(Reason::MalformedJson).detail("empty array element".into()))
        } else {
            Ok(())
        };
        if sc.tap_overflow {
            // Too large to be one record: the object is a container after all.
            if let Some(held) = defer.take() {
                sc.tap = None;
                flush(held, mode, sink)?;
            }
        }
        emit(defer, mode, sink, line, item.map(|()| elem.as_slice()))?;
        if cut_complete {
            // `[{..},{..}`: every element whole, the `]` missing.
            emit(defer, mode, sink, sc.line, Err(cut(CUT_ARRAY)))?;
        }
        if end == END_OF_INPUT {
            return Ok(ArrayEnd::Truncated);
        }
        if cap.resumed {
            // The next element starts on the line the scan stopped at, or the array ended.
            if end == b']' {
                return Ok(ArrayEnd::Closed);
            }
            continue;
        }
        if end == b'}' {
            match skip_stray_closers(sc)? {
                Some(ArrayEnd::Closed) => return Ok(ArrayEnd::Closed),
                Some(ArrayEnd::Truncated) => {
                    emit(defer, mode, sink, sc.line, Err(cut(CUT_ARRAY)))?;
                    return Ok(ArrayEnd::Truncated);
                }
                None => {}
            }
        }
        match end {
            b',' | b'}' => continue,
            b']' => return Ok(ArrayEnd::Closed),
            _ => bail!("line {}: expected ',' or ']' in an array", sc.line),
        }
    }
}

/// Detail of the rejection for an element with a raw newline inside a string.
fn broken_detail(field: Option<&str>, line: u64) -> String {
    let field = field.map_or_else(String::new, |f| {
        let f: String = f.chars().take(64).collect();
        format!(" (field \"{f}\")")
    });
    format!("raw newline in a string{field}, skipped to line {line}")
}

/// A rejection for a document cut short.
fn cut(detail: &str) -> Bad {
    Bad::new(Reason::MalformedJson).detail(detail.into())
}

/// Whether `bytes` are one whole JSON value (of any content).
fn is_complete_value(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
}

/// Hands one element (its bytes, or why it is bad) to `sink`, or holds it in `defer`.
fn emit(
    defer: &mut Option<Deferred>,
    mode: &mut Mode,
    sink: &mut dyn RecordSink,
    line: u64,
    item: std::result::Result<&[u8], Bad>,
) -> Result<()> {
    match (defer.as_mut(), item) {
        (Some(held), Ok(bytes)) => held.push((line, Ok(bytes.to_vec()))),
        (Some(held), Err(bad)) => held.push((line, Err(bad))),
        (None, Ok(bytes)) => parse_record(bytes, mode, line, sink)?,
        (None, Err(bad)) => sink.record(line, Err(bad))?,
    }
    Ok(())
}

/// After an element ended by a stray `}`: skips further `}`, then consumes the `,` (more
/// elements follow: `None`) or the `]` (the array ends: `Closed`); `Truncated` when the
/// input ends first.
fn skip_stray_closers(sc: &mut Scanner<'_>) -> Result<Option<ArrayEnd>> {
    loop {
        sc.skip_ws()?;
        match sc.next()? {
            Some(b'}') => {}
            Some(b',') => return Ok(None),
            Some(b']') => return Ok(Some(ArrayEnd::Closed)),
            Some(b) => bail!(
                "line {}: expected ',' or ']' in an array, found '{}'",
                sc.line,
                char::from(b).escape_default()
            ),
            None => return Ok(Some(ArrayEnd::Truncated)),
        }
    }
}

/// Parses held-back container elements in order.
fn flush(held: Deferred, mode: &mut Mode, sink: &mut dyn RecordSink) -> Result<()> {
    for (line, item) in held {
        match item {
            Ok(bytes) => parse_record(&bytes, mode, line, sink)?,
            Err(bad) => sink.record(line, Err(bad))?,
        }
    }
    Ok(())
}

/// The keys that, both at the top of an object, make it a record rather than a wrapper: post
/// id and account id (accounts: account id and handle), by their names and aliases and, under
/// `--map` or a preset, by the top-level key each mapped source path starts at
/// (`--map post_id=meta.uid` counts `meta`). A wrapper such as Telegram's
/// `{"id": .., "name": .., "messages": [..]}` has at most one of them.
#[derive(Debug, Clone)]
pub struct RecordKeys {
    set: &'static FieldSet,
    fields: [usize; 2],
    /// The top-level keys the mapping in force reads each of the two fields from.
    mapped: [Vec<String>; 2],
}

impl RecordKeys {
    /// The record keys of the files `mode` reads (under `--preset auto`, before a preset is
    /// chosen, the canonical names with the `--map`s applied).
    pub fn of(mode: &Mode) -> Self {
        let (set, first, second) = record_keys(mode);
        let auto;
        let mapping = match mode {
            Mode::Auto { maps, chosen: None } => {
                let mut m = super::preset::Mapping::canonical();
                for spec in maps {
                    // Validated when the mode was built.
                    let _ = m.apply_map(spec);
                }
                auto = m;
                Some(&auto)
            }
            _ => mode.mapping(),
        };
        let mut mapped = [Vec::new(), Vec::new()];
        if std::ptr::eq(set, &POST_FIELDS) {
            for s in mapping.map(|m| m.post.as_slice()).unwrap_or_default() {
                let Some(names) = [first, second]
                    .iter()
                    .zip(mapped.iter_mut())
                    .find_map(|(&f, names)| (f == s.field).then_some(names))
                else {
                    continue;
                };
                for path in &s.paths {
                    let top = path.split('.').next().unwrap_or_default();
                    names.push(top.trim_end_matches("[]").to_string());
                }
            }
        }
        Self {
            set,
            fields: [first, second],
            mapped,
        }
    }

    /// Which of the two fields the top-level key `key` (raw, as written) names.
    fn names(&self, key: &[u8]) -> [bool; 2] {
        let k = String::from_utf8_lossy(key);
        let field = self.set.lookup(&k).map(|(i, _)| i);
        let mut out = [false; 2];
        for ((o, &f), names) in out.iter_mut().zip(&self.fields).zip(&self.mapped) {
            *o = field == Some(f) || names.iter().any(|m| m.eq_ignore_ascii_case(&k));
        }
        out
    }
}

/// The two fields whose keys make an object a record (see `RecordKeys`).
fn record_keys(mode: &Mode) -> (&'static FieldSet, usize, usize) {
    match mode {
        Mode::Fields(set) if std::ptr::eq(*set, &ACCOUNT_FIELDS) => {
            (&ACCOUNT_FIELDS, account::ACCOUNT_ID, account::HANDLE)
        }
        _ => (&POST_FIELDS, post::POST_ID, post::ACCOUNT_ID),
    }
}

/// Whether `key` names an array of records in a wrapper object (`CONTAINER_KEYS`, in any case).
fn is_container_key(key: &[u8]) -> bool {
    CONTAINER_KEYS
        .iter()
        .any(|k| k.as_bytes().eq_ignore_ascii_case(key))
}

/// Top-level keys `is_wrapper` keeps (for the preset check); a line with more is no page.
const WRAPPER_KEYS: usize = 1024;

/// The longest top-level key `is_wrapper` keeps; a longer one is none it looks for.
const WRAPPER_KEY_LEN: usize = 256;

/// Whether `bytes`, the start of one object (whole, or cut by the sniff's bound), read as a
/// wrapper of records: under a container key, an array whose first element is an object
/// (`{"posts": [{..}, ..]}`), and not both record keys of `keys` at the top. So
/// `{"post_id": .., "account_id": .., "items": [..]}` is one record, and so is
/// `{"pid": .., "uid": .., "data": [..]}` under `--map post_id=pid --map account_id=uid`
/// (by its keys), and `{"id": .., "data": ["x"]}` (a record's list of strings is a field;
/// records are objects). A page of a paged export that `--preset auto` recognises (API
/// v2's `{"data": [..], "includes": {..}}`) is no wrapper: read as a JSONL record it is
/// mapped whole, its embedded profiles too (`Mode::mapped`).
///
/// The decision is taken from the object's bytes, scanned once for its top-level keys and
/// the first byte of each value, not from parsing it: an element that no JSON parser
/// accepts (a lone surrogate, `1e400`, a raw tab, nesting past 128, a duplicated key, bytes
/// that are not UTF-8) is one rejected record of the document, as the document reader
/// takes it, and does not make the line a JSONL record (which lost every element).
pub(super) fn is_wrapper(bytes: &[u8], keys: &RecordKeys) -> bool {
    /// Where the scan is, at the object's top level.
    #[derive(PartialEq)]
    enum At {
        Key,
        Colon,
        Value,
        /// Just inside a container key's array: its first element decides.
        Element,
        Other,
    }
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    let mut at = At::Other;
    let mut key: Vec<u8> = Vec::new();
    let mut top: Vec<String> = Vec::new();
    let (mut record, mut objects) = ([false; 2], false);
    for &b in bytes {
        if in_str {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_str = false;
                if depth == 1 && at == At::Key {
                    let named = keys.names(&key);
                    record[0] |= named[0];
                    record[1] |= named[1];
                    if top.len() < WRAPPER_KEYS {
                        top.push(String::from_utf8_lossy(&key).into_owned());
                    }
                    at = At::Colon;
                    continue;
                }
            }
            if depth == 1 && at == At::Key && key.len() <= WRAPPER_KEY_LEN {
                key.push(b);
            }
            continue;
        }
        if b.is_ascii_whitespace() {
            continue;
        }
        match (depth, &at, b) {
            (1, At::Key, b'"') => {}
            (1, At::Value, b'[') if is_container_key(&key) => at = At::Element,
            (2, At::Element, b'{') => {
                objects = true;
                at = At::Other;
            }
            (1, At::Colon, b':') => at = At::Value,
            (1, _, b',') => at = At::Key,
            (0, _, b'{') => at = At::Key,
            _ => at = At::Other,
        }
        match b {
            b'"' => {
                in_str = true;
                key.clear();
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
    }
    if !objects || (record[0] && record[1]) {
        return false;
    }
    let top: Vec<&str> = top.iter().map(String::as_str).collect();
    super::preset::Mapping::of(super::preset::detect(&top)).is_none_or(|m| m.page_records.is_none())
}

/// Reads a top-level object whose `{` was just consumed: the records of its container
/// arrays, or, when it has none or its keys make it a record (`RecordKeys`), the object
/// itself as one record.
fn read_object(
    sc: &mut Scanner<'_>,
    mode: &mut Mode,
    keys: &RecordKeys,
    elem: &mut Vec<u8>,
    sink: &mut dyn RecordSink,
    start_line: u64,
) -> Result<()> {
    sc.tap = Some(b"{".to_vec());
    sc.tap_overflow = false;
    let mut found = false;
    let mut key = Vec::new();
    let mut seen = [false, false];
    let mut defer: Option<Deferred> = Some(Vec::new());
    // The input ended inside the object; `cut_recorded`: the array it ended in said so.
    let mut truncated = false;
    let mut cut_recorded = false;
    loop {
        sc.skip_ws()?;
        match sc.next()? {
            Some(b'}') => break,
            Some(b',') => continue,
            Some(b'"') => {}
            Some(b) => bail!(
                "line {}: expected a key in a JSON object, found '{}'",
                sc.line,
                char::from(b).escape_default()
            ),
            None => {
                truncated = true;
                break;
            }
        }
        key.clear();
        if !sc.read_string_body(&mut key)? {
            truncated = true;
            break;
        }
        sc.skip_ws()?;
        match sc.next()? {
            Some(b':') => {}
            None => {
                truncated = true;
                break;
            }
            Some(_) => bail!(
                "line {}: expected ':' after a key in a JSON object",
                sc.line
            ),
        }
        sc.skip_ws()?;
        let named = keys.names(&key);
        seen[0] |= named[0];
        seen[1] |= named[1];
        // Every container array is read (`{"posts": [...], "data": [...]}` holds both),
        // unless the keys so far say the object is a record.
        let is_record = seen[0] && seen[1];
        let is_container = !(mode.whole_documents() || is_record) && is_container_key(&key);
        if is_container && sc.peek()? == Some(b'[') {
            sc.next()?;
            found = true;
            if read_array(sc, mode, elem, sink, &mut defer)? == ArrayEnd::Truncated {
                truncated = true;
                cut_recorded = true;
                break;
            }
        } else {
            let mut scratch = Vec::new();
            let (end, _) = sc.capture_value_into(&mut scratch, 0)?;
            match end {
                b',' => continue,
                b'}' => break,
                END_OF_INPUT => {
                    truncated = true;
                    break;
                }
                _ => bail!("line {}: expected ',' or '}}' in a JSON object", sc.line),
            }
        }
    }
    let is_record = seen[0] && seen[1];
    match defer {
        // A container array streamed past the record bound: its elements were the records.
        None => {
            if truncated && !cut_recorded {
                sink.record(sc.line, Err(cut(CUT_OBJECT)))?;
            }
        }
        Some(held) if found && !is_record => {
            flush(held, mode, sink)?;
            if truncated && !cut_recorded {
                sink.record(sc.line, Err(cut(CUT_OBJECT)))?;
            }
        }
        // Cut short while it was (or could still be) one record: that record is lost.
        Some(_) if truncated => sink.record(start_line, Err(cut(CUT_OBJECT)))?,
        // No container array, or the keys make the object a record: it is one.
        Some(_) => {
            let whole = sc.tap.take().unwrap_or_default();
            if sc.tap_overflow {
                sink.record(start_line, Err(Bad::new(Reason::RecordTooLarge)))?;
            } else {
                parse_record(&whole, mode, start_line, sink)?;
            }
        }
    }
    sc.tap = None;
    Ok(())
}

/// Open brackets whose kind `capture_value_into` remembers.
const MAX_TRACKED: usize = 4096;

/// A byte reader that counts lines and can copy what it reads into a tap.
struct Scanner<'a> {
    r: &'a mut dyn BufRead,
    line: u64,
    /// Bytes read since the last newline: the column of the next byte.
    col: u64,
    /// When set, every byte read is also appended here (up to `max`).
    tap: Option<Vec<u8>>,
    tap_overflow: bool,
    max: usize,
}

impl Scanner<'_> {
    fn peek(&mut self) -> io::Result<Option<u8>> {
        loop {
            match self.r.fill_buf() {
                Ok(b) => return Ok(b.first().copied()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    fn next(&mut self) -> io::Result<Option<u8>> {
        let b = self.peek()?;
        if let Some(b) = b {
            self.r.consume(1);
            if b == b'\n' {
                self.line += 1;
                self.col = 0;
            } else {
                self.col += 1;
            }
            if let Some(t) = &mut self.tap {
                if t.len() < self.max {
                    t.push(b);
                } else {
                    self.tap_overflow = true;
                }
            }
        }
        Ok(b)
    }

    fn skip_ws(&mut self) -> io::Result<()> {
        while let Some(b) = self.peek()? {
            if !b.is_ascii_whitespace() {
                break;
            }
            self.next()?;
        }
        Ok(())
    }

    /// Reads a string body after its opening quote, through the closing quote, into `out`
    /// (raw, escapes left as they are); `false` when the input ends first.
    fn read_string_body(&mut self, out: &mut Vec<u8>) -> Result<bool> {
        let mut escaped = false;
        loop {
            let Some(b) = self.next()? else {
                return Ok(false);
            };
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                return Ok(true);
            }
            if out.len() < self.max {
                out.push(b);
            }
        }
    }

    /// Captures one array element (without surrounding whitespace) into `out`, as
    /// `capture_value_into` keeping up to the record bound, and with the recovery from a raw
    /// newline inside a string (see the module doc); `col` is the column it starts at.
    fn capture_element(&mut self, out: &mut Vec<u8>, col: u64) -> Result<Captured> {
        let max = self.max;
        self.capture(out, max, Some(col))
    }

    /// Captures one value (without surrounding whitespace), keeping at most `keep` bytes of
    /// it in `out` (0: keep nothing, only skip); consumes and returns the `,`, `]` or `}`
    /// that ends it (`END_OF_INPUT` when the input ends first), and whether the value passed
    /// `keep`.
    ///
    /// Brackets are matched by kind: a `}` that meets an open `[` closes the `[` too (the
    /// element is then malformed and rejected on its own), so one unbalanced bracket cannot
    /// swallow the elements after it.
    fn capture_value_into(&mut self, out: &mut Vec<u8>, keep: usize) -> Result<(u8, bool)> {
        let c = self.capture(out, keep, None)?;
        Ok((c.end, c.too_large))
    }

    /// The scan behind `capture_value_into` and `capture_element`: with `elem_col` set, a
    /// raw newline inside a string marks the value broken and lets a later line that looks
    /// like the next element (or the array's end) at or left of `elem_col` end it.
    fn capture(
        &mut self,
        out: &mut Vec<u8>,
        keep: usize,
        elem_col: Option<u64>,
    ) -> Result<Captured> {
        // Open brackets, by kind, up to `MAX_TRACKED`; deeper ones are only counted (serde
        // rejects anything past 128 levels anyway), so a run of `[` costs no memory.
        let mut open: Vec<u8> = Vec::new();
        let mut deeper = 0usize;
        let mut in_str = false;
        let mut escaped = false;
        let mut c = Captured {
            end: END_OF_INPUT,
            too_large: false,
            broken: None,
            resumed: false,
        };
        // Where in `out` the string being read starts (at its quote), the last string
        // closed, and the last key: the field a broken string belongs to.
        let mut cur = 0usize;
        let mut last = (0usize, 0usize);
        let mut key = (0usize, 0usize);
        // After a broken string: at the start of a line, before anything but blanks, `}`
        // and `,`; and the column of the first such `}` or `,`.
        let mut line_head = false;
        let mut head_col: Option<u64> = None;
        loop {
            if line_head {
                if let Some(col) = elem_col {
                    match self.peek()? {
                        Some(b' ' | b'\t' | b'\r') => {}
                        Some(b'}' | b',') => {
                            head_col.get_or_insert(self.col);
                        }
                        Some(b @ (b'{' | b']')) if head_col.unwrap_or(self.col) <= col => {
                            if b == b']' {
                                self.next()?;
                            }
                            trim_end(out);
                            c.end = if b == b']' { b']' } else { b',' };
                            c.resumed = true;
                            return Ok(c);
                        }
                        _ => line_head = false,
                    }
                }
            }
            let Some(b) = self.next()? else {
                trim_end(out);
                return Ok(c);
            };
            if in_str {
                if b == b'\n' && elem_col.is_some() {
                    // Invalid in a JSON string: the value is broken, and the string may be
                    // one whose closing quote is missing.
                    if c.broken.is_none() {
                        c.broken = Some(
                            out.get(key.0 + 1..key.1)
                                .filter(|k| !k.is_empty())
                                .map(|k| String::from_utf8_lossy(k).into_owned()),
                        );
                    }
                    escaped = false;
                } else if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_str = false;
                    last = (cur, out.len());
                }
            } else {
                match b {
                    b'"' => {
                        in_str = true;
                        cur = out.len();
                    }
                    b':' => key = last,
                    b'[' | b'{' if open.len() >= MAX_TRACKED => deeper += 1,
                    b'[' | b'{' => open.push(b),
                    b']' | b'}' if deeper > 0 => deeper -= 1,
                    b']' | b'}' if open.is_empty() => {
                        trim_end(out);
                        c.end = b;
                        return Ok(c);
                    }
                    b']' | b'}' => {
                        let opener = if b == b']' { b'[' } else { b'{' };
                        if open.contains(&opener) {
                            while open.pop().is_some_and(|o| o != opener) {}
                        } else {
                            // A closer with no opener of its kind: it is not part of this
                            // value; the value is malformed and parsed as such.
                            open.pop();
                        }
                    }
                    b',' if open.is_empty() => {
                        trim_end(out);
                        c.end = b;
                        return Ok(c);
                    }
                    _ => {}
                }
            }
            if b == b'\n' && c.broken.is_some() {
                line_head = true;
                head_col = None;
            }
            if keep > 0 {
                if out.len() < keep {
                    out.push(b);
                } else {
                    c.too_large = true;
                }
            }
        }
    }
}

/// One value as `Scanner::capture` read it.
struct Captured {
    /// The `,`, `]` or `}` that ended it, or `END_OF_INPUT`.
    end: u8,
    /// It passed the bytes to keep.
    too_large: bool,
    /// A raw newline inside a string: with the key of the field it was in, when known.
    broken: Option<Option<String>>,
    /// It was ended by a line that starts the next element (`end` is `,`, not consumed) or
    /// closes the array (`end` is `]`, consumed).
    resumed: bool,
}

fn trim_end(v: &mut Vec<u8>) {
    while v.last().is_some_and(u8::is_ascii_whitespace) {
        v.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::preset::Preset;

    fn keys(maps: &[&str]) -> RecordKeys {
        let maps: Vec<String> = maps.iter().map(|m| (*m).to_string()).collect();
        RecordKeys::of(&Mode::for_posts(Preset::Canonical, &maps).unwrap())
    }

    /// Under `--map post_id=pid --map account_id=uid`, JSONL records holding an array under
    /// a container key were sniffed as one-line wrappers and read as a document: every post
    /// lost, exit 0 (a review of cde0fa4). The record keys are those of the mapping in force
    /// (a dotted path by its top-level key), and only an array of objects holds records.
    #[test]
    fn a_wrapper_is_told_from_a_record_by_the_mapping_in_force() {
        let mapped = br#"{"pid":"1","uid":"a","text":"hi","items":[{"k":1}]}"#;
        assert!(is_wrapper(mapped, &keys(&[])));
        assert!(!is_wrapper(
            mapped,
            &keys(&["post_id=pid", "account_id=uid"])
        ));
        let nested = br#"{"meta":{"uid":"1"},"poster":"a","items":[{"k":1}]}"#;
        assert!(is_wrapper(nested, &keys(&["post_id=meta.uid"])));
        assert!(!is_wrapper(
            nested,
            &keys(&["post_id=meta.uid", "account_id=poster"])
        ));
        assert!(!is_wrapper(
            nested,
            &keys(&["post_id=META.uid", "account_id=poster.id"])
        ));
        // A list of strings is a record's field, whatever the keys.
        let strings = br#"{"pid":"1","uid":"a","data":["x"]}"#;
        assert!(!is_wrapper(strings, &keys(&[])));
        assert!(!is_wrapper(br#"{"posts":[]}"#, &keys(&[])));
        // An accounts file's record keys are its own.
        let accounts = RecordKeys::of(&Mode::Fields(&ACCOUNT_FIELDS));
        let users = br#"{"account_id":"a","handle":"h","items":[{"k":1}]}"#;
        assert!(!is_wrapper(users, &accounts));
        assert!(is_wrapper(users, &keys(&[])));
    }

    /// `is_wrapper` parsed the whole line with serde, stricter than the document reader: one
    /// element no parser takes made a one-line wrapper a JSONL line, one rejected record
    /// instead of the others accepted (a review, 2026-12-07). The decision reads the bytes.
    #[test]
    fn a_wrapper_with_a_bad_element_is_still_a_wrapper() {
        let good = r#"{"post_id":"1","account_id":"a"}"#;
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        for bad in [
            r#"{"post_id":"2","text":"\ud83d"}"#.to_string(),
            r#"{"post_id":"2","n":1e400}"#.to_string(),
            "{\"post_id\":\"2\",\"text\":\"a\tb\"}".to_string(),
            r#"{"post_id":"2",}"#.to_string(),
            deep,
            r#"{"post_id":"2","post_id":"3"}"#.to_string(),
        ] {
            let line = format!(r#"{{"posts":[{good},{bad},{good}],"posts":[]}}"#);
            assert!(is_wrapper(line.as_bytes(), &keys(&[])), "{line}");
        }
        let mut utf = br#"{"posts":[{"text":""#.to_vec();
        utf.extend_from_slice(b"\xff\xfe\"}]}");
        assert!(is_wrapper(&utf, &keys(&[])));
    }
}
