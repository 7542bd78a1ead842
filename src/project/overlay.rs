//! The traffic overlay: what templates do not carry — volume, shape and handler time — per function, in a small TOML
//! file beside the repository:
//!
//! ```toml
//! [default]                        # every function (optional)
//! monthly_invocations = 2_000_000
//! [function.SaveRawEventsFunction] # by the name the template gives it
//! monthly_invocations = 30_000_000
//! pattern = "diurnal"
//! duration_ms = 45
//! duration_p95_ms = 120
//! ```
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use crate::error::{toml_error, Error, Location, Result};
use crate::locate::find_key_line;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One function's traffic and handler time (every key optional).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrafficEntry {
    /// Invocations a month (an integer, or a string such as `"30M"`).
    #[serde(default, deserialize_with = "crate::profile::deserialize_volume")]
    pub monthly_invocations: Option<u64>,
    /// Traffic shape (`steady`, `diurnal`, `business-hours`, `bursty`, `schedule`).
    pub pattern: Option<String>,
    /// Warm handler time (median), ms.
    pub duration_ms: Option<f64>,
    /// Warm handler time, 95th percentile, ms.
    pub duration_p95_ms: Option<f64>,
}

impl TrafficEntry {
    /// `self`'s keys, falling back to `base`'s.
    fn or(&self, base: &TrafficEntry) -> TrafficEntry {
        TrafficEntry {
            monthly_invocations: self.monthly_invocations.or(base.monthly_invocations),
            pattern: self.pattern.clone().or_else(|| base.pattern.clone()),
            duration_ms: self.duration_ms.or(base.duration_ms),
            duration_p95_ms: self.duration_p95_ms.or(base.duration_p95_ms),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    default: Option<TrafficEntry>,
    #[serde(default)]
    function: BTreeMap<String, TrafficEntry>,
}

/// A parsed overlay, with the file it came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overlay {
    /// The file, for sources and errors.
    pub file: String,
    default: TrafficEntry,
    functions: BTreeMap<String, (TrafficEntry, usize)>,
    text: String,
}

impl Overlay {
    /// Parses an overlay.
    pub fn parse(text: &str, file: &str) -> Result<Overlay> {
        let raw: Raw = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
        let functions = raw
            .function
            .into_iter()
            .map(|(name, e)| {
                let line = text
                    .lines()
                    .position(|l| {
                        let t = l.trim();
                        t.starts_with("[function.") && t.contains(name.as_str())
                    })
                    .map_or(1, |i| i + 1);
                (name, (e, line))
            })
            .collect();
        Ok(Overlay {
            file: file.to_string(),
            default: raw.default.unwrap_or_default(),
            functions,
            text: text.to_string(),
        })
    }

    /// The entry for function `name` (its own keys over `[default]`'s), and the line it is on.
    pub fn entry(&self, name: &str) -> (TrafficEntry, Option<usize>) {
        match self.functions.get(name) {
            Some((e, line)) => (e.or(&self.default), Some(*line)),
            None => (
                self.default.clone(),
                find_key_line(&self.text, "default.monthly_invocations"),
            ),
        }
    }

    /// Fails when an entry names no function of `known` (a typo would otherwise be ignored).
    pub fn check_names<'a>(&self, known: impl Iterator<Item = &'a str> + Clone) -> Result<()> {
        for (name, (_, line)) in &self.functions {
            if !known.clone().any(|k| k == name) {
                return Err(Error::InvalidValue {
                    at: Location::at(self.file.clone(), *line),
                    field: "function".into(),
                    value: format!("\"{name}\""),
                    expected: format!(
                        "the name of a function in the project ({})",
                        known.clone().collect::<Vec<_>>().join(", ")
                    ),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_fall_back_to_default_and_typos_are_errors() {
        let text = "[default]\nmonthly_invocations = \"5\"\nduration_ms = 20\n[function.Api]\nmonthly_invocations = 9\n";
        let o = Overlay::parse(text, "t.toml").unwrap_or_default();
        let (api, line) = o.entry("Api");
        assert_eq!(
            (api.monthly_invocations, api.duration_ms, line),
            (Some(9), Some(20.0), Some(4))
        );
        assert_eq!(o.entry("Other").0.monthly_invocations, Some(5));
        assert!(o.check_names(["Api", "Other"].into_iter()).is_ok());
        let e = o
            .check_names(["Apì"].into_iter())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.starts_with("t.toml:4"), "{e}");
        assert!(Overlay::parse("[function.X]\nmonthly = 1\n", "t.toml").is_err());
    }

    #[test]
    fn volumes_read_as_in_profiles() {
        let o = Overlay::parse("[default]\nmonthly_invocations = \"1.5B\"\n", "t.toml")
            .unwrap_or_default();
        assert_eq!(o.entry("Any").0.monthly_invocations, Some(1_500_000_000));
        let e = Overlay::parse("[default]\nmonthly_invocations = \"30X\"\n", "t.toml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("t.toml:2") && e.contains("\"30X\""), "{e}");
    }
}
