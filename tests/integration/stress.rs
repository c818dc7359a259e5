//! Stress shapes of issue 10, generated on the fly and run through the binary under the
//! issue's 8 GiB address-space limit: they must finish, account for every post, and stay
//! linear. `#[ignore]`d (minutes each); `tests/stress.sh` runs the same shapes at several
//! sizes under `/usr/bin/time -v` and prints wall time and peak memory.
//!
//! `LOCKSTEP_STRESS_N` overrides the size of both (for a quicker look).
//!
//! See: issue 10.

use std::io::Write;

use crate::util::{Workdir, json_of, lockstep_limited};

const T0: i64 = 1_721_988_000;

fn size(default: usize) -> usize {
    std::env::var("LOCKSTEP_STRESS_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Writes `n` JSONL lines made by `line` without holding them.
fn write_lines(w: &Workdir, name: &str, n: usize, line: impl Fn(usize, &mut Vec<u8>)) -> String {
    let p = w.path(name);
    let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&p).unwrap());
    let mut buf = Vec::new();
    for i in 0..n {
        buf.clear();
        line(i, &mut buf);
        f.write_all(&buf).unwrap();
    }
    f.flush().unwrap();
    p.to_string_lossy().into_owned()
}

fn analyze_within_8_gib(path: &str) -> serde_json::Value {
    let start = std::time::Instant::now();
    let v = json_of(lockstep_limited(8 * 1024).args(["analyze", "-q", "--format", "json", path]));
    println!("{path}: analyze in {:.1} s", start.elapsed().as_secs_f64());
    v
}

/// Ten million accounts with one post each, over 30 days; every post has its own text, one
/// of 1,000 hashtags and one of 10,000 links, so the co-action stage has crowds to cap.
///
/// Fails today at its full size: the run needs 6.9 GiB resident and more than 8 GiB of
/// address space (an allocation in the near-duplicate stage's LSH bands aborts, exit 134);
/// it passes at 1 and 3 million (README, "Limits and guarantees").
#[test]
#[ignore = "slow: 10 million posts (1.6 GB) generated on the fly; fails today over 8 GiB"]
fn ten_million_one_post_accounts() {
    let n = size(10_000_000);
    let w = Workdir::new();
    let p = write_lines(&w, "accounts.jsonl", n, |i, b| {
        let t = T0 + (i as i64 * 2_592_000) / n as i64;
        writeln!(
            b,
            r#"{{"post_id":"p{i}","account_id":"a{i}","timestamp":{t},"text":"post number {i} of the day","hashtags":["h{}"],"urls":["https://site{}.example/a"]}}"#,
            i % 1000,
            i % 10_000
        )
        .unwrap();
    });
    let v = analyze_within_8_gib(&p);
    assert_eq!(v["input"]["posts_accepted"], n as u64);
    assert_eq!(v["input"]["posts_rejected"], 0);
}

/// One link (and one text) posted by a million accounts within one second.
#[test]
#[ignore = "slow: a million posts generated on the fly"]
fn one_url_shared_by_a_million_accounts_in_one_second() {
    let n = size(1_000_000);
    let w = Workdir::new();
    let p = write_lines(&w, "one_url.jsonl", n, |i, b| {
        let ms = T0 * 1000 + (i as i64 * 1000) / n as i64;
        writeln!(
            b,
            r#"{{"post_id":"p{i}","account_id":"a{i}","timestamp":{ms},"text":"look at this now","urls":["https://news.example/story?id=1"]}}"#
        )
        .unwrap();
    });
    let v = analyze_within_8_gib(&p);
    assert_eq!(v["input"]["posts_accepted"], n as u64);
    // A crowd, not a network: a million accounts acting at once is no evidence of a group.
    assert_eq!(v["networks"].as_array().unwrap().len(), 0);
}
