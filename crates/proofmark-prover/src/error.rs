//! The crate's one error type.
use std::path::PathBuf;

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while hashing, building registries, reading key files,
/// running a setup or proving.
///
/// [`Error::code`] gives a stable kebab-case name for every variant.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Poseidon was asked to hash a number of inputs circomlib has no parameters for
    /// (circomlib's widths 2..=13, i.e. 1..=12 inputs, are supported).
    #[error("Poseidon over {arity} inputs is not supported (1..=12)")]
    PoseidonArity {
        /// The number of inputs requested.
        arity: usize,
    },
    /// light-poseidon rejected its parameters or inputs.
    #[error("Poseidon: {0}")]
    Poseidon(#[from] light_poseidon::PoseidonError),
    /// A field element or digest in hex form that is not `0x` followed by exactly 64 hex
    /// digits.
    #[error("invalid hex: {0}")]
    InvalidHex(&'static str),
    /// A 32-byte value that is not below the BN254 scalar field modulus r (values are
    /// rejected, never reduced).
    #[error("value is not below the BN254 scalar field modulus")]
    NotInField,
    /// A value wider than the bit length its role allows (content halves are 128-bit,
    /// the creator a 160-bit address).
    #[error("{what} does not fit in {bits} bits")]
    ValueTooWide {
        /// Which value.
        what: &'static str,
        /// The bit length it must fit in.
        bits: u32,
    },
    /// A Merkle depth outside `1..=MAX_DEPTH`.
    #[error("depth {depth} is outside 1..={max}")]
    DepthOutOfRange {
        /// The depth requested.
        depth: usize,
        /// The largest supported depth.
        max: usize,
    },
    /// Two things that must share a Merkle depth do not (a registry and a setup, a path
    /// and a proving key).
    #[error("depth mismatch: expected {expected}, found {found}")]
    DepthMismatch {
        /// The depth required (usually the setup's).
        expected: usize,
        /// The depth found.
        found: usize,
    },
    /// A leaf index that does not fit the tree (`index >= 2^depth`).
    #[error("leaf index {index} does not fit a tree of depth {depth}")]
    IndexOutOfRange {
        /// The index.
        index: u64,
        /// The tree depth.
        depth: usize,
    },
    /// A leaf index past the registry's last leaf.
    #[error("no leaf at index {index} (the registry has {len})")]
    NoSuchLeaf {
        /// The index asked for.
        index: u64,
        /// The number of leaves.
        len: usize,
    },
    /// An insertion into a registry that already holds `2^depth` leaves.
    #[error("the registry is full (2^{depth} leaves)")]
    RegistryFull {
        /// The tree depth.
        depth: usize,
    },
    /// A registry file whose stored root is not the root of its leaves.
    #[error("registry root mismatch: stored {stored}, computed {computed}")]
    RegistryRootMismatch {
        /// The root written in the file (`0x` hex).
        stored: String,
        /// The root of the file's leaves (`0x` hex).
        computed: String,
    },
    /// A model key whose leaf `Poseidon(pk, model)` is not in the registry.
    #[error("the model key's leaf is not in the registry")]
    LeafNotFound,
    /// A proving key whose shape is not the model-attest circuit's at the witness's depth.
    #[error("the proving key is not a model-attest key for depth {depth}")]
    ProvingKeyMismatch {
        /// The depth the witness's Merkle path implies.
        depth: usize,
    },
    /// A proving key that is not the model-attest circuit's at any supported depth.
    #[error("the proving key is not a model-attest key")]
    NotModelAttestKey,
    /// arkworks failed while synthesizing constraints, running the setup or proving.
    #[error("constraint synthesis: {0}")]
    Synthesis(#[from] ark_relations::gr1cs::SynthesisError),
    /// arkworks (de)serialization failed (bad point, truncated file, …).
    #[error("arkworks serialization: {0}")]
    Serialization(#[from] ark_serialize::SerializationError),
    /// A JSON file that does not parse as the expected shape.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The operating system's random number generator failed.
    #[error("OS randomness unavailable: {0}")]
    Entropy(String),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A circom/snarkjs binary file (`.r1cs`, `.wtns`, `.zkey`) that does not start with
    /// its four-byte magic.
    #[error("not a .{kind} file (magic {found:02x?})")]
    CircomMagic {
        /// The expected file type (`r1cs`, `wtns`, `zkey`).
        kind: &'static str,
        /// The first four bytes found.
        found: [u8; 4],
    },
    /// A circom/snarkjs binary file of a version this reader does not support.
    #[error(".{kind} version {version} is not supported")]
    CircomVersion {
        /// The file type.
        kind: &'static str,
        /// The version in the file.
        version: u32,
    },
    /// A circom/snarkjs binary file that ends (or whose section ends) in the middle of a
    /// value.
    #[error(".{kind} file truncated while reading {what}")]
    CircomTruncated {
        /// The file type.
        kind: &'static str,
        /// What was being read.
        what: &'static str,
    },
    /// A section whose declared length runs past the end of the file.
    #[error(".{kind} section {section} declares {len} bytes but only {available} remain")]
    CircomSectionBounds {
        /// The file type.
        kind: &'static str,
        /// The section id.
        section: u32,
        /// The declared length.
        len: u64,
        /// The bytes left in the file after the section header.
        available: u64,
    },
    /// A required section that is missing, duplicated or of the wrong size.
    #[error(".{kind} section {section}: {problem}")]
    CircomSection {
        /// The file type.
        kind: &'static str,
        /// The section id.
        section: u32,
        /// What is wrong with it.
        problem: String,
    },
    /// A file over another field than BN254's (its prime is not r, or for a `.zkey` the
    /// base field prime is not q).
    #[error(".{kind} file is not over BN254 (its {which} prime differs)")]
    CircomPrime {
        /// The file type.
        kind: &'static str,
        /// Which prime: `r` (scalar field) or `q` (base field).
        which: &'static str,
    },
    /// A circom/snarkjs file whose content is inconsistent: counts that disagree, an index
    /// out of range, a value not below its modulus, a point off the curve or outside the
    /// subgroup, a protocol other than Groth16.
    #[error(".{kind} file invalid: {reason}")]
    CircomInvalid {
        /// The file type.
        kind: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A proof made from a `.zkey` and a witness that does not verify under the zkey's own
    /// verification key: the witness does not satisfy the circuit the zkey was made for.
    #[error("the witness does not satisfy the zkey's circuit (the proof does not verify)")]
    ZkeyWitnessRejected,
    /// A setup directory's `r1cs_matrices.bin` that is malformed or not the model-attest
    /// circuit's at the setup's depth.
    #[error("r1cs_matrices.bin invalid: {reason}")]
    MatricesInvalid {
        /// What is wrong.
        reason: String,
    },
    /// A proving key whose vectors do not fit the assignment being proven.
    #[error("the proving key's sizes do not match the assignment")]
    ProvingKeySize,
    /// A freshly made proof failed verification against the proving key's own
    /// verification key (a damaged setup directory); it is never returned.
    #[error("the proof does not verify against the setup's own key (damaged setup directory?)")]
    ProofSelfCheck,
    /// A verification key that cannot be exported as a Solidity verifier (no IC points),
    /// or an invalid contract name.
    #[error("Solidity export: {0}")]
    SolidityExport(String),
}

impl Error {
    /// A stable kebab-case name for the variant, for logs and machine-readable output.
    pub fn code(&self) -> &'static str {
        match self {
            Error::PoseidonArity { .. } => "poseidon-arity",
            Error::Poseidon(_) => "poseidon",
            Error::InvalidHex(_) => "invalid-hex",
            Error::NotInField => "not-in-field",
            Error::ValueTooWide { .. } => "value-too-wide",
            Error::DepthOutOfRange { .. } => "depth-out-of-range",
            Error::DepthMismatch { .. } => "depth-mismatch",
            Error::IndexOutOfRange { .. } => "index-out-of-range",
            Error::NoSuchLeaf { .. } => "no-such-leaf",
            Error::RegistryFull { .. } => "registry-full",
            Error::RegistryRootMismatch { .. } => "registry-root-mismatch",
            Error::LeafNotFound => "leaf-not-found",
            Error::ProvingKeyMismatch { .. } => "proving-key-mismatch",
            Error::NotModelAttestKey => "not-model-attest-key",
            Error::Synthesis(_) => "synthesis",
            Error::Serialization(_) => "serialization",
            Error::Json(_) => "json",
            Error::Entropy(_) => "entropy",
            Error::Io { .. } => "io",
            Error::CircomMagic { .. } => "circom-magic",
            Error::CircomVersion { .. } => "circom-version",
            Error::CircomTruncated { .. } => "circom-truncated",
            Error::CircomSectionBounds { .. } => "circom-section-bounds",
            Error::CircomSection { .. } => "circom-section",
            Error::CircomPrime { .. } => "circom-prime",
            Error::CircomInvalid { .. } => "circom-invalid",
            Error::ZkeyWitnessRejected => "zkey-witness-rejected",
            Error::MatricesInvalid { .. } => "matrices-invalid",
            Error::ProvingKeySize => "proving-key-size",
            Error::ProofSelfCheck => "proof-self-check",
            Error::SolidityExport(_) => "solidity-export",
        }
    }

    /// Wraps an IO error with the path it concerns.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}
