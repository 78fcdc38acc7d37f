//! The model-attest circuit (DESIGN §4).
//!
//! Private: `sk`, `weights_hi`, `weights_lo`, `version`, `salt`, a Merkle path (siblings
//! and index bits, depth D). Public, in this order: `registry_root`, `content_hi`,
//! `content_lo`, `model_tag`, `creator`. The circuit enforces
//!
//! ```text
//! pk        = Poseidon(sk)
//! model     = Poseidon(weights_hi, weights_lo, version)
//! leaf      = Poseidon(pk, model)
//! node_i+1  = Poseidon(left_i, right_i)   (bit_i = 1: node_i is the right child)
//! node_D    == registry_root
//! model_tag == Poseidon(model, salt)
//! content_hi, content_lo < 2^128,  creator < 2^160
//! ```
//!
//! The last line is how `content_hi`, `content_lo` and `creator` are bound: nothing else
//! in the statement involves them, and a public input that appears in no constraint has
//! an all-zero column in A, B and C, so nothing ties a proof to its value. (arkworks'
//! and snarkjs' QAP reductions each add one row per input, which happens to bind it
//! algebraically; the circuit does not rely on that, so the R1CS means the same thing
//! whatever reduction or tool consumes it.) Rather than a dummy `x·x = x²` row, each is
//! decomposed into its natural width: 128, 128 and 160 boolean witnesses that must
//! recompose to it. That binds the input *and* states what it is, the halves of a
//! SHA-256 digest and a 20-byte address, so each (content key, creator) pair has exactly
//! one encoding as field elements, the one the registry contract passes
//! (`[root, hi(key), lo(key), modelTag, uint160(msg.sender)]`). The bits come from the
//! witness, so a claimed value other than the prover's own fails the recomposition.
//! Cost: 128 + 128 + 160 booleanity constraints plus 3 recomposition equalities = 419
//! constraints, about 7% of the depth-20 circuit.
//!
//! Constraint count (linear combinations inlined, as Groth16 synthesizes): Poseidon(1)
//! 213 + Poseidon(3) 261 + leaf 240 + tag 240 + D·240 for the path; per level one
//! booleanity constraint and one product for the conditional swap; 2 equalities (root,
//! tag); 419 for the bindings. Total `1375 + 242·D`: 2 343 at D = 4, 6 215 at D = 20
//! ([`circuit_shape`] reports it).
use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, BigInteger, Field, PrimeField};
use ark_r1cs_std::{
    GR1CSVar,
    alloc::AllocVar,
    boolean::Boolean,
    eq::EqGadget,
    fields::{FieldVar, fp::FpVar},
};
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, ConstraintSystemRef, OptimizationGoal, R1CS_PREDICATE_LABEL,
    SynthesisError, SynthesisMode,
};

use crate::{
    error::{Error, Result},
    field::fits_bits,
    merkle::{MerklePath, check_depth},
    poseidon::{poseidon, poseidon_var},
};

/// Bit width of each content-key half.
pub const CONTENT_HALF_BITS: u32 = 128;
/// Bit width of the creator address.
pub const CREATOR_BITS: u32 = 160;
/// Number of public inputs.
pub const NUM_PUBLIC_INPUTS: usize = 5;

/// Everything the prover knows: the private values, the Merkle path, and the three public
/// values that do not derive from them (the content key halves and the creator).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelAttestWitness {
    /// The model key's secret scalar.
    pub sk: Fr,
    /// High 128 bits of the weights CID digest (big-endian bytes 0..16).
    pub weights_hi: Fr,
    /// Low 128 bits of the weights CID digest (big-endian bytes 16..32).
    pub weights_lo: Fr,
    /// The model's version.
    pub version: Fr,
    /// The salt of this asset's model tag.
    pub salt: Fr,
    /// The registry path of the leaf `Poseidon(Poseidon(sk), model)`.
    pub path: MerklePath,
    /// High 128 bits of SHA-256 of the asset's bytes.
    pub content_hi: Fr,
    /// Low 128 bits of SHA-256 of the asset's bytes.
    pub content_lo: Fr,
    /// The creator's 20-byte address as a field element.
    pub creator: Fr,
}

/// The statement, in the circuit's public-input order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicInputs {
    /// Root of the auditor's model registry.
    pub registry_root: Fr,
    /// High 128 bits of the content key.
    pub content_hi: Fr,
    /// Low 128 bits of the content key.
    pub content_lo: Fr,
    /// `Poseidon(model, salt)`.
    pub model_tag: Fr,
    /// The creator address as a field element.
    pub creator: Fr,
}

impl PublicInputs {
    /// `[registry_root, content_hi, content_lo, model_tag, creator]`, as the verifier
    /// and the contract take them.
    pub fn to_array(&self) -> [Fr; NUM_PUBLIC_INPUTS] {
        [self.registry_root, self.content_hi, self.content_lo, self.model_tag, self.creator]
    }
}

impl ModelAttestWitness {
    /// The tree depth implied by the path.
    pub fn depth(&self) -> usize {
        self.path.depth()
    }

    /// `model = Poseidon(weights_hi, weights_lo, version)`.
    pub fn model(&self) -> Result<Fr> {
        poseidon(&[self.weights_hi, self.weights_lo, self.version])
    }

    /// The registry leaf `Poseidon(Poseidon(sk), model)`.
    pub fn leaf(&self) -> Result<Fr> {
        poseidon(&[poseidon(&[self.sk])?, self.model()?])
    }

    /// Checks what the circuit will range-check, and the path's shape, so a bad witness is
    /// a typed error here rather than an unsatisfiable proof later.
    pub fn check(&self) -> Result<()> {
        self.path.check()?;
        for (what, value, bits) in [
            ("content_hi", &self.content_hi, CONTENT_HALF_BITS),
            ("content_lo", &self.content_lo, CONTENT_HALF_BITS),
            ("creator", &self.creator, CREATOR_BITS),
        ] {
            if !fits_bits(value, bits) {
                return Err(Error::ValueTooWide { what, bits });
            }
        }
        Ok(())
    }
}

/// The public inputs a valid proof for `witness` will carry (computed natively).
pub fn public_inputs(witness: &ModelAttestWitness) -> Result<PublicInputs> {
    witness.check()?;
    let model = witness.model()?;
    Ok(PublicInputs {
        registry_root: witness.path.root(witness.leaf()?)?,
        content_hi: witness.content_hi,
        content_lo: witness.content_lo,
        model_tag: poseidon(&[model, witness.salt])?,
        creator: witness.creator,
    })
}

/// The model-attest circuit at a given depth, with or without an assignment.
#[derive(Clone, Debug)]
pub struct ModelAttestCircuit {
    depth: usize,
    assignment: Option<(ModelAttestWitness, PublicInputs)>,
}

impl ModelAttestCircuit {
    /// The circuit without values, for a setup: every allocation reports
    /// `AssignmentMissing` if asked for a value (arkworks does not ask in setup mode).
    pub fn empty(depth: usize) -> Result<Self> {
        check_depth(depth)?;
        Ok(ModelAttestCircuit { depth, assignment: None })
    }

    /// The circuit for `witness`, with its public inputs computed by [`public_inputs`];
    /// it is satisfied by construction.
    pub fn new(witness: ModelAttestWitness) -> Result<Self> {
        let public = public_inputs(&witness)?;
        Ok(ModelAttestCircuit { depth: witness.depth(), assignment: Some((witness, public)) })
    }

    /// The circuit for `witness` claiming arbitrary public inputs (satisfied only if they
    /// are the witness's). Only the path's shape is checked.
    pub fn with_public_inputs(witness: ModelAttestWitness, public: PublicInputs) -> Result<Self> {
        witness.path.check()?;
        Ok(ModelAttestCircuit { depth: witness.depth(), assignment: Some((witness, public)) })
    }

    /// The tree depth.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The claimed public inputs, when the circuit has an assignment.
    pub fn public_inputs(&self) -> Option<&PublicInputs> {
        self.assignment.as_ref().map(|(_, p)| p)
    }
}

impl ConstraintSynthesizer<Fr> for ModelAttestCircuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> ark_relations::gr1cs::Result<()> {
        let depth = self.depth;
        let (w, p) = match &self.assignment {
            Some((w, p)) => (Some(w), Some(p)),
            None => (None, None),
        };
        let public = |f: fn(&PublicInputs) -> Fr| move || p.map(f).ok_or(SynthesisError::AssignmentMissing);
        let private = |f: fn(&ModelAttestWitness) -> Fr| move || w.map(f).ok_or(SynthesisError::AssignmentMissing);

        // Public inputs first, in the statement's order (instance variable 0 is `1`).
        let registry_root = FpVar::new_input(cs.clone(), public(|p| p.registry_root))?;
        let content_hi = FpVar::new_input(cs.clone(), public(|p| p.content_hi))?;
        let content_lo = FpVar::new_input(cs.clone(), public(|p| p.content_lo))?;
        let model_tag = FpVar::new_input(cs.clone(), public(|p| p.model_tag))?;
        let creator = FpVar::new_input(cs.clone(), public(|p| p.creator))?;

        let sk = FpVar::new_witness(cs.clone(), private(|w| w.sk))?;
        let weights_hi = FpVar::new_witness(cs.clone(), private(|w| w.weights_hi))?;
        let weights_lo = FpVar::new_witness(cs.clone(), private(|w| w.weights_lo))?;
        let version = FpVar::new_witness(cs.clone(), private(|w| w.version))?;
        let salt = FpVar::new_witness(cs.clone(), private(|w| w.salt))?;

        let pk = poseidon_var(&[sk])?;
        let model = poseidon_var(&[weights_hi, weights_lo, version])?;
        let mut node = poseidon_var(&[pk, model.clone()])?;

        let index_bits = w.map(|w| w.path.index_bits());
        for level in 0..depth {
            let sibling = FpVar::new_witness(cs.clone(), || {
                w.and_then(|w| w.path.siblings.get(level).copied()).ok_or(SynthesisError::AssignmentMissing)
            })?;
            // Allocating a Boolean enforces bit·(1 − bit) = 0.
            let is_right = Boolean::new_witness(cs.clone(), || {
                index_bits.as_ref().and_then(|bits| bits.get(level).copied()).ok_or(SynthesisError::AssignmentMissing)
            })?;
            // Conditional swap in one product: d = bit·(sibling − node);
            // left = node + d, right = sibling − d.
            let d = FpVar::from(is_right) * (&sibling - &node);
            let left = &node + &d;
            let right = sibling - d;
            node = poseidon_var(&[left, right])?;
        }
        node.enforce_equal(&registry_root)?;

        poseidon_var(&[model, salt])?.enforce_equal(&model_tag)?;

        // The bits are the prover's own (from the witness), so a claimed public value other
        // than the one the prover decomposed fails the recomposition.
        enforce_bit_length(&content_hi, CONTENT_HALF_BITS, w.map(|w| w.content_hi))?;
        enforce_bit_length(&content_lo, CONTENT_HALF_BITS, w.map(|w| w.content_lo))?;
        enforce_bit_length(&creator, CREATOR_BITS, w.map(|w| w.creator))?;
        Ok(())
    }
}

/// Enforces `x < 2^bits` by allocating `bits` boolean witnesses (the bits of `value`)
/// that must recompose to `x`: `bits` booleanity constraints and one linear equality;
/// `bits` < 253, so the recomposition cannot wrap around r.
fn enforce_bit_length(x: &FpVar<Fr>, bits: u32, value: Option<Fr>) -> Result<(), SynthesisError> {
    let cs = x.cs();
    let value = value.map(|v| v.into_bigint());
    let mut sum = FpVar::<Fr>::zero();
    let mut weight = Fr::ONE;
    for i in 0..bits {
        let bit = Boolean::new_witness(cs.clone(), || {
            value.map(|v| v.get_bit(i as usize)).ok_or(SynthesisError::AssignmentMissing)
        })?;
        sum += FpVar::from(bit) * weight;
        weight.double_in_place();
    }
    sum.enforce_equal(x)
}

/// Sizes of the circuit at a depth, as arkworks' Groth16 sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CircuitShape {
    /// The tree depth.
    pub depth: usize,
    /// R1CS constraints (linear combinations inlined, as Groth16 does).
    pub num_constraints: usize,
    /// Instance variables, including the constant `1`.
    pub num_instance_variables: usize,
    /// Witness variables.
    pub num_witness_variables: usize,
}

/// The circuit's size at `depth`. Every Merkle level adds the same gadgets, so sizes
/// are linear in the depth: the sizes at depths 1 and 2 give every depth without
/// synthesizing a large circuit. Those two are constants here, because synthesizing
/// them took a tenth of a proof's time; a test holds them to [`synthesized_shape`].
pub fn circuit_shape(depth: usize) -> Result<CircuitShape> {
    crate::merkle::check_depth(depth)?;
    let (one, two) = (SHAPE_AT_DEPTH_1, SHAPE_AT_DEPTH_2);
    let at = |a: usize, b: usize| a + (depth - 1) * (b - a);
    Ok(CircuitShape {
        depth,
        num_constraints: at(one.num_constraints, two.num_constraints),
        num_instance_variables: at(one.num_instance_variables, two.num_instance_variables),
        num_witness_variables: at(one.num_witness_variables, two.num_witness_variables),
    })
}

/// [`synthesized_shape`]`(1)`.
const SHAPE_AT_DEPTH_1: CircuitShape =
    CircuitShape { depth: 1, num_constraints: 1617, num_instance_variables: 6, num_witness_variables: 1618 };
/// [`synthesized_shape`]`(2)`.
const SHAPE_AT_DEPTH_2: CircuitShape =
    CircuitShape { depth: 2, num_constraints: 1859, num_instance_variables: 6, num_witness_variables: 1861 };

/// Synthesizes the empty circuit at `depth` in setup mode and reports its size.
pub fn synthesized_shape(depth: usize) -> Result<CircuitShape> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Setup);
    ModelAttestCircuit::empty(depth)?.generate_constraints(cs.clone())?;
    cs.finalize();
    Ok(CircuitShape {
        depth,
        num_constraints: cs.num_constraints(),
        num_instance_variables: cs.num_instance_variables(),
        num_witness_variables: cs.num_witness_variables(),
    })
}

/// Synthesizes `circuit` with its assignment (as Groth16's prover does) and reports
/// whether every constraint holds, by evaluating `A·z ∘ B·z = C·z` row by row.
pub fn is_satisfied(circuit: ModelAttestCircuit) -> Result<bool> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    circuit.generate_constraints(cs.clone())?;
    cs.finalize();
    let matrices = cs.to_matrices()?;
    let [a, b, c] = match matrices.get(R1CS_PREDICATE_LABEL).map(Vec::as_slice) {
        Some([a, b, c]) if matrices.len() == 1 => [a, b, c],
        _ => return Err(SynthesisError::PredicateNotFound.into()),
    };
    let z: Vec<Fr> = cs.instance_assignment()?.into_iter().chain(cs.witness_assignment()?).collect();
    let eval =
        |row: &[(Fr, usize)]| row.iter().try_fold(Fr::ZERO, |acc, (coeff, i)| z.get(*i).map(|v| acc + *coeff * v));
    for ((ra, rb), rc) in a.iter().zip(b).zip(c) {
        match (eval(ra), eval(rb), eval(rc)) {
            (Some(x), Some(y), Some(w)) if x * y == w => {}
            (Some(_), Some(_), Some(_)) => return Ok(false),
            _ => return Err(SynthesisError::AssignmentMissing.into()),
        }
    }
    Ok(a.len() == cs.num_constraints())
}

#[cfg(test)]
mod shape_tests {
    use super::*;

    #[test]
    fn extrapolated_shapes_equal_synthesized_ones() {
        for depth in [1, 3, 4, 20] {
            assert_eq!(circuit_shape(depth).unwrap(), synthesized_shape(depth).unwrap(), "depth {depth}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{field::digest_halves, registry::Registry};
    use ark_ff::Zero;
    use ark_std::{UniformRand, rand::SeedableRng};
    use rand_chacha::ChaCha20Rng;

    #[test]
    fn shape_constants_are_the_synthesized_sizes() {
        assert_eq!(synthesized_shape(1).unwrap(), SHAPE_AT_DEPTH_1);
        assert_eq!(synthesized_shape(2).unwrap(), SHAPE_AT_DEPTH_2);
        // Linear in the depth: a synthesis at 5 lands where the constants put it.
        assert_eq!(synthesized_shape(5).unwrap(), circuit_shape(5).unwrap());
    }

    /// A valid witness for leaf `index` of a registry of 5 random models at `depth`.
    pub(crate) fn witness(depth: usize, seed: u64) -> ModelAttestWitness {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let sk = Fr::rand(&mut rng);
        let (weights_hi, weights_lo) = digest_halves(&[0xab; 32]);
        let version = Fr::from(2u64);
        let model = poseidon(&[weights_hi, weights_lo, version]).unwrap();
        let leaf = poseidon(&[poseidon(&[sk]).unwrap(), model]).unwrap();
        let mut leaves: Vec<Fr> = (0..5).map(|_| Fr::rand(&mut rng)).collect();
        leaves[3] = leaf;
        let registry = Registry::from_leaves(depth, leaves).unwrap();
        let (content_hi, content_lo) = digest_halves(&[0x5c; 32]);
        ModelAttestWitness {
            sk,
            weights_hi,
            weights_lo,
            version,
            salt: Fr::rand(&mut rng),
            path: registry.path(3).unwrap(),
            content_hi,
            content_lo,
            creator: crate::field::address_to_fr(&[0xc1; 20]),
        }
    }

    /// A named single-value change.
    type Change<T> = (&'static str, fn(&mut T));

    fn satisfied(w: &ModelAttestWitness, p: &PublicInputs) -> bool {
        is_satisfied(ModelAttestCircuit::with_public_inputs(w.clone(), *p).unwrap()).unwrap()
    }

    #[test]
    fn shape_at_depth_4_and_20() {
        let s4 = circuit_shape(4).unwrap();
        assert_eq!((s4.num_constraints, s4.num_instance_variables), (2343, 6));
        let s20 = circuit_shape(20).unwrap();
        assert_eq!((s20.num_constraints, s20.num_instance_variables), (6215, 6));
        // Each level: one Poseidon(2) (240), one booleanity, one swap product.
        assert_eq!(s20.num_constraints - s4.num_constraints, 16 * 242);
    }

    #[test]
    fn valid_witness_satisfies_at_depth_4_and_20() {
        for depth in [4, 20] {
            let w = witness(depth, depth as u64);
            let p = public_inputs(&w).unwrap();
            assert!(satisfied(&w, &p), "depth {depth}");
            assert!(is_satisfied(ModelAttestCircuit::new(w).unwrap()).unwrap());
        }
    }

    #[test]
    fn changing_any_single_value_breaks_it() {
        let w = witness(4, 4);
        let p = public_inputs(&w).unwrap();
        let one = Fr::from(1u64);
        let private: [Change<ModelAttestWitness>; 6] = [
            ("sk", |w| w.sk += Fr::from(1u64)),
            ("weights_hi", |w| w.weights_hi += Fr::from(1u64)),
            ("weights_lo", |w| w.weights_lo += Fr::from(1u64)),
            ("version", |w| w.version += Fr::from(1u64)),
            ("salt", |w| w.salt += Fr::from(1u64)),
            ("index", |w| w.path.index ^= 1),
        ];
        for (name, change) in private {
            let mut bad = w.clone();
            change(&mut bad);
            assert!(!satisfied(&bad, &p), "private {name}");
        }
        for level in 0..4 {
            let mut bad = w.clone();
            bad.siblings_mut()[level] += one;
            assert!(!satisfied(&bad, &p), "sibling {level}");
            let mut bad = w.clone();
            bad.path.index ^= 1 << level;
            assert!(!satisfied(&bad, &p), "index bit {level}");
        }
        let public: [Change<PublicInputs>; 5] = [
            ("registry_root", |p| p.registry_root += Fr::from(1u64)),
            ("content_hi", |p| p.content_hi += Fr::from(1u64)),
            ("content_lo", |p| p.content_lo += Fr::from(1u64)),
            ("model_tag", |p| p.model_tag += Fr::from(1u64)),
            ("creator", |p| p.creator += Fr::from(1u64)),
        ];
        for (name, change) in public {
            // The claimed public value changes while the witness keeps the old one.
            let mut bad = p;
            change(&mut bad);
            assert!(!satisfied(&w, &bad), "public {name}");
        }
    }

    #[test]
    fn content_and_creator_must_fit_their_widths() {
        // Consistent but over-wide values: the witness agrees with the claim, so only the
        // range checks can reject them.
        let mut w = witness(4, 5);
        w.content_hi = Fr::from(u128::MAX) + Fr::from(1u64); // 2^128
        assert!(matches!(public_inputs(&w), Err(Error::ValueTooWide { what: "content_hi", bits: 128 })));
        let mut p = public_inputs(&witness(4, 5)).unwrap();
        p.content_hi = w.content_hi;
        assert!(!satisfied(&w, &p));

        let mut w = witness(4, 5);
        w.creator = -Fr::from(1u64);
        let mut p = public_inputs(&witness(4, 5)).unwrap();
        p.creator = w.creator;
        assert!(!satisfied(&w, &p));

        // The largest values that fit are fine.
        let mut w = witness(4, 5);
        w.content_lo = Fr::from(u128::MAX);
        w.creator = crate::field::address_to_fr(&[0xff; 20]);
        let p = public_inputs(&w).unwrap();
        assert!(satisfied(&w, &p));
        w.content_hi = Fr::zero();
        assert!(satisfied(&w, &public_inputs(&w).unwrap()));
    }

    #[test]
    fn empty_circuit_and_bad_paths_are_typed() {
        assert!(matches!(ModelAttestCircuit::empty(0), Err(Error::DepthOutOfRange { .. })));
        let mut w = witness(4, 6);
        w.path.index = 16;
        assert!(matches!(ModelAttestCircuit::new(w), Err(Error::IndexOutOfRange { index: 16, depth: 4 })));
        // An assignment-free circuit cannot be proven: synthesis asks for values.
        assert!(matches!(
            is_satisfied(ModelAttestCircuit::empty(4).unwrap()),
            Err(Error::Synthesis(SynthesisError::AssignmentMissing))
        ));
    }

    impl ModelAttestWitness {
        fn siblings_mut(&mut self) -> &mut Vec<Fr> {
            &mut self.path.siblings
        }
    }
}
