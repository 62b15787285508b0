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

/// `mi_option_purge_delay` in `mimalloc.h` (the bindings leave the option
/// numbers unnamed).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Memory freed while records stream through is kept for the next ones
    // rather than handed back to the system and faulted in again: the
    // kernel's zeroing of those pages was a tenth of an export's time at a
    // million records (peak memory grows by under a tenth).
    // SAFETY: sets a process-wide allocator option before any thread starts.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
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
