//! A synthetic chain for anchor tests: a registry's storage and some other accounts,
//! committed in real Merkle-Patricia tries (alloy-trie's `HashBuilder` with a proof
//! retainer), under a real mainnet header whose state root is swapped for ours.
#![allow(dead_code)]

use std::collections::BTreeMap;

use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_trie::proof::ProofRetainer;
use alloy_trie::{EMPTY_ROOT_HASH, HashBuilder, Nibbles, TrieAccount};
use proofmark_core::anchor::Header;
use proofmark_core::anchor::layout::{record_slots, root_at_slot, root_state_slot};
use serde_json::{Value, json};

/// Mainnet block 24,630,100 (0x177d354), a post-Prague header with `requestsHash`, as
/// `eth_getBlockByNumber` returns it (transactions and withdrawals left out: they are not
/// header fields).
pub const MAINNET_HEADER: &str = r#"{
  "baseFeePerGas": "0x246edf3",
  "blobGasUsed": "0x40000",
  "difficulty": "0x0",
  "excessBlobGas": "0xa2a720e",
  "extraData": "0x4275696c6465724e6574202842656176657229",
  "gasLimit": "0x3938700",
  "gasUsed": "0x1a4ed69",
  "hash": "0x6c4c6ea047f0ca4bcb0b0fbbcc2e50061d8dd24ba1ab8a22a6d3583a497c3c82",
  "logsBloom": "0xfffffef97ffdf7dfb75fbbfeffffdfffffbeefffffbbffff6ffffdffbffffaf9df7fff7f7fff6ffbffffdfdffbffffff76fffffcbf7ffbfffffeefffffff7df7bffffffdefffff8fdfdf7f7ceffdffff7ff77affe7ef5ff5fbfff57ff7eeadfffffffabfff7bdffbbfbffcfffdefffeffefffffffff5fffefdffdffbffffdfdffbffe7fffffffffdffebf7e37fdfe977f7fbdfefdffddffffffffff5f97ffffdfbffdf7fffffbff9feff77afffefffeef77ffff7fff6fffeffd77ffffeefefdb7bffffff7f7ffdfbff7ffffffffefdffdffddffffffefffffffefdfbf7fdffef7fffff3bdf7fff6cefffdfffdf7ffffeffbfbffffdafffdfbf7efdbeffff7fff",
  "miner": "0xdadb0d80178819f2319190d340ce9a924f783711",
  "mixHash": "0xf824cbc0bffaa4862fffafa96c2cce90898dda8b97fc3eaa6a85ac38075991e5",
  "nonce": "0x0000000000000000",
  "number": "0x177d354",
  "parentBeaconBlockRoot": "0xd9b957562f8477151f61eddc77bcad7451ef62eab8f4fe470402073a794e8bba",
  "parentHash": "0x63ce16602b2afe4089fa8e0a2c16be1a2dea1c4d30b65bd717d9398ddd5fba23",
  "receiptsRoot": "0x52fc280ab6b1db61781dae4cc5f81b7ddd484eae78320bdd8161d5b2fe8e7719",
  "requestsHash": "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "sha3Uncles": "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
  "size": "0x2a8a9",
  "stateRoot": "0x41ebb402f36d0ce15799e98d1aca83bbb5d4b08d1b6572e73b388e4ece192916",
  "timestamp": "0x69b09d6b",
  "transactionsRoot": "0x3b889eb9fa0713d2e1d9e90725d45fd04ec4a550a7a390639c243c5f3b2c6215",
  "uncles": [],
  "withdrawalsRoot": "0x76abcbef0846a5bd065d0207581dacc3cf8df4ec2ba0a8e4d4fbbe97864b82ee"
}"#;

/// The block hash of [`MAINNET_HEADER`].
pub const MAINNET_HASH: &str = "0x6c4c6ea047f0ca4bcb0b0fbbcc2e50061d8dd24ba1ab8a22a6d3583a497c3c82";

/// A deterministic word from a label.
pub fn word(label: &str) -> B256 {
    keccak256(label.as_bytes())
}

/// A deterministic address from a label.
pub fn addr(label: &str) -> Address {
    Address::from_word(word(label))
}

pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::from("0x");
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

pub fn quantity(value: U256) -> String {
    format!("{value:#x}")
}

/// A trie over `leaves` (hashed key → value), with proofs for `targets` (hashed keys).
pub fn trie(leaves: &BTreeMap<B256, Vec<u8>>, targets: &[B256]) -> (B256, Vec<Vec<Bytes>>) {
    if leaves.is_empty() {
        return (EMPTY_ROOT_HASH, targets.iter().map(|_| Vec::new()).collect());
    }
    let retainer = ProofRetainer::new(targets.iter().map(|t| Nibbles::unpack(t)).collect());
    let mut builder = HashBuilder::default().with_proof_retainer(retainer);
    for (key, value) in leaves {
        builder.add_leaf(Nibbles::unpack(key), value);
    }
    let root = builder.root();
    let nodes = builder.take_proof_nodes();
    let proofs = targets
        .iter()
        .map(|t| nodes.matching_nodes_sorted(&Nibbles::unpack(t)).into_iter().map(|(_, node)| node).collect())
        .collect();
    (root, proofs)
}

/// The registry's record, as the contract packs it.
#[derive(Clone, Copy, Debug)]
pub struct Anchoring {
    pub key: B256,
    pub creator: Address,
    pub block: u64,
    pub root_index: u32,
    pub model_tag: B256,
    pub parent_key: B256,
    pub price: u128,
    pub royalty_bps: u16,
}

impl Anchoring {
    pub fn sample(label: &str) -> Anchoring {
        Anchoring {
            key: word(label),
            creator: addr(&format!("{label}/creator")),
            block: 1000,
            root_index: 1,
            model_tag: word(&format!("{label}/model")),
            parent_key: word("parent"),
            price: 10u128.pow(16),
            royalty_bps: 500,
        }
    }

    pub fn head(&self) -> U256 {
        U256::from_be_slice(self.creator.as_slice())
            | (U256::from(self.block) << 160)
            | (U256::from(self.root_index) << 224)
    }

    pub fn terms(&self) -> U256 {
        U256::from(self.price) | (U256::from(self.royalty_bps) << 128)
    }
}

/// A chain state: the registry's storage words and a few unrelated accounts.
#[derive(Clone, Debug)]
pub struct Chain {
    pub registry: Address,
    pub registry_present: bool,
    pub storage: BTreeMap<B256, U256>,
    pub others: usize,
}

impl Chain {
    pub fn new() -> Chain {
        let mut chain =
            Chain { registry: addr("registry"), registry_present: true, storage: BTreeMap::new(), others: 24 };
        // Unrelated storage, so the storage trie has depth.
        for i in 0..40u64 {
            chain.storage.insert(word(&format!("filler slot {i}")), U256::from(i + 1));
        }
        chain.storage.insert(B256::from(U256::from(5u8)), U256::from(1u8)); // rootCount
        chain
    }

    pub fn set(&mut self, slot: B256, value: U256) {
        if value.is_zero() {
            self.storage.remove(&slot);
        } else {
            self.storage.insert(slot, value);
        }
    }

    /// Publishes `root` under `index` at `block`.
    pub fn publish_root(&mut self, index: u32, root: B256, published_at: u64, revoked_at: u64) {
        self.set(root_at_slot(index), U256::from_be_bytes(root.0));
        self.set(
            root_state_slot(root),
            U256::from(index) | (U256::from(published_at) << 32) | (U256::from(revoked_at) << 96),
        );
    }

    /// Writes a record the way the contract does (parentKey only when non-zero).
    pub fn anchor(&mut self, record: &Anchoring) {
        let slots = record_slots(record.key);
        self.set(slots[0], record.head());
        self.set(slots[1], U256::from_be_bytes(record.model_tag.0));
        self.set(slots[2], U256::from_be_bytes(record.parent_key.0));
        self.set(slots[3], record.terms());
    }

    fn storage_trie(&self, slots: &[B256]) -> (B256, Vec<Vec<Bytes>>) {
        let leaves = self.storage.iter().map(|(slot, value)| (keccak256(slot), alloy_rlp::encode(value))).collect();
        trie(&leaves, &slots.iter().map(keccak256).collect::<Vec<_>>())
    }

    fn account(&self, storage_root: B256) -> TrieAccount {
        TrieAccount::new(1, U256::from(12345u64), storage_root, word("registry code"))
    }

    /// The state root and the `eth_getProof(registry, slots)` result.
    pub fn get_proof(&self, slots: &[B256]) -> (B256, Value) {
        let (storage_root, storage_proofs) = self.storage_trie(slots);
        let account = self.account(storage_root);
        let mut leaves = BTreeMap::new();
        for i in 0..self.others {
            let other = TrieAccount::new(i as u64, U256::from(i), EMPTY_ROOT_HASH, word("no code"));
            leaves.insert(keccak256(addr(&format!("account {i}"))), alloy_rlp::encode(other));
        }
        if self.registry_present {
            leaves.insert(keccak256(self.registry), alloy_rlp::encode(account));
        }
        let (state_root, account_proofs) = trie(&leaves, &[keccak256(self.registry)]);
        let nodes = |proof: &Vec<Bytes>| proof.iter().map(|node| hex(node)).collect::<Vec<_>>();
        let storage_proof: Vec<Value> = slots
            .iter()
            .zip(&storage_proofs)
            .map(|(slot, proof)| {
                json!({
                    "key": hex(slot.as_slice()),
                    "value": quantity(self.storage.get(slot).copied().unwrap_or_default()),
                    "proof": nodes(proof),
                })
            })
            .collect();
        let (nonce, balance, code_hash) = if self.registry_present {
            (account.nonce, account.balance, account.code_hash)
        } else {
            (0, U256::ZERO, alloy_trie::KECCAK_EMPTY)
        };
        let response = json!({
            "address": hex(self.registry.as_slice()),
            "balance": quantity(balance),
            "codeHash": hex(code_hash.as_slice()),
            "nonce": quantity(U256::from(nonce)),
            "storageHash": hex(if self.registry_present { storage_root } else { EMPTY_ROOT_HASH }.as_slice()),
            "accountProof": nodes(&account_proofs[0]),
            "storageProof": storage_proof,
        });
        (state_root, response)
    }
}

/// The mainnet header with `state_root` swapped in (and its `hash` field dropped), and
/// the hash of that header.
pub fn header_with_state_root(state_root: B256) -> (String, B256) {
    let mut value: Value = serde_json::from_str(MAINNET_HEADER).unwrap();
    let object = value.as_object_mut().unwrap();
    object.remove("hash");
    object.insert("stateRoot".into(), Value::String(hex(state_root.as_slice())));
    let hash = Header::from_json_value(&value).unwrap().hash();
    (value.to_string(), hash)
}

/// A chain with one anchored record (key `asset`, root index 1, published at block 900).
pub fn anchored_chain() -> (Chain, Anchoring, B256) {
    let mut chain = Chain::new();
    let record = Anchoring::sample("asset");
    let root = word("registry root 1");
    chain.publish_root(1, root, 900, 0);
    chain.anchor(&record);
    (chain, record, root)
}
