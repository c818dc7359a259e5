//! Property tests of the ingest invariants on arbitrary bytes: every reader, every format,
//! never a panic, and `read == accepted + rejected` with the reasons summing to `rejected`
//! (merged rows are part of `accepted`).

use std::io::Write;

use proptest::prelude::*;

use super::{Format, IngestConfig, Source, read};

/// Bytes that look a little like each format, so the readers get past their first byte.
fn soup() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(
            b"{\"post_id\":\"1\",\"account_id\":\"a\",\"timestamp\":1721988000,\"urls\":[\"u\"]}"
                .to_vec()
        ),
        Just(b"post_id,account_id,timestamp,text\n".to_vec()),
        Just(b"p1,a1,2024-07-26 10:00,\"x\n".to_vec()),
        Just(b"[".to_vec()),
        Just(b"]".to_vec()),
        Just(b"{".to_vec()),
        Just(b"}".to_vec()),
        Just(b"\"".to_vec()),
        Just(b",".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\0".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just("\u{FDFA}\u{202e}\u{1b}".as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 0..16),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check(bytes: &[u8], ext: &str, format: Option<Format>) {
    let mut f = tempfile::Builder::new()
        .suffix(ext)
        .tempfile()
        .expect("temp file");
    f.write_all(bytes).expect("write");
    let cfg = IngestConfig {
        format,
        max_record_bytes: 256,
        ..IngestConfig::default()
    };
    let src = [Source::Path(f.path().to_path_buf())];
    // A fatal error (a broken document) is allowed; a panic or a miscount is not.
    if let Ok(ing) = read(&src, &[], &cfg) {
        let t = &ing.accounting.posts;
        assert_eq!(t.read, t.accepted + t.rejected);
        assert_eq!(t.by_reason.values().sum::<u64>(), t.rejected);
        assert!(t.merged <= t.accepted);
        assert_eq!(ing.corpus.len() as u64, t.accepted - t.merged);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_record_is_accounted_for(bytes in soup()) {
        for (ext, format) in [
            (".jsonl", None),
            (".json", None),
            (".csv", None),
            (".tsv", None),
            ("", None),
            ("", Some(Format::Csv)),
        ] {
            check(&bytes, ext, format);
        }
    }

    #[test]
    fn raw_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        for ext in [".jsonl", ".json", ".csv", ""] {
            check(&bytes, ext, None);
        }
    }
}
