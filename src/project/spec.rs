//! What a template says about one function, each value with where it came from.

use serde::Serialize;
use std::fmt;

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    /// Written in a file, at a line when known.
    File {
        /// The file, relative to the project root.
        file: String,
        /// 1-based line.
        line: Option<usize>,
    },
    /// AWS's (or the framework's) default for a value the template leaves out.
    Default {
        /// Whose default, e.g. `AWS Lambda's default`.
        of: String,
    },
    /// A value coldcost assumed, with why.
    Assumption {
        /// Why.
        why: String,
    },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::File {
                file,
                line: Some(l),
            } => write!(f, "{file}:{l}"),
            Source::File { file, line: None } => f.write_str(file),
            Source::Default { of } => write!(f, "default ({of})"),
            Source::Assumption { why } => write!(f, "assumption: {why}"),
        }
    }
}

/// A value and its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub source: Source,
}

impl<T> Sourced<T> {
    /// `value` from `source`.
    pub fn new(value: T, source: Source) -> Sourced<T> {
        Sourced { value, source }
    }

    /// `value` as AWS Lambda's default.
    pub fn lambda_default(value: T) -> Sourced<T> {
        Sourced::new(
            value,
            Source::Default {
                of: "AWS Lambda's default".into(),
            },
        )
    }
}

/// One Lambda function as a template declares it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionSpec {
    /// The function's name in the template (a logical ID, a Serverless function key, a Terraform function name).
    pub name: String,
    /// Where the function is declared.
    pub declared: Source,
    /// The runtime identifier as written (`python3.12`; `None` for container images without a known base).
    pub runtime: Sourced<Option<String>>,
    /// `x86_64` or `arm64`.
    pub architecture: Sourced<String>,
    /// Memory, MB.
    pub memory_mb: Sourced<u32>,
    /// Ephemeral storage, MB.
    pub ephemeral_storage_mb: Sourced<u32>,
    /// `zip` or `image`.
    pub package_type: Sourced<String>,
    /// Timeout, s.
    pub timeout_s: Sourced<f64>,
    /// Provisioned concurrency, when configured.
    pub provisioned_concurrency: Option<Sourced<u32>>,
    /// Whether SnapStart is on for published versions.
    pub snapstart: Sourced<bool>,
    /// Region.
    pub region: Sourced<String>,
    /// The code directory, relative to the project root, when the template names one that exists.
    pub code_dir: Option<Sourced<String>>,
    /// The handler, when given.
    pub handler: Option<String>,
    /// Layers, as written (ARNs or references).
    pub layers: Vec<String>,
    /// The bundler the template or its plugins configure (`esbuild`), when one is named.
    pub bundler: Option<Sourced<String>>,
    /// Files the bundler starts from, relative to the code folder (SAM's `BuildProperties.EntryPoints`).
    pub entry_points: Vec<String>,
    /// The built package, relative to the project root, when the build left one (`.aws-sam/build/NAME`,
    /// `.serverless/NAME.zip`, a CDK asset, Terraform's `filename`).
    pub artifact: Option<Sourced<String>>,
    /// What was assumed or could not be resolved for this function.
    pub notes: Vec<String>,
}
