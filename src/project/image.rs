//! Container images: the runtime a function's image runs, read from its Dockerfile's AWS base image
//! (`public.ecr.aws/lambda/python:3.12`), else told by the folder's manifest as a stated assumption.

use super::spec::{Source, Sourced};
use std::path::Path;

/// The runtime of a container image built from `dir`: its Dockerfile's AWS base image, else its manifest's language.
pub fn runtime_of(dir: &Path, rel_dir: &str) -> Sourced<Option<String>> {
    if let Ok(df) = std::fs::read_to_string(dir.join("Dockerfile")) {
        for (i, l) in df.lines().enumerate() {
            let t = l.trim();
            let Some(image) = t.strip_prefix("FROM ").or_else(|| t.strip_prefix("from ")) else {
                continue;
            };
            let image = image.split_whitespace().next().unwrap_or("");
            if let Some(tag) = image.strip_prefix("public.ecr.aws/lambda/") {
                let (lang, version) = tag.split_once(':').unwrap_or((tag, ""));
                let major = version.split(['.', '-']).next().unwrap_or("");
                let minor = version.split(['.', '-']).nth(1).unwrap_or("");
                let rt = match lang {
                    "nodejs" => Some(format!("nodejs{major}.x")),
                    "python" => Some(format!("python{major}.{minor}")),
                    "provided" => Some(format!("provided.{version}")),
                    _ => None,
                };
                return Sourced::new(
                    rt,
                    Source::File {
                        file: format!("{rel_dir}/Dockerfile"),
                        line: Some(i + 1),
                    },
                );
            }
        }
    }
    let assume =
        |rt: &str, why: String| Sourced::new(Some(rt.to_string()), Source::Assumption { why });
    if dir.join("package.json").is_file() {
        assume("nodejs22.x", format!("a container image built from {rel_dir} (package.json: Node.js); the base image's version is not in the repository, the newest LTS is assumed"))
    } else if dir.join("requirements.txt").is_file() || dir.join("pyproject.toml").is_file() {
        assume("python3.12", format!("a container image built from {rel_dir} (Python manifest); the base image's version is not in the repository"))
    } else {
        Sourced::new(
            None,
            Source::Assumption {
                why: format!("a container image built from {rel_dir} without a manifest"),
            },
        )
    }
}
