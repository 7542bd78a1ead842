//! Whether the local interpreter is the version the profile's runtime runs on Lambda: import times differ between
//! versions (Python 3.12 changed how the standard library loads; each Node.js major ships another V8), so a
//! measurement with another version carries a warning.

use crate::vocab::Runtime;

/// The language version `runtime` runs: `3.12` for `python3.12`, `22` for `nodejs22.x`; `None` for custom runtimes.
pub fn runtime_version(runtime: Runtime) -> Option<&'static str> {
    let id = runtime.as_str();
    if let Some(v) = id.strip_prefix("python") {
        return Some(v);
    }
    id.strip_prefix("nodejs").and_then(|v| v.strip_suffix(".x"))
}

/// A warning when `interpreter` (as measurements name it: `python 3.11.7`, `node v20.20.2`) is not the version of
/// `runtime`; `None` when it is, or when either version is unknown.
pub fn version_warning(runtime: Runtime, interpreter: &str) -> Option<String> {
    let want = runtime_version(runtime)?;
    let have = interpreter
        .split_whitespace()
        .nth(1)?
        .trim_start_matches('v');
    // `3.12` matches `3.12.4` (not `3.1`), `22` matches `22.11.0`.
    let matches = have == want
        || have
            .strip_prefix(want)
            .is_some_and(|rest| rest.starts_with('.'));
    (!matches && have.chars().next().is_some_and(|c| c.is_ascii_digit())).then(|| {
        format!(
            "the local interpreter is {interpreter} but the profile's runtime {runtime} runs version {want}: import \
             times differ between versions; pass --interpreter with a {want} interpreter to measure what Lambda runs"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtimes_name_their_versions() {
        assert_eq!(runtime_version(Runtime::Python312), Some("3.12"));
        assert_eq!(runtime_version(Runtime::Node22), Some("22"));
        assert_eq!(runtime_version(Runtime::ProvidedAl2023), None);
    }

    #[test]
    fn another_version_is_warned_about_and_the_same_is_not() {
        let w = version_warning(Runtime::Python312, "python 3.11.7").unwrap();
        assert!(
            w.contains("python 3.11.7") && w.contains("python3.12"),
            "{w}"
        );
        assert_eq!(version_warning(Runtime::Python311, "python 3.11.7"), None);
        assert!(version_warning(Runtime::Python311, "python 3.1.2").is_some());
        assert!(version_warning(Runtime::Node22, "node v20.20.2").is_some());
        assert_eq!(version_warning(Runtime::Node20, "node v20.20.2"), None);
        // Nothing known to compare: no warning.
        assert_eq!(version_warning(Runtime::Node20, "node ?"), None);
        assert_eq!(version_warning(Runtime::ProvidedAl2, "node v20.1.0"), None);
    }
}
