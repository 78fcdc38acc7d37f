//! Proofmark's verification core: bytes in, values and verdicts out.
//!
//! The crate is `no_std` + `alloc` and does no IO, keeps no clock, draws no randomness
//! and spawns no threads. Edges (the CLI, the wasm bindings, the worker) fetch, then call
//! into these functions, which return a value or a typed [`Error`].
//!
//! - [`cid`]: CIDs, multihashes, dag-pb and UnixFS, the importer with its profiles, the
//!   streaming builder, CAR reading, writing and verification, UnixFS walking.
//! - [`zk`]: Groth16 over BN254 in snarkjs' formats, `vkHash`, single and batch
//!   verification (feature `zk`).
//! - [`anchor`]: the registry read from JSON-RPC, proven mode included (feature `chain`).
//! - [`permit`]: EIP-712 permits and receipts of the edge worker, DESIGN §7 (feature
//!   `permit`).
//! - [`verdict`]: the verdict shape shared by every component.
//!
//! All features are on by default; `default-features = false` leaves content
//! addressing alone, with none of arkworks, alloy or k256 (the SDK's CID-only module).
//!
//! ```
//! use proofmark_core::cid::{Profile, cid_of, parse_cid, verify_bytes};
//! use proofmark_core::verdict::Status;
//!
//! // kubo's default settings give "hello world" its well-known CIDv0.
//! let params = Profile::UnixfsV0_2015.params().expect("a chunked profile");
//! let cid = cid_of(params, b"hello world")?;
//! assert_eq!(cid.to_string(), "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD");
//!
//! // Without a named profile, a dag-pb CID is reproduced by trying the profile table.
//! let verdict = verify_bytes(&parse_cid("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD")?, b"hello world", None)?;
//! assert_eq!(verdict.status, Status::Verified);
//! assert_eq!(verdict.profile.as_deref(), Some("unixfs-v0-2015"));
//!
//! // Tampered bytes cannot be told apart from unknown settings: `unknown`, never `verified`.
//! let verdict = verify_bytes(&cid, b"hello world!", None)?;
//! assert_eq!(verdict.status, Status::Unknown);
//! # Ok::<(), proofmark_core::Error>(())
//! ```
#![no_std]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

#[cfg(feature = "chain")]
pub mod anchor;
pub mod cid;
mod error;
#[cfg(feature = "permit")]
pub mod permit;
pub mod verdict;
#[cfg(feature = "zk")]
pub mod zk;

pub use error::{Error, Result};
