//! Content addressing: CIDs, dag-pb and UnixFS, the importer, CARs and UnixFS walking.
//!
//! Everything here follows DESIGN §2: every accepted CID form, the profile table, the
//! streaming builder, CAR v1/v2 reading with per-block verification, root-first DFS
//! writing, directories, HAMT shards, paths, `dag-scope` and `entity-bytes`, and the
//! limits, each a typed error.

pub mod bases;
pub mod builder;
pub mod dagpb;
pub mod identifier;
pub mod limits;
pub mod params;
pub mod unixfs;
pub mod varint;

pub use builder::{Chunker, FileDag, FileImporter, TreeBuilder, cid_of, leaf_block, leaf_digest, raw_cid_of};
pub use identifier::{
    Cid, Codec, HashFunction, Multihash, Version, block_cid, check_cid, cid_to_string, content_key_of, parse_cid,
    read_cid, verify_block,
};
pub use params::{ImportParams, Profile, Resolved};
pub mod car;
pub use car::{CarItem, CarReader, read_car};
pub mod hamt;
pub mod selector;
pub mod traversal;
pub use selector::{ByteRange, DagScope, Selector};
pub use traversal::{DirEntry, TargetKind, Traversal, list_directory};
pub mod car_verifier;
pub use car_verifier::{CarSummary, CarVerifier};
pub mod car_plan;
pub use car_plan::{CarPart, CarPlan};
pub mod integrity;
pub use integrity::{CidVerifier, Expect, verify_bytes};
