//! `analyze`: the bundled case, output formats, gates, and fast versions of the quality bar.

use predicates::prelude::*;
use serde_json::Value;

use crate::util::{Workdir, fixture, lockstep, stdout_of};

fn olympics_args() -> Vec<String> {
    vec![
        fixture("olympics/posts.jsonl.gz"),
        "--accounts".into(),
        fixture("olympics/accounts.jsonl"),
        "-q".into(),
    ]
}

fn analyze(args: &[String], extra: &[&str]) -> Vec<u8> {
    stdout_of(lockstep().arg("analyze").args(args).args(extra))
}

#[test]
fn the_bundled_olympics_case_comes_out_as_one_network() {
    let v: Value = serde_json::from_slice(&analyze(&olympics_args(), &[])).unwrap();
    assert_eq!(v["schema"], "lockstep/report/v1");
    assert_eq!(v["input"]["posts_read"], v["input"]["posts_accepted"]);
    let nets = v["networks"].as_array().unwrap();
    assert_eq!(nets.len(), 1, "{:#}", v["graph"]);
    let n = &nets[0];
    assert_eq!(n["id"], "N1");
    assert!(n["score"].as_f64().unwrap() >= 0.7);
    // Its evidence: the burst day, shell accounts created together, shared photos and texts.
    assert!(
        n["timing"]["peak_start"]
            .as_str()
            .unwrap()
            .starts_with("2024-07-2")
    );
    assert!(n["profile"]["mean_emptiness"].as_f64().unwrap() > 0.6);
    assert!(n["profile"]["creation_clustering"].as_f64().unwrap() > 0.8);
    let signals: Vec<&str> = n["evidence"]["group_objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["signal"].as_str().unwrap())
        .collect();
    assert!(
        signals.contains(&"media") && signals.contains(&"text_near"),
        "{signals:?}"
    );
    // Every evidence post can be checked: ids and times are given.
    let go = &n["evidence"]["group_objects"][0];
    assert!(go["posts"][0]["post_id"].as_str().is_some());
    // Accounts are sorted and match the members.
    let accts: Vec<&str> = n["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let mut sorted = accts.clone();
    sorted.sort_unstable();
    assert_eq!(accts, sorted);
    assert_eq!(accts.len(), n["members"].as_array().unwrap().len());
}

#[test]
fn the_bundled_case_scores_against_its_labels() {
    let w = Workdir::new();
    let report = w.write("r.json", &analyze(&olympics_args(), &[]));
    lockstep()
        .args([
            "score",
            "--min-f1",
            "0.95",
            "--truth",
            &fixture("olympics/labels.csv"),
        ])
        .arg(&report)
        .assert()
        .success();
}

#[test]
fn formats_agree() {
    let json: Value = serde_json::from_slice(&analyze(&olympics_args(), &[])).unwrap();
    let n = json["networks"].as_array().unwrap().len();
    let nd = String::from_utf8(analyze(&olympics_args(), &["--format", "ndjson"])).unwrap();
    assert_eq!(nd.lines().count(), n);
    for line in nd.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert!(v["id"].as_str().unwrap().starts_with('N'));
    }
    let csv = String::from_utf8(analyze(&olympics_args(), &["--format", "csv"])).unwrap();
    let members: usize = json["networks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["size"].as_u64().unwrap() as usize)
        .sum();
    assert_eq!(csv.lines().count(), members + 1);
    assert!(csv.starts_with("network,score,size,account_id"));
    let table = String::from_utf8(analyze(&olympics_args(), &["--format", "table"])).unwrap();
    assert!(table.contains("N1  score"), "{table}");
}

#[test]
fn fail_on_networks_gates() {
    lockstep()
        .arg("analyze")
        .args(olympics_args())
        .args(["--fail-on-networks", "--format", "table"])
        .assert()
        .code(3);
    // No network in plain data: success.
    lockstep()
        .args([
            "analyze",
            "--fail-on-networks",
            &fixture("ingest/basic.jsonl"),
        ])
        .assert()
        .success();
}

#[test]
fn empty_input_is_nothing_usable_not_an_empty_report() {
    // An empty report would read as "no network found"; issue 11 made it status 4.
    lockstep()
        .args(["analyze", &fixture("ingest/empty.jsonl")])
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicates::str::contains("nothing usable read"));
}

#[test]
fn an_input_that_holds_no_record_beside_others_is_a_warning() {
    // A header with no rows (or a file whose lines could not be told apart) beside a file
    // that reads was silent: the run went on without it. A warning names it, with -q too.
    let w = Workdir::new();
    let header = w.write("header.csv", b"post_id,account_id,timestamp,text\n");
    let header = header.to_string_lossy().into_owned();
    for quiet in [false, true] {
        let mut cmd = lockstep();
        cmd.args(["analyze", &fixture("ingest/basic.jsonl"), &header]);
        if quiet {
            cmd.arg("-q");
        }
        cmd.assert().success().stderr(predicates::str::contains(
            "header.csv (posts) holds no record",
        ));
    }
    // Files that all read: no such warning.
    lockstep()
        .args(["analyze", &fixture("ingest/basic.jsonl")])
        .assert()
        .success()
        .stderr(predicates::str::contains("holds no record").not());
}

#[test]
fn bad_analyze_arguments_exit_2() {
    for bad in [
        vec!["--signals", "telepathy"],
        vec!["--window", "reshare=soon"],
        vec!["--min-score", "2"],
        vec!["--min-size", "1"],
        vec!["--threads", "0"],
    ] {
        lockstep()
            .args(["analyze", &fixture("ingest/basic.jsonl")])
            .args(&bad)
            .assert()
            .code(2);
    }
}

#[test]
fn parameters_are_recorded() {
    let v: Value = serde_json::from_slice(&analyze(
        &olympics_args(),
        &["--window", "reshare=90s", "--min-coactions", "4"],
    ))
    .unwrap();
    let p = &v["parameters"];
    assert_eq!(p["window_seconds"]["reshare"], 90);
    assert_eq!(p["window_seconds"]["text_near"], "rarity");
    assert_eq!(p["min_coactions"], 4);
    assert!(p["signals"].as_array().unwrap().len() >= 7);
}

/// Generates a corpus, analyses it with defaults, and scores it.
fn generated_score(scenario: &str, seed: &str, posts: &str) -> Value {
    let w = Workdir::new();
    let d = w.generate("c", scenario, seed, posts, &[]);
    let out = lockstep()
        .args(["analyze", "-q"])
        .arg(d.join("posts.jsonl"))
        .arg("--accounts")
        .arg(d.join("accounts.jsonl"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let r = w.write("r.json", &out.stdout);
    let s = lockstep()
        .args(["score", "--format", "json", "--truth"])
        .arg(d.join("labels.csv"))
        .arg(&r)
        .output()
        .unwrap();
    serde_json::from_slice(&s.stdout).unwrap()
}

#[test]
fn olympics_quality_fast() {
    for seed in ["21", "22"] {
        let s = generated_score("olympics", seed, "12000");
        assert!(
            s["accounts"]["f1"].as_f64().unwrap() >= 0.9,
            "seed {seed}: {s:#}"
        );
        assert_eq!(s["false_positive_networks"], 0, "seed {seed}: {s:#}");
        assert!(
            s["networks"][0]["recall"].as_f64().unwrap() >= 0.85,
            "seed {seed}: {s:#}"
        );
    }
}

#[test]
fn mixed_quality_fast() {
    let s = generated_score("mixed", "12", "30000");
    assert_eq!(s["false_positive_networks"], 0, "{s:#}");
    assert!(s["accounts"]["f1"].as_f64().unwrap() >= 0.9, "{s:#}");
    let nets = s["networks"].as_array().unwrap();
    assert_eq!(nets.len(), 6, "{s:#}");
    for n in nets {
        let name = n["network"].as_str().unwrap();
        // Camouflage (members with many ordinary posts, few campaign acts each) is the known
        // weak spot of the participation rule: members with one or two campaign acts among
        // dozens of posts are dropped. See the README's detection section.
        let bar = if name == "camouflage" { 0.3 } else { 0.8 };
        assert!(n["recall"].as_f64().unwrap() >= bar, "{name}: {s:#}");
    }
}
