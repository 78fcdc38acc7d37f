//! Integrity from bytes (DESIGN §2): a raw CID matches or definitively fails; a dag-pb
//! CID can only be reproduced — definitively with a named profile, otherwise by trying
//! the profile table, where no match is `unknown`.
use alloc::{boxed::Box, vec::Vec};

use sha2::{Digest, Sha256};

use super::builder::FileImporter;
use super::identifier::{Cid, Codec, HashFunction, check_cid};
use super::params::{ImportParams, Profile};
use crate::Result;
use crate::verdict::{DIGEST_MISMATCH, Integrity, PROFILE_MISMATCH, UNRECOGNISED, Via};

/// What the caller says made the CID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A named profile.
    Profile(Profile),
    /// Explicit importer settings (reported as profile `custom`).
    Custom(ImportParams),
}

impl Expect {
    /// The name reported in a verdict.
    pub fn name(&self) -> &'static str {
        match self {
            Expect::Profile(p) => p.name(),
            Expect::Custom(_) => "custom",
        }
    }

    /// Importer settings, `None` for the `raw` profile.
    pub fn params(&self) -> Option<ImportParams> {
        match self {
            Expect::Profile(p) => p.params(),
            Expect::Custom(params) => Some(*params),
        }
    }
}

/// Profiles that can make a dag-pb CID of this shape, in table order.
pub fn candidate_profiles(cid: &Cid) -> Result<Vec<Profile>> {
    let (codec, function) = check_cid(cid)?;
    Ok(Profile::ALL
        .into_iter()
        .filter(|p| {
            p.params().is_some_and(|params| {
                codec == Codec::DagPb && params.version == cid.version() && params.hash == function
            })
        })
        .collect())
}

/// The name to report for a raw sha2-256 CID that matched a file of `size` bytes: the
/// first profile in table order that makes that CID.
pub fn raw_match_profile(function: HashFunction, size: u64) -> Option<&'static str> {
    match function {
        HashFunction::Sha2_256 if size <= 1024 * 1024 => Some(Profile::UnixfsV1_2025.name()),
        HashFunction::Sha2_256 => Some(Profile::Raw.name()),
        _ => None,
    }
}

/// The verdict when reproducing a dag-pb CID: `matched` is the first candidate that gave
/// it, if any.
pub fn reproduction_verdict(expect: Option<Expect>, matched: Option<&str>) -> Integrity {
    match (matched, expect) {
        (Some(name), _) => Integrity::verified(Via::Bytes, Some(name)),
        (None, Some(expect)) => Integrity::failed(Via::Bytes, PROFILE_MISMATCH, Some(expect.name())),
        (None, None) => Integrity::unknown(Via::Bytes, UNRECOGNISED),
    }
}

enum Whole {
    Sha256(Sha256),
    Blake3(Box<blake3::Hasher>),
    Identity(Vec<u8>),
}

/// Streaming integrity of bytes against a CID: every candidate computed in one pass.
pub struct CidVerifier {
    cid: Cid,
    expect: Option<Expect>,
    whole: Option<Whole>,
    importers: Vec<(&'static str, FileImporter)>,
    size: u64,
}

impl core::fmt::Debug for CidVerifier {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CidVerifier")
            .field("cid", &self.cid)
            .field("expect", &self.expect)
            .field("size", &self.size)
            .finish()
    }
}

impl CidVerifier {
    /// A verifier for `cid`, trying `expect` only when given, else the profile table.
    pub fn new(cid: Cid, expect: Option<Expect>) -> Result<Self> {
        let (codec, function) = check_cid(&cid)?;
        let mut verifier = CidVerifier { cid, expect, whole: None, importers: Vec::new(), size: 0 };
        let named_params = expect.map(|e| e.params());
        match named_params {
            Some(Some(params)) => {
                verifier.importers.push((expect.map_or("custom", |e| e.name()), FileImporter::new(params, false)?))
            }
            Some(None) => verifier.whole = Some(Whole::Sha256(Sha256::new())),
            None if codec == Codec::Raw => {
                verifier.whole = Some(match function {
                    HashFunction::Sha2_256 => Whole::Sha256(Sha256::new()),
                    HashFunction::Blake3 => Whole::Blake3(Box::new(blake3::Hasher::new())),
                    HashFunction::Identity => Whole::Identity(Vec::new()),
                });
            }
            None => {
                for profile in candidate_profiles(&cid)? {
                    if let Some(params) = profile.params() {
                        verifier.importers.push((profile.name(), FileImporter::new(params, false)?));
                    }
                }
            }
        }
        Ok(verifier)
    }

    /// Feeds the next bytes.
    pub fn update(&mut self, bytes: &[u8]) -> Result<()> {
        self.size += bytes.len() as u64;
        match &mut self.whole {
            Some(Whole::Sha256(h)) => h.update(bytes),
            Some(Whole::Blake3(h)) => {
                h.update(bytes);
            }
            // Anything past the 128-byte limit cannot match; keep one byte more to tell.
            Some(Whole::Identity(buf)) if buf.len() <= super::identifier::MAX_IDENTITY_DIGEST => {
                buf.extend_from_slice(&bytes[..bytes.len().min(super::identifier::MAX_IDENTITY_DIGEST + 1)]);
            }
            Some(Whole::Identity(_)) => {}
            None => {}
        }
        for (_, importer) in &mut self.importers {
            importer.update(bytes)?;
        }
        Ok(())
    }

    /// The integrity verdict.
    pub fn finish(self) -> Result<Integrity> {
        let digest = self.cid.hash().digest();
        if let Some(whole) = self.whole {
            let same = match whole {
                Whole::Sha256(h) => {
                    let is_raw_sha =
                        Codec::of(&self.cid)? == Codec::Raw && self.cid.hash().code() == HashFunction::Sha2_256.code();
                    is_raw_sha && h.finalize().as_slice() == digest
                }
                Whole::Blake3(h) => h.finalize().as_bytes() == digest,
                Whole::Identity(buf) => buf.as_slice() == digest,
            };
            let (_, function) = check_cid(&self.cid)?;
            return Ok(match (same, self.expect) {
                (true, Some(e)) => Integrity::verified(Via::Bytes, Some(e.name())),
                (true, None) => Integrity::verified(Via::Bytes, raw_match_profile(function, self.size)),
                (false, Some(e)) => Integrity::failed(Via::Bytes, PROFILE_MISMATCH, Some(e.name())),
                (false, None) => Integrity::failed(Via::Bytes, DIGEST_MISMATCH, None),
            });
        }
        let mut matched = None;
        for (name, importer) in self.importers {
            let root = importer.finish()?.root;
            if matched.is_none() && root == self.cid {
                matched = Some(name);
            }
        }
        Ok(reproduction_verdict(self.expect, matched))
    }
}

/// Integrity of in-memory bytes against a CID.
pub fn verify_bytes(cid: &Cid, bytes: &[u8], expect: Option<Expect>) -> Result<Integrity> {
    let mut verifier = CidVerifier::new(*cid, expect)?;
    verifier.update(bytes)?;
    verifier.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cid::builder::cid_of;
    use crate::cid::identifier::parse_cid;
    use crate::verdict::Status;

    fn data(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 31 % 251) as u8).collect()
    }

    #[test]
    fn v0_hello_world_verifies_as_kubo_default() {
        let cid = parse_cid("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD").unwrap();
        let verdict = verify_bytes(&cid, b"hello world", None).unwrap();
        assert_eq!(verdict, Integrity::verified(Via::Bytes, Some("unixfs-v0-2015")));
        let tampered = verify_bytes(&cid, b"hello world!", None).unwrap();
        assert_eq!(tampered, Integrity::unknown(Via::Bytes, UNRECOGNISED));
        let named = verify_bytes(&cid, b"hello world!", Some(Expect::Profile(Profile::UnixfsV0_2015))).unwrap();
        assert_eq!(named.status, Status::Failed);
        assert_eq!(named.reason.as_deref(), Some(PROFILE_MISMATCH));
    }

    #[test]
    fn small_raw_cid_reports_the_first_profile_in_table_order() {
        let bytes = data(1000);
        let cid = cid_of(Profile::UnixfsV1_2025.params().unwrap(), &bytes).unwrap();
        assert_eq!(cid.codec(), Codec::Raw.code());
        assert_eq!(verify_bytes(&cid, &bytes, None).unwrap().profile.as_deref(), Some("unixfs-v1-2025"));
        let bad = verify_bytes(&cid, &bytes[1..], None).unwrap();
        assert_eq!(bad, Integrity::failed(Via::Bytes, DIGEST_MISMATCH, None));
    }

    #[test]
    fn each_profile_is_detected_on_a_multi_chunk_file() {
        let bytes = data(2 * 1024 * 1024 + 17);
        for profile in [Profile::UnixfsV1_2025, Profile::UnixfsV0_2015, Profile::KuboCidv1, Profile::KuboCidv1_1Mib] {
            let cid = cid_of(profile.params().unwrap(), &bytes).unwrap();
            let verdict = verify_bytes(&cid, &bytes, None).unwrap();
            // Below 175 chunks the 1 MiB profiles make the same DAG; the table's first wins.
            let first = Profile::ALL
                .into_iter()
                .find(|p| p.params().is_some_and(|q| cid_of(q, &bytes).unwrap() == cid))
                .unwrap();
            assert_eq!(verdict.profile.as_deref(), Some(first.name()));
            assert_eq!(verdict.status, Status::Verified);
        }
        let raw = crate::cid::builder::raw_cid_of(HashFunction::Sha2_256, &bytes).unwrap();
        assert_eq!(verify_bytes(&raw, &bytes, None).unwrap().profile.as_deref(), Some("raw"));
    }
}
