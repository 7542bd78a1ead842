//! Fuzz target: the Insights console's Markdown export — any bytes give Ok or a clear Err, never a panic, hang or crash.
#![no_main]
use libfuzzer_sys::fuzz_target;
#[path = "checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::ingest_as(data, coldcost::ingest::Kind::InsightsMarkdown));
