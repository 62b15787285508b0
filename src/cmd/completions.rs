//! `docket completions`: shell completions, generated from the
//! command-line definitions so they never drift.

use std::io::Write;

pub(crate) const ABOUT: &str = "\
Print a completion script for SHELL to stdout. Install it where your shell
looks for completions, for example:

  docket completions bash > ~/.local/share/bash-completion/completions/docket
  docket completions zsh  > \"${fpath[1]}/_docket\"
  docket completions fish > ~/.config/fish/completions/docket.fish";

/// The one line `docket --help` lists.
pub(crate) const SUMMARY: &str =
    "Print a shell completion script (bash, zsh, fish, powershell, elvish)";

/// The arguments of `docket completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Writes the script for `command`, docket's whole command line.
pub(crate) fn run(
    args: &Args,
    mut command: clap::Command,
    out: &mut dyn Write,
) -> crate::error::Result<u8> {
    clap_complete::generate(args.shell, &mut command, "docket", out);
    Ok(0)
}
