//! Parallel JSON Lines parsing: a reader thread cuts the (decompressed) stream into batches of
//! whole lines, rayon parses each batch's lines, and the calling thread hands the records to
//! the sink in input order.
//!
//! Three activities overlap: reading and decompressing the next batch (its own thread, so
//! gzip and zstd decoding runs beside parsing), parsing the next chunk of lines of the
//! current batch (rayon, every thread of the pool, driven by a helper thread), and building
//! the corpus from the chunk parsed before it (the calling thread, sequential). Because
//! records reach the sink one by one in input order with their own line numbers, interning,
//! duplicate handling, accounting and `--strict` behave exactly as in the sequential reader:
//! the corpus does not depend on the thread count or on where batches are cut.
//!
//! Bounds are those of `read_line_bounded`: a line longer than the record limit is consumed
//! without being kept and becomes one `record_too_large` rejection; a batch holds at most
//! `BATCH_BYTES` plus one record, and at most two batches wait in the channel.
//!
//! What it deliberately does not do: preset mappings (generic JSON values) stay on the
//! sequential path; so does the first record under `--preset auto`, which picks the mapping.

use std::io::BufRead;
use std::sync::mpsc::sync_channel;

use anyhow::Result;
use rayon::prelude::*;
use serde::de::DeserializeSeed;

use super::accounting::Reason;
use super::fields::FieldSet;
use super::jsonl::{LineStatus, read_line_bounded, trim_line};
use super::record::{Parsed, RawRecord, RecordSeed};
use super::{Bad, RecordSink, parse_error_detail};

/// Bytes of lines gathered before a batch is handed to the parsers.
pub const BATCH_BYTES: usize = 4 << 20;

/// Lines parsed by one rayon task: enough to amortise scheduling, few enough to balance.
const TASK_LINES: usize = 256;

/// Lines of a chunk: the unit that is parsed while the previous one is built.
const CHUNK_LINES: usize = 2048;

/// One line of a batch: its 1-based line number and its bytes in `Batch::bytes`, or `None`
/// when the line passed the record limit.
struct Line {
    no: u64,
    span: Option<(usize, usize)>,
}

/// Whole lines read from the stream, in order.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    lines: Vec<Line>,
}

/// What parsing made of one line.
// Boxing the record would cost an allocation per record; outcomes live in one vector per batch.
#[allow(clippy::large_enum_variant)]
enum Outcome<'a> {
    /// Blank: not a record.
    Blank,
    Record(std::result::Result<RawRecord<'a>, Bad>),
}

/// Reads the rest of `r` as JSON Lines records with the canonical field set `fields`,
/// starting after line `first_line - 1`, and hands every record to `sink` in input order.
///
/// # Errors
/// I/O errors of the stream (a truncated compressed file) after the records before them were
/// handed over, and whatever `sink` returns (a `StrictError`, a corpus limit).
pub fn read(
    r: &mut (dyn BufRead + Send),
    fields: &FieldSet,
    max_record: usize,
    first_line: u64,
    sink: &mut dyn RecordSink,
) -> Result<()> {
    read_batched(r, fields, max_record, first_line, BATCH_BYTES, sink)
}

/// `read` with a chosen batch size (tests cut batches everywhere).
fn read_batched(
    r: &mut (dyn BufRead + Send),
    fields: &FieldSet,
    max_record: usize,
    first_line: u64,
    batch_bytes: usize,
    sink: &mut dyn RecordSink,
) -> Result<()> {
    let (tx, rx) = sync_channel::<std::io::Result<Batch>>(2);
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut line_no = first_line;
            loop {
                let batch = next_batch(r, max_record, batch_bytes, &mut line_no);
                let stop = !matches!(&batch, Ok(b) if !b.lines.is_empty());
                // A closed channel means the consumer stopped (an error): stop reading.
                if tx.send(batch).is_err() || stop {
                    return;
                }
            }
        });
        // Dropping the receiver on an early return ends the reader at its next send.
        for batch in rx {
            let batch = batch?;
            if batch.lines.is_empty() {
                break;
            }
            build_batch(&batch, fields, sink)?;
        }
        Ok(())
    })
}

/// Parses a batch in chunks and hands the records to `sink` in order: while the calling
/// thread builds from one chunk, a helper thread has the pool parse the next.
fn build_batch(b: &Batch, fields: &FieldSet, sink: &mut dyn RecordSink) -> Result<()> {
    let chunks: Vec<&[Line]> = b.lines.chunks(CHUNK_LINES).collect();
    let Some(&first) = chunks.first() else {
        return Ok(());
    };
    std::thread::scope(|s| {
        let mut parsed = parse_lines(&b.bytes, first, fields);
        for (j, chunk) in chunks.iter().enumerate() {
            let next = chunks
                .get(j + 1)
                .map(|&c| s.spawn(move || parse_lines(&b.bytes, c, fields)));
            sink.records(
                chunk
                    .iter()
                    .zip(parsed)
                    .filter_map(|(line, outcome)| match outcome {
                        Outcome::Record(rec) => Some((line.no, rec)),
                        Outcome::Blank => None,
                    })
                    .collect(),
            )?;
            parsed = match next {
                Some(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                None => break,
            };
        }
        Ok(())
    })
}

/// Reads whole lines until the batch holds `batch_bytes` (an empty batch at the end).
fn next_batch(
    r: &mut (dyn BufRead + Send),
    max_record: usize,
    batch_bytes: usize,
    line_no: &mut u64,
) -> std::io::Result<Batch> {
    let mut b = Batch {
        bytes: Vec::with_capacity(batch_bytes.min(BATCH_BYTES) + 64 * 1024),
        lines: Vec::new(),
    };
    while b.bytes.len() < batch_bytes {
        let start = b.bytes.len();
        let status = read_line_bounded(r, &mut b.bytes, max_record)?;
        let no = *line_no;
        match status {
            LineStatus::Eof => break,
            // The line was consumed but not kept (the batch is as it was before it).
            LineStatus::TooLarge => b.lines.push(Line { no, span: None }),
            LineStatus::Line => {
                let end = start + trim_line(b.bytes.get(start..).unwrap_or_default()).len();
                b.lines.push(Line {
                    no,
                    span: Some((start, end)),
                });
            }
        }
        *line_no += 1;
    }
    Ok(b)
}

/// Parses lines of a batch in parallel; the outcomes come back in line order.
fn parse_lines<'a>(bytes: &'a [u8], lines: &[Line], fields: &FieldSet) -> Vec<Outcome<'a>> {
    lines
        .par_iter()
        .with_min_len(TASK_LINES)
        .map(|l| match l.span {
            None => Outcome::Record(Err(Bad::new(Reason::RecordTooLarge))),
            Some((s, e)) => match bytes.get(s..e) {
                Some(line) => parse_line(line, fields),
                // Spans are cut from `bytes` by `read_batch`; never out of bounds.
                None => Outcome::Record(Err(
                    Bad::new(Reason::MalformedJson).detail("internal: line span".into())
                )),
            },
        })
        .collect()
}

/// Parses one line as a record of `fields` (the canonical fast path of `jsonl::parse_record`).
fn parse_line<'a>(line: &'a [u8], fields: &FieldSet) -> Outcome<'a> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return Outcome::Blank;
    }
    let line = match std::str::from_utf8(line) {
        Ok(line) => line,
        Err(e) => {
            let bad = Bad::new(Reason::InvalidUtf8).detail(super::csv::utf8_detail(&e));
            return Outcome::Record(Err(bad));
        }
    };
    // Read as the `str` it was checked to be: serde_json then does not check every string
    // value's UTF-8 a second time (it did, at about a tenth of the parse's instructions).
    let mut de = serde_json::Deserializer::from_str(line);
    let parsed = (RecordSeed { fields })
        .deserialize(&mut de)
        .and_then(|p| de.end().map(|()| p));
    Outcome::Record(match parsed {
        Ok(Parsed::Record(rec)) => Ok(rec),
        Ok(Parsed::NotAnObject(what)) => Err(super::jsonl::not_an_object(what)),
        Err(e) => Err(Bad::new(Reason::MalformedJson).detail(parse_error_detail(&e))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::fields::{POST_FIELDS, post};
    use crate::ingest::record::Val;

    /// Collects what reaches the sink: line and post id, or line and reason.
    #[derive(Default)]
    struct Seen(Vec<(u64, String)>);

    impl RecordSink for Seen {
        fn record(
            &mut self,
            line: u64,
            rec: std::result::Result<RawRecord<'_>, Bad>,
        ) -> Result<()> {
            let what = match rec {
                Ok(r) => match r.get(post::POST_ID) {
                    Some(Val::Str(s)) => s.to_string(),
                    other => format!("{other:?}"),
                },
                Err(b) => b.reason.as_str().to_string(),
            };
            self.0.push((line, what));
            Ok(())
        }
    }

    fn run(input: &[u8], batch: usize, threads: usize) -> Vec<(u64, String)> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut seen = Seen::default();
        let mut r: &[u8] = input;
        pool.install(|| read_batched(&mut r, &POST_FIELDS, 40, 1, batch, &mut seen))
            .unwrap();
        seen.0
    }

    #[test]
    fn same_records_and_lines_wherever_batches_are_cut() {
        let input = b"{\"post_id\":\"a\"}\n\n  \r\n{\"post_id\":\"b\"}\r\n[1]\n{bad\n\
{\"post_id\":\"this line is far longer than forty bytes\"}\n\xff\xfe\n{\"post_id\":\"c\"}";
        let want: Vec<(u64, String)> = [
            (1, "a"),
            (4, "b"),
            (5, "not_an_object"),
            (6, "malformed_json"),
            (7, "record_too_large"),
            (8, "invalid_utf8"),
            (9, "c"),
        ]
        .iter()
        .map(|(l, s)| (*l, s.to_string()))
        .collect();
        for batch in [1, 2, 17, 64, 1 << 20] {
            for threads in [1, 2] {
                assert_eq!(
                    run(input, batch, threads),
                    want,
                    "batch {batch}, {threads} threads"
                );
            }
        }
    }

    #[test]
    fn empty_input_has_no_records() {
        assert!(run(b"", 8, 2).is_empty());
        assert!(run(b"\n\n", 8, 2).is_empty());
    }
}

/// The batch path (`Builder::records`: records checked in parallel, interners filled side by
/// side) against the one-record-at-a-time path of a JSON array holding the same records.
#[cfg(test)]
mod batch_equivalence {
    use crate::ingest::{Format, IngestConfig, Ingested, read_slice};
    use crate::model::Interner;

    fn strings(i: &Interner) -> Vec<String> {
        i.iter().map(|(_, s)| s.to_string()).collect()
    }

    /// Everything the corpus holds, ids included, and the accounting.
    fn summary(ing: &Ingested) -> String {
        let c = &ing.corpus;
        let mut out = format!("{:?}\n", ing.accounting);
        for i in [
            &c.post_ids,
            &c.account_ids,
            &c.langs,
            &c.url_values,
            &c.hashtag_values,
            &c.mention_values,
            &c.media_values,
            &c.targets,
        ] {
            out += &format!("{:?}\n", strings(i));
        }
        for p in 0..c.len() {
            out += &format!(
                "{:?} {} {:?} {} {:?} {:?} {:?} {:?} {} {}\n",
                c.account[p],
                c.time[p],
                c.text.get(p),
                c.lang[p],
                c.urls.get(p),
                c.hashtags.get(p),
                c.mentions.get(p),
                c.media.get(p),
                c.reshare_of[p],
                c.reply_to[p],
            );
        }
        out
    }

    #[test]
    fn batches_build_what_single_records_build() {
        let mut lines = Vec::new();
        for i in 0..6000u32 {
            let line = match i % 997 {
                // Bad records of several kinds.
                5 => format!(r#"{{"post_id":"p{i}","timestamp":"2024-01-01T00:00:00Z"}}"#),
                6 => format!(r#"{{"post_id":"p{i}","account_id":"a","timestamp":"soon"}}"#),
                7 => "{broken".to_string(),
                // Rejected by other checks (a NUL in an id, a list field given as an object,
                // a numeric language), and accepted shapes both paths must read alike
                // (numeric ids, an offset, a text given as pieces).
                10 => format!(r#"{{"post_id":"p{i}","account_id":"a\u0000","timestamp":1}}"#),
                11 => format!(
                    r#"{{"post_id":"p{i}","account_id":"a","timestamp":1,"urls":{{"u":1}}}}"#
                ),
                12 => format!(r#"{{"post_id":"p{i}","account_id":"a","timestamp":1,"lang":7}}"#),
                13 => format!(
                    r#"{{"post_id":{i},"account_id":42,"timestamp":"2024-01-01T00:00:00+02:00"}}"#
                ),
                14 => format!(
                    r#"{{"post_id":"p{i}","account_id":"a","timestamp":1,"text":["a ","b"]}}"#
                ),
                // Past the first chunk: a duplicate, and a long-format row adding a URL.
                8 if i > 3000 => format!(
                    r#"{{"post_id":"p{}","account_id":"a{}","timestamp":{},"text":"t {}","urls":["u{}"]}}"#,
                    i - 997,
                    (i - 997) % 37,
                    1_700_000_000 + i - 997,
                    i - 997,
                    i
                ),
                9 if i > 3000 => format!(
                    r#"{{"post_id":"p{}","account_id":"other","timestamp":1}}"#,
                    i - 998
                ),
                _ => format!(
                    r#"{{"post_id":"p{i}","account_id":"a{}","timestamp":{},"text":"t {i}","lang":"{}","urls":["u{}"," "],"hashtags":"x{} y","mentions":[{}],"media":["m{}"],"reshare_of":"{}","reply_to":"r{}"}}"#,
                    i % 37,
                    1_700_000_000 + i,
                    ["en", "fr", ""][(i % 3) as usize],
                    i % 11,
                    i % 5,
                    i % 7,
                    i % 13,
                    if i % 4 == 0 {
                        format!("p{}", i / 2)
                    } else {
                        String::new()
                    },
                    i % 9
                ),
            };
            lines.push(line);
        }
        let jsonl = lines.join("\n");
        let whole: Vec<String> = lines.iter().filter(|l| *l != "{broken").cloned().collect();
        let broken = (lines.len() - whole.len()) as u64;
        let array = format!("[{}]", whole.join(","));
        let cfg = IngestConfig::default();
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let (a, b) = pool.install(|| {
                (
                    read_slice(jsonl.as_bytes(), Format::Jsonl, &cfg).unwrap(),
                    read_slice(array.as_bytes(), Format::Json, &cfg).unwrap(),
                )
            });
            assert!(a.accounting.posts.merged > 0, "a merge is exercised");
            // The broken line exists only in the JSONL input.
            let (sa, sb) = (summary(&a), summary(&b));
            let body = |s: &str| s.split_once('\n').map(|x| x.1.to_string()).unwrap();
            assert_eq!(body(&sa), body(&sb), "{threads} threads");
            assert_eq!(
                a.accounting.posts.rejected,
                b.accounting.posts.rejected + broken,
                "{threads} threads: {:?} {:?}",
                a.accounting.posts,
                b.accounting.posts
            );
        }
    }
}
