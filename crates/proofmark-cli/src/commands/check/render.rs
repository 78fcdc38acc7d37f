//! How `check` prints a verdict: JSON, or one line per dimension.
use proofmark_core::verdict::{Status, Verdict};

fn word(status: Status) -> &'static str {
    match status {
        Status::Verified => "verified",
        Status::Failed => "failed",
        Status::Unknown => "unknown",
    }
}

fn line(name: &str, status: Status, reason: Option<&str>, details: &[String]) {
    let mut words = vec![format!("{name:<9}"), word(status).to_string()];
    words.extend(reason.map(String::from));
    words.extend(details.iter().cloned());
    outln!("{}", words.join(" "));
}

/// Prints the verdict.
pub fn print(verdict: &Verdict, json: bool) {
    if json {
        match serde_json::to_value(verdict) {
            Ok(value) => crate::commands::print_json(&value),
            Err(e) => eprintln!("error: cannot render the verdict: {e}"),
        }
        return;
    }
    if let Some(cid) = &verdict.cid {
        outln!("cid       {cid}");
    }
    if let Some(key) = &verdict.key {
        outln!("key       {key}");
    }
    let i = &verdict.integrity;
    line("integrity", i.status, i.reason.as_deref(), &i.profile.iter().cloned().collect::<Vec<_>>());
    let a = &verdict.anchor;
    let mut details = Vec::new();
    if let Some(record) = &a.record {
        details.push(format!("creator {} block {} timestamp {}", record.creator, record.block, record.timestamp));
    }
    if let Some(finality) = a.finality {
        details.push(format!(
            "({})",
            serde_json::to_value(finality).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
        ));
    }
    details.push(if a.proven { "proven".into() } else { "not proven".into() });
    line("anchor", a.status, a.reason.as_deref(), &details);
    let m = &verdict.model;
    let mut details = Vec::new();
    if let Some(root) = &m.root {
        details.push(format!("root {root}"));
    }
    if let Some(at) = m.revoked_at {
        details.push(format!("revoked at block {at}"));
    }
    line("model", m.status, m.reason.as_deref(), &details);
    let l = &verdict.license;
    let details: Vec<String> = l.price.iter().map(|p| format!("price {p} wei")).collect();
    line("license", l.status, l.reason.as_deref(), &details);
}
