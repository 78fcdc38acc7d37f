//! Single-thread throughput of the core: the importer per profile, and streaming CAR
//! verification. (Multi-core figures and the comparison with openssl are in
//! scripts/bench.sh.)
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use proofmark_core::Error;
use proofmark_core::cid::builder::leaf_kind;
use proofmark_core::cid::car::{encode_header, encode_section};
use proofmark_core::cid::limits::Caps;
use proofmark_core::cid::{CarPart, CarPlan, CarVerifier, FileImporter, Profile, Selector, block_cid, leaf_block};

const SIZE: usize = 64 * 1024 * 1024;

fn data() -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    (0..SIZE)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

fn importer(c: &mut Criterion) {
    let data = data();
    let mut group = c.benchmark_group("import 64 MiB");
    group.throughput(Throughput::Bytes(SIZE as u64)).sample_size(10);
    for profile in [Profile::UnixfsV1_2025, Profile::UnixfsV0_2015, Profile::KuboCidv1] {
        let Some(params) = profile.params() else { continue };
        group.bench_function(profile.name(), |b| {
            b.iter(|| {
                let mut importer = FileImporter::new(params, false).unwrap();
                importer.update(&data).unwrap();
                importer.finish().unwrap().root
            })
        });
    }
    group.finish();
}

fn car_verify(c: &mut Criterion) {
    let data = data();
    let params = Profile::UnixfsV1_2025.params().unwrap();
    let mut importer = FileImporter::new(params, true).unwrap();
    importer.update(&data).unwrap();
    let dag = importer.finish().unwrap();
    let mut car = encode_header(&[dag.root]);
    let mut chunks = data.chunks(params.chunk_size);
    let (version, codec) = leaf_kind(&params);
    for part in CarPlan::new(&dag) {
        match part {
            CarPart::Inner(cid, block) => encode_section(cid, block, &mut car),
            CarPart::Leaf(_) => {
                let block = leaf_block(&params, chunks.next().unwrap());
                encode_section(&block_cid(version, codec, params.hash, &block).unwrap(), &block, &mut car);
            }
        }
    }
    let mut group = c.benchmark_group("verify CAR 64 MiB");
    group.throughput(Throughput::Bytes(SIZE as u64)).sample_size(10);
    group.bench_function("unixfs-v1-2025, 1 MiB pushes", |b| {
        b.iter(|| {
            let mut verifier = CarVerifier::new(dag.root, Selector::default(), Caps::default());
            let mut total = 0usize;
            for piece in car.chunks(1 << 20) {
                verifier
                    .push::<Error>(piece, |bytes| {
                        total += bytes.len();
                        Ok(())
                    })
                    .unwrap();
            }
            verifier.finish::<Error>(|_| Ok(())).unwrap();
            total
        })
    });
    group.finish();
}

criterion_group!(benches, importer, car_verify);
criterion_main!(benches);
