//! Episodes of every object, cut once for all candidates.
//!
//! An object's uses (everyone's events, in time order) split into *episodes* where two
//! consecutive uses are further apart than the object's rarity window (see
//! `graph::coaction`). The cut depends only on the object, never on the candidate, so it is
//! made once here, with each episode's distinct users. The group test then visits only the
//! episodes its members took part in, found by binary search from their own posts, and reads
//! an episode's events only when the members are over-represented in it. Without this
//! index every candidate re-read every event of every object three members used: a trending
//! hashtag's whole use, once per candidate, so the decision grew with the corpus squared.
//!
//! # Complexity
//! O(E) time for E events (one pass per signal, signals in parallel), O(E) memory in the
//! worst case (one episode per event), O(A) scratch per signal for A accounts. The same pass
//! indexes each object's first event, so the test finds a post's event among its object's
//! events alone, not by a binary search over all of the signal's (O(O) memory for objects
//! numbered below O, kept when O is at most a few times E).

use std::ops::Range;

use rayon::prelude::*;

use crate::features::Features;
use crate::graph::{CoactionGraph, Event, object_rule};

/// Episode boundaries and sizes, per signal.
#[derive(Debug, Clone, Default)]
pub struct Episodes {
    per_signal: Vec<SignalEpisodes>,
}

#[derive(Debug, Clone, Default)]
struct SignalEpisodes {
    /// Index of each episode's first event in `CoactionGraph::events[s]`, ascending, with
    /// the number of events appended.
    starts: Vec<u32>,
    /// Distinct accounts in each episode.
    users: Vec<u32>,
    /// Distinct accounts of the episode's object over its whole use.
    accounts_total: Vec<u32>,
    /// Index of each object's first event (where it would be when the object has none), by
    /// object number, with the number of events appended; empty when the objects' numbers
    /// spread too far beyond the events (see `OBJECTS_PER_EVENT`).
    objects: Vec<u32>,
}

/// The object index is kept when the objects' numbers stay below this many per event: it
/// then costs at most two thirds of the events' own memory (4 bytes an object, 24 an event).
const OBJECTS_PER_EVENT: usize = 4;

/// One episode: where its events are and how many accounts use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Episode {
    /// Its events: `CoactionGraph::events[s][start..end]`.
    pub start: usize,
    pub end: usize,
    /// Distinct accounts in the episode.
    pub users: u32,
    /// Distinct accounts of its object over the object's whole use.
    pub accounts_total: u32,
}

impl Episodes {
    /// Cuts every object of every signal of `g`.
    pub fn new(f: &Features, g: &CoactionGraph, n_accounts: usize) -> Self {
        let per_signal = (0..g.signals.len())
            .into_par_iter()
            .map(|si| {
                let s = g.signals[si];
                let rule = g.windows[si];
                cut(&g.events[si], n_accounts, |object| {
                    object_rule(rule, s, f, object)
                })
            })
            .collect();
        Self { per_signal }
    }

    /// The episode of signal `s` that holds event number `event`.
    pub fn of_event(&self, s: usize, event: usize) -> Option<Episode> {
        let e = self.per_signal.get(s)?;
        let i = e
            .starts
            .partition_point(|&st| st as usize <= event)
            .checked_sub(1)?;
        self.get(s, i)
    }

    /// Where the events of `object` lie in `events` (`CoactionGraph::events[s]`, the events
    /// these episodes were cut from): two reads of the object index, or two binary searches
    /// where there is none.
    pub fn object_range(&self, s: usize, events: &[Event], object: u32) -> Range<usize> {
        let index = self.per_signal.get(s).map_or(&[][..], |e| &e.objects[..]);
        if index.is_empty() {
            let lo = events.partition_point(|e| e.object < object);
            return lo..lo + events[lo..].partition_point(|e| e.object <= object);
        }
        let o = object as usize;
        match (index.get(o), index.get(o + 1)) {
            (Some(&lo), Some(&hi)) => lo as usize..hi as usize,
            _ => events.len()..events.len(),
        }
    }

    /// The number of event `e` in `events` (as `object_range`), if it is there: a binary
    /// search among its object's events only.
    pub fn find(&self, s: usize, events: &[Event], e: &Event) -> Option<usize> {
        let r = self.object_range(s, events, e.object);
        let i = events.get(r.clone())?.binary_search(e).ok()?;
        Some(r.start + i)
    }

    /// Episode number `i` of signal `s`.
    fn get(&self, s: usize, i: usize) -> Option<Episode> {
        let e = self.per_signal.get(s)?;
        Some(Episode {
            start: *e.starts.get(i)? as usize,
            end: *e.starts.get(i + 1)? as usize,
            users: *e.users.get(i)?,
            accounts_total: *e.accounts_total.get(i)?,
        })
    }
}

/// Cuts one signal's events (sorted by object, then time); `rule` gives an object's window.
fn cut(
    events: &[Event],
    n_accounts: usize,
    rule: impl Fn(u32) -> crate::graph::Window,
) -> SignalEpisodes {
    let mut out = SignalEpisodes::default();
    // Distinct accounts by stamping: an account counts once per object and once per
    // episode, without a set per run.
    let mut seen_object = vec![u32::MAX; n_accounts];
    let mut seen_episode = vec![u32::MAX; n_accounts];
    let mut object_no = 0u32;
    let mut episode_no = 0u32;
    let mut offset = 0usize;
    let max_object = events.last().map_or(0, |e| e.object as usize);
    let indexed = max_object < OBJECTS_PER_EVENT.saturating_mul(events.len());
    if indexed {
        out.objects.reserve_exact(max_object + 2);
    }
    for run in events.chunk_by(|x, y| x.object == y.object) {
        if indexed {
            // Objects after the previous run's, up to this run's, start here.
            out.objects
                .resize(run[0].object as usize + 1, offset as u32);
        }
        let k = stamp_distinct(run, &mut seen_object, object_no);
        object_no = object_no.wrapping_add(1);
        let w = rule(run[0].object).for_users(k as usize);
        for ep in run.chunk_by(|x, y| y.time - x.time <= w) {
            let u = stamp_distinct(ep, &mut seen_episode, episode_no);
            episode_no = episode_no.wrapping_add(1);
            out.starts.push(offset as u32);
            out.users.push(u);
            out.accounts_total.push(k);
            offset += ep.len();
        }
    }
    out.starts.push(offset as u32);
    if indexed {
        out.objects.resize(max_object + 2, offset as u32);
    }
    out
}

/// Distinct accounts among `events`, counted by stamping `seen` (one slot per account) with
/// `no`, the number of this run: no set per run, and no clearing between runs.
fn stamp_distinct(events: &[Event], seen: &mut [u32], no: u32) -> u32 {
    let mut k = 0u32;
    for e in events {
        match seen.get_mut(e.account as usize) {
            Some(slot) if *slot != no => {
                *slot = no;
                k += 1;
            }
            _ => {}
        }
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Window;

    fn ev(object: u32, time: i64, account: u32) -> Event {
        Event {
            object,
            time,
            account,
            post: time as u32,
        }
    }

    #[test]
    fn episodes_follow_each_objects_own_timing() {
        // Object 1: uses at 0, 10, 20 (accounts 0, 1, 0) and 1000, 1010 (accounts 2, 3).
        // Object 2: one use.
        let events = vec![
            ev(1, 0, 0),
            ev(1, 10, 1),
            ev(1, 20, 0),
            ev(1, 1000, 2),
            ev(1, 1010, 3),
            ev(2, 5, 1),
        ];
        let cut = cut(&events, 4, |_| Window::Fixed(100));
        let eps = Episodes {
            per_signal: vec![cut],
        };
        let first = eps.of_event(0, 2).unwrap();
        assert_eq!((first.start, first.end, first.users), (0, 3, 2));
        // Four distinct accounts used object 1 in all.
        assert_eq!(first.accounts_total, 4);
        let second = eps.of_event(0, 3).unwrap();
        assert_eq!((second.start, second.end, second.users), (3, 5, 2));
        let third = eps.of_event(0, 5).unwrap();
        assert_eq!(
            (third.start, third.end, third.users, third.accounts_total),
            (5, 6, 1, 1)
        );
        assert_eq!(eps.of_event(0, 6), None);
        assert_eq!(eps.of_event(1, 0), None);
    }

    #[test]
    fn the_object_index_finds_what_a_search_of_all_events_finds() {
        // Objects 0, 4 and 5 have no events; 9 is past the last.
        let events = vec![
            ev(1, 0, 0),
            ev(1, 10, 1),
            ev(2, 5, 1),
            ev(3, 1, 2),
            ev(3, 2, 0),
            ev(6, 7, 3),
        ];
        let indexed = cut(&events, 4, |_| Window::Fixed(100));
        assert!(!indexed.objects.is_empty());
        let mut searched = indexed.clone();
        searched.objects.clear();
        for eps in [indexed, searched] {
            let eps = Episodes {
                per_signal: vec![eps],
            };
            for object in 0..10 {
                let lo = events.partition_point(|e| e.object < object);
                let hi = events.partition_point(|e| e.object <= object);
                assert_eq!(
                    eps.object_range(0, &events, object),
                    lo..hi,
                    "object {object}"
                );
            }
            for (i, e) in events.iter().enumerate() {
                assert_eq!(eps.find(0, &events, e), Some(i));
            }
            assert_eq!(eps.find(0, &events, &ev(3, 3, 0)), None);
            assert_eq!(eps.find(0, &events, &ev(9, 0, 0)), None);
        }
    }

    #[test]
    fn a_rarer_object_gets_a_longer_window() {
        // The same gaps of 500 ms: an object of two users keeps them in one episode, an
        // object of many users is cut (rarity window span/k).
        let rule = Window::Rarity {
            span_ms: 2_000,
            min_ms: 10,
            max_ms: 1_000_000,
        };
        let mut events = vec![ev(1, 0, 0), ev(1, 500, 1)];
        events.extend((0..8).map(|i| ev(2, i * 500, i as u32)));
        let cut = cut(&events, 8, |_| rule);
        assert_eq!(cut.starts.len() - 1, 1 + 8);
        assert_eq!(cut.users[0], 2);
    }
}
