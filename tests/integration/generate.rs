//! `generate`: deterministic per seed, labels consistent with the data, a hard background.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::util::Workdir;

fn read(p: &std::path::Path, f: &str) -> Vec<u8> {
    std::fs::read(p.join(f)).unwrap()
}

fn posts(dir: &std::path::Path) -> Vec<Value> {
    String::from_utf8(read(dir, "posts.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn labels(dir: &std::path::Path) -> BTreeMap<String, String> {
    let mut r = csv::Reader::from_path(dir.join("labels.csv")).unwrap();
    r.records()
        .map(|x| {
            let x = x.unwrap();
            (x[0].to_string(), x[1].to_string())
        })
        .collect()
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let w = Workdir::new();
    let a = w.generate("a", "mixed", "5", "3000", &[]);
    let b = w.generate("b", "mixed", "5", "3000", &[]);
    let c = w.generate("c", "mixed", "6", "3000", &[]);
    for f in ["posts.jsonl", "accounts.jsonl", "labels.csv"] {
        assert_eq!(read(&a, f), read(&b, f), "{f} differs for one seed");
    }
    assert_ne!(read(&a, "posts.jsonl"), read(&c, "posts.jsonl"));
}

#[test]
fn labels_match_the_accounts_written() {
    let w = Workdir::new();
    let d = w.generate("d", "olympics", "3", "4000", &[]);
    let labels = labels(&d);
    let posters: BTreeSet<String> = posts(&d)
        .iter()
        .map(|p| p["account_id"].as_str().unwrap().to_string())
        .collect();
    // Every posting account is labelled and every labelled account posted.
    assert_eq!(posters, labels.keys().cloned().collect());
    // The accounts file describes only labelled accounts (and most of them).
    let profiles: Vec<String> = String::from_utf8(read(&d, "accounts.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["account_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(profiles.iter().all(|a| labels.contains_key(a)));
    assert!(profiles.len() * 10 >= labels.len() * 9);
    let campaign = labels.values().filter(|n| *n == "olympics").count();
    assert!(
        (80..=100).contains(&campaign),
        "{campaign} campaign accounts"
    );
    // The campaign posts ~1,600 times, on July 26-28.
    let camp_posts: Vec<Value> = posts(&d)
        .into_iter()
        .filter(|p| labels[p["account_id"].as_str().unwrap()] == "olympics")
        .collect();
    assert!(
        (1400..=1800).contains(&camp_posts.len()),
        "{}",
        camp_posts.len()
    );
    assert!(
        camp_posts
            .iter()
            .all(|p| p["timestamp"].as_str().unwrap() >= "2024-07-26")
    );
}

#[test]
fn organic_background_has_viral_events_and_fans() {
    let w = Workdir::new();
    let d = w.generate("v", "mixed", "1", "40000", &[]);
    let labels = labels(&d);
    // Objects used by many distinct organic accounts within one hour of their first use.
    let mut first: BTreeMap<String, &str> = BTreeMap::new();
    let mut crowd: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let all = posts(&d);
    for p in &all {
        let acct = p["account_id"].as_str().unwrap();
        if !labels[acct].is_empty() {
            continue;
        }
        let ts = p["timestamp"].as_str().unwrap();
        let mut objects: Vec<String> = Vec::new();
        for k in ["urls", "hashtags", "media"] {
            for o in p[k].as_array().unwrap() {
                objects.push(format!("{k}:{}", o.as_str().unwrap()));
            }
        }
        if let Some(r) = p["reshare_of"].as_str() {
            objects.push(format!("reshare:{r}"));
        }
        for o in objects {
            let f = *first.entry(o.clone()).or_insert(ts);
            // Same day and hour prefix is a loose "within about an hour" check.
            if ts[..13] == f[..13] || ts[..12] == f[..12] {
                crowd.entry(o).or_default().insert(acct);
            }
        }
    }
    let viral = crowd.values().filter(|s| s.len() >= 50).count();
    assert!(viral >= 3, "only {viral} viral objects");
    // The tactics and roles the issue lists are all present.
    let tactics = String::from_utf8(read(&d, "labels.csv")).unwrap();
    for t in [
        "fan",
        "celebrity",
        "news_bot",
        "new_account",
        "drip",
        "amplification",
        "laundering",
        "camouflage",
        "multilingual",
        "burst",
    ] {
        assert!(tactics.contains(t), "no {t}");
    }
}

#[test]
fn csv_output_reads_like_jsonl() {
    let w = Workdir::new();
    let out = w.generate("c", "olympics", "1", "2000", &["--csv"]);
    let j = crate::util::inspect_json(&[out.join("posts.jsonl").to_str().unwrap()]);
    let c = crate::util::inspect_json(&[out.join("posts.csv").to_str().unwrap()]);
    assert_eq!(j["input"]["posts_accepted"], c["input"]["posts_accepted"]);
    assert_eq!(j["input"]["posts_rejected"], 0);
    assert_eq!(c["input"]["posts_rejected"], 0);
    assert_eq!(j["coverage"], c["coverage"]);
    assert_eq!(j["input"]["time_range"], c["input"]["time_range"]);
}

/// Members per network, from labels.csv.
fn network_sizes(dir: &std::path::Path) -> BTreeMap<String, usize> {
    let mut sizes = BTreeMap::new();
    for n in labels(dir).into_values().filter(|n| !n.is_empty()) {
        *sizes.entry(n).or_default() += 1;
    }
    sizes
}

#[test]
fn varied_is_deterministic_and_labels_every_author() {
    let w = Workdir::new();
    let a = w.generate("a", "varied", "4", "3000", &[]);
    let b = w.generate("b", "varied", "4", "3000", &[]);
    for f in ["posts.jsonl", "accounts.jsonl", "labels.csv"] {
        assert_eq!(read(&a, f), read(&b, f), "{f} differs for one seed");
    }
    let labels = labels(&a);
    let authors: BTreeSet<String> = posts(&a)
        .iter()
        .map(|p| p["account_id"].as_str().unwrap().to_string())
        .collect();
    assert!(authors.iter().all(|x| labels.contains_key(x)));
    // Every campaign member posted.
    assert!(
        labels
            .iter()
            .filter(|(_, n)| !n.is_empty())
            .all(|(x, _)| authors.contains(x))
    );
    let tactics = String::from_utf8(read(&a, "labels.csv")).unwrap();
    for t in [
        "burst",
        "drip",
        "reshare_ring",
        "outlet_amplification",
        "camouflage",
        "bot_farm",
        "media_group",
        "public_service",
        "outlet",
        "celebrity",
    ] {
        assert!(tactics.contains(t), "no {t}");
    }
}

#[test]
fn varied_seeds_draw_different_campaigns() {
    let w = Workdir::new();
    let sizes: Vec<_> = ["1", "2", "3"]
        .iter()
        .map(|s| network_sizes(&w.generate(s, "varied", s, "3000", &[])))
        .collect();
    for s in &sizes {
        let names: Vec<&str> = s.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "camouflage",
                "farm",
                "outlet_ring",
                "relay",
                "ring_fast",
                "ring_slow",
                "seedcase"
            ]
        );
        assert!((60..=150).contains(&s["seedcase"]), "{s:?}");
    }
    // Sizes are drawn per seed: no two seeds agree on all of them.
    assert_ne!(sizes[0], sizes[1]);
    assert_ne!(sizes[1], sizes[2]);
    assert_ne!(sizes[0]["seedcase"], sizes[1]["seedcase"]);
}
