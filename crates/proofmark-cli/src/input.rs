//! Reading a file (or stdin) in large windows, with a progress bar for big inputs.
use std::fs::File;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use memmap2::MmapOptions;

/// Inputs above this size get a progress bar (when stderr is a terminal).
const PROGRESS_THRESHOLD: u64 = 64 * 1024 * 1024;

/// A file on disk, or standard input (`-`).
#[derive(Debug, Clone)]
pub enum Input {
    /// A regular file.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    /// `-` is stdin, anything else a path.
    pub fn parse(arg: &Path) -> Self {
        if arg.as_os_str() == "-" { Input::Stdin } else { Input::File(arg.to_path_buf()) }
    }

    /// The size, when known up front.
    pub fn len(&self) -> Result<Option<u64>> {
        match self {
            Input::File(path) => {
                Ok(Some(std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?.len()))
            }
            Input::Stdin => Ok(None),
        }
    }

    /// Calls `visit` with consecutive windows of `window` bytes (the last may be shorter).
    /// Files are mapped a window at a time, so memory stays at one window however large
    /// the file is; stdin is read into one reused buffer.
    pub fn for_each_window(
        &self,
        window: usize,
        label: &str,
        mut visit: impl FnMut(&[u8]) -> Result<()>,
    ) -> Result<u64> {
        let progress = progress_bar(self.len()?, label);
        let total = match self {
            Input::File(path) => {
                let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
                let len = file.metadata()?.len();
                let mut offset = 0u64;
                while offset < len {
                    let take = (len - offset).min(window as u64) as usize;
                    // SAFETY-free: memmap2's map is `unsafe` only because another process
                    // may change the file; every byte read here is hashed, and a changed
                    // file simply yields a different CID.
                    let map = map_window(&file, offset, take)?;
                    visit(&map)?;
                    offset += take as u64;
                    progress.inc(take as u64);
                }
                len
            }
            Input::Stdin => {
                let mut stdin = std::io::stdin().lock();
                let mut buffer = vec![0u8; window];
                let mut total = 0u64;
                loop {
                    let filled = read_full(&mut stdin, &mut buffer)?;
                    if filled == 0 {
                        break;
                    }
                    visit(&buffer[..filled])?;
                    total += filled as u64;
                    progress.inc(filled as u64);
                    if filled < window {
                        break;
                    }
                }
                total
            }
        };
        progress.finish_and_clear();
        Ok(total)
    }
}

#[allow(unsafe_code)]
fn map_window(file: &File, offset: u64, len: usize) -> Result<memmap2::Mmap> {
    // SAFETY: the mapping is read-only and private to this call; a concurrent writer can
    // only change which bytes get hashed, never memory safety of this process's data.
    let map = unsafe { MmapOptions::new().offset(offset).len(len).map(file) }.context("mapping the input")?;
    Ok(map)
}

/// Reads until `buffer` is full or the stream ends; returns the bytes read.
pub fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e).context("reading input"),
        }
    }
    Ok(filled)
}

/// A byte progress bar on stderr for large inputs on a terminal; hidden otherwise.
pub fn progress_bar(len: Option<u64>, label: &str) -> ProgressBar {
    let show = std::io::stderr().is_terminal() && len.is_none_or(|l| l > PROGRESS_THRESHOLD);
    if !show {
        return ProgressBar::hidden();
    }
    let bar = match len {
        Some(len) => ProgressBar::new(len),
        None => ProgressBar::new_spinner(),
    };
    let style = ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(label.to_string());
    bar
}
