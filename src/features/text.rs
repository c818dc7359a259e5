//! Text normalisation and the evidence rule.
//!
//! `normalize` applies, in order: drop URLs (`http://`, `https://`, `www.`), mentions (`@x`)
//! and a leading `RT`; Unicode compatibility decomposition (NFKD, which also splits accents off
//! their letters); removal of combining marks (accent folding); lower-casing; every character
//! that is not a letter or digit (emoji, punctuation, symbols) becomes a space; whitespace
//! collapsed. `#tag` keeps its word; `normalize_without_tags` drops it, for the body that
//! texts are compared by (see `features`): a live event's short posts ("Wow #Debate2025",
//! "What a moment #Debate2025") are otherwise near-duplicates of each other through the tag
//! alone, while a copied text is the same text whatever tags ride along. Letters and digits
//! of every script survive.
//!
//! A text carries evidence when its normalised form has at least `MIN_WORDS` words or
//! `MIN_CHARS` characters (scripts written without spaces): "lol", "yes" or a lone hashtag
//! carry none.

// Reached by every post's text or link: no panicking constructs outside tests.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

use unicode_normalization::char::{
    canonical_combining_class, decompose_compatible, is_combining_mark,
};

/// Words a normalised text needs to carry evidence.
pub const MIN_WORDS: usize = 4;
/// Characters a normalised text without enough words needs to carry evidence.
pub const MIN_CHARS: usize = 20;

/// Largest normalised text kept per post, in bytes. NFKD expands some characters 18-fold
/// (U+FDFA), so without a bound a 16 MiB post became 300 MB in this stage; 256 KiB is far
/// beyond any real post (Facebook's limit is 63,206 characters) and plenty for shingling.
pub const MAX_NORMALIZED_BYTES: usize = 256 * 1024;

/// Normalises `text` into `out` (cleared first), stopping at `MAX_NORMALIZED_BYTES`.
///
/// Complexity: O(min(input, bound)) time and at most `MAX_NORMALIZED_BYTES` of output.
pub fn normalize(text: &str, out: &mut String) {
    normalize_with(text, out, false);
}

/// `normalize`, dropping tags: a `#` (or a fullwidth or small number sign) that does not
/// follow a letter or digit, with the letters, digits and `_` after it. A text's body,
/// without its tags (see the module documentation).
pub fn normalize_without_tags(text: &str, out: &mut String) {
    normalize_with(text, out, true);
}

fn normalize_with(text: &str, out: &mut String, drop_tags: bool) {
    out.clear();
    let mut rest = text;
    'tokens: while let Some((token, ascii)) = next_token(&mut rest) {
        if out.len() >= MAX_NORMALIZED_BYTES {
            break;
        }
        let lower = token.as_bytes();
        if starts_with_ci(lower, b"http://")
            || starts_with_ci(lower, b"https://")
            || starts_with_ci(lower, b"www.")
            || token.starts_with('@')
        {
            continue;
        }
        let mut pending_space = !out.is_empty();
        // With `drop_tags`, a `#` that does not follow a letter or digit opens a tag, which
        // runs over the letters, digits and `_` after it (`(#tag),and` keeps `and`; `C#` and
        // `a#b` are no tags).
        let (mut in_tag, mut after_alnum) = (false, false);
        if ascii {
            // ASCII has no decomposition and no combining marks: the same rules, byte by byte
            // (most tokens of most corpora; NFKD costs ~10x more per character).
            for &b in token.as_bytes() {
                if in_tag && (b.is_ascii_alphanumeric() || b == b'_') {
                    continue;
                }
                in_tag = drop_tags && b == b'#' && !after_alnum;
                after_alnum = b.is_ascii_alphanumeric();
                if b.is_ascii_alphanumeric() {
                    if out.len() + 13 > MAX_NORMALIZED_BYTES {
                        break 'tokens;
                    }
                    if pending_space {
                        out.push(' ');
                        pending_space = false;
                    }
                    out.push(char::from(b.to_ascii_lowercase()));
                } else if !out.is_empty() {
                    pending_space = true;
                }
            }
            continue;
        }
        // Letters of the alphabetic scripts below U+0800 (accented Latin, Greek, Cyrillic,
        // Hebrew, Arabic) by a table of what NFKD and the rules make of each character; a
        // token with any other character is redone through NFKD from where it started.
        let start = (out.len(), pending_space);
        match fold_by_table(token, out, drop_tags, &mut pending_space) {
            Fold::Done => continue,
            Fold::Full => break,
            Fold::Uncovered => {
                out.truncate(start.0);
                pending_space = start.1;
            }
        }
        if let Fold::Full = fold_by_nfkd(token, out, drop_tags, &mut pending_space) {
            break;
        }
    }
    // Leading `RT` words are dropped from the normalised form, not the raw tokens, so that
    // normalising twice changes nothing (fuzzing found `\0RT @b: x` -> `rt x` -> `x` and
    // `RT(@bob:x` -> `rt bob x`).
    let mut skip = 0;
    while out[skip..] == *"rt" || out[skip..].starts_with("rt ") {
        skip = (skip + 3).min(out.len());
    }
    out.drain(..skip);
}

/// How folding a token ended: every character done; the output bound reached (stop the
/// text); or a character the table does not cover met (redo the token through NFKD).
enum Fold {
    Done,
    Full,
    Uncovered,
}

/// One character of a table entry: a character of the NFKD of the table's character that is
/// not a combining mark, whether it is a letter or digit, and its lower case (`lower_len`
/// characters of `lower`).
#[derive(Clone, Copy)]
struct Piece {
    c: char,
    alnum: bool,
    lower: [char; 3],
    lower_len: u8,
}

/// Characters the fold table covers: U+0000 to U+07FF (ASCII and every two-byte UTF-8
/// character).
const TABLE_CHARS: usize = 0x800;

/// For each character below `TABLE_CHARS`, the pieces NFKD leaves of it once its combining
/// marks are dropped (`pieces[start..end]` for `spans[c]`), or `None` for a character whose
/// decomposition holds a character of non-zero combining class that is not a combining mark
/// (NFKD could reorder it across the next character's marks, so it is not foldable alone).
struct FoldTable {
    spans: Vec<Option<(u16, u16)>>,
    pieces: Vec<Piece>,
}

impl FoldTable {
    /// NFKD of a string is the characters' full compatibility decompositions, one after the
    /// other, with each run of non-zero combining classes reordered. Every such character
    /// covered here is a combining mark, which the rules drop, so folding a token character
    /// by character through this table gives what NFKD of the whole token gives.
    fn build() -> Self {
        let mut spans = Vec::with_capacity(TABLE_CHARS);
        let mut pieces = Vec::new();
        for code in 0..TABLE_CHARS as u32 {
            let Some(c) = char::from_u32(code) else {
                spans.push(None);
                continue;
            };
            let from = pieces.len();
            let mut foldable = true;
            decompose_compatible(c, |d| {
                if is_combining_mark(d) {
                    return;
                }
                if canonical_combining_class(d) != 0 {
                    foldable = false;
                    return;
                }
                let mut lower = ['\0'; 3];
                let mut lower_len = 0u8;
                for (slot, l) in lower.iter_mut().zip(d.to_lowercase()) {
                    *slot = l;
                    lower_len += 1;
                }
                pieces.push(Piece {
                    c: d,
                    alnum: d.is_alphanumeric(),
                    lower,
                    lower_len,
                });
            });
            let span = (u16::try_from(from).ok(), u16::try_from(pieces.len()).ok());
            if let (true, (Some(start), Some(end))) = (foldable, span) {
                spans.push(Some((start, end)));
            } else {
                pieces.truncate(from);
                spans.push(None);
            }
        }
        Self { spans, pieces }
    }

    /// The pieces of `c`, or `None` when the table does not cover it.
    fn pieces(&self, c: char) -> Option<&[Piece]> {
        let (start, end) = (*self.spans.get(c as usize)?)?;
        self.pieces.get(usize::from(start)..usize::from(end))
    }
}

fn fold_table() -> &'static FoldTable {
    static TABLE: OnceLock<FoldTable> = OnceLock::new();
    TABLE.get_or_init(FoldTable::build)
}

/// Folds `token` (not all ASCII) into `out` by the fold table, with the rules of
/// `normalize_with`; stops at the first character the table does not cover.
fn fold_by_table(token: &str, out: &mut String, drop_tags: bool, pending_space: &mut bool) -> Fold {
    let table = fold_table();
    let (mut in_tag, mut after_alnum) = (false, false);
    for ch in token.chars() {
        let Some(pieces) = table.pieces(ch) else {
            return Fold::Uncovered;
        };
        for p in pieces {
            if in_tag && (p.alnum || p.c == '_') {
                continue;
            }
            in_tag = drop_tags && p.c == '#' && !after_alnum;
            after_alnum = p.alnum;
            if p.alnum {
                if out.len() + 13 > MAX_NORMALIZED_BYTES {
                    return Fold::Full;
                }
                if *pending_space {
                    out.push(' ');
                    *pending_space = false;
                }
                for &l in p.lower.iter().take(usize::from(p.lower_len)) {
                    out.push(l);
                }
            } else if !out.is_empty() {
                *pending_space = true;
            }
        }
    }
    Fold::Done
}

/// Folds `token` into `out` through NFKD, with the rules of `normalize_with`.
fn fold_by_nfkd(token: &str, out: &mut String, drop_tags: bool, pending_space: &mut bool) -> Fold {
    let (mut in_tag, mut after_alnum) = (false, false);
    for c in token.nfkd() {
        if is_combining_mark(c) || in_tag && (c.is_alphanumeric() || c == '_') {
            continue;
        }
        // NFKD makes the fullwidth and small number signs `#`.
        in_tag = drop_tags && c == '#' && !after_alnum;
        after_alnum = c.is_alphanumeric();
        if c.is_alphanumeric() {
            // Room for a space and the longest lower-case expansion (3 chars of 4 bytes).
            if out.len() + 13 > MAX_NORMALIZED_BYTES {
                return Fold::Full;
            }
            if *pending_space {
                out.push(' ');
                *pending_space = false;
            }
            for l in c.to_lowercase() {
                out.push(l);
            }
        } else if !out.is_empty() {
            *pending_space = true;
        }
    }
    Fold::Done
}

/// The next token of `rest` (the same tokens as `str::split_whitespace`: runs of characters
/// that are not `char::is_whitespace`), and whether it is ASCII; `rest` moves past it.
///
/// ASCII bytes are classified without decoding (most text of most corpora); a character
/// beyond ASCII is decoded and asked `is_whitespace`, so every Unicode space still splits.
///
/// Complexity: O(bytes consumed).
fn next_token<'a>(rest: &mut &'a str) -> Option<(&'a str, bool)> {
    let s: &'a str = rest;
    let bytes = s.as_bytes();
    // (byte length of the character at `i`, whether it is whitespace); `None` at the end.
    let class = |i: usize| -> Option<(usize, bool)> {
        let b = *bytes.get(i)?;
        if b.is_ascii() {
            // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed,
            // carriage return, space (`u8::is_ascii_whitespace` leaves out vertical tab).
            return Some((1, matches!(b, b'\t'..=b'\r' | b' ')));
        }
        let c = s.get(i..)?.chars().next()?;
        Some((c.len_utf8(), c.is_whitespace()))
    };
    let mut i = 0;
    while let Some((len, true)) = class(i) {
        i += len;
    }
    let start = i;
    let mut ascii = true;
    loop {
        // A run of ASCII bytes that are not spaces, without decoding.
        while let Some(&b) = bytes.get(i) {
            if !b.is_ascii() || matches!(b, b'\t'..=b'\r' | b' ') {
                break;
            }
            i += 1;
        }
        match class(i) {
            Some((len, false)) => {
                ascii = false;
                i += len;
            }
            _ => break,
        }
    }
    *rest = s.get(i..).unwrap_or_default();
    if i == start {
        return None;
    }
    Some((s.get(start..i)?, ascii))
}

fn starts_with_ci(s: &[u8], prefix: &[u8]) -> bool {
    s.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Whether a normalised text is long enough to be evidence of reuse.
pub fn carries_evidence(norm: &str) -> bool {
    // Counting stops at the bound: a long text is not walked to its end.
    norm.split(' ').take(MIN_WORDS).count() >= MIN_WORDS
        || norm.chars().take(MIN_CHARS).count() >= MIN_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        let mut out = String::new();
        normalize(s, &mut out);
        out
    }

    #[test]
    fn case_accents_emoji_punctuation_urls_mentions() {
        assert_eq!(
            n("RT @bob: Boycottez les JO de PARIS !!! 🚫🔥 https://t.co/x www.a.fr"),
            "boycottez les jo de paris"
        );
        assert_eq!(
            n("Ça suffit, l'été à Paris… #BoycottJO"),
            "ca suffit l ete a paris boycottjo"
        );
        assert_eq!(n("ｆｕｌｌｗｉｄｔｈ"), "fullwidth");
        assert_eq!(
            n("  many   spaces\n\tand\r\nlines "),
            "many spaces and lines"
        );
    }

    #[test]
    fn a_bodys_tags_are_dropped() {
        let t = |s: &str| {
            let mut out = String::new();
            normalize_without_tags(s, &mut out);
            out
        };
        // A live event's short posts share only their tag: without it they are different.
        assert_eq!(t("Modo popelsu... #Debate2025"), "modo popelsu");
        assert_eq!(t("Suneto popelsu #Debate2025 ＃Live"), "suneto popelsu");
        // A copied text is the same text whatever tags ride along.
        assert_eq!(
            t("The vaccine was never tested #novax"),
            t("The vaccine was never tested! #wakeup #healthfreedom")
        );
        // A tag opens where `#` does not follow a letter or digit, and ends at the first
        // character that is not one (or `_`); idempotent.
        assert_eq!(t("C# and a#b #x"), "c and a b");
        assert_eq!(
            t("(#tag),and 🔥#on_fire ok #Debate2025.Who won"),
            "and ok who won"
        );
        assert_eq!(t("\u{FE5F}small ＃wide é#tag"), "e tag");
        assert_eq!(t(&t("a #b c")), t("a #b c"));
        // `normalize` keeps them (evidence is judged on the whole text).
        assert_eq!(n("Modo popelsu #Debate2025"), "modo popelsu debate2025");
    }

    #[test]
    fn the_fold_table_folds_as_nfkd_does() {
        // Every character the table covers, alone, between letters, before combining marks
        // (which NFKD reorders by class), around tags and twice: the same as through NFKD.
        let table = fold_table();
        let mut covered = 0;
        for code in 0x80..TABLE_CHARS as u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            if table.pieces(c).is_none() {
                continue;
            }
            covered += 1;
            for t in [
                format!("{c}"),
                format!("a{c}b"),
                format!("{c}\u{301}\u{323}"),
                format!("{c}\u{5b0}x"),
                format!("#{c}_x"),
                format!("{c}#y"),
                format!("{c}{c}é"),
            ] {
                for tags in [false, true] {
                    let (mut a, mut b) = (String::from("w"), String::from("w"));
                    let (mut pa, mut pb) = (true, true);
                    let fa = fold_by_table(&t, &mut a, tags, &mut pa);
                    let fb = fold_by_nfkd(&t, &mut b, tags, &mut pb);
                    assert!(matches!(fa, Fold::Done) && matches!(fb, Fold::Done));
                    assert_eq!((a, pa), (b, pb), "{t:?} (U+{code:04X}), tags {tags}");
                }
            }
        }
        // Latin, Greek, Cyrillic, Hebrew and Arabic letters are covered.
        assert!(covered > 1500, "{covered}");
        for c in ['é', 'ß', 'Ω', 'й', 'ש', 'ب', 'ǅ', '½'] {
            assert!(table.pieces(c).is_some(), "{c}");
        }
    }

    #[test]
    fn other_scripts_survive() {
        // Folding applies to every script alike: й loses its breve as é loses its accent.
        assert_eq!(n("Бойкот Олимпиады!"), "боикот олимпиады");
        assert_eq!(n("抵制奥运会。"), "抵制奥运会");
        assert_eq!(n("مقاطعة الألعاب"), "مقاطعة الالعاب");
    }

    #[test]
    fn paraphrases_normalise_alike() {
        assert_eq!(n("Boycott Paris 2024!"), n("boycott paris 2024 !! 🇫🇷"));
        assert_eq!(n("Élections: la VÉRITÉ"), n("elections la verite"));
    }

    #[test]
    fn leading_retweet_marker_is_idempotent() {
        assert_eq!(n("\0\0RT @bRT @bob: Boycottez"), "boycottez");
        assert_eq!(n("@bob RT hello"), "hello");
        assert_eq!(n("RT: hello rt"), "hello rt");
        assert_eq!(n("RT(@bob:oycottez lesRT"), "bob oycottez lesrt");
        assert_eq!(n("rt RT rt"), "");
    }

    #[test]
    fn expansion_is_bounded() {
        // U+FDFA expands to 18 characters under NFKD.
        let long = "\u{FDFA}".repeat(1 << 20);
        let out = n(&long);
        assert!(out.len() <= MAX_NORMALIZED_BYTES);
        assert!(out.len() > MAX_NORMALIZED_BYTES - 64);
        assert_eq!(n(&out), out);
    }

    #[test]
    fn evidence_rule() {
        assert!(!carries_evidence(&n("lol")));
        assert!(!carries_evidence(&n("#BoycottJO")));
        assert!(!carries_evidence(&n("yes yes!")));
        assert!(carries_evidence(&n("Boycott the Olympics now")));
        assert!(carries_evidence(&n(
            "抵制奥运会抵制奥运会抵制奥运会抵制奥运会抵"
        )));
        assert_eq!(n(""), "");
        assert!(!carries_evidence(""));
    }
}
