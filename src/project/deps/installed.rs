//! Where a project's installed packages are: the nearest virtualenv's `site-packages` or the nearest
//! `node_modules`, from a code folder up to the project root (the same climb as the manifests' search).

use super::near::chain as dirs_up_to;
use std::path::{Path, PathBuf};

/// Names a virtualenv folder takes by convention, in the order they are tried.
const VENV_NAMES: &[&str] = &[".venv", "venv", "env"];

/// The `site-packages` of the first virtualenv found in `dir` or a folder above it, up to `root`: a `.venv`, `venv`
/// or `env` folder (or the folder itself when it holds `pyvenv.cfg`) with `lib/python3.*/site-packages` (the
/// highest such version when there are several) or, on Windows, `Lib/site-packages`.
pub fn find_site_packages(dir: &Path, root: &Path) -> Option<PathBuf> {
    dirs_up_to(dir, root).into_iter().find_map(|d| {
        let venvs = std::iter::once(d.clone())
            .filter(|d| d.join("pyvenv.cfg").is_file())
            .chain(VENV_NAMES.iter().map(|n| d.join(n)));
        venvs
            .filter(|v| v.is_dir())
            .find_map(|v| venv_site_packages(&v))
    })
}

/// The `site-packages` folder of virtualenv `venv`.
fn venv_site_packages(venv: &Path) -> Option<PathBuf> {
    let windows = venv.join("Lib").join("site-packages");
    let mut pythons: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir(venv.join("lib"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let version = name.strip_prefix("python3")?;
            let key = std::iter::once(3)
                .chain(version.split('.').filter_map(|p| p.parse().ok()))
                .collect();
            let site = e.path().join("site-packages");
            site.is_dir().then_some((key, site))
        })
        .collect();
    pythons.sort();
    pythons
        .pop()
        .map(|(_, site)| site)
        .or_else(|| windows.is_dir().then_some(windows))
}

/// The first `node_modules` folder in `dir` or a folder above it, up to `root`.
pub fn find_node_modules(dir: &Path, root: &Path) -> Option<PathBuf> {
    dirs_up_to(dir, root)
        .into_iter()
        .map(|d| d.join("node_modules"))
        .find(|d| d.is_dir())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn venvs_and_node_modules_are_found_upward_but_not_past_the_root() {
        let p = std::env::temp_dir().join(format!("coldcost-installed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        write(&p, "repo/.venv/lib/python3.9/site-packages/a.py", "");
        write(&p, "repo/.venv/lib/python3.11/site-packages/a.py", "");
        write(&p, "repo/.venv/lib/python3.11-old/readme", "");
        write(&p, "repo/node_modules/x/package.json", "{}");
        write(&p, "repo/fn/src/handler.py", "");
        write(&p, "winproj/venv/Lib/site-packages/a.py", "");
        write(&p, "bare/pyvenv.cfg", "");
        write(&p, "bare/lib/python3.12/site-packages/a.py", "");
        let src = p.join("repo/fn/src");
        assert_eq!(
            find_site_packages(&src, &p.join("repo")),
            Some(p.join("repo/.venv/lib/python3.11/site-packages"))
        );
        assert_eq!(
            find_node_modules(&src, &p.join("repo")),
            Some(p.join("repo/node_modules"))
        );
        assert_eq!(find_site_packages(&src, &src), None);
        assert_eq!(find_node_modules(&src, &p.join("repo/fn")), None);
        assert_eq!(
            find_site_packages(&p.join("winproj"), &p),
            Some(p.join("winproj/venv/Lib/site-packages"))
        );
        assert_eq!(
            find_site_packages(&p.join("bare"), &p),
            Some(p.join("bare/lib/python3.12/site-packages"))
        );
    }
}
