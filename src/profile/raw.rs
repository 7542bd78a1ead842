//! The profile as written (every key optional), and its validation into a [`Profile`].
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::*;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProfile {
    name: Option<String>,
    runtime: Option<String>,
    architecture: Option<String>,
    memory_mb: Option<i64>,
    ephemeral_storage_mb: Option<i64>,
    package_type: Option<String>,
    region: Option<String>,
    lambda_at_edge: Option<bool>,
    package: Option<RawPackage>,
    handler: Option<RawHandler>,
    traffic: Option<RawTraffic>,
    provisioned_concurrency: Option<RawPc>,
    snapstart: Option<RawSnapStart>,
    managed_instances: Option<super::managed::RawManagedInstances>,
    tenant_isolation: Option<RawTenantIsolation>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPackage {
    size_mb: Option<f64>,
    imports: Option<Vec<String>>,
    lazy_imports: Option<Vec<String>>,
    extra_init_ms: Option<f64>,
    measured_import_ms: Option<f64>,
    bundled: Option<bool>,
    installed: Option<std::collections::BTreeMap<String, RawInstalled>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstalled {
    closure_files: i64,
    closure_mb: f64,
    local_ms: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHandler {
    duration_ms: Option<f64>,
    duration_p50_ms: Option<f64>,
    duration_p95_ms: Option<f64>,
    cpu_bound_fraction: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawTraffic {
    /// An integer, a whole float (`3e7`) or a string as people write volumes (`"30M"`, `"30,000,000"`).
    monthly_invocations: Option<toml::Value>,
    pattern: Option<String>,
    keep_alive_s: Option<f64>,
    keep_alive_max_s: Option<f64>,
    lifetime_s: Option<toml::Value>,
    lifetime_max_s: Option<f64>,
    concurrency_limit: Option<i64>,
    routing: Option<String>,
    cold_start_rate: Option<f64>,
    peak_to_mean: Option<f64>,
    peak_hour: Option<f64>,
    utc_offset_h: Option<f64>,
    business_start_hour: Option<f64>,
    business_end_hour: Option<f64>,
    off_hours_share: Option<f64>,
    burst_size: Option<f64>,
    burst_interval_s: Option<f64>,
    burst_spread_s: Option<f64>,
    schedule_every_s: Option<f64>,
    replay_file: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPc {
    concurrency: Option<i64>,
    hours_per_month: Option<f64>,
    served_share: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTenantIsolation {
    tenants: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSnapStart {
    enabled: Option<bool>,
    restore_duration_ms: Option<f64>,
    cache_hours_per_month: Option<f64>,
}

/// Field-level checks that point at the line of the field.
struct Check<'a> {
    text: &'a str,
    origin: &'a str,
}

impl Check<'_> {
    fn at(&self, field: &str) -> Location {
        Location {
            file: self.origin.to_string(),
            line: find_key_line(self.text, field),
        }
    }

    fn missing(&self, field: &str) -> Error {
        Error::MissingField {
            at: Location::file(self.origin),
            field: field.into(),
        }
    }

    fn int(&self, field: &str, v: Option<i64>, default: i64, lo: i64, hi: i64) -> Result<i64> {
        let v = v.unwrap_or(default);
        if (lo..=hi).contains(&v) {
            Ok(v)
        } else {
            Err(Error::invalid(
                &self.at(field),
                field,
                v,
                format!("expected an integer from {lo} to {hi}"),
            ))
        }
    }

    fn num(&self, field: &str, v: Option<f64>, default: f64, lo: f64, hi: f64) -> Result<f64> {
        let v = v.unwrap_or(default);
        if v.is_finite() && v >= lo && v <= hi {
            Ok(v)
        } else {
            Err(Error::invalid(
                &self.at(field),
                field,
                v,
                format!("expected a number from {lo} to {hi}"),
            ))
        }
    }

    fn opt_num(&self, field: &str, v: Option<f64>, lo: f64, hi: f64) -> Result<Option<f64>> {
        v.map(|x| self.num(field, Some(x), x, lo, hi)).transpose()
    }

    /// A monthly volume: an integer, a whole float, or a string as people write volumes (`"30M"`, `"1.5B"`).
    fn volume(&self, field: &str, v: Option<&toml::Value>) -> Result<Option<u64>> {
        v.map(|v| super::volume_from_toml(v, &self.at(field), field))
            .transpose()
    }

    fn choice<T>(
        &self,
        field: &str,
        v: Option<String>,
        default: T,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Result<T> {
        match v {
            None => Ok(default),
            Some(s) => parse(&s).ok_or_else(|| {
                Error::invalid(
                    &self.at(field),
                    field,
                    format!("\"{s}\""),
                    format!("expected one of: {allowed}"),
                )
            }),
        }
    }
}

/// A volume written in a TOML file, or the value as written and why it is not one.
pub(super) fn volume_of(v: &toml::Value) -> std::result::Result<u64, (String, String)> {
    use crate::vocab::{parse_volume, whole_volume, VolumeError, MAX_VOLUME};
    const FORMS: &str = "an integer (30000000, 30_000_000) or a string (\"30M\", \"1.5B\", \"3e7\", \"30,000,000\")";
    let why = |e: VolumeError| match e {
        VolumeError::OutOfRange => "expected a volume from 0 to 10¹⁵".to_string(),
        e => format!("{e}; expected {FORMS}"),
    };
    match v {
        toml::Value::Integer(i) => u64::try_from(*i)
            .ok()
            .filter(|&n| n <= MAX_VOLUME)
            .ok_or_else(|| (i.to_string(), why(VolumeError::OutOfRange))),
        toml::Value::Float(f) => whole_volume(*f).map_err(|e| {
            // As written, short: `1e308`, not its 309 digits.
            let value = if f.abs() < 1e16 {
                f.to_string()
            } else {
                format!("{f:e}")
            };
            (value, why(e))
        }),
        toml::Value::String(s) => parse_volume(s).map_err(|e| (format!("\"{s}\""), why(e))),
        other => Err((other.to_string(), format!("expected {FORMS}"))),
    }
}

/// The lifetime of a profile's environments: `lifetime_s` (seconds, or `"none"` for never retired) and
/// `lifetime_max_s` (with it, uniform between the two); the catalogue's range when neither is given.
fn lifetime_of(
    c: &Check<'_>,
    lo: Option<&toml::Value>,
    hi: Option<f64>,
    life: &crate::lifecycle::LifecycleCatalog,
) -> Result<Option<crate::lifecycle::Lifetime>> {
    use crate::lifecycle::Lifetime;
    const MAX_S: f64 = 1e9;
    let lo_s = match lo {
        None => None,
        Some(toml::Value::String(s)) if s == "none" => {
            if let Some(h) = hi {
                return Err(Error::invalid(
                    &c.at("traffic.lifetime_max_s"),
                    "traffic.lifetime_max_s",
                    h,
                    "no longest lifetime when traffic.lifetime_s = \"none\" (remove one of them)",
                ));
            }
            return Ok(None);
        }
        Some(toml::Value::Integer(i)) => Some(*i as f64),
        Some(toml::Value::Float(f)) => Some(*f),
        Some(other) => {
            return Err(Error::invalid(
                &c.at("traffic.lifetime_s"),
                "traffic.lifetime_s",
                other.to_string(),
                "expected seconds (a number from 1 to 1e9) or \"none\"",
            ))
        }
    };
    let lo_s = c.opt_num("traffic.lifetime_s", lo_s, 1.0, MAX_S)?;
    let hi_s = c.opt_num("traffic.lifetime_max_s", hi, 1.0, MAX_S)?;
    Ok(Some(match (lo_s, hi_s) {
        (None, None) => life.default_lifetime(),
        (Some(l), None) => Lifetime::fixed(l),
        (lo_s, Some(h)) => {
            let l = lo_s.unwrap_or(life.lifetime.min_s);
            if h < l {
                return Err(Error::invalid(
                    &c.at("traffic.lifetime_max_s"),
                    "traffic.lifetime_max_s",
                    h,
                    format!("at least traffic.lifetime_s ({l})"),
                ));
            }
            Lifetime { min_s: l, max_s: h }
        }
    }))
}

pub(super) fn validate(raw: RawProfile, text: &str, origin: &str) -> Result<Profile> {
    let c = Check { text, origin };
    let name = raw.name.ok_or_else(|| c.missing("name"))?;
    if name.trim().is_empty() {
        return Err(Error::invalid(
            &c.at("name"),
            "name",
            "\"\"",
            "a non-empty name",
        ));
    }
    let runtime_s = raw.runtime.ok_or_else(|| c.missing("runtime"))?;
    // A runtime AWS has retired says so, with its dates (looked up only when the runtime is not one coldcost models).
    let retired = if Runtime::parse(&runtime_s).is_some() {
        String::new()
    } else {
        crate::runtime_lifecycle::RuntimeLifecycle::embedded()
            .ok()
            .and_then(|l| l.get(&runtime_s))
            .map(|r| {
                format!(
                    " ({} was deprecated on {}; creating functions on it is blocked from {}, updating them from {})",
                    r.id, r.deprecation, r.block_create, r.block_update
                )
            })
            .unwrap_or_default()
    };
    let runtime = c.choice(
        "runtime",
        Some(runtime_s),
        Runtime::Node20,
        Runtime::parse,
        &format!("{}{retired}", Runtime::known()),
    )?;
    let architecture = c.choice(
        "architecture",
        raw.architecture,
        Architecture::X86_64,
        Architecture::parse,
        "x86_64, arm64",
    )?;
    let package_type = c.choice(
        "package_type",
        raw.package_type,
        PackageType::Zip,
        PackageType::parse,
        "zip, image",
    )?;
    let region = raw
        .region
        .unwrap_or_else(|| "us-east-1".into())
        .trim()
        .to_string();

    let pkg = raw.package.unwrap_or_default();
    let lazy_imports = pkg.lazy_imports.unwrap_or_default();
    if let Some(both) = lazy_imports
        .iter()
        .find(|l| pkg.imports.iter().flatten().any(|i| i == *l))
    {
        return Err(Error::InvalidValue {
            at: c.at("package.lazy_imports"),
            field: "package.lazy_imports".into(),
            value: format!("\"{both}\""),
            expected: "an import that is not also in package.imports (an import is loaded either at INIT or on the first request)".into(),
        });
    }
    let mut installed = std::collections::BTreeMap::new();
    for (name, i) in pkg.installed.unwrap_or_default() {
        let field = format!("package.installed.\"{name}\"");
        let listed = pkg
            .imports
            .iter()
            .flatten()
            .chain(&lazy_imports)
            .any(|n| *n == name);
        if !listed {
            return Err(Error::InvalidValue {
                at: c.at("package.installed"),
                field,
                value: format!("\"{name}\""),
                expected: "an import listed in package.imports or package.lazy_imports".into(),
            });
        }
        if !(1..=10_000_000).contains(&i.closure_files) {
            return Err(Error::invalid(
                &c.at("package.installed"),
                format!("{field}.closure_files"),
                i.closure_files,
                "expected a count of files from 1 to 10,000,000",
            ));
        }
        if !(i.closure_mb.is_finite() && (0.0..=100_000.0).contains(&i.closure_mb)) {
            return Err(Error::invalid(
                &c.at("package.installed"),
                format!("{field}.closure_mb"),
                i.closure_mb,
                "expected MB from 0 to 100,000",
            ));
        }
        let local_ms = c.opt_num(
            &format!("{field}.local_ms"),
            i.local_ms,
            0.0,
            MAX_DURATION_MS,
        )?;
        installed.insert(
            name,
            crate::profile::InstalledSize {
                closure_files: i.closure_files as u64,
                closure_mb: i.closure_mb,
                local_ms,
            },
        );
    }
    let package = Package {
        size_mb: c.num("package.size_mb", pkg.size_mb, 1.0, 0.0, 10_240.0)?,
        imports: pkg.imports.unwrap_or_default(),
        lazy_imports,
        extra_init_ms: c.num(
            "package.extra_init_ms",
            pkg.extra_init_ms,
            0.0,
            0.0,
            MAX_DURATION_MS,
        )?,
        measured_import_ms: c.opt_num(
            "package.measured_import_ms",
            pkg.measured_import_ms,
            0.0,
            MAX_DURATION_MS,
        )?,
        bundled: pkg.bundled.unwrap_or(true),
        installed,
    };

    let h = raw.handler.unwrap_or_default();
    if h.duration_ms.is_some() && h.duration_p50_ms.is_some() {
        return Err(Error::invalid(
            &c.at("handler.duration_p50_ms"),
            "handler.duration_p50_ms",
            h.duration_p50_ms.unwrap_or(0.0),
            "give duration_ms or duration_p50_ms, not both",
        ));
    }
    let (p50_field, p50) = match h.duration_p50_ms {
        Some(v) => ("handler.duration_p50_ms", Some(v)),
        None => ("handler.duration_ms", h.duration_ms),
    };
    let duration_ms = c.num(p50_field, p50, 100.0, 0.001, MAX_DURATION_MS)?;
    let duration_p95_ms = c.opt_num(
        "handler.duration_p95_ms",
        h.duration_p95_ms,
        duration_ms,
        MAX_DURATION_MS,
    )?;
    let handler = Handler {
        duration_ms,
        duration_p95_ms,
        cpu_bound_fraction: c.num(
            "handler.cpu_bound_fraction",
            h.cpu_bound_fraction,
            0.5,
            0.0,
            1.0,
        )?,
    };

    let t = raw.traffic.unwrap_or_default();
    let life = crate::lifecycle::LifecycleCatalog::embedded()?;
    let mut lifecycle_defaults = Vec::new();
    // Keep-alive: the catalogue's measured range unless the profile gives one; `keep_alive_s` alone is fixed.
    let (keep_alive_s, keep_alive_max_s) = match (t.keep_alive_s, t.keep_alive_max_s) {
        (None, None) => {
            lifecycle_defaults.push("keep_alive");
            (life.keep_alive.min_s, Some(life.keep_alive.max_s))
        }
        (lo, hi) => (
            c.num(
                "traffic.keep_alive_s",
                lo,
                life.keep_alive.min_s,
                0.0,
                86_400.0,
            )?,
            c.opt_num("traffic.keep_alive_max_s", hi, 0.0, 86_400.0)?,
        ),
    };
    let lifetime = lifetime_of(&c, t.lifetime_s.as_ref(), t.lifetime_max_s, life)?;
    if t.lifetime_s.is_none() && t.lifetime_max_s.is_none() {
        lifecycle_defaults.push("lifetime");
    }
    if t.concurrency_limit.is_none() {
        lifecycle_defaults.push("concurrency");
    }
    let mut traffic = Traffic {
        monthly_invocations: c
            .volume(
                "traffic.monthly_invocations",
                t.monthly_invocations.as_ref(),
            )?
            .unwrap_or(1_000_000),
        pattern: c.choice(
            "traffic.pattern",
            t.pattern,
            Pattern::Steady,
            Pattern::parse,
            "steady, diurnal, business-hours, bursty, schedule, replay",
        )?,
        monthly_invocations_stated: t.monthly_invocations.is_some(),
        keep_alive_s,
        keep_alive_max_s,
        lifetime,
        concurrency_limit: c.int(
            "traffic.concurrency_limit",
            t.concurrency_limit,
            i64::try_from(life.concurrency.account_limit).unwrap_or(i64::MAX),
            1,
            10_000_000,
        )? as u64,
        lifecycle_defaults,
        routing: c.choice(
            "traffic.routing",
            t.routing,
            crate::vocab::Routing::NewestCreated,
            |s| match s {
                "most-recently-idle" => Some(crate::vocab::Routing::MostRecentlyIdle),
                "newest-created" => Some(crate::vocab::Routing::NewestCreated),
                _ => None,
            },
            "newest-created, most-recently-idle",
        )?,
        cold_start_rate: c.opt_num("traffic.cold_start_rate", t.cold_start_rate, 0.0, 1.0)?,
        peak_to_mean: c.num("traffic.peak_to_mean", t.peak_to_mean, 2.0, 1.0, 24.0)?,
        peak_hour: c.num("traffic.peak_hour", t.peak_hour, 14.0, 0.0, 24.0)?,
        utc_offset_h: c.num("traffic.utc_offset_h", t.utc_offset_h, 0.0, -12.0, 14.0)?,
        business_hours: (
            c.num(
                "traffic.business_start_hour",
                t.business_start_hour,
                9.0,
                0.0,
                24.0,
            )?,
            c.num(
                "traffic.business_end_hour",
                t.business_end_hour,
                18.0,
                0.0,
                24.0,
            )?,
        ),
        off_hours_share: c.num("traffic.off_hours_share", t.off_hours_share, 0.1, 0.0, 1.0)?,
        burst_size: c.opt_num("traffic.burst_size", t.burst_size, 1.0, 1e9)?,
        burst_interval_s: c.opt_num(
            "traffic.burst_interval_s",
            t.burst_interval_s,
            1.0,
            HOURS_PER_MONTH * 3600.0,
        )?,
        burst_spread_s: c.num(
            "traffic.burst_spread_s",
            t.burst_spread_s,
            0.0,
            0.0,
            86_400.0,
        )?,
        schedule_every_s: c.num(
            "traffic.schedule_every_s",
            t.schedule_every_s,
            900.0,
            1.0,
            HOURS_PER_MONTH * 3600.0,
        )?,
        replay_file: t.replay_file.as_ref().map(|f| {
            let base = std::path::Path::new(origin)
                .parent()
                .unwrap_or(std::path::Path::new(""));
            let p = std::path::Path::new(f);
            if p.is_absolute() || origin.starts_with('<') || origin == "-" {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        }),
    };
    if let Some(max) = traffic.keep_alive_max_s {
        if max < traffic.keep_alive_s {
            return Err(Error::invalid(
                &c.at("traffic.keep_alive_max_s"),
                "traffic.keep_alive_max_s",
                max,
                format!("at least traffic.keep_alive_s ({})", traffic.keep_alive_s),
            ));
        }
    }
    if traffic.business_hours.1 <= traffic.business_hours.0 {
        return Err(Error::invalid(
            &c.at("traffic.business_end_hour"),
            "traffic.business_end_hour",
            traffic.business_hours.1,
            format!(
                "later than traffic.business_start_hour ({})",
                traffic.business_hours.0
            ),
        ));
    }
    // Every key matters for the chosen pattern: a key of another pattern is an error, never accepted and ignored.
    use Pattern::{Bursty, BusinessHours, Diurnal, Replay, Schedule};
    let owned = [
        ("peak_to_mean", t.peak_to_mean.is_some(), Diurnal),
        ("peak_hour", t.peak_hour.is_some(), Diurnal),
        (
            "business_start_hour",
            t.business_start_hour.is_some(),
            BusinessHours,
        ),
        (
            "business_end_hour",
            t.business_end_hour.is_some(),
            BusinessHours,
        ),
        (
            "off_hours_share",
            t.off_hours_share.is_some(),
            BusinessHours,
        ),
        ("burst_size", t.burst_size.is_some(), Bursty),
        ("burst_interval_s", t.burst_interval_s.is_some(), Bursty),
        ("burst_spread_s", t.burst_spread_s.is_some(), Bursty),
        ("schedule_every_s", t.schedule_every_s.is_some(), Schedule),
        ("replay_file", t.replay_file.is_some(), Replay),
    ];
    if let Some((key, _, owner)) = owned
        .iter()
        .find(|(_, given, owner)| *given && *owner != traffic.pattern)
    {
        let key = format!("traffic.{key}");
        return Err(Error::invalid(
            &c.at(&key),
            key,
            "(given)",
            format!(
                "a key of pattern = \"{}\" only; this profile's pattern is \"{}\" (remove the key or change the pattern)",
                owner.name(),
                traffic.pattern.name()
            ),
        ));
    }
    // Bursts: two of size, interval and monthly volume decide the third; all three must agree.
    if let (Pattern::Bursty, Some(size), Some(interval_s)) = (
        traffic.pattern,
        traffic.burst_size,
        traffic.burst_interval_s,
    ) {
        let volume = size * HOURS_PER_MONTH * 3600.0 / interval_s;
        if !traffic.monthly_invocations_stated {
            traffic.monthly_invocations = volume.round() as u64;
        } else if (traffic.monthly_invocations as f64 - volume).abs() > 0.01 * volume.max(1.0) {
            return Err(Error::invalid(
                &c.at("traffic.burst_size"),
                "traffic.burst_size",
                size,
                format!(
                    "bursts of {size} every {interval_s} s make {volume:.0} requests a month, not traffic.monthly_invocations = {}: give two of the three",
                    traffic.monthly_invocations
                ),
            ));
        }
    }
    if traffic.pattern == Pattern::Replay && traffic.replay_file.is_none() {
        return Err(Error::MissingField {
            at: c.at("traffic.pattern"),
            field: "traffic.replay_file (pattern = \"replay\" needs a CSV of counts per minute or hour)".into(),
        });
    }

    let provisioned_concurrency = match raw.provisioned_concurrency {
        None => None,
        Some(pc) => Some(ProvisionedConcurrency {
            concurrency: c.int(
                "provisioned_concurrency.concurrency",
                pc.concurrency,
                1,
                1,
                1_000_000,
            )? as u32,
            hours_per_month: c.num(
                "provisioned_concurrency.hours_per_month",
                pc.hours_per_month,
                HOURS_PER_MONTH,
                0.0,
                744.0,
            )?,
            served_share: c.opt_num(
                "provisioned_concurrency.served_share",
                pc.served_share,
                0.0,
                1.0,
            )?,
        }),
    };

    let s = raw.snapstart.unwrap_or_default();
    let snapstart = SnapStart {
        enabled: s.enabled.unwrap_or(false),
        restore_duration_ms: c.num(
            "snapstart.restore_duration_ms",
            s.restore_duration_ms,
            0.0,
            0.0,
            MAX_DURATION_MS,
        )?,
        cache_hours_per_month: c.num(
            "snapstart.cache_hours_per_month",
            s.cache_hours_per_month,
            HOURS_PER_MONTH,
            0.0,
            744.0,
        )?,
    };

    let memory_mb = c.int("memory_mb", raw.memory_mb, 128, 128, 10_240)? as u32;
    let managed_instances = raw
        .managed_instances
        .map(|m| super::managed::validate(m, runtime, architecture, memory_mb, &|f: &str| c.at(f)))
        .transpose()?;
    let tenant_isolation = match raw.tenant_isolation {
        None => None,
        Some(t) => Some(TenantIsolation {
            tenants: c.int(
                "tenant_isolation.tenants",
                Some(
                    t.tenants
                        .ok_or_else(|| c.missing("tenant_isolation.tenants"))?,
                ),
                1,
                1,
                1_000_000,
            )? as u32,
        }),
    };
    let profile = Profile {
        name: name.trim().to_string(),
        runtime,
        architecture,
        memory_mb,
        ephemeral_storage_mb: c.int(
            "ephemeral_storage_mb",
            raw.ephemeral_storage_mb,
            512,
            512,
            10_240,
        )? as u32,
        package_type,
        region,
        lambda_at_edge: raw.lambda_at_edge.unwrap_or(false),
        package,
        handler,
        traffic,
        provisioned_concurrency,
        snapstart,
        managed_instances,
        tenant_isolation,
        origin: origin.to_string(),
        sources: Default::default(),
    };
    profile.check_supported()?;
    Ok(profile)
}
