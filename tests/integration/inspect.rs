//! `inspect` on each input shape: counts, time range, coverage, accounts.

use serde_json::{Value, json};

use crate::util::{Workdir, fixture, fixture_bytes, inspect_json, lockstep};

fn counts(v: &Value) -> (u64, u64, u64) {
    let i = &v["input"];
    let read = i["posts_read"].as_u64().unwrap();
    let acc = i["posts_accepted"].as_u64().unwrap();
    let rej = i["posts_rejected"].as_u64().unwrap();
    assert_eq!(read, acc + rej, "read = accepted + rejected");
    let by_reason: u64 = i["rejections"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(by_reason, rej, "reasons sum to rejected");
    (read, acc, rej)
}

#[test]
fn canonical_jsonl_with_accounts() {
    let v = inspect_json(&[
        &fixture("ingest/basic.jsonl"),
        "--accounts",
        &fixture("ingest/accounts.jsonl"),
    ]);
    assert_eq!(v["schema"], "lockstep/inspect/v1");
    assert_eq!(counts(&v), (5, 5, 0));
    assert_eq!(
        v["input"]["time_range"],
        json!(["2024-07-26T10:00:00Z", "2024-07-26T14:00:00Z"])
    );
    assert_eq!(v["input"]["accounts_read"], 5);
    assert_eq!(v["input"]["accounts_accepted"], 3);
    assert_eq!(
        v["input"]["account_rejections"],
        json!({"bad_value": 1, "duplicate_account": 1})
    );
    assert_eq!(v["accounts"]["posting"], 4);
    assert_eq!(v["accounts"]["with_profile"], 3);
    assert_eq!(v["coverage"]["media"], 0.4);
    assert_eq!(v["coverage"]["reshare_of"], 0.2);
    assert_eq!(
        v["top_accounts"][0],
        json!({"account_id": "a1", "handle": "jean84920173", "posts": 2})
    );
    assert_eq!(v["languages"][0], json!({"lang": "fr", "posts": 2}));
    assert_eq!(
        v["busiest_hour"],
        json!({"start": "2024-07-26T10:00:00Z", "posts": 3})
    );
}

#[test]
fn aliases_and_numeric_ids() {
    let v = inspect_json(&[&fixture("ingest/basic.jsonl")]);
    let accounts: Vec<&str> = v["top_accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["account_id"].as_str().unwrap())
        .collect();
    // `user_id: 4` (a number, under an alias) becomes account "4".
    assert!(accounts.contains(&"4"));
}

#[test]
fn csv_with_quoted_newlines_and_python_lists() {
    let v = inspect_json(&[&fixture("ingest/quoted_newlines.csv")]);
    assert_eq!(counts(&v), (3, 3, 0));
    assert_eq!(v["coverage"]["hashtags"], 0.6667);
    let v = inspect_json(&[&fixture("ingest/python_lists.csv")]);
    assert_eq!(counts(&v), (2, 2, 0));
    assert_eq!(v["coverage"]["reshare_of"], 0.5);
    assert_eq!(v["coverage"]["urls"], 0.5);
}

#[test]
fn bom_and_crlf() {
    let v = inspect_json(&[&fixture("ingest/bom_crlf.csv")]);
    assert_eq!(counts(&v), (2, 2, 0));
    // Both are 08:00 UTC, one written with a +02:00 offset.
    assert_eq!(
        v["input"]["time_range"],
        json!(["2024-07-26T08:00:00Z", "2024-07-26T08:00:00Z"])
    );
}

#[test]
fn offsets_all_land_on_the_same_instant() {
    let v = inspect_json(&[&fixture("ingest/offsets.jsonl")]);
    assert_eq!(counts(&v), (5, 5, 0));
    assert_eq!(
        v["input"]["time_range"],
        json!(["2024-07-26T10:00:00Z", "2024-07-26T10:00:00Z"])
    );
    // With --tz, only the naive timestamp moves.
    let v = inspect_json(&[&fixture("ingest/offsets.jsonl"), "--tz", "Europe/Paris"]);
    assert_eq!(
        v["input"]["time_range"],
        json!(["2024-07-26T08:00:00Z", "2024-07-26T10:00:00Z"])
    );
}

#[test]
fn emoji_accents_and_scripts() {
    let v = inspect_json(&[&fixture("ingest/emoji_accents.jsonl")]);
    assert_eq!(counts(&v), (4, 4, 0));
    assert_eq!(v["languages"].as_array().unwrap().len(), 4);
    let ids: Vec<&str> = v["top_accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["account_id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"élodie") && ids.contains(&"Бойкот") && ids.contains(&"😀user"));
}

#[test]
fn empty_file() {
    let v = inspect_json(&[&fixture("ingest/empty.jsonl")]);
    assert_eq!(counts(&v), (0, 0, 0));
    assert_eq!(v["input"]["time_range"], Value::Null);
    assert_eq!(v["busiest_hour"], Value::Null);
    // The table form copes too.
    lockstep()
        .args(["inspect", &fixture("ingest/empty.jsonl")])
        .assert()
        .success()
        .stdout(predicates::str::contains("(no posts)"));
}

#[test]
fn tsv() {
    let v = inspect_json(&[&fixture("ingest/basic.tsv")]);
    assert_eq!(counts(&v), (2, 2, 0));
    assert_eq!(v["input"]["files"][0]["format"], "tsv");
}

#[test]
fn json_array_with_bad_elements() {
    let v = inspect_json(&[&fixture("ingest/array.json")]);
    assert_eq!(counts(&v), (5, 3, 2));
    assert_eq!(
        v["input"]["rejections"],
        json!({"missing_timestamp": 1, "not_an_object": 1})
    );
}

#[test]
fn json_object_holding_the_records() {
    let v = inspect_json(&[&fixture("ingest/wrapped.json")]);
    assert_eq!(counts(&v), (2, 2, 0));
    // date_unixtime outranks the naive `date`; Telegram text entity lists are joined.
    assert_eq!(
        v["input"]["time_range"],
        json!(["2024-07-26T10:00:00Z", "2024-07-26T10:00:05Z"])
    );
}

#[test]
fn every_bad_record_is_accounted_for() {
    let v = inspect_json(&[&fixture("ingest/bad_records.jsonl")]);
    assert_eq!(counts(&v), (14, 2, 12));
    assert_eq!(
        v["input"]["rejections"],
        json!({
            "bad_timestamp": 1, "bad_value": 2, "duplicate_post_id": 1, "invalid_utf8": 1,
            "malformed_json": 2, "missing_account_id": 1, "missing_post_id": 2,
            "missing_timestamp": 1, "not_an_object": 1
        })
    );
    let v = inspect_json(&[&fixture("ingest/bad_rows.csv")]);
    assert_eq!(counts(&v), (4, 1, 3));
}

#[test]
fn compressed_inputs_read_like_plain_ones() {
    let w = Workdir::new();
    let plain = fixture_bytes("ingest/basic.jsonl");
    let gz = w.write_gz("posts.jsonl.gz", &plain);
    let zst = w.write_zst("posts.jsonl.zst", &plain);
    // Mislabelled: gzip bytes with a plain name still decompress (magic bytes win).
    let odd = w.write_gz("posts.jsonl", &plain);
    for p in [gz, zst, odd] {
        let v = inspect_json(&[p.to_str().unwrap()]);
        assert_eq!(counts(&v), (5, 5, 0), "{}", p.display());
    }
}

#[test]
fn several_files_and_stdin() {
    let plain = fixture_bytes("ingest/offsets.jsonl");
    let out = lockstep()
        .args([
            "inspect",
            "--format",
            "json",
            "-",
            &fixture("ingest/basic.jsonl"),
        ])
        .write_stdin(plain)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(counts(&v), (10, 10, 0));
    assert_eq!(v["input"]["files"][0]["path"], "<stdin>");
    assert_eq!(v["input"]["files"][0]["format"], "jsonl");
}

#[test]
fn duplicates_across_files_are_rejected() {
    let v = inspect_json(&[
        &fixture("ingest/basic.jsonl"),
        &fixture("ingest/basic.jsonl"),
    ]);
    assert_eq!(counts(&v), (10, 5, 5));
    assert_eq!(v["input"]["rejections"], json!({"duplicate_post_id": 5}));
}

#[test]
fn input_format_override() {
    let w = Workdir::new();
    let p = w.write("posts.txt", &fixture_bytes("ingest/basic.tsv"));
    let v = inspect_json(&[p.to_str().unwrap(), "--input-format", "tsv"]);
    assert_eq!(counts(&v), (2, 2, 0));
}

#[test]
fn output_to_file() {
    let w = Workdir::new();
    let out = w.path("summary.json");
    lockstep()
        .args([
            "inspect",
            "--format",
            "json",
            &fixture("ingest/basic.jsonl"),
            "-o",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let v: Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    assert_eq!(v["input"]["posts_accepted"], 5);
}

#[test]
fn oversized_record_is_rejected_not_held() {
    let w = Workdir::new();
    let mut data = b"{\"post_id\":\"a\",\"account_id\":\"x\",\"timestamp\":1,\"text\":\"".to_vec();
    data.extend(std::iter::repeat_n(b'z', 2 * 1024 * 1024));
    data.extend_from_slice(b"\"}\n{\"post_id\":\"b\",\"account_id\":\"x\",\"timestamp\":1}\n");
    let p = w.write("big.jsonl", &data);
    let v = inspect_json(&[p.to_str().unwrap(), "--max-record-mib", "1"]);
    assert_eq!(counts(&v), (2, 1, 1));
    assert_eq!(v["input"]["rejections"], json!({"record_too_large": 1}));
}

#[test]
fn long_format_rows_merge_into_their_post() {
    let v = inspect_json(&[
        &fixture("ingest/long_rows.csv"),
        "--map",
        "urls=url_id",
        "--map",
        "hashtags=hashtag_id",
    ]);
    // 7 rows: p1 (3 rows merge), p2 (2 rows, the second one without the hashtag: merged, as
    // it would be in the other order, where it adds it), p1 by a3 (conflict), p9.
    assert_eq!(counts(&v), (7, 6, 1));
    assert_eq!(v["input"]["posts_merged"], 3);
    assert_eq!(v["input"]["rejections"], json!({"duplicate_post_id": 1}));
    // p1 holds u1, h2, u3: it has both urls and hashtags now.
    assert_eq!(v["coverage"]["urls"], 0.6667);
    assert_eq!(v["coverage"]["hashtags"], 0.6667);
}
