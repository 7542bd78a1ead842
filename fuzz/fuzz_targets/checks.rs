//! What every ingest fuzz target asserts of what was read (included with `#[path]`; not a target itself).

/// Per function: no more cold starts than invocations, no negative GB-s; a CUR or FOCUS read reconciles to
/// finite totals over the rows it counted.
pub fn ingested(all: &coldcost::ingest::Ingested) {
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
}

/// Reads `data` as `kind` (bad rows skipped when it starts with `s`, refused otherwise) and checks what was read:
/// any bytes give Ok or a clear Err, never a panic, hang or crash.
#[allow(dead_code)] // included by targets that read their own way too
pub fn ingest_as(data: &[u8], kind: coldcost::ingest::Kind) {
    let opts = coldcost::ingest::Options {
        memory_mb: None,
        kind: Some(kind),
        skip_bad_rows: data.first() == Some(&b's'),
        function: None,
    };
    let mut all = coldcost::ingest::Ingested::default();
    let _ = coldcost::ingest::ingest_bytes("fuzz", data.to_vec(), &opts, &mut all);
    ingested(&all);
}
