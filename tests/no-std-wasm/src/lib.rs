//! A `#![no_std]` cdylib over proofmark-core: it links for wasm32-unknown-unknown only
//! if the core and every dependency stay within `core` + `alloc`.
#![no_std]

extern crate alloc;

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

use proofmark_core::cid::{Profile, cid_of, parse_cid, read_car};
use proofmark_core::permit::{GateDomain, Permit, Receipt, sign_receipt, verify_receipt};
use proofmark_core::zk::{parse_proof, parse_public};

/// A bump allocator over a static arena: enough to exercise the core once.
struct Arena {
    memory: UnsafeCell<[u8; 1 << 22]>,
    next: UnsafeCell<usize>,
}

// SAFETY: wasm32-unknown-unknown is single-threaded.
unsafe impl Sync for Arena {}

unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: single-threaded; the arena is only touched here.
        unsafe {
            let next = &mut *self.next.get();
            let start = (*next + layout.align() - 1) & !(layout.align() - 1);
            let end = start + layout.size();
            if end > (1 << 22) {
                return core::ptr::null_mut();
            }
            *next = end;
            (self.memory.get() as *mut u8).add(start)
        }
    }

    unsafe fn dealloc(&self, _: *mut u8, _: Layout) {}
}

#[global_allocator]
static ALLOCATOR: Arena = Arena { memory: UnsafeCell::new([0; 1 << 22]), next: UnsafeCell::new(0) };

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}

/// Returns 1 when "hello world" imports to its known CIDv0, an empty CAR is refused,
/// snarkjs JSON parses, a bad permit header is refused and a signed receipt verifies:
/// calls into the importer, the CID parser, the CAR reader, the Groth16 decoders and
/// secp256k1 so none is optimised away.
#[unsafe(no_mangle)]
pub extern "C" fn proofmark_self_check() -> i32 {
    let Some(params) = Profile::UnixfsV0_2015.params() else { return 0 };
    let Ok(cid) = cid_of(params, b"hello world") else { return 0 };
    let Ok(parsed) = parse_cid("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD") else { return 0 };
    let car_ok = read_car(&[]).is_err();
    let zk_ok = parse_proof("{}").is_err() && parse_public("[\"1\"]").is_ok();
    let permit_ok = Permit::from_header("Proofmark-Permit e30").is_err();
    let domain = GateDomain { chain_id: 1, registry: Default::default() };
    let receipt = Receipt {
        key: Default::default(),
        buyer: Default::default(),
        permit_digest: Default::default(),
        bytes: 1,
        anchor_block: 1,
    };
    let receipt_ok = sign_receipt(&receipt, &domain, &[7; 32])
        .and_then(|signed| verify_receipt(&receipt, &domain, &signed.signature, signed.signer))
        .unwrap_or(false);
    i32::from(cid == parsed && car_ok && zk_ok && permit_ok && receipt_ok)
}
