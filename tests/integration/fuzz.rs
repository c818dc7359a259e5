//! Fuzzing on stable Rust: a bounded mutation run per fuzz target, over its seeds
//! (`fuzz/seeds/<target>/`), checking the same property as the libFuzzer target
//! (`fuzz/checks.rs`). No coverage guidance, so it finds shallow bugs only: it is the run any
//! machine and CI can do; `cargo +nightly fuzz` goes deeper (fuzz/README.md).
//!
//! `#[ignore]`d: `LOCKSTEP_FUZZ_SECS=180 cargo test --release -- --ignored fuzz::` runs every
//! target for that many seconds (default 10). `LOCKSTEP_FUZZ_SEED` picks the random stream.
//! A failing input is written to `fuzz/artifacts/<target>/crash-<hash>` (the path cargo-fuzz
//! uses, so `cargo +nightly fuzz run TARGET ARTIFACT` replays it) and the test fails naming
//! it; an input slower than a second is written as `slow-<hash>` and fails the test too.
//!
//! See: issue 10.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "../../fuzz/checks.rs"]
mod checks;

/// xorshift64*: small, fast, and the same stream for the same seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes and fragments that matter to the readers and normalisers.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b"\\\"",
    b"\\",
    b",",
    b"\t",
    b"\n",
    b"\r",
    b"\r\n",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"{\"post_id\":\"1\",\"account_id\":\"a\",\"timestamp\":1721988000}",
    b"\"post_id\"",
    b"\"account_id\"",
    b"\"timestamp\"",
    b"\"urls\":[",
    b"\"items\":[",
    b"\"messages\":[",
    b"\"data\":[",
    b"null",
    b"true",
    b"1e999",
    b"-0",
    b"-99999999999999",
    b"18446744073709551615",
    b"\\u0000",
    b"\\ud800",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    "\u{fdfa}".as_bytes(),
    "\u{202e}".as_bytes(),
    "\u{2028}".as_bytes(),
    "\u{301}".as_bytes(),
    "\u{1f600}".as_bytes(),
    b"\x1b]0;x\x07",
    b"http://",
    b"https://www.",
    b"javascript:",
    b"%",
    b"%zz",
    b"%26",
    b"?utm_source=x&a=1#f",
    b":80",
    b"[::1]",
    b"xn--",
    b"@",
    b"#",
    b"RT ",
    b"rt @a: ",
    b"2024-07-26T10:00:00Z",
    b"2024-07-26 10:00:00 EST",
    b"+02:00",
    b"20240726",
    b"1721988000000000",
    b"Fri Jul 26 10:00:00 +0000 2024",
    b"post_id,account_id,timestamp,text\n",
];

/// One to eight stacked mutations of `input`, sometimes spliced with `other`.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..=rng.below(8) {
        let at = rng.below(v.len() + 1);
        match rng.below(9) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let i = rng.below(v.len());
                let t = TOKENS[rng.below(TOKENS.len())];
                v[i] = t[rng.below(t.len())];
            }
            2 | 3 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                v.splice(at..at, t.iter().copied());
            }
            4 if !v.is_empty() => {
                let len = rng.below(v.len().min(64)) + 1;
                let from = rng.below(v.len());
                v.drain(from..(from + len).min(v.len()));
            }
            5 if !v.is_empty() => {
                // Repeat a piece: deep nesting, long runs, many rows.
                let from = rng.below(v.len());
                let len = rng.below((v.len() - from).min(256)) + 1;
                let piece = v[from..from + len].to_vec();
                let most = if rng.below(16) == 0 { 5000 } else { 8 };
                let times = 1 + rng.below(most);
                let mut rep = Vec::with_capacity(piece.len() * times);
                for _ in 0..times {
                    rep.extend_from_slice(&piece);
                }
                v.splice(at..at, rep);
            }
            6 if !other.is_empty() => {
                // Crossover: a piece of another input.
                let from = rng.below(other.len());
                let len = rng.below(other.len() - from) + 1;
                v.splice(at..at, other[from..from + len].iter().copied());
            }
            7 => v.truncate(at),
            _ => {
                let b = rng.next() as u8;
                v.insert(at, b);
            }
        }
        // Keep inputs in the range where the 4 KiB record bound and its edges are tested.
        v.truncate(64 * 1024);
    }
    v
}

fn fnv(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325, |h, &x| {
        (h ^ u64::from(x)).wrapping_mul(0x100_0000_01b3)
    })
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut out: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    out.push(Vec::new());
    out
}

fn save(target: &str, kind: &str, input: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/artifacts")
        .join(target);
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(format!("{kind}-{:016x}", fnv(input)));
    std::fs::write(&p, input).unwrap();
    p
}

/// Runs `target` on mutations of its seeds for the configured time; fails on the first
/// panic or slow input, naming the saved artifact.
fn run(target: &str) {
    let check = checks::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|&(_, f)| f)
        .unwrap();
    let secs: u64 = std::env::var("LOCKSTEP_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let seed: u64 = std::env::var("LOCKSTEP_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed);
    let mut rng = Rng((seed ^ fnv(target.as_bytes())) | 1);
    let mut pool = seeds(target);
    let n_seeds = pool.len();
    // The seeds themselves first.
    for s in &pool {
        check(s);
    }
    let start = Instant::now();
    let mut cases = 0u64;
    let mut bytes = 0u64;
    let mut slowest = Duration::ZERO;
    let mut failure = None;
    while start.elapsed() < Duration::from_secs(secs) {
        let a = rng.below(pool.len());
        let b = rng.below(pool.len());
        let input = mutate(&mut rng, &pool[a], &pool[b]);
        let t = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| check(&input)));
        let took = t.elapsed();
        cases += 1;
        bytes += input.len() as u64;
        slowest = slowest.max(took);
        if let Err(e) = outcome {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .unwrap_or_default();
            failure = Some((save(target, "crash", &input), msg));
            break;
        }
        if took > Duration::from_secs(1) {
            failure = Some((save(target, "slow", &input), format!("took {took:?}")));
            break;
        }
        // Keep some mutants so that mutations stack over generations (no coverage to say
        // which are interesting); the pool stays bounded.
        if rng.below(64) == 0 {
            if pool.len() < 4096 {
                pool.push(input);
            } else {
                let k = n_seeds + rng.below(pool.len() - n_seeds);
                pool[k] = input;
            }
        }
    }
    println!(
        "fuzz {target}: {cases} cases in {:.1} s ({:.0}/s), {:.1} MB fed, slowest {:.1} ms, \
         {n_seeds} seeds, seed {seed}: {}",
        start.elapsed().as_secs_f64(),
        cases as f64 / start.elapsed().as_secs_f64(),
        bytes as f64 / 1e6,
        slowest.as_secs_f64() * 1e3,
        if failure.is_some() {
            "FAILED"
        } else {
            "no finding"
        }
    );
    if let Some((path, msg)) = failure {
        panic!("fuzz {target}: {msg}; input saved as {}", path.display());
    }
}

#[test]
#[ignore = "fuzzing: LOCKSTEP_FUZZ_SECS (default 10) per target"]
fn read_jsonl() {
    run("read_jsonl");
}

#[test]
#[ignore = "fuzzing: LOCKSTEP_FUZZ_SECS (default 10) per target"]
fn read_json() {
    run("read_json");
}

#[test]
#[ignore = "fuzzing: LOCKSTEP_FUZZ_SECS (default 10) per target"]
fn read_csv() {
    run("read_csv");
}

#[test]
#[ignore = "fuzzing: LOCKSTEP_FUZZ_SECS (default 10) per target"]
fn read_tsv() {
    run("read_tsv");
}

#[test]
#[ignore = "fuzzing: LOCKSTEP_FUZZ_SECS (default 10) per target"]
fn read_presets() {
    run("read_presets");
}

#[test]
#[ignore = "fuzzing: LOCKSTEP_FUZZ_SECS (default 10) per target"]
fn timestamp() {
    run("timestamp");
}

#[test]
#[ignore = "fuzzing: LOCKSTEP_FUZZ_SECS (default 10) per target"]
fn url() {
    run("url");
}

#[test]
#[ignore = "fuzzing: LOCKSTEP_FUZZ_SECS (default 10) per target"]
fn text() {
    run("text");
}

/// Not ignored: each target on its seeds and a second of mutations, so that a property that
/// no longer holds on the seeds, or a mutation engine that panics, shows in every test run.
#[test]
fn smoke_every_target_on_its_seeds() {
    for (target, check) in checks::TARGETS {
        for s in seeds(target) {
            check(&s);
        }
        let mut rng = Rng(7);
        let pool = seeds(target);
        for k in 0..200 {
            let input = mutate(&mut rng, &pool[k % pool.len()], &pool[(k + 1) % pool.len()]);
            check(&input);
        }
    }
}

/// The dependency names of `pkg` in a `Cargo.lock`.
fn lock_deps(lock: &str, pkg: &str) -> Vec<String> {
    let mut deps = Vec::new();
    for block in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block.lines().find_map(|l| {
                l.strip_prefix(key)
                    .map(|v| v.trim().trim_matches('"').to_string())
            })
        };
        if field("name = ").as_deref() == Some(pkg) {
            let list = block.split("dependencies = [").nth(1).unwrap_or_default();
            let list = list.split(']').next().unwrap_or_default();
            deps = list
                .split(',')
                .map(|d| d.trim().trim_matches('"'))
                .filter(|d| !d.is_empty())
                .map(|d| d.split(' ').next().unwrap_or(d).to_string())
                .collect();
        }
    }
    deps
}

/// `fuzz/Cargo.lock` is in step with the crate: it lists every non-optional dependency of
/// `lockstep`, so `cargo +nightly fuzz build --locked` resolves (versions of shared
/// transitive crates may differ from the main `Cargo.lock`). Before: the dependencies added
/// since it was written (clap_complete, clap_mangen, indicatif, ...) were missing, and
/// `cargo check --locked` in `fuzz/` failed.
#[test]
fn fuzz_lock_is_in_step_with_the_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let fuzz_deps = lock_deps(&read("fuzz/Cargo.lock"), "lockstep");
    let manifest = read("Cargo.toml");
    let section = manifest
        .split("\n[dependencies]\n")
        .nth(1)
        .and_then(|s| s.split("\n[").next())
        .unwrap();
    let required: Vec<&str> = section
        .lines()
        .filter(|l| !l.starts_with('#') && !l.contains("optional = true"))
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
        .collect();
    assert!(required.contains(&"serde_json"), "{required:?}");
    for dep in &required {
        assert!(
            fuzz_deps.iter().any(|d| d == dep),
            "fuzz/Cargo.lock: lockstep lacks {dep} (run `cargo update -p lockstep` in fuzz/)"
        );
    }
}
