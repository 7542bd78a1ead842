//! Ingest throughput, MiB/s of text read, parsed and aggregated: a generated REPORT log (~53 MB, 200,000 invocations
//! with START lines) plain on one thread, gzip, and plain on two threads; a generated Logs Insights CSV export
//! (~30 MB, 200,000 rows); the real FOCUS sample and a real CUR (`../shared/data/real-exports`) with their rows
//! repeated to ~30 MB (skipped when the folder is absent). Run: `cargo bench --bench ingest` (`-- focus` for one).
//! The side-by-side against pandas and DuckDB on a 512 MB log is `scripts/side-by-side.sh`.
//!
//! Parquet (`-- parquet`): a generated CUR 2.0 and a generated FOCUS export (1,000,000 rows each, snappy, row groups
//! of 131,072 rows, a fifth of the rows not Lambda's), throughput in rows. With `COLDCOST_PARQUET_ROWS=N` the files
//! have N rows and are kept under `target/bench-parquet/` (the RSS measurement in the README reads them).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use coldcost::ingest::generate::{generate, Spec, Style};
use coldcost::ingest::{ingest_file, ingest_file_with, Ingested, Options};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// One benchmark: `path` read whole (`split_min_bytes` as [`ingest_file_with`] takes it), `bytes` of text.
fn bench(c: &mut Criterion, name: &str, path: &Path, bytes: u64, split_min_bytes: u64) {
    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function(name, |b| {
        b.iter(|| {
            let mut all = Ingested::default();
            ingest_file_with(
                path,
                &Options::default(),
                &mut all,
                &mut |_, _| {},
                split_min_bytes,
            )
            .unwrap();
            assert_eq!(all.bytes, bytes, "{name}");
            all
        })
    });
    g.finish();
}

/// A real export with its data rows repeated until the file holds at least `target` bytes.
fn repeated(real: &Path, into: &Path, target: usize) -> Option<u64> {
    let text = std::fs::read(real).ok()?;
    let header_end = text.iter().position(|&c| c == b'\n')? + 1;
    let (header, rows) = text.split_at(header_end);
    let mut out = header.to_vec();
    while out.len() < target {
        out.extend_from_slice(rows);
        if out.last() != Some(&b'\n') {
            out.push(b'\n');
        }
    }
    std::fs::write(into, &out).ok()?;
    Some(out.len() as u64)
}

fn ingest(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("coldcost-bench-ingest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = Spec {
        function: "bench".into(),
        invocations: 200_000,
        cold_share: 0.02,
        handler_ms: (120.0, 400.0),
        init_ms: (900.0, 1400.0),
        memory_mb: 1024,
        hours: 730.0,
        seed: 1,
    };
    let mut text = Vec::new();
    generate(&spec, Style::Text, &mut text).unwrap();
    let plain = dir.join("bench.log");
    std::fs::write(&plain, &text).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&text).unwrap();
    let gzip = dir.join("bench.log.gz");
    std::fs::write(&gzip, gz.finish().unwrap()).unwrap();
    let n = text.len() as u64;
    bench(c, "report-plain-1-thread", &plain, n, u64::MAX);
    bench(c, "report-plain-2-threads", &plain, n, 0);
    bench(c, "report-gzip", &gzip, n, 0);
    let mut csv = Vec::new();
    generate(&spec, Style::Insights, &mut csv).unwrap();
    let insights = dir.join("bench-insights.csv");
    std::fs::write(&insights, &csv).unwrap();
    bench(c, "insights-csv", &insights, csv.len() as u64, 0);
    let real = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real-exports");
    for (name, file) in [
        ("focus-csv", "focus/focus_sample_1000.csv"),
        ("cur-csv", "cur/ola-raji-ha-project-CUR-daily-1-00001.csv"),
    ] {
        let into = dir.join(format!("{name}.csv"));
        match repeated(&real.join(file), &into, 30 << 20) {
            Some(bytes) => bench(c, name, &into, bytes, 0),
            None => eprintln!("{name}: {} not found, skipped", real.join(file).display()),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Writes `rows` rows of a CUR 2.0 (`focus` false) or FOCUS export to `path`: the text columns a reader uses, then
/// two DOUBLE columns (usage amount and cost, or consumed quantity and billed cost). Every fifth row is EC2's.
fn write_parquet(path: &Path, focus: bool, rows: usize) {
    let text: &[&str] = if focus {
        &[
            "ServiceName",
            "ChargeCategory",
            "ConsumedUnit",
            "ChargeDescription",
            "ResourceId",
            "RegionId",
            "x_UsageType",
        ]
    } else {
        &[
            "line_item_line_item_type",
            "line_item_product_code",
            "line_item_usage_type",
            "line_item_resource_id",
            "line_item_line_item_description",
            "product_region_code",
        ]
    };
    let numbers: &[&str] = if focus {
        &["ConsumedQuantity", "BilledCost"]
    } else {
        &["line_item_usage_amount", "line_item_unblended_cost"]
    };
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
    let file = std::fs::File::create(path).unwrap();
    let mut w = SerializedFileWriter::new(file, schema, props).unwrap();
    let cell = |row: usize, column: &str| -> String {
        let ec2 = row % 5 == 4;
        let gb_s = row % 2 == 0;
        let f = format!(
            "arn:aws:lambda:us-east-1:123456789012:function:fn-{}",
            row % 50
        );
        match column {
            "ServiceName" if ec2 => "Amazon Elastic Compute Cloud".into(),
            "ServiceName" => "AWS Lambda".into(),
            "ChargeCategory" | "line_item_line_item_type" => "Usage".into(),
            "ConsumedUnit" if gb_s => "Seconds".into(),
            "ConsumedUnit" => "Requests".into(),
            "line_item_product_code" if ec2 => "AmazonEC2".into(),
            "line_item_product_code" => "AWSLambda".into(),
            "x_UsageType" | "line_item_usage_type" if ec2 => "BoxUsage:t3.micro".into(),
            "x_UsageType" | "line_item_usage_type" if gb_s => "Lambda-GB-Second".into(),
            "x_UsageType" | "line_item_usage_type" => "Request".into(),
            "ChargeDescription" | "line_item_line_item_description" if gb_s => {
                "$0.0000166667 per GB-second".into()
            }
            "ChargeDescription" | "line_item_line_item_description" => {
                "$0.20 per 1M requests".into()
            }
            "ResourceId" | "line_item_resource_id" if ec2 => format!("i-{}", row % 7),
            "ResourceId" | "line_item_resource_id" => f,
            _ => "us-east-1".into(),
        }
    };
    let mut start = 0;
    while start < rows {
        let n = (rows - start).min(131_072);
        let mut g = w.next_row_group().unwrap();
        let mut i = 0;
        while let Some(mut c) = g.next_column().unwrap() {
            if i < text.len() {
                let v: Vec<ByteArray> = (start..start + n)
                    .map(|r| ByteArray::from(cell(r, text[i]).as_str()))
                    .collect();
                c.typed::<ByteArrayType>()
                    .write_batch(&v, Some(&vec![1; n]), None)
                    .unwrap();
            } else {
                let v: Vec<f64> = (start..start + n)
                    .map(|r| {
                        if i == text.len() {
                            (r % 1000) as f64 * 1.5
                        } else {
                            (r % 997) as f64 * 1e-5
                        }
                    })
                    .collect();
                c.typed::<DoubleType>()
                    .write_batch(&v, Some(&vec![1; n]), None)
                    .unwrap();
            }
            c.close().unwrap();
            i += 1;
        }
        g.close().unwrap();
        start += n;
    }
    w.close().unwrap();
}

fn parquet(c: &mut Criterion) {
    let rows: usize = std::env::var("COLDCOST_PARQUET_ROWS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1_000_000);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-parquet");
    std::fs::create_dir_all(&dir).unwrap();
    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Elements(rows as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for (name, focus) in [("parquet-cur", false), ("parquet-focus", true)] {
        let path = dir.join(format!("{name}-{rows}.parquet"));
        if !path.exists() {
            write_parquet(&path, focus, rows);
        }
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut all = Ingested::default();
                ingest_file(&path, &Options::default(), &mut all, &mut |_, _| {}).unwrap();
                assert_eq!(all.lines, rows as u64);
                all
            })
        });
    }
    g.finish();
}

criterion_group!(benches, ingest, parquet);
criterion_main!(benches);
