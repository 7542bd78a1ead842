//! Node.js: a package's closure in a `node_modules` folder — the files of each package folder (its own nested
//! `node_modules` left out) and its `dependencies` and installed `optionalDependencies` (not dev or peer ones),
//! each found as Node finds it: the package's own `node_modules` first, then each parent's, up to the project.

use super::{has_extension, read_metadata, Footprint, Tally, MAX_DEPTH, MAX_PACKAGES};
use crate::error::{Error, Location, Result};
use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

/// Node.js code files: scripts, JSON (which `require` loads) and native addons.
const CODE: &[&str] = &[".js", ".cjs", ".mjs", ".json", ".node"];

/// The footprint of package `name` (`lodash`, `@aws-sdk/client-s3`) installed in `node_modules`, and of its
/// dependencies; `Ok(None)` when it is not installed there. An error names a folder that cannot be read or a
/// `package.json` that is not JSON. Package folders reached through links (pnpm, workspaces) are followed when they
/// lead inside the project (the folder that holds `node_modules`); a package's own files are read without
/// following links.
pub fn node_footprint(node_modules: &Path, name: &str) -> Result<Option<Footprint>> {
    let root = node_modules.canonicalize().map_err(|source| Error::Io {
        path: node_modules.to_path_buf(),
        source,
    })?;
    let project = root.parent().unwrap_or(&root).to_path_buf();
    let Some(first) = valid_name(name)
        .then(|| root.join(name))
        .filter(|p| p.is_dir())
    else {
        return Ok(None);
    };
    let Some(first) = inside(&first, &project) else {
        return Ok(None);
    };
    let mut tally = Tally::default();
    let (mut dists, mut missing, mut version) = (Vec::new(), Vec::new(), String::new());
    let mut seen = BTreeSet::from([first.clone()]);
    let mut queue = VecDeque::from([(first, name.to_string())]);
    while let Some((dir, pkg)) = queue.pop_front() {
        walk(&dir, 0, &mut tally)?;
        let manifest = dir.join("package.json");
        let json = match read_metadata(&manifest)? {
            Some(text) => serde_json::from_str(&text).map_err(|e| Error::Syntax {
                at: Location::at(manifest.display().to_string(), e.line().max(1)),
                message: e.to_string(),
            })?,
            None => serde_json::Value::Null,
        };
        if dists.is_empty() {
            version = json["version"].as_str().unwrap_or_default().to_string();
        }
        for (field, optional) in [("dependencies", false), ("optionalDependencies", true)] {
            let Some(deps) = json.get(field).and_then(|d| d.as_object()) else {
                continue;
            };
            for dep in deps.keys() {
                match find(&dir, &root, &project, dep) {
                    Some(found) => {
                        if seen.len() >= MAX_PACKAGES {
                            return Err(Error::TooLarge {
                                at: Location::file(manifest.display().to_string()),
                                message: format!(
                                    "more than {MAX_PACKAGES} packages in the closure"
                                ),
                            });
                        }
                        if seen.insert(found.clone()) {
                            queue.push_back((found, dep.clone()));
                        }
                    }
                    None if optional => {}
                    None => missing.push(format!("{pkg} -> {dep}")),
                }
            }
        }
        dists.push(pkg);
    }
    Ok(Some(tally.footprint(dists, version, missing)))
}

/// Whether `name` is an npm package name that stays one folder (or `@scope/` and one folder) below `node_modules`.
fn valid_name(name: &str) -> bool {
    let plain = |s: &str| !s.is_empty() && !s.starts_with('.') && !s.contains(['/', '\\', '\0']);
    match name.strip_prefix('@').map(|s| s.split_once('/')) {
        Some(Some((scope, pkg))) => plain(scope) && plain(pkg),
        Some(None) => false,
        None => plain(name),
    }
}

/// `path` without links, when that stays inside `project`.
fn inside(path: &Path, project: &Path) -> Option<PathBuf> {
    path.canonicalize().ok().filter(|p| p.starts_with(project))
}

/// Where `dep`, required from the package folder `from`, is installed: `from/node_modules/dep`, then
/// `A/node_modules/dep` for each folder `A` above it that is not itself a `node_modules`, up to `project`; last,
/// `root/dep`.
fn find(from: &Path, root: &Path, project: &Path, dep: &str) -> Option<PathBuf> {
    if !valid_name(dep) {
        return None;
    }
    let candidates = from
        .ancestors()
        .take_while(|a| a.starts_with(project))
        .filter(|a| !a.ends_with("node_modules"))
        .map(|a| a.join("node_modules").join(dep))
        .chain(std::iter::once(root.join(dep)));
    for c in candidates {
        if c.is_dir() {
            return inside(&c, project);
        }
    }
    None
}

/// Adds the files under `dir` to `tally`: regular files only (links are neither followed nor counted), nested
/// `node_modules` left out.
fn walk(dir: &Path, depth: usize, tally: &mut Tally) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(Error::TooLarge {
            at: Location::file(dir.display().to_string()),
            message: format!("folders nested more than {MAX_DEPTH} deep in one package"),
        });
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let path = entry.path();
        tally.look(&path)?;
        let kind = entry.file_type().map_err(io(&path))?;
        if kind.is_dir() {
            if entry.file_name() != "node_modules" {
                walk(&path, depth + 1, tally)?;
            }
        } else if kind.is_file() {
            let len = entry.metadata().map_err(io(&path))?.len();
            tally.add(
                len,
                has_extension(&entry.file_name().to_string_lossy(), CODE),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::super::test_tree::{scratch, write};
    use super::*;

    /// Writes package `dir` (relative to the project) with `deps` and `optional` dependencies and one 100-byte
    /// `index.js`.
    fn package(project: &Path, dir: &str, deps: &[&str], optional: &[&str]) {
        let obj = |names: &[&str]| {
            names
                .iter()
                .map(|n| format!("\"{n}\": \"*\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let json = format!(
            "{{\"name\": \"x\", \"version\": \"2.0.0\", \"dependencies\": {{{}}}, \"optionalDependencies\": {{{}}}, \"devDependencies\": {{\"dev-only\": \"*\"}}}}",
            obj(deps),
            obj(optional)
        );
        write(project, &format!("{dir}/package.json"), &json);
        write(project, &format!("{dir}/index.js"), &"x".repeat(100));
    }

    fn json_len(project: &Path, dir: &str) -> u64 {
        std::fs::metadata(project.join(dir).join("package.json"))
            .unwrap()
            .len()
    }

    #[test]
    fn resolution_is_nested_first_then_upward_and_each_copy_counts_once() {
        let p = scratch("node-resolve");
        let nm = p.join("node_modules");
        package(
            &p,
            "node_modules/@s/app",
            &["lib", "shared"],
            &["opt-absent", "opt-here"],
        );
        package(
            &p,
            "node_modules/@s/app/node_modules/lib",
            &["shared", "gone"],
            &[],
        ); // lib 2, nested
        package(&p, "node_modules/lib", &[], &[]); // lib 1, not reached from app
        package(&p, "node_modules/shared", &["@s/app"], &[]); // a cycle back to app
        package(&p, "node_modules/opt-here", &[], &[]);
        package(&p, "node_modules/dev-only", &[], &[]);
        write(&p, "node_modules/@s/app/README.md", "12345");
        let f = node_footprint(&nm, "@s/app").unwrap().unwrap();
        assert_eq!(f.dists, ["@s/app", "lib", "shared", "opt-here"]);
        assert_eq!(f.version, "2.0.0");
        assert_eq!(f.missing, ["lib -> gone"]);
        assert_eq!(f.closure_files, 8); // index.js and package.json of each
        let json: u64 = [
            "node_modules/@s/app",
            "node_modules/@s/app/node_modules/lib",
            "node_modules/shared",
            "node_modules/opt-here",
        ]
        .iter()
        .map(|d| json_len(&p, d))
        .sum();
        assert_eq!((f.closure_mb * 1e6).round() as u64, 400 + 5 + json);
        assert_eq!(node_footprint(&nm, "absent").unwrap(), None);
        assert_eq!(node_footprint(&nm, "../node_modules/lib").unwrap(), None);
        assert!(node_footprint(&p.join("nope"), "lib")
            .unwrap_err()
            .to_string()
            .contains("nope"));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_project_and_link_loops_are_not_followed() {
        use std::os::unix::fs::symlink;
        let p = scratch("node-links");
        let outside = scratch("node-links-outside");
        package(&outside, "big", &[], &[]);
        package(&p, "node_modules/a", &["big", "ws"], &[]);
        package(&p, "packages/ws", &[], &[]); // a workspace, linked as pnpm and npm do
        symlink(outside.join("big"), p.join("node_modules/big")).unwrap();
        symlink(p.join("packages/ws"), p.join("node_modules/ws")).unwrap();
        symlink(p.join("node_modules/a"), p.join("node_modules/a/loop")).unwrap();
        symlink(p.join("node_modules/a/self"), p.join("node_modules/a/self")).unwrap();
        let f = node_footprint(&p.join("node_modules"), "a")
            .unwrap()
            .unwrap();
        assert_eq!(f.dists, ["a", "ws"]);
        assert_eq!(f.missing, ["a -> big"]);
        assert_eq!(f.closure_files, 4);
    }

    #[test]
    fn bad_json_is_named_and_deep_trees_stop() {
        let p = scratch("node-bad");
        write(&p, "node_modules/bad/package.json", "{\n\"dependencies\": ");
        let err = node_footprint(&p.join("node_modules"), "bad")
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad/package.json:2"), "{err}");
        let deep = (0..=MAX_DEPTH + 1)
            .map(|i| format!("d{i}"))
            .collect::<Vec<_>>()
            .join("/");
        write(&p, &format!("node_modules/deep/{deep}/f.js"), "x");
        let err = node_footprint(&p.join("node_modules"), "deep")
            .unwrap_err()
            .to_string();
        assert!(err.contains("nested more than"), "{err}");
        assert!(valid_name("@a/b") && valid_name("lodash.get"));
        assert!(
            !valid_name("@a") && !valid_name("a/b") && !valid_name("..") && !valid_name("@a/../b")
        );
    }
}
