//! Verifying a CAR as it streams in: every block against its CID, the DAG walked under
//! a selector, file bytes handed out in order. Memory: one section, one node per level,
//! and a capped buffer for blocks that arrive before they are needed.
use alloc::{collections::BTreeMap, vec::Vec};

use super::car::{CarItem, CarReader};
use super::identifier::Cid;
use super::limits::Caps;
use super::selector::Selector;
use super::traversal::{TargetKind, Traversal};
use crate::{Error, Result};

/// Default bytes kept for blocks that arrive out of order or may be needed twice.
pub const DEFAULT_REORDER_BUFFER: usize = 8 * 1024 * 1024;

/// What a completed CAR verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarSummary {
    /// Roots the CAR header named (untrusted, for information).
    pub header_roots: Vec<Cid>,
    /// The node at the end of the path and its kind.
    pub target: Option<(Cid, TargetKind)>,
    /// Blocks visited by the walk.
    pub blocks: u64,
    /// File bytes emitted.
    pub bytes: u64,
    /// The resolved `[start, end)` range of the target file.
    pub range: Option<(u64, u64)>,
    /// The target file's verified size ([`Traversal::declared_size`]).
    pub declared_size: Option<u64>,
}

/// Streaming CAR verification of the DAG under `root`.
#[derive(Debug)]
pub struct CarVerifier {
    reader: CarReader,
    walk: Traversal,
    header_roots: Vec<Cid>,
    kept: BTreeMap<Cid, Vec<u8>>,
    kept_bytes: usize,
    keep_limit: usize,
}

impl CarVerifier {
    /// Verifies the DAG rooted at `root` (the CID the caller trusts, never the header's).
    pub fn new(root: Cid, selector: Selector, caps: Caps) -> Self {
        CarVerifier {
            reader: CarReader::new(),
            walk: Traversal::new(root, selector, caps),
            header_roots: Vec::new(),
            kept: BTreeMap::new(),
            kept_bytes: 0,
            keep_limit: DEFAULT_REORDER_BUFFER,
        }
    }

    /// Sets how many bytes of early or repeated blocks may be kept (0: strict DFS order).
    pub fn with_reorder_buffer(mut self, bytes: usize) -> Self {
        self.keep_limit = bytes;
        self
    }

    /// Lets the caller compute the SHA-256 of sha2-256 blocks (see
    /// [`CarReader::host_sha256`]): after [`CarVerifier::push`], while
    /// [`CarVerifier::awaiting_sha256`] names a block, hash it and give the digest to
    /// [`CarVerifier::supply_sha256`]. The digest is still checked against the block's CID.
    pub fn with_host_sha256(mut self) -> Self {
        self.reader = self.reader.host_sha256();
        self
    }

    /// The block whose SHA-256 the verifier waits for before reading on, if any.
    pub fn awaiting_sha256(&self) -> Option<&[u8]> {
        self.reader.awaiting_sha256()
    }

    /// Gives the SHA-256 of the block [`CarVerifier::awaiting_sha256`] names and reads on;
    /// verified file bytes go to `emit` in order. `Ok(false)` (nothing read) when no block
    /// awaits a digest; a digest other than the CID's is [`Error::BlockMismatch`].
    pub fn supply_sha256<E: From<Error>>(
        &mut self,
        digest: [u8; 32],
        mut emit: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<bool, E> {
        if !self.reader.supply_sha256(digest) {
            return Ok(false);
        }
        self.drain(&mut emit)?;
        Ok(true)
    }

    /// The target file's size once its root block is verified (see
    /// [`Traversal::declared_size`]): bound by the trusted root CID, so a caller may
    /// announce it (e.g. as `Content-Length`) before forwarding any byte.
    pub fn declared_size(&self) -> Option<u64> {
        self.walk.declared_size()
    }

    /// The node at the end of the path and its kind, once its block is verified.
    pub fn target(&self) -> Option<(Cid, TargetKind)> {
        self.walk.target()
    }

    /// Feeds CAR bytes; verified file bytes go to `emit` in order.
    pub fn push<E: From<Error>>(
        &mut self,
        bytes: &[u8],
        mut emit: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        self.reader.push(bytes);
        self.drain(&mut emit)
    }

    /// Ends the input; fails with [`Error::MissingBlock`] if the walk needs more blocks.
    pub fn finish<E: From<Error>>(mut self, mut emit: impl FnMut(&[u8]) -> Result<(), E>) -> Result<CarSummary, E> {
        self.reader.finish();
        self.drain(&mut emit)?;
        self.walk.ensure_done()?;
        Ok(CarSummary {
            header_roots: self.header_roots,
            target: self.walk.target(),
            blocks: self.walk.blocks_visited(),
            bytes: self.walk.bytes_emitted(),
            range: self.walk.byte_range(),
            declared_size: self.walk.declared_size(),
        })
    }

    fn drain<E: From<Error>>(&mut self, emit: &mut impl FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
        while let Some(item) = self.reader.next_item()? {
            match item {
                CarItem::Header { roots, .. } => self.header_roots = roots,
                CarItem::Block { cid, data, .. } => {
                    if self.walk.next_needed() == Some(&cid) {
                        // The reader checked the block against `cid`.
                        self.walk.visit_verified(&data, &mut *emit)?;
                        self.keep(cid, data);
                    } else {
                        self.keep(cid, data);
                    }
                    self.use_kept(emit)?;
                }
            }
        }
        Ok(())
    }

    fn keep(&mut self, cid: Cid, data: Vec<u8>) {
        if self.kept_bytes + data.len() <= self.keep_limit && !self.kept.contains_key(&cid) {
            self.kept_bytes += data.len();
            self.kept.insert(cid, data);
        }
    }

    fn use_kept<E: From<Error>>(&mut self, emit: &mut impl FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
        while let Some(next) = self.walk.next_needed() {
            let Some(data) = self.kept.get(next) else {
                break;
            };
            // Kept under the CID the reader checked it against.
            self.walk.visit_verified(data, &mut *emit)?;
        }
        Ok(())
    }
}
