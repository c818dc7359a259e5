//! Evidence per act: a pair's co-actions reduced to distinct pairs of posts.
//!
//! Two posts that share a URL usually also share its domain, its preview image and a hashtag:
//! that is one act, not four pieces of evidence. For each account pair, the hits of every
//! signal (one per object, with the two posts behind it) are taken strongest first (rarity
//! weight, then signal order, then time gap), and a hit counts as an act only when neither of
//! its posts, nor its object, was used by an act already counted. So a pair's acts are
//! distinct objects on distinct posts: one shared reshare is one act, whatever it carried,
//! and a slogan the two repeat twenty times is one act too.
//!
//! # Complexity
//! O(H log H) for H hits (one parallel sort), then O(h²) per pair over its own h hits, which
//! the neighbour bound of `coaction` keeps small.

use rayon::prelude::*;

use super::coaction::Hit;

/// A hit tagged with its signal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignalHit {
    pub pair: u64,
    pub signal: u8,
    pub object: u32,
    pub weight: f32,
    pub lag_ms: i64,
    pub posts: [u32; 2],
}

impl SignalHit {
    /// Tags `h` with signal number `si`.
    pub fn new(h: &Hit, si: usize) -> Self {
        Self {
            pair: h.pair,
            signal: si as u8,
            object: h.object,
            weight: h.weight,
            lag_ms: h.lag_ms,
            posts: h.posts,
        }
    }
}

/// The acts of one account pair.
#[derive(Debug, Clone, PartialEq)]
pub struct PairActs {
    pub pair: u64,
    pub acts: Vec<SignalHit>,
}

/// Groups hits by pair and keeps each pair's acts. See the module documentation.
pub fn per_pair(mut all: Vec<SignalHit>) -> Vec<PairActs> {
    all.par_sort_unstable_by(|x, y| {
        x.pair
            .cmp(&y.pair)
            .then(y.weight.total_cmp(&x.weight))
            .then(x.signal.cmp(&y.signal))
            .then(x.lag_ms.cmp(&y.lag_ms))
            .then(x.posts.cmp(&y.posts))
            .then(x.object.cmp(&y.object))
    });
    let runs: Vec<&[SignalHit]> = all.chunk_by(|x, y| x.pair == y.pair).collect();
    runs.par_iter().map(|run| select(run)).collect()
}

/// The acts among one pair's hits, sorted strongest first.
fn select(run: &[SignalHit]) -> PairActs {
    let mut acts: Vec<SignalHit> = Vec::new();
    for h in run {
        let clash = acts.iter().any(|a| {
            (a.signal == h.signal && a.object == h.object)
                || a.posts[0] == h.posts[0]
                || a.posts[1] == h.posts[1]
        });
        if !clash {
            acts.push(*h);
        }
    }
    PairActs {
        pair: run[0].pair,
        acts,
    }
}

/// Summed weight of the pairs with a single act under signal `si`: the corpus's chance
/// co-actions in that signal (see `significance`).
pub fn single_weight(pairs: &[PairActs], si: usize) -> f64 {
    pairs
        .iter()
        .filter_map(|p| {
            let mut it = p.acts.iter().filter(|a| usize::from(a.signal) == si);
            let first = it.next()?;
            it.next().is_none().then_some(f64::from(first.weight))
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(signal: u8, object: u32, weight: f32, posts: [u32; 2]) -> SignalHit {
        SignalHit {
            pair: 1,
            signal,
            object,
            weight,
            lag_ms: 0,
            posts,
        }
    }

    #[test]
    fn one_pair_of_posts_is_one_act() {
        // Posts 10 and 20 share a URL (signal 0), its domain (1) and a hashtag (2): one act,
        // counted by the rarest object. Posts 11 and 21 share another URL: a second act.
        let acts = per_pair(vec![
            hit(1, 5, 0.2, [10, 20]),
            hit(0, 7, 0.9, [10, 20]),
            hit(2, 3, 0.5, [10, 20]),
            hit(0, 8, 0.8, [11, 21]),
        ]);
        assert_eq!(acts.len(), 1);
        let a = &acts[0].acts;
        assert_eq!(a.len(), 2);
        assert_eq!((a[0].signal, a[0].object), (0, 7));
        assert_eq!((a[1].signal, a[1].object), (0, 8));
    }

    #[test]
    fn a_repeated_object_counts_once() {
        // The same slogan (object 4) posted on three pairs of posts is one act.
        let acts = per_pair(vec![
            hit(0, 4, 0.7, [1, 2]),
            hit(0, 4, 0.7, [3, 5]),
            hit(0, 4, 0.7, [6, 7]),
        ]);
        assert_eq!(acts[0].acts.len(), 1);
        assert_eq!(single_weight(&acts, 0), f64::from(0.7f32));
        assert_eq!(single_weight(&acts, 1), 0.0);
    }
}
