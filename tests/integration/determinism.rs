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
