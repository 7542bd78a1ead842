//! Fuzz target: replay traffic CSV and timestamps — any bytes give Ok or a clear Err, never a panic, hang or crash.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(r) = coldcost::traffic::parse_replay(text, "fuzz.csv") {
            assert!(r.bin_s >= 1.0 && r.counts.iter().all(|c| c.is_finite() && *c >= 0.0));
        }
        for line in text.lines().take(8) {
            let _ = coldcost::parse_timestamp(line);
        }
    }
});
