//! Volumes in files read as in flags: a profile's `traffic.monthly_invocations` and a budget entry's override take
//! an integer or a string as people write volumes (`"30M"`, `"1.5B"`, `"30,000,000"`, `"3e7"`), and give the
//! same estimate as the integer; a bad one names the file, line, field and value (exit 1).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use coldcost::{
    estimate_report, Date, Document, Extras, Format, Models, PriceBook, Profile, RunOptions,
};
use common::{coldcost, scratch, stderr, stdout};

fn profile_text(volume: &str) -> String {
    format!(
        "name = \"api\"\nruntime = \"python3.12\"\nmemory_mb = 1024\n[handler]\nduration_ms = 120\n[traffic]\nmonthly_invocations = {volume}\n"
    )
}

/// The JSON estimate of a profile whose volume is written as `volume`.
fn json_estimate(volume: &str) -> String {
    let p = Profile::from_toml(&profile_text(volume), "api.toml").unwrap();
    let options = RunOptions {
        as_of: Date::INIT_BILLING_START,
        free_tier: true,
        pooled: true,
        seed: 1,
    };
    let report = estimate_report(
        "estimate",
        &[p],
        &PriceBook::embedded().unwrap(),
        &Models::builtin().unwrap(),
        options,
        Extras::default(),
    )
    .unwrap();
    report.render(Format::Json).unwrap()
}

#[test]
fn a_volume_written_as_people_write_it_estimates_as_the_integer() {
    let integer = json_estimate("30000000");
    for written in [
        "\"30M\"",
        "\"30m\"",
        "\"30,000,000\"",
        "\"30_000_000\"",
        "\"3e7\"",
        "\"0.03B\"",
        "3e7",
        "30_000_000",
    ] {
        assert_eq!(json_estimate(written), integer, "{written}");
    }
    let p = Profile::from_toml(&profile_text("\"1.5B\""), "api.toml").unwrap();
    assert_eq!(p.traffic.monthly_invocations, 1_500_000_000);
    assert!(p.traffic.monthly_invocations_stated);
}

#[test]
fn a_bad_volume_names_file_line_field_and_value() {
    for (i, (volume, value, why)) in [
        ("\"30X\"", "\"30X\"", "unknown suffix `X`"),
        ("\"1.5\"", "\"1.5\"", "not a whole number"),
        (
            "\"2,00,000\"",
            "\"2,00,000\"",
            "commas must group thousands",
        ),
        ("\"lots\"", "\"lots\"", "unknown suffix `s`"),
        ("\"2e15\"", "\"2e15\"", "0 to 10¹⁵"),
        ("-5", "-5", "0 to 10¹⁵"),
        ("2.5", "2.5", "not a whole number"),
        ("true", "true", "an integer"),
    ]
    .into_iter()
    .enumerate()
    {
        let dir = scratch(&format!("bad-volume-{i}"));
        let file = dir.join("api.toml");
        std::fs::write(&file, profile_text(volume)).unwrap();
        let o = coldcost(&["estimate", file.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{volume}: {err}");
        for want in [
            "api.toml:7",
            "field `traffic.monthly_invocations`",
            &format!("= {value}:"),
            why,
        ] {
            assert!(err.contains(want), "{volume}: `{want}` not in {err}");
        }
        // The library says the same.
        let e = Profile::from_toml(&profile_text(volume), "api.toml").unwrap_err();
        assert!(e.to_string().contains("api.toml:7"), "{e}");
    }
}

/// A budget of one function with `override` as its `monthly_invocations`.
fn budget_json(dir: &std::path::Path, name: &str, over: &str) -> std::process::Output {
    std::fs::write(dir.join("api.toml"), profile_text("1000")).unwrap();
    let file = dir.join(name);
    std::fs::write(
        &file,
        format!("name = \"acct\"\n\n[[function]]\nprofile = \"api.toml\"\nmonthly_invocations = {over}\n"),
    )
    .unwrap();
    coldcost(&[
        "budget",
        file.to_str().unwrap(),
        "--format",
        "json",
        "--as-of",
        "2025-08-01",
    ])
}

#[test]
fn a_budget_override_reads_volumes_as_a_profile_does() {
    let dir = scratch("budget-volumes");
    let integer = budget_json(&dir, "a.toml", "12_000_000");
    let text = budget_json(&dir, "b.toml", "\"12M\"");
    assert!(integer.status.success(), "{}", stderr(&integer));
    assert!(text.status.success(), "{}", stderr(&text));
    assert_eq!(stdout(&text), stdout(&integer));
    assert!(stdout(&text).contains("12000000"), "{}", stdout(&text));

    let bad = budget_json(&dir, "c.toml", "\"12 million\"");
    let err = stderr(&bad);
    assert_eq!(bad.status.code(), Some(1), "{err}");
    for want in ["c.toml:5", "function.monthly_invocations", "\"12 million\""] {
        assert!(err.contains(want), "`{want}` not in {err}");
    }
}
