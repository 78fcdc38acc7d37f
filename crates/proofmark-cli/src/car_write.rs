//! Writing a file's CARv1 in root-first DFS order: the DAG is built first (pass one),
//! then the file is read again and leaves are written between their inner nodes.
use std::io::Write;

use anyhow::{Context, Result, bail};
use proofmark_core::cid::car::{encode_header, encode_section};
use proofmark_core::cid::{CarPart, CarPlan, FileDag, ImportParams, block_cid, builder::leaf_kind, leaf_block};

use crate::input::Input;

/// Writes the CAR of `input` (whose DAG under `params` is `dag`, built with inner nodes
/// kept) to `out`. Fails if the file changed between the two passes.
pub fn write_file_car(input: &Input, params: ImportParams, dag: &FileDag, out: &mut impl Write) -> Result<()> {
    out.write_all(&encode_header(&[dag.root]))?;
    let mut plan = CarPlan::new(dag).peekable();
    let mut section = Vec::new();
    let write_inner =
        |plan: &mut std::iter::Peekable<CarPlan<'_>>, out: &mut dyn Write, section: &mut Vec<u8>| -> Result<()> {
            while let Some(CarPart::Inner(cid, block)) = plan.peek().copied() {
                section.clear();
                encode_section(cid, block, section);
                out.write_all(section)?;
                plan.next();
            }
            Ok(())
        };
    let (version, codec) = leaf_kind(&params);
    let mut leaf = |chunk: &[u8], plan: &mut std::iter::Peekable<CarPlan<'_>>, out: &mut dyn Write| -> Result<()> {
        write_inner(plan, out, &mut section)?;
        let Some(CarPart::Leaf(expected)) = plan.next() else { bail!("the file grew while writing its CAR") };
        let block = leaf_block(&params, chunk);
        let cid = block_cid(version, codec, params.hash, &block)?;
        if cid != expected {
            bail!("the file changed while writing its CAR");
        }
        section.clear();
        encode_section(&cid, &block, &mut section);
        out.write_all(&section)?;
        Ok(())
    };
    let total = input.for_each_window(crate::import::window_for(params.chunk_size), "writing CAR", |window| {
        for chunk in window.chunks(params.chunk_size) {
            leaf(chunk, &mut plan, out)?;
        }
        Ok(())
    })?;
    if total == 0 {
        leaf(&[], &mut plan, out)?;
    }
    if plan.next().is_some() {
        bail!("the file shrank while writing its CAR");
    }
    out.flush().context("writing the CAR")?;
    Ok(())
}
