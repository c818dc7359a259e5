//! Bad input and bad arguments: one clear line on stderr, the right exit status, no panic.

use predicates::prelude::*;

use crate::util::{Workdir, assert_strict_stops, fixture, fixture_bytes, lockstep};

#[test]
fn strict_stops_at_the_first_bad_record() {
    lockstep()
        .args(["inspect", "--strict", &fixture("ingest/bad_records.jsonl")])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "fixtures/ingest/bad_records.jsonl:2: missing_post_id (post_id)",
        ));
}

#[test]
fn strict_names_the_field_and_value() {
    let w = Workdir::new();
    let p = w.write(
        "p.jsonl",
        b"{\"post_id\":\"1\",\"account_id\":\"a\",\"timestamp\":\"soon\"}\n",
    );
    assert_strict_stops(&p, ":1: bad_timestamp (timestamp=soon)");
}

#[test]
fn strict_passes_clean_input() {
    lockstep()
        .args(["inspect", "--strict", &fixture("ingest/basic.jsonl")])
        .assert()
        .success();
}

#[test]
fn rejections_are_sampled_on_stderr() {
    lockstep()
        .args(["inspect", &fixture("ingest/bad_rows.csv")])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "bad_rows.csv:3: csv_field_count (expected 4 fields, found 3)",
        ));
}

#[test]
fn missing_file() {
    lockstep()
        .args(["inspect", "no/such/file.jsonl"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "lockstep: cannot open no/such/file.jsonl",
        ));
}

#[test]
fn directory_instead_of_file() {
    lockstep()
        .args(["inspect", "fixtures"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a directory"));
}

#[test]
fn truncated_gzip_is_an_error_not_a_short_read() {
    let w = Workdir::new();
    let mut plain = Vec::new();
    for _ in 0..200 {
        plain.extend(fixture_bytes("ingest/basic.jsonl"));
    }
    // Unique ids are not needed: the stream must fail before accounting matters.
    let full = w.write_gz("full.jsonl.gz", &plain);
    let bytes = std::fs::read(full).unwrap();
    let cut = w.write("cut.jsonl.gz", &bytes[..bytes.len() / 2]);
    lockstep()
        .arg("inspect")
        .arg(&cut)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cut.jsonl.gz"));
}

#[test]
fn corrupt_zstd_is_an_error() {
    let w = Workdir::new();
    let mut bytes = zstd::encode_all(&fixture_bytes("ingest/basic.jsonl")[..], 3).unwrap();
    let n = bytes.len();
    for b in &mut bytes[8..n - 4] {
        *b ^= 0x5a;
    }
    let p = w.write("bad.jsonl.zst", &bytes);
    lockstep().arg("inspect").arg(&p).assert().code(1);
}

/// A JSON document cut short keeps the records before the cut; the cut is one
/// `malformed_json` rejection, and `--strict` stops at it (it was a fatal error, exit 1,
/// losing every record).
#[test]
fn truncated_json_document_keeps_the_records_before_the_cut() {
    let w = Workdir::new();
    let p = w.write(
        "cut.json",
        b"[{\"post_id\":\"1\",\"account_id\":\"a\",\"timestamp\":1}, {\"post_id\":\"2\"",
    );
    lockstep()
        .args(["inspect", "--format", "json"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"posts_accepted\": 1"))
        .stdout(predicate::str::contains("\"malformed_json\": 1"))
        .stderr(predicate::str::contains("truncated JSON"));
    lockstep()
        .args(["inspect", "--strict"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("truncated JSON"));
}

#[test]
fn bad_arguments_exit_2() {
    lockstep()
        .args([
            "inspect",
            &fixture("ingest/basic.jsonl"),
            "--tz",
            "Mars/Olympus",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown time zone"));
    lockstep()
        .args(["inspect", "-", "--accounts", "-"])
        .assert()
        .code(2);
    lockstep().args(["inspect"]).assert().code(2);
    lockstep().args(["frobnicate"]).assert().code(2);
}

#[test]
fn help_lists_exit_codes() {
    lockstep()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit status:"))
        .stdout(predicate::str::contains("3  gate tripped"));
    lockstep()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("lockstep "));
}

#[test]
fn hostile_strings_are_escaped_on_the_terminal() {
    let w = Workdir::new();
    let p = w.write(
        "p.jsonl",
        b"{\"post_id\":\"1\",\"account_id\":\"evil\\u001b[2J\",\"timestamp\":1}\n",
    );
    let out = lockstep().arg("inspect").arg(&p).output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(!s.contains('\u{1b}'));
    assert!(s.contains("evil\\u{1b}[2J"));
}
