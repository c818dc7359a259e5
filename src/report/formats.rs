//! Writers for the analyze report: JSON, NDJSON and CSV here; the terminal table in `table`,
//! HTML in `html`, graph files in `gexf` and `graphml`. Each is a pure function of a built
//! `Report`, so `lockstep report` renders a saved JSON report exactly as `analyze` would.

use std::io::{self, Write};

use super::csv_io;
use super::escape::csv_cell;
use super::network::Report;

/// The whole report as one pretty JSON document.
pub fn json(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    super::escape::json_pretty(&mut *w, r)?;
    writeln!(w)
}

/// One network per line (compact JSON), nothing else: for `jq -c` and line tools.
pub fn ndjson(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    for n in &r.networks {
        super::escape::json_line(&mut *w, n)?;
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

/// Every view of a built report (`--format` of `analyze` and `report`, minus `pairs`, which
/// needs the graph).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Json,
    Ndjson,
    Csv,
    Table(super::table::Style),
    Html,
    Gexf,
    Graphml,
}

/// Writes `r` in `view`.
pub fn write(r: &Report, view: View, w: &mut dyn Write) -> io::Result<()> {
    match view {
        View::Json => json(r, w),
        View::Ndjson => ndjson(r, w),
        View::Csv => csv(r, w),
        View::Table(style) => super::table::write(r, w, style),
        View::Html => super::html::write(r, w),
        View::Gexf => super::gexf::write(r, w),
        View::Graphml => super::graphml::write(r, w),
    }
}
