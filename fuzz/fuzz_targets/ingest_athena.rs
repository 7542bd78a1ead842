//! Fuzz target: CUR as Athena/Hive text (Ctrl-A separators, \\N nulls), reconciled — any bytes give Ok or a clear Err, never a panic, hang or crash.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let bytes = data.to_vec();
    let opts = coldcost::ingest::Options {
        kind: Some(coldcost::ingest::Kind::CurAthena),
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
