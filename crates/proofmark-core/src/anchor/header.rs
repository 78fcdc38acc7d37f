//! Ethereum block headers: read from the JSON-RPC block object, RLP-encoded as the
//! consensus rules define them (through Prague), and keccak-hashed, so that a header is
//! trusted only when it hashes to a block hash the caller trusts.

use alloc::vec::Vec;

use alloy_primitives::{Address, B64, B256, Bloom, Bytes, U256, keccak256};
use alloy_rlp::Encodable;

use super::rpc::{self, Object};
use crate::{Error, Result};

/// An execution-layer block header with every field through Prague.
///
/// The fork fields are optional *in order*: a header has a prefix of
/// `[base_fee_per_gas (London), withdrawals_root (Shanghai), blob_gas_used and
/// excess_blob_gas (Cancun), parent_beacon_block_root (Cancun), requests_hash (Prague)]`,
/// never a later field without every earlier one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// `parentHash`.
    pub parent_hash: B256,
    /// `sha3Uncles`.
    pub ommers_hash: B256,
    /// `miner`.
    pub beneficiary: Address,
    /// `stateRoot`: what account proofs are checked against.
    pub state_root: B256,
    /// `transactionsRoot`.
    pub transactions_root: B256,
    /// `receiptsRoot`.
    pub receipts_root: B256,
    /// `logsBloom`.
    pub logs_bloom: Bloom,
    /// `difficulty` (0 since the merge).
    pub difficulty: U256,
    /// `number`.
    pub number: u64,
    /// `gasLimit`.
    pub gas_limit: u64,
    /// `gasUsed`.
    pub gas_used: u64,
    /// `timestamp`, in Unix seconds.
    pub timestamp: u64,
    /// `extraData`.
    pub extra_data: Bytes,
    /// `mixHash` (`prevRandao` since the merge).
    pub mix_hash: B256,
    /// `nonce`.
    pub nonce: B64,
    /// `baseFeePerGas` (London).
    pub base_fee_per_gas: Option<u64>,
    /// `withdrawalsRoot` (Shanghai).
    pub withdrawals_root: Option<B256>,
    /// `blobGasUsed` (Cancun).
    pub blob_gas_used: Option<u64>,
    /// `excessBlobGas` (Cancun).
    pub excess_blob_gas: Option<u64>,
    /// `parentBeaconBlockRoot` (Cancun).
    pub parent_beacon_block_root: Option<B256>,
    /// `requestsHash` (Prague).
    pub requests_hash: Option<B256>,
}

/// The fork fields in header order, for the "prefix only" rule.
const FORK_FIELDS: [&str; 6] =
    ["baseFeePerGas", "withdrawalsRoot", "blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot", "requestsHash"];

impl Header {
    /// Reads a header from the JSON-RPC block object of `eth_getBlockByHash` /
    /// `eth_getBlockByNumber` (the `result`, with or without transactions). Every hex value
    /// is read strictly; a fork field present after an absent one is an error. When the
    /// object carries a `hash`, it must be the hash of the fields
    /// ([`Error::HeaderHashMismatch`]).
    pub fn from_json(json: &str) -> Result<Header> {
        Self::from_object(&rpc::parse_object(json, "header")?)
    }

    /// [`Header::from_json`] over an already parsed JSON value.
    pub fn from_json_value(value: &serde_json::Value) -> Result<Header> {
        match value {
            serde_json::Value::Object(object) => Self::from_object(object),
            _ => Err(rpc::invalid("header", "not a JSON object")),
        }
    }

    fn from_object(object: &Object) -> Result<Header> {
        let b256 = |name: &str| rpc::b256(rpc::required_str(object, name)?, name);
        let u64_of = |name: &str| rpc::quantity_u64(rpc::required_str(object, name)?, name);
        let present: Vec<bool> = FORK_FIELDS
            .iter()
            .map(|name| rpc::optional_str(object, name).map(|v| v.is_some()))
            .collect::<Result<_>>()?;
        if let Some(gap) = present.windows(2).position(|pair| !pair[0] && pair[1]) {
            return Err(rpc::invalid(FORK_FIELDS[gap + 1], "fork field present after an absent earlier one"));
        }
        let opt_u64 = |name: &str| -> Result<Option<u64>> {
            rpc::optional_str(object, name)?.map(|text| rpc::quantity_u64(text, name)).transpose()
        };
        let opt_b256 = |name: &str| -> Result<Option<B256>> {
            rpc::optional_str(object, name)?.map(|text| rpc::b256(text, name)).transpose()
        };
        let header = Header {
            parent_hash: b256("parentHash")?,
            ommers_hash: b256("sha3Uncles")?,
            beneficiary: rpc::address(rpc::required_str(object, "miner")?, "miner")?,
            state_root: b256("stateRoot")?,
            transactions_root: b256("transactionsRoot")?,
            receipts_root: b256("receiptsRoot")?,
            logs_bloom: Bloom::from(rpc::data_fixed::<256>(rpc::required_str(object, "logsBloom")?, "logsBloom")?),
            difficulty: rpc::quantity_u256(rpc::required_str(object, "difficulty")?, "difficulty")?,
            number: u64_of("number")?,
            gas_limit: u64_of("gasLimit")?,
            gas_used: u64_of("gasUsed")?,
            timestamp: u64_of("timestamp")?,
            extra_data: Bytes::from(rpc::data(rpc::required_str(object, "extraData")?, "extraData")?),
            mix_hash: b256("mixHash")?,
            nonce: B64::from(rpc::data_fixed::<8>(rpc::required_str(object, "nonce")?, "nonce")?),
            base_fee_per_gas: opt_u64("baseFeePerGas")?,
            withdrawals_root: opt_b256("withdrawalsRoot")?,
            blob_gas_used: opt_u64("blobGasUsed")?,
            excess_blob_gas: opt_u64("excessBlobGas")?,
            parent_beacon_block_root: opt_b256("parentBeaconBlockRoot")?,
            requests_hash: opt_b256("requestsHash")?,
        };
        if let Some(claimed) = opt_b256("hash")? {
            let computed = header.hash();
            if claimed != computed {
                return Err(Error::HeaderHashMismatch { claimed, computed });
            }
        }
        Ok(header)
    }

    /// The header's consensus RLP encoding: a list of the fields in order, the fork fields
    /// as far as they are present.
    pub fn rlp(&self) -> Vec<u8> {
        let mut payload = Vec::new();
        self.parent_hash.encode(&mut payload);
        self.ommers_hash.encode(&mut payload);
        self.beneficiary.encode(&mut payload);
        self.state_root.encode(&mut payload);
        self.transactions_root.encode(&mut payload);
        self.receipts_root.encode(&mut payload);
        self.logs_bloom.encode(&mut payload);
        self.difficulty.encode(&mut payload);
        self.number.encode(&mut payload);
        self.gas_limit.encode(&mut payload);
        self.gas_used.encode(&mut payload);
        self.timestamp.encode(&mut payload);
        self.extra_data.encode(&mut payload);
        self.mix_hash.encode(&mut payload);
        self.nonce.encode(&mut payload);
        // Fork fields: a prefix of the list, by construction in `from_json` (a value built
        // by hand with a gap is encoded up to the gap, and hashes to no real block).
        let fork_fields: [Option<&dyn Encodable>; 6] = [
            self.base_fee_per_gas.as_ref().map(|v| v as &dyn Encodable),
            self.withdrawals_root.as_ref().map(|v| v as &dyn Encodable),
            self.blob_gas_used.as_ref().map(|v| v as &dyn Encodable),
            self.excess_blob_gas.as_ref().map(|v| v as &dyn Encodable),
            self.parent_beacon_block_root.as_ref().map(|v| v as &dyn Encodable),
            self.requests_hash.as_ref().map(|v| v as &dyn Encodable),
        ];
        for field in fork_fields.iter().map_while(|field| *field) {
            field.encode(&mut payload);
        }
        let mut out = Vec::with_capacity(payload.len() + 9);
        alloy_rlp::Header { list: true, payload_length: payload.len() }.encode(&mut out);
        out.extend_from_slice(&payload);
        out
    }

    /// The block hash: keccak256 of [`Header::rlp`].
    pub fn hash(&self) -> B256 {
        keccak256(self.rlp())
    }
}

/// Reads a header from its JSON-RPC block object and checks that it hashes to
/// `trusted_hash` (a pinned hash, or the `finalized` hash a quorum agreed on).
///
/// Errors: [`Error::InvalidRpcValue`] for a malformed object, [`Error::HeaderHashMismatch`]
/// when its own `hash` field disagrees with its fields, [`Error::UntrustedHeader`] when it
/// does not hash to `trusted_hash`.
pub fn verify_header(json: &str, trusted_hash: B256) -> Result<Header> {
    let header = Header::from_json(json)?;
    let computed = header.hash();
    if computed != trusted_hash {
        return Err(Error::UntrustedHeader { trusted: trusted_hash, computed });
    }
    Ok(header)
}
