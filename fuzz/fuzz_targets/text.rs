//! The text normaliser: no panic, bounded output, idempotent.
//! The property is `checks::text_normalize`, which the stable runs of `tests/integration/fuzz.rs` share.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

fuzz_target!(|data: &[u8]| checks::text_normalize(data));
