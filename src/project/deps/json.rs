//! JSON for manifests: a value that keeps object keys in file order (`package.json` lists dependencies in the
//! order people wrote them), syntax errors with their line, and the line of a key for value errors.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use crate::error::{line_of, Error, Location};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A JSON value whose objects keep their keys in file order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as text.
    Number(String),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, keys in file order.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A short description for messages: the value itself when it is a scalar.
    pub fn describe(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => b.to_string(),
            Json::Number(n) => n.clone(),
            Json::Str(s) => format!("\"{}\"", super::short(s)),
            Json::Array(_) => "an array".into(),
            Json::Object(_) => "an object".into(),
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(Json::Number(v.to_string()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(Json::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut out: Vec<(String, Json)> = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Json>()? {
            // A repeated key replaces the earlier value, as JSON.parse does.
            match out.iter_mut().find(|(key, _)| *key == k) {
                Some(slot) => slot.1 = v,
                None => out.push((k, v)),
            }
        }
        Ok(Json::Object(out))
    }
}

/// Parses `text` as JSON; a syntax error names `origin` and its line.
pub fn parse(text: &str, origin: &str) -> Result<Json, Error> {
    serde_json::from_str(text).map_err(|e| syntax(origin, &e))
}

/// A `serde_json` error as [`Error::Syntax`] at its line.
pub fn syntax(origin: &str, e: &serde_json::Error) -> Error {
    Error::Syntax {
        at: Location {
            file: origin.to_string(),
            line: (e.line() > 0).then_some(e.line()),
        },
        message: e.to_string(),
    }
}

/// The byte offset just after the key `"key"` (followed by `:`) at or after `from` in `text`.
fn key_after(text: &str, key: &str, from: usize) -> Option<usize> {
    let needle = format!("\"{key}\"");
    let mut start = from;
    while let Some(i) = text.get(start..)?.find(&needle) {
        let end = start + i + needle.len();
        if text.get(end..)?.trim_start().starts_with(':') {
            return Some(end);
        }
        start = end;
    }
    None
}

/// The line of the key path `keys` (`["dependencies", "axios"]`): each key searched after the previous one.
pub fn key_line(text: &str, keys: &[&str]) -> Option<usize> {
    let mut pos = 0;
    for k in keys {
        pos = key_after(text, k, pos)?;
    }
    Some(line_of(text, pos))
}

/// The lines of the members of the object at `section`, in order, searched one after another so that each
/// key's line is that of its own entry.
pub fn member_lines<'a>(
    text: &str,
    section: &str,
    keys: impl Iterator<Item = &'a str>,
) -> Vec<Option<usize>> {
    let Some(mut pos) = key_after(text, section, 0) else {
        return keys.map(|_| None).collect();
    };
    let section_line = line_of(text, pos);
    keys.map(|k| match key_after(text, k, pos) {
        Some(p) => {
            pos = p;
            Some(line_of(text, p))
        }
        None => Some(section_line),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_lines() {
        let text = "{\n  \"name\": \"x\",\n  \"dependencies\": {\n    \"zod\": \"^3\",\n    \"axios\": \"^1\"\n  }\n}\n";
        let v = parse(text, "package.json").unwrap();
        let Some(Json::Object(deps)) = v.get("dependencies") else {
            panic!()
        };
        let names: Vec<_> = deps.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["zod", "axios"]);
        assert_eq!(key_line(text, &["dependencies", "axios"]), Some(5));
        assert_eq!(
            member_lines(text, "dependencies", names.into_iter()),
            [Some(4), Some(5)]
        );
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let e = parse("{\n  \"a\": 1,\n  \"b\": \n}\n", "package.json").unwrap_err();
        assert!(e.to_string().starts_with("package.json:4: "), "{e}");
        let deep = "[".repeat(100_000);
        assert!(parse(&deep, "deep.json").is_err());
    }
}
