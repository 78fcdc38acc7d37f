//! Checking a permit against the verifier's context (domain, origin, clock, request), and
//! the ERC-1271 round for contract wallets.

use alloc::string::ToString;

use alloy_primitives::{Address, B256, Bytes};
use alloy_sol_types::SolCall;

use super::parse::Permit;
use super::signature;
use super::types::{ERC1271_MAGIC, GateDomain, generated::isValidSignatureCall};
use crate::{Error, Result};

/// What the verifier holds when a permit arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PermitContext<'a> {
    /// The registry's chain id (EIP-712 `chainId`).
    pub chain_id: u64,
    /// The registry (EIP-712 `verifyingContract`).
    pub registry: Address,
    /// The verifier's own origin: the permit's `audience` must equal it, byte for byte.
    pub audience: &'a str,
    /// The verifier's clock, Unix seconds: the permit is void when `now > expires`.
    pub now: u64,
    /// The content key of the request, when the verifier knows it (`None`: any key).
    pub key: Option<B256>,
    /// The buyer the verifier expects, when it does (`None`: any buyer).
    pub buyer: Option<Address>,
}

impl PermitContext<'_> {
    /// The EIP-712 domain of the context.
    pub fn domain(&self) -> GateDomain {
        GateDomain { chain_id: self.chain_id, registry: self.registry }
    }
}

/// A permit that passed every check the core can make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PermitCheck {
    /// The signature recovers to the buyer: the permit is accepted.
    Signer {
        /// The permit's EIP-712 signing hash (`permitDigest`).
        digest: B256,
    },
    /// The signature is well formed but does not recover to the buyer. Accept the permit
    /// only if `buyer.isValidSignature(digest, signature)` answers the ERC-1271 magic
    /// value: `eth_call` to the buyer with `calldata`, then [`check_erc1271_answer`].
    /// (A signature over another domain or by another key lands here too; the call is
    /// what rejects it.)
    NeedsErc1271 {
        /// The permit's EIP-712 signing hash (`permitDigest`).
        digest: B256,
        /// `isValidSignature(digest, signature)`, ABI-encoded.
        calldata: Bytes,
    },
}

impl PermitCheck {
    /// The permit's EIP-712 signing hash.
    pub fn digest(&self) -> B256 {
        match self {
            PermitCheck::Signer { digest } | PermitCheck::NeedsErc1271 { digest, .. } => *digest,
        }
    }

    /// The digest of an accepted permit, or [`Error::Erc1271Required`] with `buyer` when
    /// only an ERC-1271 call could accept it (for callers that cannot make one).
    pub fn into_signer(self, buyer: Address) -> Result<B256> {
        match self {
            PermitCheck::Signer { digest } => Ok(digest),
            PermitCheck::NeedsErc1271 { .. } => Err(Error::Erc1271Required(buyer)),
        }
    }
}

/// Checks a permit, in this order: audience, key, buyer, expiry, then the signature (`v`
/// 27/28, `r` and `s` in range, low `s`, recovery).
///
/// Errors (each with [`Error::permit_status`] 401): [`Error::PermitWrongAudience`],
/// [`Error::PermitWrongKey`], [`Error::PermitWrongBuyer`], [`Error::PermitExpired`],
/// [`Error::SignatureBadV`], [`Error::SignatureHighS`], [`Error::BadSignature`]. Replay is
/// the caller's to stop: the nonce store reserves [`Permit::nonce`] (409 when taken).
pub fn verify_permit(permit: &Permit, context: &PermitContext<'_>) -> Result<PermitCheck> {
    if permit.audience != context.audience {
        return Err(Error::PermitWrongAudience {
            expected: context.audience.to_string(),
            actual: permit.audience.clone(),
        });
    }
    if let Some(expected) = context.key.filter(|k| *k != permit.key) {
        return Err(Error::PermitWrongKey { expected, actual: permit.key });
    }
    if let Some(expected) = context.buyer.filter(|b| *b != permit.buyer) {
        return Err(Error::PermitWrongBuyer { expected, actual: permit.buyer });
    }
    if context.now > permit.expires {
        return Err(Error::PermitExpired { expires: permit.expires, now: context.now });
    }
    let parsed = signature::parse(&permit.signature)?;
    let digest = permit.digest(&context.domain());
    // A signature whose r names no curve point recovers nothing; a contract wallet may
    // still accept it, so it goes the ERC-1271 way like any other non-matching signature.
    match signature::recover(&digest, &parsed) {
        Ok(signer) if signer == permit.buyer => Ok(PermitCheck::Signer { digest }),
        _ => Ok(PermitCheck::NeedsErc1271 { digest, calldata: erc1271_calldata(digest, &permit.signature) }),
    }
}

/// `isValidSignature(bytes32 hash, bytes signature)` calldata (ERC-1271).
pub fn erc1271_calldata(digest: B256, signature: &[u8]) -> Bytes {
    Bytes::from(isValidSignatureCall { hash: digest, signature: Bytes::copy_from_slice(signature) }.abi_encode())
}

/// Checks the return data of the ERC-1271 `eth_call`: exactly one ABI word holding the
/// magic value `0x1626ba7e` followed by 28 zero bytes. Anything else — empty data (the
/// buyer has no code), another value, dirty padding, extra bytes — is
/// [`Error::BadSignature`] (401): the wallet did not accept the permit.
pub fn check_erc1271_answer(data: &[u8]) -> Result<()> {
    if data.is_empty() {
        return Err(Error::BadSignature("the signature does not recover to the buyer, which is no ERC-1271 wallet"));
    }
    if data.len() != 32 {
        return Err(Error::BadSignature("the ERC-1271 answer is not one ABI word"));
    }
    let magic = isValidSignatureCall::abi_decode_returns_validate(data)
        .map_err(|_| Error::BadSignature("the ERC-1271 answer is not an ABI-encoded bytes4"))?;
    if magic.0 != ERC1271_MAGIC {
        return Err(Error::BadSignature("the buyer's ERC-1271 wallet rejected the signature"));
    }
    Ok(())
}
