//! Runtime INIT baselines: hello-world INIT time per runtime, architecture and package type, derived from the
//! lambda-perf measurements (`catalog/lambda-perf/last.json`) into `catalog/runtimes.toml` by
//! [`derive_from_lambda_perf`]; a test checks the committed catalogue against the data.

use crate::error::{toml_error, Error, Location, Result};
use crate::stats::quantile_sorted;
use crate::vocab::{Architecture, PackageType, Runtime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The committed catalogue, embedded.
pub const EMBEDDED_TOML: &str = include_str!("../../catalog/runtimes.toml");

/// INIT of a hello-world function for one configuration, pooled over memory sizes (INIT is flat in memory).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Runtime identifier, e.g. `python3.13`.
    pub runtime: String,
    /// `x86_64` or `arm64`.
    pub architecture: String,
    /// `zip` or `image`.
    pub package_type: String,
    /// Number of measured cold starts.
    pub samples: usize,
    /// Median INIT, ms.
    pub p50_ms: f64,
    /// 95th percentile INIT, ms.
    pub p95_ms: f64,
    /// Mean INIT, ms.
    pub mean_ms: f64,
    /// Median per memory size (128, 256, 512, 1,024 MB), ms: shows INIT is flat in memory.
    pub p50_by_memory_ms: BTreeMap<String, f64>,
}

/// The runtime baseline catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuntimeCatalog {
    /// Where the measurements come from.
    pub source: String,
    /// When the measurements were taken.
    pub measured: String,
    /// One entry per runtime × architecture × package type.
    pub baseline: Vec<Baseline>,
}

impl RuntimeCatalog {
    /// The built-in catalogue.
    pub fn embedded() -> Result<RuntimeCatalog> {
        toml::from_str(EMBEDDED_TOML)
            .map_err(|e| toml_error("<built-in catalog/runtimes.toml>", EMBEDDED_TOML, &e))
    }

    /// The baseline of a profile's runtime, architecture and package type, or an error naming the profile.
    pub fn baseline_of(&self, p: &crate::profile::Profile) -> Result<&Baseline> {
        self.find(p.runtime, p.architecture, p.package_type)
            .ok_or_else(|| Error::Unsupported {
                at: p.location(),
                message: format!(
                    "no INIT baseline for {} {} {}",
                    p.runtime,
                    p.architecture,
                    p.package_type.as_str()
                ),
            })
    }

    /// The baseline for a configuration; image falls back to zip ×2 only if absent (it is present for all managed runtimes).
    pub fn find(
        &self,
        runtime: Runtime,
        arch: Architecture,
        package: PackageType,
    ) -> Option<&Baseline> {
        self.baseline.iter().find(|b| {
            b.runtime == runtime.as_str()
                && b.architecture == arch.as_str()
                && b.package_type == package.as_str()
        })
    }
}

#[derive(Deserialize)]
struct PerfFile {
    metadata: PerfMeta,
    #[serde(rename = "runtimeData")]
    runtime_data: Vec<PerfRow>,
}

#[derive(Deserialize)]
struct PerfMeta {
    #[serde(rename = "generatedAt")]
    generated_at: String,
}

#[derive(Deserialize)]
struct PerfRow {
    r: String,
    p: String,
    i: Vec<f64>,
    m: u32,
    a: String,
}

/// The lambda-perf id of a runtime. Custom runtimes (`provided.*`) use the Rust hello-world, the lightest bootstrap.
fn perf_id(runtime: Runtime) -> &'static str {
    match runtime {
        Runtime::Node20 => "nodejs20x",
        Runtime::Node22 => "nodejs22x",
        Runtime::Node24 => "nodejs24x",
        Runtime::Python311 => "python311",
        Runtime::Python312 => "python312",
        Runtime::Python313 => "python313",
        Runtime::Python314 => "python314",
        Runtime::ProvidedAl2 => "rust_on_provided_al2",
        Runtime::ProvidedAl2023 => "rust_on_provided_al2023",
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Derives the runtime catalogue (as TOML text) from a lambda-perf `last.json`.
pub fn derive_from_lambda_perf(json: &str, file: &str) -> Result<String> {
    let data: PerfFile = serde_json::from_str(json).map_err(|e| Error::Syntax {
        at: Location::at(file, e.line()),
        message: e.to_string(),
    })?;
    let mut out = String::new();
    let _ = writeln!(out, "# INIT of hello-world functions (no dependencies, one-file package), pooled over 128–1,024 MB.");
    let _ = writeln!(out, "# Generated from catalog/lambda-perf/last.json by `coldcost catalog runtimes catalog/lambda-perf/last.json`;");
    let _ = writeln!(out, "# a test regenerates it and fails if this file differs. Custom runtimes (provided.*) use the Rust hello-world.");
    let cat = RuntimeCatalog {
        source: "maxday/lambda-perf data/last.json @6070b794 (Apache-2.0), 10 forced cold starts per configuration".into(),
        measured: data.metadata.generated_at.clone(),
        baseline: Runtime::ALL
            .iter()
            .flat_map(|&rt| Architecture::ALL.into_iter().map(move |a| (rt, a)))
            .flat_map(|(rt, a)| [PackageType::Zip, PackageType::Image].into_iter().map(move |p| (rt, a, p)))
            .filter_map(|(rt, a, p)| {
                let prefix = format!("lambda-perf-{}-{}-", perf_id(rt), p.as_str());
                let rows: Vec<&PerfRow> = data
                    .runtime_data
                    .iter()
                    .filter(|r| r.r.starts_with(&prefix) && r.a == a.as_str() && r.p == p.as_str())
                    .collect();
                let mut all: Vec<f64> = rows.iter().flat_map(|r| r.i.iter().copied()).filter(|x| x.is_finite()).collect();
                if all.is_empty() {
                    return None;
                }
                all.sort_by(f64::total_cmp);
                let by_mem = rows
                    .iter()
                    .map(|r| {
                        let mut s = r.i.clone();
                        s.sort_by(f64::total_cmp);
                        (format!("{}", r.m), round1(quantile_sorted(&s, 0.5).unwrap_or(0.0)))
                    })
                    .collect();
                Some(Baseline {
                    runtime: rt.as_str().into(),
                    architecture: a.as_str().into(),
                    package_type: p.as_str().into(),
                    samples: all.len(),
                    p50_ms: round1(quantile_sorted(&all, 0.5).unwrap_or(0.0)),
                    p95_ms: round1(quantile_sorted(&all, 0.95).unwrap_or(0.0)),
                    mean_ms: round1(all.iter().sum::<f64>() / all.len() as f64),
                    p50_by_memory_ms: by_mem,
                })
            })
            .collect(),
    };
    out.push_str(&toml::to_string(&cat).map_err(|e| Error::Syntax {
        at: Location::file(file),
        message: e.to_string(),
    })?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perf_ids() {
        assert_eq!(perf_id(Runtime::Python313), "python313");
        assert_eq!(perf_id(Runtime::Node22), "nodejs22x");
        assert_eq!(perf_id(Runtime::ProvidedAl2023), "rust_on_provided_al2023");
    }

    #[test]
    fn committed_catalogue_matches_the_lambda_perf_data() {
        let json = include_str!("../../catalog/lambda-perf/last.json");
        let derived = derive_from_lambda_perf(json, "last.json").unwrap();
        assert_eq!(derived, EMBEDDED_TOML, "catalog/runtimes.toml is stale: regenerate it with `coldcost catalog runtimes catalog/lambda-perf/last.json > catalog/runtimes.toml`");
        let cat = RuntimeCatalog::embedded().unwrap();
        for rt in Runtime::ALL {
            for a in Architecture::ALL {
                assert!(cat.find(rt, a, PackageType::Zip).is_some(), "{rt} {a}");
            }
        }
    }
}
