//! circom's `.r1cs` (version 1), read and written.
//!
//! - Section 1 (header): `u32 n8`, the prime `r` (`n8` bytes), `u32 nWires`,
//!   `u32 nPubOut`, `u32 nPubIn`, `u32 nPrvIn`, `u64 nLabels`, `u32 mConstraints`.
//! - Section 2 (constraints): for each constraint the linear combinations A, B, C, each
//!   as `u32` term count then terms `u32` wire id + `n8`-byte coefficient (little-endian,
//!   normal form, below `r`). The constraint is `A·B = C` over the wire values.
//! - Section 3 (wire to label): `u64` label id for each wire.
//!
//! Wires are ordered as circom orders signals: wire 0 is the constant one, then the
//! public outputs, the public inputs, the private inputs, then every other signal.
//! Other sections (circom's custom-gate sections 4 and 5, for PLONK) are ignored when
//! reading.
//!
//! [`R1cs::from_circuit`] exports an arkworks circuit: arkworks' instance variables
//! (the constant one, then the public inputs in allocation order) become wires
//! `0..=nPubIn`, its witness variables follow in order, so wire `i` is column `i` of
//! arkworks' constraint matrices and a full arkworks assignment is a circom witness.
use std::path::Path;

use ark_bn254::Fr;
use ark_ff::{One, Zero};
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, ConstraintSystemRef, OptimizationGoal, R1CS_PREDICATE_LABEL, SynthesisMode,
};

use super::{
    N8,
    binfile::{BinFile, Cursor, Writer},
    from_le, modulus_le, to_le,
};
use crate::{
    error::{Error, Result},
    fs,
};

const KIND: &str = "r1cs";
const MAGIC: &[u8; 4] = b"r1cs";
const VERSION: u32 = 1;

/// Bytes of one term: `u32` wire id + coefficient.
const TERM: usize = 4 + N8;

/// A linear combination: `(wire, coefficient)` terms.
pub type LinearCombination = Vec<(u32, Fr)>;

/// One constraint `A·B = C`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct R1csConstraint {
    /// The A linear combination.
    pub a: LinearCombination,
    /// The B linear combination.
    pub b: LinearCombination,
    /// The C linear combination.
    pub c: LinearCombination,
}

/// A circom constraint system over BN254's scalar field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct R1cs {
    /// Wires, including wire 0 (the constant one).
    pub num_wires: u32,
    /// Public outputs (wires `1..=num_pub_out`).
    pub num_pub_out: u32,
    /// Public inputs (the wires after the public outputs).
    pub num_pub_in: u32,
    /// Private inputs (the wires after the public inputs).
    pub num_prv_in: u32,
    /// Labels (circom signals, including those optimised away).
    pub num_labels: u64,
    /// The constraints.
    pub constraints: Vec<R1csConstraint>,
    /// The label of each wire (empty when the file had no wire-to-label section).
    pub wire_to_label: Vec<u64>,
}

impl R1cs {
    /// Public signals (outputs and inputs), not counting the constant one: the
    /// `nPublic` of a zkey made from this system.
    pub fn num_public(&self) -> usize {
        self.num_pub_out as usize + self.num_pub_in as usize
    }

    /// Parses a `.r1cs` file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let file = BinFile::parse(bytes, KIND, MAGIC, &[VERSION])?;
        let mut header = file.cursor(1, "header section")?;
        // Another element size is another field, like another prime.
        if header.u32()? as usize != N8 || header.array::<N8>()? != modulus_le::<Fr>() {
            return Err(Error::CircomPrime { kind: KIND, which: "r" });
        }
        let mut r1cs = R1cs {
            num_wires: header.u32()?,
            num_pub_out: header.u32()?,
            num_pub_in: header.u32()?,
            num_prv_in: header.u32()?,
            num_labels: header.u64()?,
            ..R1cs::default()
        };
        let num_constraints = header.u32()? as usize;
        header.finish()?;
        let inputs = u64::from(r1cs.num_pub_out) + u64::from(r1cs.num_pub_in) + u64::from(r1cs.num_prv_in);
        if inputs >= u64::from(r1cs.num_wires) {
            return Err(invalid(format!("{inputs} inputs and outputs but only {} wires", r1cs.num_wires)));
        }

        let mut section = file.cursor(2, "constraints section")?;
        // Each constraint takes at least three term counts (12 bytes).
        if num_constraints > section.remaining() / 12 {
            return Err(Error::CircomTruncated { kind: KIND, what: "constraints section" });
        }
        r1cs.constraints.reserve_exact(num_constraints);
        for _ in 0..num_constraints {
            let a = read_lc(&mut section, r1cs.num_wires)?;
            let b = read_lc(&mut section, r1cs.num_wires)?;
            let c = read_lc(&mut section, r1cs.num_wires)?;
            r1cs.constraints.push(R1csConstraint { a, b, c });
        }
        section.finish()?;

        if let Some(labels) = file.optional_section(3)? {
            let expected = (r1cs.num_wires as usize).checked_mul(8);
            if Some(labels.len()) != expected {
                return Err(Error::CircomSection {
                    kind: KIND,
                    section: 3,
                    problem: format!("wire-to-label map of {} bytes for {} wires", labels.len(), r1cs.num_wires),
                });
            }
            r1cs.wire_to_label = labels.chunks_exact(8).map(|c| u64::from_le_bytes(super::array(c))).collect();
            if let Some((wire, label)) =
                r1cs.wire_to_label.iter().enumerate().find(|(_, label)| **label >= r1cs.num_labels)
            {
                return Err(invalid(format!("wire {wire} has label {label}, past nLabels {}", r1cs.num_labels)));
            }
        }
        Ok(r1cs)
    }

    /// Reads and parses a `.r1cs` file.
    pub fn read(path: &Path) -> Result<Self> {
        Self::from_bytes(&fs::read(path)?)
    }

    /// The `.r1cs` file (version 1, sections 1–3) for this system. Linear combinations are
    /// written as they are (see [`R1cs::from_constraint_system`] for the normal form); the
    /// wire-to-label section is the identity map unless [`R1cs::wire_to_label`] has one
    /// label per wire.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(MAGIC, VERSION, 3);
        w.section(1);
        w.u32(N8 as u32);
        w.bytes(&modulus_le::<Fr>());
        w.u32(self.num_wires);
        w.u32(self.num_pub_out);
        w.u32(self.num_pub_in);
        w.u32(self.num_prv_in);
        w.u64(self.num_labels);
        w.u32(self.constraints.len() as u32);
        w.section(2);
        for constraint in &self.constraints {
            for lc in [&constraint.a, &constraint.b, &constraint.c] {
                w.u32(lc.len() as u32);
                for (wire, coefficient) in lc {
                    w.u32(*wire);
                    w.bytes(&to_le(coefficient));
                }
            }
        }
        w.section(3);
        if self.wire_to_label.len() == self.num_wires as usize {
            self.wire_to_label.iter().for_each(|label| w.u64(*label));
        } else {
            (0..u64::from(self.num_wires)).for_each(|label| w.u64(label));
        }
        w.finish()
    }

    /// Writes the `.r1cs` file atomically.
    pub fn write(&self, path: &Path) -> Result<()> {
        fs::write_atomic(path, &self.to_bytes(), fs::Access::Public)
    }

    /// The constraint system of an arkworks circuit, synthesized the way arkworks'
    /// Groth16 setup does (setup mode, linear combinations inlined), so the export has
    /// exactly the constraints and variables of `Groth16::setup` on the same circuit.
    pub fn from_circuit<C: ConstraintSynthesizer<Fr>>(circuit: C) -> Result<Self> {
        let cs = ConstraintSystem::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        cs.set_mode(SynthesisMode::Setup);
        circuit.generate_constraints(cs.clone())?;
        Self::from_constraint_system(&cs)
    }

    /// The constraint system of an arkworks circuit and its full assignment (the constant
    /// one, the public inputs, then the witness variables: a circom witness for it).
    pub fn from_circuit_with_witness<C: ConstraintSynthesizer<Fr>>(circuit: C) -> Result<(Self, Vec<Fr>)> {
        let cs = ConstraintSystem::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        cs.set_mode(SynthesisMode::Prove { construct_matrices: true, generate_lc_assignments: false });
        circuit.generate_constraints(cs.clone())?;
        let r1cs = Self::from_constraint_system(&cs)?;
        let mut witness = cs.instance_assignment()?;
        witness.extend(cs.witness_assignment()?);
        Ok((r1cs, witness))
    }

    /// Converts an arkworks constraint system (finalizing it first: linear combinations
    /// are inlined). Its instance variables become the public inputs (`nPubOut = 0`,
    /// `nPubIn` = instance variables − 1, `nPrvIn = 0`: arkworks does not tell private
    /// inputs from other witness variables; set [`R1cs::num_prv_in`] if it matters), one
    /// label per wire. Each linear combination is in normal form: terms sorted by wire,
    /// one term per wire, no zero coefficients.
    pub fn from_constraint_system(cs: &ConstraintSystemRef<Fr>) -> Result<Self> {
        cs.finalize();
        let matrices = cs.to_matrices()?;
        if let Some(other) = matrices.keys().find(|label| label.as_str() != R1CS_PREDICATE_LABEL) {
            return Err(invalid(format!("the constraint system uses the non-R1CS predicate {other:?}")));
        }
        let wires = cs.num_instance_variables() + cs.num_witness_variables();
        let num_wires = u32::try_from(wires).map_err(|_| invalid(format!("{wires} wires do not fit in u32")))?;
        let constraints = match matrices.get(R1CS_PREDICATE_LABEL) {
            None => Vec::new(),
            Some(m) if m.len() == 3 => {
                let (a, b, c) = (&m[0], &m[1], &m[2]);
                if a.len() != b.len() || a.len() != c.len() {
                    return Err(invalid(String::from("R1CS matrices of different heights")));
                }
                a.iter()
                    .zip(b)
                    .zip(c)
                    .map(|((a, b), c)| {
                        Ok(R1csConstraint { a: normalize(a, wires)?, b: normalize(b, wires)?, c: normalize(c, wires)? })
                    })
                    .collect::<Result<Vec<_>>>()?
            }
            Some(m) => return Err(invalid(format!("R1CS predicate with {} matrices", m.len()))),
        };
        if u32::try_from(constraints.len()).is_err() {
            return Err(invalid(format!("{} constraints do not fit in u32", constraints.len())));
        }
        Ok(R1cs {
            num_wires,
            num_pub_out: 0,
            num_pub_in: cs.num_instance_variables().saturating_sub(1) as u32, // <= num_wires
            num_prv_in: 0,
            num_labels: u64::from(num_wires),
            constraints,
            wire_to_label: (0..u64::from(num_wires)).collect(),
        })
    }

    /// Whether `witness` (one value per wire, the constant one first) satisfies every
    /// constraint. A witness of the wrong length or without `1` at wire 0 does not.
    pub fn is_satisfied_by(&self, witness: &[Fr]) -> bool {
        if witness.len() != self.num_wires as usize || witness.first() != Some(&Fr::one()) {
            return false;
        }
        let eval = |lc: &LinearCombination| -> Option<Fr> {
            lc.iter().try_fold(Fr::zero(), |acc, (wire, c)| witness.get(*wire as usize).map(|w| acc + *c * w))
        };
        self.constraints.iter().all(|k| match (eval(&k.a), eval(&k.b), eval(&k.c)) {
            (Some(a), Some(b), Some(c)) => a * b == c,
            _ => false,
        })
    }
}

fn invalid(reason: String) -> Error {
    Error::CircomInvalid { kind: KIND, reason }
}

fn read_lc(section: &mut Cursor<'_>, num_wires: u32) -> Result<LinearCombination> {
    let terms = section.u32()? as usize;
    if terms > section.remaining() / TERM {
        return Err(Error::CircomTruncated { kind: KIND, what: "constraints section" });
    }
    let mut lc = Vec::with_capacity(terms);
    for _ in 0..terms {
        let wire = section.u32()?;
        if wire >= num_wires {
            return Err(invalid(format!("wire {wire} is past nWires {num_wires}")));
        }
        let coefficient = from_le::<Fr>(&section.array()?)
            .ok_or_else(|| invalid(format!("a coefficient of wire {wire} is not below r")))?;
        lc.push((wire, coefficient));
    }
    Ok(lc)
}

/// Sorted by wire, duplicates merged, zeros dropped.
fn normalize(row: &[(Fr, usize)], wires: usize) -> Result<LinearCombination> {
    let mut terms = row
        .iter()
        .map(|(c, wire)| {
            if *wire < wires {
                Ok((*wire as u32, *c))
            } else {
                Err(invalid(format!("column {wire} past {wires} wires")))
            }
        })
        .collect::<Result<Vec<_>>>()?;
    terms.sort_by_key(|(wire, _)| *wire);
    let mut out: LinearCombination = Vec::with_capacity(terms.len());
    for (wire, c) in terms {
        match out.last_mut() {
            Some((last, sum)) if *last == wire => *sum += c,
            _ => out.push((wire, c)),
        }
    }
    out.retain(|(_, c)| !c.is_zero());
    Ok(out)
}
