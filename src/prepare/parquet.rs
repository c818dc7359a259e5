//! Parquet files of `prepare`, through DataFusion's re-exported arrow and parquet crates (so
//! the tree never holds two arrow versions).
//!
//! Hive layout: `events/day=YYYY-MM-DD/part-0.parquet` and the same for `posts`; zstd level
//! 3; one row group per million rows. Ids are BIGINT (signed 64-bit) so that Spark, which
//! has no unsigned types, reads them as they are.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use datafusion::arrow::array::{ArrayRef, Int64Array, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::properties::WriterProperties;

use super::Row;
use crate::features::Features;
use crate::graph::Signal;
use crate::model::Corpus;

/// `YYYY-MM-DD` of a day number.
fn day_name(day: i64) -> String {
    chrono::DateTime::from_timestamp(day.saturating_mul(86_400), 0)
        .map_or_else(|| format!("{day}"), |d| d.format("%Y-%m-%d").to_string())
}

/// Writes one batch to `path` (parents created), zstd-compressed.
fn write_batch(path: &Path, batch: &RecordBatch) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(
            ZstdLevel::try_new(3).context("zstd level")?,
        ))
        .set_max_row_group_row_count(Some(1 << 20))
        .build();
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut w = ArrowWriter::try_new(file, batch.schema(), Some(props))
        .with_context(|| format!("writing {}", path.display()))?;
    w.write(batch)
        .with_context(|| format!("writing {}", path.display()))?;
    w.close()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn int(v: impl Iterator<Item = i64>) -> ArrayRef {
    Arc::new(Int64Array::from_iter_values(v))
}

/// Writes the event rows (sorted by day first) into day partitions; returns the day names.
///
/// # Errors
/// A file cannot be written.
pub fn write_events(dir: &Path, rows: &[Row]) -> Result<Vec<String>> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("signal", DataType::Utf8, false),
        Field::new("object", DataType::Int64, false),
        Field::new("time", DataType::Int64, false),
        Field::new("account", DataType::Int64, false),
        Field::new("post", DataType::Int64, false),
        Field::new("cap_ms", DataType::Int64, false),
    ]));
    let mut days = Vec::new();
    for chunk in rows.chunk_by(|a, b| a.day == b.day) {
        let name = day_name(chunk[0].day);
        let cols: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from_iter_values(
                chunk.iter().map(|r| r.signal.as_str()),
            )),
            int(chunk.iter().map(|r| i64::from(r.object))),
            int(chunk.iter().map(|r| r.time)),
            int(chunk.iter().map(|r| i64::from(r.account))),
            int(chunk.iter().map(|r| i64::from(r.post))),
            int(chunk.iter().map(|r| r.cap_ms)),
        ];
        let batch = RecordBatch::try_new(schema.clone(), cols).context("building events")?;
        write_batch(
            &dir.join("events")
                .join(format!("day={name}"))
                .join("part-0.parquet"),
            &batch,
        )?;
        days.push(name);
    }
    Ok(days)
}

/// Writes the posts (number, id string, account number and id string, time) by day, so
/// that the engine's post and account numbers can be read back as the ids users know.
///
/// # Errors
/// A file cannot be written.
pub fn write_posts(dir: &Path, c: &Corpus) -> Result<()> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("post", DataType::Int64, false),
        Field::new("post_id", DataType::Utf8, false),
        Field::new("account", DataType::Int64, false),
        Field::new("account_id", DataType::Utf8, false),
        Field::new("time", DataType::Int64, false),
    ]));
    let mut order: Vec<usize> = (0..c.len()).collect();
    order.sort_by_key(|&p| (super::day_of(c.time[p]), p));
    for chunk in order.chunk_by(|&a, &b| super::day_of(c.time[a]) == super::day_of(c.time[b])) {
        let name = day_name(super::day_of(c.time[chunk[0]]));
        let cols: Vec<ArrayRef> = vec![
            int(chunk.iter().map(|&p| p as i64)),
            Arc::new(StringArray::from_iter_values(
                chunk.iter().map(|&p| c.post_ids.resolve(p as u32)),
            )),
            int(chunk.iter().map(|&p| i64::from(c.account[p].0))),
            Arc::new(StringArray::from_iter_values(
                chunk.iter().map(|&p| c.account_ids.resolve(c.account[p].0)),
            )),
            int(chunk.iter().map(|&p| c.time[p])),
        ];
        let batch = RecordBatch::try_new(schema.clone(), cols).context("building posts")?;
        write_batch(
            &dir.join("posts")
                .join(format!("day={name}"))
                .join("part-0.parquet"),
            &batch,
        )?;
    }
    Ok(())
}

/// The readable value of an object: its text, URL, domain, media hash, hashtag or target
/// post id.
fn object_value<'a>(c: &'a Corpus, f: &'a Features, s: Signal, o: u32) -> &'a str {
    match s {
        Signal::TextNear | Signal::TextExact => f.texts.resolve(o),
        Signal::Url => f.urls.resolve(o),
        Signal::Domain => f.domains.resolve(o),
        Signal::Media => c.media_values.resolve(o),
        Signal::Hashtags => f.tags.resolve(o),
        Signal::Reshare | Signal::Reply => c.targets.resolve(o),
    }
}

/// Writes one row per distinct (signal, object) used by an event, with its readable value.
///
/// # Errors
/// A file cannot be written.
pub fn write_objects(dir: &Path, c: &Corpus, f: &Features, rows: &[Row]) -> Result<()> {
    let mut keys: Vec<(Signal, u32)> = rows.iter().map(|r| (r.signal, r.object)).collect();
    keys.sort_unstable();
    keys.dedup();
    let schema = Arc::new(Schema::new(vec![
        Field::new("signal", DataType::Utf8, false),
        Field::new("object", DataType::Int64, false),
        Field::new("value", DataType::Utf8, false),
    ]));
    let cols: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(
            keys.iter().map(|(s, _)| s.as_str()),
        )),
        int(keys.iter().map(|&(_, o)| i64::from(o))),
        Arc::new(StringArray::from_iter_values(
            keys.iter().map(|&(s, o)| object_value(c, f, s, o)),
        )),
    ];
    let batch = RecordBatch::try_new(schema, cols).context("building objects")?;
    write_batch(&dir.join("objects").join("part-0.parquet"), &batch)
}
