//! `docket man [COMMAND]`: the manual pages, generated from the
//! command-line definitions so they never drift: docket(1), and one page
//! per command (docket-validate(1), docket-export(1), …), which docket(1)
//! names under its commands.

use std::io::Write;

use crate::error::Error;

pub(crate) const ABOUT: &str = "\
Print a manual page (roff) to stdout: docket(1) without COMMAND, or the page
of one command (docket-validate(1), docket-export(1), …). For example:

  docket man > /usr/local/share/man/man1/docket.1
  docket man export > /usr/local/share/man/man1/docket-export.1";

/// The one line `docket --help` lists.
pub(crate) const SUMMARY: &str = "Print the manual page (roff), docket's or one command's";

/// The arguments of `docket man`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The command whose page to print (`validate` prints docket-validate(1)); docket's own page without one.
    pub command: Option<String>,
}

/// Writes the page of `docket`, the whole command line, or of one of its
/// commands.
pub(crate) fn run(
    args: &Args,
    docket: clap::Command,
    out: &mut dyn Write,
) -> crate::error::Result<u8> {
    // The page names the version only: the long one names the commit.
    let docket = docket.long_version(None);
    let page = match &args.command {
        None => clap_mangen::Man::new(docket),
        Some(name) => {
            let commands: Vec<String> = docket
                .get_subcommands()
                .filter(|c| !c.is_hide_set())
                .map(|c| c.get_name().to_owned())
                .collect();
            let command = docket
                .find_subcommand(name)
                .filter(|c| !c.is_hide_set())
                .cloned()
                .ok_or_else(|| Error::UnknownCommand {
                    name: name.clone(),
                    known: commands,
                })?;
            // Named as docket(1) refers to it, with docket's version. The
            // name lives as long as the process, which prints one page.
            let page_name: &'static str = format!("docket-{name}").leak();
            clap_mangen::Man::new(command.name(page_name).bin_name(format!("docket {name}")))
                .title(format!("docket-{name}"))
                .source(format!("docket {}", env!("CARGO_PKG_VERSION")))
        }
    };
    page.render(out)?;
    Ok(0)
}
