//! CAR verification as bytes stream in (`verifyCar`, `carToVerifiedStream`): every block
//! against its CID, the DAG under the trusted root walked under a selector, the file bytes
//! handed out in order. The verdict is `proofmark car verify --json`'s.
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::Uint8Array;
use proofmark_core::Error;
use proofmark_core::cid::limits::Caps;
use proofmark_core::cid::{ByteRange, CarSummary, CarVerifier as CoreCarVerifier, DagScope, Selector, TargetKind};
use proofmark_core::cid::{Cid, cid_to_string, parse_cid};
use proofmark_core::verdict::{BLOCK_MISMATCH, Integrity, MISSING_BLOCK, Via};
use wasm_bindgen::prelude::*;

use crate::error::{IntoJs, JsResult, core_error, invalid_argument};
use crate::object::{Options, ResultObject, number};

/// What to read from the CAR.
#[derive(Debug, Clone, Default)]
pub struct CarOptions {
    /// A path below the root (directories, HAMT shards).
    pub path: Option<String>,
    /// `from:to` (inclusive, `*` = the end, negative = from the end).
    pub entity_bytes: Option<String>,
    /// `all` (default), `entity` or `block`.
    pub dag_scope: Option<String>,
    /// Most content bytes to produce.
    pub max_bytes: Option<u64>,
    /// Most blocks to read.
    pub max_blocks: Option<u64>,
    /// Bytes kept for blocks that arrive before they are needed (default 8 MiB).
    pub reorder_buffer: Option<usize>,
}

impl CarOptions {
    /// The option names JS may pass.
    pub const KEYS: &'static [&'static str] =
        &["path", "entityBytes", "dagScope", "maxBytes", "maxBlocks", "reorderBuffer"];

    /// Reads `{path, entityBytes, dagScope, maxBytes, maxBlocks, reorderBuffer}` from JS.
    pub fn from_js(value: &JsValue) -> JsResult<CarOptions> {
        let options = Options::read(value, Self::KEYS)?;
        Ok(CarOptions {
            path: options.string("path")?,
            entity_bytes: options.string("entityBytes")?,
            dag_scope: options.string("dagScope")?,
            max_bytes: options.integer("maxBytes", u64::MAX)?,
            max_blocks: options.integer("maxBlocks", u64::MAX)?,
            reorder_buffer: options.integer("reorderBuffer", u32::MAX.into())?.and_then(|n| usize::try_from(n).ok()),
        })
    }
}

/// The integrity of a CAR whose verification stopped on `error`, when the error is a
/// verdict (as the CLI maps it); `None` for malformed input.
fn verdict_of(error: &Error) -> Option<Integrity> {
    match error {
        Error::MissingBlock(_) => Some(Integrity::unknown(Via::Car, MISSING_BLOCK)),
        Error::BlockMismatch(_) => Some(Integrity::failed(Via::Car, BLOCK_MISMATCH, None)),
        Error::UnixFsSizeMismatch(_) => Some(Integrity::failed(Via::Car, "unixfs-size-mismatch", None)),
        _ => None,
    }
}

/// Streaming CAR verification: `push` CAR bytes (any slicing) and get the verified file
/// bytes they complete; `finish` at the end; `verdict` for the outcome. Memory: one
/// section, one node per level, and the reorder buffer.
#[wasm_bindgen]
pub struct CarVerifier {
    root: Cid,
    inner: Option<CoreCarVerifier>,
    outcome: Option<Result<CarSummary, Error>>,
    /// `None` until the target's block is verified; then its verified file size, or
    /// `Some(None)` when it has none (not a file, or a dag-pb file under `dagScope: block`).
    declared: Option<Option<u64>>,
}

#[wasm_bindgen]
impl CarVerifier {
    /// A verifier of the DAG under `cid` (the CID the caller trusts, never the header's
    /// roots), with options `{path, entityBytes, dagScope, maxBytes, maxBlocks, reorderBuffer}`.
    #[wasm_bindgen(constructor)]
    pub fn new(cid: &str, options: JsValue) -> JsResult<CarVerifier> {
        let root = parse_cid(cid).js()?;
        let options: CarOptions = CarOptions::from_js(&options)?;
        let mut selector = Selector::path(options.path.as_deref().unwrap_or(""));
        selector.range = options.entity_bytes.as_deref().map(ByteRange::parse).transpose().js()?;
        if let Some(scope) = options.dag_scope.as_deref() {
            selector.scope = DagScope::parse(scope).js()?;
        }
        let caps = Caps { max_bytes: options.max_bytes, max_blocks: options.max_blocks };
        let mut inner = CoreCarVerifier::new(root, selector, caps);
        if let Some(bytes) = options.reorder_buffer {
            inner = inner.with_reorder_buffer(bytes);
        }
        Ok(CarVerifier { root, inner: Some(inner), outcome: None, declared: None })
    }

    /// The target file's size, verified before any of its bytes is handed out: a raw
    /// block's length, or a UnixFS file's `filesize` once found equal to its inline data
    /// plus its `blocksizes` (the leaves are then held to those sizes, so a verified
    /// stream ends with exactly this many bytes or throws). `undefined` until the block at
    /// the end of the path is verified; `null` when the target has no such size (a
    /// directory, a symlink, a dag-pb file under `dagScope: "block"`). Stays set after
    /// `finish` or an error.
    #[wasm_bindgen(getter, js_name = declaredSize)]
    pub fn declared_size(&self) -> JsValue {
        match self.declared {
            None => JsValue::UNDEFINED,
            Some(None) => JsValue::NULL,
            // File sizes stay far below 2^53 (the caps bound what is read).
            Some(Some(size)) => JsValue::from_f64(size as f64),
        }
    }

    /// Records the target's size once the walk has verified it, or that it has none once
    /// the walk (`ok`: without an error) has passed the target's block.
    fn observe(&mut self, ok: bool) {
        if self.declared.is_some() {
            return;
        }
        let Some(inner) = &self.inner else { return };
        if let Some(size) = inner.declared_size() {
            self.declared = Some(Some(size));
        } else if ok && inner.target().is_some() {
            self.declared = Some(None);
        }
    }

    fn stopped(&self) -> JsValue {
        match &self.outcome {
            Some(Err(error)) => core_error(error),
            _ => invalid_argument("the CAR verifier is finished"),
        }
    }

    /// Feeds CAR bytes; returns the verified file bytes they complete (maybe none).
    /// Throws on the first bad block, missing block at the end, or malformed input; the
    /// verifier then stays stopped on that error.
    pub fn push(&mut self, bytes: &[u8]) -> JsResult<Uint8Array> {
        self.step(|inner, emit| inner.push(bytes, emit))
    }

    /// Lets the host hash sha2-256 blocks (call before the first `push`): after each
    /// `push` or `supplySha256`, while `awaitingSha256()` returns a block, give its
    /// SHA-256 to `supplySha256` (the verifier reads no further until then). The digest is
    /// checked against the block's CID in wasm; blake3 and identity blocks hash in wasm.
    #[wasm_bindgen(js_name = hostSha256)]
    pub fn host_sha256(&mut self) -> JsResult<()> {
        let inner = self.inner.take().ok_or_else(|| self.stopped())?;
        self.inner = Some(inner.with_host_sha256());
        Ok(())
    }

    /// A copy of the block whose SHA-256 the verifier waits for, or `undefined`.
    #[wasm_bindgen(js_name = awaitingSha256)]
    pub fn awaiting_sha256(&self) -> Option<Uint8Array> {
        self.inner.as_ref()?.awaiting_sha256().map(Uint8Array::from)
    }

    /// The length of the block whose SHA-256 the verifier waits for, or `undefined` when
    /// none waits; the block is copied to the start of `target` when it fits (otherwise
    /// nothing is copied: call again with a buffer that long). A streaming host reuses one
    /// buffer instead of allocating a copy per block.
    #[wasm_bindgen(js_name = awaitingSha256Into)]
    pub fn awaiting_sha256_into(&self, target: &Uint8Array) -> Option<u32> {
        let block = self.inner.as_ref()?.awaiting_sha256()?;
        // Sections are bounded far below 4 GiB (section-too-large), so this never saturates.
        let length = u32::try_from(block.len()).unwrap_or(u32::MAX);
        if target.length() >= length {
            target.subarray(0, length).copy_from(block);
        }
        Some(length)
    }

    /// Gives the SHA-256 (32 bytes) of the block `awaitingSha256()` returned and reads on;
    /// returns the verified file bytes that completes. Throws like `push` (a digest that is
    /// not the CID's is `block-mismatch`), or when no block awaits a digest.
    #[wasm_bindgen(js_name = supplySha256)]
    pub fn supply_sha256(&mut self, digest: &[u8]) -> JsResult<Uint8Array> {
        let digest: [u8; 32] = digest.try_into().map_err(|_| invalid_argument("a SHA-256 digest is 32 bytes"))?;
        let mut accepted = true;
        let out = self.step(|inner, emit| {
            accepted = inner.supply_sha256(digest, emit)?;
            Ok(())
        })?;
        if accepted { Ok(out) } else { Err(invalid_argument("no block awaits a SHA-256 digest")) }
    }

    /// Runs `feed` on the verifier, collecting the file bytes it emits; an error stops the
    /// verifier on it.
    fn step(
        &mut self,
        feed: impl FnOnce(&mut CoreCarVerifier, &mut dyn FnMut(&[u8]) -> Result<(), Error>) -> Result<(), Error>,
    ) -> JsResult<Uint8Array> {
        let Some(inner) = self.inner.as_mut() else {
            return Err(self.stopped());
        };
        let mut out = Vec::new();
        let fed = feed(inner, &mut |chunk: &[u8]| -> Result<(), Error> {
            out.try_reserve(chunk.len()).map_err(|_| Error::CapExceeded { what: "bytes", limit: out.len() as u64 })?;
            out.extend_from_slice(chunk);
            Ok(())
        });
        self.observe(fed.is_ok());
        match fed {
            Ok(()) => Ok(Uint8Array::from(out.as_slice())),
            Err(error) => {
                self.inner = None;
                let js = core_error(&error);
                self.outcome = Some(Err(error));
                Err(js)
            }
        }
    }

    /// Ends the input; returns the last verified bytes. Throws like `push` (a block the
    /// walk still needs is `missing-block`).
    pub fn finish(&mut self) -> JsResult<Uint8Array> {
        let Some(inner) = self.inner.take() else {
            return Err(self.stopped());
        };
        let mut out = Vec::new();
        let finished = inner.finish(|chunk: &[u8]| -> Result<(), Error> {
            out.try_reserve(chunk.len()).map_err(|_| Error::CapExceeded { what: "bytes", limit: out.len() as u64 })?;
            out.extend_from_slice(chunk);
            Ok(())
        });
        match finished {
            Ok(summary) => {
                if self.declared.is_none() && summary.target.is_some() {
                    self.declared = Some(summary.declared_size);
                }
                self.outcome = Some(Ok(summary));
                Ok(Uint8Array::from(out.as_slice()))
            }
            Err(error) => {
                let js = core_error(&error);
                self.outcome = Some(Err(error));
                Err(js)
            }
        }
    }

    /// The verdict `{cid, integrity, target, blocks, bytes}` once finished or stopped by a
    /// verdict-bearing error (`block-mismatch`, `unixfs-size-mismatch`: failed;
    /// `missing-block`: unknown). Throws the error of malformed input.
    pub fn verdict(&self) -> JsResult<JsValue> {
        let (integrity, summary) = match &self.outcome {
            Some(Ok(summary)) => (Integrity::verified(Via::Car, None), Some(summary)),
            Some(Err(error)) => match verdict_of(error) {
                Some(integrity) => (integrity, None),
                None => return Err(core_error(error)),
            },
            None => return Err(invalid_argument("the CAR verifier is not finished")),
        };
        let target = summary.and_then(|s| s.target).map(|(cid, kind)| {
            let kind = match kind {
                TargetKind::File { .. } => "file",
                TargetKind::Directory => "directory",
                TargetKind::Other => "other",
            };
            ResultObject::new().set("cid", cid_to_string(&cid)).set("kind", kind).build()
        });
        Ok(ResultObject::new()
            .set("cid", cid_to_string(&self.root))
            .set("integrity", crate::object::integrity(&integrity))
            .set_or_null("target", target)
            .set_or_null("blocks", summary.map(|s| number(s.blocks)))
            .set_or_null("bytes", summary.map(|s| number(s.bytes)))
            .build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_errors_map_like_the_cli() {
        assert_eq!(
            verdict_of(&Error::MissingBlock(String::from("x"))).map(|i| i.status),
            Some(proofmark_core::verdict::Status::Unknown)
        );
        assert_eq!(
            verdict_of(&Error::BlockMismatch(String::from("x"))).map(|i| i.status),
            Some(proofmark_core::verdict::Status::Failed)
        );
        assert!(verdict_of(&Error::VarintOverflow).is_none());
    }
}
