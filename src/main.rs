//! The `lockstep` binary: parse, run, map the outcome to an exit status.

use std::process::ExitCode;

use clap::Parser;
use lockstep::cli::Cli;
use lockstep::config::UsageError;
use lockstep::exit;
use lockstep::ingest::StrictError;
use lockstep::report::escape::terminal;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match lockstep::run(cli) {
        Ok(code) => code.into(),
        Err(err) => {
            if is_broken_pipe(&err) {
                return exit::ExitCode::Success.into();
            }
            // A strict rejection names its file and line: alone, escaped, never panicking.
            let msg = match err.downcast_ref::<StrictError>() {
                Some(strict) => strict.to_string(),
                None => format!("{err:#}"),
            };
            lockstep::note!("lockstep: {}", terminal(&msg));
            if err.is::<StrictError>() || err.is::<UsageError>() {
                exit::ExitCode::Usage.into()
            } else {
                exit::ExitCode::Failure.into()
            }
        }
    }
}

/// A reader that closed our stdout (`lockstep ... | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
