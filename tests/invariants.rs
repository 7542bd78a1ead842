//! Invariants of the cold-start model and the parsers (proptest): the simulator conserves requests and is scale
//! invariant, money splits exactly, and no input panics a parser. Not an invariant, and tested as such: more traffic
//! can mean fewer cold starts (it keeps environments warm).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use coldcost::coldstart::dist::{ColdPath, Dist, Service};
use coldcost::coldstart::sim::{simulate, KeepAlive, Lifetime, PoolConfig, Routing, Window};
use coldcost::rng::Rng;
use coldcost::traffic::arrivals::{Batches, PiecewisePoisson};
use coldcost::{Money, Profile};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every request that arrives in the window is warm, cold or throttled; none is lost or made up.
    #[test]
    fn the_simulator_conserves_requests(
        rate in 0.001f64..50.0, warm in 0.001f64..5.0, cold in 0.0f64..5.0, ka in 0.0f64..1200.0,
        limit in prop::option::of(1u64..50), scale in prop::option::of(1u64..50), batch in prop::option::of((1.0f64..200.0, 1.0f64..600.0)),
        newest in any::<bool>(), uniform in any::<bool>(), life in prop::option::of(10.0f64..5000.0), seed in any::<u64>(),
    ) {
        let service = Service { warm: Dist::Exponential { mean_s: warm }, cold: ColdPath::InitThenWarm { init: Dist::Constant { s: cold } } };
        let pool = PoolConfig {
            routing: if newest { Routing::NewestCreated } else { Routing::MostRecentlyIdle },
            keep_alive: if uniform { KeepAlive::Uniform { min_s: ka / 2.0, max_s: ka } } else { KeepAlive::Fixed { s: ka } },
            lifetime: life.map(|l| Lifetime { min_s: l, max_s: l * 1.5 }),
            concurrency_limit: limit,
            scale_limit: scale,
            scale_window_s: 10.0,
        };
        let end = (2000.0 / rate).min(20_000.0);
        let window = Window { warmup_s: end / 4.0, end_s: end, hour_offset_s: 0.0 };
        let r = match batch {
            Some((size, every)) => simulate(&mut Batches::new(every, 0.0, size, 0.0, end), &service, &pool, &window, &mut Rng::new(seed)),
            None => simulate(&mut PiecewisePoisson::steady(rate, 0.0, end), &service, &pool, &window, &mut Rng::new(seed)),
        };
        prop_assert!(r.cold_starts + r.throttles <= r.invocations, "{r:?}");
        // Warm-up requests are processed but not counted; a batch's throttled rest is counted but not processed one by
        // one: so neither bounds the other, but cold starts never exceed the requests processed.
        prop_assert!(r.cold_starts <= r.events);
        let by_hour: u64 = r.by_hour.iter().map(|h| h.invocations).sum();
        prop_assert_eq!(by_hour, r.invocations);
        prop_assert!(r.mean_environments + 1e-9 >= r.mean_concurrency, "{r:?}");
        prop_assert!(r.cold_share.is_finite() && r.mean_idle >= 0.0);
        if let Some(l) = limit { prop_assert!(r.max_concurrency <= l); }
    }

    /// Scale invariance: traffic k times faster with durations and keep-alive k times shorter is the same pool on
    /// a faster clock — for k a power of two the simulation is identical, request for request.
    #[test]
    fn the_pool_is_scale_invariant(rate in 0.001f64..20.0, warm in 0.001f64..5.0, cold in 0.0f64..5.0, ka in 1.0f64..1200.0, k in 0i32..6, seed in any::<u64>()) {
        let f = 2f64.powi(k);
        let run = |scale: f64| {
            let service = Service {
                warm: Dist::Exponential { mean_s: warm / scale },
                cold: ColdPath::InitThenWarm { init: Dist::Constant { s: cold / scale } },
            };
            let end = (4000.0 / rate).min(50_000.0) / scale;
            let window = Window { warmup_s: end / 4.0, end_s: end, hour_offset_s: 0.0 };
            simulate(&mut PiecewisePoisson::steady(rate * scale, 0.0, end), &service, &PoolConfig::unlimited(ka / scale), &window, &mut Rng::new(seed))
        };
        let (a, b) = (run(1.0), run(f));
        prop_assert_eq!(a.invocations, b.invocations);
        prop_assert_eq!(a.cold_starts, b.cold_starts);
        prop_assert!((a.mean_environments - b.mean_environments).abs() <= 1e-9 * a.mean_environments.max(1.0));
    }

    /// A pooled amount shared between functions never adds up to more than it, and loses less than a cent.
    #[test]
    fn shares_of_money_are_exact_to_the_atto_dollar(total in 0u128..10u128.pow(24), parts in prop::collection::vec(1u128..1_000_000_000, 1..8)) {
        let m = Money::from_atto(total);
        let den: u128 = parts.iter().sum();
        let shares: Vec<Money> = parts.iter().map(|&p| m.share(p, den)).collect();
        let sum: Money = shares.iter().copied().sum();
        prop_assert!(sum <= m);
        prop_assert!(m.atto() - sum.atto() < parts.len() as i128, "lost {} atto", m.atto() - sum.atto());
    }

    /// No text panics the parsers.
    #[test]
    fn parsers_never_panic(s in ".{0,400}", bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = Profile::from_toml(&s, "x.toml");
        let _ = coldcost::traffic::parse_replay(&s, "x.csv");
        let _ = coldcost::parse_timestamp(&s);
        let _ = coldcost::ingest::record::parse_log_line(s.as_bytes(), "x.log", 1);
        let _ = coldcost::ingest::record::parse_log_line(&bytes, "x.log", 1);
        for kind in [coldcost::ingest::Kind::Report, coldcost::ingest::Kind::Insights, coldcost::ingest::Kind::Cur, coldcost::ingest::Kind::Usage] {
            let opts = coldcost::ingest::Options { kind: Some(kind), skip_bad_rows: true, function: None, memory_mb: None };
            let mut all = coldcost::ingest::Ingested::default();
            let _ = coldcost::ingest::ingest_bytes("x", format!("{s}\n{s}").into_bytes(), &opts, &mut all);
            let _ = coldcost::ingest::ingest_bytes("x", bytes.clone(), &opts, &mut all);
        }
    }
}

/// More steady traffic can mean *fewer* cold starts: in rare traffic the count is V·e^(−λT), and doubling V gives
/// 2V·e^(−2λT), fewer once λT > ln 2. (The share is not monotone either: overlapping requests start second
/// environments, a share that grows like λ × duration.) A property test found both; this pins the first.
#[test]
fn doubling_rare_traffic_lowers_the_cold_start_count() {
    let count = |rate: f64| {
        let service = Service {
            warm: Dist::Constant { s: 0.05 },
            cold: ColdPath::InitThenWarm {
                init: Dist::Constant { s: 0.3 },
            },
        };
        let end = 4e6;
        let window = Window {
            warmup_s: 2000.0,
            end_s: end,
            hour_offset_s: 0.0,
        };
        let mut pool = PoolConfig::unlimited(600.0);
        pool.routing = Routing::MostRecentlyIdle;
        simulate(
            &mut PiecewisePoisson::steady(rate, 0.0, end),
            &service,
            &pool,
            &window,
            &mut Rng::new(3),
        )
        .cold_starts
    };
    // λT = 2 then 4: e^(−2)·V ≈ 0.135 V against 2·e^(−4)·V ≈ 0.037 V.
    let (one, two) = (count(2.0 / 600.0), count(4.0 / 600.0));
    assert!(two < one, "{one} then {two}");
}
