//! Options objects read and result objects built with `Reflect`, without serde.
//!
//! The bindings use these instead of serde-wasm-bindgen: serde's error formatting alone
//! links float formatting into the wasm, and the CID-only module is meant to stay
//! small. Absent, `undefined` and `null` options are unset; results are plain objects
//! with `null` for absent values. (Results whose shape the core defines with serde,
//! the chain verdicts, cross as JSON text: [`crate::error::to_js`].)
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{JsResult, invalid_argument};

/// An options object whose keys were checked against the names a call takes.
pub struct Options {
    object: Option<Object>,
}

impl Options {
    /// Reads `value`: `undefined` or `null` is no options; anything but an object, or a key
    /// not in `allowed`, is an `invalid-argument` error (a misspelt option never passes).
    pub fn read(value: &JsValue, allowed: &[&str]) -> JsResult<Options> {
        if value.is_undefined() || value.is_null() {
            return Ok(Options { object: None });
        }
        let Some(object) = value.dyn_ref::<Object>() else {
            return Err(invalid_argument("options must be an object"));
        };
        for key in Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                // Quoted by hand: `{key:?}` would link Debug escaping and its Unicode tables.
                return Err(invalid_argument(&format!(
                    "unknown option \"{key}\" (expected one of {})",
                    allowed.join(", ")
                )));
            }
        }
        Ok(Options { object: Some(object.clone()) })
    }

    /// The value under `key`, `None` when absent, `undefined` or `null`.
    fn get(&self, key: &str) -> JsResult<Option<JsValue>> {
        let Some(object) = &self.object else { return Ok(None) };
        let value = Reflect::get(object, &JsValue::from_str(key))
            .map_err(|_| invalid_argument(&format!("option {key} cannot be read")))?;
        Ok(if value.is_undefined() || value.is_null() { None } else { Some(value) })
    }

    /// A string option.
    pub fn string(&self, key: &str) -> JsResult<Option<String>> {
        self.get(key)?
            .map(|value| value.as_string().ok_or_else(|| invalid_argument(&format!("option {key} must be a string"))))
            .transpose()
    }

    /// A boolean option.
    pub fn boolean(&self, key: &str) -> JsResult<Option<bool>> {
        self.get(key)?
            .map(|value| value.as_bool().ok_or_else(|| invalid_argument(&format!("option {key} must be a boolean"))))
            .transpose()
    }

    /// A list of strings.
    pub fn strings(&self, key: &str) -> JsResult<Option<Vec<String>>> {
        let Some(value) = self.get(key)? else { return Ok(None) };
        let not_strings = || invalid_argument(&format!("option {key} must be an array of strings"));
        let array = value.dyn_into::<js_sys::Array>().map_err(|_| not_strings())?;
        array.iter().map(|item| item.as_string().ok_or_else(not_strings)).collect::<JsResult<Vec<_>>>().map(Some)
    }

    /// `value` (one of this object's options, read with a getter above), or an
    /// `invalid-argument` error naming `key` when it is absent.
    pub fn required<T>(&self, key: &str, value: Option<T>) -> JsResult<T> {
        value.ok_or_else(|| invalid_argument(&format!("option {key} is required")))
    }

    /// A non-negative integer option no greater than `max`: a safe-integer number or a
    /// bigint.
    pub fn integer(&self, key: &str, max: u64) -> JsResult<Option<u64>> {
        let Some(value) = self.get(key)? else { return Ok(None) };
        let out_of_range = || invalid_argument(&format!("option {key} must be an integer from 0 to {max}"));
        let integer = if let Some(number) = value.as_f64() {
            // In range, the cast is exact only for a whole number (`f64::fract` is std-only).
            if !(0.0..=MAX_SAFE_INTEGER).contains(&number) || number as u64 as f64 != number {
                return Err(out_of_range());
            }
            number as u64
        } else if value.is_bigint() {
            u64::try_from(value).map_err(|_| out_of_range())?
        } else {
            return Err(out_of_range());
        };
        if integer > max {
            return Err(out_of_range());
        }
        Ok(Some(integer))
    }
}

/// 2⁵³ − 1, the largest integer a JS number holds exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A plain result object, built field by field.
pub struct ResultObject(Object);

impl ResultObject {
    /// An empty object.
    pub fn new() -> ResultObject {
        ResultObject(Object::new())
    }

    /// Sets `key`. Setting a property on a fresh plain object cannot fail; the impossible
    /// case is ignored rather than turned into a panic.
    pub fn set(self, key: &str, value: impl Into<JsValue>) -> ResultObject {
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), &value.into());
        self
    }

    /// Sets `key` to `value`, or to `null` when `None`.
    pub fn set_or_null(self, key: &str, value: Option<impl Into<JsValue>>) -> ResultObject {
        match value {
            Some(value) => self.set(key, value),
            None => self.set(key, JsValue::NULL),
        }
    }

    /// Sets `key` only when `value` is `Some` (a field JSON leaves out when absent).
    pub fn set_if_some(self, key: &str, value: Option<impl Into<JsValue>>) -> ResultObject {
        match value {
            Some(value) => self.set(key, value),
            None => self,
        }
    }

    /// The object.
    pub fn build(self) -> JsValue {
        self.0.into()
    }
}

impl Default for ResultObject {
    fn default() -> Self {
        ResultObject::new()
    }
}

/// A count or size as a JS number (exact up to 2⁵³, beyond any size the SDK handles).
pub fn number(value: u64) -> JsValue {
    JsValue::from_f64(value as f64)
}

/// The integrity part of a verdict, `{status, reason?, profile?, via}` as the CLI's JSON
/// has it.
pub fn integrity(integrity: &proofmark_core::verdict::Integrity) -> JsValue {
    ResultObject::new()
        .set("status", integrity.status.as_str())
        .set_if_some("reason", integrity.reason.as_deref())
        .set_if_some("profile", integrity.profile.as_deref())
        .set("via", integrity.via.as_str())
        .build()
}
