//! Invariants of the bill over random valid profiles (proptest).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use coldcost::estimate::{self, Models, RunOptions};
use coldcost::report::{build, Report};
use coldcost::{Money, PriceBook, Profile};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Spec {
    runtime: &'static str,
    arm: bool,
    memory_mb: u32,
    storage_mb: u32,
    duration_ms: f64,
    invocations: u64,
    cold_rate: f64,
    extra_init_ms: f64,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::sample::select(vec![
            "nodejs20.x",
            "nodejs22.x",
            "nodejs24.x",
            "python3.11",
            "python3.12",
            "python3.13",
            "python3.14",
            "provided.al2023",
        ]),
        any::<bool>(),
        128u32..=10_240,
        512u32..=10_240,
        0.01f64..900_000.0,
        0u64..2_000_000_000,
        0.0f64..=1.0,
        0.0f64..20_000.0,
    )
        .prop_map(
            |(
                runtime,
                arm,
                memory_mb,
                storage_mb,
                duration_ms,
                invocations,
                cold_rate,
                extra_init_ms,
            )| Spec {
                runtime,
                arm,
                memory_mb,
                storage_mb,
                duration_ms,
                invocations,
                cold_rate,
                extra_init_ms,
            },
        )
}

fn toml(s: &Spec, name: &str) -> String {
    format!(
        "name = \"{name}\"\nruntime = \"{}\"\narchitecture = \"{}\"\nmemory_mb = {}\nephemeral_storage_mb = {}\n[package]\nextra_init_ms = {}\n[handler]\nduration_ms = {}\n[traffic]\nmonthly_invocations = {}\ncold_start_rate = {}\n",
        s.runtime,
        if s.arm { "arm64" } else { "x86_64" },
        s.memory_mb,
        s.storage_mb,
        s.extra_init_ms,
        s.duration_ms,
        s.invocations,
        s.cold_rate
    )
}

fn report(specs: &[Spec], pooled: bool, free_tier: bool) -> Report {
    let profiles: Vec<Profile> = specs
        .iter()
        .enumerate()
        .map(|(i, s)| Profile::from_toml(&toml(s, &format!("p{i}")), "prop.toml").expect("valid"))
        .collect();
    let book = PriceBook::embedded().expect("book");
    let opts = RunOptions {
        as_of: "2026-01-01".parse().expect("date"),
        free_tier,
        pooled,
        seed: 1,
    };
    let run =
        estimate::run(&profiles, &book, &Models::builtin().expect("models"), opts).expect("run");
    build("estimate", &run, &book)
}

fn total(specs: &[Spec]) -> Money {
    report(specs, true, true).total_usd.expect("pooled total")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn cost_never_decreases_when_usage_grows(s in spec(), more in 1u64..1_000_000_000, dm in 1u32..2000, dd in 0.01f64..10_000.0) {
        let base = total(std::slice::from_ref(&s));
        let mut a = s.clone();
        a.invocations = s.invocations.saturating_add(more);
        // Same absolute number of cold starts or more: keep the rate.
        prop_assert!(total(&[a]) >= base);
        let mut b = s.clone();
        b.memory_mb = (s.memory_mb + dm).min(10_240);
        prop_assert!(total(&[b]) >= base);
        let mut c = s.clone();
        c.duration_ms = (s.duration_ms + dd).min(900_000.0);
        prop_assert!(total(&[c]) >= base);
        let mut d = s.clone();
        d.extra_init_ms = s.extra_init_ms + dd;
        prop_assert!(total(&[d]) >= base);
    }

    #[test]
    fn pooling_never_costs_more_than_billing_one_by_one(specs in prop::collection::vec(spec(), 1..5)) {
        // Tiers pooled across functions never cost more than each function tiered alone. (With the free tier,
        // separate accounts would each get one, so the comparison is made without it; the free tier itself
        // can only lower the pooled bill.)
        let pooled = report(&specs, true, false).total_usd.expect("pooled total");
        let alone: Money = specs.iter().map(|s| report(std::slice::from_ref(s), true, false).total_usd.expect("total")).sum();
        prop_assert!(pooled <= alone, "pooled {pooled} > alone {alone}");
        prop_assert!(report(&specs, true, true).total_usd.expect("pooled total") <= pooled);
    }

    #[test]
    fn no_line_is_negative_or_nan(specs in prop::collection::vec(spec(), 1..4), free in any::<bool>()) {
        let r = report(&specs, true, free);
        for p in &r.profiles {
            for l in &p.line_items {
                prop_assert!(l.usd.atto() >= 0 && l.gross_usd.atto() >= 0);
                prop_assert!(l.quantity.is_finite() && l.quantity >= 0.0);
                prop_assert!(l.usd <= l.gross_usd || l.item != coldcost::billing::LineItem::Requests);
            }
            prop_assert!(p.cold_start_rate.is_finite() && p.init_share.is_finite());
            prop_assert!(p.cold_starts <= p.invocations);
        }
        for l in &r.account_lines {
            prop_assert!(l.cost.atto() >= 0 && l.quantity.is_finite());
        }
    }
}

#[test]
fn a_trillion_invocations_neither_overflow_nor_lose_cents() {
    // 10¹² invocations × 1 ms × 128 MB = 125,000,000 GB-s. Requests: 10¹² − 10⁶ free → $199,999.80.
    let s = Spec {
        runtime: "python3.13",
        arm: false,
        memory_mb: 128,
        storage_mb: 512,
        duration_ms: 1.0,
        invocations: 1_000_000_000_000,
        cold_rate: 0.0,
        extra_init_ms: 0.0,
    };
    let r = report(&[s], true, true);
    let req = &r.profiles[0].line_items[0];
    assert_eq!(req.usd.cents(), 19_999_980);
    // Duration: 125,000,000 − 400,000 = 124,600,000 GB-s × $0.0000166667 = $2,076.67082 → $2,076.67
    let dur = &r.profiles[0].line_items[1];
    assert_eq!(dur.usd.cents(), 207_667);
    assert_eq!(
        r.total_usd.expect("pooled total").cents(),
        19_999_980 + 207_667
    );
}
