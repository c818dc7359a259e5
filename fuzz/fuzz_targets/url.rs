//! The URL normaliser: no panic, idempotent (a key normalises to itself).
#![no_main]

use libfuzzer_sys::fuzz_target;
use lockstep::features::urls;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Some(u) = urls::normalize(s) {
            let again = urls::normalize(&u.key).map(|v| v.key);
            assert_eq!(again.as_deref(), Some(u.key.as_str()), "{s:?}");
        }
    }
});
