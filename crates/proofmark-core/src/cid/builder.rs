//! The streaming file importer: a fixed-size chunker, leaf encoding, and a balanced tree
//! builder holding one pending node per level.
//!
//! Leaf hashing is pluggable: [`FileImporter`] hashes leaves itself, while a host that
//! hashes faster (WebCrypto, node:crypto, a thread pool) drives [`Chunker`],
//! [`leaf_block`] and [`TreeBuilder::push_leaf`] and hands each leaf's digest back.
use alloc::{borrow::Cow, string::String, vec::Vec};

use super::dagpb::{PbLink, PbNode};
use super::identifier::{Cid, Codec, HashFunction, Version, block_cid, wrap};
use super::params::ImportParams;
use super::unixfs::UnixFsData;
use crate::{Error, Result};

/// Splits a byte stream, pushed in any slicing, into fixed-size chunks.
///
/// Holds at most one chunk. An empty stream yields one empty chunk, as importers do.
#[derive(Debug)]
pub struct Chunker {
    size: usize,
    buffer: Vec<u8>,
    emitted: bool,
}

impl Chunker {
    /// A chunker for `size`-byte chunks.
    pub fn new(size: usize) -> Self {
        Chunker { size: size.max(1), buffer: Vec::new(), emitted: false }
    }

    /// Feeds bytes; `on_chunk` sees every chunk completed by them, in order.
    pub fn push<E>(&mut self, mut bytes: &[u8], mut on_chunk: impl FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
        while !bytes.is_empty() {
            if self.buffer.is_empty() && bytes.len() >= self.size {
                let (chunk, rest) = bytes.split_at(self.size);
                self.emitted = true;
                on_chunk(chunk)?;
                bytes = rest;
                continue;
            }
            let take = (self.size - self.buffer.len()).min(bytes.len());
            self.buffer.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.buffer.len() == self.size {
                self.emitted = true;
                on_chunk(&self.buffer)?;
                self.buffer.clear();
            }
        }
        Ok(())
    }

    /// Ends the stream: emits the last partial chunk, or an empty one if nothing was emitted.
    pub fn finish<E>(mut self, mut on_chunk: impl FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
        if !self.buffer.is_empty() || !self.emitted {
            on_chunk(&self.buffer)?;
        }
        self.buffer.clear();
        Ok(())
    }
}

/// The block a chunk becomes under `params`: the chunk itself for raw leaves, a UnixFS
/// file node otherwise. This is what a host hashes.
pub fn leaf_block<'a>(params: &ImportParams, chunk: &'a [u8]) -> Cow<'a, [u8]> {
    if params.raw_leaves {
        return Cow::Borrowed(chunk);
    }
    let data = if chunk.is_empty() { None } else { Some(chunk.to_vec()) };
    Cow::Owned(PbNode { links: Vec::new(), data: Some(UnixFsData::file(data, Vec::new()).encode()) }.encode())
}

/// The bytes a dag-pb leaf puts around its chunk: `(prefix, suffix)`, so that the leaf
/// block is `prefix ‖ chunk ‖ suffix`; `None` for raw leaves. Lets hashers stream the
/// chunk in place instead of copying it into a new block.
pub fn leaf_framing(params: &ImportParams, chunk_len: usize) -> Option<(Vec<u8>, Vec<u8>)> {
    if params.raw_leaves {
        return None;
    }
    let len = chunk_len as u64;
    // UnixFS Data: Type = File, Data = chunk (omitted when empty), filesize = len.
    let mut unixfs_head = alloc::vec![0x08, 0x02];
    if chunk_len > 0 {
        unixfs_head.push(0x12);
        super::varint::encode_varint(len, &mut unixfs_head);
    }
    let mut suffix = alloc::vec![0x18];
    super::varint::encode_varint(len, &mut suffix);
    let unixfs_len = unixfs_head.len() + chunk_len + suffix.len();
    // PbNode: Data (field 1) holding the UnixFS message; no links.
    let mut prefix = alloc::vec![0x0a];
    super::varint::encode_varint(unixfs_len as u64, &mut prefix);
    prefix.extend_from_slice(&unixfs_head);
    Some((prefix, suffix))
}

/// The digest of the leaf block a chunk becomes, without building the block; returns
/// the digest bytes and the block length.
pub fn leaf_digest(params: &ImportParams, chunk: &[u8]) -> Result<(Vec<u8>, u64)> {
    let Some((prefix, suffix)) = leaf_framing(params, chunk.len()) else {
        return Ok((params.hash.digest(chunk)?.digest().to_vec(), chunk.len() as u64));
    };
    let len = (prefix.len() + chunk.len() + suffix.len()) as u64;
    let digest = match params.hash {
        HashFunction::Sha2_256 => {
            use sha2::Digest;
            sha2::Sha256::new().chain_update(&prefix).chain_update(chunk).chain_update(&suffix).finalize().to_vec()
        }
        HashFunction::Blake3 => {
            let mut hasher = blake3::Hasher::new();
            hasher.update(&prefix);
            hasher.update(chunk);
            hasher.update(&suffix);
            hasher.finalize().as_bytes().to_vec()
        }
        HashFunction::Identity => return Err(Error::InvalidParams("the importer does not make identity CIDs")),
    };
    Ok((digest, len))
}

/// The codec and CID version of leaves under `params`.
pub fn leaf_kind(params: &ImportParams) -> (Version, Codec) {
    if params.raw_leaves { (Version::V1, Codec::Raw) } else { (params.version, Codec::DagPb) }
}

#[derive(Debug, Clone)]
struct Child {
    cid: Cid,
    file_size: u64,
    tsize: u64,
}

/// A file DAG's summary once built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDag {
    /// Root CID.
    pub root: Cid,
    /// File size in bytes.
    pub size: u64,
    /// Number of leaves.
    pub leaves: u64,
    /// Inner nodes (CID, block), if kept: what a CAR writer needs besides the leaves.
    pub inner: Vec<(Cid, Vec<u8>)>,
}

/// Builds the balanced tree over leaves pushed in order; holds one node per level.
#[derive(Debug)]
pub struct TreeBuilder {
    params: ImportParams,
    levels: Vec<Vec<Child>>,
    leaves: u64,
    size: u64,
    keep_inner: bool,
    inner: Vec<(Cid, Vec<u8>)>,
}

impl TreeBuilder {
    /// A builder for `params`; `keep_inner` keeps inner node blocks for CAR writing.
    pub fn new(params: ImportParams, keep_inner: bool) -> Result<Self> {
        params.validate()?;
        Ok(TreeBuilder { params, levels: Vec::new(), leaves: 0, size: 0, keep_inner, inner: Vec::new() })
    }

    /// The settings in use.
    pub fn params(&self) -> &ImportParams {
        &self.params
    }

    /// Adds the next leaf, given its digest under `params.hash` (computed by anyone),
    /// the chunk length and the leaf block length.
    pub fn push_leaf(&mut self, digest: &[u8], chunk_len: u64, block_len: u64) -> Result<()> {
        let (version, codec) = leaf_kind(&self.params);
        let hash = wrap(self.params.hash, digest)?;
        let cid = Cid::new(version, codec.code(), hash).map_err(|_| Error::InvalidParams("bad leaf CID"))?;
        self.leaves += 1;
        self.size += chunk_len;
        self.push(0, Child { cid, file_size: chunk_len, tsize: block_len })
    }

    fn push(&mut self, level: usize, child: Child) -> Result<()> {
        if self.levels.len() <= level {
            self.levels.push(Vec::new());
        }
        if self.levels[level].len() == self.params.max_links {
            let node = self.seal(level)?;
            self.push(level + 1, node)?;
        }
        self.levels[level].push(child);
        Ok(())
    }

    /// Turns the children pending at `level` into one inner node.
    fn seal(&mut self, level: usize) -> Result<Child> {
        let children = core::mem::take(&mut self.levels[level]);
        let blocksizes = children.iter().map(|c| c.file_size).collect::<Vec<_>>();
        let data = UnixFsData::file(None, blocksizes);
        let links =
            children.iter().map(|c| PbLink { hash: c.cid, name: Some(String::new()), tsize: Some(c.tsize) }).collect();
        let block = PbNode { links, data: Some(data.encode()) }.encode();
        let cid = block_cid(self.params.version, Codec::DagPb, self.params.hash, &block)?;
        let file_size = data.filesize.unwrap_or(0);
        let tsize = block.len() as u64 + children.iter().map(|c| c.tsize).sum::<u64>();
        if self.keep_inner {
            self.inner.push((cid, block));
        }
        Ok(Child { cid, file_size, tsize })
    }

    /// Closes the tree. A single-leaf file is its leaf; no leaf at all is an error.
    pub fn finish(mut self) -> Result<FileDag> {
        if self.leaves == 0 {
            return Err(Error::InvalidParams("no leaves were pushed"));
        }
        let mut level = 0;
        loop {
            let top = self.levels[level + 1..].iter().all(Vec::is_empty);
            let pending = self.levels[level].len();
            if top && pending == 1 && (level > 0 || self.leaves == 1) {
                let root = self.levels[level][0].cid;
                return Ok(FileDag { root, size: self.size, leaves: self.leaves, inner: self.inner });
            }
            if pending > 0 {
                let node = self.seal(level)?;
                self.push(level + 1, node)?;
            }
            level += 1;
        }
    }
}

/// Streams a file into its CID, hashing leaves itself.
#[derive(Debug)]
pub struct FileImporter {
    chunker: Chunker,
    tree: TreeBuilder,
}

impl FileImporter {
    /// An importer for `params`; `keep_inner` keeps inner node blocks for CAR writing.
    pub fn new(params: ImportParams, keep_inner: bool) -> Result<Self> {
        let tree = TreeBuilder::new(params, keep_inner)?;
        Ok(FileImporter { chunker: Chunker::new(params.chunk_size), tree })
    }

    /// Feeds the next bytes of the file.
    pub fn update(&mut self, bytes: &[u8]) -> Result<()> {
        let tree = &mut self.tree;
        self.chunker.push(bytes, |chunk| push_chunk(tree, chunk))
    }

    /// Ends the file and returns its DAG.
    pub fn finish(self) -> Result<FileDag> {
        let FileImporter { chunker, mut tree } = self;
        chunker.finish(|chunk| push_chunk(&mut tree, chunk))?;
        tree.finish()
    }
}

fn push_chunk(tree: &mut TreeBuilder, chunk: &[u8]) -> Result<()> {
    let params = *tree.params();
    let (digest, block_len) = leaf_digest(&params, chunk)?;
    tree.push_leaf(&digest, chunk.len() as u64, block_len)
}

/// The CID of `bytes` under `params`, in one call.
pub fn cid_of(params: ImportParams, bytes: &[u8]) -> Result<Cid> {
    let mut importer = FileImporter::new(params, false)?;
    importer.update(bytes)?;
    Ok(importer.finish()?.root)
}

/// The `raw` profile's CID: one raw block over the whole content, under `hash`.
pub fn raw_cid_of(hash: HashFunction, bytes: &[u8]) -> Result<Cid> {
    block_cid(Version::V1, Codec::Raw, hash, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cid::params::Profile;
    use alloc::string::ToString;

    #[test]
    fn hello_world_under_v0_is_the_kubo_cid() {
        let params = Profile::UnixfsV0_2015.params().unwrap();
        let cid = cid_of(params, b"hello world").unwrap();
        assert_eq!(cid.to_string(), "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD");
    }

    #[test]
    fn empty_file_cids_match_kubo() {
        let v0 = cid_of(Profile::UnixfsV0_2015.params().unwrap(), b"").unwrap();
        assert_eq!(v0.to_string(), "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
        let v1 = cid_of(Profile::UnixfsV1_2025.params().unwrap(), b"").unwrap();
        assert_eq!(v1.to_string(), "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    }

    #[test]
    fn leaf_framing_reproduces_the_leaf_block() {
        let params = Profile::UnixfsV0_2015.params().unwrap();
        for len in [0usize, 1, 127, 128, 300, 262_144] {
            let chunk: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let (prefix, suffix) = leaf_framing(&params, len).unwrap();
            let framed = [prefix.as_slice(), &chunk, &suffix].concat();
            assert_eq!(framed, leaf_block(&params, &chunk).into_owned(), "len {len}");
            let (digest, block_len) = leaf_digest(&params, &chunk).unwrap();
            assert_eq!(digest, params.hash.digest(&framed).unwrap().digest());
            assert_eq!(block_len, framed.len() as u64);
        }
        assert!(leaf_framing(&Profile::UnixfsV1_2025.params().unwrap(), 5).is_none());
    }

    #[test]
    fn chunker_emits_the_same_chunks_for_any_slicing() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7) as u8).collect();
        let collect = |slices: &[usize]| {
            let mut chunker = Chunker::new(64);
            let mut out: Vec<Vec<u8>> = Vec::new();
            let mut pos = 0;
            for &n in slices {
                chunker
                    .push::<()>(&data[pos..pos + n], |c| {
                        out.push(c.to_vec());
                        Ok(())
                    })
                    .unwrap();
                pos += n;
            }
            chunker
                .finish::<()>(|c| {
                    out.push(c.to_vec());
                    Ok(())
                })
                .unwrap();
            out
        };
        assert_eq!(collect(&[1000]), collect(&[1, 63, 64, 500, 372]));
        assert_eq!(collect(&[1000]).len(), 16);
    }

    #[test]
    fn tree_shape_for_max_links_plus_one() {
        let params = ImportParams {
            chunk_size: 4,
            max_links: 4,
            raw_leaves: true,
            version: Version::V1,
            hash: HashFunction::Sha2_256,
        };
        let mut importer = FileImporter::new(params, true).unwrap();
        importer.update(&[9u8; 20]).unwrap();
        let dag = importer.finish().unwrap();
        assert_eq!(dag.leaves, 5);
        // one full node of four leaves, one node of one leaf, and their parent
        assert_eq!(dag.inner.len(), 3);
        assert_eq!(dag.inner.last().unwrap().0, dag.root);
    }
}
