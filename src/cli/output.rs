//! Reading inputs (`-` = stdin) and writing outputs (`-` = stdout) with clear errors.

use anyhow::Context;
use std::io::{Read, Write};
use std::path::Path;

/// Reads a whole text file, or stdin for `-`.
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading <stdin>")?;
    } else {
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|source| coldcost::Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
    }
    String::from_utf8(bytes).map_err(|e| {
        let line = coldcost::line_of(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        anyhow::anyhow!(
            "{}:{line}: not UTF-8 text (is it UTF-16 or binary?)",
            path.display()
        )
    })
}

/// Writes text to a file, or stdout for `-`.
pub fn write_text(path: &Path, text: &str) -> anyhow::Result<()> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
        Ok(())
    } else {
        std::fs::write(path, text).map_err(|source| {
            coldcost::Error::Io {
                path: path.to_path_buf(),
                source,
            }
            .into()
        })
    }
}

/// Whether an error is a closed pipe on stdout (`coldcost … | head`), which must exit quietly.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A table of `rows` under `head`: aligned text columns for the terminal (columns in `left` left-aligned, the rest
/// right-aligned), or a Markdown table with the same alignment when `markdown`.
pub fn grid(head: &[&str], rows: &[Vec<String>], left: &[usize], markdown: bool) -> String {
    use std::fmt::Write as _;
    let mut t = String::new();
    if markdown {
        let cells = |r: &mut dyn Iterator<Item = &str>| {
            r.map(|c| c.replace('|', "\\|"))
                .collect::<Vec<_>>()
                .join(" | ")
        };
        let seps: Vec<&str> = (0..head.len())
            .map(|c| if left.contains(&c) { "---" } else { "---:" })
            .collect();
        let _ = writeln!(
            t,
            "| {} |\n|{}|",
            cells(&mut head.iter().copied()),
            seps.join("|")
        );
        for r in rows {
            let _ = writeln!(t, "| {} |", cells(&mut r.iter().map(String::as_str)));
        }
        return t;
    }
    let width = |c: usize| {
        rows.iter()
            .filter_map(|r| r.get(c).map(|s| s.chars().count()))
            .chain([head.get(c).map_or(0, |h| h.chars().count())])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..head.len()).map(width).collect();
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        cells
            .zip(&widths)
            .enumerate()
            .map(|(c, (s, &w))| {
                if left.contains(&c) {
                    format!("{s:<w$}")
                } else {
                    format!("{s:>w$}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let _ = writeln!(t, "{}", line(&mut head.iter().copied()));
    for r in rows {
        let _ = writeln!(t, "{}", line(&mut r.iter().map(String::as_str)));
    }
    t
}
