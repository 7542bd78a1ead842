//! `samconfig.toml`: the region and parameter overrides SAM deploys with (`[default.deploy.parameters]`, or the
//! environment named when there is no default).
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use crate::error::{toml_error, Result};
use crate::locate::find_key_line;
use serde_json::Value;
use std::collections::BTreeMap;

/// What a samconfig says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SamConfig {
    /// The region, with its line.
    pub region: Option<(String, usize)>,
    /// Parameter overrides.
    pub parameters: BTreeMap<String, Value>,
    /// The environment read (`default`, or the first one with deploy parameters).
    pub environment: String,
}

/// Splits `K=V K2="v w"` (SAM's string form) into pairs.
fn split_overrides(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if key.is_empty() {
            break;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                value.push(c);
            }
        } else {
            while let Some(c) = chars.peek().copied() {
                if c.is_whitespace() {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        out.push((key.trim().to_string(), value));
    }
    out
}

/// Reads a samconfig.toml's deploy parameters.
pub fn parse(text: &str, file: &str) -> Result<SamConfig> {
    let v: toml::Value = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let envs = v.as_table().cloned().unwrap_or_default();
    let env = if envs.contains_key("default") {
        "default".to_string()
    } else {
        envs.iter()
            .find(|(_, t)| t.get("deploy").is_some())
            .map(|(k, _)| k.clone())
            .unwrap_or_default()
    };
    let deploy = envs
        .get(&env)
        .and_then(|e| e.get("deploy"))
        .and_then(|d| d.get("parameters"));
    let mut out = SamConfig {
        environment: env.clone(),
        ..SamConfig::default()
    };
    let Some(d) = deploy else {
        return Ok(out);
    };
    if let Some(r) = d.get("region").and_then(|r| r.as_str()) {
        let line = find_key_line(text, &format!("{env}.deploy.parameters.region")).unwrap_or(1);
        out.region = Some((r.to_string(), line));
    }
    let pairs: Vec<(String, String)> = match d.get("parameter_overrides") {
        Some(toml::Value::String(s)) => split_overrides(s),
        Some(toml::Value::Array(items)) => items
            .iter()
            .filter_map(|x| x.as_str())
            .flat_map(split_overrides)
            .collect(),
        _ => Vec::new(),
    };
    for (k, v) in pairs {
        out.parameters.insert(k, Value::String(v));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_region_and_overrides_in_both_forms() {
        let text = "version=0.1\n[default.deploy.parameters]\nregion = \"eu-west-2\"\nparameter_overrides = \"A=\\\"x y\\\" B=2\"\n";
        let c = parse(text, "samconfig.toml").unwrap_or_default();
        assert_eq!(c.region, Some(("eu-west-2".into(), 3)));
        assert_eq!(c.parameters.get("A"), Some(&Value::String("x y".into())));
        assert_eq!(c.parameters.get("B"), Some(&Value::String("2".into())));
        let text =
            "[dev.deploy.parameters]\nparameter_overrides = [\"Env=dev\", \"X=\\\"1\\\"\"]\n";
        let c = parse(text, "samconfig.toml").unwrap_or_default();
        assert_eq!(c.environment, "dev");
        assert_eq!(c.parameters.get("X"), Some(&Value::String("1".into())));
    }
}
