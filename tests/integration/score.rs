//! `score`: perfect for the labels themselves, low for nonsense, gates with status 3.

use predicates::prelude::*;

use crate::util::{Workdir, lockstep};

const LABELS: &str = "account_id,network,tactic\na,x,burst\nb,x,burst\nc,x,burst\nd,y,drip\ne,y,drip\no1,,organic\no2,,organic\n";

#[test]
fn labels_scored_against_themselves_are_perfect() {
    let w = Workdir::new();
    let l = w.write("labels.csv", LABELS.as_bytes());
    let out = lockstep()
        .args(["score", "--format", "json", "--truth"])
        .arg(&l)
        .arg(&l)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "lockstep/score/v1");
    assert_eq!(v["accounts"]["f1"], 1.0);
    assert_eq!(v["pairs"]["f1"], 1.0);
    assert_eq!(v["adjusted_rand_index"], 1.0);
    assert_eq!(v["false_positive_networks"], 0);
}

#[test]
fn json_report_and_gate() {
    let w = Workdir::new();
    let l = w.write("labels.csv", LABELS.as_bytes());
    let r = w.write(
        "report.json",
        br#"{"schema": "lockstep/report/v1", "networks": [{"id": "N1", "accounts": ["a", "b", "o1"]}, {"id": "N2", "accounts": ["o2", "zz"]}]}"#,
    );
    lockstep()
        .args(["score", "--truth"])
        .arg(&l)
        .arg(&r)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 false-positive (N2)"));
    lockstep()
        .args(["score", "--min-f1", "0.9", "--truth"])
        .arg(&l)
        .arg(&r)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("below --min-f1"));
    lockstep()
        .args(["score", "--min-f1", "0.2", "--truth"])
        .arg(&l)
        .arg(&r)
        .assert()
        .success();
    lockstep()
        .args(["score", "--min-f1", "1.5", "--truth"])
        .arg(&l)
        .arg(&r)
        .assert()
        .code(2);
}

#[test]
fn bad_report_is_a_clear_error() {
    let w = Workdir::new();
    let l = w.write("labels.csv", LABELS.as_bytes());
    let r = w.write("report.json", b"{\"nothing\": 1}");
    lockstep()
        .args(["score", "--truth"])
        .arg(&l)
        .arg(&r)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs a \"networks\" array"));
}

/// Inputs `score` used to read without a word: a truth file of a header alone (every
/// measure 1.0, a `--min-f1` gate passed), a report listing an account as a number (dropped),
/// two networks under one id (scored as one), another schema (read as this one's). Each is
/// now an error naming the file and what is wrong.
#[test]
fn score_refuses_what_it_cannot_score() {
    let w = Workdir::new();
    let l = w.write("labels.csv", LABELS.as_bytes());
    let empty = w.write("empty.csv", b"account_id,network,tactic\n");
    let none = w.write("none.json", br#"{"networks": []}"#);
    let run = |truth: &std::path::Path, report: &std::path::Path, needle: &str| {
        lockstep()
            .args(["score", "--min-f1", "0.5", "--truth"])
            .arg(truth)
            .arg(report)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(needle));
    };
    run(&empty, &none, "no labelled account");
    let numeric = w.write(
        "numeric.json",
        br#"{"networks": [{"id": "N1", "accounts": ["a", 5, "b"]}]}"#,
    );
    run(&l, &numeric, "network N1: account 1 is 5, not a string id");
    let twice = w.write(
        "twice.json",
        br#"{"networks": [{"id": "N1", "accounts": ["a", "b", "c"]}, {"id": "N1", "accounts": ["d", "e"]}]}"#,
    );
    run(&l, &twice, "network id N1 appears twice");
    let other = w.write(
        "other.json",
        br#"{"schema": "lockstep/report/v2", "networks": [{"id": "N1", "accounts": ["a"]}]}"#,
    );
    run(&l, &other, "is not lockstep/report/v1");
    // A report without a schema (hand-made, as above) is still read.
    lockstep()
        .args(["score", "--truth"])
        .arg(&l)
        .arg(&none)
        .assert()
        .success();
}
