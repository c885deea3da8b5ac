//! The names of a model's weights, read only when asked for.
//!
//! A model has a name per weight (82k for the default: the hashed buckets are named after
//! the keys that filled them). Only explanations and `model inspect` read them, yet parsing
//! them into strings was half of every `spamspan` run's start-up. So a model read from a
//! file keeps the header's JSON array as text, checked at load (an array of exactly as many
//! strings as weights, without allocating one), and parses it on first use.

use std::fmt;
use std::sync::OnceLock;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

/// One name per weight, in weight order.
pub struct FeatureNames {
    len: usize,
    /// The header's JSON array, when the names came from a file and were not yet needed.
    json: Option<Box<str>>,
    parsed: OnceLock<Vec<String>>,
}

impl FeatureNames {
    /// Names from the header's JSON array `json`, or a description of what is wrong with
    /// it. Nothing but the count is kept until [`FeatureNames::as_slice`].
    pub(crate) fn from_json(json: &str) -> Result<FeatureNames, String> {
        let len = serde_json::from_str::<StringCount>(json)
            .map_err(|e| format!("feature_names: {e}"))?
            .0;
        Ok(FeatureNames {
            len,
            json: Some(json.into()),
            parsed: OnceLock::new(),
        })
    }

    /// The number of names, without parsing them.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every name, parsed on first use.
    pub fn as_slice(&self) -> &[String] {
        self.parsed.get_or_init(|| {
            // The text was checked to be an array of `len` strings when the model was
            // loaded, so this parse cannot fail.
            self.json
                .as_deref()
                .and_then(|json| serde_json::from_str(json).ok())
                .unwrap_or_default()
        })
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        self.as_slice().get(i).map(String::as_str)
    }
}

impl From<Vec<String>> for FeatureNames {
    fn from(names: Vec<String>) -> FeatureNames {
        FeatureNames {
            len: names.len(),
            json: None,
            parsed: OnceLock::from(names),
        }
    }
}

impl std::ops::Index<usize> for FeatureNames {
    type Output = String;

    fn index(&self, i: usize) -> &String {
        &self.as_slice()[i]
    }
}

impl Clone for FeatureNames {
    fn clone(&self) -> FeatureNames {
        FeatureNames {
            len: self.len,
            json: self.json.clone(),
            parsed: self.parsed.clone(),
        }
    }
}

impl PartialEq for FeatureNames {
    fn eq(&self, other: &FeatureNames) -> bool {
        self.len == other.len && self.as_slice() == other.as_slice()
    }
}

impl fmt::Debug for FeatureNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FeatureNames({} names)", self.len)
    }
}

/// How many strings a JSON array holds; anything else in it is an error. The strings are
/// looked at, not kept.
struct StringCount(usize);

impl<'de> Deserialize<'de> for StringCount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<StringCount, D::Error> {
        d.deserialize_seq(CountVisitor)
    }
}

struct CountVisitor;

impl<'de> Visitor<'de> for CountVisitor {
    type Value = StringCount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of strings")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StringCount, A::Error> {
        let mut n = 0;
        while seq.next_element::<AnyString>()?.is_some() {
            n += 1;
        }
        Ok(StringCount(n))
    }
}

/// A JSON string, checked and dropped.
struct AnyString;

impl<'de> Deserialize<'de> for AnyString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<AnyString, D::Error> {
        struct StrVisitor;
        impl Visitor<'_> for StrVisitor {
            type Value = AnyString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<AnyString, E> {
                Ok(AnyString)
            }
        }
        d.deserialize_str(StrVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_counted_at_once_and_parsed_when_asked_for() {
        let names = FeatureNames::from_json(r#"["a", "b\"c", "d\u00e9"]"#).expect("names");
        assert_eq!(names.len(), 3);
        assert!(names.parsed.get().is_none());
        assert_eq!(names.get(1), Some("b\"c"));
        assert_eq!(&names[2], "dé");
        assert_eq!(
            names,
            FeatureNames::from(vec!["a".into(), "b\"c".into(), "dé".into()])
        );
        for bad in [r#"["a", 1]"#, r#"{"a": "b"}"#, r#"["a""#, "7", r#"[["a"]]"#] {
            assert!(FeatureNames::from_json(bad).is_err(), "{bad}");
        }
    }
}
