//! Fuzz target: Parquet CUR and FOCUS exports (told by their columns) — any bytes give Ok or a clear Err, never a panic, hang or crash.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The parquet crate panics on some corrupt structures; coldcost catches those (an error naming the file), so
    // they may unwind to that catch rather than abort in libFuzzer's hook. A panic anywhere else still aborts.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    // Parquet is told by its magic bytes: every input is made to start with them.
    let mut bytes = b"PAR1".to_vec();
    bytes.extend_from_slice(data);
    let opts = coldcost::ingest::Options {
        kind: None,
        skip_bad_rows: data.first() == Some(&b's'),
        function: None,
    };
    let mut all = coldcost::ingest::Ingested::default();
    let _ = coldcost::ingest::ingest_bytes("fuzz", bytes, &opts, &mut all);
    for (n, f) in &all.functions {
        let s = f.summary(n);
        assert!(s.cold_starts <= s.invocations);
        assert!(s.init_gb_s >= 0.0 && s.invoke_gb_s >= 0.0);
    }
    static BOOK: std::sync::OnceLock<Option<coldcost::PriceBook>> = std::sync::OnceLock::new();
    if let (Some(c), Some(book)) = (&all.cur, BOOK.get_or_init(|| coldcost::PriceBook::embedded().ok())) {
        if let Ok(r) = coldcost::ingest::observed::reconcile(c, book) {
            assert!(r.account.requests.is_finite() && r.account.gb_s.is_finite());
            assert_eq!(r.rows, c.rows);
        }
    }
});
