//! Hostile input: what an adversary who writes the data can do to the run. Every case must
//! end with the right exit status, bounded memory, every record accounted for, and nothing
//! raw reaching a terminal or a spreadsheet. Large inputs are generated on the fly; the
//! slowest are `#[ignore]`d (run them with `cargo test -- --ignored hostile`).
//!
//! See: issue 10.

use predicates::prelude::*;

use crate::util::{Workdir, json_of, lockstep, lockstep_limited, write_gz_run};

const HEADER: &str = "post_id,account_id,timestamp,text\n";

/// `n` clean CSV rows after the header; row `bad` (0-based) gets `cell` as its text.
fn csv_rows(n: usize, bad: usize, cell: &str) -> String {
    let mut s = String::from(HEADER);
    for i in 0..n {
        let text = if i == bad {
            cell.to_string()
        } else {
            format!("hello {i}")
        };
        s.push_str(&format!("p{i},a{},{},{text}\n", i % 50, 1_721_988_000 + i));
    }
    s
}

fn input(v: &serde_json::Value) -> &serde_json::Value {
    &v["input"]
}

#[test]
fn csv_stray_quote_rejects_one_row_and_reads_the_rest() {
    let w = Workdir::new();
    let p = w.write("stray.csv", csv_rows(5000, 9, "\"oops").as_bytes());
    let v = json_of(
        lockstep()
            .args(["inspect", "--format", "json", "-q"])
            .arg(&p),
    );
    assert_eq!(input(&v)["posts_read"], 5000);
    assert_eq!(input(&v)["posts_accepted"], 4999);
    assert_eq!(input(&v)["rejections"]["unterminated_quote"], 1);
}

#[test]
fn csv_quote_closed_thousands_of_rows_later_hides_nothing() {
    // A naive export: one post starts with a quote, a later one ends with one.
    let w = Workdir::new();
    let mut s = csv_rows(5000, 5, "\"Breaking news");
    s = s.replace("hello 4995\n", "end of quote\" haha\n");
    let p = w.write("naive.csv", s.as_bytes());
    let v = json_of(
        lockstep()
            .args(["inspect", "--format", "json", "-q"])
            .arg(&p),
    );
    assert_eq!(input(&v)["posts_read"], 5000);
    assert_eq!(input(&v)["posts_rejected"], 1);
}

#[test]
fn csv_stray_quote_under_strict_names_file_line_and_column() {
    let w = Workdir::new();
    let p = w.write("stray.csv", csv_rows(3000, 9, "\"oops").as_bytes());
    lockstep()
        .args(["inspect", "--strict"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "stray.csv:11: unterminated_quote (column text:",
        ));
}

#[test]
fn csv_quote_open_at_end_of_file_is_rejected() {
    let w = Workdir::new();
    let mut s = csv_rows(20, usize::MAX, "");
    s.push_str("p20,a1,1721988000,\"never closed\n");
    let p = w.write("eof.csv", s.as_bytes());
    let v = json_of(
        lockstep()
            .args(["inspect", "--format", "json", "-q"])
            .arg(&p),
    );
    assert_eq!(input(&v)["posts_read"], 21);
    assert_eq!(input(&v)["rejections"]["unterminated_quote"], 1);
}

#[test]
fn csv_huge_field_is_a_rejection_in_bounded_memory() {
    // 300 MiB in one quoted field, never closed; the limit is 1 MiB per record.
    let w = Workdir::new();
    let prefix = format!("{HEADER}p0,a0,1721988000,ok\np1,a1,1721988001,\"");
    let p = write_gz_run(&w, "huge.csv.gz", prefix.as_bytes(), b'x', 300 << 20);
    let v = json_of(
        lockstep_limited(1024)
            .args(["inspect", "--format", "json", "-q", "--max-record-mib", "1"])
            .arg(&p),
    );
    assert_eq!(input(&v)["posts_read"], 2);
    assert_eq!(input(&v)["rejections"]["record_too_large"], 1);
}

#[test]
fn csv_gzip_bomb_is_bounded() {
    // 1 GiB of zeros gzipped to about 1 MB: before the fix the CSV reader held the whole
    // "record" (a 10 GiB bomb aborted at 4 GiB). Now it is one oversized header line.
    let w = Workdir::new();
    let p = write_gz_run(&w, "bomb.csv.gz", b"", 0, 1 << 30);
    lockstep_limited(1024)
        .args(["inspect", "-q"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bomb.csv.gz"));
}

#[test]
fn csv_many_commas_are_bounded() {
    // 100 MiB of commas on one line: a record too large, not a gigabyte of field offsets.
    let w = Workdir::new();
    let p = write_gz_run(&w, "commas.csv.gz", HEADER.as_bytes(), b',', 100 << 20);
    let v = json_of(
        lockstep_limited(1024)
            .args(["inspect", "--format", "json", "-q"])
            .arg(&p),
    );
    assert_eq!(input(&v)["rejections"]["record_too_large"], 1);
}
