//! `proofmark cid`.
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;
use proofmark_core::cid::{Cid, HashFunction, Profile, Resolved, Version, raw_cid_of};
use serde_json::json;

use crate::car_write::write_file_car;
use crate::import::{import, whole_digest};
use crate::input::Input;
use crate::output::write_atomically;

/// Arguments of `proofmark cid`.
#[derive(Debug, Args)]
pub struct CidArgs {
    /// The file, or `-` for standard input.
    pub file: PathBuf,
    #[command(flatten)]
    pub settings: ImportSettings,
    /// Also write the file's CARv1 (root first, depth-first order) here.
    #[arg(long, value_name = "OUT.car")]
    pub car: Option<PathBuf>,
    /// Print a JSON object instead of the bare CID.
    #[arg(long)]
    pub json: bool,
}

/// A profile name or explicit importer settings (flags override the profile's values).
#[derive(Debug, Args, Clone)]
pub struct ImportSettings {
    /// Profile: unixfs-v1-2025, unixfs-v0-2015, kubo-cidv1, kubo-cidv1-1mib, raw.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Bytes per leaf.
    #[arg(long, value_name = "N")]
    pub chunk_size: Option<usize>,
    /// Most links per inner node.
    #[arg(long, value_name = "N")]
    pub max_links: Option<usize>,
    /// Raw leaves.
    #[arg(long, overrides_with = "no_raw_leaves")]
    pub raw_leaves: bool,
    /// UnixFS (dag-pb) leaves.
    #[arg(long, overrides_with = "raw_leaves")]
    pub no_raw_leaves: bool,
    /// CID version of dag-pb nodes.
    #[arg(long, value_name = "0|1", value_parser = clap::value_parser!(u8).range(0..=1))]
    pub cid_version: Option<u8>,
    /// Multihash function.
    #[arg(long, value_name = "sha2-256|blake3")]
    pub hash: Option<String>,
}

impl ImportSettings {
    fn has_overrides(&self) -> bool {
        self.chunk_size.is_some()
            || self.max_links.is_some()
            || self.raw_leaves
            || self.no_raw_leaves
            || self.cid_version.is_some()
            || self.hash.is_some()
    }

    /// Resolves the profile and flags.
    pub fn resolve(&self) -> Result<Resolved> {
        let profile = Profile::from_name(self.profile.as_deref().unwrap_or("unixfs-v1-2025"))?;
        let hash = match &self.hash {
            Some(name) => HashFunction::from_name(name)
                .filter(|h| *h != HashFunction::Identity)
                .with_context(|| format!("unknown hash {name:?} (sha2-256 or blake3)"))?,
            None => HashFunction::Sha2_256,
        };
        if !self.has_overrides() {
            return Ok(Resolved::Profile(profile));
        }
        let Some(mut params) = profile.params() else {
            if self.chunk_size.is_some()
                || self.max_links.is_some()
                || self.raw_leaves
                || self.no_raw_leaves
                || self.cid_version == Some(0)
            {
                bail!("the raw profile takes no importer settings besides --hash");
            }
            return Ok(Resolved::Whole(hash));
        };
        if let Some(n) = self.chunk_size {
            params.chunk_size = n;
        }
        if let Some(n) = self.max_links {
            params.max_links = n;
        }
        if self.raw_leaves {
            params.raw_leaves = true;
        }
        if self.no_raw_leaves {
            params.raw_leaves = false;
        }
        if let Some(v) = self.cid_version {
            params.version = if v == 0 { Version::V0 } else { Version::V1 };
            // As with `ipfs add --cid-version`: the version picks the leaf kind unless a
            // leaf flag says otherwise.
            if !self.raw_leaves && !self.no_raw_leaves {
                params.raw_leaves = v == 1;
            }
        }
        if self.hash.is_some() {
            params.hash = hash;
        }
        params.validate()?;
        Ok(Resolved::Custom(params))
    }
}

/// The CID of `input` under `settings`, and the input size.
pub fn compute(input: &Input, settings: Resolved) -> Result<(Cid, u64)> {
    match settings.params() {
        Some(params) => {
            let dag = import(input, params, false)?;
            Ok((dag.root, dag.size))
        }
        None => {
            let function = settings.whole_hash();
            let (digest, size) = whole_digest(input, function)?;
            let hash = proofmark_core::cid::identifier::wrap(function, &digest)?;
            Ok((Cid::new_v1(proofmark_core::cid::Codec::Raw.code(), hash), size))
        }
    }
}

/// Runs `proofmark cid`.
pub fn run(args: CidArgs) -> Result<u8> {
    let settings = args.settings.resolve()?;
    let mut input = Input::parse(&args.file);
    // A CAR needs a second pass over the input: spool stdin to a temporary file.
    let _spool;
    if args.car.is_some() && matches!(input, Input::Stdin) {
        let mut file = tempfile::NamedTempFile::new()?;
        std::io::copy(&mut std::io::stdin().lock(), &mut file)?;
        input = Input::File(file.path().to_path_buf());
        _spool = file;
    }
    let (cid, size) = match (&args.car, settings.params()) {
        (Some(car), Some(params)) => {
            let dag = import(&input, params, true)?;
            write_atomically(car, |out| write_file_car(&input, params, &dag, out))?;
            (dag.root, dag.size)
        }
        (Some(car), None) => {
            // One raw block: at most 2 MiB, so read it once and hash what is written.
            let Input::File(path) = &input else { bail!("stdin was spooled") };
            if input.len()?.unwrap_or(0) > proofmark_core::cid::limits::MAX_BLOCK_SIZE {
                bail!("a raw CID over 2 MiB names content but is not a block a CAR can hold");
            }
            let bytes = std::fs::read(path)?;
            let cid = raw_cid_of(settings.whole_hash(), &bytes)?;
            let size = bytes.len() as u64;
            write_atomically(car, |out| {
                out.write_all(&proofmark_core::cid::car::encode_header(&[cid]))?;
                let mut section = Vec::new();
                proofmark_core::cid::car::encode_section(&cid, &bytes, &mut section);
                out.write_all(&section)?;
                Ok(())
            })?;
            (cid, size)
        }
        (None, _) => compute(&input, settings)?,
    };
    if args.json {
        let params = settings.params().map(|p| {
            json!({
                "chunkSize": p.chunk_size,
                "maxLinks": p.max_links,
                "rawLeaves": p.raw_leaves,
                "cidVersion": if p.version == Version::V0 { 0 } else { 1 },
                "hash": p.hash.name(),
            })
        });
        super::print_json(&json!({
            "cid": cid.to_string(),
            "profile": settings.name(),
            "params": params,
            "size": size,
            "car": args.car.as_ref().map(|p| p.display().to_string()),
        }));
    } else {
        outln!("{cid}");
    }
    Ok(0)
}
