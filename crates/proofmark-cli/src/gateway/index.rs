//! Where each block lives among the CAR files of the served folder.
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use anyhow::{Context, Result};
use proofmark_core::cid::{CarItem, CarReader, Cid};

#[derive(Debug, Clone, Copy)]
struct Location {
    file: usize,
    offset: u64,
    len: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

/// An index of the blocks in a folder's `.car` files. Every block was verified against
/// its CID when indexed, and is verified again when read.
#[derive(Debug, Default)]
pub struct BlockIndex {
    files: Vec<Arc<File>>,
    stamps: BTreeMap<PathBuf, Stamp>,
    blocks: HashMap<Cid, Location>,
}

impl BlockIndex {
    /// Indexes every `.car` file in `dir`; files that fail to read are reported and skipped.
    pub fn build(dir: &Path) -> Result<Self> {
        let mut index = BlockIndex::default();
        for (path, stamp) in car_files(dir)? {
            match index.add(&path) {
                Ok(()) => {}
                Err(e) => eprintln!("gateway: skipping {}: {e:#}", path.display()),
            }
            index.stamps.insert(path, stamp);
        }
        Ok(index)
    }

    /// Whether the folder's CAR files changed since the index was built.
    pub fn is_stale(&self, dir: &Path) -> bool {
        car_files(dir).map(|files| files != self.stamps).unwrap_or(true)
    }

    fn add(&mut self, path: &Path) -> Result<()> {
        let mut file = File::open(path)?;
        let id = self.files.len();
        let mut reader = CarReader::new();
        let mut buffer = vec![0u8; 1 << 20];
        let mut found = Vec::new();
        loop {
            let n = file.read(&mut buffer)?;
            if n == 0 {
                reader.finish();
            } else {
                reader.push(&buffer[..n]);
            }
            while let Some(item) = reader.next_item()? {
                if let CarItem::Block { cid, data, offset } = item {
                    found.push((cid, Location { file: id, offset, len: data.len() as u32 }));
                }
            }
            if n == 0 {
                break;
            }
        }
        self.files.push(Arc::new(file));
        for (cid, location) in found {
            self.blocks.entry(cid).or_insert(location);
        }
        Ok(())
    }

    /// Whether the block is known.
    pub fn contains(&self, cid: &Cid) -> bool {
        self.blocks.contains_key(cid)
    }

    /// Reads a block's bytes (unverified here; callers verify).
    pub fn get(&self, cid: &Cid) -> Result<Option<Vec<u8>>> {
        let Some(location) = self.blocks.get(cid) else {
            return Ok(None);
        };
        let mut data = vec![0u8; location.len as usize];
        self.files[location.file].read_exact_at(&mut data, location.offset).context("reading a block")?;
        Ok(Some(data))
    }

    /// Number of blocks indexed.
    pub fn len(&self) -> usize {
        self.blocks.len()
    }
}

fn car_files(dir: &Path) -> Result<BTreeMap<PathBuf, Stamp>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "car") {
            let meta = entry.metadata()?;
            if meta.is_file() {
                files.insert(path, Stamp { len: meta.len(), modified: meta.modified().ok() });
            }
        }
    }
    Ok(files)
}
