//! The cold-start model against 20 cold-start shares measured on real AWS Lambda (the SimFaaS authors' 2020
//! experiments, `tests/data/validation/simfaas-exp.csv`): with the lifecycle of 2020 from `catalog/`, and nothing
//! fitted to these numbers, the mean absolute percentage error stays within the measurements' own noise (their mean
//! relative standard error) and below that of SimFaaS's model of the pool (exponential service, a fixed 600 s expiry,
//! no lifetime), run in the same simulator. `scripts/validate-coldstarts.sh` prints the table, with SimFaaS itself.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use coldcost::coldstart::dist::{ColdPath, Dist, Service};
use coldcost::coldstart::sim::{simulate_chunked, KeepAlive, Lifetime, PoolConfig};
use coldcost::lifecycle::LifecycleCatalog;
use coldcost::traffic::arrivals::PiecewisePoisson;

/// One measured case.
struct Case {
    name: String,
    rate_per_s: f64,
    warm_s: f64,
    cold_s: f64,
    measured: f64,
    se: f64,
}

fn cases() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/validation/simfaas-exp.csv"
    );
    let mut r = csv::Reader::from_path(path).unwrap();
    let head = r.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let (rate, warm, cold, p, se) = (
        col("ArrivalRate"),
        col("ServiceTimeWarm"),
        col("ServiceTimeCold"),
        col("ColdStartProbability"),
        col("ColdStartProbabilitySE"),
    );
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let num = |i: usize| rec[i].parse::<f64>().unwrap();
            Case {
                name: rec[0].to_string(),
                rate_per_s: num(rate),
                warm_s: num(warm) / 1000.0,
                cold_s: num(cold) / 1000.0,
                measured: num(p),
                se: num(se),
            }
        })
        .collect()
}

/// The simulated cold share of a case under `pool`, with constant or exponential service times.
fn share(c: &Case, pool: &PoolConfig, exponential: bool) -> f64 {
    let dist = |s: f64| {
        if exponential {
            Dist::Exponential { mean_s: s }
        } else {
            Dist::Constant { s }
        }
    };
    let service = Service {
        warm: dist(c.warm_s),
        cold: ColdPath::Whole {
            dist: dist(c.cold_s),
        },
    };
    let seconds = 1e6 / c.rate_per_s;
    let warmup = 1000.0;
    simulate_chunked(
        |from, to| PiecewisePoisson::steady(c.rate_per_s, from, to),
        &service,
        pool,
        warmup,
        warmup + seconds,
        warmup,
        0.0,
        4,
        1,
    )
    .cold_share
}

fn mape(cases: &[Case], model: impl Fn(&Case) -> f64) -> f64 {
    cases
        .iter()
        .map(|c| (model(c) - c.measured).abs() / c.measured)
        .sum::<f64>()
        / cases.len() as f64
}

#[test]
fn the_model_is_within_the_noise_of_twenty_measurements_on_lambda() {
    let cases = cases();
    assert_eq!(cases.len(), 20);
    let life = LifecycleCatalog::embedded().unwrap();
    let mut lambda_2020 = PoolConfig::unlimited(life.keep_alive_2020.min_s);
    lambda_2020.keep_alive = KeepAlive::Uniform {
        min_s: life.keep_alive_2020.min_s,
        max_s: life.keep_alive_2020.max_s,
    };
    lambda_2020.lifetime = Some(Lifetime {
        min_s: life.lifetime.min_s,
        max_s: life.lifetime.max_s,
    });
    let simfaas = PoolConfig::unlimited(600.0);

    let ours = mape(&cases, |c| share(c, &lambda_2020, false));
    let ours_exponential = mape(&cases, |c| share(c, &lambda_2020, true));
    let theirs = mape(&cases, |c| share(c, &simfaas, true));
    let noise = cases.iter().map(|c| c.se / c.measured).sum::<f64>() / cases.len() as f64;
    for c in &cases {
        eprintln!(
            "{:14} λ {:.5}: measured {:.6}, coldcost {:.6}",
            c.name,
            c.rate_per_s,
            c.measured,
            share(c, &lambda_2020, false)
        );
    }
    eprintln!(
        "MAPE: coldcost {:.1}% (exponential service {:.1}%), SimFaaS's pool {:.1}%, noise {:.1}%",
        ours * 100.0,
        ours_exponential * 100.0,
        theirs * 100.0,
        noise * 100.0
    );
    assert!(
        ours <= noise,
        "MAPE {ours:.3} above the measurements' noise {noise:.3}"
    );
    assert!(
        ours < theirs && ours_exponential < theirs,
        "coldcost {ours:.3} / {ours_exponential:.3} vs SimFaaS's pool {theirs:.3}"
    );
}
