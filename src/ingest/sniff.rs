//! What the first bytes of an input say it is: Parquet (its magic `PAR1`), another binary format that is not an
//! export (ZIP, PNG, ELF…, or NUL bytes where text has none), or text for the line readers.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

/// Parquet files start (and end) with these four bytes.
pub const PARQUET_MAGIC: &[u8] = b"PAR1";

/// Binary formats someone might hand to `ingest` by mistake, by their magic bytes.
const BINARY: &[(&[u8], &str)] = &[
    (
        b"PK\x03\x04",
        "ZIP (an .xlsx, .jar or .zip: extract the export first)",
    ),
    (b"PK\x05\x06", "ZIP (an empty archive)"),
    (b"\x89PNG\r\n\x1a\n", "PNG (an image)"),
    (b"\xff\xd8\xff", "JPEG (an image)"),
    (b"GIF8", "GIF (an image)"),
    (b"%PDF", "PDF (a document)"),
    (b"\x7fELF", "ELF (a program)"),
    (b"MZ", "a Windows executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O (a program)"),
    (b"\xca\xfe\xba\xbe", "Mach-O or Java class"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip (extract the export first)"),
    (b"\xfd7zXZ\x00", "xz (decompress it first: `xz -d`)"),
    (b"BZh", "bzip2 (decompress it first: `bunzip2`)"),
    (b"\x28\xb5\x2f\xfd", "zstd (decompress it first: `zstd -d`)"),
    (
        b"ORC",
        "ORC (a columnar format coldcost does not read; export CSV or Parquet)",
    ),
    (
        b"Obj\x01",
        "Avro (a format coldcost does not read; export CSV or Parquet)",
    ),
    (b"SQLite format 3\x00", "SQLite (a database)"),
];

/// What the head of an input looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// Parquet.
    Parquet,
    /// A binary file that is not an export; the text says what it looks like.
    Binary(&'static str),
    /// Text (or too little to tell): for the line readers.
    Text,
}

/// Tells Parquet and binary files from text by the first bytes (`head`, up to a few KiB). Text never holds NUL
/// bytes; Athena text's Ctrl-A separators and other control characters are text.
pub fn sniff(head: &[u8]) -> Sniffed {
    if head.starts_with(PARQUET_MAGIC) {
        return Sniffed::Parquet;
    }
    // "MZ" alone is two letters a text file may start with: only with a NUL soon after is it an executable.
    let has_nul = head.iter().take(8192).any(|&b| b == 0);
    for (magic, what) in BINARY {
        if head.starts_with(magic) && (*magic != b"MZ" || has_nul) {
            return Sniffed::Binary(what);
        }
    }
    if has_nul {
        return Sniffed::Binary("unknown binary data (NUL bytes, which text does not hold)");
    }
    Sniffed::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads() {
        assert_eq!(sniff(b"PAR1\x15\x04"), Sniffed::Parquet);
        assert!(matches!(sniff(b"PK\x03\x04abc"), Sniffed::Binary(w) if w.starts_with("ZIP")));
        assert!(matches!(sniff(b"\x7fELF\x02\x01"), Sniffed::Binary(w) if w.starts_with("ELF")));
        assert_eq!(sniff(b"MZ is a name\n"), Sniffed::Text);
        assert_eq!(sniff(b"a\x01b\x01\\N\n"), Sniffed::Text);
        assert!(matches!(sniff(b"abc\0def"), Sniffed::Binary(_)));
        assert_eq!(sniff(b""), Sniffed::Text);
    }
}
