//! `coldcost completions SHELL` and `coldcost man`: the shell completion script and the manual pages, generated from
//! the command line's own definition (clap_complete, clap_mangen), so they never drift from it.

use super::output::{guard_output, AtomicFile};
use clap::{Args as ClapArgs, CommandFactory, ValueEnum};
use std::io::Write as _;
use std::path::PathBuf;

/// Shells with a completion script.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

/// `coldcost completions`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost completions bash > ~/.local/share/bash-completion/completions/coldcost\n  coldcost completions zsh > \"${fpath[1]}/_coldcost\"\n  coldcost completions fish > ~/.config/fish/completions/coldcost.fish\n  coldcost completions powershell >> $PROFILE"
)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: Shell,
}

/// `coldcost man`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost man | man -l -                      read the manual now\n  coldcost man --dir ~/.local/share/man/man1   a page per command: coldcost-estimate.1, …"
)]
pub struct ManArgs {
    /// Write one page per command into this directory (created if missing) instead of the main page to stdout.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Replace pages that exist in --dir.
    #[arg(long)]
    force: bool,
}

/// Prints the completion script.
pub fn completions(a: CompletionsArgs) -> anyhow::Result<()> {
    use clap_complete::Shell as S;
    let shell = match a.shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
        Shell::Elvish => S::Elvish,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut super::Cli::command(), "coldcost", &mut out);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(())
}

/// Prints the main manual page, or writes every command's page into `--dir`.
pub fn man(a: ManArgs) -> anyhow::Result<()> {
    let cmd = super::Cli::command();
    let Some(dir) = a.dir else {
        let mut out = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut out)?;
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&out)?;
        stdout.flush()?;
        return Ok(());
    };
    std::fs::create_dir_all(&dir)?;
    // Every page's target first, so that nothing is written when one would be refused.
    let mut pages = vec![("coldcost.1".to_string(), cmd.clone())];
    for sub in cmd.get_subcommands() {
        pages.push((
            format!("coldcost-{}.1", sub.get_name()),
            sub.clone().name(format!("coldcost-{}", sub.get_name())),
        ));
    }
    for (file, _) in &pages {
        guard_output(&dir.join(file), a.force, &[], "--dir")?;
    }
    for (file, page) in pages {
        let mut out = Vec::new();
        clap_mangen::Man::new(page).render(&mut out)?;
        let mut f = AtomicFile::create(&dir.join(&file))?;
        f.file()?.write_all(&out)?;
        f.commit()?;
        eprintln!("wrote {}", dir.join(&file).display());
    }
    Ok(())
}
