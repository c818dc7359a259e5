//! The text normaliser: no panic, bounded output, idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lockstep::features::text;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let (mut once, mut twice) = (String::new(), String::new());
        text::normalize(s, &mut once);
        assert!(once.len() <= text::MAX_NORMALIZED_BYTES);
        text::normalize(&once, &mut twice);
        assert_eq!(once, twice);
    }
});
