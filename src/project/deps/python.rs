//! Which Python manifest wins in a directory. The top-level list (the handler's imports) comes from
//! `requirements.txt`, else `pyproject.toml`, else `Pipfile`; lockfiles list transitive packages too, so they
//! give versions, and the list only when nothing else does (uv's project package, or Poetry's packages that
//! nothing else needs).

use super::{
    pipfile, poetry_lock, pyproject, requirements, uv_lock, Dependencies, Dependency, Lockfile,
};
use crate::error::{Location, Result};
use crate::vocab::Family;
use std::path::Path;

/// The files read for Python, in order of precedence: top-level lists first, then lockfiles.
pub(super) const MANIFESTS: &[&str] = &[
    "requirements.txt",
    "pyproject.toml",
    "Pipfile",
    "poetry.lock",
    "uv.lock",
    "Pipfile.lock",
];

const LOCKFILES: &[&str] = &["poetry.lock", "uv.lock", "Pipfile.lock"];

/// Reads `dir`'s Python manifests.
pub(super) fn read(dir: &Path) -> Result<Dependencies> {
    let here = |name: &str| Some(dir.join(name)).filter(|p| p.is_file());
    let mut declared: Option<(&str, Dependencies)> = None;
    let mut unused: Vec<&str> = Vec::new();
    for name in ["requirements.txt", "pyproject.toml", "Pipfile"] {
        let Some(path) = here(name) else { continue };
        if declared.is_some() {
            unused.push(name);
            continue;
        }
        declared = match name {
            "requirements.txt" => Some((name, requirements::read_requirements(&path)?)),
            "pyproject.toml" => pyproject::read_pyproject(&path)?.map(|d| (name, d)),
            _ => Some((name, pipfile::read_pipfile(&path)?)),
        };
    }

    let mut lock: Option<Lockfile> = None;
    for name in LOCKFILES {
        let Some(path) = here(name) else { continue };
        if lock.is_some() {
            unused.push(name);
            continue;
        }
        lock = Some(match *name {
            "poetry.lock" => poetry_lock::read_poetry_lock(&path)?,
            "uv.lock" => uv_lock::read_uv_lock(&path)?,
            _ => pipfile::read_pipfile_lock(&path)?,
        });
    }

    let used = declared.as_ref().map(|(n, _)| *n);
    let mut out = match declared {
        Some((_, d)) => d,
        None => match &lock {
            Some(l) => from_lock_alone(l),
            None => {
                return Ok(Dependencies {
                    notes: vec![format!(
                        "{}: no Python manifest ({}); no dependencies",
                        dir.display(),
                        MANIFESTS.join(", ")
                    )],
                    ..Dependencies::default()
                })
            }
        },
    };
    if let Some(used) = used {
        for name in &unused {
            if !LOCKFILES.contains(name) {
                out.notes.push(format!(
                    "{}: {name} not read; {used} gives the top-level list",
                    dir.display()
                ));
            }
        }
    }
    if let Some(lock) = lock {
        for name in unused.iter().filter(|n| LOCKFILES.contains(n)) {
            out.notes.push(format!(
                "{}: {name} not read; versions come from {}",
                dir.display(),
                lock.file
            ));
        }
        apply_versions(&mut out, lock);
    }
    Ok(out)
}

/// The top-level list when a lockfile is all there is.
fn from_lock_alone(lock: &Lockfile) -> Dependencies {
    let mut out = Dependencies::default();
    match &lock.roots {
        Some(roots) => {
            out.notes.extend(lock.roots_note.clone());
            for r in roots {
                let at = Location {
                    file: lock.file.clone(),
                    line: r.line,
                };
                out.push(Dependency::named(&r.name, None, Family::Python, at));
            }
        }
        None => out.notes.push(format!(
            "{}: a lockfile alone lists transitive packages too and does not say which the code imports; \
             no dependencies taken (add the Pipfile or requirements.txt)",
            lock.file
        )),
    }
    out
}

/// Replaces each dependency's requirement by the version the lockfile pins, noting those it does not pin.
fn apply_versions(out: &mut Dependencies, lock: Lockfile) {
    let mut missing = Vec::new();
    for d in &mut out.deps {
        match lock.version_of(&d.name, None, Family::Python) {
            Some(v) => d.version = Some(v.to_string()),
            None => missing.push(d.name.clone()),
        }
    }
    if !missing.is_empty() {
        out.notes.push(format!(
            "{}: does not pin {}; their manifest requirement is kept",
            lock.file,
            super::list(&missing)
        ));
    }
    out.files.push(lock.file);
    out.notes.extend(lock.notes);
}
