//! Fuzz target: Cost and Usage Report CSV, reconciled — any bytes give Ok or a clear Err, never a panic, hang or crash.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = coldcost::ingest::Options {
        kind: Some(coldcost::ingest::Kind::Cur),
        skip_bad_rows: true,
        function: None,
        memory_mb: None,
    };
    let mut all = coldcost::ingest::Ingested::default();
    let _ = coldcost::ingest::ingest_bytes("fuzz", data.to_vec(), &opts, &mut all);
    static BOOK: std::sync::OnceLock<Option<coldcost::PriceBook>> = std::sync::OnceLock::new();
    if let (Some(c), Some(book)) = (
        &all.cur,
        BOOK.get_or_init(|| coldcost::PriceBook::embedded().ok()),
    ) {
        let _ = coldcost::ingest::observed::reconcile(c, book);
    }
});
