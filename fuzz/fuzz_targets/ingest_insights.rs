//! Fuzz target: Logs Insights CSV — any bytes give Ok or a clear Err, never a panic, hang or crash.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ingest(data, coldcost::ingest::Kind::Insights);
});

fn ingest(data: &[u8], kind: coldcost::ingest::Kind) {
    let opts = coldcost::ingest::Options {
        kind: Some(kind),
        skip_bad_rows: true,
        function: None,
        memory_mb: None,
    };
    let mut all = coldcost::ingest::Ingested::default();
    let _ = coldcost::ingest::ingest_bytes("fuzz", data.to_vec(), &opts, &mut all);
}
