//! Escaping of untrusted strings (handles, texts, URLs written by adversaries) for each output.
//!
//! - `terminal`: C0/C1 control characters, DEL and Unicode bidirectional overrides/isolates
//!   (U+202A–U+202E, U+2066–U+2069, which can reorder what a terminal shows) become visible
//!   `\u{..}` escapes; tab, newline and carriage return become `\t`, `\n`, `\r`.
//! - `csv_cell`: a cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading
//!   `'` so spreadsheets do not run it as a formula (OWASP "CSV injection").
//! - `html`: `& < > " '` become entities, for text and attribute values alike.

use std::borrow::Cow;

fn is_dangerous(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Makes `s` safe to print on a terminal.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_dangerous) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_dangerous(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Neutralises spreadsheet formulas in a CSV cell.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
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
    }

    #[test]
    fn csv_formulas_neutralised() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2"), "'-2");
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
    }
}
