//! The URL normaliser: no panic, idempotent (a key normalises to itself).
//! The property is `checks::url`, which the stable runs of `tests/integration/fuzz.rs` share.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

fuzz_target!(|data: &[u8]| checks::url(data));
