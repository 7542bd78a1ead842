//! The library's one error type. Every variant carries what a user needs to fix the input: the file, the
//! line when there is one, the field and the offending value.

use std::path::PathBuf;

/// Where in an input something went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, or `<stdin>` / `<built-in …>` for other sources.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
}

impl Location {
    /// A location in `file` with no line.
    pub fn file(file: impl Into<String>) -> Location {
        Location {
            file: file.into(),
            line: None,
        }
    }

    /// A location at `line` of `file`.
    pub fn at(file: impl Into<String>, line: usize) -> Location {
        Location {
            file: file.into(),
            line: Some(line),
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}", self.file, l),
            None => write!(f, "{}", self.file),
        }
    }
}

/// Everything that can go wrong in coldcost, each variant actionable.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written. (The display names the file; the operating system's reason is the
    /// error's source, which the binary prints after it.)
    #[error("{path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The input is not valid syntax for its format (TOML, CSV, JSON).
    #[error("{at}: {message}")]
    Syntax {
        /// Where.
        at: Location,
        /// What the parser said.
        message: String,
    },
    /// A required field is absent.
    #[error("{at}: missing required field `{field}`")]
    MissingField {
        /// Where.
        at: Location,
        /// The field's dotted name, e.g. `traffic.monthly_invocations`.
        field: String,
    },
    /// A field has a value outside what is allowed.
    #[error("{at}: field `{field}` = {value}: {expected}")]
    InvalidValue {
        /// Where.
        at: Location,
        /// The field's dotted name.
        field: String,
        /// The offending value as written.
        value: String,
        /// What is allowed.
        expected: String,
    },
    /// A region the price book has no prices for.
    #[error("{at}: no prices for region `{region}`: {why}; give prices with --pricing FILE (a price book in the format of pricing/aws-lambda.toml, or one `coldcost pricing import` builds from AWS's Price List offer files). Regions with prices: {known}")]
    UnknownRegion {
        /// Where the region was named.
        at: Location,
        /// The region asked for.
        region: String,
        /// Why there are none: a Lambda region without a checkable source, or not a Lambda region.
        why: String,
        /// The regions the price book knows, comma-separated.
        known: String,
    },
    /// The price book lacks a price needed for this bill.
    #[error("price book has no {component} price for {region} {architecture}; add it with --pricing FILE")]
    MissingPrice {
        /// The region.
        region: String,
        /// The architecture.
        architecture: String,
        /// The price component, e.g. `provisioned concurrency`.
        component: String,
    },
    /// Measuring imports with a real interpreter failed (interpreter missing, module missing, import error).
    #[error("{at}: {message}")]
    Measure {
        /// The package directory or module.
        at: Location,
        /// What went wrong and how to fix it.
        message: String,
    },
    /// A report was asked for in a format its command does not produce.
    #[error("{command} does not produce {format}; its formats: {supported}")]
    UnsupportedFormat {
        /// The command (`remedies`, `ingest`, …).
        command: &'static str,
        /// The format asked for.
        format: &'static str,
        /// The formats it does produce, comma-separated.
        supported: String,
    },
    /// Rendering a report failed (a chart could not be drawn).
    #[error("rendering the {format} report: {message}")]
    Render {
        /// The format.
        format: &'static str,
        /// What went wrong.
        message: String,
    },
    /// An input is past a bound coldcost sets so that no input can exhaust it (files walked, nesting, size).
    #[error("{at}: {message}")]
    TooLarge {
        /// Where the bound was reached.
        at: Location,
        /// Which bound, and what was found.
        message: String,
    },
    /// The combination of settings is not possible on AWS Lambda.
    #[error("{at}: {message}")]
    Unsupported {
        /// Where.
        at: Location,
        /// Why it is not possible.
        message: String,
    },
    /// A Lambda Managed Instances bill needs an EC2 price (or the management fee) the price book lacks.
    #[error("{at}: no {what}: {why}; give it with --pricing FILE (an `[ec2.REGION.instances]` entry or a `[managed_instances]` section, see pricing/LMI.md) or build a price book from AWS's offer files with `coldcost pricing import`")]
    MissingEc2Price {
        /// Where the instance type was named.
        at: Location,
        /// The price missing, with its instance type, region and price book.
        what: String,
        /// What the book has instead.
        why: String,
    },
}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An invalid value at `at`.
    pub fn invalid(
        at: &Location,
        field: impl Into<String>,
        value: impl std::fmt::Display,
        expected: impl Into<String>,
    ) -> Error {
        Error::InvalidValue {
            at: at.clone(),
            field: field.into(),
            value: value.to_string(),
            expected: expected.into(),
        }
    }
}

/// The 1-based line of byte offset `pos` in `text`.
pub fn line_of(text: &str, pos: usize) -> usize {
    let end = pos.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Turns a `toml` parse error into a [`Error::Syntax`] with the line it points at.
pub fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> Error {
    let line = e.span().map(|s| line_of(text, s.start));
    Error::Syntax {
        at: Location {
            file: file.to_string(),
            line,
        },
        message: shorten_values(&e.message().trim().replace('\n', "; ")),
    }
}

/// Shortens any backticked value longer than 40 characters (`1e308` read as an integer prints 309 digits).
fn shorten_values(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len().min(400));
    for (i, part) in msg.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 && part.chars().count() > 40 {
            out.extend(part.chars().take(20));
            out.push_str(&format!("… ({} characters)", part.chars().count()));
        } else {
            out.push_str(part);
        }
    }
    out
}
