//! `docket completions`: shell completions, generated from the
//! command-line definitions so they never drift.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, Global};

pub const ABOUT: &str = "\
Print a completion script for SHELL to stdout. Install it where your shell
looks for completions, for example:

  docket completions bash > ~/.local/share/bash-completion/completions/docket
  docket completions zsh  > \"${fpath[1]}/_docket\"
  docket completions fish > ~/.config/fish/completions/docket.fish";

pub fn run(_global: &Global, args: &CompletionsArgs, out: &mut dyn Write) -> crate::Result<u8> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "docket", out);
    Ok(0)
}
