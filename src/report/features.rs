//! `lockstep features`: one row per account with its emptiness, components, rhythm and reuse,
//! as CSV (spreadsheet-safe) or JSON (`lockstep/features/v1`).

use std::io::{self, Write};

use serde::Serialize;

use super::escape::csv_cell;
use super::{InputSummary, Tool, csv_io};
use crate::features::{AccountFeatures, Features};
use crate::ingest::{Ingested, time};

/// One account's row.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub account_id: String,
    pub handle: Option<String>,
    pub created_at: Option<String>,
    pub followers: Option<u64>,
    #[serde(flatten)]
    pub features: AccountFeatures,
}

/// The JSON document.
#[derive(Debug, Clone, Serialize)]
pub struct FeaturesReport {
    pub schema: &'static str,
    pub tool: Tool,
    pub input: InputSummary,
    /// Accounts with at least one post, sorted by id.
    pub accounts: Vec<Row>,
}

/// Builds the rows for every posting account, sorted by account id.
pub fn build(ing: &Ingested, f: &Features) -> FeaturesReport {
    let c = &ing.corpus;
    let mut rows: Vec<Row> = (0..c.account_ids.len())
        .filter(|&i| f.accounts[i].posts > 0)
        .map(|i| Row {
            account_id: c.account_ids.resolve(i as u32).to_string(),
            handle: c.accounts.handle[i].as_deref().map(str::to_string),
            created_at: c.accounts.created_at[i].map(time::format_ms),
            followers: c.accounts.followers[i],
            features: f.accounts[i].clone(),
        })
        .collect();
    rows.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    FeaturesReport {
        schema: "lockstep/features/v1",
        tool: Tool::current(),
        input: InputSummary::new(ing),
        accounts: rows,
    }
}

fn opt<T: ToString>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

fn f4(x: f64) -> String {
    format!("{:.4}", x)
}

/// Writes the CSV form: one header row, one row per account.
pub fn write_csv(r: &FeaturesReport, w: &mut dyn Write) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record([
        "account_id",
        "handle",
        "created_at",
        "followers",
        "posts",
        "emptiness",
        "confidence",
        "young",
        "few_followers",
        "few_posts",
        "no_bio",
        "default_avatar",
        "generated_handle",
        "reshare_share",
        "reused_share",
        "busiest_day_share",
        "gap_cv",
        "hour_spread",
    ])
    .map_err(csv_io)?;
    for row in &r.accounts {
        let a = &row.features;
        let e = &a.emptiness;
        out.write_record([
            csv_cell(&row.account_id).as_ref(),
            csv_cell(row.handle.as_deref().unwrap_or("")).as_ref(),
            &opt(row.created_at.as_deref()),
            &opt(row.followers),
            &a.posts.to_string(),
            &f4(e.score),
            &f4(e.confidence),
            &opt(e.young.map(f4)),
            &opt(e.few_followers.map(f4)),
            &opt(e.few_posts.map(f4)),
            &opt(e.no_bio.map(f4)),
            &opt(e.default_avatar.map(f4)),
            &opt(e.generated_handle.map(f4)),
            &f4(a.reshare_share),
            &f4(a.reused_share),
            &f4(a.busiest_day_share),
            &opt(a.gap_cv.map(f4)),
            &f4(a.hour_spread),
        ])
        .map_err(csv_io)?;
    }
    out.flush()
}

/// Writes the JSON form.
pub fn write_json(r: &FeaturesReport, w: &mut dyn Write) -> io::Result<()> {
    super::escape::json_pretty(&mut *w, r)?;
    writeln!(w)
}
