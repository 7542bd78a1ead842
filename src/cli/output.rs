//! Reading inputs (`-` = stdin) and writing outputs (`-` = stdout) with clear errors.

use anyhow::Context;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

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

/// Whether an error is a closed pipe on stdout (`coldcost … | head`), which must exit quietly.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A mistake in how the command was called (an unsupported `--format`, a missing flag): exit code 2, like
/// clap's own usage errors.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Whether two paths name the same file (the same device and inode on Unix; the same canonical path elsewhere).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Checks, before any work, that writing `path` loses nothing: it is not one of the `inputs`, and it does not
/// exist yet unless `force`. `-` (stdout) always passes.
pub fn guard_output(
    path: &Path,
    force: bool,
    inputs: &[PathBuf],
    flag: &str,
) -> anyhow::Result<()> {
    if path.as_os_str() == "-" {
        return Ok(());
    }
    if let Some(i) = inputs
        .iter()
        .find(|i| i.as_os_str() != "-" && same_file(i, path))
    {
        anyhow::bail!(
            "{flag} {}: that is an input of this run ({}); refusing to write over it",
            path.display(),
            i.display()
        );
    }
    if !force && std::fs::symlink_metadata(path).is_ok() {
        anyhow::bail!(
            "{flag} {}: the file exists; pass --force to replace it",
            path.display()
        );
    }
    Ok(())
}

/// A file written beside its target under a temporary name and renamed over it on [`AtomicFile::commit`]: a run
/// killed or failing mid-write leaves the old file whole (and a dropped, uncommitted one removes its temporary).
pub struct AtomicFile {
    tmp: PathBuf,
    target: PathBuf,
    file: Option<std::fs::File>,
}

impl AtomicFile {
    /// Starts writing `target`.
    pub fn create(target: &Path) -> anyhow::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let tmp = dir.join(format!(".{name}.coldcost-{}.tmp", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|source| coldcost::Error::Io {
                path: target.to_path_buf(),
                source,
            })?;
        Ok(AtomicFile {
            tmp,
            target: target.to_path_buf(),
            file: Some(file),
        })
    }

    /// The temporary file, to write into.
    pub fn file(&mut self) -> anyhow::Result<&mut std::fs::File> {
        self.file
            .as_mut()
            .ok_or_else(|| anyhow::anyhow!("{}: already committed", self.target.display()))
    }

    /// Flushes the data to disk and renames the temporary over the target.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let io = |source| coldcost::Error::Io {
            path: self.target.clone(),
            source,
        };
        if let Some(f) = self.file.take() {
            f.sync_all().map_err(io)?;
        }
        std::fs::rename(&self.tmp, &self.target).map_err(io)?;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `text` to `path` atomically (see [`AtomicFile`]); `-` writes to stdout.
pub fn write_atomic(path: &Path, text: &str) -> anyhow::Result<()> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
        return Ok(());
    }
    let mut f = AtomicFile::create(path)?;
    f.file()?
        .write_all(text.as_bytes())
        .map_err(|source| coldcost::Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
    f.commit()
}
