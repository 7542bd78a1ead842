//! Fuzz target: profile TOML, validated and its INIT estimated — any bytes give Ok or a clear Err, never a panic, hang or crash.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(p) = coldcost::Profile::from_toml(text, "fuzz.toml") {
            let _ = p.check_supported();
            use coldcost::init::InitModel;
            if let Ok(m) = coldcost::init::CatalogInit::embedded() {
                let _ = m.init(&p);
            }
            let _ = coldcost::traffic::TrafficModel::from_profile(&p)
                .map(|t| t.expected_between(0.0, 3600.0));
        }
    }
});
