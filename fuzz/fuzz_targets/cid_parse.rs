//! `cid_parse`: CID text and binary parsing never panics, and every CID it accepts
//! survives a round trip through Proofmark's own printed and binary forms.
//!
//! - `parse_cid` on the input as (lossy) UTF-8: on success, `to_string()` parses back to
//!   the same CID and `to_bytes()` reads back whole.
//! - `read_cid` on the raw bytes: on success it used a prefix of the input, and that
//!   prefix is exactly the CID's binary form (varints are minimal, so only one encoding
//!   is accepted); the printed form parses back to the same CID.
#![no_main]

use libfuzzer_sys::fuzz_target;
use proofmark_core::cid::{Cid, parse_cid, read_cid};

/// Both re-encodings of `cid` must come back as `cid`.
fn assert_round_trips(cid: &Cid) {
    let text = cid.to_string();
    assert_eq!(parse_cid(&text).as_ref(), Ok(cid), "printed form {text} does not parse back");
    let bytes = cid.to_bytes();
    assert_eq!(read_cid(&bytes), Ok((*cid, bytes.len())), "binary form does not read back");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(cid) = parse_cid(&text) {
        assert_round_trips(&cid);
    }

    if let Ok((cid, used)) = read_cid(data) {
        assert!(used <= data.len(), "read_cid used {used} of {} bytes", data.len());
        assert_eq!(cid.to_bytes(), &data[..used], "accepted a non-canonical binary CID");
        assert_round_trips(&cid);
    }
});
