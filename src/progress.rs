//! Progress on stderr: one spinner per pipeline stage (reading, features, graph, decision,
//! report) with its elapsed time, drawn only when stderr is a terminal and `--quiet` is off.
//!
//! When stderr is not a terminal (a log file, a pipe, CI) nothing is drawn, so stderr keeps
//! only warnings and, with `-v`, the stage timings. stdout is never touched: it carries the
//! report alone, ready for `jq` or a file. The stages themselves report no fraction done, so
//! the bar is a spinner with a clock rather than a percentage that would have to be guessed.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Draws stage spinners, or nothing.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    enabled: bool,
}

impl Progress {
    /// Spinners when stderr is a terminal and not `quiet`.
    pub fn new(quiet: bool) -> Self {
        Self {
            enabled: !quiet && std::io::stderr().is_terminal(),
        }
    }

    /// Never draws (tests, library callers).
    pub fn hidden() -> Self {
        Self { enabled: false }
    }

    /// Starts the spinner of stage `name`; it is cleared when the returned value is dropped
    /// or `done` is called.
    pub fn stage(&self, name: &'static str) -> Stage {
        if !self.enabled {
            return Stage { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{spinner} lockstep: {msg} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_message(name);
        bar.enable_steady_tick(Duration::from_millis(120));
        Stage { bar: Some(bar) }
    }
}

/// A running stage's spinner.
#[derive(Debug)]
pub struct Stage {
    bar: Option<ProgressBar>,
}

impl Stage {
    /// Ends the stage and clears its line.
    pub fn done(self) {}
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}
