//! Python: a distribution's closure in a `site-packages` folder, from the `*.dist-info` metadata pip writes — the
//! files each `RECORD` lists (sized on disk) and the `Requires-Dist` lines of each `METADATA`, followed
//! transitively. Requirements whose marker mentions `extra` are skipped; no other marker is evaluated: a
//! requirement with a marker is followed when its distribution is installed and skipped silently when it is not.

use super::{has_extension, read_metadata, Footprint, Tally, MAX_PACKAGES};
use crate::error::{Error, Location, Result};
use crate::vocab::names::normalize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Component, Path, PathBuf};

/// Python code files: sources and extension modules.
const CODE: &[&str] = &[".py", ".so", ".pyd"];

/// One installed distribution.
#[derive(Debug)]
struct Dist {
    /// Its `*.dist-info` folder.
    info: PathBuf,
    /// The paths its `RECORD` lists, relative to `site-packages`, `/`-separated.
    files: Vec<String>,
}

/// The distributions installed in one `site-packages` folder, read once for any number of footprints.
#[derive(Debug)]
pub struct SitePackages {
    root: PathBuf,
    /// By PEP 503 normal name.
    dists: BTreeMap<String, Dist>,
}

impl SitePackages {
    /// Reads the `*.dist-info` folders of `site_packages` and their `RECORD`s. An error names the folder or file
    /// that cannot be read, or a `RECORD` that is not CSV.
    pub fn open(site_packages: &Path) -> Result<SitePackages> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        let mut infos: Vec<(String, PathBuf)> = Vec::new();
        for entry in std::fs::read_dir(site_packages).map_err(io(site_packages))? {
            let entry = entry.map_err(io(site_packages))?;
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let Some(stem) = file_name.strip_suffix(".dist-info") else {
                continue;
            };
            if !entry.path().is_dir() {
                continue;
            }
            // `{name}-{version}.dist-info`, the name escaped so that it holds no `-`.
            let name = stem.split('-').next().unwrap_or(stem);
            infos.push((normalize(name), entry.path()));
            if infos.len() > MAX_PACKAGES {
                return Err(Error::TooLarge {
                    at: Location::file(site_packages.display().to_string()),
                    message: format!("more than {MAX_PACKAGES} *.dist-info folders"),
                });
            }
        }
        infos.sort();
        let mut dists = BTreeMap::new();
        for (name, info) in infos {
            if dists.contains_key(&name) {
                continue; // a stale second copy: the first in name order stands
            }
            let files = read_record(&info.join("RECORD"))?;
            dists.insert(name, Dist { info, files });
        }
        Ok(SitePackages {
            root: site_packages.to_path_buf(),
            dists,
        })
    }

    /// The normal name of the distribution `name` designates: the one whose files define the module `name` (an
    /// import name: `yaml`, `google.protobuf`, `_cffi_backend`), else the distribution of that name (PEP 503),
    /// else, for a namespace (`opentelemetry`), the shortest-named distribution with files under it.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        let importable = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
        let path = name.replace('.', "/");
        let defines = |f: &String| {
            f.strip_prefix(path.as_str()).is_some_and(|rest| {
                rest == "/__init__.py"
                    || rest == ".py"
                    || (rest.starts_with('.')
                        && !rest.contains('/')
                        && has_extension(rest, &[".so", ".pyd"]))
            })
        };
        let shortest = |keep: &dyn Fn(&Dist) -> bool| {
            self.dists
                .iter()
                .filter(|(_, d)| keep(d))
                .min_by_key(|(n, _)| (n.len(), n.as_str()))
                .map(|(n, _)| n.as_str())
        };
        if importable {
            if let Some(n) = shortest(&|d: &Dist| d.files.iter().any(defines)) {
                return Some(n);
            }
        }
        if let Some((n, _)) = self.dists.get_key_value(&normalize(name)) {
            return Some(n.as_str());
        }
        let under = format!("{path}/");
        importable
            .then(|| shortest(&|d: &Dist| d.files.iter().any(|f| f.starts_with(&under))))
            .flatten()
    }

    /// The footprint of `dist_or_import` and its installed requirements; `Ok(None)` when nothing installed here
    /// answers to that name.
    pub fn footprint(&self, dist_or_import: &str) -> Result<Option<Footprint>> {
        let Some(first) = self.resolve(dist_or_import) else {
            return Ok(None);
        };
        let mut tally = Tally::default();
        let (mut dists, mut missing, mut version) = (Vec::new(), Vec::new(), String::new());
        let mut seen = BTreeSet::from([first.to_string()]);
        let mut queue = VecDeque::from([first.to_string()]);
        while let Some(name) = queue.pop_front() {
            let Some(dist) = self.dists.get(&name) else {
                continue;
            };
            for rel in &dist.files {
                self.count(rel, &mut tally)?;
            }
            let metadata = dist.info.join("METADATA");
            let text = read_metadata(&metadata)?.unwrap_or_default();
            if dists.is_empty() {
                version = header(&text, "Version")
                    .next()
                    .unwrap_or_default()
                    .to_string();
            }
            for (dep, marker) in header(&text, "Requires-Dist").filter_map(requirement) {
                if marker.is_some_and(mentions_extra) {
                    continue;
                }
                let key = normalize(dep);
                if self.dists.contains_key(&key) {
                    if seen.len() >= MAX_PACKAGES {
                        return Err(Error::TooLarge {
                            at: Location::file(metadata.display().to_string()),
                            message: format!(
                                "more than {MAX_PACKAGES} distributions in the closure"
                            ),
                        });
                    }
                    if seen.insert(key.clone()) {
                        queue.push_back(key);
                    }
                } else if marker.is_none() {
                    missing.push(format!("{name} -> {dep}"));
                }
            }
            dists.push(name);
        }
        Ok(Some(tally.footprint(dists, version, missing)))
    }

    /// Sizes one `RECORD` path: a regular file inside `site-packages` (console scripts in `../../bin` are not
    /// imported and are left out; a link is not followed; a listed file that is gone counts nothing).
    fn count(&self, rel: &str, tally: &mut Tally) -> Result<()> {
        let mut depth = 0usize;
        for c in Path::new(rel).components() {
            match c {
                Component::Normal(_) => depth += 1,
                Component::CurDir => {}
                Component::ParentDir if depth > 0 => depth -= 1,
                _ => return Ok(()), // leaves site-packages, or absolute
            }
        }
        let path = self.root.join(rel);
        tally.look(&path)?;
        if let Ok(m) = std::fs::symlink_metadata(&path) {
            if m.is_file() {
                tally.add(m.len(), has_extension(rel, CODE));
            }
        }
        Ok(())
    }
}

/// [`SitePackages::footprint`] of one name: reads `site_packages` and follows `dist_or_import`'s requirements.
pub fn python_footprint(site_packages: &Path, dist_or_import: &str) -> Result<Option<Footprint>> {
    SitePackages::open(site_packages)?.footprint(dist_or_import)
}

/// The paths a `RECORD` lists (its first column); none when there is no `RECORD`.
fn read_record(path: &Path) -> Result<Vec<String>> {
    let Some(text) = read_metadata(path)? else {
        return Ok(Vec::new());
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut files = Vec::new();
    let mut row = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut row) {
            Ok(true) => files.extend(row.get(0).filter(|p| !p.is_empty()).map(String::from)),
            Ok(false) => return Ok(files),
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                return Err(Error::Syntax {
                    at: Location::at(path.display().to_string(), line.max(1)),
                    message: format!("not a RECORD line: {e}"),
                });
            }
        }
    }
}

/// The values of header `key` in a `METADATA` file (the headers end at the first blank line).
fn header<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    text.lines()
        .take_while(|l| !l.trim().is_empty())
        .filter_map(move |l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(key).then_some(v.trim())
        })
}

/// A `Requires-Dist` value taken apart: the distribution name and the marker after `;`, if any.
fn requirement(value: &str) -> Option<(&str, Option<&str>)> {
    let (spec, marker) = match value.split_once(';') {
        Some((s, m)) => (s, Some(m.trim())),
        None => (value, None),
    };
    let spec = spec.trim();
    let end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(spec.len());
    let name = spec.get(..end)?;
    (!name.is_empty()).then_some((name, marker.filter(|m| !m.is_empty())))
}

/// Whether a marker mentions the variable `extra` (outside quoted strings).
fn mentions_extra(marker: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut word = String::new();
    for c in marker.chars().chain(std::iter::once(' ')) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                word.clear();
            }
            None if c.is_ascii_alphanumeric() || c == '_' => word.push(c),
            None => {
                if word == "extra" {
                    return true;
                }
                word.clear();
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::super::test_tree::{scratch, write};
    use super::*;

    /// Writes a distribution `name` at `version` with `files` (path, bytes) and `requires` lines.
    fn dist(site: &Path, name: &str, files: &[(&str, usize)], requires: &[&str]) {
        let info = format!("{}-1.0.dist-info", name.replace('-', "_"));
        let mut record = String::new();
        for (path, len) in files {
            write(site, path, &"x".repeat(*len));
            record.push_str(&format!("{path},sha256=abc,{len}\n"));
        }
        record.push_str(&format!("{info}/RECORD,,\n"));
        let mut meta = format!("Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n");
        for r in requires {
            meta.push_str(&format!("Requires-Dist: {r}\n"));
        }
        meta.push_str("\nA description: with a colon\nRequires-Dist: not-a-header\n");
        write(site, &format!("{info}/METADATA"), &meta);
        write(site, &format!("{info}/RECORD"), &record);
    }

    #[test]
    fn the_closure_follows_requirements_once_and_skips_extras() {
        let site = scratch("py-closure");
        dist(
            &site,
            "Top_Pkg",
            &[("top/__init__.py", 100), ("top/data.txt", 50)],
            &[
                "mid (>=1.0)",
                "Leaf_Two[fast]>=2; python_version >= \"3.8\"",
                "heavy ; extra == \"all\"",
                "absent-dep",
                "absent-conditional ; sys_platform == 'win32'",
            ],
        );
        dist(
            &site,
            "mid",
            &[
                ("mid.py", 10),
                ("_mid.cpython-311-x86_64-linux-gnu.so", 1000),
            ],
            &["top-pkg", "leaf.two"],
        );
        dist(&site, "leaf-two", &[("leaf_two/__init__.py", 5)], &[]);
        dist(&site, "heavy", &[("heavy/__init__.py", 1_000_000)], &[]);
        write(&site, "../outside.py", "x");
        let sp = SitePackages::open(&site).unwrap();
        let f = sp.footprint("top-pkg").unwrap().unwrap();
        assert_eq!(f.dists, ["top-pkg", "mid", "leaf-two"]);
        assert_eq!(f.version, "1.0");
        assert_eq!(f.missing, ["top-pkg -> absent-dep"]);
        // 4 code files: top/__init__.py, mid.py, the .so, leaf_two/__init__.py; RECORD and METADATA sizes too.
        assert_eq!(f.closure_files, 4);
        let meta_bytes: u64 = ["Top_Pkg", "mid", "leaf_two"]
            .iter()
            .map(|n| {
                std::fs::metadata(site.join(format!("{n}-1.0.dist-info/RECORD")))
                    .unwrap()
                    .len()
            })
            .sum();
        let want = 100 + 50 + 10 + 1000 + 5 + meta_bytes;
        assert!(
            (f.closure_mb - want as f64 / 1e6).abs() < 1e-12,
            "{f:?} vs {want}"
        );
        // The same through the import names and the wrapper.
        assert_eq!(sp.footprint("top").unwrap().unwrap().dists[0], "top-pkg");
        assert_eq!(sp.footprint("_mid").unwrap().unwrap().dists[0], "mid");
        assert_eq!(
            python_footprint(&site, "Leaf.Two")
                .unwrap()
                .unwrap()
                .closure_files,
            1
        );
        assert_eq!(sp.footprint("nothing-here").unwrap(), None);
    }

    #[test]
    fn namespaces_go_to_the_shortest_owner_and_paths_out_of_site_packages_are_left_out() {
        let site = scratch("py-namespace");
        dist(
            &site,
            "opentelemetry-sdk",
            &[("opentelemetry/sdk/__init__.py", 7)],
            &[],
        );
        dist(
            &site,
            "opentelemetry-api",
            &[("opentelemetry/trace/__init__.py", 3)],
            &[],
        );
        dist(&site, "tool", &[("tool.py", 1)], &[]);
        // A RECORD that points outside, at an absolute path and at a missing file.
        write(
            &site,
            "tool-1.0.dist-info/RECORD",
            "tool.py,,\n../../../bin/tool,,\n/etc/passwd,,\ngone.py,,\n",
        );
        let sp = SitePackages::open(&site).unwrap();
        assert_eq!(sp.resolve("opentelemetry"), Some("opentelemetry-api"));
        assert_eq!(sp.resolve("opentelemetry.sdk"), Some("opentelemetry-sdk"));
        let f = sp.footprint("tool").unwrap().unwrap();
        assert_eq!((f.closure_files, f.closure_mb), (1, 1e-6));
    }

    #[test]
    fn a_cycle_ends_and_a_broken_record_is_named() {
        let site = scratch("py-cycle");
        dist(&site, "a", &[("a.py", 1)], &["b"]);
        dist(&site, "b", &[("b.py", 1)], &["a"]);
        let f = python_footprint(&site, "b").unwrap().unwrap();
        assert_eq!(f.dists, ["b", "a"]);
        // A RECORD that is a folder (as good as unreadable) is named.
        write(&site, "c-1.0.dist-info/RECORD/x", "");
        let err = SitePackages::open(&site)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(err.contains("c-1.0.dist-info/RECORD"), "{err}");
        let err = python_footprint(&site.join("absent"), "a")
            .unwrap_err()
            .to_string();
        assert!(err.contains("absent"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_not_followed() {
        use std::os::unix::fs::symlink;
        let site = scratch("py-links");
        dist(&site, "a", &[("a/__init__.py", 3)], &[]);
        write(&site, "big.bin", &"x".repeat(10_000));
        symlink(site.join("big.bin"), site.join("a/big.py")).unwrap();
        symlink(
            site.join("loop-1.0.dist-info"),
            site.join("loop-1.0.dist-info"),
        )
        .unwrap();
        let record = site.join("a-1.0.dist-info/RECORD");
        std::fs::write(&record, "a/__init__.py,,\na/big.py,,\n").unwrap();
        let f = python_footprint(&site, "a").unwrap().unwrap();
        assert_eq!((f.closure_files, f.closure_mb), (1, 3e-6));
    }

    #[test]
    fn markers_mention_extra_only_as_a_variable() {
        assert!(mentions_extra("extra == \"socks\""));
        assert!(mentions_extra("python_version<'3.9' and extra=='x'"));
        assert!(!mentions_extra("platform_release == 'extra'"));
        assert!(!mentions_extra("python_version >= \"3.8\""));
        assert_eq!(
            requirement("a.b-c[x] (>=1) ; os_name=='nt'"),
            Some(("a.b-c", Some("os_name=='nt'")))
        );
        assert_eq!(requirement("  ; x"), None);
    }
}
