//! Invariants of the cold-start model and the parsers (proptest): the simulator conserves requests, more traffic of
//! the same shape never means fewer cold starts, money splits exactly, and no input panics a parser.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use coldcost::coldstart::arrivals::{Batches, PiecewisePoisson};
use coldcost::coldstart::dist::{ColdPath, Dist, Service};
use coldcost::coldstart::sim::{simulate, KeepAlive, PoolConfig, Routing, Window};
use coldcost::coldstart::{ColdStartModel, PoolModel};
use coldcost::init::{CatalogInit, InitModel};
use coldcost::rng::Rng;
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
            max_lifetime_s: life,
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
        prop_assert!(r.invocations <= r.events);
        let by_hour: u64 = r.by_hour.iter().map(|h| h.invocations).sum();
        prop_assert_eq!(by_hour, r.invocations);
        prop_assert!(r.mean_environments + 1e-9 >= r.mean_concurrency, "{r:?}");
        prop_assert!(r.cold_share.is_finite() && r.mean_idle >= 0.0);
        if let Some(l) = limit { prop_assert!(r.max_concurrency <= l); }
    }

    /// Doubling a steady shape's volume never lowers its monthly cold starts.
    #[test]
    fn more_steady_traffic_never_means_fewer_cold_starts(volume in 1_000u64..20_000_000, ms in 5.0f64..2000.0) {
        let p = |v: u64| Profile::from_toml(&format!("name = \"p\"\nruntime = \"nodejs22.x\"\n[handler]\nduration_ms = {ms}\n[traffic]\nmonthly_invocations = {v}\n"), "p.toml").unwrap();
        let model = PoolModel { sim_budget: 3e5 };
        let (a, b) = (p(volume), p(volume * 2));
        let init = CatalogInit::embedded().unwrap().init(&a).unwrap();
        let ca = model.estimate(&a, volume, &init, 1).unwrap();
        let cb = model.estimate(&b, volume * 2, &init, 1).unwrap();
        // The simulator's own noise: allow three standard errors of the larger count.
        let se = cb.detail.as_ref().map_or(0.0, |d| d.cold_share_se) * (volume * 2) as f64;
        prop_assert!(cb.cold_starts as f64 + 3.0 * se + 1.0 >= ca.cold_starts as f64, "{} then {} (se {se})", ca.cold_starts, cb.cold_starts);
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
        let _ = coldcost::traffic::parse_timestamp(&s);
        let _ = coldcost::ingest::record::parse_log_line(s.as_bytes(), "x.log", 1);
        let _ = coldcost::ingest::record::parse_log_line(&bytes, "x.log", 1);
        for kind in [coldcost::ingest::Kind::Report, coldcost::ingest::Kind::Insights, coldcost::ingest::Kind::Cur, coldcost::ingest::Kind::Usage] {
            let opts = coldcost::ingest::Options { kind: Some(kind), skip_bad_rows: true, function: None };
            let mut all = coldcost::ingest::Ingested::default();
            let _ = coldcost::ingest::ingest_bytes("x", format!("{s}\n{s}").into_bytes(), &opts, &mut all);
            let _ = coldcost::ingest::ingest_bytes("x", bytes.clone(), &opts, &mut all);
        }
    }
}
