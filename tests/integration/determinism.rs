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
