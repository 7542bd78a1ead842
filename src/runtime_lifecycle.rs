//! The Node.js and Python runtimes' lifecycle on Lambda — release, deprecation, create-block and update-block dates —
//! and when SnapStart for Python became available, each with its source (`catalog/runtime-lifecycle.toml`; the
//! research behind the dates in `catalog/RUNTIME-LIFECYCLE.md`). A report notes a runtime that is not yet released,
//! close to deprecation, deprecated, or blocked for new functions or updates as of the run's date.

use crate::date::Date;
use crate::error::{toml_error, Error, Location, Result};
use serde::Deserialize;

/// The committed catalogue, embedded.
pub const EMBEDDED_TOML: &str = include_str!("../catalog/runtime-lifecycle.toml");

/// A deprecation this many days ahead or fewer is noted: coldcost's choice of lead time (no AWS figure behind it),
/// long enough for a budget review to plan a runtime upgrade.
pub const WARN_DAYS: i64 = 180;

/// One runtime's dates (AWS says each phase starts at midnight Pacific time on the date given).
#[derive(Debug, Clone, PartialEq)]
pub struct RuntimeDates {
    /// AWS's identifier, e.g. `nodejs20.x`.
    pub id: String,
    /// Its operating system.
    pub os: String,
    /// Generally available on Lambda.
    pub released: Date,
    /// Deprecated: no more security patches or support.
    pub deprecation: Date,
    /// New functions can no longer be created with it.
    pub block_create: Date,
    /// Existing functions can no longer be updated.
    pub block_update: Date,
    /// Where the dates come from.
    pub source: String,
    /// Whether the deprecation and block dates were read on an AWS page (false: some rest on secondary sources).
    pub lifecycle_verified: bool,
    /// Whether the release date was read on an AWS page.
    pub released_verified: bool,
}

/// A feature's availability date.
#[derive(Debug, Clone, PartialEq)]
pub struct Availability {
    /// The first day it was available.
    pub from: Date,
    /// Where the date comes from.
    pub source: String,
    /// Whether the date was read on an AWS page.
    pub verified: bool,
}

/// The catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct RuntimeLifecycle {
    /// Every runtime with dates, newest first within each language.
    pub runtimes: Vec<RuntimeDates>,
    /// SnapStart for Python.
    pub snapstart_python: Availability,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    runtime: Vec<RawRuntime>,
    snapstart_python: RawSnapStart,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRuntime {
    id: String,
    os: String,
    released: String,
    deprecation: String,
    block_create: String,
    block_update: String,
    source: String,
    lifecycle_verified: bool,
    released_verified: bool,
    verified: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSnapStart {
    available_from: String,
    min_runtime: String,
    source: String,
    verified: bool,
}

impl RuntimeLifecycle {
    /// The built-in catalogue (parsed once).
    pub fn embedded() -> Result<&'static RuntimeLifecycle> {
        static CATALOG: std::sync::OnceLock<RuntimeLifecycle> = std::sync::OnceLock::new();
        if let Some(c) = CATALOG.get() {
            return Ok(c);
        }
        let parsed = RuntimeLifecycle::from_toml(
            EMBEDDED_TOML,
            "<built-in catalog/runtime-lifecycle.toml>",
        )?;
        Ok(CATALOG.get_or_init(|| parsed))
    }

    /// Parses a catalogue, checking each runtime's dates are in order.
    pub fn from_toml(text: &str, origin: &str) -> Result<RuntimeLifecycle> {
        let raw: Raw = toml::from_str(text).map_err(|e| toml_error(origin, text, &e))?;
        let date = |field: &str, v: &str| -> Result<Date> {
            v.parse().map_err(|_| Error::InvalidValue {
                at: Location::file(origin),
                field: field.into(),
                value: v.into(),
                expected: "expected a date YYYY-MM-DD".into(),
            })
        };
        let mut runtimes = Vec::with_capacity(raw.runtime.len());
        for r in raw.runtime {
            let d = RuntimeDates {
                released: date(&format!("{}.released", r.id), &r.released)?,
                deprecation: date(&format!("{}.deprecation", r.id), &r.deprecation)?,
                block_create: date(&format!("{}.block_create", r.id), &r.block_create)?,
                block_update: date(&format!("{}.block_update", r.id), &r.block_update)?,
                lifecycle_verified: r.verified || r.lifecycle_verified,
                released_verified: r.verified || r.released_verified,
                id: r.id,
                os: r.os,
                source: r.source,
            };
            if !(d.released < d.deprecation
                && d.deprecation <= d.block_create
                && d.block_create <= d.block_update)
            {
                return Err(Error::InvalidValue {
                    at: Location::file(origin),
                    field: d.id.clone(),
                    value: format!(
                        "released {}, deprecation {}, block create {}, block update {}",
                        d.released, d.deprecation, d.block_create, d.block_update
                    ),
                    expected: "expected release < deprecation ≤ create block ≤ update block".into(),
                });
            }
            runtimes.push(d);
        }
        let s = raw.snapstart_python;
        if s.min_runtime != "python3.12" {
            return Err(Error::InvalidValue {
                at: Location::file(origin),
                field: "snapstart_python.min_runtime".into(),
                value: s.min_runtime,
                expected: "expected python3.12 (the runtime rule coldcost applies)".into(),
            });
        }
        Ok(RuntimeLifecycle {
            runtimes,
            snapstart_python: Availability {
                from: date("snapstart_python.available_from", &s.available_from)?,
                source: s.source,
                verified: s.verified,
            },
        })
    }

    /// The dates of runtime `id`, when known.
    pub fn get(&self, id: &str) -> Option<&RuntimeDates> {
        self.runtimes.iter().find(|r| r.id == id)
    }

    /// What a report should say about runtime `id` (with SnapStart when `snapstart`) as of `as_of`: nothing for a
    /// supported runtime more than [`WARN_DAYS`] from deprecation.
    pub fn notes(&self, id: &str, snapstart: bool, as_of: Date) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(r) = self.get(id) {
            let basis = |verified: bool| {
                if verified {
                    "AWS's dates"
                } else {
                    "AWS's dates, some read only in secondary sources: catalog/RUNTIME-LIFECYCLE.md"
                }
            };
            let (released_basis, basis) = (basis(r.released_verified), basis(r.lifecycle_verified));
            let days_to = |d: Date| d.days_since_epoch() - as_of.days_since_epoch();
            if as_of < r.released {
                notes.push(format!(
                    "{id} was not yet available on Lambda on {as_of}: released {} ({released_basis})",
                    r.released
                ));
            } else if as_of >= r.block_update {
                notes.push(format!(
                    "{id} is deprecated since {} and blocked since {}: functions on it can be neither created nor updated (existing ones still run; {basis})",
                    r.deprecation, r.block_update
                ));
            } else if as_of >= r.block_create {
                notes.push(format!(
                    "{id} is deprecated since {}: new functions cannot be created on it since {}, and updates are blocked from {} — a pre-launch estimate should use a supported runtime ({basis})",
                    r.deprecation, r.block_create, r.block_update
                ));
            } else if as_of >= r.deprecation {
                notes.push(format!(
                    "{id} is deprecated since {} (no more security patches): creating functions on it is blocked from {}, updating them from {} ({basis})",
                    r.deprecation, r.block_create, r.block_update
                ));
            } else if days_to(r.deprecation) <= WARN_DAYS {
                notes.push(format!(
                    "{id} will be deprecated on {} ({} days after {as_of}); creating functions on it is blocked from {} ({basis})",
                    r.deprecation,
                    days_to(r.deprecation),
                    r.block_create
                ));
            }
        }
        let s = &self.snapstart_python;
        if snapstart && id.starts_with("python") && as_of < s.from {
            notes.push(format!(
                "SnapStart for Python was not available on {as_of}: it became generally available on {} ({})",
                s.from,
                if s.verified { "AWS" } else { "AWS News Blog; the date from secondary sources" }
            ));
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap_or(Date::INIT_BILLING_START)
    }

    #[test]
    fn the_built_in_catalogue_has_the_issues_dates() {
        let c = RuntimeLifecycle::embedded().unwrap_or_else(|e| panic!("{e}"));
        let dates = |id: &str| c.get(id).map(|r| (r.released, r.deprecation));
        assert_eq!(dates("nodejs18.x").map(|x| x.1), Some(d("2025-09-01")));
        assert_eq!(dates("python3.9").map(|x| x.1), Some(d("2025-12-15")));
        assert_eq!(dates("nodejs20.x").map(|x| x.1), Some(d("2026-04-30")));
        assert_eq!(dates("nodejs24.x").map(|x| x.0.month), Some(11));
        assert_eq!(dates("python3.14").map(|x| x.0.month), Some(11));
        assert_eq!(c.snapstart_python.from, d("2024-11-18"));
        // Every runtime coldcost models has dates, except the custom ones (OS-only runtimes).
        for r in crate::vocab::Runtime::ALL {
            assert_eq!(
                c.get(r.as_str()).is_some(),
                r.is_managed(),
                "{}",
                r.as_str()
            );
        }
    }

    #[test]
    fn each_phase_has_its_note() {
        let c = RuntimeLifecycle::embedded().unwrap_or_else(|e| panic!("{e}"));
        let note = |id: &str, on: &str| c.notes(id, false, d(on)).join(" | ");
        assert_eq!(note("nodejs22.x", "2026-01-01"), "");
        assert!(
            note("nodejs20.x", "2026-01-01").contains("will be deprecated on 2026-04-30 (119 days")
        );
        assert!(note("nodejs20.x", "2026-05-01")
            .contains("deprecated since 2026-04-30 (no more security patches)"));
        assert!(note("nodejs20.x", "2026-09-01")
            .contains("new functions cannot be created on it since 2026-08-31"));
        assert!(note("nodejs20.x", "2026-12-03").contains("neither created nor updated"));
        assert!(
            note("nodejs24.x", "2025-06-01").contains("not yet available on Lambda on 2025-06-01")
        );
        assert!(c
            .notes("python3.12", true, d("2024-06-01"))
            .iter()
            .any(|n| n.contains("SnapStart for Python")));
        assert!(c.notes("python3.12", true, d("2024-11-18")).is_empty());
    }

    #[test]
    fn dates_out_of_order_are_refused() {
        let text = EMBEDDED_TOML.replacen(
            "deprecation = \"2028-04-30\"",
            "deprecation = \"2020-01-01\"",
            1,
        );
        let e = RuntimeLifecycle::from_toml(&text, "x.toml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("nodejs24.x") && e.contains("expected release < deprecation"),
            "{e}"
        );
    }
}
