//! `--format table`: a readable summary that fits the terminal.
//!
//! Lines wrap at word boundaries to `Style::width` columns (continuations indented under
//! their line); a word longer than a line, and every shared object, is cut with an ellipsis
//! `…`. Widths count display columns (`unicode-width`), so CJK text and emoji do not
//! overflow. Colour (ANSI bold and colours) only when `Style::colour`, which the caller sets
//! for a terminal without `NO_COLOR`. Every data string passes through `escape::terminal`
//! first, so colour codes are the only escapes that ever reach the terminal. Pure function of
//! the report and the style.

use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::escape::terminal;
use super::network::{Network, Report};

/// Narrowest width honoured; narrower terminals get this.
const MIN_WIDTH: usize = 40;

/// How to lay the table out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Columns per line.
    pub width: usize,
    /// ANSI colour and bold.
    pub colour: bool,
}

impl Default for Style {
    fn default() -> Self {
        Self {
            width: 100,
            colour: false,
        }
    }
}

/// ANSI codes used.
#[derive(Clone, Copy)]
enum Paint {
    Bold,
    Red,
    Yellow,
    Dim,
}

struct Out<'a> {
    w: &'a mut dyn Write,
    style: Style,
}

impl Out<'_> {
    fn paint(&self, p: Paint, s: &str) -> String {
        if !self.style.colour {
            return s.to_string();
        }
        let code = match p {
            Paint::Bold => "1",
            Paint::Red => "1;31",
            Paint::Yellow => "33",
            Paint::Dim => "2",
        };
        format!("\x1b[{code}m{s}\x1b[0m")
    }

    /// Writes `text` (already terminal-safe) wrapped to the width, `indent` spaces before the
    /// first line and `indent + 2` before continuations, optionally painted.
    fn line(&mut self, indent: usize, text: &str, paint: Option<Paint>) -> io::Result<()> {
        for (k, l) in wrap(text, self.style.width.max(MIN_WIDTH), indent)
            .iter()
            .enumerate()
        {
            let pad = if k == 0 { indent } else { indent + 2 };
            let body = match paint {
                Some(p) => self.paint(p, l),
                None => l.clone(),
            };
            writeln!(self.w, "{:pad$}{body}", "")?;
        }
        Ok(())
    }
}

/// Wraps `text` at spaces into lines of at most `width - indent` columns (continuations
/// `width - indent - 2`); a word too long for a line is cut with `…`. Runs of spaces inside a
/// line are kept (the table aligns with them); a line break replaces the run it falls on.
pub fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for (sep, word) in words(text) {
        let room = width
            .saturating_sub(if lines.is_empty() { indent } else { indent + 2 })
            .max(8);
        let gap = if cur.is_empty() { "" } else { sep };
        if cur.width() + gap.width() + word.width() <= room {
            cur.push_str(gap);
            cur.push_str(word);
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        let room = width
            .saturating_sub(indent + if lines.is_empty() { 0 } else { 2 })
            .max(8);
        cur = truncate(word, room);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// The words of `text` with the run of spaces before each.
fn words(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let start = rest.len() - rest.trim_start_matches(' ').len();
        let (sep, after) = rest.split_at(start);
        if after.is_empty() {
            return out;
        }
        let end = after.find(' ').unwrap_or(after.len());
        out.push((sep, &after[..end]));
        rest = &after[end..];
    }
}

/// `s` cut to `cols` display columns, the last one an ellipsis when cut.
pub fn truncate(s: &str, cols: usize) -> String {
    if s.width() <= cols {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > cols {
            break;
        }
        used += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// Writes the summary.
pub fn write(r: &Report, w: &mut dyn Write, style: Style) -> io::Result<()> {
    let mut o = Out { w, style };
    let i = &r.input;
    o.line(
        0,
        &format!(
            "lockstep {}: {} posts read, {} accepted, {} rejected; {} .. {}",
            terminal(&r.tool.version),
            i.posts_read,
            i.posts_accepted,
            i.posts_rejected,
            i.time_range.as_ref().map_or("", |t| t[0].as_str()),
            i.time_range.as_ref().map_or("", |t| t[1].as_str()),
        ),
        Some(Paint::Bold),
    )?;
    for f in &r.findings {
        o.line(0, &terminal(f), None)?;
    }
    for n in &r.networks {
        network_block(n, &mut o)?;
    }
    if !r.leads.is_empty() {
        writeln!(o.w)?;
        o.line(
            0,
            &format!(
                "{} lead(s) below the score threshold (all in the JSON report's `leads`; lower --min-score to list them as networks):",
                r.leads.len()
            ),
            Some(Paint::Yellow),
        )?;
        for n in r.leads.iter().take(10) {
            o.line(
                2,
                &format!(
                    "{}  score {:.2}  {} accounts, {} posts: {}",
                    terminal(&n.id),
                    n.score,
                    n.size,
                    n.posts,
                    terminal(n.reason.as_deref().unwrap_or(""))
                ),
                None,
            )?;
        }
    }
    for n in &r.same_owner {
        writeln!(o.w)?;
        o.line(
            0,
            &format!(
                "{}  {} accounts: {}",
                terminal(&n.id),
                n.size,
                terminal(n.reason.as_deref().unwrap_or(""))
            ),
            None,
        )?;
    }
    Ok(())
}

fn network_block(n: &Network, o: &mut Out<'_>) -> io::Result<()> {
    writeln!(o.w)?;
    let head = format!(
        "{}  score {:.2}  {} accounts, {} posts, {} .. {}",
        terminal(&n.id),
        n.score,
        n.size,
        n.posts,
        terminal(&n.first_post),
        terminal(&n.last_post)
    );
    o.line(0, &head, Some(Paint::Red))?;
    let p = &n.score_parts;
    o.line(
        4,
        &format!(
            "parts: authored {:.2}  timing {:.2}  repetition {:.2}  burst {:.2}  accounts {:+.2}",
            p.authored, p.timing, p.repetition, p.burst, p.accounts
        ),
        Some(Paint::Dim),
    )?;
    let sig: Vec<String> = n
        .signals
        .iter()
        .filter(|(_, s)| s.group_objects > 0)
        .map(|(k, s)| format!("{} {}", terminal(k), s.group_objects))
        .collect();
    o.line(4, &format!("group actions: {}", sig.join(", ")), None)?;
    let t = &n.timing;
    o.line(
        4,
        &format!(
            "peak {} ({} posts, {:.0}% of the network's); median follow-up {:.0} s; rank z {:.1}",
            terminal(&t.peak_start),
            t.peak_posts,
            t.peak_share * 100.0,
            t.median_lag_seconds,
            t.rank_z
        ),
        None,
    )?;
    let pr = &n.profile;
    if pr.with_profile * 2 < n.size {
        o.line(4, "accounts: no profile data for most members", None)?;
    } else {
        let half = pr.creation_half_span.as_ref().map_or(String::new(), |w| {
            format!(
                " (half created {} .. {})",
                w[0].get(..10).unwrap_or(""),
                w[1].get(..10).unwrap_or("")
            )
        });
        o.line(
            4,
            &format!(
                "accounts: mean emptiness {:.2}, {} empty, {} verified; creation clustering {:.2}{}",
                pr.mean_emptiness,
                pr.empty_members,
                pr.verified_members,
                pr.creation_clustering,
                terminal(&half)
            ),
            None,
        )?;
    }
    for go in n.evidence.group_objects.iter().take(3) {
        let prefix = format!(
            "{} x{} (of {} then, {} ever): ",
            terminal(&go.signal),
            go.members,
            go.users,
            go.accounts_total
        );
        let room = o
            .style
            .width
            .max(MIN_WIDTH)
            .saturating_sub(4 + prefix.width());
        let obj = truncate(&terminal(&go.object), room.max(12));
        writeln!(o.w, "    {prefix}{obj}")?;
    }
    if !n.evidence.domains.is_empty() {
        let d: Vec<String> = n
            .evidence
            .domains
            .iter()
            .take(5)
            .map(|c| terminal(&c.value).into_owned())
            .collect();
        o.line(4, &format!("domains: {}", d.join(", ")), None)?;
    }
    let shown: Vec<String> = n
        .members
        .iter()
        .take(8)
        .map(|m| match &m.handle {
            Some(h) => format!("@{}", terminal(h)),
            None => terminal(&m.account_id).into_owned(),
        })
        .collect();
    let more = if n.size > 8 {
        format!(" ... (+{})", n.size - 8)
    } else {
        String::new()
    };
    o.line(4, &format!("members: {}{more}", shown.join(" ")), None)?;
    for c in &n.caveats {
        o.line(4, &format!("caveat: {}", terminal(c)), Some(Paint::Yellow))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_words_and_cuts_long_words() {
        let l = wrap("aaa bbb ccc ddd", 11, 0);
        assert_eq!(l, ["aaa bbb ccc", "ddd"]);
        let l = wrap(&"x".repeat(30), 12, 0);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].width(), 12);
        assert!(l[0].ends_with('…'));
        assert_eq!(wrap("", 20, 0), [""]);
        assert_eq!(wrap("N1  score 0.9", 40, 0), ["N1  score 0.9"]);
        assert_eq!(wrap("aaaa  bbbbbbb", 12, 0), ["aaaa", "bbbbbbb"]);
    }

    #[test]
    fn colour_only_when_asked() {
        for colour in [false, true] {
            let mut buf = Vec::new();
            let mut o = Out {
                w: &mut buf,
                style: Style { width: 80, colour },
            };
            o.line(2, "N1  score 0.94", Some(Paint::Red)).unwrap();
            let s = String::from_utf8(buf).unwrap();
            assert_eq!(s.contains('\x1b'), colour, "{s:?}");
            assert!(s.starts_with("  "));
        }
    }

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("日本語テキスト", 7), "日本語…");
        assert_eq!(truncate("short", 10), "short");
    }
}
