//! iden3's binary container (`.r1cs`, `.wtns`, `.zkey`, `.ptau`): four-byte magic, `u32`
//! version, `u32` section count, then each section as `u32` id, `u64` length and that
//! many bytes. Integers are little-endian.
use std::ops::Range;

use crate::error::{Error, Result};

/// The bytes of one section header (`u32` id + `u64` length).
const SECTION_HEADER: usize = 12;

/// A parsed container: the file's bytes and where each section lies in them.
pub(crate) struct BinFile<'a> {
    kind: &'static str,
    bytes: &'a [u8],
    sections: Vec<(u32, Range<usize>)>,
}

impl<'a> BinFile<'a> {
    /// Parses the header and section table of a `kind` file (`r1cs`, `wtns`, `zkey`),
    /// accepting only the given versions. Every section must lie within the file.
    pub(crate) fn parse(bytes: &'a [u8], kind: &'static str, magic: &[u8; 4], versions: &[u32]) -> Result<Self> {
        let mut header = Cursor::new(kind, "file header", bytes);
        let found: [u8; 4] = header.array().map_err(|_| Error::CircomMagic { kind, found: super::array(bytes) })?;
        if &found != magic {
            return Err(Error::CircomMagic { kind, found });
        }
        let version = header.u32()?;
        if !versions.contains(&version) {
            return Err(Error::CircomVersion { kind, version });
        }
        let count = header.u32()? as usize;
        // Each section needs at least its header: a count the file cannot hold is
        // truncation, found before reserving anything for it.
        if count > header.remaining() / SECTION_HEADER {
            return Err(Error::CircomTruncated { kind, what: "section table" });
        }
        let mut sections = Vec::with_capacity(count);
        let mut pos = header.position();
        for _ in 0..count {
            let mut cursor = Cursor::new(kind, "section header", bytes.get(pos..).unwrap_or_default());
            let id = cursor.u32()?;
            let len = cursor.u64()?;
            let start = pos + SECTION_HEADER;
            let available = (bytes.len() - start) as u64;
            if len > available {
                return Err(Error::CircomSectionBounds { kind, section: id, len, available });
            }
            // len <= available <= usize::MAX, so these cannot overflow.
            let end = start + len as usize;
            sections.push((id, start..end));
            pos = end;
        }
        if pos != bytes.len() {
            return Err(Error::CircomInvalid {
                kind,
                reason: format!("{} bytes after the last section", bytes.len() - pos),
            });
        }
        Ok(Self { kind, bytes, sections })
    }

    /// The one section with this id: missing or duplicated is an error.
    pub(crate) fn section(&self, id: u32) -> Result<&'a [u8]> {
        self.optional_section(id)?.ok_or_else(|| Error::CircomSection {
            kind: self.kind,
            section: id,
            problem: String::from("missing"),
        })
    }

    /// The section with this id if present (at most once).
    pub(crate) fn optional_section(&self, id: u32) -> Result<Option<&'a [u8]>> {
        let mut found = self.sections.iter().filter(|(section, _)| *section == id);
        let Some((_, range)) = found.next() else { return Ok(None) };
        if found.next().is_some() {
            return Err(Error::CircomSection { kind: self.kind, section: id, problem: String::from("duplicated") });
        }
        Ok(self.bytes.get(range.clone()))
    }

    /// A cursor over the one section with this id.
    pub(crate) fn cursor(&self, id: u32, what: &'static str) -> Result<Cursor<'a>> {
        Ok(Cursor::new(self.kind, what, self.section(id)?))
    }

    /// The section with this id, which must be exactly `len` bytes long.
    pub(crate) fn sized_section(&self, id: u32, len: Option<usize>, what: &str) -> Result<&'a [u8]> {
        let data = self.section(id)?;
        match len {
            Some(len) if data.len() == len => Ok(data),
            Some(len) => Err(Error::CircomSection {
                kind: self.kind,
                section: id,
                problem: format!("{what}: {} bytes, expected {len}", data.len()),
            }),
            None => Err(Error::CircomSection {
                kind: self.kind,
                section: id,
                problem: format!("{what}: the declared count overflows"),
            }),
        }
    }
}

/// Reads little-endian values from a byte slice, failing with
/// [`Error::CircomTruncated`] at its end.
pub(crate) struct Cursor<'a> {
    kind: &'static str,
    what: &'static str,
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(kind: &'static str, what: &'static str, data: &'a [u8]) -> Self {
        Self { kind, what, data, pos: 0 }
    }

    pub(crate) fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&end| end <= self.data.len());
        let Some(end) = end else { return Err(Error::CircomTruncated { kind: self.kind, what: self.what }) };
        let out = &self.data[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        self.take(N).map(super::array)
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        self.array().map(u32::from_le_bytes)
    }

    pub(crate) fn u64(&mut self) -> Result<u64> {
        self.array().map(u64::from_le_bytes)
    }

    /// Fails unless every byte was read.
    pub(crate) fn finish(&self) -> Result<()> {
        if self.remaining() == 0 {
            Ok(())
        } else {
            Err(Error::CircomInvalid {
                kind: self.kind,
                reason: format!("{} unread bytes at the end of the {}", self.remaining(), self.what),
            })
        }
    }
}

/// Builds a container: header, then sections written one after another.
pub(crate) struct Writer {
    buf: Vec<u8>,
    open: Option<usize>,
}

impl Writer {
    pub(crate) fn new(magic: &[u8; 4], version: u32, sections: u32) -> Self {
        let mut buf = Vec::new();
        buf.extend_from_slice(magic);
        buf.extend_from_slice(&version.to_le_bytes());
        buf.extend_from_slice(&sections.to_le_bytes());
        Self { buf, open: None }
    }

    /// Starts a section (closing the previous one).
    pub(crate) fn section(&mut self, id: u32) {
        self.close();
        self.buf.extend_from_slice(&id.to_le_bytes());
        self.open = Some(self.buf.len());
        self.buf.extend_from_slice(&0u64.to_le_bytes());
    }

    fn close(&mut self) {
        if let Some(at) = self.open.take() {
            let len = (self.buf.len() - at - 8) as u64;
            self.buf[at..at + 8].copy_from_slice(&len.to_le_bytes());
        }
    }

    pub(crate) fn u32(&mut self, value: u32) {
        self.buf.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, value: u64) {
        self.buf.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.close();
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(sections: &[(u32, &[u8])]) -> Vec<u8> {
        let mut w = Writer::new(b"test", 1, sections.len() as u32);
        for (id, data) in sections {
            w.section(*id);
            w.bytes(data);
        }
        w.finish()
    }

    #[test]
    fn sections_round_trip() {
        let bytes = file(&[(1, b"abc"), (2, b""), (7, b"xyz!")]);
        let parsed = BinFile::parse(&bytes, "test", b"test", &[1]).unwrap();
        assert_eq!(parsed.section(1).unwrap(), b"abc");
        assert_eq!(parsed.section(2).unwrap(), b"");
        assert_eq!(parsed.section(7).unwrap(), b"xyz!");
        assert!(matches!(parsed.section(3), Err(Error::CircomSection { section: 3, .. })));
    }

    #[test]
    fn duplicated_section_is_an_error_only_when_asked_for() {
        let bytes = file(&[(1, b"a"), (1, b"b"), (2, b"c")]);
        let parsed = BinFile::parse(&bytes, "test", b"test", &[1]).unwrap();
        assert_eq!(parsed.section(2).unwrap(), b"c");
        let err = parsed.section(1).err().unwrap();
        assert_eq!(err.to_string(), ".test section 1: duplicated");
    }

    #[test]
    fn huge_section_count_is_truncation_not_an_allocation() {
        let mut bytes = file(&[]);
        bytes[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        let err = BinFile::parse(&bytes, "test", b"test", &[1]).err().unwrap();
        assert!(matches!(err, Error::CircomTruncated { what: "section table", .. }), "{err}");
    }

    #[test]
    fn huge_section_length_is_out_of_bounds() {
        let mut bytes = file(&[(1, b"abcd")]);
        bytes[16..24].copy_from_slice(&u64::MAX.to_le_bytes());
        let err = BinFile::parse(&bytes, "test", b"test", &[1]).err().unwrap();
        assert!(matches!(err, Error::CircomSectionBounds { section: 1, len: u64::MAX, available: 4, .. }), "{err}");
    }

    #[test]
    fn short_file_is_bad_magic_and_bad_version_is_reported() {
        let err = BinFile::parse(b"te", "test", b"test", &[1]).err().unwrap();
        assert!(matches!(err, Error::CircomMagic { found: [b't', b'e', 0, 0], .. }), "{err}");
        let bytes = file(&[]);
        let err = BinFile::parse(&bytes, "test", b"test", &[2]).err().unwrap();
        assert!(matches!(err, Error::CircomVersion { version: 1, .. }), "{err}");
        let err = BinFile::parse(&bytes[..10], "test", b"test", &[1]).err().unwrap();
        assert!(matches!(err, Error::CircomTruncated { what: "file header", .. }), "{err}");
    }

    #[test]
    fn trailing_bytes_after_the_last_section_are_rejected() {
        let mut bytes = file(&[(1, b"a")]);
        bytes.push(0);
        let err = BinFile::parse(&bytes, "test", b"test", &[1]).err().unwrap();
        assert!(matches!(err, Error::CircomInvalid { .. }), "{err}");
    }
}
