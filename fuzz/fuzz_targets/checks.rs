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
