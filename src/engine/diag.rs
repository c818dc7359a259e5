//! Diagnostics for the engines: DataFusion and Ballista report through the `log` crate, and
//! lockstep installs no logger otherwise. `LOCKSTEP_ENGINE_LOG=LEVEL` (`error`, `warn`,
//! `info`, `debug`, `trace`) prints their records at that level and above to stderr: job
//! states, stages, tasks and the errors that a cluster keeps to itself.

use std::io::Write;

use log::{LevelFilter, Log, Metadata, Record};

/// The environment variable that sets the level.
pub const VAR: &str = "LOCKSTEP_ENGINE_LOG";

struct Stderr(LevelFilter);

impl Log for Stderr {
    fn enabled(&self, m: &Metadata<'_>) -> bool {
        m.level() <= self.0
    }

    fn log(&self, r: &Record<'_>) {
        if self.enabled(r.metadata()) {
            let _ = writeln!(
                std::io::stderr().lock(),
                "{:>5} {}: {}",
                r.level(),
                r.target(),
                r.args()
            );
        }
    }

    fn flush(&self) {}
}

/// Installs the stderr logger at the level `LOCKSTEP_ENGINE_LOG` names, or at `default`
/// when it is unset or unreadable; `None` and no variable install nothing. A second call,
/// or a logger already in place, leaves the first one.
pub fn init(default: Option<LevelFilter>) {
    let level = std::env::var(VAR)
        .ok()
        .and_then(|v| v.parse::<LevelFilter>().ok())
        .or(default);
    let Some(level) = level else { return };
    if log::set_logger(Box::leak(Box::new(Stderr(level)))).is_ok() {
        log::set_max_level(level);
    }
}
