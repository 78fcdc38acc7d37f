//! WebAssembly bindings of `proofmark-core` for the npm package `proofmark` (`pkg/`).
//!
//! Thin: every function converts JS values to core types, calls the core, and converts
//! the answer back. Every core [`proofmark_core::Error`] becomes one JS `Error` whose
//! `code` property is [`proofmark_core::Error::code`] (see [`error`]). Nothing here may
//! panic on input: no `unwrap` on untrusted paths, fallible allocation for lengths taken
//! from input.
//!
//! The hand-written wrapper `pkg/index.js` is the public API; these exports are its
//! engine and keep the names of DESIGN §8 where they map one to one.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod car;
#[cfg(feature = "zk")]
pub mod chain;
pub mod cid;
pub mod error;
pub mod object;
#[cfg(feature = "permit")]
pub mod permit;
#[cfg(feature = "zk")]
pub mod zk;

pub use error::{ERROR_CODE_INVALID_ARGUMENT, JsResult};

/// The version of this build (the crate version), for diagnostics.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = buildVersion)]
pub fn build_version() -> String {
    String::from(env!("CARGO_PKG_VERSION"))
}
