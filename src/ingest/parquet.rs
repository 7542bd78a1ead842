//! Parquet exports: CUR (legacy and 2.0 Data Exports, whose default format it is) and FOCUS, told apart by their
//! columns. Only the columns the CUR or FOCUS reader uses are decoded, row group by row group; each row is handed to
//! that reader as a record of text cells, so both formats are read by one set of rules whatever the container.
//! Parquet keeps its index at the end of the file, so it is read from a seekable file (or bytes in memory), never
//! from stdin or through gzip ([`super::input`] refuses those with a message).
//!
//! Errors name the file and the row (1-based, across row groups) where a CSV error names the line.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::cur::CurColumns;
use super::focus::{is_focus_header, FocusColumns};
use super::{Ingested, Kind};
use crate::csv_input::Row;
use crate::error::{Error, Location, Result};
use csv::ByteRecord;
use parquet::file::reader::{ChunkReader, FileReader, SerializedFileReader};
use parquet::record::reader::RowIter;
use parquet::record::Field;
use parquet::schema::types::Type;
use std::fmt::Write as _;
use std::sync::Arc;

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
    let reader = SerializedFileReader::new(chunk).map_err(|e| corrupt(name, e))?;
    let schema = reader.metadata().file_metadata().schema();
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
    let header = ByteRecord::from(fields.iter().map(|f| f.name()).collect::<Vec<_>>());
    let projection = Type::group_type_builder(schema.name())
        .with_fields(fields)
        .build()
        .map_err(|e| corrupt(name, e))?;
    let head = Row::new(&header, name, 0);
    enum Reader {
        Cur(CurColumns),
        Focus(FocusColumns),
    }
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
    let mut cell = String::new();
    let mut row_no = 0usize;
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
            let r = Row::new(&record, name, row_no);
            let t = into.cur.get_or_insert_with(Default::default);
            let added = match &columns {
                Reader::Cur(c) => c.add(&r, t),
                Reader::Focus(c) => c.add(&r, t),
            };
            if let Err(e) = added {
                into.bad(e, skip)?;
            }
        }
    }
    into.lines += row_no as u64;
    into.bytes += size;
    Ok(kind)
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
        Field::Float(x) => write!(out, "{x}"),
        Field::Double(x) => write!(out, "{x}"),
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
