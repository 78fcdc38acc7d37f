//! Permits and receipts of the edge worker (DESIGN §7): EIP-712 typed data under the
//! domain `{name: "Proofmark Gate", version: "1", chainId, verifyingContract: registry}`.
//!
//! A buyer's wallet signs a [`Permit`] and sends it as
//! `Authorization: Proofmark-Permit <base64url(JSON)>`; the worker reads it with
//! [`Permit::from_header`], checks it with [`verify_permit`] and, after delivering the
//! bytes, signs a [`Receipt`] with its own key ([`sign_receipt`]). Anyone holding the
//! worker's address checks a receipt with [`verify_receipt`].
//!
//! Pure like the rest of the core: the clock (`now`), the worker's key and the ERC-1271
//! `eth_call` of a contract wallet belong to the caller. A signature that does not recover
//! to the buyer comes back as [`PermitCheck::NeedsErc1271`] with the call to make; its
//! answer goes to [`check_erc1271_answer`].
//!
//! Signatures are 65 bytes `r ‖ s ‖ v` with `v` 27 or 28 (what `eth_signTypedData_v4`
//! and viem return, and what `ecrecover` takes; 0/1 is rejected so that one signature has
//! one encoding) and low `s` (s ≤ n/2, EIP-2). Every rejection is a typed
//! [`Error`](crate::Error); [`Error::permit_status`](crate::Error::permit_status) maps it
//! to the HTTP status of DESIGN §7 (400 malformed, 401 not acceptable).
//!
//! - [`types`]: the domain and the `sol!` structs behind both digests.
//! - [`base64url`]: the header's base64url (no padding, canonical).
//! - [`parse`]: the header and the permit JSON, strictly.
//! - [`signature`]: 65-byte signatures, recovery and RFC 6979 signing (k256).
//! - [`verify`]: [`verify_permit`] and the ERC-1271 round.
//! - [`receipt`]: the worker's delivery receipts.
//!
//! ```
//! use proofmark_core::anchor::{Address, B256, Bytes};
//! use proofmark_core::permit::{
//!     GateDomain, Permit, PermitCheck, PermitContext, Receipt, address_of, sign_receipt, verify_permit, verify_receipt,
//! };
//!
//! // The buyer's wallet signs a permit; the header carries it to the worker.
//! let domain = GateDomain { chain_id: 31337, registry: Address::repeat_byte(0x5f) };
//! let wallet = [0x11; 32];
//! let mut permit = Permit {
//!     key: B256::repeat_byte(0xab),
//!     buyer: address_of(&wallet)?,
//!     audience: "https://gate.example".into(),
//!     expires: 1_900_000_000,
//!     nonce: B256::repeat_byte(0x01),
//!     signature: Bytes::new(),
//! };
//! permit.sign(&domain, &wallet)?;
//! let header = permit.to_header();
//!
//! // The worker reads and checks it against its own origin and clock.
//! let permit = Permit::from_header(&header)?;
//! let context = PermitContext {
//!     chain_id: 31337,
//!     registry: Address::repeat_byte(0x5f),
//!     audience: "https://gate.example",
//!     now: 1_800_000_000,
//!     key: Some(B256::repeat_byte(0xab)),
//!     buyer: None,
//! };
//! let PermitCheck::Signer { digest } = verify_permit(&permit, &context)? else { panic!("an EOA's permit") };
//!
//! // After delivery it signs a receipt with its own key.
//! let receipt = Receipt { key: permit.key, buyer: permit.buyer, permit_digest: digest, bytes: 11, anchor_block: 7 };
//! let signed = sign_receipt(&receipt, &domain, &[0x42; 32])?;
//! assert!(verify_receipt(&receipt, &domain, &signed.signature, signed.signer)?);
//!
//! // A day later the permit has expired: 401.
//! let late = PermitContext { now: 1_900_000_001, ..context };
//! assert_eq!(verify_permit(&permit, &late).unwrap_err().permit_status(), 401);
//! # Ok::<(), proofmark_core::Error>(())
//! ```

pub mod base64url;
mod json_fields;
pub mod parse;
pub mod receipt;
pub mod signature;
pub mod types;
pub mod verify;

pub use alloy_primitives::{Address, B256};
pub use parse::{Permit, SCHEME};
pub use receipt::{Receipt, SignedReceipt, receipt_digest, sign_receipt, verify_receipt};
pub use signature::{SIGNATURE_LEN, address_of};
pub use types::{ERC1271_MAGIC, GateDomain};
pub use verify::{PermitCheck, PermitContext, check_erc1271_answer, erc1271_calldata, verify_permit};
