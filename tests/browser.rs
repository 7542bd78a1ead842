//! The HTML reports checked in a real browser (issue 17, item 3): each command's `--format html` report for the built-in
//! samples is rendered by headless Chromium, once to a screenshot and once to its DOM. The screenshot must not be blank,
//! the page's visible text must hold every total the same command prints in JSON (formatted as the table shows money,
//! `$1,234.56`), and the file must load nothing from elsewhere (no script, no external stylesheet, image or font).
//!
//! The reports and screenshots stay in `<target>/browser/` (NAME.html, NAME.png) as the run's artifacts.
//! Without Chromium the test is skipped, unless `CI` is set: CI must have it (`.ci/run` installs Debian's `chromium`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{coldcost, stderr, stdout};
use serde_json::Value;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long one Chromium run may take before it is killed.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(60);
/// The screenshot's window: wide as a laptop screen, tall enough for a report's summary and first charts.
const WINDOW: &str = "1280,2400";
/// Chromium runs at once (each takes a few hundred MB; the machine has 2 cores).
const WORKERS: usize = 2;

/// The flags Chromium needs headless, as root, on a closed network: no sandbox (root), no GPU, and none of its
/// background connections (which the network refuses), with a fresh profile each time.
const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

// ---------------------------------------------------------------------------------------------------------------------
// Chromium

/// The Chromium on `PATH` (`chromium`, as Debian names it), if any.
fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("chromium"))
        .find(|p| p.is_file())
}

/// Chromium, or `None` with a message when the test should skip (panics under CI, which must have it).
fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    match find_chromium() {
        Some(c) => Some(c),
        None if std::env::var_os("CI").is_some() => panic!(
            "{test}: `chromium` is not on PATH, and CI must render the HTML reports in a real browser \
             (.ci/run installs Debian's chromium: apt-get install chromium)"
        ),
        None => {
            eprintln!("SKIPPED: {test}: `chromium` is not on PATH (apt-get install chromium to run it)");
            None
        }
    }
}

/// A fresh, empty folder of its own for one Chromium run (its profile, and where its output goes).
fn fresh_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let d = std::env::temp_dir().join(format!("coldcost-browser-{}-{n}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temporary folder");
    d
}

/// What one Chromium run left: its exit status and what it wrote on standard output (the DOM, for `--dump-dom`).
struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

/// Runs `chromium FLAGS… EXTRA… file://PAGE` with a fresh profile, killing its whole process group after
/// [`CHROMIUM_TIMEOUT`]. Output goes to files, not pipes, so a helper process that outlives Chromium's main process
/// cannot hold the test up.
fn run_chromium(chromium: &Path, page: &Path, extra: &[String]) -> Run {
    let dir = fresh_dir("chromium");
    let profile = dir.join("profile");
    std::fs::create_dir_all(&profile).expect("profile folder");
    let out_path = dir.join("stdout");
    let err_path = dir.join("stderr");
    let page = page.canonicalize().expect("page path");
    let mut cmd = Command::new(chromium);
    cmd.args(CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).expect("stdout file"))
        .stderr(File::create(&err_path).expect("stderr file"));
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn().expect("start chromium");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for chromium") {
            break Some(s);
        }
        if start.elapsed() > CHROMIUM_TIMEOUT {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // The whole group: the main process if it hung, and any helper (zygote, renderer) left behind.
    #[cfg(unix)]
    if let Ok(pgid) = i32::try_from(child.id()) {
        // SAFETY: killpg only sends a signal; a group that is already gone gives ESRCH, which is fine.
        unsafe {
            libc::killpg(pgid, libc::SIGKILL);
        }
    }
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let mut stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    if status.is_none() {
        stderr.push_str(&format!(
            "\n(killed after {} s)",
            CHROMIUM_TIMEOUT.as_secs()
        ));
    }
    let _ = std::fs::remove_dir_all(&dir);
    Run {
        ok: status.is_some_and(|s| s.success()),
        stdout,
        stderr,
    }
}

/// Renders `page` to the PNG `png`.
fn screenshot(chromium: &Path, page: &Path, png: &Path) -> Result<(), String> {
    let _ = std::fs::remove_file(png);
    let run = run_chromium(
        chromium,
        page,
        &[
            format!("--screenshot={}", png.display()),
            format!("--window-size={WINDOW}"),
            "--hide-scrollbars".to_string(),
        ],
    );
    if !run.ok || !png.is_file() {
        return Err(format!(
            "chromium --screenshot of {} failed (exit ok: {}): {}",
            page.display(),
            run.ok,
            tail(&run.stderr)
        ));
    }
    Ok(())
}

/// The DOM of `page` after Chromium has laid it out.
fn dump_dom(chromium: &Path, page: &Path) -> Result<String, String> {
    let run = run_chromium(chromium, page, &["--dump-dom".to_string()]);
    if !run.ok || !run.stdout.contains("<body") {
        return Err(format!(
            "chromium --dump-dom of {} failed (exit ok: {}): {}",
            page.display(),
            run.ok,
            tail(&run.stderr)
        ));
    }
    Ok(run.stdout)
}

/// The last lines of a (noisy) Chromium log.
fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(8)..].join("\n")
}

// ---------------------------------------------------------------------------------------------------------------------
// Is the picture blank?

/// What a screenshot holds, in numbers.
#[derive(Debug)]
struct Ink {
    width: u32,
    height: u32,
    /// Share of pixels that differ clearly from the background (the most common colour).
    ink_share: f64,
    /// Distinct colours (RGB).
    colours: usize,
    /// Share of pixels with a clear hue (not black, white or grey): drawn chart marks, not text.
    colour_share: f64,
}

impl Ink {
    /// A page someone can read: a meaningful share drawn, in more than a few colours.
    fn blank(&self) -> bool {
        self.ink_share < 0.01 || self.colours < 16
    }
}

/// Decodes the PNG at `path` and measures how much is drawn on it.
fn measure_png(path: &Path) -> Result<Ink, String> {
    let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder
        .read_info()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| format!("{}: image too large", path.display()))?;
    let mut buf = vec![0u8; size];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let channels = info.color_type.samples();
    let rgb = |px: &[u8]| -> [u8; 3] {
        match channels {
            1 | 2 => [px[0], px[0], px[0]],
            _ => [px[0], px[1], px[2]],
        }
    };
    let mut counts: std::collections::HashMap<[u8; 3], u64> = std::collections::HashMap::new();
    for row in buf[..info.buffer_size()].chunks_exact(info.line_size) {
        for px in row[..info.width as usize * channels].chunks_exact(channels) {
            *counts.entry(rgb(px)).or_insert(0) += 1;
        }
    }
    let total = u64::from(info.width) * u64::from(info.height);
    let background = counts
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(c, _)| *c)
        .unwrap_or([255, 255, 255]);
    let (mut ink, mut coloured) = (0u64, 0u64);
    for (c, n) in &counts {
        let far = c
            .iter()
            .zip(background)
            .map(|(a, b)| (i32::from(*a) - i32::from(b)).abs())
            .max()
            .unwrap_or(0);
        if far > 24 {
            ink += n;
        }
        let hue =
            i32::from(*c.iter().max().unwrap_or(&0)) - i32::from(*c.iter().min().unwrap_or(&0));
        if hue > 48 {
            coloured += n;
        }
    }
    Ok(Ink {
        width: info.width,
        height: info.height,
        ink_share: ink as f64 / total.max(1) as f64,
        colours: counts.len(),
        colour_share: coloured as f64 / total.max(1) as f64,
    })
}

// ---------------------------------------------------------------------------------------------------------------------
// The page's text

/// The text a reader sees in a DOM: without `<head>`, `<style>`, `<script>`, `<title>` (SVG tooltips) and comments,
/// tags removed, the common entities decoded, white space collapsed.
fn visible_text(dom: &str) -> String {
    let mut s = dom.to_string();
    for tag in ["head", "style", "script", "title", "desc"] {
        s = remove_elements(&s, tag);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = if rest.starts_with("<!--") {
            rest.find("-->").map(|j| j + 3)
        } else {
            rest.find('>').map(|j| j + 1)
        };
        match end {
            Some(j) => rest = &rest[j..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` without any `<tag …>…</tag>` element (ASCII case-insensitive).
fn remove_elements(s: &str, tag: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    while let Some(i) = lower[at..].find(&open).map(|i| i + at) {
        // `<title` must not match `<titlebar`: the name ends at white space, `>` or `/`.
        let after = lower[i + open.len()..].chars().next();
        if !matches!(after, Some(c) if c == '>' || c == '/' || c.is_whitespace()) {
            out.push_str(&s[at..i + open.len()]);
            at = i + open.len();
            continue;
        }
        out.push_str(&s[at..i]);
        at = match lower[i..].find(&close) {
            Some(j) => i + j + close.len(),
            None => s.len(),
        };
    }
    out.push_str(&s[at..]);
    out
}

/// Decodes `&amp; &lt; &gt; &#39; &quot; &nbsp;` and numeric character references.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let ch = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------------------------------------
// Money as the table shows it

/// Whole cents of a JSON number, rounded half away from zero as `Money::cents` rounds, computed on the number's decimal
/// text (so `1.005` is 101 cents, as the exact amount it was printed from is, not the binary float's 100).
fn cents_half_away(n: &serde_json::Number) -> i128 {
    let text = n.to_string();
    let (mantissa, exp) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i32>().expect("exponent")),
        None => (text.as_str(), 0),
    };
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // All the digits, and where the decimal point falls among them.
    let digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
    let point = int.len() as i64 + i64::from(exp);
    // Digits up to the cents place (point + 2), then the first digit after it decides the rounding.
    let keep = point + 2;
    let digit = |i: i64| -> i128 {
        if i < 0 || i >= digits.len() as i64 {
            0
        } else {
            i128::from(digits[i as usize])
        }
    };
    let mut cents: i128 = 0;
    for i in 0..keep.max(0) {
        cents = cents * 10 + digit(i);
    }
    if digit(keep) >= 5 {
        cents += 1;
    }
    if negative {
        -cents
    } else {
        cents
    }
}

/// `1234567` → `1,234,567`.
fn group(n: i128) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A JSON dollar amount as the table shows it: `$1,234.56` (the magnitude: a sign, `+` or `−`, may come before it).
fn dollars(v: &Value) -> String {
    let n = match v {
        Value::Number(n) => n,
        other => panic!("not a dollar amount: {other}"),
    };
    let c = cents_half_away(n).abs();
    format!("${}.{:02}", group(c / 100), c % 100)
}

/// Whether `text` shows `amount` as a whole amount: `$1.00` is not found in `$1.005` nor in `$1.00` followed by
/// digits (a price per unit), only where no further digit follows.
fn shows_amount(text: &str, amount: &str) -> bool {
    text.match_indices(amount).any(|(i, m)| {
        !text[i + m.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    })
}

// ---------------------------------------------------------------------------------------------------------------------
// Self-contained

/// Everything in `html` that would load something from elsewhere or run code: `<script>`, `<link>`, `<iframe>`,
/// `<object>`, `<embed>`, `<base>`, any `src`/`srcset`/`poster`/`data` attribute or CSS `url(…)`/`@import` (in `<style>`
/// or a `style` attribute) that is not inline (`data:` or `#fragment`), and `href` on anything but a plain `<a>` link
/// (which may point to a price source).
fn external_loads(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for tag in [
        "<script", "<link", "<iframe", "<object", "<embed", "<base", "<frame",
    ] {
        if lower.contains(tag) {
            found.push(format!("a {tag}> element"));
        }
    }
    for tag in tags(html) {
        if tag.name == "style" {
            found.extend(css_loads(&tag.raw));
        }
        for (name, value) in &tag.attrs {
            let name = name.rsplit(':').next().unwrap_or(name); // xlink:href
            let loads = match name {
                "src" | "srcset" | "poster" | "data" | "background" => !inline(value),
                "href" => tag.name != "a" && !inline(value),
                "style" => {
                    found.extend(css_loads(value));
                    false
                }
                _ => false,
            };
            if loads {
                found.push(format!("<{} {name}=\"{value}\">", tag.name));
            }
        }
    }
    found
}

/// Charts with nothing drawn in them: each inline `<svg>` must hold at least one mark (path, line, rect, circle,
/// polyline or polygon) besides its text.
fn empty_charts(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut at = 0;
    let mut n = 0;
    while let Some(i) = lower[at..].find("<svg").map(|i| i + at) {
        n += 1;
        let end = lower[i..].find("</svg>").map_or(lower.len(), |j| i + j);
        let body = &lower[i..end];
        let marks = [
            "<path",
            "<line",
            "<rect",
            "<circle",
            "<polyline",
            "<polygon",
            "<ellipse",
        ];
        if !marks.iter().any(|m| body.contains(m)) {
            found.push(format!(
                "chart {n} (an <svg> with no path, line, rect or circle)"
            ));
        }
        at = end.max(i + 4);
    }
    found
}

/// Whether a URL is inline: empty, `data:…` or a `#fragment` of the same page.
fn inline(v: &str) -> bool {
    let v = v.trim().trim_matches(['"', '\'']).trim();
    v.is_empty() || v.starts_with("data:") || v.starts_with('#')
}

/// The `url(…)` and `@import` in CSS that load from elsewhere.
fn css_loads(css: &str) -> Vec<String> {
    let lower = css.to_ascii_lowercase();
    let mut found = Vec::new();
    if lower.contains("@import") {
        found.push("a CSS @import".to_string());
    }
    let mut at = 0;
    while let Some(i) = lower[at..].find("url(").map(|i| i + at) {
        let end = lower[i..].find(')').map_or(lower.len(), |j| i + j);
        let arg = &css[i + 4..end];
        if !inline(arg) {
            found.push(format!("url({arg})"));
        }
        at = i + 4;
    }
    found
}

/// A start tag: its name and attributes (lower-cased names), and for `<style>` and `<script>` their raw text.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    raw: String,
}

/// Every start tag of `html`, outside comments and the raw text of `<style>` and `<script>`.
fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |j| i + j + 3);
            continue;
        }
        let name_end = html[i + 1..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(b.len(), |j| i + 1 + j);
        let name = html[i + 1..name_end].to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        // Attributes up to the closing `>`, minding quotes.
        let mut attrs = Vec::new();
        let mut j = name_end;
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let vstart = j + 1;
                    j = vstart;
                    while j < b.len() && b[j] != q {
                        j += 1;
                    }
                    value = html[vstart..j.min(b.len())].to_string();
                    j += 1;
                } else {
                    let vstart = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[vstart..j].to_string();
                }
            }
            if attr.is_empty() {
                j += 1;
            } else {
                attrs.push((attr, value));
            }
        }
        let j = j.min(b.len());
        // The raw text of <style> and <script> is not markup.
        let raw_end = if name == "style" || name == "script" {
            let close = format!("</{name}");
            html[j..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(b.len(), |k| j + k)
        } else {
            j
        };
        let raw = html[j..raw_end].to_string();
        out.push(Tag { name, attrs, raw });
        i = raw_end.max(i + 1);
    }
    out
}

// ---------------------------------------------------------------------------------------------------------------------
// The reports

/// One command whose HTML report is checked.
struct Case {
    /// The artifacts' name: `NAME.html`, `NAME.png`.
    name: &'static str,
    args: &'static [&'static str],
    /// The totals a reader looks for, from the command's JSON: (what, `$…`).
    totals: fn(&Value) -> Vec<(String, String)>,
}

/// estimate, compare and budget (`coldcost.report/1`): each profile's total, and the account's when there is one.
fn report_totals(v: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if !v["total_usd"].is_null() {
        out.push(("total_usd".to_string(), dollars(&v["total_usd"])));
    }
    for p in v["profiles"].as_array().expect("profiles") {
        out.push((
            format!("{}: total_usd", p["name"].as_str().unwrap_or("?")),
            dollars(&p["total_usd"]),
        ));
    }
    out
}

/// sweep (`coldcost.sweep/1`): each point's total.
fn sweep_totals(v: &Value) -> Vec<(String, String)> {
    v["sweep"]["points"]
        .as_array()
        .expect("sweep.points")
        .iter()
        .map(|p| {
            (
                format!("point {}: total_usd", p["setting"].as_str().unwrap_or("?")),
                dollars(&p["total_usd"]),
            )
        })
        .collect()
}

/// remedies (`coldcost.remedies/1`): each option's monthly total and its difference from the function as it is.
fn remedies_totals(v: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for r in v["remedies"].as_array().expect("remedies") {
        if !r["not_applicable"].is_null() {
            continue;
        }
        let name = r["name"].as_str().unwrap_or("?");
        out.push((format!("{name}: total_usd"), dollars(&r["total_usd"])));
        out.push((format!("{name}: delta_usd"), dollars(&r["delta_usd"])));
    }
    out
}

/// ingest (`coldcost.ingest/1`): each observed function's cost as billed and as priced today, and its projected month.
fn ingest_totals(v: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in v["functions"].as_array().expect("functions") {
        let c = &f["cost"];
        let name = c["function"].as_str().unwrap_or("?");
        out.push((format!("{name}: billed_usd"), dollars(&c["billed_usd"])));
        out.push((format!("{name}: today_usd"), dollars(&c["today_usd"])));
        out.push((
            format!("{name}: monthly_projection.today_usd"),
            dollars(&c["monthly_projection"]["today_usd"]),
        ));
    }
    out
}

const CASES: &[Case] = &[
    Case {
        name: "estimate",
        args: &["estimate", "samples/http-api-python.toml"],
        totals: report_totals,
    },
    Case {
        name: "compare",
        args: &["compare"],
        totals: report_totals,
    },
    Case {
        name: "compare-data-job",
        args: &["compare", "--sample", "data-job"],
        totals: report_totals,
    },
    Case {
        name: "compare-io-service",
        args: &["compare", "--sample", "io-service"],
        totals: report_totals,
    },
    Case {
        name: "budget",
        args: &["budget", "samples/budget.toml"],
        totals: report_totals,
    },
    Case {
        name: "sweep-memory",
        args: &[
            "sweep",
            "samples/http-api-node.toml",
            "--memory",
            "128..3008:128",
        ],
        totals: sweep_totals,
    },
    Case {
        name: "sweep-arch",
        args: &["sweep", "samples/http-api-node.toml", "--arch", "both"],
        totals: sweep_totals,
    },
    Case {
        name: "sweep-invocations",
        args: &[
            "sweep",
            "samples/http-api-node.toml",
            "--invocations",
            "1e5,1e6,1e7,1e8,1e9",
        ],
        totals: sweep_totals,
    },
    Case {
        name: "remedies",
        args: &["remedies", "samples/data-job-python.toml"],
        totals: remedies_totals,
    },
    Case {
        name: "ingest",
        args: &["ingest", "samples/exports/orders-api.log"],
        totals: ingest_totals,
    },
    // With the free tier every amount of this small log is $0.00; at list price they are not.
    Case {
        name: "ingest-list-price",
        args: &["ingest", "samples/exports/orders-api.log", "--no-free-tier"],
        totals: ingest_totals,
    },
];

/// Where the reports and screenshots are kept: `<target>/browser/`.
fn artifacts() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let d = tmp.parent().unwrap_or(tmp).join("browser");
    std::fs::create_dir_all(&d).expect("artifact folder");
    d
}

/// Checks one case; every problem found, as text (empty when the report passes).
fn check_case(chromium: &Path, dir: &Path, case: &Case) -> Vec<String> {
    let what = format!("{} (coldcost {})", case.name, case.args.join(" "));
    let mut problems = Vec::new();

    let mut json_args = case.args.to_vec();
    json_args.extend(["--format", "json"]);
    let o = coldcost(&json_args);
    if !o.status.success() {
        return vec![format!("{what}: --format json failed: {}", stderr(&o))];
    }
    let json: Value = match serde_json::from_str(&stdout(&o)) {
        Ok(v) => v,
        Err(e) => return vec![format!("{what}: --format json is not JSON: {e}")],
    };
    let totals = (case.totals)(&json);
    if totals.is_empty() {
        problems.push(format!("{what}: no totals in the JSON to look for"));
    }

    let anything_to_draw = totals.iter().any(|(_, amount)| amount != "$0.00");

    let html_path = dir.join(format!("{}.html", case.name));
    let png_path = dir.join(format!("{}.png", case.name));
    let _ = std::fs::remove_file(&html_path);
    let html_path_text = html_path.display().to_string();
    let mut html_args = case.args.to_vec();
    html_args.extend(["--format", "html", "--output", &html_path_text, "--force"]);
    let o = coldcost(&html_args);
    if !o.status.success() {
        return vec![format!("{what}: --format html failed: {}", stderr(&o))];
    }
    let html = match std::fs::read_to_string(&html_path) {
        Ok(h) => h,
        Err(e) => return vec![format!("{what}: no HTML at {html_path_text}: {e}")],
    };

    for load in external_loads(&html) {
        problems.push(format!("{what}: not self-contained: {load}"));
    }
    for chart in empty_charts(&html) {
        problems.push(format!("{what}: an empty chart: {chart}"));
    }

    let ink = screenshot(chromium, &html_path, &png_path).and_then(|()| measure_png(&png_path));
    if let Ok(ink) = &ink {
        eprintln!(
            "{}: {:.1}% drawn, {} colours, {:.2}% with a hue",
            png_path.display(),
            ink.ink_share * 100.0,
            ink.colours,
            ink.colour_share * 100.0
        );
    }
    match ink {
        Ok(ink) if ink.blank() => problems.push(format!(
            "{what}: the screenshot {} looks blank: {ink:?}",
            png_path.display()
        )),
        // Chart marks are coloured; an all-$0.00 bill (the free tier's) rightly draws no bar, only its label.
        Ok(ink) if html.contains("<svg") && anything_to_draw && ink.colour_share < 0.002 => problems.push(format!(
            "{what}: the page charts amounts above $0.00 but the screenshot {} has almost no colour (blank charts?): \
             {ink:?}",
            png_path.display()
        )),
        Ok(_) => {}
        Err(e) => problems.push(format!("{what}: {e}")),
    }

    match dump_dom(chromium, &html_path) {
        Ok(dom) => {
            let text = visible_text(&dom);
            for (label, amount) in &totals {
                if !shows_amount(&text, amount) {
                    problems.push(format!(
                        "{what}: the page's text lacks {label} = {amount} (JSON); text begins: {}",
                        text.chars().take(300).collect::<String>()
                    ));
                }
            }
        }
        Err(e) => problems.push(format!("{what}: {e}")),
    }
    problems
}

#[test]
fn html_reports_render_in_chromium_with_their_totals() {
    let Some(chromium) = chromium_or_skip("html_reports_render_in_chromium_with_their_totals")
    else {
        return;
    };
    let dir = artifacts();
    let next = AtomicUsize::new(0);
    let problems = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..WORKERS {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = CASES.get(i) else { break };
                let found = check_case(&chromium, &dir, case);
                problems.lock().expect("problems").extend(found);
            });
        }
    });
    let problems = problems.into_inner().expect("problems");
    eprintln!("HTML reports and screenshots: {}", dir.display());
    assert!(
        problems.is_empty(),
        "{} problem(s) with the HTML reports (artifacts in {}):\n{}",
        problems.len(),
        dir.display(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------------------------------
// The harness itself

/// The blank detector and the text extraction tell an empty page from a drawn one, in the same Chromium.
#[test]
fn harness_tells_a_blank_page_from_a_drawn_one() {
    let Some(chromium) = chromium_or_skip("harness_tells_a_blank_page_from_a_drawn_one") else {
        return;
    };
    let dir = fresh_dir("harness");
    let blank = dir.join("blank.html");
    std::fs::write(&blank, "<html><body></body></html>").expect("write");
    let drawn = dir.join("drawn.html");
    std::fs::write(
        &drawn,
        "<!doctype html><html><head><title>$9.99 (not shown)</title><style>h1{color:#222}</style></head><body>\
         <h1>Monthly total: $1,234.56 &amp; more</h1><p>Saves &#8722;$0.50 &lt;a month&gt;.</p>\
         <svg width=\"600\" height=\"400\"><title>$7.77 tooltip</title>\
         <rect x=\"0\" y=\"0\" width=\"600\" height=\"400\" fill=\"#3a7bd5\"/>\
         <rect x=\"100\" y=\"100\" width=\"200\" height=\"200\" fill=\"#e8793a\"/>\
         <text x=\"20\" y=\"40\" fill=\"white\">INIT $0.04</text></svg></body></html>",
    )
    .expect("write");

    let blank_png = dir.join("blank.png");
    screenshot(&chromium, &blank, &blank_png).unwrap();
    let ink = measure_png(&blank_png).unwrap();
    eprintln!("blank page: {ink:?}");
    assert_eq!((ink.width, ink.height), (1280, 2400), "{ink:?}");
    assert!(ink.blank(), "an empty page measured as drawn: {ink:?}");

    let drawn_png = dir.join("drawn.png");
    screenshot(&chromium, &drawn, &drawn_png).unwrap();
    let ink = measure_png(&drawn_png).unwrap();
    eprintln!("drawn page: {ink:?}");
    assert!(!ink.blank(), "a drawn page measured as blank: {ink:?}");
    assert!(ink.colour_share > 0.02, "{ink:?}");

    let text = visible_text(&dump_dom(&chromium, &drawn).unwrap());
    assert!(shows_amount(&text, "$1,234.56"), "{text}");
    assert!(text.contains("Monthly total: $1,234.56 & more"), "{text}");
    assert!(text.contains("Saves −$0.50 <a month>."), "{text}");
    assert!(shows_amount(&text, "$0.04"), "{text}");
    assert!(
        !text.contains("$9.99") && !text.contains("$7.77"),
        "titles are not visible text: {text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The amounts looked for are the table's: cents rounded half away from zero, thousands grouped, whole amounts only.
#[test]
fn dollars_round_and_group_as_money_does() {
    let d = |s: &str| dollars(&serde_json::from_str::<Value>(s).unwrap());
    assert_eq!(d("21.314179637177"), "$21.31");
    assert_eq!(d("0.005"), "$0.01");
    assert_eq!(d("0.0049999"), "$0.00");
    assert_eq!(d("1.005"), "$1.01"); // the float is 1.00499…; the printed decimal, like the exact amount, rounds up
    assert_eq!(d("-2.125"), "$2.13");
    assert_eq!(d("1234567.891"), "$1,234,567.89");
    assert_eq!(d("999.995"), "$1,000.00");
    assert_eq!(d("0"), "$0.00");
    assert_eq!(d("12"), "$12.00");
    assert_eq!(d("1e-7"), "$0.00");
    assert_eq!(d("1.5e3"), "$1,500.00");
    assert_eq!(d("2.5e20"), "$250,000,000,000,000,000,000.00");

    assert!(shows_amount("total $1.00 a month", "$1.00"));
    assert!(shows_amount("$1.00", "$1.00"));
    assert!(!shows_amount("per GB-s $1.0012", "$1.00"));
    assert!(!shows_amount("$11.00", "$1.00"));
    assert!(!shows_amount("$0.0000166667 per GB-s", "$0.00"));
}

/// The self-containment check finds what would load from elsewhere and lets inline content and plain links pass.
#[test]
fn external_loads_are_found() {
    let ok = "<html><head><style>body{font:14px sans-serif} .x{fill:url(#grad)} .y{background:url(data:image/png;base64,AA==)}</style></head>\
              <body><a href=\"https://aws.amazon.com/lambda/pricing/\">prices</a><a href=\"#notes\">notes</a>\
              <svg><defs><linearGradient id=\"grad\"/></defs><use href=\"#m\"/><image href=\"data:image/png;base64,AA==\"/></svg>\
              <img src=\"data:image/svg+xml,%3Csvg/%3E\" alt=\"x\"><p>a &lt;script&gt; in text, src=here, url(no)</p></body></html>";
    assert!(external_loads(ok).is_empty(), "{:?}", external_loads(ok));

    assert!(empty_charts("<svg><text>$1</text></svg><svg><path d=\"M0 0L1 1\"/></svg>").len() == 1);
    assert!(empty_charts(
        "<p>no chart</p><svg viewBox=\"0 0 9 9\"><rect width=\"9\" height=\"9\"/></svg>"
    )
    .is_empty());

    for bad in [
        "<script>alert(1)</script>",
        "<script src=\"x.js\"></script>",
        "<link rel=\"stylesheet\" href=\"https://cdn.example/x.css\">",
        "<style>@import 'https://fonts.example/f.css';</style>",
        "<style>@font-face{src:url(https://fonts.example/f.woff2)}</style>",
        "<img src=\"https://example.com/a.png\">",
        "<img src='chart.png'>",
        "<svg><image xlink:href=\"http://example.com/a.png\"/></svg>",
        "<div style=\"background:url('https://example.com/bg.png')\"></div>",
        "<iframe src=\"about:blank\"></iframe>",
    ] {
        assert!(!external_loads(bad).is_empty(), "not found in {bad}");
    }
}
