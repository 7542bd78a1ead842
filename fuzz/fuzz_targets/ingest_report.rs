//! Fuzz target: REPORT log lines (plain and JSON) — any bytes give Ok or a clear Err, never a panic, hang or crash.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ingest(data, coldcost::ingest::Kind::Report);
});

fn ingest(data: &[u8], kind: coldcost::ingest::Kind) {
    let opts = coldcost::ingest::Options {
        kind: Some(kind),
        skip_bad_rows: data.first() == Some(&b's'),
        function: None,
        memory_mb: None,
    };
    let mut all = coldcost::ingest::Ingested::default();
    let _ = coldcost::ingest::ingest_bytes("fuzz", data.to_vec(), &opts, &mut all);
    for (n, f) in &all.functions {
        let s = f.summary(n);
        assert!(s.cold_starts <= s.invocations);
        assert!(s.init_gb_s >= 0.0 && s.invoke_gb_s >= 0.0);
    }
}
