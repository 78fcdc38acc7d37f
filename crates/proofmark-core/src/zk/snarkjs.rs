//! snarkjs JSON: `verification_key.json`, `proof.json`, `public.json` (decimal strings;
//! G2 as `[[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]`; `protocol: "groth16"`,
//! `curve: "bn128"`). Parsing is strict; export writes what snarkjs writes.
use alloc::{format, string::String, vec::Vec};

use ark_bn254::{Bn254, Fq2, Fr, G1Affine, G2Affine};
use ark_ec::{AffineRepr, pairing::Pairing};
use ark_groth16::{Proof, VerifyingKey};
use serde_json::{Value, json};

use super::curve;
use super::g2_lines::lines_and_membership;
use super::numbers::{Role, coordinate, g1, g2, g2_on_curve, input_from_decimal, to_decimal};
use super::verify::{PreparedKey, PreparedProof};
use crate::{Error, Result};

/// A verification key with the flag Proofmark adds to keys from a dev setup.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyingKeyFile {
    /// The key.
    pub vk: VerifyingKey<Bn254>,
    /// `"devSetup": true`: made by a seeded, insecure setup (accepted only on dev chains).
    pub dev_setup: bool,
}

fn field<'a>(value: &'a Value, name: &str) -> Result<&'a Value> {
    value.get(name).ok_or_else(|| Error::InvalidJson(format!("missing field {name:?}")))
}

fn text<'a>(value: &'a Value, what: &str) -> Result<&'a str> {
    value.as_str().ok_or_else(|| Error::InvalidJson(format!("{what} must be a decimal string")))
}

fn array<'a>(value: &'a Value, len: usize, what: &str) -> Result<&'a [Value]> {
    match value.as_array() {
        Some(items) if items.len() == len => Ok(items),
        _ => Err(Error::InvalidJson(format!("{what} must be an array of {len}"))),
    }
}

fn check_header(value: &Value) -> Result<()> {
    if let Some(protocol) = value.get("protocol") {
        let protocol = protocol.as_str().unwrap_or_default();
        if protocol != "groth16" {
            return Err(Error::WrongProtocol(String::from(protocol)));
        }
    }
    if let Some(curve) = value.get("curve") {
        let curve = curve.as_str().unwrap_or_default();
        if curve != "bn128" && curve != "bn254" {
            return Err(Error::WrongCurve(String::from(curve)));
        }
    }
    Ok(())
}

/// Whether a projective z coordinate says "point at infinity" (`"0"`) or "affine" (`"1"`).
fn infinity(z: &str, what: &'static str) -> Result<bool> {
    match z {
        "1" => Ok(false),
        "0" => Ok(true),
        _ => Err(Error::InvalidJson(format!("{what}: projective z must be \"1\" (or \"0\" for infinity)"))),
    }
}

fn parse_g1(value: &Value, role: Role) -> Result<G1Affine> {
    let xyz = array(value, 3, role.name)?;
    let x = coordinate(text(&xyz[0], role.name)?, role.name)?;
    let y = coordinate(text(&xyz[1], role.name)?, role.name)?;
    g1(x, y, infinity(text(&xyz[2], role.name)?, role.name)?, role)
}

fn parse_fq2(value: &Value, what: &'static str) -> Result<Fq2> {
    let pair = array(value, 2, what)?;
    Ok(Fq2::new(coordinate(text(&pair[0], what)?, what)?, coordinate(text(&pair[1], what)?, what)?))
}

/// A G2 point, checked for the subgroup by a multiplication.
fn parse_g2(value: &Value, role: Role) -> Result<G2Affine> {
    let (x, y, at_infinity) = g2_coordinates(value, role)?;
    g2(x, y, at_infinity, role)
}

/// A G2 point with the Miller-loop lines of `sign`·point (±1), which also say whether it
/// is in the subgroup (`g2_lines`): the check [`parse_g2`] makes, at the same place in
/// the document, without the multiplication.
fn parse_g2_with_lines(value: &Value, role: Role, sign: Sign) -> Result<(G2Affine, G2Lines)> {
    let (x, y, at_infinity) = g2_coordinates(value, role)?;
    let point = g2_on_curve(x, y, at_infinity, role)?;
    let point_for_lines = match sign {
        Sign::Plus => point,
        Sign::Minus => -point,
    };
    let (lines, member) = lines_and_membership(&curve::g2(&point_for_lines));
    if !member {
        return Err(Error::NotInSubgroup(role.name));
    }
    Ok((point, lines))
}

type G2Lines = ark_ec::bn::G2Prepared<curve::Config>;

/// Whose lines a key keeps: β's, and those of −γ and −δ.
#[derive(Clone, Copy)]
enum Sign {
    Plus,
    Minus,
}

fn g2_coordinates(value: &Value, role: Role) -> Result<(Fq2, Fq2, bool)> {
    let xyz = array(value, 3, role.name)?;
    let x = parse_fq2(&xyz[0], role.name)?;
    let y = parse_fq2(&xyz[1], role.name)?;
    let z = array(&xyz[2], 2, role.name)?;
    let at_infinity = match (text(&z[0], role.name)?, text(&z[1], role.name)?) {
        ("1", "0") => false,
        ("0", "0") => true,
        _ => return Err(Error::InvalidJson(format!("{}: projective z must be [\"1\", \"0\"]", role.name))),
    };
    Ok((x, y, at_infinity))
}

/// A key or proof element: the identity is never acceptable there.
const fn strict(name: &'static str) -> Role {
    Role { name, identity_allowed: false }
}

/// Parses `verification_key.json`.
pub fn parse_verifying_key(json: &str) -> Result<VerifyingKeyFile> {
    parse_key(json, |value, role, _| parse_g2(value, role))
}

/// Parses `verification_key.json` and prepares the key without `e(α, β)`
/// ([`PreparedKey::new_light`]): the same checks as [`parse_verifying_key`], in the same
/// order, except that each G2 point's subgroup is read off the lines the key keeps,
/// where parsing alone tests it with a 63-bit multiplication per point.
pub fn parse_prepared_verifying_key(json: &str) -> Result<(VerifyingKeyFile, PreparedKey)> {
    let mut lines = Vec::with_capacity(3);
    let file = parse_key(json, |value, role, sign| {
        let (point, point_lines) = parse_g2_with_lines(value, role, sign)?;
        lines.push(point_lines);
        Ok(point)
    })?;
    let [beta, gamma_neg, delta_neg]: [G2Lines; 3] =
        lines.try_into().map_err(|_| Error::InvalidJson(String::from("a key has three G2 points")))?;
    let key = PreparedKey::light_with_lines(&file.vk, beta, gamma_neg, delta_neg);
    Ok((file, key))
}

/// `verification_key.json` with `g2` decoding β, γ and δ (in that order; the sign says
/// whose lines a key keeps).
fn parse_key(json: &str, mut g2: impl FnMut(&Value, Role, Sign) -> Result<G2Affine>) -> Result<VerifyingKeyFile> {
    let value: Value = serde_json::from_str(json).map_err(|e| Error::InvalidJson(format!("{e}")))?;
    check_header(&value)?;
    let ic = field(&value, "IC")?.as_array().ok_or_else(|| Error::InvalidJson(String::from("IC must be an array")))?;
    if ic.is_empty() {
        return Err(Error::InvalidJson(String::from("IC is empty")));
    }
    if let Some(n) = value.get("nPublic") {
        let n = n.as_u64().ok_or_else(|| Error::InvalidJson(String::from("nPublic must be a number")))?;
        if n as usize != ic.len() - 1 {
            return Err(Error::InputCountMismatch { expected: ic.len() - 1, actual: n as usize });
        }
    }
    let gamma_abc_g1 =
        ic.iter().map(|p| parse_g1(p, Role { name: "vk.IC", identity_allowed: true })).collect::<Result<Vec<_>>>()?;
    let vk = VerifyingKey {
        alpha_g1: parse_g1(field(&value, "vk_alpha_1")?, strict("vk.alpha"))?,
        beta_g2: g2(field(&value, "vk_beta_2")?, strict("vk.beta"), Sign::Plus)?,
        gamma_g2: g2(field(&value, "vk_gamma_2")?, strict("vk.gamma"), Sign::Minus)?,
        delta_g2: g2(field(&value, "vk_delta_2")?, strict("vk.delta"), Sign::Minus)?,
        gamma_abc_g1,
    };
    let dev_setup = value.get("devSetup").and_then(Value::as_bool).unwrap_or(false);
    Ok(VerifyingKeyFile { vk, dev_setup })
}

/// Parses `proof.json`.
pub fn parse_proof(json: &str) -> Result<Proof<Bn254>> {
    parse_proof_with(json, parse_g2)
}

/// Parses `proof.json` with B's Miller-loop lines, for [`super::verify::verify_prepared`]:
/// the same checks as [`parse_proof`], in the same order, except that B's subgroup is
/// read off its lines, which verifying computes anyway.
pub fn parse_prepared_proof(json: &str) -> Result<PreparedProof> {
    let mut b_lines = None;
    let proof = parse_proof_with(json, |value, role| {
        let (point, lines) = parse_g2_with_lines(value, role, Sign::Plus)?;
        b_lines = Some(lines);
        Ok(point)
    })?;
    let b_lines = b_lines.ok_or_else(|| Error::InvalidJson(String::from("a proof has a G2 point")))?;
    Ok(PreparedProof::new(proof, b_lines))
}

fn parse_proof_with(json: &str, mut g2: impl FnMut(&Value, Role) -> Result<G2Affine>) -> Result<Proof<Bn254>> {
    let value: Value = serde_json::from_str(json).map_err(|e| Error::InvalidJson(format!("{e}")))?;
    check_header(&value)?;
    Ok(Proof {
        a: parse_g1(field(&value, "pi_a")?, strict("proof.a"))?,
        b: g2(field(&value, "pi_b")?, strict("proof.b"))?,
        c: parse_g1(field(&value, "pi_c")?, strict("proof.c"))?,
    })
}

/// Parses `public.json`: an array of decimal strings, each < r.
pub fn parse_public(json: &str) -> Result<Vec<Fr>> {
    let value: Value = serde_json::from_str(json).map_err(|e| Error::InvalidJson(format!("{e}")))?;
    let items = value.as_array().ok_or_else(|| Error::InvalidJson(String::from("public inputs must be an array")))?;
    items.iter().enumerate().map(|(i, v)| input_from_decimal(text(v, "public input")?, i)).collect()
}

fn g1_json(p: &G1Affine) -> Value {
    match p.xy() {
        Some((x, y)) => json!([to_decimal(&x), to_decimal(&y), "1"]),
        None => json!(["0", "1", "0"]),
    }
}

fn fq2_json(v: &Fq2) -> Value {
    json!([to_decimal(&v.c0), to_decimal(&v.c1)])
}

fn g2_json(p: &G2Affine) -> Value {
    match p.xy() {
        Some((x, y)) => json!([fq2_json(&x), fq2_json(&y), ["1", "0"]]),
        None => json!([["0", "0"], ["1", "0"], ["0", "0"]]),
    }
}

/// `verification_key.json` as snarkjs writes it (plus `devSetup` when set).
pub fn verifying_key_json(vk: &VerifyingKey<Bn254>, dev_setup: bool) -> Value {
    let alphabeta = Bn254::pairing(vk.alpha_g1, vk.beta_g2).0;
    let fq6 = |v: &ark_bn254::Fq6| json!([fq2_json(&v.c0), fq2_json(&v.c1), fq2_json(&v.c2)]);
    let mut value = json!({
        "protocol": "groth16",
        "curve": "bn128",
        "nPublic": vk.gamma_abc_g1.len() - 1,
        "vk_alpha_1": g1_json(&vk.alpha_g1),
        "vk_beta_2": g2_json(&vk.beta_g2),
        "vk_gamma_2": g2_json(&vk.gamma_g2),
        "vk_delta_2": g2_json(&vk.delta_g2),
        "vk_alphabeta_12": [fq6(&alphabeta.c0), fq6(&alphabeta.c1)],
        "IC": vk.gamma_abc_g1.iter().map(g1_json).collect::<Vec<_>>(),
    });
    if dev_setup {
        value["devSetup"] = Value::Bool(true);
    }
    value
}

/// `proof.json` as snarkjs writes it.
pub fn proof_json(proof: &Proof<Bn254>) -> Value {
    json!({
        "pi_a": g1_json(&proof.a),
        "pi_b": g2_json(&proof.b),
        "pi_c": g1_json(&proof.c),
        "protocol": "groth16",
        "curve": "bn128",
    })
}

/// `public.json`: decimal strings.
pub fn public_json(inputs: &[Fr]) -> Value {
    Value::Array(inputs.iter().map(|i| Value::String(to_decimal(i))).collect())
}
