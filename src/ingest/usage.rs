//! The per-function monthly usage CSV for budget reviews:
//! `function,runtime,architecture,memory_mb,invocations,mean_duration_ms[,p95_duration_ms,cold_starts,mean_init_ms,region]`
//! — each row becomes a profile, its cold-start share and INIT as observed. The mean duration is billed as a mean:
//! with a p95 the profile's median is the lognormal's whose mean it is.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use crate::csv_input::Row;
use crate::error::{Error, Location, Result};
use crate::profile::Profile;

/// Column positions.
#[derive(Debug, Clone)]
pub struct UsageColumns {
    cols: Vec<(String, usize)>,
}

const REQUIRED: [&str; 6] = [
    "function",
    "runtime",
    "architecture",
    "memory_mb",
    "invocations",
    "mean_duration_ms",
];

impl UsageColumns {
    /// From the header; the six first columns above are required, in any order.
    pub fn from_header(header: &Row) -> Result<UsageColumns> {
        let cols: Vec<(String, usize)> = header
            .texts()?
            .iter()
            .enumerate()
            .map(|(i, f)| (f.to_ascii_lowercase(), i))
            .collect();
        for r in REQUIRED {
            if !cols.iter().any(|(c, _)| c == r) {
                return Err(Error::Syntax {
                    at: Location::at(header.file(), header.line()),
                    message: format!("the usage CSV needs a `{r}` column (columns: {}, optional p95_duration_ms, cold_starts, mean_init_ms, region)", REQUIRED.join(", ")),
                });
            }
        }
        Ok(UsageColumns { cols })
    }

    /// The profile of one row.
    pub fn profile(&self, row: &Row) -> Result<Profile> {
        let (file, line_no) = (row.file(), row.line());
        // Text that is not UTF-8 is an error naming its column (then every field below is text).
        for (_, i) in &self.cols {
            row.text(*i)?;
        }
        let get = |name: &str| -> Option<(usize, &str)> {
            self.cols
                .iter()
                .find(|(c, _)| c == name)
                .and_then(|(_, i)| (*i < row.len()).then(|| (*i, row.text(*i).unwrap_or(""))))
                .filter(|(_, v)| !v.is_empty())
        };
        let bad = |name: &str, i: usize, v: &str, expected: &str| Error::InvalidValue {
            at: Location::at(file, line_no),
            field: format!("column {} ({name})", i + 1),
            value: format!("\"{v}\""),
            expected: format!("expected {expected}"),
        };
        let num = |name: &str| -> Result<Option<f64>> {
            match get(name) {
                None => Ok(None),
                Some((i, v)) => v
                    .replace('_', "")
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite() && *x >= 0.0)
                    .map(Some)
                    .ok_or_else(|| bad(name, i, v, "a non-negative number")),
            }
        };
        let name = get("function")
            .map(|(_, v)| v.to_string())
            .ok_or_else(|| bad("function", 0, "", "a function name"))?;
        let runtime = get("runtime").map(|(_, v)| v).unwrap_or("");
        let arch = get("architecture").map(|(_, v)| v).unwrap_or("x86_64");
        let invocations = num("invocations")?.unwrap_or(0.0).round();
        let cold = num("cold_starts")?;
        let mean_ms = num("mean_duration_ms")?.unwrap_or(0.0);
        let p95_ms = num("p95_duration_ms")?;
        let mut toml = format!(
            "name = {:?}\nruntime = {:?}\narchitecture = {:?}\nmemory_mb = {}\nregion = {:?}\n[handler]\nduration_ms = {}\n",
            name,
            runtime,
            arch,
            num("memory_mb")?.unwrap_or(128.0).round(),
            get("region").map(|(_, v)| v).unwrap_or("us-east-1"),
            // The profile takes a median: the one whose lognormal (through the p95) has the observed mean.
            crate::stats::lognormal_median_from_mean(mean_ms, p95_ms).max(0.001),
        );
        if let Some(p95) = p95_ms.filter(|p95| *p95 > mean_ms) {
            toml += &format!("duration_p95_ms = {p95}\n");
        }
        toml += &format!("[traffic]\nmonthly_invocations = {invocations}\n");
        if let Some(c) = cold {
            toml += &format!(
                "cold_start_rate = {}\n",
                if invocations > 0.0 {
                    (c / invocations).min(1.0)
                } else {
                    0.0
                }
            );
        }
        let origin = format!("{file}:{line_no}");
        let mut p = Profile::from_toml(&toml, &origin).map_err(|e| Error::Syntax {
            at: Location::at(file, line_no),
            message: e.to_string(),
        })?;
        if let Some(init) = num("mean_init_ms")? {
            // INIT as observed: the runtime's baseline plus whatever the rest is.
            let base = crate::init::RuntimeCatalog::embedded()?
                .find(p.runtime, p.architecture, p.package_type)
                .map_or(0.0, |b| b.mean_ms);
            p.package.extra_init_ms = (init - base).max(0.0);
        }
        Ok(p)
    }
}
