//! What a bundled Node.js handler imports: its source file and the local files it imports in turn are read for
//! `import … from "x"`, `import "x"`, `export … from "x"`, `import("x")` and `require("x")`; the bare
//! specifiers name the packages the bundle inlines (`@scope/pkg/sub` is `@scope/pkg`). Nothing is run.
#![deny(clippy::indexing_slicing)] // reads user source: no panicking index

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Extensions a specifier may leave out, in the order esbuild tries them.
const EXTENSIONS: &[&str] = &["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"];
/// Local files read at most (a handler's own code; the rest is a note).
pub const MAX_FILES: usize = 2_000;
/// Bytes of one source file read at most.
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// The packages a handler's code imports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HandlerImports {
    /// The entry file, relative to the code folder.
    pub entry: String,
    /// Package names imported (bare specifiers, without subpaths and without `node:` built-ins).
    pub packages: BTreeSet<String>,
    /// Local files read.
    pub files: usize,
    /// What could not be followed (a file past the limits, a relative import that names no file).
    pub notes: Vec<String>,
}

/// The entry file of a handler in `code_dir`: the first of `entry_points` that exists, else the module the
/// handler string names (`src/app.handler` → `src/app.ts`, `.js`, …, or `src/app/index.*`).
pub fn entry_file(
    code_dir: &Path,
    handler: Option<&str>,
    entry_points: &[String],
) -> Option<PathBuf> {
    for e in entry_points {
        let p = code_dir.join(e);
        if p.is_file() {
            return Some(p);
        }
        if let Some(found) = with_extension(&p) {
            return Some(found);
        }
    }
    let handler = handler?;
    let module = handler.rsplit_once('.').map_or(handler, |(m, _)| m);
    with_extension(&code_dir.join(module))
}

/// `base` with the first extension under which a file exists, or its `index` file.
fn with_extension(base: &Path) -> Option<PathBuf> {
    if base.is_file() {
        return Some(base.to_path_buf());
    }
    let name = base.file_name()?.to_string_lossy().into_owned();
    // `./util.js` written in TypeScript source names `util.ts`.
    let stem = [".js", ".mjs", ".cjs", ".jsx"]
        .iter()
        .find_map(|x| name.strip_suffix(x))
        .unwrap_or(&name)
        .to_string();
    EXTENSIONS
        .iter()
        .map(|x| base.with_file_name(format!("{stem}.{x}")))
        .chain(EXTENSIONS.iter().map(|x| base.join(format!("index.{x}"))))
        .find(|p| p.is_file())
}

/// Reads the handler's entry file and the local files it imports.
pub fn scan(code_dir: &Path, entry: &Path) -> HandlerImports {
    let canonical = std::fs::canonicalize(code_dir).unwrap_or_else(|_| code_dir.to_path_buf());
    let code_dir = canonical.as_path();
    let entry = std::fs::canonicalize(entry).unwrap_or_else(|_| entry.to_path_buf());
    let entry = entry.as_path();
    let mut out = HandlerImports {
        entry: entry
            .strip_prefix(code_dir)
            .unwrap_or(entry)
            .display()
            .to_string(),
        ..HandlerImports::default()
    };
    let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
    let mut queue = vec![entry.to_path_buf()];
    while let Some(file) = queue.pop() {
        // One key per file however it is reached (`src/lib/../app.ts` is `src/app.ts`).
        let file = std::fs::canonicalize(&file).unwrap_or(file);
        if !seen.insert(file.clone()) {
            continue;
        }
        if seen.len() > MAX_FILES {
            out.notes.push(format!(
                "more than {MAX_FILES} local files import each other; the rest were not read"
            ));
            break;
        }
        let text = match std::fs::metadata(&file) {
            Ok(m) if m.len() > MAX_FILE_BYTES => {
                out.notes.push(format!(
                    "{} is larger than {} MB; not read",
                    file.display(),
                    MAX_FILE_BYTES >> 20
                ));
                continue;
            }
            _ => match std::fs::read(&file) {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(e) => {
                    out.notes.push(format!("{}: {e}", file.display()));
                    continue;
                }
            },
        };
        out.files += 1;
        for spec in specifiers(&text) {
            if spec.starts_with("./") || spec.starts_with("../") {
                let base = file.parent().unwrap_or(code_dir).join(&spec);
                match with_extension(&base) {
                    Some(p) => queue.push(p),
                    None => out.notes.push(format!(
                        "{} imports {spec}, which names no file",
                        file.strip_prefix(code_dir).unwrap_or(&file).display()
                    )),
                }
            } else if let Some(p) = package_of(&spec) {
                out.packages.insert(p);
            }
        }
    }
    out
}

/// The package a bare specifier names (`lodash/fp` → `lodash`, `@aws-sdk/client-s3/dist` →
/// `@aws-sdk/client-s3`); `None` for built-ins (`node:fs`), absolute paths and URLs.
fn package_of(spec: &str) -> Option<String> {
    if spec.is_empty() || spec.starts_with('/') || spec.starts_with("node:") || spec.contains("://")
    {
        return None;
    }
    let mut parts = spec.split('/');
    let first = parts.next()?;
    if first.starts_with('@') {
        let second = parts.next()?;
        Some(format!("{first}/{second}"))
    } else {
        Some(first.to_string())
    }
}

/// The module specifiers in `src`: string literals after `from`, `import`, `import(` or `require(`, with comments
/// and other strings skipped.
fn specifiers(src: &str) -> Vec<String> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // The last word and punctuation seen outside strings and comments.
    let mut prev_word = String::new();
    let mut prev_punct = 0u8;
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    while i < b.len() {
        let c = at(i);
        if c == b'/' && at(i + 1) == b'/' {
            while i < b.len() && at(i) != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && at(i + 1) == b'*' {
            i += 2;
            while i < b.len() && !(at(i) == b'*' && at(i + 1) == b'/') {
                i += 1;
            }
            i += 2;
            continue;
        }
        if c == b'"' || c == b'\'' || c == b'`' {
            let start = i + 1;
            i += 1;
            while i < b.len() && at(i) != c {
                if at(i) == b'\\' {
                    i += 1;
                }
                if c != b'`' && at(i) == b'\n' {
                    break;
                }
                i += 1;
            }
            let lit = src.get(start..i.min(b.len())).unwrap_or("");
            let after_keyword = matches!(prev_word.as_str(), "from" | "import") && prev_punct == 0;
            let in_call = prev_punct == b'(' && matches!(prev_word.as_str(), "import" | "require");
            if c != b'`' && (after_keyword || in_call) {
                out.push(lit.to_string());
            }
            prev_word.clear();
            prev_punct = 0;
            i += 1;
            continue;
        }
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' {
            let start = i;
            while i < b.len() && (at(i).is_ascii_alphanumeric() || at(i) == b'_' || at(i) == b'$') {
                i += 1;
            }
            prev_word = src.get(start..i).unwrap_or("").to_string();
            prev_punct = 0;
            continue;
        }
        if !c.is_ascii_whitespace() {
            // `require(` keeps its word; any other punctuation ends the pattern.
            if c == b'(' && prev_punct == 0 {
                prev_punct = b'(';
            } else {
                prev_word.clear();
                prev_punct = c;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifiers_of_every_form_and_none_from_comments_or_other_strings() {
        let src = r#"
            import { S3Client } from "@aws-sdk/client-s3";
            import * as fp from 'lodash/fp';
            import "reflect-metadata";
            export { x } from "./util.js";
            const pg = require("pg");
            const later = await import('ua-parser-js');
            // import nope from "commented-out";
            /* require("also-commented") */
            const s = "from 'not-an-import'";
            console.log(require.resolve, "uuid");
            import type { T } from "type-only";
        "#;
        assert_eq!(
            specifiers(src),
            [
                "@aws-sdk/client-s3",
                "lodash/fp",
                "reflect-metadata",
                "./util.js",
                "pg",
                "ua-parser-js",
                "type-only"
            ]
        );
        assert_eq!(
            package_of("@aws-sdk/client-s3/dist-cjs"),
            Some("@aws-sdk/client-s3".into())
        );
        assert_eq!(package_of("lodash/fp"), Some("lodash".into()));
        assert_eq!(package_of("node:fs"), None);
    }

    #[test]
    fn local_imports_are_followed_once_and_a_missing_one_is_noted() {
        let d = std::env::temp_dir().join(format!("coldcost-handler-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("src/lib")).unwrap();
        std::fs::write(
            d.join("src/app.ts"),
            "import { a } from './lib';\nimport axios from 'axios';\nimport './gone';\n",
        )
        .unwrap();
        std::fs::write(
            d.join("src/lib/index.ts"),
            "import { b } from '../app';\nexport * from 'zod';\n",
        )
        .unwrap();
        let entry = entry_file(&d, Some("src/app.handler"), &[]).unwrap();
        assert!(entry.ends_with("src/app.ts"));
        let h = scan(&d, &entry);
        assert_eq!(h.files, 2);
        assert_eq!(
            h.packages.iter().map(String::as_str).collect::<Vec<_>>(),
            ["axios", "zod"]
        );
        assert!(h.notes.iter().any(|n| n.contains("./gone")), "{h:?}");
        // SAM's EntryPoints win over the handler string.
        assert!(
            entry_file(&d, Some("x.handler"), &["src/lib/index.ts".into()])
                .unwrap()
                .ends_with("src/lib/index.ts")
        );
        let _ = std::fs::remove_dir_all(&d);
    }
}
