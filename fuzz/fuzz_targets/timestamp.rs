//! The timestamp parser on arbitrary strings and numbers: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lockstep::ingest::{Val, Zone, time};

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = time::parse_str(s, Zone::default());
        let paris: Zone = "Europe/Paris".parse().expect("known zone");
        let _ = time::parse_str(s, paris);
    }
    if let Ok(b) = <[u8; 8]>::try_from(data.get(..8).unwrap_or_default()) {
        let _ = time::parse(&Val::Int(i64::from_le_bytes(b)), Zone::default());
        let _ = time::parse(&Val::Float(f64::from_le_bytes(b)), Zone::default());
    }
});
