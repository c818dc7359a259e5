//! Writers for the analyze report: JSON, NDJSON, CSV and a terminal table. Each is a pure
//! function of a built `Report`.

use std::io::{self, Write};

use super::escape::{csv_cell, terminal};
use super::network::Report;
use super::{csv_io, escape};

/// The whole report as one pretty JSON document.
pub fn json(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, r)?;
    writeln!(w)
}

/// One network per line (compact JSON), nothing else: for `jq -c` and line tools.
pub fn ndjson(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    for n in &r.networks {
        serde_json::to_writer(&mut *w, n)?;
        writeln!(w)?;
    }
    Ok(())
}

/// One row per (network, account), spreadsheet-safe.
pub fn csv(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record([
        "network",
        "score",
        "size",
        "account_id",
        "handle",
        "posts",
        "emptiness",
        "created_at",
        "degree",
    ])
    .map_err(csv_io)?;
    for n in &r.networks {
        for m in &n.members {
            out.write_record([
                n.id.as_str(),
                &format!("{:.4}", n.score),
                &n.size.to_string(),
                csv_cell(&m.account_id).as_ref(),
                csv_cell(m.handle.as_deref().unwrap_or("")).as_ref(),
                &m.posts.to_string(),
                &format!("{:.4}", m.emptiness),
                m.created_at.as_deref().unwrap_or(""),
                &m.degree.to_string(),
            ])
            .map_err(csv_io)?;
        }
    }
    out.flush()
}

fn clip(s: &str, n: usize) -> String {
    let t = terminal(s);
    crate::ingest::shorten(&t, n)
}

/// A readable summary for a terminal.
pub fn table(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    let i = &r.input;
    writeln!(
        w,
        "lockstep {}: {} posts read, {} accepted, {} rejected; {} .. {}",
        r.tool.version,
        i.posts_read,
        i.posts_accepted,
        i.posts_rejected,
        i.time_range.as_ref().map_or("", |t| t[0].as_str()),
        i.time_range.as_ref().map_or("", |t| t[1].as_str()),
    )?;
    for f in &r.findings {
        writeln!(w, "{f}")?;
    }
    for n in &r.networks {
        network_block(n, w)?;
    }
    if !r.leads.is_empty() {
        writeln!(
            w,
            "\n{} lead(s) below the score threshold (in the JSON report's `leads`; lower --min-score to list them as networks):",
            r.leads.len()
        )?;
        for n in r.leads.iter().take(10) {
            writeln!(
                w,
                "  {}  score {:.2}  {} accounts, {} posts: {}",
                n.id,
                n.score,
                n.size,
                n.posts,
                n.reason.as_deref().unwrap_or("")
            )?;
        }
    }
    for n in &r.same_owner {
        writeln!(
            w,
            "\n{}  {} accounts: {}",
            n.id,
            n.size,
            n.reason.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}

fn network_block(n: &super::network::Network, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w)?;
    writeln!(
        w,
        "{}  score {:.2}  {} accounts, {} posts, {} .. {}",
        n.id, n.score, n.size, n.posts, n.first_post, n.last_post
    )?;
    let p = &n.score_parts;
    writeln!(
        w,
        "    parts: authored {:.2}  timing {:.2}  repetition {:.2}  burst {:.2}  accounts {:+.2}",
        p.authored, p.timing, p.repetition, p.burst, p.accounts
    )?;
    let sig: Vec<String> = n
        .signals
        .iter()
        .filter(|(_, s)| s.group_objects > 0)
        .map(|(k, s)| format!("{k} {}", s.group_objects))
        .collect();
    writeln!(w, "    group actions: {}", sig.join(", "))?;
    writeln!(
        w,
        "    peak {} ({} posts, {:.0}% of the network's); median follow-up {:.0} s; rank z {:.1}",
        n.timing.peak_start,
        n.timing.peak_posts,
        n.timing.peak_share * 100.0,
        n.timing.median_lag_seconds,
        n.timing.rank_z
    )?;
    if n.profile.with_profile * 2 < n.size {
        writeln!(w, "    accounts: no profile data for most members")?;
    } else {
        writeln!(
            w,
            "    accounts: mean emptiness {:.2}, {} empty, {} verified; creation clustering {:.2}{}",
            n.profile.mean_emptiness,
            n.profile.empty_members,
            n.profile.verified_members,
            n.profile.creation_clustering,
            n.profile
                .creation_half_span
                .as_ref()
                .map_or(String::new(), |w| format!(
                    " (half created {} .. {})",
                    w[0].get(..10).unwrap_or(""),
                    w[1].get(..10).unwrap_or("")
                ))
        )?;
    }
    for go in n.evidence.group_objects.iter().take(3) {
        writeln!(
            w,
            "    {} x{} (of {} then, {} ever): {}",
            go.signal,
            go.members,
            go.users,
            go.accounts_total,
            clip(&go.object, 90)
        )?;
    }
    if !n.evidence.domains.is_empty() {
        let d: Vec<String> = n
            .evidence
            .domains
            .iter()
            .take(5)
            .map(|c| escape::terminal(&c.value).into_owned())
            .collect();
        writeln!(w, "    domains: {}", d.join(", "))?;
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
    writeln!(
        w,
        "    members: {}{}",
        shown.join(" "),
        if n.size > 8 {
            format!(" ... (+{})", n.size - 8)
        } else {
            String::new()
        }
    )?;
    for c in &n.caveats {
        writeln!(w, "    caveat: {c}")?;
    }
    Ok(())
}

/// Every kept account pair as CSV: `account_a,account_b,coactions,weight,p_value,
/// min_lag_seconds` and one co-action count per signal. Pairs are sorted by account ids.
/// Unlike the other formats this one is not a view of the report: pair lists are the graph
/// itself, for comparison with pair-based tools.
pub fn pairs(
    c: &crate::model::Corpus,
    g: &crate::graph::CoactionGraph,
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    let mut header = vec![
        "account_a".to_string(),
        "account_b".to_string(),
        "coactions".to_string(),
        "weight".to_string(),
        "p_value".to_string(),
        "min_lag_seconds".to_string(),
    ];
    header.extend(g.signals.iter().map(|s| s.as_str().to_string()));
    out.write_record(&header).map_err(csv_io)?;
    let mut rows: Vec<(&str, &str, &crate::graph::Edge)> = g
        .edges
        .iter()
        .map(|e| {
            let (a, b) = (c.account_ids.resolve(e.a), c.account_ids.resolve(e.b));
            if a <= b { (a, b, e) } else { (b, a, e) }
        })
        .collect();
    rows.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
    for (a, b, e) in rows {
        let mut rec = vec![
            csv_cell(a).into_owned(),
            csv_cell(b).into_owned(),
            e.coactions.to_string(),
            format!("{:.4}", e.weight),
            format!("{:.3e}", e.p_value),
            format!("{:.3}", e.min_lag_ms as f64 / 1000.0),
        ];
        rec.extend(e.per_signal.iter().map(|k| k.to_string()));
        out.write_record(&rec).map_err(csv_io)?;
    }
    out.flush()
}
