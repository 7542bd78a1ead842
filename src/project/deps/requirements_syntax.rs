//! The line syntax of `requirements.txt`: logical lines (`\\` continuations joined, `#` comments removed), options
//! (`-r file`, `--requirement=file`), per-requirement options (`--hash=…`), and lines that install from a URL,
//! VCS or path rather than by name.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

/// Global options pip accepts that say nothing about which packages are installed.
pub(super) const HARMLESS_OPTIONS: &[&str] = &[
    "-i",
    "--index-url",
    "--extra-index-url",
    "--no-index",
    "-f",
    "--find-links",
    "--trusted-host",
    "--pre",
    "--prefer-binary",
    "--only-binary",
    "--no-binary",
    "--require-hashes",
    "--use-feature",
    "-Z",
    "--always-unzip",
];

/// Logical lines: continuations joined, comments removed, each with the number of its first physical line.
pub(super) fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let (start, mut acc) = current.take().unwrap_or((i + 1, String::new()));
        match raw.strip_suffix('\\') {
            Some(part) => {
                acc.push_str(part);
                current = Some((start, acc));
            }
            None => {
                acc.push_str(raw);
                out.push((start, acc));
            }
        }
    }
    out.extend(current);
    for (_, line) in &mut out {
        // A `#` starts a comment at the start of a line or after whitespace (`#egg=` inside a URL does not).
        let cut = line
            .char_indices()
            .find(|&(i, c)| {
                c == '#'
                    && (i == 0
                        || line
                            .get(..i)
                            .is_some_and(|b| b.ends_with(char::is_whitespace)))
            })
            .map(|(i, _)| i);
        if let Some(i) = cut {
            line.truncate(i);
        }
        *line = line.trim().to_string();
    }
    out.retain(|(_, l)| !l.is_empty());
    out
}

/// Splits `-r file`, `-rfile`, `--requirement file` and `--requirement=file` into the option and its value.
pub(super) fn option(line: &str) -> (&str, &str) {
    if let Some(long) = line.strip_prefix("--") {
        let end = long
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(long.len());
        let name = line.get(..end + 2).unwrap_or(line);
        let value = long.get(end..).unwrap_or("");
        (
            name,
            value
                .trim_start_matches(|c: char| c == '=' || c.is_whitespace())
                .trim(),
        )
    } else {
        let name = line.get(..2).unwrap_or(line);
        (name, line.get(2..).unwrap_or("").trim())
    }
}

/// The package a URL, path or VCS line names with `#egg=name`, if any.
pub(super) fn egg_name(url: &str) -> Option<&str> {
    let egg = url
        .split_once("#egg=")
        .or_else(|| url.split_once("&egg="))?
        .1;
    let name = egg.split(['&', ' ', '[']).next().unwrap_or("");
    (!name.is_empty()).then_some(name)
}

/// Whether a line installs from a URL, VCS or local path rather than by name (`name @ url` is by name).
pub(super) fn is_url_or_path(line: &str) -> bool {
    if line.starts_with(['.', '/', '~']) {
        return true;
    }
    match line.find("://") {
        Some(i) => !line.get(..i).unwrap_or("").contains('@'),
        None => [".whl", ".zip", ".tar.gz"]
            .iter()
            .any(|ext| line.ends_with(ext)),
    }
}

/// A requirement line without its per-requirement options (`--hash=…`, `--config-settings …`), which follow
/// whitespace and `--`.
pub(super) fn without_line_options(line: &str) -> &str {
    match line.find(" --").or_else(|| line.find("\t--")) {
        Some(i) => line.get(..i).unwrap_or(line).trim(),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logical_lines_join_and_strip() {
        let text = "a \\\n  ==1 # pinned\n# only a comment\n\n  b#not-a-comment\nc \\";
        let got = logical_lines(text);
        assert_eq!(
            got,
            [
                (1, "a   ==1".to_string()),
                (5, "b#not-a-comment".to_string()),
                (6, "c".to_string())
            ]
        );
    }

    #[test]
    fn options_and_urls() {
        assert_eq!(option("-r base.txt"), ("-r", "base.txt"));
        assert_eq!(option("-rbase.txt"), ("-r", "base.txt"));
        assert_eq!(
            option("--requirement=base.txt"),
            ("--requirement", "base.txt")
        );
        assert_eq!(
            option("--requirement  base.txt"),
            ("--requirement", "base.txt")
        );
        assert_eq!(option("-"), ("-", ""));
        assert_eq!(
            egg_name("git+https://github.com/x/y.git@v1#egg=yy&subdirectory=z"),
            Some("yy")
        );
        assert_eq!(egg_name("https://example.com/a.whl"), None);
        assert!(is_url_or_path("git+https://github.com/x/y.git"));
        assert!(is_url_or_path("./libs/shared"));
        assert!(is_url_or_path("dist/pkg-1.0-py3-none-any.whl"));
        assert!(!is_url_or_path("pkg @ https://example.com/pkg.whl"));
        assert!(!is_url_or_path("requests>=2"));
        assert_eq!(
            without_line_options("a==1 --hash=sha256:x --hash=sha256:y"),
            "a==1"
        );
    }
}
