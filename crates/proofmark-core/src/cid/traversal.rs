//! Walking a UnixFS DAG one verified block at a time, in depth-first pre-order.
//!
//! [`Traversal`] says which block it needs next ([`Traversal::next_needed`]); the caller
//! fetches it from anywhere (a CAR stream, a store, a gateway) and hands it to
//! [`Traversal::visit`], which checks it against its CID, applies the limits and the
//! selector, and passes file bytes to a callback in order. The order of needed blocks is
//! exactly the order of a trustless CAR (`order=dfs`, `dups=y`).
use alloc::{string::String, vec::Vec};

use super::dagpb::PbNode;
use super::hamt;
use super::identifier::{Cid, Codec, verify_block};
use super::limits::{Caps, MAX_DEPTH, MAX_LINKS};
use super::selector::{DagScope, Selector};
use super::unixfs::{NodeType, UnixFsData};
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Resolving `path[segment..]` from this node.
    Path { segment: usize },
    /// Looking `path[segment]` up inside a HAMT shard, `level` levels down.
    HamtPath { segment: usize, level: usize },
    /// Part of a file: its first byte's offset and its size per the parent.
    FileChild { offset: u64, size: u64 },
    /// Verified but not read (dag-scope `all` under a directory).
    Reachable,
    /// A HAMT sub-shard, read for dag-scope `entity` of a sharded directory.
    ShardOnly,
}

#[derive(Debug, Clone)]
struct Pending {
    cid: Cid,
    depth: usize,
    role: Role,
}

/// What the traversal learned about the node at the end of the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// A file (raw block or UnixFS file) of the given size.
    File {
        /// Content size in bytes.
        size: u64,
    },
    /// A directory, plain or sharded.
    Directory,
    /// A symlink or metadata node.
    Other,
}

/// A depth-first, verify-as-you-go walk of a UnixFS DAG under a [`Selector`].
#[derive(Debug)]
pub struct Traversal {
    selector: Selector,
    caps: Caps,
    stack: Vec<Pending>,
    target: Option<(Cid, TargetKind)>,
    range: Option<(u64, u64)>,
    declared: Option<u64>,
    blocks: u64,
    bytes: u64,
}

impl Traversal {
    /// A walk from `root` under `selector`, within `caps`.
    pub fn new(root: Cid, selector: Selector, caps: Caps) -> Self {
        let stack = alloc::vec![Pending { cid: root, depth: 0, role: Role::Path { segment: 0 } }];
        Traversal { selector, caps, stack, target: None, range: None, declared: None, blocks: 0, bytes: 0 }
    }

    /// The CID of the block to visit next, or `None` when the walk is complete.
    pub fn next_needed(&self) -> Option<&Cid> {
        self.stack.last().map(|p| &p.cid)
    }

    /// Whether every needed block was visited.
    pub fn is_done(&self) -> bool {
        self.stack.is_empty()
    }

    /// The node at the end of the path, once reached: its CID and kind.
    pub fn target(&self) -> Option<(Cid, TargetKind)> {
        self.target
    }

    /// The resolved `[start, end)` byte range of the target file, once known.
    pub fn byte_range(&self) -> Option<(u64, u64)> {
        self.range
    }

    /// The target file's size, once its root block is verified and its sizes checked:
    /// a raw block's length, or a UnixFS file's `filesize` after it was found equal to its
    /// inline data plus its `blocksizes` (each child is then held to its blocksize as it
    /// arrives, so the walk ends with exactly this many bytes or fails). Bound by the
    /// root CID, so known before any byte of the file is emitted; `None` for other
    /// targets, before the target is reached, and for a dag-pb target under
    /// [`DagScope::Block`] (whose sizes are not checked).
    pub fn declared_size(&self) -> Option<u64> {
        self.declared
    }

    /// Blocks visited so far.
    pub fn blocks_visited(&self) -> u64 {
        self.blocks
    }

    /// Content bytes emitted so far.
    pub fn bytes_emitted(&self) -> u64 {
        self.bytes
    }

    /// Fails with [`Error::MissingBlock`] naming the next needed block, if any.
    pub fn ensure_done(&self) -> Result<()> {
        match self.next_needed() {
            Some(cid) => Err(Error::MissingBlock(super::identifier::cid_to_string(cid))),
            None => Ok(()),
        }
    }

    /// Visits the block [`Traversal::next_needed`] named: verifies it, then passes the
    /// file bytes it holds (within the range) to `emit`, in order.
    pub fn visit<E: From<Error>>(&mut self, block: &[u8], emit: impl FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
        self.visit_checked(block, emit, false)
    }

    /// [`Traversal::visit`] for a block the caller has already checked against the CID
    /// [`Traversal::next_needed`] names (as [`super::CarReader`] checks every block it
    /// hands out): everything but hashing the block again.
    pub fn visit_verified<E: From<Error>>(
        &mut self,
        block: &[u8],
        emit: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        self.visit_checked(block, emit, true)
    }

    fn visit_checked<E: From<Error>>(
        &mut self,
        block: &[u8],
        mut emit: impl FnMut(&[u8]) -> Result<(), E>,
        verified: bool,
    ) -> Result<(), E> {
        // One copy of the walk per error type, not per caller's closure: the walk below
        // takes `emit` as a trait object (the SDK's wasm carried it twice).
        let emit: &mut dyn FnMut(&[u8]) -> Result<(), E> = &mut emit;
        let Some(pending) = self.stack.pop() else {
            return Err(Error::InvalidParams("the walk is already complete").into());
        };
        let restore = pending.clone();
        let out = self.visit_pending(pending, block, emit, verified);
        if out.is_err() {
            // Leave the walk where it was: a bad block changes nothing.
            self.stack.push(restore);
        }
        out
    }

    fn visit_pending<E: From<Error>>(
        &mut self,
        pending: Pending,
        block: &[u8],
        emit: &mut dyn FnMut(&[u8]) -> Result<(), E>,
        verified: bool,
    ) -> Result<(), E> {
        if !verified {
            verify_block(&pending.cid, block)?;
        }
        if pending.depth > MAX_DEPTH {
            return Err(Error::DepthExceeded(MAX_DEPTH).into());
        }
        self.caps.check_blocks(self.blocks + 1)?;
        let node = Node::decode(&pending.cid, block)?;
        let mut role = pending.role;
        if let Role::Path { segment } = role
            && segment == self.selector.path.len()
        {
            return self.visit_target(&pending, node, block, emit);
        }
        let depth = pending.depth + 1;
        match (role, &node) {
            (Role::Path { segment }, Node::Pb { unixfs, .. }) if unixfs.node_type == NodeType::HamtShard => {
                role = Role::HamtPath { segment, level: 0 };
                self.step_hamt(role, &node, depth)?;
            }
            (Role::Path { segment }, Node::Pb { pb, unixfs }) if unixfs.node_type == NodeType::Directory => {
                let name = &self.selector.path[segment];
                let link = pb
                    .links
                    .iter()
                    .find(|l| l.name.as_deref() == Some(name.as_str()))
                    .ok_or_else(|| Error::PathNotFound(name.clone()))?;
                self.stack.push(Pending { cid: link.hash, depth, role: Role::Path { segment: segment + 1 } });
            }
            (Role::Path { .. }, _) => {
                return Err(Error::WrongNodeKind("path continues below a non-directory").into());
            }
            (Role::HamtPath { .. }, _) => self.step_hamt(role, &node, depth)?,
            (Role::FileChild { offset, size }, _) => self.visit_file(&node, block, offset, Some(size), depth, emit)?,
            (Role::Reachable, Node::Pb { pb, .. }) => {
                for link in pb.links.iter().rev() {
                    self.stack.push(Pending { cid: link.hash, depth, role: Role::Reachable });
                }
            }
            (Role::Reachable, Node::Raw) => {}
            (Role::ShardOnly, _) => self.push_subshards(&node, depth)?,
        }
        self.blocks += 1;
        Ok(())
    }

    fn visit_target<E: From<Error>>(
        &mut self,
        pending: &Pending,
        node: Node,
        block: &[u8],
        emit: &mut dyn FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        let depth = pending.depth + 1;
        let scope = self.selector.scope;
        let kind = match &node {
            Node::Raw => TargetKind::File { size: block.len() as u64 },
            Node::Pb { unixfs, .. } => match unixfs.node_type {
                NodeType::File | NodeType::Raw => TargetKind::File { size: file_size(unixfs) },
                NodeType::Directory | NodeType::HamtShard => TargetKind::Directory,
                NodeType::Symlink | NodeType::Metadata => TargetKind::Other,
            },
        };
        self.target = Some((pending.cid, kind));
        match kind {
            TargetKind::File { size } => {
                let range = match self.selector.range {
                    Some(range) => range.resolve(size)?,
                    None => (0, size),
                };
                self.range = Some(range);
                if scope != DagScope::Block || matches!(node, Node::Raw) {
                    // `visit_file` checks the root's sizes against its data and links
                    // (an error stops the walk) before it queues the children.
                    self.visit_file(&node, block, 0, None, depth, emit)?;
                    self.declared = Some(size);
                }
            }
            TargetKind::Directory => match (scope, &node) {
                (DagScope::Block, _) => {}
                (DagScope::Entity, _) => self.push_subshards(&node, depth)?,
                (DagScope::All, Node::Pb { pb, .. }) => {
                    for link in pb.links.iter().rev() {
                        self.stack.push(Pending { cid: link.hash, depth, role: Role::Reachable });
                    }
                }
                (DagScope::All, Node::Raw) => {}
            },
            TargetKind::Other => {}
        }
        self.blocks += 1;
        Ok(())
    }

    /// Emits the part of `bytes` (starting at file offset `offset`) inside the range.
    fn emit_slice<E: From<Error>>(
        &mut self,
        bytes: &[u8],
        offset: u64,
        emit: &mut dyn FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        let (start, end) = self.range.unwrap_or((0, u64::MAX));
        let lo = start.max(offset);
        let hi = end.min(offset + bytes.len() as u64);
        if lo >= hi {
            return Ok(());
        }
        let piece = &bytes[(lo - offset) as usize..(hi - offset) as usize];
        self.caps.check_bytes(self.bytes + piece.len() as u64)?;
        self.bytes += piece.len() as u64;
        emit(piece)
    }

    fn visit_file<E: From<Error>>(
        &mut self,
        node: &Node,
        block: &[u8],
        offset: u64,
        expected: Option<u64>,
        depth: usize,
        emit: &mut dyn FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        let (pb, unixfs) = match node {
            Node::Raw => {
                if expected.is_some_and(|e| e != block.len() as u64) {
                    return Err(Error::UnixFsSizeMismatch("raw leaf size differs from its parent's blocksize").into());
                }
                return self.emit_slice(block, offset, emit);
            }
            Node::Pb { pb, unixfs } => (pb, unixfs),
        };
        if !matches!(unixfs.node_type, NodeType::File | NodeType::Raw) {
            return Err(Error::WrongNodeKind("a file links to a non-file node").into());
        }
        let inline = unixfs.data.as_deref().unwrap_or_default();
        // Leaves have neither; inner nodes one size per link. Sizes without links would
        // declare bytes that no block supplies.
        if unixfs.blocksizes.len() != pb.links.len() {
            return Err(Error::UnixFsSizeMismatch("blocksizes and links differ in count").into());
        }
        let size = file_size(unixfs);
        let children: u64 = unixfs
            .blocksizes
            .iter()
            .try_fold(0u64, |a, b| a.checked_add(*b))
            .ok_or(Error::UnixFsSizeMismatch("sizes overflow"))?;
        if size != inline.len() as u64 + children || expected.is_some_and(|e| e != size) {
            return Err(Error::UnixFsSizeMismatch("file size differs from its data and children").into());
        }
        self.emit_slice(inline, offset, emit)?;
        let (start, end) = self.range.unwrap_or((0, u64::MAX));
        let mut child_offset = offset + inline.len() as u64;
        let mut children = Vec::new();
        for (link, &child_size) in pb.links.iter().zip(&unixfs.blocksizes) {
            let overlaps = child_offset < end && child_offset + child_size > start;
            // An empty child still has to be checked when it sits inside the range.
            let empty_inside = child_size == 0 && child_offset >= start && child_offset < end.max(start + 1);
            if overlaps || empty_inside {
                children.push(Pending {
                    cid: link.hash,
                    depth,
                    role: Role::FileChild { offset: child_offset, size: child_size },
                });
            }
            child_offset += child_size;
        }
        self.stack.extend(children.into_iter().rev());
        Ok(())
    }

    fn step_hamt(&mut self, role: Role, node: &Node, depth: usize) -> Result<()> {
        let Role::HamtPath { segment, level } = role else {
            return Err(Error::InvalidParams("not a HAMT step"));
        };
        let Node::Pb { pb, unixfs } = node else {
            return Err(Error::WrongNodeKind("HAMT links to a raw block"));
        };
        if unixfs.node_type != NodeType::HamtShard {
            return Err(Error::WrongNodeKind("HAMT links to a non-shard node"));
        }
        let name = &self.selector.path[segment];
        let label = hamt::label_for(unixfs, name.as_bytes(), level)?;
        let link = pb
            .links
            .iter()
            .find(|l| l.name.as_deref().is_some_and(|n| n.starts_with(label.as_str())))
            .ok_or_else(|| Error::PathNotFound(name.clone()))?;
        let link_name = link.name.as_deref().unwrap_or_default();
        if link_name.len() == label.len() {
            self.stack.push(Pending { cid: link.hash, depth, role: Role::HamtPath { segment, level: level + 1 } });
        } else if link_name.get(label.len()..) == Some(name.as_str()) {
            self.stack.push(Pending { cid: link.hash, depth, role: Role::Path { segment: segment + 1 } });
        } else {
            return Err(Error::PathNotFound(name.clone()));
        }
        Ok(())
    }

    fn push_subshards(&mut self, node: &Node, depth: usize) -> Result<()> {
        let Node::Pb { pb, unixfs } = node else {
            return Ok(());
        };
        if unixfs.node_type != NodeType::HamtShard {
            return Ok(());
        }
        let width = hamt::label_width(unixfs)?;
        for link in pb.links.iter().rev() {
            if link.name.as_deref().map(str::len) == Some(width) {
                self.stack.push(Pending { cid: link.hash, depth, role: Role::ShardOnly });
            }
        }
        Ok(())
    }
}

fn file_size(unixfs: &UnixFsData) -> u64 {
    unixfs.filesize.unwrap_or_else(|| unixfs.data.as_ref().map_or(0, |d| d.len() as u64))
}

/// A decoded block: raw bytes, or dag-pb with its UnixFS data.
#[derive(Debug)]
enum Node {
    Raw,
    Pb { pb: PbNode, unixfs: UnixFsData },
}

impl Node {
    fn decode(cid: &Cid, block: &[u8]) -> Result<Self> {
        match Codec::of(cid)? {
            Codec::Raw => Ok(Node::Raw),
            Codec::DagPb => {
                let pb = PbNode::decode(block)?;
                if pb.links.len() > MAX_LINKS {
                    return Err(Error::FanoutExceeded { links: pb.links.len(), limit: MAX_LINKS });
                }
                let data = pb.data.as_deref().ok_or(Error::InvalidUnixFs("dag-pb node without UnixFS data"))?;
                let unixfs = UnixFsData::decode(data)?;
                Ok(Node::Pb { pb, unixfs })
            }
        }
    }
}

/// One entry of a directory listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    /// Entry name.
    pub name: String,
    /// Entry CID.
    pub cid: Cid,
}

/// Lists a directory (plain or HAMT-sharded), fetching shard blocks through `get`.
/// Entries come in link order (HAMT: bucket order).
///
/// A shard linked twice is fetched once, and `caps.max_blocks` bounds the fetches, so a
/// hostile shard graph cannot make the listing blow up.
pub fn list_directory(root: Cid, caps: Caps, mut get: impl FnMut(&Cid) -> Result<Vec<u8>>) -> Result<Vec<DirEntry>> {
    let mut entries = Vec::new();
    let mut stack = alloc::vec![(root, 0usize)];
    let mut seen = alloc::collections::BTreeSet::new();
    while let Some((cid, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Err(Error::DepthExceeded(MAX_DEPTH));
        }
        if !seen.insert(cid) {
            continue;
        }
        caps.check_blocks(seen.len() as u64)?;
        let block = get(&cid)?;
        verify_block(&cid, &block)?;
        let Node::Pb { pb, unixfs } = Node::decode(&cid, &block)? else {
            return Err(Error::WrongNodeKind("not a directory"));
        };
        match unixfs.node_type {
            NodeType::Directory => entries
                .extend(pb.links.iter().map(|l| DirEntry { name: l.name.clone().unwrap_or_default(), cid: l.hash })),
            NodeType::HamtShard => {
                let width = hamt::label_width(&unixfs)?;
                let mut subshards = Vec::new();
                for link in &pb.links {
                    let name = link.name.as_deref().unwrap_or_default();
                    if name.len() < width {
                        return Err(Error::InvalidUnixFs("HAMT link name shorter than its label"));
                    }
                    if name.len() == width {
                        subshards.push((link.hash, depth + 1));
                    } else {
                        entries.push(DirEntry { name: String::from(&name[width..]), cid: link.hash });
                    }
                }
                stack.extend(subshards.into_iter().rev());
            }
            _ => return Err(Error::WrongNodeKind("not a directory")),
        }
    }
    Ok(entries)
}
