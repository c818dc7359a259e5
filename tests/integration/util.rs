//! Test helpers: run the binary, write inputs into a temporary directory, decode JSON.

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `lockstep` binary, run from the crate root so fixture paths are relative.
pub fn lockstep() -> Command {
    let mut c = Command::cargo_bin("lockstep").expect("binary built");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// Asserts that `inspect --strict FILE` stops with exit 2 and a message containing `needle`.
pub fn assert_strict_stops(file: &Path, needle: &str) {
    assert_strict_stops_with(file, &[], needle);
}

/// `assert_strict_stops` with more `inspect` options (`--preset`, `--max-record-mib`).
pub fn assert_strict_stops_with(file: &Path, args: &[&str], needle: &str) {
    lockstep()
        .args(["inspect", "--strict"])
        .args(args)
        .arg(file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(needle));
}

/// A fixture's path relative to the crate root.
pub fn fixture(rel: &str) -> String {
    format!("fixtures/{rel}")
}

/// A temporary directory for generated inputs; removed when dropped.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `bytes` to `name` and returns its path.
    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write");
        p
    }

    /// Runs `lockstep generate --scenario S --seed N --posts P [EXTRA...] --out DIR/name` and
    /// returns the output directory.
    pub fn generate(
        &self,
        name: &str,
        scenario: &str,
        seed: &str,
        posts: &str,
        extra: &[&str],
    ) -> PathBuf {
        let out = self.path(name);
        lockstep()
            .args([
                "generate",
                "--scenario",
                scenario,
                "--seed",
                seed,
                "--posts",
                posts,
            ])
            .args(extra)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        out
    }

    /// Writes `bytes` gzip-compressed.
    pub fn write_gz(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).expect("gzip");
        self.write(name, &e.finish().expect("gzip"))
    }

    /// Writes `bytes` zstd-compressed.
    pub fn write_zst(&self, name: &str, bytes: &[u8]) -> PathBuf {
        self.write(name, &zstd::encode_all(bytes, 3).expect("zstd"))
    }
}

/// Runs a lockstep command that must succeed and returns its stdout.
pub fn stdout_of(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "lockstep failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs `lockstep inspect --format json ARGS` and decodes stdout.
pub fn inspect_json(args: &[&str]) -> serde_json::Value {
    inspect_json_warnings(args).0
}

/// `inspect_json`, with what it wrote to stderr (with `-q`, only warnings).
pub fn inspect_json_warnings(args: &[&str]) -> (serde_json::Value, String) {
    let out = lockstep()
        .arg("inspect")
        .args(["--format", "json", "-q"])
        .args(args)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "lockstep failed: {err}");
    let v = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    (v, err)
}

/// Reads a fixture's bytes.
pub fn fixture_bytes(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture(rel))).expect("fixture")
}

/// Runs `lockstep ARGS` under an address-space limit of `mib` MiB (`ulimit -v`, through
/// `sh`), so that a test of bounded memory fails by running out instead of passing by luck.
pub fn lockstep_limited(mib: u64) -> Command {
    let mut c = Command::new("sh");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.args(["-c", "ulimit -v \"$1\" && shift && exec \"$@\"", "sh"])
        .arg((mib * 1024).to_string())
        .arg(assert_cmd::cargo::cargo_bin("lockstep"));
    c
}

/// Decodes stdout of a successful run as JSON.
pub fn json_of(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_slice(&stdout_of(cmd)).expect("JSON on stdout")
}

/// Writes `n` bytes of `byte`, gzip-compressed, without holding them.
pub fn write_gz_run(w: &Workdir, name: &str, prefix: &[u8], byte: u8, n: usize) -> PathBuf {
    let p = w.path(name);
    let f = std::fs::File::create(&p).expect("create");
    let mut e = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
    e.write_all(prefix).expect("gzip");
    let chunk = vec![byte; 1 << 20];
    let mut left = n;
    while left > 0 {
        let k = left.min(chunk.len());
        e.write_all(&chunk[..k]).expect("gzip");
        left -= k;
    }
    e.finish().expect("gzip");
    p
}
