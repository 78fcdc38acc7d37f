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
//!
//! On wasm32 the crate is `no_std`, with a panic handler that traps and talc as the
//! allocator: std's panic hook (payloads, the message written to a stderr that wasm32 does
//! not have) and its dlmalloc were code the shipped modules paid for and nobody used — a
//! panic is a bug, and it traps either way.
#![cfg_attr(target_arch = "wasm32", no_std)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

extern crate alloc;

use alloc::string::String;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A panic is a bug (input never panics, see above): trap, as `panic = "abort"` would.
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn trap(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(feature = "cid")]
pub mod car;
#[cfg(feature = "zk")]
pub mod chain;
#[cfg(feature = "cid")]
pub mod cid;
pub mod error;
pub mod hex;
pub mod object;
#[cfg(feature = "permit")]
pub mod permit;
#[cfg(feature = "groth16")]
pub mod zk;

pub use error::{ERROR_CODE_INVALID_ARGUMENT, JsResult};

/// The version of this build (the crate version), for diagnostics.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = buildVersion)]
pub fn build_version() -> String {
    String::from(env!("CARGO_PKG_VERSION"))
}
