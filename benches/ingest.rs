//! Ingest throughput, MiB/s of text read, parsed and aggregated: a generated REPORT log (~53 MB, 200,000 invocations
//! with START lines) plain on one thread, gzip, and plain on two threads; a generated Logs Insights CSV export
//! (~30 MB, 200,000 rows); the real FOCUS sample and a real CUR (`../shared/data/real-exports`) with their rows
//! repeated to ~30 MB (skipped when the folder is absent). Run: `cargo bench --bench ingest` (`-- focus` for one).
//! The side-by-side against pandas and DuckDB on a 512 MB log is `scripts/side-by-side.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use coldcost::ingest::generate::{generate, Spec, Style};
use coldcost::ingest::{ingest_file_with, Ingested, Options};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::io::Write;
use std::path::{Path, PathBuf};
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

criterion_group!(benches, ingest);
criterion_main!(benches);
