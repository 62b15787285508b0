//! The command line, assembled: docket's name and help, the flags every
//! command takes, and one subcommand per module of `cmd/`, which holds that
//! command's help, arguments and `run`; and the dispatch to that `run`.

use std::io::Write;

use clap::{CommandFactory, Parser, Subcommand};

use crate::cmd;

/// Validate curated open-data records against JSON Schemas and publish them
/// as versioned datasets.
#[derive(Debug, Parser)]
#[command(name = "docket", version, long_version = cmd::LONG_VERSION, about, long_about = cmd::ABOUT)]
pub struct Cli {
    #[command(flatten)]
    pub global: cmd::Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(about = cmd::validate::SUMMARY, long_about = cmd::validate::ABOUT)]
    Validate(cmd::validate::Args),
    #[command(about = cmd::schema::SUMMARY, long_about = cmd::schema::ABOUT)]
    Schema(cmd::schema::Args),
    #[command(about = cmd::stats::SUMMARY, long_about = cmd::stats::ABOUT)]
    Stats(cmd::stats::Args),
    #[command(about = cmd::export::SUMMARY, long_about = cmd::export::ABOUT)]
    Export(cmd::export::Args),
    #[command(about = cmd::release::SUMMARY, long_about = cmd::release::ABOUT)]
    Release(cmd::release::Args),
    #[command(about = cmd::diff::SUMMARY, long_about = cmd::diff::ABOUT)]
    Diff(cmd::diff::Args),
    #[command(about = cmd::new::SUMMARY, long_about = cmd::new::ABOUT)]
    New(cmd::new::Args),
    #[command(about = cmd::completions::SUMMARY, long_about = cmd::completions::ABOUT)]
    Completions(cmd::completions::Args),
    #[command(about = cmd::man::SUMMARY, long_about = cmd::man::ABOUT)]
    Man(cmd::man::Args),
    /// Write a synthetic dataset for benchmarks (hidden: a tool for measuring docket).
    #[command(hide = true)]
    Generate(cmd::generate::Args),
}

impl Cli {
    /// Runs the command asked for, printing to `out`; the exit code, or why
    /// the command could not do its job.
    pub fn run(&self, out: &mut dyn Write) -> crate::error::Result<u8> {
        let global = &self.global;
        match &self.command {
            // Refused before any work, not after validating everything.
            Command::Export(_) | Command::Release(_) if !crate::export::FULL_BUILD => {
                Err(crate::error::Error::NeedsFullBuild)
            }
            Command::Validate(args) => cmd::validate::run(global, args, out),
            Command::Schema(args) => cmd::schema::run(global, args, out),
            Command::Stats(args) => cmd::stats::run(global, args, out),
            Command::Export(args) => cmd::export::run(global, args, out),
            Command::Release(args) => cmd::release::run(global, args, out),
            Command::Diff(args) => cmd::diff::run(global, args, out),
            Command::Generate(args) => cmd::generate::run(global, args, out),
            Command::Completions(args) => cmd::completions::run(args, Cli::command(), out),
            Command::Man(args) => cmd::man::run(args, Cli::command(), out),
            Command::New(args) => cmd::new::run(global, args, out),
        }
    }
}
