//! The UnixFS `Data` message carried in a dag-pb node's data section.
use alloc::vec::Vec;

use super::varint::{decode_pb_varint, encode_varint};
use crate::{Error, Result};

/// UnixFS node types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeType {
    /// Legacy leaf holding raw file bytes.
    Raw,
    /// A plain directory: links are entries.
    Directory,
    /// A file (a leaf with data, or an inner node listing its children's sizes).
    File,
    /// Metadata wrapper (not followed).
    Metadata,
    /// A symbolic link.
    Symlink,
    /// A HAMT-sharded directory.
    HamtShard,
}

impl NodeType {
    fn from_code(code: u64) -> Result<Self> {
        Ok(match code {
            0 => NodeType::Raw,
            1 => NodeType::Directory,
            2 => NodeType::File,
            3 => NodeType::Metadata,
            4 => NodeType::Symlink,
            5 => NodeType::HamtShard,
            _ => return Err(Error::InvalidUnixFs("unknown node type")),
        })
    }

    fn code(self) -> u64 {
        match self {
            NodeType::Raw => 0,
            NodeType::Directory => 1,
            NodeType::File => 2,
            NodeType::Metadata => 3,
            NodeType::Symlink => 4,
            NodeType::HamtShard => 5,
        }
    }
}

/// A decoded UnixFS `Data` message (mode and mtime are read and kept opaque).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnixFsData {
    /// Node type.
    pub node_type: NodeType,
    /// Inline bytes (file leaves, symlink targets, HAMT bitfields).
    pub data: Option<Vec<u8>>,
    /// Total file size, for files.
    pub filesize: Option<u64>,
    /// The file bytes under each link, for inner file nodes.
    pub blocksizes: Vec<u64>,
    /// Hash function of a HAMT (0x22, murmur3-x64-64).
    pub hash_type: Option<u64>,
    /// Fan-out of a HAMT.
    pub fanout: Option<u64>,
}

impl UnixFsData {
    /// A file node with the given inline data and child sizes.
    pub fn file(data: Option<Vec<u8>>, blocksizes: Vec<u64>) -> Self {
        let filesize = data.as_ref().map_or(0, |d| d.len() as u64) + blocksizes.iter().sum::<u64>();
        UnixFsData {
            node_type: NodeType::File,
            data,
            filesize: Some(filesize),
            blocksizes,
            hash_type: None,
            fanout: None,
        }
    }

    /// Decodes the message; repeated `blocksizes` may be packed or not.
    pub fn decode(bytes: &[u8]) -> Result<Self> {
        let mut pos = 0;
        let mut node_type = None;
        let mut out = UnixFsData {
            node_type: NodeType::Raw,
            data: None,
            filesize: None,
            blocksizes: Vec::new(),
            hash_type: None,
            fanout: None,
        };
        let varint = |pos: &mut usize| -> Result<u64> {
            let (v, n) = decode_pb_varint(&bytes[*pos..]).map_err(|e| match e {
                Error::Truncated(_) => Error::InvalidUnixFs("truncated varint"),
                other => other,
            })?;
            *pos += n;
            Ok(v)
        };
        let slice = |pos: &mut usize, len: u64| -> Result<&[u8]> {
            let end = (*pos as u64)
                .checked_add(len)
                .filter(|&e| e <= bytes.len() as u64)
                .ok_or(Error::InvalidUnixFs("truncated field"))?;
            let out = &bytes[*pos..end as usize];
            *pos = end as usize;
            Ok(out)
        };
        while pos < bytes.len() {
            let key = varint(&mut pos)?;
            let (field, wire) = (key >> 3, key & 7);
            match (field, wire) {
                (1, 0) => node_type = Some(NodeType::from_code(varint(&mut pos)?)?),
                (2, 2) => {
                    let len = varint(&mut pos)?;
                    out.data = Some(slice(&mut pos, len)?.to_vec());
                }
                (3, 0) => out.filesize = Some(varint(&mut pos)?),
                (4, 0) => {
                    let size = varint(&mut pos)?;
                    out.blocksizes.try_reserve(1).map_err(|_| Error::InvalidUnixFs("too many blocksizes"))?;
                    out.blocksizes.push(size);
                }
                (4, 2) => {
                    let len = varint(&mut pos)?;
                    let packed = slice(&mut pos, len)?;
                    let mut p = 0;
                    while p < packed.len() {
                        let (v, n) = decode_pb_varint(&packed[p..])
                            .map_err(|_| Error::InvalidUnixFs("bad packed blocksizes"))?;
                        out.blocksizes.push(v);
                        p += n;
                    }
                }
                (5, 0) => out.hash_type = Some(varint(&mut pos)?),
                (6, 0) => out.fanout = Some(varint(&mut pos)?),
                (7, 0) => {
                    varint(&mut pos)?;
                }
                (8, 2) => {
                    let len = varint(&mut pos)?;
                    slice(&mut pos, len)?;
                }
                _ => return Err(Error::InvalidUnixFs("unknown field or wire type")),
            }
        }
        out.node_type = node_type.ok_or(Error::InvalidUnixFs("missing Type"))?;
        Ok(out)
    }

    /// Encodes the message the way kubo and ipfs-unixfs do (fields in number order,
    /// `blocksizes` unpacked).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.push(0x08);
        encode_varint(self.node_type.code(), &mut out);
        if let Some(data) = &self.data {
            out.push(0x12);
            encode_varint(data.len() as u64, &mut out);
            out.extend_from_slice(data);
        }
        if let Some(size) = self.filesize {
            out.push(0x18);
            encode_varint(size, &mut out);
        }
        for size in &self.blocksizes {
            out.push(0x20);
            encode_varint(*size, &mut out);
        }
        if let Some(hash_type) = self.hash_type {
            out.push(0x28);
            encode_varint(hash_type, &mut out);
        }
        if let Some(fanout) = self.fanout {
            out.push(0x30);
            encode_varint(fanout, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_leaf_like_kubo() {
        let leaf = UnixFsData::file(Some(b"hello world".to_vec()), Vec::new());
        let mut expected = alloc::vec![0x08, 0x02, 0x12, 0x0b];
        expected.extend(b"hello world");
        expected.extend([0x18, 0x0b]);
        assert_eq!(leaf.encode(), expected);
        assert_eq!(UnixFsData::decode(&expected).unwrap(), leaf);
    }

    #[test]
    fn reads_packed_blocksizes() {
        let bytes = [0x08, 0x02, 0x18, 0x05, 0x22, 0x02, 0x02, 0x03];
        assert_eq!(UnixFsData::decode(&bytes).unwrap().blocksizes, alloc::vec![2, 3]);
    }

    #[test]
    fn rejects_missing_type_and_unknown_fields() {
        assert_eq!(UnixFsData::decode(&[0x18, 0x01]), Err(Error::InvalidUnixFs("missing Type")));
        assert_eq!(
            UnixFsData::decode(&[0x08, 0x02, 0x48, 0x01]),
            Err(Error::InvalidUnixFs("unknown field or wire type"))
        );
        assert_eq!(UnixFsData::decode(&[0x08, 0x09]), Err(Error::InvalidUnixFs("unknown node type")));
    }
}
