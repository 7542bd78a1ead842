//! Dependencies read from real projects' manifests (copies in tests/data/projects, see its SOURCE.md), each
//! expected value read from the files by hand; and hostile inputs, which give errors or notes, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::scratch;

use coldcost::project::deps::{
    marker_on_lambda, parse_requirements, parse_yarn_lock, read_dependencies,
    read_dependencies_near, read_dependencies_with, read_package_json, read_requirements,
    Dependencies, Options,
};
use coldcost::Family;
use std::path::{Path, PathBuf};

fn projects() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/projects")
}

/// (name, import, version) of each dependency, in order.
fn rows(d: &Dependencies) -> Vec<(&str, &str, Option<&str>)> {
    d.deps
        .iter()
        .map(|d| (d.name.as_str(), d.import.as_str(), d.version.as_deref()))
        .collect()
}

fn notes(d: &Dependencies) -> String {
    d.notes.join("\n")
}

#[test]
fn pdf_chat_functions_requirements() {
    let src = projects().join("sam-python-pdf-chat/backend/src");
    let read = |f: &str| read_dependencies(&src.join(f), Family::Python).unwrap();

    // generate_embeddings/requirements.txt: 8 lines, the last without a newline.
    let d = read("generate_embeddings");
    assert_eq!(
        rows(&d),
        [
            ("boto3", "boto3", None),
            ("botocore", "botocore", None),
            ("faiss-cpu", "faiss", Some("1.7.4")),
            // What code imports of langchain is its API module, not the bare package (names.rs).
            ("langchain", "langchain.agents", Some("0.3.21")),
            ("langchain-community", "langchain_community", Some("0.3.27")),
            ("langchain-aws", "langchain_aws", Some("0.2.17")),
            ("pypdf", "pypdf", Some("3.17.0")),
            ("urllib3", "urllib3", None),
        ]
    );
    assert_eq!(d.deps[7].at.line, Some(8));
    assert!(d.files[0].ends_with("generate_embeddings/requirements.txt"));
    assert!(d.notes.is_empty(), "{:?}", d.notes);

    let d = read("upload_trigger");
    assert_eq!(
        rows(&d),
        [
            ("boto3", "boto3", Some("1.28.57")),
            ("botocore", "botocore", Some("1.31.57")),
            ("PyPDF2", "PyPDF2", Some("3.0.1")),
            ("shortuuid", "shortuuid", Some("1.0.11")),
        ]
    );
    assert_eq!(
        rows(&read("add_conversation")),
        [("shortuuid", "shortuuid", Some("1.0.11"))]
    );
    assert_eq!(read("generate_response").imports().len(), 7);
    assert_eq!(read("delete_document").imports(), ["boto3", "botocore"]);
    assert_eq!(
        read("generate_presigned_url").imports(),
        ["boto3", "botocore", "shortuuid"]
    );

    // A function directory without a manifest: no dependencies, and a note that says so.
    let d = read("get_document");
    assert!(d.deps.is_empty());
    assert!(notes(&d).contains("no Python manifest"), "{}", notes(&d));
}

#[test]
fn load_testing_requirements_extras_and_import_names() {
    let d = read_requirements(
        &projects().join("terraform-cds-forms/lambda-code/load-testing/requirements.txt"),
    )
    .unwrap();
    assert_eq!(
        rows(&d),
        [
            ("black", "black", Some("24.10.0")),
            ("boto3", "boto3", Some("1.35.39")),
            ("cryptography", "cryptography", Some("44.0.1")),
            ("httpx", "httpx", Some("0.27.2")),
            ("invokust", "invokust", Some("0.77")),
            ("locust", "locust", Some("2.39.1")),
            ("PyJWT", "jwt", Some("2.9.0")),
            ("pydantic", "pydantic", Some("2.11.7")),
        ]
    );
    assert_eq!(d.get("httpx").unwrap().extras, ["http2"]);
    assert_eq!(d.get("pyjwt").unwrap().name, "PyJWT");
    assert_eq!(d.get("jwt").unwrap().at.line, Some(7));
}

#[test]
fn govuk_package_json_with_package_lock_v3() {
    let root = projects().join("sam-node-govuk-account-backend");
    let d = read_dependencies(&root, Family::Node).unwrap();
    // package.json "dependencies": 18 entries; esbuild is the bundler, not a runtime import.
    assert_eq!(d.deps.len(), 17);
    assert!(d.get("esbuild").is_none());
    assert_eq!(d.deps[0].name, "@aws-crypto/client-node");
    assert_eq!(d.deps[0].at.line, Some(51)); // package.json:51
                                             // Versions from package-lock.json's packages["node_modules/…"].version.
    let v = |n: &str| d.get(n).unwrap().version.as_deref().unwrap();
    assert_eq!(v("@aws-crypto/client-node"), "5.0.2");
    assert_eq!(v("@aws-sdk/client-dynamodb"), "3.1095.0");
    assert_eq!(v("@aws-sdk/util-dynamodb"), "3.996.7"); // "^3.985.0" in package.json
    assert_eq!(v("axios"), "1.18.1");
    assert_eq!(v("di-account-management-rp-registry"), "1.0.0"); // a github: dependency
    assert_eq!(v("valibot"), "1.4.2");
    assert_eq!(
        d.get("@aws-sdk/client-sqs").unwrap().import,
        "@aws-sdk/client-sqs"
    );
    let n = notes(&d);
    assert!(n.contains("esbuild in dependencies not counted"), "{n}");
    // Bundled (esbuild in dependencies), but every devDependency is a build, lint or test tool.
    assert!(d.get("vitest").is_none() && d.get("aws-sdk-client-mock").is_none());
    assert!(d.files[1].ends_with("package-lock.json"));
}

#[test]
fn govuk_functions_use_the_root_manifest() {
    // template.yaml: `CodeUri: src` for the functions; src/ has no package.json (nor exists in the copy).
    let root = projects().join("sam-node-govuk-account-backend");
    let d = read_dependencies_near(&root.join("src"), &root, Family::Node).unwrap();
    assert_eq!(d.deps.len(), 17);
    assert!(
        notes(&d).contains("no manifest; using those of"),
        "{}",
        notes(&d)
    );
}

#[test]
fn cds_forms_yarn_locks_both_formats() {
    // yarn berry (__metadata version 10): "uuid@npm:^14.0.1": version: 14.0.1.
    let d = read_dependencies(
        &projects().join("terraform-cds-forms/lambda-code/submission"),
        Family::Node,
    )
    .unwrap();
    assert_eq!(
        rows(&d),
        [
            (
                "@aws-sdk/client-dynamodb",
                "@aws-sdk/client-dynamodb",
                Some("3.1106.0")
            ),
            ("@aws-sdk/client-s3", "@aws-sdk/client-s3", Some("3.1106.0")),
            (
                "@aws-sdk/client-sqs",
                "@aws-sdk/client-sqs",
                Some("3.1106.0")
            ),
            (
                "@aws-sdk/lib-dynamodb",
                "@aws-sdk/lib-dynamodb",
                Some("3.1106.0")
            ),
            (
                "@aws-sdk/s3-presigned-post",
                "@aws-sdk/s3-presigned-post",
                Some("3.1106.0")
            ),
            ("uuid", "uuid", Some("14.0.1")),
        ]
    );
    // yarn classic v1: "@aws-sdk/client-ec2@^3.750.0": version "3.1106.0".
    let d = read_dependencies(
        &projects().join("terraform-cds-forms/aws/vpn/lambda/code"),
        Family::Node,
    )
    .unwrap();
    assert_eq!(
        rows(&d),
        [(
            "@aws-sdk/client-ec2",
            "@aws-sdk/client-ec2",
            Some("3.1106.0")
        )]
    );
    assert!(notes(&d).is_empty(), "{}", notes(&d));
}

#[test]
fn cdk_handlers_packages_in_dev_dependencies() {
    let project = projects().join("cdk-titan-multimodal-search");
    let lambda = project.join("backend/lambda");

    // Read alone, nothing says the code is bundled: runtime dependencies, plus the AWS SDK v3 clients the Node.js
    // runtime provides; Powertools is left out with a note.
    let d = read_dependencies(&lambda, Family::Node).unwrap();
    let names: Vec<_> = d.deps.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "@middy/core",
            "@middy/http-header-normalizer",
            "@middy/http-json-body-parser",
            "@opensearch-project/opensearch",
            "node-fetch",
            "@aws-sdk/client-bedrock-runtime",
            "@aws-sdk/client-s3",
            "@aws-sdk/credential-provider-node",
            "@aws-sdk/s3-request-presigner",
            "@aws-sdk/util-retry",
        ]
    );
    assert!(
        notes(&d).contains("devDependencies not counted"),
        "{}",
        notes(&d)
    );

    // Found from a handler's directory inside the CDK app (backend/cdk.json): NodejsFunction bundles with esbuild,
    // so the devDependencies that are not build tools count, @types/aws-lambda does not.
    let d = read_dependencies_near(&lambda.join("src"), &project, Family::Node).unwrap();
    assert_eq!(d.deps.len(), 14);
    let v = |n: &str| d.get(n).unwrap().version.as_deref().unwrap();
    assert_eq!(v("@aws-lambda-powertools/logger"), "2.0.2");
    assert_eq!(v("@aws-lambda-powertools/tracer"), "2.0.2");
    assert_eq!(v("@aws-sdk/client-s3"), "3.529.1");
    assert_eq!(v("@middy/core"), "5.2.6");
    assert_eq!(v("@opensearch-project/opensearch"), "2.6.0");
    assert_eq!(v("node-fetch"), "3.3.2");
    assert!(d.get("@types/aws-lambda").is_none());
    let n = notes(&d);
    assert!(n.contains("bundled (a CDK app"), "{n}");
    assert!(n.contains("cdk.json"), "{n}");

    // What the template says wins over guessing: the same directory told it is bundled.
    let told = Options {
        bundled_by: Some("SAM BuildMethod esbuild".into()),
        ..Options::default()
    };
    let d = read_dependencies_with(&lambda, Family::Node, &told).unwrap();
    assert_eq!(d.deps.len(), 14);
    assert!(notes(&d).contains("bundled (SAM BuildMethod esbuild)"));

    // The CDK app's own package.json: infrastructure only.
    let app = read_package_json(&project.join("backend/package.json")).unwrap();
    assert_eq!(app.workspaces, ["lambda"]);
    let d = read_dependencies(&project.join("backend"), Family::Node).unwrap();
    assert_eq!(d.imports(), ["uuid"]);
}

#[test]
fn a_workspace_member_uses_the_root_lockfile_and_bundler() {
    let root = scratch("deps-workspace");
    let api = root.join("packages/api");
    std::fs::create_dir_all(&api).unwrap();
    std::fs::write(
        root.join("package.json"),
        r#"{"private": true, "workspaces": ["packages/*"], "devDependencies": {"esbuild": "^0.23.0"}}"#,
    )
    .unwrap();
    std::fs::write(
        api.join("package.json"),
        r#"{"name": "api", "dependencies": {"zod": "^3.22.0"}, "devDependencies": {"@middy/core": "^5.0.0", "@types/aws-lambda": "^8"}}"#,
    )
    .unwrap();
    std::fs::write(
        root.join("package-lock.json"),
        r#"{"lockfileVersion": 3, "packages": {
            "": {"workspaces": ["packages/*"]},
            "node_modules/zod": {"version": "3.23.8"},
            "node_modules/@middy/core": {"version": "5.4.5"},
            "packages/api/node_modules/zod": {"version": "3.22.4"}
        }}"#,
    )
    .unwrap();
    let d = read_dependencies_near(&api.join("src"), &root, Family::Node).unwrap();
    assert_eq!(
        rows(&d),
        [
            ("zod", "zod", Some("3.22.4")),
            ("@middy/core", "@middy/core", Some("5.4.5"))
        ]
    );
    let n = notes(&d);
    assert!(n.contains("bundled (the workspace root"), "{n}");
    assert!(
        n.contains("no lockfile; versions from the workspace's"),
        "{n}"
    );
}

#[test]
fn python_lists_from_pyproject_versions_from_the_lockfile() {
    let d = scratch("deps-pyproject");
    std::fs::write(
        d.join("pyproject.toml"),
        "[project]\nname = \"fn\"\ndependencies = [\"PyJWT>=2\", \"psycopg[binary]>=3.1\", \"colorama ; os_name == 'nt'\"]\n",
    )
    .unwrap();
    std::fs::write(
        d.join("uv.lock"),
        "version = 1\n\n[[package]]\nname = \"fn\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\n\
         dependencies = [{ name = \"pyjwt\" }, { name = \"psycopg\", extra = [\"binary\"] }]\n\n\
         [[package]]\nname = \"pyjwt\"\nversion = \"2.9.0\"\n\n[[package]]\nname = \"psycopg\"\nversion = \"3.2.3\"\n\n\
         [[package]]\nname = \"psycopg-binary\"\nversion = \"3.2.3\"\n",
    )
    .unwrap();
    let deps = read_dependencies(&d, Family::Python).unwrap();
    assert_eq!(
        rows(&deps),
        [
            ("PyJWT", "jwt", Some("2.9.0")),
            ("psycopg", "psycopg", Some("3.2.3"))
        ]
    );
    assert_eq!(deps.get("psycopg").unwrap().extras, ["binary"]);
    assert!(notes(&deps).contains("`colorama` skipped: marker `os_name == 'nt'`"));
    assert_eq!(deps.files.len(), 2);

    // The lockfile alone: uv's project package gives the top-level list.
    std::fs::remove_file(d.join("pyproject.toml")).unwrap();
    let deps = read_dependencies(&d, Family::Python).unwrap();
    assert_eq!(deps.imports(), ["jwt", "psycopg"]);
    assert!(notes(&deps).contains("top-level packages from the project `fn`"));
}

// ---- hostile inputs ----

#[test]
fn a_requirements_cycle_is_a_note() {
    let d = scratch("deps-cycle");
    std::fs::write(d.join("requirements.txt"), "-r base.txt\nrequests\n").unwrap();
    std::fs::write(
        d.join("base.txt"),
        "boto3\n-r requirements.txt\n--requirement=./base.txt\n",
    )
    .unwrap();
    let deps = read_requirements(&d.join("requirements.txt")).unwrap();
    assert_eq!(deps.imports(), ["boto3", "requests"]);
    assert_eq!(deps.files.len(), 2);
    let n = notes(&deps);
    assert!(
        n.contains(
            "base.txt:2: include `requirements.txt` skipped: it is already being read (a cycle)"
        ),
        "{n}"
    );
    assert!(
        n.contains("base.txt:3: include `./base.txt` skipped: it is already being read"),
        "{n}"
    );
}

#[test]
fn a_ten_thousand_deep_include_chain_stops_with_a_note() {
    let d = scratch("deps-deep");
    for i in 0..10_000 {
        std::fs::write(
            d.join(format!("r{i}.txt")),
            format!("pkg{i}\n-r r{}.txt\n", i + 1),
        )
        .unwrap();
    }
    let deps = read_requirements(&d.join("r0.txt")).unwrap();
    // r0 plus 16 levels of includes.
    assert_eq!(deps.deps.len(), 17);
    assert!(
        notes(&deps).contains("includes nest deeper than 16"),
        "{}",
        notes(&deps)
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn missing_includes_and_junk() {
    let d = scratch("deps-junk");
    std::fs::write(
        d.join("requirements.txt"),
        "-r nowhere.txt\nboto3\n\nflask >= 2 ; colour == 'red'\n",
    )
    .unwrap();
    let deps = read_requirements(&d.join("requirements.txt")).unwrap();
    assert_eq!(deps.imports(), ["boto3", "flask"]);
    let n = notes(&deps);
    assert!(
        n.contains(":1: include `nowhere.txt` skipped:") && n.contains("could not be read"),
        "{n}"
    );
    assert!(
        n.contains(":4: marker `colour == 'red'` not understood"),
        "{n}"
    );

    std::fs::write(d.join("requirements.txt"), "boto3\nrequests >=> 2\n").unwrap();
    let e = read_requirements(&d.join("requirements.txt"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("requirements.txt:2: field `requirement` = `requests >=> 2`"),
        "{e}"
    );

    std::fs::write(d.join("requirements.txt"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    assert!(read_requirements(&d.join("requirements.txt")).is_err());
    let e = parse_requirements("-r\n", "r.txt").unwrap_err().to_string();
    assert!(e.starts_with("r.txt:1: field `-r`"), "{e}");
}

#[test]
fn a_malformed_package_json_names_file_and_line() {
    let d = scratch("deps-pkgjson");
    std::fs::write(d.join("package.json"), "{\n  \"name\": \"fn\",\n  \"dependencies\": {\n    \"axios\": \"^1\"\n    \"zod\": \"^3\"\n  }\n}\n").unwrap();
    let e = read_dependencies(&d, Family::Node).unwrap_err().to_string();
    assert!(e.contains("package.json:5: expected `,` or `}`"), "{e}");

    std::fs::write(
        d.join("package.json"),
        "{\n  \"dependencies\": {\n    \"axios\": [\"^1\"]\n  }\n}\n",
    )
    .unwrap();
    let e = read_dependencies(&d, Family::Node).unwrap_err().to_string();
    assert!(
        e.contains("package.json:3: field `dependencies.axios` = an array"),
        "{e}"
    );

    std::fs::write(d.join("package.json"), "{\"dependencies\": {\"a\": \"1\"}}").unwrap();
    std::fs::write(
        d.join("yarn.lock"),
        "a@1:\n  version \"1.0.0\"\nnot a header\n",
    )
    .unwrap();
    let e = read_dependencies(&d, Family::Node).unwrap_err().to_string();
    assert!(e.contains("yarn.lock:3:"), "{e}");
}

#[test]
fn no_manifest_anywhere_is_a_note() {
    let d = scratch("deps-empty");
    let deps = read_dependencies_near(&d.join("a/b"), &d, Family::Python).unwrap();
    assert!(deps.deps.is_empty());
    assert!(notes(&deps).contains("no dependency manifest here or in any directory up to"));
}

#[test]
fn the_shared_real_projects_all_read() {
    // The full projects live beside the checkout; from a clean clone elsewhere this test has nothing to read.
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real-projects");
    if !shared.is_dir() {
        eprintln!("skipped: {} not found", shared.display());
        return;
    }
    let mut dirs = vec![shared.clone()];
    let mut read = 0;
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            if e.path().is_dir() {
                dirs.push(e.path());
            }
        }
        for family in [Family::Node, Family::Python] {
            if coldcost::project::deps::has_manifest(&dir, family) {
                let d = read_dependencies(&dir, family)
                    .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
                assert!(!d.files.is_empty());
                read += 1;
            }
        }
    }
    assert!(read >= 30, "{read} directories read");
}

proptest::proptest! {
    #[test]
    fn text_parsers_never_panic(s in "\\PC{0,200}") {
        let _ = parse_requirements(&s, "r.txt");
        let _ = parse_yarn_lock(&s, "yarn.lock");
        let _ = marker_on_lambda(&s);
    }

    #[test]
    fn requirement_shaped_lines_never_panic(
        name in "[A-Za-z][A-Za-z0-9._-]{0,12}",
        rest in "[\\[\\]();,<>=!~@. a-z0-9'\"-]{0,40}",
    ) {
        let _ = parse_requirements(&format!("{name}{rest}\n"), "r.txt");
        let _ = marker_on_lambda(&rest);
    }
}
