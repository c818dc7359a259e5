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
