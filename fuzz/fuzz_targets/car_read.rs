//! `car_read`: the push-based `CarReader` never panics whatever the slicing of its
//! input, and agrees with the whole-buffer `read_car`.
//!
//! The whole input is the CAR; the sizes of the pieces it is pushed in follow from its
//! first byte (so CAR files work unchanged as seeds). Both readers must succeed or fail
//! alike (same error kind); on success they must return the same roots and blocks, and
//! each streamed block's `offset` must point at its bytes in the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use proofmark_core::Result;
use proofmark_core::cid::car::Block;
use proofmark_core::cid::{CarItem, CarReader, Cid, read_car};

/// Piece sizes: a small cycle picked by `seed`, from single bytes to whole sections.
fn piece_sizes(seed: u8) -> impl Iterator<Item = usize> {
    let base = [1, 2, 3, 7, 16, 61, 256, 4099];
    let start = usize::from(seed);
    (0..).map(move |i| base[(start + i * (1 + start % 3)) % base.len()])
}

/// Takes every item the reader can give now.
fn drain(reader: &mut CarReader, input: &[u8], roots: &mut Vec<Cid>, blocks: &mut Vec<Block>) -> Result<()> {
    while let Some(item) = reader.next_item()? {
        match item {
            CarItem::Header { version, roots: r } => {
                assert!(version == 1 || version == 2, "header version {version}");
                *roots = r;
            }
            CarItem::Block { cid, data, offset } => {
                let at = usize::try_from(offset).expect("offset fits usize");
                assert_eq!(input.get(at..at + data.len()), Some(&data[..]), "block offset is wrong");
                blocks.push((cid, data));
            }
        }
    }
    Ok(())
}

fn streamed(input: &[u8]) -> Result<(Vec<Cid>, Vec<Block>)> {
    let mut reader = CarReader::new();
    let (mut roots, mut blocks) = (Vec::new(), Vec::new());
    let mut rest = input;
    let mut sizes = piece_sizes(input.first().copied().unwrap_or(0));
    while !rest.is_empty() {
        let (piece, tail) = rest.split_at(sizes.next().unwrap_or(1).min(rest.len()));
        reader.push(piece);
        drain(&mut reader, input, &mut roots, &mut blocks)?;
        rest = tail;
    }
    reader.finish();
    drain(&mut reader, input, &mut roots, &mut blocks)?;
    // Once the input is over, the reader stays over.
    assert_eq!(reader.next_item(), Ok(None), "items after the end");
    Ok((roots, blocks))
}

/// `ok: N blocks` or the error, for messages that stay short.
fn summary(read: &Result<(Vec<Cid>, Vec<Block>)>) -> String {
    match read {
        Ok((_, blocks)) => format!("ok: {} blocks", blocks.len()),
        Err(e) => format!("{e:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let whole = read_car(data);
    let stream = streamed(data);
    match (&whole, &stream) {
        (Ok(a), Ok(b)) => assert!(a == b, "streamed and whole reads differ"),
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "different errors: whole {a:?}, streamed {b:?}"),
        _ => panic!("whole read {:?} but streamed read {:?}", summary(&whole), summary(&stream)),
    }
});
