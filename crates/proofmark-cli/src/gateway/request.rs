//! Turning an HTTP request into what to serve: the trustless-gateway subset of DESIGN §3.
use axum::http::StatusCode;
use proofmark_core::cid::{ByteRange, Cid, DagScope, parse_cid};

/// The response body kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A CARv1 in DFS order; `dups` repeats blocks each time they are reached.
    Car {
        /// `dups=y`.
        dups: bool,
    },
    /// The single block at the end of the path.
    Raw,
    /// The file's bytes (or a directory listing).
    Deserialized,
}

/// A parsed gateway request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayRequest {
    /// The root CID.
    pub root: Cid,
    /// Path segments below the root, percent-decoded.
    pub path: Vec<String>,
    /// What to send.
    pub format: Format,
    /// `dag-scope` (CAR only).
    pub scope: DagScope,
    /// `entity-bytes` (CAR only).
    pub entity_bytes: Option<ByteRange>,
    /// HTTP `Range` (deserialized files only).
    pub range: Option<ByteRange>,
}

/// A request the gateway refuses: status and message.
pub type Refusal = (StatusCode, String);

fn bad(message: impl Into<String>) -> Refusal {
    (StatusCode::BAD_REQUEST, message.into())
}

/// Parses `/ipfs/{cid}[/path]`, the query string and the `Accept` and `Range` headers.
pub fn parse(
    uri_path: &str,
    query: Option<&str>,
    accept: Option<&str>,
    range: Option<&str>,
) -> Result<GatewayRequest, Refusal> {
    let rest = uri_path
        .strip_prefix("/ipfs/")
        .ok_or_else(|| (StatusCode::NOT_FOUND, "only /ipfs/{cid} paths are served".into()))?;
    let mut segments = rest.split('/');
    let cid_text = segments.next().unwrap_or_default();
    let root = parse_cid(cid_text).map_err(|e| bad(format!("invalid CID {cid_text:?}: {e}")))?;
    let mut path = Vec::new();
    for segment in segments.filter(|s| !s.is_empty()) {
        let decoded =
            percent_encoding::percent_decode_str(segment).decode_utf8().map_err(|_| bad("path is not UTF-8"))?;
        path.push(decoded.into_owned());
    }

    let mut format = None;
    let mut scope = DagScope::All;
    let mut entity_bytes = None;
    let mut car_dups = None;
    for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "format" => {
                format = Some(match value.as_ref() {
                    "car" => Format::Car { dups: true },
                    "raw" => Format::Raw,
                    other => return Err(bad(format!("unsupported format {other:?}"))),
                })
            }
            "dag-scope" => scope = DagScope::parse(&value).map_err(|e| bad(e.to_string()))?,
            "entity-bytes" => entity_bytes = Some(ByteRange::parse(&value).map_err(|e| bad(e.to_string()))?),
            "car-version" if value != "1" => return Err(bad("only car-version=1 is served")),
            "car-order" if value != "dfs" && value != "unk" => {
                return Err(bad("car-order must be dfs or unk"));
            }
            "car-dups" => car_dups = Some(parse_dups(&value)?),
            _ => {}
        }
    }
    if format.is_none() {
        format = accepted(accept)?;
    }
    if let (Some(Format::Car { .. }), Some(Format::Car { dups })) = (format, accept_car(accept)?) {
        format = Some(Format::Car { dups });
    }
    let mut format = format.unwrap_or(Format::Deserialized);
    if let (Format::Car { .. }, Some(dups)) = (format, car_dups) {
        format = Format::Car { dups };
    }
    let range = match (format, range) {
        (Format::Deserialized, Some(header)) => parse_range_header(header)?,
        _ => None,
    };
    Ok(GatewayRequest { root, path, format, scope, entity_bytes, range })
}

fn parse_dups(value: &str) -> Result<bool, Refusal> {
    match value {
        "y" => Ok(true),
        "n" => Ok(false),
        _ => Err(bad("car-dups must be y or n")),
    }
}

/// The format named by the first acceptable media type in `Accept`.
fn accepted(accept: Option<&str>) -> Result<Option<Format>, Refusal> {
    let Some(accept) = accept else {
        return Ok(None);
    };
    for media in accept.split(',') {
        let kind = media.split(';').next().unwrap_or_default().trim();
        match kind {
            "application/vnd.ipld.car" => return accept_car(Some(media)),
            "application/vnd.ipld.raw" => return Ok(Some(Format::Raw)),
            _ => {}
        }
    }
    Ok(None)
}

/// Parameters of a CAR media type: `version=1`, `order=dfs|unk`, `dups=y|n`.
fn accept_car(accept: Option<&str>) -> Result<Option<Format>, Refusal> {
    let Some(accept) = accept else {
        return Ok(None);
    };
    let Some(media) =
        accept.split(',').find(|m| m.split(';').next().is_some_and(|k| k.trim() == "application/vnd.ipld.car"))
    else {
        return Ok(None);
    };
    let mut dups = true;
    for param in media.split(';').skip(1) {
        let Some((key, value)) = param.split_once('=') else {
            continue;
        };
        match (key.trim(), value.trim()) {
            ("version", "1") | ("order", "dfs") | ("order", "unk") => {}
            ("version", _) => {
                return Err((StatusCode::NOT_ACCEPTABLE, "only CAR version 1 is served".into()));
            }
            ("order", _) => {
                return Err((StatusCode::NOT_ACCEPTABLE, "CAR order must be dfs or unk".into()));
            }
            ("dups", value) => dups = parse_dups(value)?,
            _ => {}
        }
    }
    Ok(Some(Format::Car { dups }))
}

/// `Range: bytes=a-b` (the first range only; `-n` is the last n bytes).
fn parse_range_header(header: &str) -> Result<Option<ByteRange>, Refusal> {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    let first = spec.split(',').next().unwrap_or_default().trim();
    let (from, to) = first.split_once('-').ok_or_else(|| bad("bad Range"))?;
    let number = |s: &str| s.parse::<i64>().map_err(|_| bad("bad Range"));
    let range = match (from.is_empty(), to.is_empty()) {
        // A suffix of zero bytes selects nothing (RFC 9110 §14.1.3).
        (true, false) if number(to)? == 0 => {
            return Err((StatusCode::RANGE_NOT_SATISFIABLE, "bytes=-0 selects nothing".into()));
        }
        (true, false) => ByteRange { from: -number(to)?, to: None },
        (false, true) => ByteRange { from: number(from)?, to: None },
        (false, false) => ByteRange { from: number(from)?, to: Some(number(to)?) },
        (true, true) => return Err(bad("bad Range")),
    };
    // `last < first` makes the header invalid: serve the whole file (RFC 9110 §14.2).
    if range.to.is_some_and(|to| to < range.from) {
        return Ok(None);
    }
    Ok(Some(range))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CID: &str = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";

    fn get(path: &str, query: Option<&str>, accept: Option<&str>) -> GatewayRequest {
        parse(path, query, accept, None).unwrap()
    }

    #[test]
    fn picks_formats_from_query_and_accept() {
        let p = format!("/ipfs/{CID}");
        assert_eq!(get(&p, None, None).format, Format::Deserialized);
        assert_eq!(get(&p, Some("format=car"), None).format, Format::Car { dups: true });
        assert_eq!(get(&p, Some("format=car&car-dups=n"), None).format, Format::Car { dups: false });
        assert_eq!(
            get(&p, None, Some("application/vnd.ipld.car; version=1; order=dfs; dups=n")).format,
            Format::Car { dups: false }
        );
        assert_eq!(get(&p, None, Some("text/html, application/vnd.ipld.raw")).format, Format::Raw);
        assert_eq!(get(&p, Some("format=raw"), None).format, Format::Raw);
        let refused = parse(&p, None, Some("application/vnd.ipld.car; version=2"), None).unwrap_err();
        assert_eq!(refused.0, StatusCode::NOT_ACCEPTABLE);
    }

    #[test]
    fn reads_scope_range_and_path() {
        let r = get(&format!("/ipfs/{CID}/a%20b/c.png"), Some("format=car&dag-scope=entity&entity-bytes=0:99"), None);
        assert_eq!(r.path, vec!["a b".to_string(), "c.png".to_string()]);
        assert_eq!(r.scope, DagScope::Entity);
        assert_eq!(r.entity_bytes, Some(ByteRange { from: 0, to: Some(99) }));
        let ranged = parse(&format!("/ipfs/{CID}"), None, None, Some("bytes=-10")).unwrap();
        assert_eq!(ranged.range, Some(ByteRange { from: -10, to: None }));
        assert_eq!(parse("/ipfs/nope", None, None, None).unwrap_err().0, StatusCode::BAD_REQUEST);
    }
}
