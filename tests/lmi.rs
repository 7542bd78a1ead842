//! Lambda Managed Instances: golden bills computed by hand, the minimum-instances floor, errors for unsupported
//! runtimes and unsourced regions, Node.js vs Python instance counts, and the on-demand vs LMI break-even.
//! Prices: the built-in book (us-east-1 c7g.xlarge $0.145/h from AWS's sample calculator; requests $0.20 per
//! million; management fee 15% of the on-demand price per instance-hour; see pricing/LMI.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use coldcost::billing::LineItem;
use coldcost::estimate::{run_each, Models, Run, RunOptions};
use coldcost::{Date, PriceBook, Profile};

fn options() -> RunOptions {
    RunOptions {
        as_of: Date::INIT_BILLING_START,
        free_tier: true,
        pooled: false,
        seed: 1,
    }
}

fn run(profiles: &[Profile]) -> Run {
    run_each(
        profiles,
        &PriceBook::embedded().unwrap(),
        &Models::builtin().unwrap(),
        options(),
    )
    .unwrap()
}

fn profile(runtime: &str, traffic: &str, managed: &str) -> Profile {
    let text = format!(
        "name = \"p-{runtime}\"\nruntime = \"{runtime}\"\narchitecture = \"arm64\"\nmemory_mb = 2048\n[handler]\nduration_ms = 500\ncpu_bound_fraction = 0.01\n[traffic]\n{traffic}\n[managed_instances]\n{managed}\n"
    );
    Profile::from_toml(&text, "t.toml").unwrap()
}

fn cents(run: &Run, i: usize) -> i128 {
    run.bills[i].total.cents()
}

fn line_cents(run: &Run, i: usize, item: LineItem) -> i128 {
    run.function_bill(i).unwrap().net(item).cents()
}

#[test]
fn three_c7g_xlarge_for_a_730_hour_month_plus_requests() {
    // 10,000,000 requests a month, steady, 500 ms: 1.9 in flight, far below three instances' capacity, so the
    // floor of three instances (AWS's default, one per AZ) runs all month.
    //   requests: 10,000,000 × $0.20 / 1,000,000            =   $2.00 (no free tier on Managed Instances)
    //   EC2:      3 × 730 h × $0.145                         = $317.55
    //   fee:      15% × $317.55                              =  $47.6325
    //   total                                                = $367.1825 → $367.18
    let p = profile(
        "nodejs22.x",
        "monthly_invocations = 10_000_000",
        "instance_type = \"c7g.xlarge\"",
    );
    let r = run(&[p]);
    let plan = r.estimates[0].managed_instances.as_ref().unwrap();
    assert_eq!(plan.instance_hours, 3 * 730);
    assert_eq!(line_cents(&r, 0, LineItem::Requests), 200);
    assert_eq!(line_cents(&r, 0, LineItem::ManagedInstancesEc2), 31_755);
    assert_eq!(line_cents(&r, 0, LineItem::ManagedInstancesFee), 4_763);
    assert_eq!(line_cents(&r, 0, LineItem::DurationInvoke), 0);
    assert_eq!(line_cents(&r, 0, LineItem::DurationInit), 0);
    assert_eq!(r.bills[0].total.usd_cents(), 367.18);
}

#[test]
fn the_ec2_discount_leaves_the_fee_on_the_on_demand_price() {
    // As above with ec2_discount = 0.3 (a Savings Plan on the EC2 part only):
    //   EC2: $317.55 × 0.7 = $222.285; fee: 15% × $317.55 (on demand) = $47.6325; requests $2.00
    //   total $271.9175 → $271.92
    let p = profile(
        "python3.13",
        "monthly_invocations = 10_000_000",
        "instance_type = \"c7g.xlarge\"\nec2_discount = 0.3",
    );
    let r = run(&[p]);
    assert_eq!(line_cents(&r, 0, LineItem::ManagedInstancesEc2), 22_229); // $222.285 rounds half up
    assert_eq!(line_cents(&r, 0, LineItem::ManagedInstancesFee), 4_763);
    assert_eq!(cents(&r, 0), 27_192);
}

#[test]
fn min_instances_is_a_floor_and_can_be_raised() {
    // min_instances = 5 at a trickle: 5 × 730 × $0.145 = $529.25 EC2, fee $79.3875, 1M requests $0.20:
    // $608.8375 → $608.84.
    let p = profile(
        "nodejs22.x",
        "monthly_invocations = 1_000_000",
        "instance_type = \"c7g.xlarge\"\nmin_instances = 5",
    );
    let r = run(&[p]);
    let plan = r.estimates[0].managed_instances.as_ref().unwrap();
    assert_eq!((plan.instances_min, plan.instances_max), (5, 5));
    assert_eq!(cents(&r, 0), 60_884);
}

#[test]
fn node_runs_four_times_the_requests_per_environment_of_python_on_io_bound_work() {
    // 2,628,000,000 requests a month, steady = 1,000 a second × 500 ms = 500 in flight; 1% of handler time on CPU.
    // c7g.xlarge holds 4 environments of 1 vCPU / 2 GiB. At full load an instance serves
    //   Node.js: min(4 × 64, 4 vCPU / 0.01) = 256;  Python: min(4 × 16, 400) = 64
    // sized at the 50% target: Node.js ⌈500 / 128⌉ = 4 instances, Python ⌈500 / 32⌉ = 16 instances, every hour.
    //   Node.js: requests $525.60 + EC2 4 × 730 × $0.145 = $423.40 + fee $63.51   = $1,012.51
    //   Python:  requests $525.60 + EC2 16 × 730 × $0.145 = $1,693.60 + fee $254.04 = $2,473.24
    let traffic = "monthly_invocations = 2_628_000_000";
    let node = profile("nodejs22.x", traffic, "instance_type = \"c7g.xlarge\"");
    let py = profile("python3.13", traffic, "instance_type = \"c7g.xlarge\"");
    let r = run(&[node, py]);
    let n = r.estimates[0].managed_instances.as_ref().unwrap();
    let p = r.estimates[1].managed_instances.as_ref().unwrap();
    assert_eq!((n.concurrency_per_env, p.concurrency_per_env), (64, 16));
    assert_eq!((n.instances_max, p.instances_max), (4, 16));
    assert_eq!((n.instance_hours, p.instance_hours), (2_920, 11_680));
    assert_eq!(n.throttles + p.throttles, 0);
    assert_eq!(cents(&r, 0), 101_251);
    assert_eq!(cents(&r, 1), 247_324);
}

#[test]
fn the_cheapest_allowed_type_is_picked_and_said() {
    // 500 in flight Node.js: c7g.xlarge 4 × 730 = 2,920 h × $0.145 = $423.40; c7g.2xlarge holds 8 environments
    // (512 at full load, 256 at target) → 3 (the floor; ⌈500/256⌉ = 2) × 730 × $0.29 = $635.10; m7g.xlarge is
    // 4 instances at $0.1632. c7g.xlarge wins.
    let p = profile(
        "nodejs22.x",
        "monthly_invocations = 2_628_000_000",
        "instance_types = [\"c7g.2xlarge\", \"m7g.xlarge\", \"c7g.xlarge\"]",
    );
    let r = run(&[p]);
    let plan = r.estimates[0].managed_instances.as_ref().unwrap();
    assert_eq!(plan.instance_type, "c7g.xlarge");
    assert_eq!(plan.considered.len(), 3);
    assert!(r.estimates[0]
        .notes
        .iter()
        .any(|n| n.contains("picked c7g.xlarge")));
}

#[test]
fn a_burst_that_arrives_at_once_is_throttled() {
    // Schedule: 2,000 requests together every hour, 500 ms each. Between bursts the floor of 3 instances serves
    // 3 × 256 = 768 at once: 1,232 of each burst are throttled (AWS: traffic more than doubling within 5 minutes
    // may throttle), 730 bursts a month.
    let p = profile(
        "nodejs22.x",
        "monthly_invocations = 1_460_000\npattern = \"schedule\"\nschedule_every_s = 3600",
        "instance_type = \"c7g.xlarge\"",
    );
    let r = run(&[p]);
    let e = &r.estimates[0];
    assert_eq!(e.cold.throttles, 1_232 * 730);
    assert_eq!(e.usage.requests, u128::from(768u64 * 730));
}

#[test]
fn an_unsupported_runtime_is_an_error_naming_file_field_and_value() {
    let text = "name = \"x\"\nruntime = \"python3.12\"\narchitecture = \"arm64\"\nmemory_mb = 2048\n[managed_instances]\ninstance_type = \"c7g.xlarge\"\n";
    let e = Profile::from_toml(text, "old.toml")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("old.toml:2:"), "{e}");
    assert!(e.contains("`runtime`") && e.contains("python3.12"), "{e}");
    assert!(e.contains("Python 3.13+"), "{e}");
}

#[test]
fn an_instance_family_of_the_other_architecture_is_an_error() {
    let text = "name = \"x\"\nruntime = \"nodejs22.x\"\narchitecture = \"x86_64\"\nmemory_mb = 2048\n[managed_instances]\ninstance_type = \"c7g.xlarge\"\n";
    let e = Profile::from_toml(text, "arch.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("arch.toml:6:"), "{e}");
    assert!(
        e.contains("managed_instances.instance_type") && e.contains("arm64"),
        "{e}"
    );
}

#[test]
fn an_unsourced_region_or_instance_is_an_error_pointing_to_pricing_import() {
    for (region, ty) in [("eu-west-1", "c7g.xlarge"), ("us-east-1", "c8g.xlarge")] {
        let text = format!("name = \"x\"\nruntime = \"nodejs22.x\"\narchitecture = \"arm64\"\nmemory_mb = 2048\nregion = \"{region}\"\n[managed_instances]\ninstance_type = \"{ty}\"\n");
        let p = Profile::from_toml(&text, "r.toml").unwrap();
        let e = run_each(
            &[p],
            &PriceBook::embedded().unwrap(),
            &Models::builtin().unwrap(),
            options(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains(ty) && e.contains(region), "{e}");
        assert!(
            e.contains("--pricing") && e.contains("coldcost pricing import"),
            "{e}"
        );
    }
}

#[test]
fn a_price_book_checks_its_ec2_prices() {
    let base = coldcost::EMBEDDED_TOML;
    let bad = base.replace(
        "\"c7g.xlarge\" = { usd_per_hour = 0.145,",
        "\"c7g.xlarge\" = { usd_per_hour = -0.145,",
    );
    let e = PriceBook::from_toml(&bad, "book.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("usd_per_hour") && e.contains("-0.145"), "{e}");
    let arch = base.replace(
        "memory_gib = 8, architecture = \"arm64\" }",
        "memory_gib = 8, architecture = \"sparc\" }",
    );
    let e = PriceBook::from_toml(&arch, "book.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("sparc"), "{e}");
}

#[test]
fn on_demand_vs_lmi_break_even_is_found_and_holds_on_both_sides() {
    // Node.js, 2,048 MB arm64, 500 ms, steady. On LMI below ~100M a month the floor of 3 × c7g.xlarge runs:
    // $317.55 + $47.6325 = $365.18 plus $0.20/M requests. On demand: $0.20/M requests (1M free) + 1 GB-s per
    // request × $0.0000133334 (400,000 GB-s free) + a little INIT. Equal where
    //   V × 0.0000133334 − $5.33 − $0.20 ≈ $365.18 − V × 0 (requests cancel but for the free million)
    //   V ≈ ($365.18 + $5.53) / 0.0000133334 ≈ 27.8 million a month.
    let p = profile(
        "nodejs22.x",
        "monthly_invocations = 10_000_000",
        "instance_type = \"c7g.xlarge\"",
    );
    let pair = coldcost::decide::managed::with_on_demand(&[p]);
    let book = PriceBook::embedded().unwrap();
    let models = Models::builtin().unwrap();
    let report = coldcost::estimate_report(
        "compare",
        &pair,
        &book,
        &models,
        options(),
        coldcost::Extras {
            bands: None,
            curve: true,
            break_even: true,
        },
    )
    .unwrap();
    let be = report.break_even.unwrap();
    let v = be.invocations.expect("a crossing between 10^3 and 10^10");
    assert!((27_000_000..28_600_000).contains(&v), "{v}");
    assert_eq!(be.cheaper_below.as_deref(), Some(pair[0].name.as_str()));
    assert_eq!(be.cheaper_above.as_deref(), Some(pair[1].name.as_str()));
    for (volume, on_demand_cheaper) in [(v / 10 * 9, true), (v / 10 * 11, false)] {
        let t = coldcost::decide::breakeven::totals_at(&pair, volume, &book, &models, options())
            .unwrap();
        assert_eq!(t[0] < t[1], on_demand_cheaper, "{volume}: {t:?}");
    }
}

#[test]
fn the_io_service_sample_compares_each_runtime_on_demand_and_on_lmi() {
    for format in ["table", "markdown", "csv", "json"] {
        let o = common::coldcost(&[
            "compare",
            "--sample",
            "io-service",
            "--draws",
            "0",
            "--format",
            format,
        ]);
        assert!(o.status.success(), "{format}: {}", common::stderr(&o));
        let out = common::stdout(&o);
        assert!(
            out.contains("on LMI") && out.contains("on demand"),
            "{format}"
        );
        if format == "json" {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            let hours = |i: usize| {
                v["profiles"][i]["managed_instances"]["instance_hours"]
                    .as_u64()
                    .unwrap()
            };
            // Node.js (64 per vCPU) needs fewer instance-hours than Python (16 per vCPU) for the same IO-bound load.
            assert!(hours(1) * 2 < hours(3), "{} vs {}", hours(1), hours(3));
            assert!(v["profiles"][0].get("managed_instances").is_none());
            assert_eq!(v["managed_break_evens"].as_array().unwrap().len(), 2);
            let items: Vec<&str> = v["profiles"][1]["line_items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["item"].as_str().unwrap())
                .collect();
            assert_eq!(
                items,
                ["requests", "managed-instances-ec2", "managed-instances-fee"]
            );
        }
    }
}

#[test]
fn sweep_by_volume_and_remedies_offer_on_demand_beside_lmi() {
    let o = common::coldcost(&[
        "sweep",
        "samples/io-service-node.toml",
        "--invocations",
        "10000000,1000000000",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&common::stdout(&o)).unwrap();
    let points = &v["sweep"]["points"];
    let settings: Vec<&str> = points
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["setting"].as_str().unwrap())
        .collect();
    assert_eq!(
        settings,
        [
            "10,000,000 on demand",
            "10,000,000 on LMI",
            "1,000,000,000 on demand",
            "1,000,000,000 on LMI"
        ]
    );
    // 10M a month: on demand is cheaper; 1B: LMI is (3 instances are idle at 10M, busy at 1B).
    let usd = |i: usize| points[i]["total_usd"].as_f64().unwrap();
    assert!(usd(0) < usd(1) && usd(3) < usd(2), "{settings:?}");
    let o = common::coldcost(&[
        "remedies",
        "samples/io-service-node.toml",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let out = common::stdout(&o);
    assert!(out.contains("io-service (Node.js) on demand"), "{out}");
    assert!(out.contains("requests see no cold start"), "{out}");
}

#[test]
fn managed_instances_settings_are_checked_with_file_line_field_and_value() {
    let cases = [
        (
            "instance_type = \"c7g.xlarge\"\ninstance_types = [\"c7g.xlarge\"]",
            "not both",
        ),
        (
            "instance_type = \"c7g.xlarge\"\nec2_discount = 1.0",
            "managed_instances.ec2_discount` = 1",
        ),
        (
            "instance_type = \"c7g.xlarge\"\nmemory_gib_per_vcpu = 3",
            "2, 4 or 8",
        ),
        ("instance_types = []", "at least one instance type"),
        ("min_instances = 3", "instance_type (or instance_types)"),
    ];
    for (body, want) in cases {
        let text = format!("name = \"x\"\nruntime = \"nodejs22.x\"\narchitecture = \"arm64\"\nmemory_mb = 2048\n[managed_instances]\n{body}\n");
        let e = Profile::from_toml(&text, "m.toml").unwrap_err().to_string();
        assert!(e.starts_with("m.toml"), "{e}");
        assert!(e.contains(want), "{body}: {e}");
    }
    // 3,000 MB is not a whole number of 2 GiB vCPUs.
    let text = "name = \"x\"\nruntime = \"python3.14\"\narchitecture = \"arm64\"\nmemory_mb = 3000\n[managed_instances]\ninstance_type = \"c7g.xlarge\"\n";
    let e = Profile::from_toml(text, "m.toml").unwrap_err().to_string();
    assert!(
        e.starts_with("m.toml:4:") && e.contains("memory_mb") && e.contains("3000"),
        "{e}"
    );
    // No provisioned concurrency on Managed Instances.
    let text = "name = \"x\"\nruntime = \"nodejs24.x\"\narchitecture = \"arm64\"\nmemory_mb = 2048\n[provisioned_concurrency]\nconcurrency = 2\n[managed_instances]\ninstance_type = \"c7g.xlarge\"\n";
    let e = Profile::from_toml(text, "m.toml").unwrap_err().to_string();
    assert!(e.contains("provisioned concurrency"), "{e}");
}
