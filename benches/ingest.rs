//! Ingest throughput: a generated REPORT log (~53 MB, 200,000 invocations with START lines) read from a file, parsed
//! and aggregated, plain and gzip; and a generated Logs Insights CSV export (~30 MB, 200,000 rows), plain. Run:
//! `cargo bench --bench ingest` (`-- insights` for the CSV alone). The pandas comparison on a 1 GB file is
//! `scripts/pandas-side-by-side.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use coldcost::ingest::generate::{generate, Spec, Style};
use coldcost::ingest::{ingest_file, Ingested, Options};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::io::Write;
use std::time::Duration;

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
    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    for (name, path) in [("report-text-plain", &plain), ("report-text-gzip", &gzip)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut all = Ingested::default();
                ingest_file(path, &Options::default(), &mut all, &mut |_, _| {}).unwrap();
                assert_eq!(all.functions.values().next().unwrap().invocations, 200_000);
                all
            })
        });
    }
    g.finish();
    let mut csv = Vec::new();
    generate(&spec, Style::Insights, &mut csv).unwrap();
    let insights = dir.join("bench-insights.csv");
    std::fs::write(&insights, &csv).unwrap();
    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Bytes(csv.len() as u64));
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("insights-csv-plain", |b| {
        b.iter(|| {
            let mut all = Ingested::default();
            ingest_file(&insights, &Options::default(), &mut all, &mut |_, _| {}).unwrap();
            assert_eq!(all.functions.values().next().unwrap().invocations, 200_000);
            all
        })
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, ingest);
criterion_main!(benches);
