//! The HTML report: one self-contained page an analyst can hand on (`--format html`, or
//! `lockstep report REPORT.json` from a saved JSON report).
//!
//! The page holds the run (tool, parameters, findings), the input accounting, the graph
//! stage's figures, then every network, lead and same-owner group (see `html_network`). It
//! fetches nothing: no script, font, image or style sheet from anywhere, charts are inline
//! SVG (`svg`), and a Content-Security-Policy forbids scripts and remote loads outright, so an
//! escaping mistake still could not run code. Every string from the data goes through
//! `svg::esc` (`escape::terminal`, then `escape::html`). The output is a pure function of the
//! report: the same report gives byte-identical HTML.
//!
//! Leads beyond the first `LEADS_IN_FULL` are listed in a table (id, score, size, reason):
//! the JSON report holds their evidence.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::html_network::{self, facts_table};
use super::network::{Network, Report};
use super::svg::esc;

/// Leads drawn in full; the rest get one table row each.
pub const LEADS_IN_FULL: usize = 20;

const STYLE: &str = "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:0 16px 48px;color:#222}\
h1{margin:20px 0 4px}h2{border-bottom:2px solid #ddd;margin-top:36px}h3{margin:24px 0 6px}\
table{border-collapse:collapse;margin:6px 0 12px}th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}\
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}\
.network{border:1px solid #ccc;border-radius:6px;padding:4px 16px 12px;margin:18px 0}\
.verdict-network{border-left:6px solid #c0392b}.verdict-lead{border-left:6px solid #e67e22}.verdict-same_owner{border-left:6px solid #2e6da4}\
.score{font-size:18px;font-weight:600}.caveat{color:#8a4b00}.muted{color:#777}\
.obj{max-width:520px;overflow-wrap:anywhere}code{font-size:12px;overflow-wrap:anywhere}\
.charts{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}svg.chart{max-width:100%;height:auto;border:1px solid #eee;background:#fff}\
details{margin:6px 0}pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px;background:#f8f8f8;padding:8px}";

/// Writes the page.
pub fn write(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    let mut s = String::with_capacity(64 * 1024);
    head(r, &mut s);
    run(r, &mut s);
    input(r, &mut s);
    graph(r, &mut s);
    contents(r, &mut s);
    s.push_str(r#"<h2 id="networks">Networks</h2>"#);
    if r.networks.is_empty() {
        s.push_str("<p>No coordinated network passed the group test and the score threshold.</p>");
    }
    for n in &r.networks {
        html_network::section(n, &mut s);
    }
    leads(&r.leads, &mut s);
    s.push_str(r#"<h2 id="same-owner">Same-owner groups</h2>"#);
    if r.same_owner.is_empty() {
        s.push_str("<p>None: no declared brand's own accounts acted together.</p>");
    } else {
        s.push_str("<p>Established accounts of one brand acting together: coordination, not inauthentic behaviour.</p>");
    }
    for n in &r.same_owner {
        html_network::section(n, &mut s);
    }
    s.push_str("</body></html>\n");
    w.write_all(s.as_bytes())
}

fn head(r: &Report, s: &mut String) {
    let _ = write!(
        s,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="generator" content="{} {}"><title>lockstep report: {} network(s), {} lead(s)</title><style>{STYLE}</style></head><body><h1>lockstep report</h1><p class="muted">{} {} &middot; schema <code>{}</code> &middot; times in UTC</p>"#,
        esc(&r.tool.name),
        esc(&r.tool.version),
        r.networks.len(),
        r.leads.len(),
        esc(&r.tool.name),
        esc(&r.tool.version),
        esc(&r.schema),
    );
}

fn run(r: &Report, s: &mut String) {
    s.push_str(r#"<h2 id="run">Run</h2><ul class="findings">"#);
    for f in &r.findings {
        let _ = write!(s, "<li>{}</li>", esc(f));
    }
    s.push_str("</ul>");
    let params = serde_json::to_string_pretty(&r.parameters).unwrap_or_default();
    let _ = write!(
        s,
        "<details><summary>Parameters (every effective setting)</summary><pre>{}</pre></details>",
        escape_keep_lines(&params)
    );
}

/// HTML-escapes a multi-line text of ours that may quote input (paths), keeping newlines.
fn escape_keep_lines(t: &str) -> String {
    t.lines().map(esc).collect::<Vec<_>>().join("\n")
}

fn input(r: &Report, s: &mut String) {
    let i = &r.input;
    s.push_str(r#"<h2 id="input">Input</h2>"#);
    let range = i
        .time_range
        .as_ref()
        .map_or_else(|| "none".to_string(), |t| format!("{} .. {}", t[0], t[1]));
    facts_table(
        s,
        &[
            ("posts read", i.posts_read.to_string()),
            ("posts accepted", i.posts_accepted.to_string()),
            ("posts rejected", i.posts_rejected.to_string()),
            ("rows merged into a post", i.posts_merged.to_string()),
            ("posts whose rows differ", i.posts_disagreed.to_string()),
            ("accounts read", i.accounts_read.to_string()),
            ("accounts accepted", i.accounts_accepted.to_string()),
            ("accounts rejected", i.accounts_rejected.to_string()),
            ("time range", range),
        ],
    );
    for (what, map) in [
        ("Rejected posts by reason", &i.rejections),
        ("Rejected accounts by reason", &i.account_rejections),
    ] {
        if map.is_empty() {
            continue;
        }
        let _ = write!(
            s,
            "<h3>{what}</h3><table><tr><th>reason</th><th>records</th></tr>"
        );
        for (k, v) in map {
            let _ = write!(s, r#"<tr><td>{}</td><td class="n">{v}</td></tr>"#, esc(k));
        }
        s.push_str("</table>");
    }
    s.push_str("<h3>Files</h3><table><tr><th>path</th><th>role</th><th>format</th><th>compression</th><th>preset</th><th>read</th><th>accepted</th><th>rejected</th></tr>");
    for f in &i.files {
        let _ = write!(
            s,
            r#"<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
            esc(&f.path),
            esc(&f.role),
            esc(&f.format),
            esc(&f.compression),
            esc(f.preset.as_deref().unwrap_or("canonical")),
            f.records_read,
            f.records_accepted,
            f.records_rejected
        );
    }
    s.push_str("</table>");
}

fn graph(r: &Report, s: &mut String) {
    let g = &r.graph;
    s.push_str(r#"<h2 id="graph">Co-action graph</h2>"#);
    facts_table(
        s,
        &[
            ("account pairs that co-acted", g.pairs_tested.to_string()),
            ("of which one act only", g.pairs_single_act.to_string()),
            ("pairs kept (beyond chance)", g.pairs_kept.to_string()),
            (
                "pairs expected by chance, at most",
                format!("{:.1}", g.expected_chance_pairs),
            ),
            ("candidate communities", g.candidate_communities.to_string()),
            ("groups that passed", g.groups.to_string()),
        ],
    );
    s.push_str("<table><tr><th>signal</th><th>window</th><th>events</th><th>objects</th><th>shared</th><th>co-actions</th><th>crowd objects skipped</th><th>truncated events</th></tr>");
    for (k, v) in &g.signals {
        let win = if v.window == "fixed" {
            format!("fixed {} s", v.window_seconds)
        } else {
            format!(
                "{} {}..{} s",
                esc(&v.window),
                v.window_min_seconds,
                v.window_seconds
            )
        };
        let _ = write!(
            s,
            r#"<tr><td>{}</td><td>{win}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
            esc(k),
            v.events,
            v.objects,
            v.shared_objects,
            v.coactions,
            v.crowd_objects,
            v.truncated_events
        );
    }
    s.push_str("</table>");
}

fn contents(r: &Report, s: &mut String) {
    s.push_str(r#"<h2 id="contents">Contents</h2><table><tr><th>id</th><th>verdict</th><th>score</th><th>accounts</th><th>posts</th><th>first post</th><th>last post</th></tr>"#);
    let full_leads = r.leads.iter().take(LEADS_IN_FULL);
    for n in r.networks.iter().chain(full_leads).chain(&r.same_owner) {
        let _ = write!(
            s,
            r##"<tr><td><a href="#{}">{}</a></td><td>{}</td><td class="n">{:.2}</td><td class="n">{}</td><td class="n">{}</td><td>{}</td><td>{}</td></tr>"##,
            esc(&n.id),
            esc(&n.id),
            esc(&n.verdict),
            n.score,
            n.size,
            n.posts,
            esc(&n.first_post),
            esc(&n.last_post)
        );
    }
    s.push_str("</table>");
}

fn leads(leads: &[Network], s: &mut String) {
    s.push_str(r#"<h2 id="leads">Leads below the score threshold</h2>"#);
    if leads.is_empty() {
        s.push_str("<p>None.</p>");
        return;
    }
    s.push_str("<p>Groups that act together but score below the threshold. Lower <code>--min-score</code> to report them as networks.</p>");
    for n in leads.iter().take(LEADS_IN_FULL) {
        html_network::section(n, s);
    }
    if leads.len() > LEADS_IN_FULL {
        let _ = write!(
            s,
            "<h3>{} more leads</h3><p>Their evidence is in the JSON report (<code>leads</code>).</p><table><tr><th>id</th><th>score</th><th>accounts</th><th>posts</th><th>reason</th></tr>",
            leads.len() - LEADS_IN_FULL
        );
        for n in &leads[LEADS_IN_FULL..] {
            let _ = write!(
                s,
                r#"<tr><td>{}</td><td class="n">{:.2}</td><td class="n">{}</td><td class="n">{}</td><td>{}</td></tr>"#,
                esc(&n.id),
                n.score,
                n.size,
                n.posts,
                esc(n.reason.as_deref().unwrap_or(""))
            );
        }
        s.push_str("</table>");
    }
}
