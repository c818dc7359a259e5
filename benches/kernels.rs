//! Criterion benchmarks of the hot kernels, through the library's public functions: parsing
//! (JSONL and CSV), text normalisation, MinHash near-duplicate grouping, the whole feature
//! stage, pair counting (the co-action graph) and clustering (detection).
//!
//! The corpus is made once per run by `lockstep generate --scenario scale` (20,000 organic
//! posts plus campaigns, seed 1) in a temporary directory, so the numbers are comparable across
//! commits. Run with `cargo bench`; one kernel with `cargo bench -- minhash`.

// A benchmark may expect: a panic is the failure report.
#![allow(clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use lockstep::eval::generate::{GenConfig, Scenario, generate};
use lockstep::features::{self, FeatureConfig, minhash, text};
use lockstep::ingest::{Format, IngestConfig, Ingested, read_slice};
use lockstep::{detect, graph, model};

/// Posts asked of the generator: large enough for stable timings, small enough for a 2-core
/// machine to run every kernel in a few minutes.
const POSTS: u64 = 20_000;

struct Data {
    jsonl: Vec<u8>,
    csv: Vec<u8>,
    ing: Ingested,
}

fn data() -> Data {
    let dir = tempfile::tempdir().expect("temp dir");
    let cfg = GenConfig {
        scenario: Scenario::Scale,
        seed: 1,
        posts: Some(POSTS),
        out: dir.path().to_path_buf(),
        csv: true,
    };
    generate(&cfg).expect("generate");
    let jsonl = std::fs::read(dir.path().join("posts.jsonl")).expect("posts.jsonl");
    let csv = std::fs::read(dir.path().join("posts.csv")).expect("posts.csv");
    let mut ing = read_slice(&jsonl, Format::Jsonl, &IngestConfig::default()).expect("read");
    ing.corpus = model::canonical(std::mem::take(&mut ing.corpus)).expect("canonical");
    Data { jsonl, csv, ing }
}

fn benches(c: &mut Criterion) {
    let d = data();
    let cfg = IngestConfig::default();
    let corpus = &d.ing.corpus;

    let mut g = c.benchmark_group("parse");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(d.jsonl.len() as u64));
    g.bench_function("jsonl", |b| {
        b.iter(|| read_slice(black_box(&d.jsonl), Format::Jsonl, &cfg).expect("read"))
    });
    g.throughput(Throughput::Bytes(d.csv.len() as u64));
    g.bench_function("csv", |b| {
        b.iter(|| read_slice(black_box(&d.csv), Format::Csv, &cfg).expect("read"))
    });
    g.finish();

    let raw: Vec<&str> = (0..corpus.len()).map(|i| corpus.text.get(i)).collect();
    let mut g = c.benchmark_group("features");
    g.sample_size(10);
    g.throughput(Throughput::Elements(raw.len() as u64));
    g.bench_function("normalize", |b| {
        let mut out = String::new();
        b.iter(|| {
            for t in &raw {
                text::normalize(black_box(t), &mut out);
            }
        })
    });
    let mut normed: Vec<String> = raw
        .iter()
        .map(|t| {
            let mut s = String::new();
            text::normalize(t, &mut s);
            s
        })
        .filter(|s| text::carries_evidence(s))
        .collect();
    normed.sort_unstable();
    normed.dedup();
    let refs: Vec<&str> = normed.iter().map(String::as_str).collect();
    g.throughput(Throughput::Elements(refs.len() as u64));
    g.bench_function("minhash_group", |b| {
        b.iter(|| minhash::group(black_box(&refs), 0.5))
    });
    g.throughput(Throughput::Elements(corpus.len() as u64));
    let fcfg = FeatureConfig::default();
    g.bench_function("compute", |b| {
        b.iter(|| features::compute(black_box(corpus), &fcfg))
    });
    g.finish();

    let f = features::compute(corpus, &fcfg);
    let gcfg = graph::GraphConfig::default();
    let mut g = c.benchmark_group("graph");
    g.sample_size(10);
    g.throughput(Throughput::Elements(corpus.len() as u64));
    g.bench_function("pairs", |b| {
        b.iter(|| graph::build(black_box(corpus), &f, &gcfg))
    });
    let cg = graph::build(corpus, &f, &gcfg);
    let dcfg = detect::DetectConfig::default();
    g.bench_function("cluster", |b| {
        b.iter(|| detect::detect(black_box(corpus), &f, &cg, &dcfg))
    });
    g.finish();
}

criterion_group!(kernels, benches);
criterion_main!(kernels);
