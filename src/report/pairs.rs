//! `--format pairs`: every kept account pair as CSV, with the network it belongs to and the
//! objects behind it.
//!
//! Columns: `Source,Target` (the two account ids, in byte order; Gephi's edge-table names,
//! so the file imports as an edge list), `network` (the id of the network, lead or
//! same-owner group whose kept pairs include it; empty otherwise), `coactions`, `weight`,
//! `p_value`, `min_lag_seconds`, one co-action count per signal, `objects` (how many
//! objects the two used within that object's window) and `shared_objects` (the first
//! `OBJECTS_LISTED` of them, `signal:object`, separated by ` | `). Rows are sorted by
//! (Source, Target). Unlike the report formats this one reads the graph, not the report:
//! pair lists are the graph itself, for comparison with pair-based tools.
//!
//! The objects are recomputed from the graph's events: an object is listed when both accounts
//! used it within its window (the rule the graph used; objects skipped as crowds may be
//! listed too). Memory: the events of the accounts in kept pairs.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::csv_io;
use super::escape::csv_cell;
use super::network::{group_ids, object_label};
use crate::detect::Detection;
use crate::features::Features;
use crate::graph::{CoactionGraph, object_rule};
use crate::ingest::{Ingested, shorten};

/// Objects named per pair; `objects` counts them all.
pub const OBJECTS_LISTED: usize = 10;

/// Writes the pairs CSV.
pub fn write(
    ing: &Ingested,
    f: &Features,
    g: &CoactionGraph,
    d: &Detection,
    w: &mut dyn Write,
) -> io::Result<()> {
    let c = &ing.corpus;
    let mut out = ::csv::Writer::from_writer(w);
    let mut header: Vec<String> = [
        "Source",
        "Target",
        "network",
        "coactions",
        "weight",
        "p_value",
        "min_lag_seconds",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(g.signals.iter().map(|s| s.as_str().to_string()));
    header.extend(["objects".to_string(), "shared_objects".to_string()]);
    out.write_record(&header).map_err(csv_io)?;
    let mut network: BTreeMap<usize, &str> = BTreeMap::new();
    let ids = group_ids(d);
    for (dc, id) in d.decided.iter().zip(&ids) {
        for &e in &dc.edges {
            network.entry(e).or_insert(id.as_str());
        }
    }
    let uses = Uses::new(g);
    let mut rows: Vec<(&str, &str, usize)> = g
        .edges
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (a, b) = (c.account_ids.resolve(e.a), c.account_ids.resolve(e.b));
            if a <= b { (a, b, i) } else { (b, a, i) }
        })
        .collect();
    rows.sort_unstable();
    for (a, b, i) in rows {
        let e = &g.edges[i];
        let objs = uses.shared(f, g, e.a, e.b);
        let listed: Vec<String> = objs
            .iter()
            .take(OBJECTS_LISTED)
            .map(|&(si, o, post)| {
                let s = g.signals[si];
                format!(
                    "{}:{}",
                    s.as_str(),
                    shorten(&object_label(ing, f, s, o, post), 100)
                )
            })
            .collect();
        let mut rec = vec![
            csv_cell(a).into_owned(),
            csv_cell(b).into_owned(),
            network.get(&i).copied().unwrap_or("").to_string(),
            e.coactions.to_string(),
            format!("{:.4}", e.weight),
            format!("{:.3e}", e.p_value),
            format!("{:.3}", e.min_lag_ms as f64 / 1000.0),
        ];
        rec.extend(e.per_signal.iter().map(|k| k.to_string()));
        rec.push(objs.len().to_string());
        rec.push(csv_cell(&listed.join(" | ")).into_owned());
        out.write_record(&rec).map_err(csv_io)?;
    }
    out.flush()
}

/// The uses (signal, object, time, post) of every account in a kept pair, sorted.
struct Uses {
    by_account: BTreeMap<u32, Vec<(usize, u32, i64, u32)>>,
}

impl Uses {
    fn new(g: &CoactionGraph) -> Self {
        let mut by_account: BTreeMap<u32, Vec<(usize, u32, i64, u32)>> = BTreeMap::new();
        for e in &g.edges {
            by_account.entry(e.a).or_default();
            by_account.entry(e.b).or_default();
        }
        for (si, ev) in g.events.iter().enumerate() {
            for x in ev {
                if let Some(v) = by_account.get_mut(&x.account) {
                    v.push((si, x.object, x.time, x.post));
                }
            }
        }
        for v in by_account.values_mut() {
            v.sort_unstable();
        }
        Self { by_account }
    }

    /// Objects `a` and `b` both used within the object's window: (signal, object, a post).
    fn shared(&self, f: &Features, g: &CoactionGraph, a: u32, b: u32) -> Vec<(usize, u32, u32)> {
        let empty = Vec::new();
        let ua = self.by_account.get(&a).unwrap_or(&empty);
        let ub = self.by_account.get(&b).unwrap_or(&empty);
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < ua.len() && j < ub.len() {
            let (ka, kb) = ((ua[i].0, ua[i].1), (ub[j].0, ub[j].1));
            if ka < kb {
                i += 1;
                continue;
            }
            if kb < ka {
                j += 1;
                continue;
            }
            let ie = i + ua[i..].iter().take_while(|u| (u.0, u.1) == ka).count();
            let je = j + ub[j..].iter().take_while(|u| (u.0, u.1) == kb).count();
            let (si, o) = ka;
            let rule = object_rule(g.windows[si], g.signals[si], f, o);
            let window = rule.for_users(g.object_accounts(si, o));
            let close = ua[i..ie]
                .iter()
                .any(|x| ub[j..je].iter().any(|y| (x.2 - y.2).abs() <= window));
            if close {
                out.push((si, o, ua[i].3));
            }
            (i, j) = (ie, je);
        }
        out
    }
}
