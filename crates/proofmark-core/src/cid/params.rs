//! Importer settings and the named profiles (IPIP-499 names plus common variants).
use super::identifier::{HashFunction, Version};
use super::limits::{MAX_BLOCK_SIZE, MAX_LINKS};
use crate::{Error, Result};

/// Settings of the fixed-size, balanced-layout file importer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportParams {
    /// Bytes per leaf.
    pub chunk_size: usize,
    /// Most links per inner node.
    pub max_links: usize,
    /// Leaves as `raw` blocks (true) or UnixFS dag-pb leaves (false).
    pub raw_leaves: bool,
    /// CID version of dag-pb nodes (raw leaves are always v1).
    pub version: Version,
    /// Multihash function of every block.
    pub hash: HashFunction,
}

/// Room a dag-pb leaf needs around its chunk (protobuf and UnixFS framing).
const LEAF_FRAMING: usize = 32;

impl ImportParams {
    /// Checks the settings: chunk 1 B..=2 MiB (less leaf framing), 2..=1024 links,
    /// CIDv0 only with sha2-256, identity never.
    pub fn validate(&self) -> Result<()> {
        let max_chunk = MAX_BLOCK_SIZE as usize - if self.raw_leaves { 0 } else { LEAF_FRAMING };
        if self.chunk_size == 0 || self.chunk_size > max_chunk {
            return Err(Error::InvalidParams("chunk size must be between 1 byte and the 2 MiB block limit"));
        }
        if self.max_links < 2 || self.max_links > MAX_LINKS {
            return Err(Error::InvalidParams("max links must be between 2 and 1024"));
        }
        if self.version == Version::V0 && self.hash != HashFunction::Sha2_256 {
            return Err(Error::InvalidParams("CIDv0 requires sha2-256"));
        }
        if self.hash == HashFunction::Identity {
            return Err(Error::InvalidParams("the importer does not make identity CIDs"));
        }
        Ok(())
    }
}

/// The named ways of turning a file into a CID, in detection order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    /// `unixfs-v1-2025`: CIDv1, 1 MiB chunks, 1024 links, raw leaves.
    UnixfsV1_2025,
    /// `unixfs-v0-2015` (kubo's default): CIDv0, 256 KiB chunks, 174 links, dag-pb leaves.
    UnixfsV0_2015,
    /// `kubo-cidv1` (`ipfs add --cid-version=1`): CIDv1, 256 KiB, 174 links, raw leaves.
    KuboCidv1,
    /// `kubo-cidv1-1mib` (kubo's `test-cid-v1`): CIDv1, 1 MiB, 174 links, raw leaves.
    KuboCidv1_1Mib,
    /// `raw`: one raw block, the SHA-256 of the whole file.
    Raw,
}

const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;

impl Profile {
    /// Every profile in detection order.
    pub const ALL: [Profile; 5] =
        [Profile::UnixfsV1_2025, Profile::UnixfsV0_2015, Profile::KuboCidv1, Profile::KuboCidv1_1Mib, Profile::Raw];

    /// The profile's name.
    pub const fn name(self) -> &'static str {
        match self {
            Profile::UnixfsV1_2025 => "unixfs-v1-2025",
            Profile::UnixfsV0_2015 => "unixfs-v0-2015",
            Profile::KuboCidv1 => "kubo-cidv1",
            Profile::KuboCidv1_1Mib => "kubo-cidv1-1mib",
            Profile::Raw => "raw",
        }
    }

    /// Looks a profile up by name.
    pub fn from_name(name: &str) -> Result<Self> {
        Profile::ALL
            .into_iter()
            .find(|p| p.name() == name)
            .ok_or_else(|| Error::UnknownProfile(alloc::string::String::from(name)))
    }

    /// Importer settings, or `None` for `raw` (the whole file is one block).
    pub const fn params(self) -> Option<ImportParams> {
        let (chunk_size, max_links, raw_leaves, version) = match self {
            Profile::UnixfsV1_2025 => (MIB, 1024, true, Version::V1),
            Profile::UnixfsV0_2015 => (256 * KIB, 174, false, Version::V0),
            Profile::KuboCidv1 => (256 * KIB, 174, true, Version::V1),
            Profile::KuboCidv1_1Mib => (MIB, 174, true, Version::V1),
            Profile::Raw => return None,
        };
        Some(ImportParams { chunk_size, max_links, raw_leaves, version, hash: HashFunction::Sha2_256 })
    }
}

impl Default for ImportParams {
    fn default() -> Self {
        // The `unixfs-v1-2025` settings.
        ImportParams {
            chunk_size: MIB,
            max_links: 1024,
            raw_leaves: true,
            version: Version::V1,
            hash: HashFunction::Sha2_256,
        }
    }
}

/// Import settings resolved from a profile name and caller overrides: what the CLI's flags
/// and the SDK's options both come down to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// A named profile, untouched.
    Profile(Profile),
    /// One raw block over the whole content, under this hash.
    Whole(HashFunction),
    /// Importer settings (a profile changed by overrides, or overrides alone).
    Custom(ImportParams),
}

impl Resolved {
    /// The name reported for these settings (`custom` for changed settings).
    pub fn name(&self) -> &'static str {
        match self {
            Resolved::Profile(p) => p.name(),
            Resolved::Whole(HashFunction::Sha2_256) => "raw",
            Resolved::Whole(_) | Resolved::Custom(_) => "custom",
        }
    }

    /// Importer settings, `None` for one raw block over the whole content.
    pub fn params(&self) -> Option<ImportParams> {
        match self {
            Resolved::Profile(p) => p.params(),
            Resolved::Whole(_) => None,
            Resolved::Custom(params) => Some(*params),
        }
    }

    /// The hash of a whole-content raw block (sha2-256 unless chosen otherwise).
    pub fn whole_hash(&self) -> HashFunction {
        match self {
            Resolved::Whole(h) => *h,
            _ => HashFunction::Sha2_256,
        }
    }

    /// What a verifier should expect, or an error for settings it cannot name.
    pub fn to_expect(&self) -> Result<super::integrity::Expect> {
        use super::integrity::Expect;
        match self {
            Resolved::Profile(p) => Ok(Expect::Profile(*p)),
            Resolved::Custom(params) => Ok(Expect::Custom(*params)),
            Resolved::Whole(HashFunction::Sha2_256) => Ok(Expect::Profile(Profile::Raw)),
            Resolved::Whole(_) => Err(Error::InvalidParams("a whole-content blake3 CID is checked without a profile")),
        }
    }
}
