//! Fuzz target: CUR as Athena/Hive text (Ctrl-A separators, \\N nulls), reconciled — any bytes give Ok or a clear Err, never a panic, hang or crash.
#![no_main]
use libfuzzer_sys::fuzz_target;
#[path = "checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| {
    let bytes = data.to_vec();
    let opts = coldcost::ingest::Options {
        memory_mb: None,
        kind: Some(coldcost::ingest::Kind::CurAthena),
        skip_bad_rows: data.first() == Some(&b's'),
        function: None,
    };
    let mut all = coldcost::ingest::Ingested::default();
    let _ = coldcost::ingest::ingest_bytes("fuzz", bytes, &opts, &mut all);
    checks::ingested(&all);
});
