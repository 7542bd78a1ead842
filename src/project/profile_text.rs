//! A function read from a template, written as a profile: every value with a comment saying where it came from,
//! and the values templates do not carry (handler time, traffic) as labelled assumptions the user can edit.

use super::spec::{FunctionSpec, Source, Sourced};
use super::Project;
use crate::error::Result;
use std::fmt::Write as _;

/// What to assume for what templates do not say.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectDefaults {
    /// Invocations a month of every function.
    pub monthly_invocations: u64,
    /// Where that volume comes from (`--invocations`, or the default).
    pub invocations_source: String,
    /// Warm handler time, ms.
    pub handler_ms: f64,
    /// Per-function traffic and handler time, over the values above.
    pub overlay: Option<super::Overlay>,
    /// Time the import of each installed package the catalogue lacks with the real interpreter (runs its code).
    pub measure_installed: bool,
}

impl Default for ProjectDefaults {
    fn default() -> ProjectDefaults {
        ProjectDefaults {
            monthly_invocations: 1_000_000,
            invocations_source:
                "assumption: templates carry no traffic; set it here or pass --invocations".into(),
            handler_ms: 100.0,
            overlay: None,
            measure_installed: false,
        }
    }
}

/// Each assignment's source as its profile text says it (`key = value  # source`), keys dotted by section.
pub fn sources(text: &str) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    let mut section = String::new();
    for l in text.lines() {
        let t = l.trim();
        if let Some(h) = t.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            section = h.to_string();
        } else if let (Some((key, _)), Some((_, source))) =
            (t.split_once('='), t.split_once("  # "))
        {
            if !t.starts_with('#') {
                let key = key.trim();
                let full = if section.is_empty() {
                    key.to_string()
                } else {
                    format!("{section}.{key}")
                };
                out.insert(full, source.trim().to_string());
            }
        }
    }
    out
}

/// A TOML string literal.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn line<T: std::fmt::Display>(out: &mut String, key: &str, value: T, source: &Source) {
    let assignment = format!("{key} = {value}");
    let _ = writeln!(out, "{assignment:<38}  # {source}");
}

fn sourced_str(out: &mut String, key: &str, v: &Sourced<String>) {
    line(out, key, quoted(&v.value), &v.source);
}

/// `x` to three decimals (a size in MB to the kB), without trailing zeros.
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The profile of `f`, as commented TOML.
pub fn profile_toml(
    f: &FunctionSpec,
    project: &Project,
    d: &ProjectDefaults,
    package: &super::PackageImports,
) -> Result<String> {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} — declared at {}, read by coldcost {} from {}.\n# Values with a file and line come from the project; edit the assumptions to match your function.",
        f.name,
        f.declared,
        env!("CARGO_PKG_VERSION"),
        project.root.display()
    );
    for n in &f.notes {
        let _ = writeln!(out, "# note: {n}");
    }
    line(&mut out, "name", quoted(&f.name), &f.declared);
    let runtime = f.runtime.value.clone().unwrap_or_default();
    line(&mut out, "runtime", quoted(&runtime), &f.runtime.source);
    sourced_str(&mut out, "architecture", &f.architecture);
    line(
        &mut out,
        "memory_mb",
        f.memory_mb.value,
        &f.memory_mb.source,
    );
    line(
        &mut out,
        "ephemeral_storage_mb",
        f.ephemeral_storage_mb.value,
        &f.ephemeral_storage_mb.source,
    );
    sourced_str(&mut out, "package_type", &f.package_type);
    sourced_str(&mut out, "region", &f.region);
    let _ = writeln!(
        out,
        "# timeout {} s ({}): not billed as such; the handler time below is",
        f.timeout_s.value, f.timeout_s.source
    );
    if let Some(h) = &f.handler {
        let _ = writeln!(out, "# handler {h}");
    }
    let _ = writeln!(out, "\n[package]");
    let mut imports = package.imports.clone();
    let mut import_sources: Vec<String> = package.files.clone();
    for n in &package.notes {
        let _ = writeln!(out, "# dependencies: {n}");
    }
    for l in &f.layers {
        // AWS's Powertools for Python layer loads aws_lambda_powertools at INIT when the handler imports it.
        if l.contains("AWSLambdaPowertoolsPython") {
            if !imports.iter().any(|i| i == "aws_lambda_powertools") {
                imports.push("aws_lambda_powertools".to_string());
            }
            import_sources.push("the Powertools layer".into());
            let _ = writeln!(
                out,
                "# layer {l}: Powertools for Python, counted as the aws_lambda_powertools import"
            );
        } else {
            let _ = writeln!(out, "# layer {l}: its INIT work is not weighed (add it to extra_init_ms if you know it)");
        }
    }
    if !imports.is_empty() {
        let list = format!(
            "imports = [{}]",
            imports
                .iter()
                .map(|i| quoted(i))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(out, "{list:<38}  # {}", import_sources.join(", "));
    }
    match &package.size_mb {
        Some(size) => line(&mut out, "size_mb", round3(size.value), &size.source),
        None => line(
            &mut out,
            "size_mb",
            1,
            &Source::Assumption {
                why: "no built package found (.aws-sam/build, .serverless/*.zip, a CDK asset, Terraform's filename); build it, or put the zip's size here".into(),
            },
        ),
    }
    if let Some(b) = &package.bundled {
        line(&mut out, "bundled", b.value, &b.source);
    }
    match &f.code_dir {
        Some(c) => {
            let _ = writeln!(out, "# code in {} ({})", c.value, c.source);
        }
        None => {
            let _ = writeln!(out, "# code directory: not found from the template");
        }
    }
    let (entry, entry_line) = d
        .overlay
        .as_ref()
        .map_or((Default::default(), None), |o| o.entry(&f.name));
    let from_overlay = |key: &str| {
        Source::File {
            file: d
                .overlay
                .as_ref()
                .map_or_else(String::new, |o| o.file.clone()),
            line: entry_line,
        }
        .to_string()
            + &format!(" ({key})")
    };
    if !package.installed.is_empty() {
        let _ = writeln!(
            out,
            "\n# Not in the import catalogue, read from {} without running anything: each one's dependency\n# closure (code files, MB), from which coldcost estimates its import time.\n[package.installed]",
            package.installed_from.as_deref().unwrap_or("the installed environment")
        );
        for (name, i) in &package.installed {
            let measured = i
                .local_ms
                .map(|ms| format!(", local_ms = {ms}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{} = {{ closure_files = {}, closure_mb = {}{measured} }}",
                quoted(name),
                i.closure_files,
                i.closure_mb
            );
        }
    }
    let _ = writeln!(out, "\n[handler]");
    match entry.duration_ms {
        Some(ms) => {
            let _ = writeln!(
                out,
                "{:<38}  # {}",
                format!("duration_ms = {ms}"),
                from_overlay("duration_ms")
            );
        }
        None => line(
            &mut out,
            "duration_ms",
            d.handler_ms,
            &Source::Assumption {
                why: "templates do not say how long the handler runs; put a measured p50 here"
                    .into(),
            },
        ),
    }
    if let Some(p95) = entry.duration_p95_ms {
        let _ = writeln!(
            out,
            "{:<38}  # {}",
            format!("duration_p95_ms = {p95}"),
            from_overlay("duration_p95_ms")
        );
    }
    let _ = writeln!(out, "\n[traffic]");
    match entry.monthly_invocations {
        Some(n) => {
            let _ = writeln!(
                out,
                "{:<38}  # {}",
                format!("monthly_invocations = {n}"),
                from_overlay("monthly_invocations")
            );
        }
        None => {
            let _ = writeln!(
                out,
                "{:<38}  # {}",
                format!("monthly_invocations = {}", d.monthly_invocations),
                d.invocations_source
            );
        }
    }
    if let Some(p) = &entry.pattern {
        let _ = writeln!(
            out,
            "{:<38}  # {}",
            format!("pattern = {}", quoted(p)),
            from_overlay("pattern")
        );
    }
    if let Some(pc) = &f.provisioned_concurrency {
        let _ = writeln!(out, "\n[provisioned_concurrency]");
        line(&mut out, "concurrency", pc.value, &pc.source);
    }
    if f.snapstart.value {
        let _ = writeln!(out, "\n[snapstart]");
        line(&mut out, "enabled", true, &f.snapstart.source);
    }
    Ok(out)
}
