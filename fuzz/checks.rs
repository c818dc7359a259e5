//! What every fuzz target checks, one function per target: shared by the libFuzzer targets
//! (`fuzz_targets/*.rs`, nightly and cargo-fuzz) and the stable mutation runs of
//! `tests/integration/fuzz.rs`, so both test the same properties.
//!
//! Each function panics when the property fails; returning is a pass.

use lockstep::features::{text, urls};
use lockstep::ingest::{Format, IngestConfig, Preset, Val, Zone, read_slice, time};

/// A target's property: returns on a pass, panics on a failure.
pub type Check = fn(&[u8]);

/// The targets, by name (the seed directory under `fuzz/seeds/` has the same name).
pub const TARGETS: &[(&str, Check)] = &[
    ("read_jsonl", read_jsonl),
    ("read_json", read_json),
    ("read_csv", read_csv),
    ("read_tsv", read_tsv),
    ("read_presets", read_presets),
    ("timestamp", timestamp),
    ("url", url),
    ("text", text_normalize),
];

fn small_records() -> IngestConfig {
    IngestConfig {
        max_record_bytes: 4096,
        ..IngestConfig::default()
    }
}

/// A reader on arbitrary bytes: no panic, and every record accounted for.
fn read_format(data: &[u8], format: Format, cfg: &IngestConfig) {
    if let Ok(ing) = read_slice(data, format, cfg) {
        let t = &ing.accounting.posts;
        assert_eq!(
            t.read,
            t.accepted + t.rejected,
            "read != accepted + rejected"
        );
        assert_eq!(
            t.by_reason.values().sum::<u64>(),
            t.rejected,
            "reasons do not sum to rejected"
        );
    }
}

pub fn read_jsonl(data: &[u8]) {
    read_format(data, Format::Jsonl, &small_records());
}

pub fn read_json(data: &[u8]) {
    read_format(data, Format::Json, &small_records());
}

pub fn read_csv(data: &[u8]) {
    read_format(data, Format::Csv, &small_records());
}

pub fn read_tsv(data: &[u8]) {
    read_format(data, Format::Tsv, &small_records());
}

const PRESETS: &[Preset] = &[
    Preset::Auto,
    Preset::TwitterIo,
    Preset::TwitterV2,
    Preset::Mastodon,
    Preset::Telegram,
    Preset::Coortweet,
    Preset::Crowdtangle,
    Preset::Bluesky,
];

/// Every preset mapping (and auto detection) over JSONL, JSON and CSV; the first byte picks
/// the preset (low bits) and the format.
pub fn read_presets(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let preset = PRESETS[usize::from(pick) % PRESETS.len()];
    let format = [Format::Jsonl, Format::Json, Format::Csv][usize::from(pick / 16) % 3];
    let cfg = IngestConfig {
        preset,
        ..small_records()
    };
    read_format(rest, format, &cfg);
}

/// The timestamp parser on strings (UTC and Europe/Paris) and on the first 8 bytes as an
/// integer and a float: no panic, and nothing outside 1900-2100 accepted.
pub fn timestamp(data: &[u8]) {
    const EARLIEST_MS: i64 = -2_208_988_800_000;
    const END_MS: i64 = 4_133_980_800_000;
    let plausible = |ms: Option<i64>| {
        if let Some(ms) = ms {
            assert!((EARLIEST_MS..END_MS).contains(&ms), "{ms} ms accepted");
        }
    };
    if let Ok(s) = std::str::from_utf8(data) {
        let paris: Zone = "Europe/Paris".parse().expect("known zone");
        for zone in [Zone::default(), paris] {
            let _ = time::parse_str(s, zone);
            plausible(time::parse(&Val::Str(s.into()), zone));
        }
    }
    if let Ok(b) = <[u8; 8]>::try_from(data.get(..8).unwrap_or_default()) {
        plausible(time::parse(
            &Val::Int(i64::from_le_bytes(b)),
            Zone::default(),
        ));
        plausible(time::parse(
            &Val::UInt(u64::from_le_bytes(b)),
            Zone::default(),
        ));
        plausible(time::parse(
            &Val::Float(f64::from_le_bytes(b)),
            Zone::default(),
        ));
    }
}

/// The URL normaliser: no panic, idempotent (a key normalises to itself).
pub fn url(data: &[u8]) {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Some(u) = urls::normalize(s) {
            let again = urls::normalize(&u.key).map(|v| v.key);
            assert_eq!(again.as_deref(), Some(u.key.as_str()), "{s:?}");
        }
    }
}

/// The text normaliser: no panic, bounded output, idempotent.
pub fn text_normalize(data: &[u8]) {
    if let Ok(s) = std::str::from_utf8(data) {
        let (mut once, mut twice) = (String::new(), String::new());
        text::normalize(s, &mut once);
        assert!(once.len() <= text::MAX_NORMALIZED_BYTES);
        text::normalize(&once, &mut twice);
        assert_eq!(once, twice, "{s:?}");
    }
}
