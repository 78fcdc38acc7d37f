//! CAR files: a push-based reader for v1 and v2 (data payload only; the index is not
//! used) that verifies every block before handing it out, and a v1 writer.
use alloc::{vec, vec::Vec};

use super::identifier::{Cid, is_sha256_cid, read_cid, verify_block, verify_block_sha256};
use super::limits::MAX_BLOCK_SIZE;
use super::varint::{decode_uvarint, encode_varint};
use crate::{Error, Result};

/// Largest CAR header accepted.
const MAX_HEADER: u64 = 64 * 1024;
/// The CARv2 pragma: a varint length 10, then dag-cbor `{version: 2}`.
const V2_PRAGMA: [u8; 11] = [0x0a, 0xa1, 0x67, b'v', b'e', b'r', b's', b'i', b'o', b'n', 0x02];
/// Room for the CID in front of a block in one section.
const MAX_CID_LEN: u64 = 4 + 9 + 128;

/// What the reader hands out, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CarItem {
    /// The CARv1 header (for v2, the inner v1 header).
    Header {
        /// The CAR version on the outside (1 or 2).
        version: u64,
        /// Roots named in the header.
        roots: Vec<Cid>,
    },
    /// A block whose bytes were checked against its CID.
    Block {
        /// The block's CID.
        cid: Cid,
        /// The block's bytes.
        data: Vec<u8>,
        /// Where the block's bytes start in the stream (for building an index).
        offset: u64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    V1Header { outer: u64 },
    V2Header,
    Skip { bytes: u64, then_limit: u64 },
    Sections,
    Done,
}

/// A push-based CAR reader: feed bytes with [`CarReader::push`], take items with
/// [`CarReader::next_item`], and call [`CarReader::finish`] at the end of input.
///
/// It buffers at most one section (≤ 2 MiB plus its CID), so memory stays bounded
/// whatever the CAR's size.
#[derive(Debug)]
pub struct CarReader {
    buffer: Vec<u8>,
    start: usize,
    state: State,
    /// Bytes of the v1 payload still to read (v2), or `u64::MAX`.
    remaining: u64,
    ended: bool,
    /// Stream offset of `buffer[0]`.
    base: u64,
    /// SHA-256 of sha2-256 blocks comes from the caller ([`CarReader::host_sha256`]).
    host_sha256: bool,
    /// The block awaiting its SHA-256: `[from, to)` of [`CarReader::available`].
    awaiting: Option<(usize, usize)>,
    /// The caller's SHA-256 of the awaiting block.
    digest: Option<[u8; 32]>,
}

impl Default for CarReader {
    fn default() -> Self {
        Self::new()
    }
}

impl CarReader {
    /// A reader expecting the start of a CAR.
    pub fn new() -> Self {
        CarReader {
            buffer: Vec::new(),
            start: 0,
            state: State::Start,
            remaining: u64::MAX,
            ended: false,
            base: 0,
            host_sha256: false,
            awaiting: None,
            digest: None,
        }
    }

    /// Lets the caller hash sha2-256 blocks (with a faster SHA-256 than this crate's):
    /// [`CarReader::next_item`] then stops (`Ok(None)`) before such a block until its
    /// digest is given with [`CarReader::supply_sha256`], and checks that digest against
    /// the CID as it would check its own. Other hash functions are hashed here; so is a
    /// block still awaiting its digest once the input has ended.
    pub fn host_sha256(mut self) -> Self {
        self.host_sha256 = true;
        self
    }

    /// The bytes of the block whose SHA-256 [`CarReader::next_item`] waits for, if any.
    pub fn awaiting_sha256(&self) -> Option<&[u8]> {
        self.awaiting.and_then(|(from, to)| self.available().get(from..to))
    }

    /// Gives the SHA-256 of the block [`CarReader::awaiting_sha256`] names; `false` (and
    /// nothing changes) when no block awaits one.
    pub fn supply_sha256(&mut self, digest: [u8; 32]) -> bool {
        if self.awaiting.is_none() || self.digest.is_some() {
            return false;
        }
        self.digest = Some(digest);
        true
    }

    /// Feeds the next bytes of the CAR.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 && self.start == self.buffer.len() {
            self.base += self.start as u64;
            self.buffer.clear();
            self.start = 0;
        } else if self.start > (1 << 20) {
            self.base += self.start as u64;
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.extend_from_slice(bytes);
    }

    /// Marks the end of input: a partial section left in the buffer is then an error.
    pub fn finish(&mut self) {
        self.ended = true;
    }

    fn available(&self) -> &[u8] {
        &self.buffer[self.start..]
    }

    fn truncated(&self, what: &'static str) -> Result<Option<CarItem>> {
        if self.ended { Err(Error::Truncated(what)) } else { Ok(None) }
    }

    /// The next item, `Ok(None)` when more input is needed (or the CAR is over).
    pub fn next_item(&mut self) -> Result<Option<CarItem>> {
        loop {
            match self.state {
                State::Done => return Ok(None),
                State::Start => {
                    if self.available().len() < V2_PRAGMA.len() && !self.ended {
                        return Ok(None);
                    }
                    if self.available().starts_with(&V2_PRAGMA) {
                        self.start += V2_PRAGMA.len();
                        self.state = State::V2Header;
                    } else {
                        self.state = State::V1Header { outer: 1 };
                    }
                }
                State::V2Header => {
                    let Some(header) = self.available().get(..40) else {
                        return self.truncated("CARv2 header");
                    };
                    let word = |i: usize| {
                        let mut b = [0u8; 8];
                        b.copy_from_slice(&header[16 + 8 * i..24 + 8 * i]);
                        u64::from_le_bytes(b)
                    };
                    let (data_offset, data_size) = (word(0), word(1));
                    let consumed = (V2_PRAGMA.len() + 40) as u64;
                    if data_offset < consumed {
                        return Err(Error::InvalidCar("CARv2 data offset inside the header"));
                    }
                    self.start += 40;
                    self.state = State::Skip { bytes: data_offset - consumed, then_limit: data_size };
                }
                State::Skip { bytes, then_limit } => {
                    let have = self.available().len() as u64;
                    if have < bytes {
                        self.start = self.buffer.len();
                        self.state = State::Skip { bytes: bytes - have, then_limit };
                        return self.truncated("CARv2 padding");
                    }
                    self.start += bytes as usize;
                    self.remaining = then_limit;
                    self.state = State::V1Header { outer: 2 };
                }
                State::V1Header { outer } => {
                    let Some((body, used)) = self.section(MAX_HEADER)? else {
                        return self.truncated("CAR header");
                    };
                    let (version, roots) = decode_header(body)?;
                    if version == 2 && outer == 1 {
                        return Err(Error::InvalidCar("CARv2 pragma with a malformed layout"));
                    }
                    if version != 1 {
                        return Err(Error::UnsupportedCarVersion(version));
                    }
                    self.consume(used)?;
                    self.state = State::Sections;
                    return Ok(Some(CarItem::Header { version: outer, roots }));
                }
                State::Sections => {
                    if self.remaining == 0 || (self.ended && self.available().is_empty()) {
                        self.state = State::Done;
                        return Ok(None);
                    }
                    let Some((body, used)) = self.section(MAX_BLOCK_SIZE + MAX_CID_LEN)? else {
                        return self.truncated("CAR section");
                    };
                    let (cid, cid_len) = read_cid(body)?;
                    let data = &body[cid_len..];
                    if self.host_sha256 && is_sha256_cid(&cid) && !self.ended {
                        let Some(digest) = self.digest else {
                            let at = (used - data.len(), used);
                            self.awaiting = Some(at);
                            return Ok(None);
                        };
                        verify_block_sha256(&cid, data.len(), &digest)?;
                    } else {
                        verify_block(&cid, data)?;
                    }
                    let data = data.to_vec();
                    self.awaiting = None;
                    self.digest = None;
                    let offset = self.base + (self.start + used - data.len()) as u64;
                    self.consume(used)?;
                    return Ok(Some(CarItem::Block { cid, data, offset }));
                }
            }
        }
    }

    /// The body of the next length-prefixed section and the bytes it spans, if buffered.
    fn section(&self, limit: u64) -> Result<Option<(&[u8], usize)>> {
        let avail = self.available();
        let (len, n) = match decode_uvarint(avail) {
            Ok(v) => v,
            Err(Error::Truncated(_)) => return Ok(None),
            Err(Error::InvalidCid(_)) => {
                return Err(Error::InvalidCar("non-minimal section length"));
            }
            Err(e) => return Err(e),
        };
        if len > limit {
            return Err(if limit == MAX_HEADER {
                Error::InvalidCar("header too large")
            } else {
                Error::SectionTooLarge(len)
            });
        }
        if len == 0 {
            return Err(Error::InvalidCar("empty section"));
        }
        let end = n + len as usize;
        Ok(avail.get(n..end).map(|body| (body, end)))
    }

    fn consume(&mut self, used: usize) -> Result<()> {
        if self.remaining != u64::MAX {
            self.remaining = self
                .remaining
                .checked_sub(used as u64)
                .ok_or(Error::InvalidCar("section runs past the CARv2 data size"))?;
        }
        self.start += used;
        Ok(())
    }
}

/// A block and its CID.
pub type Block = (Cid, Vec<u8>);

/// Reads a whole CAR held in memory: its roots and verified blocks in file order.
pub fn read_car(bytes: &[u8]) -> Result<(Vec<Cid>, Vec<Block>)> {
    let mut reader = CarReader::new();
    reader.push(bytes);
    reader.finish();
    let mut roots = Vec::new();
    let mut blocks = Vec::new();
    while let Some(item) = reader.next_item()? {
        match item {
            CarItem::Header { roots: r, .. } => roots = r,
            CarItem::Block { cid, data, .. } => blocks.push((cid, data)),
        }
    }
    Ok((roots, blocks))
}

/// Encodes a CARv1 header naming `roots`.
pub fn encode_header(roots: &[Cid]) -> Vec<u8> {
    let mut body = vec![0xa2, 0x65];
    body.extend_from_slice(b"roots");
    cbor_head(4, roots.len() as u64, &mut body);
    for root in roots {
        let bytes = root.to_bytes();
        body.extend_from_slice(&[0xd8, 0x2a]);
        cbor_head(2, bytes.len() as u64 + 1, &mut body);
        body.push(0);
        body.extend_from_slice(&bytes);
    }
    body.push(0x67);
    body.extend_from_slice(b"version");
    body.push(0x01);
    let mut out = Vec::with_capacity(body.len() + 2);
    encode_varint(body.len() as u64, &mut out);
    out.extend_from_slice(&body);
    out
}

/// Encodes one CAR section: the CID then the block.
pub fn encode_section(cid: &Cid, block: &[u8], out: &mut Vec<u8>) {
    let cid_bytes = cid.to_bytes();
    encode_varint((cid_bytes.len() + block.len()) as u64, out);
    out.extend_from_slice(&cid_bytes);
    out.extend_from_slice(block);
}

fn cbor_head(major: u8, value: u64, out: &mut Vec<u8>) {
    let m = major << 5;
    match value {
        0..=23 => out.push(m | value as u8),
        24..=0xff => out.extend_from_slice(&[m | 24, value as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend_from_slice(&(value as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(m | 26);
            out.extend_from_slice(&(value as u32).to_be_bytes());
        }
        _ => {
            out.push(m | 27);
            out.extend_from_slice(&value.to_be_bytes());
        }
    }
}

/// A cursor over the small dag-cbor subset a CAR header uses.
struct Cbor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cbor<'_> {
    fn head(&mut self) -> Result<(u8, u64)> {
        let first = *self.bytes.get(self.pos).ok_or(Error::InvalidCar("truncated header"))?;
        self.pos += 1;
        let (major, info) = (first >> 5, first & 0x1f);
        let width = match info {
            0..=23 => return Ok((major, u64::from(info))),
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            _ => return Err(Error::InvalidCar("indefinite or reserved CBOR length")),
        };
        let raw = self.take(width)?;
        Ok((major, raw.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b))))
    }

    fn take(&mut self, n: usize) -> Result<&[u8]> {
        let end =
            self.pos.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or(Error::InvalidCar("truncated header"))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn text(&mut self) -> Result<&[u8]> {
        match self.head()? {
            (3, len) => self.take(usize::try_from(len).map_err(|_| Error::InvalidCar("bad header key"))?),
            _ => Err(Error::InvalidCar("header key is not a string")),
        }
    }
}

fn decode_header(body: &[u8]) -> Result<(u64, Vec<Cid>)> {
    let mut cbor = Cbor { bytes: body, pos: 0 };
    let (major, entries) = cbor.head()?;
    if major != 5 {
        return Err(Error::InvalidCar("header is not a map"));
    }
    let mut version = None;
    let mut roots = None;
    for _ in 0..entries {
        match cbor.text()? {
            b"version" => match cbor.head()? {
                (0, v) if version.is_none() => version = Some(v),
                _ => return Err(Error::InvalidCar("bad header version")),
            },
            b"roots" => {
                if roots.is_some() {
                    return Err(Error::InvalidCar("duplicate header roots"));
                }
                let (major, count) = cbor.head()?;
                if major != 4 || count > 1024 {
                    return Err(Error::InvalidCar("header roots is not a short array"));
                }
                let mut list = Vec::new();
                for _ in 0..count {
                    if cbor.head()? != (6, 42) {
                        return Err(Error::InvalidCar("header root is not a CID"));
                    }
                    let (major, len) = cbor.head()?;
                    if major != 2 || len < 2 {
                        return Err(Error::InvalidCar("header root is not a CID"));
                    }
                    let raw = cbor.take(len as usize)?;
                    if raw[0] != 0 {
                        return Err(Error::InvalidCar("header root lacks the identity multibase prefix"));
                    }
                    let (cid, used) = read_cid(&raw[1..])?;
                    if used != raw.len() - 1 {
                        return Err(Error::InvalidCar("trailing bytes after a header root"));
                    }
                    list.push(cid);
                }
                roots = Some(list);
            }
            _ => return Err(Error::InvalidCar("unknown header key")),
        }
    }
    if cbor.pos != body.len() {
        return Err(Error::InvalidCar("trailing bytes in header"));
    }
    let version = version.ok_or(Error::InvalidCar("header has no version"))?;
    if version == 1 && roots.is_none() {
        return Err(Error::InvalidCar("header has no roots"));
    }
    Ok((version, roots.unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cid::identifier::{Codec, HashFunction, Version, block_cid};

    fn sample() -> (Cid, Vec<u8>) {
        let block = b"some block".to_vec();
        (block_cid(Version::V1, Codec::Raw, HashFunction::Sha2_256, &block).unwrap(), block)
    }

    fn car_v1(cid: &Cid, block: &[u8]) -> Vec<u8> {
        let mut car = encode_header(&[*cid]);
        encode_section(cid, block, &mut car);
        car
    }

    #[test]
    fn host_sha256_blocks_wait_for_their_digest() {
        use sha2::{Digest, Sha256};
        let (cid, block) = sample();
        let blake = block_cid(Version::V1, Codec::Raw, HashFunction::Blake3, b"other").unwrap();
        let mut car = car_v1(&cid, &block);
        encode_section(&blake, b"other", &mut car);
        let digest: [u8; 32] = Sha256::digest(&block).into();
        let mut reader = CarReader::new().host_sha256();
        assert!(!reader.supply_sha256(digest));
        reader.push(&car);
        assert!(matches!(reader.next_item(), Ok(Some(CarItem::Header { .. }))));
        assert_eq!(reader.next_item(), Ok(None));
        assert_eq!(reader.awaiting_sha256(), Some(&block[..]));
        assert!(reader.supply_sha256(digest));
        assert!(!reader.supply_sha256(digest));
        let offset = (car_v1(&cid, &block).len() - block.len()) as u64;
        assert_eq!(reader.next_item(), Ok(Some(CarItem::Block { cid, data: block.clone(), offset })));
        assert_eq!(reader.awaiting_sha256(), None);
        // blake3 is hashed here, without waiting.
        assert!(matches!(reader.next_item(), Ok(Some(CarItem::Block { data, .. })) if data == b"other"));
        reader.finish();
        assert_eq!(reader.next_item(), Ok(None));

        // A digest other than the CID's is a mismatch, as if the reader had hashed.
        let mut reader = CarReader::new().host_sha256();
        reader.push(&car);
        assert!(matches!(reader.next_item(), Ok(Some(CarItem::Header { .. }))));
        assert_eq!(reader.next_item(), Ok(None));
        assert!(reader.supply_sha256(Sha256::digest(b"something else").into()));
        assert_eq!(reader.next_item(), Err(Error::BlockMismatch(crate::cid::cid_to_string(&cid))));

        // At the end of input, a block still awaiting its digest is hashed here.
        let mut reader = CarReader::new().host_sha256();
        reader.push(&car);
        assert!(matches!(reader.next_item(), Ok(Some(CarItem::Header { .. }))));
        assert_eq!(reader.next_item(), Ok(None));
        reader.finish();
        assert!(matches!(reader.next_item(), Ok(Some(CarItem::Block { data, .. })) if data == block));
    }

    #[test]
    fn writes_and_reads_v1_in_any_slicing() {
        let (cid, block) = sample();
        let car = car_v1(&cid, &block);
        for step in [1, 3, 7, car.len()] {
            let mut reader = CarReader::new();
            let mut items = Vec::new();
            for piece in car.chunks(step) {
                reader.push(piece);
                while let Some(item) = reader.next_item().unwrap() {
                    items.push(item);
                }
            }
            reader.finish();
            while let Some(item) = reader.next_item().unwrap() {
                items.push(item);
            }
            assert_eq!(
                items,
                vec![
                    CarItem::Header { version: 1, roots: vec![cid] },
                    CarItem::Block { cid, data: block.clone(), offset: (car.len() - block.len()) as u64 }
                ]
            );
        }
    }

    #[test]
    fn reads_v2_payload_and_ignores_the_index() {
        let (cid, block) = sample();
        let inner = car_v1(&cid, &block);
        let mut car = V2_PRAGMA.to_vec();
        car.extend([0u8; 16]);
        let offset = (V2_PRAGMA.len() + 40 + 5) as u64;
        car.extend(offset.to_le_bytes());
        car.extend((inner.len() as u64).to_le_bytes());
        car.extend(0u64.to_le_bytes());
        car.extend([0u8; 5]);
        car.extend(&inner);
        car.extend([0xde, 0xad]);
        let (roots, blocks) = read_car(&car).unwrap();
        assert_eq!(roots, vec![cid]);
        assert_eq!(blocks, vec![(cid, block)]);
    }

    #[test]
    fn rejects_a_block_that_does_not_match() {
        let (cid, _) = sample();
        let car = car_v1(&cid, b"other bytes");
        assert_eq!(read_car(&car), Err(Error::BlockMismatch(alloc::string::ToString::to_string(&cid))));
    }

    #[test]
    fn rejects_truncation_and_huge_sections() {
        let (cid, block) = sample();
        let car = car_v1(&cid, &block);
        assert_eq!(read_car(&car[..car.len() - 1]), Err(Error::Truncated("CAR section")));
        let mut huge = encode_header(&[cid]);
        encode_varint(MAX_BLOCK_SIZE + MAX_CID_LEN + 1, &mut huge);
        assert_eq!(read_car(&huge), Err(Error::SectionTooLarge(MAX_BLOCK_SIZE + MAX_CID_LEN + 1)));
        let mut overflow = encode_header(&[cid]);
        overflow.extend([0xff; 10]);
        assert_eq!(read_car(&overflow), Err(Error::VarintOverflow));
    }

    #[test]
    fn rejects_other_versions() {
        let body =
            [0xa2, 0x65, b'r', b'o', b'o', b't', b's', 0x80, 0x67, b'v', b'e', b'r', b's', b'i', b'o', b'n', 0x03];
        let mut car = vec![body.len() as u8];
        car.extend(body);
        assert_eq!(read_car(&car), Err(Error::UnsupportedCarVersion(3)));
    }
}
