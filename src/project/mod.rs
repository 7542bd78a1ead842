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
mod profile_text;
mod samconfig;
mod serverless;
mod spec;
mod terraform;
mod text;

pub use overlay::{Overlay, TrafficEntry};
pub use profile_text::{profile_toml, ProjectDefaults};
pub use spec::{FunctionSpec, Source, Sourced};

use crate::error::{Error, Location, Result};
use crate::profile::Profile;
use crate::vocab::{Family, Runtime};
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

/// What a function's manifests say, matched to the import catalogue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackageImports {
    /// Imports the catalogue weighs (its names), in the manifest's order.
    pub imports: Vec<String>,
    /// The manifests read, relative to the project root.
    pub files: Vec<String>,
    /// Dependencies not in the catalogue, and the readers' own notes.
    pub notes: Vec<String>,
    /// The zipped package size, MB, from the built package when there is one.
    pub size_mb: Option<Sourced<f64>>,
    /// For Node.js: whether the code ships bundled (one file) rather than with its `node_modules`.
    pub bundled: Option<Sourced<bool>>,
    /// Imports the catalogue does not hold, as the project's installed environment has them, and where that is.
    pub installed: Vec<(String, crate::profile::InstalledSize)>,
    /// The environment they were read from, relative to the project root.
    pub installed_from: Option<String>,
}

impl Project {
    /// The installed closures (files and MB, read without running anything) of the imports of `out` that the
    /// catalogue does not hold, from the nearest virtualenv or `node_modules` above `code_dir`.
    fn read_installed(
        &self,
        family: Family,
        code_dir: &Path,
        out: &mut PackageImports,
    ) -> Result<()> {
        let env_dir = match family {
            Family::Python => deps::find_site_packages(code_dir, &self.root),
            Family::Node => deps::find_node_modules(code_dir, &self.root),
            Family::Custom => None,
        };
        let Some(env_dir) = env_dir else {
            return Ok(());
        };
        let env = crate::init::Environment::open(&env_dir, family)?;
        let catalogue = crate::init::Imports::embedded()?;
        for import in &out.imports {
            if catalogue.catalogue_name(family, import).is_some() {
                continue;
            }
            if let Some(fp) = env.footprint(import)? {
                out.installed.push((
                    import.clone(),
                    crate::profile::InstalledSize {
                        closure_files: fp.closure_files.max(1),
                        closure_mb: fp.closure_mb_rounded(),
                    },
                ));
            }
        }
        out.installed_from = Some(relative(&self.root, &env_dir));
        Ok(())
    }

    /// For Node.js: whether the code ships bundled, and when it does and the handler's source is here, the
    /// dependencies narrowed to what the handler imports.
    fn node_build(
        &self,
        f: &FunctionSpec,
        code_dir: &Path,
        deps: &mut deps::Dependencies,
        out: &mut PackageImports,
    ) -> Result<()> {
        let built = f
            .artifact
            .as_ref()
            .map(|a| self.root.join(&a.value))
            .filter(|p| p.is_dir());
        out.bundled = match (&deps.bundler, &built) {
            // The template's build method, else what package.json says (a bundler in its dependencies or scripts).
            (Some(by), _) => Some(Sourced::new(
                true,
                match &f.bundler {
                    Some(b) => b.source.clone(),
                    None => Source::File {
                        file: format!(
                            "{} ({by})",
                            deps.files.first().map_or("package.json", String::as_str)
                        ),
                        line: None,
                    },
                },
            )),
            (None, Some(dir)) => {
                let shipped = dir.join("node_modules").is_dir();
                Some(Sourced::new(
                    !shipped,
                    Source::File {
                        file: relative(&self.root, dir),
                        line: None,
                    },
                ))
            }
            (None, None) => Some(Sourced::new(
                false,
                Source::Assumption {
                    why: "no bundler in the template, its plugins or package.json: node_modules ships with the code".into(),
                },
            )),
        };
        if deps.bundler.is_none() {
            return Ok(());
        }
        let Some(entry) =
            handler_imports::entry_file(code_dir, f.handler.as_deref(), &f.entry_points)
        else {
            out.notes.push(format!(
                "bundled, but the handler's source ({}) is not in {}: every runtime dependency counted",
                f.handler.as_deref().unwrap_or("no handler named"),
                relative(&self.root, code_dir)
            ));
            return Ok(());
        };
        let scanned = handler_imports::scan(code_dir, &entry);
        let (used, unused): (Vec<_>, Vec<_>) = std::mem::take(&mut deps.deps)
            .into_iter()
            .partition(|d| scanned.packages.contains(&d.name));
        deps.deps = used;
        out.notes.push(format!(
            "bundled: only what {} and the {} local files it imports import counts{}",
            scanned.entry,
            scanned.files.saturating_sub(1),
            if unused.is_empty() {
                String::new()
            } else {
                format!(
                    " (not imported: {})",
                    unused
                        .iter()
                        .map(|d| d.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        ));
        out.notes.extend(scanned.notes);
        Ok(())
    }
}

/// Whether a dependency only declares types (`@types/node`, `types-requests`, `boto3-stubs`): nothing of it
/// is loaded when the function runs.
fn is_types_only(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("@types/") || n.starts_with("types-") || n.ends_with("-stubs")
}

impl Project {
    /// The dependencies of `f`'s code folder (or the nearest folder above it with a manifest), as catalogue imports.
    pub fn package_of(
        &self,
        f: &FunctionSpec,
        catalogue: &crate::init::Imports,
    ) -> Result<PackageImports> {
        let mut out = PackageImports::default();
        let family = match f.runtime.value.as_deref().and_then(Runtime::parse) {
            Some(r) => r.family(),
            None => return Ok(out),
        };
        let Some(code) = &f.code_dir else {
            out.notes
                .push("no code folder known: dependencies not read".into());
            return Ok(out);
        };
        let code_dir = self.root.join(&code.value);
        let options = deps::Options {
            bundled_by: f
                .bundler
                .as_ref()
                .map(|b| format!("{} ({})", b.value, b.source)),
            lockfile_dir: None,
        };
        let mut deps = deps::read_dependencies_near_with(&code_dir, &self.root, family, &options)?;
        if family == Family::Node {
            self.node_build(f, &code_dir, &mut deps, &mut out)?;
        }
        if let Some(a) = &f.artifact {
            let size = artifact::package_size(&self.root.join(&a.value))?;
            out.size_mb = Some(Sourced::new(
                size.zipped_mb,
                Source::File {
                    file: match size.unzipped_mb {
                        Some(u) => {
                            format!("{}, deflated as zip would ({u:.1} MB unzipped)", a.value)
                        }
                        None => a.value.clone(),
                    },
                    line: None,
                },
            ));
        }
        let mut unknown = Vec::new();
        let mut types_only = Vec::new();
        for d in &deps.deps {
            if is_types_only(&d.name) {
                types_only.push(d.name.clone());
                continue;
            }
            let import = catalogue
                .catalogue_name(family, &d.import)
                .unwrap_or_else(|| d.import.clone());
            if catalogue.catalogue_name(family, &import).is_none() {
                unknown.push(match &d.version {
                    Some(v) => format!("{} {v}", d.name),
                    None => d.name.clone(),
                });
            }
            if !out.imports.contains(&import) {
                out.imports.push(import);
            }
        }
        let root = self.root.display().to_string();
        out.files = deps
            .files
            .iter()
            .map(|f| {
                f.strip_prefix(&root)
                    .map(|x| x.trim_start_matches('/').to_string())
                    .unwrap_or_else(|| f.clone())
            })
            .collect();
        if !unknown.is_empty() {
            self.read_installed(family, &code_dir, &mut out)?;
            out.notes.push(format!(
                "not in the import catalogue, each estimated as the catalogue's typical package (see the report's notes; --strict refuses them): {}",
                unknown.join(", ")
            ));
        }
        // Unbundled Node.js code without a built package: its size from what it ships in node_modules.
        if out.size_mb.is_none() && out.bundled.as_ref().is_some_and(|b| !b.value) {
            if let Some(est) = catalogue
                .catalog(family)
                .and_then(|c| crate::init::unbundled_size(c, &out.imports, &out.installed))
            {
                out.size_mb = Some(Sourced::new(
                    est.zipped_mb,
                    Source::Assumption { why: est.how },
                ));
            }
        }
        if !types_only.is_empty() {
            out.notes.push(format!(
                "type declarations and stubs, not loaded at run time: {}",
                types_only.join(", ")
            ));
        }
        out.notes.extend(
            deps.notes
                .iter()
                .map(|n| n.replace(&format!("{root}/"), "")),
        );
        Ok(out)
    }

    /// The functions as profiles (with `defaults` for what templates do not say), each with its commented TOML;
    /// functions on runtimes coldcost does not model are left out with a note.
    pub fn profiles(&self, defaults: &ProjectDefaults) -> Result<Vec<(Profile, String)>> {
        if let Some(o) = &defaults.overlay {
            o.check_names(self.functions.iter().map(|f| f.name.as_str()))?;
        }
        let catalogue = crate::init::Imports::embedded()?;
        let mut out = Vec::new();
        for f in &self.functions {
            let package = self.package_of(f, &catalogue)?;
            let text = profile_toml(f, self, defaults, &package)?;
            let origin = format!("{} ({})", self.root.display(), f.name);
            let mut profile = Profile::from_toml(&text, &origin)?;
            profile.sources = profile_text::sources(&text);
            out.push((profile, text));
        }
        Ok(out)
    }
}
