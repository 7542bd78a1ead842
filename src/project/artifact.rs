//! The size of a function's deployment package from what the build left behind: a `.zip` is its size; a build
//! folder (`.aws-sam/build/NAME`, a CDK asset) is deflated file by file, as `zip` does, to the size its zip would
//! have — the size the cold-start figures are stated in.

use crate::error::{Error, Result};
use flate2::write::DeflateEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::Path;

/// A folder larger than this (uncompressed) is not deflated: Lambda's own limit is 250 MB unzipped.
pub const MAX_UNZIPPED_BYTES: u64 = 1 << 30;
/// Nor a folder with more files than this.
pub const MAX_FILES: usize = 200_000;
/// Bytes a zip adds per file besides its name twice: the local header (30) and the central directory entry (46).
const ZIP_HEADER_BYTES: u64 = 76;

/// A deployment package as built.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageSize {
    /// Its zipped size, MB (10⁶ bytes).
    pub zipped_mb: f64,
    /// Its size unzipped, MB, when it is a folder.
    pub unzipped_mb: Option<f64>,
    /// Whether it ships a `node_modules` folder (unbundled Node.js dependencies), when it is a folder.
    pub node_modules: Option<bool>,
}

/// Counts what is written to it.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The size of the package at `path`: a `.zip` file, or a folder deflated as a zip of it would be.
pub fn package_size(path: &Path) -> Result<PackageSize> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_file() {
        return Ok(PackageSize {
            zipped_mb: meta.len() as f64 / 1e6,
            unzipped_mb: None,
            node_modules: None,
        });
    }
    let mut zipped = 22u64; // the end-of-central-directory record
    let mut unzipped = 0u64;
    let mut files = 0usize;
    let mut node_modules = false;
    let mut stack = vec![path.to_path_buf()];
    let mut buf = vec![0u8; 1 << 16];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| Error::Io {
                path: dir.clone(),
                source,
            })?;
            let p = entry.path();
            // Symbolic links are not followed (a loop would never end); zip stores them small.
            let ty = entry.file_type().map_err(|source| Error::Io {
                path: p.clone(),
                source,
            })?;
            if ty.is_dir() {
                if entry.file_name() == "node_modules" {
                    node_modules = true;
                }
                stack.push(p);
                continue;
            }
            if !ty.is_file() {
                continue;
            }
            files += 1;
            let name_len = p.strip_prefix(path).map_or(0, |r| r.as_os_str().len()) as u64;
            let mut f = std::fs::File::open(&p).map_err(|source| Error::Io {
                path: p.clone(),
                source,
            })?;
            let mut enc = DeflateEncoder::new(Counter(0), Compression::default());
            let mut size = 0u64;
            loop {
                let n = std::io::Read::read(&mut f, &mut buf).map_err(|source| Error::Io {
                    path: p.clone(),
                    source,
                })?;
                if n == 0 {
                    break;
                }
                size += n as u64;
                enc.write_all(buf.get(..n).unwrap_or_default())
                    .map_err(|source| Error::Io {
                        path: p.clone(),
                        source,
                    })?;
            }
            let deflated = enc
                .finish()
                .map_err(|source| Error::Io {
                    path: p.clone(),
                    source,
                })?
                .0;
            // zip stores a file as is when deflating does not make it smaller.
            zipped += deflated.min(size) + ZIP_HEADER_BYTES + 2 * name_len;
            unzipped += size;
            if unzipped > MAX_UNZIPPED_BYTES || files > MAX_FILES {
                return Err(Error::Unsupported {
                    at: crate::error::Location::file(path.display().to_string()),
                    message: format!(
                        "the build folder holds more than {} MB or {MAX_FILES} files: not a Lambda package (at most 250 MB unzipped); set package.size_mb by hand",
                        MAX_UNZIPPED_BYTES / 1_000_000
                    ),
                });
            }
        }
    }
    Ok(PackageSize {
        zipped_mb: zipped as f64 / 1e6,
        unzipped_mb: Some(unzipped as f64 / 1e6),
        node_modules: Some(node_modules),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let d =
            std::env::temp_dir().join(format!("coldcost-artifact-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn a_folder_is_sized_as_its_zip_and_node_modules_is_seen() {
        let d = scratch("folder");
        // Text that compresses well, and bytes that do not.
        std::fs::write(
            d.join("index.js"),
            "exports.handler = async () => 1;\n".repeat(30_000),
        )
        .unwrap();
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let noise: Vec<u8> = (0..200_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 32) as u8
            })
            .collect();
        std::fs::create_dir_all(d.join("node_modules/x")).unwrap();
        std::fs::write(d.join("node_modules/x/blob.bin"), &noise).unwrap();
        let s = package_size(&d).unwrap();
        let unzipped = (33 * 30_000 + 200_000) as f64 / 1e6;
        assert!((s.unzipped_mb.unwrap() - unzipped).abs() < 1e-9, "{s:?}");
        // The repeated text shrinks to almost nothing; the noise stays its size.
        assert!(s.zipped_mb > 0.2 && s.zipped_mb < 0.21, "{s:?}");
        assert_eq!(s.node_modules, Some(true));
        // Checked against the zip tool when it is installed.
        if std::process::Command::new("zip").arg("-v").output().is_ok() {
            let z = d.with_extension("zip");
            let _ = std::fs::remove_file(&z);
            let ok = std::process::Command::new("zip")
                .current_dir(&d)
                .args(["-qr", z.to_str().unwrap(), "."])
                .status()
                .unwrap()
                .success();
            if ok {
                let real = std::fs::metadata(&z).unwrap().len() as f64 / 1e6;
                assert!(
                    (s.zipped_mb / real - 1.0).abs() < 0.05,
                    "{s:?} vs zip {real}"
                );
                assert_eq!(package_size(&z).unwrap().zipped_mb, real);
            }
            let _ = std::fs::remove_file(&z);
        }
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_missing_package_names_its_path() {
        let e = package_size(Path::new("/nonexistent/coldcost/build")).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/coldcost/build"), "{e}");
    }
}
