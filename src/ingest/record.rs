//! One raw record: the values of its recognised fields, borrowed from the input where possible.
//!
//! JSON objects are deserialised straight into a `RawRecord` through a `DeserializeSeed`, so
//! unknown keys are skipped without allocation and strings without escapes are borrowed from
//! the read buffer. CSV rows fill the same structure, so everything after parsing is shared.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::fields::{FieldSet, MAX_FIELDS};

/// A field value as found in the input.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Str(Cow<'a, str>),
    Int(i64),
    UInt(u64),
    Float(f64),
    Bool(bool),
    /// A JSON array, its scalar items as strings (objects inside contribute a known key).
    List(Vec<Cow<'a, str>>),
    /// A JSON object or anything else lockstep does not read as a value.
    Other,
}

impl Val<'_> {
    /// Whether the value says "nothing here": an empty or blank string.
    pub fn is_blank(&self) -> bool {
        matches!(self, Val::Str(s) if s.trim().is_empty())
    }
}

/// The recognised fields of one record, with the rank of the key each came from.
#[derive(Debug, Default)]
pub struct RawRecord<'a> {
    values: [Option<Val<'a>>; MAX_FIELDS],
    ranks: [u8; MAX_FIELDS],
}

impl<'a> RawRecord<'a> {
    /// Stores `v` for field `i` unless a better-ranked key already supplied it.
    pub fn set(&mut self, i: usize, rank: u8, v: Val<'a>) {
        // `i` comes from a `FieldSet`, which holds at most `MAX_FIELDS` fields.
        if let (Some(slot), Some(r)) = (self.values.get_mut(i), self.ranks.get_mut(i)) {
            if slot.is_none() || rank < *r {
                *slot = Some(v);
                *r = rank;
            }
        }
    }

    /// The value of field `i`, if present and not null or blank.
    pub fn get(&self, i: usize) -> Option<&Val<'a>> {
        self.values.get(i)?.as_ref().filter(|v| !v.is_blank())
    }

    /// Whether no recognised field was present.
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }

    /// The first of `fields` holding a NUL character, and the 1-based byte of it in that
    /// string (in the list item, for a list). A JSON string can spell one (`"\u0000"`) where a
    /// raw one is malformed.
    pub fn nul_at(&self, fields: &[usize]) -> Option<(usize, usize)> {
        let at = |s: &str| s.bytes().position(|b| b == 0).map(|k| k + 1);
        fields.iter().find_map(|&i| match self.values.get(i)? {
            Some(Val::Str(s)) => at(s).map(|k| (i, k)),
            Some(Val::List(items)) => items.iter().find_map(|s| at(s)).map(|k| (i, k)),
            _ => None,
        })
    }
}

/// Deserialises a JSON object into a `RawRecord` for a given field set.
pub struct RecordSeed<'s> {
    pub fields: &'s FieldSet,
}

/// What a JSON value turned out to be when a record was expected.
// Boxing the record would cost an allocation per record; the value lives once on the stack.
#[allow(clippy::large_enum_variant)]
pub enum Parsed<'a> {
    Record(RawRecord<'a>),
    /// What it is instead: `an array`, `a string`, `a number`, `a boolean` or `null`.
    NotAnObject(&'static str),
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Parsed<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(RecordVisitor {
            fields: self.fields,
        })
    }
}

struct RecordVisitor<'s> {
    fields: &'s FieldSet,
}

impl<'de> Visitor<'de> for RecordVisitor<'_> {
    type Value = Parsed<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut rec = RawRecord::default();
        while let Some(key) = map.next_key_seed(KeySeed {
            fields: self.fields,
        })? {
            match key {
                Some((i, rank)) => {
                    if let Some(v) = map.next_value_seed(ValSeed)? {
                        rec.set(i, rank, v);
                    }
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Parsed::Record(rec))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Parsed::NotAnObject("an array"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Parsed::NotAnObject("a string"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Parsed::NotAnObject("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Parsed::NotAnObject("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Parsed::NotAnObject("a number"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Parsed::NotAnObject("a boolean"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Parsed::NotAnObject("null"))
    }
}

/// Maps a key to `Some((field, rank))` or `None` for an unknown key, without allocating.
struct KeySeed<'s> {
    fields: &'s FieldSet,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<(usize, u8)>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Option<(usize, u8)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.fields.lookup(v))
    }
}

/// Deserialises any JSON value into `Some(Val)`, or `None` for `null`.
struct ValSeed;

impl<'de> DeserializeSeed<'de> for ValSeed {
    type Value = Option<Val<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ValVisitor)
    }
}

struct ValVisitor;

impl<'de> Visitor<'de> for ValVisitor {
    type Value = Option<Val<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Val::Str(Cow::Borrowed(v))))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Val::Str(Cow::Owned(v.to_owned()))))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Val::Str(Cow::Owned(v))))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Val::Int(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Val::UInt(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(Val::Float(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Val::Bool(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(ItemSeed)? {
            if let Some(s) = item {
                items.push(s);
            }
        }
        Ok(Some(Val::List(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Some(Val::Other))
    }
}

/// Keys whose string value stands for a list item given as an object, in order of preference
/// (`{"expanded_url": ...}`, `{"tag": ...}`, `{"hash": ...}`).
const ITEM_KEYS: &[&str] = &[
    "expanded_url",
    "url",
    "tag",
    "text",
    "hash",
    "username",
    "id",
    "name",
];

/// One list item: a string, a number as a string, or the best known key of an object.
struct ItemSeed;

impl<'de> DeserializeSeed<'de> for ItemSeed {
    type Value = Option<Cow<'de, str>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list item")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut best: Option<(usize, Cow<'de, str>)> = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match ITEM_KEYS.iter().position(|k| *k == key) {
                Some(rank) if best.as_ref().is_none_or(|(r, _)| rank < *r) => {
                    if let Some(v) = map.next_value_seed(ItemSeed)? {
                        best = Some((rank, v));
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(best.map(|(_, v)| v))
    }
}

/// Splits a list given as one string: a JSON or Python-literal list (`["a", "b"]`,
/// `['a', 'b']`), or items separated by whitespace or commas.
pub fn split_list(s: &str, out: &mut Vec<String>) {
    let t = s.trim();
    if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        split_literal_list(inner, out);
        return;
    }
    out.extend(
        t.split(|c: char| c.is_whitespace() || c == ',')
            .filter(|x| !x.is_empty())
            .map(str::to_owned),
    );
}

/// Items of a bracketed list body: quoted with `'` or `"` (backslash escapes honoured), or bare
/// and comma-separated.
fn split_literal_list(inner: &str, out: &mut Vec<String>) {
    let mut chars = inner.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == ',').is_some() {}
        let Some(&c) = chars.peek() else { break };
        let mut item = String::new();
        if c == '\'' || c == '"' {
            chars.next();
            while let Some(ch) = chars.next() {
                match ch {
                    '\\' => {
                        if let Some(e) = chars.next() {
                            item.push(match e {
                                'n' => '\n',
                                't' => '\t',
                                other => other,
                            });
                        }
                    }
                    ch if ch == c => break,
                    ch => item.push(ch),
                }
            }
        } else {
            while let Some(ch) = chars.next_if(|ch| *ch != ',') {
                item.push(ch);
            }
            let trimmed = item.trim_end().len();
            item.truncate(trimmed);
        }
        if !item.is_empty() {
            out.push(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::fields::{POST_FIELDS, post};

    fn parse(json: &str) -> RawRecord<'_> {
        let mut d = serde_json::Deserializer::from_str(json);
        match (RecordSeed {
            fields: &POST_FIELDS,
        })
        .deserialize(&mut d)
        .unwrap()
        {
            Parsed::Record(r) => r,
            Parsed::NotAnObject(what) => panic!("not an object: {what}"),
        }
    }

    #[test]
    fn canonical_key_wins_regardless_of_order() {
        let r = parse(r#"{"id": "alias", "post_id": "canon", "x": {"deep": [1]}}"#);
        assert_eq!(r.get(post::POST_ID), Some(&Val::Str("canon".into())));
        let r = parse(r#"{"post_id": "canon", "id": "alias"}"#);
        assert_eq!(r.get(post::POST_ID), Some(&Val::Str("canon".into())));
    }

    #[test]
    fn values_of_every_kind() {
        let r = parse(
            r#"{"post_id": 12, "timestamp": 1.5e9, "text": "a\"b", "urls": ["u", {"expanded_url": "e", "url": "t"}, null, 3], "lang": null}"#,
        );
        assert_eq!(r.get(post::POST_ID), Some(&Val::UInt(12)));
        assert_eq!(r.get(post::TIMESTAMP), Some(&Val::Float(1.5e9)));
        assert_eq!(r.get(post::TEXT), Some(&Val::Str("a\"b".into())));
        assert_eq!(
            r.get(post::URLS),
            Some(&Val::List(vec!["u".into(), "e".into(), "3".into()]))
        );
        assert_eq!(r.get(post::LANG), None);
    }

    #[test]
    fn blank_strings_count_as_missing() {
        let r = parse(r#"{"post_id": "  "}"#);
        assert_eq!(r.get(post::POST_ID), None);
    }

    fn split(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        split_list(s, &mut v);
        v
    }

    #[test]
    fn list_strings() {
        assert_eq!(split("a b  c"), ["a", "b", "c"]);
        assert_eq!(split("a,b, c"), ["a", "b", "c"]);
        assert_eq!(split("['a', 'b c']"), ["a", "b c"]);
        assert_eq!(split(r#"["x", "it's"]"#), ["x", "it's"]);
        assert_eq!(split(r"['it\'s', 'z']"), ["it's", "z"]);
        assert_eq!(split("[1, 2]"), ["1", "2"]);
        assert_eq!(split("[]"), Vec::<String>::new());
        assert_eq!(split(""), Vec::<String>::new());
        assert_eq!(split("['#été', '🎉']"), ["#été", "🎉"]);
    }
}
