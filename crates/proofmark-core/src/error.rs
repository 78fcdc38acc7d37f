//! The crate's one error type.
//!
//! Messages quote strings by hand (`\"{0}\"`) rather than with `{0:?}`: Debug's escaping
//! would bring Unicode tables into the SDK's wasm.
use alloc::string::String;

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// Everything that can be wrong with input handed to the core.
///
/// Each variant is a class of malformed or untrusted input; a failing check of
/// well-formed input (a proof that does not verify, bytes that do not match) is a value,
/// not an error. [`Error::code`] gives a stable kebab-case name for every variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A CID string or byte form that cannot be decoded (bad multibase, bad v0 length, …).
    #[error("invalid CID: {0}")]
    InvalidCid(&'static str),
    /// A CID whose codec is neither raw (0x55) nor dag-pb (0x70).
    #[error("unknown codec 0x{0:x}")]
    UnknownCodec(u64),
    /// A multihash whose function is not sha2-256, blake3 or identity.
    #[error("unknown hash function 0x{0:x}")]
    UnknownHash(u64),
    /// An identity multihash longer than 128 bytes.
    #[error("identity digest of {0} bytes exceeds the 128-byte limit")]
    IdentityDigestTooLong(usize),
    /// A multihash whose declared length differs from its function's digest length, or
    /// from the bytes that follow it.
    #[error("digest length {actual} does not match the expected {expected}")]
    DigestLengthMismatch {
        /// Length required by the hash function or declared in the multihash.
        expected: usize,
        /// Length found.
        actual: usize,
    },
    /// An unsigned varint longer than 9 bytes or above 2^63.
    #[error("varint overflow")]
    VarintOverflow,
    /// Input ended inside a varint, a section, a block or a field.
    #[error("truncated input: {0}")]
    Truncated(&'static str),
    /// A block larger than the 2 MiB block limit.
    #[error("block of {size} bytes exceeds the {limit}-byte limit")]
    BlockTooLarge {
        /// Block size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A CAR section length beyond any block the reader accepts.
    #[error("CAR section length {0} is too large")]
    SectionTooLarge(u64),
    /// A block whose bytes do not hash to its CID.
    #[error("block does not match its CID {0}")]
    BlockMismatch(String),
    /// A block the DAG needs is not in the CAR or store.
    #[error("missing block {0}")]
    MissingBlock(String),
    /// A DAG deeper than the 64-level limit.
    #[error("DAG deeper than {0} levels")]
    DepthExceeded(usize),
    /// A node with more links than allowed (1024; also HAMT fan-out).
    #[error("{links} links exceed the limit of {limit}")]
    FanoutExceeded {
        /// Links (or fan-out) found.
        links: usize,
        /// The limit.
        limit: usize,
    },
    /// A caller cap on total bytes or blocks was reached.
    #[error("{what} cap of {limit} exceeded")]
    CapExceeded {
        /// `"bytes"` or `"blocks"`.
        what: &'static str,
        /// The cap.
        limit: u64,
    },
    /// dag-pb bytes that break the strict encoding rules.
    #[error("invalid dag-pb: {0}")]
    InvalidDagPb(&'static str),
    /// UnixFS data that cannot be decoded or does not describe a valid node.
    #[error("invalid UnixFS: {0}")]
    InvalidUnixFs(&'static str),
    /// UnixFS sizes that disagree with the node's children or data.
    #[error("UnixFS sizes inconsistent: {0}")]
    UnixFsSizeMismatch(&'static str),
    /// A CAR header or layout that cannot be read.
    #[error("invalid CAR: {0}")]
    InvalidCar(&'static str),
    /// A CAR version other than 1 or 2.
    #[error("unsupported CAR version {0}")]
    UnsupportedCarVersion(u64),
    /// A path segment that names nothing in the directory.
    #[error("path segment \"{0}\" not found")]
    PathNotFound(String),
    /// A node of the wrong kind for the operation (a directory where a file is needed, …).
    #[error("unexpected node kind: {0}")]
    WrongNodeKind(&'static str),
    /// A byte range outside the content or otherwise unusable.
    #[error("invalid range: {0}")]
    InvalidRange(&'static str),
    /// Importer settings outside what the importer supports.
    #[error("invalid import parameters: {0}")]
    InvalidParams(&'static str),
    /// A profile name not in the table.
    #[error("unknown profile \"{0}\"")]
    UnknownProfile(String),
    #[cfg(feature = "zk")]
    /// JSON that does not parse or lacks a field (snarkjs formats).
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    #[cfg(feature = "zk")]
    /// A snarkjs file whose `protocol` is not `groth16`.
    #[error("protocol \"{0}\" is not groth16")]
    WrongProtocol(String),
    #[cfg(feature = "zk")]
    /// A snarkjs file whose `curve` is not `bn128`.
    #[error("curve \"{0}\" is not bn128 (BN254)")]
    WrongCurve(String),
    #[cfg(feature = "zk")]
    /// A number that is not a canonical decimal or big-endian 32-byte integer.
    #[error("invalid number: {0}")]
    InvalidNumber(&'static str),
    #[cfg(feature = "zk")]
    /// A public input ≥ the scalar field modulus r (never reduced).
    #[error("public input {index} is not below the scalar field modulus")]
    InputOutOfRange {
        /// Position of the input.
        index: usize,
    },
    #[cfg(feature = "zk")]
    /// A point coordinate ≥ the base field modulus q.
    #[error("{0}: coordinate is not below the base field modulus")]
    CoordinateOutOfRange(&'static str),
    #[cfg(feature = "zk")]
    /// A point that is not on the curve.
    #[error("{0}: point is not on the curve")]
    NotOnCurve(&'static str),
    #[cfg(feature = "zk")]
    /// A point on the curve but outside the prime-order subgroup.
    #[error("{0}: point is not in the prime-order subgroup")]
    NotInSubgroup(&'static str),
    #[cfg(feature = "zk")]
    /// A G2 point whose limbs are in the wrong order (c1 before c0).
    #[error("{0}: G2 coordinates are in c1, c0 order; snarkjs JSON puts c0 first")]
    G2LimbOrderSwapped(&'static str),
    #[cfg(feature = "zk")]
    /// The point at infinity where a proof needs a real point.
    #[error("{0}: the identity is not a valid proof element")]
    IdentityInProof(&'static str),
    #[cfg(feature = "zk")]
    /// Public inputs in a number the verification key does not take.
    #[error("{actual} public inputs given, the verification key takes {expected}")]
    InputCountMismatch {
        /// Inputs the key takes.
        expected: usize,
        /// Inputs given.
        actual: usize,
    },
    #[cfg(feature = "zk")]
    /// A verification key other than the one the verifier trusts.
    #[error("the verification key is not the trusted one")]
    UntrustedKey,
    #[cfg(feature = "zk")]
    /// Bytes that are not a valid arkworks compressed encoding.
    #[error("invalid encoding: {0}")]
    InvalidEncoding(&'static str),
    #[cfg(feature = "chain")]
    /// A JSON-RPC object (block header, `eth_getProof` response) that does not parse, lacks
    /// a field, or holds a value that is not strict hex (a quantity with leading zeros, data
    /// of the wrong length, fork fields out of order).
    #[error("invalid JSON-RPC value: {0}")]
    InvalidRpcValue(String),
    #[cfg(feature = "chain")]
    /// A block header that does not hash to the block hash the caller trusts.
    #[error("the header hashes to {computed}, not to the trusted block hash {trusted}")]
    UntrustedHeader {
        /// The block hash the caller trusts.
        trusted: alloy_primitives::B256,
        /// keccak256 of the header's RLP encoding.
        computed: alloy_primitives::B256,
    },
    #[cfg(feature = "chain")]
    /// A header JSON whose own `hash` field differs from the hash of its fields.
    #[error("the header's hash field says {claimed}, its fields hash to {computed}")]
    HeaderHashMismatch {
        /// The JSON's `hash` field.
        claimed: alloy_primitives::B256,
        /// keccak256 of the header's RLP encoding.
        computed: alloy_primitives::B256,
    },
    #[cfg(feature = "chain")]
    /// An `eth_getProof` response for another account than the one asked about.
    #[error("the proof is for account {actual}, not {expected}")]
    ProofAccountMismatch {
        /// The pinned account (the registry).
        expected: alloy_primitives::Address,
        /// The response's `address`.
        actual: alloy_primitives::Address,
    },
    #[cfg(feature = "chain")]
    /// An account proof that does not verify against the state root: a mutated or missing
    /// node, or account fields other than those the proof commits to.
    #[error("account proof invalid: {0}")]
    AccountProofInvalid(String),
    #[cfg(feature = "chain")]
    /// A valid proof that the account does not exist at that state root.
    #[error("account {0} does not exist at this block")]
    AccountAbsent(alloy_primitives::Address),
    #[cfg(feature = "chain")]
    /// A storage proof that does not verify against the account's storage root: a mutated
    /// or missing node, or a value other than the one the proof commits to.
    #[error("storage proof for slot {slot} invalid: {reason}")]
    StorageProofInvalid {
        /// The storage slot.
        slot: alloy_primitives::B256,
        /// What failed.
        reason: String,
    },
    #[cfg(feature = "chain")]
    /// A storage slot the read needs is not in the `eth_getProof` response.
    #[error("storage slot {0} is not in the proof")]
    SlotNotProven(alloy_primitives::B256),
    #[cfg(feature = "chain")]
    /// Proven storage words that the registry contract cannot have written (bits outside
    /// the packed fields, a record whose root index names no root, …).
    #[error("inconsistent registry storage: {0}")]
    InconsistentRecord(&'static str),
    #[cfg(feature = "chain")]
    /// An `eth_call` result that disagrees with the storage proof for the same block.
    #[error("eth_call result contradicts the storage proof: {0}")]
    CallContradictsProof(&'static str),
    #[cfg(feature = "chain")]
    /// Code whose keccak256 is not the proven code hash.
    #[error("the code does not hash to the proven code hash")]
    CodeHashMismatch,
    #[cfg(feature = "chain")]
    /// Registry code that is not this build of `ProvenanceRegistry` (its immutables aside).
    #[error("the registry's code is not the ProvenanceRegistry build: {0}")]
    UnexpectedRegistryCode(&'static str),
    #[cfg(feature = "chain")]
    /// ABI-encoded return data, log data or revert data that does not decode.
    #[error("invalid ABI data: {0}")]
    InvalidAbi(String),
    #[cfg(feature = "chain")]
    /// A log emitted by another contract than the pinned registry.
    #[error("log from {actual}, not from the registry {expected}")]
    LogFromOtherAddress {
        /// The pinned registry.
        expected: alloy_primitives::Address,
        /// The log's emitter.
        actual: alloy_primitives::Address,
    },
    #[cfg(feature = "chain")]
    /// A log whose first topic is not the expected event's signature hash.
    #[error("log topic0 {0:?} is not the expected event's")]
    WrongLogTopic(Option<alloy_primitives::B256>),
    #[cfg(feature = "chain")]
    /// A log the node reports as removed by a reorganisation.
    #[error("the log was removed by a chain reorganisation")]
    RemovedLog,
    #[cfg(feature = "chain")]
    /// A log whose fields disagree with each other (cidHash not keccak256(cid), public
    /// inputs not bound to the key and creator).
    #[error("inconsistent log: {0}")]
    InconsistentLog(&'static str),
    #[cfg(feature = "chain")]
    /// A JSON-RPC endpoint failed during a read (no answer, or an error object).
    #[error("{method} on {endpoint} failed: {message}")]
    RpcFailed {
        /// The endpoint.
        endpoint: String,
        /// The method.
        method: String,
        /// What went wrong.
        message: String,
    },
    #[cfg(feature = "chain")]
    /// An endpoint serves another chain than the one the verifier pinned.
    #[error("{endpoint} serves chain id {served}, not the pinned {expected}")]
    WrongChain {
        /// The endpoint.
        endpoint: String,
        /// The pinned chain id.
        expected: u64,
        /// The chain id it serves.
        served: u64,
    },
    #[cfg(feature = "chain")]
    /// A block the read needs is unknown to the endpoint.
    #[error("the endpoint does not know block {0}")]
    UnknownBlock(String),
    #[cfg(feature = "chain")]
    /// The trusted block hash is unknown to the endpoint.
    #[error("the endpoint does not know the trusted block {0}")]
    UnknownTrustedBlock(alloy_primitives::B256),
    #[cfg(feature = "chain")]
    /// An endpoint has no `finalized` block to agree on.
    #[error("an endpoint has no finalized block")]
    NoFinalizedBlock,
    #[cfg(feature = "chain")]
    /// The endpoints of a quorum name different `finalized` blocks.
    #[error("the endpoints disagree on the finalized block ({endpoint} differs)")]
    QuorumDisagrees {
        /// The first endpoint that disagreed.
        endpoint: String,
    },
    #[cfg(feature = "chain")]
    /// A read that needs an endpoint was given none.
    #[error("no JSON-RPC endpoint was given")]
    NoEndpoint,
    #[cfg(feature = "chain")]
    /// A proven read kept asking for slots (the endpoint's proofs keep changing).
    #[error("the proven read did not settle")]
    ProvenReadUnsettled,
    #[cfg(feature = "chain")]
    /// A verification key from an insecure dev setup, trusted off the dev chain.
    #[error("the trusted key is a dev setup (INSECURE); it is refused on chain id {0}")]
    DevSetupRefused(u64),
    #[cfg(feature = "permit")]
    /// A permit header or JSON that cannot be read: another auth scheme, base64url that is
    /// not canonical, JSON that does not parse, a missing, unknown or repeated field, hex of
    /// the wrong length, an `expires` that is not a canonical decimal `uint64`.
    #[error("malformed permit: {0}")]
    MalformedPermit(String),
    #[cfg(feature = "permit")]
    /// A permit whose `expires` is not after the verifier's clock.
    #[error("the permit expired at {expires} (now {now})")]
    PermitExpired {
        /// The permit's `expires`, Unix seconds.
        expires: u64,
        /// The verifier's clock, Unix seconds.
        now: u64,
    },
    #[cfg(feature = "permit")]
    /// A permit for another worker (its `audience` is not the verifier's origin).
    #[error("the permit is for audience \"{actual}\", not \"{expected}\"")]
    PermitWrongAudience {
        /// The verifier's origin.
        expected: String,
        /// The permit's `audience`.
        actual: String,
    },
    #[cfg(feature = "permit")]
    /// A permit for another content key than the one requested.
    #[error("the permit is for key {actual}, not {expected}")]
    PermitWrongKey {
        /// The key the request is for.
        expected: alloy_primitives::B256,
        /// The permit's `key`.
        actual: alloy_primitives::B256,
    },
    #[cfg(feature = "permit")]
    /// A permit of another buyer than the one the verifier expects.
    #[error("the permit is for buyer {actual}, not {expected}")]
    PermitWrongBuyer {
        /// The buyer the verifier expects.
        expected: alloy_primitives::Address,
        /// The permit's `buyer`.
        actual: alloy_primitives::Address,
    },
    #[cfg(feature = "permit")]
    /// A secp256k1 signature whose `s` is above n/2 (the malleable twin of a low-s one).
    #[error("the signature's s is above n/2 (high-s signatures are not accepted)")]
    SignatureHighS,
    #[cfg(feature = "permit")]
    /// A 65-byte signature whose recovery byte `v` is not 27 or 28.
    #[error("the signature's v is {0}, not 27 or 28")]
    SignatureBadV(u8),
    #[cfg(feature = "permit")]
    /// A signature that does not verify: `r` or `s` zero or not below the group order, `r`
    /// not the x-coordinate of a curve point, a wrong length, or an ERC-1271 wallet that
    /// did not answer the magic value.
    #[error("bad signature: {0}")]
    BadSignature(&'static str),
    #[cfg(feature = "permit")]
    /// A permit signature that does not recover to the buyer, checked where no ERC-1271
    /// call can be made: it is a contract wallet's signature, one over another domain
    /// (chain id, registry), or one by another key.
    #[error("the signature does not recover to the buyer {0}; only an ERC-1271 call to it can accept it")]
    Erc1271Required(alloy_primitives::Address),
    #[cfg(feature = "permit")]
    /// A secp256k1 secret key that is zero or not below the group order.
    #[error("invalid secp256k1 secret key")]
    InvalidSecretKey,
}

impl Error {
    /// A stable kebab-case name for the variant, shared with the JS SDK's `Error.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidCid(_) => "invalid-cid",
            Error::UnknownCodec(_) => "unknown-codec",
            Error::UnknownHash(_) => "unknown-hash",
            Error::IdentityDigestTooLong(_) => "identity-digest-too-long",
            Error::DigestLengthMismatch { .. } => "digest-length-mismatch",
            Error::VarintOverflow => "varint-overflow",
            Error::Truncated(_) => "truncated",
            Error::BlockTooLarge { .. } => "block-too-large",
            Error::SectionTooLarge(_) => "section-too-large",
            Error::BlockMismatch(_) => "block-mismatch",
            Error::MissingBlock(_) => "missing-block",
            Error::DepthExceeded(_) => "depth-exceeded",
            Error::FanoutExceeded { .. } => "fanout-exceeded",
            Error::CapExceeded { .. } => "cap-exceeded",
            Error::InvalidDagPb(_) => "invalid-dag-pb",
            Error::InvalidUnixFs(_) => "invalid-unixfs",
            Error::UnixFsSizeMismatch(_) => "unixfs-size-mismatch",
            Error::InvalidCar(_) => "invalid-car",
            Error::UnsupportedCarVersion(_) => "unsupported-car-version",
            Error::PathNotFound(_) => "path-not-found",
            Error::WrongNodeKind(_) => "wrong-node-kind",
            Error::InvalidRange(_) => "invalid-range",
            Error::InvalidParams(_) => "invalid-params",
            Error::UnknownProfile(_) => "unknown-profile",
            #[cfg(feature = "zk")]
            Error::InvalidJson(_) => "invalid-json",
            #[cfg(feature = "zk")]
            Error::WrongProtocol(_) => "wrong-protocol",
            #[cfg(feature = "zk")]
            Error::WrongCurve(_) => "wrong-curve",
            #[cfg(feature = "zk")]
            Error::InvalidNumber(_) => "invalid-number",
            #[cfg(feature = "zk")]
            Error::InputOutOfRange { .. } => "input-out-of-range",
            #[cfg(feature = "zk")]
            Error::CoordinateOutOfRange(_) => "coordinate-out-of-range",
            #[cfg(feature = "zk")]
            Error::NotOnCurve(_) => "not-on-curve",
            #[cfg(feature = "zk")]
            Error::NotInSubgroup(_) => "not-in-subgroup",
            #[cfg(feature = "zk")]
            Error::G2LimbOrderSwapped(_) => "g2-limb-order-swapped",
            #[cfg(feature = "zk")]
            Error::IdentityInProof(_) => "identity-in-proof",
            #[cfg(feature = "zk")]
            Error::InputCountMismatch { .. } => "input-count-mismatch",
            #[cfg(feature = "zk")]
            Error::UntrustedKey => "untrusted-key",
            #[cfg(feature = "zk")]
            Error::InvalidEncoding(_) => "invalid-encoding",
            #[cfg(feature = "chain")]
            Error::InvalidRpcValue(_) => "invalid-rpc-value",
            #[cfg(feature = "chain")]
            Error::UntrustedHeader { .. } => "untrusted-header",
            #[cfg(feature = "chain")]
            Error::HeaderHashMismatch { .. } => "header-hash-mismatch",
            #[cfg(feature = "chain")]
            Error::ProofAccountMismatch { .. } => "proof-account-mismatch",
            #[cfg(feature = "chain")]
            Error::AccountProofInvalid(_) => "account-proof-invalid",
            #[cfg(feature = "chain")]
            Error::AccountAbsent(_) => "account-absent",
            #[cfg(feature = "chain")]
            Error::StorageProofInvalid { .. } => "storage-proof-invalid",
            #[cfg(feature = "chain")]
            Error::SlotNotProven(_) => "slot-not-proven",
            #[cfg(feature = "chain")]
            Error::InconsistentRecord(_) => "inconsistent-record",
            #[cfg(feature = "chain")]
            Error::CallContradictsProof(_) => "call-contradicts-proof",
            #[cfg(feature = "chain")]
            Error::CodeHashMismatch => "code-hash-mismatch",
            #[cfg(feature = "chain")]
            Error::UnexpectedRegistryCode(_) => "unexpected-registry-code",
            #[cfg(feature = "chain")]
            Error::InvalidAbi(_) => "invalid-abi",
            #[cfg(feature = "chain")]
            Error::LogFromOtherAddress { .. } => "log-from-other-address",
            #[cfg(feature = "chain")]
            Error::WrongLogTopic(_) => "wrong-log-topic",
            #[cfg(feature = "chain")]
            Error::RemovedLog => "removed-log",
            #[cfg(feature = "chain")]
            Error::InconsistentLog(_) => "inconsistent-log",
            #[cfg(feature = "chain")]
            Error::RpcFailed { .. } => "rpc-failed",
            #[cfg(feature = "chain")]
            Error::WrongChain { .. } => "wrong-chain",
            #[cfg(feature = "chain")]
            Error::UnknownBlock(_) => "unknown-block",
            #[cfg(feature = "chain")]
            Error::UnknownTrustedBlock(_) => "unknown-trusted-block",
            #[cfg(feature = "chain")]
            Error::NoFinalizedBlock => "no-finalized-block",
            #[cfg(feature = "chain")]
            Error::QuorumDisagrees { .. } => "quorum-disagrees",
            #[cfg(feature = "chain")]
            Error::NoEndpoint => "no-endpoint",
            #[cfg(feature = "chain")]
            Error::ProvenReadUnsettled => "proven-read-unsettled",
            #[cfg(feature = "chain")]
            Error::DevSetupRefused(_) => "dev-setup-refused",
            #[cfg(feature = "permit")]
            Error::MalformedPermit(_) => "malformed-permit",
            #[cfg(feature = "permit")]
            Error::PermitExpired { .. } => "permit-expired",
            #[cfg(feature = "permit")]
            Error::PermitWrongAudience { .. } => "permit-wrong-audience",
            #[cfg(feature = "permit")]
            Error::PermitWrongKey { .. } => "permit-wrong-key",
            #[cfg(feature = "permit")]
            Error::PermitWrongBuyer { .. } => "permit-wrong-buyer",
            #[cfg(feature = "permit")]
            Error::SignatureHighS => "signature-high-s",
            #[cfg(feature = "permit")]
            Error::SignatureBadV(_) => "signature-bad-v",
            #[cfg(feature = "permit")]
            Error::BadSignature(_) => "bad-signature",
            #[cfg(feature = "permit")]
            Error::Erc1271Required(_) => "erc1271-required",
            #[cfg(feature = "permit")]
            Error::InvalidSecretKey => "invalid-secret-key",
        }
    }

    /// The HTTP status an edge answers when this error rejects a permit (DESIGN §7): 401
    /// for a permit that is well formed but not acceptable (expired, another audience, key
    /// or buyer, a signature that is high-s, has a bad `v` or does not verify), 400 for
    /// every other error (the permit is malformed).
    #[cfg(feature = "permit")]
    pub fn permit_status(&self) -> u16 {
        match self {
            Error::PermitExpired { .. }
            | Error::PermitWrongAudience { .. }
            | Error::PermitWrongKey { .. }
            | Error::PermitWrongBuyer { .. }
            | Error::SignatureHighS
            | Error::SignatureBadV(_)
            | Error::BadSignature(_)
            | Error::Erc1271Required(_) => 401,
            _ => 400,
        }
    }

    /// Whether the error proves the content or DAG is wrong (a definitive `failed`), as
    /// opposed to input that could not be checked (missing blocks) or was malformed.
    pub fn is_mismatch(&self) -> bool {
        matches!(self, Error::BlockMismatch(_) | Error::UnixFsSizeMismatch(_))
    }
}
