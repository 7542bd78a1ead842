//! The AWS pricing page's worked examples (us-east-1), the REPORT-line example and tier boundaries, to the cent.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Source: https://aws.amazon.com/lambda/pricing/ as quoted in shared/reference/lambda-billing.md.

use coldcost::billing::{bill, BillOptions, FunctionUsage, LineItem};
use coldcost::estimate::{self, Models, RunOptions};
use coldcost::{Architecture, Date, Money, PriceBook, Profile, MB_MS_PER_GB_S};

fn book() -> PriceBook {
    PriceBook::embedded().expect("built-in price book loads")
}

fn cents(m: Money) -> i128 {
    m.cents()
}

fn usage(name: &str, arch: Architecture) -> FunctionUsage {
    FunctionUsage {
        name: name.into(),
        region: "us-east-1".into(),
        architecture: Some(arch),
        free_tier_eligible: true,
        ..Default::default()
    }
}

fn profile(text: &str) -> Profile {
    Profile::from_toml(text, "test.toml").expect("valid profile")
}

fn run_one(p: &Profile, as_of: &str) -> coldcost::report::Report {
    let book = book();
    let opts = RunOptions {
        as_of: as_of.parse().expect("date"),
        free_tier: true,
        pooled: true,
        seed: 1,
    };
    let run = estimate::run(
        std::slice::from_ref(p),
        &book,
        &Models::builtin().expect("models"),
        opts,
    )
    .expect("run");
    coldcost::report::build("estimate", &run, &book)
}

fn line(r: &coldcost::report::Report, item: LineItem) -> i128 {
    r.profiles[0]
        .line_items
        .iter()
        .filter(|l| l.item == item)
        .map(|l| l.usd.cents())
        .sum()
}

#[test]
fn example_1_three_million_requests_at_1536_mb() {
    // 3M requests × 120 ms × 1.5 GB = 540,000 GB-s − 400,000 free = 140,000 → $2.33; requests 2M → $0.40; $2.73.
    let p = profile(
        "name = \"ex1\"\nruntime = \"nodejs22.x\"\nmemory_mb = 1536\n[handler]\nduration_ms = 120\n[traffic]\nmonthly_invocations = 3_000_000\ncold_start_rate = 0.0\n",
    );
    let r = run_one(&p, "2026-01-01");
    assert_eq!(line(&r, LineItem::DurationInvoke), 233);
    assert_eq!(line(&r, LineItem::Requests), 40);
    assert_eq!(r.total_usd.expect("pooled total").cents(), 273);
}

#[test]
fn example_2_ephemeral_storage() {
    // 6M × 280 ms × 4 GB = 6,720,000 − 400,000 = 6,320,000 GB-s → $105.33; requests 5M → $1.00;
    // storage 1,680,000 s × 1.5 GB = 2,520,000 GB-s → $0.08; total $106.41.
    let p = profile(
        "name = \"ex2\"\nruntime = \"python3.13\"\nmemory_mb = 4096\nephemeral_storage_mb = 2048\n[handler]\nduration_ms = 280\n[traffic]\nmonthly_invocations = 6_000_000\ncold_start_rate = 0.0\n",
    );
    let r = run_one(&p, "2026-01-01");
    assert_eq!(line(&r, LineItem::DurationInvoke), 10533);
    assert_eq!(line(&r, LineItem::Requests), 100);
    assert_eq!(line(&r, LineItem::EphemeralStorage), 8);
    assert_eq!(r.total_usd.expect("pooled total").cents(), 10641);
}

#[test]
fn example_3_provisioned_concurrency() {
    // PC 100 × 1.5 GB × 8 h = 4,320,000 GB-s → $18.00; requests 3M − 1M → $0.40;
    // PC duration 500,000 × 0.1 s × 1.5 GB = 75,000 GB-s → $0.73; on demand 2.5M × 0.12 s × 1.5 = 450,000 − 400,000 → $0.83.
    let mut u = usage("ex3", Architecture::X86_64);
    u.requests = 3_000_000;
    u.pc_configured_mb_ms = 100 * 1536 * 8 * 3_600_000;
    u.pc_duration_mb_ms = 500_000 * 100 * 1536;
    u.invoke_mb_ms = 2_500_000 * 120 * 1536;
    let b = bill(&[u], &book(), BillOptions::default()).expect("bill");
    let f = &b.functions[0];
    assert_eq!(cents(f.net(LineItem::ProvisionedConcurrency)), 1800);
    assert_eq!(cents(f.net(LineItem::Requests)), 40);
    assert_eq!(cents(f.net(LineItem::ProvisionedDuration)), 73);
    assert_eq!(cents(f.net(LineItem::DurationInvoke)), 83);
    assert_eq!(b.total.cents(), 1996);
}

#[test]
fn report_example_351_ms_and_the_as_of_switch() {
    // A cold invocation with Duration 250.06 ms and Init Duration 100.77 ms bills 351 ms from 2025-08-01, 251 ms before.
    let text = "name = \"r\"\nruntime = \"python3.12\"\nmemory_mb = 1024\n[package]\nextra_init_ms = 0\n[handler]\nduration_ms = 250.06\n[traffic]\nmonthly_invocations = 10_000_000\ncold_start_rate = 0.01\n";
    let p = profile(text);
    let after = run_one(&p, "2025-08-01");
    let before = run_one(&p, "2025-07-31");
    let ap = &after.profiles[0];
    let bp = &before.profiles[0];
    assert_eq!(bp.billed_ms_cold, 251);
    assert_eq!(ap.billed_ms_warm, 251);
    assert_eq!(
        ap.billed_ms_cold,
        251 + (ap.init_ms.mean + 250.06 - 251.0).ceil() as u64
    );
    // The bills differ by exactly the INIT GB-s at the duration rate: cold starts × (cold − warm) ms × 1 GB.
    let init_gb_s =
        ap.cold_starts as u128 * u128::from(ap.billed_ms_cold - ap.billed_ms_warm) * 1024;
    let expected = coldcost::Price::from_usd(0.0000166667)
        .expect("price")
        .times_mb_ms(init_gb_s);
    let total = |r: &coldcost::report::Report| r.total_usd.expect("pooled total");
    assert_eq!((total(&after) - total(&before)).atto(), expected.atto());
    assert!(expected.cents() > 0);
}

#[test]
fn report_line_351_ms_exactly() {
    // The reference's own REPORT figures, through the model with INIT = 100.77 ms on top of a zero baseline:
    // one cold invocation at 1,024 MB bills 351 ms.
    let mut u = usage("report", Architecture::X86_64);
    u.requests = 1;
    u.invoke_mb_ms = 251 * 1024;
    u.init_mb_ms = 100 * 1024;
    let b = bill(&[u.clone()], &book(), BillOptions { free_tier: false }).expect("bill");
    let expected = coldcost::Price::from_usd(0.0000166667)
        .expect("price")
        .times_mb_ms(351 * 1024);
    let dur =
        b.functions[0].net(LineItem::DurationInvoke) + b.functions[0].net(LineItem::DurationInit);
    assert_eq!(dur.atto(), expected.atto());
}

fn tiered(arch: Architecture, gb_s: u128) -> Money {
    let mut u = usage("big", arch);
    u.invoke_mb_ms = gb_s * MB_MS_PER_GB_S;
    bill(&[u], &book(), BillOptions { free_tier: false })
        .expect("bill")
        .total
}

#[test]
fn x86_tiers_at_6_and_15_billion_gb_s() {
    let t1 = coldcost::Price::from_usd(0.0000166667).expect("p");
    let t2 = coldcost::Price::from_usd(0.000015).expect("p");
    let t3 = coldcost::Price::from_usd(0.0000133334).expect("p");
    let g = MB_MS_PER_GB_S;
    assert_eq!(
        tiered(Architecture::X86_64, 6_000_000_000),
        t1.times_mb_ms(6_000_000_000 * g)
    );
    // 20 B GB-s: 6 B at tier 1, 9 B at tier 2, 5 B at tier 3 = $100,000.20 + $135,000 + $66,667 = $301,667.20
    let total = tiered(Architecture::X86_64, 20_000_000_000);
    assert_eq!(
        total,
        t1.times_mb_ms(6_000_000_000 * g)
            + t2.times_mb_ms(9_000_000_000 * g)
            + t3.times_mb_ms(5_000_000_000 * g)
    );
    assert_eq!(total.cents(), 30_166_720);
}

#[test]
fn arm_tiers_at_7_5_and_18_75_billion_gb_s() {
    let g = MB_MS_PER_GB_S;
    let t1 = coldcost::Price::from_usd(0.0000133334).expect("p");
    let t2 = coldcost::Price::from_usd(0.0000120001).expect("p");
    let t3 = coldcost::Price::from_usd(0.0000106667).expect("p");
    let total = tiered(Architecture::Arm64, 20_000_000_000);
    assert_eq!(
        total,
        t1.times_mb_ms(7_500_000_000 * g)
            + t2.times_mb_ms(11_250_000_000 * g)
            + t3.times_mb_ms(1_250_000_000 * g)
    );
    // 7.5 B × 0.0000133334 = 100,000.50; 11.25 B × 0.0000120001 = 135,001.125; 1.25 B × 0.0000106667 = 13,333.375
    assert_eq!(total.cents(), 24_833_500);
}

#[test]
fn tiers_pool_across_functions_of_one_architecture() {
    let g = MB_MS_PER_GB_S;
    let mut a = usage("a", Architecture::X86_64);
    a.invoke_mb_ms = 4_000_000_000 * g;
    let mut b = a.clone();
    b.name = "b".into();
    let pooled = bill(
        &[a.clone(), b.clone()],
        &book(),
        BillOptions { free_tier: false },
    )
    .expect("bill")
    .total;
    let alone =
        tiered(Architecture::X86_64, 4_000_000_000) + tiered(Architecture::X86_64, 4_000_000_000);
    assert!(pooled < alone, "8 B GB-s pooled crosses into tier 2");
    assert_eq!(pooled, tiered(Architecture::X86_64, 8_000_000_000));
    let _ = Date::INIT_BILLING_START;
}

#[test]
fn unknown_region_lists_the_known_ones() {
    let mut u = usage("x", Architecture::X86_64);
    u.region = "mars-1".into();
    let e = bill(&[u], &book(), BillOptions::default()).expect_err("unknown region");
    let msg = e.to_string();
    assert!(
        msg.contains("mars-1") && msg.contains("us-east-1") && msg.contains("eu-west-1"),
        "{msg}"
    );
}
