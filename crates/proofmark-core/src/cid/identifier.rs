//! CIDs and multihashes: parsing every accepted form, hashing blocks, checking them.
use alloc::{string::String, vec::Vec};

use sha2::{Digest, Sha256};

use super::bases::{MultibaseError, base32_lower, base58btc, decode_base58btc, decode_multibase};
use super::varint::decode_uvarint;
use crate::{Error, Result};

/// Largest digest a CID may carry (identity multihashes; sha2-256 and blake3 are 32 bytes).
pub const MAX_IDENTITY_DIGEST: usize = 128;

/// A multihash with room for the largest accepted digest.
pub type Multihash = ::cid::multihash::Multihash<MAX_IDENTITY_DIGEST>;
/// A CID (v0 or v1) with room for the largest accepted digest.
pub type Cid = ::cid::CidGeneric<MAX_IDENTITY_DIGEST>;
pub use ::cid::Version;

/// The IPLD codecs Proofmark reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Codec {
    /// `raw` (0x55): the block is the bytes.
    Raw,
    /// `dag-pb` (0x70): a protobuf node, UnixFS in practice.
    DagPb,
}

impl Codec {
    /// The multicodec code.
    pub const fn code(self) -> u64 {
        match self {
            Codec::Raw => 0x55,
            Codec::DagPb => 0x70,
        }
    }

    /// The codec for a multicodec code.
    pub fn from_code(code: u64) -> Result<Self> {
        match code {
            0x55 => Ok(Codec::Raw),
            0x70 => Ok(Codec::DagPb),
            other => Err(Error::UnknownCodec(other)),
        }
    }

    /// The codec of a CID.
    pub fn of(cid: &Cid) -> Result<Self> {
        Self::from_code(cid.codec())
    }
}

/// The multihash functions Proofmark computes and checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashFunction {
    /// sha2-256 (0x12).
    Sha2_256,
    /// blake3 (0x1e), 32-byte output.
    Blake3,
    /// identity (0x00): the "digest" is the data itself, at most 128 bytes.
    Identity,
}

impl HashFunction {
    /// The multicodec code.
    pub const fn code(self) -> u64 {
        match self {
            HashFunction::Sha2_256 => 0x12,
            HashFunction::Blake3 => 0x1e,
            HashFunction::Identity => 0x00,
        }
    }

    /// The function for a multicodec code.
    pub fn from_code(code: u64) -> Result<Self> {
        match code {
            0x12 => Ok(HashFunction::Sha2_256),
            0x1e => Ok(HashFunction::Blake3),
            0x00 => Ok(HashFunction::Identity),
            other => Err(Error::UnknownHash(other)),
        }
    }

    /// The conventional name (`sha2-256`, `blake3`, `identity`).
    pub const fn name(self) -> &'static str {
        match self {
            HashFunction::Sha2_256 => "sha2-256",
            HashFunction::Blake3 => "blake3",
            HashFunction::Identity => "identity",
        }
    }

    /// The function for a conventional name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "sha2-256" => Some(HashFunction::Sha2_256),
            "blake3" => Some(HashFunction::Blake3),
            "identity" => Some(HashFunction::Identity),
            _ => None,
        }
    }

    /// Hashes `data` into a multihash.
    pub fn digest(self, data: &[u8]) -> Result<Multihash> {
        match self {
            HashFunction::Sha2_256 => wrap(self, &Sha256::digest(data)),
            HashFunction::Blake3 => wrap(self, blake3::hash(data).as_bytes()),
            HashFunction::Identity => {
                if data.len() > MAX_IDENTITY_DIGEST {
                    return Err(Error::IdentityDigestTooLong(data.len()));
                }
                wrap(self, data)
            }
        }
    }
}

/// Wraps a digest computed elsewhere (by the host, say) into a multihash.
pub fn wrap(function: HashFunction, digest: &[u8]) -> Result<Multihash> {
    check_digest_len(function, digest.len())?;
    Multihash::wrap(function.code(), digest).map_err(|_| Error::IdentityDigestTooLong(digest.len()))
}

fn check_digest_len(function: HashFunction, len: usize) -> Result<()> {
    match function {
        HashFunction::Identity if len > MAX_IDENTITY_DIGEST => Err(Error::IdentityDigestTooLong(len)),
        HashFunction::Identity => Ok(()),
        HashFunction::Sha2_256 | HashFunction::Blake3 if len != 32 => {
            Err(Error::DigestLengthMismatch { expected: 32, actual: len })
        }
        _ => Ok(()),
    }
}

/// Parses a CID string: v0 (`Qm…`, base58btc) or v1 in base32, base36 or base58btc.
/// The codec and hash must be ones Proofmark reads.
pub fn parse_cid(text: &str) -> Result<Cid> {
    let bytes = if text.len() == 46 && text.starts_with("Qm") {
        decode_base58btc(text).ok_or(Error::InvalidCid("bad base58btc in CIDv0"))?
    } else {
        let bytes = decode_multibase(text).map_err(|e| match e {
            MultibaseError::Invalid => Error::InvalidCid("bad multibase string"),
            MultibaseError::UnsupportedBase => Error::InvalidCid("multibase must be base32, base36 or base58btc"),
        })?;
        if bytes.first() == Some(&0x12) {
            return Err(Error::InvalidCid("a CIDv0 cannot carry a multibase prefix"));
        }
        bytes
    };
    let (cid, used) = read_cid(&bytes)?;
    if used != bytes.len() {
        return Err(Error::InvalidCid("trailing bytes after the CID"));
    }
    Ok(cid)
}

/// Reads a binary CID from the front of `bytes`; returns it and the bytes it used.
pub fn read_cid(bytes: &[u8]) -> Result<(Cid, usize)> {
    if bytes.first() == Some(&0x12) && bytes.get(1) == Some(&0x20) {
        let digest = bytes.get(2..34).ok_or(Error::Truncated("CIDv0 digest"))?;
        let hash = wrap(HashFunction::Sha2_256, digest)?;
        let cid = Cid::new_v0(hash).map_err(|_| Error::InvalidCid("bad CIDv0"))?;
        return Ok((cid, 34));
    }
    let (version, a) = decode_uvarint(bytes)?;
    if version != 1 {
        return Err(Error::InvalidCid("CID version must be 0 or 1"));
    }
    let (codec, b) = decode_uvarint(&bytes[a..])?;
    let (hash_code, c) = decode_uvarint(&bytes[a + b..])?;
    let (len, d) = decode_uvarint(&bytes[a + b + c..])?;
    Codec::from_code(codec)?;
    let function = HashFunction::from_code(hash_code)?;
    let len = usize::try_from(len).map_err(|_| Error::VarintOverflow)?;
    check_digest_len(function, len)?;
    let start = a + b + c + d;
    let digest = bytes.get(start..start + len).ok_or(Error::Truncated("CID digest"))?;
    Ok((Cid::new_v1(codec, wrap(function, digest)?), start + len))
}

/// Checks that an already-constructed CID uses a codec and hash Proofmark reads.
pub fn check_cid(cid: &Cid) -> Result<(Codec, HashFunction)> {
    let codec = Codec::of(cid)?;
    let function = HashFunction::from_code(cid.hash().code())?;
    check_digest_len(function, cid.hash().digest().len())?;
    Ok((codec, function))
}

/// The content key a CID names directly: the digest of a `raw` sha2-256 CID (DESIGN §5);
/// `None` for any other CID (its key comes from the bytes or the `Anchored` event).
pub fn content_key_of(cid: &Cid) -> Option<[u8; 32]> {
    match check_cid(cid) {
        Ok((Codec::Raw, HashFunction::Sha2_256)) => cid.hash().digest().try_into().ok(),
        _ => None,
    }
}

/// Makes the CID of a block. Version 0 requires dag-pb and sha2-256.
pub fn block_cid(version: Version, codec: Codec, function: HashFunction, block: &[u8]) -> Result<Cid> {
    let hash = function.digest(block)?;
    Cid::new(version, codec.code(), hash).map_err(|_| Error::InvalidParams("CIDv0 needs dag-pb and sha2-256"))
}

/// Checks that `block` hashes to `cid`.
pub fn verify_block(cid: &Cid, block: &[u8]) -> Result<()> {
    let (_, function) = check_cid(cid)?;
    if block.len() as u64 > super::limits::MAX_BLOCK_SIZE {
        return Err(Error::BlockTooLarge { size: block.len() as u64, limit: super::limits::MAX_BLOCK_SIZE });
    }
    let ok = match function {
        HashFunction::Sha2_256 => Sha256::digest(block).as_slice() == cid.hash().digest(),
        HashFunction::Blake3 => blake3::hash(block).as_bytes() == cid.hash().digest(),
        HashFunction::Identity => block == cid.hash().digest(),
    };
    if ok { Ok(()) } else { Err(Error::BlockMismatch(cid_to_string(cid))) }
}

/// Whether blocks under `cid` are hashed with sha2-256 (their SHA-256 may then come from
/// the host, see [`verify_block_sha256`]).
pub fn is_sha256_cid(cid: &Cid) -> bool {
    cid.hash().code() == HashFunction::Sha2_256.code()
}

/// [`verify_block`] for a block of `len` bytes whose SHA-256 `digest` was computed
/// elsewhere (the host's native crypto): the same checks and errors, without the hashing.
/// A CID that is not sha2-256 is a [`Error::BlockMismatch`].
pub fn verify_block_sha256(cid: &Cid, len: usize, digest: &[u8; 32]) -> Result<()> {
    let (_, function) = check_cid(cid)?;
    if len as u64 > super::limits::MAX_BLOCK_SIZE {
        return Err(Error::BlockTooLarge { size: len as u64, limit: super::limits::MAX_BLOCK_SIZE });
    }
    if function == HashFunction::Sha2_256 && digest.as_slice() == cid.hash().digest() {
        Ok(())
    } else {
        Err(Error::BlockMismatch(cid_to_string(cid)))
    }
}

/// The CIDv1 `raw` + sha2-256 CID for a SHA-256 digest: how a content key is shown.
pub fn raw_cid_for_sha256(digest: &[u8; 32]) -> Cid {
    // A 32-byte digest always fits the 128-byte multihash.
    match Multihash::wrap(HashFunction::Sha2_256.code(), digest) {
        Ok(hash) => Cid::new_v1(Codec::Raw.code(), hash),
        Err(_) => Cid::default(),
    }
}

/// Formats a CID the way Proofmark prints it: v0 as base58btc, v1 as base32.
pub fn cid_to_string(cid: &Cid) -> String {
    let bytes = cid.to_bytes();
    match cid.version() {
        Version::V0 => base58btc(&bytes),
        Version::V1 => alloc::format!("b{}", base32_lower(&bytes)),
    }
}

/// The binary form of a CID.
pub fn cid_to_bytes(cid: &Cid) -> Vec<u8> {
    cid.to_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::cid::multibase::Base;
    use alloc::string::ToString;

    const HELLO_V0: &str = "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD";

    #[test]
    fn parses_v0_and_every_v1_base_to_the_same_cid() {
        let v0 = parse_cid(HELLO_V0).unwrap();
        assert_eq!(v0.version(), Version::V0);
        let v1 = v0.into_v1().unwrap();
        for base in [Base::Base32Lower, Base::Base32Upper, Base::Base36Lower, Base::Base58Btc] {
            let text = v1.to_string_of_base(base).unwrap();
            assert_eq!(parse_cid(&text).unwrap(), v1, "{text}");
        }
        assert_eq!(v0.to_string(), HELLO_V0);
        assert_eq!(cid_to_string(&v0), HELLO_V0);
        assert_eq!(cid_to_string(&v1), v1.to_string());
        let raw = Cid::new_v1(Codec::Raw.code(), HashFunction::Identity.digest(b"").unwrap());
        assert_eq!(cid_to_string(&raw), raw.to_string());
    }

    #[test]
    fn rejects_unknown_codec() {
        // dag-cbor (0x71)
        let cid = Cid::new_v1(0x71, HashFunction::Sha2_256.digest(b"x").unwrap());
        assert_eq!(parse_cid(&cid.to_string()), Err(Error::UnknownCodec(0x71)));
    }

    #[test]
    fn rejects_unknown_hash() {
        let mut bytes = alloc::vec![1, 0x55, 0x13, 64];
        bytes.extend([7u8; 64]);
        assert_eq!(read_cid(&bytes).map(|_| ()), Err(Error::UnknownHash(0x13)));
    }

    #[test]
    fn identity_digest_over_128_is_rejected() {
        let mut bytes = alloc::vec![1, 0x55, 0x00, 0x81, 0x01];
        bytes.extend([7u8; 129]);
        assert_eq!(read_cid(&bytes).map(|_| ()), Err(Error::IdentityDigestTooLong(129)));
        let mut ok = alloc::vec![1, 0x55, 0x00, 0x80, 0x01];
        ok.extend([7u8; 128]);
        assert_eq!(read_cid(&ok).unwrap().1, ok.len());
        assert_eq!(HashFunction::Identity.digest(&[0u8; 129]), Err(Error::IdentityDigestTooLong(129)));
    }

    #[test]
    fn digest_length_mismatch_is_typed() {
        let mut bytes = alloc::vec![1, 0x55, 0x12, 31];
        bytes.extend([7u8; 31]);
        assert_eq!(read_cid(&bytes).map(|_| ()), Err(Error::DigestLengthMismatch { expected: 32, actual: 31 }));
        let short = [1u8, 0x55, 0x12, 32, 1, 2, 3];
        assert_eq!(read_cid(&short).map(|_| ()), Err(Error::Truncated("CID digest")));
    }

    #[test]
    fn varint_overflow_in_codec_is_typed() {
        let bytes = [1u8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(read_cid(&bytes).map(|_| ()), Err(Error::VarintOverflow));
    }

    #[test]
    fn verifies_blocks() {
        let cid = block_cid(Version::V1, Codec::Raw, HashFunction::Blake3, b"abc").unwrap();
        assert_eq!(verify_block(&cid, b"abc"), Ok(()));
        assert_eq!(verify_block(&cid, b"abd"), Err(Error::BlockMismatch(cid.to_string())));
        let id = block_cid(Version::V1, Codec::Raw, HashFunction::Identity, b"tiny").unwrap();
        assert_eq!(verify_block(&id, b"tiny"), Ok(()));
    }

    #[test]
    fn verifies_blocks_against_host_digests() {
        let cid = block_cid(Version::V1, Codec::Raw, HashFunction::Sha2_256, b"abc").unwrap();
        let good: [u8; 32] = Sha256::digest(b"abc").into();
        let bad: [u8; 32] = Sha256::digest(b"abd").into();
        assert!(is_sha256_cid(&cid));
        assert_eq!(verify_block_sha256(&cid, 3, &good), Ok(()));
        assert_eq!(verify_block_sha256(&cid, 3, &bad), Err(Error::BlockMismatch(cid.to_string())));
        let limit = super::super::limits::MAX_BLOCK_SIZE;
        assert_eq!(
            verify_block_sha256(&cid, limit as usize + 1, &good),
            Err(Error::BlockTooLarge { size: limit + 1, limit })
        );
        let b3 = block_cid(Version::V1, Codec::Raw, HashFunction::Blake3, b"abc").unwrap();
        assert!(!is_sha256_cid(&b3));
        let b3_digest: [u8; 32] = b3.hash().digest().try_into().unwrap();
        assert_eq!(verify_block_sha256(&b3, 3, &b3_digest), Err(Error::BlockMismatch(b3.to_string())));
    }

    #[test]
    fn rejects_garbage_strings() {
        assert!(matches!(parse_cid(""), Err(Error::InvalidCid(_))));
        assert!(matches!(parse_cid("Qm!"), Err(Error::InvalidCid(_))));
        assert!(matches!(parse_cid("zzzz"), Err(Error::InvalidCid(_))));
    }
}
