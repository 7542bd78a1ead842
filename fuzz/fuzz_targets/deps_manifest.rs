//! Fuzz target: a dependency manifest or lockfile (requirements.txt, pyproject.toml, Pipfile, poetry.lock, uv.lock,
//! Pipfile.lock, package.json, package-lock.json, yarn.lock, pnpm-lock.yaml) read from a folder — any bytes give Ok
//! or a clear Err, never a panic, hang or crash. The first byte picks the file name; the rest is its text. A
//! lockfile for Node.js gets a small package.json beside it so that it is read.
#![no_main]
use coldcost::project::deps::read_dependencies;
use coldcost::Family;
use libfuzzer_sys::fuzz_target;

const NAMES: [(&str, Family); 10] = [
    ("requirements.txt", Family::Python),
    ("pyproject.toml", Family::Python),
    ("Pipfile", Family::Python),
    ("poetry.lock", Family::Python),
    ("uv.lock", Family::Python),
    ("Pipfile.lock", Family::Python),
    ("package.json", Family::Node),
    ("package-lock.json", Family::Node),
    ("yarn.lock", Family::Node),
    ("pnpm-lock.yaml", Family::Node),
];

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (name, family) = NAMES[usize::from(kind) % NAMES.len()];
    let dir = std::env::temp_dir().join(format!("coldcost-fuzz-deps-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    if std::fs::create_dir_all(&dir).is_err() || std::fs::write(dir.join(name), text).is_err() {
        return;
    }
    if family == Family::Node && name != "package.json" {
        let manifest = r#"{"dependencies": {"a": "^1.0.0", "@s/b": "2"}, "devDependencies": {"esbuild": "*", "c": "3"}}"#;
        if std::fs::write(dir.join("package.json"), manifest).is_err() {
            return;
        }
    }
    let _ = read_dependencies(&dir, family);
});
