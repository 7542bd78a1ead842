//! Fuzz target: Parquet CUR and FOCUS exports (told by their columns) — any bytes give Ok or a clear Err, never a panic, hang or crash.
#![no_main]
use libfuzzer_sys::fuzz_target;
#[path = "checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| {
    // The parquet crate panics on some corrupt structures; coldcost catches those (an error naming the file), so
    // they may unwind to that catch rather than abort in libFuzzer's hook. A panic anywhere else still aborts.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    // Parquet is told by its magic bytes: every input is made to start with them.
    let mut bytes = b"PAR1".to_vec();
    bytes.extend_from_slice(data);
    let opts = coldcost::ingest::Options {
        memory_mb: None,
        kind: None,
        skip_bad_rows: data.first() == Some(&b's'),
        function: None,
    };
    let mut all = coldcost::ingest::Ingested::default();
    let _ = coldcost::ingest::ingest_bytes("fuzz", bytes, &opts, &mut all);
    checks::ingested(&all);
});
