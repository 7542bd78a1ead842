//! Every region of the built-in price book: a commercial Lambda region, with its name, source and date, and prices
//! that match the source's figures (spot checks, one per source family); every other Lambda region is a clear error
//! that says prices are missing for it, not that it does not exist, and how to give them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use coldcost::{Architecture, Location, PriceBook, LAMBDA_REGIONS};
use common::{coldcost, stderr};

#[test]
fn every_priced_region_is_a_lambda_region_with_its_source_and_date() {
    let book = PriceBook::embedded().unwrap();
    assert!(book.regions.len() >= 25, "{}", book.regions.len());
    for (code, r) in &book.regions {
        assert!(LAMBDA_REGIONS.contains(&code.as_str()), "{code}");
        assert_eq!(&r.code, code);
        assert!(!r.name.is_empty(), "{code}: no name");
        assert!(r.source.len() > 20, "{code}: source {:?}", r.source);
        assert!(
            r.as_of <= book.as_of,
            "{code}: as_of {} after the book's",
            r.as_of
        );
        let x86 = r.arch(Architecture::X86_64).unwrap();
        let request = x86.request_per_million.usd();
        assert!(
            (0.15..=0.3).contains(&request),
            "{code}: ${request} per million requests"
        );
        let duration = x86.list_duration().usd();
        assert!(
            (1.4e-5..=2.5e-5).contains(&duration),
            "{code}: ${duration} per GB-s"
        );
    }
    // One region per source, against the figure the source states.
    let list = |code: &str, arch: Architecture| {
        let r = &book.regions[code];
        let a = r.arch(arch).unwrap();
        (
            a.request_per_million.usd(),
            a.list_duration().usd(),
            r.source.clone(),
        )
    };
    let (req, dur, src) = list("us-east-1", Architecture::X86_64);
    assert_eq!((req, dur), (0.20, 0.0000166667));
    assert!(src.contains("AWS Price List offer AWSLambda"), "{src}");
    let (req, dur, _) = list("us-east-1", Architecture::Arm64);
    assert_eq!((req, dur), (0.20, 0.0000133334));
    let (req, dur, src) = list("me-central-1", Architecture::X86_64);
    assert_eq!((req, dur), (0.25, 0.0000206667));
    assert!(src.contains("AWS EC2 pricing page"), "{src}");
    let (_, dur, src) = list("eu-west-1", Architecture::X86_64);
    assert_eq!(dur, 0.0000166667);
    assert!(src.contains("calculator.aws"), "{src}");
}

#[test]
fn a_lambda_region_without_prices_says_so_and_how_to_give_them() {
    let book = PriceBook::embedded().unwrap();
    let at = Location::file("profile.toml");
    let missing: Vec<&str> = LAMBDA_REGIONS
        .iter()
        .copied()
        .filter(|r| !book.regions.contains_key(*r))
        .collect();
    assert!(
        missing.contains(&"ap-southeast-7") && missing.len() <= 9,
        "{missing:?}"
    );
    for region in missing {
        let e = book.region(region, &at).unwrap_err().to_string();
        assert!(
            e.contains(region) && e.contains("Lambda runs there") && e.contains("--pricing"),
            "{e}"
        );
    }
    let e = book.region("mars-1", &at).unwrap_err().to_string();
    assert!(e.contains("not one of the 34 commercial regions"), "{e}");
    // Through the command line: the profile's line, exit 1.
    let dir = common::scratch("regions");
    let p = dir.join("taipei.toml");
    std::fs::write(
        &p,
        "name = \"x\"\nruntime = \"python3.13\"\nmemory_mb = 512\nregion = \"ap-east-2\"\n[handler]\nduration_ms = 100\n[traffic]\nmonthly_invocations = 1000000\n",
    )
    .unwrap();
    let o = coldcost(&["estimate", &p.display().to_string()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("ap-east-2") && stderr(&o).contains("Lambda runs there"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
