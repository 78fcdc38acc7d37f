//! The one conversion from errors to JS: an `Error` with a stable `code` property.
use alloc::string::ToString;
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

/// A value whose JSON shape the core defines with serde (the chain verdicts, as the CLI
/// prints them), as a plain JS object: through JSON text, which the full module's chain
/// reader links anyway.
#[cfg(feature = "zk")]
pub fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> JsResult<JsValue> {
    let text = serde_json::to_string(value).map_err(|e| js_error("internal", &e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| js_error("internal", "a result did not round-trip through JSON"))
}
