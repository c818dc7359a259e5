//! Candidates from private, recurring objects: the accounts that keep a vocabulary of their
//! own.
//!
//! Pairs seed most candidates, but a campaign whose members hide their joint acts among many
//! ordinary posts (camouflage) gives each pair only two or three co-actions, too few to pass
//! the pair test, although the group acts together dozens of times. What such a campaign
//! cannot hide is its own objects: a campaign hashtag, an echo site, a template that only its
//! accounts use, again and again, in bursts. Each authored object that few accounts use
//! (at most `MAX_USERS`) and that they use in at least `min_group_evidence` separate episodes
//! of three or more users proposes its users as a candidate; the group test (`group`) then
//! judges it like any other, on all its objects. A seed only proposes: it never reports.
//!
//! Monotone in evidence: another episode of the object or another user of it (up to the
//! bound) can only make the seed; an object used by more accounts than the bound is not a
//! group's own vocabulary (a public hashtag), and its users are left to the pairs.
//!
//! # Complexity
//! O(E) over the events of the authored signals, plus one group test per distinct seed.

use std::collections::{BTreeMap, BTreeSet};

use super::DetectConfig;
use super::episodes::Episodes;
use super::group::Group;
use super::score::established;
use super::verdict::ESTABLISHED;
use crate::graph::CoactionGraph;
use crate::model::Corpus;

/// Most accounts of a private object. A campaign's own hashtag or site is used by its
/// accounts (tens to a few thousand); a public one by a crowd.
pub const MAX_USERS: usize = 10_000;
/// Fewest users of an episode that counts as the group acting.
const EPISODE_USERS: u32 = 3;

/// Whether a group that a seed proposed stands. Its own vocabulary is the reason it was
/// tested, so the test's fallback for a candidate that is most of who could have acted (where
/// over-representation cannot be measured, half the users suffice) would make any small
/// crowd with a common idiom a group: a language community whose few speakers share the same
/// everyday phrases. A seeded group needs `min_group_evidence` independent actions in which
/// its over-representation was measured. And it must not be mostly established accounts
/// (verified, widely followed): outlets that run the same wire copy, or a media group's
/// sister titles, share a vocabulary in the open; campaigns that hide among ordinary posts
/// do so with ordinary accounts, which the pairs still test whatever their profiles.
pub fn stands(c: &Corpus, cfg: &DetectConfig, speakers: &Speakers, g: &Group) -> bool {
    let measured: f64 = g
        .actions
        .iter()
        .filter(|a| a.independent && a.p_value <= cfg.group_alpha)
        .map(|a| a.evidence())
        .sum();
    let acc = &c.accounts;
    let est: f64 = g
        .members
        .iter()
        .map(|&m| established(acc.verified[m as usize], acc.followers[m as usize]))
        .sum::<f64>()
        / g.members.len().max(1) as f64;
    measured >= cfg.min_group_evidence && est < ESTABLISHED && !speakers.community(&g.members)
}

/// Accounts per main language, to tell a group from a language community.
pub struct Speakers<'a> {
    main: &'a [u32],
    count: BTreeMap<u32, u32>,
}

impl<'a> Speakers<'a> {
    /// `main`: each account's main language (see `group::Languages`); only accounts with
    /// posts (`posts[a] > 0`) are counted.
    pub fn new(main: &'a [u32], posts: impl Iterator<Item = u32>) -> Self {
        let mut count: BTreeMap<u32, u32> = BTreeMap::new();
        for (&l, n) in main.iter().zip(posts) {
            if n > 0 {
                *count.entry(l).or_default() += 1;
            }
        }
        Self { main, count }
    }

    /// Whether `members` are a large part (`COMMUNITY_SHARE` or more) of the accounts whose
    /// main language is their own most common one. The few speakers of a language in a
    /// corpus share its everyday phrases and tags (`#olympia`, "il caffè mi fa impazzire"):
    /// a vocabulary private to them that says nothing of coordination. A campaign hiding
    /// among ordinary accounts is a small part of its language's accounts.
    pub fn community(&self, members: &[u32]) -> bool {
        let mut langs: Vec<u32> = members
            .iter()
            .filter_map(|&m| self.main.get(m as usize).copied())
            .collect();
        langs.sort_unstable();
        let Some(run) = langs
            .chunk_by(|x, y| x == y)
            .max_by(|x, y| x.len().cmp(&y.len()).then(y[0].cmp(&x[0])))
        else {
            return false;
        };
        let all = self.count.get(&run[0]).copied().unwrap_or(0).max(1);
        run.len() as f64 >= COMMUNITY_SHARE * f64::from(all)
    }
}

/// The share of a language's accounts from which a group is that language's community.
pub const COMMUNITY_SHARE: f64 = 0.25;

/// Member lists (sorted, distinct) of the private, recurring objects of `g`: per object, its
/// regulars (the accounts in `min_actions` or more of its episodes of three or more users),
/// where they are at least half of its users and there are `min_episodes` such episodes.
pub fn private_objects(
    g: &CoactionGraph,
    episodes: &Episodes,
    min_size: usize,
    min_episodes: usize,
    min_actions: u32,
) -> Vec<Vec<u32>> {
    let mut seeds: BTreeSet<Vec<u32>> = BTreeSet::new();
    // (account, episode) of the current object's crowded episodes; reused across objects.
    let mut seen: Vec<(u32, usize)> = Vec::new();
    for (si, s) in g.signals.iter().enumerate() {
        if !s.authored() {
            continue;
        }
        let events = &g.events[si];
        let mut offset = 0usize;
        for run in events.chunk_by(|x, y| x.object == y.object) {
            let start = offset;
            offset += run.len();
            if run.len() < min_episodes * EPISODE_USERS as usize {
                continue;
            }
            let Some(ep) = episodes.of_event(si, start) else {
                continue;
            };
            let users = ep.accounts_total as usize;
            if users < min_size || users > MAX_USERS {
                continue;
            }
            seen.clear();
            let crowded = crowded_episodes(episodes, si, start, start + run.len(), |i| {
                seen.push((events[i].account, i))
            });
            if crowded < min_episodes {
                continue;
            }
            let regulars = regulars(&mut seen, episodes, si, min_actions);
            if regulars.len() >= min_size && 2 * regulars.len() >= users {
                seeds.insert(regulars);
            }
        }
    }
    seeds.into_iter().collect()
}

/// Counts the episodes of three or more users among events `start..end` of signal `si` (one
/// object), passing each of their events to `visit`.
fn crowded_episodes(
    episodes: &Episodes,
    si: usize,
    start: usize,
    end: usize,
    mut visit: impl FnMut(usize),
) -> usize {
    let mut n = 0;
    let mut at = start;
    while at < end {
        let Some(ep) = episodes.of_event(si, at) else {
            break;
        };
        if ep.users >= EPISODE_USERS {
            n += 1;
            (ep.start..ep.end.min(end)).for_each(&mut visit);
        }
        at = ep.end.max(at + 1);
    }
    n
}

/// The accounts of `seen` (account, event) in at least `min_actions` distinct episodes,
/// ascending.
fn regulars(
    seen: &mut [(u32, usize)],
    episodes: &Episodes,
    si: usize,
    min_actions: u32,
) -> Vec<u32> {
    for x in seen.iter_mut() {
        x.1 = episodes.of_event(si, x.1).map_or(x.1, |ep| ep.start);
    }
    seen.sort_unstable();
    let mut out = Vec::new();
    for acc in seen.chunk_by(|x, y| x.0 == y.0) {
        let distinct = 1 + acc.windows(2).filter(|w| w[0].1 != w[1].1).count();
        if distinct as u32 >= min_actions {
            out.push(acc[0].0);
        }
    }
    out
}
