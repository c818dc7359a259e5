//! Escaping of untrusted strings (handles, texts, URLs written by adversaries) for each output.
//! Every character class lockstep treats as hostile is defined here and nowhere else.
//!
//! - `terminal`: the characters of `is_terminal_unsafe` become visible `\u{..}` escapes (tab,
//!   newline and carriage return become `\t`, `\n`, `\r`). Used for everything lockstep
//!   prints to stderr (rejection samples, `--strict` and other errors) and for the table
//!   formats.
//! - `csv_cell`: `terminal`, then a cell that a spreadsheet would run as a formula (first
//!   character `=`, `+`, `-`, `@`, tab, carriage return, or `'` itself) gets a leading `'`
//!   (OWASP "CSV injection"). Plain numbers (`-1001234567`, a Telegram channel id) are left
//!   alone: a spreadsheet reads them as numbers, not formulas. Used for every CSV output
//!   (`analyze --format csv|pairs`, `features`). `csv_cell_unguard` undoes the guard exactly;
//!   `csv_cell_decode` also undoes the terminal escapes, for `score` reading a CSV report back.
//! - `json_pretty`, `json_line`: serde's JSON, in which serde escapes C0 controls, and the
//!   rest of the terminal-unsafe class (DEL, C1, bidi and other format characters, U+2028/9)
//!   is also written as `\uXXXX` (a surrogate pair above U+FFFF): the same values for `jq`
//!   or any JSON reader, but nothing raw or invisible for a terminal that shows the default
//!   `analyze` output, and no U+2028 for a JavaScript reader to trip on.
//! - `html`: `& < > " '` become entities, for text and attribute values alike.
//! - `markup`: `terminal`, then `html`, and the XML non-characters U+FFFE/U+FFFF escaped
//!   like controls: what every HTML, SVG, GEXF and GraphML writer uses for data, because XML
//!   1.0 admits no control character (not even as a reference) and because an analyst
//!   reading a report must see a bidi override rather than be fooled by it.
//!
//! The terminal-unsafe class (`is_terminal_unsafe`):
//! - C0 controls U+0000–U+001F (NUL, BEL, BS, ESC which starts every escape sequence: screen
//!   clears, OSC title and OSC 52 clipboard writes), DEL U+007F, and C1 controls
//!   U+0080–U+009F (U+009B is a one-character CSI on some terminals);
//! - bidirectional controls, which reorder what is displayed so a handle or URL reads as
//!   something else: U+061C ARABIC LETTER MARK, U+200E/U+200F LEFT-TO-RIGHT/RIGHT-TO-LEFT
//!   MARK, U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates;
//! - every other format character (general category Cf), which a reader cannot see, so that
//!   `a\u{200b}b` and `ab` cannot pass for one id: U+00AD SOFT HYPHEN, U+200B–U+200D zero
//!   width space, non-joiner and joiner, U+2060–U+2064 word joiner and invisible operators,
//!   U+206A–U+206F, U+FEFF byte-order mark, U+FFF9–U+FFFB interlinear annotation, the
//!   Arabic, Syriac, Egyptian and musical format signs, and the tags U+E0001, U+E0020–U+E007F;
//! - invisible characters of other categories: U+034F COMBINING GRAPHEME JOINER, the Hangul
//!   fillers U+115F, U+1160, U+3164, U+FFA0, the Khmer U+17B4/U+17B5 and the Mongolian
//!   variation selectors U+180B–U+180F;
//! - U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR, which break lines in some
//!   terminals and editors while a line-based reader sees one line.
//!
//! The joiners are escaped in texts too (an emoji sequence `👩\u{200d}💻` shows as two emoji
//! and an escape; a Persian text shows its non-joiners): visible beats pretty in a report
//! about deception. Variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF) and space
//! separators (U+00A0, U+2000–U+200A, U+3000) are shown as they are: they are everywhere in
//! emoji and ordinary text.

use std::borrow::Cow;
use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

/// Whether `c` must not reach a terminal raw (see the module doc for the classes).
pub fn is_terminal_unsafe(c: char) -> bool {
    c.is_control() || is_format_or_invisible(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The format characters (general category Cf, Unicode 15.1, bidi controls included) and the
/// invisible fillers and joiners of other categories: characters a reader cannot see.
fn is_format_or_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

fn is_dangerous(c: char) -> bool {
    is_terminal_unsafe(c)
}

/// Makes `s` safe to print on a terminal. A backslash is doubled, so that the escapes are
/// one-to-one: an account spelt with a real ESC and one spelt `\u{1b}` in plain text print
/// (and become GEXF node ids, or CSV cells that `score` reads back) as two different strings.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c == '\\' || is_dangerous(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_dangerous(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A serde_json `Formatter` that writes the terminal-unsafe characters serde leaves raw as
/// `\uXXXX` escapes (a surrogate pair above the Basic Multilingual Plane, as JSON spells it)
/// and is `F` otherwise.
struct SafeJson<F>(F);

impl<F: Formatter> Formatter for SafeJson<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((i, c)) = rest.char_indices().find(|&(_, c)| is_dangerous(c)) {
            w.write_all(rest.get(..i).unwrap_or("").as_bytes())?;
            for unit in c.encode_utf16(&mut [0; 2]) {
                write!(w, "\\u{:04x}", unit)?;
            }
            rest = rest.get(i + c.len_utf8()..).unwrap_or("");
        }
        w.write_all(rest.as_bytes())
    }
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// `value` as pretty JSON (as `serde_json::to_writer_pretty`), terminal-unsafe characters
/// escaped.
///
/// # Errors
/// Write errors, and serialisation errors as `io::Error`.
pub fn json_pretty<T: Serialize + ?Sized>(w: &mut dyn io::Write, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, SafeJson(PrettyFormatter::new()));
    value.serialize(&mut ser).map_err(io::Error::from)
}

/// `value` as compact JSON on no more than one line (as `serde_json::to_writer`),
/// terminal-unsafe characters escaped.
///
/// # Errors
/// Write errors, and serialisation errors as `io::Error`.
pub fn json_line<T: Serialize + ?Sized>(w: &mut dyn io::Write, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, SafeJson(CompactFormatter));
    value.serialize(&mut ser).map_err(io::Error::from)
}

/// First characters that make a spreadsheet cell a formula, plus the guard `'` itself (so
/// that the guard can be undone without ambiguity).
fn starts_formula(s: &str) -> bool {
    matches!(
        s.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'')
    )
}

/// A plain decimal number (`-1001234567`, `+3.5`): a spreadsheet reads it as a number.
fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// Makes a CSV cell safe for terminals and spreadsheets: `terminal`, then the formula guard.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let t = terminal(s);
    if starts_formula(&t) && !is_plain_number(&t) {
        return Cow::Owned(format!("'{t}"));
    }
    t
}

/// Undoes `csv_cell`'s formula guard (not its terminal escapes): the value as it was.
pub fn csv_cell_unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if starts_formula(rest) && !is_plain_number(rest) => rest,
        _ => s,
    }
}

/// Undoes `csv_cell`: the formula guard, then `terminal`'s escapes (`\\`, `\t`, `\n`, `\r`,
/// and `\u{..}` of a terminal-unsafe character). For `score` reading a CSV report back, so
/// that an id such as `"\t=1+1"` matches its label. Exact for every value, since `terminal`
/// doubles real backslashes.
pub fn csv_cell_decode(s: &str) -> Cow<'_, str> {
    let s = csv_cell_unguard(s);
    if !s.contains('\\') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let (decoded, used) = match tail.as_bytes().get(1) {
            Some(b'\\') => (Some('\\'), 2),
            Some(b't') => (Some('\t'), 2),
            Some(b'n') => (Some('\n'), 2),
            Some(b'r') => (Some('\r'), 2),
            Some(b'u') => unescape_code(tail),
            _ => (None, 1),
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push('\\'),
        }
        rest = tail.get(used..).unwrap_or("");
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `\u{HEX}` at the start of `s`: the character and the bytes used, when it is one that
/// `terminal` escapes this way; else `(None, 1)` (the backslash stays as text).
fn unescape_code(s: &str) -> (Option<char>, usize) {
    let Some(body) = s.strip_prefix("\\u{") else {
        return (None, 1);
    };
    let Some(end) = body.find('}').filter(|&e| (1..=6).contains(&e)) else {
        return (None, 1);
    };
    let c = body
        .get(..end)
        .and_then(|h| u32::from_str_radix(h, 16).ok())
        .and_then(char::from_u32)
        .filter(|&c| is_dangerous(c) && !matches!(c, '\t' | '\n' | '\r'));
    match c {
        Some(c) => (Some(c), 3 + end + 1),
        None => (None, 1),
    }
}

/// Escapes `s` for HTML text or a quoted attribute value.
pub fn html(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Makes `s` safe as HTML or XML text or attribute value (see the module doc).
pub fn markup(s: &str) -> String {
    let t = terminal(s);
    let t: Cow<'_, str> = if t.contains(['\u{FFFE}', '\u{FFFF}']) {
        Cow::Owned(
            t.replace('\u{FFFE}', "\\u{fffe}")
                .replace('\u{FFFF}', "\\u{ffff}"),
        )
    } else {
        t
    };
    html(&t).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_controls_and_bidi() {
        assert_eq!(terminal("plain été 🎉"), "plain été 🎉");
        assert_eq!(terminal("a\x1b[31mred"), "a\\u{1b}[31mred");
        assert_eq!(terminal("x\ny\t"), "x\\ny\\t");
        assert_eq!(terminal("abc\u{202E}cba"), "abc\\u{202e}cba");
        assert_eq!(terminal("\u{9b}"), "\\u{9b}");
        // One-to-one: a real ESC and the text of its escape stay apart.
        assert_eq!(terminal("\\u{1b}[31mred"), "\\\\u{1b}[31mred");
        assert_ne!(terminal("\\u{1b}x"), terminal("\u{1b}x"));
        assert_eq!(terminal("C:\\x"), "C:\\\\x");
    }

    #[test]
    fn terminal_escapes_every_documented_class() {
        for c in [
            '\0', '\x07', '\x1b', '\x7f', '\u{85}', '\u{9b}', '\u{061C}', '\u{200E}', '\u{200F}',
            '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{2028}', '\u{2029}',
        ] {
            let s = format!("a{c}b");
            let t = terminal(&s);
            assert!(!t.contains(c), "{:x} passed raw", c as u32);
            assert!(!csv_cell(&s).contains(c));
        }
        // Letters of every script and emoji are not touched; the joiner is shown.
        assert_eq!(
            terminal("مرحبا 👩\u{200D}💻 ❤\u{FE0F}"),
            "مرحبا 👩\\u{200d}💻 ❤\u{FE0F}"
        );
    }

    #[test]
    fn invisible_format_characters_are_shown() {
        // Before: `a\u{200b}b` printed as `ab` in every output, two ids that look like one.
        for c in [
            '\u{AD}',
            '\u{34F}',
            '\u{600}',
            '\u{180E}',
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{2060}',
            '\u{2064}',
            '\u{206F}',
            '\u{3164}',
            '\u{FEFF}',
            '\u{FFF9}',
            '\u{FFFA}',
            '\u{FFFB}',
            '\u{110BD}',
            '\u{1D173}',
            '\u{E0001}',
            '\u{E0041}',
            '\u{E007F}',
        ] {
            let s = format!("a{c}b");
            assert!(is_terminal_unsafe(c), "{:x}", c as u32);
            assert_eq!(terminal(&s), format!("a\\u{{{:x}}}b", c as u32));
            assert_eq!(csv_cell_decode(&csv_cell(&s)), s);
            assert!(!markup(&s).contains(c));
            let mut b = Vec::new();
            json_line(&mut b, &s).unwrap();
            let j = String::from_utf8(b).unwrap();
            assert!(!j.contains(c), "{j}");
            assert!(j.is_ascii(), "{j}");
            assert_eq!(serde_json::from_str::<String>(&j).unwrap(), s);
        }
        let mut b = Vec::new();
        json_line(&mut b, "\u{E0001}").unwrap();
        assert_eq!(b, b"\"\\udb40\\udc01\"");
        // Visible neighbours stay: variation selectors, spaces, letters near the ranges.
        for c in [
            '\u{FE0F}', '\u{A0}', '\u{2009}', '\u{200A}', '\u{2010}', '\u{FFFC}',
        ] {
            assert!(!is_terminal_unsafe(c), "{:x}", c as u32);
        }
    }

    #[test]
    fn json_escapes_what_serde_leaves_raw_and_reads_back_the_same() {
        let v = serde_json::json!({"k\u{202e}": ["a\u{9b}b\u{7f}\u{2028}\u{61c}", "\u{1b}é🎉\u{200d}"]});
        for out in [
            {
                let mut b = Vec::new();
                json_pretty(&mut b, &v).unwrap();
                b
            },
            {
                let mut b = Vec::new();
                json_line(&mut b, &v).unwrap();
                b
            },
        ] {
            let s = String::from_utf8(out).unwrap();
            assert!(
                !s.chars().any(|c| c != '\n' && is_terminal_unsafe(c)),
                "{s}"
            );
            assert!(s.contains("a\\u009bb\\u007f\\u2028\\u061c"), "{s}");
            assert!(s.contains("é🎉\\u200d"), "{s}");
            let back: serde_json::Value = serde_json::from_str(&s).unwrap();
            assert_eq!(back, v);
        }
    }

    #[test]
    fn csv_guard_round_trips() {
        for s in [
            "=1+1",
            "'=1+1",
            "''",
            "'",
            "-2",
            "-1001234567",
            "+3.5",
            "-x",
            "@a",
            "plain",
            "",
            "a'b",
        ] {
            let guarded = csv_cell(s);
            assert_eq!(csv_cell_unguard(&guarded), s, "{s}");
        }
        assert_eq!(csv_cell("-1001234567"), "-1001234567");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("a\x1b]0;x\x07"), "a\\u{1b}]0;x\\u{7}");
    }

    #[test]
    fn csv_cell_decode_round_trips_hostile_ids() {
        for s in [
            "\t=1+1",
            " =1+1",
            "=1+1",
            "a\x1b]0;x\x07",
            "\u{202e}moc.evil",
            "x\ny\r",
            "\0",
            "plain \\ backslash",
            "\\u{zz}",
            "\\u{41}",
            "trailing \\",
            "a\\tb",
            "\\u{1b}[31mred44",
            "\\\\n",
            "-1001234567",
            "'",
        ] {
            assert_eq!(csv_cell_decode(&csv_cell(s)), s, "{s:?}");
        }
        // " =1+1" and "\t=1+1" stay two values through the CSV and back.
        assert_ne!(csv_cell(" =1+1"), csv_cell("\t=1+1"));
    }

    #[test]
    fn csv_formulas_neutralised() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("+1"), "+1");
        assert_eq!(csv_cell("-2"), "-2");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("acct_1"), "acct_1");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn html_escaped() {
        assert_eq!(
            html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(html("safe"), "safe");
        assert_eq!(
            markup("<b>\u{202E}x\u{1b}\u{FFFF}"),
            "&lt;b&gt;\\u{202e}x\\u{1b}\\u{ffff}"
        );
    }
}
