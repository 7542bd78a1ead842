//! Fuzz target: usage CSV — any bytes give Ok or a clear Err, never a panic, hang or crash.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = coldcost::ingest::Options {
        kind: Some(coldcost::ingest::Kind::Usage),
        skip_bad_rows: true,
        function: None,
        memory_mb: None,
    };
    let mut all = coldcost::ingest::Ingested::default();
    let _ = coldcost::ingest::ingest_bytes("fuzz", data.to_vec(), &opts, &mut all);
});
