//! Tenant isolation mode: each tenant's share of the traffic has environments of its own, so cold starts multiply,
//! and every new environment is charged per GB of memory (the pricing page's example: $0.000167 per GB, x86,
//! us-east-1). Golden figures by hand; the combinations AWS does not support are errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{coldcost, stderr, stdout};

fn profile(dir: &std::path::Path, name: &str, extra: &str) -> String {
    let p = dir.join(format!("{name}.toml"));
    std::fs::write(
        &p,
        format!(
            "name = \"{name}\"\nruntime = \"python3.13\"\narchitecture = \"x86_64\"\nmemory_mb = 2048\nregion = \"us-east-1\"\n[handler]\nduration_ms = 200\n[traffic]\nmonthly_invocations = 10000000\n{extra}"
        ),
    )
    .unwrap();
    p.display().to_string()
}

fn report(path: &str) -> serde_json::Value {
    let o = coldcost(&[
        "estimate",
        path,
        "--format",
        "json",
        "--draws",
        "0",
        "--as-of",
        "2026-12-01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[test]
fn every_new_tenant_environment_is_charged_per_gb_and_cold_starts_multiply() {
    let dir = common::scratch("tenants");
    let plain = report(&profile(&dir, "plain", ""));
    let few = report(&profile(&dir, "few", "[tenant_isolation]\ntenants = 10\n"));
    let many = report(&profile(
        &dir,
        "many",
        "[tenant_isolation]\ntenants = 500\n",
    ));
    let cold = |v: &serde_json::Value| v["profiles"][0]["cold_starts"].as_u64().unwrap();
    let line = |v: &serde_json::Value| {
        v["profiles"][0]["line_items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["item"] == "tenant-isolation")
            .cloned()
    };
    // More tenants, fewer requests each, more environments: more cold starts.
    assert!(
        cold(&plain) < cold(&few) && cold(&few) < cold(&many),
        "{} {} {}",
        cold(&plain),
        cold(&few),
        cold(&many)
    );
    assert!(line(&plain).is_none());
    // 2048 MB = 2 GB per new environment at $0.000167 per GB: by hand, cold starts × 2 × 0.000167.
    for v in [&few, &many] {
        let l = line(v).unwrap();
        let n = cold(v) as f64;
        assert_eq!(l["quantity"].as_f64().unwrap(), n * 2.0);
        let usd = l["usd"].as_f64().unwrap();
        assert!(
            (usd - n * 2.0 * 0.000167).abs() < 1e-9,
            "{usd} vs {}",
            n * 2.0 * 0.000167
        );
    }
    // 500 tenants of 20,000 invocations a month each (one every 131 s on average) against a keep-alive of about
    // 378 s: each tenant's share is cold about e^(-378/131) ≈ 5.6% of the time, plus retirements — 5–8% in all.
    let share = cold(&many) as f64 / 10_000_000.0;
    assert!((0.05..0.08).contains(&share), "{share}");
    let notes = many["profiles"][0]["notes"].to_string();
    assert!(
        notes.contains("500 tenants assumed to share the traffic equally"),
        "{notes}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unsupported_combinations_and_unpriced_architectures_are_errors() {
    let dir = common::scratch("tenants-bad");
    let run = |name: &str, extra: &str, arch: &str| {
        let p = profile(&dir, name, extra);
        let text = std::fs::read_to_string(&p).unwrap().replace("x86_64", arch);
        std::fs::write(&p, text).unwrap();
        coldcost(&["estimate", &p])
    };
    let o = run(
        "pc",
        "[tenant_isolation]\ntenants = 5\n[provisioned_concurrency]\nconcurrency = 2\n",
        "x86_64",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("[tenant_isolation] cannot be combined with provisioned concurrency"),
        "{}",
        stderr(&o)
    );
    let o = run("none", "[tenant_isolation]\n", "x86_64");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("tenant_isolation.tenants"),
        "{}",
        stderr(&o)
    );
    let o = run("zero", "[tenant_isolation]\ntenants = 0\n", "x86_64");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("tenant_isolation.tenants"),
        "{}",
        stderr(&o)
    );
    // No source for arm64's price: refused, not guessed.
    let o = run("arm", "[tenant_isolation]\ntenants = 5\n", "arm64");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no tenant isolation price for us-east-1 arm64"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
