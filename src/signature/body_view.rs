//! A request body that answers JSON-pointer questions (`/type`,
//! `/event/type`, `/data/object/id`) without building a JSON tree. Working
//! out a delivery's event and id needs a handful of short fields, but parsing
//! a whole GitHub push into a `Value` allocated every string and map in it:
//! profiles of `hook listen` put that parse at 17 % of a request. Here one
//! pass lists the top-level members (keys borrowed, values left raw), and
//! each question parses only the objects on its path below them.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// A JSON scalar (no members, no elements) visits as `None`.
macro_rules! scalars_are_none {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    };
}

/// A body, seen as JSON, as a form (fields as an object of strings), or neither.
#[derive(Debug)]
pub enum BodyView<'a> {
    /// A JSON object: its members, found in one pass, their values not yet parsed.
    Object(Vec<(Cow<'a, str>, &'a RawValue)>),
    /// A JSON array: its elements, not yet parsed.
    Array(Vec<&'a RawValue>),
    /// Another JSON value.
    Scalar(&'a RawValue),
    /// A form body, decoded.
    Form(Value),
    /// Neither JSON nor a form.
    Opaque,
}

impl<'a> BodyView<'a> {
    /// Look at `body`: one pass over it, allocating only the list of its top-level members.
    pub fn of(body: &'a [u8]) -> BodyView<'a> {
        // JSON is UTF-8: checking the whole body once spares serde_json from
        // checking each member's raw text again (it does for a byte slice).
        if let Ok(text) = std::str::from_utf8(body) {
            let mut de = serde_json::Deserializer::from_str(text);
            match de.deserialize_any(Top).and_then(|top| de.end().map(|()| top)) {
                Ok(Some(view)) => return view,
                Ok(None) => {
                    if let Ok(raw) = serde_json::from_str::<&RawValue>(text) {
                        return BodyView::Scalar(raw);
                    }
                }
                Err(_) => {}
            }
        }
        match super::describe::form_value(body) {
            Some(v) => BodyView::Form(v),
            None => BodyView::Opaque,
        }
    }

    /// The value at a JSON pointer, as `serde_json::Value::pointer` finds it.
    pub fn pointer(&self, pointer: &str) -> Option<Value> {
        let (first, rest) = match pointer.strip_prefix('/') {
            Some(p) => p.split_once('/').map_or((p, ""), |(a, b)| (a, b)),
            None if pointer.is_empty() => return self.whole(),
            None => return None,
        };
        let token = unescape(first);
        let raw = match self {
            BodyView::Object(members) => members.iter().rev().find(|(k, _)| *k == token).map(|(_, v)| *v)?,
            BodyView::Array(elements) => *elements.get(index(&token)?)?,
            BodyView::Form(v) => return v.pointer(pointer).cloned(),
            BodyView::Scalar(_) | BodyView::Opaque => return None,
        };
        let raw = if rest.is_empty() {
            raw
        } else {
            find(raw, &format!("/{rest}"))?
        };
        serde_json::from_str(raw.get()).ok()
    }

    /// The whole body as a value (the empty pointer).
    fn whole(&self) -> Option<Value> {
        match self {
            BodyView::Object(members) => Some(Value::Object(
                members
                    .iter()
                    .filter_map(|(k, v)| Some((k.to_string(), serde_json::from_str(v.get()).ok()?)))
                    .collect(),
            )),
            BodyView::Array(elements) => elements
                .iter()
                .map(|v| serde_json::from_str::<Value>(v.get()).ok())
                .collect::<Option<Vec<Value>>>()
                .map(Value::Array),
            BodyView::Scalar(raw) => serde_json::from_str(raw.get()).ok(),
            BodyView::Form(v) => Some(v.clone()),
            BodyView::Opaque => None,
        }
    }
}

fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// The top level of a body: members or elements collected, `None` for a scalar.
struct Top;

impl<'de> Visitor<'de> for Top {
    type Value = Option<BodyView<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key_seed(Key)? {
            members.push((key, map.next_value::<&'de RawValue>()?));
        }
        Ok(Some(BodyView::Object(members)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut elements = Vec::new();
        while let Some(element) = seq.next_element::<&'de RawValue>()? {
            elements.push(element);
        }
        Ok(Some(BodyView::Array(elements)))
    }

    scalars_are_none!();
}

/// An object key, borrowed from the body unless it has escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(key))
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(key.to_string()))
    }
}

/// The raw value at `pointer` inside `raw`.
fn find<'a>(raw: &'a RawValue, pointer: &str) -> Option<&'a RawValue> {
    if pointer.is_empty() {
        return Some(raw);
    }
    let mut here = raw;
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = unescape(token);
        let mut de = serde_json::Deserializer::from_str(here.get());
        here = de.deserialize_any(Step { token: &token }).ok()??;
    }
    Some(here)
}

/// One step of a pointer: the member named `token`, or the element at that index.
struct Step<'t> {
    token: &'t str,
}

impl<'de> Visitor<'de> for Step<'_> {
    type Value = Option<&'de RawValue>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        // Every member is read (the parser wants the object whole); the last of a name wins, as in `Value`.
        while let Some(matches) = map.next_key_seed(KeyIs(self.token))? {
            if matches {
                found = Some(map.next_value::<&'de RawValue>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let wanted = index(self.token);
        let (mut i, mut found) = (0usize, None);
        while let Some(element) = seq.next_element::<&'de RawValue>()? {
            if Some(i) == wanted {
                found = Some(element);
            }
            i += 1;
        }
        Ok(found)
    }

    scalars_are_none!();
}

/// An array index as JSON pointers write it: digits, no leading zero.
fn index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

/// Whether an object key equals the token, compared without allocating.
struct KeyIs<'t>(&'t str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

#[cfg(test)]
#[path = "body_view_tests.rs"]
mod tests;
