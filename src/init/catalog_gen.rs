//! Writing the import catalogue: measure each package with the real interpreter and record its version, size,
//! median time and what else it loads. `coldcost catalog imports` is the front door; anyone can refresh it.

use super::footprint::{Environment, Footprint};
use super::imports::{ImportCatalog, ImportEntry};
use super::measure::MeasureOptions;
use super::measurement::Spread;
use super::reference::measure_with_reference;
use crate::date::Date;
use crate::error::{Error, Location, Result};
use crate::vocab::{Family, Runtime};
use std::path::{Path, PathBuf};
use std::process::Command;

const PY_META: &str = r#"
import sys, importlib.metadata as m
name = sys.argv[1]
dists = m.packages_distributions().get(name.split('.')[0]) or [name]
path = name.replace('.', '/')
def owns(dist, exact):
    try:
        files = [str(f) for f in (m.distribution(dist).files or [])]
    except Exception:
        return False
    if exact:
        return (path + '/__init__.py') in files or (path + '.py') in files
    return any(f.startswith(path + '/') for f in files)
# A namespace (google.protobuf, opentelemetry.sdk.trace) is shared: the distribution that owns the module itself.
# A bare namespace (opentelemetry) has no owner: the shortest distribution named after it (opentelemetry-api).
named = sorted((x for x in dists if owns(x, False)), key=lambda x: (len(x), x))
d = m.distribution(next((x for x in dists if owns(x, True)), None) or (named[0] if named else dists[0]))
size = 0
for f in (d.files or []):
    p = f.locate()
    try:
        size += p.stat().st_size
    except OSError:
        pass
print(d.version, size)
"#;

const PY_INCLUDES: &str = r#"
import sys, importlib
importlib.import_module(sys.argv[1])
print(" ".join(n for n in sys.argv[2:] if n in sys.modules))
"#;

const NODE_INCLUDES: &str = r#"
const [name, ...others] = process.argv.slice(1);
try { require(require.resolve(name, { paths: [process.cwd()] })); } catch (e) { process.exit(0); }
const files = Object.keys(require.cache);
console.log(others.filter(o => files.some(f => f.includes('/node_modules/' + o + '/'))).join(' '));
"#;

/// Which of `others` loading `name` also loads (exactly: Python's `sys.modules`, Node's `require.cache`).
fn includes(
    dir: &Path,
    runtime: Runtime,
    name: &str,
    others: &[String],
    interpreter: &Option<PathBuf>,
) -> Vec<String> {
    let others: Vec<&String> = others.iter().filter(|o| *o != name).collect();
    let out = match runtime.family() {
        Family::Python => Command::new(
            interpreter
                .clone()
                .unwrap_or_else(|| PathBuf::from("python3")),
        )
        .arg("-c")
        .arg(PY_INCLUDES)
        .arg(name)
        .args(&others)
        .env("PYTHONPATH", dir)
        .output(),
        _ => Command::new(interpreter.clone().unwrap_or_else(|| PathBuf::from("node")))
            .arg("-e")
            .arg(NODE_INCLUDES)
            .arg(name)
            .args(&others)
            .current_dir(dir)
            .output(),
    };
    out.map(|o| {
        String::from_utf8_lossy(&o.stdout)
            .split_whitespace()
            .map(String::from)
            .collect()
    })
    .unwrap_or_default()
}

/// A one-line description of this machine's CPU, for the catalogue's `machine` field.
pub fn machine_description() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    format!("{cpu}, {cores} cores, {}", std::env::consts::OS)
}

fn dir_size(path: &Path) -> u64 {
    let Ok(rd) = std::fs::read_dir(path) else {
        return 0;
    };
    rd.filter_map(|e| e.ok())
        .map(|e| {
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() && e.file_name() != "node_modules" => dir_size(&p),
                Ok(t) if t.is_file() => e.metadata().map(|m| m.len()).unwrap_or(0),
                _ => 0,
            }
        })
        .sum()
}

fn version_and_size(
    dir: &Path,
    runtime: Runtime,
    name: &str,
    interpreter: &Option<PathBuf>,
) -> (String, f64) {
    match runtime.family() {
        Family::Python => {
            let py = interpreter
                .clone()
                .unwrap_or_else(|| PathBuf::from("python3"));
            let out = Command::new(py)
                .arg("-c")
                .arg(PY_META)
                .arg(name)
                .env("PYTHONPATH", dir)
                .output();
            let text = out
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default();
            let mut parts = text.split_whitespace();
            let version = parts.next().unwrap_or("unknown").to_string();
            let bytes: f64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0.0);
            (version, bytes / 1e6)
        }
        _ => {
            let pkg = dir.join("node_modules").join(name);
            let version = std::fs::read_to_string(pkg.join("package.json"))
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .and_then(|v| v.get("version").and_then(|x| x.as_str()).map(String::from))
                .unwrap_or_else(|| "unknown".into());
            (version, dir_size(&pkg) as f64 / 1e6)
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Measures `packages` in `dir` and returns the catalogue as TOML text.
pub fn build_import_catalog(
    dir: &Path,
    runtime: Runtime,
    packages: &[String],
    opts: &MeasureOptions,
    today: Date,
) -> Result<String> {
    let family = match runtime.family() {
        Family::Python => "python",
        Family::Node => "node",
        Family::Custom => {
            return Err(Error::Measure {
                at: Location::file(dir.display().to_string()),
                message: "custom runtimes have no import catalogue".into(),
            })
        }
    };
    // The static footprints first: a tree they cannot read stops the run before minutes of measuring.
    // (Node.js packages found through a parent's node_modules get none: DIR has no node_modules of its own.)
    let env = Environment::open(dir, runtime.family())?;
    let own_tree = !matches!(&env, Environment::Node(nm) if !nm.is_dir());
    let mut closures = Vec::with_capacity(packages.len());
    for name in packages {
        closures.push(if own_tree { env.footprint(name)? } else { None });
    }
    // Each package is measured run for run beside the machine reference; the catalogue's reference is the median
    // over all of those reference runs, and each entry is its median ratio to the reference times that median, so
    // that load drifting during the measurement does not tilt one entry against another.
    let mut interpreter = String::new();
    let mut measured = Vec::new();
    let mut reference_runs = Vec::new();
    for name in packages {
        let r = measure_with_reference(dir, runtime, name, opts)?;
        reference_runs.push(r.reference.median_ms);
        measured.push((name, r));
    }
    let reference_ms = Spread::of(reference_runs).median_ms;
    let mut imports = Vec::new();
    for ((name, r), closure) in measured.into_iter().zip(closures) {
        let m = &r.measurement;
        interpreter = m.interpreter.clone();
        let scale = reference_ms / r.reference.median_ms.max(f64::MIN_POSITIVE);
        let (version, size_mb) = version_and_size(dir, runtime, name, &opts.interpreter);
        let includes = includes(dir, runtime, name, packages, &opts.interpreter);
        imports.push(ImportEntry {
            name: name.clone(),
            version,
            local_ms: round2(r.on_machine(reference_ms)),
            local_min_ms: round2((m.total.min_ms * scale).min(r.on_machine(reference_ms))),
            local_max_ms: round2((m.total.max_ms * scale).max(r.on_machine(reference_ms))),
            installed_mb: round2(size_mb),
            closure_mb: closure.as_ref().map(Footprint::closure_mb_rounded),
            closure_files: closure.as_ref().map(|f| f.closure_files),
            includes,
        });
    }
    let cat = ImportCatalog {
        family: family.into(),
        measured: today.to_string(),
        interpreter,
        machine: machine_description(),
        runs: opts.runs,
        reference_ms: round2(reference_ms),
        imports,
    };
    let body = toml::to_string(&cat).map_err(|e| Error::Syntax {
        at: Location::file("catalog"),
        message: e.to_string(),
    })?;
    Ok(format!(
        "# Import weights measured with the real interpreter on installed packages: {} fresh-process runs after one\n# warm-up, each beside a run of the synthetic reference package; local_ms = median ratio × reference_ms.\n# Regenerate: coldcost catalog imports --runtime {} --dir DIR [--interpreter PATH] PKG...\n{body}",
        opts.runs, runtime
    ))
}
