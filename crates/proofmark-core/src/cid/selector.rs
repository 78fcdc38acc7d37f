//! What a read asks for: a path below the root, a `dag-scope`, an `entity-bytes` range.
use alloc::{string::String, vec::Vec};

use crate::{Error, Result};

/// How much of the DAG at the end of the path a read covers (trustless gateway
/// `dag-scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DagScope {
    /// Everything reachable from the target.
    #[default]
    All,
    /// What it takes to read the target: a whole file, a directory's own node(s).
    Entity,
    /// The target's block only.
    Block,
}

impl DagScope {
    /// Parses `all`, `entity` or `block`.
    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "all" => Ok(DagScope::All),
            "entity" => Ok(DagScope::Entity),
            "block" => Ok(DagScope::Block),
            _ => Err(Error::InvalidParams("dag-scope must be all, entity or block")),
        }
    }

    /// The query-string name.
    pub const fn name(self) -> &'static str {
        match self {
            DagScope::All => "all",
            DagScope::Entity => "entity",
            DagScope::Block => "block",
        }
    }
}

/// An `entity-bytes=from:to` range: inclusive bounds, negative values count from the
/// end, `to = None` is `*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    /// First byte (negative: from the end).
    pub from: i64,
    /// Last byte, inclusive (negative: from the end; `None`: the end).
    pub to: Option<i64>,
}

impl ByteRange {
    /// Parses `from:to` (`to` may be `*`).
    pub fn parse(text: &str) -> Result<Self> {
        let (from, to) = text.split_once(':').ok_or(Error::InvalidRange("expected from:to"))?;
        let from = from.parse::<i64>().map_err(|_| Error::InvalidRange("bad from"))?;
        let to = match to {
            "*" => None,
            t => Some(t.parse::<i64>().map_err(|_| Error::InvalidRange("bad to"))?),
        };
        let range = ByteRange { from, to };
        if let (true, Some(to)) = (from >= 0, to)
            && to >= 0
            && to < from
        {
            return Err(Error::InvalidRange("to is before from"));
        }
        Ok(range)
    }

    /// Half-open byte offsets `[start, end)` within content of `size` bytes.
    pub fn resolve(&self, size: u64) -> Result<(u64, u64)> {
        let at = |v: i64| -> u64 { if v >= 0 { v as u64 } else { size.saturating_sub(v.unsigned_abs()) } };
        let start = at(self.from);
        let end = match self.to {
            None => size,
            Some(to) if to >= 0 => (to as u64).saturating_add(1).min(size),
            Some(to) => (at(to) + 1).min(size),
        };
        if start > size || (size > 0 && start >= size) {
            return Err(Error::InvalidRange("range starts past the end"));
        }
        Ok((start, end.max(start)))
    }
}

impl core::fmt::Display for ByteRange {
    /// The `entity-bytes` form: `from:to`, or `from:*`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.to {
            Some(to) => write!(f, "{}:{}", self.from, to),
            None => write!(f, "{}:*", self.from),
        }
    }
}

/// A read's selector: path segments below the root, scope and optional range.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selector {
    /// Path segments (already split on `/`, empty segments removed).
    pub path: Vec<String>,
    /// The `dag-scope`.
    pub scope: DagScope,
    /// The `entity-bytes` range, for files.
    pub range: Option<ByteRange>,
}

impl Selector {
    /// A selector for a `/`-separated path (leading and repeated slashes ignored).
    pub fn path(path: &str) -> Self {
        Selector { path: path.split('/').filter(|s| !s.is_empty()).map(String::from).collect(), ..Selector::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_ranges() {
        assert_eq!(ByteRange::parse("0:*").unwrap().resolve(10).unwrap(), (0, 10));
        assert_eq!(ByteRange::parse("2:4").unwrap().resolve(10).unwrap(), (2, 5));
        assert_eq!(ByteRange::parse("-3:*").unwrap().resolve(10).unwrap(), (7, 10));
        assert_eq!(ByteRange::parse("0:-2").unwrap().resolve(10).unwrap(), (0, 9));
        assert_eq!(ByteRange::parse("5:100").unwrap().resolve(10).unwrap(), (5, 10));
        assert_eq!(ByteRange::parse("0:*").unwrap().resolve(0).unwrap(), (0, 0));
        assert_eq!(
            ByteRange::parse("10:*").unwrap().resolve(10),
            Err(Error::InvalidRange("range starts past the end"))
        );
        assert_eq!(ByteRange::parse("4:2"), Err(Error::InvalidRange("to is before from")));
        assert!(ByteRange::parse("x").is_err());
        for text in ["0:*", "-5:*", "2:4", "0:-2"] {
            assert_eq!(alloc::string::ToString::to_string(&ByteRange::parse(text).unwrap()), text);
        }
    }
}
