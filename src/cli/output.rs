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
