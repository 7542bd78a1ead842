//! Parquet exports: CUR (legacy and 2.0 Data Exports, whose default format it is) and FOCUS, told apart by their
//! columns. Only the columns the CUR or FOCUS reader uses are decoded, row group by row group. A row is read typed
//! ([`typed`]: its class remembered per distinct set of text cells, DOUBLE amounts as they are) when that gives
//! what the text readers give; any other row is handed to that reader as a record of text cells, so both formats
//! are read by one set of rules whatever the container.
//! Parquet keeps its index at the end of the file, so it is read from a seekable file (or bytes in memory), never
//! from stdin or through gzip ([`super::input`] refuses those with a message).
//!
//! Errors name the file and the row (1-based, across row groups) where a CSV error names the line.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::cur::CurColumns;
use super::focus::{is_focus_header, FocusColumns};
use super::{parquet_bounds, Ingested, Kind};
use crate::csv_input::Row;
use crate::error::{Error, Location, Result};
use csv::ByteRecord;
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, FloatType, Int32Type, Int64Type};
use parquet::file::metadata::ParquetMetaDataReader;
use parquet::file::reader::{ChunkReader, FileReader, RowGroupReader, SerializedFileReader};
use parquet::record::reader::RowIter;
use parquet::record::Field;
use parquet::schema::types::ColumnDescriptor;
use parquet::schema::types::Type;
use std::fmt::Write as _;
use std::sync::Arc;

mod typed;

/// Every column the CUR and FOCUS readers may use: the rest of the file is never decoded.
const WANTED: &[&str] = &[
    // CUR, legacy and 2.0 / Athena names
    "lineItem/UsageType",
    "line_item_usage_type",
    "lineItem/UsageAmount",
    "line_item_usage_amount",
    "lineItem/UnblendedCost",
    "line_item_unblended_cost",
    "lineItem/ResourceId",
    "line_item_resource_id",
    "lineItem/LineItemType",
    "line_item_line_item_type",
    "lineItem/LineItemDescription",
    "line_item_line_item_description",
    "product/region",
    "product/regionCode",
    "product_region_code",
    "product_region",
    "lineItem/ProductCode",
    "line_item_product_code",
    // FOCUS
    "ServiceName",
    "ChargeCategory",
    "BilledCost",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ChargeDescription",
    "ResourceId",
    "RegionId",
    "Region",
    "x_UsageType",
    "SkuMeter",
    "x_ServiceCode",
    "CommitmentDiscountStatus",
    "CommitmentDiscountType",
];

fn corrupt(name: &str, e: impl std::fmt::Display) -> Error {
    Error::Syntax {
        at: Location::file(name),
        message: format!("not a readable Parquet file: {e}"),
    }
}

/// Reads a Parquet CUR or FOCUS export from `chunk` (a file, or bytes) into `into`; `kind` forces CUR
/// ([`Kind::Cur`]) or FOCUS ([`Kind::Focus`]) instead of telling them by the columns. Returns the kind read. A
/// reader failure inside the `parquet` crate on a corrupt file is an error naming the file, not a crash.
pub fn read<R: ChunkReader + 'static>(
    name: &str,
    chunk: R,
    size: u64,
    kind: Option<Kind>,
    into: &mut Ingested,
    skip_bad_rows: bool,
) -> Result<Kind> {
    let run =
        std::panic::AssertUnwindSafe(|| read_inner(name, chunk, size, kind, into, skip_bad_rows));
    match std::panic::catch_unwind(run) {
        Ok(r) => r,
        Err(_) => Err(corrupt(
            name,
            "the Parquet reader failed on its structure (a corrupt or truncated file?)",
        )),
    }
}

fn read_inner<R: ChunkReader + 'static>(
    name: &str,
    chunk: R,
    size: u64,
    kind: Option<Kind>,
    into: &mut Ingested,
    skip: bool,
) -> Result<Kind> {
    // The bounds first: the crate sizes its buffers from what the footer and page headers declare.
    let data_end = parquet_bounds::check_footer(name, &chunk, size)?;
    let metadata = ParquetMetaDataReader::new()
        .parse_and_finish(&chunk)
        .map_err(|e| corrupt(name, e))?;
    let schema = metadata.file_metadata().schema();
    let names: Vec<&str> = schema.get_fields().iter().map(|f| f.name()).collect();
    let cur = names.contains(&"line_item_usage_type") || names.contains(&"lineItem/UsageType");
    let kind = match kind {
        Some(Kind::Focus | Kind::FocusParquet) => Kind::FocusParquet,
        Some(Kind::Cur | Kind::CurAthena | Kind::CurParquet) => Kind::CurParquet,
        _ if cur => Kind::CurParquet,
        _ if is_focus_header(&names) => Kind::FocusParquet,
        _ => {
            return Err(Error::Syntax {
                at: Location::file(name),
                message: format!(
                    "a Parquet file that is neither a Cost and Usage Report (no `line_item_usage_type` column) nor a FOCUS export (no `ChargeCategory` and `BilledCost`); its {} columns begin {}",
                    names.len(),
                    names.iter().take(5).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                ),
            })
        }
    };
    // Only the top-level primitive columns a reader uses: nested ones (CUR 2.0's `product` map) are never read.
    let fields: Vec<Arc<Type>> = schema
        .get_fields()
        .iter()
        // Any case: Athena writes FOCUS column names in lower case (an `UNLOAD` or CTAS to Parquet).
        .filter(|f| f.is_primitive() && WANTED.iter().any(|w| w.eq_ignore_ascii_case(f.name())))
        .cloned()
        .collect();
    let used: Vec<String> = fields.iter().map(|f| f.name().to_string()).collect();
    let projection = Type::group_type_builder(schema.name())
        .with_fields(fields)
        .build()
        .map_err(|e| corrupt(name, e))?;
    // Every chunk of those columns, and each of its page headers, inside the bounds before any is read.
    for group in metadata.row_groups() {
        for c in group.columns() {
            let path = c.column_path().parts();
            if path.len() == 1 && path.first().is_some_and(|p| used.contains(p)) {
                parquet_bounds::check_chunk(name, &chunk, data_end, c)?;
            }
        }
    }
    let header = ByteRecord::from(used.clone());
    let reader = SerializedFileReader::new(chunk).map_err(|e| corrupt(name, e))?;
    let head = Row::new(&header, name, 0);
    // A missing column is the file's fault, not a row's: the error names the file alone.
    let whole_file = |e: Error| match e {
        Error::Syntax { message, .. } => Error::Syntax {
            at: Location::file(name),
            message,
        },
        other => other,
    };
    let columns = if kind == Kind::CurParquet {
        Reader::Cur(CurColumns::from_header(&head).map_err(whole_file)?)
    } else {
        Reader::Focus(FocusColumns::from_header(&head).map_err(whole_file)?)
    };
    into.files.push((name.to_string(), kind));
    let mut record = ByteRecord::new();
    let mut row_no = 0usize;
    let add = |record: &ByteRecord, row_no: usize, into: &mut Ingested| -> Result<()> {
        let r = Row::new(record, name, row_no);
        let t = into.cur.get_or_insert_with(Default::default);
        let added = match &columns {
            Reader::Cur(c) => c.add(&r, t),
            Reader::Focus(c) => c.add(&r, t),
        };
        match added {
            Ok(()) => Ok(()),
            Err(e) => into.bad(named_column(e, &used), skip),
        }
    };
    // The leaf of each column read, when every one is of a type the batch reader decodes (the usual case).
    let descr = reader.metadata().file_metadata().schema_descr_ptr();
    let leaves: Option<Vec<usize>> = used
        .iter()
        .map(|u| {
            (0..descr.num_columns()).find(|&i| {
                let c = descr.column(i);
                c.path().parts().len() == 1 && c.name() == u && batch_decodes(&c)
            })
        })
        .collect();
    let mut cell = String::new();
    let mut at = Vec::new();
    let mut fast = typed::Fast::new(&columns, used.len());
    let read = match &leaves {
        // The usual case: the column chunks decoded on a thread of their own, a few batches ahead, while this one
        // reads their rows in file order (so every sum is added in the same order as on one thread).
        Some(leaves) => std::thread::scope(|scope| -> Result<()> {
            let (to, batches) = std::sync::mpsc::sync_channel::<Decoded>(2);
            let (give_back, free) = std::sync::mpsc::channel::<Vec<Column>>();
            let reader = &reader;
            scope.spawn(move || decode_all(reader, leaves, &to, &free));
            loop {
                let (n, cols) = match batches.recv() {
                    Ok(Decoded::Batch { rows, columns }) => (rows, columns),
                    Ok(Decoded::Done) => return Ok(()),
                    Ok(Decoded::Failed { group, error }) => {
                        return Err(corrupt(
                            name,
                            format!("in row group {}: {error}", group + 1),
                        ))
                    }
                    Err(_) => return Err(corrupt(
                        name,
                        "the Parquet reader failed on its structure (a corrupt or truncated file?)",
                    )),
                };
                let mut cols = cols;
                for i in 0..n {
                    row_no += 1;
                    at.clear();
                    at.extend(cols.iter_mut().map(|c| c.advance(i)));
                    let t = into.cur.get_or_insert_with(Default::default);
                    if fast.row(&cols, &at, t) {
                        continue;
                    }
                    // The row by the text readers (a class seen first, a value out of range, an error).
                    record.clear();
                    for (c, &k) in cols.iter().zip(&at) {
                        c.push(k, &mut cell, &mut record);
                    }
                    let r = Row::new(&record, name, row_no);
                    if fast.learn(&r, &columns, t) && fast.row(&cols, &at, t) {
                        continue;
                    }
                    fast.flush(t);
                    add(&record, row_no, into)?;
                }
                let _ = give_back.send(cols);
            }
        }),
        None => (|| -> Result<()> {
            for g in 0..reader.num_row_groups() {
                let group = reader.get_row_group(g).map_err(|e| corrupt(name, e))?;
                let rows = RowIter::from_row_group(Some(projection.clone()), group.as_ref())
                    .map_err(|e| corrupt(name, e))?;
                for row in rows {
                    row_no += 1;
                    let row = row.map_err(|e| Error::Syntax {
                        at: Location::at(name, row_no),
                        message: format!("a Parquet row that does not decode: {e}"),
                    })?;
                    record.clear();
                    for (column, field) in row.get_column_iter() {
                        cell.clear();
                        text_of(field, &mut cell).map_err(|what| Error::InvalidValue {
                            at: Location::at(name, row_no),
                            field: column.clone(),
                            value: what,
                            expected: "expected a text or number cell".into(),
                        })?;
                        record.push_field(cell.as_bytes());
                    }
                    add(&record, row_no, into)?;
                }
            }
            Ok(())
        })(),
    };
    if let Some(t) = into.cur.as_mut() {
        fast.flush(t);
    }
    read?;
    into.lines += row_no as u64;
    into.bytes += size;
    Ok(kind)
}

/// The CUR or FOCUS reader of a file's rows.
enum Reader {
    Cur(CurColumns),
    Focus(FocusColumns),
}

/// Rows decoded a batch at a time.
const BATCH: usize = 4096;

/// Whether the batch reader decodes a column: text (BYTE_ARRAY, plain or UTF8/ENUM/JSON), DOUBLE, FLOAT and signed
/// integers without a logical type; anything else (decimals, dates, unsigned) is read through the row reader.
fn batch_decodes(c: &ColumnDescriptor) -> bool {
    use parquet::basic::{ConvertedType as C, Type as P};
    let converted = c.converted_type();
    match c.physical_type() {
        P::BYTE_ARRAY => matches!(converted, C::NONE | C::UTF8 | C::ENUM | C::JSON),
        P::DOUBLE | P::FLOAT => true,
        P::INT32 | P::INT64 => {
            c.logical_type().is_none()
                && matches!(
                    converted,
                    C::NONE | C::INT_8 | C::INT_16 | C::INT_32 | C::INT_64
                )
        }
        _ => false,
    }
}

/// The values of one column's batch.
enum Values {
    Text(Vec<ByteArray>),
    Double(Vec<f64>),
    Float(Vec<f32>),
    Int(Vec<i32>),
    Long(Vec<i64>),
}

/// One column's reader in a row group.
enum Decoder {
    Text(ColumnReaderImpl<ByteArrayType>),
    Double(ColumnReaderImpl<DoubleType>),
    Float(ColumnReaderImpl<FloatType>),
    Int(ColumnReaderImpl<Int32Type>),
    Long(ColumnReaderImpl<Int64Type>),
}

/// One column read a batch at a time: its definition levels (a null where below the maximum) and its values.
struct Column {
    values: Values,
    defs: Vec<i16>,
    max_def: i16,
    next: usize,
}

impl Column {
    /// Reads up to [`BATCH`] rows with `decoder` (this column's reader); returns how many.
    fn read(&mut self, decoder: &mut Decoder) -> parquet::errors::Result<usize> {
        self.defs.clear();
        self.next = 0;
        let defs = (self.max_def > 0).then_some(&mut self.defs);
        let kind = || parquet::errors::ParquetError::General("a column changed type".into());
        let (rows, _, _) = match (decoder, &mut self.values) {
            (Decoder::Text(r), Values::Text(v)) => {
                v.clear();
                r.read_records(BATCH, defs, None, v)?
            }
            (Decoder::Double(r), Values::Double(v)) => {
                v.clear();
                r.read_records(BATCH, defs, None, v)?
            }
            (Decoder::Float(r), Values::Float(v)) => {
                v.clear();
                r.read_records(BATCH, defs, None, v)?
            }
            (Decoder::Int(r), Values::Int(v)) => {
                v.clear();
                r.read_records(BATCH, defs, None, v)?
            }
            (Decoder::Long(r), Values::Long(v)) => {
                v.clear();
                r.read_records(BATCH, defs, None, v)?
            }
            _ => return Err(kind()),
        };
        if self.max_def > 0 && self.defs.len() != rows {
            return Err(parquet::errors::ParquetError::General(format!(
                "{rows} rows but {} definition levels",
                self.defs.len()
            )));
        }
        Ok(rows)
    }

    /// Row `i`'s value index (`None` for a null), rows taken in order from 0 after each [`Column::read`].
    fn advance(&mut self, i: usize) -> Option<usize> {
        if self.max_def > 0 && self.defs.get(i).is_none_or(|&d| d < self.max_def) {
            return None;
        }
        let k = self.next;
        self.next += 1;
        Some(k)
    }

    /// Pushes value `at`'s cell onto `record` as the CSV readers would see it (a null empty), `cell` a scratch
    /// buffer.
    fn push(&self, at: Option<usize>, cell: &mut String, record: &mut ByteRecord) {
        cell.clear();
        let Some(k) = at else {
            record.push_field(b"");
            return;
        };
        let _ = match &self.values {
            Values::Text(v) => {
                record.push_field(v.get(k).map_or(&[][..], |b| b.data()));
                return;
            }
            Values::Double(v) => v.get(k).map(|&x| number(x, cell)),
            Values::Float(v) => v.get(k).map(|&x| number(f64::from(x), cell)),
            Values::Int(v) => v.get(k).map(|x| write!(cell, "{x}")),
            Values::Long(v) => v.get(k).map(|x| write!(cell, "{x}")),
        };
        record.push_field(cell.as_bytes());
    }
}

/// The readers of a row group's columns, read in step a batch of rows at a time.
struct Batch {
    decoders: Vec<Decoder>,
    /// Each column's maximum definition level.
    max_defs: Vec<i16>,
}

impl Batch {
    fn new(group: &dyn RowGroupReader, leaves: &[usize]) -> parquet::errors::Result<Self> {
        let mut decoders = Vec::with_capacity(leaves.len());
        let mut max_defs = Vec::with_capacity(leaves.len());
        for &i in leaves {
            max_defs.push(group.metadata().column(i).column_descr().max_def_level());
            decoders.push(match group.get_column_reader(i)? {
                ColumnReader::ByteArrayColumnReader(r) => Decoder::Text(r),
                ColumnReader::DoubleColumnReader(r) => Decoder::Double(r),
                ColumnReader::FloatColumnReader(r) => Decoder::Float(r),
                ColumnReader::Int32ColumnReader(r) => Decoder::Int(r),
                ColumnReader::Int64ColumnReader(r) => Decoder::Long(r),
                _ => {
                    return Err(parquet::errors::ParquetError::General(
                        "a column of another type".into(),
                    ))
                }
            });
        }
        Ok(Batch { decoders, max_defs })
    }

    /// Empty columns to read this row group's batches into.
    fn columns(&self) -> Vec<Column> {
        self.decoders
            .iter()
            .zip(&self.max_defs)
            .map(|(d, &max_def)| Column {
                values: match d {
                    Decoder::Text(_) => Values::Text(Vec::new()),
                    Decoder::Double(_) => Values::Double(Vec::new()),
                    Decoder::Float(_) => Values::Float(Vec::new()),
                    Decoder::Int(_) => Values::Int(Vec::new()),
                    Decoder::Long(_) => Values::Long(Vec::new()),
                },
                defs: Vec::new(),
                max_def,
                next: 0,
            })
            .collect()
    }

    /// Reads the next batch of every column into `columns` (from [`Batch::columns`] of a row group with the same
    /// columns); returns its rows (0 at the row group's end). Columns of unequal lengths are an error.
    fn next(&mut self, columns: &mut [Column]) -> parquet::errors::Result<usize> {
        let mut rows = None;
        for (c, d) in columns.iter_mut().zip(self.decoders.iter_mut()) {
            let n = c.read(d)?;
            if rows.is_some_and(|r| r != n) {
                return Err(parquet::errors::ParquetError::General(
                    "its columns hold different numbers of rows".into(),
                ));
            }
            rows = Some(n);
        }
        Ok(rows.unwrap_or(0))
    }
}

/// What the decoding thread hands on, in file order.
enum Decoded {
    /// A batch of `rows` rows in `columns`.
    Batch { rows: usize, columns: Vec<Column> },
    /// A row group that does not decode (its error's text).
    Failed { group: usize, error: String },
    /// Every row group was read.
    Done,
}

/// Decodes the batches of every row group of `reader` (`leaves`: the columns) and sends them in order on `to`,
/// reusing the column buffers that come back on `free`; stops at the first error, at the end, or when the
/// receiver is gone.
fn decode_all<R: ChunkReader + 'static>(
    reader: &SerializedFileReader<R>,
    leaves: &[usize],
    to: &std::sync::mpsc::SyncSender<Decoded>,
    free: &std::sync::mpsc::Receiver<Vec<Column>>,
) {
    for g in 0..reader.num_row_groups() {
        let batch = reader
            .get_row_group(g)
            .and_then(|group| Batch::new(group.as_ref(), leaves));
        let mut batch = match batch {
            Ok(b) => b,
            Err(e) => {
                let _ = to.send(Decoded::Failed {
                    group: g,
                    error: e.to_string(),
                });
                return;
            }
        };
        loop {
            // A buffer that came back (of a row group with these columns: every row group has the same), or a new one.
            let mut columns = free.try_recv().unwrap_or_else(|_| batch.columns());
            let sent = match batch.next(&mut columns) {
                Ok(0) => break,
                Ok(rows) => to.send(Decoded::Batch { rows, columns }),
                Err(e) => {
                    let _ = to.send(Decoded::Failed {
                        group: g,
                        error: e.to_string(),
                    });
                    return;
                }
            };
            if sent.is_err() {
                return;
            }
        }
    }
    let _ = to.send(Decoded::Done);
}

/// A CSV reader's error names a column by its number among the columns read: here that is named by the Parquet
/// column's name instead.
fn named_column(e: Error, used: &[String]) -> Error {
    match e {
        Error::InvalidValue {
            at,
            field,
            value,
            expected,
        } => {
            let named = field
                .strip_prefix("column ")
                .and_then(|rest| rest.split_once(' '))
                .and_then(|(n, what)| {
                    Some((used.get(n.parse::<usize>().ok()?.checked_sub(1)?)?, what))
                })
                .map_or(field.clone(), |(column, what)| {
                    format!("column {column} {what}")
                });
            Error::InvalidValue {
                at,
                field: named,
                value,
                expected,
            }
        }
        other => other,
    }
}

/// A cell as the CSV readers would see it: text as is, numbers in full (Rust's shortest exact form), null empty.
/// A nested value is an error (its description returned).
fn text_of(field: &Field, out: &mut String) -> std::result::Result<(), String> {
    let _ = match field {
        Field::Null => Ok(()),
        Field::Str(s) => {
            out.push_str(s);
            Ok(())
        }
        Field::Bytes(b) => {
            out.push_str(&String::from_utf8_lossy(b.data()));
            Ok(())
        }
        Field::Bool(b) => write!(out, "{b}"),
        Field::Byte(x) => write!(out, "{x}"),
        Field::Short(x) => write!(out, "{x}"),
        Field::Int(x) => write!(out, "{x}"),
        Field::Long(x) => write!(out, "{x}"),
        Field::UByte(x) => write!(out, "{x}"),
        Field::UShort(x) => write!(out, "{x}"),
        Field::UInt(x) => write!(out, "{x}"),
        Field::ULong(x) => write!(out, "{x}"),
        Field::Float16(x) => write!(out, "{}", f32::from(*x)),
        Field::Float(x) => number(f64::from(*x), out),
        Field::Double(x) => number(*x, out),
        Field::Decimal(d) => return decimal(d.data(), d.scale(), out),
        Field::Date(_) | Field::TimestampMillis(_) | Field::TimestampMicros(_) => {
            write!(out, "{field}")
        }
        Field::Group(_) | Field::ListInternal(_) | Field::MapInternal(_) => {
            return Err("a nested value".into())
        }
    };
    Ok(())
}

/// A floating-point number in full (Rust's shortest exact form), in exponent form when very large or small (so an
/// absurd value reads `1e300` in its message, not 301 digits); NaN and infinities as `NaN`, `inf`, `-inf`, which the
/// number readers refuse.
fn number(x: f64, out: &mut String) -> std::fmt::Result {
    if x != 0.0 && x.is_finite() && !(1e-6..1e16).contains(&x.abs()) {
        write!(out, "{x:e}")
    } else {
        write!(out, "{x}")
    }
}

/// A Parquet DECIMAL (big-endian two's complement, `scale` digits after the point) written exactly.
fn decimal(data: &[u8], scale: i32, out: &mut String) -> std::result::Result<(), String> {
    if data.len() > 16 || !(0..=38).contains(&scale) {
        return Err(format!(
            "a decimal of {} bytes with scale {scale}",
            data.len()
        ));
    }
    let negative = data.first().is_some_and(|b| b & 0x80 != 0);
    let mut v: i128 = if negative { -1 } else { 0 };
    for &b in data {
        v = (v << 8) | i128::from(b);
    }
    let digits = v.unsigned_abs().to_string();
    let scale = scale as usize;
    let digits = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = digits.split_at(digits.len() - scale);
    if negative {
        out.push('-');
    }
    out.push_str(int);
    if scale > 0 {
        out.push('.');
        out.push_str(frac);
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)] // test data of a known shape
mod tests {
    use super::*;
    use crate::ingest::{ingest_bytes, Options};
    use parquet::basic::Compression;
    use parquet::data_type::{ByteArray, ByteArrayType, DoubleType};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;

    /// A Parquet file (snappy, as CUR writes it) of `columns` (names; the last two DOUBLE, the rest text), two row
    /// groups of `rows`.
    pub(crate) fn write(names: &[&str], rows: &[Vec<&str>]) -> Vec<u8> {
        let (text, numbers) = names.split_at(names.len() - 2);
        let mut schema = String::from("message schema {\n");
        for n in text {
            schema += &format!("  optional binary {n} (UTF8);\n");
        }
        for n in numbers {
            schema += &format!("  optional double {n};\n");
        }
        schema += "}";
        let schema = Arc::new(parse_message_type(&schema).unwrap());
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .build(),
        );
        let mut out = Vec::new();
        let mut w = SerializedFileWriter::new(&mut out, schema, props).unwrap();
        for half in rows.chunks(rows.len().div_ceil(2)) {
            let mut g = w.next_row_group().unwrap();
            let mut i = 0;
            while let Some(mut c) = g.next_column().unwrap() {
                let values: Vec<&str> = half.iter().map(|r| r[i]).collect();
                let defs: Vec<i16> = values.iter().map(|v| i16::from(!v.is_empty())).collect();
                if i < text.len() {
                    let v: Vec<ByteArray> = values
                        .iter()
                        .filter(|v| !v.is_empty())
                        .map(|v| ByteArray::from(*v))
                        .collect();
                    c.typed::<ByteArrayType>()
                        .write_batch(&v, Some(&defs), None)
                        .unwrap();
                } else {
                    let v: Vec<f64> = values
                        .iter()
                        .filter(|v| !v.is_empty())
                        .map(|v| v.parse().unwrap())
                        .collect();
                    c.typed::<DoubleType>()
                        .write_batch(&v, Some(&defs), None)
                        .unwrap();
                }
                c.close().unwrap();
                i += 1;
            }
            g.close().unwrap();
        }
        w.close().unwrap();
        out
    }

    /// A CUR 2.0 in Parquet: two Lambda usage rows, a Lambda tax row, an EC2 row (the columns' names as Data
    /// Exports writes them, a column the reader does not use among them).
    pub(crate) fn cur2() -> Vec<u8> {
        write(
            &[
                "bill_payer_account_id",
                "line_item_line_item_type",
                "line_item_product_code",
                "line_item_usage_type",
                "line_item_resource_id",
                "line_item_line_item_description",
                "product_region_code",
                "line_item_usage_amount",
                "line_item_unblended_cost",
            ],
            &[
                vec![
                    "1",
                    "Usage",
                    "AWSLambda",
                    "Request",
                    "arn:aws:lambda:us-east-1:1:function:orders-api",
                    "$0.20 per 1M requests",
                    "us-east-1",
                    "5000000",
                    "0.8",
                ],
                vec![
                    "1",
                    "Usage",
                    "AWSLambda",
                    "Lambda-GB-Second",
                    "arn:aws:lambda:us-east-1:1:function:orders-api",
                    "$0.0000166667 per GB-second",
                    "us-east-1",
                    "900000",
                    "8.3333333",
                ],
                vec![
                    "1",
                    "Tax",
                    "AWSLambda",
                    "Request",
                    "",
                    "Tax for product code AWSLambda",
                    "",
                    "",
                    "0.0009",
                ],
                vec![
                    "1",
                    "Usage",
                    "AmazonEC2",
                    "BoxUsage:t3.micro",
                    "i-1",
                    "",
                    "us-east-1",
                    "24",
                    "0.2496",
                ],
            ],
        )
    }

    #[test]
    fn a_cur2_parquet() {
        let bytes = cur2();
        if let Some(out) = std::env::var_os("COLDCOST_WRITE_PARQUET_SAMPLE") {
            std::fs::write(out, &bytes).unwrap();
        }
        let mut into = Ingested::default();
        ingest_bytes("cur2.parquet", bytes, &Options::default(), &mut into).unwrap();
        assert_eq!(
            into.files,
            vec![("cur2.parquet".to_string(), Kind::CurParquet)]
        );
        let t = into.cur.unwrap();
        assert_eq!((t.rows, t.skipped_rows), (3, 1));
        assert!((t.unblended_usd - 9.1342333).abs() < 1e-9);
        let tax = t.by_type[&crate::ingest::cur::ChargeType::Tax];
        assert_eq!((tax.rows, tax.usd), (1, 0.0009));
        let u = &t.usage[&(
            "orders-api".to_string(),
            "us-east-1".to_string(),
            "x86_64".to_string(),
        )];
        assert_eq!(u.quantity[&crate::ingest::cur::Meter::Requests], 5e6);
    }

    #[test]
    fn a_focus_parquet_and_a_stranger() {
        let bytes = write(
            &[
                "ServiceName",
                "ChargeCategory",
                "ConsumedUnit",
                "ChargeDescription",
                "ResourceId",
                "RegionId",
                "ConsumedQuantity",
                "BilledCost",
            ],
            &[
                vec![
                    "AWS Lambda",
                    "Usage",
                    "Requests",
                    "AWS Lambda - Total Requests",
                    "arn:aws:lambda:eu-west-1:1:function:f",
                    "eu-west-1",
                    "100",
                    "0.00002",
                ],
                vec!["AWS Lambda", "Tax", "", "Tax", "", "", "", "0.5"],
                vec![
                    "Amazon S3",
                    "Usage",
                    "GB-Mo",
                    "",
                    "",
                    "eu-west-1",
                    "1",
                    "0.023",
                ],
            ],
        );
        let mut into = Ingested::default();
        ingest_bytes("focus.parquet", bytes, &Options::default(), &mut into).unwrap();
        assert_eq!(into.files[0].1, Kind::FocusParquet);
        let t = into.cur.unwrap();
        assert_eq!((t.rows, t.skipped_rows, t.focus_rows), (2, 1, 2));
        let other = write(&["a", "b", "c"], &[vec!["x", "1", "2"]]);
        let e = ingest_bytes(
            "x.parquet",
            other,
            &Options::default(),
            &mut Ingested::default(),
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("neither a Cost and Usage Report"),
            "{e}"
        );
    }

    /// Numbers from DOUBLE columns go through the same validated ranges as CSV text: NaN, infinities and absurd
    /// amounts are errors naming the file, the row, the column and the value (or counted bad rows when skipped).
    #[test]
    fn hostile_numbers_are_refused() {
        let cur = |amount: &str, cost: &str| {
            write(
                &[
                    "line_item_line_item_type",
                    "line_item_product_code",
                    "line_item_usage_type",
                    "line_item_resource_id",
                    "line_item_usage_amount",
                    "line_item_unblended_cost",
                ],
                &[
                    vec![
                        "Usage",
                        "AWSLambda",
                        "Request",
                        "arn:aws:lambda:us-east-1:1:function:f",
                        "1",
                        "0.2",
                    ],
                    vec![
                        "Usage",
                        "AWSLambda",
                        "Request",
                        "arn:aws:lambda:us-east-1:1:function:f",
                        amount,
                        cost,
                    ],
                ],
            )
        };
        for (amount, cost, says) in [
            ("1", "NaN", "NaN"),
            ("1", "inf", "inf"),
            ("-inf", "1", "-inf"),
            ("1e300", "1", "\"1e300\""),
            ("1", "-1e13", "-10000000000000"),
        ] {
            let e = ingest_bytes(
                "c.parquet",
                cur(amount, cost),
                &Options::default(),
                &mut Ingested::default(),
            )
            .unwrap_err()
            .to_string();
            assert!(
                e.contains("c.parquet:2") && e.contains(says),
                "{amount} {cost}: {e}"
            );
            assert!(e.contains("column line_item_"), "{e}");
            let mut into = Ingested::default();
            let skip = Options {
                skip_bad_rows: true,
                ..Options::default()
            };
            ingest_bytes("c.parquet", cur(amount, cost), &skip, &mut into).unwrap();
            assert_eq!((into.cur.unwrap().rows, into.bad_rows.len()), (1, 1));
        }
    }

    #[test]
    fn decimals() {
        let mut s = String::new();
        decimal(&[0x30, 0x39], 3, &mut s).unwrap();
        assert_eq!(s, "12.345");
        s.clear();
        decimal(&[0xff, 0xfe], 4, &mut s).unwrap();
        assert_eq!(s, "-0.0002");
        s.clear();
        decimal(&[0x05], 0, &mut s).unwrap();
        assert_eq!(s, "5");
    }
}
