//! The manifests that apply to a code directory: its own, else those of the nearest directory above it, up to the
//! project root (a SAM function with `CodeUri: src` uses the repository's `package.json`). For Node.js the
//! directories above also say where the lockfile is (a workspace root) and whether the code is bundled (a CDK app,
//! whose `NodejsFunction` bundles with esbuild, or a workspace root that runs a bundler).

use super::{
    has_manifest, lexical, package_json, read_dependencies_with, Dependencies, Options, PackageJson,
};
use crate::error::Result;
use crate::vocab::Family;
use std::path::{Path, PathBuf};

/// How many directories the search climbs at most.
const MAX_LEVELS: usize = 64;

/// Reads the dependencies of the function whose code is in `code_dir`: from `code_dir`'s manifests, else from the
/// first directory above it, up to `project_root`, that has one (a note says which). `code_dir` need not exist.
pub fn read_dependencies_near(
    code_dir: &Path,
    project_root: &Path,
    family: Family,
) -> Result<Dependencies> {
    read_dependencies_near_with(code_dir, project_root, family, &Options::default())
}

/// [`read_dependencies_near`] with what the infrastructure template says about the build.
pub fn read_dependencies_near_with(
    code_dir: &Path,
    project_root: &Path,
    family: Family,
    options: &Options,
) -> Result<Dependencies> {
    let chain = chain(code_dir, project_root);
    let Some(pos) = chain.iter().position(|d| has_manifest(d, family)) else {
        return Ok(Dependencies {
            notes: vec![format!(
                "{}: no dependency manifest here or in any directory up to {}; no dependencies",
                code_dir.display(),
                project_root.display()
            )],
            ..Dependencies::default()
        });
    };
    let dir = chain.get(pos).map(PathBuf::as_path).unwrap_or(code_dir);
    let above = chain.get(pos + 1..).unwrap_or(&[]);
    let mut options = options.clone();
    let mut notes = Vec::new();
    if family == Family::Node {
        notes.extend(node_context(dir, above, &mut options));
    }
    let mut out = read_dependencies_with(dir, family, &options)?;
    if pos > 0 {
        out.notes.insert(
            0,
            format!(
                "{}: no manifest; using those of {}, the nearest directory above with one",
                code_dir.display(),
                dir.display()
            ),
        );
    }
    out.notes.extend(notes);
    Ok(out)
}

/// `code_dir` and the directories above it up to `root`, or `code_dir` alone when it is not under `root`.
pub(crate) fn chain(code_dir: &Path, root: &Path) -> Vec<PathBuf> {
    let (code_dir, root) = (lexical(code_dir), lexical(root));
    let (code_dir, root) = (code_dir.as_path(), root.as_path());
    if !code_dir.starts_with(root) {
        return vec![code_dir.to_path_buf()];
    }
    let mut out: Vec<PathBuf> = Vec::new();
    for dir in code_dir.ancestors().take(MAX_LEVELS) {
        // The empty path that ends a relative one is the current directory.
        out.push(if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir.to_path_buf()
        });
        if dir == root {
            break;
        }
    }
    out
}

/// Fills in a workspace lockfile and a bundler found above `dir`, returning notes on what was inferred.
fn node_context(dir: &Path, above: &[PathBuf], options: &mut Options) -> Vec<String> {
    let mut notes = Vec::new();
    let has_lock = |d: &Path| {
        [
            "package-lock.json",
            "npm-shrinkwrap.json",
            "yarn.lock",
            "pnpm-lock.yaml",
        ]
        .iter()
        .any(|n| d.join(n).is_file())
    };
    // A lockfile above counts only where the package is one of that directory's workspaces.
    if options.lockfile_dir.is_none() && !has_lock(dir) {
        options.lockfile_dir = above
            .iter()
            .find(|d| {
                has_lock(d)
                    && (d.join("pnpm-workspace.yaml").is_file() || workspace_of(d, dir).is_some())
            })
            .cloned();
    }
    if options.bundled_by.is_some() {
        return notes;
    }
    let here = dir.to_path_buf();
    for d in std::iter::once(&here).chain(above) {
        if d.join("cdk.json").is_file() {
            options.bundled_by = Some(format!(
                "a CDK app ({}): NodejsFunction bundles with esbuild",
                d.join("cdk.json").display()
            ));
            notes.push(format!(
                "{}: assumed bundled because {} makes this a CDK app; functions defined with lambda.Function and \
                 Code.fromAsset are not bundled",
                dir.display(),
                d.join("cdk.json").display()
            ));
            break;
        }
        if d.as_path() == dir {
            continue;
        }
        // A workspace root that runs a bundler bundles its members.
        if let Some(PackageJson {
            bundler: Some(b),
            file,
            ..
        }) = workspace_of(d, dir)
        {
            options.bundled_by = Some(format!("the workspace root {file}: {b}"));
            break;
        }
    }
    notes
}

/// The `package.json` of `root` when its `workspaces` include `dir`.
fn workspace_of(root: &Path, dir: &Path) -> Option<PackageJson> {
    let (root, dir) = (lexical(root), lexical(dir));
    let rel = dir.strip_prefix(&root).ok()?;
    let rel: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    let rel = rel.join("/");
    let pkg = package_json::read_package_json(&root.join("package.json")).ok()?;
    pkg.workspaces
        .iter()
        .any(|w| glob_match(w, &rel))
        .then_some(pkg)
}

/// Workspace patterns: `*` matches one path segment, `**` any number; no other wildcards.
fn glob_match(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
    if pattern.matches("**").count() > 2 {
        return false; // each `**` multiplies the work; real workspaces use one
    }
    let p: Vec<&str> = pattern.split('/').collect();
    let s: Vec<&str> = path.split('/').collect();
    fn go(p: &[&str], s: &[&str]) -> bool {
        match (p.split_first(), s.split_first()) {
            (None, None) => true,
            (Some((&"**", rest)), _) => {
                go(rest, s) || s.split_first().is_some_and(|(_, tail)| go(p, tail))
            }
            (Some((seg, prest)), Some((name, srest))) => {
                (*seg == "*" || seg == name) && go(prest, srest)
            }
            _ => false,
        }
    }
    go(&p, &s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("lambda", "lambda"));
        assert!(glob_match("./packages/*", "packages/api"));
        assert!(!glob_match("packages/*", "packages/api/src"));
        assert!(glob_match("services/**", "services/api/src"));
        assert!(!glob_match("lambda", "lambdas"));
    }

    #[test]
    fn chains_stop_at_the_root() {
        let c = chain(Path::new("/p/a/b"), Path::new("/p"));
        assert_eq!(
            c,
            [
                PathBuf::from("/p/a/b"),
                PathBuf::from("/p/a"),
                PathBuf::from("/p")
            ]
        );
        assert_eq!(
            chain(Path::new("/q/a"), Path::new("/p")),
            [PathBuf::from("/q/a")]
        );
        let c = chain(Path::new("./fn/./src/../src"), Path::new("."));
        assert_eq!(
            c,
            [
                PathBuf::from("fn/src"),
                PathBuf::from("fn"),
                PathBuf::from(".")
            ]
        );
        assert_eq!(lexical(Path::new("../a/../../b")), PathBuf::from("../../b"));
    }
}
