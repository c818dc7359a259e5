//! Reading the engine's result back into lockstep's types.
//!
//! Every value is checked: an id that does not fit lockstep's `u32` ids, a negative count
//! or a null is an error naming the column, never a panic.

use anyhow::{Context, Result, bail};
use datafusion::arrow::array::{Array, Int64Array, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::record_batch::RecordBatch;

use crate::graph::coaction::Hit;
use crate::graph::coaction::{pair_key, rarity};
use crate::graph::{Signal, SignalStats};

/// Turns the hits and stats batches into per-signal results, in `signals` order, each hit
/// list sorted by (object, pair) as the in-memory path returns it.
///
/// # Errors
/// A missing column, a null, or a value out of range.
pub fn assemble(
    signals: &[Signal],
    hit_batches: &[RecordBatch],
    stat_batches: &[RecordBatch],
    n_accounts: usize,
) -> Result<Vec<(Vec<Hit>, SignalStats)>> {
    let mut out: Vec<(Vec<Hit>, SignalStats)> = signals
        .iter()
        .map(|_| (Vec::new(), SignalStats::default()))
        .collect();
    let slot = |name: &str| -> Result<usize> {
        signals
            .iter()
            .position(|s| s.as_str() == name)
            .with_context(|| format!("the engine returned an unknown signal '{name}'"))
    };
    for b in hit_batches {
        let sig = strings(b, "signal")?;
        let cols: Vec<Int64Array> = ["object", "lo", "hi", "k", "lag_ms", "post_lo", "post_hi"]
            .iter()
            .map(|c| ints(b, c))
            .collect::<Result<_>>()?;
        for i in 0..b.num_rows() {
            let v = |c: usize| cols[c].value(i);
            let k = usize::try_from(v(3)).context("a negative user count")?;
            let si = slot(sig.value(i))?;
            out[si].0.push(Hit {
                pair: pair_key(id(v(1), "lo")?, id(v(2), "hi")?),
                posts: [id(v(5), "post_lo")?, id(v(6), "post_hi")?],
                object: id(v(0), "object")?,
                weight: rarity(k, n_accounts),
                lag_ms: u32::try_from(v(4).max(0)).unwrap_or(u32::MAX),
                signal: u8::try_from(si).context("more than 255 signals")?,
            });
        }
    }
    for b in stat_batches {
        let sig = strings(b, "signal")?;
        let names = [
            "events",
            "objects",
            "shared_objects",
            "crowd_objects",
            "crowd_events",
            "truncated_events",
        ];
        let cols: Vec<Int64Array> = names.iter().map(|c| ints(b, c)).collect::<Result<_>>()?;
        for i in 0..b.num_rows() {
            let n = |c: usize| u64::try_from(cols[c].value(i)).context("a negative count");
            let st = &mut out[slot(sig.value(i))?].1;
            st.events = n(0)?;
            st.objects = n(1)?;
            st.shared_objects = n(2)?;
            st.crowd_objects = n(3)?;
            st.crowd_events = n(4)?;
            st.truncated_events = n(5)?;
        }
    }
    for (hits, st) in &mut out {
        hits.sort_unstable_by_key(|h| (h.object, h.pair));
        st.hits = hits.len() as u64;
    }
    Ok(out)
}

/// A lockstep id from a BIGINT column.
fn id(v: i64, column: &str) -> Result<u32> {
    u32::try_from(v).with_context(|| format!("column {column}: {v} is not a lockstep id"))
}

/// Column `name` of `b` as non-null BIGINTs.
fn ints(b: &RecordBatch, name: &str) -> Result<Int64Array> {
    let col = b
        .column_by_name(name)
        .with_context(|| format!("the engine's result has no column {name}"))?;
    let col = cast(col, &DataType::Int64).with_context(|| format!("column {name}"))?;
    let Some(a) = col.as_any().downcast_ref::<Int64Array>() else {
        bail!("column {name} is not an integer");
    };
    if a.null_count() > 0 {
        bail!("column {name} holds nulls");
    }
    Ok(a.clone())
}

/// Column `name` of `b` as non-null strings.
fn strings(b: &RecordBatch, name: &str) -> Result<StringArray> {
    let col = b
        .column_by_name(name)
        .with_context(|| format!("the engine's result has no column {name}"))?;
    let col = cast(col, &DataType::Utf8).with_context(|| format!("column {name}"))?;
    let Some(a) = col.as_any().downcast_ref::<StringArray>() else {
        bail!("column {name} is not text");
    };
    if a.null_count() > 0 {
        bail!("column {name} holds nulls");
    }
    Ok(a.clone())
}
