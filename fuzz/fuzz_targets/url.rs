//! The URL normaliser: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lockstep::features::urls;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = urls::normalize(s);
    }
});
