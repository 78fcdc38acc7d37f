//! The dag-pb codec with the strict rules of the IPLD spec: fields in canonical order,
//! no duplicates, no unknown fields, every link carrying a CID.
use alloc::{string::String, vec::Vec};

use super::identifier::{Cid, read_cid};
use super::varint::{decode_pb_varint, encode_varint, varint_len};
use crate::{Error, Result};

/// A link of a dag-pb node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PbLink {
    /// The linked block.
    pub hash: Cid,
    /// The link name (UnixFS: the entry name in a directory, empty in a file).
    pub name: Option<String>,
    /// Cumulative size of the linked DAG as its creator reports it (not trusted).
    pub tsize: Option<u64>,
}

/// A dag-pb node.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PbNode {
    /// Links, in encoded order.
    pub links: Vec<PbLink>,
    /// The opaque data section (UnixFS: a `Data` message).
    pub data: Option<Vec<u8>>,
}

const WIRE_VARINT: u64 = 0;
const WIRE_BYTES: u64 = 2;

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn done(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn varint(&mut self) -> Result<u64> {
        let (value, used) = decode_pb_varint(&self.bytes[self.pos..])?;
        self.pos += used;
        Ok(value)
    }

    fn key(&mut self) -> Result<(u64, u64)> {
        let key = self.varint()?;
        Ok((key >> 3, key & 7))
    }

    fn bytes(&mut self) -> Result<&'a [u8]> {
        let len = self.varint()?;
        let remaining = (self.bytes.len() - self.pos) as u64;
        if len > remaining {
            return Err(Error::Truncated("protobuf bytes field"));
        }
        let start = self.pos;
        self.pos += len as usize;
        Ok(&self.bytes[start..self.pos])
    }
}

impl PbNode {
    /// Decodes a dag-pb block strictly.
    pub fn decode(bytes: &[u8]) -> Result<Self> {
        let mut reader = Reader { bytes, pos: 0 };
        let mut node = PbNode::default();
        while !reader.done() {
            let (field, wire) = reader.key()?;
            if wire != WIRE_BYTES {
                return Err(Error::InvalidDagPb("PBNode field has a wire type other than bytes"));
            }
            match field {
                1 => {
                    if node.data.is_some() {
                        return Err(Error::InvalidDagPb("duplicate Data section"));
                    }
                    node.data = Some(reader.bytes()?.to_vec());
                }
                2 => {
                    if node.data.is_some() {
                        return Err(Error::InvalidDagPb("Links section after Data"));
                    }
                    let link = decode_link(reader.bytes()?)?;
                    node.links.try_reserve(1).map_err(|_| Error::InvalidDagPb("too many links"))?;
                    node.links.push(link);
                }
                _ => return Err(Error::InvalidDagPb("unknown PBNode field")),
            }
        }
        Ok(node)
    }

    /// Encodes the node canonically (links first, then data).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        for link in &self.links {
            out.push(0x12);
            encode_varint(link_len(link) as u64, &mut out);
            let hash = link.hash.to_bytes();
            out.push(0x0a);
            encode_varint(hash.len() as u64, &mut out);
            out.extend_from_slice(&hash);
            if let Some(name) = &link.name {
                out.push(0x12);
                encode_varint(name.len() as u64, &mut out);
                out.extend_from_slice(name.as_bytes());
            }
            if let Some(tsize) = link.tsize {
                out.push(0x18);
                encode_varint(tsize, &mut out);
            }
        }
        if let Some(data) = &self.data {
            out.push(0x0a);
            encode_varint(data.len() as u64, &mut out);
            out.extend_from_slice(data);
        }
        out
    }

    /// Length of [`PbNode::encode`]'s output, without encoding.
    pub fn encoded_len(&self) -> usize {
        let links: usize = self.links.iter().map(|l| field_len(link_len(l))).sum();
        links + self.data.as_ref().map_or(0, |d| field_len(d.len()))
    }
}

fn field_len(len: usize) -> usize {
    1 + varint_len(len as u64) + len
}

fn link_len(link: &PbLink) -> usize {
    let hash = field_len(link.hash.encoded_len());
    let name = link.name.as_ref().map_or(0, |n| field_len(n.len()));
    let tsize = link.tsize.map_or(0, |t| 1 + varint_len(t));
    hash + name + tsize
}

fn decode_link(bytes: &[u8]) -> Result<PbLink> {
    let mut reader = Reader { bytes, pos: 0 };
    let mut hash = None;
    let mut name = None;
    let mut tsize = None;
    while !reader.done() {
        let (field, wire) = reader.key()?;
        match field {
            1 => {
                if wire != WIRE_BYTES {
                    return Err(Error::InvalidDagPb("PBLink Hash has the wrong wire type"));
                }
                if hash.is_some() || name.is_some() || tsize.is_some() {
                    return Err(Error::InvalidDagPb("duplicate or out-of-order PBLink Hash"));
                }
                let raw = reader.bytes()?;
                let (cid, used) = read_cid(raw).map_err(|_| Error::InvalidDagPb("link Hash is not a CID"))?;
                if used != raw.len() {
                    return Err(Error::InvalidDagPb("link Hash is not a CID"));
                }
                hash = Some(cid);
            }
            2 => {
                if wire != WIRE_BYTES {
                    return Err(Error::InvalidDagPb("PBLink Name has the wrong wire type"));
                }
                if name.is_some() || tsize.is_some() {
                    return Err(Error::InvalidDagPb("duplicate or out-of-order PBLink Name"));
                }
                let raw = reader.bytes()?;
                let text = core::str::from_utf8(raw).map_err(|_| Error::InvalidDagPb("link Name is not UTF-8"))?;
                name = Some(String::from(text));
            }
            3 => {
                if wire != WIRE_VARINT {
                    return Err(Error::InvalidDagPb("PBLink Tsize has the wrong wire type"));
                }
                if tsize.is_some() {
                    return Err(Error::InvalidDagPb("duplicate PBLink Tsize"));
                }
                tsize = Some(reader.varint()?);
            }
            _ => return Err(Error::InvalidDagPb("unknown PBLink field")),
        }
    }
    let hash = hash.ok_or(Error::InvalidDagPb("link has no Hash"))?;
    Ok(PbLink { hash, name, tsize })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cid::identifier::{Codec, HashFunction, Version, block_cid};

    fn leaf() -> Cid {
        block_cid(Version::V1, Codec::Raw, HashFunction::Sha2_256, b"leaf").unwrap()
    }

    #[test]
    fn round_trips_links_and_data() {
        let node = PbNode {
            links: alloc::vec![
                PbLink { hash: leaf(), name: Some("a".into()), tsize: Some(4) },
                PbLink { hash: leaf(), name: None, tsize: None },
            ],
            data: Some(alloc::vec![8, 1]),
        };
        let bytes = node.encode();
        assert_eq!(bytes.len(), node.encoded_len());
        assert_eq!(PbNode::decode(&bytes).unwrap(), node);
    }

    #[test]
    fn rejects_links_after_data_and_duplicate_data() {
        let link = PbNode { links: alloc::vec![PbLink { hash: leaf(), name: None, tsize: None }], data: None }.encode();
        let mut bytes = alloc::vec![0x0a, 0x00];
        bytes.extend(&link);
        assert_eq!(PbNode::decode(&bytes), Err(Error::InvalidDagPb("Links section after Data")));
        assert_eq!(PbNode::decode(&[0x0a, 0, 0x0a, 0]), Err(Error::InvalidDagPb("duplicate Data section")));
    }

    #[test]
    fn rejects_duplicate_link_fields() {
        let hash = leaf().to_bytes();
        let mut inner = alloc::vec![0x0a, hash.len() as u8];
        inner.extend(&hash);
        inner.extend([0x18, 1, 0x18, 2]);
        let mut bytes = alloc::vec![0x12, inner.len() as u8];
        bytes.extend(&inner);
        assert_eq!(PbNode::decode(&bytes), Err(Error::InvalidDagPb("duplicate PBLink Tsize")));
    }

    #[test]
    fn rejects_unknown_fields_and_truncation() {
        assert_eq!(PbNode::decode(&[0x1a, 0]), Err(Error::InvalidDagPb("unknown PBNode field")));
        assert_eq!(PbNode::decode(&[0x0a, 5, 1]), Err(Error::Truncated("protobuf bytes field")));
    }
}
