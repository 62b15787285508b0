//! The `docket` binary: parse the command line, dispatch, and turn the
//! outcome into an exit code. Errors are rendered here and nowhere else.

use std::io::Write;

/// Parsing a million records is mostly small allocations; mimalloc makes
/// them cheaper than the system allocator, on both cores.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use docket::cli::{Cli, Command};
use docket::cmd;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let global = &cli.global;
    let outcome = match &cli.command {
        // Refused before any work, not after validating everything.
        Command::Export(_) | Command::Release(_) if !docket::export::FULL_BUILD => {
            Err(docket::Error::NeedsFullBuild)
        }
        Command::Validate(args) => cmd::validate::run(global, args, &mut out),
        Command::Schema(args) => cmd::schema::run(global, args, &mut out),
        Command::Stats(args) => cmd::stats::run(global, args, &mut out),
        Command::Export(args) => cmd::export::run(global, args, &mut out),
        Command::Release(args) => cmd::release::run(global, args, &mut out),
        Command::Diff(args) => cmd::diff::run(global, args, &mut out),
        Command::Generate(args) => cmd::generate::run(global, args, &mut out),
        Command::Completions(args) => cmd::completions::run(args, Cli::command(), &mut out),
        Command::Man(args) => cmd::man::run(args, Cli::command(), &mut out),
        Command::New(args) => cmd::new::run(global, args, &mut out),
    };
    let _ = out.flush();
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(docket::Error::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::from(0)
        }
        Err(e) => {
            eprintln!("docket: error: {e}");
            ExitCode::from(2)
        }
    }
}
