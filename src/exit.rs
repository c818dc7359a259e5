//! Exit codes: one enum, one mapping, listed in `--help` and the README.

use std::process::ExitCode as StdExitCode;

use crate::ingest::{Ingested, Preset, Reason};
use crate::model::NONE;

/// How lockstep ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// 0: success (also a closed stdout pipe).
    Success,
    /// 1: runtime failure: I/O, a corrupt or truncated stream, unwritable output.
    Failure,
    /// 2: usage error, or a bad record under `--strict`.
    Usage,
    /// 3: a gate tripped (`--min-f1`, `--fail-on-networks`).
    Gate,
    /// 4: `analyze` read no usable post: none accepted, or none that carries a signal
    /// (see `nothing_usable`). Not a verdict of "no network", which would mislead.
    NothingUsable,
}

impl ExitCode {
    /// The numeric status.
    pub fn code(self) -> u8 {
        match self {
            ExitCode::Success => 0,
            ExitCode::Failure => 1,
            ExitCode::Usage => 2,
            ExitCode::Gate => 3,
            ExitCode::NothingUsable => 4,
        }
    }
}

impl From<ExitCode> for StdExitCode {
    fn from(c: ExitCode) -> Self {
        StdExitCode::from(c.code())
    }
}

/// The exit-code table shown after the top-level `--help`: every status of every command.
pub const HELP: &str = "\
Exit status:
  0  success
  1  runtime error (I/O, corrupt or truncated input stream, unwritable output)
  2  usage error, or a bad record under --strict
  3  gate tripped (analyze --fail-on-networks, score --min-f1)
  4  nothing usable read (analyze): no post accepted, or none with text, urls, media,
     hashtags, a reshare or a reply target";

/// After `inspect --help` and `features --help`: commands that read data and have no gate.
pub const HELP_READ: &str = "\
Exit status:
  0  success
  1  runtime error (I/O, corrupt or truncated input stream, unwritable output)
  2  usage error, or a bad record under --strict";

/// After `analyze --help`.
pub const HELP_ANALYZE: &str = "\
Exit status:
  0  success (networks found or not)
  1  runtime error (I/O, corrupt or truncated input stream, unwritable output)
  2  usage error, or a bad record under --strict
  3  --fail-on-networks and at least one network reported
  4  nothing usable read: no post accepted, or none with text, urls, media, hashtags,
     a reshare or a reply target (stderr says why)";

/// After `generate --help`.
pub const HELP_GENERATE: &str = "\
Exit status:
  0  success
  1  runtime error (the output directory or a file cannot be written)
  2  usage error";

/// After `score --help`.
pub const HELP_SCORE: &str = "\
Exit status:
  0  success
  1  runtime error (a labels or report file cannot be read or parsed)
  2  usage error
  3  account-level F1 below --min-f1";

/// Why `analyze` should stop with `NothingUsable`, in words naming the likely cause (one
/// line each), or `None` when some accepted post carries a signal.
///
/// A signal is text, a URL, a media hash, a hashtag, a reshare or a reply target: without
/// one, no two posts can be compared and "no network found" would be a false verdict.
/// Complexity: stops at the first post with a signal; O(posts) at worst.
pub fn nothing_usable(ing: &Ingested, preset: Preset) -> Option<Vec<String>> {
    let c = &ing.corpus;
    let has_signal = |i: usize| {
        !c.text.get(i).trim().is_empty()
            || !c.urls.get(i).is_empty()
            || !c.media.get(i).is_empty()
            || !c.hashtags.get(i).is_empty()
            || c.reshare_of[i] != NONE
            || c.reply_to[i] != NONE
    };
    if (0..c.len()).any(has_signal) {
        return None;
    }
    let t = &ing.accounting.posts;
    let files: Vec<_> = ing
        .accounting
        .files
        .iter()
        .filter(|f| f.role == "posts")
        .collect();
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let read_as = files
        .iter()
        .map(|f| {
            format!(
                "{} as {}",
                f.path,
                f.preset.as_deref().unwrap_or("canonical")
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let retry = match preset {
        Preset::Auto => "name the export with --preset, or map columns with --map FIELD=COLUMN",
        _ => "try --preset auto (or another --preset), or map columns with --map FIELD=COLUMN",
    };
    let unknown = files
        .iter()
        .filter(|f| !f.unknown_columns.is_empty())
        .map(|f| {
            format!(
                "columns lockstep does not know, ignored in {}: {}",
                f.path,
                f.unknown_columns.join(", ")
            )
        });
    let mut lines = Vec::new();
    if t.read == 0 {
        lines.push(format!(
            "nothing usable read: the post file(s) hold no record ({})",
            names.join(", ")
        ));
    } else if t.accepted == 0 {
        let reasons: Vec<String> = t
            .by_reason
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect();
        lines.push(format!(
            "nothing usable read: none of the {} post record(s) was accepted ({})",
            t.read,
            reasons.join(", ")
        ));
        lines.extend(unknown);
        let missing = [
            Reason::MissingPostId,
            Reason::MissingAccountId,
            Reason::MissingTimestamp,
            Reason::BadTimestamp,
        ];
        let worst = t
            .by_reason
            .iter()
            .max_by_key(|&(r, n)| (*n, std::cmp::Reverse(*r)));
        lines.push(match worst.map(|(r, _)| *r) {
            Some(r) if missing.contains(&r) => format!(
                "likely cause: a required field (post_id, account_id, timestamp) is under a \
                 column lockstep does not know, or the wrong preset (read {read_as}); {retry}"
            ),
            Some(Reason::NotAPost) => {
                "likely cause: the records are not posts (service messages or events)".into()
            }
            _ => "likely cause: the files are not JSON or CSV post records (wrong file, or \
                  wrong --input-format)"
                .into(),
        });
    } else {
        lines.push(format!(
            "nothing usable read: {} post(s) accepted, but none has text, urls, media, \
             hashtags, a reshare or a reply target: there is nothing to compare",
            t.accepted
        ));
        lines.extend(unknown);
        lines.push(format!(
            "likely cause: unknown columns or the wrong preset (read {read_as}); {retry}"
        ));
    }
    lines.push(format!(
        "`lockstep inspect {}` shows what was read",
        names.join(" ")
    ));
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        assert_eq!(ExitCode::Success.code(), 0);
        assert_eq!(ExitCode::Failure.code(), 1);
        assert_eq!(ExitCode::Usage.code(), 2);
        assert_eq!(ExitCode::Gate.code(), 3);
        assert_eq!(ExitCode::NothingUsable.code(), 4);
    }
}
