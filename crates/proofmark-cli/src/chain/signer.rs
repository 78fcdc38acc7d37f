//! Where a transaction key comes from: an encrypted JSON keystore, the
//! `PROOFMARK_PRIVATE_KEY` environment variable, or `--private-key` (dev only: it shows up
//! in shell history and process lists).
use std::path::PathBuf;

use alloy::signers::local::PrivateKeySigner;
use anyhow::{Context, Result, bail};
use clap::Args;

/// The environment variable holding a hex private key.
pub const PRIVATE_KEY_ENV: &str = "PROOFMARK_PRIVATE_KEY";
/// The environment variable holding the keystore's password.
pub const KEYSTORE_PASSWORD_ENV: &str = "PROOFMARK_KEYSTORE_PASSWORD";

/// Key options shared by every command that sends a transaction.
#[derive(Debug, Clone, Args)]
pub struct KeyArgs {
    /// Encrypted JSON keystore (password from PROOFMARK_KEYSTORE_PASSWORD or --password-file).
    #[arg(long, value_name = "FILE", conflicts_with = "private_key")]
    pub keystore: Option<PathBuf>,
    /// File holding the keystore's password (first line).
    #[arg(long, value_name = "FILE", requires = "keystore")]
    pub password_file: Option<PathBuf>,
    /// Dev only: a hex private key on the command line (prefer PROOFMARK_PRIVATE_KEY).
    #[arg(long, value_name = "HEX")]
    pub private_key: Option<String>,
}

impl KeyArgs {
    /// The signer these options name.
    pub fn signer(&self) -> Result<PrivateKeySigner> {
        if let Some(path) = &self.keystore {
            let password = match &self.password_file {
                Some(file) => std::fs::read_to_string(file)
                    .with_context(|| format!("reading {}", file.display()))?
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                None => std::env::var(KEYSTORE_PASSWORD_ENV)
                    .with_context(|| format!("--keystore needs {KEYSTORE_PASSWORD_ENV} or --password-file"))?,
            };
            return PrivateKeySigner::decrypt_keystore(path, password)
                .with_context(|| format!("cannot open keystore {} (wrong password?)", path.display()));
        }
        let hex = match (&self.private_key, std::env::var(PRIVATE_KEY_ENV)) {
            (Some(hex), _) => hex.clone(),
            (None, Ok(hex)) => hex,
            (None, Err(_)) => bail!("no key: give --keystore FILE, set {PRIVATE_KEY_ENV}, or (dev) --private-key"),
        };
        hex.trim().parse::<PrivateKeySigner>().context("the private key is not 32 bytes of hex")
    }
}
