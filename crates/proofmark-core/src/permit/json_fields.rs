//! The permit JSON's six string fields, read by hand-written serde visitors rather than a
//! derived `Deserialize`: every visit a JSON value can make is answered here, so serde's
//! generic type errors, which format floating-point numbers, stay out of the SDK's wasm.
//! Each field must appear exactly once and be a string.
use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;

use serde::de::{self, Deserialize, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};

/// The field names, in the JSON's canonical order.
pub(super) const FIELDS: [&str; 6] = ["key", "buyer", "audience", "expires", "nonce", "signature"];

/// The six fields' texts, in [`FIELDS`] order (escapes decoded).
pub(super) struct PermitFields<'a>(pub [Cow<'a, str>; 6]);

impl<'a> PermitFields<'a> {
    /// Reads a JSON object (the caller has checked that `json` starts with `{`).
    pub(super) fn read(json: &'a str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }
}

/// The type error for a JSON value that is not what `expected` names. The value is
/// described, never printed when it is a float.
fn wrong_type<E: de::Error>(found: fmt::Arguments<'_>, expected: &str) -> E {
    E::custom(format_args!("invalid type: {found}, expected {expected}"))
}

/// Answers every visit but `visit_map` with a type error naming `$expected`.
macro_rules! refuse_all_but_map {
    ($expected:expr) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Err(wrong_type(format_args!("null"), $expected))
        }
        fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
            Err(wrong_type(format_args!("boolean `{value}`"), $expected))
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
            Err(wrong_type(format_args!("integer `{value}`"), $expected))
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
            Err(wrong_type(format_args!("integer `{value}`"), $expected))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(wrong_type(format_args!("floating point number"), $expected))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
            Err(wrong_type(format_args!("sequence"), $expected))
        }
    };
}

/// One field's text.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(String::from(value))))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Text<'de>, A::Error> {
        Err(wrong_type(format_args!("map"), "a string"))
    }

    refuse_all_but_map!("a string");
}

impl<'de> Deserialize<'de> for PermitFields<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldsVisitor)
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = PermitFields<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a permit object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PermitFields<'de>, A::Error> {
        let mut fields: [Option<Cow<'de, str>>; 6] = Default::default();
        while let Some(Text(name)) = map.next_key::<Text<'de>>()? {
            let Some(index) = FIELDS.iter().position(|field| *field == name) else {
                return Err(A::Error::custom(format_args!(
                    "unknown field `{name}`, expected one of `key`, `buyer`, `audience`, `expires`, `nonce`, `signature`"
                )));
            };
            if fields[index].is_some() {
                return Err(A::Error::custom(format_args!("duplicate field `{}`", FIELDS[index])));
            }
            fields[index] = Some(map.next_value::<Text<'de>>()?.0);
        }
        let mut texts: [Cow<'de, str>; 6] = Default::default();
        for (index, (text, field)) in texts.iter_mut().zip(fields).enumerate() {
            *text = field.ok_or_else(|| A::Error::custom(format_args!("missing field `{}`", FIELDS[index])))?;
        }
        Ok(PermitFields(texts))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<PermitFields<'de>, E> {
        Err(wrong_type(format_args!("string"), "a permit object"))
    }

    refuse_all_but_map!("a permit object");
}
