//! One network, lead or same-owner group as an HTML section: verdict and score parts, timing
//! with its timeline, the picture of its accounts, profile evidence with the creation-date
//! histogram, group actions with the posts behind them, the shared objects, and the members.
//!
//! Every string from the data goes through `svg::esc`. Where the report cut a list, the
//! section says how many items were left out and where the rest is (`--evidence FILE`,
//! the JSON report).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, NaiveDate};

use super::network::{Counted, GroupEvidence, Member, Network};
use super::svg::{self, esc};

/// Posts shown under each group action (the JSON holds up to 50, `--evidence` all).
const POSTS_SHOWN: usize = 3;

/// Writes the section of `n`.
pub fn section(n: &Network, s: &mut String) {
    let _ = write!(
        s,
        r#"<section class="network verdict-{}" id="{}"><h3>{} &middot; {} &middot; <span class="score">score {:.2}</span></h3>"#,
        esc(&n.verdict),
        esc(&n.id),
        esc(&n.id),
        esc(&n.verdict),
        n.score
    );
    if let Some(r) = &n.reason {
        let _ = write!(s, "<p><b>Reason:</b> {}</p>", esc(r));
    }
    for c in &n.caveats {
        let _ = write!(s, r#"<p class="caveat">Caveat: {}</p>"#, esc(c));
    }
    parts(n, s);
    timing(n, s);
    s.push_str(r#"<div class="charts">"#);
    s.push_str(&svg::graph(&n.members, &n.edges));
    s.push_str("</div>");
    if n.edges_omitted > 0 {
        let _ = write!(
            s,
            r#"<p class="muted">The picture shows the {} heaviest kept pairs; {} more are left out of the report (<code>--format pairs</code> lists them all).</p>"#,
            n.edges.len(),
            n.edges_omitted
        );
    }
    profile(n, s);
    actions(n, s);
    objects(n, s);
    members(&n.members, s);
    s.push_str("</section>");
}

/// A two-column table of label and value (values are ours or already escaped).
pub fn facts_table(s: &mut String, rows: &[(&str, String)]) {
    s.push_str("<table>");
    for (k, v) in rows {
        let _ = write!(s, "<tr><th>{k}</th><td>{v}</td></tr>");
    }
    s.push_str("</table>");
}

fn parts(n: &Network, s: &mut String) {
    let p = &n.score_parts;
    s.push_str("<table><tr><th>score part</th><th>authored</th><th>timing</th><th>repetition</th><th>burst</th><th>accounts</th></tr>");
    let _ = write!(
        s,
        r#"<tr><td>value</td><td class="n">{:.3}</td><td class="n">{:.3}</td><td class="n">{:.3}</td><td class="n">{:.3}</td><td class="n">{:+.3}</td></tr></table>"#,
        p.authored, p.timing, p.repetition, p.burst, p.accounts
    );
    let sig: Vec<String> = n
        .signals
        .iter()
        .filter(|(_, v)| v.group_objects > 0 || v.coactions > 0)
        .map(|(k, v)| {
            format!(
                "{}: {} group action(s), {} co-actions",
                esc(k),
                v.group_objects,
                v.coactions
            )
        })
        .collect();
    facts_table(
        s,
        &[
            ("accounts", n.size.to_string()),
            ("posts", n.posts.to_string()),
            (
                "group actions (weighted, authored)",
                format!("{:.2} ({:.2})", p.group_actions, p.authored_actions),
            ),
            ("signals", sig.join("<br>")),
        ],
    );
}

fn timing(n: &Network, s: &mut String) {
    let t = &n.timing;
    s.push_str("<h4>Timeline</h4>");
    facts_table(
        s,
        &[
            ("first post", esc(&n.first_post)),
            ("last post", esc(&n.last_post)),
            (
                "busiest 24 h",
                format!("{} .. {}", esc(&t.peak_start), esc(&t.peak_end)),
            ),
            (
                "posts in it",
                format!(
                    "{} ({:.0}% of the network's; the corpus put {:.1}% of its posts there)",
                    t.peak_posts,
                    t.peak_share * 100.0,
                    t.baseline_share * 100.0
                ),
            ),
            ("burst strength", format!("{:.2}", t.burst_strength)),
            (
                "median follow-up after first use",
                format!("{:.0} s", t.median_lag_seconds),
            ),
            ("rank test z (members early)", format!("{:.1}", t.rank_z)),
        ],
    );
    let peak = svg::parse_ms(&t.peak_start).zip(svg::parse_ms(&t.peak_end));
    match &n.timeline {
        Some(tl) if !tl.network.is_empty() => s.push_str(&svg::timeline(tl, peak)),
        _ => {
            let bars: Vec<(String, u64)> = t
                .posts_by_hour
                .iter()
                .enumerate()
                .map(|(h, k)| (format!("{h:02}h"), *k))
                .collect();
            s.push_str(&svg::histogram(
                "hours",
                "posts per hour of the day (UTC)",
                &bars,
            ));
        }
    }
}

fn profile(n: &Network, s: &mut String) {
    let p = &n.profile;
    s.push_str("<h4>Accounts</h4>");
    if p.with_profile == 0 {
        s.push_str("<p>No profile data for these accounts: account evidence is missing, not in their favour.</p>");
    } else {
        facts_table(
            s,
            &[
                ("members with profile data", p.with_profile.to_string()),
                ("mean emptiness", format!("{:.2}", p.mean_emptiness)),
                ("empty (emptiness ≥ 0.6)", p.empty_members.to_string()),
                ("verified", p.verified_members.to_string()),
                ("with a creation date", p.with_creation_date.to_string()),
                (
                    "half created within",
                    p.creation_half_span.as_ref().map_or_else(
                        || "n/a".to_string(),
                        |w| format!("{} .. {}", esc(&w[0]), esc(&w[1])),
                    ),
                ),
                (
                    "creation clustering",
                    format!("{:.2}", p.creation_clustering),
                ),
            ],
        );
    }
    let bars = creation_bars(&n.members);
    if !bars.is_empty() {
        s.push_str(&svg::histogram(
            "created",
            "members' account creation dates",
            &bars,
        ));
    }
}

/// Members' creation dates per day (span up to 120 days), month (up to 20 years) or year,
/// with empty buckets in between so the gaps show.
fn creation_bars(members: &[Member]) -> Vec<(String, u64)> {
    let dates: Vec<NaiveDate> = members
        .iter()
        .filter_map(|m| m.created_at.as_deref())
        .filter_map(|c| DateTime::parse_from_rfc3339(c).ok())
        .map(|t| t.date_naive())
        .collect();
    let (Some(lo), Some(hi)) = (dates.iter().min(), dates.iter().max()) else {
        return Vec::new();
    };
    let days = (*hi - *lo).num_days();
    let months = (hi.year() - lo.year()) * 12 + hi.month0() as i32 - lo.month0() as i32;
    let key = |d: &NaiveDate| -> i64 {
        if days <= 120 {
            (*d - *lo).num_days()
        } else if months <= 240 {
            i64::from((d.year() - lo.year()) * 12 + d.month0() as i32 - lo.month0() as i32)
        } else {
            i64::from(d.year() - lo.year())
        }
    };
    let label = |k: i64| -> String {
        if days <= 120 {
            (*lo + chrono::Duration::days(k)).to_string()
        } else if months <= 240 {
            let m = i64::from(lo.month0()) + k;
            format!("{}-{:02}", i64::from(lo.year()) + m / 12, m % 12 + 1)
        } else {
            (i64::from(lo.year()) + k).to_string()
        }
    };
    let mut counts: BTreeMap<i64, u64> = BTreeMap::new();
    for d in &dates {
        *counts.entry(key(d)).or_default() += 1;
    }
    let last = counts.keys().next_back().copied().unwrap_or(0);
    (0..=last)
        .map(|k| (label(k), counts.get(&k).copied().unwrap_or(0)))
        .collect()
}

fn actions(n: &Network, s: &mut String) {
    let e = &n.evidence;
    s.push_str("<h4>Group actions</h4>");
    if e.group_objects.is_empty() {
        s.push_str("<p>None listed.</p>");
        return;
    }
    s.push_str("<table><tr><th>signal</th><th>object</th><th>members / users / ever</th><th>p-value</th><th>first .. last</th><th>median lag</th><th>posts behind it</th></tr>");
    for g in &e.group_objects {
        action_row(g, s);
    }
    s.push_str("</table>");
    if e.group_objects_omitted > 0 {
        let _ = write!(
            s,
            r#"<p class="muted">{} more group action(s) left out; <code>--evidence FILE</code> lists every post behind every group action.</p>"#,
            e.group_objects_omitted
        );
    }
}

fn action_row(g: &GroupEvidence, s: &mut String) {
    let posts: Vec<String> = g
        .posts
        .iter()
        .take(POSTS_SHOWN)
        .map(|p| {
            format!(
                "<code>{}</code> by <code>{}</code> at {}",
                esc(&p.post_id),
                esc(&p.account_id),
                esc(&p.timestamp)
            )
        })
        .collect();
    let more = g.posts.len().saturating_sub(POSTS_SHOWN) + g.posts_omitted;
    let _ = write!(
        s,
        r#"<tr><td>{}{}</td><td class="obj">{}</td><td class="n">{} / {} / {}</td><td class="n">{:.1e}</td><td>{} ..<br>{}</td><td class="n">{:.0} s</td><td>{}{}</td></tr>"#,
        esc(&g.signal),
        if g.authored { " (authored)" } else { "" },
        esc(&g.object),
        g.members,
        g.users,
        g.accounts_total,
        g.p_value,
        esc(&g.first),
        esc(&g.last),
        g.median_lag_seconds,
        posts.join("<br>"),
        if more > 0 {
            format!("<br><i>and {more} more</i>")
        } else {
            String::new()
        }
    );
}

fn objects(n: &Network, s: &mut String) {
    let e = &n.evidence;
    s.push_str("<h4>What members posted</h4>");
    for (name, list) in [
        ("texts", &e.texts),
        ("urls", &e.urls),
        ("domains", &e.domains),
        ("media", &e.media),
        ("hashtags", &e.hashtags),
        ("reshared", &e.reshared),
        ("languages", &e.languages),
    ] {
        counted(name, list, e.omitted.get(name).copied().unwrap_or(0), s);
    }
}

fn counted(name: &str, list: &[Counted], omitted: usize, s: &mut String) {
    if list.is_empty() {
        return;
    }
    let _ = write!(
        s,
        r#"<table class="{name}"><tr><th class="obj">{name}</th><th>member posts</th></tr>"#
    );
    for c in list {
        let _ = write!(
            s,
            r#"<tr><td class="obj">{}</td><td class="n">{}</td></tr>"#,
            esc(&c.value),
            c.posts
        );
    }
    if omitted > 0 {
        let _ = write!(
            s,
            r#"<tr><td class="muted" colspan="2">and {omitted} more distinct {name}</td></tr>"#
        );
    }
    s.push_str("</table>");
}

fn members(ms: &[Member], s: &mut String) {
    let _ = write!(
        s,
        "<details><summary>Members ({})</summary><table><tr><th>account id</th><th>handle</th><th>posts</th><th>emptiness</th><th>confidence</th><th>created</th><th>degree</th></tr>",
        ms.len()
    );
    for m in ms {
        let _ = write!(
            s,
            r#"<tr><td><code>{}</code></td><td>{}</td><td class="n">{}</td><td class="n">{:.2}</td><td class="n">{:.2}</td><td>{}</td><td class="n">{}</td></tr>"#,
            esc(&m.account_id),
            esc(m.handle.as_deref().unwrap_or("")),
            m.posts,
            m.emptiness,
            m.emptiness_confidence,
            esc(m.created_at.as_deref().unwrap_or("")),
            m.degree
        );
    }
    s.push_str("</table></details>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(created: Option<&str>) -> Member {
        Member {
            account_id: "a".into(),
            handle: None,
            posts: 1,
            emptiness: 0.0,
            emptiness_confidence: 0.0,
            created_at: created.map(str::to_string),
            degree: 0,
        }
    }

    #[test]
    fn creation_bars_by_day_and_month_with_gaps() {
        let m = [
            member(Some("2024-07-01T00:00:00Z")),
            member(Some("2024-07-03T10:00:00Z")),
            member(Some("2024-07-03T11:00:00Z")),
            member(None),
            member(Some("not a date")),
        ];
        let b = creation_bars(&m);
        assert_eq!(
            b,
            [
                ("2024-07-01".to_string(), 1),
                ("2024-07-02".to_string(), 0),
                ("2024-07-03".to_string(), 2)
            ]
        );
        let m = [
            member(Some("2020-11-01T00:00:00Z")),
            member(Some("2021-04-01T00:00:00Z")),
        ];
        let b = creation_bars(&m);
        assert_eq!(b.len(), 6);
        assert_eq!(b[0], ("2020-11".to_string(), 1));
        assert_eq!(b[1], ("2020-12".to_string(), 0));
        assert_eq!(b[5], ("2021-04".to_string(), 1));
        assert!(creation_bars(&[member(None)]).is_empty());
    }
}
