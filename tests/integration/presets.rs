//! Presets: each real schema maps onto the canonical fields; `--preset auto` says what it chose.

use serde_json::Value;

use crate::util::{fixture, inspect_json, inspect_json_warnings, lockstep, stdout_of};

fn file0(v: &Value) -> &Value {
    &v["input"]["files"][0]
}

#[test]
fn auto_recognises_each_schema() {
    for (path, preset) in [
        ("presets/coortweet/shares.csv", "coortweet"),
        ("presets/twitter-io/tweets.csv", "twitter-io"),
        ("presets/mastodon/statuses.json", "mastodon"),
        ("presets/telegram/result.json", "telegram"),
        ("presets/twitter-v2/pages.jsonl", "twitter-v2"),
        ("presets/crowdtangle/posts.csv", "crowdtangle"),
        ("presets/bluesky/records.json", "bluesky"),
    ] {
        let v = inspect_json(&["--preset", "auto", &fixture(path)]);
        assert_eq!(file0(&v)["preset"], preset, "{path}");
        // Only the Telegram fixture's service message is not a post.
        let not_posts = v["input"]["rejections"]["not_a_post"].as_u64().unwrap_or(0);
        assert_eq!(
            v["input"]["posts_rejected"], not_posts,
            "{path}: {:#}",
            v["input"]
        );
    }
    // Canonical data stays canonical.
    let v = inspect_json(&["--preset", "auto", &fixture("ingest/basic.jsonl")]);
    assert_eq!(file0(&v)["preset"], "canonical");
}

#[test]
fn coortweet_table_is_reshares() {
    let v = inspect_json(&[
        "--preset",
        "coortweet",
        &fixture("presets/coortweet/shares.csv"),
    ]);
    assert_eq!(v["input"]["posts_accepted"], 7);
    assert_eq!(v["coverage"]["reshare_of"], 1.0);
    assert_eq!(v["accounts"]["posting"], 4);
}

#[test]
fn twitter_io_embeds_profiles_and_retweets() {
    let v = inspect_json(&[
        "--preset",
        "twitter-io",
        &fixture("presets/twitter-io/tweets.csv"),
    ]);
    assert_eq!(v["input"]["posts_accepted"], 4);
    assert_eq!(v["coverage"]["reshare_of"], 0.25);
    assert_eq!(v["coverage"]["reply_to"], 0.25);
    assert_eq!(v["coverage"]["hashtags"], 0.25);
    // Profiles come from the tweet rows (not counted as account records).
    assert_eq!(v["input"]["accounts_read"], 0);
    assert!(v["accounts"]["with_profile"].as_u64().unwrap() >= 2);
    let h: Vec<&str> = v["top_accounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["handle"].as_str())
        .collect();
    assert!(h.contains(&"marie_dupont"), "{h:?}");
}

#[test]
fn mastodon_statuses() {
    let out = lockstep()
        .args([
            "features",
            "-q",
            "--format",
            "json",
            "--preset",
            "mastodon",
            &fixture("presets/mastodon/statuses.json"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let marie = v["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["handle"] == "marie")
        .unwrap();
    assert_eq!(marie["followers"], 3);
    // missing.png is the default avatar; created days before posting: an empty-looking account.
    assert_eq!(marie["emptiness"]["default_avatar"], 1.0);
    assert!(marie["emptiness"]["score"].as_f64().unwrap() > 0.6);
    let v = inspect_json(&[
        "--preset",
        "mastodon",
        &fixture("presets/mastodon/statuses.json"),
    ]);
    assert_eq!(v["coverage"]["reshare_of"], 0.3333);
    assert_eq!(v["coverage"]["media"], 0.3333);
}

#[test]
fn telegram_export() {
    let v = inspect_json(&[
        "--preset",
        "telegram",
        &fixture("presets/telegram/result.json"),
    ]);
    // The service message (channel created) is not a post.
    assert_eq!(v["input"]["posts_accepted"], 3);
    assert_eq!(v["input"]["rejections"]["not_a_post"], 1);
    assert_eq!(v["coverage"]["urls"], 0.3333);
    assert_eq!(v["coverage"]["hashtags"], 0.3333);
    assert_eq!(v["input"]["time_range"][0], "2024-07-26T10:00:05Z");
}

#[test]
fn map_reaches_nested_fields() {
    let w = crate::util::Workdir::new();
    let p = w.write(
        "odd.jsonl",
        br#"{"meta": {"uid": "x1", "who": {"id": "a1"}, "at": 1721988000}, "body": "hello there"}
{"meta": {"uid": "x2", "who": {"id": "a2"}, "at": 1721988001}, "body": "general kenobi"}
"#,
    );
    let v = inspect_json(&[
        p.to_str().unwrap(),
        "--map",
        "post_id=meta.uid",
        "--map",
        "account_id=meta.who.id",
        "--map",
        "timestamp=meta.at",
        "--map",
        "text=body",
    ]);
    assert_eq!(v["input"]["posts_accepted"], 2);
    assert_eq!(v["coverage"]["text"], 1.0);
    lockstep()
        .args([
            "inspect",
            "--map",
            "colour=red",
            &fixture("ingest/basic.jsonl"),
        ])
        .assert()
        .code(2);
    // A path with an empty key matches nothing: a usage error, not a silent empty field.
    for bad in ["post_id=a..b", "post_id=[]", "text=body.", "urls=.link"] {
        lockstep()
            .args(["inspect", "--map", bad, &fixture("ingest/basic.jsonl")])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("has an empty key"));
    }
}

/// A `--map` to a column (or key) the file lacks left the field empty without a word (a typo
/// like `urls=url_idd` on the German sample found networks from pictures alone). Each such
/// map is now named in a warning, for CSV and JSONL, with `-q` too; maps that match are not.
#[test]
fn a_map_that_matches_nothing_is_warned_about() {
    let w = crate::util::Workdir::new();
    let csv = w.write(
        "posts.csv",
        b"id,user,ts,body,link\n1,a,1721988000,hello there my friend,https://x.org/1\n",
    );
    let jsonl = w.write(
        "posts.jsonl",
        br#"{"id":"1","user":"a","ts":1721988000,"body":"hello there","nested":{"link":"u"}}
"#,
    );
    for (p, good) in [(&csv, "urls=link"), (&jsonl, "urls=nested.link")] {
        let run = |text: &str| {
            let maps = ["post_id=id", "account_id=user", "timestamp=ts", text, good];
            let mut args = vec![p.to_str().unwrap()];
            args.extend(maps.iter().flat_map(|m| ["--map", m]));
            inspect_json_warnings(&args).1
        };
        let err = run("text=bodyy");
        assert!(
            err.contains("warning: --map text=bodyy matched no column or key of"),
            "{}: {err}",
            p.display()
        );
        assert!(!err.contains("urls="), "{err}");
        assert_eq!(run("text=body"), "", "{}", p.display());
    }
}

/// A CSV with a column twice (or two names of one field) read the first silently, and under
/// a mapping the last: now the first either way, named in a warning.
#[test]
fn a_repeated_csv_column_is_warned_about_and_the_first_is_read() {
    let w = crate::util::Workdir::new();
    let canonical = w.write(
        "c.csv",
        b"post_id,account_id,timestamp,timestamp\n1,a,1721988000,not a time\n",
    );
    let mapped = w.write("m.csv", b"id,user,ts,ts\n1,a,1721988000,not a time\n");
    for (p, maps) in [
        (&canonical, vec![]),
        (
            &mapped,
            vec![
                "--map",
                "post_id=id",
                "--map",
                "account_id=user",
                "--map",
                "timestamp=ts",
            ],
        ),
    ] {
        let mut args = vec![p.to_str().unwrap()];
        args.extend(maps);
        let (v, err) = inspect_json_warnings(&args);
        assert!(
            err.contains("column timestamp repeats an earlier column's name or field")
                || err.contains("column ts repeats an earlier column's name or field"),
            "{}: {err}",
            p.display()
        );
        assert_eq!(v["input"]["posts_accepted"], 1, "{}", p.display());
    }
}

/// A file of the shared real-data folder, or `None` (with a note) when the folder is not
/// beside the repository.
fn real(name: &str) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/real")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "note: {} not found; skipping the real-data check",
            path.display()
        );
        None
    }
}

/// `analyze --format pairs` on `path` with `args`: (account pairs, distinct accounts).
fn pairs_and_accounts(path: &std::path::Path, args: &[&str]) -> (usize, usize) {
    let out = stdout_of(
        lockstep()
            .args(["analyze", "-q", "--alpha", "1", "--format", "pairs"])
            .args(args)
            .arg(path),
    );
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    let accounts: std::collections::BTreeSet<&str> =
        rows.iter().flat_map(|r| r.split(',').take(2)).collect();
    (rows.len(), accounts.len())
}

/// The real CooRTweet sample: lockstep's 60-second co-reshare pairs equal a brute-force
/// enumeration (6,206 account pairs among 3,954 accounts), and with CooRTweet's participation
/// rule its published figures (3,721 pairs among 2,110 accounts).
#[test]
fn real_coortweet_sample_pairs() {
    let Some(path) = real("russian_coord_tweets.csv") else {
        return;
    };
    let base = [
        "--preset",
        "auto",
        "--signals",
        "reshare",
        "--window",
        "60s",
        "--min-coactions",
        "1",
    ];
    assert_eq!(pairs_and_accounts(&path, &base), (6206, 3954));
    let mut with_rule = base.to_vec();
    with_rule.extend(["--min-participation", "2"]);
    assert_eq!(pairs_and_accounts(&path, &with_rule), (3721, 2110));
}

/// The real German-elections sample (one row per post and object): co-link and co-image pairs
/// on two or more distinct objects within 60 s, the figures in the README's comparison.
#[test]
fn real_german_elections_pairs() {
    let Some(path) = real("german_elections.csv") else {
        return;
    };
    for (signal, want) in [("url", 1119), ("media", 306)] {
        let args = [
            "--map",
            "urls=url_id",
            "--map",
            "media=phash_id",
            "--signals",
            signal,
            "--window",
            "60s",
            "--min-coactions",
            "2",
            "--crowd-limit",
            "1000000",
        ];
        assert_eq!(pairs_and_accounts(&path, &args).0, want, "{signal}");
    }
}

/// A single-tweet lookup (`{"data": {...}}`) was rejected as `missing_post_id` with its user
/// dropped; an empty page (`{"meta": {"result_count": 0}}`) and an errors page each counted
/// as a rejected post without an id. Now: the lookup's tweet and user are read, the empty
/// page holds nothing, the errors page is a `not_a_post` rejection that says so.
#[test]
fn twitter_v2_single_lookups_and_empty_or_error_pages() {
    let w = crate::util::Workdir::new();
    let p = w.write(
        "tw.jsonl",
        br#"{"data":{"id":"11","author_id":"a1","created_at":"2024-07-26T10:00:00Z","text":"hello world from the api"},"includes":{"users":[{"id":"a1","username":"alice"}]}}
{"meta":{"result_count":0}}
{"errors":[{"title":"Not Found Error","detail":"Could not find tweet"}]}
{"data":[{"id":"12","author_id":"a2","created_at":"2024-07-26T10:00:01Z","text":"a second tweet"}],"meta":{"result_count":1}}
"#,
    );
    let v = inspect_json(&["--preset", "twitter-v2", p.to_str().unwrap()]);
    assert_eq!(v["input"]["posts_read"], 3);
    assert_eq!(v["input"]["posts_accepted"], 2);
    assert_eq!(v["input"]["rejections"]["not_a_post"], 1);
    assert_eq!(v["accounts"]["with_profile"], 1);
}

#[test]
fn twitter_v2_pages_join_their_users() {
    for path in [
        "presets/twitter-v2/page.json",
        "presets/twitter-v2/pages.jsonl",
    ] {
        let v = inspect_json(&["--preset", "twitter-v2", &fixture(path)]);
        assert_eq!(v["input"]["posts_accepted"], 3, "{path}");
        assert_eq!(v["accounts"]["with_profile"], 2, "{path}");
        assert_eq!(v["coverage"]["reshare_of"], 0.3333, "{path}");
        assert_eq!(v["coverage"]["reply_to"], 0.3333, "{path}");
        assert_eq!(v["top_accounts"][0]["handle"], "marie", "{path}");
    }
    // The default-avatar URL of includes.users marks marie as empty-looking.
    let out = lockstep()
        .args([
            "features",
            "-q",
            "--format",
            "json",
            "--preset",
            "twitter-v2",
            &fixture("presets/twitter-v2/page.json"),
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let marie = v["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["handle"] == "marie")
        .unwrap();
    assert_eq!(marie["emptiness"]["default_avatar"], 1.0);
}

#[test]
fn crowdtangle_export() {
    let v = inspect_json(&[
        "--preset",
        "crowdtangle",
        &fixture("presets/crowdtangle/posts.csv"),
    ]);
    assert_eq!(v["input"]["posts_accepted"], 3);
    // 06:00 EDT and 12:00 CEST are both 10:00 UTC.
    assert_eq!(v["input"]["time_range"][0], "2024-07-26T10:00:00Z");
    assert_eq!(v["accounts"]["with_profile"], 2);
    // A formula in a message is data; CSV output neutralises it.
    let out = lockstep()
        .args([
            "features",
            "-q",
            "--preset",
            "crowdtangle",
            &fixture("presets/crowdtangle/posts.csv"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn bluesky_records() {
    let v = inspect_json(&[
        "--preset",
        "bluesky",
        &fixture("presets/bluesky/jetstream.jsonl"),
    ]);
    // Three commits map; the identity event is not a post and is counted as rejected.
    assert_eq!(v["input"]["posts_read"], 4);
    assert_eq!(v["input"]["posts_accepted"], 3);
    assert_eq!(v["coverage"]["reshare_of"], 0.3333);
    assert_eq!(v["coverage"]["reply_to"], 0.3333);
    assert_eq!(v["coverage"]["media"], 0.3333);
    let v = inspect_json(&[
        "--preset",
        "bluesky",
        &fixture("presets/bluesky/records.json"),
    ]);
    assert_eq!(v["top_accounts"][0]["account_id"], "did:plc:aaaa1111");
}

#[test]
fn mapping_errors_name_preset_record_and_field() {
    lockstep()
        .args([
            "inspect",
            "--strict",
            "--preset",
            "bluesky",
            &fixture("presets/bluesky/jetstream.jsonl"),
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "presets/bluesky/jetstream.jsonl:4: not_a_post (jetstream identity event) [preset bluesky]",
        ));
}
