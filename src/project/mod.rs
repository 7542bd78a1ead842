//! The user's repository as input: infrastructure templates (SAM, CloudFormation and CDK output today) read into
//! function settings, and dependency manifests read into the imports the INIT model weighs. Every value says where
//! it came from (`template.yaml:42`, a default, or an assumption), and `profiles` writes them as commented profiles.

pub mod artifact;
mod cfn;
pub mod deps;
pub mod handler_imports;
mod image;
mod intrinsics;
mod overlay;
mod package;
mod profile_text;
mod samconfig;
mod serverless;
mod spec;
mod terraform;
mod text;

pub use overlay::{Overlay, TrafficEntry};
pub use package::PackageImports;
pub use profile_text::{profile_toml, ProjectDefaults};
pub use spec::{FunctionSpec, Source, Sourced};

use crate::error::{Error, Location, Result};
use crate::profile::Profile;
use crate::vocab::Runtime;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What one template holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Template {
    /// Functions that run on traffic.
    pub functions: Vec<FunctionSpec>,
    /// Functions left out, with why (a false condition, a deploy-time CDK handler).
    pub skipped: Vec<(String, String)>,
    /// Other files read (samconfig.toml).
    pub files: Vec<String>,
    /// Notes on the template as a whole.
    pub notes: Vec<String>,
}

/// A repository read: its templates' functions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Project {
    /// The folder everything is relative to.
    pub root: PathBuf,
    /// Templates and other files read, relative to the root.
    pub files: Vec<String>,
    /// Functions that run on traffic.
    pub functions: Vec<FunctionSpec>,
    /// Functions left out, with why.
    pub skipped: Vec<(String, String)>,
    /// Notes on the project.
    pub notes: Vec<String>,
}

/// Folders never searched for templates.
const SKIP_DIRS: [&str; 6] = [
    "node_modules",
    ".git",
    ".aws-sam",
    ".serverless",
    "target",
    ".venv",
];

/// Whether `path` looks like an infrastructure template or a project folder rather than a profile.
pub fn is_project(path: &Path) -> bool {
    if path.is_dir() {
        return true;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".yaml")
        || name.ends_with(".yml")
        || name.ends_with(".json")
        || name.ends_with(".tf")
}

/// Whether a file name is a Serverless Framework service.
fn is_serverless(name: &str) -> bool {
    matches!(name, "serverless.yml" | "serverless.yaml")
}

/// Whether a file is a template coldcost reads: SAM `template.yaml`/`.yml`/`.json`, CDK `cdk.out/*.template.json`,
/// Serverless `serverless.yml` and `serverless-compose.yml`.
fn is_template(path: &Path, name: &str) -> bool {
    matches!(
        name,
        "template.yaml"
            | "template.yml"
            | "template.json"
            | "serverless.yml"
            | "serverless.yaml"
            | "serverless-compose.yml"
            | "serverless-compose.yaml"
    ) || (name.ends_with(".template.json") && path.parent().is_some_and(|d| d.ends_with("cdk.out")))
}

/// Visits the files and folders under `dir` in path order, at most `max_depth` folders deep, never entering
/// dependency, build or VCS folders; `visit` gets each path, its name and whether it is a folder.
pub(crate) fn walk(dir: &Path, max_depth: usize, visit: &mut dyn FnMut(&Path, &str, bool)) {
    fn go(dir: &Path, depth: usize, max: usize, visit: &mut dyn FnMut(&Path, &str, bool)) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let is_dir = p.is_dir();
            visit(&p, &name, is_dir);
            if is_dir
                && depth < max
                && !SKIP_DIRS.contains(&name.as_str())
                && !name.starts_with('.')
            {
                go(&p, depth + 1, max, visit);
            }
        }
    }
    go(dir, 0, max_depth, visit);
}

/// Reads a project folder, or one template file, into its functions. `region` overrides what the templates say.
pub fn read_project(path: &Path, region: Option<&str>) -> Result<Project> {
    let (root, templates, tf, hcl) = if path.is_dir() {
        let (mut t, mut tf, mut hcl) = (Vec::new(), Vec::new(), Vec::new());
        walk(path, 5, &mut |p, name, is_dir| {
            if is_dir {
                return;
            }
            if is_template(p, name) {
                t.push(p.to_path_buf());
            } else if name.ends_with(".tf") {
                tf.push(p.to_path_buf());
            } else if name.ends_with(".hcl") && name != ".terraform.lock.hcl" {
                hcl.push(p.to_path_buf());
            }
        });
        (path.to_path_buf(), t, tf, hcl)
    } else if path.extension().is_some_and(|e| e == "tf") {
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        (dir, Vec::new(), vec![path.to_path_buf()], Vec::new())
    } else {
        (
            path.parent().unwrap_or(Path::new("")).to_path_buf(),
            vec![path.to_path_buf()],
            Vec::new(),
            Vec::new(),
        )
    };
    if templates.is_empty() && tf.is_empty() {
        return Err(Error::Unsupported {
            at: Location::file(path.display().to_string()),
            message: "no SAM, CloudFormation, Serverless Framework or Terraform files (template.yaml, cdk.out/*.template.json, serverless.yml, *.tf) here".into(),
        });
    }
    let mut project = Project {
        root: root.clone(),
        files: Vec::new(),
        functions: Vec::new(),
        skipped: Vec::new(),
        notes: Vec::new(),
    };
    // serverless-compose.yml names its services' folders and the params it passes each.
    let mut compose_params: Vec<(PathBuf, serde_json::Map<String, serde_json::Value>)> = Vec::new();
    for t in templates.iter().filter(|t| {
        t.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("serverless-compose."))
    }) {
        let rel = relative(&root, t);
        let text = read_text(t)?;
        for (path, params) in serverless::compose_services(&text, &rel)? {
            let dir = t.parent().unwrap_or(Path::new("")).join(path);
            compose_params.push((dir, params));
        }
        project.files.push(rel);
    }
    let no_params = serde_json::Map::new();
    for t in templates.iter().filter(|t| {
        !t.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("serverless-compose."))
    }) {
        let rel = relative(&root, t);
        let text = read_text(t)?;
        let name = t
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let read = if is_serverless(&name) {
            let params = compose_params
                .iter()
                .find(|(d, _)| t.parent().is_some_and(|p| p == d.as_path()))
                .map_or(&no_params, |(_, p)| p);
            serverless::read(t, &rel, &text, region, params)?
        } else {
            cfn::read(t, &rel, &text, region)?
        };
        project.files.push(rel);
        project.files.extend(read.files);
        project.functions.extend(read.functions);
        project.skipped.extend(read.skipped);
        project.notes.extend(read.notes);
    }
    if !tf.is_empty() {
        let read = terraform::read(&root, &tf, &hcl, region)?;
        project.files.extend(read.files);
        project.functions.extend(read.functions);
        project.skipped.extend(read.skipped);
        project.notes.extend(read.notes);
    }
    // Runtimes coldcost has no INIT baseline for are left out, and say so.
    let (modelled, unmodelled): (Vec<FunctionSpec>, Vec<FunctionSpec>) =
        std::mem::take(&mut project.functions)
            .into_iter()
            .partition(|f| {
                f.runtime
                    .value
                    .as_deref()
                    .and_then(Runtime::parse)
                    .is_some()
            });
    project.functions = modelled;
    for f in unmodelled {
        let why = match &f.runtime.value {
            Some(r) => format!(
                "runtime {r} ({}) is not one coldcost models ({})",
                f.runtime.source,
                Runtime::known()
            ),
            None => format!(
                "a {} function without a runtime coldcost can tell ({})",
                f.package_type.value, f.runtime.source
            ),
        };
        project.skipped.push((f.name, why));
    }
    if project.functions.is_empty() {
        return Err(Error::Unsupported {
            at: Location::file(path.display().to_string()),
            message: format!(
                "no Lambda function that runs on traffic in {}{}",
                project.files.join(", "),
                if project.skipped.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ({} left out: {})",
                        project.skipped.len(),
                        project
                            .skipped
                            .iter()
                            .map(|(n, why)| format!("{n}: {why}"))
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                }
            ),
        });
    }
    Ok(project)
}

fn relative(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}

fn read_text(p: &Path) -> Result<String> {
    std::fs::read_to_string(p).map_err(|source| Error::Io {
        path: p.to_path_buf(),
        source,
    })
}

impl Project {
    /// The functions as profiles (with `defaults` for what templates do not say), each with its commented TOML;
    /// functions on runtimes coldcost does not model are left out with a note.
    pub fn profiles(&self, defaults: &ProjectDefaults) -> Result<Vec<(Profile, String)>> {
        if let Some(o) = &defaults.overlay {
            o.check_names(self.functions.iter().map(|f| f.name.as_str()))?;
        }
        let catalogue = crate::init::Imports::embedded()?;
        let mut out = Vec::new();
        for f in &self.functions {
            let package = self.package_of_measuring(f, &catalogue, defaults.measure_installed)?;
            let text = profile_toml(f, self, defaults, &package)?;
            let origin = format!("{} ({})", self.root.display(), f.name);
            let mut profile = Profile::from_toml(&text, &origin)?;
            profile.sources = profile_text::sources(&text);
            out.push((profile, text));
        }
        Ok(out)
    }
}
