//! `proofmark gateway serve`.
use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand};

/// Gateway subcommands.
#[derive(Debug, Subcommand)]
pub enum GatewayCommand {
    /// Serve the CAR files in a folder as an IPFS trustless gateway on loopback.
    Serve(ServeArgs),
}

/// Arguments of `proofmark gateway serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Folder of `.car` files (read again when it changes).
    #[arg(long)]
    pub dir: PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one; the address is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
}

/// Runs a gateway subcommand.
pub fn run(command: GatewayCommand) -> Result<u8> {
    match command {
        GatewayCommand::Serve(args) => {
            crate::gateway::serve(args.dir, &args.host, args.port)?;
            Ok(0)
        }
    }
}
