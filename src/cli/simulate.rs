//! `coldcost simulate`: one steady scenario of the environment pool, with the research models' parameters
//! (exponential service times by default), timed — the side of `scripts/simfaas-side-by-side.sh` that is ours.

use super::common::OutputArgs;
use clap::Args as ClapArgs;
use coldcost::coldstart::dist::{ColdPath, Dist, Service};
use coldcost::coldstart::sim::{
    simulate, simulate_chunked, KeepAlive, Lifetime, PoolConfig, Routing, Window,
};
use coldcost::coldstart::{scale_for_precision, PILOT_REQUESTS};
use coldcost::report::{SimulateReport, SIMULATE_SCHEMA};
use coldcost::rng::Rng;
use coldcost::traffic::arrivals::PiecewisePoisson;
use std::time::Instant;

/// Arguments of `simulate`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost simulate --rate 0.9 --warm-s 1.991 --cold-s 2.244 --keep-alive-s 600 --seconds 1e6\n      the SimFaaS README case\n  coldcost simulate --rate 100 --warm-s 2 --cold-s 25 --seconds 2e5 --format json\n      the pacsltk case"
)]
pub struct Args {
    /// Arrival rate, requests per second (Poisson).
    #[arg(long)]
    rate: f64,
    /// Mean warm service time, s.
    #[arg(long)]
    warm_s: f64,
    /// Mean cold service time (INIT + handler), s.
    #[arg(long)]
    cold_s: f64,
    /// Idle environments expire after this many seconds.
    #[arg(long, default_value_t = 600.0)]
    keep_alive_s: f64,
    /// With it, each idle period's keep-alive is uniform between --keep-alive-s and this, s.
    #[arg(long)]
    keep_alive_max_s: Option<f64>,
    /// Environments are retired at this age even when busy, s (none by default, as in SimFaaS; the lifecycle
    /// catalogue's Lambda range is `--lifetime-s 6700 --lifetime-max-s 7200`).
    #[arg(long)]
    lifetime_s: Option<f64>,
    /// With it, each environment's lifetime is uniform between --lifetime-s and this, s.
    #[arg(long, requires = "lifetime_s")]
    lifetime_max_s: Option<f64>,
    /// Simulated seconds after the warm-up.
    #[arg(long)]
    seconds: f64,
    /// Warm-up, s, not counted (the pool starts empty). Default: keep-alive + 20 cold service times.
    #[arg(long)]
    warmup_s: Option<f64>,
    /// Service time distribution.
    #[arg(long, value_enum, default_value_t = ServiceKind::Exponential)]
    service: ServiceKind,
    /// Which idle environment a request takes (profiles use newest-created too).
    #[arg(long, value_enum, default_value_t = RoutingArg::NewestCreated)]
    routing: RoutingArg,
    /// Independent stretches run side by side on the cores (1 = one sequential run).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=256))]
    chunks: u16,
    /// Stop early, as a profile's estimate does: a pilot of 200,000 requests, then only as many seconds (at most
    /// --seconds) as this relative standard error of the cold share needs, e.g. 0.05.
    #[arg(long)]
    precision: Option<f64>,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Formats: table, json (schema `coldcost.simulate/1`).
    #[command(flatten)]
    out: OutputArgs,
}

/// Service time distributions.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum ServiceKind {
    /// Exponential with the given means (as SimFaaS and pacsltk).
    Exponential,
    /// Always the given means.
    Constant,
}

/// Routing rules.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum RoutingArg {
    /// The idle environment created last (SimFaaS, and the reference's description of Lambda).
    NewestCreated,
    /// The environment that became idle last.
    MostRecentlyIdle,
}

/// Runs `simulate`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let format = a.out.format_for::<SimulateReport>()?;
    a.out.guard(&[])?;
    for (name, v) in [
        ("--rate", a.rate),
        ("--warm-s", a.warm_s),
        ("--cold-s", a.cold_s),
        ("--seconds", a.seconds),
    ] {
        if !(v.is_finite() && v > 0.0) {
            usage_bail!("{name} = {v}: expected a positive number");
        }
    }
    if let Some(p) = a.precision {
        if !(p.is_finite() && p > 0.0 && p < 1.0) {
            usage_bail!("--precision = {p}: expected a relative standard error between 0 and 1");
        }
    }
    if !(a.keep_alive_s.is_finite() && a.keep_alive_s >= 0.0) {
        usage_bail!("--keep-alive-s = {}: expected a number ≥ 0", a.keep_alive_s);
    }
    let dist = |m: f64| match a.service {
        ServiceKind::Exponential => Dist::Exponential { mean_s: m },
        ServiceKind::Constant => Dist::Constant { s: m },
    };
    let service = Service {
        warm: dist(a.warm_s),
        cold: ColdPath::Whole {
            dist: dist(a.cold_s),
        },
    };
    let mut pool = PoolConfig::unlimited(a.keep_alive_s);
    if let Some(max) = a.keep_alive_max_s {
        if !(max.is_finite() && max >= a.keep_alive_s) {
            usage_bail!(
                "--keep-alive-max-s = {max}: expected a number ≥ --keep-alive-s ({})",
                a.keep_alive_s
            );
        }
        pool.keep_alive = KeepAlive::Uniform {
            min_s: a.keep_alive_s,
            max_s: max,
        };
    }
    if let Some(min) = a.lifetime_s {
        let max = a.lifetime_max_s.unwrap_or(min);
        if !(min.is_finite() && min > 0.0 && max.is_finite() && max >= min) {
            usage_bail!("--lifetime-s = {min}, --lifetime-max-s = {max}: expected 0 < lifetime-s ≤ lifetime-max-s");
        }
        pool.lifetime = Some(Lifetime {
            min_s: min,
            max_s: max,
        });
    }
    pool.routing = match a.routing {
        RoutingArg::MostRecentlyIdle => Routing::MostRecentlyIdle,
        RoutingArg::NewestCreated => Routing::NewestCreated,
    };
    let warmup = a
        .warmup_s
        .unwrap_or(a.keep_alive_s + 20.0 * a.cold_s)
        .max(0.0);
    let started = Instant::now();
    let run = |seconds: f64| {
        if a.chunks > 1 {
            simulate_chunked(
                |from, to| PiecewisePoisson::steady(a.rate, from, to),
                &service,
                &pool,
                warmup,
                warmup + seconds,
                warmup,
                0.0,
                usize::from(a.chunks),
                a.seed,
            )
        } else {
            let mut arrivals = PiecewisePoisson::steady(a.rate, 0.0, warmup + seconds);
            let window = Window {
                warmup_s: warmup,
                end_s: warmup + seconds,
                hour_offset_s: 0.0,
            };
            simulate(
                &mut arrivals,
                &service,
                &pool,
                &window,
                &mut Rng::new(a.seed),
            )
        }
    };
    // With --precision, as a profile's estimate is answered: a pilot, then only the length its standard error asks.
    let r = match a.precision {
        None => run(a.seconds),
        Some(target) => {
            let pilot_s = (PILOT_REQUESTS / a.rate).min(a.seconds);
            let pilot = run(pilot_s);
            match scale_for_precision(&pilot, target) {
                Some(f) if pilot_s < a.seconds => run((pilot_s * f).min(a.seconds)),
                _ => pilot,
            }
        }
    };
    let wall_s = started.elapsed().as_secs_f64();
    let per_s = r.events as f64 / wall_s.max(1e-9);
    a.out.write(
        &SimulateReport {
            schema: SIMULATE_SCHEMA,
            result: r,
            wall_s,
            requests_per_wall_s: per_s,
        },
        format,
    )
}
