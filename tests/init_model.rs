//! The INIT model against its sources: lambda-perf hello-world medians, the import catalogues, the size term.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use coldcost::init::{CatalogInit, Imports, InitModel};
use coldcost::{quantile_sorted, Profile};
use serde_json::Value;
use std::collections::BTreeMap;

fn profile(runtime: &str, arch: &str, package: &str) -> Profile {
    let text = format!(
        "name = \"t\"\nruntime = \"{runtime}\"\narchitecture = \"{arch}\"\nmemory_mb = 512\n\n[package]\n{package}\n"
    );
    Profile::from_toml(&text, "test.toml").unwrap()
}

fn lambda_perf_zip_medians() -> BTreeMap<(String, String), f64> {
    let json: Value =
        serde_json::from_str(include_str!("../catalog/lambda-perf/last.json")).unwrap();
    let mut samples: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    for row in json["runtimeData"].as_array().unwrap() {
        let id = row["r"].as_str().unwrap();
        if row["p"] != "zip" {
            continue;
        }
        // lambda-perf-nodejs22x-zip-512-arm64 → nodejs22.x
        let name = id
            .trim_start_matches("lambda-perf-")
            .split('-')
            .next()
            .unwrap();
        let runtime = match name {
            "nodejs20x" | "nodejs22x" | "nodejs24x" => format!("nodejs{}.x", &name[6..8]),
            "python311" | "python312" | "python313" | "python314" => {
                format!("python3.{}", &name[7..])
            }
            _ => continue,
        };
        let arch = row["a"].as_str().unwrap().to_string();
        let xs = samples.entry((runtime, arch)).or_default();
        xs.extend(
            row["i"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_f64),
        );
    }
    samples
        .into_iter()
        .map(|(k, mut xs)| {
            xs.sort_by(f64::total_cmp);
            (k, quantile_sorted(&xs, 0.5).unwrap())
        })
        .collect()
}

#[test]
fn no_import_p50_is_within_10_percent_of_the_lambda_perf_median_for_every_zip_configuration() {
    let model = CatalogInit::embedded().unwrap();
    let medians = lambda_perf_zip_medians();
    assert_eq!(
        medians.len(),
        14,
        "7 runtimes × 2 architectures: {medians:?}"
    );
    for ((runtime, arch), median) in medians {
        let init = model
            .init(&profile(&runtime, &arch, "size_mb = 1"))
            .unwrap();
        let err = (init.p50 - median).abs() / median;
        assert!(
            err <= 0.10,
            "{runtime} {arch}: model p50 {:.1} ms vs lambda-perf median {median:.1} ms",
            init.p50
        );
        assert!(
            init.p95 >= init.p50 && init.mean > 0.0,
            "{runtime} {arch}: {init:?}"
        );
    }
}

#[test]
fn imports_add_time_and_an_included_import_is_not_counted_twice() {
    let model = CatalogInit::embedded().unwrap();
    let none = model.init(&profile("python3.12", "x86_64", "")).unwrap();
    let boto3 = model
        .init(&profile("python3.12", "x86_64", "imports = [\"boto3\"]"))
        .unwrap();
    let pandas = model
        .init(&profile("python3.12", "x86_64", "imports = [\"pandas\"]"))
        .unwrap();
    let both = model
        .init(&profile(
            "python3.12",
            "x86_64",
            "imports = [\"pandas\", \"numpy\"]",
        ))
        .unwrap();
    assert!(boto3.p50 > none.p50 + 50.0, "{boto3:?}");
    assert!(pandas.p50 > boto3.p50, "{pandas:?}");
    assert_eq!(pandas.p50, both.p50, "numpy is loaded by pandas");
    // pandas has a published on-Lambda figure (numpy ≈ 0.9 s + pandas ≈ 3.25 s): the model uses it as is.
    assert!((pandas.p50 - none.p50 - 4150.0).abs() < 1.0, "{pandas:?}");
}

#[test]
fn an_unknown_import_is_estimated_from_the_catalogue_with_a_note_and_strict_refuses_it() {
    let model = CatalogInit::embedded().unwrap();
    let fallback = coldcost::init::Fallback::fit(&model.imports.python).unwrap();
    let (factor, _) = model.imports.lambda_factor();
    let none = model
        .init(&profile("python3.12", "x86_64", "imports = []"))
        .unwrap();
    let p = profile("python3.12", "x86_64", "imports = [\"left-pad\"]");
    let unknown = model.init(&p).unwrap();
    // The catalogue's median package, scaled to Lambda like the catalogue's own entries.
    let added = unknown.p50 - none.p50;
    assert!(
        (added - fallback.median_local_ms * factor).abs() < 1e-6,
        "{added} vs {}",
        fallback.median_local_ms * factor
    );
    assert!(added > 10.0, "{unknown:?}");
    assert_eq!(unknown.estimated_imports, vec!["left-pad".to_string()]);
    let note = unknown.notes.join(" ");
    assert!(
        note.contains("`left-pad`")
            && note.contains("coldcost measure")
            && note.contains("--strict"),
        "{note}"
    );
    // Its uncertainty is the catalogue's spread, far wider than a catalogued import's.
    let boto3 = model
        .init(&profile("python3.12", "x86_64", "imports = [\"boto3\"]"))
        .unwrap();
    assert!(
        unknown.model_log_sd > boto3.model_log_sd,
        "{unknown:?} {boto3:?}"
    );
    let err = model.check_known(&p).unwrap_err().to_string();
    assert!(
        err.contains("left-pad") && err.contains("package.imports") && err.contains("--strict"),
        "{err}"
    );
    // A typo is pointed at.
    let typo = profile("python3.12", "x86_64", "lazy_imports = [\"pandsa\"]");
    let err = model.check_known(&typo).unwrap_err().to_string();
    assert!(
        err.contains("package.lazy_imports") && err.contains("did you mean `pandas`"),
        "{err}"
    );
    assert!(model
        .init(&typo)
        .unwrap()
        .notes
        .join(" ")
        .contains("did you mean `pandas`"));
}

#[test]
fn distribution_names_weigh_as_their_imports() {
    let model = CatalogInit::embedded().unwrap();
    for (dist, import) in [
        ("PyJWT", "jwt"),
        ("Pillow", "PIL.Image"),
        ("PyYAML", "yaml"),
        ("scikit-learn", "sklearn"),
    ] {
        let a = model
            .init(&profile(
                "python3.12",
                "x86_64",
                &format!("imports = [\"{dist}\"]"),
            ))
            .unwrap();
        let b = model
            .init(&profile(
                "python3.12",
                "x86_64",
                &format!("imports = [\"{import}\"]"),
            ))
            .unwrap();
        assert_eq!(a.p50, b.p50, "{dist}");
        assert!(a.notes.is_empty(), "{dist}: {:?}", a.notes);
    }
}

#[test]
fn unbundled_node_code_pays_for_its_size_and_bundled_code_does_not() {
    let model = CatalogInit::embedded().unwrap();
    let bundled = model
        .init(&profile("nodejs22.x", "arm64", "size_mb = 14"))
        .unwrap();
    let small = model
        .init(&profile(
            "nodejs22.x",
            "arm64",
            "size_mb = 1\nbundled = false",
        ))
        .unwrap();
    let big = model
        .init(&profile(
            "nodejs22.x",
            "arm64",
            "size_mb = 14\nbundled = false",
        ))
        .unwrap();
    assert!(
        big.p50 > small.p50 && small.p50 > bundled.p50,
        "{bundled:?} {small:?} {big:?}"
    );
    // coldstart.md: ≈ 1.7 s INIT for 14 MB of unbundled dependencies.
    assert!((1300.0..2100.0).contains(&big.p50), "{big:?}");
    // Python has no such term.
    let py_small = model
        .init(&profile("python3.12", "arm64", "size_mb = 1"))
        .unwrap();
    let py_big = model
        .init(&profile(
            "python3.12",
            "arm64",
            "size_mb = 14\nbundled = false",
        ))
        .unwrap();
    assert_eq!(py_small.p50, py_big.p50);
}

#[test]
fn measured_import_time_is_scaled_by_the_shown_factor() {
    let model = CatalogInit::embedded().unwrap();
    let (factor, log_sd) = model.imports.lambda_factor();
    assert!(factor > 1.0 && log_sd >= 0.0, "{factor} {log_sd}");
    let none = model.init(&profile("python3.12", "x86_64", "")).unwrap();
    let m = model
        .init(&profile("python3.12", "x86_64", "measured_import_ms = 100"))
        .unwrap();
    assert!((m.p50 - none.p50 - 100.0 * factor).abs() < 1e-6, "{m:?}");
    assert!(m.method.contains(&format!("{factor:.1}")), "{}", m.method);
}

#[test]
fn catalogues_carry_what_the_issue_asks_for() {
    let imports = Imports::embedded().unwrap();
    let need_py = [
        "boto3",
        "botocore",
        "requests",
        "pydantic",
        "fastapi",
        "numpy",
        "pandas",
        "aws_lambda_powertools",
        "sqlalchemy",
    ];
    let need_node = [
        "@aws-sdk/client-s3",
        "@aws-sdk/client-dynamodb",
        "aws-sdk",
        "express",
        "fastify",
        "lodash",
        "zod",
        "axios",
        "@middy/core",
    ];
    for (cat, need) in [
        (&imports.python, &need_py[..]),
        (&imports.node, &need_node[..]),
    ] {
        assert!(
            cat.reference_ms > 0.0,
            "{} catalogue has no machine reference",
            cat.family
        );
        assert!(cat.measured.len() == 10, "{}", cat.measured);
        for name in need {
            let e = cat
                .imports
                .iter()
                .find(|e| e.name == *name)
                .unwrap_or_else(|| panic!("{name} missing"));
            assert!(!e.version.is_empty() && e.installed_mb > 0.0, "{e:?}");
            assert!(
                e.local_min_ms <= e.local_ms && e.local_ms <= e.local_max_ms && e.local_ms > 0.0,
                "{e:?}"
            );
        }
    }
    // Machine scale: a machine twice as fast as the catalogue's measures half the time; scaling brings it back.
    let r = imports.python.reference_ms;
    assert!((imports.machine_scale(coldcost::Family::Python, r / 2.0) - 2.0).abs() < 1e-12);
}
