//! Terraform (`*.tf`, parsed with hcl-rs) and plain Terragrunt `inputs`: every `aws_lambda_function` with its
//! settings, `aws_lambda_provisioned_concurrency_config` attached to its function, `variable` defaults and `locals`
//! evaluated where they are static, the region from Terragrunt inputs or a provider block. Container images carry no
//! runtime in Terraform: the code folder named like the function (its Dockerfile's base image, else its manifest)
//! says which, else it is an assumption.

use super::spec::{FunctionSpec, Source, Sourced};
use super::Template;
use crate::error::{Error, Location, Result};
use hcl::eval::{Context, Evaluate};
use hcl::{Body, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A parsed `.tf` or `.hcl` file.
struct File {
    rel: String,
    text: String,
    body: Body,
}

fn parse_file(path: &Path, rel: &str) -> Result<File> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let body = hcl::parse(&text).map_err(|e| {
        let line = match &e {
            hcl::Error::Parse(p) => Some(p.location().line()),
            _ => None,
        };
        Error::Syntax {
            at: Location {
                file: rel.to_string(),
                line,
            },
            message: e
                .to_string()
                .lines()
                .last()
                .unwrap_or("not HCL")
                .trim()
                .to_string(),
        }
    })?;
    Ok(File {
        rel: rel.to_string(),
        text,
        body,
    })
}

/// The line of `key = …` inside `resource "<ty>" "<name>" {`, or of the block header.
fn attr_line(text: &str, ty: &str, name: &str, key: &str) -> Option<usize> {
    let header = format!("\"{ty}\" \"{name}\"");
    let start = text
        .lines()
        .position(|l| l.trim_start().starts_with("resource") && l.contains(&header))?;
    let mut depth = 0i32;
    for (i, l) in text.lines().enumerate().skip(start) {
        let t = l.trim_start();
        if depth == 1 && (t.starts_with(&format!("{key} ")) || t.starts_with(&format!("{key}="))) {
            return Some(i + 1);
        }
        depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
        if depth <= 0 && i > start {
            break;
        }
    }
    Some(start + 1)
}

/// `get_env("X", "default")` in Terragrunt files: the default (the environment is not the project's).
fn get_env(args: hcl::eval::FuncArgs) -> std::result::Result<Value, String> {
    args.get(1)
        .cloned()
        .ok_or_else(|| "get_env without a default".to_string())
}

/// Evaluates the `locals` blocks of `files` into an object, several passes so locals may use each other.
fn locals(files: &[&File], ctx: &mut Context) -> hcl::Map<String, Value> {
    let mut out = hcl::Map::new();
    for _ in 0..4 {
        for f in files {
            for b in f.body.blocks().filter(|b| b.identifier() == "locals") {
                for a in b.body().attributes() {
                    if let Ok(v) = a.expr().evaluate(ctx) {
                        out.insert(a.key().to_string(), v);
                    }
                }
            }
        }
        ctx.declare_var("local", Value::Object(out.clone()));
    }
    out
}

/// Terragrunt `inputs` of `root.hcl` / `terragrunt.hcl` files: variables every module receives, with the file.
fn terragrunt_inputs(files: &[File]) -> BTreeMap<String, (Value, String)> {
    let mut out = BTreeMap::new();
    for f in files {
        let mut ctx = Context::new();
        let f_env = hcl::eval::FuncDef::builder()
            .variadic_param(hcl::eval::ParamType::Any)
            .build(get_env);
        ctx.declare_func("get_env", f_env);
        locals(&[f], &mut ctx);
        for a in f.body.attributes().filter(|a| a.key() == "inputs") {
            if let Ok(Value::Object(m)) = a.expr().evaluate(&ctx) {
                for (k, v) in m {
                    out.insert(k, (v, f.rel.clone()));
                }
            }
        }
    }
    out
}

/// The folder holding a function's code, named like it (`file_upload` ~ `file-upload`), searched under `root`.
fn code_dir(root: &Path, names: &[String]) -> Option<PathBuf> {
    let norm = |s: &str| s.to_ascii_lowercase().replace('_', "-");
    let wanted: Vec<String> = names.iter().map(|n| norm(n)).collect();
    let mut found = None;
    super::walk(root, 4, &mut |p, name, is_dir| {
        let has_code = [
            "package.json",
            "requirements.txt",
            "Dockerfile",
            "pyproject.toml",
        ]
        .iter()
        .any(|m| p.join(m).is_file());
        if found.is_none() && is_dir && has_code && wanted.contains(&norm(name)) {
            found = Some(p.to_path_buf());
        }
    });
    found
}

/// Reads every `aws_lambda_function` under `root` (its `*.tf` files, and Terragrunt `inputs` from `*.hcl`).
pub fn read(
    root: &Path,
    tf_files: &[PathBuf],
    hcl_files: &[PathBuf],
    region: Option<&str>,
) -> Result<Template> {
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    let mut out = Template::default();
    let hcl: Vec<File> = hcl_files
        .iter()
        .map(|p| parse_file(p, &rel(p)))
        .collect::<Result<_>>()?;
    let inputs = terragrunt_inputs(&hcl);
    out.files.extend(
        hcl.iter()
            .filter(|f| f.body.attributes().any(|a| a.key() == "inputs"))
            .map(|f| f.rel.clone()),
    );
    // One module per folder: its variables, locals and resources share a scope.
    let mut modules: BTreeMap<PathBuf, Vec<File>> = BTreeMap::new();
    for p in tf_files {
        modules
            .entry(p.parent().unwrap_or(Path::new("")).to_path_buf())
            .or_default()
            .push(parse_file(p, &rel(p))?);
    }
    for files in modules.values() {
        let refs: Vec<&File> = files.iter().collect();
        // Terragrunt passes its inputs to every module (as TF_VAR_…), declared there or generated into it.
        let mut vars = hcl::Map::new();
        let mut var_source: BTreeMap<String, Source> = BTreeMap::new();
        for (k, (v, file)) in &inputs {
            vars.insert(k.clone(), v.clone());
            let line = hcl
                .iter()
                .find(|h| &h.rel == file)
                .and_then(|h| {
                    h.text.lines().position(|l| {
                        l.trim_start().starts_with(&format!("{k} "))
                            || l.trim_start().starts_with(&format!("{k}="))
                    })
                })
                .map(|i| i + 1);
            var_source.insert(
                k.clone(),
                Source::File {
                    file: file.clone(),
                    line,
                },
            );
        }
        for f in files {
            for b in f.body.blocks().filter(|b| b.identifier() == "variable") {
                let Some(name) = b.labels().first().map(|l| l.as_str().to_string()) else {
                    continue;
                };
                if inputs.contains_key(&name) {
                    continue;
                }
                if let Some(d) = b.body().attributes().find(|a| a.key() == "default") {
                    if let Ok(v) = d.expr().evaluate(&Context::new()) {
                        let line = f
                            .text
                            .lines()
                            .position(|l| l.contains(&format!("variable \"{name}\"")))
                            .map(|i| i + 1);
                        vars.insert(name.clone(), v);
                        var_source.insert(
                            name,
                            Source::File {
                                file: f.rel.clone(),
                                line,
                            },
                        );
                    }
                }
            }
        }
        let mut ctx = Context::new();
        ctx.declare_var("var", Value::Object(vars.clone()));
        locals(&refs, &mut ctx);
        // Provisioned concurrency configs name their function by reference.
        let mut pc: BTreeMap<String, (u32, Source)> = BTreeMap::new();
        for f in files {
            for b in f.body.blocks().filter(|b| b.identifier() == "resource") {
                let labels: Vec<&str> = b.labels().iter().map(|l| l.as_str()).collect();
                if labels.first() != Some(&"aws_lambda_provisioned_concurrency_config") {
                    continue;
                }
                let target = b
                    .body()
                    .attributes()
                    .find(|a| a.key() == "function_name")
                    .map(|a| a.expr().to_string());
                let n = b
                    .body()
                    .attributes()
                    .find(|a| a.key() == "provisioned_concurrent_executions")
                    .and_then(|a| a.expr().evaluate(&ctx).ok());
                if let (Some(t), Some(Value::Number(n))) = (target, n) {
                    if let Some(fname) = t
                        .strip_prefix("aws_lambda_function.")
                        .and_then(|r| r.split('.').next())
                    {
                        let line = attr_line(
                            &f.text,
                            labels[0],
                            labels.get(1).copied().unwrap_or(""),
                            "provisioned_concurrent_executions",
                        );
                        pc.insert(
                            fname.to_string(),
                            (
                                n.as_f64().unwrap_or(0.0) as u32,
                                Source::File {
                                    file: f.rel.clone(),
                                    line,
                                },
                            ),
                        );
                    }
                }
            }
        }
        for f in files {
            for b in f.body.blocks().filter(|b| b.identifier() == "resource") {
                let labels: Vec<&str> = b.labels().iter().map(|l| l.as_str()).collect();
                if labels.first() != Some(&"aws_lambda_function") {
                    continue;
                }
                let name = labels.get(1).copied().unwrap_or("function").to_string();
                let mut notes = Vec::new();
                let src = |key: &str| Source::File {
                    file: f.rel.clone(),
                    line: attr_line(&f.text, "aws_lambda_function", &name, key),
                };
                let mut get = |key: &str| -> Option<(Value, Source)> {
                    let a = b.body().attributes().find(|a| a.key() == key)?;
                    match a.expr().evaluate(&ctx) {
                        Ok(Value::Null) => None,
                        Ok(v) => Some((v, src(key))),
                        Err(e) => {
                            notes.push(format!(
                                "{key} ({}) is not static ({e}); the default is used",
                                src(key)
                            ));
                            None
                        }
                    }
                };
                if let Some((Value::Number(n), s)) = get("count") {
                    if n.as_f64() == Some(0.0) {
                        out.skipped.push((
                            name.clone(),
                            format!("count = 0 ({s}) with the variables read"),
                        ));
                        continue;
                    }
                }
                let text = |v: &Value| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                };
                let num = |v: &Value| match v {
                    Value::Number(n) => n
                        .as_f64()
                        .filter(|x| *x >= 0.0 && *x <= f64::from(u32::MAX)),
                    Value::String(s) => s.parse().ok(),
                    _ => None,
                };
                let image = get("package_type").is_some_and(|(v, _)| {
                    text(&v).is_some_and(|t| t.eq_ignore_ascii_case("image"))
                });
                let function_name = get("function_name").and_then(|(v, _)| text(&v));
                let dir = code_dir(
                    root,
                    &[name.clone(), function_name.clone().unwrap_or_default()],
                );
                let runtime = match get("runtime") {
                    Some((v, s)) => Sourced::new(text(&v), s),
                    None => match (&dir, image) {
                        (Some(d), true) => super::image::runtime_of(d, &rel(d)),
                        _ => Sourced::new(
                            None,
                            Source::Assumption {
                                why: "no runtime in the resource".into(),
                            },
                        ),
                    },
                };
                let memory_mb = get("memory_size")
                    .and_then(|(v, s)| num(&v).map(|m| Sourced::new(m as u32, s)))
                    .unwrap_or_else(|| Sourced::lambda_default(128));
                let timeout_s = get("timeout")
                    .and_then(|(v, s)| num(&v).map(|t| Sourced::new(t, s)))
                    .unwrap_or_else(|| Sourced::lambda_default(3.0));
                let architecture = get("architectures")
                    .and_then(|(v, s)| match v {
                        Value::Array(a) => a.first().and_then(text).map(|x| Sourced::new(x, s)),
                        _ => None,
                    })
                    .unwrap_or_else(|| Sourced::lambda_default("x86_64".to_string()));
                let ephemeral_storage_mb = b
                    .body()
                    .blocks()
                    .find(|x| x.identifier() == "ephemeral_storage")
                    .and_then(|x| x.body().attributes().find(|a| a.key() == "size"))
                    .and_then(|a| a.expr().evaluate(&ctx).ok())
                    .and_then(|v| num(&v))
                    .map(|m| Sourced::new(m as u32, src("ephemeral_storage")))
                    .unwrap_or_else(|| Sourced::lambda_default(512));
                let snapstart = b
                    .body()
                    .blocks()
                    .find(|x| x.identifier() == "snap_start")
                    .map(|_| Sourced::new(true, src("snap_start")))
                    .unwrap_or_else(|| Sourced::lambda_default(false));
                let region = match (region, vars.get("region"), var_source.get("region")) {
                    (Some(r), _, _) => Sourced::new(
                        r.to_string(),
                        Source::Assumption {
                            why: "--region".into(),
                        },
                    ),
                    (None, Some(Value::String(r)), Some(source)) => {
                        Sourced::new(r.clone(), source.clone())
                    }
                    _ => Sourced::new(
                        "us-east-1".to_string(),
                        Source::Assumption {
                            why: "no region in var.region or Terragrunt inputs; pass --region"
                                .into(),
                        },
                    ),
                };
                // The zip `filename` names, when it is static and built (a data.archive_file's output is
                // only known at plan time).
                let artifact = b
                    .body()
                    .attributes()
                    .find(|a| a.key() == "filename")
                    .and_then(|a| a.expr().evaluate(&ctx).ok())
                    .and_then(|v| text(&v))
                    .map(|file| {
                        Path::new(&f.rel)
                            .parent()
                            .unwrap_or(Path::new(""))
                            .join(file)
                    })
                    .filter(|p| root.join(p).is_file())
                    .map(|p| {
                        let path = p.display().to_string();
                        Sourced::new(path, src("filename"))
                    });
                out.functions.push(FunctionSpec {
                    declared: Source::File {
                        file: f.rel.clone(),
                        line: f
                            .text
                            .lines()
                            .position(|l| {
                                l.contains(&format!("\"aws_lambda_function\" \"{name}\""))
                            })
                            .map(|i| i + 1),
                    },
                    name: function_name.clone().unwrap_or_else(|| name.clone()),
                    runtime,
                    architecture,
                    memory_mb,
                    ephemeral_storage_mb,
                    package_type: if image {
                        Sourced::new("image".into(), src("package_type"))
                    } else {
                        Sourced::lambda_default("zip".into())
                    },
                    timeout_s,
                    provisioned_concurrency: pc
                        .get(&name)
                        .map(|(n, s)| Sourced::new(*n, s.clone())),
                    snapstart,
                    region,
                    code_dir: dir.as_ref().map(|d| {
                        Sourced::new(
                            rel(d),
                            Source::Assumption {
                                why: "the folder named like the function".into(),
                            },
                        )
                    }),
                    handler: get("handler").and_then(|(v, _)| text(&v)),
                    layers: b
                        .body()
                        .attributes()
                        .find(|a| a.key() == "layers")
                        .map(|a| match a.expr().evaluate(&ctx) {
                            Ok(Value::Array(items)) => items.iter().filter_map(text).collect(),
                            _ => vec![a.expr().to_string()],
                        })
                        .unwrap_or_default(),
                    bundler: None,
                    entry_points: Vec::new(),
                    artifact,
                    notes,
                });
            }
        }
        out.files.extend(
            files
                .iter()
                .filter(|f| f.body.blocks().any(|b| b.identifier() == "resource"))
                .map(|f| f.rel.clone()),
        );
    }
    Ok(out)
}
