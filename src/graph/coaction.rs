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
//! memory O(hits) (the graph forms them in passes over ranges of low accounts, `Pairing::
//! hits_into`, so it holds one pass's). The bounds make a viral object cost O(E·K), never
//! O(E²).

use rayon::prelude::*;

use super::events::Event;

/// One co-action of a pair on an object, whole (the engine returns these; the graph packs
/// them into `PairHit`s).
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

/// One co-action hit as the graph collects it over every signal: `Hit` without its signal,
/// object and weight, which are one `slot` of an `ObjectTable` (they are the same for every
/// hit of an object). 24 bytes against `Hit`'s 32: the hits are the largest array of a
/// large corpus (164 million at 10 million posts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairHit {
    /// `(low account << 32) | high account`.
    pub pair: u64,
    /// The two posts behind the smallest gap: the low account's, then the high account's.
    pub posts: [u32; 2],
    /// The hit's object in the `ObjectTable`.
    pub slot: u32,
    /// Smallest gap between the two accounts' uses, ms (as `Hit::lag_ms`).
    pub lag_ms: u32,
}

/// The objects behind `PairHit::slot`: per slot, its signal's number, its object id and its
/// rarity weight. Only objects with hits have a slot. The slots of one signal are contiguous
/// and in object order, so between two hits of one signal the slots compare as the objects.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObjectTable {
    pub signal: Vec<u8>,
    pub object: Vec<u32>,
    pub weight: Vec<f32>,
}

impl ObjectTable {
    /// Slots so far.
    pub fn len(&self) -> usize {
        self.object.len()
    }

    /// Whether no slot was added.
    pub fn is_empty(&self) -> bool {
        self.object.is_empty()
    }

    /// The signal's number of `h`.
    pub fn signal_of(&self, h: &PairHit) -> u8 {
        self.signal[h.slot as usize]
    }

    /// The rarity weight of `h`.
    pub fn weight_of(&self, h: &PairHit) -> f32 {
        self.weight[h.slot as usize]
    }

    /// `h` with its signal, object and weight.
    pub fn unpack(&self, h: &PairHit) -> Hit {
        let s = h.slot as usize;
        Hit {
            pair: h.pair,
            posts: h.posts,
            object: self.object[s],
            weight: self.weight[s],
            lag_ms: h.lag_ms,
            signal: self.signal[s],
        }
    }

    /// Appends the hits of one signal, computed elsewhere, to `out`, giving each distinct
    /// object a slot (in object order) with the weight its hits carry (one per object).
    pub fn pack(&mut self, signal: u8, hits: &[Hit], out: &mut Vec<PairHit>) {
        let mut objects: Vec<u32> = hits.iter().map(|h| h.object).collect();
        objects.sort_unstable();
        objects.dedup();
        let base = next_slot(self.len());
        next_slot(self.len() + objects.len());
        self.signal.extend(objects.iter().map(|_| signal));
        self.weight.extend(objects.iter().map(|_| 0.0));
        self.object.extend_from_slice(&objects);
        out.reserve_exact(hits.len());
        for h in hits {
            // Input cannot break this: `objects` is collected from `hits` above.
            #[allow(clippy::expect_used)]
            let i = objects
                .binary_search(&h.object)
                .expect("invariant: every hit's object was collected above");
            let slot = base + i as u32;
            self.weight[slot as usize] = h.weight;
            out.push(PairHit {
                pair: h.pair,
                posts: h.posts,
                slot,
                lag_ms: h.lag_ms,
            });
        }
    }
}

/// The slot number after `len` slots. Every slot has at least one hit of 24 bytes, so 2^32
/// slots would need 96 GiB of hits: far past what one machine holds (the distributed engine
/// is the way there).
#[allow(clippy::expect_used)]
fn next_slot(len: usize) -> u32 {
    u32::try_from(len).expect("invariant: fewer than 2^32 objects with hits")
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
    let mut table = ObjectTable::default();
    let objects = SignalObjects::register(events, n_accounts, signal, &mut table);
    let pairing = Pairing {
        events,
        objects: &objects,
        window,
        bounds: b,
    };
    let (mut stats, _) = pairing.count(32, 1);
    let mut packed = Vec::new();
    stats.hits = pairing.hits_into(0..u64::MAX, &mut packed);
    (packed.iter().map(|h| table.unpack(h)).collect(), stats)
}

/// A signal's objects, registered in an `ObjectTable`: the k-th run of one object in the
/// signal's events has slot `base + k` and `users[k]` distinct accounts.
#[derive(Debug, Clone)]
pub struct SignalObjects {
    pub base: u32,
    pub users: Vec<u32>,
}

impl SignalObjects {
    /// Registers every object of `events` (sorted by object, then time) in `table`, with its
    /// rarity weight among `n_accounts`.
    pub fn register(
        events: &[Event],
        n_accounts: usize,
        signal: u8,
        table: &mut ObjectTable,
    ) -> SignalObjects {
        let runs = runs(events);
        let users: Vec<u32> = runs
            .par_iter()
            .map_init(Vec::new, |accts, &(s, e)| {
                // Account ids are u32, so no object has more distinct users than fit one.
                distinct_accounts_in(&events[s..e], accts) as u32
            })
            .collect();
        let base = next_slot(table.len());
        next_slot(table.len() + runs.len());
        table.signal.extend(runs.iter().map(|_| signal));
        table
            .object
            .extend(runs.iter().map(|&(s, _)| events[s].object));
        table
            .weight
            .extend(users.iter().map(|&k| rarity(k as usize, n_accounts)));
        SignalObjects { base, users }
    }
}

/// The pairing of one signal's events: the objects registered from them, the window rule
/// for each object id, and the bounds.
pub struct Pairing<'a> {
    pub events: &'a [Event],
    pub objects: &'a SignalObjects,
    pub window: &'a (dyn Fn(u32) -> Window + Sync),
    pub bounds: Bounds,
}

impl Pairing<'_> {
    /// The signal's statistics (all but `hits`) and, per bucket of low accounts
    /// (`account >> shift`, `buckets` of them), the pairs the windows form: an upper bound of
    /// the hits, which count a pair once per object. Costs one walk of the windows, no hit
    /// stored.
    pub fn count(&self, shift: u32, buckets: usize) -> (SignalStats, Vec<u64>) {
        let runs = runs(self.events);
        let (mut stats, counts) = runs
            .par_chunks(RUNS_PER_JOB)
            .enumerate()
            .fold(
                || (SignalStats::default(), vec![0u64; buckets]),
                |(mut st, mut counts), (g, group)| {
                    for (k, &(s, e)) in group.iter().enumerate() {
                        let ev = &self.events[s..e];
                        let Some(window_ms) = self.object_window(ev, g * RUNS_PER_JOB + k, &mut st)
                        else {
                            continue;
                        };
                        st.truncated_events +=
                            windowed_pairs(ev, window_ms, self.bounds.max_neighbors, |i, j| {
                                let low = ev[i].account.min(ev[j].account);
                                counts[(u64::from(low) >> shift) as usize] += 1;
                            });
                    }
                    (st, counts)
                },
            )
            .reduce(
                || (SignalStats::default(), vec![0u64; buckets]),
                |(mut a, mut ca), (b, cb)| {
                    a.add(&b);
                    for (x, y) in ca.iter_mut().zip(&cb) {
                        *x += y;
                    }
                    (a, ca)
                },
            );
        stats.events = self.events.len() as u64;
        stats.objects = runs.len() as u64;
        (stats, counts)
    }

    /// Appends to `out` the hits whose low account is in `lows` (grown by exactly these
    /// hits, in object order, each object's sorted by pair), and returns their number.
    pub fn hits_into(&self, lows: std::ops::Range<u64>, out: &mut Vec<PairHit>) -> u64 {
        let runs = runs(self.events);
        // One hit vector and one scratch vector of accounts per group of objects, not one
        // allocation per object; groups keep the objects' order, so the hits come out the
        // same.
        let per: Vec<Vec<PairHit>> = runs
            .par_chunks(RUNS_PER_JOB)
            .enumerate()
            .map(|(g, group)| {
                let mut hits = Vec::new();
                let mut st = SignalStats::default();
                for (k, &(s, e)) in group.iter().enumerate() {
                    let run = g * RUNS_PER_JOB + k;
                    let ev = &self.events[s..e];
                    let Some(window_ms) = self.object_window(ev, run, &mut st) else {
                        continue;
                    };
                    let slot = self.objects.base + run as u32;
                    let start = hits.len();
                    windowed_pairs(ev, window_ms, self.bounds.max_neighbors, |i, j| {
                        let (x, y) = (&ev[i], &ev[j]);
                        if lows.contains(&u64::from(x.account.min(y.account))) {
                            let posts = if x.account < y.account {
                                [x.post, y.post]
                            } else {
                                [y.post, x.post]
                            };
                            hits.push(PairHit {
                                pair: pair_key(x.account, y.account),
                                posts,
                                slot,
                                lag_ms: u32::try_from(y.time - x.time).unwrap_or(u32::MAX),
                            });
                        }
                    });
                    // A pair counts once per object: keep its smallest lag (then posts).
                    hits[start..].sort_unstable_by_key(|h| h.pair);
                    dedup_pairs_from(&mut hits, start);
                }
                hits
            })
            .collect();
        let total: usize = per.iter().map(Vec::len).sum();
        // Grown once, and each group's hits freed as they move: the hits cost their size once.
        out.reserve_exact(total);
        for h in per {
            out.extend(h);
        }
        total as u64
    }

    /// The window of object run number `run` (events `ev`), or `None` when it forms no pairs
    /// (one user, or a crowd); counts it in `st`.
    fn object_window(&self, ev: &[Event], run: usize, st: &mut SignalStats) -> Option<i64> {
        let k = self.objects.users[run] as usize;
        if k < 2 {
            return None;
        }
        st.shared_objects += 1;
        if k > self.bounds.crowd_limit {
            st.crowd_objects += 1;
            st.crowd_events += ev.len() as u64;
            return None;
        }
        Some((self.window)(ev[0].object).for_users(k))
    }
}

/// Calls `pair(i, j)` for every i < j of one object's events `ev` (in time order) within
/// `window_ms` of each other, at most `max_neighbors` later events for each i, and two
/// accounts; returns the events whose window held more (pairs beyond are not formed).
fn windowed_pairs(
    ev: &[Event],
    window_ms: i64,
    max_neighbors: usize,
    mut pair: impl FnMut(usize, usize),
) -> u64 {
    let mut truncated = 0;
    for i in 0..ev.len() {
        for (formed, j) in (i + 1..ev.len()).enumerate() {
            if ev[j].time - ev[i].time > window_ms {
                break;
            }
            if formed == max_neighbors {
                truncated += 1;
                break;
            }
            if ev[j].account != ev[i].account {
                pair(i, j);
            }
        }
    }
    truncated
}

/// Objects per parallel job of `Pairing`: most objects are small, and one job per object
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

/// The crowds of one object's uses `ev` (in time order): the runs of uses in which the
/// neighbour bound cut pairs short, each the union of the overlapping spans `ev[i..=i+K+1]`
/// (K = `max_neighbors`) whose last use is within `window_ms` of the first, exactly where
/// `windowed_pairs` stops use i at K pairs with more in its window. Uses before and after
/// (the public taking up a farm's text later, at its own pace) are not part of it. None when
/// time order formed every pair in the window. See `detect::seeds::crowds`.
pub fn crowded_stretches(ev: &[Event], window_ms: i64, max_neighbors: usize) -> Vec<&[Event]> {
    let m = max_neighbors + 1;
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for i in 0..ev.len().saturating_sub(m) {
        if ev[i + m].time - ev[i].time > window_ms {
            continue;
        }
        let (start, end) = (i, i + m + 1);
        open = match open {
            Some((s, e)) if start < e => Some((s, e.max(end))),
            Some((s, e)) => {
                out.push(&ev[s..e]);
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    if let Some((s, e)) = open {
        out.push(&ev[s..e]);
    }
    out
}

/// Keeps, of each run of one pair in `out[start..]` (sorted by pair), the hit with the
/// smallest (lag, posts); the hits before `start` belong to other objects and are left alone.
/// The order of a run's hits does not matter: sorting by pair alone (one integer key) and
/// choosing here keeps the hits a sort by (pair, lag, posts) would have put first.
fn dedup_pairs_from(out: &mut Vec<PairHit>, start: usize) {
    let mut kept = start;
    for r in start..out.len() {
        if kept == start || out[kept - 1].pair != out[r].pair {
            out[kept] = out[r];
            kept += 1;
        } else if (out[r].lag_ms, out[r].posts) < (out[kept - 1].lag_ms, out[kept - 1].posts) {
            out[kept - 1] = out[r];
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
        let crowds = crowded_stretches(&events, 60_000, 10);
        assert_eq!(crowds.len(), 2);
        assert_eq!((crowds[0].len(), crowds[1][0].account), (20, 100));
        // A bound that holds every window: time order formed every pair, no crowd.
        assert!(crowded_stretches(&events, 60_000, 20).is_empty());
        // The same uses a minute apart each: never more than one in a window.
        let slow: Vec<Event> = (0..40).map(|i| ev(7, i64::from(i) * 61_000, i)).collect();
        assert!(crowded_stretches(&slow, 60_000, 10).is_empty());
        // A burst, then the public at its own pace (a use every 50 s, each window holding
        // one or two): only the burst is the crowd.
        let mut taken_up: Vec<Event> = (0..20).map(|i| ev(7, i64::from(i) * 1000, i)).collect();
        taken_up.extend((0..30).map(|i| ev(7, 20_000 + i64::from(i) * 50_000, 200 + i)));
        let crowds = crowded_stretches(&taken_up, 60_000, 10);
        assert_eq!(crowds.len(), 1);
        assert!(
            crowds[0]
                .iter()
                .all(|e| e.account < 200 || e.time <= 70_000)
        );
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
