//! Lambda's execution-environment lifecycle as the cold-start model assumes it by default: idle keep-alive,
//! lifetime under traffic, scaling rate and account concurrency, each with its source and date
//! (`catalog/lambda-lifecycle.toml`; the research behind them in `catalog/LAMBDA-LIFECYCLE.md`). A profile overrides
//! them under `[traffic]`; reports list the defaults a profile used.

use crate::error::{toml_error, Result};
use serde::{Deserialize, Serialize};

/// The committed catalogue, embedded.
pub const EMBEDDED_TOML: &str = include_str!("../catalog/lambda-lifecycle.toml");

/// How long an execution environment lives from its creation, even when busy: uniform between `min_s` and
/// `max_s` (equal for a fixed lifetime), independently for each environment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Lifetime {
    /// Shortest, s.
    pub min_s: f64,
    /// Longest, s.
    pub max_s: f64,
}

impl Lifetime {
    /// Always `s` seconds.
    pub fn fixed(s: f64) -> Lifetime {
        Lifetime { min_s: s, max_s: s }
    }

    /// The mean lifetime, s.
    pub fn mean_s(&self) -> f64 {
        (self.min_s + self.max_s) / 2.0
    }
}

/// A measured range, uniform between its ends, with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcedRange {
    /// Shortest, s.
    pub min_s: f64,
    /// Longest, s.
    pub max_s: f64,
    /// When it was measured (`YYYY-MM`).
    pub measured: String,
    /// The source, quoted where it states the value.
    pub source: String,
}

/// The scaling rate of one function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scaling {
    /// New execution environments a function may start every `per_s` seconds (a bucket refilled continuously).
    pub new_environments: u64,
    /// Seconds in which the bucket refills from empty.
    pub per_s: f64,
    /// Date the rule took effect (`YYYY-MM-DD`).
    pub since: String,
    /// The source.
    pub source: String,
}

/// The default account concurrency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concurrency {
    /// Concurrent executions per account and Region by default.
    pub account_limit: u64,
    /// The source.
    pub source: String,
}

/// The lifecycle catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleCatalog {
    /// Idle keep-alive (the newest measurement: the default).
    pub keep_alive: SourcedRange,
    /// Idle keep-alive as measured in June 2020, the era of the validation data (not a default).
    pub keep_alive_2020: SourcedRange,
    /// Lifetime of an environment under traffic.
    pub lifetime: SourcedRange,
    /// New environments per function.
    pub scaling: Scaling,
    /// Account concurrency.
    pub concurrency: Concurrency,
}

impl LifecycleCatalog {
    /// The built-in catalogue (parsed once).
    pub fn embedded() -> Result<&'static LifecycleCatalog> {
        static CATALOG: std::sync::OnceLock<LifecycleCatalog> = std::sync::OnceLock::new();
        if let Some(c) = CATALOG.get() {
            return Ok(c);
        }
        let parsed: LifecycleCatalog = toml::from_str(EMBEDDED_TOML).map_err(|e| {
            toml_error(
                "<built-in catalog/lambda-lifecycle.toml>",
                EMBEDDED_TOML,
                &e,
            )
        })?;
        Ok(CATALOG.get_or_init(|| parsed))
    }

    /// The default lifetime.
    pub fn default_lifetime(&self) -> Lifetime {
        Lifetime {
            min_s: self.lifetime.min_s,
            max_s: self.lifetime.max_s,
        }
    }

    /// One line per default a profile took from this catalogue (`used` names them: `keep_alive`, `lifetime`,
    /// `scaling`, `concurrency`), for a report's assumptions.
    pub fn assumption_lines(&self, used: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for key in used {
            match *key {
                "keep_alive" => out.push(format!(
                    "idle keep-alive uniform {}–{} s (default; measured {}; override with traffic.keep_alive_s / keep_alive_max_s): {}",
                    self.keep_alive.min_s, self.keep_alive.max_s, self.keep_alive.measured, self.keep_alive.source
                )),
                "lifetime" => out.push(format!(
                    "environments retired at an age uniform {}–{} s even under traffic (default; measured {}; override with traffic.lifetime_s / lifetime_max_s, or lifetime_s = \"none\"): {}",
                    self.lifetime.min_s, self.lifetime.max_s, self.lifetime.measured, self.lifetime.source
                )),
                "scaling" => out.push(format!(
                    "at most {} new execution environments every {} s per function, refilled continuously; requests beyond it are throttled, reported and not billed (AWS rule since {}): {}",
                    self.scaling.new_environments, self.scaling.per_s, self.scaling.since, self.scaling.source
                )),
                "concurrency" => out.push(format!(
                    "concurrency limit {} (AWS's default account quota; override with traffic.concurrency_limit); requests beyond it are throttled, reported and not billed: {}",
                    self.concurrency.account_limit, self.concurrency.source
                )),
                _ => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_catalogue_parses_and_is_ordered() {
        let c = LifecycleCatalog::embedded().unwrap();
        assert!(c.keep_alive.min_s > 0.0 && c.keep_alive.min_s <= c.keep_alive.max_s);
        assert!(c.lifetime.min_s > c.keep_alive.max_s && c.lifetime.min_s <= c.lifetime.max_s);
        assert!(c.scaling.new_environments > 0 && c.scaling.per_s > 0.0);
        assert!(c.concurrency.account_limit > 0);
        for s in [
            &c.keep_alive.source,
            &c.lifetime.source,
            &c.scaling.source,
            &c.concurrency.source,
        ] {
            assert!(s.len() > 40, "every default names its source: {s}");
        }
    }
}
