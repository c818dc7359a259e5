//! Input sources: files or standard input, transparently decompressed, with format detection.
//!
//! Compression is recognised by magic bytes (gzip `1f 8b`, zstd `28 b5 2f fd`), not by
//! extension, so a mislabelled file still reads. The record format comes from
//! `--input-format`, else the extension (after `.gz`/`.zst`), else a sniff of the first line.
//! A UTF-8 byte-order mark is dropped. Reading errors (a truncated or corrupt compressed
//! stream) surface as `io::Error`s from the returned reader; callers turn them into fatal
//! errors that name the file.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use flate2::read::MultiGzDecoder;

/// Buffer size for file reads: large enough that syscalls do not dominate.
const BUF: usize = 256 * 1024;

/// Record formats lockstep reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// One JSON object per line (also `.ndjson`).
    Jsonl,
    /// A JSON array of objects, or an object holding such an array (`posts`, `data`, ...).
    Json,
    /// Comma-separated values with a header row (RFC 4180 quoting).
    Csv,
    /// Tab-separated values with a header row (no quoting).
    Tsv,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
        })
    }
}

/// Compression of a source, as detected from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

/// Where records come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Path(PathBuf),
    Stdin,
}

impl Source {
    /// `-` is standard input; anything else a path.
    pub fn from_arg(s: &Path) -> Self {
        if s.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::Path(s.to_path_buf())
        }
    }

    /// The name used in messages: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Source::Path(p) => p.display().to_string(),
            Source::Stdin => "<stdin>".to_string(),
        }
    }
}

/// An opened, decompressed source with its format resolved.
pub struct Opened {
    pub reader: Box<dyn BufRead + Send>,
    pub format: Format,
    pub compression: Compression,
}

/// Opens `source`, detects compression and format (unless `format` is given) and skips a BOM.
///
/// # Errors
/// A missing or unreadable file, or a compressed stream that cannot even start.
pub fn open(source: &Source, format: Option<Format>) -> Result<Opened> {
    let name = source.name();
    let raw: Box<dyn Read + Send> = match source {
        Source::Path(p) => {
            let f = File::open(p).with_context(|| format!("cannot open {name}"))?;
            if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                anyhow::bail!("cannot read {name}: it is a directory");
            }
            Box::new(f)
        }
        Source::Stdin => Box::new(io::stdin()),
    };
    let mut buffered = BufReader::with_capacity(BUF, raw);
    let compression =
        sniff_compression(&mut buffered).with_context(|| format!("reading {name}"))?;
    let mut reader: Box<dyn BufRead + Send> = match compression {
        Compression::None => Box::new(buffered),
        Compression::Gzip => Box::new(BufReader::with_capacity(BUF, MultiGzDecoder::new(buffered))),
        Compression::Zstd => {
            let dec = zstd::Decoder::with_buffer(buffered)
                .with_context(|| format!("reading {name}: cannot start zstd decoder"))?;
            Box::new(BufReader::with_capacity(BUF, dec))
        }
    };
    skip_bom(&mut reader).with_context(|| format!("reading {name}"))?;
    let format = match format.or_else(|| format_from_extension(source)) {
        Some(f) => f,
        None => sniff_format(&mut reader).with_context(|| format!("reading {name}"))?,
    };
    Ok(Opened {
        reader,
        format,
        compression,
    })
}

fn sniff_compression(r: &mut impl BufRead) -> io::Result<Compression> {
    let head = peek(r)?;
    Ok(if head.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Compression::Zstd
    } else {
        Compression::None
    })
}

/// Returns the buffered start of the stream without consuming it. A `BufReader` only refills
/// when empty, so the first fill (up to 256 KiB of a file) is what sniffing sees.
fn peek(r: &mut impl BufRead) -> io::Result<&[u8]> {
    loop {
        match r.fill_buf() {
            Ok(_) => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    r.fill_buf()
}

fn skip_bom(r: &mut Box<dyn BufRead + Send>) -> io::Result<()> {
    let head = peek(r)?;
    if head.starts_with(&[0xef, 0xbb, 0xbf]) {
        r.consume(3);
    }
    Ok(())
}

/// The format implied by the file name (`posts.csv.gz` is CSV), if any.
pub fn format_from_extension(source: &Source) -> Option<Format> {
    let Source::Path(p) = source else {
        return None;
    };
    let name = p.file_name()?.to_string_lossy().to_ascii_lowercase();
    let stem = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".zst"))
        .or_else(|| name.strip_suffix(".zstd"))
        .unwrap_or(&name);
    let ext = stem.rsplit_once('.')?.1;
    match ext {
        "jsonl" | "ndjson" | "jsonlines" => Some(Format::Jsonl),
        "json" => Some(Format::Json),
        "csv" => Some(Format::Csv),
        "tsv" | "tab" => Some(Format::Tsv),
        _ => None,
    }
}

/// Guesses the format from the buffered start of the stream.
///
/// `[` means a JSON array; `{` means JSONL when the first line is a whole JSON value, else a
/// (pretty-printed) JSON document; anything else is CSV, or TSV when the header has tabs and
/// no commas.
fn sniff_format(r: &mut Box<dyn BufRead + Send>) -> io::Result<Format> {
    let head = peek(r)?;
    let trimmed = head.trim_ascii_start();
    Ok(match trimmed.first() {
        Some(b'[') => Format::Json,
        Some(b'{') => {
            let first_line = trimmed.split(|&b| b == b'\n').next().unwrap_or_default();
            if serde_json::from_slice::<serde::de::IgnoredAny>(first_line).is_ok() {
                Format::Jsonl
            } else {
                Format::Json
            }
        }
        _ => {
            let first_line = trimmed.split(|&b| b == b'\n').next().unwrap_or_default();
            if first_line.contains(&b'\t') && !first_line.contains(&b',') {
                Format::Tsv
            } else {
                Format::Csv
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ext(name: &str) -> Option<Format> {
        format_from_extension(&Source::Path(PathBuf::from(name)))
    }

    #[test]
    fn extension_detection() {
        assert_eq!(ext("a/posts.jsonl"), Some(Format::Jsonl));
        assert_eq!(ext("posts.NDJSON"), Some(Format::Jsonl));
        assert_eq!(ext("posts.json.gz"), Some(Format::Json));
        assert_eq!(ext("posts.csv.zst"), Some(Format::Csv));
        assert_eq!(ext("posts.tsv"), Some(Format::Tsv));
        assert_eq!(ext("posts.gz"), None);
        assert_eq!(ext("posts"), None);
    }

    fn sniff(bytes: &'static [u8]) -> Format {
        let mut r: Box<dyn BufRead + Send> = Box::new(bytes);
        sniff_format(&mut r).unwrap()
    }

    #[test]
    fn content_sniffing() {
        assert_eq!(sniff(b"  [{\"a\":1}]"), Format::Json);
        assert_eq!(sniff(b"{\"a\":1}\n{\"a\":2}\n"), Format::Jsonl);
        assert_eq!(sniff(b"{\n  \"messages\": []\n}"), Format::Json);
        assert_eq!(sniff(b"post_id,account_id\n1,2\n"), Format::Csv);
        assert_eq!(sniff(b"post_id\taccount_id\n1\t2\n"), Format::Tsv);
    }
}
