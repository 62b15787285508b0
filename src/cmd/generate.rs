//! `docket generate` (hidden): a synthetic dataset for benchmarks.

use std::io::Write;

use crate::cli::{GenerateArgs, Global};
use crate::generate::{generate, Plan};

pub fn run(_global: &Global, args: &GenerateArgs, out: &mut dyn Write) -> crate::Result<u8> {
    if args.out.exists() {
        return Err(crate::Error::Refused(format!(
            "`{}` exists; generate into a new directory",
            crate::paths::shown(&args.out)
        )));
    }
    let plan = Plan {
        recommendations: args.records,
        invalid: args.invalid.clamp(0.0, 1.0),
        layout: args.layout,
        seed: args.seed,
    };
    let generated = generate(&args.out, &plan)?;
    writeln!(
        out,
        "generated {} records ({} invalid) in {}",
        generated.records,
        generated.invalid,
        crate::paths::shown(&args.out)
    )?;
    Ok(0)
}
