//! Proofmark's verification core: bytes in, values and verdicts out.
//!
//! The crate is `no_std` + `alloc` and does no IO, keeps no clock, draws no randomness
//! and spawns no threads. Edges (the CLI, the wasm bindings, the worker) fetch, then call
//! into these functions, which return a value or a typed [`Error`].
//!
//! - [`cid`]: CIDs, multihashes, dag-pb and UnixFS, the importer with its profiles, the
//!   streaming builder, CAR reading, writing and verification, UnixFS walking.
//! - [`verdict`]: the verdict shape shared by every component.
#![no_std]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod cid;
mod error;
pub mod verdict;

pub use error::{Error, Result};
