//! A function's package as the project says it: its manifests' dependencies matched to the import catalogue, what
//! its installed environment holds of the ones the catalogue lacks, whether Node.js code ships bundled (and then
//! what the handler imports), and the package's size from the build.

use super::{artifact, deps, handler_imports, relative, FunctionSpec, Project, Source, Sourced};
use crate::error::Result;
use crate::vocab::{Family, Runtime};
use std::path::Path;

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
        runtime: Runtime,
        code_dir: &Path,
        measure: bool,
        out: &mut PackageImports,
    ) -> Result<()> {
        let family = runtime.family();
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
                let local_ms = if measure {
                    Some(measure_installed(&env_dir, runtime, import, &catalogue)?)
                } else {
                    None
                };
                out.installed.push((
                    import.clone(),
                    crate::profile::InstalledSize {
                        closure_files: fp.closure_files.max(1),
                        closure_mb: fp.closure_mb_rounded(),
                        local_ms,
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
        self.package_of_measuring(f, catalogue, false)
    }

    /// [`Project::package_of`]; with `measure`, each installed import the catalogue lacks is also timed with the
    /// real interpreter (this runs its import code, contained as `coldcost measure` contains it).
    pub fn package_of_measuring(
        &self,
        f: &FunctionSpec,
        catalogue: &crate::init::Imports,
        measure: bool,
    ) -> Result<PackageImports> {
        let mut out = PackageImports::default();
        let Some(runtime) = f.runtime.value.as_deref().and_then(Runtime::parse) else {
            return Ok(out);
        };
        let family = runtime.family();
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
            self.read_installed(runtime, &code_dir, measure, &mut out)?;
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
}

/// The import time of `import`, installed in `env_dir` (a `site-packages` folder, or a `node_modules` folder),
/// measured beside the synthetic reference (5 runs) and put on the catalogue's machine scale, ms.
fn measure_installed(
    env_dir: &Path,
    runtime: Runtime,
    import: &str,
    catalogue: &crate::init::Imports,
) -> Result<f64> {
    let dir = match runtime.family() {
        // Node.js resolves a package from the folder that holds node_modules.
        Family::Node => env_dir.parent().unwrap_or(env_dir),
        _ => env_dir,
    };
    let r = crate::init::measure_with_reference(
        dir,
        runtime,
        import,
        &crate::init::MeasureOptions::new(5),
    )?;
    let reference_ms = catalogue
        .catalog(runtime.family())
        .map_or(r.reference.median_ms, |c| c.reference_ms);
    Ok((r.on_machine(reference_ms) * 100.0).round() / 100.0)
}
