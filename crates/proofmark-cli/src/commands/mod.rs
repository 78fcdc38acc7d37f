//! The subcommands.
use anyhow::Result;
use clap::Subcommand;

mod anchor;
mod car;
mod chain;
mod check;
mod cid;
mod gateway;
mod model;
mod publish;
mod roots;
mod verify;
mod zk;

/// Every subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute the CID of a file (default profile `unixfs-v1-2025`).
    Cid(cid::CidArgs),
    /// Check a file against a CID: 0 verified, 1 failed, 3 unknown, 2 malformed.
    Verify(verify::VerifyArgs),
    /// Work with CAR files.
    #[command(subcommand)]
    Car(car::CarCommand),
    /// Run the trustless gateway.
    #[command(subcommand)]
    Gateway(gateway::GatewayCommand),
    /// Model keys.
    #[command(subcommand)]
    Model(model::ModelCommand),
    /// The auditor's registry of models.
    #[command(subcommand)]
    Registry(model::RegistryCommand),
    /// Groth16: setup, proving, verification.
    #[command(subcommand)]
    Zk(zk::ZkCommand),
    /// Deploy the registry contract.
    #[command(subcommand)]
    Chain(chain::ChainCommand),
    /// Anchor a file's key on chain with its model-attest proof.
    Anchor(anchor::AnchorArgs),
    /// The full verdict for a CID or key: integrity, anchor, model, license (exit 0/1/3/2).
    Check(check::CheckArgs),
    /// The studio pipeline: CID, CAR, optional IPFS pushes, proof and anchor per file.
    Publish(publish::PublishArgs),
}

/// Runs a command; returns the process exit code.
pub fn run(command: Command) -> Result<u8> {
    match command {
        Command::Cid(args) => cid::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Car(command) => car::run(command),
        Command::Gateway(command) => gateway::run(command),
        Command::Model(command) => model::run_model(command),
        Command::Registry(command) => model::run_registry(command),
        Command::Zk(command) => zk::run(command),
        Command::Chain(command) => chain::run(command),
        Command::Anchor(args) => anchor::run(args),
        Command::Check(args) => check::run(args),
        Command::Publish(args) => publish::run(args),
    }
}

/// Prints a verdict-like value: JSON when asked, else one human line.
pub fn print_json(value: &serde_json::Value) {
    outln!("{}", serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string()));
}
