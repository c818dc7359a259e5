//! Where results go: standard output, or a file written atomically; and the one-line notes
//! lockstep writes to stderr.
//!
//! `Output::prepare` runs before any work: it refuses an output that is one of the inputs
//! (the same path, a symlink or hard link to it, or the file standard input reads: usage
//! error, exit 2) or a directory, and it
//! creates the temporary file the result is written to, in the output's own directory, so an
//! unwritable destination fails in a second rather than after an hour of analysis.
//! `Output::write` fills the temporary file and renames it over the destination: a run that
//! is killed or fails mid-write leaves the previous file whole, never half a report. The
//! temporary file is `.NAME.lockstep-tmp.PID` beside `NAME`; a failed run removes it, but a
//! run killed outright (`kill -9`, a power cut) cannot, so the next run with the same `-o`
//! removes those whose process is gone (Linux: no `/proc/PID`), and nothing else. A
//! symlink is followed (the file it names is replaced, the link stays); a destination that is
//! not a regular file (`/dev/null`, `/dev/full`, a named pipe) is written in place, since a
//! rename would replace the device itself with a regular file. The file standard output or
//! standard error is redirected to (`-o /dev/stdout >> log`) is written through that stream,
//! in place: a rename would replace it, and with it what the shell appended before.
//!
//! Notes to stderr (`note!`) ignore write errors: a closed or full stderr
//! (`2>&1 | head -1`, `2>/dev/full`) must not turn a finished run into a panic.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::cli::Cli;
use crate::config::{Inputs, UsageError};
use crate::ingest::{self, Ingested, Source};
use crate::report;

/// Writes one line to stderr, ignoring errors (see the module doc).
pub fn note_line(args: fmt::Arguments<'_>) {
    let mut e = io::stderr().lock();
    let _ = e.write_fmt(args).and_then(|()| e.write_all(b"\n"));
}

/// `eprintln!` that never panics: formats a line for stderr and ignores write errors.
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => {
        $crate::output::note_line(format_args!($($arg)*))
    };
}

/// A prepared destination: standard output, or a temporary file to rename into place.
#[derive(Debug, Default)]
pub struct Output {
    to: Target,
}

#[derive(Debug, Default)]
enum Target {
    #[default]
    Stdout,
    /// The file stderr is redirected to (named `.0`): written through stderr, in place.
    Stderr(PathBuf),
    File(Pending),
}

#[derive(Debug)]
struct Pending {
    dest: PathBuf,
    /// The temporary file renamed over `dest`; `None` when `dest` is written in place (not
    /// a regular file: a device or a pipe).
    tmp: Option<PathBuf>,
    file: Option<File>,
}

impl Drop for Pending {
    fn drop(&mut self) {
        // Not renamed: the run failed; the previous file stays as it was.
        if let (Some(_), Some(tmp)) = (&self.file, &self.tmp) {
            let _ = fs::remove_file(tmp);
        }
    }
}

impl Output {
    /// Checks `path` against the inputs and opens its temporary file (`None`: stdout).
    ///
    /// # Errors
    /// A `UsageError` when `path` is an input or a directory; an I/O error when its
    /// directory is not writable.
    pub fn prepare(path: Option<&Path>, inputs: &Inputs) -> Result<Self> {
        Self::prepare_for("-o", path, inputs)
    }

    /// `prepare` for the file named by `flag` (`-o`, `--evidence`), which the refusals name.
    ///
    /// # Errors
    /// As `prepare`.
    pub fn prepare_for(flag: &str, path: Option<&Path>, inputs: &Inputs) -> Result<Self> {
        let Some(dest) = path else {
            return Ok(Self::default());
        };
        if dest.is_dir() {
            return Err(UsageError(format!("{flag} {}: is a directory", dest.display())).into());
        }
        let meta = fs::metadata(dest).ok();
        for src in inputs.posts.iter().chain(&inputs.accounts) {
            let (same, name) = match src {
                Source::Path(p) => (same_file(dest, p), p.display().to_string()),
                Source::Stdin => (
                    is_stream(meta.as_ref(), Stream::In),
                    "read from standard input".to_string(),
                ),
            };
            if same {
                return Err(UsageError(format!(
                    "{flag} {} would overwrite the input {name}; choose another output file",
                    dest.display(),
                ))
                .into());
            }
        }
        // `-o /dev/stdout` (or a path to the file stdout or stderr is redirected to): a
        // rename would replace that file, losing what the shell appended before (`>>`).
        if is_stream(meta.as_ref(), Stream::Out) {
            return Ok(Self::default());
        }
        if is_stream(meta.as_ref(), Stream::Err) {
            return Ok(Self {
                to: Target::Stderr(dest.to_path_buf()),
            });
        }
        if meta.is_some_and(|m| !m.is_file()) {
            // `-o /dev/null`: renaming a regular file over it would replace the device.
            let file = OpenOptions::new()
                .write(true)
                .open(dest)
                .with_context(|| format!("cannot write {}", dest.display()))?;
            return Ok(Self {
                to: Target::File(Pending {
                    dest: dest.to_path_buf(),
                    tmp: None,
                    file: Some(file),
                }),
            });
        }
        // A symlink: replace the file it names, not the link.
        let dest = match fs::symlink_metadata(dest) {
            Ok(m) if m.file_type().is_symlink() => {
                fs::canonicalize(dest).unwrap_or_else(|_| dest.to_path_buf())
            }
            _ => dest.to_path_buf(),
        };
        remove_stale_temps(&dest);
        let (tmp, file) =
            temp_beside(&dest).with_context(|| format!("cannot write {}", dest.display()))?;
        Ok(Self {
            to: Target::File(Pending {
                dest,
                tmp: Some(tmp),
                file: Some(file),
            }),
        })
    }

    /// Runs `f` on a buffered writer; a file is then flushed, synced and renamed into place.
    ///
    /// # Errors
    /// Write errors (the destination is left as it was), except a broken stdout pipe, which
    /// `main` treats as success.
    pub fn write(self, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
        let mut p = match self.to {
            Target::Stdout => return Ok(through(io::stdout().lock(), f)?),
            Target::Stderr(dest) => {
                return through(io::stderr().lock(), f)
                    .with_context(|| format!("writing {}", dest.display()));
            }
            Target::File(p) => p,
        };
        let file = p.file.take().context("output already written")?;
        let Some(tmp) = p.tmp.take() else {
            // Written in place (a device or a pipe): nothing to sync or rename.
            return through(file, f).with_context(|| format!("writing {}", p.dest.display()));
        };
        let mut w = BufWriter::new(file);
        let written = f(&mut w)
            .and_then(|()| w.flush())
            .and_then(|()| w.get_ref().sync_all());
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(e).with_context(|| format!("writing {}", p.dest.display()));
        }
        drop(w);
        fs::rename(&tmp, &p.dest).with_context(|| {
            let _ = fs::remove_file(&tmp);
            format!("writing {}", p.dest.display())
        })
    }
}

/// Runs `f` on `w` through a buffer, then flushes it.
fn through(w: impl Write, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut w = BufWriter::new(w);
    f(&mut w).and_then(|()| w.flush())
}

/// A standard stream of this process.
#[derive(Clone, Copy)]
enum Stream {
    In,
    Out,
    Err,
}

/// Whether `dest` (its metadata, `None` when it does not exist) is the regular file that the
/// standard stream `s` reads or writes (`/dev/stdin`, `/proc/self/fd/1`, or the redirected
/// file's own path). A terminal, a pipe or a device is no file to lose.
fn is_stream(dest: Option<&fs::Metadata>, s: Stream) -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let fd = match s {
            Stream::In => io::stdin().as_fd().try_clone_to_owned(),
            Stream::Out => io::stdout().as_fd().try_clone_to_owned(),
            Stream::Err => io::stderr().as_fd().try_clone_to_owned(),
        };
        let (Ok(fd), Some(d)) = (fd, dest) else {
            return false;
        };
        File::from(fd)
            .metadata()
            .is_ok_and(|m| m.is_file() && m.dev() == d.dev() && m.ino() == d.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = (dest, s);
        false
    }
}

/// Whether `a` and `b` name the same existing file (through symlinks and hard links).
fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(x), Ok(y)) = (fs::metadata(a), fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        x.dev() == y.dev() && x.ino() == y.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (x, y);
        matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(p), Ok(q)) if p == q)
    }
}

/// The directory of `dest` and the prefix of its temporary files: `.NAME.lockstep-tmp.`
/// (then the process id, and `.K` when that name was taken).
fn temp_prefix(dest: &Path) -> (&Path, String) {
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = dest
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    (dir, format!(".{name}.lockstep-tmp."))
}

/// The process id in a temporary file name `PREFIX PID` or `PREFIX PID.K` (digits only).
fn temp_pid(file_name: &str, prefix: &str) -> Option<u32> {
    let rest = file_name.strip_prefix(prefix)?;
    let (pid, k) = rest.split_once('.').unwrap_or((rest, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || !digits(k) {
        return None;
    }
    pid.parse().ok()
}

/// Removes the temporary files of earlier runs writing `dest` that were killed before they
/// could (`kill -9`): regular files named exactly `.NAME.lockstep-tmp.PID[.K]` whose process
/// is gone. Only where `/proc` tells (Linux); errors are ignored (the file stays).
fn remove_stale_temps(dest: &Path) {
    let proc_fs = Path::new("/proc");
    if !proc_fs.join("self").exists() {
        return;
    }
    let (dir, prefix) = temp_prefix(dest);
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(|n| temp_pid(n, &prefix)) else {
            continue;
        };
        let alive = pid == me || proc_fs.join(pid.to_string()).exists();
        let regular = e.file_type().is_ok_and(|t| t.is_file());
        if !alive && regular {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Creates a new temporary file next to `dest` (same directory, so the rename is atomic).
fn temp_beside(dest: &Path) -> io::Result<(PathBuf, File)> {
    let (dir, prefix) = temp_prefix(dest);
    let pid = std::process::id();
    let mut last = None;
    for k in 0..100u32 {
        let tmp = dir.join(if k == 0 {
            format!("{prefix}{pid}")
        } else {
            format!("{prefix}{pid}.{k}")
        });
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no temporary file name left")))
}

/// Runs ingest, then reports rejections (samples) and, with `-v`, timing to stderr.
///
/// # Errors
/// Those of `ingest::read`.
pub fn read_inputs(inputs: &Inputs, cli: &Cli) -> Result<Ingested> {
    let start = Instant::now();
    let ing = ingest::read(&inputs.posts, &inputs.accounts, &inputs.ingest)?;
    if !cli.quiet {
        print_rejections(&ing);
    }
    for line in empty_files(&ing.accounting)
        .into_iter()
        .chain(column_warnings(&ing.accounting))
    {
        crate::note!("lockstep: {}", report::escape::terminal(&line));
    }
    if cli.verbose {
        crate::note!(
            "lockstep: ingest {:.3}s, {} posts, corpus ~{} MiB",
            start.elapsed().as_secs_f64(),
            ing.corpus.len(),
            ing.corpus.heap_bytes() / (1024 * 1024)
        );
    }
    Ok(ing)
}

/// A warning for each input file that held no record while others did (a run where none
/// did stops with its own message): an empty file, a CSV header with no rows, or a file
/// whose lines lockstep could not tell apart would otherwise pass unnoticed beside the
/// files that read.
pub fn empty_files(a: &ingest::Accounting) -> Vec<String> {
    if a.files.iter().all(|f| f.records_read == 0) {
        return Vec::new();
    }
    a.files
        .iter()
        .filter(|f| f.records_read == 0)
        .map(|f| {
            format!(
                "warning: {} ({}) holds no record: empty, a header with no rows, or not {} \
                 (see `lockstep inspect {}`)",
                f.path, f.role, f.format, f.path
            )
        })
        .collect()
}

/// Per file, a warning for the `--map`s whose column (or JSON path) no record held, and one
/// for the CSV/TSV columns left unread because an earlier one has the same name or names
/// the same field. A typo in a mapped column, or a map meant for another file, would
/// otherwise leave the field empty without a word (coverage 0% in `inspect`, and the
/// evidence it carries missing); of two `text` columns (or `post_id` and `Post_ID`), which
/// one an export meant is not known, and the first is read.
pub fn column_warnings(a: &ingest::Accounting) -> Vec<String> {
    let mut out = Vec::new();
    for f in &a.files {
        if !f.unmatched_maps.is_empty() {
            out.push(format!(
                "warning: --map {} matched no column or key of {} ({}): check the name \
                 (`lockstep inspect {}` shows the coverage of each field)",
                f.unmatched_maps.join(", --map "),
                f.path,
                f.role,
                f.path
            ));
        }
        if !f.duplicate_columns.is_empty() {
            out.push(format!(
                "warning: {} ({}): column {} repeats an earlier column's name or field; the \
                 first is read",
                f.path,
                f.role,
                f.duplicate_columns.join(", ")
            ));
        }
    }
    out
}

/// The sampled rejections, escaped for the terminal, then how many more there were.
pub fn print_rejections(ing: &Ingested) {
    let a = &ing.accounting;
    let total = a.posts.rejected + a.accounts.rejected;
    if total == 0 {
        return;
    }
    for r in &a.samples {
        crate::note!("lockstep: {}", report::escape::terminal(&r.to_string()));
    }
    let shown = a.samples.len() as u64;
    if total > shown {
        crate::note!(
            "lockstep: ... and {} more rejected records (counts by reason in the summary)",
            total - shown
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(posts: &[&Path]) -> Inputs {
        Inputs {
            posts: posts
                .iter()
                .map(|p| Source::Path(p.to_path_buf()))
                .collect(),
            accounts: Vec::new(),
            ingest: crate::ingest::IngestConfig::default(),
        }
    }

    #[test]
    fn refuses_an_input_by_path_or_link_and_writes_atomically() {
        let dir = std::env::temp_dir().join(format!("lockstep-out-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let input = dir.join("in.jsonl");
        fs::write(&input, b"{}\n").unwrap();
        let ins = inputs(&[&input]);
        assert!(Output::prepare(Some(&input), &ins).is_err());
        #[cfg(unix)]
        {
            let link = dir.join("link.jsonl");
            let _ = fs::remove_file(&link);
            std::os::unix::fs::symlink(&input, &link).unwrap();
            assert!(Output::prepare(Some(&link), &ins).is_err());
        }
        assert!(Output::prepare(Some(&dir), &ins).is_err());
        let out = dir.join("out.json");
        fs::write(&out, b"previous").unwrap();
        let o = Output::prepare(Some(&out), &ins).unwrap();
        let failed = o.write(|w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read(&out).unwrap(), b"previous");
        let o = Output::prepare(Some(&out), &ins).unwrap();
        o.write(|w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"new");
        let left: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".lockstep-tmp."))
            .collect();
        assert!(left.is_empty(), "temporary files left: {left:?}");
        #[cfg(unix)]
        {
            // Through a symlink: the file it names is replaced, the link stays a link.
            let link = dir.join("report-link.json");
            std::os::unix::fs::symlink(&out, &link).unwrap();
            let o = Output::prepare(Some(&link), &ins).unwrap();
            o.write(|w| w.write_all(b"through")).unwrap();
            assert!(
                fs::symlink_metadata(&link)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert_eq!(fs::read(&out).unwrap(), b"through");
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temp_names_are_recognised_exactly() {
        let p = ".out.json.lockstep-tmp.";
        assert_eq!(temp_pid(".out.json.lockstep-tmp.123", p), Some(123));
        assert_eq!(temp_pid(".out.json.lockstep-tmp.123.4", p), Some(123));
        for other in [
            ".out.json.lockstep-tmp.",
            ".out.json.lockstep-tmp.12a",
            ".out.json.lockstep-tmp.12.",
            ".out.json.lockstep-tmp.1.2.3",
            ".out.json.lockstep-tmp.-1",
            "out.json.lockstep-tmp.123",
            ".other.json.lockstep-tmp.123",
            ".out.json.lockstep-123-0.tmp",
        ] {
            assert_eq!(temp_pid(other, p), None, "{other}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stale_temp_files_of_dead_runs_are_removed_and_nothing_else() {
        let dir = std::env::temp_dir().join(format!("lockstep-stale-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let out = dir.join("out.json");
        // Above the largest pid Linux hands out (2^22): never alive.
        let dead = dir.join(".out.json.lockstep-tmp.4194305");
        let dead_k = dir.join(".out.json.lockstep-tmp.4194305.3");
        let alive = dir.join(".out.json.lockstep-tmp.1");
        let mine = dir.join(format!(".out.json.lockstep-tmp.{}.7", std::process::id()));
        let other = dir.join(".other.json.lockstep-tmp.4194305");
        let unlike = dir.join(".out.json.lockstep-tmp.4194305.bak");
        let stale_dir = dir.join(".out.json.lockstep-tmp.4194306");
        for f in [&dead, &dead_k, &alive, &mine, &other, &unlike] {
            fs::write(f, b"x").unwrap();
        }
        fs::create_dir_all(&stale_dir).unwrap();
        let o = Output::prepare(Some(&out), &inputs(&[])).unwrap();
        o.write(|w| w.write_all(b"report")).unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"report");
        assert!(!dead.exists() && !dead_k.exists());
        for kept in [&alive, &mine, &other, &unlike, &stale_dir] {
            assert!(kept.exists(), "{} was removed", kept.display());
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
