//! Every command's `--help` ends with examples, and the examples work: each example line whose inputs are all
//! under `samples/` is run (in a scratch copy of `samples/`, outputs landing there) and must succeed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{scratch, stderr};
use std::path::Path;
use std::process::Command;

/// The `--help` of `coldcost PATH…`.
fn help(path: &[String]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_coldcost"))
        .args(path)
        .arg("--help")
        .output()
        .unwrap();
    assert!(o.status.success(), "{path:?} --help: {}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// The subcommands a help lists under `Commands:` (clap's own `help` left out).
fn listed(help: &str) -> Vec<String> {
    let Some((_, rest)) = help.split_once("\nCommands:\n") else {
        return Vec::new();
    };
    rest.lines()
        .take_while(|l| !l.trim().is_empty())
        // A name starts two spaces in; a wrapped description is indented further.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(str::to_string)
        .collect()
}

/// Every command path: `[]` (coldcost itself), `["estimate"]`, `["pricing"]`, `["pricing", "show"]`, ….
fn all_commands() -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut todo = vec![Vec::<String>::new()];
    while let Some(path) = todo.pop() {
        for name in listed(&help(&path)) {
            let mut sub = path.clone();
            sub.push(name);
            todo.push(sub);
        }
        out.push(path);
    }
    out.sort();
    out
}

/// The lines of the `Examples:` block (up to its first blank line).
fn examples(help: &str) -> Option<Vec<String>> {
    let (_, rest) = help.split_once("\nExamples:\n")?;
    Some(
        rest.lines()
            .take_while(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn every_command_has_examples_in_its_help() {
    let commands = all_commands();
    // coldcost, its 16 commands and the groups' subcommands.
    assert!(commands.len() >= 24, "{commands:?}");
    let mut missing = Vec::new();
    for path in &commands {
        match examples(&help(path)) {
            Some(lines)
                if lines
                    .iter()
                    .any(|l| l.trim_start().starts_with("coldcost ")) => {}
            _ => missing.push(format!("coldcost {}", path.join(" "))),
        }
    }
    assert!(
        missing.is_empty(),
        "no Examples: in the help of {missing:?}"
    );
}

/// Copies folder `from` into `to`.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Whether an argument names a file or folder.
fn is_path(arg: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        ".toml", ".log", ".csv", ".gz", ".json", ".parquet", ".yaml", ".yml", ".md", ".svg",
        ".txt", ".sql",
    ];
    arg == "." || arg.contains('/') || EXTENSIONS.iter().any(|e| arg.ends_with(e))
}

/// `dir/pre*post` expanded in `cwd` (one `*`, in the last part), sorted; any other argument as it is.
fn expand(arg: &str, cwd: &Path) -> Vec<String> {
    let Some((dir, pattern)) = arg.rsplit_once('/').filter(|_| arg.contains('*')) else {
        return vec![arg.to_string()];
    };
    let (pre, post) = pattern.split_once('*').unwrap();
    let mut out: Vec<String> = std::fs::read_dir(cwd.join(dir))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.starts_with(pre) && n.ends_with(post))
                .map(|n| format!("{dir}/{n}"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Examples not run, and why.
const NOT_RUN: &[(&str, &str)] = &[("--invocations 7M", "writes 1 GB")];

#[test]
fn the_examples_on_samples_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut ran: Vec<String> = Vec::new();
    let mut skipped: Vec<String> = Vec::new();
    for (n, path) in all_commands().iter().enumerate() {
        let Some(lines) = examples(&help(path)) else {
            continue;
        };
        // A scratch copy of samples/ per help: outputs land there, and a later example may read an earlier's.
        let dir = scratch(&format!("examples-{n}"));
        copy_dir(&root.join("samples"), &dir.join("samples"));
        let mut written: Vec<String> = Vec::new();
        for line in &lines {
            let Some(example) = line.trim_start().strip_prefix("coldcost ") else {
                continue;
            };
            // The command ends where its comment (two or more spaces) or a shell redirection or pipe begins.
            let command = example.split("  ").next().unwrap_or(example);
            let command = command.split(['>', '|']).next().unwrap_or(command).trim();
            if let Some((_, why)) = NOT_RUN.iter().find(|(s, _)| command.contains(s)) {
                skipped.push(format!("{command} ({why})"));
                continue;
            }
            let words: Vec<&str> = command.split_whitespace().collect();
            let mut args: Vec<String> = Vec::new();
            // Quoting and variables are the shell's; `~` is fine only in an output, which is replaced.
            let mut runnable = !command.contains(['"', '\'', '$']);
            let mut outputs: Vec<String> = Vec::new();
            let mut i = 0;
            while i < words.len() {
                let w = words[i];
                let output_flag = matches!(w, "-o" | "--output" | "--calibrate")
                    || (w == "--dir" && words.first() == Some(&"man"));
                if output_flag && i + 1 < words.len() {
                    // Outputs go into the scratch folder, under their own name.
                    let name = Path::new(words[i + 1].trim_end_matches('/'))
                        .file_name()
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    args.push(w.to_string());
                    args.push(name.clone());
                    outputs.push(name);
                    i += 2;
                    continue;
                }
                if !w.starts_with('-') && is_path(w) {
                    let found = expand(w, &dir);
                    let ok = !found.is_empty()
                        && found.iter().all(|f| {
                            (f.starts_with("samples/") || written.contains(f))
                                && dir.join(f).exists()
                        });
                    runnable &= ok;
                    args.extend(found);
                } else {
                    args.push(w.to_string());
                }
                i += 1;
            }
            if !runnable {
                skipped.push(command.to_string());
                continue;
            }
            let o = Command::new(env!("CARGO_BIN_EXE_coldcost"))
                .args(&args)
                .current_dir(&dir)
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "the example `coldcost {command}` (help of {path:?}) failed: {}",
                stderr(&o)
            );
            ran.push(format!("coldcost {command}"));
            written.extend(outputs);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    eprintln!("ran {} examples; not run: {skipped:#?}", ran.len());
    // A representative set: every command that can run on the samples alone ran at least once.
    for must in [
        "coldcost estimate ",
        "coldcost compare",
        "coldcost budget ",
        "coldcost sweep ",
        "coldcost remedies ",
        "coldcost coldstarts ",
        "coldcost simulate ",
        "coldcost ingest ",
        "coldcost generate ",
        "coldcost query insights",
        "coldcost query athena ",
        "coldcost catalog calibration",
        "coldcost pricing show ",
        "coldcost completions ",
        "coldcost man",
        "coldcost help ",
    ] {
        assert!(
            ran.iter().any(|r| r.starts_with(must)),
            "no example of `{must}` ran; ran: {ran:#?}"
        );
    }
    assert!(ran.len() >= 40, "only {} examples ran: {ran:#?}", ran.len());
}
