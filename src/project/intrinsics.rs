//! CloudFormation's intrinsic functions, resolved where they are static: `Ref` to a parameter (its override or
//! default) or to `AWS::Region`, `Fn::If` on a condition that can be decided, `Fn::Sub` and `Fn::Join` of static
//! parts, `Fn::FindInMap` over static keys. Anything else is left unresolved, with the reason, for a note.

use serde_json::Value;
use std::collections::BTreeMap;

/// What a template's static context knows.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Parameter values: overrides (samconfig) over defaults.
    pub parameters: BTreeMap<String, Value>,
    /// The region, when known (samconfig, `--region`).
    pub region: Option<String>,
    /// The template's `Conditions`.
    pub conditions: serde_json::Map<String, Value>,
    /// The template's `Mappings`.
    pub mappings: serde_json::Map<String, Value>,
}

/// Why a value could not be resolved.
pub type Unresolved = String;

/// The single key of an intrinsic function object (`{"Ref": …}`), with its argument.
fn intrinsic(v: &Value) -> Option<(&str, &Value)> {
    let m = v.as_object()?;
    if m.len() != 1 {
        return None;
    }
    let (k, a) = m.iter().next()?;
    (k == "Ref" || k == "Condition" || k.starts_with("Fn::")).then_some((k.as_str(), a))
}

impl Context {
    /// `v` with every intrinsic resolved, or why one could not be.
    pub fn resolve(&self, v: &Value) -> Result<Value, Unresolved> {
        self.resolve_at(v, 0)
    }

    fn resolve_at(&self, v: &Value, depth: usize) -> Result<Value, Unresolved> {
        if depth > 32 {
            return Err("intrinsics nested deeper than 32".into());
        }
        let Some((f, arg)) = intrinsic(v) else {
            return match v {
                Value::Array(items) => items
                    .iter()
                    .map(|x| self.resolve_at(x, depth + 1))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::Array),
                other => Ok(other.clone()),
            };
        };
        let arg_at = |i: usize| arg.as_array().and_then(|a| a.get(i));
        match f {
            "Ref" => {
                let name = arg.as_str().ok_or("a Ref to a non-string")?;
                match name {
                    "AWS::Region" => self.region.clone().map(Value::String).ok_or_else(|| {
                        "the region is not in the template (samconfig.toml or --region)".into()
                    }),
                    "AWS::NoValue" => Ok(Value::Null),
                    _ => self.parameters.get(name).cloned().ok_or_else(|| {
                        format!("!Ref {name}: not a parameter with a default or an override")
                    }),
                }
            }
            "Fn::If" => {
                let cond = arg_at(0)
                    .and_then(Value::as_str)
                    .ok_or("Fn::If without a condition name")?;
                let branch = if self.condition(cond, depth + 1)? {
                    1
                } else {
                    2
                };
                let chosen = arg_at(branch).ok_or("Fn::If without both branches")?;
                self.resolve_at(chosen, depth + 1)
            }
            "Fn::Sub" => {
                let (template, vars) = match arg {
                    Value::String(s) => (s.as_str(), None),
                    Value::Array(a) => (
                        a.first()
                            .and_then(Value::as_str)
                            .ok_or("Fn::Sub without a string")?,
                        a.get(1).and_then(Value::as_object),
                    ),
                    _ => return Err("Fn::Sub of an unexpected shape".into()),
                };
                let mut out = String::new();
                let mut rest = template;
                while let Some(i) = rest.find("${") {
                    out.push_str(&rest[..i]);
                    let after = &rest[i + 2..];
                    let end = after.find('}').ok_or("Fn::Sub with an unclosed ${")?;
                    let name = &after[..end];
                    let value = match vars.and_then(|m| m.get(name)) {
                        Some(x) => self.resolve_at(x, depth + 1)?,
                        None if name.starts_with('!') => {
                            Value::String(format!("${{{}}}", &name[1..]))
                        }
                        None => self.resolve_at(&serde_json::json!({"Ref": name}), depth + 1)?,
                    };
                    out.push_str(&scalar_text(&value).ok_or("Fn::Sub of a non-scalar")?);
                    rest = &after[end + 1..];
                }
                out.push_str(rest);
                Ok(Value::String(out))
            }
            "Fn::Join" => {
                let sep = arg_at(0)
                    .and_then(Value::as_str)
                    .ok_or("Fn::Join without a separator")?;
                let parts =
                    self.resolve_at(arg_at(1).ok_or("Fn::Join without a list")?, depth + 1)?;
                let texts: Option<Vec<String>> = parts
                    .as_array()
                    .map(|a| a.iter().map(scalar_text).collect())
                    .unwrap_or(None);
                Ok(Value::String(
                    texts.ok_or("Fn::Join of non-scalars")?.join(sep),
                ))
            }
            "Fn::FindInMap" => {
                let keys: Vec<String> = (0..3)
                    .map(|i| {
                        let k = self.resolve_at(
                            arg_at(i).ok_or("Fn::FindInMap needs three keys")?,
                            depth + 1,
                        )?;
                        scalar_text(&k)
                            .ok_or_else(|| "Fn::FindInMap of a non-scalar key".to_string())
                    })
                    .collect::<Result<_, _>>()?;
                self.mappings
                    .get(&keys[0])
                    .and_then(|m| m.get(&keys[1]))
                    .and_then(|m| m.get(&keys[2]))
                    .cloned()
                    .ok_or_else(|| {
                        format!(
                            "Fn::FindInMap {}.{}.{}: not in Mappings",
                            keys[0], keys[1], keys[2]
                        )
                    })
            }
            other => Err(format!("{other} is resolved only at deploy time")),
        }
    }

    /// Whether condition `name` holds, when it can be decided statically.
    pub fn condition(&self, name: &str, depth: usize) -> Result<bool, Unresolved> {
        let c = self
            .conditions
            .get(name)
            .ok_or_else(|| format!("condition {name} is not in Conditions"))?;
        self.decide(c, depth + 1)
            .map_err(|why| format!("condition {name}: {why}"))
    }

    fn decide(&self, c: &Value, depth: usize) -> Result<bool, Unresolved> {
        if depth > 32 {
            return Err("conditions nested deeper than 32".into());
        }
        let (f, arg) = intrinsic(c).ok_or("a condition that is not an intrinsic")?;
        let items = || arg.as_array().cloned().unwrap_or_default();
        match f {
            "Condition" => self.condition(arg.as_str().ok_or("Condition of a non-string")?, depth),
            "Fn::Equals" => {
                let v = items();
                let (a, b) = (
                    self.resolve_at(v.first().ok_or("Fn::Equals needs two values")?, depth)?,
                    self.resolve_at(v.get(1).ok_or("Fn::Equals needs two values")?, depth)?,
                );
                Ok(scalar_text(&a) == scalar_text(&b))
            }
            "Fn::Not" => Ok(!self.decide(
                items().first().ok_or("Fn::Not needs a condition")?,
                depth + 1,
            )?),
            "Fn::And" => {
                let mut all = true;
                for x in items() {
                    all &= self.decide(&x, depth + 1)?;
                }
                Ok(all)
            }
            "Fn::Or" => {
                let mut any = false;
                for x in items() {
                    any |= self.decide(&x, depth + 1)?;
                }
                Ok(any)
            }
            other => Err(format!("{other} in a condition")),
        }
    }
}

/// A whole number of MB, ms or environments from a number or a numeric string (`None` if negative, not finite or
/// beyond `u32`).
pub fn as_u32(v: &Value) -> Option<u32> {
    scalar_text(v)?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x >= 0.0 && *x <= f64::from(u32::MAX))
        .map(|x| x as u32)
}

/// A scalar as text (`"512"` for 512), or `None` for arrays, objects and null.
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> Context {
        let mut c = Context {
            region: Some("eu-west-2".into()),
            ..Context::default()
        };
        c.parameters.insert("Env".into(), json!("production"));
        c.parameters.insert("Memory".into(), json!(512));
        c.conditions.insert(
            "IsProd".into(),
            json!({"Fn::Equals": [{"Ref": "Env"}, "production"]}),
        );
        c.conditions.insert(
            "NotProd".into(),
            json!({"Fn::Not": [{"Condition": "IsProd"}]}),
        );
        c.mappings
            .insert("Sizes".into(), json!({"production": {"mb": 2048}}));
        c
    }

    #[test]
    fn static_intrinsics_resolve() {
        let c = ctx();
        assert_eq!(c.resolve(&json!({"Ref": "Memory"})), Ok(json!(512)));
        assert_eq!(
            c.resolve(&json!({"Fn::If": ["IsProd", 1024, 128]})),
            Ok(json!(1024))
        );
        assert_eq!(
            c.resolve(&json!({"Fn::If": ["NotProd", 1024, 128]})),
            Ok(json!(128))
        );
        assert_eq!(
            c.resolve(&json!({"Fn::Sub": "${Env}-${AWS::Region}-x"})),
            Ok(json!("production-eu-west-2-x"))
        );
        assert_eq!(
            c.resolve(&json!({"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "mb"]})),
            Ok(json!(2048))
        );
        assert!(c.resolve(&json!({"Fn::GetAtt": ["X", "Arn"]})).is_err());
        assert!(c.resolve(&json!({"Ref": "Unknown"})).is_err());
    }

    #[test]
    fn self_referencing_conditions_stop() {
        let mut c = ctx();
        c.conditions
            .insert("Loop".into(), json!({"Fn::Not": [{"Condition": "Loop"}]}));
        assert!(c.condition("Loop", 0).is_err());
    }
}
