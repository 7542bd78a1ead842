//! The INIT-time model: how long one cold start takes for a runtime, architecture, package and imports.

mod basis;
mod calibration;
mod catalog_gen;
mod contain;
mod fallback;
mod footprint;
mod imports;
mod measure;
mod measurement;
mod model;
mod reference;
mod runtimes;
mod timings;
mod unbundled;
mod version;

pub use basis::{Basis, Clock, BUSY_WALL_PER_CPU};
pub use calibration::{Calibration, CalibrationPair, Factor};
pub use catalog_gen::{build_import_catalog, machine_description};
pub use contain::{
    end_if_interrupted, interrupted, kill_children_on_interrupt, kill_live_children, CAPTURE_BYTES,
};
pub use fallback::Fallback;
pub use footprint::{
    annotate_catalog, node_footprint, python_footprint, Annotated, Environment, Footprint,
    SitePackages, BYTES_PER_MB, MAX_DEPTH, MAX_FILES, MAX_METADATA_BYTES, MAX_PACKAGES,
};
pub use imports::{ImportCatalog, ImportEntry, Imports, LambdaMeasurement};
pub use measure::{measure, MeasureOptions, DEFAULT_TIMEOUT};
pub use measurement::{Measurement, Spread};
pub use model::{
    CatalogInit, BASELINE_LOG_SD, EXTRA_LOG_SD, IMPORT_SIGMA, NODE_UNBUNDLED_MS_PER_MB,
    ON_LAMBDA_LOG_SD, SIZE_TERM_LOG_SD,
};
pub use reference::{
    measure_with_reference, reference_modules, write_reference_package, Referenced,
    REFERENCE_PACKAGE,
};
pub use runtimes::{derive_from_lambda_perf, Baseline, RuntimeCatalog};
pub use unbundled::{unbundled_size, SizeEstimate, NODE_MODULES_ZIP_RATIO};
pub use version::{runtime_version, version_warning};

use crate::error::Result;
use crate::profile::Profile;
use serde::Serialize;

/// INIT duration of one cold start, as a distribution summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InitEstimate {
    /// Median, ms.
    pub p50: f64,
    /// 95th percentile, ms.
    pub p95: f64,
    /// Mean, ms (used in the point estimate of the bill).
    pub mean: f64,
    /// Mean time of the work deferred to each environment's first request (lazy imports), ms: not INIT, but
    /// billed in that request.
    pub first_request_ms: f64,
    /// How unsure the model is of the mean (σ of its logarithm): the spread of the local-to-Lambda factor for
    /// scaled imports, smaller for published on-Lambda figures and measured baselines. Used by the uncertainty bands.
    pub model_log_sd: f64,
    /// How it was obtained, for the report's assumptions.
    pub method: String,
    /// What the report should say about this estimate (an import the catalogue does not hold, estimated).
    pub notes: Vec<String>,
    /// Imports estimated by the [`Fallback`] because the catalogue does not hold them.
    pub estimated_imports: Vec<String>,
}

/// Estimates INIT time for a profile.
pub trait InitModel {
    /// INIT of one on-demand cold start of `profile`.
    fn init(&self, profile: &Profile) -> Result<InitEstimate>;
}

/// Runtime baseline (lambda-perf hello-world) plus the profile's `package.extra_init_ms`.
#[derive(Debug, Clone)]
pub struct BaselineInit {
    /// The runtime catalogue.
    pub runtimes: RuntimeCatalog,
}

impl InitModel for BaselineInit {
    fn init(&self, p: &Profile) -> Result<InitEstimate> {
        let b = self.runtimes.baseline_of(p)?;
        let extra = p.package.extra_init_ms;
        Ok(InitEstimate {
            p50: b.p50_ms + extra,
            p95: b.p95_ms + extra,
            mean: b.mean_ms + extra,
            first_request_ms: 0.0,
            model_log_sd: if b.mean_ms + extra > 0.0 {
                ((b.mean_ms * BASELINE_LOG_SD).powi(2) + (extra * EXTRA_LOG_SD).powi(2)).sqrt()
                    / (b.mean_ms + extra)
            } else {
                0.0
            },
            method: format!(
                "lambda-perf hello-world baseline ({} samples) + package.extra_init_ms",
                b.samples
            ),
            notes: Vec::new(),
            estimated_imports: Vec::new(),
        })
    }
}
