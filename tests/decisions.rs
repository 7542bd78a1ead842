//! Decisions: break-even round trip, bands (seeded, containing the point estimate), every format parsing back to
//! the table's numbers, sweeps, remedies, budgets and the SVG chart.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::coldcost;
use serde_json::Value;

fn ok(args: &[&str]) -> String {
    let o = coldcost(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).unwrap()
}

/// `$1,234.56` → 1234.56
fn usd(s: &str) -> f64 {
    s.trim()
        .trim_start_matches('$')
        .replace(',', "")
        .parse()
        .unwrap()
}

#[test]
fn the_break_even_volume_fed_back_shows_both_profiles_within_a_cent() {
    let pair = [
        "samples/breakeven/on-demand.toml",
        "samples/breakeven/provisioned.toml",
    ];
    let v = json(&[
        "compare", pair[0], pair[1], "--format", "json", "--draws", "0",
    ]);
    let n = v["break_even"]["invocations"]
        .as_u64()
        .expect("a break-even volume");
    assert!((1_000_000..1_000_000_000).contains(&n), "{n}");
    // The pair's JSON report at `volume` invocations a month.
    let compare_at = |volume: u64| {
        let volume = volume.to_string();
        json(&[
            "compare",
            pair[0],
            pair[1],
            "--format",
            "json",
            "--draws",
            "0",
            "--invocations",
            &volume,
        ])
    };
    // First profile's total minus the second's.
    let diff = |v: &Value| {
        v["profiles"][0]["total_usd"].as_f64().unwrap()
            - v["profiles"][1]["total_usd"].as_f64().unwrap()
    };
    let gap = diff(&compare_at(n));
    assert!(gap.abs() <= 0.01 + 1e-9, "at {n}: {gap}");
    // And the ranking really flips around it.
    let (below, above) = (compare_at(n / 2), compare_at(n * 2));
    assert!(
        diff(&below) * diff(&above) < 0.0,
        "{} {}",
        diff(&below),
        diff(&above)
    );
}

#[test]
fn bands_are_seeded_byte_for_byte_and_contain_the_point_estimate() {
    for sample in ["http-api", "sdk-worker", "data-job", "cron"] {
        let a = ok(&[
            "compare", "--sample", sample, "--format", "json", "--draws", "3000", "--seed", "11",
        ]);
        let b = ok(&[
            "compare", "--sample", sample, "--format", "json", "--draws", "3000", "--seed", "11",
        ]);
        assert_eq!(a, b, "{sample}: same seed, same output");
        let v: Value = serde_json::from_str(&a).unwrap();
        for (i, p) in v["profiles"].as_array().unwrap().iter().enumerate() {
            let band = &v["bands"]["profiles"][i];
            let (p5, p50, p95) = (
                band["p5"].as_f64().unwrap(),
                band["p50"].as_f64().unwrap(),
                band["p95"].as_f64().unwrap(),
            );
            let point = p["total_usd"].as_f64().unwrap();
            assert!(
                p5 <= point && point <= p95,
                "{sample} {}: {point} outside [{p5}, {p95}]",
                p["name"]
            );
            assert!(p5 <= p50 && p50 <= p95);
        }
        let c = ok(&[
            "compare", "--sample", sample, "--format", "json", "--draws", "3000", "--seed", "12",
        ]);
        assert_ne!(a, c, "{sample}: another seed, other draws");
    }
}

#[test]
fn json_and_csv_parse_back_to_the_numbers_the_table_shows() {
    let table = ok(&["compare", "--draws", "500"]);
    let v = json(&["compare", "--format", "json", "--draws", "500"]);
    let csv = ok(&["compare", "--format", "csv", "--draws", "500"]);
    let md = ok(&["compare", "--format", "markdown", "--draws", "500"]);
    let line = |label: &str| -> Vec<String> {
        let l = table
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("{label} in {table}"));
        l[label.len()..]
            .split("  ")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    };
    let totals = line("total / month");
    let cold = line("cold starts");
    for (i, p) in v["profiles"].as_array().unwrap().iter().enumerate() {
        let name = p["name"].as_str().unwrap();
        let total = p["total_usd"].as_f64().unwrap();
        // The table shows cents; JSON is unrounded.
        assert!(
            (usd(&totals[i]) - total).abs() <= 0.005 + 1e-9,
            "{name}: table {} vs JSON total {total}",
            totals[i]
        );
        let cold_json = p["cold_starts"].as_u64().unwrap();
        assert!(
            cold[i].starts_with(&cold_json.to_string().as_str()[..1])
                && cold[i].replace(',', "").starts_with(&cold_json.to_string()),
            "{name}: {} vs {cold_json}",
            cold[i]
        );
        // CSV: its total row and the sum of its line items.
        let rows: Vec<Vec<String>> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').map(String::from).collect())
            .filter(|r: &Vec<String>| r[0] == name)
            .collect();
        let total_row = rows.iter().find(|r| r[9] == "total").unwrap();
        assert_eq!(
            total_row[13].parse::<f64>().unwrap(),
            total,
            "{name}: CSV total"
        );
        let items: f64 = rows
            .iter()
            .filter(|r| !["total", "bill_p5", "bill_p50", "bill_p95"].contains(&r[9].as_str()))
            .map(|r| r[13].parse::<f64>().unwrap())
            .sum();
        assert!(
            (items - total).abs() < 0.011,
            "{name}: CSV items {items} vs {total}"
        );
        assert_eq!(total_row[5].parse::<u64>().unwrap(), cold_json);
        let p50 = rows.iter().find(|r| r[9] == "bill_p50").unwrap()[13]
            .parse::<f64>()
            .unwrap();
        // (serde_json's default float parsing may be off by an ulp.)
        let p50_json = v["bands"]["profiles"][i]["p50"].as_f64().unwrap();
        assert!(
            (p50 - p50_json).abs() <= 1e-12 * p50.abs(),
            "{p50} vs {p50_json}"
        );
        // Markdown: the same total in its table.
        assert!(
            md.contains(&format!("${total:.2}")) || md.contains(totals[i].as_str()),
            "{name}"
        );
    }
    // Alternatives are never added up: no total line, a null total, and the difference instead.
    assert!(!table.contains("Total:"), "{table}");
    assert!(table.contains("they are not added up"), "{table}");
    assert!(v["total_usd"].is_null() && v["bands"]["total"].is_null());
    let diff = v["profiles"][1]["total_usd"].as_f64().unwrap()
        - v["profiles"][0]["total_usd"].as_f64().unwrap();
    assert!((v["cheapest"]["saving_usd"].as_f64().unwrap() - diff.abs()).abs() < 1e-9);
}

#[test]
fn the_markdown_report_is_a_page_with_every_section() {
    let md = ok(&["compare", "--format", "markdown"]);
    for needle in [
        "# Lambda cost estimate (compare)",
        "| total / month |",
        "## Account lines",
        "## Assumptions and sources",
        "price book",
        "INIT billing rule",
        "bill p5 / p50 / p95",
        "Uncertainty:",
    ] {
        assert!(md.contains(needle), "missing {needle}:\n{md}");
    }
}

#[test]
fn memory_sweep_keeps_init_and_speeds_the_handler_and_finds_the_cheapest() {
    let v = json(&[
        "sweep",
        "samples/http-api-python.toml",
        "--memory",
        "128..2048:128",
        "--format",
        "json",
    ]);
    let pts = v["sweep"]["points"].as_array().unwrap();
    assert_eq!(pts.len(), 16);
    let h: Vec<f64> = pts
        .iter()
        .map(|p| p["handler_mean_ms"].as_f64().unwrap())
        .collect();
    assert!(h.windows(2).all(|w| w[1] <= w[0] + 1e-9), "{h:?}");
    let cheapest = v["sweep"]["cheapest"].as_u64().unwrap() as usize;
    let min = pts
        .iter()
        .map(|p| p["total_usd"].as_f64().unwrap())
        .fold(f64::INFINITY, f64::min);
    assert_eq!(pts[cheapest]["total_usd"].as_f64().unwrap(), min);
    // INIT time does not move with memory, so INIT cost grows with it.
    let init: Vec<f64> = pts
        .iter()
        .map(|p| p["init_usd"].as_f64().unwrap())
        .collect();
    assert!(init.last().unwrap() > init.first().unwrap());
    let arch = json(&[
        "sweep",
        "samples/http-api-node.toml",
        "--arch",
        "both",
        "--format",
        "json",
    ]);
    let p = arch["sweep"]["points"].as_array().unwrap();
    assert_eq!(
        (p[0]["architecture"].as_str(), p[1]["architecture"].as_str()),
        (Some("x86_64"), Some("arm64"))
    );
    assert!(
        p[1]["total_usd"].as_f64() < p[0]["total_usd"].as_f64(),
        "arm64 is cheaper at the same duration"
    );
    let bad = coldcost(&["sweep", "samples/http-api-node.toml", "--memory", "64..512"]);
    assert_eq!(bad.status.code(), Some(2)); // a flag's value: a usage error
    assert!(String::from_utf8_lossy(&bad.stderr).contains("64 MB is outside"));
}

#[test]
fn remedies_price_provisioned_concurrency_snapstart_and_a_lighter_package() {
    let v = json(&[
        "remedies",
        "samples/data-job-python.toml",
        "--format",
        "json",
    ]);
    let rows = v["remedies"].as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert!(names[0].ends_with("(as is)"), "{names:?}");
    assert!(
        names.iter().any(|n| n.contains("provisioned concurrency")),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n.contains("SnapStart")), "{names:?}");
    // A lazy import leaves INIT but is loaded, and billed, on each environment's first request: INIT's line falls,
    // the bill stays within the 1 ms rounding of each cold start.
    let lazy = rows
        .iter()
        .find(|r| {
            r["name"]
                .as_str()
                .unwrap()
                .contains("pandas imported lazily")
        })
        .expect("a lazy-import row");
    let usd = |r: &serde_json::Value, k: &str| r[k].as_f64().unwrap();
    assert!(
        usd(lazy, "init_usd") < usd(&rows[0], "init_usd") * 0.9,
        "{lazy}"
    );
    // Had the moved time been dropped (the old defect), the bill would fall by about INIT's drop; it moves by no
    // more than the cold-start model's noise (cold starts are simulated again with the longer first request).
    let init_drop = usd(&rows[0], "init_usd") - usd(lazy, "init_usd");
    assert!(usd(lazy, "delta_usd").abs() < 0.1 * init_drop, "{lazy}");
    // Node.js has no SnapStart: the row says why instead of a price.
    let node = json(&[
        "remedies",
        "samples/sdk-worker-node.toml",
        "--format",
        "json",
    ]);
    let ss = node["remedies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"].as_str().unwrap().contains("SnapStart"))
        .unwrap();
    assert!(
        ss["not_applicable"].as_str().unwrap().contains("SnapStart"),
        "{ss}"
    );
    let bundled = node["remedies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"].as_str().unwrap().contains("bundled (esbuild"))
        .expect("bundling");
    assert!(bundled["saves"].as_bool().unwrap(), "{bundled}");
}

#[test]
fn budget_pools_the_account_and_lists_functions_by_cost() {
    let text = ok(&["budget", "samples/budget.toml"]);
    let v = json(&["budget", "samples/budget.toml", "--format", "json"]);
    let mut totals: Vec<f64> = v["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["total_usd"].as_f64().unwrap())
        .collect();
    let sum: f64 = totals.iter().sum();
    assert!(
        (sum - v["total_usd"].as_f64().unwrap()).abs() < 1e-6,
        "{sum} vs {}",
        v["total_usd"]
    );
    totals.sort_by(|a, b| b.total_cmp(a));
    let shown: Vec<f64> = text
        .lines()
        .filter(|l| l.contains(" MB "))
        .map(|l| usd(l.split_whitespace().last().unwrap()))
        .collect();
    // The table shows cents; JSON is unrounded.
    assert_eq!(shown.len(), totals.len(), "{text}");
    for (s, t) in shown.iter().zip(&totals) {
        assert!((s - t).abs() <= 0.005 + 1e-9, "{s} vs {t}: {text}");
    }
    assert!(text.contains("eu-west-1 replica"), "{text}");
    let bad = coldcost(&["budget", "tests/data/bad/missing-name.toml"]);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn the_svg_chart_draws_every_profile_and_the_break_even() {
    let svg = ok(&[
        "compare",
        "samples/breakeven/on-demand.toml",
        "samples/breakeven/provisioned.toml",
        "--format",
        "svg",
        "--draws",
        "0",
    ]);
    assert!(
        svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
        "{}",
        &svg[..100.min(svg.len())]
    );
    assert!(svg.contains("api on demand") && svg.contains("api with provisioned concurrency"));
    assert!(svg.contains("break-even"), "break-even marker");
    assert!(
        svg.matches("<polyline").count() >= 2,
        "one line per profile"
    );
    let sweep = ok(&[
        "sweep",
        "samples/http-api-node.toml",
        "--memory",
        "128..1024:128",
        "--format",
        "svg",
    ]);
    assert!(
        sweep.contains("cheapest: "),
        "sweep marks its cheapest setting"
    );
}

#[test]
fn alternatives_named_alike_get_the_same_break_even_as_named_apart() {
    // Two profiles with one name: the break-even search must not give both the first one's cold starts.
    let d = common::scratch("decisions-same-name");
    let text = std::fs::read_to_string("samples/breakeven/provisioned.toml")
        .unwrap()
        .replace(
            "name = \"api with provisioned concurrency\"",
            "name = \"api on demand\"",
        );
    assert!(text.contains("name = \"api on demand\""));
    let twin = d.join("same-name.toml");
    std::fs::write(&twin, text).unwrap();
    let break_even = |second: &str| {
        json(&[
            "compare",
            "samples/breakeven/on-demand.toml",
            second,
            "--format",
            "json",
            "--draws",
            "0",
        ])["break_even"]["invocations"]
            .as_u64()
    };
    let apart = break_even("samples/breakeven/provisioned.toml");
    assert!(apart.is_some(), "the sample pair crosses");
    assert_eq!(break_even(twin.to_str().unwrap()), apart);
}
