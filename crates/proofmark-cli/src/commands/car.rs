//! `proofmark car verify`: a CAR against a CID, streaming, with bounded memory.
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use proofmark_core::Error;
use proofmark_core::cid::limits::Caps;
use proofmark_core::cid::{ByteRange, CarVerifier, Selector, TargetKind, parse_cid};
use proofmark_core::verdict::{BLOCK_MISMATCH, Integrity, MISSING_BLOCK, Via};
use serde_json::json;

use crate::output;

/// CAR subcommands.
#[derive(Debug, Subcommand)]
pub enum CarCommand {
    /// Verify every block of a CAR and the DAG under a CID (0 verified, 1 failed,
    /// 3 missing block, 2 malformed).
    Verify(CarVerifyArgs),
}

/// Arguments of `proofmark car verify`.
#[derive(Debug, Args)]
pub struct CarVerifyArgs {
    /// The CAR file, or `-` for standard input.
    pub car: PathBuf,
    /// The root CID to trust (the CAR header's roots are not trusted).
    #[arg(long)]
    pub cid: String,
    /// A path below the root (directories, HAMT shards).
    #[arg(long)]
    pub path: Option<String>,
    /// Write the verified file bytes here (only if everything verifies).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Only this byte range of the file (`from:to`, inclusive, `*` = end, negative = from the end).
    #[arg(long, value_name = "FROM:TO")]
    pub entity_bytes: Option<String>,
    /// Print the verdict as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs a CAR subcommand.
pub fn run(command: CarCommand) -> Result<u8> {
    match command {
        CarCommand::Verify(args) => verify(args),
    }
}

fn verify(args: CarVerifyArgs) -> Result<u8> {
    let root = parse_cid(&args.cid)?;
    let mut selector = Selector::path(args.path.as_deref().unwrap_or(""));
    selector.range = args.entity_bytes.as_deref().map(ByteRange::parse).transpose()?;
    let mut reader: Box<dyn Read> = if args.car.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(File::open(&args.car).with_context(|| format!("opening {}", args.car.display()))?)
    };
    let mut out = match &args.out {
        Some(path) => Some(BufWriter::new(output::temp_beside(path)?)),
        None => None,
    };
    let mut verifier = CarVerifier::new(root, selector, Caps::default());
    let mut buffer = vec![0u8; 1 << 20];
    let mut emit = |bytes: &[u8]| -> Result<(), StreamError> {
        if let Some(out) = out.as_mut() {
            out.write_all(bytes).map_err(StreamError::Io)?;
        }
        Ok(())
    };
    let outcome = loop {
        let n = match reader.read(&mut buffer) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).context("reading the CAR"),
        };
        if n == 0 {
            break verifier.finish(&mut emit);
        }
        if let Err(e) = verifier.push(&buffer[..n], &mut emit) {
            break Err(e);
        }
    };
    let (integrity, summary) = match outcome {
        Ok(summary) => (Integrity::verified(Via::Car, None), Some(summary)),
        Err(StreamError::Io(e)) => return Err(e).context("writing the output"),
        Err(StreamError::Core(e)) => match e {
            Error::MissingBlock(_) => (Integrity::unknown(Via::Car, MISSING_BLOCK), None),
            Error::BlockMismatch(_) => (Integrity::failed(Via::Car, BLOCK_MISMATCH, None), None),
            Error::UnixFsSizeMismatch(_) => (Integrity::failed(Via::Car, "unixfs-size-mismatch", None), None),
            other => return Err(other.into()),
        },
    };
    if let (Some(out), Some(path), Some(_)) = (out, &args.out, &summary) {
        let file = out.into_inner().map_err(|e| e.into_error())?;
        output::persist(file, path)?;
    }
    if args.json {
        let target = summary.as_ref().and_then(|s| s.target).map(|(cid, kind)| {
            json!({ "cid": cid.to_string(), "kind": match kind { TargetKind::File { .. } => "file", TargetKind::Directory => "directory", TargetKind::Other => "other" } })
        });
        super::print_json(&json!({
            "cid": root.to_string(),
            "integrity": integrity,
            "target": target,
            "blocks": summary.as_ref().map(|s| s.blocks),
            "bytes": summary.as_ref().map(|s| s.bytes),
        }));
    } else {
        super::verify::report(&root.to_string(), &integrity, false);
    }
    Ok(integrity.status.exit_code() as u8)
}

/// An error while streaming: the core's verdict-bearing errors, or IO writing output.
enum StreamError {
    Core(Error),
    Io(std::io::Error),
}

impl From<Error> for StreamError {
    fn from(e: Error) -> Self {
        StreamError::Core(e)
    }
}
