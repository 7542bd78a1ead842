//! The price book as an input: `pricing import` builds a book from AWS Price List offer files (fixtures built by
//! hand from AWS's documented layout in tests/data/pricing/, see make_fixtures.py there) that reproduces the
//! built-in us-east-1 figures exactly, in JSON or CSV, plain or gzip; a malformed offer is one clear error; `pricing
//! show` prints a book with its sources in every format it supports and refuses the others.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use coldcost::{import_offers, ImportedBook, PriceBook, RegionPrices};
use common::{coldcost, scratch, stderr, stdout};
use std::io::Read;
use std::path::{Path, PathBuf};

const DATA: &str = "tests/data/pricing";

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(DATA).join(name)
}

fn import(names: &[&str]) -> coldcost::Result<ImportedBook> {
    let files = names
        .iter()
        .map(|n| {
            let r: Box<dyn Read> = Box::new(std::fs::File::open(data(n)).unwrap());
            (n.to_string(), r)
        })
        .collect();
    import_offers(files, &PriceBook::embedded().unwrap())
}

/// A region's prices without what names the file they came from.
fn prices(r: &RegionPrices) -> RegionPrices {
    RegionPrices {
        source: String::new(),
        ..r.clone()
    }
}

#[test]
fn import_reproduces_the_built_in_us_east_1_exactly() {
    let built_in = PriceBook::embedded().unwrap();
    let mut want = built_in.regions["us-east-1"].clone();
    // The tenant isolation price comes from the pricing page's example, not from a Price List usage type the
    // importer knows (none was found): an imported book has none.
    if let Some(a) = want.x86_64.as_mut() {
        a.tenant_isolation = None;
    }
    let want = &want;
    for file in ["AWSLambda.json", "AWSLambda.csv"] {
        let got = import(&[file]).unwrap();
        let r = &got.book.regions["us-east-1"];
        assert_eq!(r.x86_64, want.x86_64, "{file}: x86_64");
        assert_eq!(r.arm64, want.arm64, "{file}: arm64");
        assert_eq!(r.snapstart_cache, want.snapstart_cache, "{file}");
        assert_eq!(r.snapstart_restore, want.snapstart_restore, "{file}");
        assert_eq!(r.name, want.name);
        assert_eq!(
            r.as_of.to_string(),
            "2026-09-19",
            "as_of is the publication date"
        );
        assert!(
            r.source.contains(file) && r.source.contains("publicationDate 2026-09-19T20:33:14Z")
        );
        assert_eq!(got.book.edge, built_in.edge, "{file}: Lambda@Edge");
        assert_eq!(
            got.book.free_tier, built_in.free_tier,
            "free tier carried over"
        );
        assert!(got.book.free_tier_source.contains("carried over"));
        // The region prefix of USE2- usage types does not matter: the region is regionCode.
        assert_eq!(
            got.book.regions["us-east-2"]
                .x86_64
                .as_ref()
                .unwrap()
                .duration_tiers,
            want.x86_64.as_ref().unwrap().duration_tiers
        );
        assert_eq!(got.book.regions.len(), 2, "{:?}", got.book.regions.keys());
        assert_eq!(got.ec2_instances, 0);
        // The text written is the book parsed, and loads as it is.
        let again = PriceBook::from_toml(&got.toml, "imported.toml").unwrap();
        assert_eq!(again.regions, got.book.regions);
        assert!(
            !got.toml.contains("[ec2"),
            "no EC2 tables without an EC2 offer"
        );
    }
}

#[test]
fn json_csv_and_gzip_give_the_same_book() {
    let books: Vec<PriceBook> = [
        "AWSLambda.json",
        "AWSLambda.csv",
        "AWSLambda.json.gz",
        "AWSLambda.csv.gz",
    ]
    .iter()
    .map(|f| import(&[f]).unwrap().book)
    .collect();
    for b in &books[1..] {
        assert_eq!(b.as_of, books[0].as_of);
        assert_eq!(b.edge, books[0].edge);
        for (code, r) in &books[0].regions {
            assert_eq!(prices(&b.regions[code]), prices(r), "{code}");
        }
        assert_eq!(b.regions.len(), books[0].regions.len());
    }
}

#[test]
fn ec2_offer_adds_the_managed_instances_families_only() {
    for (lambda, ec2) in [
        ("AWSLambda.json", "AmazonEC2.json"),
        ("AWSLambda.csv", "AmazonEC2.csv"),
    ] {
        let got = import(&[lambda, ec2]).unwrap();
        assert_eq!(got.ec2_instances, 4, "{ec2}");
        let t = &got.toml;
        for want in [
            "[managed_instances]\n",
            "management_fee_share = 0.15\n",
            "[ec2.us-east-1]\n",
            "as_of = \"2026-09-19\"\n",
            "[ec2.us-east-1.instances]\n",
            "\"c7g.xlarge\" = { usd_per_hour = 0.145, vcpus = 4, memory_gib = 8, architecture = \"arm64\" }",
            "\"c7i.xlarge\" = { usd_per_hour = 0.1785, vcpus = 4, memory_gib = 8, architecture = \"x86_64\" }",
            "\"m7g.xlarge\" = { usd_per_hour = 0.1632, vcpus = 4, memory_gib = 16, architecture = \"arm64\" }",
            "\"r8g.2xlarge\" = { usd_per_hour = 0.4713, vcpus = 8, memory_gib = 64, architecture = \"arm64\" }",
        ] {
            assert!(t.contains(want), "{ec2}: no {want} in\n{t}");
        }
        // Windows, dedicated, SQL, a capacity reservation, the reserved term, c7gd, t3: all left out.
        for unwanted in ["0.329", "0.1595", "0.21 ", "0.091", "c7gd", "t3.micro"] {
            assert!(!t.contains(unwanted), "{ec2}: {unwanted} in\n{t}");
        }
        let toml: toml::Table = t.parse().unwrap();
        assert!(toml["ec2"]["us-east-1"]["source"]
            .as_str()
            .unwrap()
            .contains(ec2));
    }
}

/// Writes `text` to a scratch file and imports it with the binary: the output and the run.
fn import_text(test: &str, name: &str, text: &str) -> std::process::Output {
    let dir = scratch(test);
    let f = dir.join(name);
    std::fs::write(&f, text).unwrap();
    coldcost(&["pricing", "import", f.to_str().unwrap()])
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(data(name)).unwrap()
}

#[test]
fn a_bad_price_is_one_error_naming_file_line_and_field() {
    let json = fixture("AWSLambda.json").replacen("\"0.0000166667000\"", "\"abc\"", 1);
    let o = import_text("bad-price-json", "bad.json", &json);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains("bad.json:"), "{e}");
    assert!(
        e.contains("terms.OnDemand.FIXGBSX860000001") && e.contains("pricePerUnit` = \"abc\""),
        "{e}"
    );
    let line: usize = e
        .split("bad.json:")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let at = json.lines().position(|l| l.contains("\"abc\"")).unwrap() + 1;
    assert!(
        line == at || line == at + 1,
        "line {line}, the price is on {at}: {e}"
    );
    assert!(o.stdout.is_empty());

    let csv = fixture("AWSLambda.csv").replacen("\"0.0000166667000\"", "\"abc\"", 1);
    let o = import_text("bad-price-csv", "bad.csv", &csv);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    let at = csv.lines().position(|l| l.contains("\"abc\"")).unwrap() + 1;
    assert!(
        e.contains(&format!("bad.csv:{at}: field `PricePerUnit` = \"abc\"")),
        "{e}"
    );
}

#[test]
fn a_price_not_in_usd_is_refused() {
    let json = fixture("AWSLambda.json").replacen(
        "\"USD\": \"0.0000002000\"",
        "\"EUR\": \"0.0000002000\"",
        1,
    );
    let o = import_text("no-usd-json", "eur.json", &json);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(
        e.contains("eur.json:")
            && e.contains("pricePerUnit")
            && e.contains("{EUR}")
            && e.contains("USD"),
        "{e}"
    );

    let csv = fixture("AWSLambda.csv").replacen("\"USD\"", "\"CNY\"", 1);
    let o = import_text("no-usd-csv", "cny.csv", &csv);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(
        e.contains("cny.csv:7: field `Currency` = \"CNY\": USD"),
        "{e}"
    );
}

#[test]
fn files_that_are_not_offers_are_refused_clearly() {
    // Terms before products cannot be streamed.
    let v: serde_json::Value = serde_json::from_str(&fixture("AWSLambda.json")).unwrap();
    let swapped = format!(
        "{{\"formatVersion\": \"v1.0\", \"publicationDate\": \"2026-09-19T20:33:14Z\", \"terms\": {}, \"products\": {}}}",
        v["terms"], v["products"]
    );
    let o = import_text("terms-first", "swapped.json", &swapped);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(
        e.contains("swapped.json") && e.contains("`terms` comes before `products`"),
        "{e}"
    );
    // Truncated JSON, an empty file, a CSV without its header, an EC2 offer alone.
    let json = fixture("AWSLambda.json");
    for (name, text, want) in [
        (
            "cut.json",
            &json[..json.len() / 2],
            "not an AWS Price List offer file in JSON",
        ),
        ("empty.csv", "", "empty file"),
        ("plain.csv", "a,b\n1,2\n", "no header row starting with SKU"),
        ("ec2.json", &fixture("AmazonEC2.json"), "no Lambda region"),
    ] {
        let o = import_text("not-offers", name, text);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: {e}");
        assert!(e.contains(name) && e.contains(want), "{name}: {e}");
    }
}

#[test]
fn import_writes_a_book_that_estimate_and_show_load() {
    let dir = scratch("import-book");
    let out = dir.join("book.toml");
    let out_s = out.to_str().unwrap();
    let lambda = format!("{DATA}/AWSLambda.json.gz");
    let o = coldcost(&["pricing", "import", &lambda, "-o", out_s]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 Lambda regions"), "{}", stderr(&o));
    let o = coldcost(&[
        "estimate",
        "samples/http-api-python.toml",
        "--pricing",
        out_s,
        "--draws",
        "0",
        "-f",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("AWSLambda.json.gz"),
        "the estimate names the imported book"
    );
    let o = coldcost(&[
        "pricing",
        "show",
        "--pricing",
        out_s,
        "--region",
        "us-east-2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("us-east-2  x86_64"), "{}", stdout(&o));
    // Not over an existing file without --force; never over an input.
    let o = coldcost(&["pricing", "import", &lambda, "-o", out_s]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("exists; pass --force"),
        "{}",
        stderr(&o)
    );
    let o = coldcost(&["pricing", "import", &lambda, "-o", out_s, "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = coldcost(&["pricing", "import", &lambda, "-o", &lambda, "--force"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("that is an input of this run"),
        "{}",
        stderr(&o)
    );
    // With the EC2 offer, and from stdin.
    let ec2 = format!("{DATA}/AmazonEC2.csv");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_coldcost"))
        .args(["pricing", "import", "-", &ec2])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::fs::File::open(data("AWSLambda.csv.gz")).unwrap())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("\"c7g.xlarge\" = { usd_per_hour = 0.145"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("<stdin> (CSV offer AWSLambda"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn show_prints_prices_with_sources_in_every_format() {
    let o = coldcost(&["pricing", "show", "--region", "us-east-1"]);
    let t = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    for want in [
        "0.20",
        "0.0000166667",
        "0.000015 (to 15 bn GB-s)",
        "AWS Price List offer AWSLambda, publication 2026-09-19",
        "Free tier: 1,000,000 requests and 400,000 GB-s",
        "Lambda@Edge: 0.60 per million requests, 0.00005001 per GB-s",
        "2026-09-19",
    ] {
        assert!(t.contains(want), "no {want} in\n{t}");
    }
    assert!(!t.contains("us-west-2"), "only the region asked for");

    let o = coldcost(&["pricing", "show", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let find = |region: &str, arch: &str, item: &str, tier: &str| {
        rows.iter()
            .find(|x| &x[0] == region && &x[2] == arch && &x[3] == item && &x[4] == tier)
            .unwrap_or_else(|| panic!("no {region} {arch} {item} {tier}"))
    };
    assert_eq!(&find("us-east-1", "x86_64", "requests", "")[7], "0.2");
    assert_eq!(
        &find("us-east-1", "x86_64", "duration", "1")[7],
        "0.0000166667"
    );
    assert_eq!(
        &find("us-east-1", "x86_64", "duration", "1")[5],
        "6000000000"
    );
    assert!(find("us-east-1", "x86_64", "duration", "1")[8].contains("AWS Price List"));
    assert_eq!(
        &find("me-central-1", "x86_64", "duration", "1")[7],
        "0.0000206667"
    );
    assert!(rows
        .iter()
        .any(|x| &x[3] == "free_tier_requests" && x[8].contains("lambda/pricing")));
    assert!(rows
        .iter()
        .any(|x| &x[3] == "edge_requests" && &x[7] == "0.6"));

    let o = coldcost(&[
        "pricing",
        "show",
        "--format",
        "json",
        "--region",
        "us-east-1",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "coldcost.pricing/1");
    let r = &v["regions"][0];
    assert_eq!(r["code"], "us-east-1");
    assert!(r["source"].as_str().unwrap().contains("AWS Price List"));
    let x86 = &r["architectures"][0];
    assert_eq!(
        x86["request_usd_per_million"]
            .as_str()
            .unwrap()
            .parse::<f64>()
            .unwrap(),
        0.20
    );
    assert_eq!(x86["duration_tiers"][0]["usd_per_gb_s"], "0.0000166667");
    assert_eq!(
        x86["duration_tiers"][2]["up_to_gb_s"],
        serde_json::Value::Null
    );
    assert!(v["free_tier"]["source"]
        .as_str()
        .unwrap()
        .contains("lambda/pricing"));
    assert_eq!(v["edge"]["as_of"], "2026-08-31");
}

#[test]
fn show_refuses_what_it_cannot_do() {
    for (args, code, want) in [
        (
            &["pricing", "show", "--format", "xml"][..],
            2,
            "invalid value 'xml'",
        ),
        (
            &["pricing", "show", "--format", "svg"][..],
            2,
            "pricing show does not produce svg; its formats: table, csv, json",
        ),
        (
            &["pricing", "show", "--region", "mars-east-1"][..],
            1,
            "no prices for region `mars-east-1`",
        ),
        (
            &["pricing", "show", "--region", "ap-southeast-6"][..],
            1,
            "Lambda runs there",
        ),
        (&["pricing", "import"][..], 2, "OFFER_FILE"),
    ] {
        let o = coldcost(args);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
    let dir = scratch("show-output");
    let out = dir.join("prices.csv");
    std::fs::write(&out, "keep me").unwrap();
    let o = coldcost(&["pricing", "show", "-f", "csv", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let o = coldcost(&[
        "pricing",
        "show",
        "-f",
        "csv",
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("region,name,architecture"));
}

#[test]
fn two_prices_for_one_thing_and_gaps_in_tiers_are_errors() {
    // The same usage type again at another price (another SKU): which one is meant is not for coldcost to guess.
    let csv = fixture("AWSLambda.csv");
    let request = csv
        .lines()
        .find(|l| l.starts_with("\"GU2ZS9HVP6QTQ7KE\""))
        .unwrap();
    let twice = format!(
        "{csv}{}\n",
        request
            .replace("GU2ZS9HVP6QTQ7KE", "FIXOTHERSKU00001")
            .replace("0.0000002000", "0.0000002100")
    );
    let o = import_text("conflict", "twice.csv", &twice);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    let line = twice.lines().count();
    assert!(e.contains(&format!("twice.csv:{line}: two prices for us-east-1 Request: SKU GU2ZS9HVP6QTQ7KE at 0.0000002 and SKU FIXOTHERSKU00001 at 0.00000021")), "{e}");
    // The same price twice (a region's file and the all-regions file) is one price.
    let same = format!(
        "{csv}{}\n",
        request.replace("GU2ZS9HVP6QTQ7KE", "FIXOTHERSKU00001")
    );
    let o = import_text("same-twice", "same.csv", &same);
    assert!(o.status.success(), "{}", stderr(&o));
    // A tier that does not start where the last one ended.
    let gap = csv.replacen(
        "\"6000000000\",\"15000000000\"",
        "\"7000000000\",\"15000000000\"",
        1,
    );
    assert_ne!(gap, csv);
    let o = import_text("tier-gap", "gap.csv", &gap);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(e.contains("us-east-1 x86_64 duration tiers do not run on from 0 GB-s without gaps: a tier begins at 7000000000 GB-s where 6000000000 was expected"), "{e}");
}

#[test]
fn show_reads_the_ec2_tables_of_an_imported_book() {
    let dir = scratch("show-ec2");
    let out = dir.join("book.toml");
    let o = coldcost(&[
        "pricing",
        "import",
        &format!("{DATA}/AWSLambda.json"),
        &format!("{DATA}/AmazonEC2.json.gz"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("4 EC2 instance prices"),
        "{}",
        stderr(&o)
    );
    let o = coldcost(&[
        "pricing",
        "show",
        "--pricing",
        out.to_str().unwrap(),
        "-f",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["management_fee_share"], "0.15");
    let i = &v["ec2"][0]["instances"][0];
    assert_eq!(
        (
            i["instance"].as_str(),
            i["usd_per_hour"].as_str(),
            i["architecture"].as_str()
        ),
        (Some("c7g.xlarge"), Some("0.145"), Some("arm64"))
    );
    assert!(v["ec2"][0]["source"]
        .as_str()
        .unwrap()
        .contains("AmazonEC2.json.gz"));
    let o = coldcost(&["pricing", "show", "--pricing", out.to_str().unwrap()]);
    assert!(stdout(&o).contains("Lambda Managed Instances: EC2 on-demand per instance-hour, plus a management fee of 0.15 of it"), "{}", stdout(&o));
}

#[test]
fn products_the_book_does_not_use_are_skipped_unread() {
    // A broken price in a SKU that is not chosen (the free tier's Global-Request) is never parsed, in either form:
    // the JSON reader skips unchosen terms without building them, the CSV reader skips their rows.
    let json = fixture("AWSLambda.json");
    let at = json.find("\"FIXFREE000000001.JRTCKXETXF.0\"").unwrap();
    let (head, tail) = json.split_at(at);
    let broken = format!(
        "{head}{}",
        tail.replacen("\"0.0000000000\"", "\"not a price\"", 1)
    );
    assert_ne!(broken, json);
    let o = import_text("unchosen-json", "unchosen.json", &broken);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = fixture("AWSLambda.csv");
    let broken: String = csv
        .lines()
        .map(|l| {
            if l.starts_with("\"FIXFREE000000001\"") {
                l.replace("\"0.0000000000\"", "\"not a price\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(broken.trim_end(), csv.trim_end());
    let o = import_text("unchosen-csv", "unchosen.csv", &broken);
    assert!(o.status.success(), "{}", stderr(&o));
}
