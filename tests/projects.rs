//! Real repositories read into profiles (`tests/data/projects/`, copies of `shared/data/real-projects`, see its
//! SOURCES.md): values checked against what the templates say, read by hand.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use coldcost::project::{read_project, FunctionSpec, Source};
use common::{coldcost, scratch, stderr, stdout};
use std::path::{Path, PathBuf};

fn data(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/projects")
        .join(p)
}

fn function<'a>(fs: &'a [FunctionSpec], name: &str) -> &'a FunctionSpec {
    fs.iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("{name} not read"))
}

/// `coldcost estimate PATH --draws 0 -f json`, which must succeed, as JSON.
fn estimate_json(path: &Path) -> serde_json::Value {
    let o = coldcost(&[
        "estimate",
        path.to_str().unwrap(),
        "--draws",
        "0",
        "-f",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

fn at(file: &str, line: usize) -> Source {
    Source::File {
        file: file.into(),
        line: Some(line),
    }
}

#[test]
fn sam_python_globals_and_overrides() {
    let p = read_project(&data("sam-python-pdf-chat"), None).unwrap();
    assert_eq!(p.functions.len(), 8, "{:?}", p.skipped);
    let t = "backend/template.yaml";
    for f in &p.functions {
        // Globals: Runtime python3.11 (line 10), Architectures [arm64] (line 12).
        assert_eq!(f.runtime.value.as_deref(), Some("python3.11"));
        assert_eq!(f.runtime.source, at(t, 10));
        assert_eq!(f.architecture.value, "arm64");
        assert_eq!(f.architecture.source, at(t, 12));
        // No region in the template and no samconfig.toml: an assumption, said so.
        assert!(matches!(f.region.source, Source::Assumption { .. }));
    }
    let emb = function(&p.functions, "GenerateEmbeddingsFunction");
    assert_eq!(emb.memory_mb.value, 2048);
    assert_eq!(emb.memory_mb.source, at(t, 301));
    assert_eq!(emb.timeout_s.value, 180.0);
    let conv = function(&p.functions, "AddConversationFunction");
    assert_eq!(conv.memory_mb.value, 128, "AWS's default");
    assert!(matches!(conv.memory_mb.source, Source::Default { .. }));
    assert_eq!(
        conv.code_dir.as_ref().map(|c| c.value.as_str()),
        Some("backend/src/add_conversation/")
    );
    assert_eq!(conv.handler.as_deref(), Some("main.lambda_handler"));
}

#[test]
fn sam_node_region_from_samconfig_and_per_function_memory() {
    let p = read_project(&data("sam-node-govuk-account-backend"), None).unwrap();
    assert_eq!(p.functions.len(), 24, "{:?}", p.skipped);
    assert!(p.files.iter().any(|f| f == "samconfig.toml"));
    for f in &p.functions {
        assert_eq!(f.runtime.value.as_deref(), Some("nodejs22.x"));
        assert_eq!(f.architecture.value, "arm64");
        assert_eq!(f.region.value, "eu-west-2");
        assert_eq!(f.region.source, at("samconfig.toml", 10));
    }
    let a = function(&p.functions, "AnalyseActivityLogFunction");
    assert_eq!(a.memory_mb.value, 6144);
    assert_eq!(a.memory_mb.source, at("template.yaml", 6728));
    let s = function(&p.functions, "SaveRawEventsFunction");
    assert_eq!(s.memory_mb.value, 220);
    assert_eq!(s.timeout_s.value, 30.0);
    // Globals.Function.MemorySize 128 (line 186) where a function says nothing.
    let c = function(&p.functions, "CreateSupportTicketFunction");
    assert_eq!(c.memory_mb.value, 128);
    assert_eq!(c.memory_mb.source, at("template.yaml", 186));
}

#[test]
fn cdk_output_keeps_user_functions_and_leaves_construct_handlers_out() {
    let p = read_project(&data("cdk-titan-multimodal-search"), None).unwrap();
    let names: Vec<&str> = p.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names.len(), 5, "{names:?} / {:?}", p.skipped);
    for f in &p.functions {
        assert!(f.name.starts_with("LambdaConstruct"), "{}", f.name);
        assert_eq!(f.runtime.value.as_deref(), Some("nodejs20.x"));
        assert_eq!(f.memory_mb.value, 1024);
        assert_eq!(f.architecture.value, "x86_64");
    }
    assert_eq!(
        function(&p.functions, "LambdaConstructTextSearch76466F7B")
            .timeout_s
            .value,
        29.0
    );
    // CDK's own handlers (deploy time) are left out, each with why; so is python3.9 (not modelled).
    assert_eq!(p.skipped.len(), 5, "{:?}", p.skipped);
    assert!(p.skipped.iter().all(|(_, why)| !why.is_empty()));
}

#[test]
fn profiles_are_written_commented_and_estimate_like_the_project() {
    let out = scratch("profiles");
    let dir = data("sam-python-pdf-chat");
    let o = coldcost(&[
        "profiles",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--invocations",
        "2e6",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(out.join("GenerateEmbeddingsFunction.toml")).unwrap();
    assert!(
        text.contains("memory_mb = 2048") && text.contains("# backend/template.yaml:301"),
        "{text}"
    );
    assert!(
        text.contains("monthly_invocations = 2000000") && text.contains("--invocations"),
        "{text}"
    );
    assert!(text.contains("assumption"), "{text}");
    // Written again without --force: refused, nothing changed.
    let o = coldcost(&[
        "profiles",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(std::fs::read_to_string(out.join("GenerateEmbeddingsFunction.toml")).unwrap() == text);
    // The written profiles estimate to the same bill as the project read directly (same volume).
    let files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    let total = |args: Vec<&str>| -> f64 {
        let mut a = vec!["estimate", "--format", "json", "--draws", "0"];
        a.extend(args);
        let o = coldcost(&a);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        v["total_usd"].as_f64().unwrap()
    };
    let from_files = total(files.iter().map(String::as_str).collect());
    let o = coldcost(&[
        "profiles",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert!(o.status.success());
    let from_dir = total(vec![dir.to_str().unwrap()]);
    assert!(
        from_dir > 0.0 && from_files > from_dir,
        "2e6 a month costs more than the default 1e6"
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn bad_projects_say_what_is_wrong() {
    let d = scratch("badproj");
    // No template at all.
    let o = coldcost(&["estimate", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no SAM, CloudFormation, Serverless Framework or Terraform files"),
        "{}",
        stderr(&o)
    );
    // A template that does not parse: file and line.
    std::fs::write(
        d.join("template.yaml"),
        "Resources:\n  Fn:\n    Type: [unclosed\n",
    )
    .unwrap();
    let o = coldcost(&["estimate", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("template.yaml:"), "{}", stderr(&o));
    // A template without functions.
    std::fs::write(
        d.join("template.yaml"),
        "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n",
    )
    .unwrap();
    let o = coldcost(&["estimate", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no Lambda function"), "{}", stderr(&o));
    // A value that is not static is a note, never silent.
    std::fs::write(
        d.join("template.yaml"),
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      MemorySize: !GetAtt Other.Size\n",
    )
    .unwrap();
    let p = read_project(&d, None).unwrap();
    assert_eq!(p.functions[0].memory_mb.value, 128);
    assert!(
        p.functions[0]
            .notes
            .iter()
            .any(|n| n.contains("MemorySize")),
        "{:?}",
        p.functions[0].notes
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn serverless_compose_services_with_framework_defaults_and_stage_params() {
    let p = read_project(&data("serverless-cms-mdct-mcr"), None).unwrap();
    // 18 functions in six services; deleteTopics is `enabled: ${param:deleteTopicsEnabled}`, false for the
    // default stage (`dev` assumed), so 17 run.
    assert_eq!(p.functions.len(), 17, "{:?}", p.skipped);
    assert_eq!(p.skipped.len(), 1);
    assert_eq!(p.skipped[0].0, "deleteTopics");
    assert!(
        p.skipped[0].1.contains("services/topics/serverless.yml:85"),
        "{:?}",
        p.skipped
    );
    for f in &p.functions {
        assert_eq!(f.runtime.value.as_deref(), Some("nodejs20.x"));
        assert_eq!(f.region.value, "us-east-1");
    }
    // The provider gives no memory or timeout: the Framework's own 1,024 MB and 6 s.
    let fetch = function(&p.functions, "fetchBanner");
    assert_eq!(fetch.memory_mb.value, 1024);
    assert!(matches!(&fetch.memory_mb.source, Source::Default { of } if of.contains("Serverless")));
    assert_eq!(fetch.timeout_s.value, 6.0);
    let upd = function(&p.functions, "updateReport");
    assert_eq!(upd.memory_mb.value, 2048);
    assert_eq!(
        upd.memory_mb.source,
        at("services/app-api/serverless.yml", 242)
    );
    assert_eq!(upd.timeout_s.value, 30.0);
    assert_eq!(function(&p.functions, "createTopics").timeout_s.value, 60.0);
}

#[test]
fn terraform_functions_images_and_terragrunt_region() {
    let p = read_project(&data("terraform-cds-forms"), None).unwrap();
    // 18 aws_lambda_function resources; vpn-scheduler runs nodejs18.x, which coldcost does not model.
    assert_eq!(p.functions.len(), 17, "{:?}", p.skipped);
    assert_eq!(p.skipped.len(), 1);
    assert!(
        p.skipped[0].1.contains("nodejs18.x") && p.skipped[0].1.contains("aws/vpn/lambda.tf:98")
    );
    for f in &p.functions {
        // Region from Terragrunt's root inputs.
        assert_eq!(f.region.value, "ca-central-1", "{}", f.name);
        assert_eq!(f.region.source, at("env/root.hcl", 13));
        assert_eq!(f.package_type.value, "image");
    }
    let s = function(&p.functions, "Submission");
    assert_eq!(s.memory_mb.value, 256);
    assert_eq!(s.memory_mb.source, at("aws/lambdas/submission.tf", 17));
    assert_eq!(s.timeout_s.value, 60.0);
    assert_eq!(s.declared, at("aws/lambdas/submission.tf", 11));
    // An image has no runtime in Terraform: the folder named like the function (package.json) says Node.js,
    // and the version is a stated assumption.
    assert_eq!(s.runtime.value.as_deref(), Some("nodejs22.x"));
    assert!(
        matches!(&s.runtime.source, Source::Assumption { why } if why.contains("lambda-code/submission"))
    );
    let lt = function(&p.functions, "load-testing");
    assert_eq!(lt.memory_mb.value, 1024);
    assert_eq!(
        lt.runtime.value.as_deref(),
        Some("python3.12"),
        "requirements.txt in lambda-code/load-testing"
    );
    assert_eq!(function(&p.functions, "nagware").memory_mb.value, 512);
}

#[test]
fn a_bad_tf_file_names_its_line() {
    let d = scratch("badtf");
    std::fs::write(
        d.join("main.tf"),
        "resource \"aws_lambda_function\" \"f\" {\n  runtime = \"python3.12\"\n  memory_size = \n}\n",
    )
    .unwrap();
    let o = coldcost(&["estimate", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("main.tf:"), "{}", stderr(&o));
    std::fs::write(
        d.join("main.tf"),
        "variable \"mem\" {\n  default = 2048\n}\nresource \"aws_lambda_function\" \"f\" {\n  runtime = \"python3.12\"\n  memory_size = var.mem\n  architectures = [\"arm64\"]\n}\nresource \"aws_lambda_provisioned_concurrency_config\" \"pc\" {\n  function_name = aws_lambda_function.f.function_name\n  provisioned_concurrent_executions = 3\n  qualifier = \"live\"\n}\n",
    )
    .unwrap();
    let p = read_project(&d, None).unwrap();
    let f = &p.functions[0];
    assert_eq!(f.memory_mb.value, 2048);
    assert_eq!(f.architecture.value, "arm64");
    assert_eq!(f.provisioned_concurrency.as_ref().map(|x| x.value), Some(3));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_traffic_overlay_sets_what_templates_do_not_carry() {
    let d = scratch("overlay");
    let overlay = d.join("traffic.toml");
    std::fs::write(
        &overlay,
        "[default]\nmonthly_invocations = 200_000\n[function.GenerateResponseFunction]\nmonthly_invocations = 3_000_000\npattern = \"business-hours\"\nduration_ms = 2500\n",
    )
    .unwrap();
    let dir = data("sam-python-pdf-chat");
    let o = coldcost(&[
        "estimate",
        dir.to_str().unwrap(),
        "--traffic",
        overlay.to_str().unwrap(),
        "--format",
        "json",
        "--draws",
        "0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    for p in v["profiles"].as_array().unwrap() {
        let (n, want) = if p["name"] == "GenerateResponseFunction" {
            (p["handler_mean_ms"].as_f64().unwrap(), 3_000_000)
        } else {
            (100.0, 200_000)
        };
        assert_eq!(p["invocations"].as_u64(), Some(want), "{}", p["name"]);
        assert!(n == 100.0 || n == 2500.0);
    }
    // A function name that matches nothing is an error naming the line, not ignored.
    std::fs::write(
        &overlay,
        "[function.GenerateResponse]\nmonthly_invocations = 1\n",
    )
    .unwrap();
    let o = coldcost(&[
        "estimate",
        dir.to_str().unwrap(),
        "--traffic",
        overlay.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("traffic.toml:1"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn an_image_function_gets_its_runtime_from_the_dockerfile() {
    let d = scratch("image");
    std::fs::create_dir_all(d.join("app")).unwrap();
    std::fs::write(
        d.join("app/Dockerfile"),
        "# build\nFROM public.ecr.aws/lambda/python:3.12 AS base\nCOPY . .\n",
    )
    .unwrap();
    std::fs::write(
        d.join("template.yaml"),
        "Resources:\n  Img:\n    Type: AWS::Serverless::Function\n    Properties:\n      PackageType: Image\n      MemorySize: 1024\n    Metadata:\n      DockerContext: ./app\n      Dockerfile: Dockerfile\n",
    )
    .unwrap();
    let p = read_project(&d, None).unwrap();
    let f = &p.functions[0];
    assert_eq!(f.package_type.value, "image");
    assert_eq!(f.runtime.value.as_deref(), Some("python3.12"));
    assert_eq!(f.runtime.source, at("app/Dockerfile", 2));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn dependencies_become_imports_with_their_manifests_as_source() {
    let o = coldcost(&[
        "estimate",
        data("sam-python-pdf-chat").to_str().unwrap(),
        "--format",
        "json",
        "--draws",
        "0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let p = v["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "GenerateResponseFunction")
        .unwrap();
    // backend/src/generate_response/requirements.txt: boto3 (and botocore) are in the catalogue; the Powertools
    // layer adds aws_lambda_powertools.
    let imports: Vec<&str> = p["imports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap())
        .collect();
    assert!(
        imports.contains(&"boto3") && imports.contains(&"aws_lambda_powertools"),
        "{imports:?}"
    );
    let src = p["sources"]["package.imports"].as_str().unwrap();
    assert!(
        src.contains("backend/src/generate_response/requirements.txt"),
        "{src}"
    );
    // Terraform: lambda-code/submission/package.json with versions from its yarn.lock.
    let t = read_project(&data("terraform-cds-forms"), None).unwrap();
    let s = function(&t.functions, "Submission");
    let cat = coldcost::init::Imports::embedded().unwrap();
    let pkg = t.package_of(s, &cat).unwrap();
    assert!(
        pkg.imports.contains(&"@aws-sdk/client-s3".to_string()),
        "{pkg:?}"
    );
    assert!(
        pkg.files.iter().any(|f| f.ends_with("yarn.lock")),
        "{pkg:?}"
    );
    // uuid is in the catalogue (catalog/packages-node.txt); @aws-sdk/s3-presigned-post is not, so it is named
    // with its yarn.lock version.
    assert!(pkg.imports.contains(&"uuid".to_string()), "{pkg:?}");
    assert!(
        pkg.notes
            .iter()
            .any(|n| n.contains("@aws-sdk/s3-presigned-post 3.1106.0")),
        "{pkg:?}"
    );
}

#[test]
fn unknown_dependencies_are_estimated_with_a_note_and_strict_refuses_them() {
    let dir = data("terraform-cds-forms");
    let dir = dir.to_str().unwrap();
    // lambda-code/submission/package.json lists @aws-sdk/s3-presigned-post, which the catalogue does not hold.
    let o = coldcost(&["estimate", dir, "--draws", "0"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let notes = out.split("Notes:").nth(1).unwrap_or_default();
    let line = notes
        .lines()
        .find(|l| l.contains("`@aws-sdk/s3-presigned-post`"))
        .unwrap_or_else(|| panic!("no note names the package:\n{out}"));
    assert!(
        line.contains("Submission") && line.contains("not in the Node.js import catalogue"),
        "{line}"
    );
    let json = coldcost(&["estimate", dir, "--draws", "0", "-f", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let s = v["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Submission")
        .unwrap();
    assert!(
        s["imports"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i == "@aws-sdk/s3-presigned-post"),
        "{s}"
    );
    let method = s["init_method"].as_str().unwrap();
    assert!(
        method.contains("@aws-sdk/s3-presigned-post: ")
            && method.contains(" ms estimated (not in the catalogue)"),
        "{method}"
    );
    let strict = coldcost(&["estimate", dir, "--draws", "0", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stdout(&strict));
    let err = stderr(&strict);
    assert!(
        err.contains("package.imports") && err.contains("--strict") && err.contains("\"@"),
        "{err}"
    );
}

/// A SAM project with two Node.js functions: one built by `sam build` with its node_modules, one bundled by
/// esbuild whose handler imports two of the four dependencies.
fn sam_node_project(d: &Path) {
    std::fs::write(
        d.join("template.yaml"),
        r#"AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: app.handler
      CodeUri: plain/
  Bundled:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: app.handler
      CodeUri: bundled/
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints:
          - src/app.ts
"#,
    )
    .unwrap();
    let deps = r#"{"dependencies": {"axios": "1.7.0", "uuid": "9.0.0", "zod": "3.23.0", "left-pad": "1.3.0"}}"#;
    for f in ["plain", "bundled"] {
        std::fs::create_dir_all(d.join(f).join("src/lib")).unwrap();
        std::fs::write(d.join(f).join("package.json"), deps).unwrap();
    }
    std::fs::write(
        d.join("bundled/src/app.ts"),
        "import axios from 'axios';\nimport { v } from './lib/v';\nexport const handler = async () => axios.get(v);\n",
    )
    .unwrap();
    std::fs::write(
        d.join("bundled/src/lib/v.ts"),
        "import { z } from \"zod\";\nexport const v = z.string().parse('x');\n",
    )
    .unwrap();
    // What `sam build` leaves for the plain function: its code and node_modules (incompressible bytes, so the
    // zipped size is known to within the headers).
    let built = d.join(".aws-sam/build/Plain/node_modules/axios");
    std::fs::create_dir_all(&built).unwrap();
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let noise: Vec<u8> = (0..3_000_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect();
    std::fs::write(built.join("blob.bin"), &noise).unwrap();
    std::fs::write(
        d.join(".aws-sam/build/Plain/app.js"),
        "exports.handler = async () => 1;\n",
    )
    .unwrap();
}

#[test]
fn built_packages_give_the_size_and_a_bundled_handler_counts_what_it_imports() {
    let d = scratch("built-packages");
    sam_node_project(&d);
    let out = d.join("profiles");
    let o = coldcost(&["profiles", d.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let plain = std::fs::read_to_string(out.join("Plain.toml")).unwrap();
    let size_line = plain.lines().find(|l| l.starts_with("size_mb = ")).unwrap();
    let size: f64 = size_line["size_mb = ".len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((3.0..3.01).contains(&size), "{size_line}");
    assert!(size_line.contains(".aws-sam/build/Plain"), "{size_line}");
    let bundled_line = plain.lines().find(|l| l.starts_with("bundled = ")).unwrap();
    assert!(
        bundled_line.starts_with("bundled = false")
            && bundled_line.contains(".aws-sam/build/Plain"),
        "{bundled_line}"
    );
    // Unbundled: all four dependencies count.
    assert!(
        plain.contains("\"left-pad\"") && plain.contains("\"uuid\""),
        "{plain}"
    );
    let bundled = std::fs::read_to_string(out.join("Bundled.toml")).unwrap();
    let imports = bundled
        .lines()
        .find(|l| l.starts_with("imports = "))
        .unwrap();
    assert!(
        imports.contains("\"axios\"") && imports.contains("\"zod\""),
        "{imports}"
    );
    assert!(
        !imports.contains("uuid") && !imports.contains("left-pad"),
        "{imports}"
    );
    assert!(
        bundled.contains("bundled = true") && bundled.contains("template.yaml:"),
        "{bundled}"
    );
    assert!(
        bundled.contains("not imported: uuid, left-pad"),
        "{bundled}"
    );
    // The written profiles estimate.
    let v = estimate_json(&out.join("Plain.toml"));
    assert_eq!(v["profiles"][0]["name"], "Plain", "{v}");
    let _ = std::fs::remove_dir_all(&d);
}

/// A Node.js SAM project whose package.json names weird-lib (installed, with a dependency) and never-installed.
fn installed_project(name: &str) -> PathBuf {
    let d = scratch(name);
    std::fs::write(
        d.join("template.yaml"),
        "Resources:\n  Api:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: app.handler\n      CodeUri: .\n",
    )
    .unwrap();
    std::fs::write(
        d.join("package.json"),
        r#"{"dependencies": {"weird-lib": "1.0.0", "never-installed": "2.0.0"}}"#,
    )
    .unwrap();
    // weird-lib: package.json, index.js and 50 modules; its dependency dep-a: package.json and 30 modules.
    let nm = d.join("node_modules");
    for (pkg, n, deps) in [("weird-lib", 50, r#"{"dep-a": "1"}"#), ("dep-a", 30, "{}")] {
        let dir = nm.join(pkg).join("lib");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            nm.join(pkg).join("package.json"),
            format!(r#"{{"name": "{pkg}", "version": "1.0.0", "main": "index.js", "dependencies": {deps}}}"#),
        )
        .unwrap();
        if pkg == "weird-lib" {
            std::fs::write(nm.join(pkg).join("index.js"), "module.exports = 1;\n").unwrap();
        }
        for i in 0..n {
            std::fs::write(dir.join(format!("m{i}.js")), "module.exports = 1;\n").unwrap();
        }
    }
    d
}

#[test]
fn an_installed_unknown_package_is_weighed_by_its_installed_files() {
    let d = installed_project("installed-unknown");
    let out = d.join("profiles");
    let o = coldcost(&["profiles", d.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(out.join("Api.toml")).unwrap();
    // 52 + 31 files, counted by hand from the tree above.
    assert!(
        text.contains("[package.installed]\n\"weird-lib\" = { closure_files = 83,"),
        "{text}"
    );
    assert!(!text.contains("\"never-installed\" = {"), "{text}");
    let v = estimate_json(&out.join("Api.toml"));
    let method = v["profiles"][0]["init_method"].as_str().unwrap();
    assert!(
        method.contains("weird-lib: ") && method.contains("estimated from its 83 installed files"),
        "{method}"
    );
    assert!(
        method.contains("never-installed: ")
            && method.contains("ms estimated (not in the catalogue)"),
        "{method}"
    );
    // A listed-nowhere name in [package.installed] is refused, naming it.
    let bad = text.replace("\"weird-lib\" = {", "\"other\" = {");
    std::fs::write(d.join("bad.toml"), bad).unwrap();
    let o = coldcost(&["estimate", d.join("bad.toml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("package.installed.\"other\""),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_budget_entry_may_be_a_project_and_stands_for_all_its_functions() {
    let d = scratch("budget-project");
    let project = data("sam-python-pdf-chat");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/http-api-node.toml");
    let budget = d.join("b.toml");
    std::fs::write(
        &budget,
        format!(
            "[[function]]\nprofile = \"{}\"\nmonthly_invocations = 300_000\n[[function]]\nprofile = \"{}\"\n",
            project.display(),
            sample.display()
        ),
    )
    .unwrap();
    let o = coldcost(&[
        "budget",
        budget.to_str().unwrap(),
        "--draws",
        "0",
        "-f",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let profiles = v["profiles"].as_array().unwrap();
    // pdf-chat's 8 functions, each with the entry's volume, and the sample.
    assert_eq!(profiles.len(), 9, "{v}");
    let at_300k = profiles
        .iter()
        .filter(|p| p["invocations"] == 300_000)
        .count();
    assert_eq!(at_300k, 8, "{v}");
    // `name` renames one function: on a project of eight it is an error, not applied to one of them.
    std::fs::write(
        &budget,
        format!(
            "[[function]]\nprofile = \"{}\"\nname = \"x\"\n",
            project.display()
        ),
    )
    .unwrap();
    let o = coldcost(&["budget", budget.to_str().unwrap(), "--draws", "0"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("leave `name` out"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn measure_installed_times_the_installed_package_with_the_real_interpreter() {
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: node is not installed");
        return;
    }
    let d = installed_project("installed-measured");
    let out = d.join("profiles");
    let o = coldcost(&[
        "profiles",
        d.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--measure-installed",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(out.join("Api.toml")).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("\"weird-lib\" = {"))
        .unwrap_or_else(|| panic!("{text}"));
    let ms: f64 = line
        .split("local_ms = ")
        .nth(1)
        .unwrap_or_else(|| panic!("{line}"))
        .trim_end_matches(" }")
        .parse()
        .unwrap();
    assert!(ms.is_finite() && ms >= 0.0, "{line}");
    let v = estimate_json(&out.join("Api.toml"));
    let method = v["profiles"][0]["init_method"].as_str().unwrap();
    assert!(
        method.contains("weird-lib: ") && method.contains("measured locally, installed"),
        "{method}"
    );
    // Measured, it is no longer an unknown for --strict; never-installed still is.
    let o = coldcost(&[
        "estimate",
        out.join("Api.toml").to_str().unwrap(),
        "--strict",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("never-installed") && !err.contains("\"weird-lib\""),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&d);
}
