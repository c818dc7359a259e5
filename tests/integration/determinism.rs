//! Byte-identical output whatever the thread count or the order of runs.

use crate::util::{Workdir, fixture, lockstep};

fn run(threads: &str, format: &str, posts: &[String]) -> Vec<u8> {
    let out = lockstep()
        .arg("analyze")
        .args(posts)
        .args([
            "--accounts",
            &fixture("olympics/accounts.jsonl"),
            "-q",
            "--threads",
            threads,
            "--format",
            format,
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
}

#[test]
fn analyze_is_identical_for_1_and_4_threads() {
    let posts = vec![fixture("olympics/posts.jsonl.gz")];
    for format in ["json", "csv", "table"] {
        let one = run("1", format, &posts);
        let four = run("4", format, &posts);
        assert!(one == four, "{format} differs between 1 and 4 threads");
        assert_eq!(
            one,
            run("4", format, &posts),
            "{format} differs between runs"
        );
    }
}

#[test]
fn generated_mixed_is_identical_for_1_and_2_threads() {
    let w = Workdir::new();
    let d = w.generate("m", "mixed", "3", "20000", &[]);
    let p = vec![d.join("posts.jsonl").to_string_lossy().into_owned()];
    let a = lockstep()
        .arg("analyze")
        .args(&p)
        .args(["-q", "--threads", "1"])
        .output()
        .unwrap()
        .stdout;
    let b = lockstep()
        .arg("analyze")
        .args(&p)
        .args(["-q", "--threads", "2"])
        .output()
        .unwrap()
        .stdout;
    assert!(a == b);
    let fa = lockstep()
        .arg("features")
        .args(&p)
        .args(["-q", "--threads", "1"])
        .output()
        .unwrap()
        .stdout;
    let fb = lockstep()
        .arg("features")
        .args(&p)
        .args(["-q", "--threads", "2"])
        .output()
        .unwrap()
        .stdout;
    assert!(fa == fb);
}

/// The same records in another order give the same networks, pairs and evidence: ids are
/// assigned in a canonical order, not in the order records were read.
// See: issue 9 ("kept pairs change with input record order")
#[test]
fn analyze_does_not_depend_on_record_order() {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(fixture("olympics/posts.jsonl.gz")).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Reversed, and interleaved from both ends.
    let mut reversed = lines.clone();
    reversed.reverse();
    let mut mixed = Vec::with_capacity(lines.len());
    let (mut i, mut j) = (0, lines.len());
    while i < j {
        mixed.push(lines[i]);
        i += 1;
        if i < j {
            j -= 1;
            mixed.push(lines[j]);
        }
    }
    let report = |name: &str, rows: &[&str]| {
        let w = Workdir::new();
        let p = w.write(name, (rows.join("\n") + "\n").as_bytes());
        let mut v: serde_json::Value =
            serde_json::from_slice(&run("2", "json", &[p.display().to_string()])).unwrap();
        // Where the file was read from is the one thing allowed to differ.
        v["input"]["files"] = serde_json::Value::Null;
        v
    };
    let base = report("posts.jsonl", &lines);
    assert!(!base["networks"].as_array().unwrap().is_empty());
    assert_eq!(
        base,
        report("posts.jsonl", &reversed),
        "reversed order differs"
    );
    assert_eq!(
        base,
        report("posts.jsonl", &mixed),
        "interleaved order differs"
    );
}

/// The parallel JSONL reader: a corpus of several read batches (over 4 MiB), plain and gzip,
/// with bad lines spread through it, gives byte-identical `inspect` and `analyze` output with
/// one thread and with two, and the rejections keep their line numbers.
// See: issue 12 (parallel ingest)
#[test]
fn parallel_ingest_is_identical_for_1_and_2_threads() {
    let w = Workdir::new();
    let d = w.generate("s", "scale", "2", "20000", &[]);
    let text = std::fs::read_to_string(d.join("posts.jsonl")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    assert!(text.len() > 4 << 20, "the corpus must span several batches");
    // Bad records far apart: a malformed line, a blank line, an array, a duplicate.
    let dup = lines[10];
    lines.insert(7, "{\"post_id\": ");
    lines.insert(15_000, "");
    lines.insert(18_000, "[1, 2]");
    lines.push(dup);
    let body = lines.join("\n") + "\n";
    let plain = w.write("p.jsonl", body.as_bytes());
    let gz = w.write_gz("p.jsonl.gz", body.as_bytes());
    for p in [&plain, &gz] {
        let p = p.display().to_string();
        // `inspect` has no `--threads`: rayon's own variable sets its pool.
        let inspect = |threads: &str| {
            lockstep()
                .args(["inspect", &p, "--format", "json"])
                .env("RAYON_NUM_THREADS", threads)
                .output()
                .unwrap()
        };
        let (one, two) = (inspect("1"), inspect("2"));
        assert!(one.status.success());
        assert!(one.stdout == two.stdout, "inspect differs for {p}");
        assert!(one.stderr == two.stderr, "rejection samples differ for {p}");
        let err = String::from_utf8_lossy(&one.stderr);
        let last = lines.len();
        for want in [
            ":8: malformed_json".to_string(),
            ":18001: not_an_object".to_string(),
            format!(":{last}: duplicate_post_id"),
        ] {
            assert!(err.contains(&want), "{want} not in {err}");
        }
        let analyze = |threads: &str| {
            lockstep()
                .args(["analyze", &p, "-q", "--threads", threads])
                .output()
                .unwrap()
                .stdout
        };
        assert!(analyze("1") == analyze("2"), "analyze differs for {p}");
        let v: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
        let input = &v["input"];
        assert_eq!(input["posts_rejected"], 3, "{input}");
        assert_eq!(input["posts_read"], lines.len() as u64 - 1, "{input}");
    }
}

/// The in-memory pairing in many passes over ranges of accounts (a tiny `pass_hits`) builds
/// the graph that one pass does, statistics and chance sums included.
/// See: issue 12 (peak memory at 10M posts).
#[test]
fn graph_is_the_same_paired_in_one_pass_or_many() {
    use clap::Parser;
    use lockstep::cli::{Cli, Command};
    use lockstep::features::{self, FeatureConfig};
    use lockstep::graph::{self, GraphConfig};

    let w = Workdir::new();
    let d = w.generate("m", "mixed", "3", "20000", &[]);
    let posts = d.join("posts.jsonl").to_string_lossy().into_owned();
    let cli = Cli::try_parse_from(["lockstep", "analyze", &posts, "-q"]).unwrap();
    let Command::Analyze(ref args) = cli.command else {
        unreachable!()
    };
    let inputs = lockstep::config::Inputs::resolve(&args.input).unwrap();
    let ing = lockstep::output::read_inputs(&inputs, &cli).unwrap();
    let c = lockstep::model::canonical(&ing.corpus).unwrap();
    let f = features::compute(&c, &FeatureConfig::default());
    let one = graph::build(&c, &f, &GraphConfig::default());
    let hits: u64 = one.stats.iter().map(|s| s.hits).sum();
    // Enough hits for many passes and several reduction chunks (65,536 hits) across them.
    assert!(hits > 200_000, "{hits} hits");
    assert!(!one.edges.is_empty());
    for pass_hits in [1, 5_000, 70_000] {
        let many = graph::build(
            &c,
            &f,
            &GraphConfig {
                pass_hits,
                ..GraphConfig::default()
            },
        );
        assert_eq!(one.stats, many.stats, "pass_hits {pass_hits}");
        assert_eq!(
            (one.pairs_tested, one.pairs_single),
            (many.pairs_tested, many.pairs_single)
        );
        assert!(
            one.edges == many.edges,
            "edges differ at pass_hits {pass_hits}"
        );
    }
}
