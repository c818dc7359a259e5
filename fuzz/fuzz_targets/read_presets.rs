//! Every preset mapping (and auto detection) over JSONL and CSV: no panic, every record
//! accounted for. The first byte picks the preset and the format.
//! The property is `checks::read_presets`, which the stable runs of `tests/integration/fuzz.rs` share.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

fuzz_target!(|data: &[u8]| checks::read_presets(data));
