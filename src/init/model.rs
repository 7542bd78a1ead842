//! The INIT model: runtime baseline + import weight scaled from this machine to Lambda + a package-size term for
//! unbundled Node.js code + the profile's extra INIT, as a lognormal-ish summary (p50, p95, mean).

use super::fallback::Fallback;
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

    /// The imports of `p` (eager and lazy, with the key each is listed under) that the catalogue does not hold.
    pub fn unknown_imports(&self, p: &Profile) -> Vec<(&'static str, String)> {
        let family = p.runtime.family();
        let eager = p.package.imports.iter().map(|n| ("package.imports", n));
        let lazy = p
            .package
            .lazy_imports
            .iter()
            .map(|n| ("package.lazy_imports", n));
        eager
            .chain(lazy)
            .filter(|(_, n)| self.imports.catalogue_name(family, n).is_none())
            .filter(|(_, n)| {
                p.package
                    .installed
                    .get(n.as_str())
                    .and_then(|i| i.local_ms)
                    .is_none()
            })
            .map(|(k, n)| (k, n.clone()))
            .collect()
    }

    /// `--strict`: an error naming the first import of `p` the catalogue does not hold.
    pub fn check_known(&self, p: &Profile) -> Result<()> {
        let Some((field, name)) = self.unknown_imports(p).into_iter().next() else {
            return Ok(());
        };
        let catalog = self.imports.catalog(p.runtime.family());
        let hint = near_name(catalog, &name)
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        let known = catalog
            .map(|c| {
                c.imports
                    .iter()
                    .map(|e| e.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        Err(Error::InvalidValue {
            at: p.location(),
            field: field.into(),
            value: format!("\"{name}\""),
            expected: format!(
                "under --strict, {hint}a name from the {} import catalogue ({known}); or measure your package with `coldcost measure` and set package.measured_import_ms",
                p.runtime
            ),
        })
    }

    /// Import time on Lambda of `listed` imports of the profile (ms), how it was obtained, its variance from the
    /// model (ms², from each part's log-sd), and a note per import the catalogue does not hold (estimated by the
    /// [`Fallback`]).
    fn import_ms(&self, p: &Profile, listed: &[String]) -> Result<Weighed> {
        let family = p.runtime.family();
        let (factor, factor_sd) = self.imports.lambda_factor();
        let catalog = self.imports.catalog(family);
        let entry = |n: &str| catalog.and_then(|c| c.imports.iter().find(|e| e.name == n));
        let resolved: Vec<(&String, Option<String>)> = listed
            .iter()
            .map(|n| (n, self.imports.catalogue_name(family, n)))
            .collect();
        let mut w = Weighed::default();
        for (name, known) in &resolved {
            // Not in the catalogue but measured here, installed: weighed as a catalogue entry would be.
            if let Some(local) = p
                .package
                .installed
                .get(name.as_str())
                .and_then(|i| i.local_ms)
                .filter(|_| known.is_none())
            {
                w.ms += local * factor;
                w.var += (local * factor * factor_sd).powi(2);
                w.how.push(format!(
                    "{name}: {local:.0} ms measured locally, installed (not in the catalogue) × {factor:.1}"
                ));
                continue;
            }
            let Some(known) = known else {
                let Some(fb) = catalog.and_then(Fallback::fit) else {
                    return Err(Error::InvalidValue {
                        at: p.location(),
                        field: "package.imports".into(),
                        value: format!("\"{name}\""),
                        expected: format!(
                            "no imports: {} has no import catalogue; set package.extra_init_ms",
                            p.runtime
                        ),
                    });
                };
                // Installed in the project: the line on its closure's files, where that line predicts.
                let by_files = fb
                    .by_files
                    .zip(p.package.installed.get(name.as_str()))
                    .map(|(line, i)| (line, i.closure_files));
                let (local, local_sd) = match by_files {
                    Some((line, files)) => (line.local_ms(files), line.residual_sd),
                    None => (fb.median_local_ms, fb.log_sd),
                };
                let ms = local * factor;
                let sd = local_sd.hypot(factor_sd);
                w.ms += ms;
                w.var += (ms * sd).powi(2);
                w.how.push(match by_files {
                    Some((line, files)) => format!(
                        "{name}: {ms:.0} ms estimated from its {files} installed files (not in the catalogue; the catalogue's line on closure files, off by ×{:.1} in leave-one-out)",
                        line.loo_factor()
                    ),
                    None if p.package.installed.contains_key(name.as_str()) => format!(
                        "{name}: {ms:.0} ms estimated (not in the catalogue; its installed files are not used: in the {family} catalogue they predict import time no better than the median does)"
                    ),
                    None => format!("{name}: {ms:.0} ms estimated (not in the catalogue)"),
                });
                if by_files.is_none() {
                    w.fallback = Some((fb, ms));
                } else {
                    w.from_files.push((*name).clone());
                }
                w.estimated.push((*name).clone());
                continue;
            };
            // Skip an import that another listed import already loads (pandas loads numpy).
            let included = resolved.iter().any(|(_, other)| {
                other.as_ref().is_some_and(|o| {
                    o != known && entry(o).is_some_and(|e| e.includes.contains(known))
                })
            });
            if included {
                w.how.push(format!("{name}: loaded by another import"));
                continue;
            }
            if let Some(m) = self.imports.on_lambda(family, known) {
                w.ms += m.lambda_ms;
                w.var += (m.lambda_ms * ON_LAMBDA_LOG_SD).powi(2);
                w.how
                    .push(format!("{name}: {:.0} ms measured on Lambda", m.lambda_ms));
            } else if let Some(e) = entry(known) {
                w.ms += e.local_ms * factor;
                w.var += (e.local_ms * factor * factor_sd).powi(2);
                w.how
                    .push(format!("{name}: {:.0} ms local × {factor:.1}", e.local_ms));
            }
        }
        if !w.from_files.is_empty() {
            w.notes.push(format!(
                "not in the {family} import catalogue, so estimated from the code files each has installed (with its dependencies), on the catalogue's line of import time against those files: {} — see the INIT method for each figure; measure them with `coldcost measure` and set package.measured_import_ms, or refuse them with --strict",
                w.from_files.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        if let Some((fb, ms)) = &w.fallback {
            let names: Vec<String> = w
                .estimated
                .iter()
                .filter(|n| !w.from_files.contains(n))
                .map(|n| match near_name(catalog, n) {
                    Some(near) => format!("`{n}` (did you mean `{near}`?)"),
                    None => format!("`{n}`"),
                })
                .collect();
            w.notes.push(format!(
                "not in the {family} import catalogue, so estimated at {ms:.0} ms each on Lambda, the catalogue's typical package ({:.0} ms local, the median of {} packages, × {factor:.1}; off by ×{:.1} on average when each catalogue package is estimated from the others): {} — measure them with `coldcost measure` and set package.measured_import_ms, or refuse them with --strict",
                fb.median_local_ms,
                fb.entries,
                fb.loo_factor(),
                names.join(", ")
            ));
        }
        Ok(w)
    }
}

/// The weight of a list of imports.
#[derive(Debug, Clone, Default)]
struct Weighed {
    /// On Lambda, ms.
    ms: f64,
    /// Variance from the model, ms².
    var: f64,
    /// How each import was weighed.
    how: Vec<String>,
    /// One per import the catalogue does not hold.
    notes: Vec<String>,
    /// Those imports' names.
    estimated: Vec<String>,
    /// The fallback that weighed them by the catalogue's median, and that figure on Lambda, ms.
    fallback: Option<(Fallback, f64)>,
    /// Those weighed by their installed closure's files instead.
    from_files: Vec<String>,
}

/// A catalogue name within two edits of `name` (a likely typo), ignoring case.
fn near_name<'c>(
    catalog: Option<&'c super::imports::ImportCatalog>,
    name: &str,
) -> Option<&'c str> {
    let want: Vec<char> = name.to_lowercase().chars().collect();
    catalog?
        .imports
        .iter()
        .map(|e| {
            let have: Vec<char> = e.name.to_lowercase().chars().collect();
            (edit_distance(&want, &have), e.name.as_str())
        })
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// Levenshtein distance.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let cost = prev + usize::from(ca != cb);
            prev = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = cost.min(above + 1).min(left + 1);
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

impl InitModel for CatalogInit {
    fn init(&self, p: &Profile) -> Result<InitEstimate> {
        let b = self.runtimes.baseline_of(p)?;
        let Weighed {
            ms: mut imports,
            var: mut import_var,
            mut how,
            mut notes,
            mut estimated,
            ..
        } = self.import_ms(p, &p.package.imports)?;
        let imports_before_measured = imports;
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
            let both: Vec<String> = p
                .package
                .imports
                .iter()
                .chain(&p.package.lazy_imports)
                .cloned()
                .collect();
            let all = self.import_ms(p, &both)?;
            lazy = (all.ms - imports_before_measured).max(0.0);
            // The eager and lazy lists together name every estimated import once.
            if all.estimated.len() > estimated.len() {
                estimated = all.estimated;
                notes = all.notes;
            }
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
            notes,
            estimated_imports: estimated,
        })
    }
}
