//! `--evidence FILE`: every post behind every group action of every network, lead and
//! same-owner group, as CSV, so each claim of the report can be re-checked post by post.
//!
//! Columns: `network`, `verdict`, `signal`, `object` (text sample, URL, domain, media hash,
//! `#hashtag` or target post id), `action` (the group action's number within its group, in
//! the order actions were found), `post_id`, `account_id`, `timestamp` (RFC 3339, UTC) and
//! `delay_seconds` (after the first use of the object in the episode, by anyone). One row
//! per member's first post in the episode: the posts the group test counted. Nothing is cut,
//! unlike the JSON report's 50 actions and 50 posts per action. Cells are spreadsheet-safe
//! (`escape::csv_cell`). Rows follow `Detection::decided`, then actions, then posts in time
//! order, so the same input gives byte-identical output.

use std::io::{self, Write};

use super::csv_io;
use super::escape::csv_cell;
use super::network::{group_ids, object_label};
use crate::detect::{Detection, Verdict};
use crate::features::Features;
use crate::graph::CoactionGraph;
use crate::ingest::{Ingested, time::format_ms};

/// Writes the evidence CSV.
pub fn write(
    ing: &Ingested,
    f: &Features,
    g: &CoactionGraph,
    d: &Detection,
    w: &mut dyn Write,
) -> io::Result<()> {
    let c = &ing.corpus;
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record([
        "network",
        "verdict",
        "signal",
        "object",
        "action",
        "post_id",
        "account_id",
        "timestamp",
        "delay_seconds",
    ])
    .map_err(csv_io)?;
    for (dc, id) in d.decided.iter().zip(group_ids(d)) {
        let verdict = match dc.verdict {
            Verdict::Network => "network",
            Verdict::Lead { .. } => "lead",
            Verdict::SameOwner { .. } => "same_owner",
        };
        for (k, a) in dc.group.actions.iter().enumerate() {
            let Some(&first_post) = a.posts.first() else {
                continue;
            };
            let s = g.signals[a.signal];
            let object = object_label(ing, f, s, a.object, first_post);
            let object = csv_cell(&object);
            let action = (k + 1).to_string();
            for &p in &a.posts {
                let t = c.time[p as usize];
                out.write_record([
                    id.as_str(),
                    verdict,
                    s.as_str(),
                    object.as_ref(),
                    action.as_str(),
                    csv_cell(c.post_ids.resolve(p)).as_ref(),
                    csv_cell(c.account_ids.resolve(c.account[p as usize].0)).as_ref(),
                    format_ms(t).as_str(),
                    format!("{:.3}", (t - a.first_ms) as f64 / 1000.0).as_str(),
                ])
                .map_err(csv_io)?;
            }
        }
    }
    out.flush()
}
