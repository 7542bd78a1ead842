//! Benchmarks of the decision tools: a typical `compare` (two built-in profiles, estimate and bill, no bands) and
//! 10,000 Monte Carlo draws of its bands. Run: `cargo bench --bench decisions`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use coldcost::decide::bands::{bands, Spreads};
use coldcost::{estimate, samples, Date, Models, PriceBook, Profile, RunOptions};
use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;

fn setup() -> (Vec<Profile>, PriceBook, Models, RunOptions) {
    let pair = samples::pair("http-api").unwrap();
    let profiles = vec![
        Profile::from_toml(pair.node.1, pair.node.0).unwrap(),
        Profile::from_toml(pair.python.1, pair.python.0).unwrap(),
    ];
    let options = RunOptions {
        as_of: Date::INIT_BILLING_START,
        free_tier: true,
        pooled: false,
        seed: 1,
    };
    (
        profiles,
        PriceBook::embedded().unwrap(),
        Models::builtin().unwrap(),
        options,
    )
}

fn compare(c: &mut Criterion) {
    let (profiles, book, models, options) = setup();
    let mut g = c.benchmark_group("decisions");
    g.measurement_time(Duration::from_secs(8));
    g.bench_function("compare-http-api-pair", |b| {
        b.iter(|| estimate::run(&profiles, &book, &models, options).unwrap())
    });
    let run = estimate::run(&profiles, &book, &models, options).unwrap();
    g.sample_size(20);
    g.bench_function("bands-10000-draws", |b| {
        b.iter(|| bands(&run, &book, Spreads::default(), 10_000, 1).unwrap())
    });
    g.finish();
}

criterion_group!(benches, compare);
criterion_main!(benches);
