//! The trustless gateway (DESIGN §3): `GET|HEAD /ipfs/{cid}[/path]` over the CAR files
//! of a folder, as CARs (`order=dfs`), raw blocks, or plain file bytes with `Range`.
mod index;
mod request;
mod response;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use anyhow::{Context, Result};
use axum::Router;
use axum::serve::ListenerExt;
use tokio::net::TcpListener;

pub use index::BlockIndex;

/// Shared state: the folder and its current block index.
#[derive(Debug)]
pub struct Gateway {
    dir: PathBuf,
    index: RwLock<Arc<BlockIndex>>,
}

impl Gateway {
    /// A gateway over `dir`, indexed now.
    pub fn new(dir: &Path) -> Result<Self> {
        let index = BlockIndex::build(dir)?;
        Ok(Gateway { dir: dir.to_path_buf(), index: RwLock::new(Arc::new(index)) })
    }

    /// The current index; rebuilt first when `cid` is unknown and the folder changed.
    pub fn index_for(&self, cid: &proofmark_core::cid::Cid) -> Result<Arc<BlockIndex>> {
        let current = self.index.read().map_err(|_| anyhow::anyhow!("index lock poisoned"))?.clone();
        if current.contains(cid) || !current.is_stale(&self.dir) {
            return Ok(current);
        }
        let fresh = Arc::new(BlockIndex::build(&self.dir)?);
        *self.index.write().map_err(|_| anyhow::anyhow!("index lock poisoned"))? = fresh.clone();
        Ok(fresh)
    }
}

/// Serves `dir` on `host:port` until interrupted; prints the address it listens on.
pub fn serve(dir: PathBuf, host: &str, port: u16) -> Result<()> {
    let gateway = Arc::new(Gateway::new(&dir)?);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = TcpListener::bind((host, port)).await.with_context(|| format!("binding {host}:{port}"))?;
        let address: SocketAddr = listener.local_addr()?;
        let blocks = gateway.index.read().map(|i| i.len()).unwrap_or(0);
        outln!("gateway listening on http://{address} ({blocks} blocks from {})", dir.display());
        use std::io::Write;
        std::io::stdout().flush()?;
        let app = Router::new().fallback(response::handle).with_state(gateway);
        // Streamed bodies end in small writes; without TCP_NODELAY each response on a
        // kept-alive connection waits for the client's delayed ACK (~40 ms).
        let listener = listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                eprintln!("gateway: cannot set TCP_NODELAY: {e}");
            }
        });
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("serving")
    })
}
