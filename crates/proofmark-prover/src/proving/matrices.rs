//! The model-attest circuit's A and B matrices, derived once per depth and kept in the
//! setup directory (`r1cs_matrices.bin`), so proving never builds constraints.
//!
//! Proving needs `A·z` and `B·z` row by row (`C·z` is their product for a satisfying
//! assignment). The matrices depend only on the depth: `zk setup` writes them beside
//! `proving_key.bin`, and a setup directory without them (made before the file existed)
//! derives them once per process ([`CircuitMatrices::for_depth`]).
//!
//! File format (integers little-endian `u32`):
//!
//! | field | content |
//! | --- | --- |
//! | magic | `pmmx` |
//! | version | 1 |
//! | shape | depth, instance variables, witness variables, constraints |
//! | table | count, then that many distinct coefficients (32 bytes, little-endian, below r) |
//! | A, B | each: term count, one term count per row, then per term `u32` column and `u32` index into the table |
//!
//! Reading checks everything: magic, version, the shape against the circuit's at that
//! depth, every coefficient below r, every column inside the assignment, every index
//! inside the table, the row counts against the term count, and the exact length. (The
//! prover also verifies each proof before returning it, so a damaged file that still
//! parses cannot yield a bad proof.)
use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Arc, Mutex, PoisonError},
};

use ark_bn254::Fr;
use ark_ff::Zero;
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, OptimizationGoal, R1CS_PREDICATE_LABEL, SynthesisError, SynthesisMode,
};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use rayon::prelude::*;

use crate::{
    circuit::{CircuitShape, ModelAttestCircuit, circuit_shape},
    error::{Error, Result},
    fs::{self, Access},
};

/// The matrices' file name inside a setup directory.
pub const MATRICES_FILE: &str = "r1cs_matrices.bin";

const MAGIC: &[u8; 4] = b"pmmx";
const VERSION: u32 = 1;
/// Bytes of one stored coefficient.
const COEFFICIENT: usize = 32;

/// One sparse matrix in compressed-row form over a shared coefficient table.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Sparse {
    /// `row_starts[i]..row_starts[i + 1]` are row `i`'s terms.
    row_starts: Vec<usize>,
    /// Each term's column (variable index).
    columns: Vec<u32>,
    /// Each term's index into the coefficient table.
    coefficients: Vec<u32>,
}

impl Sparse {
    fn terms(&self) -> usize {
        self.columns.len()
    }
}

/// The model-attest circuit's A and B matrices at one depth (arkworks' variable order:
/// the instance variables, the constant one first, then the witness variables).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CircuitMatrices {
    shape: CircuitShape,
    table: Vec<Fr>,
    a: Sparse,
    b: Sparse,
}

fn invalid(reason: impl Into<String>) -> Error {
    Error::MatricesInvalid { reason: reason.into() }
}

impl CircuitMatrices {
    /// Synthesizes the circuit at `depth` as Groth16's setup does (linear combinations
    /// inlined) and keeps its A and B matrices.
    pub fn derive(depth: usize) -> Result<Self> {
        let shape = circuit_shape(depth)?;
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        cs.set_mode(SynthesisMode::Setup);
        ModelAttestCircuit::empty(depth)?.generate_constraints(cs.clone())?;
        cs.finalize();
        let mut all = cs.to_matrices()?;
        let matrices = all.remove(R1CS_PREDICATE_LABEL).ok_or(SynthesisError::PredicateNotFound)?;
        let [a, b, _] = <[_; 3]>::try_from(matrices).map_err(|_| SynthesisError::ArityMismatch)?;
        if a.len() != shape.num_constraints || b.len() != shape.num_constraints {
            return Err(invalid("the synthesized matrices do not have the circuit's row count"));
        }
        let mut table = Vec::new();
        let mut index: HashMap<Fr, u32> = HashMap::new();
        let mut sparse = |rows: &[Vec<(Fr, usize)>]| -> Result<Sparse> {
            let mut out = Sparse { row_starts: vec![0], columns: Vec::new(), coefficients: Vec::new() };
            for row in rows {
                for (coefficient, column) in row {
                    let next = u32::try_from(table.len()).map_err(|_| invalid("too many coefficients"))?;
                    let slot = *index.entry(*coefficient).or_insert_with(|| {
                        table.push(*coefficient);
                        next
                    });
                    out.columns.push(u32::try_from(*column).map_err(|_| invalid("column past u32"))?);
                    out.coefficients.push(slot);
                }
                out.row_starts.push(out.columns.len());
            }
            Ok(out)
        };
        let a = sparse(&a)?;
        let b = sparse(&b)?;
        Ok(CircuitMatrices { shape, table, a, b })
    }

    /// [`CircuitMatrices::derive`] once per depth per process, shared afterwards.
    pub fn for_depth(depth: usize) -> Result<Arc<Self>> {
        static CACHE: Mutex<Vec<Arc<CircuitMatrices>>> = Mutex::new(Vec::new());
        let cached = |cache: &[Arc<CircuitMatrices>]| cache.iter().find(|m| m.depth() == depth).cloned();
        if let Some(found) = cached(&CACHE.lock().unwrap_or_else(PoisonError::into_inner)) {
            return Ok(found);
        }
        let derived = Arc::new(Self::derive(depth)?);
        let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(match cached(&cache) {
            Some(found) => found,
            None => {
                cache.push(derived.clone());
                derived
            }
        })
    }

    /// The tree depth these matrices are for.
    pub fn depth(&self) -> usize {
        self.shape.depth
    }

    /// The circuit's sizes.
    pub fn shape(&self) -> &CircuitShape {
        &self.shape
    }

    /// `(A·z, B·z)`, one value per constraint, for a full assignment `z` (instance then
    /// witness variables). [`Error::ProvingKeyMismatch`] if `z` has the wrong length.
    pub fn evaluate(&self, z: &[Fr]) -> Result<(Vec<Fr>, Vec<Fr>)> {
        if z.len() != self.shape.num_instance_variables + self.shape.num_witness_variables {
            return Err(Error::ProvingKeyMismatch { depth: self.depth() });
        }
        let rows = |m: &Sparse| -> Vec<Fr> {
            m.row_starts
                .par_windows(2)
                .map(|bounds| {
                    let mut acc = Fr::zero();
                    for term in bounds[0]..bounds[1] {
                        // In range: checked when the matrices were read or derived.
                        acc += self.table[m.coefficients[term] as usize] * z[m.columns[term] as usize];
                    }
                    acc
                })
                .collect()
        };
        Ok(rayon::join(|| rows(&self.a), || rows(&self.b)))
    }

    /// The file's bytes (see the module docs).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let terms = self.a.terms() + self.b.terms();
        let mut out =
            Vec::with_capacity(32 + self.table.len() * COEFFICIENT + 8 * terms + 8 * self.shape.num_constraints);
        let u32_le = |out: &mut Vec<u8>, value: usize| -> Result<()> {
            out.extend_from_slice(&u32::try_from(value).map_err(|_| invalid("a count past u32"))?.to_le_bytes());
            Ok(())
        };
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        let s = &self.shape;
        for value in [s.depth, s.num_instance_variables, s.num_witness_variables, s.num_constraints, self.table.len()] {
            u32_le(&mut out, value)?;
        }
        for coefficient in &self.table {
            coefficient.serialize_compressed(&mut out)?;
        }
        for m in [&self.a, &self.b] {
            u32_le(&mut out, m.terms())?;
            for bounds in m.row_starts.windows(2) {
                u32_le(&mut out, bounds[1] - bounds[0])?;
            }
            for (column, coefficient) in m.columns.iter().zip(&m.coefficients) {
                out.extend_from_slice(&column.to_le_bytes());
                out.extend_from_slice(&coefficient.to_le_bytes());
            }
        }
        Ok(out)
    }

    /// Parses and checks a file's bytes for the circuit at `depth`.
    pub fn from_bytes(bytes: &[u8], depth: usize) -> Result<Self> {
        let mut r = Reader { bytes };
        if r.take(4)? != MAGIC {
            return Err(invalid("not a matrices file (bad magic)"));
        }
        let version = r.u32()?;
        if version != VERSION as usize {
            return Err(invalid(format!("version {version} is not supported")));
        }
        let shape = circuit_shape(depth)?;
        let stored = [r.u32()?, r.u32()?, r.u32()?, r.u32()?];
        let expected = [shape.depth, shape.num_instance_variables, shape.num_witness_variables, shape.num_constraints];
        if stored != expected {
            return Err(invalid(format!("shape {stored:?} is not the depth-{depth} circuit's {expected:?}")));
        }
        let table_len = r.u32()?;
        let table_bytes = r.take(table_len.checked_mul(COEFFICIENT).ok_or_else(|| invalid("table too large"))?)?;
        let table = table_bytes
            .par_chunks_exact(COEFFICIENT)
            .map(Fr::deserialize_compressed)
            .collect::<Result<Vec<Fr>, _>>()?;
        let variables = shape.num_instance_variables + shape.num_witness_variables;
        let mut sparse = || -> Result<Sparse> {
            let terms = r.u32()?;
            let mut row_starts = Vec::with_capacity(shape.num_constraints + 1);
            row_starts.push(0usize);
            for _ in 0..shape.num_constraints {
                let end = row_starts.last().copied().unwrap_or(0).saturating_add(r.u32()?);
                row_starts.push(end);
            }
            if row_starts.last() != Some(&terms) {
                return Err(invalid("row lengths do not add up to the term count"));
            }
            let data = r.take(terms.checked_mul(8).ok_or_else(|| invalid("too many terms"))?)?;
            let word =
                |chunk: &[u8], at: usize| u32::from_le_bytes([chunk[at], chunk[at + 1], chunk[at + 2], chunk[at + 3]]);
            let columns: Vec<u32> = data.chunks_exact(8).map(|c| word(c, 0)).collect();
            let coefficients: Vec<u32> = data.chunks_exact(8).map(|c| word(c, 4)).collect();
            if columns.iter().any(|c| *c as usize >= variables) {
                return Err(invalid("a term's column is past the assignment"));
            }
            if coefficients.iter().any(|i| *i as usize >= table_len) {
                return Err(invalid("a term's coefficient index is past the table"));
            }
            Ok(Sparse { row_starts, columns, coefficients })
        };
        let a = sparse()?;
        let b = sparse()?;
        if !r.bytes.is_empty() {
            return Err(invalid(format!("{} bytes after the matrices", r.bytes.len())));
        }
        Ok(CircuitMatrices { shape, table, a, b })
    }

    /// Writes `dir/r1cs_matrices.bin`; returns its path.
    pub fn save(&self, dir: &Path) -> Result<PathBuf> {
        let path = dir.join(MATRICES_FILE);
        fs::write_atomic(&path, &self.to_bytes()?, Access::Public)?;
        Ok(path)
    }

    /// Reads `dir/r1cs_matrices.bin` for `depth` if the directory has one, else derives
    /// the matrices (once per process).
    pub fn load_or_derive(dir: &Path, depth: usize) -> Result<Arc<Self>> {
        let path = dir.join(MATRICES_FILE);
        if path.is_file() { Ok(Arc::new(Self::from_bytes(&fs::read(&path)?, depth)?)) } else { Self::for_depth(depth) }
    }
}

#[cfg(test)]
impl CircuitMatrices {
    /// A copy with one B coefficient changed (still in range): a matrix that parses but
    /// is not the circuit's.
    pub(crate) fn damaged(&self) -> Self {
        let mut copy = self.clone();
        if let Some(first) = copy.b.coefficients.first_mut() {
            *first = (*first + 1) % copy.table.len() as u32;
        }
        copy
    }
}

/// A bounds-checked little-endian reader.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.bytes.len() {
            return Err(invalid("file truncated"));
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    fn u32(&mut self) -> Result<usize> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_round_trips_and_rejects_damage() {
        let m = CircuitMatrices::derive(2).unwrap();
        let bytes = m.to_bytes().unwrap();
        assert_eq!(CircuitMatrices::from_bytes(&bytes, 2).unwrap(), m);
        assert!(matches!(CircuitMatrices::from_bytes(&bytes, 3), Err(Error::MatricesInvalid { .. })));
        assert!(matches!(
            CircuitMatrices::from_bytes(&bytes[..bytes.len() - 1], 2),
            Err(Error::MatricesInvalid { .. })
        ));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(CircuitMatrices::from_bytes(&longer, 2), Err(Error::MatricesInvalid { .. })));
        let mut bad_magic = bytes.clone();
        bad_magic[0] ^= 1;
        assert!(matches!(CircuitMatrices::from_bytes(&bad_magic, 2), Err(Error::MatricesInvalid { .. })));
        let mut bad_version = bytes.clone();
        bad_version[4] = 9;
        assert!(matches!(CircuitMatrices::from_bytes(&bad_version, 2), Err(Error::MatricesInvalid { .. })));
        // The last term's coefficient index, then its column, pushed out of range.
        let mut bad_index = bytes.clone();
        let n = bad_index.len();
        bad_index[n - 4..].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(CircuitMatrices::from_bytes(&bad_index, 2), Err(Error::MatricesInvalid { .. })));
        let mut bad_column = bytes.clone();
        bad_column[n - 8..n - 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(CircuitMatrices::from_bytes(&bad_column, 2), Err(Error::MatricesInvalid { .. })));
        // A coefficient not below r (the first table entry, all ones).
        let mut bad_coefficient = bytes.clone();
        bad_coefficient[28..60].fill(0xff);
        assert!(CircuitMatrices::from_bytes(&bad_coefficient, 2).is_err());
    }

    #[test]
    fn cached_matrices_are_shared() {
        let a = CircuitMatrices::for_depth(3).unwrap();
        let b = CircuitMatrices::for_depth(3).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(*a, CircuitMatrices::derive(3).unwrap());
        let dir = tempfile::tempdir().unwrap();
        assert!(Arc::ptr_eq(&CircuitMatrices::load_or_derive(dir.path(), 3).unwrap(), &a));
        a.save(dir.path()).unwrap();
        assert_eq!(*CircuitMatrices::load_or_derive(dir.path(), 3).unwrap(), *a);
    }
}
