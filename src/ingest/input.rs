//! Opening inputs: regular files or stdin, plain or gzip (detected by its magic bytes, not the name), read line by
//! line into one reused buffer with line numbers. Bounded: a line over [`MAX_LINE_BYTES`] is an error (so a stream
//! without line breaks — `/dev/zero`, a gzip bomb of zeros — cannot fill memory), devices, FIFOs and folders are
//! refused before they are opened, and UTF-16 text is refused with a clear message.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::sniff::{sniff, Sniffed};
use crate::error::{Error, Location, Result};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The longest line read, in bytes (1 MiB; a REPORT line is about 200 bytes, a JSON `platform.report` under 1 KB).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// A line source with its name, for errors.
pub struct Input {
    /// `file.log`, `<stdin>`.
    pub name: String,
    reader: Box<dyn BufRead>,
    /// Total size in bytes when known (a plain file), for the progress display.
    pub size: Option<u64>,
    /// Whether the input is gzip.
    pub gzip: bool,
}

/// Opens `path` (`-` = stdin), decompressing gzip when the content starts with its magic bytes.
pub fn open(path: &Path) -> Result<Input> {
    let name = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let (raw, size): (Box<dyn Read>, Option<u64>) = if path.as_os_str() == "-" {
        (Box::new(std::io::stdin()), None)
    } else {
        // Asked before opening: opening a FIFO would block until a writer comes.
        let meta = std::fs::metadata(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if !meta.is_file() {
            return Err(Error::Syntax {
                at: Location::file(&name),
                message: format!(
                    "not a regular file ({}): ingest reads regular files, plain or gzip, and stdin as `-`",
                    kind_of(&meta)
                ),
            });
        }
        let f = std::fs::File::open(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let size = f.metadata().ok().map(|m| m.len());
        (Box::new(f), size)
    };
    from_reader(name, raw, size).map_err(|e| match e {
        Error::Io { source, .. } => Error::Io {
            path: path.to_path_buf(),
            source,
        },
        other => other,
    })
}

/// What a file that is not a regular file is, for the message.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// An input over any reader (`name` for errors; `size` for the progress display).
pub fn from_reader(name: String, raw: Box<dyn Read>, size: Option<u64>) -> Result<Input> {
    let mut buffered = BufReader::with_capacity(1 << 18, raw);
    let head = buffered.fill_buf().map_err(|source| Error::Io {
        path: name.clone().into(),
        source,
    })?;
    let gzip = head.starts_with(&[0x1f, 0x8b]);
    if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
        return Err(Error::Syntax {
            at: Location::at(&name, 1),
            message: "the file is UTF-16 text: save or convert it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)".into(),
        });
    }
    if !gzip {
        refuse_binary(&name, sniff(head), false)?;
    }
    let mut reader: Box<dyn BufRead> = if gzip {
        Box::new(BufReader::with_capacity(
            1 << 18,
            flate2::bufread::MultiGzDecoder::new(buffered),
        ))
    } else {
        Box::new(buffered)
    };
    if gzip {
        let head = reader.fill_buf().map_err(|e| Error::Syntax {
            at: Location::at(&name, 1),
            message: format!("the gzip data is truncated or corrupt ({e})"),
        })?;
        refuse_binary(&name, sniff(head), true)?;
    }
    Ok(Input {
        name,
        reader,
        size,
        gzip,
    })
}

/// Refuses what the line readers cannot read: a binary file that is not an export, and Parquet that is not a
/// plain file (its index is at its end, so it is read from a seekable file: [`super::parquet`]).
fn refuse_binary(name: &str, head: Sniffed, gzip: bool) -> Result<()> {
    let message = match head {
        Sniffed::Text => return Ok(()),
        Sniffed::Parquet if gzip => "Parquet inside gzip: Parquet compresses its own pages and is read from a seekable file; decompress it (`gunzip`) and give the .parquet file".to_string(),
        Sniffed::Parquet => "Parquet is read from a seekable file (its index is at its end), not from stdin or a pipe: give the file's path".to_string(),
        Sniffed::Binary(what) => format!(
            "binary file, not an export: looks like {what}{}",
            if gzip { " (inside gzip)" } else { "" }
        ),
    };
    Err(Error::Syntax {
        at: Location::file(name),
        message,
    })
}

impl Input {
    /// A part of a plain file already told to be text (see [`super::split`]): not sniffed, not gzip.
    pub(crate) fn plain(name: String, raw: Box<dyn Read>) -> Input {
        Input {
            name,
            reader: Box::new(BufReader::with_capacity(1 << 18, raw)),
            size: None,
            gzip: false,
        }
    }

    /// The rest of the input, for a reader of its own (the CSV records).
    pub fn into_reader(self) -> Box<dyn BufRead> {
        self.reader
    }

    /// Reads the next line into `buf` (without its `\n` or `\r\n`); false at the end. A line over
    /// [`MAX_LINE_BYTES`] is an error naming the file and the line, read no further; so is a truncated or corrupt
    /// gzip stream.
    pub fn next_line(&mut self, buf: &mut Vec<u8>, line_no: usize) -> Result<bool> {
        buf.clear();
        let mut any = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(Error::Syntax {
                        at: Location::at(&self.name, line_no),
                        message: if self.gzip {
                            format!("the gzip data is truncated or corrupt ({e})")
                        } else {
                            format!("read failed: {e}")
                        },
                    })
                }
            };
            if chunk.is_empty() {
                break;
            }
            any = true;
            let (take, done) = match memchr::memchr(b'\n', chunk) {
                Some(p) => (p + 1, true),
                None => (chunk.len(), false),
            };
            if buf.len() + take > MAX_LINE_BYTES + 2 {
                return Err(Error::TooLarge {
                    at: Location::at(&self.name, line_no),
                    message: format!(
                        "a line longer than {} KiB (no line break{}): not a log line",
                        MAX_LINE_BYTES >> 10,
                        if buf.iter().chain(chunk.iter()).all(|&c| c == 0) {
                            ", only zero bytes"
                        } else {
                            ""
                        }
                    ),
                });
            }
            buf.extend_from_slice(chunk.get(..take).unwrap_or_default());
            self.reader.consume(take);
            if done {
                break;
            }
        }
        if !any {
            return Ok(false);
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        Ok(true)
    }
}
