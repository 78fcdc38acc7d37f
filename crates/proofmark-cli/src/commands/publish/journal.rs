//! The publish journal: one JSON line per finished step, appended and flushed before the
//! next step starts, so a run killed half-way resumes where it stopped.
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// A finished step for one asset (keyed by its content key).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum Entry {
    /// CID computed and CAR written.
    Stored {
        /// Content key.
        key: String,
        /// The source file.
        file: String,
        /// The locator CID.
        cid: String,
        /// The CAR's path.
        car: String,
    },
    /// The CAR was imported through the Kubo RPC.
    Pushed {
        /// Content key.
        key: String,
    },
    /// A pin was requested from the Pinning Service.
    Pinned {
        /// Content key.
        key: String,
        /// The service's request id.
        request_id: String,
    },
    /// The proof was made.
    Proved {
        /// Content key.
        key: String,
        /// `proof.json`.
        proof: String,
        /// `public.json`.
        public: String,
        /// `proof.secret.json` (the salt, kept for the creator).
        secret: String,
    },
    /// The key is anchored on chain.
    Anchored {
        /// Content key.
        key: String,
        /// The transaction (absent when found already anchored by an earlier, unjournaled run).
        transaction: Option<String>,
        /// The block.
        block: Option<u64>,
    },
}

impl Entry {
    /// The content key the entry belongs to.
    pub fn key(&self) -> &str {
        match self {
            Entry::Stored { key, .. }
            | Entry::Pushed { key }
            | Entry::Pinned { key, .. }
            | Entry::Proved { key, .. }
            | Entry::Anchored { key, .. } => key,
        }
    }

    /// The step's name.
    pub fn step(&self) -> &'static str {
        match self {
            Entry::Stored { .. } => "stored",
            Entry::Pushed { .. } => "pushed",
            Entry::Pinned { .. } => "pinned",
            Entry::Proved { .. } => "proved",
            Entry::Anchored { .. } => "anchored",
        }
    }
}

/// The journal file and what it holds.
pub struct Journal {
    file: File,
    path: PathBuf,
    /// Entries by key, then by step.
    pub done: BTreeMap<String, BTreeMap<&'static str, Entry>>,
}

impl Journal {
    /// Opens (or creates) `dir/journal.jsonl`. A torn last line (a kill mid-write) is ignored.
    pub fn open(dir: &Path) -> Result<Journal> {
        let path = dir.join("journal.jsonl");
        let mut done: BTreeMap<String, BTreeMap<&'static str, Entry>> = BTreeMap::new();
        if path.exists() {
            let reader = BufReader::new(File::open(&path).with_context(|| format!("reading {}", path.display()))?);
            for line in reader.lines() {
                let line = line?;
                if let Ok(entry) = serde_json::from_str::<Entry>(&line) {
                    done.entry(entry.key().to_string()).or_default().insert(entry.step(), entry);
                }
            }
        }
        let file = OpenOptions::new().create(true).append(true).open(&path)?;
        Ok(Journal { file, path, done })
    }

    /// The entry for a key's step, if that step finished.
    pub fn get(&self, key: &str, step: &str) -> Option<&Entry> {
        self.done.get(key).and_then(|steps| steps.get(step))
    }

    /// Appends and syncs an entry.
    pub fn record(&mut self, entry: Entry) -> Result<()> {
        let mut line = serde_json::to_string(&entry)?;
        line.push('\n');
        self.file.write_all(line.as_bytes()).with_context(|| format!("writing {}", self.path.display()))?;
        self.file.sync_data()?;
        self.done.entry(entry.key().to_string()).or_default().insert(entry.step(), entry);
        Ok(())
    }
}
