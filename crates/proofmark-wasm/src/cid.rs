//! CIDs of bytes (`cidOf`), content keys (`contentKey`) and integrity of bytes against a
//! CID (`verifyBytes`, `CidVerifier`), each streaming: bytes may be pushed in any slicing.
use alloc::boxed::Box;
use alloc::string::String;
use proofmark_core::Error;
use proofmark_core::cid::integrity::CidVerifier as CoreCidVerifier;
use proofmark_core::cid::{
    Cid, Codec, FileImporter, HashFunction, Profile, Resolved, TreeBuilder, Version, cid_to_string, parse_cid,
};
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;

use crate::error::{IntoJs, JsResult, invalid_argument};
use crate::hex::hex0x;
use crate::object::{Options, ResultObject, number};

/// Importer settings as JS passes them: a profile name, optionally changed by explicit
/// settings (the flags of `proofmark cid`, with the same meaning).
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// `unixfs-v1-2025` (default), `unixfs-v0-2015`, `kubo-cidv1`, `kubo-cidv1-1mib`, `raw`.
    pub profile: Option<String>,
    /// Bytes per leaf.
    pub chunk_size: Option<usize>,
    /// Most links per inner node.
    pub max_links: Option<usize>,
    /// Raw leaves (true) or UnixFS dag-pb leaves (false).
    pub raw_leaves: Option<bool>,
    /// CID version of dag-pb nodes (0 or 1); picks the leaf kind unless `rawLeaves` is set.
    pub cid_version: Option<u8>,
    /// `sha2-256` (default) or `blake3`.
    pub hash: Option<String>,
}

impl ImportOptions {
    /// The option names JS may pass.
    pub const KEYS: &'static [&'static str] = &["profile", "chunkSize", "maxLinks", "rawLeaves", "cidVersion", "hash"];

    /// Reads `{profile, chunkSize, maxLinks, rawLeaves, cidVersion, hash}` from JS.
    pub fn from_js(value: &JsValue) -> JsResult<ImportOptions> {
        let options = Options::read(value, Self::KEYS)?;
        let size = |key| -> JsResult<Option<usize>> {
            Ok(options.integer(key, u32::MAX.into())?.and_then(|n| usize::try_from(n).ok()))
        };
        Ok(ImportOptions {
            profile: options.string("profile")?,
            chunk_size: size("chunkSize")?,
            max_links: size("maxLinks")?,
            raw_leaves: options.boolean("rawLeaves")?,
            cid_version: options.integer("cidVersion", u8::MAX.into())?.and_then(|v| u8::try_from(v).ok()),
            hash: options.string("hash")?,
        })
    }

    fn has_overrides(&self) -> bool {
        self.chunk_size.is_some()
            || self.max_links.is_some()
            || self.raw_leaves.is_some()
            || self.cid_version.is_some()
            || self.hash.is_some()
    }

    /// Whether any option is given at all.
    pub fn is_empty(&self) -> bool {
        self.profile.is_none() && !self.has_overrides()
    }

    /// Resolves the profile and settings exactly as `proofmark cid` resolves its flags.
    pub fn resolve(&self) -> proofmark_core::Result<Resolved> {
        let profile = Profile::from_name(self.profile.as_deref().unwrap_or("unixfs-v1-2025"))?;
        let hash = match &self.hash {
            Some(name) => HashFunction::from_name(name)
                .filter(|h| *h != HashFunction::Identity)
                .ok_or(Error::InvalidParams("unknown hash (sha2-256 or blake3)"))?,
            None => HashFunction::Sha2_256,
        };
        if !self.has_overrides() {
            return Ok(Resolved::Profile(profile));
        }
        let Some(mut params) = profile.params() else {
            if self.chunk_size.is_some()
                || self.max_links.is_some()
                || self.raw_leaves.is_some()
                || self.cid_version == Some(0)
            {
                return Err(Error::InvalidParams("the raw profile takes no importer settings besides hash"));
            }
            return Ok(Resolved::Whole(hash));
        };
        if let Some(n) = self.chunk_size {
            params.chunk_size = n;
        }
        if let Some(n) = self.max_links {
            params.max_links = n;
        }
        if let Some(v) = self.cid_version {
            params.version = match v {
                0 => Version::V0,
                1 => Version::V1,
                _ => return Err(Error::InvalidParams("cidVersion must be 0 or 1")),
            };
            // As with `ipfs add --cid-version`: the version picks the leaf kind unless
            // rawLeaves says otherwise.
            params.raw_leaves = v == 1;
        }
        if let Some(raw) = self.raw_leaves {
            params.raw_leaves = raw;
        }
        if self.hash.is_some() {
            params.hash = hash;
        }
        params.validate()?;
        Ok(Resolved::Custom(params))
    }
}

/// A whole-content hasher (the `raw` profile, or a raw block under another hash).
enum Whole {
    Sha256(Sha256),
    Blake3(Box<blake3::Hasher>),
}

enum Engine {
    Import(Box<FileImporter>),
    Whole(Whole, HashFunction),
}

/// Streams content into its CID: `update` with the bytes in any slicing, then `finish`.
#[wasm_bindgen]
pub struct CidBuilder {
    engine: Option<Engine>,
    resolved: Resolved,
    size: u64,
}

#[wasm_bindgen]
impl CidBuilder {
    /// A builder for import options `{profile, chunkSize, maxLinks, rawLeaves, cidVersion, hash}`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> JsResult<CidBuilder> {
        let options: ImportOptions = ImportOptions::from_js(&options)?;
        let resolved = options.resolve().js()?;
        let engine = match resolved.params() {
            Some(params) => Engine::Import(Box::new(FileImporter::new(params, false).js()?)),
            None => {
                let hash = resolved.whole_hash();
                let whole = match hash {
                    HashFunction::Blake3 => Whole::Blake3(Box::new(blake3::Hasher::new())),
                    _ => Whole::Sha256(Sha256::new()),
                };
                Engine::Whole(whole, hash)
            }
        };
        Ok(CidBuilder { engine: Some(engine), resolved, size: 0 })
    }

    /// Feeds the next bytes.
    pub fn update(&mut self, bytes: &[u8]) -> JsResult<()> {
        match self.engine.as_mut() {
            Some(Engine::Import(importer)) => importer.update(bytes).js()?,
            Some(Engine::Whole(Whole::Sha256(h), _)) => h.update(bytes),
            Some(Engine::Whole(Whole::Blake3(h), _)) => {
                h.update(bytes);
            }
            None => return Err(invalid_argument("the builder is finished")),
        }
        self.size += bytes.len() as u64;
        Ok(())
    }

    /// Ends the content: `{cid, profile, params, size}` as `proofmark cid --json` prints it.
    pub fn finish(&mut self) -> JsResult<JsValue> {
        let cid = match self.engine.take() {
            Some(Engine::Import(importer)) => importer.finish().js()?.root,
            Some(Engine::Whole(whole, function)) => {
                let digest = match whole {
                    Whole::Sha256(h) => h.finalize().to_vec(),
                    Whole::Blake3(h) => h.finalize().as_bytes().to_vec(),
                };
                let hash = proofmark_core::cid::identifier::wrap(function, &digest).js()?;
                Cid::new_v1(Codec::Raw.code(), hash)
            }
            None => return Err(invalid_argument("the builder is finished")),
        };
        cid_info(&self.resolved, &cid, self.size)
    }
}

/// `{cid, profile, params, size}` as `proofmark cid --json` prints it.
fn cid_info(resolved: &Resolved, cid: &Cid, size: u64) -> JsResult<JsValue> {
    let params = resolved.params().map(|p| {
        ResultObject::new()
            .set("chunkSize", number(p.chunk_size as u64))
            .set("maxLinks", number(p.max_links as u64))
            .set("rawLeaves", p.raw_leaves)
            .set("cidVersion", if p.version == Version::V0 { 0u8 } else { 1u8 })
            .set("hash", p.hash.name())
            .build()
    });
    Ok(ResultObject::new()
        .set("cid", cid_to_string(cid))
        .set("profile", resolved.name())
        .set_or_null("params", params)
        .set("size", number(size))
        .build())
}

/// Builds a file's DAG from leaf digests the host computed (DESIGN §2: leaf hashing is
/// pluggable). Only for raw SHA-256 leaves, where a leaf block is its chunk, so the host
/// hashes chunks in place with node:crypto or WebCrypto, which beat the in-wasm SHA-256.
#[wasm_bindgen]
pub struct LeafDigestBuilder {
    tree: Option<TreeBuilder>,
    resolved: Resolved,
}

#[wasm_bindgen]
impl LeafDigestBuilder {
    /// A builder for import options (see [`CidBuilder::new`]), or `undefined` when these
    /// settings do not have raw SHA-256 leaves (the caller then uses [`CidBuilder`]).
    #[wasm_bindgen(js_name = forOptions)]
    pub fn for_options(options: JsValue) -> JsResult<Option<LeafDigestBuilder>> {
        let options: ImportOptions = ImportOptions::from_js(&options)?;
        let resolved = options.resolve().js()?;
        match resolved.params() {
            Some(params) if params.raw_leaves && params.hash == HashFunction::Sha2_256 => {
                Ok(Some(LeafDigestBuilder { tree: Some(TreeBuilder::new(params, false).js()?), resolved }))
            }
            _ => Ok(None),
        }
    }

    /// Bytes per leaf: the host cuts the content into chunks of exactly this many bytes
    /// (the last one shorter; an empty content is one empty chunk).
    #[wasm_bindgen(getter, js_name = chunkSize)]
    pub fn chunk_size(&self) -> usize {
        self.resolved.params().map_or(0, |p| p.chunk_size)
    }

    /// Adds the next leaf: the SHA-256 `digest` of a chunk of `length` bytes.
    #[wasm_bindgen(js_name = pushLeaf)]
    pub fn push_leaf(&mut self, digest: &[u8], length: u32) -> JsResult<()> {
        let tree = self.tree.as_mut().ok_or_else(|| invalid_argument("the builder is finished"))?;
        if digest.len() != 32 || length as usize > tree.params().chunk_size {
            return Err(invalid_argument("a leaf is a 32-byte SHA-256 digest of at most chunkSize bytes"));
        }
        tree.push_leaf(digest, u64::from(length), u64::from(length)).js()
    }

    /// Ends the content: `{cid, profile, params, size}`, as [`CidBuilder::finish`] gives it.
    pub fn finish(&mut self) -> JsResult<JsValue> {
        let tree = self.tree.take().ok_or_else(|| invalid_argument("the builder is finished"))?;
        let dag = tree.finish().js()?;
        cid_info(&self.resolved, &dag.root, dag.size)
    }
}

/// The CID of `bytes` under import options (see [`CidBuilder::new`]).
#[wasm_bindgen(js_name = cidOf)]
pub fn cid_of(bytes: &[u8], options: JsValue) -> JsResult<String> {
    let options: ImportOptions = ImportOptions::from_js(&options)?;
    let resolved = options.resolve().js()?;
    let cid = match resolved.params() {
        Some(params) => proofmark_core::cid::cid_of(params, bytes).js()?,
        None => proofmark_core::cid::raw_cid_of(resolved.whole_hash(), bytes).js()?,
    };
    Ok(cid_to_string(&cid))
}

/// Streams content into its content key, `0x` + SHA-256 (DESIGN §5).
#[wasm_bindgen]
#[derive(Default)]
pub struct KeyHasher {
    hasher: Sha256,
}

#[wasm_bindgen]
impl KeyHasher {
    /// A fresh hasher.
    #[wasm_bindgen(constructor)]
    pub fn new() -> KeyHasher {
        KeyHasher::default()
    }

    /// Feeds the next bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
    }

    /// The key so far, `0x` + 64 hex digits (the hasher can go on).
    pub fn finish(&self) -> String {
        hex0x(&self.hasher.clone().finalize())
    }
}

/// The content key of `bytes`: `0x` + SHA-256.
#[wasm_bindgen(js_name = contentKey)]
pub fn content_key(bytes: &[u8]) -> String {
    hex0x(&Sha256::digest(bytes))
}

/// Streams bytes against a CID: the integrity part of the verdict (DESIGN §6), as
/// `proofmark verify --json` gives it.
#[wasm_bindgen]
pub struct CidVerifier {
    inner: Option<CoreCidVerifier>,
}

#[wasm_bindgen]
impl CidVerifier {
    /// A verifier for `cid`; options name the profile or settings that made it (a
    /// mismatch is then definitive), none tries the profile table.
    #[wasm_bindgen(constructor)]
    pub fn new(cid: &str, options: JsValue) -> JsResult<CidVerifier> {
        let cid = parse_cid(cid).js()?;
        let options: ImportOptions = ImportOptions::from_js(&options)?;
        let expect = if options.is_empty() { None } else { Some(options.resolve().js()?.to_expect().js()?) };
        Ok(CidVerifier { inner: Some(CoreCidVerifier::new(cid, expect).js()?) })
    }

    /// Feeds the next bytes.
    pub fn update(&mut self, bytes: &[u8]) -> JsResult<()> {
        match self.inner.as_mut() {
            Some(inner) => inner.update(bytes).js(),
            None => Err(invalid_argument("the verifier is finished")),
        }
    }

    /// The integrity verdict `{status, reason?, profile?, via: "bytes"}`.
    pub fn finish(&mut self) -> JsResult<JsValue> {
        match self.inner.take() {
            Some(inner) => Ok(crate::object::integrity(&inner.finish().js()?)),
            None => Err(invalid_argument("the verifier is finished")),
        }
    }
}

/// Integrity of `bytes` against `cid` in one call (see [`CidVerifier::new`]).
#[wasm_bindgen(js_name = verifyBytes)]
pub fn verify_bytes(cid: &str, bytes: &[u8], options: JsValue) -> JsResult<JsValue> {
    let mut verifier = CidVerifier::new(cid, options)?;
    verifier.update(bytes)?;
    verifier.finish()
}

/// Parses a CID in any accepted form and gives its canonical string (v0 stays v0).
#[wasm_bindgen(js_name = parseCid)]
pub fn parse(cid: &str) -> JsResult<String> {
    let cid = parse_cid(cid).js()?;
    proofmark_core::cid::check_cid(&cid).js()?;
    Ok(cid_to_string(&cid))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proofmark_core::cid::ImportParams;

    fn opts(profile: Option<&str>) -> ImportOptions {
        ImportOptions { profile: profile.map(String::from), ..ImportOptions::default() }
    }

    #[test]
    fn options_resolve_like_the_cli_flags() -> proofmark_core::Result<()> {
        assert_eq!(opts(None).resolve()?, Resolved::Profile(Profile::UnixfsV1_2025));
        assert_eq!(opts(Some("raw")).resolve()?.name(), "raw");
        let v0 = ImportOptions { cid_version: Some(0), chunk_size: Some(1024), ..ImportOptions::default() };
        // unixfs-v1-2025's settings, with v0's dag-pb leaves and the chunk size given.
        let expected = ImportParams {
            chunk_size: 1024,
            max_links: 1024,
            raw_leaves: false,
            version: Version::V0,
            hash: HashFunction::Sha2_256,
        };
        assert_eq!(v0.resolve()?, Resolved::Custom(expected));
        let raw_bad = ImportOptions { chunk_size: Some(5), ..opts(Some("raw")) };
        assert!(matches!(raw_bad.resolve(), Err(Error::InvalidParams(_))));
        let blake = ImportOptions { hash: Some(String::from("blake3")), ..opts(Some("raw")) };
        assert_eq!(blake.resolve()?, Resolved::Whole(HashFunction::Blake3));
        assert!(matches!(opts(Some("nope")).resolve(), Err(Error::UnknownProfile(_))));
        Ok(())
    }

    #[test]
    fn hex_is_lowercase_and_prefixed() {
        assert_eq!(hex0x(&[0x00, 0xab, 0x1f]), "0x00ab1f");
    }
}
