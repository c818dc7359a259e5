//! Inline SVG charts for the HTML report, drawn by hand: a timeline (network against corpus,
//! burst marked), a histogram, and a picture of a network's accounts and co-action edges.
//!
//! Each chart is a pure function of report values returning one `<svg>` element as text.
//! Coordinates are printed with one decimal, so the same report gives byte-identical SVG.
//! Every string that reaches the SVG (account ids, handles, dates) goes through
//! `escape::markup` (terminal escapes, then HTML entities), so neither markup nor invisible controls pass.
//! What this does not do: interactivity (the report carries no script).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::DateTime;

use super::escape;
use super::layout;
use super::network::{EdgeOut, Member};
use super::timeline::Timeline;

/// Escapes an untrusted string for HTML or SVG text and attributes (`escape::markup`).
pub fn esc(s: &str) -> String {
    escape::markup(s)
}

/// `YYYY-MM-DD HH:MM` (UTC) of a time in ms; empty when out of range.
fn minute(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// Milliseconds of an RFC 3339 time, if it parses.
pub fn parse_ms(s: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.timestamp_millis())
}

const W: f64 = 720.0;
const H: f64 = 200.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 34.0;

/// Posts per bucket of the network (red, left scale) over the corpus's (grey, its own scale),
/// with the peak 24 hours shaded when `peak` (start, end ms) is given.
pub fn timeline(t: &Timeline, peak: Option<(i64, i64)>) -> String {
    let n = t.network.len().max(1) as f64;
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let bw = plot_w / n;
    let span_ms = (t.bucket_seconds.max(1) * 1000) as f64 * n;
    let x_of = |ms: i64| LEFT + ((ms - t.start_ms) as f64 / span_ms).clamp(0.0, 1.0) * plot_w;
    let net_max = t.network.iter().copied().max().unwrap_or(0).max(1) as f64;
    let corpus_max = t.corpus.iter().copied().max().unwrap_or(0).max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart timeline" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="posts per bucket, network against corpus"><title>Posts per {} of the network (red) and of the corpus (grey, own scale)</title>"#,
        bucket_name(t.bucket_seconds)
    );
    if let Some((a, b)) = peak {
        let (xa, xb) = (x_of(a), x_of(b));
        if xb > xa {
            let _ = write!(
                s,
                r##"<rect class="burst" x="{xa:.1}" y="{TOP:.1}" width="{:.1}" height="{plot_h:.1}" fill="#ffe08a" opacity="0.6"/><text x="{:.1}" y="{:.1}" font-size="10" fill="#8a6d00">peak 24 h</text>"##,
                xb - xa,
                xa + 2.0,
                TOP - 6.0
            );
        }
    }
    for (i, &k) in t.corpus.iter().enumerate() {
        if k == 0 {
            continue;
        }
        let h = k as f64 / corpus_max * plot_h;
        let _ = write!(
            s,
            r##"<rect class="corpus" x="{:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="#c8c8c8"/>"##,
            LEFT + i as f64 * bw,
            TOP + plot_h - h,
            bw.max(0.5)
        );
    }
    for (i, &k) in t.network.iter().enumerate() {
        if k == 0 {
            continue;
        }
        let h = k as f64 / net_max * plot_h;
        let _ = write!(
            s,
            r##"<rect class="net" x="{:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="#c0392b"><title>{k} posts from {}</title></rect>"##,
            LEFT + i as f64 * bw + bw * 0.2,
            TOP + plot_h - h,
            (bw * 0.6).max(0.5),
            minute(t.start_ms + i as i64 * t.bucket_seconds * 1000)
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#555"/><text x="4" y="{:.1}" font-size="10" fill="#c0392b">{net_max}</text><text x="4" y="{:.1}" font-size="10" fill="#c0392b">0</text><text x="{:.1}" y="{:.1}" font-size="10" fill="#777" text-anchor="end">corpus max {corpus_max}</text>"##,
        TOP + plot_h,
        W - RIGHT,
        TOP + plot_h,
        TOP + 8.0,
        TOP + plot_h,
        W - RIGHT,
        TOP - 6.0,
    );
    let end = t.start_ms + (span_ms as i64);
    for (x, anchor, ms) in [
        (LEFT, "start", t.start_ms),
        (LEFT + plot_w / 2.0, "middle", (t.start_ms + end) / 2),
        (W - RIGHT, "end", end),
    ] {
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="{:.1}" font-size="10" fill="#333" text-anchor="{anchor}">{}</text>"##,
            H - BOTTOM + 14.0,
            minute(ms)
        );
    }
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="10" fill="#333" text-anchor="middle">posts per {} (UTC)</text></svg>"##,
        LEFT + plot_w / 2.0,
        H - 4.0,
        bucket_name(t.bucket_seconds)
    );
    s
}

fn bucket_name(secs: i64) -> String {
    match secs {
        3600 => "hour".to_string(),
        86_400 => "day".to_string(),
        s if s % 86_400 == 0 => format!("{} days", s / 86_400),
        s => format!("{} hours", s / 3600),
    }
}

/// A bar per (label, count), labels under the first, middle and last bars.
pub fn histogram(class: &str, caption: &str, bars: &[(String, u64)]) -> String {
    let n = bars.len().max(1) as f64;
    let plot_w = W - LEFT - RIGHT;
    let plot_h = 140.0 - TOP - BOTTOM;
    let h_all = 140.0;
    let bw = plot_w / n;
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart {}" viewBox="0 0 {W} {h_all}" width="{W}" height="{h_all}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(class),
        esc(caption),
        esc(caption)
    );
    for (i, (label, k)) in bars.iter().enumerate() {
        if *k == 0 {
            continue;
        }
        let h = *k as f64 / max * plot_h;
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="#2e6da4"><title>{}: {k}</title></rect>"##,
            LEFT + i as f64 * bw + bw * 0.1,
            TOP + plot_h - h,
            (bw * 0.8).max(0.5),
            esc(label)
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#555"/><text x="4" y="{:.1}" font-size="10" fill="#2e6da4">{max}</text>"##,
        TOP + plot_h,
        W - RIGHT,
        TOP + plot_h,
        TOP + 8.0
    );
    let picks: Vec<usize> = if bars.len() <= 3 {
        (0..bars.len()).collect()
    } else {
        vec![0, bars.len() / 2, bars.len() - 1]
    };
    for i in picks {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="10" fill="#333" text-anchor="middle">{}</text>"##,
            LEFT + (i as f64 + 0.5) * bw,
            h_all - BOTTOM + 14.0,
            esc(&bars[i].0)
        );
    }
    s.push_str("</svg>");
    s
}

/// The network's accounts (circles: area by posts, colour by emptiness) and its kept pairs
/// (lines: width by weight), laid out by `layout::layout`. Labels are shown up to 40 members.
pub fn graph(members: &[Member], edges: &[EdgeOut]) -> String {
    const SIDE: f64 = 520.0;
    let index: BTreeMap<&str, usize> = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.account_id.as_str(), i))
        .collect();
    let links: Vec<(usize, usize, f64)> = edges
        .iter()
        .filter_map(|e| {
            Some((
                *index.get(e.source.as_str())?,
                *index.get(e.target.as_str())?,
                e.weight,
            ))
        })
        .collect();
    let pos = layout::layout(members.len(), &links);
    let max_w = links.iter().map(|l| l.2).fold(0.0f64, f64::max).max(1e-9);
    let max_posts = members.iter().map(|m| m.posts).max().unwrap_or(1).max(1) as f64;
    let at = |i: usize| (pos[i].0 * SIDE, pos[i].1 * SIDE);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg class="chart graph" viewBox="0 0 {SIDE} {SIDE}" width="{SIDE}" height="{SIDE}" role="img" aria-label="accounts and co-action edges"><title>{} accounts, {} kept pairs</title><g class="edges" stroke="#7f8c8d">"##,
        members.len(),
        links.len()
    );
    for &(a, b, w) in &links {
        let ((x1, y1), (x2, y2)) = (at(a), at(b));
        let _ = write!(
            s,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke-width="{:.1}" stroke-opacity="0.45"/>"#,
            0.5 + 2.5 * w / max_w
        );
    }
    s.push_str(r#"</g><g class="nodes">"#);
    let labels = members.len() <= 40;
    // Large groups get smaller circles, so a ring of a thousand accounts stays readable.
    let shrink = (200.0 / members.len().max(1) as f64).sqrt().min(1.0);
    for (i, m) in members.iter().enumerate() {
        let (x, y) = at(i);
        let r = (3.0 + 7.0 * (f64::from(m.posts) / max_posts).sqrt()) * shrink;
        let name = m.handle.as_deref().unwrap_or(&m.account_id);
        let _ = write!(
            s,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{}" stroke="#333" stroke-width="0.5"><title>{} ({}): {} posts, emptiness {:.2}, degree {}</title></circle>"##,
            emptiness_colour(m.emptiness),
            esc(&m.account_id),
            esc(name),
            m.posts,
            m.emptiness,
            m.degree
        );
        if labels {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" font-size="9" fill="#222">{}</text>"##,
                x + r + 2.0,
                y + 3.0,
                esc(&crate::ingest::shorten(name, 24))
            );
        }
    }
    s.push_str("</g></svg>");
    s
}

/// Grey for established (0) through orange to red for empty (1).
fn emptiness_colour(e: f64) -> String {
    let e = if e.is_finite() {
        e.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let r = (150.0 + 90.0 * e).round() as u8;
    let g = (150.0 - 90.0 * e).round() as u8;
    let b = (160.0 - 110.0 * e).round() as u8;
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, handle: Option<&str>) -> Member {
        Member {
            account_id: id.to_string(),
            handle: handle.map(str::to_string),
            posts: 3,
            emptiness: 0.7,
            emptiness_confidence: 1.0,
            created_at: None,
            degree: 1,
        }
    }

    #[test]
    fn graph_escapes_names_and_is_deterministic() {
        let m = [member("a<b", Some("<script>x</script>")), member("c", None)];
        let e = [EdgeOut {
            source: "a<b".into(),
            target: "c".into(),
            acts: 2,
            per_signal: BTreeMap::new(),
            weight: 1.0,
            p_value: 1e-5,
            min_lag_seconds: 1.0,
        }];
        let s = graph(&m, &e);
        assert!(!s.contains("<script>"));
        assert!(s.contains("&lt;script&gt;"));
        assert_eq!(s, graph(&m, &e));
        assert_eq!(s.matches("<line").count(), 1);
        assert_eq!(s.matches("<circle").count(), 2);
    }

    #[test]
    fn timeline_marks_the_peak() {
        let t = Timeline {
            start: String::new(),
            start_ms: 0,
            bucket_seconds: 3600,
            network: vec![0, 5, 1],
            corpus: vec![10, 20, 10],
        };
        let s = timeline(&t, Some((3_600_000, 7_200_000)));
        assert!(s.contains(r#"class="burst""#));
        assert_eq!(s.matches(r#"class="net""#).count(), 2);
        assert_eq!(s.matches(r#"class="corpus""#).count(), 3);
    }
}
