//! The budget-review deliverable: `--format html` is one self-contained page holding the totals, the charts, every
//! assumption and every price with its source and date; the charts explain (bars for categories, lines for
//! volumes, the zero labelled, crossings and plateaus annotated). Rendering in a real browser is `tests/browser.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{coldcost, scratch, stderr, stdout};
use serde_json::Value;

fn run(args: &[&str]) -> String {
    let o = coldcost(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    serde_json::from_str(&run(&a)).unwrap()
}

fn html(args: &[&str]) -> String {
    let mut a = args.to_vec();
    a.extend(["--format", "html"]);
    run(&a)
}

/// `$1,234.56` as the report writes a JSON amount (rounded to the cent, half away from zero).
fn dollars(usd: f64) -> String {
    let cents = (usd * 100.0).round() as i64;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("${grouped}.{:02}", cents % 100)
}

/// Nothing is fetched from elsewhere and nothing runs.
fn assert_self_contained(page: &str) {
    for bad in [
        "<script", "<link", "<img", "<iframe", "url(", "@import", " src=",
    ] {
        assert!(!page.contains(bad), "the page holds {bad}");
    }
    assert_eq!(
        page.matches("<svg").count(),
        page.matches("</svg>").count(),
        "unbalanced svg"
    );
}

#[test]
fn a_compare_page_holds_the_totals_charts_assumptions_and_sourced_prices() {
    let args = ["compare", "--sample", "data-job", "--draws", "200"];
    let v = json(&args);
    let page = html(&args);
    assert_self_contained(&page);
    for p in v["profiles"].as_array().unwrap() {
        let total = dollars(p["total_usd"].as_f64().unwrap());
        assert!(page.contains(&total), "{} total {total} missing", p["name"]);
        assert!(page.contains(p["name"].as_str().unwrap()));
    }
    // Three charts: the bill by line item (bars), against volume (lines), and the difference to the cheapest.
    assert_eq!(page.matches("<figure>").count(), 3, "{page}");
    assert!(page.contains("What each bill is made of"));
    assert!(page.contains("Monthly bill against monthly invocations"));
    assert!(page.contains("How much more each costs than"));
    // Every assumption of the JSON is on the page, and so is each region's source with its date.
    for a in v["assumptions"].as_array().unwrap() {
        let a = a
            .as_str()
            .unwrap()
            .replace('&', "&amp;")
            .replace('\'', "&#39;");
        assert!(
            page.contains(&a[..a.len().min(60)]),
            "assumption missing: {a}"
        );
    }
    for r in v["pricing"]["regions"].as_array().unwrap() {
        assert!(page.contains(r["as_of"].as_str().unwrap()));
        assert!(page.contains(r["region"].as_str().unwrap()));
    }
    assert!(page.contains(v["rules_as_of"].as_str().unwrap()));
    assert!(
        page.contains("0.0000166667"),
        "the exact x86 duration price"
    );
    assert!(page.contains("@media print"), "a print stylesheet");
}

#[test]
fn every_html_report_is_self_contained_and_holds_its_totals() {
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["estimate", "samples/http-api-python.toml", "--draws", "50"],
            "/total_usd",
        ),
        (
            vec!["budget", "samples/budget.toml", "--draws", "50"],
            "/total_usd",
        ),
        (
            vec![
                "sweep",
                "samples/http-api-node.toml",
                "--memory",
                "512..2048:512",
            ],
            "/sweep/points/0/total_usd",
        ),
        (
            vec!["remedies", "samples/cron-python.toml"],
            "/remedies/1/total_usd",
        ),
        (vec!["ingest", "samples/exports/cur2.csv"], ""),
        (
            vec!["ingest", "samples/exports/usage.csv"],
            "/usage/total_usd",
        ),
    ];
    for (args, pointer) in cases {
        let page = html(&args);
        assert_self_contained(&page);
        assert!(page.contains("<h2>Prices and rules</h2>"), "{args:?}");
        assert!(page.contains("<h2>Assumptions"), "{args:?}");
        // Observed usage covers the period its lines cover, not a month: the page must not call it monthly.
        assert_eq!(
            page.contains("every amount is a monthly USD figure"),
            args[0] != "ingest",
            "{args:?}"
        );
        if !pointer.is_empty() {
            let v = json(&args);
            let total = dollars(v.pointer(pointer).and_then(Value::as_f64).unwrap());
            assert!(page.contains(&total), "{args:?}: {total} missing");
        }
    }
}

#[test]
fn a_hostile_profile_name_is_escaped_everywhere() {
    let d = scratch("html-hostile");
    let src = std::fs::read_to_string("samples/http-api-node.toml").unwrap();
    let name = r#"<script>alert("x")</script> & 'co'"#;
    let body = src
        .lines()
        .map(|l| {
            if l.starts_with("name") {
                format!("name = '''{name}'''")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let f = d.join("hostile.toml");
    std::fs::write(&f, body).unwrap();
    let page = html(&["estimate", f.to_str().unwrap(), "--draws", "0"]);
    assert!(!page.contains("<script"), "unescaped name");
    assert!(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"));
    let svg = run(&[
        "estimate",
        f.to_str().unwrap(),
        "--draws",
        "0",
        "--format",
        "svg",
    ]);
    assert!(!svg.contains("<script"), "unescaped name in the SVG");
}

#[test]
fn a_zero_bill_is_drawn_on_a_labelled_floor_and_crossings_are_annotated() {
    // Small volumes sit inside the free tier: the log chart keeps them on a `$0` floor instead of dropping them.
    let svg = run(&[
        "compare",
        "--sample",
        "io-service",
        "--draws",
        "0",
        "--format",
        "svg",
    ]);
    assert!(svg.contains(">$0</text>"), "no $0 label");
    let v = json(&["compare", "--sample", "io-service", "--draws", "0"]);
    let be = v["break_even"]["invocations"]
        .as_u64()
        .or_else(|| v["managed_break_evens"][0]["invocations"].as_u64())
        .expect("a break-even");
    assert!(be > 0);
    assert!(svg.contains("break-even"), "the crossing is annotated");
    // Each line is labelled at its end (no far-away legend).
    for p in v["profiles"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let short: String = name.chars().take(20).collect();
        assert!(svg.contains(&format!(">{short}")), "{name} not labelled");
    }
}

#[test]
fn a_volume_sweep_into_throttling_shows_the_plateau() {
    // A concurrency limit of 1,000 with a 100 ms handler caps near 10,000 requests a second, ≈ 2.6·10¹⁰ a month at a
    // flat rate: 10¹¹ a month must throttle.
    let args = [
        "sweep",
        "samples/http-api-node.toml",
        "--invocations",
        "1e7,1e9,1e11",
        "--draws",
        "0",
    ];
    let v = json(&args);
    let throttled = v["sweep"]["points"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["throttles"].as_u64().unwrap() > 0);
    let svg = run(&[&args[..], &["--format", "svg"]].concat());
    assert_eq!(
        throttled,
        svg.contains("throttled from"),
        "the plateau is annotated exactly when the sweep throttles: {v:#}"
    );
    assert!(
        throttled,
        "the sample should throttle at 10¹¹ a month: {v:#}"
    );
    assert!(svg.contains("<polyline"), "volumes are drawn as lines");
}

#[test]
fn categories_are_bars_and_settings_are_lines() {
    let arch = run(&[
        "sweep",
        "samples/http-api-node.toml",
        "--arch",
        "both",
        "--format",
        "svg",
    ]);
    assert!(!arch.contains("<polyline"), "architectures drawn as a line");
    assert!(arch.contains(">x86_64<") && arch.contains(">arm64<"));
    let memory = run(&[
        "sweep",
        "samples/http-api-node.toml",
        "--memory",
        "512..2048:512",
        "--format",
        "svg",
    ]);
    assert!(memory.contains("<polyline"), "memory sizes drawn as bars");
    assert!(
        memory.contains("cheapest:"),
        "the cheapest setting is annotated"
    );
}

#[test]
fn the_curve_has_its_band_with_draws_and_none_without() {
    let with = json(&["compare", "--draws", "100"]);
    let curve = with["curve"].as_array().unwrap();
    assert!(!curve.is_empty());
    for pt in curve {
        let (p5, p95) = (&pt["p5_usd"], &pt["p95_usd"]);
        for i in 0..2 {
            assert!(p5[i].as_f64().unwrap() <= p95[i].as_f64().unwrap(), "{pt}");
        }
    }
    let without = json(&["compare", "--draws", "0"]);
    assert!(without["curve"][0].get("p5_usd").is_none());
}

#[test]
fn a_volume_of_zero_is_left_off_a_log_axis_and_said_so() {
    let svg = run(&[
        "sweep",
        "samples/http-api-node.toml",
        "--invocations",
        "0,1e6,1e8",
        "--format",
        "svg",
    ]);
    assert!(
        svg.contains("A volume of 0 cannot sit on a log axis"),
        "{svg}"
    );
    let first_line = svg
        .split("<polyline points=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    assert_eq!(first_line.split_whitespace().count(), 2, "{first_line}");
    let without_zero = run(&[
        "sweep",
        "samples/http-api-node.toml",
        "--invocations",
        "1e6,1e8",
        "--format",
        "svg",
    ]);
    assert!(!without_zero.contains("A volume of 0"));
}
