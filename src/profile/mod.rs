//! The deployment profile: one Lambda function as the user plans to deploy it, read from TOML and validated.
//! Every key but `name` and `runtime` has a documented default (see the README's profile reference).
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

mod managed;
mod raw;

pub use managed::{default_concurrency_per_vcpu, ManagedInstances};

pub use crate::locate::find_key_line;
pub use crate::vocab::{Family, PackageType, Routing, Runtime, HOURS_PER_MONTH};

use crate::error::{toml_error, Error, Location, Result};
use crate::vocab::Architecture;
use serde::Serialize;

/// A monthly volume as written in a TOML file (a profile's `traffic.monthly_invocations`, a budget entry's
/// override): an integer, a whole float (`3e7`) or a string as people write volumes (`"30M"`, `"1.5B"`,
/// `"30,000,000"`, see [`crate::vocab::parse_volume`]). The error names `field` at `at` and the value as written.
pub fn volume_from_toml(v: &toml::Value, at: &Location, field: &str) -> Result<u64> {
    raw::volume_of(v).map_err(|(value, why)| Error::invalid(at, field, value, why))
}

/// Serde's reading of an optional volume key in another TOML file (the `--traffic` overlay): the same forms as a
/// profile's `monthly_invocations`, and the same reasons when it is not one.
pub fn deserialize_volume<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<u64>, D::Error> {
    use serde::Deserialize as _;
    match Option::<toml::Value>::deserialize(d)? {
        None => Ok(None),
        Some(v) => raw::volume_of(&v)
            .map(Some)
            .map_err(|(value, why)| serde::de::Error::custom(format!("{value}: {why}"))),
    }
}

/// The longest a Lambda invocation may run: 15 minutes.
pub const MAX_DURATION_MS: f64 = 900_000.0;

/// The deployment package and what it loads at INIT.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Package {
    /// Deployment package (zip) size in MB.
    pub size_mb: f64,
    /// Top-level imports, by name in the import catalogue.
    pub imports: Vec<String>,
    /// Imports loaded on each environment's first request instead of at INIT (imported lazily inside the
    /// handler), by name in the import catalogue: their time leaves INIT and is billed in that request.
    pub lazy_imports: Vec<String>,
    /// INIT work beyond the runtime baseline and the imports, in ms (measured or guessed).
    pub extra_init_ms: f64,
    /// Import time of the handler measured on a local machine with `coldcost measure`, ms (scaled to Lambda).
    pub measured_import_ms: Option<f64>,
    /// Whether Node.js code is bundled into one file (unbundled `node_modules` add a package-size term).
    pub bundled: bool,
    /// What the project's installed environment (a virtualenv, `node_modules`) says of imports the catalogue
    /// does not hold, read without running them: the fallback estimates their import time from it.
    pub installed: std::collections::BTreeMap<String, InstalledSize>,
}

/// The dependency closure of an installed package, as `coldcost` reads it from the environment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct InstalledSize {
    /// Code files of the package and everything it depends on (`.py`, `.so`; `.js`, `.json`, `.node`, …).
    pub closure_files: u64,
    /// Their size, MB.
    pub closure_mb: f64,
    /// Its import time measured here with the real interpreter (`coldcost profiles --measure-installed`), ms on
    /// the catalogue's machine scale: when given, it is used as a catalogue entry's would be.
    pub local_ms: Option<f64>,
}

/// The warm handler's time per invocation at the profile's memory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Handler {
    /// Median (or point) warm duration in ms.
    pub duration_ms: f64,
    /// 95th percentile warm duration in ms, when known.
    pub duration_p95_ms: Option<f64>,
    /// Share of the handler time that is CPU-bound and so scales with memory (0–1).
    pub cpu_bound_fraction: f64,
}

/// Traffic pattern names (the shapes themselves live in the traffic model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pattern {
    /// Poisson arrivals at a constant rate.
    Steady,
    /// A daily cycle.
    Diurnal,
    /// Weekday working hours.
    BusinessHours,
    /// Requests arriving in bursts.
    Bursty,
    /// A cron-like schedule.
    Schedule,
    /// Counts replayed from a file.
    Replay,
}

impl Pattern {
    /// Parses a pattern name.
    pub fn parse(s: &str) -> Option<Pattern> {
        Some(match s {
            "steady" => Pattern::Steady,
            "diurnal" => Pattern::Diurnal,
            "business-hours" => Pattern::BusinessHours,
            "bursty" => Pattern::Bursty,
            "schedule" => Pattern::Schedule,
            "replay" => Pattern::Replay,
            _ => return None,
        })
    }

    /// The name a profile writes (`business-hours`).
    pub fn name(self) -> &'static str {
        match self {
            Pattern::Steady => "steady",
            Pattern::Diurnal => "diurnal",
            Pattern::BusinessHours => "business-hours",
            Pattern::Bursty => "bursty",
            Pattern::Schedule => "schedule",
            Pattern::Replay => "replay",
        }
    }
}

/// Monthly traffic: the volume, how it spreads over the month, and the pool rules the cold-start model uses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Traffic {
    /// Invocations per month.
    pub monthly_invocations: u64,
    /// Whether `monthly_invocations` was written in the profile (a replayed file otherwise gives the volume).
    pub monthly_invocations_stated: bool,
    /// How the volume spreads over the month.
    pub pattern: Pattern,
    /// How long an idle environment is kept warm, in seconds (the shortest, when `keep_alive_max_s` is set).
    /// Default: the lifecycle catalogue's measured range.
    pub keep_alive_s: f64,
    /// With it, each idle period's keep-alive is uniform between `keep_alive_s` and this, s.
    pub keep_alive_max_s: Option<f64>,
    /// Environments are retired at an age drawn from this range even under traffic (default: the lifecycle
    /// catalogue's measured range; `None` when the profile says `lifetime_s = "none"`).
    pub lifetime: Option<crate::lifecycle::Lifetime>,
    /// Concurrent executions allowed to the function (default: AWS's account quota from the lifecycle catalogue).
    pub concurrency_limit: u64,
    /// The lifecycle defaults this profile took from `catalog/lambda-lifecycle.toml` (`keep_alive`, `lifetime`,
    /// `concurrency`), for the report's assumptions.
    pub lifecycle_defaults: Vec<&'static str>,
    /// Which idle environment a request takes: `newest-created` (default; how Lambda routes per the published
    /// measurements, and SimFaaS's rule) or `most-recently-idle` (same statistics, faster to simulate).
    pub routing: Routing,
    /// A known cold-start share (0–1) that overrides the cold-start model.
    pub cold_start_rate: Option<f64>,
    /// `diurnal`: busiest hour's rate ÷ the day's mean rate.
    pub peak_to_mean: f64,
    /// `diurnal`: hour of the day (local, 0–24) of the peak.
    pub peak_hour: f64,
    /// Offset of the traffic's local time from UTC, hours (the month starts on a Monday, 00:00 local).
    pub utc_offset_h: f64,
    /// `business-hours`: first and last hour of the working day (local), weekdays only.
    pub business_hours: (f64, f64),
    /// `business-hours`: share of the volume outside working hours (nights, weekends).
    pub off_hours_share: f64,
    /// `bursty`: requests arriving together in one burst (derived from the volume when not given).
    pub burst_size: Option<f64>,
    /// `bursty`: seconds between bursts (derived from the volume when not given; default 3,600 when neither is).
    pub burst_interval_s: Option<f64>,
    /// `bursty`: a burst's requests arrive over this many seconds (Poisson within it); 0 = all at one instant.
    pub burst_spread_s: f64,
    /// `schedule`: seconds between runs (each run's invocations arrive together).
    pub schedule_every_s: f64,
    /// `replay`: the CSV of counts per minute or hour, resolved against the profile's folder.
    pub replay_file: Option<std::path::PathBuf>,
}

/// Provisioned concurrency settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProvisionedConcurrency {
    /// Environments kept initialised.
    pub concurrency: u32,
    /// Hours per month it is enabled (billed in 5-minute steps).
    pub hours_per_month: f64,
    /// Share of all invocations served by it (0–1), when known; otherwise derived from traffic.
    pub served_share: Option<f64>,
}

/// SnapStart settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapStart {
    /// Whether SnapStart is enabled on the published version.
    pub enabled: bool,
    /// Billed restore duration per restore (runtime hooks), in ms.
    pub restore_duration_ms: f64,
    /// Hours per month the version is active and cached (at least 3 are billed).
    pub cache_hours_per_month: f64,
}

/// A validated deployment profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// Display name.
    pub name: String,
    /// Runtime identifier.
    pub runtime: Runtime,
    /// Architecture.
    pub architecture: Architecture,
    /// Configured memory in MB (128–10,240).
    pub memory_mb: u32,
    /// Ephemeral storage in MB (512–10,240; the first 512 are free).
    pub ephemeral_storage_mb: u32,
    /// ZIP or container image.
    pub package_type: PackageType,
    /// AWS region code.
    pub region: String,
    /// Whether the function runs as Lambda@Edge.
    pub lambda_at_edge: bool,
    /// The package.
    pub package: Package,
    /// The handler.
    pub handler: Handler,
    /// The traffic.
    pub traffic: Traffic,
    /// Provisioned concurrency, if configured.
    pub provisioned_concurrency: Option<ProvisionedConcurrency>,
    /// SnapStart.
    pub snapstart: SnapStart,
    /// Lambda Managed Instances: when set, the function runs on EC2 instances of a capacity provider instead of on
    /// demand (no duration or INIT charge; requests, instance-hours and a management fee).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_instances: Option<ManagedInstances>,
    /// Tenant isolation mode: each tenant's requests run in execution environments of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_isolation: Option<TenantIsolation>,
    /// Where the profile was read from.
    #[serde(skip)]
    pub origin: String,
    /// Where each value came from (key → `template.yaml:42`, a default, an assumption), for profiles read from a
    /// project; empty for hand-written profiles.
    pub sources: std::collections::BTreeMap<String, String>,
}

/// Tenant isolation mode (`[tenant_isolation]`): the function serves `tenants` tenants, each in execution
/// environments of its own, so each tenant's share of the traffic has its own cold starts, and every new environment
/// is charged per GB of memory on top of the standard prices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TenantIsolation {
    /// Tenants active in the month, sharing the traffic equally (an assumption the report states).
    pub tenants: u32,
}

impl Profile {
    /// Parses and validates a profile; `origin` names the file in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Profile> {
        let raw: raw::RawProfile =
            toml::from_str(text).map_err(|e| toml_error(origin, text, &e))?;
        raw::validate(raw, text, origin)
    }

    /// The location of a field of this profile, for errors raised after loading.
    pub fn location(&self) -> Location {
        Location::file(self.origin.clone())
    }

    /// Mean warm handler time in ms: the point value, or the mean of a lognormal through p50 and p95.
    pub fn handler_mean_ms(&self) -> f64 {
        crate::stats::lognormal_mean(self.handler.duration_ms, self.handler.duration_p95_ms)
    }

    /// Checks that the profile can exist on AWS (SnapStart limits and the like).
    pub fn check_supported(&self) -> Result<()> {
        let unsupported = |message: String| Error::Unsupported {
            at: self.location(),
            message,
        };
        if self.snapstart.enabled {
            if !self.runtime.supports_snapstart() {
                return Err(unsupported(format!(
                    "SnapStart is not available for {} (Python 3.12+ among supported runtimes)",
                    self.runtime
                )));
            }
            if self.provisioned_concurrency.is_some() {
                return Err(unsupported(
                    "SnapStart cannot be combined with provisioned concurrency".into(),
                ));
            }
            if self.ephemeral_storage_mb > 512 {
                return Err(unsupported(
                    "SnapStart cannot be combined with more than 512 MB of ephemeral storage"
                        .into(),
                ));
            }
            if self.package_type == PackageType::Image {
                return Err(unsupported(
                    "SnapStart is not available for container images".into(),
                ));
            }
        }
        if self.managed_instances.is_some() {
            if let Some(other) = self.first_feature(false) {
                return Err(unsupported(format!(
                    "[managed_instances] cannot be combined with {other}: a function version runs on a capacity provider or on demand"
                )));
            }
        }
        if self.tenant_isolation.is_some() {
            // AWS: tenant isolation is not supported with provisioned concurrency, SnapStart or function URLs.
            if let Some(other) = self.first_feature(true) {
                return Err(unsupported(format!(
                    "[tenant_isolation] cannot be combined with {other} (AWS Lambda Developer Guide, tenant isolation: supported features and limitations)"
                )));
            }
        }
        if self.lambda_at_edge && self.architecture != Architecture::X86_64 {
            return Err(unsupported("Lambda@Edge supports only x86_64".into()));
        }
        Ok(())
    }

    /// The first of the features that run a function another way, when configured: provisioned concurrency,
    /// SnapStart, Managed Instances (when `managed` is asked about) and Lambda@Edge.
    fn first_feature(&self, managed: bool) -> Option<&'static str> {
        [
            (
                self.provisioned_concurrency.is_some(),
                "provisioned concurrency",
            ),
            (self.snapstart.enabled, "SnapStart"),
            (
                managed && self.managed_instances.is_some(),
                "[managed_instances]",
            ),
            (self.lambda_at_edge, "Lambda@Edge"),
        ]
        .into_iter()
        .find_map(|(set, name)| set.then_some(name))
    }
}
