//! The INIT model: runtime baseline + import weight scaled from this machine to Lambda + a package-size term for
//! unbundled Node.js code + the profile's extra INIT, as a lognormal-ish summary (p50, p95, mean).

use super::imports::Imports;
use super::runtimes::RuntimeCatalog;
use super::{InitEstimate, InitModel};
use crate::error::{Error, Result};
use crate::profile::Profile;
use crate::stats::LogNormal;
use crate::vocab::Family;

/// INIT ms per MB of unbundled Node.js dependencies: ≈ 0.26 s at 1 KB, 1.7 s at 14 MB and 3.9 s at 35 MB of
/// dependencies end to end (shared/reference/coldstart.md, 2019–2021) — a slope of ≈ 103–104 ms/MB.
pub const NODE_UNBUNDLED_MS_PER_MB: f64 = 100.0;

/// Spread (σ of the logarithm) of import time from one cold start to the next: an assumption (lambda-perf's
/// hello-world samples move ±15–25 ms around ~100 ms).
pub const IMPORT_SIGMA: f64 = 0.15;

/// Uncertainty (log-sd) of a lambda-perf baseline mean: 40 cold starts, medians move a few percent between days.
pub const BASELINE_LOG_SD: f64 = 0.05;
/// Uncertainty of a published on-Lambda import figure: an assumption (versions and memory sizes differ).
pub const ON_LAMBDA_LOG_SD: f64 = 0.25;
/// Uncertainty of the unbundled-size term: an assumption (three end-to-end figures, 2019–2021).
pub const SIZE_TERM_LOG_SD: f64 = 0.3;
/// Uncertainty of the profile's own `extra_init_ms`: an assumption.
pub const EXTRA_LOG_SD: f64 = 0.2;

/// The full INIT model with the embedded catalogues.
#[derive(Debug, Clone)]
pub struct CatalogInit {
    /// Runtime baselines.
    pub runtimes: RuntimeCatalog,
    /// Import catalogues and on-Lambda calibration.
    pub imports: Imports,
}

impl CatalogInit {
    /// The model with the built-in catalogues.
    pub fn embedded() -> Result<CatalogInit> {
        Ok(CatalogInit {
            runtimes: RuntimeCatalog::embedded()?,
            imports: Imports::embedded()?,
        })
    }

    /// Import time on Lambda of `listed` imports of the profile (ms), how it was obtained, and its variance from
    /// the model (ms², from each part's log-sd). `field` names the profile key they come from, for errors.
    fn import_ms(
        &self,
        p: &Profile,
        listed: &[String],
        field: &str,
    ) -> Result<(f64, Vec<String>, f64)> {
        let family = p.runtime.family();
        let (factor, _) = self.imports.lambda_factor();
        let mut total = 0.0;
        let mut var = 0.0;
        let (_, factor_sd) = self.imports.lambda_factor();
        let mut how = Vec::new();
        let catalog = self.imports.catalog(family);
        for name in listed {
            let entry = catalog.and_then(|c| c.imports.iter().find(|e| &e.name == name));
            // Skip an import that another listed import already loads (pandas loads numpy).
            let included = listed.iter().any(|other| {
                other != name
                    && catalog
                        .and_then(|c| c.imports.iter().find(|e| &e.name == other))
                        .is_some_and(|e| e.includes.contains(name))
            });
            if included {
                how.push(format!("{name}: loaded by another import"));
                continue;
            }
            if let Some(m) = self.imports.on_lambda(family, name) {
                total += m.lambda_ms;
                var += (m.lambda_ms * ON_LAMBDA_LOG_SD).powi(2);
                how.push(format!("{name}: {:.0} ms measured on Lambda", m.lambda_ms));
            } else if let Some(e) = entry {
                total += e.local_ms * factor;
                var += (e.local_ms * factor * factor_sd).powi(2);
                how.push(format!("{name}: {:.0} ms local × {factor:.1}", e.local_ms));
            } else {
                let known = catalog
                    .map(|c| {
                        c.imports
                            .iter()
                            .map(|e| e.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                return Err(Error::InvalidValue {
                    at: p.location(),
                    field: field.into(),
                    value: format!("\"{name}\""),
                    expected: format!(
                        "a name from the {} import catalogue ({known}); or measure your package with `coldcost measure` and set package.measured_import_ms",
                        p.runtime
                    ),
                });
            }
        }
        Ok((total, how, var))
    }
}

impl InitModel for CatalogInit {
    fn init(&self, p: &Profile) -> Result<InitEstimate> {
        let b = self.runtimes.baseline_of(p)?;
        let (mut imports, mut how, mut import_var) =
            self.import_ms(p, &p.package.imports, "package.imports")?;
        if let Some(ms) = p.package.measured_import_ms {
            let (factor, factor_sd) = self.imports.lambda_factor();
            imports += ms * factor;
            import_var += (ms * factor * factor_sd).powi(2);
            how.push(format!("measured {ms:.0} ms local × {factor:.1}"));
        }
        // Lazy imports: what loading them adds once INIT's imports are loaded (pandas after an eager numpy costs
        // pandas less numpy), i.e. the imports of both lists less INIT's own.
        let mut lazy = 0.0;
        if !p.package.lazy_imports.is_empty() {
            // Unknown names are reported against the key they are written under.
            self.import_ms(p, &p.package.lazy_imports, "package.lazy_imports")?;
            let both: Vec<String> = p
                .package
                .imports
                .iter()
                .chain(&p.package.lazy_imports)
                .cloned()
                .collect();
            let (eager, _, _) = self.import_ms(p, &p.package.imports, "package.imports")?;
            let (all, _, _) = self.import_ms(p, &both, "package.lazy_imports")?;
            lazy = (all - eager).max(0.0);
            how.push(format!(
                "on each environment's first request, not INIT: {} {lazy:.0} ms",
                p.package.lazy_imports.join(", ")
            ));
        }
        let size_term = if p.runtime.family() == Family::Node && !p.package.bundled {
            p.package.size_mb * NODE_UNBUNDLED_MS_PER_MB
        } else {
            0.0
        };
        if size_term > imports {
            how.push(format!("unbundled {:.0} MB × {NODE_UNBUNDLED_MS_PER_MB} ms/MB = {size_term:.0} ms (exceeds the imports)", p.package.size_mb));
        }
        let code = imports.max(size_term);
        let code_var = if size_term > imports {
            (size_term * SIZE_TERM_LOG_SD).powi(2)
        } else {
            import_var
        };
        let extra = p.package.extra_init_ms;
        // The import time is lognormal about its estimate.
        let imports_ms = LogNormal {
            median: code,
            sigma: IMPORT_SIGMA,
        };
        let mean = b.mean_ms + imports_ms.mean() + extra;
        let model_var =
            (b.mean_ms * BASELINE_LOG_SD).powi(2) + code_var + (extra * EXTRA_LOG_SD).powi(2);
        let (factor, log_sd) = self.imports.lambda_factor();
        Ok(InitEstimate {
            p50: b.p50_ms + code + extra,
            p95: b.p95_ms + imports_ms.quantile(0.95) + extra,
            mean,
            first_request_ms: LogNormal {
                median: lazy,
                sigma: IMPORT_SIGMA,
            }
            .mean(),
            // Relative standard deviation of the mean, used as a log-sd (accurate while it is small; a floor on
            // the wide import spread otherwise).
            model_log_sd: if mean > 0.0 { model_var.sqrt() / mean } else { 0.0 },
            method: format!(
                "{} hello-world {:.0} ms (lambda-perf, {} samples) + imports {:.0} ms [{}] + extra {:.0} ms; local-to-Lambda factor {factor:.1} (geometric mean of {} on-Lambda measurements, log-sd {log_sd:.2})",
                p.runtime,
                b.p50_ms,
                b.samples,
                code,
                if how.is_empty() { "none".to_string() } else { how.join("; ") },
                extra,
                self.imports.calibration_pairs().len()
            ),
        })
    }
}
