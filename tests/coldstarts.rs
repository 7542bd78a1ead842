//! Cold starts from traffic, end to end: shapes change the answer at the same volume, every volume answers within
//! the simulation budget, replayed CloudWatch counts work, and bad replay files fail clearly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use coldcost::coldstart::{ColdStartModel, PoolModel};
use coldcost::init::{CatalogInit, InitModel};
use coldcost::Profile;
use common::coldcost;
use serde_json::Value;

const SIM_BUDGET: f64 = 1.2e7;

fn profile(traffic: &str) -> Profile {
    let text = format!(
        "name = \"t\"\nruntime = \"python3.12\"\nmemory_mb = 1024\n[package]\nimports = [\"boto3\"]\n[handler]\nduration_ms = 120\nduration_p95_ms = 400\n[traffic]\n{traffic}\n"
    );
    Profile::from_toml(
        &text,
        &format!("{}/tests/data/traffic/t.toml", env!("CARGO_MANIFEST_DIR")),
    )
    .unwrap()
}

fn cold(p: &Profile, seed: u64) -> coldcost::coldstart::ColdStartEstimate {
    let init = CatalogInit::embedded().unwrap().init(p).unwrap();
    let n = coldcost::traffic::monthly_invocations(p).unwrap();
    PoolModel::default().estimate(p, n, &init, seed).unwrap()
}

#[test]
fn shape_matters_at_the_same_monthly_volume() {
    let steady = cold(
        &profile("monthly_invocations = 50_000\npattern = \"steady\""),
        1,
    );
    let office = cold(
        &profile("monthly_invocations = 50_000\npattern = \"business-hours\""),
        1,
    );
    let bursty = cold(&profile("monthly_invocations = 50_000\npattern = \"bursty\"\nburst_interval_s = 1800\nburst_spread_s = 60"), 1);
    let (s, o, b) = (steady.cold_starts, office.cold_starts, bursty.cold_starts);
    // Steady traffic (one request every ~52 s) keeps an environment warm but for its retirement about every two
    // hours; office hours let it expire on quiet nights and weekends; bursts every 30 minutes need several
    // environments at once, all expired by the next.
    assert!(s < o && o < b, "steady {s}, business-hours {o}, bursty {b}");
    assert!(b > 5 * s, "steady {s}, bursty {b}");
}

#[test]
fn every_volume_from_one_to_ten_billion_stays_within_the_simulation_budget() {
    for pattern in ["steady", "diurnal", "business-hours", "bursty", "schedule"] {
        for volume in [
            1u64,
            1_000,
            1_000_000,
            100_000_000,
            10_000_000_000,
            1_000_000_000_000,
        ] {
            let p = profile(&format!("monthly_invocations = {volume}\npattern = \"{pattern}\"\nconcurrency_limit = 10_000_000"));
            let e = cold(&p, 1);
            let d = e.detail.as_ref().unwrap();
            assert!(
                (d.simulated_requests as f64) <= SIM_BUDGET * 1.3 + 2e6,
                "{pattern} {volume}: simulated {} requests",
                d.simulated_requests
            );
            assert!(
                e.cold_starts <= volume && e.rate.is_finite(),
                "{pattern} {volume}: {e:?}"
            );
            if volume >= 1_000 {
                assert!(e.cold_starts >= 1, "{pattern} {volume}: {e:?}");
            }
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_month_and_the_report_says_who_answered() {
    let p = profile("monthly_invocations = 2_000_000\npattern = \"diurnal\"");
    let (a, b) = (cold(&p, 7), cold(&p, 7));
    assert_eq!(a, b);
    assert_eq!(a.detail.as_ref().unwrap().answered_by, "simulator");
    assert!(
        a.method.contains("simulated") && a.method.contains("period(s) of a day"),
        "{}",
        a.method
    );
    // Steady traffic with a fixed keep-alive and no lifetime has an analytic answer; Lambda's defaults (a keep-alive
    // range and a lifetime) are simulated.
    let s = cold(
        &profile("monthly_invocations = 2_000_000\npattern = \"steady\"\nkeep_alive_s = 600\nlifetime_s = \"none\""),
        7,
    );
    assert_eq!(s.detail.as_ref().unwrap().answered_by, "analytic");
    let d = cold(
        &profile("monthly_invocations = 2_000_000\npattern = \"steady\""),
        7,
    );
    assert_eq!(d.detail.as_ref().unwrap().answered_by, "simulator");
    let huge = cold(&profile("monthly_invocations = 10_000_000_000\npattern = \"business-hours\"\nconcurrency_limit = 10_000_000"), 7);
    assert_eq!(
        huge.detail.as_ref().unwrap().answered_by,
        "analytic",
        "{}",
        huge.method
    );
}

#[test]
fn a_replayed_cloudwatch_export_drives_the_simulator() {
    let p = profile("pattern = \"replay\"\nreplay_file = \"invocations-per-minute.csv\"");
    let e = cold(&p, 1);
    let d = e.detail.as_ref().unwrap();
    assert_eq!(d.answered_by, "simulator");
    // The file's day repeated over the month: its volume × 730 h / 24 h.
    let day: f64 = std::fs::read_to_string(format!(
        "{}/tests/data/traffic/invocations-per-minute.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .lines()
    .skip(1)
    .map(|l| l.split(',').nth(1).unwrap().parse::<f64>().unwrap())
    .sum();
    let month: u64 = d.typical_day.iter().map(|h| h.invocations).sum::<u64>();
    assert!(
        (month as f64 - day).abs() / day < 0.05,
        "typical day {month} vs file {day}"
    );
    // The lunchtime spike (12:00–12:15) is where the pool grows: more cold starts in that hour than at 03:00.
    assert!(
        d.typical_day[12].cold_starts > d.typical_day[3].cold_starts,
        "{:?}",
        d.typical_day
    );
}

#[test]
fn a_bad_replay_file_names_file_line_and_value() {
    let dir = std::env::temp_dir().join(format!("coldcost-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("inv.csv"),
        "time,count\n2026-11-01T00:00:00Z,4\n2026-11-01T00:01:00Z,lots\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("p.toml"),
        "name = \"r\"\nruntime = \"nodejs22.x\"\n[traffic]\npattern = \"replay\"\nreplay_file = \"inv.csv\"\n",
    )
    .unwrap();
    let o = coldcost(&["estimate", dir.join("p.toml").to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("inv.csv:3") && err.contains("lots"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn coldstarts_command_shows_the_detail_in_text_and_json() {
    let run = |args: &[&str]| {
        let o = coldcost(args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let text = run(&["coldstarts", "--sample", "http-api"]);
    assert!(
        text.contains("typical day") && text.contains("14:00") && text.contains("simulated"),
        "{text}"
    );
    let v: Value = serde_json::from_str(&run(&[
        "coldstarts",
        "--sample",
        "cron",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["schema"], "coldcost.coldstarts/1");
    // A cron every 15 minutes with a keep-alive of about 6 minutes: every run is cold.
    for p in v["profiles"].as_array().unwrap() {
        assert_eq!(p["estimate"]["cold_starts"], p["invocations"], "{p}");
    }
}

#[test]
fn a_lifetime_retires_a_busy_pool_at_its_rate_even_in_a_window_shorter_than_the_lifetime() {
    // 2 billion requests a month (761 req/s, ≈ 115 environments alive) with a 2-hour lifetime, simulated as about
    // an hour scaled to the month. Each environment retires once per lifetime (N × 730 h / 2 h a month); a
    // retirement costs a cold start unless the environment was idle surplus that would have expired anyway, so the
    // lifetime adds between a third of that and all of it (a long simulation of this pool gives 0.6). The hour's
    // environments, started in its warm-up, carry ages spread over the lifetime; with ages all zero none would
    // retire within the hour and the lifetime would add nothing.
    let model = PoolModel { sim_budget: 3e6 };
    let n = 2_000_000_000;
    let base =
        "monthly_invocations = 2_000_000_000\nconcurrency_limit = 100_000\nkeep_alive_s = 600";
    let run = |traffic: &str| {
        let p = profile(traffic);
        let init = CatalogInit::embedded().unwrap().init(&p).unwrap();
        model.estimate(&p, n, &init, 1).unwrap()
    };
    let with = run(&format!("{base}\nlifetime_s = 7200"));
    let without = run(&format!("{base}\nlifetime_s = \"none\""));
    assert!(
        with.method.contains("scaled to the month"),
        "{}",
        with.method
    );
    let envs = with.detail.as_ref().unwrap().mean_environments;
    let bound = envs * 730.0 * 3600.0 / 7200.0;
    let added = with.cold_starts as f64 - without.cold_starts as f64;
    assert!(
        added > bound / 3.0 && added < bound * 1.05,
        "added {added}, at most {bound:.0} ({envs:.1} environments × 365)"
    );
}

#[test]
fn a_lifetime_changes_the_answer_at_a_hundred_billion_requests() {
    let base = "monthly_invocations = 100_000_000_000\nconcurrency_limit = 100_000";
    let without = cold(&profile(&format!("{base}\nlifetime_s = \"none\"")), 1).cold_starts;
    let with = cold(&profile(&format!("{base}\nlifetime_s = 7200")), 1).cold_starts;
    // ≈ 6,000 busy environments retired 365 times a month.
    assert!(with > without + 1_000_000, "without {without}, with {with}");
}

#[test]
fn a_burst_spread_over_the_whole_interval_is_next_to_one_a_second_shorter() {
    let at = |spread: u32| {
        let p = profile(&format!(
            "monthly_invocations = 1_000_000\npattern = \"bursty\"\nburst_spread_s = {spread}"
        ));
        cold(&p, 1).cold_starts as f64
    };
    let (a, b) = (at(3599), at(3600));
    // 3,600 s is the default interval: a spread that long is arrivals spread evenly, not all at once.
    assert!(b / a < 1.5 && a / b < 1.5, "3599 s: {a}, 3600 s: {b}");
    let c = at(86_400);
    assert!(c / b < 1.5 && b / c < 1.5, "3600 s: {b}, 86400 s: {c}");
}

#[test]
fn a_key_of_another_pattern_is_an_error_naming_its_pattern() {
    let text = "name = \"t\"\nruntime = \"python3.12\"\nmemory_mb = 1024\n[handler]\nduration_ms = 120\n[traffic]\npattern = \"steady\"\nburst_size = 5\n";
    let e = Profile::from_toml(text, "k.toml").unwrap_err().to_string();
    assert!(
        e.contains("k.toml:8")
            && e.contains("traffic.burst_size")
            && e.contains("pattern = \"bursty\""),
        "{e}"
    );
    let text = text.replace(
        "pattern = \"steady\"\nburst_size = 5",
        "pattern = \"diurnal\"\noff_hours_share = 0.2",
    );
    let e = Profile::from_toml(&text, "k.toml").unwrap_err().to_string();
    assert!(
        e.contains("traffic.off_hours_share") && e.contains("\"business-hours\""),
        "{e}"
    );
}

#[test]
fn burst_size_and_interval_decide_the_volume_or_must_agree_with_it() {
    let p = profile("pattern = \"bursty\"\nburst_size = 100\nburst_interval_s = 3600");
    assert_eq!(p.traffic.monthly_invocations, 73_000);
    let p = profile("pattern = \"bursty\"\nburst_size = 100\nburst_interval_s = 3600\nmonthly_invocations = 73_000");
    assert_eq!(p.traffic.monthly_invocations, 73_000);
    let text = "name = \"t\"\nruntime = \"python3.12\"\nmemory_mb = 1024\n[handler]\nduration_ms = 120\n[traffic]\npattern = \"bursty\"\nburst_size = 100\nburst_interval_s = 3600\nmonthly_invocations = 1_000_000\n";
    let e = Profile::from_toml(text, "b.toml").unwrap_err().to_string();
    assert!(
        e.contains("traffic.burst_size") && e.contains("73000") && e.contains("two of the three"),
        "{e}"
    );
}

#[test]
fn a_burst_larger_than_four_billion_is_not_truncated_and_its_throttled_requests_are_not_billed() {
    // 10^13 a month in hourly bursts of 1.37 × 10^10 (over 2^32) at a concurrency of 1: one request of each burst
    // is served (cold: the keep-alive is shorter than the hour), the rest throttled.
    let p = profile("monthly_invocations = 10_000_000_000_000\nconcurrency_limit = 1\npattern = \"bursty\"\nburst_interval_s = 3600");
    let c = cold(&p, 1);
    assert_eq!(c.cold_starts, 730, "{}", c.method);
    assert_eq!(c.throttles, 10_000_000_000_000 - 730, "{}", c.method);
    // Billed: only the 730 served requests ($0.20 per million) and their compute (cold: INIT too), not 10^13
    // requests ($2 M).
    let d = common::scratch("huge-burst");
    let f = d.join("burst.toml");
    std::fs::write(
        &f,
        "name = \"t\"\nruntime = \"python3.12\"\nmemory_mb = 1024\n[package]\nimports = [\"boto3\"]\n[handler]\nduration_ms = 120\nduration_p95_ms = 400\n[traffic]\nmonthly_invocations = 10_000_000_000_000\nconcurrency_limit = 1\npattern = \"bursty\"\nburst_interval_s = 3600\n",
    )
    .unwrap();
    let o = coldcost(&[
        "estimate",
        f.to_str().unwrap(),
        "--no-free-tier",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let total = v["total_usd"].as_f64().unwrap();
    assert!(total > 0.0 && total < 0.05, "{total}: {v}");
    assert_eq!(v["profiles"][0]["line_items"][0]["quantity"], 730.0, "{v}");
}

#[test]
fn lifecycle_defaults_come_from_the_catalogue_can_be_overridden_and_are_listed() {
    // Defaults: the catalogue's ranges, named in the profile as taken from it.
    let p = profile("monthly_invocations = 1000");
    let t = &p.traffic;
    assert_eq!((t.keep_alive_s, t.keep_alive_max_s), (375.0, Some(381.0)));
    let l = t.lifetime.unwrap();
    assert_eq!((l.min_s, l.max_s), (6700.0, 7200.0));
    assert_eq!(
        t.lifecycle_defaults,
        ["keep_alive", "lifetime", "concurrency"]
    );
    // Overrides: a fixed keep-alive, a fixed lifetime, none at all.
    let p = profile("keep_alive_s = 600\nlifetime_s = 3600\nconcurrency_limit = 50");
    assert_eq!(
        (p.traffic.keep_alive_s, p.traffic.keep_alive_max_s),
        (600.0, None)
    );
    assert_eq!(p.traffic.lifetime.unwrap().max_s, 3600.0);
    assert!(p.traffic.lifecycle_defaults.is_empty());
    assert!(profile("lifetime_s = \"none\"").traffic.lifetime.is_none());
    // Bad values name the field and the value.
    for (bad, field) in [
        ("lifetime_s = \"forever\"", "traffic.lifetime_s"),
        (
            "lifetime_s = 7200\nlifetime_max_s = 100",
            "traffic.lifetime_max_s",
        ),
        (
            "lifetime_s = \"none\"\nlifetime_max_s = 8000",
            "traffic.lifetime_max_s",
        ),
        ("lifetime_s = -5", "traffic.lifetime_s"),
    ] {
        let text = format!("name = \"t\"\nruntime = \"python3.13\"\n[traffic]\n{bad}\n");
        let err = Profile::from_toml(&text, "t.toml").unwrap_err().to_string();
        assert!(
            err.contains(field) && err.contains("t.toml"),
            "{bad}: {err}"
        );
    }
    // The report lists each default used, with its source and date.
    let o = coldcost(&["compare", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let assumptions = v["assumptions"].to_string();
    for needle in [
        "375",
        "6700",
        "2021-01",
        "2020-06",
        "2023-11-27",
        "mikhailio-hugo",
        "pacslab",
    ] {
        assert!(assumptions.contains(needle), "{needle}: {assumptions}");
    }
    for p in v["profiles"].as_array().unwrap() {
        assert!(
            p["cold_start_basis"]
                .as_str()
                .unwrap()
                .contains("Lambda default"),
            "{p}"
        );
    }
}
