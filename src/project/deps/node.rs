//! Which Node.js manifest wins in a directory: `package.json` gives the list, the first lockfile found
//! (`package-lock.json`, `npm-shrinkwrap.json`, `yarn.lock`, `pnpm-lock.yaml`) the versions. Runtime
//! `dependencies` count; when the code is bundled, `devDependencies` that are not build or test tools count too,
//! since a bundler inlines whatever the handler imports. Bundlers themselves never count.

use super::{
    is_build_tool, lexical, list, package_json, package_lock, pnpm_lock, yarn_lock, Dependencies,
    Dependency, Lockfile, Options, PackageJson,
};
use crate::error::Result;
use crate::vocab::Family;
use std::path::{Path, PathBuf};

const LOCKFILES: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
];

/// Reads `dir`'s `package.json` and lockfile.
pub(super) fn read(dir: &Path, options: &Options) -> Result<Dependencies> {
    let manifest = dir.join("package.json");
    if !manifest.is_file() {
        return Ok(Dependencies {
            notes: vec![format!(
                "{}: no package.json; no dependencies",
                dir.display()
            )],
            ..Dependencies::default()
        });
    }
    let pkg = package_json::read_package_json(&manifest)?;
    let mut out = select(&pkg, options);
    out.bundler = options.bundled_by.clone().or_else(|| pkg.bundler.clone());
    out.files.push(pkg.file.clone());
    if let Some(lock) = find_lock(dir, options, &mut out.notes)? {
        apply_versions(&mut out, &pkg, lock);
    } else if !out.deps.is_empty() {
        out.notes.push(format!(
            "{}: no lockfile; versions are the package.json ranges",
            dir.display()
        ));
    }
    if out.deps.is_empty() {
        out.notes
            .push(format!("{}: no runtime dependencies declared", pkg.file));
    }
    Ok(out)
}

/// The dependencies that run in the function, with notes on what was left out and why.
fn select(pkg: &PackageJson, options: &Options) -> Dependencies {
    let mut out = Dependencies::default();
    let file = &pkg.file;
    let bundled = options.bundled_by.clone().or_else(|| pkg.bundler.clone());
    let tools: Vec<&str> = pkg
        .dependencies
        .iter()
        .filter(|d| is_build_tool(&d.name))
        .map(|d| d.name.as_str())
        .collect();
    if !tools.is_empty() {
        out.notes.push(format!(
            "{file}: {} in dependencies not counted: build or test tools, not imported by a handler",
            list(&tools)
        ));
    }
    for d in pkg.dependencies.iter().filter(|d| !is_build_tool(&d.name)) {
        out.push(d.clone());
    }
    let (runtime_dev, _): (Vec<&Dependency>, Vec<&Dependency>) = pkg
        .dev_dependencies
        .iter()
        .partition(|d| !is_build_tool(&d.name));
    let names =
        |deps: &[&Dependency]| list(&deps.iter().map(|d| d.name.as_str()).collect::<Vec<_>>());
    match bundled {
        Some(by) if !runtime_dev.is_empty() => {
            out.notes.push(format!(
                "{file}: bundled ({by}): devDependencies that are not build or test tools counted too, since the \
                 bundle inlines what the handler imports: {}",
                names(&runtime_dev)
            ));
            for d in runtime_dev {
                out.push(d.clone());
            }
        }
        Some(_) => {}
        None => {
            let (sdk, rest): (Vec<&Dependency>, Vec<&Dependency>) = runtime_dev
                .into_iter()
                .partition(|d| d.name.starts_with("@aws-sdk/"));
            if !sdk.is_empty() {
                out.notes.push(format!(
                    "{file}: {} in devDependencies counted: the Lambda Node.js runtime provides AWS SDK v3, so a \
                     handler imports them without packaging them",
                    names(&sdk)
                ));
                for d in sdk {
                    out.push(d.clone());
                }
            }
            if !rest.is_empty() {
                out.notes.push(format!(
                    "{file}: devDependencies not counted (not installed in a package that is not bundled): {}",
                    names(&rest)
                ));
            }
        }
    }
    out
}

/// The lockfile in `dir`, else in the workspace root the options name.
fn find_lock(dir: &Path, options: &Options, notes: &mut Vec<String>) -> Result<Option<Lockfile>> {
    let mut places: Vec<PathBuf> = vec![dir.to_path_buf()];
    places.extend(options.lockfile_dir.clone());
    for place in places {
        let found: Vec<&str> = LOCKFILES
            .iter()
            .copied()
            .filter(|n| place.join(n).is_file())
            .collect();
        let Some(first) = found.first() else { continue };
        let importer = relative(dir, &place);
        let path = place.join(first);
        for other in found.iter().skip(1) {
            notes.push(format!(
                "{}: {other} not read; versions come from {}",
                place.display(),
                path.display()
            ));
        }
        if place != dir {
            notes.push(format!(
                "{}: no lockfile; versions from the workspace's {}",
                dir.display(),
                path.display()
            ));
        }
        let lock = match *first {
            "yarn.lock" => yarn_lock::read_yarn_lock(&path)?,
            "pnpm-lock.yaml" => pnpm_lock::read_pnpm_lock(&path, &importer)?,
            _ => package_lock::read_package_lock(&path, &importer)?,
        };
        return Ok(Some(lock));
    }
    Ok(None)
}

/// `dir` relative to `base` with `/` separators, `""` when they are the same or unrelated.
fn relative(dir: &Path, base: &Path) -> String {
    lexical(dir)
        .strip_prefix(lexical(base))
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default()
}

/// Replaces each dependency's range by the version the lockfile pins, noting those it does not pin.
fn apply_versions(out: &mut Dependencies, pkg: &PackageJson, lock: Lockfile) {
    let mut missing = Vec::new();
    for d in &mut out.deps {
        let range = pkg
            .dependencies
            .iter()
            .chain(&pkg.dev_dependencies)
            .find(|x| x.name == d.name)
            .and_then(|x| x.version.as_deref());
        match lock.version_of(&d.name, range, Family::Node) {
            Some(v) => d.version = Some(v.to_string()),
            None => missing.push(d.name.clone()),
        }
    }
    if !missing.is_empty() {
        out.notes.push(format!(
            "{}: no single locked version of {}; the package.json range is kept",
            lock.file,
            list(&missing)
        ));
    }
    out.files.push(lock.file);
    out.notes.extend(lock.notes);
}
