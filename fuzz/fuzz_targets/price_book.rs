//! Fuzz target: price book TOML — any bytes give Ok or a clear Err, never a panic, hang or crash.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = coldcost::PriceBook::from_toml(text, "fuzz.toml");
    }
});
