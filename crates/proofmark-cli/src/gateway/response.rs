//! Building gateway responses. Every block leaves through the core's traversal, which
//! checks it against its CID first; a failure after headers were sent aborts the body.
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use proofmark_core::Error;
use proofmark_core::cid::car::{encode_header, encode_section};
use proofmark_core::cid::limits::Caps;
use proofmark_core::cid::{Cid, DagScope, Selector, TargetKind, Traversal, list_directory, verify_block};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::Gateway;
use super::index::BlockIndex;
use super::request::{Format, GatewayRequest, Refusal, parse};

type Chunk = Result<Vec<u8>, std::io::Error>;

/// Shard blocks a directory listing may read: far above any real directory's shards, far
/// below what a hostile shard graph could demand.
const LISTING_CAPS: Caps = Caps { max_bytes: None, max_blocks: Some(100_000) };

/// Handles every request.
pub async fn handle(State(gateway): State<Arc<Gateway>>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let mut response = match method {
        Method::OPTIONS => status(StatusCode::NO_CONTENT, ""),
        Method::GET | Method::HEAD => match answer(gateway, &method, &uri, &headers).await {
            Ok(response) => response,
            Err((code, message)) => status(code, &message),
        },
        _ => status(StatusCode::METHOD_NOT_ALLOWED, "only GET, HEAD and OPTIONS"),
    };
    let h = response.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, HEAD, OPTIONS"));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Content-Type, Range, User-Agent, X-Requested-With"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(
            "Content-Length, Content-Range, Content-Type, X-Ipfs-Path, X-Ipfs-Roots, X-Content-Type-Options",
        ),
    );
    response
}

fn status(code: StatusCode, message: &str) -> Response {
    let mut response = Response::new(Body::from(format!("{message}\n")));
    *response.status_mut() = code;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

fn internal(e: impl std::fmt::Display) -> Refusal {
    (StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

/// What the path leads to.
struct Resolved {
    target: Cid,
    kind: TargetKind,
    /// The file's first bytes, for content-type sniffing.
    preview: Vec<u8>,
}

async fn answer(gateway: Arc<Gateway>, method: &Method, uri: &Uri, headers: &HeaderMap) -> Result<Response, Refusal> {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let request = parse(uri.path(), uri.query(), text(header::ACCEPT), text(header::RANGE))?;
    let root = request.root;
    let index =
        tokio::task::spawn_blocking(move || gateway.index_for(&root)).await.map_err(internal)?.map_err(internal)?;
    if !index.contains(&request.root) {
        return Err((StatusCode::NOT_FOUND, format!("{} is not stored here", request.root)));
    }
    let request = Arc::new(request);
    let resolved = {
        let (index, request) = (index.clone(), request.clone());
        tokio::task::spawn_blocking(move || resolve(&index, &request)).await.map_err(internal)??
    };
    let ipfs_path =
        format!("/ipfs/{}{}", request.root, request.path.iter().map(|s| format!("/{s}")).collect::<String>());
    let mut builder = Response::builder()
        .header("X-Ipfs-Path", ipfs_path)
        .header("X-Ipfs-Roots", request.root.to_string())
        .header(header::CACHE_CONTROL, "public, max-age=29030400, immutable")
        .header(header::VARY, "Accept")
        .header("X-Content-Type-Options", "nosniff");
    let head = method == Method::HEAD;
    match request.format {
        Format::Raw => {
            let block = index
                .get(&resolved.target)
                .map_err(internal)?
                .ok_or_else(|| (StatusCode::NOT_FOUND, "block not stored".into()))?;
            verify_block(&resolved.target, &block).map_err(internal)?;
            builder = builder
                .header(header::CONTENT_TYPE, "application/vnd.ipld.raw")
                .header(header::ETAG, format!("\"{}.raw\"", resolved.target))
                .header(header::CONTENT_LENGTH, block.len())
                .header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}.bin\"", resolved.target));
            builder.body(if head { Body::empty() } else { Body::from(block) }).map_err(internal)
        }
        Format::Car { dups } => {
            if let (TargetKind::File { size }, Some(range)) = (resolved.kind, request.entity_bytes) {
                range.resolve(size).map_err(|e| (StatusCode::BAD_REQUEST, e.to_string()))?;
            }
            let dups_flag = if dups { "y" } else { "n" };
            // Every parameter that changes the body is in the tag: `dups=y` and `dups=n`
            // are different bytes.
            let etag = format!(
                "\"{}.car.{}.{}.{}.dups-{dups_flag}\"",
                request.root,
                request.path.join("/"),
                request.scope.name(),
                request.entity_bytes.map(|r| r.to_string()).unwrap_or_default()
            );
            builder = builder
                .header(
                    header::CONTENT_TYPE,
                    format!("application/vnd.ipld.car; version=1; order=dfs; dups={dups_flag}"),
                )
                .header(header::ETAG, etag)
                .header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}.car\"", request.root));
            if head {
                return builder.body(Body::empty()).map_err(internal);
            }
            builder.body(stream(move |tx| write_car(&index, &request, dups, tx))).map_err(internal)
        }
        Format::Deserialized => match resolved.kind {
            TargetKind::File { size } => {
                let (start, end) = match request.range.map(|range| range.resolve(size)) {
                    // A range that selects nothing (any range of an empty file) cannot be
                    // written as a Content-Range: unsatisfiable.
                    Some(Ok((start, end))) if start < end => (start, end),
                    Some(_) => {
                        let mut refused = status(StatusCode::RANGE_NOT_SATISFIABLE, &format!("file is {size} bytes"));
                        let unsatisfied = HeaderValue::from_str(&format!("bytes */{size}")).map_err(internal)?;
                        refused.headers_mut().insert(header::CONTENT_RANGE, unsatisfied);
                        return Ok(refused);
                    }
                    None => (0, size),
                };
                if request.range.is_some() {
                    builder = builder
                        .status(StatusCode::PARTIAL_CONTENT)
                        .header(header::CONTENT_RANGE, format!("bytes {start}-{}/{size}", end.saturating_sub(1)));
                }
                builder = builder
                    .header(
                        header::CONTENT_TYPE,
                        content_type(request.path.last().map(String::as_str), &resolved.preview),
                    )
                    .header(header::CONTENT_LENGTH, end - start)
                    .header(header::ACCEPT_RANGES, "bytes")
                    .header(header::ETAG, format!("\"{}\"", resolved.target));
                if head {
                    return builder.body(Body::empty()).map_err(internal);
                }
                let selector = Selector { path: request.path.clone(), scope: DagScope::All, range: request.range };
                builder.body(stream(move |tx| write_file(&index, request.root, selector, tx))).map_err(internal)
            }
            TargetKind::Directory => {
                let entries = list_directory(resolved.target, LISTING_CAPS, |cid| {
                    index
                        .get(cid)
                        .map_err(|_| Error::MissingBlock(cid.to_string()))?
                        .ok_or_else(|| Error::MissingBlock(cid.to_string()))
                })
                .map_err(|e| (StatusCode::BAD_GATEWAY, e.to_string()))?;
                let base = uri.path().trim_end_matches('/');
                let mut html = format!("<!doctype html><title>{}</title><ul>\n", html_escape(base));
                for entry in entries {
                    let name = html_escape(&entry.name);
                    let href = percent_encoding::utf8_percent_encode(&entry.name, percent_encoding::NON_ALPHANUMERIC);
                    html.push_str(&format!("<li><a href=\"{base}/{href}\">{name}</a> {}</li>\n", entry.cid));
                }
                html.push_str("</ul>\n");
                builder = builder
                    .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
                    .header(header::ETAG, format!("\"{}.dir\"", resolved.target));
                builder.body(if head { Body::empty() } else { Body::from(html) }).map_err(internal)
            }
            TargetKind::Other => {
                Err((StatusCode::NOT_IMPLEMENTED, "symlinks and metadata nodes are served only as CAR or raw".into()))
            }
        },
    }
}

/// Walks the path (scope `block`) to learn the target, then peeks at a file's first bytes.
fn resolve(index: &BlockIndex, request: &GatewayRequest) -> Result<Resolved, Refusal> {
    let selector = Selector { path: request.path.clone(), scope: DagScope::Block, range: None };
    let walk = run(index, request.root, selector, |_, _| Ok(())).map_err(refusal)?;
    let (target, kind) = walk.target().ok_or_else(|| internal("the walk ended before its target"))?;
    let mut preview = Vec::new();
    if let TargetKind::File { size } = kind
        && size > 0
    {
        let range = proofmark_core::cid::ByteRange { from: 0, to: Some(511) };
        let selector = Selector { path: request.path.clone(), scope: DagScope::All, range: Some(range) };
        run(index, request.root, selector, |_, bytes| {
            preview.extend_from_slice(bytes);
            Ok(())
        })
        .map_err(refusal)?;
    }
    Ok(Resolved { target, kind, preview })
}

fn refusal(e: Error) -> Refusal {
    match e {
        Error::PathNotFound(_) | Error::MissingBlock(_) => (StatusCode::NOT_FOUND, e.to_string()),
        Error::WrongNodeKind(_) | Error::InvalidRange(_) => (StatusCode::BAD_REQUEST, e.to_string()),
        other => (StatusCode::BAD_GATEWAY, other.to_string()),
    }
}

/// Runs a traversal over the index; `on_block` sees each visited block, `emit` (second
/// argument of the same callback) the file bytes.
fn run(
    index: &BlockIndex,
    root: Cid,
    selector: Selector,
    mut on: impl FnMut(Option<(&Cid, &[u8])>, &[u8]) -> Result<(), Error>,
) -> Result<Traversal, Error> {
    let mut walk = Traversal::new(root, selector, Caps::default());
    while let Some(cid) = walk.next_needed().copied() {
        let block = index
            .get(&cid)
            .map_err(|_| Error::MissingBlock(cid.to_string()))?
            .ok_or_else(|| Error::MissingBlock(cid.to_string()))?;
        walk.visit::<Error>(&block, |bytes| on(None, bytes))?;
        on(Some((&cid, &block)), &[])?;
    }
    Ok(walk)
}

/// A body fed by a blocking producer; an `Err` sent to it aborts the response.
fn stream(produce: impl FnOnce(&mpsc::Sender<Chunk>) -> Result<(), Error> + Send + 'static) -> Body {
    let (tx, rx) = mpsc::channel::<Chunk>(8);
    tokio::task::spawn_blocking(move || {
        if let Err(e) = produce(&tx) {
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
        }
    });
    Body::from_stream(ReceiverStream::new(rx))
}

/// The receiver went away (client disconnected): stop quietly.
fn send(tx: &mpsc::Sender<Chunk>, bytes: Vec<u8>) -> Result<(), Error> {
    tx.blocking_send(Ok(bytes)).map_err(|_| Error::InvalidParams("client disconnected"))
}

fn write_car(index: &BlockIndex, request: &GatewayRequest, dups: bool, tx: &mpsc::Sender<Chunk>) -> Result<(), Error> {
    send(tx, encode_header(&[request.root]))?;
    let selector = Selector { path: request.path.clone(), scope: request.scope, range: request.entity_bytes };
    let mut sent = std::collections::HashSet::new();
    let mut pending = Vec::new();
    run(index, request.root, selector, |block, _| {
        if let Some((cid, data)) = block
            && (dups || sent.insert(*cid))
        {
            encode_section(cid, data, &mut pending);
            if pending.len() >= 256 * 1024 {
                send(tx, std::mem::take(&mut pending))?;
            }
        }
        Ok(())
    })?;
    if !pending.is_empty() {
        send(tx, pending)?;
    }
    Ok(())
}

fn write_file(index: &BlockIndex, root: Cid, selector: Selector, tx: &mpsc::Sender<Chunk>) -> Result<(), Error> {
    run(index, root, selector, |_, bytes| if bytes.is_empty() { Ok(()) } else { send(tx, bytes.to_vec()) })?;
    Ok(())
}

/// A content type from the file name, else from the first bytes.
fn content_type(name: Option<&str>, preview: &[u8]) -> &'static str {
    let by_extension = name.and_then(|n| n.rsplit_once('.')).map(|(_, ext)| ext.to_ascii_lowercase());
    match by_extension.as_deref() {
        Some("png") => return "image/png",
        Some("jpg" | "jpeg") => return "image/jpeg",
        Some("gif") => return "image/gif",
        Some("webp") => return "image/webp",
        Some("svg") => return "image/svg+xml",
        Some("json") => return "application/json",
        Some("txt") => return "text/plain; charset=utf-8",
        Some("html" | "htm") => return "text/html; charset=utf-8",
        Some("mp4") => return "video/mp4",
        Some("webm") => return "video/webm",
        Some("car") => return "application/vnd.ipld.car",
        _ => {}
    }
    match preview {
        [0x89, b'P', b'N', b'G', ..] => "image/png",
        [0xff, 0xd8, 0xff, ..] => "image/jpeg",
        [b'G', b'I', b'F', b'8', ..] => "image/gif",
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => "image/webp",
        _ if !preview.is_empty() && std::str::from_utf8(preview).is_ok() => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
