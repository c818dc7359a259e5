//! Burst timing: per-account rhythm statistics and a burst detector for any set of posts.
//!
//! The detector compares a set's busiest 24-hour window with the corpus's own baseline: the
//! share of the set's posts in that window against the share of all posts in it. A campaign
//! that posts over two days of a two-week dump puts most of its posts in one window while the
//! corpus puts a fourteenth there, so its strength is near 1; a group that merely follows the
//! daily rhythm (evening peaks every day) has the baseline's share and a strength near 0,
//! because a 24-hour window holds a whole daily cycle.
//!
//! strength = (set_share − baseline_share) / (1 − baseline_share), clamped to 0..1.

use serde::Serialize;

pub const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

/// The largest number of `sorted` times within any `window` (inclusive), and the window's
/// first time. `(0, 0)` for no times.
pub fn busiest_window(sorted: &[i64], window: i64) -> (usize, i64) {
    let (mut best, mut start, mut j) = (0usize, sorted.first().copied().unwrap_or(0), 0usize);
    for i in 0..sorted.len() {
        while sorted[i] - sorted[j] > window {
            j += 1;
        }
        if i + 1 - j > best {
            best = i + 1 - j;
            start = sorted[j];
        }
    }
    (best, start)
}

/// Coefficient of variation of the gaps between consecutive posts (0 = clockwork). `None`
/// below 3 posts.
pub fn gap_cv(sorted: &[i64]) -> Option<f64> {
    if sorted.len() < 3 {
        return None;
    }
    let gaps: Vec<f64> = sorted.windows(2).map(|w| (w[1] - w[0]) as f64).collect();
    let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
    if mean == 0.0 {
        return Some(0.0);
    }
    let var = gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / gaps.len() as f64;
    Some(var.sqrt() / mean)
}

/// Entropy of the hour-of-day histogram (UTC), 0..1 (1 = posts spread over all 24 hours).
pub fn hour_spread(times: &[i64]) -> f64 {
    if times.is_empty() {
        return 0.0;
    }
    let mut h = [0f64; 24];
    for t in times {
        h[(t.div_euclid(HOUR_MS)).rem_euclid(24) as usize] += 1.0;
    }
    let n = times.len() as f64;
    let e: f64 = h
        .iter()
        .filter(|&&k| k > 0.0)
        .map(|&k| -(k / n) * (k / n).log2())
        .sum();
    // `+ 0.0`: one busy hour sums to −0.0, printed `-0.0000` in the features CSV.
    e / 24f64.log2() + 0.0
}

/// The corpus's own time baseline: all post times, sorted.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    sorted: Vec<i64>,
}

impl Baseline {
    pub fn new(times: &[i64]) -> Self {
        let mut sorted = times.to_vec();
        sorted.sort_unstable();
        Self { sorted }
    }

    /// Posts in `[from, to]`.
    pub fn count(&self, from: i64, to: i64) -> usize {
        let lo = self.sorted.partition_point(|&t| t < from);
        let hi = self.sorted.partition_point(|&t| t <= to);
        hi - lo
    }

    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }
}

/// A set's busiest day against the corpus baseline.
#[derive(Debug, Clone, Serialize)]
pub struct Burst {
    /// Start of the busiest 24-hour window, ms.
    pub peak_start: i64,
    /// Posts of the set in it.
    pub peak_posts: usize,
    /// Share of the set's posts in it.
    pub peak_share: f64,
    /// Share of all corpus posts in the same window.
    pub baseline_share: f64,
    /// 0..1, see the module documentation.
    pub strength: f64,
}

/// Detects a burst in `sorted` (the set's post times, sorted) against `base`.
pub fn burst(sorted: &[i64], base: &Baseline) -> Burst {
    let (peak, start) = busiest_window(sorted, DAY_MS);
    let n = sorted.len().max(1) as f64;
    let share = peak as f64 / n;
    let base_share = if base.is_empty() {
        1.0
    } else {
        base.count(start, start + DAY_MS) as f64 / base.len() as f64
    };
    let strength = if base_share >= 1.0 {
        0.0
    } else {
        ((share - base_share) / (1.0 - base_share)).clamp(0.0, 1.0)
    };
    Burst {
        peak_start: start,
        peak_posts: peak,
        peak_share: share,
        baseline_share: base_share,
        strength,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two weeks of a daily rhythm: posts every evening hour 18–22.
    fn rhythm(days: i64, per_hour: i64, offset: i64) -> Vec<i64> {
        let mut v = Vec::new();
        for d in 0..days {
            for h in 18..23 {
                for k in 0..per_hour {
                    v.push(d * DAY_MS + h * HOUR_MS + k * 60_000 + offset);
                }
            }
        }
        v
    }

    #[test]
    fn injected_burst_is_found() {
        let mut corpus = rhythm(14, 20, 0);
        let campaign: Vec<i64> = (0..300)
            .map(|k| 9 * DAY_MS + 6 * HOUR_MS + k * 300_000)
            .collect();
        corpus.extend(&campaign);
        let base = Baseline::new(&corpus);
        let b = burst(&campaign, &base);
        assert!(b.strength > 0.8, "{b:?}");
        assert!(b.peak_start >= 9 * DAY_MS);
    }

    #[test]
    fn daily_rhythm_is_not_a_burst() {
        let corpus = rhythm(14, 20, 0);
        let base = Baseline::new(&corpus);
        let group = rhythm(14, 2, 30_000);
        let b = burst(&group, &base);
        assert!(b.strength < 0.1, "{b:?}");
    }

    #[test]
    fn rhythm_statistics() {
        let clock: Vec<i64> = (0..50).map(|k| k * 600_000).collect();
        assert!(gap_cv(&clock).unwrap() < 1e-9);
        assert_eq!(gap_cv(&[1, 2]), None);
        let all_hours: Vec<i64> = (0..24).map(|h| h * HOUR_MS).collect();
        assert!((hour_spread(&all_hours) - 1.0).abs() < 1e-9);
        assert_eq!(hour_spread(&[5, 6, 7]), 0.0);
        assert!(hour_spread(&[5, 6, 7]).is_sign_positive());
        assert_eq!(busiest_window(&[0, 10, 20, 1000], 20), (3, 0));
    }
}
