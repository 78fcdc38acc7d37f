//! The EIP-712 domain of the gate and the structs both digests hash, as `sol!` types so
//! that the type strings, type hashes and encodings come from alloy-sol-types.

use alloc::borrow::Cow;

use alloy_primitives::{Address, U256};
use alloy_sol_types::Eip712Domain;

#[allow(missing_docs)]
pub(crate) mod generated {
    alloy_sol_types::sol! {
        /// `Permit(bytes32 key,address buyer,string audience,uint64 expires,bytes32 nonce)`.
        #[derive(Debug, PartialEq, Eq)]
        struct Permit {
            bytes32 key;
            address buyer;
            string audience;
            uint64 expires;
            bytes32 nonce;
        }

        /// `Receipt(bytes32 key,address buyer,bytes32 permitDigest,uint64 bytes,uint64 anchorBlock)`.
        #[derive(Debug, PartialEq, Eq)]
        struct Receipt {
            bytes32 key;
            address buyer;
            bytes32 permitDigest;
            uint64 bytes;
            uint64 anchorBlock;
        }

        /// ERC-1271.
        function isValidSignature(bytes32 hash, bytes signature) external view returns (bytes4 magicValue);
    }
}

/// The EIP-712 domain `name`.
pub const DOMAIN_NAME: &str = "Proofmark Gate";

/// The EIP-712 domain `version`.
pub const DOMAIN_VERSION: &str = "1";

/// What ERC-1271's `isValidSignature` returns for a signature the wallet accepts: its own
/// selector, `bytes4(keccak256("isValidSignature(bytes32,bytes)"))`.
pub const ERC1271_MAGIC: [u8; 4] = [0x16, 0x26, 0xba, 0x7e];

/// The (chain id, registry) a gate serves: the variable part of the EIP-712 domain
/// `{name: "Proofmark Gate", version: "1", chainId, verifyingContract: registry}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GateDomain {
    /// The registry's chain id.
    pub chain_id: u64,
    /// The registry contract (`verifyingContract`).
    pub registry: Address,
}

impl GateDomain {
    /// The full EIP-712 domain.
    pub fn eip712(&self) -> Eip712Domain {
        Eip712Domain::new(
            Some(Cow::Borrowed(DOMAIN_NAME)),
            Some(Cow::Borrowed(DOMAIN_VERSION)),
            Some(U256::from(self.chain_id)),
            Some(self.registry),
            None,
        )
    }
}

#[cfg(test)]
mod tests {
    use alloy_sol_types::SolStruct;

    use super::generated::{Permit, Receipt, isValidSignatureCall};

    #[test]
    fn type_strings_are_design_s() {
        assert_eq!(
            Permit::eip712_encode_type(),
            "Permit(bytes32 key,address buyer,string audience,uint64 expires,bytes32 nonce)"
        );
        assert_eq!(
            Receipt::eip712_encode_type(),
            "Receipt(bytes32 key,address buyer,bytes32 permitDigest,uint64 bytes,uint64 anchorBlock)"
        );
        assert_eq!(<isValidSignatureCall as alloy_sol_types::SolCall>::SELECTOR, super::ERC1271_MAGIC);
    }
}
