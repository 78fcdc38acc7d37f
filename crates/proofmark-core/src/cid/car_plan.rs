//! The order a file's blocks go into a CAR: depth-first pre-order from the root
//! (`order=dfs`, `dups=y`), inner nodes from the built DAG, leaves from a second pass
//! over the file, in file order.
use alloc::{collections::BTreeMap, vec::Vec};

use super::builder::FileDag;
use super::dagpb::PbNode;
use super::identifier::Cid;

/// One step of writing a file's CAR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarPart<'a> {
    /// An inner node: write this block.
    Inner(&'a Cid, &'a [u8]),
    /// The next leaf in file order, whose CID must be this one.
    Leaf(Cid),
}

/// Iterates the parts of a file's CAR in order. The DAG must have been built with its
/// inner nodes kept.
#[derive(Debug)]
pub struct CarPlan<'a> {
    inner: BTreeMap<Cid, &'a [u8]>,
    stack: Vec<Cid>,
    entries: BTreeMap<Cid, &'a Cid>,
}

impl<'a> CarPlan<'a> {
    /// The plan for `dag`.
    pub fn new(dag: &'a FileDag) -> Self {
        let inner = dag.inner.iter().map(|(cid, block)| (*cid, block.as_slice())).collect();
        let entries = dag.inner.iter().map(|(cid, _)| (*cid, cid)).collect();
        CarPlan { inner, stack: alloc::vec![dag.root], entries }
    }
}

impl<'a> Iterator for CarPlan<'a> {
    type Item = CarPart<'a>;

    fn next(&mut self) -> Option<CarPart<'a>> {
        let cid = self.stack.pop()?;
        let Some(&block) = self.inner.get(&cid) else {
            return Some(CarPart::Leaf(cid));
        };
        // Inner nodes were encoded by the builder, so they always decode.
        if let Ok(node) = PbNode::decode(block) {
            self.stack.extend(node.links.iter().rev().map(|l| l.hash));
        }
        let key = self.entries.get(&cid).copied()?;
        Some(CarPart::Inner(key, block))
    }
}
