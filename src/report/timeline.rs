//! A network's timeline: its posts per time bucket against the whole corpus's, over the
//! network's active span, for the HTML report's chart (and any script that wants one).
//!
//! Buckets are an hour where the span allows it, longer (2, 3, 6, 12 hours, 1, 2, 7 days)
//! so a timeline never holds more than `MAX_BUCKETS`; they are aligned on UTC multiples of
//! their length, so the same input always gives the same buckets. What this does not do:
//! judge the burst (that is `features::timing::burst`, reported in `timing`).

use serde::{Deserialize, Serialize};

use crate::features::timing::Baseline;
use crate::ingest::time::format_ms;

/// The most buckets a timeline holds.
pub const MAX_BUCKETS: usize = 240;

const HOUR_MS: i64 = 3_600_000;
/// Bucket lengths tried in order, hours.
const BUCKET_HOURS: [i64; 11] = [1, 2, 3, 6, 12, 24, 48, 168, 336, 720, 8760];

/// Posts per bucket of one network and of the corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// Start of the first bucket (RFC 3339, UTC).
    pub start: String,
    /// Start of the first bucket, ms since the epoch (for drawing without parsing dates).
    pub start_ms: i64,
    /// Length of every bucket, seconds.
    pub bucket_seconds: i64,
    /// The network's posts per bucket.
    pub network: Vec<u64>,
    /// All accepted posts per bucket.
    pub corpus: Vec<u64>,
}

/// Builds the timeline of `sorted` (the network's post times, ascending, ms) against the
/// corpus `base`, covering the network's span with one bucket of margin on each side.
///
/// Complexity: O(b log n) for b buckets and n corpus posts (two binary searches a bucket).
pub fn build(sorted: &[i64], base: &Baseline) -> Timeline {
    let (Some(&lo), Some(&hi)) = (sorted.first(), sorted.last()) else {
        return Timeline {
            start: format_ms(0),
            start_ms: 0,
            bucket_seconds: HOUR_MS / 1000,
            network: Vec::new(),
            corpus: Vec::new(),
        };
    };
    let span = hi.saturating_sub(lo);
    let bucket = BUCKET_HOURS
        .iter()
        .map(|h| h * HOUR_MS)
        .find(|b| span / b + 3 <= MAX_BUCKETS as i64)
        .unwrap_or(BUCKET_HOURS[BUCKET_HOURS.len() - 1] * HOUR_MS);
    let start = lo
        .div_euclid(bucket)
        .saturating_sub(1)
        .saturating_mul(bucket);
    let end = hi
        .div_euclid(bucket)
        .saturating_add(2)
        .saturating_mul(bucket);
    let n = usize::try_from((end - start) / bucket)
        .unwrap_or(MAX_BUCKETS)
        .min(MAX_BUCKETS);
    let mut network = vec![0u64; n];
    for &t in sorted {
        if let Ok(i) = usize::try_from((t - start) / bucket) {
            if let Some(k) = network.get_mut(i) {
                *k += 1;
            }
        }
    }
    let corpus = (0..n as i64)
        .map(|i| {
            let from = start + i * bucket;
            base.count(from, from + bucket - 1) as u64
        })
        .collect();
    Timeline {
        start: format_ms(start),
        start_ms: start,
        bucket_seconds: bucket / 1000,
        network,
        corpus,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hourly_buckets_with_a_margin() {
        let t0 = 1_721_952_000_000; // 2024-07-26T00:00:00Z
        let net = [t0 + 10, t0 + HOUR_MS + 5, t0 + HOUR_MS + 6];
        let base = Baseline::new(&[
            t0 - 1,
            t0 + 10,
            t0 + HOUR_MS + 5,
            t0 + HOUR_MS + 6,
            t0 + 9 * HOUR_MS,
        ]);
        let tl = build(&net, &base);
        assert_eq!(tl.bucket_seconds, 3600);
        assert_eq!(tl.start_ms, t0 - HOUR_MS);
        assert_eq!(tl.network, [0, 1, 2, 0]);
        assert_eq!(tl.corpus, [1, 1, 2, 0]);
    }

    #[test]
    fn long_spans_get_longer_buckets_and_empty_sets_an_empty_timeline() {
        let t0 = 1_700_000_000_000;
        let net = [t0, t0 + 400 * 24 * HOUR_MS];
        let tl = build(&net, &Baseline::new(&net));
        assert!(tl.network.len() <= MAX_BUCKETS);
        assert_eq!(tl.network.iter().sum::<u64>(), 2);
        assert_eq!(tl.corpus.iter().sum::<u64>(), 2);
        assert!(build(&[], &Baseline::new(&[])).network.is_empty());
    }
}
