//! The import catalogue: how long importing common packages takes, measured on a local machine with the real
//! interpreters (`catalog/imports-*.toml`, written by `coldcost catalog imports`), and the published on-Lambda
//! measurements (`catalog/lambda-imports.toml`) that calibrate the local-to-Lambda factor.

use crate::error::{toml_error, Result};
use crate::vocab::Family;
use serde::{Deserialize, Serialize};

/// The Python catalogue, embedded.
pub const PYTHON_TOML: &str = include_str!("../../catalog/imports-python.toml");
/// The Node.js catalogue, embedded.
pub const NODE_TOML: &str = include_str!("../../catalog/imports-node.toml");
/// On-Lambda reference measurements, embedded.
pub const LAMBDA_TOML: &str = include_str!("../../catalog/lambda-imports.toml");

/// One package's import weight measured locally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportEntry {
    /// Import name (`boto3`, `@aws-sdk/client-s3`).
    pub name: String,
    /// Installed version.
    pub version: String,
    /// Median import time over the runs, ms.
    pub local_ms: f64,
    /// Fastest run, ms.
    pub local_min_ms: f64,
    /// Slowest run, ms.
    pub local_max_ms: f64,
    /// Installed size of the package itself, MB.
    pub installed_mb: f64,
    /// Installed size of the package and of everything it depends on, transitively, MB of 10^6 bytes (read
    /// statically by [`crate::init::python_footprint`] / [`crate::init::node_footprint`]; absent where the
    /// package could not be found in the environment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure_mb: Option<f64>,
    /// Code files (`.py`/`.so`/`.pyd`; `.js`/`.cjs`/`.mjs`/`.json`/`.node`) in that closure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure_files: Option<u64>,
    /// Other catalogue entries this import loads (so listing both does not count them twice).
    pub includes: Vec<String>,
}

/// A catalogue of one language family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportCatalog {
    /// `python` or `node`.
    pub family: String,
    /// Date measured.
    pub measured: String,
    /// Interpreter and version.
    pub interpreter: String,
    /// The machine it was measured on.
    pub machine: String,
    /// Runs per entry (each in a fresh process, after one warm-up run).
    pub runs: usize,
    /// Import time of the synthetic reference package on the measuring machine, ms: measurements from another
    /// machine are scaled by `reference_ms ÷ that machine's reference` before they are compared or used.
    pub reference_ms: f64,
    /// Entries.
    #[serde(rename = "import")]
    pub imports: Vec<ImportEntry>,
}

/// A published measurement of an import on Lambda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LambdaMeasurement {
    /// `python` or `node`.
    pub family: String,
    /// Import name as in the catalogue.
    pub name: String,
    /// Import time on Lambda, ms.
    pub lambda_ms: f64,
    /// Memory of the measured function, MB (`None` when the source does not state it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_mb: Option<u32>,
    /// Where the figure comes from: the URL, the date and the figure as the source words it.
    pub source: String,
    /// Runtime and version of the measured function, where stated (`python3.8`, `nodejs18.x`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    /// Address of the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Date of the measurement or of its publication (`2023-11`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LambdaFile {
    measurement: Vec<LambdaMeasurement>,
}

/// Both catalogues and the calibration.
#[derive(Debug, Clone)]
pub struct Imports {
    /// Python packages.
    pub python: ImportCatalog,
    /// Node.js packages.
    pub node: ImportCatalog,
    /// On-Lambda reference measurements.
    pub lambda: Vec<LambdaMeasurement>,
}

impl Imports {
    /// The embedded catalogues.
    pub fn embedded() -> Result<Imports> {
        let python = toml::from_str(PYTHON_TOML)
            .map_err(|e| toml_error("<built-in catalog/imports-python.toml>", PYTHON_TOML, &e))?;
        let node = toml::from_str(NODE_TOML)
            .map_err(|e| toml_error("<built-in catalog/imports-node.toml>", NODE_TOML, &e))?;
        let lambda: LambdaFile = toml::from_str(LAMBDA_TOML)
            .map_err(|e| toml_error("<built-in catalog/lambda-imports.toml>", LAMBDA_TOML, &e))?;
        Ok(Imports {
            python,
            node,
            lambda: lambda.measurement,
        })
    }

    /// The catalogue of a family (`None` for custom runtimes).
    pub fn catalog(&self, family: Family) -> Option<&ImportCatalog> {
        match family {
            Family::Python => Some(&self.python),
            Family::Node => Some(&self.node),
            Family::Custom => None,
        }
    }

    /// The catalogue name of an import listed as `name`: the name itself, or the import a Python distribution
    /// name stands for (`PyJWT` → `jwt`, `Pillow` → `PIL`); `None` when the catalogue does not hold it.
    pub fn catalogue_name(&self, family: Family, name: &str) -> Option<String> {
        let catalog = self.catalog(family)?;
        let holds = |n: &str| catalog.imports.iter().any(|e| e.name == n);
        if holds(name) {
            return Some(name.to_string());
        }
        let import = crate::vocab::names::import_name(name, family);
        holds(&import).then_some(import)
    }

    /// Pairs of (on-Lambda ms, local ms) for the packages measured both ways.
    pub fn calibration_pairs(&self) -> Vec<(&LambdaMeasurement, f64)> {
        self.lambda
            .iter()
            .filter_map(|m| {
                let cat = if m.family == "python" {
                    &self.python
                } else {
                    &self.node
                };
                cat.imports
                    .iter()
                    .find(|e| e.name == m.name)
                    .map(|e| (m, e.local_ms))
            })
            .collect()
    }

    /// The local-to-Lambda factor: the geometric mean of on-Lambda ÷ local import time over the packages measured
    /// both ways, and the standard deviation of its logarithm (how far one package may sit from it).
    pub fn lambda_factor(&self) -> (f64, f64) {
        let logs: Vec<f64> = self
            .calibration_pairs()
            .iter()
            .filter(|(_, local)| *local > 0.0)
            .map(|(m, local)| (m.lambda_ms / local).ln())
            .collect();
        if logs.is_empty() {
            return (1.0, 0.0);
        }
        let n = logs.len() as f64;
        let mean = logs.iter().sum::<f64>() / n;
        let var = if logs.len() > 1 {
            logs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
        } else {
            0.0
        };
        (mean.exp(), var.sqrt())
    }

    /// The factor that turns import times measured on a machine whose reference time is `this_reference_ms` into
    /// times on the catalogue's machine (1.0 when either is unknown).
    pub fn machine_scale(&self, family: Family, this_reference_ms: f64) -> f64 {
        match self.catalog(family) {
            Some(c) if c.reference_ms > 0.0 && this_reference_ms > 0.0 => {
                c.reference_ms / this_reference_ms
            }
            _ => 1.0,
        }
    }

    /// The on-Lambda figure of an import, when one is published.
    pub fn on_lambda(&self, family: Family, name: &str) -> Option<&LambdaMeasurement> {
        let f = match family {
            Family::Python => "python",
            Family::Node => "node",
            Family::Custom => return None,
        };
        self.lambda.iter().find(|m| m.family == f && m.name == name)
    }
}
