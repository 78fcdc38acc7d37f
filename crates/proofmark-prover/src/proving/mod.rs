//! The model-attest prover's fast path: the assignment without constraints
//! ([`assignment`]), A and B kept per depth ([`matrices`]), the QAP witness map from
//! them ([`qap`]) and Groth16's proof from the MSMs ([`groth16`]).
pub mod assignment;
pub mod groth16;
pub mod matrices;
pub mod msm;
pub mod qap;

pub use matrices::{CircuitMatrices, MATRICES_FILE};
