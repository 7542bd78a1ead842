//! Reading a repository: the real 24-function SAM template (`tests/data/projects/sam-node-govuk-account-backend`,
//! 241 KB with its samconfig.toml) into functions and then profiles, each function's package.json and
//! package-lock.json (the repository root's) read for its imports. Run: `cargo bench --bench projects`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use coldcost::project::{read_project, ProjectDefaults};
use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;
use std::time::Duration;

fn projects(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/projects/sam-node-govuk-account-backend");
    let mut g = c.benchmark_group("projects");
    g.measurement_time(Duration::from_secs(5));
    g.bench_function("sam_24_functions_to_profiles", |b| {
        b.iter(|| {
            let p = read_project(&dir, None).unwrap();
            assert_eq!(p.functions.len(), 24);
            p.profiles(&ProjectDefaults::default()).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, projects);
criterion_main!(benches);
