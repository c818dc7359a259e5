//! The csv reader on arbitrary bytes: no panic, and every record accounted for.
//! The property is `checks::read_csv`, which the stable runs of `tests/integration/fuzz.rs` share.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

fuzz_target!(|data: &[u8]| checks::read_csv(data));
