//! The import catalogues against their pinned package lists (catalog/packages-*.txt, measured by
//! scripts/catalogue.sh): at least 150 entries per ecosystem, the packages issue 13 names, every list line measured
//! at its pinned version, and the distribution → import names of the dependency readers finding their entries.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use coldcost::init::{ImportCatalog, Imports};
use coldcost::project::deps::python_import;
use std::collections::BTreeSet;

const MIN_ENTRIES: usize = 150;

const NEED_PY: &[&str] = &[
    "boto3",
    "botocore",
    "aws_lambda_powertools",
    "aws_xray_sdk",
    "flask",
    "django",
    "fastapi",
    "mangum",
    "starlette",
    "chalice",
    "pydantic",
    "marshmallow",
    "jsonschema",
    "requests",
    "httpx",
    "aiohttp",
    "urllib3",
    "psycopg2",
    "psycopg",
    "pymysql",
    "sqlalchemy",
    "pymongo",
    "redis",
    "jwt",
    "jose",
    "cryptography",
    "bcrypt",
    "passlib",
    "openai",
    "anthropic",
    "langchain",
    "langchain_core",
    "langchain_community",
    "numpy",
    "pandas",
    "scipy",
    "sklearn",
    "PIL",
    "sentry_sdk",
    "ddtrace",
    "opentelemetry",
    "dateutil",
    "pytz",
    "yaml",
    "jinja2",
    "stripe",
    "twilio",
    "simplejson",
    "orjson",
    "ujson",
    "tenacity",
    "structlog",
    "bs4",
];

const NEED_NODE: &[&str] = &[
    "@aws-sdk/client-s3",
    "@aws-sdk/client-dynamodb",
    "@aws-sdk/lib-dynamodb",
    "@aws-sdk/client-sqs",
    "@aws-sdk/client-sns",
    "@aws-sdk/client-lambda",
    "@aws-sdk/client-secrets-manager",
    "@aws-sdk/client-ssm",
    "@aws-sdk/client-sfn",
    "@aws-sdk/client-eventbridge",
    "@aws-sdk/client-kinesis",
    "@aws-sdk/client-cloudwatch",
    "@aws-sdk/client-kms",
    "@aws-sdk/client-sts",
    "@aws-sdk/client-cognito-identity-provider",
    "@aws-sdk/client-ses",
    "@aws-sdk/client-sesv2",
    "@aws-sdk/client-bedrock-runtime",
    "@aws-sdk/util-dynamodb",
    "@aws-sdk/s3-request-presigner",
    "aws-sdk",
    "aws-xray-sdk-core",
    "@aws-lambda-powertools/logger",
    "@aws-lambda-powertools/metrics",
    "@aws-lambda-powertools/tracer",
    "@aws-lambda-powertools/parameters",
    "@aws-lambda-powertools/idempotency",
    "@aws-lambda-powertools/batch",
    "@middy/core",
    "express",
    "fastify",
    "koa",
    "hono",
    "@vendia/serverless-express",
    "serverless-http",
    "aws-lambda-fastify",
    "zod",
    "joi",
    "yup",
    "ajv",
    "valibot",
    "axios",
    "node-fetch",
    "got",
    "undici",
    "pg",
    "mysql2",
    "mongoose",
    "ioredis",
    "knex",
    "typeorm",
    "sequelize",
    "drizzle-orm",
    "dynamoose",
    "jsonwebtoken",
    "jose",
    "bcryptjs",
    "jwks-rsa",
    "openai",
    "@anthropic-ai/sdk",
    "langchain",
    "@langchain/core",
    "sharp",
    "@sentry/node",
    "dd-trace",
    "@opentelemetry/api",
    "lodash",
    "moment",
    "dayjs",
    "date-fns",
    "uuid",
    "nanoid",
    "dotenv",
    "stripe",
    "twilio",
    "handlebars",
    "mustache",
    "xml2js",
    "csv-parse",
    "papaparse",
    "pino",
    "winston",
];

/// The package lines of a list file: comments and blank lines dropped, split on whitespace.
fn lines(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .map(|l| {
            l.split('#')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn entry<'a>(cat: &'a ImportCatalog, name: &str) -> &'a coldcost::init::ImportEntry {
    cat.imports
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("{} catalogue has no `{name}`", cat.family))
}

fn check_catalogue(cat: &ImportCatalog, need: &[&str]) {
    assert!(
        cat.imports.len() >= MIN_ENTRIES,
        "{} catalogue has {} entries, fewer than {MIN_ENTRIES}",
        cat.family,
        cat.imports.len()
    );
    let names: BTreeSet<&str> = cat.imports.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names.len(),
        cat.imports.len(),
        "{}: duplicate names",
        cat.family
    );
    for e in &cat.imports {
        assert!(!e.version.is_empty() && e.version != "unknown", "{e:?}");
        assert!(e.installed_mb >= 0.0, "{e:?}");
        assert!(
            e.local_min_ms <= e.local_ms && e.local_ms <= e.local_max_ms && e.local_ms > 0.0,
            "{e:?}"
        );
        for i in &e.includes {
            assert!(
                names.contains(i.as_str()),
                "{}: includes unknown `{i}`",
                e.name
            );
            assert_ne!(i, &e.name, "{} includes itself", e.name);
        }
    }
    // Present (a package under 5 KB, like aws-lambda-fastify, rounds to 0.00 installed MB).
    for name in need {
        entry(cat, name);
    }
}

#[test]
fn catalogues_hold_at_least_150_packages_including_the_issues_list() {
    let imports = Imports::embedded().unwrap();
    check_catalogue(&imports.python, NEED_PY);
    check_catalogue(&imports.node, NEED_NODE);
}

#[test]
fn every_pinned_python_distribution_is_measured_at_its_version_under_its_import_name() {
    let imports = Imports::embedded().unwrap();
    let cat = &imports.python;
    for words in lines(include_str!("../catalog/packages-python.txt")) {
        let (spec, explicit) = (words[0], &words[1..]);
        let (dist, version) = spec
            .split_once("==")
            .unwrap_or_else(|| panic!("`{spec}` is not pinned"));
        let dist = dist.split('[').next().unwrap_or(dist);
        // What the dependency readers look up for this distribution (src/project/deps/names.rs) is in the catalogue.
        let looked_up = python_import(dist);
        entry(cat, &looked_up);
        // The entry measured for this line is at the pinned version.
        let measured = explicit
            .first()
            .map_or(looked_up.clone(), |s| s.to_string());
        let e = entry(cat, &measured);
        assert_eq!(e.version, version, "{dist} → {measured}");
        for name in explicit {
            entry(cat, name);
        }
    }
}

#[test]
fn every_pinned_node_package_is_measured_at_its_version() {
    let imports = Imports::embedded().unwrap();
    for words in lines(include_str!("../catalog/packages-node.txt")) {
        let spec = words[0];
        let at = spec[1..]
            .find('@')
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("`{spec}` is not pinned"));
        let (name, version) = (&spec[..at], &spec[at + 1..]);
        assert_eq!(entry(&imports.node, name).version, version, "{name}");
    }
}

#[test]
fn every_entry_has_its_dependency_closure_and_dependents_weigh_at_least_their_dependencies() {
    let imports = Imports::embedded().unwrap();
    for cat in [&imports.python, &imports.node] {
        for e in &cat.imports {
            let (Some(mb), Some(files)) = (e.closure_mb, e.closure_files) else {
                panic!("{}: no closure figures: {e:?}", cat.family);
            };
            assert!(mb > 0.0 && files >= 1, "{e:?}");
            // Node.js: the package's own folder is the first part of its closure, walked the same way.
            if cat.family == "node" {
                assert!(mb + 0.006 >= e.installed_mb, "{e:?}");
            }
        }
    }
    // A dependent's closure holds its dependency's (boto3 requires botocore, pandas numpy, express body-parser).
    let closure = |cat: &ImportCatalog, name: &str| entry(cat, name).closure_mb.unwrap_or(0.0);
    for (dependent, dependency) in [
        ("boto3", "botocore"),
        ("pandas", "numpy"),
        ("boto3", "dateutil"),
    ] {
        assert!(
            closure(&imports.python, dependent) > closure(&imports.python, dependency),
            "{dependent}"
        );
    }
    assert!(closure(&imports.node, "express") > closure(&imports.node, "body-parser"));
}
