//! The command line, assembled: docket's name and help, the flags every
//! command takes, and one subcommand per module of `cmd/`, which holds that
//! command's help, arguments and `run`.

use clap::{Parser, Subcommand};

use crate::cmd;

/// Validate curated open-data records against JSON Schemas and publish them
/// as versioned datasets.
#[derive(Debug, Parser)]
#[command(name = "docket", version, about, long_about = cmd::ABOUT)]
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
