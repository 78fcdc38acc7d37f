//! `proofmark`: content addressing, CAR verification and a trustless gateway from the
//! command line. Exit codes (DESIGN §6): 0 verified, 1 failed, 3 unknown, 2 malformed.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

/// `println!` that ignores a closed stdout (`proofmark … | head` must not panic).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod car_write;
mod chain;
mod commands;
mod gateway;
mod import;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::commands::Command;

/// Proofmark: verify where AI-generated media came from — CIDs, CARs, anchors, proofs.
#[derive(Debug, Parser)]
#[command(name = "proofmark", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Worker threads for hashing (default: every core).
    #[arg(long, global = true, value_name = "N")]
    threads: Option<usize>,
}

/// Exit code for malformed input or usage errors.
pub const EXIT_MALFORMED: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(threads) = cli.threads {
        // Only fails if a pool already exists, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build_global();
    }
    match commands::run(cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_MALFORMED)
        }
    }
}
