//! `docket generate` (hidden): a synthetic dataset for benchmarks.

use std::io::Write;

use super::Global;
use crate::generate::{generate, Plan};

/// The arguments of `docket generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Number of recommendation records; documents, organisations and treaties are derived from it.
    #[arg(long, default_value_t = 1000)]
    pub records: usize,
    /// Fraction of recommendations and documents made invalid.
    #[arg(long, default_value_t = 0.01)]
    pub invalid: f64,
    /// One file per record, or one JSONL file per collection.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub layout: crate::generate::Layout,
    /// Seed of the generator: the same seed gives the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The new directory to write the dataset root into.
    #[arg(long, value_name = "DIR")]
    pub out: std::path::PathBuf,
}

pub(crate) fn run(_global: &Global, args: &Args, out: &mut dyn Write) -> crate::error::Result<u8> {
    if args.out.exists() {
        return Err(crate::error::Error::OutExists {
            path: args.out.clone(),
        });
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
