//! AWS SAM and CloudFormation templates (YAML or JSON), including CDK's synthesized `cdk.out/*.template.json`:
//! every `AWS::Serverless::Function` and `AWS::Lambda::Function`, with SAM's `Globals`, static intrinsics resolved,
//! `Conditions` decided where they can be, and `samconfig.toml`'s region and parameter overrides.

use super::intrinsics::{as_u32, scalar_text, Context};
use super::spec::{FunctionSpec, Source, Sourced};
use super::text::{key_line, parse};
use super::Template;
use crate::error::Result;
use serde_json::Value;
use std::path::Path;

/// Parts of a CDK construct path (`Metadata."aws:cdk:path"`) that mark a custom-resource handler — CDK's own
/// (`Custom::…Provider`, log retention, bucket notifications, the provider framework) or one a stack defines for a
/// custom resource: they run at deploy time, not on traffic. A heuristic: the report names each function left out.
const CDK_DEPLOY_TIME: [&str; 6] = [
    "Custom::",
    "CustomResource",
    "/Provider/framework",
    "CRProvider/",
    "LogRetention",
    "BucketNotificationsHandler",
];

/// One template's file, text and static context.
struct Reading<'a> {
    rel: &'a str,
    text: &'a str,
    ctx: Context,
    globals: serde_json::Map<String, Value>,
}

impl Reading<'_> {
    fn line(&self, path: &[&str]) -> Source {
        Source::File {
            file: self.rel.to_string(),
            line: key_line(self.text, path),
        }
    }

    /// A property of `id`: its own, or (for SAM functions, `globals`) `Globals.Function`'s; resolved, with its
    /// source; a value that is not static is a note.
    fn property(
        &self,
        id: &str,
        props: &serde_json::Map<String, Value>,
        key: &str,
        globals: bool,
        notes: &mut Vec<String>,
    ) -> Option<(Value, Source)> {
        let (raw, source) = match props.get(key) {
            Some(v) => (v, self.line(&["Resources", id, "Properties", key])),
            None if globals => (
                self.globals.get(key)?,
                self.line(&["Globals", "Function", key]),
            ),
            None => return None,
        };
        match self.ctx.resolve(raw) {
            Ok(Value::Null) => None,
            Ok(v) => Some((v, source)),
            Err(why) => {
                notes.push(format!(
                    "{key} ({source}) is not static: {why}; the default is used"
                ));
                None
            }
        }
    }
}

/// Reads the functions of the template at `file` (`rel` is its path relative to the project root).
pub fn read(file: &Path, rel: &str, text: &str, region: Option<&str>) -> Result<Template> {
    let v = parse(text, rel)?;
    let mut out = Template::default();
    let obj = |k: &str| {
        v.get(k)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let mut ctx = Context {
        conditions: obj("Conditions"),
        mappings: obj("Mappings"),
        region: region.map(String::from),
        ..Context::default()
    };
    for (name, p) in obj("Parameters") {
        if let Some(d) = p.get("Default") {
            ctx.parameters.insert(name, d.clone());
        }
    }
    // samconfig.toml beside the template: the region and parameter overrides SAM deploys with.
    let dir = file.parent().unwrap_or(Path::new(""));
    let mut region_source = None;
    let samconfig = dir.join("samconfig.toml");
    if let Ok(sc_text) = std::fs::read_to_string(&samconfig) {
        let sc_rel = Path::new(rel)
            .parent()
            .unwrap_or(Path::new(""))
            .join("samconfig.toml")
            .display()
            .to_string();
        let sc = super::samconfig::parse(&sc_text, &sc_rel)?;
        out.files.push(sc_rel.clone());
        if let (None, Some((r, line))) = (region, &sc.region) {
            ctx.region = Some(r.clone());
            region_source = Some(Source::File {
                file: sc_rel.clone(),
                line: Some(*line),
            });
        }
        for (k, val) in sc.parameters {
            ctx.parameters.insert(k, val);
        }
        if !sc.environment.is_empty() && sc.environment != "default" {
            out.notes.push(format!(
                "{sc_rel}: the `{}` environment's parameters are used",
                sc.environment
            ));
        }
    }
    let reading = Reading {
        rel,
        text,
        globals: v
            .get("Globals")
            .and_then(|g| g.get("Function"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        ctx,
    };
    for (id, res) in obj("Resources") {
        let ty = res.get("Type").and_then(Value::as_str).unwrap_or("");
        let sam = ty == "AWS::Serverless::Function";
        if !sam && ty != "AWS::Lambda::Function" {
            continue;
        }
        let cdk_path = res
            .get("Metadata")
            .and_then(|m| m.get("aws:cdk:path"))
            .and_then(Value::as_str)
            .unwrap_or("");
        if CDK_DEPLOY_TIME.iter().any(|p| cdk_path.contains(p)) {
            out.skipped.push((id.clone(), format!("added by a CDK construct ({cdk_path}): a custom-resource handler that runs at deploy time, not on traffic")));
            continue;
        }
        let mut notes = Vec::new();
        if let Some(cond) = res.get("Condition").and_then(Value::as_str) {
            match reading.ctx.condition(cond, 0) {
                Ok(true) => notes.push(format!(
                    "deployed under condition {cond}, which holds with the parameters read"
                )),
                Ok(false) => {
                    out.skipped.push((
                        id.clone(),
                        format!("condition {cond} is false with the parameters read: not deployed"),
                    ));
                    continue;
                }
                Err(why) => notes.push(format!(
                    "deployed only under condition {cond} ({why}); counted as deployed"
                )),
            }
        }
        let empty = serde_json::Map::new();
        let props = res
            .get("Properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let get =
            |key: &str, notes: &mut Vec<String>| reading.property(&id, props, key, sam, notes);
        let image = get("PackageType", &mut notes).map(|(v, s)| {
            (
                scalar_text(&v)
                    .unwrap_or_default()
                    .eq_ignore_ascii_case("image"),
                s,
            )
        });
        let package_type = match image {
            Some((true, s)) => Sourced::new("image".to_string(), s),
            Some((false, s)) => Sourced::new("zip".to_string(), s),
            None => Sourced::lambda_default("zip".to_string()),
        };
        let runtime = match get("Runtime", &mut notes) {
            Some((v, s)) => Sourced::new(scalar_text(&v), s),
            None => {
                // SAM builds an image from Metadata.DockerContext (and its Dockerfile).
                let context = res
                    .get("Metadata")
                    .and_then(|m| m.get("DockerContext"))
                    .and_then(Value::as_str)
                    .map(|c| dir.join(c))
                    .filter(|d| d.is_dir());
                match context {
                    Some(d) => {
                        let rel_dir = d.strip_prefix(dir).unwrap_or(&d).display().to_string();
                        let rel_dir = Path::new(rel)
                            .parent()
                            .unwrap_or(Path::new(""))
                            .join(rel_dir);
                        super::image::runtime_of(&d, &rel_dir.display().to_string())
                    }
                    None => Sourced::new(
                        None,
                        Source::Assumption {
                            why: "no runtime in the template".into(),
                        },
                    ),
                }
            }
        };
        let architecture = match get("Architectures", &mut notes) {
            Some((v, s)) => Sourced::new(
                v.as_array()
                    .and_then(|a| a.first())
                    .and_then(scalar_text)
                    .unwrap_or_else(|| "x86_64".into()),
                s,
            ),
            None => Sourced::lambda_default("x86_64".to_string()),
        };
        let memory_mb = get("MemorySize", &mut notes)
            .and_then(|(v, s)| as_u32(&v).map(|m| Sourced::new(m, s)))
            .unwrap_or_else(|| Sourced::lambda_default(128));
        let ephemeral_storage_mb = get("EphemeralStorage", &mut notes)
            .and_then(|(v, s)| v.get("Size").and_then(as_u32).map(|m| Sourced::new(m, s)))
            .unwrap_or_else(|| Sourced::lambda_default(512));
        let timeout_s = get("Timeout", &mut notes)
            .and_then(|(v, s)| {
                scalar_text(&v)?
                    .parse::<f64>()
                    .ok()
                    .map(|t| Sourced::new(t, s))
            })
            .unwrap_or_else(|| Sourced::lambda_default(3.0));
        let provisioned_concurrency =
            get("ProvisionedConcurrencyConfig", &mut notes).and_then(|(v, s)| {
                v.get("ProvisionedConcurrentExecutions")
                    .and_then(as_u32)
                    .map(|n| Sourced::new(n, s))
            });
        let snapstart = match get("SnapStart", &mut notes) {
            Some((v, s)) => Sourced::new(
                v.get("ApplyOn").and_then(Value::as_str) == Some("PublishedVersions"),
                s,
            ),
            None => Sourced::lambda_default(false),
        };
        let region = match (&reading.ctx.region, &region_source, region) {
            (Some(r), Some(s), None) => Sourced::new(r.clone(), s.clone()),
            (Some(r), _, Some(_)) => Sourced::new(r.clone(), Source::Assumption { why: "--region".into() }),
            _ => Sourced::new(
                "us-east-1".to_string(),
                Source::Assumption {
                    why: "the template does not name a region (no samconfig.toml region); pass --region".into(),
                },
            ),
        };
        // The code: SAM's CodeUri (a directory beside the template), CDK's asset path.
        let code_dir = match get("CodeUri", &mut notes) {
            Some((Value::String(uri), s)) if !uri.starts_with("s3://") => {
                let rel_dir = Path::new(rel).parent().unwrap_or(Path::new("")).join(&uri);
                if !dir.join(&uri).is_dir() {
                    notes.push(format!("CodeUri {uri} ({s}) is not in the repository; the manifests above it apply"));
                }
                Some(Sourced::new(rel_dir.display().to_string(), s))
            }
            _ => res
                .get("Metadata")
                .and_then(|m| m.get("aws:asset:path"))
                .and_then(Value::as_str)
                .and_then(|asset| {
                    let path = dir.join(asset);
                    if path.is_dir() {
                        Some(Sourced::new(
                            Path::new(rel).parent().unwrap_or(Path::new("")).join(asset).display().to_string(),
                            reading.line(&["Resources", &id, "Metadata", "aws:asset:path"]),
                        ))
                    } else {
                        notes.push(format!("its code is the CDK asset {asset}, which is not in cdk.out (run `cdk synth` to have it)"));
                        None
                    }
                }),
        };
        let handler = get("Handler", &mut notes).and_then(|(v, _)| scalar_text(&v));
        let layers = match props.get("Layers").or_else(|| {
            if sam {
                reading.globals.get("Layers")
            } else {
                None
            }
        }) {
            Some(Value::Array(items)) => items
                .iter()
                .map(|l| match reading.ctx.resolve(l) {
                    Ok(v) => scalar_text(&v).unwrap_or_else(|| v.to_string()),
                    // Unresolved: the Fn::Sub template itself reads best (`…:${AWS::Region}:…`).
                    Err(_) => l
                        .get("Fn::Sub")
                        .and_then(Value::as_str)
                        .map_or_else(|| l.to_string(), String::from),
                })
                .collect(),
            _ => Vec::new(),
        };
        // SAM builds with esbuild when Metadata.BuildMethod says so; `sam build` leaves the package in
        // .aws-sam/build/ID beside the template; a CDK asset is the built package itself.
        let metadata = res.get("Metadata");
        let bundler = metadata
            .and_then(|m| m.get("BuildMethod"))
            .and_then(Value::as_str)
            .filter(|b| b.eq_ignore_ascii_case("esbuild"))
            .map(|b| {
                Sourced::new(
                    b.to_ascii_lowercase(),
                    reading.line(&["Resources", &id, "Metadata", "BuildMethod"]),
                )
            });
        let entry_points = metadata
            .and_then(|m| m.get("BuildProperties"))
            .and_then(|b| b.get("EntryPoints"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(scalar_text).collect())
            .unwrap_or_default();
        let template_dir = Path::new(rel).parent().unwrap_or(Path::new(""));
        let built = Path::new(".aws-sam").join("build").join(&id);
        let artifact = if dir.join(&built).is_dir() {
            let path = template_dir.join(&built).display().to_string();
            Some(Sourced::new(
                path.clone(),
                Source::File {
                    file: path,
                    line: None,
                },
            ))
        } else if cdk_path.is_empty() {
            None
        } else {
            code_dir.clone()
        };
        out.functions.push(FunctionSpec {
            declared: reading.line(&["Resources", &id]),
            name: id.clone(),
            runtime,
            architecture,
            memory_mb,
            ephemeral_storage_mb,
            package_type,
            timeout_s,
            provisioned_concurrency,
            snapstart,
            region,
            code_dir,
            handler,
            layers,
            bundler,
            entry_points,
            artifact,
            notes,
        });
    }
    Ok(out)
}
