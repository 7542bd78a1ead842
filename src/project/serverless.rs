//! Serverless Framework `serverless.yml`: the provider's settings (and the Framework's own defaults, 1,024 MB and
//! 6 s, where the provider says nothing), per-function overrides, and the static variables — `${self:…}`,
//! `${opt:…, default}`, `${sls:stage}`, `${param:…}` from `params`, and any source with a literal fallback.

use super::intrinsics::{as_u32, scalar_text};
use super::spec::{FunctionSpec, Source, Sourced};
use super::text::{key_line, parse};
use super::Template;
use crate::error::Result;
use serde_json::Value;
use std::path::Path;

/// The stage assumed when nothing says which: the Framework's default.
const DEFAULT_STAGE: &str = "dev";

/// A serverless.yml and what resolves its variables.
struct Doc<'a> {
    v: &'a Value,
    stage: String,
    /// `params` given by serverless-compose.yml for this service.
    compose_params: &'a serde_json::Map<String, Value>,
}

impl Doc<'_> {
    /// The value at a dotted path of the document (`provider.region`).
    fn path(&self, path: &str) -> Option<&Value> {
        path.split('.')
            .filter(|p| !p.is_empty())
            .try_fold(self.v, |v, k| v.get(k))
    }

    /// One variable source (`self:provider.region`, `opt:stage`, `'literal'`), resolved if it is static.
    fn source(&self, s: &str, depth: usize) -> Option<Value> {
        let s = s.trim();
        if let Some(lit) = s
            .strip_prefix('\'')
            .and_then(|x| x.strip_suffix('\''))
            .or_else(|| s.strip_prefix('"').and_then(|x| x.strip_suffix('"')))
        {
            return Some(Value::String(lit.to_string()));
        }
        if let Ok(n) = s.parse::<f64>() {
            return serde_json::Number::from_f64(n).map(Value::Number);
        }
        if s == "true" || s == "false" {
            return Some(Value::Bool(s == "true"));
        }
        let (kind, arg) = s.split_once(':')?;
        match kind {
            "self" => self
                .path(arg)
                .map(|v| self.resolve(v, depth + 1))
                .and_then(Result::ok),
            "sls" if arg == "stage" => Some(Value::String(self.stage.clone())),
            "opt" if arg == "stage" => None, // falls through to the next source, as the CLI has no --stage
            "param" => {
                let staged = self
                    .path(&format!("params.{}.{arg}", self.stage))
                    .or_else(|| self.path(&format!("params.default.{arg}")))
                    .or_else(|| self.compose_params.get(arg));
                staged
                    .map(|v| self.resolve(v, depth + 1))
                    .and_then(Result::ok)
            }
            _ => None,
        }
    }

    /// `v` with its `${…}` variables resolved, or why one could not be.
    fn resolve(&self, v: &Value, depth: usize) -> std::result::Result<Value, String> {
        if depth > 16 {
            return Err("variables nested deeper than 16".into());
        }
        let Value::String(s) = v else {
            return Ok(v.clone());
        };
        let mut out = String::new();
        let mut rest = s.as_str();
        let whole =
            s.trim().starts_with("${") && s.trim().ends_with('}') && s.matches("${").count() == 1;
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            // The matching brace, allowing nested ${…} inside.
            let mut level = 1;
            let mut end = None;
            for (j, c) in after.char_indices() {
                match c {
                    '{' => level += 1,
                    '}' => {
                        level -= 1;
                        if level == 0 {
                            end = Some(j);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let end = end.ok_or("an unclosed ${")?;
            let inner = &after[..end];
            let value = inner
                .split(',')
                .find_map(|src| self.source(src, depth))
                .ok_or_else(|| format!("${{{inner}}} is resolved only at deploy time"))?;
            if whole {
                return Ok(value);
            }
            match value {
                Value::String(x) => out.push_str(&x),
                other => out.push_str(&other.to_string()),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(Value::String(out))
    }
}

/// Plugins that bundle a service's code into one file per function (plugins that only compile TypeScript, such as
/// serverless-plugin-typescript, still ship `node_modules`).
const BUNDLER_PLUGINS: &[&str] = &[
    "serverless-esbuild",
    "serverless-webpack",
    "serverless-bundle",
];

/// The bundler a service configures: a bundling plugin, or the Framework v4's own `build.esbuild`.
fn bundler_of(v: &Value, line: &dyn Fn(&[&str]) -> Source) -> Option<Sourced<String>> {
    let plugins = v.get("plugins").and_then(|p| match p {
        Value::Array(a) => Some(a),
        other => other.get("modules").and_then(Value::as_array),
    });
    if let Some(p) = plugins
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|p| BUNDLER_PLUGINS.contains(p))
    {
        return Some(Sourced::new(p.to_string(), line(&["plugins"])));
    }
    match v.get("build").and_then(|b| b.get("esbuild")) {
        None | Some(Value::Bool(false)) | Some(Value::Null) => None,
        Some(_) => Some(Sourced::new(
            "esbuild".to_string(),
            line(&["build", "esbuild"]),
        )),
    }
}

/// Reads the functions of `serverless.yml` (`rel` relative to the project root; `compose_params` from
/// serverless-compose.yml, if any).
pub fn read(
    file: &Path,
    rel: &str,
    text: &str,
    region: Option<&str>,
    compose_params: &serde_json::Map<String, Value>,
) -> Result<Template> {
    let v = parse(text, rel)?;
    let mut out = Template::default();
    let mut doc = Doc {
        v: &v,
        stage: DEFAULT_STAGE.into(),
        compose_params,
    };
    if let Some(stage) = doc
        .path("provider.stage")
        .and_then(|s| doc.resolve(s, 0).ok())
        .and_then(|s| scalar_text(&s))
    {
        doc.stage = stage;
    }
    out.notes.push(format!(
        "{rel}: stage `{}` assumed for stage-dependent values",
        doc.stage
    ));
    let line = |path: &[&str]| Source::File {
        file: rel.to_string(),
        line: key_line(text, path),
    };
    let framework = |what: &str| Source::Default {
        of: format!("the Serverless Framework's default {what}"),
    };
    let dir = file.parent().unwrap_or(Path::new(""));
    let empty = serde_json::Map::new();
    let functions = v
        .get("functions")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let bundler = bundler_of(&v, &line);
    let service = v
        .get("service")
        .and_then(|s| doc.resolve(s, 0).ok())
        .and_then(|s| scalar_text(&s));
    for (name, f) in functions {
        let mut notes = Vec::new();
        // A function's key, then the provider's, each resolved; a value that is not static is a note.
        let mut get = |key: &str, provider_key: &str| -> Option<(Value, Source)> {
            let (raw, src) = match f.get(key) {
                Some(x) => (x, line(&["functions", name, key])),
                None => (
                    v.get("provider")?.get(provider_key)?,
                    line(&["provider", provider_key]),
                ),
            };
            match doc.resolve(raw, 0) {
                Ok(Value::Null) => None,
                Ok(x) => Some((x, src)),
                Err(why) => {
                    notes.push(format!(
                        "{key} ({src}) is not static: {why}; the default is used"
                    ));
                    None
                }
            }
        };
        if let Some((enabled, src)) = get("enabled", "enabled") {
            if enabled == Value::Bool(false) || scalar_text(&enabled).as_deref() == Some("false") {
                out.skipped.push((
                    name.clone(),
                    format!("disabled for stage `{}` ({src})", doc.stage),
                ));
                continue;
            }
        }
        let image = get("image", "image").is_some();
        let runtime = match get("runtime", "runtime") {
            Some((x, s)) => Sourced::new(scalar_text(&x), s),
            None => Sourced::new(
                None,
                Source::Assumption {
                    why: "no runtime in serverless.yml".into(),
                },
            ),
        };
        let memory_mb = get("memorySize", "memorySize")
            .and_then(|(x, s)| as_u32(&x).map(|m| Sourced::new(m, s)))
            .unwrap_or_else(|| Sourced::new(1024, framework("memorySize")));
        let timeout_s = get("timeout", "timeout")
            .and_then(|(x, s)| as_u32(&x).map(|t| Sourced::new(f64::from(t), s)))
            .unwrap_or_else(|| Sourced::new(6.0, framework("timeout")));
        let architecture = get("architecture", "architecture")
            .and_then(|(x, s)| scalar_text(&x).map(|a| Sourced::new(a, s)))
            .unwrap_or_else(|| Sourced::lambda_default("x86_64".to_string()));
        let ephemeral_storage_mb = get("ephemeralStorageSize", "ephemeralStorageSize")
            .and_then(|(x, s)| as_u32(&x).map(|m| Sourced::new(m, s)))
            .unwrap_or_else(|| Sourced::lambda_default(512));
        let provisioned_concurrency = get("provisionedConcurrency", "provisionedConcurrency")
            .and_then(|(x, s)| as_u32(&x).map(|n| Sourced::new(n, s)));
        let region = match region {
            Some(r) => Sourced::new(
                r.to_string(),
                Source::Assumption {
                    why: "--region".into(),
                },
            ),
            None => get("region", "region")
                .and_then(|(x, s)| scalar_text(&x).map(|r| Sourced::new(r, s)))
                .unwrap_or_else(|| Sourced::new("us-east-1".to_string(), framework("region"))),
        };
        let handler = f.get("handler").and_then(scalar_text);
        // The handler's folder: `handlers/x.y` lives under the service folder.
        let code_dir = Some(Sourced::new(
            Path::new(rel)
                .parent()
                .unwrap_or(Path::new(""))
                .display()
                .to_string(),
            Source::Assumption {
                why: "a Serverless service packages its own folder".into(),
            },
        ))
        .filter(|_| dir.is_dir());
        // The package `serverless package` leaves: the function's or the service's `package.artifact`, else
        // .serverless/FUNCTION.zip (packaged individually) or .serverless/SERVICE.zip.
        let service_dir = Path::new(rel).parent().unwrap_or(Path::new(""));
        let artifact = [
            f.get("package").and_then(|p| p.get("artifact")),
            v.get("package").and_then(|p| p.get("artifact")),
        ]
        .into_iter()
        .flatten()
        .filter_map(|a| doc.resolve(a, 0).ok().and_then(|a| scalar_text(&a)))
        .map(std::path::PathBuf::from)
        .chain([
            Path::new(".serverless").join(format!("{name}.zip")),
            Path::new(".serverless").join(format!("{}.zip", service.as_deref().unwrap_or(""))),
        ])
        .find(|p| dir.join(p).is_file())
        .map(|p| {
            let path = service_dir.join(p).display().to_string();
            Sourced::new(
                path.clone(),
                Source::File {
                    file: path,
                    line: None,
                },
            )
        });
        out.functions.push(FunctionSpec {
            declared: line(&["functions", name]),
            name: name.clone(),
            runtime,
            architecture,
            memory_mb,
            ephemeral_storage_mb,
            package_type: if image {
                Sourced::new("image".into(), line(&["functions", name, "image"]))
            } else {
                Sourced::lambda_default("zip".into())
            },
            timeout_s,
            provisioned_concurrency,
            snapstart: Sourced::lambda_default(false),
            region,
            code_dir,
            handler,
            layers: f
                .get("layers")
                .or_else(|| v.get("provider").and_then(|p| p.get("layers")))
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|l| scalar_text(l).unwrap_or_else(|| l.to_string()))
                        .collect()
                })
                .unwrap_or_default(),
            bundler: bundler.clone(),
            entry_points: Vec::new(),
            artifact,
            notes,
        });
    }
    Ok(out)
}

/// The services of a `serverless-compose.yml`: each service's folder and the `params` compose passes it.
pub fn compose_services(
    text: &str,
    rel: &str,
) -> Result<Vec<(String, serde_json::Map<String, Value>)>> {
    let v = parse(text, rel)?;
    let mut out = Vec::new();
    if let Some(services) = v.get("services").and_then(Value::as_object) {
        for (name, s) in services {
            let path = s
                .get("path")
                .and_then(Value::as_str)
                .unwrap_or(name)
                .to_string();
            let params = s
                .get("params")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            out.push((path, params));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_resolve_statically_or_say_why() {
        let v: Value = serde_json::json!({
            "provider": {"region": "eu-west-1", "memorySize": "${self:custom.mem}"},
            "custom": {"mem": 512, "stage": "${opt:stage, self:provider.stage, 'dev'}"},
            "params": {"default": {"on": false}, "prod": {"on": true}}
        });
        let empty = serde_json::Map::new();
        let d = Doc {
            v: &v,
            stage: "dev".into(),
            compose_params: &empty,
        };
        assert_eq!(
            d.resolve(&Value::String("${self:custom.mem}".into()), 0),
            Ok(serde_json::json!(512))
        );
        assert_eq!(
            d.resolve(&Value::String("${self:provider.region}-x".into()), 0),
            Ok(Value::String("eu-west-1-x".into()))
        );
        assert_eq!(
            d.resolve(&Value::String("${self:custom.stage}".into()), 0),
            Ok(Value::String("dev".into()))
        );
        assert_eq!(
            d.resolve(&Value::String("${param:on}".into()), 0),
            Ok(Value::Bool(false))
        );
        assert!(d.resolve(&Value::String("${ssm:/x/y}".into()), 0).is_err());
        assert_eq!(
            d.resolve(&Value::String("${ssm:/x/y, 'fallback'}".into()), 0),
            Ok(Value::String("fallback".into()))
        );
        // A variable that refers to itself stops.
        let v: Value = serde_json::json!({"custom": {"a": "${self:custom.a}"}});
        let d = Doc {
            v: &v,
            stage: "dev".into(),
            compose_params: &empty,
        };
        assert!(d
            .resolve(&Value::String("${self:custom.a}".into()), 0)
            .is_err());
    }
}
