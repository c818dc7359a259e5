//! The timestamp parser on arbitrary strings and numbers: no panic.
//! The property is `checks::timestamp`, which the stable runs of `tests/integration/fuzz.rs` share.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

fuzz_target!(|data: &[u8]| checks::timestamp(data));
