//! `features`: one row per posting account; campaign shells look empty.

use crate::util::{fixture, lockstep};

#[test]
fn campaign_accounts_are_emptier_than_organic_ones() {
    let out = lockstep()
        .args([
            "features",
            "-q",
            &fixture("olympics/posts.jsonl.gz"),
            "--accounts",
            &fixture("olympics/accounts.jsonl"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let labels: std::collections::BTreeMap<String, String> = csv::Reader::from_path(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture("olympics/labels.csv")),
    )
    .unwrap()
    .records()
    .map(|r| {
        let r = r.unwrap();
        (r[0].to_string(), r[1].to_string())
    })
    .collect();
    let mut rdr = csv::Reader::from_reader(&out.stdout[..]);
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (id, e) = (col("account_id"), col("emptiness"));
    let (mut camp, mut org) = (Vec::new(), Vec::new());
    for r in rdr.records() {
        let r = r.unwrap();
        let v: f64 = r[e].parse().unwrap();
        if labels[&r[id]].is_empty() {
            org.push(v)
        } else {
            camp.push(v)
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    assert!(camp.len() > 50 && org.len() > 100);
    assert!(
        mean(&camp) > 0.7 && mean(&org) < 0.3,
        "{} {}",
        mean(&camp),
        mean(&org)
    );
    let json = lockstep()
        .args([
            "features",
            "-q",
            "--format",
            "json",
            &fixture("ingest/basic.jsonl"),
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["schema"], "lockstep/features/v1");
    assert_eq!(v["accounts"].as_array().unwrap().len(), 4);
}
