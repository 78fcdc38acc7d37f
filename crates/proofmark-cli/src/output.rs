//! Output files written through a temporary sibling and renamed into place only when
//! complete, so a failed command never leaves a partial file behind.
use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

/// A temporary file in the folder of `path`.
pub fn temp_beside(path: &Path) -> Result<NamedTempFile> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    NamedTempFile::new_in(dir).with_context(|| format!("creating a file in {}", dir.display()))
}

/// Renames a finished temporary file to `path`, readable by all like any published data.
pub fn persist(temp: NamedTempFile, path: &Path) -> Result<()> {
    let file = temp.persist(path).with_context(|| format!("writing {}", path.display()))?;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    Ok(())
}

/// Writes `path` atomically with a buffered writer.
pub fn write_atomically(path: &Path, write: impl FnOnce(&mut BufWriter<File>) -> Result<()>) -> Result<()> {
    let temp = temp_beside(path)?;
    let mut out = BufWriter::with_capacity(1 << 20, temp.reopen()?);
    write(&mut out)?;
    out.flush()?;
    drop(out);
    persist(temp, path)
}
