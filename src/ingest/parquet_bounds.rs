//! Bounds checked on a Parquet file before the `parquet` crate (v54) reads it, so that no input can make that crate
//! allocate beyond memory. The crate sizes its buffers from what the file declares: a footer's thrift list of 2³¹
//! elements is reserved up front (`Vec::with_capacity`, tens of GB: an abort, not an error), a page header's binary
//! field of 4 GB is zeroed before it is read, a page is decompressed into a buffer of its declared uncompressed size
//! and a dictionary into one of its declared number of values. So, before the crate sees them:
//!
//! - the footer: its length at most the file's size less the magic bytes and at most [`MAX_FOOTER`]; its thrift (the
//!   compact protocol) walked by [`Walker`], which refuses any list, set, map or binary whose declared size exceeds
//!   the bytes left, and nesting deeper than [`MAX_DEPTH`];
//! - every column chunk that will be read: its offset and size inside the file (between the leading magic and the
//!   footer);
//! - every page header of those chunks, walked the same way (at most [`MAX_PAGE_HEADER`] bytes): its compressed size
//!   within the chunk, its uncompressed size at most [`MAX_PAGE`] (and, snappy, at most [`SNAPPY_RATIO`] times its
//!   compressed size), a dictionary of at most [`MAX_DICTIONARY`] values
//!   and not more values than bytes, a v2 page's level lengths within the page.
//!
//! The caps are far above what CUR and FOCUS writers produce (the real CUR export in `shared/data/real-exports`: a
//! 14,244-byte footer, 293 pages of at most 158,043 bytes uncompressed, dictionaries of at most 9,075 values): a file beyond them is refused with a message naming the
//! file and what was wrong.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use crate::error::{Error, Location, Result};
use parquet::basic::Compression;
use parquet::file::metadata::ColumnChunkMetaData;
use parquet::file::reader::ChunkReader;

/// The largest footer (file metadata) read: 64 MiB.
pub const MAX_FOOTER: u64 = 64 << 20;
/// The deepest nesting of thrift structs, lists and maps in a footer or a page header (Parquet's own is 6 or so).
pub const MAX_DEPTH: usize = 32;
/// The largest page header read: 1 MiB (a header holds a page's statistics; CUR's are under 100 bytes).
pub const MAX_PAGE_HEADER: u64 = 1 << 20;
/// The largest uncompressed page: 64 MiB (writers default to 1 MiB pages).
pub const MAX_PAGE: i64 = 64 << 20;
/// The most a snappy page's uncompressed size may be, as a multiple of its compressed size (snappy's own limit is
/// 64 bytes out of a 3-byte tag, 21.3).
pub const SNAPPY_RATIO: i64 = 22;
/// The most values in a dictionary page: 2²⁰ (writers fall back from dictionaries past 1 MiB of them).
pub const MAX_DICTIONARY: i64 = 1 << 20;

/// Why a walk stopped: the bytes ran out (a header that may continue past the window read) or a bound was broken.
#[derive(Debug)]
enum Stop {
    End,
    Bad(String),
}

type Walk<T> = std::result::Result<T, Stop>;

/// What the crate's generated reader reads a field as.
#[derive(Clone, Copy, Debug)]
enum K {
    Bool,
    I8,
    I16,
    I32,
    I64,
    Bin,
    Struct(usize),
    List(&'static K),
}

/// The thrift structs of `parquet` 54's `format.rs`, their fields' ids and the types its generated reader reads
/// them as (whatever type the field's header declares). Generated from that file.
#[rustfmt::skip]
static STRUCTS: &[&[(i16, K)]] = &[
    // 0: SizeStatistics
    &[(1, K::I64), (2, K::List(&K::I64)), (3, K::List(&K::I64))],
    // 1: Statistics
    &[(1, K::Bin), (2, K::Bin), (3, K::I64), (4, K::I64), (5, K::Bin), (6, K::Bin), (7, K::Bool), (8, K::Bool)],
    // 2: StringType
    &[],
    // 3: UUIDType
    &[],
    // 4: MapType
    &[],
    // 5: ListType
    &[],
    // 6: EnumType
    &[],
    // 7: DateType
    &[],
    // 8: Float16Type
    &[],
    // 9: NullType
    &[],
    // 10: DecimalType
    &[(1, K::I32), (2, K::I32)],
    // 11: MilliSeconds
    &[],
    // 12: MicroSeconds
    &[],
    // 13: NanoSeconds
    &[],
    // 14: TimeUnit
    &[(1, K::Struct(11)), (2, K::Struct(12)), (3, K::Struct(13))],
    // 15: TimestampType
    &[(1, K::Bool), (2, K::Struct(14))],
    // 16: TimeType
    &[(1, K::Bool), (2, K::Struct(14))],
    // 17: IntType
    &[(1, K::I8), (2, K::Bool)],
    // 18: JsonType
    &[],
    // 19: BsonType
    &[],
    // 20: LogicalType
    &[(1, K::Struct(2)), (2, K::Struct(4)), (3, K::Struct(5)), (4, K::Struct(6)), (5, K::Struct(10)), (6, K::Struct(7)), (7, K::Struct(16)), (8, K::Struct(15)), (10, K::Struct(17)), (11, K::Struct(9)), (12, K::Struct(18)), (13, K::Struct(19)), (14, K::Struct(3)), (15, K::Struct(8))],
    // 21: SchemaElement
    &[(1, K::I32), (2, K::I32), (3, K::I32), (4, K::Bin), (5, K::I32), (6, K::I32), (7, K::I32), (8, K::I32), (9, K::I32), (10, K::Struct(20))],
    // 22: DataPageHeader
    &[(1, K::I32), (2, K::I32), (3, K::I32), (4, K::I32), (5, K::Struct(1))],
    // 23: IndexPageHeader
    &[],
    // 24: DictionaryPageHeader
    &[(1, K::I32), (2, K::I32), (3, K::Bool)],
    // 25: DataPageHeaderV2
    &[(1, K::I32), (2, K::I32), (3, K::I32), (4, K::I32), (5, K::I32), (6, K::I32), (7, K::Bool), (8, K::Struct(1))],
    // 26: SplitBlockAlgorithm
    &[],
    // 27: BloomFilterAlgorithm
    &[(1, K::Struct(26))],
    // 28: XxHash
    &[],
    // 29: BloomFilterHash
    &[(1, K::Struct(28))],
    // 30: Uncompressed
    &[],
    // 31: BloomFilterCompression
    &[(1, K::Struct(30))],
    // 32: BloomFilterHeader
    &[(1, K::I32), (2, K::Struct(27)), (3, K::Struct(29)), (4, K::Struct(31))],
    // 33: PageHeader
    &[(1, K::I32), (2, K::I32), (3, K::I32), (4, K::I32), (5, K::Struct(22)), (6, K::Struct(23)), (7, K::Struct(24)), (8, K::Struct(25))],
    // 34: KeyValue
    &[(1, K::Bin), (2, K::Bin)],
    // 35: SortingColumn
    &[(1, K::I32), (2, K::Bool), (3, K::Bool)],
    // 36: PageEncodingStats
    &[(1, K::I32), (2, K::I32), (3, K::I32)],
    // 37: ColumnMetaData
    &[(1, K::I32), (2, K::List(&K::I32)), (3, K::List(&K::Bin)), (4, K::I32), (5, K::I64), (6, K::I64), (7, K::I64), (8, K::List(&K::Struct(34))), (9, K::I64), (10, K::I64), (11, K::I64), (12, K::Struct(1)), (13, K::List(&K::Struct(36))), (14, K::I64), (15, K::I32), (16, K::Struct(0))],
    // 38: EncryptionWithFooterKey
    &[],
    // 39: EncryptionWithColumnKey
    &[(1, K::List(&K::Bin)), (2, K::Bin)],
    // 40: ColumnCryptoMetaData
    &[(1, K::Struct(38)), (2, K::Struct(39))],
    // 41: ColumnChunk
    &[(1, K::Bin), (2, K::I64), (3, K::Struct(37)), (4, K::I64), (5, K::I32), (6, K::I64), (7, K::I32), (8, K::Struct(40)), (9, K::Bin)],
    // 42: RowGroup
    &[(1, K::List(&K::Struct(41))), (2, K::I64), (3, K::I64), (4, K::List(&K::Struct(35))), (5, K::I64), (6, K::I64), (7, K::I16)],
    // 43: TypeDefinedOrder
    &[],
    // 44: ColumnOrder
    &[(1, K::Struct(43))],
    // 45: PageLocation
    &[(1, K::I64), (2, K::I32), (3, K::I64)],
    // 46: OffsetIndex
    &[(1, K::List(&K::Struct(45))), (2, K::List(&K::I64))],
    // 47: ColumnIndex
    &[(1, K::List(&K::Bool)), (2, K::List(&K::Bin)), (3, K::List(&K::Bin)), (4, K::I32), (5, K::List(&K::I64)), (6, K::List(&K::I64)), (7, K::List(&K::I64))],
    // 48: AesGcmV1
    &[(1, K::Bin), (2, K::Bin), (3, K::Bool)],
    // 49: AesGcmCtrV1
    &[(1, K::Bin), (2, K::Bin), (3, K::Bool)],
    // 50: EncryptionAlgorithm
    &[(1, K::Struct(48)), (2, K::Struct(49))],
    // 51: FileMetaData
    &[(1, K::I32), (2, K::List(&K::Struct(21))), (3, K::I64), (4, K::List(&K::Struct(42))), (5, K::List(&K::Struct(34))), (6, K::Bin), (7, K::List(&K::Struct(44))), (8, K::Struct(50)), (9, K::Bin)],
    // 52: FileCryptoMetaData
    &[(1, K::Struct(50)), (2, K::Bin)],
];
const FILE_META_DATA: usize = 51;
const PAGE_HEADER: usize = 33;

// Compact protocol types, as a field header or a list header declares them.
const BOOL_TRUE: u8 = 1;
const BOOL_FALSE: u8 = 2;
const BYTE: u8 = 3;
const I16: u8 = 4;
const I32: u8 = 5;
const I64: u8 = 6;
const DOUBLE: u8 = 7;
const BINARY: u8 = 8;
const LIST: u8 = 9;
const STRUCT: u8 = 12;

/// A walker over thrift's compact protocol that reads as the `parquet` crate's generated reader does: a known
/// field by the type that reader expects (it ignores the type the field's header declares), an unknown one skipped
/// by its declared type; a boolean field header's value kept for the next boolean read. It checks every declared
/// size against the bytes left and the nesting depth, and captures integer fields two levels deep when asked.
struct Walker<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Whether `buf` is the whole region (a footer; a page header's window that reaches the chunk's end or the cap).
    whole: bool,
    pending_bool: Option<bool>,
    /// (the enclosing field's id, or 0 at the top, the field's id, its value) of integer fields at depth 1 and 2.
    captured: Vec<(i16, i16, i64)>,
}

impl<'a> Walker<'a> {
    fn new(buf: &'a [u8], whole: bool) -> Self {
        Walker {
            buf,
            pos: 0,
            whole,
            pending_bool: None,
            captured: Vec::new(),
        }
    }

    fn left(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    fn byte(&mut self) -> Walk<u8> {
        let b = *self.buf.get(self.pos).ok_or(Stop::End)?;
        self.pos += 1;
        Ok(b)
    }

    /// Past the end of a window that is not the whole region (`whole` false), the region may go on: the walk stops
    /// at the end for the caller to read more; otherwise a declared size beyond the bytes left is refused.
    fn beyond(&self, n: u64, what: &str) -> Stop {
        if self.whole {
            Stop::Bad(format!(
                "{what} declares {n} at byte {} with only {} bytes left",
                self.pos,
                self.left()
            ))
        } else {
            Stop::End
        }
    }

    fn skip_bytes(&mut self, n: u64, what: &str) -> Walk<()> {
        if n > self.left() as u64 {
            return Err(self.beyond(n, what));
        }
        self.pos += n as usize;
        Ok(())
    }

    fn varint(&mut self) -> Walk<u64> {
        let mut v = 0u64;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Stop::Bad(format!(
            "a varint longer than 10 bytes at byte {}",
            self.pos
        )))
    }

    fn zigzag(&mut self) -> Walk<i64> {
        let v = self.varint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    fn deeper(depth: usize) -> Walk<usize> {
        if depth >= MAX_DEPTH {
            return Err(Stop::Bad(format!(
                "thrift nested deeper than {MAX_DEPTH} levels"
            )));
        }
        Ok(depth + 1)
    }

    /// A list's header: its element type and count, the count refused when negative or more than the bytes left
    /// (every element takes a byte at least).
    fn list_header(&mut self) -> Walk<(u8, u64)> {
        let at = self.pos;
        let h = self.byte()?;
        let n = match h >> 4 {
            15 => self.varint()?,
            n => u64::from(n),
        };
        if n > u64::from(i32::MAX as u32) {
            return Err(Stop::Bad(format!(
                "a list declares {n} elements at byte {at}"
            )));
        }
        if n > self.left() as u64 {
            return Err(self.beyond(n, "a list of elements"));
        }
        Ok((h & 0x0f, n))
    }

    fn bool(&mut self) -> Walk<()> {
        if self.pending_bool.take().is_some() {
            return Ok(());
        }
        match self.byte()? {
            0..=2 => Ok(()),
            b => Err(Stop::Bad(format!("a boolean of {b} at byte {}", self.pos))),
        }
    }

    /// Reads one value as `k`; returns an integer's value.
    fn value(&mut self, k: K, depth: usize, field: i16) -> Walk<Option<i64>> {
        match k {
            K::Bool => self.bool().map(|_| None),
            K::I8 => self.byte().map(|b| Some(i64::from(b))),
            K::I16 | K::I32 | K::I64 => self.zigzag().map(Some),
            K::Bin => {
                let n = self.varint()?;
                self.skip_bytes(n, "a binary or string").map(|_| None)
            }
            K::Struct(s) => self.walk_struct(s, depth, field).map(|_| None),
            K::List(e) => {
                let d = Self::deeper(depth)?;
                let (_, n) = self.list_header()?;
                for _ in 0..n {
                    self.value(*e, d, 0)?;
                }
                Ok(None)
            }
        }
    }

    /// Skips a value by the type declared for it, as thrift's `skip` does (sets and maps refused: Parquet has none).
    fn skip(&mut self, ty: u8, depth: usize) -> Walk<()> {
        match ty {
            BOOL_TRUE | BOOL_FALSE => self.bool(),
            BYTE => self.byte().map(|_| ()),
            I16 | I32 | I64 => self.varint().map(|_| ()),
            DOUBLE => self.skip_bytes(8, "a double"),
            BINARY => {
                let n = self.varint()?;
                self.skip_bytes(n, "a binary or string")
            }
            LIST => {
                let d = Self::deeper(depth)?;
                let (e, n) = self.list_header()?;
                for _ in 0..n {
                    self.skip(e, d)?;
                }
                Ok(())
            }
            STRUCT => {
                let d = Self::deeper(depth)?;
                self.fields(|w, _, ty| w.skip(ty, d))
            }
            t => Err(Stop::Bad(format!(
                "a value of thrift type {t} at byte {}",
                self.pos
            ))),
        }
    }

    /// Walks a struct's field headers up to its stop, handing each (id, declared type) to `field`.
    fn fields(&mut self, mut field: impl FnMut(&mut Self, i16, u8) -> Walk<()>) -> Walk<()> {
        let mut id: i16 = 0;
        loop {
            let at = self.pos;
            let h = self.byte()?;
            let ty = h & 0x0f;
            match ty {
                0 => return Ok(()),
                BOOL_TRUE => self.pending_bool = Some(true),
                BOOL_FALSE => self.pending_bool = Some(false),
                BYTE..=STRUCT => {}
                t => {
                    return Err(Stop::Bad(format!(
                        "a field of thrift type {t} at byte {at}"
                    )))
                }
            }
            id = match h >> 4 {
                0 => self.zigzag()? as i16,
                delta => id.checked_add(i16::from(delta)).ok_or_else(|| {
                    Stop::Bad(format!("a field id past {} at byte {at}", i16::MAX))
                })?,
            };
            field(self, id, ty)?;
        }
    }

    /// Walks struct `s` of [`STRUCTS`] (entered through field `parent`).
    fn walk_struct(&mut self, s: usize, depth: usize, parent: i16) -> Walk<()> {
        let d = Self::deeper(depth)?;
        let known = STRUCTS.get(s).copied().unwrap_or(&[]);
        self.fields(|w, id, ty| match known.iter().find(|(i, _)| *i == id) {
            Some(&(_, k)) => {
                if let Some(v) = w.value(k, d, id)? {
                    if d <= 2 {
                        w.captured.push((if d == 1 { 0 } else { parent }, id, v));
                    }
                }
                Ok(())
            }
            None => w.skip(ty, d),
        })
    }

    /// The last value captured for field `id` inside field `parent` (0: the top).
    fn get(&self, parent: i16, id: i16) -> Option<i64> {
        self.captured
            .iter()
            .rev()
            .find(|c| c.0 == parent && c.1 == id)
            .map(|c| c.2)
    }
}

fn refuse(name: &str, message: String) -> Error {
    Error::Syntax {
        at: Location::file(name),
        message: format!("not a readable Parquet file: {message}"),
    }
}

fn read_at<R: ChunkReader>(name: &str, chunk: &R, start: u64, len: u64) -> Result<bytes::Bytes> {
    chunk.get_bytes(start, len as usize).map_err(|e| {
        refuse(
            name,
            format!("{len} bytes at offset {start} do not read: {e}"),
        )
    })
}

/// Checks the footer of a Parquet file of `size` bytes: its declared length, then its thrift. Returns where the
/// footer begins (the end of the data the column chunks may occupy).
pub fn check_footer<R: ChunkReader>(name: &str, chunk: &R, size: u64) -> Result<u64> {
    if size < 12 {
        return Err(refuse(
            name,
            format!("{size} bytes, shorter than Parquet's magic bytes and footer length (12)"),
        ));
    }
    let tail = read_at(name, chunk, size - 8, 8)?;
    let (len, magic) = tail.split_at(4);
    if magic != b"PAR1" {
        return Err(refuse(
            name,
            "it does not end with the magic bytes `PAR1` (a truncated file?)".into(),
        ));
    }
    let mut le = [0u8; 4];
    le.copy_from_slice(len);
    let len = u64::from(u32::from_le_bytes(le));
    if len > size - 12 {
        return Err(refuse(
            name,
            format!(
                "its footer declares {len} bytes, more than the {} the file has before it",
                size - 12
            ),
        ));
    }
    if len > MAX_FOOTER {
        return Err(refuse(
            name,
            format!("its footer declares {len} bytes, more than coldcost's cap of {MAX_FOOTER}"),
        ));
    }
    let start = size - 8 - len;
    let footer = read_at(name, chunk, start, len)?;
    let mut w = Walker::new(&footer, true);
    w.walk_struct(FILE_META_DATA, 0, 0).map_err(|s| {
        refuse(
            name,
            match s {
                Stop::End => format!("its footer ({len} bytes) ends inside its metadata"),
                Stop::Bad(why) => format!("its footer ({len} bytes): {why}"),
            },
        )
    })?;
    Ok(start)
}

/// What a page header declares that bounds memory.
struct PageHeader {
    uncompressed: i64,
    compressed: i64,
    dictionary_values: Option<i64>,
    /// A v2 data page's definition and repetition levels' bytes (stored uncompressed before the values).
    levels: Option<(i64, i64)>,
}

fn page_header(w: &mut Walker) -> Walk<PageHeader> {
    w.walk_struct(PAGE_HEADER, 0, 0)?;
    let v2 = w.get(0, 8).is_some() || w.captured.iter().any(|c| c.0 == 8);
    Ok(PageHeader {
        uncompressed: w.get(0, 2).unwrap_or(-1),
        compressed: w.get(0, 3).unwrap_or(-1),
        dictionary_values: w
            .captured
            .iter()
            .any(|c| c.0 == 7)
            .then(|| w.get(7, 1).unwrap_or(0)),
        levels: v2.then(|| (w.get(8, 5).unwrap_or(0), w.get(8, 6).unwrap_or(0))),
    })
}

/// Checks a column chunk that will be read: its bytes inside the file's data (`data_end`: where the footer begins),
/// then each of its page headers and the sizes they declare.
pub fn check_chunk<R: ChunkReader>(
    name: &str,
    chunk: &R,
    data_end: u64,
    column: &ColumnChunkMetaData,
) -> Result<()> {
    let path = column.column_path().string();
    let bad = |why: String| refuse(name, format!("column `{path}`: {why}"));
    let start = column
        .dictionary_page_offset()
        .unwrap_or_else(|| column.data_page_offset());
    let len = column.compressed_size();
    let end = start.checked_add(len);
    if start < 4 || len < 0 || end.is_none_or(|e| e as u64 > data_end) {
        return Err(bad(format!(
            "its chunk declares {len} bytes at offset {start}, outside the file's data (bytes 4 to {data_end})"
        )));
    }
    let (mut pos, end) = (start as u64, end.unwrap_or(0) as u64);
    let mut page = 0u64;
    while pos < end {
        page += 1;
        let left = end - pos;
        // Most headers are under 100 bytes: a small window first, the cap only when the header goes on past it.
        let mut header = None;
        for window in [4096, MAX_PAGE_HEADER] {
            let bytes = read_at(name, chunk, pos, left.min(window))?;
            let mut w = Walker::new(&bytes, window >= left || window >= MAX_PAGE_HEADER);
            match page_header(&mut w) {
                Ok(h) => {
                    header = Some((h, w.pos as u64));
                    break;
                }
                Err(Stop::End) if window < left && window < MAX_PAGE_HEADER => continue,
                Err(Stop::End) if left > MAX_PAGE_HEADER => {
                    return Err(bad(format!(
                    "page {page}'s header is longer than coldcost's cap of {MAX_PAGE_HEADER} bytes"
                )))
                }
                Err(Stop::End) => {
                    return Err(bad(format!(
                        "page {page}'s header runs past the end of its chunk"
                    )))
                }
                Err(Stop::Bad(why)) => return Err(bad(format!("page {page}'s header: {why}"))),
            }
        }
        let Some((h, header_len)) = header else {
            return Err(bad(format!("page {page}'s header does not read")));
        };
        let rest = end - pos - header_len;
        if h.compressed < 0 || h.compressed as u64 > rest {
            return Err(bad(format!(
                "page {page} declares {} compressed bytes with {rest} left in its chunk",
                h.compressed
            )));
        }
        if !(0..=MAX_PAGE).contains(&h.uncompressed) {
            return Err(bad(format!(
                "page {page} declares {} bytes uncompressed, beyond coldcost's cap of {MAX_PAGE} (64 MiB)",
                h.uncompressed
            )));
        }
        // Snappy writes at most 64 bytes for a 3-byte copy tag (21.3:1): a page declaring more than that of the
        // bytes it has would only make the crate zero a buffer it cannot fill.
        if column.compression() == Compression::SNAPPY
            && h.uncompressed > h.compressed.saturating_mul(SNAPPY_RATIO).saturating_add(64)
        {
            return Err(bad(format!(
                "page {page} declares {} bytes uncompressed from {} snappy bytes (snappy expands at most {SNAPPY_RATIO}-fold)",
                h.uncompressed, h.compressed
            )));
        }
        if let Some(n) = h.dictionary_values {
            if !(0..=MAX_DICTIONARY).contains(&n) || n > h.uncompressed {
                return Err(bad(format!(
                    "page {page} (a dictionary) declares {n} values in {} bytes (coldcost's cap: {MAX_DICTIONARY} values, at most one a byte)",
                    h.uncompressed
                )));
            }
        }
        if let Some((def, rep)) = h.levels {
            let levels = def.checked_add(rep);
            if def < 0 || rep < 0 || levels.is_none_or(|l| l > h.compressed || l > h.uncompressed) {
                return Err(bad(format!(
                    "page {page} declares levels of {def} + {rep} bytes in a page of {} ({} uncompressed)",
                    h.compressed, h.uncompressed
                )));
            }
        }
        pos += header_len + h.compressed as u64;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// Walks `bytes` as a struct all of whose fields are unknown (skipped by their declared types).
    fn walk(bytes: &[u8]) -> Walk<()> {
        Walker::new(bytes, true).walk_struct(usize::MAX, 0, 0)
    }

    #[test]
    fn the_walker_refuses_sizes_beyond_the_bytes() {
        // field 1, a list of structs (0xfc: count in a varint) of 2^31 elements
        let e = walk(&[0x19, 0xfc, 0x80, 0x80, 0x80, 0x80, 0x08, 0x00]).unwrap_err();
        assert!(
            matches!(&e, Stop::Bad(m) if m.contains("2147483648 elements")),
            "{e:?}"
        );
        // field 1, binary of 1,000 bytes in 3
        let e = walk(&[0x18, 0xe8, 0x07, 1, 2, 3]).unwrap_err();
        assert!(
            matches!(&e, Stop::Bad(m) if m.contains("declares 1000 at")),
            "{e:?}"
        );
        // structs nested 40 deep
        let mut deep = vec![0x1c; 40];
        deep.extend([0; 41]);
        let e = walk(&deep).unwrap_err();
        assert!(
            matches!(&e, Stop::Bad(m) if m.contains("nested deeper")),
            "{e:?}"
        );
        // a sound struct: i32 field 1 = 5, a list of 2 i32s, a bool field, a string, stop
        walk(&[
            0x15, 0x0a, 0x19, 0x25, 0x02, 0x04, 0x11, 0x18, 0x01, b'a', 0x00,
        ])
        .unwrap();
        // a map (Parquet has none): refused
        assert!(matches!(
            walk(&[0x1b, 0x01, 0x58, 0x02, 0x01, b'a', 0x00]),
            Err(Stop::Bad(_))
        ));
        // cut short
        assert!(matches!(walk(&[0x15]), Err(Stop::End)));
    }

    /// The real CUR export in the shared folder, when it is there: its footer and pages, and how far below the caps
    /// they are (printed: `cargo test --release --lib real_export_sizes -- --nocapture`).
    #[test]
    fn real_export_sizes() {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
            "../shared/data/real-exports/cur/wa-labs-Dec2018-WorkshopCUR-00001.snappy.parquet",
        );
        let Ok(bytes) = std::fs::read(&p) else {
            return;
        };
        let bytes = bytes::Bytes::from(bytes);
        let size = bytes.len() as u64;
        let footer = size - 8 - check_footer("real", &bytes, size).unwrap();
        let reader = SerializedFileReader::new(bytes.clone()).unwrap();
        let (mut pages, mut largest, mut dictionary) = (0, 0, 0);
        for g in 0..reader.num_row_groups() {
            let group = reader.get_row_group(g).unwrap();
            for c in 0..group.num_columns() {
                check_chunk(
                    "real",
                    &bytes,
                    size - 8 - footer,
                    group.metadata().column(c),
                )
                .unwrap();
                for page in group.get_column_page_reader(c).unwrap() {
                    let page = page.unwrap();
                    pages += 1;
                    largest = largest.max(page.buffer().len());
                    if page.page_type() == parquet::basic::PageType::DICTIONARY_PAGE {
                        dictionary = dictionary.max(page.num_values());
                    }
                }
            }
        }
        println!("footer {footer} bytes, {pages} pages, largest {largest} bytes uncompressed, largest dictionary {dictionary} values");
        assert!(
            footer < MAX_FOOTER
                && (largest as i64) < MAX_PAGE
                && i64::from(dictionary) < MAX_DICTIONARY
        );
    }
}
