//! Windowed co-action pairs for one signal.
//!
//! # Arguments
//! The signal's events sorted by (object, time), the window rule, and two bounds: `max_neighbors`
//! (each event pairs with at most this many later events within the window) and
//! `crowd_limit` (objects used by more distinct accounts are skipped as crowds).
//!
//! # Returns
//! One `Hit` per (account pair, object) whose events fall within the window, with the
//! object's rarity weight and the smallest time gap; a pair counts once per object. Also the
//! signal's statistics, including what the bounds left out.
//!
//! # Rarity
//! An object used by k distinct accounts among N weighs ln(N/k) / ln(N/2): 1 for an object
//! two accounts share, falling towards a floor of 0.05 as the whole population shares it. Viral news is
//! weak evidence; a photo that only a network posts is strong.
//!
//! # Windows from rarity
//! How far apart two uses of one object may be and still count as acting together follows
//! from the object's popularity (`Window::Rarity`): with k users spread over a corpus span T,
//! a window of T/k holds about one other user's use by chance. A photo only a handful of
//! accounts post links them days apart (chance would rarely put it in two hands at all); a
//! link ten thousand accounts share links them only within about T/10,000 (two minutes over
//! two weeks). The window is clamped to `[min, max]`; `Window::Fixed` is the classic fixed
//! window (`--window`), kept for comparison with published tools.
//!
//! # Complexity
//! Time O(E·min(K, w)) for E events, K = `max_neighbors` and w the events in one window;
//! memory O(hits). The bounds make a viral object cost O(E·K), never O(E²).

use rayon::prelude::*;

use super::events::Event;

/// One co-action of a pair on an object. 32 bytes: a large corpus holds tens of millions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// `(low account << 32) | high account`.
    pub pair: u64,
    /// The two posts behind the smallest gap: the low account's, then the high account's.
    pub posts: [u32; 2],
    pub object: u32,
    pub weight: f32,
    /// Smallest gap between the two accounts' uses, ms, saturating at `u32::MAX` (49.7
    /// days; longer gaps only arise under windows that long and are reported as that).
    pub lag_ms: u32,
    /// The signal's number in the graph's signal list.
    pub signal: u8,
}

/// How close in time two uses of one object must be. See the module documentation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Window {
    /// The same window for every object, ms.
    Fixed(i64),
    /// `span_ms / k` for an object of k users, clamped to `[min_ms, max_ms]`.
    Rarity {
        span_ms: i64,
        min_ms: i64,
        max_ms: i64,
    },
}

impl Window {
    /// The window for an object used by `k` distinct accounts, ms.
    pub fn for_users(self, k: usize) -> i64 {
        match self {
            Window::Fixed(w) => w,
            Window::Rarity {
                span_ms,
                min_ms,
                max_ms,
            } => (span_ms / k.max(1) as i64).clamp(min_ms, max_ms.max(min_ms)),
        }
    }

    /// The same rule with the largest window lowered to `cap_ms` (generic, short texts).
    pub fn capped(self, cap_ms: i64) -> Window {
        match self {
            Window::Fixed(w) => Window::Fixed(w),
            Window::Rarity {
                span_ms,
                min_ms,
                max_ms,
            } => Window::Rarity {
                span_ms,
                min_ms,
                max_ms: max_ms.min(cap_ms),
            },
        }
    }
}

/// What a signal produced and what its bounds left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignalStats {
    pub events: u64,
    pub objects: u64,
    /// Objects used by at least two accounts.
    pub shared_objects: u64,
    /// (pair, object) co-actions found.
    pub hits: u64,
    /// Objects skipped because more than `crowd_limit` accounts used them.
    pub crowd_objects: u64,
    /// Events in those objects.
    pub crowd_events: u64,
    /// Events whose window held more than `max_neighbors` later events (pairs beyond were not
    /// formed).
    pub truncated_events: u64,
}

/// Bounds of the pair work.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub max_neighbors: usize,
    pub crowd_limit: usize,
}

/// Packs an unordered account pair.
pub fn pair_key(a: u32, b: u32) -> u64 {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    (u64::from(lo) << 32) | u64::from(hi)
}

/// Unpacks a pair key.
pub fn unpack(k: u64) -> (u32, u32) {
    ((k >> 32) as u32, k as u32)
}

/// Rarity weight of an object used by `k` of `n` accounts.
pub fn rarity(k: usize, n: usize) -> f32 {
    let n = n.max(3) as f64;
    let k = (k.max(2) as f64).min(n);
    ((n / k).ln() / (n / 2.0).ln()).clamp(RARITY_FLOOR, 1.0) as f32
}

/// The least weight of an object: even one the whole population uses is some evidence, so a
/// corpus that is only the campaign (every account uses every object) is not weightless.
pub const RARITY_FLOOR: f64 = 0.05;

/// Object runs: `[start, end)` ranges of `events` with one object.
fn runs(events: &[Event]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    while s < events.len() {
        let mut e = s + 1;
        while e < events.len() && events[e].object == events[s].object {
            e += 1;
        }
        out.push((s, e));
        s = e;
    }
    out
}

/// Finds the co-action hits of one signal. `window` gives the rule for each object id. See
/// the module documentation.
/// The hits are tagged with `signal`.
pub fn hits(
    events: &[Event],
    window: &(dyn Fn(u32) -> Window + Sync),
    n_accounts: usize,
    b: Bounds,
    signal: u8,
) -> (Vec<Hit>, SignalStats) {
    let mut out = Vec::new();
    let stats = hits_into(events, window, n_accounts, b, signal, &mut out);
    (out, stats)
}

/// `hits`, appended to `out` (grown by exactly this signal's hits): the graph collects every
/// signal's hits in one vector without a second copy of them.
pub fn hits_into(
    events: &[Event],
    window: &(dyn Fn(u32) -> Window + Sync),
    n_accounts: usize,
    b: Bounds,
    signal: u8,
    out: &mut Vec<Hit>,
) -> SignalStats {
    let runs = runs(events);
    // One hit vector and one scratch vector of accounts per group of objects, not one
    // allocation per object; groups keep the objects' order, so the hits come out the same.
    let per: Vec<(Vec<Hit>, SignalStats)> = runs
        .par_chunks(RUNS_PER_JOB)
        .map(|group| {
            let (mut hits, mut st, mut accts) = (Vec::new(), SignalStats::default(), Vec::new());
            for &(s, e) in group {
                let ev = &events[s..e];
                let rule = window(ev[0].object);
                st.add(&object_hits(
                    ev, rule, n_accounts, b, signal, &mut accts, &mut hits,
                ));
            }
            (hits, st)
        })
        .collect();
    let mut stats = SignalStats {
        events: events.len() as u64,
        objects: runs.len() as u64,
        ..SignalStats::default()
    };
    let total: usize = per.iter().map(|p| p.0.len()).sum();
    // Grown once, and each group's hits freed as they move: the signal costs its hits once.
    out.reserve_exact(total);
    for (h, st) in per {
        out.extend(h);
        stats.add(&st);
    }
    stats.hits = total as u64;
    stats
}

/// Objects per parallel job of `hits_into`: most objects are small, and one job per object
/// would cost an allocation and a task each.
const RUNS_PER_JOB: usize = 256;

impl SignalStats {
    /// Adds the object counts of `o` (not `events`, `objects` or `hits`, which the signal
    /// counts as a whole).
    fn add(&mut self, o: &SignalStats) {
        self.shared_objects += o.shared_objects;
        self.crowd_objects += o.crowd_objects;
        self.crowd_events += o.crowd_events;
        self.truncated_events += o.truncated_events;
    }
}

/// Distinct accounts among `ev`.
pub fn distinct_accounts(ev: &[Event]) -> usize {
    distinct_accounts_in(ev, &mut Vec::new())
}

/// `distinct_accounts`, sorting in `accts` (a reused scratch vector).
fn distinct_accounts_in(ev: &[Event], accts: &mut Vec<u32>) -> usize {
    if ev.len() < 2 {
        return ev.len();
    }
    accts.clear();
    accts.extend(ev.iter().map(|e| e.account));
    accts.sort_unstable();
    accts.dedup();
    accts.len()
}

/// The hits of one object's events `ev`, appended to `out`, sorted by pair with one hit per
/// pair (its smallest lag). `accts` is scratch.
fn object_hits(
    ev: &[Event],
    window: Window,
    n_accounts: usize,
    b: Bounds,
    signal: u8,
    accts: &mut Vec<u32>,
    out: &mut Vec<Hit>,
) -> SignalStats {
    let mut st = SignalStats::default();
    let k = distinct_accounts_in(ev, accts);
    if k < 2 {
        return st;
    }
    st.shared_objects = 1;
    if k > b.crowd_limit {
        st.crowd_objects = 1;
        st.crowd_events = ev.len() as u64;
        return st;
    }
    let w = rarity(k, n_accounts);
    let window_ms = window.for_users(k);
    let start = out.len();
    for i in 0..ev.len() {
        for (formed, j) in (i + 1..ev.len()).enumerate() {
            let lag = ev[j].time - ev[i].time;
            if lag > window_ms {
                break;
            }
            if formed == b.max_neighbors {
                st.truncated_events += 1;
                break;
            }
            if ev[j].account != ev[i].account {
                let posts = if ev[i].account < ev[j].account {
                    [ev[i].post, ev[j].post]
                } else {
                    [ev[j].post, ev[i].post]
                };
                out.push(Hit {
                    pair: pair_key(ev[i].account, ev[j].account),
                    posts,
                    object: ev[i].object,
                    weight: w,
                    lag_ms: u32::try_from(lag).unwrap_or(u32::MAX),
                    signal,
                });
            }
        }
    }
    // A pair counts once per object: keep its smallest lag.
    out[start..].sort_unstable_by_key(|h| (h.pair, h.lag_ms, h.posts));
    dedup_pairs_from(out, start);
    st
}

/// The stretches of one object's uses `ev` (in time order; consecutive uses no further apart
/// than `window_ms`) in which the neighbour bound cut pairs short: those of more than
/// `max_neighbors + 1` uses, when some use's window holds more than `max_neighbors` later
/// uses. None when time order formed every pair in the window. (The crowds in which
/// `object_hits` formed only some of the pairs; see `detect::seeds::crowds`.)
pub fn crowded_stretches(
    ev: &[Event],
    window_ms: i64,
    max_neighbors: usize,
) -> impl Iterator<Item = &[Event]> {
    let cut = ev
        .windows(max_neighbors + 2)
        .any(|w| w[max_neighbors + 1].time - w[0].time <= window_ms);
    ev.chunk_by(move |x, y| y.time - x.time <= window_ms)
        .filter(move |s| cut && s.len() > max_neighbors + 1)
}

/// Keeps the first hit of each run of one pair in `out[start..]` (the hits before `start`
/// belong to other objects and are left alone).
fn dedup_pairs_from(out: &mut Vec<Hit>, start: usize) {
    let mut kept = start;
    for r in start..out.len() {
        if kept == start || out[kept - 1].pair != out[r].pair {
            out[kept] = out[r];
            kept += 1;
        }
    }
    out.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(object: u32, time: i64, account: u32) -> Event {
        Event {
            object,
            time,
            account,
            post: 0,
        }
    }

    const B: Bounds = Bounds {
        max_neighbors: 100,
        crowd_limit: 1000,
    };

    #[test]
    fn window_and_once_per_object() {
        let events = vec![
            ev(1, 0, 10),
            ev(1, 5_000, 11),
            ev(1, 6_000, 10),   // 10 again: the pair (10, 11) still counts once
            ev(1, 100_000, 12), // outside a 60 s window of the others
            ev(2, 0, 10),
            ev(2, 1_000, 11),
        ];
        let (h, st) = hits(&events, &|_| Window::Fixed(60_000), 100, B, 0);
        let pairs: Vec<(u64, u32, u32)> = h.iter().map(|x| (x.pair, x.object, x.lag_ms)).collect();
        assert_eq!(
            pairs,
            vec![(pair_key(10, 11), 1, 1_000), (pair_key(10, 11), 2, 1_000)]
        );
        assert_eq!(st.shared_objects, 2);
    }

    #[test]
    fn crowds_are_bounded_and_recorded() {
        let events: Vec<Event> = (0..5000).map(|i| ev(7, i64::from(i), i)).collect();
        let (h, st) = hits(
            &events,
            &|_| Window::Fixed(3_600_000),
            10_000,
            Bounds {
                max_neighbors: 10,
                crowd_limit: 100_000,
            },
            0,
        );
        assert!(h.len() <= 5000 * 10);
        assert!(st.truncated_events > 0);
        let (h, st) = hits(
            &events,
            &|_| Window::Fixed(3_600_000),
            10_000,
            Bounds {
                max_neighbors: 10,
                crowd_limit: 1000,
            },
            0,
        );
        assert!(h.is_empty());
        assert_eq!(st.crowd_objects, 1);
        assert_eq!(st.crowd_events, 5000);
    }

    #[test]
    fn crowded_stretches_are_where_the_bound_cut_pairs() {
        // Twenty uses within 20 s, then twenty more an hour later; bound 10, window 1 min.
        let mut events: Vec<Event> = (0..20).map(|i| ev(7, i64::from(i) * 1000, i)).collect();
        events.extend((0..20).map(|i| ev(7, 3_600_000 + i64::from(i) * 1000, 100 + i)));
        let crowds: Vec<&[Event]> = crowded_stretches(&events, 60_000, 10).collect();
        assert_eq!(crowds.len(), 2);
        assert_eq!(crowds[1][0].account, 100);
        // A bound that holds every window: time order formed every pair, no crowd.
        assert_eq!(crowded_stretches(&events, 60_000, 20).count(), 0);
        // The same uses a minute apart each: never more than one in a window.
        let slow: Vec<Event> = (0..40).map(|i| ev(7, i64::from(i) * 61_000, i)).collect();
        assert_eq!(crowded_stretches(&slow, 60_000, 10).count(), 0);
    }

    #[test]
    fn rare_objects_link_uses_far_apart_popular_ones_only_close() {
        let r = Window::Rarity {
            span_ms: 14 * 86_400_000,
            min_ms: 10_000,
            max_ms: 14 * 86_400_000,
        };
        // Three users of a photo: days apart still count.
        assert_eq!(r.for_users(3), 14 * 86_400_000 / 3);
        // Ten thousand users of a link: two minutes.
        assert_eq!(r.for_users(10_000), 120_960);
        // Monotone: a more popular object never gets a longer window.
        assert!((2..5000).all(|k| r.for_users(k + 1) <= r.for_users(k)));
        assert_eq!(r.for_users(10_000_000), 10_000);
        assert_eq!(r.capped(3_600_000).for_users(3), 3_600_000);
        let events = vec![ev(1, 0, 10), ev(1, 3 * 86_400_000, 11)];
        let (h, _) = hits(&events, &|_| r, 100, B, 0);
        assert_eq!(h.len(), 1);
    }

    #[test]
    fn rarity_falls_with_popularity() {
        assert_eq!(rarity(2, 10_000), 1.0);
        assert!(rarity(10, 10_000) > rarity(1000, 10_000));
        assert_eq!(
            f64::from(rarity(10_000, 10_000)),
            RARITY_FLOOR as f32 as f64
        );
    }
}
