//! Template text: YAML (with CloudFormation's short-form tags) and JSON read into one JSON value, and the line a
//! key path sits on, so every value read can say `template.yaml:42`.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use crate::error::{line_of, Error, Location, Result};
use serde_json::{json, Map, Value};

/// Parses YAML or JSON template text into a JSON value; CloudFormation's short forms (`!Ref X`, `!Sub …`,
/// `!GetAtt A.B`) become their long forms (`{"Ref": "X"}`, …).
pub fn parse(text: &str, file: &str) -> Result<Value> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return serde_json::from_str(trimmed).map_err(|e| Error::Syntax {
            at: Location::at(file, e.line()),
            message: e.to_string(),
        });
    }
    let y: serde_norway::Value = serde_norway::from_str(text).map_err(|e| Error::Syntax {
        at: Location {
            file: file.to_string(),
            line: e.location().map(|l| l.line()),
        },
        message: e.to_string(),
    })?;
    Ok(from_yaml(y, 0))
}

fn from_yaml(v: serde_norway::Value, depth: usize) -> Value {
    use serde_norway::Value as Y;
    if depth > 256 {
        return Value::Null;
    }
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                json!(i)
            } else if let Some(u) = n.as_u64() {
                json!(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            Value::Array(items.into_iter().map(|x| from_yaml(x, depth + 1)).collect())
        }
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match from_yaml(k, depth + 1) {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                out.insert(key, from_yaml(v, depth + 1));
            }
            Value::Object(out)
        }
        Y::Tagged(t) => {
            let tag = t.tag.to_string();
            let name = tag.trim_start_matches('!');
            let inner = from_yaml(t.value, depth + 1);
            let key = match name {
                "Ref" | "Condition" => name.to_string(),
                other => format!("Fn::{other}"),
            };
            // `!GetAtt Resource.Attribute` is the string form of `[Resource, Attribute]`.
            let inner = match (name, inner) {
                ("GetAtt", Value::String(s)) => match s.split_once('.') {
                    Some((a, b)) => json!([a, b]),
                    None => Value::String(s),
                },
                (_, other) => other,
            };
            let mut m = Map::new();
            m.insert(key, inner);
            Value::Object(m)
        }
    }
}

/// The 1-based line where the key `path` (e.g. `["Resources", "Api", "Properties", "MemorySize"]`) is written, in
/// YAML (each key at a deeper indent inside the one before) or JSON (each `"key"` after the one before).
pub fn key_line(text: &str, path: &[&str]) -> Option<usize> {
    if text.trim_start().starts_with('{') {
        let mut from = 0;
        for key in path {
            let needle = format!("\"{key}\"");
            from += text.get(from..)?.find(&needle)? + needle.len();
        }
        return Some(line_of(text, from));
    }
    let mut want = path.iter();
    let mut key = want.next()?;
    // Keys are looked for at one indent: the top level's, then the first child line's of the key found.
    let mut level: Option<usize> = Some(0);
    let mut parent_indent: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') || body.starts_with("---") {
            continue;
        }
        let indent = line.len() - body.len();
        if let Some(p) = parent_indent {
            if indent <= p {
                return None; // left the parent's block without finding the key
            }
        }
        let at = *level.get_or_insert(indent);
        if indent != at {
            continue;
        }
        let name = body
            .split(':')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"')
            .trim_matches('\'');
        if name == *key && body.contains(':') {
            match want.next() {
                None => return Some(i + 1),
                Some(k) => {
                    key = k;
                    parent_indent = Some(indent);
                    level = None;
                }
            }
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)] // serde_json's index by key returns Null, never panics
mod tests {
    use super::*;

    #[test]
    fn short_forms_become_long_forms() {
        let v = parse(
            "A:\n  B: !Ref X\n  C: !GetAtt Res.Arn\n  D: !If [Cond, 1, 2]\n  E: !Sub '${X}-y'\n",
            "t.yaml",
        )
        .unwrap_or(Value::Null);
        assert_eq!(v["A"]["B"], json!({"Ref": "X"}));
        assert_eq!(v["A"]["C"], json!({"Fn::GetAtt": ["Res", "Arn"]}));
        assert_eq!(v["A"]["D"], json!({"Fn::If": ["Cond", 1, 2]}));
        assert_eq!(v["A"]["E"], json!({"Fn::Sub": "${X}-y"}));
    }

    #[test]
    fn bad_yaml_names_the_line() {
        let e = parse("A:\n  B: [1, 2\n", "t.yaml")
            .err()
            .map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.starts_with("t.yaml:")));
    }

    #[test]
    fn key_lines_in_yaml_and_json() {
        let y = "Globals:\n  Function:\n    MemorySize: 256\nResources:\n  Api:\n    Type: X\n    Events:\n      E:\n        Properties:\n          MemorySize: 1\n    Properties:\n      MemorySize: 512\n  Other:\n    Properties:\n      Timeout: 3\n";
        assert_eq!(
            key_line(y, &["Resources", "Api", "Properties", "MemorySize"]),
            Some(12)
        );
        assert_eq!(key_line(y, &["Globals", "Function", "MemorySize"]), Some(3));
        assert_eq!(
            key_line(y, &["Resources", "Api", "Properties", "Timeout"]),
            None
        );
        let j = "{\n \"Resources\": {\n  \"Api\": {\n   \"Properties\": {\n    \"MemorySize\": 512\n}}}}";
        assert_eq!(
            key_line(j, &["Resources", "Api", "Properties", "MemorySize"]),
            Some(5)
        );
    }
}
