//! The JSON lines of `hook listen --json`, checked against
//! schemas/listen.schema.json by a small validator for the subset of JSON
//! Schema that file uses.

use serde_json::Value;
use std::sync::OnceLock;

/// Check a value against schemas/listen.schema.json.
pub fn validate(v: &Value) -> Result<(), String> {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    let root = SCHEMA.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/listen.schema.json");
        serde_json::from_str(&std::fs::read_to_string(path).expect("read schema")).expect("schema is JSON")
    });
    check(root, root, v, "$")
}

/// The subset of JSON Schema the listen schema uses; any other keyword is an error.
fn check(root: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    let s = schema.as_object().ok_or(format!("{at}: schema is not an object"))?;
    for (key, rule) in s {
        match key.as_str() {
            "$schema" | "$id" | "$defs" | "title" | "description" => {}
            "$ref" => {
                let name = rule
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                    .ok_or(format!("bad $ref {rule}"))?;
                check(root, &root["$defs"][name], v, at)?;
            }
            "oneOf" => {
                let alts = rule.as_array().ok_or("oneOf is not an array")?;
                let fits = alts.iter().filter(|a| check(root, a, v, at).is_ok()).count();
                if fits != 1 {
                    return Err(format!("{at}: matches {fits} of the oneOf alternatives, not exactly 1"));
                }
            }
            "type" => {
                let names: Vec<&Value> = rule.as_array().map_or(vec![rule], |a| a.iter().collect());
                if !names.iter().any(|t| is_type(v, t.as_str().unwrap_or(""))) {
                    return Err(format!("{at}: {v} is not of type {rule}"));
                }
            }
            "const" if v != rule => return Err(format!("{at}: {v} is not {rule}")),
            "enum" if !rule.as_array().is_some_and(|a| a.contains(v)) => {
                return Err(format!("{at}: {v} not in {rule}"))
            }
            "const" | "enum" => {}
            "required" => {
                for name in rule.as_array().into_iter().flatten().filter_map(Value::as_str) {
                    if v.is_object() && v.get(name).is_none() {
                        return Err(format!("{at}: required {name:?} is missing"));
                    }
                }
            }
            "properties" | "additionalProperties" => {
                let Some(obj) = v.as_object() else { continue };
                for (name, item) in obj {
                    let here = format!("{at}.{name}");
                    let declared = s.get("properties").and_then(|p| p.get(name));
                    match (key.as_str(), declared, s.get("additionalProperties")) {
                        ("properties", Some(sub), _) => check(root, sub, item, &here)?,
                        ("additionalProperties", None, Some(Value::Bool(false))) => {
                            return Err(format!("{here}: property not allowed"))
                        }
                        ("additionalProperties", None, Some(sub @ Value::Object(_))) => check(root, sub, item, &here)?,
                        _ => {}
                    }
                }
            }
            "items" => {
                for (i, item) in v.as_array().into_iter().flatten().enumerate() {
                    check(root, rule, item, &format!("{at}[{i}]"))?;
                }
            }
            "minItems" | "maxItems" => {
                let (Some(a), Some(n)) = (v.as_array(), rule.as_u64()) else {
                    continue;
                };
                let len = a.len() as u64;
                if (key == "minItems" && len < n) || (key == "maxItems" && len > n) {
                    return Err(format!("{at}: {len} items breaks {key} {n}"));
                }
            }
            "minimum" => {
                if let (Some(x), Some(min)) = (v.as_f64(), rule.as_f64()) {
                    if x < min {
                        return Err(format!("{at}: {x} is below the minimum {min}"));
                    }
                }
            }
            other => return Err(format!("{at}: the test validator does not know {other:?}")),
        }
    }
    Ok(())
}

fn is_type(v: &Value, name: &str) -> bool {
    match name {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => false,
    }
}
