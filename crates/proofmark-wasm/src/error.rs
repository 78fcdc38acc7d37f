//! The one conversion from errors to JS: an `Error` with a stable `code` property.
use wasm_bindgen::JsValue;

/// Result of an exported function: the error side is a JS `Error` with `code`.
pub type JsResult<T> = Result<T, JsValue>;

/// `code` of an argument the bindings cannot use (wrong type, bad option value).
pub const ERROR_CODE_INVALID_ARGUMENT: &str = "invalid-argument";

/// A JS `Error` with `message` and `code`.
pub fn js_error(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail; ignore the impossible case
    // rather than panic.
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code));
    error.into()
}

/// A core error as a JS `Error`: its message, and [`proofmark_core::Error::code`] as `code`.
pub fn core_error(error: &proofmark_core::Error) -> JsValue {
    js_error(error.code(), &error.to_string())
}

/// An unusable argument (`code: "invalid-argument"`).
pub fn invalid_argument(message: &str) -> JsValue {
    js_error(ERROR_CODE_INVALID_ARGUMENT, message)
}

/// Converts a core result.
pub trait IntoJs<T> {
    /// The core error as a JS `Error` with `code`.
    fn js(self) -> JsResult<T>;
}

impl<T> IntoJs<T> for proofmark_core::Result<T> {
    fn js(self) -> JsResult<T> {
        self.map_err(|error| core_error(&error))
    }
}

/// Serializes a value for JS (the chain, proof and permit bindings; the CID and CAR ones
/// build their objects with [`crate::object`]): plain objects, `null` for absent options (the JSON shape
/// the CLI prints).
#[cfg(any(feature = "zk", feature = "permit"))]
pub fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> JsResult<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error("internal", &e.to_string()))
}

/// Deserializes an options object (`undefined` and `null` give the default); a key not in
/// `allowed` is an `invalid-argument` error (a misspelt option never passes silently):
/// the check of [`crate::object::Options::read`].
#[cfg(any(feature = "zk", feature = "permit"))]
pub fn from_js<T: serde::de::DeserializeOwned + Default>(value: JsValue, allowed: &[&str]) -> JsResult<T> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    crate::object::Options::read(&value, allowed)?;
    serde_wasm_bindgen::from_value(value).map_err(|e| invalid_argument(&e.to_string()))
}
