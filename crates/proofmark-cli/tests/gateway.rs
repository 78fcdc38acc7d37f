//! `proofmark gateway serve` over real HTTP (DESIGN §3): CARs under every parameter form,
//! paths through directories and HAMT shards, HEAD, `Range`, CORS and raw blocks.
//!
//! Each test starts its own gateway (`--port 0`) over a temporary folder of CARs made by
//! `proofmark cid --car` (plus the gateway-conformance fixtures when present) and checks
//! every answer against the core: CARs verify under the same selector and list their
//! blocks in exactly the order the core `Traversal` visits them.
mod common;

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Stdio};
use std::time::Duration;

use common::{bytes, fixtures, run, stdout, write};
use proofmark_core::Error;
use proofmark_core::cid::limits::Caps;
use proofmark_core::cid::{
    ByteRange, CarSummary, CarVerifier, Cid, Codec, DagScope, HashFunction, Selector, TargetKind, Traversal,
    list_directory, raw_cid_of, read_car, verify_block,
};

const CAR: &str = "application/vnd.ipld.car";
const RAW: &str = "application/vnd.ipld.raw";

// ---------------------------------------------------------------------------------------
// The gateway process and an HTTP client for it
// ---------------------------------------------------------------------------------------

/// A `proofmark gateway serve --port 0` child, killed on drop.
struct Gateway {
    child: Child,
    /// Kept open so the gateway never writes to a closed pipe.
    _stdout: Option<BufReader<ChildStdout>>,
    /// `http://127.0.0.1:PORT`, read from the line the gateway prints at start.
    base: String,
    agent: ureq::Agent,
}

impl Gateway {
    fn serve(dir: &Path) -> Gateway {
        let child = common::bin()
            .args(["gateway", "serve", "--dir", &dir.display().to_string(), "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the gateway starts");
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build();
        let mut gateway = Gateway { child, _stdout: None, base: String::new(), agent: config.into() };
        let mut out = BufReader::new(gateway.child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        out.read_line(&mut line).expect("read the gateway's first line");
        assert!(line.starts_with("gateway listening on http://127.0.0.1:"), "unexpected first line {line:?}");
        gateway.base = line.split_whitespace().find(|w| w.starts_with("http://")).expect("an address").to_string();
        gateway._stdout = Some(out);
        gateway
    }

    fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.base)
    }

    /// Sends `method path` with `headers` and reads the whole answer.
    fn send(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
        let url = self.url(path);
        let mut request = match method {
            "GET" => self.agent.get(&url),
            "HEAD" => self.agent.head(&url),
            "OPTIONS" => self.agent.options(&url),
            other => panic!("no helper for {other}"),
        };
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut response = request.call().unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_vec()
            .unwrap_or_else(|e| panic!("{method} {path}: reading the body: {e}"));
        Reply { status, headers, body }
    }

    fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.send("GET", path, headers)
    }

    fn head(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.send("HEAD", path, headers)
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP answer.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: ureq::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    /// A header's value; panics when it is absent.
    fn header(&self, name: &str) -> &str {
        self.maybe_header(name).unwrap_or_else(|| panic!("no {name} header in {:?}", self.headers))
    }

    fn maybe_header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().expect("an ASCII header"))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

// ---------------------------------------------------------------------------------------
// The served folder
// ---------------------------------------------------------------------------------------

/// Every block of every CAR in the served folder, for reference walks.
type Store = HashMap<Cid, Vec<u8>>;

/// A file made by `proofmark cid --car`: its CID and original bytes.
struct Asset {
    cid: Cid,
    data: Vec<u8>,
}

/// Roots of the gateway-conformance fixtures used here.
struct Fixtures {
    /// `subdir-with-mixed-block-files.car`: a directory with a subdirectory.
    dir: Cid,
    /// `single-layer-hamt-with-multi-block-files.car`: a HAMT-sharded directory.
    hamt: Cid,
}

/// A temporary folder of CARs and a gateway serving it.
struct Corpus {
    gateway: Gateway,
    store: Store,
    /// ≈ 48 KiB of seeded bytes, 1 KiB raw leaves, ≤ 4 links: depth 3.
    deep: Asset,
    /// One 1 KiB chunk repeated 32 times (dag-pb leaves): every level repeats its block.
    repeated: Asset,
    /// One raw block (profile `raw`).
    raw: Asset,
    /// An empty file.
    empty: Asset,
    fixtures: Option<Fixtures>,
    _dir: tempfile::TempDir,
}

impl Corpus {
    fn new() -> Corpus {
        let dir = tempfile::tempdir().expect("temp dir");
        let (sources, cars) = (dir.path().join("src"), dir.path().join("cars"));
        std::fs::create_dir_all(&sources).expect("mkdir src");
        std::fs::create_dir_all(&cars).expect("mkdir cars");

        let deep =
            import(&sources, &cars, "deep", bytes(48 * 1024 + 123, 11), &["--chunk-size", "1024", "--max-links", "4"]);
        let chunk = bytes(1024, 12);
        let repeated_data = chunk.repeat(32);
        let repeated = import(
            &sources,
            &cars,
            "repeated",
            repeated_data,
            &["--chunk-size", "1024", "--max-links", "4", "--no-raw-leaves"],
        );
        let raw = import(&sources, &cars, "raw", bytes(700, 13), &["--profile", "raw"]);
        let empty = import(&sources, &cars, "empty", Vec::new(), &[]);

        let fixtures = fixtures().map(|shared| {
            let conformance = shared.join("gateway-conformance");
            for name in ["dir-with-files.car", "subdir-with-two-single-block-files.car", "dag-pb.car"] {
                copy_car(&conformance.join(name), &cars);
            }
            Fixtures {
                dir: copy_car(&conformance.join("subdir-with-mixed-block-files.car"), &cars),
                hamt: copy_car(&conformance.join("single-layer-hamt-with-multi-block-files.car"), &cars),
            }
        });

        let store = load_store(&cars);
        let gateway = Gateway::serve(&cars);
        Corpus { gateway, store, deep, repeated, raw, empty, fixtures, _dir: dir }
    }

    /// A block from the reference store.
    fn block(&self, cid: &Cid) -> Vec<u8> {
        self.store.get(cid).unwrap_or_else(|| panic!("{cid} is not in the served CARs")).clone()
    }
}

/// Writes `data` to `sources/NAME`, runs `proofmark cid … --car cars/NAME.car ARGS`.
fn import(sources: &Path, cars: &Path, name: &str, data: Vec<u8>, args: &[&str]) -> Asset {
    let file = write(sources, name, &data);
    let car = cars.join(format!("{name}.car")).display().to_string();
    let mut full = vec!["cid", file.as_str(), "--car", car.as_str()];
    full.extend_from_slice(args);
    let out = run(&full);
    assert!(out.status.success(), "proofmark {full:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    let cid: Cid = stdout(&out).parse().expect("proofmark cid prints a CID");
    Asset { cid, data }
}

/// Copies a fixture CAR into the served folder and returns its (single) root.
fn copy_car(from: &Path, cars: &Path) -> Cid {
    let data = std::fs::read(from).unwrap_or_else(|e| panic!("reading {}: {e}", from.display()));
    let (roots, _) = read_car(&data).expect("the fixture CAR reads");
    std::fs::write(cars.join(from.file_name().expect("a file name")), &data).expect("copy the fixture");
    roots[0]
}

fn load_store(cars: &Path) -> Store {
    let mut store = Store::new();
    for entry in std::fs::read_dir(cars).expect("list cars") {
        let data = std::fs::read(entry.expect("dir entry").path()).expect("read a CAR");
        store.extend(read_car(&data).expect("every served CAR reads").1);
    }
    store
}

// ---------------------------------------------------------------------------------------
// Reference answers from the core
// ---------------------------------------------------------------------------------------

/// What the core's own walk over the reference store visits and emits.
struct Walk {
    /// Blocks in visit order (the order of a `dups=y` CAR).
    order: Vec<Cid>,
    bytes: Vec<u8>,
    target: Option<(Cid, TargetKind)>,
}

fn walk(store: &Store, root: Cid, selector: Selector) -> Walk {
    let mut traversal = Traversal::new(root, selector, Caps::default());
    let (mut order, mut bytes) = (Vec::new(), Vec::new());
    while let Some(cid) = traversal.next_needed().copied() {
        let block = store.get(&cid).unwrap_or_else(|| panic!("reference walk: {cid} missing"));
        traversal
            .visit::<Error>(block, |piece| {
                bytes.extend_from_slice(piece);
                Ok(())
            })
            .expect("the reference walk verifies");
        order.push(cid);
    }
    Walk { order, bytes, target: traversal.target() }
}

/// First occurrences only: the order of a `dups=n` CAR.
fn without_dups(order: &[Cid]) -> Vec<Cid> {
    let mut seen = HashSet::new();
    order.iter().filter(|cid| seen.insert(**cid)).copied().collect()
}

/// Verifies a CAR body with the core's streaming verifier, fed in uneven slices.
/// `strict` allows no reorder buffer: blocks must arrive exactly when needed.
fn verify_car(body: &[u8], root: Cid, selector: Selector, strict: bool) -> (CarSummary, Vec<u8>) {
    let mut verifier = CarVerifier::new(root, selector, Caps::default());
    if strict {
        verifier = verifier.with_reorder_buffer(0);
    }
    let mut out = Vec::new();
    for slice in body.chunks(997) {
        verifier
            .push::<Error>(slice, |piece| {
                out.extend_from_slice(piece);
                Ok(())
            })
            .expect("the CAR verifies while streaming");
    }
    let summary = verifier
        .finish::<Error>(|piece| {
            out.extend_from_slice(piece);
            Ok(())
        })
        .expect("the CAR is complete");
    (summary, out)
}

/// The CIDs of a CAR's header and its blocks, in file order.
fn car_layout(body: &[u8]) -> (Vec<Cid>, Vec<Cid>) {
    let (roots, blocks) = read_car(body).expect("the body is a CAR");
    (roots, blocks.into_iter().map(|(cid, _)| cid).collect())
}

fn selector(path: &[String], scope: DagScope, range: Option<ByteRange>) -> Selector {
    Selector { path: path.to_vec(), scope, range }
}

fn ipfs_path(root: &Cid, path: &[String]) -> String {
    let mut out = format!("/ipfs/{root}");
    for segment in path {
        out.push('/');
        out.push_str(segment);
    }
    out
}

/// The entries of a fixture directory with what each one is.
fn entries(store: &Store, dir: Cid) -> Vec<(String, Cid, TargetKind)> {
    let get = |cid: &Cid| store.get(cid).cloned().ok_or_else(|| Error::MissingBlock(cid.to_string()));
    let listing = list_directory(dir, Caps::default(), get).expect("list the fixture directory");
    listing
        .into_iter()
        .map(|entry| {
            let step = walk(store, dir, selector(std::slice::from_ref(&entry.name), DagScope::Block, None));
            let (cid, kind) = step.target.expect("the entry resolves");
            (entry.name, cid, kind)
        })
        .collect()
}

/// A path to the largest file directly in `dir`, else to a file in its first subdirectory
/// that holds one.
fn file_under(store: &Store, dir: Cid) -> Vec<String> {
    find_file(store, dir, false).expect("the fixture directory holds a non-empty file")
}

/// A path to a file through at least one subdirectory when there is one.
fn nested_file_under(store: &Store, dir: Cid) -> Vec<String> {
    find_file(store, dir, true).expect("the fixture directory holds a non-empty file")
}

fn find_file(store: &Store, dir: Cid, subdirectories_first: bool) -> Option<Vec<String>> {
    let listed = entries(store, dir);
    let largest = listed
        .iter()
        .filter_map(|(name, _, kind)| match kind {
            TargetKind::File { size } if *size > 0 => Some((*size, name.clone())),
            _ => None,
        })
        .max()
        .map(|(_, name)| vec![name]);
    let below = || {
        listed.iter().filter(|(_, _, kind)| *kind == TargetKind::Directory).find_map(|(name, cid, _)| {
            let rest = find_file(store, *cid, subdirectories_first)?;
            Some([vec![name.clone()], rest].concat())
        })
    };
    if subdirectories_first { below().or(largest) } else { largest.or_else(below) }
}

// ---------------------------------------------------------------------------------------
// The parameter matrix
// ---------------------------------------------------------------------------------------

/// One way of asking for a CAR: an `Accept` header or query parameters.
struct CarForm {
    accept: Option<&'static str>,
    query: &'static str,
    dups: bool,
}

const CAR_FORMS: &[CarForm] = &[
    CarForm { accept: Some("application/vnd.ipld.car"), query: "", dups: true },
    CarForm { accept: Some("application/vnd.ipld.car; version=1"), query: "", dups: true },
    CarForm { accept: Some("application/vnd.ipld.car; version=1; order=dfs"), query: "", dups: true },
    CarForm { accept: Some("application/vnd.ipld.car; version=1; order=dfs; dups=y"), query: "", dups: true },
    CarForm { accept: Some("application/vnd.ipld.car; version=1; order=dfs; dups=n"), query: "", dups: false },
    CarForm { accept: Some("application/vnd.ipld.car; order=unk"), query: "", dups: true },
    CarForm { accept: Some("application/vnd.ipld.car;version=1;order=unk;dups=n"), query: "", dups: false },
    CarForm { accept: None, query: "format=car", dups: true },
    CarForm { accept: None, query: "format=car&car-version=1&car-order=dfs&car-dups=y", dups: true },
    CarForm { accept: None, query: "format=car&car-version=1&car-order=dfs&car-dups=n", dups: false },
];

const SCOPES: [DagScope; 3] = [DagScope::All, DagScope::Entity, DagScope::Block];

/// An `entity-bytes` value and the `[start, end)` slice of the file it selects.
struct EntityBytes {
    param: Option<String>,
    range: Option<ByteRange>,
    slice: (usize, usize),
}

/// absent, `0:*`, a middle range, `-100:*`, for a file of `len` bytes.
fn entity_byte_cases(len: usize) -> Vec<EntityBytes> {
    let from = len / 3;
    let to = (2 * len / 3 + 1).min(len.saturating_sub(1)).max(from);
    let case = |param: &str, range: ByteRange, slice| EntityBytes {
        param: Some(param.to_string()),
        range: Some(range),
        slice,
    };
    vec![
        EntityBytes { param: None, range: None, slice: (0, len) },
        case("0:*", ByteRange { from: 0, to: None }, (0, len)),
        case(&format!("{from}:{to}"), ByteRange { from: from as i64, to: Some(to as i64) }, (from, to + 1)),
        case("-100:*", ByteRange { from: -100, to: None }, (len.saturating_sub(100), len)),
    ]
}

/// What a CAR request is about: a root, a path below it, and the file bytes at its end
/// (`None` for a directory).
struct Target {
    name: &'static str,
    root: Cid,
    path: Vec<String>,
    data: Option<Vec<u8>>,
    /// The target is a single raw block (its bytes are emitted even for `dag-scope=block`).
    raw_block: bool,
}

impl Target {
    fn asset(name: &'static str, asset: &Asset) -> Target {
        let raw_block = Codec::of(&asset.cid).expect("known codec") == Codec::Raw;
        Target { name, root: asset.cid, path: Vec::new(), data: Some(asset.data.clone()), raw_block }
    }

    /// A target inside a fixture; its bytes come from the core's walk of the stored blocks.
    fn fixture(name: &'static str, store: &Store, root: Cid, path: Vec<String>) -> Target {
        let whole = walk(store, root, selector(&path, DagScope::All, None));
        let (cid, kind) = whole.target.expect("the path resolves");
        let data = matches!(kind, TargetKind::File { .. }).then_some(whole.bytes);
        let raw_block = Codec::of(&cid).expect("known codec") == Codec::Raw;
        Target { name, root, path, data, raw_block }
    }

    /// The bytes a CAR for `scope` and `entity` must yield.
    fn expected_bytes(&self, scope: DagScope, entity: &EntityBytes) -> Vec<u8> {
        match &self.data {
            None => Vec::new(),
            Some(_) if scope == DagScope::Block && !self.raw_block => Vec::new(),
            Some(data) => data[entity.slice.0..entity.slice.1].to_vec(),
        }
    }
}

fn car_url(target: &Target, form: &CarForm, scope: DagScope, entity: &EntityBytes) -> String {
    let mut query: Vec<String> = Vec::new();
    if !form.query.is_empty() {
        query.push(form.query.to_string());
    }
    query.push(format!("dag-scope={}", scope.name()));
    if let Some(param) = &entity.param {
        query.push(format!("entity-bytes={param}"));
    }
    format!("{}?{}", ipfs_path(&target.root, &target.path), query.join("&"))
}

/// Fetches one CAR and checks everything about it; returns the block CIDs it held.
fn check_car(corpus: &Corpus, target: &Target, form: &CarForm, scope: DagScope, entity: &EntityBytes) -> Vec<Cid> {
    let url = car_url(target, form, scope, entity);
    let accept: Vec<(&str, &str)> = form.accept.map(|a| ("Accept", a)).into_iter().collect();
    let reply = corpus.gateway.get(&url, &accept);
    let case = format!("{} {url} (Accept: {:?})", target.name, form.accept);
    assert_eq!(reply.status, 200, "{case}: {}", reply.text());
    let dups = if form.dups { "y" } else { "n" };
    assert_eq!(reply.header("content-type"), format!("{CAR}; version=1; order=dfs; dups={dups}"), "{case}");
    assert_eq!(reply.header("x-ipfs-path"), ipfs_path(&target.root, &target.path), "{case}");
    assert_eq!(reply.header("access-control-allow-origin"), "*", "{case}");

    let (roots, blocks) = car_layout(&reply.body);
    assert_eq!(roots, vec![target.root], "{case}: header root");
    let selector = selector(&target.path, scope, entity.range);
    let reference = walk(&corpus.store, target.root, selector.clone());
    let expected_order = if form.dups { reference.order.clone() } else { without_dups(&reference.order) };
    assert_eq!(blocks, expected_order, "{case}: block order");
    assert_eq!(blocks.first(), Some(&target.root), "{case}: root first");

    let (summary, verified) = verify_car(&reply.body, target.root, selector, form.dups);
    let expected = target.expected_bytes(scope, entity);
    assert_eq!(verified.len(), expected.len(), "{case}: verified byte count");
    assert!(verified == expected, "{case}: verified bytes differ from the original");
    assert_eq!(reference.bytes, expected, "{case}: the reference walk agrees");
    assert_eq!(summary.header_roots, vec![target.root], "{case}");
    assert_eq!(summary.target, reference.target, "{case}");
    blocks
}

// ---------------------------------------------------------------------------------------
// 1. CARs under every parameter form
// ---------------------------------------------------------------------------------------

#[test]
fn car_responses_follow_the_core_traversal_for_every_parameter_combination() {
    let corpus = Corpus::new();
    let mut targets = vec![
        Target::asset("deep", &corpus.deep),
        Target::asset("repeated", &corpus.repeated),
        Target::asset("raw", &corpus.raw),
    ];
    if let Some(fx) = &corpus.fixtures {
        let store = &corpus.store;
        targets.push(Target::fixture("dir", store, fx.dir, Vec::new()));
        targets.push(Target::fixture("file in dir", store, fx.dir, nested_file_under(store, fx.dir)));
        targets.push(Target::fixture("hamt", store, fx.hamt, Vec::new()));
        targets.push(Target::fixture("file in hamt", store, fx.hamt, file_under(store, fx.hamt)));
    }
    let mut checked = 0;
    for target in &targets {
        let len = target.data.as_ref().map_or(0, Vec::len);
        for entity in entity_byte_cases(len) {
            for scope in SCOPES {
                for form in CAR_FORMS {
                    check_car(&corpus, target, form, scope, &entity);
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, targets.len() * 4 * SCOPES.len() * CAR_FORMS.len());
}

#[test]
fn deep_file_car_has_every_block_once_and_scope_block_only_the_root() {
    let corpus = Corpus::new();
    let root = corpus.deep.cid;
    let all = Target::asset("deep", &corpus.deep);
    let whole = &entity_byte_cases(corpus.deep.data.len())[0];
    let blocks = check_car(&corpus, &all, &CAR_FORMS[0], DagScope::All, whole);
    // 49 leaves (48 KiB + 123 bytes in 1 KiB chunks) under nodes of ≤ 4 links, balanced:
    // 13 nodes above the leaves, 4 above those, then the root (depth 3).
    let leaves = blocks.iter().filter(|c| Codec::of(c).expect("codec") == Codec::Raw).count();
    assert_eq!(leaves, 49);
    assert_eq!(blocks.len(), 49 + 13 + 4 + 1);
    assert_eq!(blocks.iter().collect::<HashSet<_>>().len(), blocks.len(), "no repeated block in random data");
    let only_root = check_car(&corpus, &all, &CAR_FORMS[0], DagScope::Block, whole);
    assert_eq!(only_root, vec![root]);
    // A middle range needs only the leaves it overlaps (plus the nodes above them).
    let middle = &entity_byte_cases(corpus.deep.data.len())[2];
    let ranged = check_car(&corpus, &all, &CAR_FORMS[0], DagScope::Entity, middle);
    let ranged_leaves = ranged.iter().filter(|c| Codec::of(c).expect("codec") == Codec::Raw).count();
    let (start, end) = middle.slice;
    assert_eq!(ranged_leaves, (end - 1) / 1024 - start / 1024 + 1);
}

#[test]
fn dups_y_repeats_identical_blocks_and_dups_n_sends_each_once() {
    let corpus = Corpus::new();
    let target = Target::asset("repeated", &corpus.repeated);
    let whole = &entity_byte_cases(corpus.repeated.data.len())[0];
    let dups_y = &CAR_FORMS[3];
    let dups_n = &CAR_FORMS[4];
    assert!(dups_y.dups && !dups_n.dups);

    // 32 identical leaves under a balanced tree of ≤ 4 links: root → 2 → 8 → 32 blocks,
    // but only one distinct block per level.
    let with_dups = check_car(&corpus, &target, dups_y, DagScope::All, whole);
    assert_eq!(with_dups.len(), 1 + 2 + 8 + 32);
    let distinct: HashSet<_> = with_dups.iter().collect();
    assert_eq!(distinct.len(), 4);
    let without = check_car(&corpus, &target, dups_n, DagScope::All, whole);
    assert_eq!(without.len(), 4);
    assert_eq!(without, without_dups(&with_dups));

    // The same through the query parameters.
    let query_n = check_car(&corpus, &target, &CAR_FORMS[9], DagScope::Entity, whole);
    assert_eq!(query_n, without);
}

#[test]
fn car_etags_differ_between_dups_y_and_dups_n() {
    let corpus = Corpus::new();
    let path = format!("/ipfs/{}?format=car", corpus.repeated.cid);
    let y = corpus.gateway.get(&format!("{path}&car-dups=y"), &[]);
    let n = corpus.gateway.get(&format!("{path}&car-dups=n"), &[]);
    assert_eq!((y.status, n.status), (200, 200));
    assert_ne!(y.body, n.body);
    assert_ne!(y.header("etag"), n.header("etag"), "different bodies must not share a strong ETag");
}

// ---------------------------------------------------------------------------------------
// 2. Paths and refusals
// ---------------------------------------------------------------------------------------

#[test]
fn files_inside_a_directory_and_a_hamt_are_served_as_bytes_and_as_car() {
    let corpus = Corpus::new();
    let Some(fx) = &corpus.fixtures else { return };
    let store = &corpus.store;
    for (root, path) in [(fx.dir, nested_file_under(store, fx.dir)), (fx.hamt, file_under(store, fx.hamt))] {
        let expected = walk(store, root, selector(&path, DagScope::All, None));
        let Some((_, TargetKind::File { size })) = expected.target else { panic!("{path:?} is not a file") };
        assert_eq!(expected.bytes.len() as u64, size);

        let url = ipfs_path(&root, &path);
        let plain = corpus.gateway.get(&url, &[]);
        assert_eq!(plain.status, 200, "{url}: {}", plain.text());
        assert!(plain.body == expected.bytes, "{url}: bytes differ");
        assert_eq!(plain.header("content-length"), size.to_string());
        assert_eq!(plain.header("x-ipfs-path"), url);

        let car = corpus.gateway.get(&format!("{url}?format=car"), &[]);
        assert_eq!(car.status, 200, "{url}?format=car");
        let (roots, blocks) = car_layout(&car.body);
        assert_eq!(roots, vec![root]);
        assert_eq!(blocks, expected.order, "{url}: path blocks then the file, in DFS order");
        let (summary, bytes) = verify_car(&car.body, root, selector(&path, DagScope::All, None), true);
        assert!(bytes == expected.bytes);
        assert_eq!(summary.target, expected.target);
    }
}

#[test]
fn directory_listing_names_every_entry() {
    let corpus = Corpus::new();
    let Some(fx) = &corpus.fixtures else { return };
    for root in [fx.dir, fx.hamt] {
        let entries = list_directory(root, Caps::default(), |cid| Ok(corpus.block(cid))).expect("list");
        assert!(!entries.is_empty());
        let reply = corpus.gateway.get(&format!("/ipfs/{root}/"), &[]);
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("content-type"), "text/html; charset=utf-8");
        let html = reply.text();
        for entry in entries {
            assert!(html.contains(&format!("{}</a> {}", entry.name, entry.cid)), "{} missing from {html}", entry.name);
        }
    }
}

#[test]
fn unknown_paths_and_cids_are_404_and_malformed_requests_400_or_406() {
    let corpus = Corpus::new();
    let gateway = &corpus.gateway;
    if let Some(fx) = &corpus.fixtures {
        for root in [fx.dir, fx.hamt] {
            let reply = gateway.get(&format!("/ipfs/{root}/no-such-file.bin"), &[]);
            assert_eq!(reply.status, 404, "{}", reply.text());
            let car = gateway.get(&format!("/ipfs/{root}/no-such-file.bin?format=car"), &[]);
            assert_eq!(car.status, 404);
        }
    }
    let absent = raw_cid_of(HashFunction::Sha2_256, b"never stored here").expect("a CID");
    assert_eq!(gateway.get(&format!("/ipfs/{absent}"), &[]).status, 404);
    assert_eq!(gateway.get(&format!("/ipfs/{absent}?format=car"), &[]).status, 404);
    assert_eq!(gateway.get(&format!("/ipfs/{absent}?format=raw"), &[]).status, 404);

    assert_eq!(gateway.get("/ipfs/not-a-cid", &[]).status, 400);
    let truncated = corpus.deep.cid.to_string();
    assert_eq!(gateway.get(&format!("/ipfs/{}", &truncated[..truncated.len() - 4]), &[]).status, 400);
    assert_eq!(gateway.get("/ipfs/QmNotBase58l0O", &[]).status, 400);

    let deep = corpus.deep.cid;
    let v2 = gateway.get(&format!("/ipfs/{deep}?format=car&car-version=2"), &[]);
    assert_eq!(v2.status, 400, "{}", v2.text());
    let accept_v2 = gateway.get(&format!("/ipfs/{deep}"), &[("Accept", "application/vnd.ipld.car; version=2")]);
    assert_eq!(accept_v2.status, 406, "{}", accept_v2.text());
    let bad_scope = gateway.get(&format!("/ipfs/{deep}?format=car&dag-scope=everything"), &[]);
    assert_eq!(bad_scope.status, 400);
    let past_end = gateway.get(&format!("/ipfs/{deep}?format=car&entity-bytes=999999:*"), &[]);
    assert_eq!(past_end.status, 400);
}

// ---------------------------------------------------------------------------------------
// 3. HEAD
// ---------------------------------------------------------------------------------------

/// HEAD answers with GET's status and headers and no body.
fn assert_head_matches_get(corpus: &Corpus, path: &str, headers: &[(&str, &str)], length: Option<usize>) {
    let get = corpus.gateway.get(path, headers);
    let head = corpus.gateway.head(path, headers);
    assert_eq!(head.status, get.status, "{path}");
    assert!(head.body.is_empty(), "{path}: HEAD has a body");
    for name in ["content-type", "x-ipfs-path", "etag", "access-control-allow-origin"] {
        assert_eq!(head.maybe_header(name), get.maybe_header(name), "{path}: {name}");
    }
    if let Some(length) = length {
        assert_eq!(get.body.len(), length, "{path}");
        assert_eq!(get.header("content-length"), length.to_string(), "{path}");
        assert_eq!(head.header("content-length"), length.to_string(), "{path}");
    }
}

#[test]
fn head_has_the_status_and_headers_of_get_and_no_body() {
    let corpus = Corpus::new();
    let (deep, raw) = (corpus.deep.cid, corpus.raw.cid);
    assert_head_matches_get(&corpus, &format!("/ipfs/{deep}"), &[], Some(corpus.deep.data.len()));
    assert_head_matches_get(&corpus, &format!("/ipfs/{raw}"), &[], Some(corpus.raw.data.len()));
    let root_block = corpus.block(&deep).len();
    assert_head_matches_get(&corpus, &format!("/ipfs/{deep}?format=raw"), &[], Some(root_block));
    assert_head_matches_get(&corpus, &format!("/ipfs/{deep}"), &[("Accept", RAW)], Some(root_block));
    assert_head_matches_get(&corpus, &format!("/ipfs/{deep}?format=car&car-dups=n"), &[], None);
    assert_head_matches_get(&corpus, &format!("/ipfs/{deep}"), &[("Accept", CAR)], None);
    assert_head_matches_get(&corpus, &format!("/ipfs/{deep}"), &[("Range", "bytes=10-19")], Some(10));
    let absent = raw_cid_of(HashFunction::Sha2_256, b"absent").expect("a CID");
    assert_head_matches_get(&corpus, &format!("/ipfs/{absent}"), &[], None);
    if let Some(fx) = &corpus.fixtures {
        let path = file_under(&corpus.store, fx.hamt);
        let size = walk(&corpus.store, fx.hamt, selector(&path, DagScope::All, None)).bytes.len();
        assert_head_matches_get(&corpus, &ipfs_path(&fx.hamt, &path), &[], Some(size));
        assert_head_matches_get(&corpus, &format!("/ipfs/{}/", fx.dir), &[], None);
    }
    let head = corpus.gateway.head(&format!("/ipfs/{deep}"), &[]);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-type"), "application/octet-stream");
    assert_eq!(head.header("x-ipfs-path"), format!("/ipfs/{deep}"));
    let head_car = corpus.gateway.head(&format!("/ipfs/{deep}?format=car"), &[]);
    assert_eq!(head_car.header("content-type"), format!("{CAR}; version=1; order=dfs; dups=y"));
}

// ---------------------------------------------------------------------------------------
// 4. Range
// ---------------------------------------------------------------------------------------

/// Expects a 206 whose body is `data[start..end]`.
fn assert_partial(corpus: &Corpus, cid: &Cid, data: &[u8], range: &str, start: usize, end: usize) {
    let reply = corpus.gateway.get(&format!("/ipfs/{cid}"), &[("Range", range)]);
    assert_eq!(reply.status, 206, "{range}: {}", reply.text());
    assert_eq!(reply.header("content-range"), format!("bytes {start}-{}/{}", end - 1, data.len()), "{range}");
    assert_eq!(reply.header("content-length"), (end - start).to_string(), "{range}");
    assert!(reply.body == data[start..end], "{range}: wrong bytes");
}

#[test]
fn range_requests_get_206_with_exact_bytes_and_416_past_the_end() {
    let corpus = Corpus::new();
    for asset in [&corpus.deep, &corpus.repeated, &corpus.raw] {
        let (cid, data, len) = (&asset.cid, asset.data.as_slice(), asset.data.len());
        assert_partial(&corpus, cid, data, "bytes=10-19", 10, 20);
        assert_partial(&corpus, cid, data, "bytes=100-", 100, len);
        assert_partial(&corpus, cid, data, "bytes=-50", len - 50, len);
        if len > 3101 {
            assert_partial(&corpus, cid, data, "bytes=1000-3100", 1000, 3101); // across leaves
        }
        // An end past the file is clamped to it.
        assert_partial(&corpus, cid, data, &format!("bytes={}-{}", len - 5, len + 1000), len - 5, len);

        let whole = corpus.gateway.get(&format!("/ipfs/{cid}"), &[]);
        assert_eq!(whole.status, 200);
        assert_eq!(whole.header("accept-ranges"), "bytes");
        assert!(whole.body == data);

        for start in [len + 10, len] {
            let past = corpus.gateway.get(&format!("/ipfs/{cid}"), &[("Range", &format!("bytes={start}-"))]);
            assert_eq!(past.status, 416, "bytes={start}-: {}", past.text());
            assert_eq!(past.header("content-range"), format!("bytes */{len}"));
        }
    }
}

/// Regression: `bytes=5-2` was answered 206 with `Content-Range: bytes 5-4/N` and no bytes.
#[test]
fn an_invalid_range_is_ignored_and_the_whole_file_served() {
    let corpus = Corpus::new();
    let (cid, data) = (&corpus.deep.cid, &corpus.deep.data);
    for range in ["bytes=5-2", "bytes=5--3"] {
        let reply = corpus.gateway.get(&format!("/ipfs/{cid}"), &[("Range", range)]);
        assert_eq!(reply.status, 200, "{range}");
        assert_eq!(reply.maybe_header("content-range"), None, "{range}");
        assert!(reply.body == *data, "{range}");
    }
}

/// Regression: `bytes=-0` returned the whole file as a 206, and any range of an empty file
/// a 206 with `Content-Range: bytes 0-0/0`; both select nothing.
#[test]
fn ranges_selecting_nothing_are_416() {
    let corpus = Corpus::new();
    let deep = corpus.gateway.get(&format!("/ipfs/{}", corpus.deep.cid), &[("Range", "bytes=-0")]);
    assert_eq!(deep.status, 416);
    let empty = format!("/ipfs/{}", corpus.empty.cid);
    let whole = corpus.gateway.get(&empty, &[]);
    assert_eq!((whole.status, whole.body.len()), (200, 0));
    assert_eq!(whole.header("content-length"), "0");
    for range in ["bytes=0-", "bytes=0-10", "bytes=-5"] {
        let reply = corpus.gateway.get(&empty, &[("Range", range)]);
        assert_eq!(reply.status, 416, "{range}");
        assert_eq!(reply.header("content-range"), "bytes */0", "{range}");
    }
}

// ---------------------------------------------------------------------------------------
// 5. CORS
// ---------------------------------------------------------------------------------------

#[test]
fn cors_preflight_is_204_and_every_answer_allows_any_origin() {
    let corpus = Corpus::new();
    let deep = corpus.deep.cid;
    let preflight = corpus.gateway.send(
        "OPTIONS",
        &format!("/ipfs/{deep}"),
        &[("Origin", "http://example.test"), ("Access-Control-Request-Method", "GET")],
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.header("access-control-allow-origin"), "*");
    let methods: Vec<&str> = preflight.header("access-control-allow-methods").split(',').map(str::trim).collect();
    for method in ["GET", "HEAD", "OPTIONS"] {
        assert!(methods.contains(&method), "{method} not in {methods:?}");
    }
    assert!(preflight.header("access-control-allow-headers").contains("Range"));

    let origin = [("Origin", "http://example.test")];
    for path in [
        format!("/ipfs/{deep}"),
        format!("/ipfs/{deep}?format=car"),
        format!("/ipfs/{deep}?format=raw"),
        "/ipfs/not-a-cid".to_string(),
        format!("/ipfs/{}", raw_cid_of(HashFunction::Sha2_256, b"absent").expect("a CID")),
    ] {
        let reply = corpus.gateway.get(&path, &origin);
        assert_eq!(reply.header("access-control-allow-origin"), "*", "{path} ({})", reply.status);
    }
    let exposed = corpus.gateway.get(&format!("/ipfs/{deep}"), &origin);
    assert!(exposed.header("access-control-expose-headers").contains("X-Ipfs-Path"));
}

// ---------------------------------------------------------------------------------------
// 6. Raw blocks
// ---------------------------------------------------------------------------------------

/// Both raw forms return exactly `cid`'s block.
fn assert_raw_block(corpus: &Corpus, root: &Cid, path: &[String], cid: &Cid) {
    let url = ipfs_path(root, path);
    for reply in [corpus.gateway.get(&format!("{url}?format=raw"), &[]), corpus.gateway.get(&url, &[("Accept", RAW)])] {
        assert_eq!(reply.status, 200, "{url}");
        assert_eq!(reply.header("content-type"), RAW, "{url}");
        assert_eq!(reply.header("x-ipfs-path"), url);
        verify_block(cid, &reply.body).expect("the body hashes to the CID");
        assert!(reply.body == corpus.block(cid), "{url}: not the stored block");
        assert_eq!(reply.header("content-length"), reply.body.len().to_string());
    }
}

#[test]
fn raw_requests_return_the_exact_block_the_cid_names() {
    let corpus = Corpus::new();
    // A dag-pb root, a dag-pb leaf, a raw leaf and a whole-file raw block.
    assert_raw_block(&corpus, &corpus.deep.cid, &[], &corpus.deep.cid);
    let repeated_leaf = *walk(&corpus.store, corpus.repeated.cid, Selector::default()).order.last().expect("blocks");
    assert_raw_block(&corpus, &repeated_leaf, &[], &repeated_leaf);
    let deep_leaf = *walk(&corpus.store, corpus.deep.cid, Selector::default()).order.last().expect("blocks");
    assert_eq!(Codec::of(&deep_leaf).expect("codec"), Codec::Raw);
    assert_raw_block(&corpus, &deep_leaf, &[], &deep_leaf);
    assert_raw_block(&corpus, &corpus.raw.cid, &[], &corpus.raw.cid);
    assert!(corpus.block(&corpus.raw.cid) == corpus.raw.data);
    // At the end of a path: the block the path leads to.
    if let Some(fx) = &corpus.fixtures {
        for root in [fx.dir, fx.hamt] {
            let path = file_under(&corpus.store, root);
            let (target, _) =
                walk(&corpus.store, root, selector(&path, DagScope::Block, None)).target.expect("resolves");
            assert_raw_block(&corpus, &root, &path, &target);
        }
    }
}
