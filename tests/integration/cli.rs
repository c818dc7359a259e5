//! The command line itself: defaults, status 4 when nothing usable was read, bounds on
//! arguments, meaningless flags refused, completions and the man page, per-command help.

use predicates::prelude::*;

use crate::util::{Workdir, fixture, json_of, lockstep};

/// `analyze` on `file` stops with status 4, nothing on stdout, and `needles` on stderr.
fn nothing_usable(file: &std::path::Path, extra: &[&str], needles: &[&str]) {
    let mut a = lockstep()
        .arg("analyze")
        .args(extra)
        .arg(file)
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicate::str::contains("nothing usable read"));
    for n in needles {
        a = a.stderr(predicate::str::contains(*n));
    }
}

#[test]
fn empty_file_is_nothing_usable() {
    let w = Workdir::new();
    let p = w.write("posts.jsonl", b"");
    nothing_usable(&p, &[], &["hold no record", "lockstep inspect"]);
    // `inspect` is the tool for looking at such files: it succeeds.
    lockstep().arg("inspect").arg(&p).assert().success();
}

/// Text that holds no record (printable noise) is nothing usable (status 4); random bytes
/// are refused before that as binary data (status 1, `hostile.rs`).
#[test]
fn garbage_text_is_nothing_usable() {
    let mut x: u32 = 0x9e37_79b9;
    let mut noise = |printable: bool| -> Vec<u8> {
        (0..4000)
            .map(|k| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                let b = x.to_le_bytes()[0];
                match (printable, k % 80) {
                    (true, 79) => b'\n',
                    (true, _) => b' ' + b % 95,
                    (false, _) => b,
                }
            })
            .collect()
    };
    let text = noise(true);
    let bytes = noise(false);
    let w = Workdir::new();
    let p = w.write("posts.jsonl", &text);
    nothing_usable(
        &p,
        &["-q"],
        &["none of the", "not JSON or CSV post records"],
    );
    lockstep()
        .args(["inspect", "-q"])
        .arg(&p)
        .assert()
        .success();
    let p = w.write("random.jsonl", &bytes);
    lockstep()
        .args(["analyze", "-q"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("random.jsonl is binary data"));
}

#[test]
fn csv_without_account_id_is_nothing_usable() {
    let w = Workdir::new();
    let p = w.write(
        "posts.csv",
        b"post_id,timestamp,text\n1,2024-01-01T00:00:00Z,hello\n2,2024-01-01T00:01:00Z,hello\n",
    );
    nothing_usable(&p, &["-q"], &["missing_account_id 2", "account_id"]);
}

#[test]
fn coortweet_read_as_canonical_is_nothing_usable_and_auto_reads_it() {
    let shares = std::path::PathBuf::from(fixture("presets/coortweet/shares.csv"));
    nothing_usable(
        &shares,
        &["--preset", "canonical"],
        &[
            "7 post(s) accepted, but none has text",
            "object_id",
            "--preset auto",
        ],
    );
    // The default is now `auto`: it recognises the table and says so.
    let v = json_of(lockstep().args(["analyze", "-q"]).arg(&shares));
    assert_eq!(v["parameters"]["preset"], "auto");
    assert_eq!(v["input"]["files"][0]["preset"], "coortweet");
}

#[test]
fn preset_canonical_still_reads_canonical_data() {
    let v = json_of(lockstep().args([
        "analyze",
        "--preset",
        "canonical",
        &fixture("ingest/basic.jsonl"),
    ]));
    assert_eq!(v["parameters"]["preset"], "canonical");
    assert_eq!(v["input"]["posts_accepted"], 5);
    // Under `auto`, canonical data is reported as such.
    let v = json_of(lockstep().args(["analyze", &fixture("ingest/basic.jsonl")]));
    assert_eq!(v["input"]["files"][0]["preset"], "canonical");
}

/// `lockstep ARGS` is a usage error (status 2) whose one stderr line contains `needle`.
fn usage_error(args: &[&str], needle: &str) {
    lockstep()
        .args(args)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(needle));
}

#[test]
fn threads_are_bounded() {
    let p = fixture("ingest/basic.jsonl");
    usage_error(
        &["analyze", &p, "--threads", "100000"],
        "--threads 100000 is more than 256",
    );
    usage_error(&["features", &p, "--threads", "257"], "more than 256");
    lockstep()
        .args(["analyze", "-q", &p, "--threads", "256"])
        .assert()
        .success();
}

#[test]
fn meaningless_flags_are_refused() {
    let p = fixture("ingest/basic.jsonl");
    usage_error(
        &["analyze", &p, "--signals", "url", "--window", "reshare=60s"],
        "--window reshare=60s: reshare is not a signal in use (url)",
    );
    // text_exact is off by default.
    usage_error(
        &["analyze", &p, "--window", "text_exact=5m"],
        "text_exact is not a signal in use",
    );
    usage_error(&["analyze", &p, "--map", "text="], "--map text=: no source");
    usage_error(
        &["inspect", &p, "--map", "=body"],
        "the field before '=' is empty",
    );
    let w = Workdir::new();
    let out = w.path("corpus");
    usage_error(
        &[
            "generate",
            "--scenario",
            "olympics",
            "--posts",
            "0",
            "--out",
            out.to_str().unwrap(),
        ],
        "--posts must be at least 1",
    );
    assert!(!out.exists(), "nothing written on a usage error");
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        lockstep()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("analyze").and(predicate::str::contains("preset")));
    }
    lockstep()
        .args(["completions", "nosuchshell"])
        .assert()
        .code(2);
    lockstep()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie").and(predicate::str::contains(".TH lockstep 1")))
        .stdout(predicate::str::contains("analyze").and(predicate::str::contains("Exit status")));
}

#[test]
fn exit_status_footer_only_where_it_applies() {
    let help = |cmd: &[&str]| {
        let out = lockstep().args(cmd).arg("--help").output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let analyze = help(&["analyze"]);
    assert!(analyze.contains("3  --fail-on-networks") && analyze.contains("4  nothing usable"));
    for cmd in ["inspect", "features", "generate"] {
        let h = help(&[cmd]);
        assert!(h.contains("Exit status:"), "{cmd}");
        assert!(!h.contains("  3  ") && !h.contains("  4  "), "{cmd}: {h}");
    }
    let score = help(&["score"]);
    assert!(score.contains("3  account-level F1 below --min-f1") && !score.contains("  4  "));
    for cmd in ["completions", "man"] {
        assert!(!help(&[cmd]).contains("Exit status"), "{cmd}");
    }
    assert!(help(&[]).contains("4  nothing usable read"));
    // -q says what it does on each command, not only on those that read posts.
    assert!(help(&["generate"]).contains("no sample rejections"));
}

#[test]
fn quiet_generate_prints_no_summary() {
    let w = Workdir::new();
    lockstep()
        .args([
            "generate",
            "-q",
            "--scenario",
            "olympics",
            "--posts",
            "200",
            "--out",
        ])
        .arg(w.path("c"))
        .assert()
        .success()
        .stderr("");
}
