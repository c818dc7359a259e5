//! Every preset mapping (and auto detection) over JSONL and CSV: no panic, every record
//! accounted for. The first byte picks the preset and the format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lockstep::ingest::{Format, IngestConfig, Preset, read_slice};

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

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let preset = PRESETS[usize::from(pick) % PRESETS.len()];
    let format = [Format::Jsonl, Format::Json, Format::Csv][usize::from(pick / 16) % 3];
    let cfg = IngestConfig {
        max_record_bytes: 4096,
        preset,
        ..IngestConfig::default()
    };
    if let Ok(ing) = read_slice(rest, format, &cfg) {
        let t = &ing.accounting.posts;
        assert_eq!(t.read, t.accepted + t.rejected);
    }
});
