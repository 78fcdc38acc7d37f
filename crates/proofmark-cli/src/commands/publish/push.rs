//! Optional pushes of a CAR: the Kubo RPC `dag/import` call and the IPFS Pinning Service API.
use std::path::Path;

use alloy::transports::http::reqwest;
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

/// `POST {api}/api/v0/dag/import?pin-roots=true` with the CAR as a multipart file; checks
/// that Kubo reports the expected root without a pin error.
pub async fn kubo_dag_import(client: &reqwest::Client, api: &str, car: &Path, root: &str) -> Result<()> {
    let bytes = tokio::fs::read(car).await.with_context(|| format!("reading {}", car.display()))?;
    let boundary = format!("proofmark-{:016x}", rand_suffix());
    let mut body = Vec::with_capacity(bytes.len() + 256);
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"asset.car\"\r\nContent-Type: application/vnd.ipld.car\r\n\r\n").as_bytes());
    body.extend(&bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let url = format!("{}/api/v0/dag/import?pin-roots=true", api.trim_end_matches('/'));
    let response = client
        .post(&url)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(body)
        .send()
        .await
        .with_context(|| format!("POST {url}"))?;
    let status = response.status();
    let text = response.text().await?;
    if !status.is_success() {
        bail!("Kubo dag/import answered {status}: {}", text.trim());
    }
    // NDJSON: one object per imported root.
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let value: Value = serde_json::from_str(line).with_context(|| format!("Kubo answered {line:?}"))?;
        if value["Root"]["Cid"]["/"].as_str() == Some(root) {
            let pin_error = value["Root"]["PinErrorMsg"].as_str().unwrap_or_default();
            if !pin_error.is_empty() {
                bail!("Kubo imported {root} but could not pin it: {pin_error}");
            }
            return Ok(());
        }
    }
    bail!("Kubo's dag/import answer does not name the root {root}")
}

/// `POST {service}/pins` (IPFS Pinning Service API) with a bearer token; returns the
/// request id of the queued (or already pinned) request.
pub async fn request_pin(
    client: &reqwest::Client,
    service: &str,
    token: &str,
    cid: &str,
    name: &str,
) -> Result<String> {
    let url = format!("{}/pins", service.trim_end_matches('/'));
    let response = client
        .post(&url)
        .bearer_auth(token)
        .json(&json!({ "cid": cid, "name": name }))
        .send()
        .await
        .with_context(|| format!("POST {url}"))?;
    let status = response.status();
    let value: Value = response.json().await.context("the pinning service's answer is not JSON")?;
    if !status.is_success() {
        bail!("pinning service answered {status}: {}", value["error"]["reason"].as_str().unwrap_or("no reason"));
    }
    if value["pin"]["cid"].as_str() != Some(cid) {
        bail!("the pinning service's answer is for another CID");
    }
    match value["status"].as_str() {
        Some("queued" | "pinning" | "pinned") => {}
        other => bail!("the pinning service reports status {other:?}"),
    }
    value["requestid"].as_str().map(String::from).context("the pinning service's answer has no requestid")
}

fn rand_suffix() -> u64 {
    let mut bytes = [0u8; 8];
    let _ = getrandom::fill(&mut bytes);
    u64::from_le_bytes(bytes)
}
