//! The tsv reader on arbitrary bytes: no panic, and every record accounted for.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lockstep::ingest::{Format, IngestConfig, read_slice};

fuzz_target!(|data: &[u8]| {
    let cfg = IngestConfig {
        max_record_bytes: 4096,
        ..IngestConfig::default()
    };
    if let Ok(ing) = read_slice(data, Format::Tsv, &cfg) {
        let t = &ing.accounting.posts;
        assert_eq!(t.read, t.accepted + t.rejected);
        assert_eq!(t.by_reason.values().sum::<u64>(), t.rejected);
    }
});
