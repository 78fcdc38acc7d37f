pragma circom 2.1.0;

// The model-attest statement of DESIGN §4, in circom: the twin of the arkworks circuit in
// crates/proofmark-prover/src/circuit.rs, with circomlib's Poseidon.
//
// An audited model's key attested this content digest for this creator:
//   pk = Poseidon(sk); model = Poseidon(weights_hi, weights_lo, version);
//   leaf = Poseidon(pk, model) is in the registry tree under registry_root;
//   model_tag = Poseidon(model, salt).
// Public signals, in order: registry_root, content_hi, content_lo, model_tag, creator.
// content_hi/lo (128-bit halves of SHA-256 of the asset) and creator (160-bit address)
// are bound by range checks, as in the arkworks circuit.

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/mux1.circom";
include "circomlib/circuits/bitify.circom";

template ModelAttest(depth) {
    // Public (declared first: snarkjs orders public signals by declaration).
    signal input registry_root;
    signal input content_hi;
    signal input content_lo;
    signal input model_tag;
    signal input creator;
    // Private.
    signal input sk;
    signal input weights_hi;
    signal input weights_lo;
    signal input version;
    signal input salt;
    signal input siblings[depth];
    signal input index_bits[depth];

    component pk = Poseidon(1);
    pk.inputs[0] <== sk;

    component model = Poseidon(3);
    model.inputs[0] <== weights_hi;
    model.inputs[1] <== weights_lo;
    model.inputs[2] <== version;

    component leaf = Poseidon(2);
    leaf.inputs[0] <== pk.out;
    leaf.inputs[1] <== model.out;

    // Up the tree: bit 1 means the current node is the right child.
    signal node[depth + 1];
    node[0] <== leaf.out;
    component order[depth];
    component parent[depth];
    for (var i = 0; i < depth; i++) {
        index_bits[i] * (1 - index_bits[i]) === 0;
        order[i] = MultiMux1(2);
        order[i].c[0][0] <== node[i];
        order[i].c[0][1] <== siblings[i];
        order[i].c[1][0] <== siblings[i];
        order[i].c[1][1] <== node[i];
        order[i].s <== index_bits[i];
        parent[i] = Poseidon(2);
        parent[i].inputs[0] <== order[i].out[0];
        parent[i].inputs[1] <== order[i].out[1];
        node[i + 1] <== parent[i].out;
    }
    registry_root === node[depth];

    component tag = Poseidon(2);
    tag.inputs[0] <== model.out;
    tag.inputs[1] <== salt;
    model_tag === tag.out;

    component hi = Num2Bits(128);
    hi.in <== content_hi;
    component lo = Num2Bits(128);
    lo.in <== content_lo;
    component who = Num2Bits(160);
    who.in <== creator;
}

component main {public [registry_root, content_hi, content_lo, model_tag, creator]} = ModelAttest(20);
