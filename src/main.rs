//! The `docket` binary: parse the command line, run it (`cli.rs` dispatches
//! to the command), and turn the outcome into an exit code. Errors are
//! rendered here and nowhere else.

use std::io::Write;

/// Parsing a million records is mostly small allocations; mimalloc makes
/// them cheaper than the system allocator, on both cores.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::Parser;
use docket::Cli;

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
    let outcome = cli.run(&mut out);
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
