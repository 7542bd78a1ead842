//! The per-function monthly usage CSV for budget reviews:
//! `function,runtime,architecture,memory_mb,invocations,mean_duration_ms[,p95_duration_ms,cold_starts,mean_init_ms,region]`
//! — each row becomes a profile, its cold-start share and INIT as observed. The mean duration is billed as a mean:
//! with a p95 the profile's median is the lognormal's whose mean it is.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::number::Field;
use crate::csv_input::Row;
use crate::error::{Error, Location, Result};
use crate::profile::Profile;

/// The usage CSV's numeric columns: plain decimals (durations) or whole numbers (counts, MB), each with its range.
mod fields {
    use super::super::number::{Field, Grammar, DURATION_MS, INIT_MS, MEMORY_MB};

    pub const INVOCATIONS: Field = Field::new("invocations", "", Grammar::Integer, 0.0, 1e15);
    pub const COLD_STARTS: Field = Field::new("cold_starts", "", Grammar::Integer, 0.0, 1e15);
    pub const MEMORY: Field = Field::new(
        "memory_mb",
        "MB",
        Grammar::Integer,
        MEMORY_MB.0,
        MEMORY_MB.1,
    );
    pub const MEAN_DURATION: Field =
        Field::new("mean_duration_ms", "ms", Grammar::Decimal, 0.0, DURATION_MS);
    pub const P95_DURATION: Field =
        Field::new("p95_duration_ms", "ms", Grammar::Decimal, 0.0, DURATION_MS);
    pub const MEAN_INIT: Field = Field::new("mean_init_ms", "ms", Grammar::Decimal, 0.0, INIT_MS);
}

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
        // Every number through its field's grammar and range; an empty optional cell is absent, an empty required
        // one an error (never a default).
        let column = |name: &str| self.cols.iter().find(|(c, _)| c == name).map(|(_, i)| *i);
        let num = |f: Field| -> Result<Option<f64>> {
            match column(f.name) {
                None => Ok(None),
                Some(i) if row.raw(i).is_empty() => Ok(None),
                Some(i) => f.read_in(row.raw(i), file, line_no, Some(i + 1)).map(Some),
            }
        };
        let need = |f: Field| -> Result<f64> {
            num(f)?.ok_or_else(|| f.error_in("", file, line_no, column(f.name).map(|i| i + 1)))
        };
        let name = get("function")
            .map(|(_, v)| v.to_string())
            .ok_or_else(|| bad("function", 0, "", "a function name"))?;
        let runtime = get("runtime").map(|(_, v)| v).unwrap_or("");
        let arch = get("architecture").map(|(_, v)| v).unwrap_or("x86_64");
        let invocations = need(fields::INVOCATIONS)?;
        let cold = num(fields::COLD_STARTS)?;
        if let (Some(c), Some(i)) = (cold.filter(|c| *c > invocations), column("cold_starts")) {
            return Err(bad(
                "cold_starts",
                i,
                &c.to_string(),
                &format!("at most the row's invocations ({invocations})"),
            ));
        }
        let mean_ms = need(fields::MEAN_DURATION)?;
        let p95_ms = num(fields::P95_DURATION)?;
        let memory_mb = need(fields::MEMORY)?;
        let mut toml = format!(
            "name = {:?}\nruntime = {:?}\narchitecture = {:?}\nmemory_mb = {}\nregion = {:?}\n[handler]\nduration_ms = {}\n",
            name,
            runtime,
            arch,
            memory_mb,
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
        if let Some(init) = num(fields::MEAN_INIT)? {
            // INIT as observed: the runtime's baseline plus whatever the rest is.
            let base = crate::init::RuntimeCatalog::embedded()?
                .find(p.runtime, p.architecture, p.package_type)
                .map_or(0.0, |b| b.mean_ms);
            p.package.extra_init_ms = (init - base).max(0.0);
        }
        Ok(p)
    }
}
