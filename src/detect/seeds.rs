//! Candidates from private, recurring objects: the accounts that keep a vocabulary of their
//! own.
//!
//! Pairs seed most candidates, but a campaign whose members hide their joint acts among many
//! ordinary posts (camouflage), each push by a few of them, gives each pair only two or three
//! co-actions: too few to pass the pair test, although the group acts together dozens of
//! times. What such a campaign cannot hide is its own objects: a campaign hashtag, an echo
//! site, a template that its accounts use again and again, in bursts. An authored object
//! proposes its *regulars* (the accounts in two or more of its crowded episodes, three users
//! or more, cut by the object's own rarity window as in `episodes`) when it has
//! `min_group_evidence` crowded episodes and the regulars are at least half of its users. A
//! public hashtag has crowds but few regulars; a campaign's tag is mostly regulars.
//!
//! A seed only proposes: the group test (`group`) judges the candidate on all its objects,
//! and the group stands (`stands`) only where the reason it was tested cannot explain it:
//! copies of texts or pictures worth `min_group_evidence` actions in which its
//! over-representation was measured, or its members early on the objects others also use (a
//! weekly hashtag chat shares a tag but writes its own words, and is no earlier than anyone),
//! its members mostly not established accounts (outlets running the same wire copy
//! share a vocabulary in the open), not a language's few speakers (who share everyday
//! phrases), and acting in parts (`diffuse`): a group whose every action holds most of its
//! members has its evidence in every pair, and the pair test has judged it, unless it
//! posts one object in synchronised waves (a slogan a farm fires wave after wave), which
//! gives a pair one act however often it recurs (`unjudged`). Or its
//! accounts were made together (`made_together`: at least half of them and 15 dated, their
//! creation dates clustered well beyond chance against all accounts'), with the same
//! guards, whether or not it acts in parts: a campaign linking its own sites at no
//! particular moment copies nothing and is early on nothing, but runs accounts it
//! registered in a batch, which no pair test weighs. A seeded group that does not stand but
//! is most of the audience of sites of its own (`own_sites`: two or more, its
//! over-representation on them measured) is a lead: a network of sites and the accounts
//! that distribute them, or a small outlet's staff and readers, which the links alone
//! cannot tell apart (a newspaper chain's journalists sharing its local titles, a
//! webcomic's fans sharing it and its shop).
//!
//! A second source, `crowds`, proposes the accounts that keep forming crowds on copies too
//! large for the pair bound (a bot farm of thousands posting one text within minutes, again
//! and again): such a group stands on its copies even where it is most of who posts in its
//! language, and need not act in parts or be a small part of its language, since the bound,
//! not its evidence, kept its pairs from the test.
//!
//! A third, `rotations`, proposes the accounts that a campaign rotates through small pushes
//! of new copies (each text, link and picture used once, by a different part of its
//! accounts each time): the same pool makes up push after push. Its seeds stand as a
//! private object's.
//!
//! Monotone in evidence for fixed episodes: another crowded episode, or another regular, only
//! adds to a seed, and another copied action to a seeded group. Not monotone otherwise: a use
//! between two bursts can join them into one episode; when the public takes up a campaign's
//! tag its regulars stop being half its users; one all-hands push more can make a small
//! group's actions hold most of its members (`diffuse`), and more members of a small
//! language can make a group its community; in `crowds` and `rotations`, one more account
//! in a push can make it share less than the required part with another, and a push grown
//! past the pair bound leaves the rotations; more ordinary posts by the members shorten
//! their gap between posts, and a straggling member widens a wave, so either can make waves
//! no longer `synchronised`. The pairs, and the campaign's other objects, still test such a
//! group as before the seeds.
//!
//! # Complexity
//! O(E log E) over the events of the authored signals (objects of at most `MAX_USERS`
//! users), one pass; then, per distinct seed that no found group already mostly holds and
//! that passes the cheap guards (`may_stand`), one group test, and `apart` and `rejoin` on
//! the groups that stand (see `detect`). The number of seeds is not capped: at 1M posts of
//! `generate --scenario scale` the decision stage took 0.28 s against 0.22 s without seeds,
//! and `varied` seed 7 at 1M posts gave the same report and run time as without them
//! (before `rotations`; with them, 0.59 s against 0.56 s on the first and 3.0 s against
//! 2.6 s on the second).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;

use super::DetectConfig;
use super::group::{Group, GroupAction, mark_independent};
use super::score::mean_established;
use super::verdict::ESTABLISHED;
use crate::features::Features;
use crate::graph::coaction::{crowded_stretches, distinct_accounts};
use crate::graph::{CoactionGraph, Event, SPECIFIC_TEXT_BYTES, Signal, object_rule};
use crate::model::{Corpus, NONE};

/// Most accounts of a private object. A campaign's own hashtag or site is used by its
/// accounts (tens to a few thousand); a public one by a crowd.
pub const MAX_USERS: usize = 10_000;
/// The score's timing part from which a seeded group is early enough on others' objects to
/// stand without copies (members ahead of the objects' other users at a rank z of about 5.8
/// where they are most of those users; see `score::timing_part`).
pub const EARLY: f64 = 0.5;
/// The creation clustering from which a seeded group's accounts count as made together
/// (`made_together`): their tightest half created where chance would put twice as many.
pub const MADE_TOGETHER: f64 = 0.5;
/// Fewest users of an episode that counts as the group acting.
const EPISODE_USERS: usize = 3;

/// Whether a group that a seed proposed stands. Its own vocabulary is the reason it was
/// tested, so that vocabulary alone cannot carry it:
/// - it needs `min_group_evidence` independent actions on copies of texts or pictures in
///   which its over-representation was measured (`copied`), or to be early on the objects
///   others also use (`timing`, the score's part, at least `EARLY`), or accounts made
///   together (`made_together`). A campaign pushes content, is there first on what it
///   amplifies, or runs accounts it registered in a batch; a weekly hashtag chat or a fan
///   community shares a tag, writes its own words, is no earlier than anyone, and its
///   members joined the platform over years. And the test's fallback for a candidate that
///   is most of who could have acted (half the users suffice where over-representation
///   cannot be measured) would make a small crowd with a common idiom a group;
/// - its members must not be mostly established accounts (verified, widely followed):
///   outlets that run the same wire copy, or a media group's sister titles, share a
///   vocabulary in the open; campaigns that hide among ordinary posts do so with ordinary
///   accounts, which the pairs still test whatever their profiles;
/// - it must not be a language's community (`Speakers::community`), whose few speakers share
///   everyday phrases;
/// - it must act in parts (`diffuse`), which is why its pairs missed it, or post one
///   object in synchronised waves (`unjudged`), unless its accounts were made together: the
///   pair test weighs co-actions on distinct objects, never profiles.
///
/// A group a crowd proposed (`crowds`) need not act in parts nor be a small part of its
/// language, and its copies count where its over-representation could not be measured (it
/// is most of who posts in its language, as a farm can be): the pair bound, not its
/// evidence, kept its pairs from the test, and a language's speakers share everyday phrases
/// over days, not one specific text by the hundred within minutes.
pub fn stands(
    c: &Corpus,
    signals: &[Signal],
    cfg: &DetectConfig,
    speakers: &Speakers,
    (g, traits, crowd): (&Group, Traits, bool),
) -> bool {
    // A crowd's copies are measured by their number: the unmeasured fallback (members half
    // the users, where they are most of who could have acted) is not a small crowd's idiom
    // when each copy drew a crowd the pair bound cut short.
    let alpha = if crowd { 1.0 } else { cfg.group_alpha };
    // Accounts made together need not act in parts: the pair test weighs co-actions, never
    // profiles, so it has not judged that evidence.
    let made = made_together(c, &g.members, traits.creation);
    (made
        || (copied(g, signals, alpha) >= cfg.min_group_evidence || traits.timing >= EARLY)
            && (crowd || unjudged(c, g, traits.pace, cfg.min_group_evidence)))
        && may_stand(c, speakers, &g.members, crowd)
}

/// What the score says of a seeded group that `stands` reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct Traits {
    /// The score's timing part (`score::timing_part`).
    pub timing: f64,
    /// How much more clustered the members' creation dates are than all accounts'
    /// (`score::creation_clustering`).
    pub creation: f64,
    /// The members' pace, against which a wave is `synchronised`.
    pub pace: Pace,
}

/// How fast a set of accounts posts, and how finely the corpus's clock tells: what a wave of
/// theirs is measured against (`synchronised`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Pace {
    /// The median gap between two posts of one of them, ms (`median_gap_ms`); 0 when
    /// unknown, which makes no wave synchronised.
    pub gap_ms: f64,
    /// The clock's resolution, ms (`Corpus::clock_resolution_ms`): a wave in one tick of a
    /// coarse clock may have spanned all of it.
    pub clock_ms: i64,
}

/// Whether the members' profiles show accounts made together: at least half of them and
/// `MIN_DATED` dated, and the tightest half of those created in a span that holds at most
/// `1 − MADE_TOGETHER` of the accounts chance would put there (`creation` at least
/// `MADE_TOGETHER`). Operations register the accounts they run in batches, days apart; an
/// organic community (a hashtag chat, a small site's readers) joined over years. Monotone
/// in the clustering; without profiles it never holds.
pub fn made_together(c: &Corpus, members: &[u32], creation: f64) -> bool {
    let dated = members
        .iter()
        .filter(|&&m| {
            c.accounts
                .created_at
                .get(m as usize)
                .is_some_and(Option::is_some)
        })
        .count();
    creation >= MADE_TOGETHER && dated >= MIN_DATED && 2 * dated >= members.len()
}

/// Fewest dated members for `made_together`: the tightest half of fewer is too small a
/// sample (of uniform creation dates, about 19% of draws of 5 and 7.5% of 10 reach the bar
/// by chance; 2.7% of 15, 0.8% of 20).
pub const MIN_DATED: usize = 15;

/// The guards of `stands` that need no group test: members mostly not established, and
/// (unless a crowd proposed them) not a language's community. Checked on a seed before its
/// test, and on the group after it.
pub fn may_stand(c: &Corpus, speakers: &Speakers, members: &[u32], crowd: bool) -> bool {
    mean_established(c, members) < ESTABLISHED && (crowd || !speakers.community(members))
}

/// The evidence of the group's independent acts of copying: its actions on copied texts
/// and pictures (`signals[action.signal]` is a text or media signal) in which its
/// over-representation was measured (p-value at most `alpha`), each counted once per act
/// among these copies (`group::mark_independent`). A campaign tag on the same posts makes
/// the act no less a copy: a tag's episode that took the posts of a copy first (more
/// exclusive, or longer-lived than a near-duplicate's) leaves the copy counted here.
pub fn copied(g: &Group, signals: &[Signal], alpha: f64) -> f64 {
    let mut copies: Vec<GroupAction> = g
        .actions
        .iter()
        .filter(|a| a.p_value <= alpha)
        .filter(|a| {
            matches!(
                signals.get(a.signal),
                Some(Signal::TextNear | Signal::TextExact | Signal::Media)
            )
        })
        .cloned()
        .collect();
    mark_independent(&mut copies, signals);
    copies
        .iter()
        .filter(|a| a.independent)
        .map(GroupAction::evidence)
        .sum()
}

/// Fewest sites a seeded group that does not stand must keep to itself (`own_sites`) to be
/// listed as a lead. One site that only a few accounts link is a small outlet and its
/// staff, or a blog and its author's other accounts; a set of accounts that is most of the
/// audience of several sites, each linked by several of them, is those sites' distribution:
/// the sock accounts of a network of sites (mirror and echo sites of one operation, a
/// content farm's domains), or a newspaper chain's journalists and a webcomic's fans, whose
/// links look the same. Not a reason to report it: a lead for an analyst to check who runs
/// the sites.
pub const OWN_SITES: usize = 2;

/// The sites `g` keeps to itself: distinct registered domains among its authored actions
/// (`signals[action.signal]` is `Signal::Domain`; `events` per signal sorted by object and
/// time, as `CoactionGraph::events`) with an action in which its over-representation was
/// measured (p-value at most `alpha`: a group that is most of who links anything cannot
/// claim a public site), that at least `min_users` of its members linked, and of whose users
/// over the whole corpus its members are more than half (the private objects' bar, see
/// `private_objects`). A campaign links its own sites at no
/// particular moment, with new links each time, so it copies nothing and its pairs share
/// little; what it cannot hide is that nobody else links them. Monotone in evidence:
/// another member linking a site, or another site of its own, never lowers the count (an
/// outsider linking a site can).
///
/// Complexity: O(Σ uses) over the group's distinct domain objects.
pub fn own_sites(
    g: &Group,
    signals: &[Signal],
    events: &[Vec<Event>],
    (min_users, alpha): (usize, f64),
) -> usize {
    let mut sites: Vec<(usize, u32)> = g
        .actions
        .iter()
        .filter(|a| a.authored && a.p_value <= alpha)
        .filter(|a| signals.get(a.signal) == Some(&Signal::Domain))
        .map(|a| (a.signal, a.object))
        .collect();
    sites.sort_unstable();
    sites.dedup();
    let mut users: Vec<u32> = Vec::new();
    sites
        .iter()
        .filter(|&&(si, object)| {
            users.clear();
            let ev = events.get(si).map_or(&[][..], Vec::as_slice);
            let lo = ev.partition_point(|e| e.object < object);
            let hi = ev.partition_point(|e| e.object <= object);
            users.extend(ev[lo..hi].iter().map(|e| e.account));
            users.sort_unstable();
            users.dedup();
            let members = users
                .iter()
                .filter(|a| g.members.binary_search(a).is_ok())
                .count();
            members >= min_users && 2 * members > users.len()
        })
        .count()
}

/// Whether the group acts in parts: its independent actions hold on average less than half
/// of its members. Only then do its pairs lack the power to find it (a pair shares a small
/// part of the group's actions); where most members are in every action, every pair holds
/// the group's evidence, and the pair test has already judged it.
pub fn diffuse(g: &Group) -> bool {
    let (mut sum, mut n) = (0.0, 0usize);
    for a in g.actions.iter().filter(|a| a.independent) {
        sum += f64::from(a.members);
        n += 1;
    }
    n > 0 && 2.0 * sum < (n * g.members.len()) as f64
}

/// Whether the pair test could not have judged the group's evidence: it acts in parts
/// (`diffuse`), or it posts one object in synchronised waves (`synchronised`) worth
/// `min_evidence` independent actions. A pair's acts are distinct objects (`graph::acts`), so
/// a farm posting one slogan wave after wave gives each pair one act, however many waves;
/// two accounts repeating a phrase are no evidence, but the same accounts posting it all
/// within moments, again and again, are the group's, which only the group test weighs.
/// Another synchronised wave never takes it away; another action that holds most of the
/// members can (the group acts less in parts: its pairs then hold more of its evidence).
pub fn unjudged(c: &Corpus, g: &Group, pace: Pace, min_evidence: f64) -> bool {
    if diffuse(g) {
        return true;
    }
    // The members' own posts (in time order) make the wave: an outsider echoing it later
    // does not widen it.
    let time = |p: Option<&u32>| p.and_then(|&p| c.time.get(p as usize)).copied();
    let span =
        |a: &GroupAction| time(a.posts.last()).unwrap_or(0) - time(a.posts.first()).unwrap_or(0);
    let mut waves: Vec<((usize, u32), f64)> = g
        .actions
        .iter()
        .filter(|a| a.independent && synchronised(span(a), pace))
        .map(|a| ((a.signal, a.object), a.evidence()))
        .collect();
    waves.sort_by_key(|x| x.0);
    waves
        .chunk_by(|x, y| x.0 == y.0)
        .any(|run| run.iter().map(|w| w.1).sum::<f64>() >= min_evidence)
}

/// How many times shorter than its accounts' median gap between two of their own posts a
/// wave spans when it is synchronised. A schedule fires every account of a farm within a
/// minute or two, hundreds to thousands of times faster than any one of them posts; people
/// who post daily and post the same words around a recurring moment (a prayer time, a
/// kick-off) do so over tens of minutes to hours, a few to a few tens of times their usual
/// pace. The gap is measured in the corpus: accounts that post little else in it (a keyword
/// dump holds a sliver of each account) look quiet, and their waves of an hour or two can
/// pass.
pub const SYNC: f64 = 100.0;

/// Whether a wave spanning `span_ms` (at least a second, and at least one tick of the clock:
/// on a clock of days every wave may have spanned the day) is synchronised for accounts of
/// `pace`: `SYNC` times shorter than their gap between posts or more. Monotone: a tighter
/// wave, or quieter accounts, only make it so.
pub fn synchronised(span_ms: i64, pace: Pace) -> bool {
    SYNC * span_ms.max(pace.clock_ms).max(1_000) as f64 <= pace.gap_ms
}

/// The median gap between two posts of one of `accounts` (distinct), ms: the corpus's span
/// over their median number of posts (the larger middle one of an even count). A median, so
/// that a few prolific members (a farm's amplifiers) do not make the rest look busy.
pub fn median_gap_ms(f: &Features, accounts: &[u32], corpus_ms: i64) -> f64 {
    let mut posts: Vec<u32> = accounts
        .iter()
        .map(|&a| f.accounts.get(a as usize).map_or(0, |x| x.posts))
        .collect();
    posts.sort_unstable();
    let median = posts.get(posts.len() / 2).copied().unwrap_or(0);
    corpus_ms as f64 / f64::from(median.max(1))
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
        // Accounts whose posts carry no language are no community: any account could be
        // among them (as `group::Languages::pool` counts them).
        if run[0] == NONE {
            return false;
        }
        let all = self.count.get(&run[0]).copied().unwrap_or(0).max(1);
        run.len() as f64 >= COMMUNITY_SHARE * f64::from(all)
    }
}

/// The share of a language's accounts from which a group is that language's community.
pub const COMMUNITY_SHARE: f64 = 0.25;

/// Member lists (sorted, distinct) of the private, recurring objects of `g`: per authored
/// object of at most `MAX_USERS` users, its regulars (`regulars`), where they are at least
/// `min_size` and half of its users.
pub fn private_objects(
    f: &Features,
    g: &CoactionGraph,
    min_size: usize,
    min_episodes: usize,
    min_actions: u32,
) -> Vec<Vec<u32>> {
    let mut seeds: BTreeSet<Vec<u32>> = BTreeSet::new();
    let mut users: Vec<u32> = Vec::new();
    for (si, &s) in g.signals.iter().enumerate() {
        if !s.authored() {
            continue;
        }
        for run in g.events[si].chunk_by(|x, y| x.object == y.object) {
            if run.len() < min_episodes * EPISODE_USERS {
                continue;
            }
            users.clear();
            users.extend(run.iter().map(|e| e.account));
            users.sort_unstable();
            users.dedup();
            let k = users.len();
            if k < min_size || k > MAX_USERS {
                continue;
            }
            let window = object_rule(g.windows[si], s, f, run[0].object).for_users(k);
            if let Some(r) = regulars(run, window, min_episodes, min_actions) {
                if r.len() >= min_size && 2 * r.len() >= k {
                    seeds.insert(r);
                }
            }
        }
    }
    seeds.into_iter().collect()
}

/// Member lists (sorted, distinct) of the accounts that keep forming crowds on copies: the
/// regulars of crowds the pair bound cut short.
///
/// A farm of a thousand accounts posting one text within two minutes, again and again with
/// other texts, meets only some of itself in each crowd (`coaction` pairs each use with its
/// `max_neighbors` next ones), so few of its pairs repeat enough for the pair test, and each
/// text is used once, so it has no private object either. What it cannot hide is that the
/// same accounts make up crowd after crowd. A crowd here is a stretch of a specific copied
/// text (`SPECIFIC_TEXT_BYTES` or longer) or picture with more uses in one window than the
/// bound (`coaction::crowded_stretches`), on a clock finer than the object's window, and
/// not mostly the posts of a crowd already taken (a text's crowd and its picture's are one
/// act). A crowd proposes its regulars: the accounts in two or more of the crowds of other
/// acts (another copy, or the same one in another of its episodes, uses further apart than
/// its window as in `episodes`, where both are synchronised waves: `synchronised`, against
/// the crowd's accounts' `median_gap_ms` over the corpus's span `corpus_ms`) that are mostly
/// the same accounts as it (each at least half the other), itself included, when there are
/// `min_crowds` such acts and the regulars are at least `min_size` and half of its accounts.
/// A farm posting one slogan wave after wave makes a crowd of it each time, as one posting
/// new texts does; a community posting the same greeting every Friday, over hours, does not.
/// A crowd that forms once (a copypasta that strangers pass on) is mostly the same accounts
/// as no other crowd, and a large crowd holding small ones (a viral text whose sharers also
/// pass on smaller ones) is not mostly any of them; two crowds of one episode (a burst that
/// thins and swells again) are one act, and a copy's crowds that are not synchronised waves
/// are one act with its first wave: a copy makes as many acts as its episodes with a
/// synchronised wave, one at least.
///
/// Not monotone: crowds are taken largest first, and one mostly of accounts an earlier seed
/// holds is skipped before that seed is tested; a lump that fails (a farm inside viral
/// crowds of established fans, each crowd half farm) can keep the farm's own crowds from
/// proposing it. The farm's pairs and vocabulary still test it.
///
/// Complexity: O(E) over the copy signals' events to find the crowds, and O(k log k) per
/// crowd of k uses to tell a wave (its accounts' median pace), then, per crowd that
/// no seed found before it mostly holds, O(Σ d) over its accounts' numbers d of crowds (at
/// most `CROWDS_PER_ACCOUNT`) to count overlaps: at most O(Σ d²) over all accounts, and one
/// count for all the crowds of one farm.
pub fn crowds(
    f: &Features,
    g: &CoactionGraph,
    (clock_ms, corpus_ms): (i64, i64),
    (min_size, min_crowds): (usize, usize),
) -> Vec<Vec<u32>> {
    let mut accounts: Vec<u32> = Vec::new();
    let mut crowds = Acts::default();
    for (si, &s) in g.signals.iter().enumerate() {
        for run in g.events[si].chunk_by(|x, y| x.object == y.object) {
            if run.len() <= g.bounds.max_neighbors + 1 || !specific_copy(f, s, run[0].object) {
                continue;
            }
            let k = distinct_accounts(run);
            let window = object_rule(g.windows[si], s, f, run[0].object).for_users(k);
            // A clock as coarse as the window makes every use of its unit simultaneous.
            if window <= clock_ms {
                continue;
            }
            // Each crowd's episode: the uses before it further apart than the window.
            let (mut episode, mut next) = (0u32, 0usize);
            // Each crowd, with its episode where it is a synchronised wave.
            let mut waves: Vec<(&[Event], Option<u32>)> = Vec::new();
            for stretch in crowded_stretches(run, window, g.bounds.max_neighbors) {
                while next + 1 < run.len() && run[next + 1].time <= stretch[0].time {
                    if run[next + 1].time - run[next].time > window {
                        episode += 1;
                    }
                    next += 1;
                }
                accounts.clear();
                accounts.extend(stretch.iter().map(|e| e.account));
                accounts.sort_unstable();
                accounts.dedup();
                let span = stretch[stretch.len() - 1].time - stretch[0].time;
                let pace = Pace {
                    gap_ms: median_gap_ms(f, &accounts, corpus_ms),
                    clock_ms,
                };
                waves.push((stretch, synchronised(span, pace).then_some(episode)));
            }
            let episodes = wave_acts(waves.iter().map(|w| w.1));
            for ((stretch, _), episode) in waves.into_iter().zip(episodes) {
                // Its regulars could not be half of it and at most `MAX_USERS`.
                let act = (si, run[0].object, episode);
                crowds.take(act, stretch, 1..=2 * MAX_USERS);
            }
        }
    }
    crowd_regulars(&crowds.list, min_size, min_crowds, (2, CROWDS_PER_ACCOUNT))
}

/// The act number of each of one copy's crowds, given in time order with their episode
/// where they are a synchronised wave: that episode, and for the others the first wave's
/// (or 0). A copy makes as many acts as its episodes with a synchronised wave, one at least:
/// crowds that are not waves add none, wherever they fall.
fn wave_acts(waves: impl Iterator<Item = Option<u32>> + Clone) -> Vec<u32> {
    let first = waves.clone().flatten().next().unwrap_or(0);
    waves.map(|w| w.unwrap_or(first)).collect()
}

/// The acts `crowds` and `rotations` take: each an object's episode, as (signal, object,
/// episode), and its accounts, ascending.
#[derive(Default)]
struct Acts {
    list: Vec<(Act, Vec<u32>)>,
    /// The posts of the acts taken: a text's crowd and its picture's are one act.
    claimed: std::collections::HashSet<u32>,
}

impl Acts {
    /// Takes the uses `ep` of `object` as an act when their distinct accounts are `users`
    /// many and they are not mostly the posts of an act already taken.
    fn take(&mut self, object: Act, ep: &[Event], users: RangeInclusive<usize>) {
        let fresh = ep
            .iter()
            .filter(|e| !self.claimed.contains(&e.post))
            .count();
        if 2 * fresh < ep.len() {
            return;
        }
        let mut accounts: Vec<u32> = ep.iter().map(|e| e.account).collect();
        accounts.sort_unstable();
        accounts.dedup();
        if !users.contains(&accounts.len()) {
            return;
        }
        self.claimed.extend(ep.iter().map(|e| e.post));
        self.list.push((object, accounts));
    }
}

/// Member lists (sorted, distinct) of the accounts a campaign rotates through its pushes:
/// the regulars of small joint copies.
///
/// An operation that hides its accounts among ordinary posts pushes each new item (a text,
/// a picture, a link, all new) through a different part of the accounts it runs, within
/// minutes to an hour, and never uses the item again: each pair of its accounts meets in
/// one or two pushes (too few for the pair test), and no object recurs (no private
/// vocabulary). What it cannot hide is that the same pool makes up push after push. A
/// joint copy here is an episode of a specific copied text (`SPECIFIC_TEXT_BYTES` or
/// longer) or picture (a link alone is not one): its uses cut by the object's own window as
/// in `episodes`, of `EPISODE_USERS` accounts or more and at most the pair bound's (larger
/// ones are left to `crowds`, where the bound cut pairs), on a clock finer than the window,
/// and not mostly the posts of a joint copy already taken (a text's episode and its
/// picture's are one act). A joint copy proposes
/// the accounts in two or more of itself and the joint copies of other objects it shares
/// two or more accounts with, each at least a quarter of the other (a push by a quarter
/// of the pool or more), when these are `min_acts` objects or more and the accounts are at
/// least `min_size` and half of its own. Strangers passing a copypasta on meet in one act,
/// and two prolific copiers in a large viral episode are not a quarter of it.
///
/// Not monotone, as `crowds`: joint copies are taken largest first, and one mostly of
/// accounts an earlier seed holds is skipped. The group test and `stands` judge each seed
/// as a private object's.
///
/// Complexity: O(E) over the copy signals' events; then, per joint copy not mostly held by
/// an earlier seed, O(Σ d) over its accounts' numbers d of joint copies, each at most
/// `ACTS_PER_ACCOUNT`: at most 65 · 64 steps per joint copy.
pub fn rotations(
    f: &Features,
    g: &CoactionGraph,
    clock_ms: i64,
    (min_size, min_acts): (usize, usize),
) -> Vec<Vec<u32>> {
    let mut acts = Acts::default();
    let most = g.bounds.max_neighbors + 1;
    for (si, &s) in g.signals.iter().enumerate() {
        for run in g.events[si].chunk_by(|x, y| x.object == y.object) {
            if run.len() < EPISODE_USERS || !specific_copy(f, s, run[0].object) {
                continue;
            }
            let k = distinct_accounts(run);
            if k < EPISODE_USERS {
                continue;
            }
            let window = object_rule(g.windows[si], s, f, run[0].object).for_users(k);
            if window <= clock_ms {
                continue;
            }
            for ep in run.chunk_by(|x, y| y.time - x.time <= window) {
                if ep.len() >= EPISODE_USERS {
                    acts.take((si, run[0].object, 0), ep, EPISODE_USERS..=most);
                }
            }
        }
    }
    crowd_regulars(&acts.list, min_size, min_acts, (4, ACTS_PER_ACCOUNT))
}

/// An act of `crowds` and `rotations`: an object's episode, as (signal number, object,
/// episode number among the object's episodes).
pub type Act = (usize, u32, u32);

/// The joint copies through which one account's overlaps are counted in `rotations` (its
/// first ones, in signal and object order). An account in more single pushes than this
/// meets each account of its pool in enough of them for the pair test; two prolific
/// copiers in a million small episodes would otherwise make each episode's count walk
/// their thousand.
const ACTS_PER_ACCOUNT: usize = 64;

/// The seeds of `crowds` and `rotations` (each an `Act` and its accounts, ascending): per
/// crowd, the accounts in two or more of itself and the crowds of other acts that share two
/// or more accounts with it, each at least `1/share` of the other (a half for crowds:
/// mostly the same accounts), when these crowds are of `min_crowds` acts or more and the
/// accounts are at least `min_size` and half of the crowd's own. Overlaps are counted
/// through each account's first `per_account` crowds.
pub fn crowd_regulars(
    crowds: &[(Act, Vec<u32>)],
    min_size: usize,
    min_crowds: usize,
    (share, per_account): (usize, usize),
) -> Vec<Vec<u32>> {
    let n = crowds
        .iter()
        .flat_map(|(_, users)| users.last())
        .max()
        .map_or(0, |&a| a as usize + 1);
    let mut of_account: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (ci, (_, users)) in crowds.iter().enumerate() {
        for &a in users {
            let of = &mut of_account[a as usize];
            if of.len() < per_account {
                of.push(ci as u32);
            }
        }
    }
    // Largest crowds first; a crowd mostly of accounts an earlier seed holds proposes that
    // seed again, and is skipped (a farm's thousand crowds cost one count, not a thousand).
    let mut order: Vec<usize> = (0..crowds.len()).collect();
    order.sort_by(|&x, &y| crowds[y].1.len().cmp(&crowds[x].1.len()).then(x.cmp(&y)));
    let mut held = vec![false; n];
    let mut shared = vec![0u32; crowds.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut seeds: BTreeSet<Vec<u32>> = BTreeSet::new();
    for ci in order {
        let (object, users) = &crowds[ci];
        if 2 * users.iter().filter(|&&a| held[a as usize]).count() >= users.len() {
            continue;
        }
        for &cj in touched.iter() {
            shared[cj] = 0;
        }
        touched.clear();
        for &a in users {
            for &cj in &of_account[a as usize] {
                let cj = cj as usize;
                if shared[cj] == 0 {
                    touched.push(cj);
                }
                shared[cj] += 1;
            }
        }
        // The crowds of other acts that are mostly the same accounts as this one (each at
        // least half the other), and itself.
        let same: Vec<usize> = touched
            .iter()
            .copied()
            .filter(|&cj| {
                let n = shared[cj] as usize;
                cj == ci
                    || (crowds[cj].0 != *object
                        && n >= 2
                        && share * n >= crowds[cj].1.len()
                        && share * n >= users.len())
            })
            .collect();
        let objects: BTreeSet<Act> = same.iter().map(|&cj| crowds[cj].0).collect();
        if objects.len() < min_crowds {
            continue;
        }
        let mut seen: Vec<u32> = same
            .iter()
            .flat_map(|&cj| crowds[cj].1.iter().copied())
            .collect();
        seen.sort_unstable();
        let regulars: Vec<u32> = seen
            .chunk_by(|x, y| x == y)
            .filter(|run| run.len() >= 2)
            .map(|run| run[0])
            .collect();
        if regulars.len() >= min_size
            && 2 * regulars.len() >= users.len()
            && regulars.len() <= MAX_USERS
        {
            for &a in &regulars {
                held[a as usize] = true;
            }
            seeds.insert(regulars);
        }
    }
    seeds.into_iter().collect()
}

/// The crowds through which one account's overlaps are counted (its first ones, in signal
/// and object order): a farm account is in a few to a few hundred; an account in thousands
/// would make counting quadratic, and its first thousand already show whom it crowds with.
const CROWDS_PER_ACCOUNT: usize = 1024;

/// Whether `object` of signal `s` is a specific copy: a text of `SPECIFIC_TEXT_BYTES` or
/// more (near-duplicate or exact), or a picture.
fn specific_copy(f: &Features, s: Signal, object: u32) -> bool {
    match s {
        Signal::TextNear | Signal::TextExact => {
            f.texts.resolve(object).len() >= SPECIFIC_TEXT_BYTES
        }
        Signal::Media => true,
        _ => false,
    }
}

/// The regulars of one object's uses `run` (events in time order): the accounts in at least
/// `min_actions` of its crowded episodes (three users or more; uses further apart than
/// `window_ms` start a new episode, as in `episodes`), ascending; `None` when it has fewer
/// than `min_episodes` crowded episodes.
pub fn regulars(
    run: &[Event],
    window_ms: i64,
    min_episodes: usize,
    min_actions: u32,
) -> Option<Vec<u32>> {
    let mut seen: Vec<(u32, usize)> = Vec::new();
    let mut accounts: Vec<u32> = Vec::new();
    let mut crowded = 0;
    for (no, ep) in run
        .chunk_by(|x, y| y.time - x.time <= window_ms)
        .enumerate()
    {
        accounts.clear();
        accounts.extend(ep.iter().map(|e| e.account));
        accounts.sort_unstable();
        accounts.dedup();
        if accounts.len() >= EPISODE_USERS {
            crowded += 1;
            seen.extend(accounts.iter().map(|&a| (a, no)));
        }
    }
    if crowded < min_episodes {
        return None;
    }
    seen.sort_unstable();
    Some(
        seen.chunk_by(|x, y| x.0 == y.0)
            .filter(|eps| eps.len() as u32 >= min_actions)
            .map(|eps| eps[0].0)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::GroupAction;

    const HOUR: i64 = 3_600_000;
    const DAY: i64 = 24 * HOUR;

    fn ev(time: i64, account: u32) -> Event {
        Event {
            object: 0,
            time,
            account,
            post: 0,
        }
    }

    /// A campaign tag: 12 accounts, six pushes a day apart, each by 5 of them within an
    /// hour, nobody else.
    fn campaign_tag() -> Vec<Event> {
        let mut run = Vec::new();
        for push in 0..6i64 {
            for k in 0..5i64 {
                let account = ((push * 5 + k) % 12) as u32;
                run.push(ev(push * DAY + k * 10 * 60_000, account));
            }
        }
        run
    }

    #[test]
    fn a_campaign_tag_has_regulars() {
        let run = campaign_tag();
        let r = regulars(&run, 2 * HOUR, 3, 2).expect("six crowded episodes");
        // 30 uses over 12 accounts: each account takes part in two or three pushes.
        assert_eq!(r, (0..12).collect::<Vec<u32>>());
    }

    #[test]
    fn a_public_tag_has_crowds_but_no_regulars() {
        // Six bursts of 5 users each, every user a different account.
        let run: Vec<Event> = (0..30i64)
            .map(|i| ev((i / 5) * DAY + (i % 5) * 60_000, i as u32))
            .collect();
        assert_eq!(regulars(&run, 2 * HOUR, 3, 2), Some(Vec::new()));
    }

    #[test]
    fn too_few_crowded_episodes_is_no_seed_and_more_pushes_make_one() {
        let run = campaign_tag();
        // The first two pushes only: two crowded episodes.
        assert_eq!(regulars(&run[..10], 2 * HOUR, 3, 2), None);
        // Monotone: the same pushes and one more make the seed.
        assert!(regulars(&run[..15], 2 * HOUR, 3, 2).is_some());
        // Uses of two or fewer accounts are not a group acting.
        let pairs: Vec<Event> = (0..12i64).map(|i| ev(i * DAY, (i % 2) as u32)).collect();
        assert_eq!(regulars(&pairs, 2 * HOUR, 3, 2), None);
    }

    fn group(size: u32, members_per_action: &[u32]) -> Group {
        let actions = members_per_action
            .iter()
            .zip(0..)
            .map(|(&m, object)| GroupAction {
                independent: true,
                object,
                ..GroupAction::for_test(0, Vec::new(), m, m)
            })
            .collect();
        Group {
            members: (0..size).collect(),
            actions,
            evidence: members_per_action.len() as f64,
        }
    }

    #[test]
    fn a_shared_tag_alone_does_not_carry_a_seeded_group() {
        let signals = [Signal::Hashtags, Signal::TextNear, Signal::Media];
        // A weekly chat: five pushes on its tag, nothing copied.
        let chat = group(30, &[6, 8, 10, 7, 9]);
        assert_eq!(copied(&chat, &signals, 1e-4), 0.0);
        // A campaign: the same pushes on copied texts and pictures.
        let mut campaign = group(30, &[6, 8, 10, 7, 9]);
        for (i, a) in campaign.actions.iter_mut().enumerate() {
            a.signal = 1 + i % 2;
        }
        assert_eq!(copied(&campaign, &signals, 1e-4), 5.0);
        // Monotone: another copied action adds; one not measured (p 1) adds nothing.
        campaign.actions[0].p_value = 1.0;
        assert_eq!(copied(&campaign, &signals, 1e-4), 4.0);
    }

    #[test]
    fn a_tag_on_the_same_posts_leaves_the_copies_counted() {
        let signals = [Signal::Hashtags, Signal::TextNear];
        // Three claims, each copied by 6 members (posts 10k..10k + 6), every post also
        // tagged: the tag's episodes, more exclusive, took the posts first in the group
        // test, so the copies are not independent there.
        let mut g = group(20, &[6, 6, 6, 6, 6, 6]);
        for (i, a) in g.actions.iter_mut().enumerate() {
            let claim = (i % 3) as u32;
            a.signal = usize::from(i >= 3);
            a.posts = (10 * claim..10 * claim + 6).collect();
            a.independent = i < 3;
        }
        assert_eq!(copied(&g, &signals, 1e-4), 3.0);
        // Two copies of one act's posts count once.
        g.actions[4].posts = g.actions[3].posts.clone();
        assert_eq!(copied(&g, &signals, 1e-4), 2.0);
    }

    #[test]
    fn a_seeded_group_stands_on_copies_or_earliness_with_ordinary_accounts() {
        let cfg = DetectConfig::default();
        let mut c = Corpus::default();
        c.accounts.resize(30);
        let main = vec![NONE; 30];
        let speakers = Speakers::new(&main, std::iter::repeat_n(5, 30));
        let signals = [Signal::Hashtags, Signal::TextNear];
        // A chat: pushes on a tag, nobody early.
        let chat = group(30, &[6, 8, 10, 7, 9]);
        let early = Traits {
            timing: EARLY,
            ..Traits::default()
        };
        assert!(!stands(
            &c,
            &signals,
            &cfg,
            &speakers,
            (&chat, Traits::default(), false)
        ));
        // The same group first on others' objects, post after post (a ring ahead of an
        // outlet's readers), stands without copies.
        assert!(stands(&c, &signals, &cfg, &speakers, (&chat, early, false)));
        // Copies stand without earliness.
        let mut campaign = group(30, &[6, 8, 10, 7, 9]);
        for a in &mut campaign.actions {
            a.signal = 1;
        }
        assert!(stands(
            &c,
            &signals,
            &cfg,
            &speakers,
            (&campaign, Traits::default(), false)
        ));
        // Verified accounts running the same copy do not.
        c.accounts.verified = vec![Some(true); 30];
        assert!(!stands(
            &c,
            &signals,
            &cfg,
            &speakers,
            (&campaign, Traits::default(), false)
        ));
    }

    /// Events of one signal: `(object, account)` uses, an hour apart, sorted by object and
    /// time as the graph holds them.
    fn uses(list: &[(u32, u32)]) -> Vec<Event> {
        let mut ev: Vec<Event> = list
            .iter()
            .zip(0i64..)
            .map(|(&(object, account), i)| Event {
                object,
                time: i * HOUR,
                account,
                post: i as u32,
            })
            .collect();
        ev.sort_by_key(|e| (e.object, e.time));
        ev
    }

    /// A group of `size` accounts with one action per object of `objects` on signal 0.
    fn on_objects(size: u32, objects: &[u32]) -> Group {
        let mut g = group(size, &vec![3; objects.len()]);
        for (a, &o) in g.actions.iter_mut().zip(objects) {
            a.object = o;
        }
        g
    }

    #[test]
    fn sites_only_a_group_links_are_its_own() {
        let signals = [Signal::Domain];
        // Ten accounts (0..10); sites 1 and 2 linked by six and five of them and one
        // outsider each; site 3 by three of them and a crowd of outsiders (100..110).
        let mut list: Vec<(u32, u32)> = Vec::new();
        list.extend((0..6).map(|a| (1, a)));
        list.push((1, 50));
        list.extend((4..9).map(|a| (2, a)));
        list.push((2, 51));
        list.extend((0..3).map(|a| (3, a)));
        list.extend((100..110).map(|a| (3, a)));
        let events = vec![uses(&list)];
        let g = on_objects(10, &[1, 2, 3]);
        assert_eq!(own_sites(&g, &signals, &events, (3, 1e-4)), 2);
        // Each site counts once, however many of the group's actions are on it.
        let twice = on_objects(10, &[1, 1, 2, 2, 3]);
        assert_eq!(own_sites(&twice, &signals, &events, (3, 1e-4)), 2);
        // A site fewer than `min_users` members linked is not the group's.
        assert_eq!(own_sites(&g, &signals, &events, (6, 1e-4)), 1);
        // Monotone: another member linking site 3 adds nothing until members are most of
        // its users; then it is the group's too.
        let mut more = list.clone();
        more.extend((3..10).map(|a| (3, a)));
        more.extend((10..12).map(|a| (3, a)));
        let bigger = on_objects(12, &[1, 2, 3]);
        assert_eq!(own_sites(&bigger, &signals, &[uses(&more)], (3, 1e-4)), 3);
        // Hashtags are not sites, nor are reshared links (not authored).
        assert_eq!(own_sites(&g, &[Signal::Hashtags], &events, (3, 1e-4)), 0);
        let mut carried = g.clone();
        for a in &mut carried.actions {
            a.authored = false;
        }
        assert_eq!(own_sites(&carried, &signals, &events, (3, 1e-4)), 0);
        // Nor are sites where its over-representation could not be measured: a group that
        // is most of who links anything is most of a public site's users too.
        let mut unmeasured = g.clone();
        for a in &mut unmeasured.actions {
            a.p_value = 1.0;
        }
        assert_eq!(own_sites(&unmeasured, &signals, &events, (3, 1e-4)), 0);
    }

    #[test]
    fn sites_of_its_own_do_not_carry_a_seeded_group() {
        let cfg = DetectConfig::default();
        let mut c = Corpus::default();
        c.accounts.resize(30);
        let main = vec![NONE; 30];
        let speakers = Speakers::new(&main, std::iter::repeat_n(5, 30));
        let signals = [Signal::Domain];
        // Thirty aged accounts linking sites only they link, at no particular moment, in
        // parts: nothing copied, nobody early, not made together. A newspaper chain's
        // journalists look the same: it does not stand (`detect::seeded` lists it as a
        // lead when it keeps `OWN_SITES` sites).
        let sites = group(30, &[6, 8, 10, 7, 9]);
        assert!(!stands(
            &c,
            &signals,
            &cfg,
            &speakers,
            (&sites, Traits::default(), false)
        ));
    }

    #[test]
    fn a_seeded_group_of_accounts_made_together_stands_on_its_own_objects() {
        let cfg = DetectConfig::default();
        let mut c = Corpus::default();
        c.accounts.resize(300);
        let main = vec![NONE; 300];
        let speakers = Speakers::new(&main, std::iter::repeat_n(5, 300));
        let signals = [Signal::Domain];
        // Thirty accounts linking a site only they use, in parts, at no particular moment:
        // nothing copied, nobody early.
        let site = group(30, &[6, 8, 10, 7, 9]);
        let day = 86_400_000i64;
        let creation = |c: &Corpus| {
            let mut members: Vec<i64> = c.accounts.created_at[..30]
                .iter()
                .flatten()
                .copied()
                .collect();
            let mut all: Vec<i64> = c.accounts.created_at.iter().flatten().copied().collect();
            members.sort_unstable();
            all.sort_unstable();
            Traits {
                creation: crate::detect::score::creation_clustering(&members, &all),
                ..Traits::default()
            }
        };
        // The other 270 accounts joined one a day; the thirty within one week: registered
        // in a batch, they stand.
        c.accounts.created_at = (0..300)
            .map(|i| {
                Some(if i < 30 {
                    100 * day + i * day / 4
                } else {
                    i * day
                })
            })
            .collect();
        let batch = creation(&c);
        assert!(batch.creation >= MADE_TOGETHER, "{batch:?}");
        assert!(stands(&c, &signals, &cfg, &speakers, (&site, batch, false)));
        // Acting all together, too: the pairs never weighed their profiles.
        let all_hands = group(30, &[20, 25, 22]);
        assert!(!diffuse(&all_hands));
        assert!(stands(
            &c,
            &signals,
            &cfg,
            &speakers,
            (&all_hands, batch, false)
        ));
        // A small site's readers, who joined over the years as everyone did, do not.
        c.accounts.created_at = (0..300).map(|i| Some(((i * 37) % 300) * day)).collect();
        let spread = creation(&c);
        assert!(spread.creation < MADE_TOGETHER, "{spread:?}");
        assert!(!stands(
            &c,
            &signals,
            &cfg,
            &speakers,
            (&site, spread, false)
        ));
        // Nor a batch of ten dated members among thirty: most of them say nothing.
        c.accounts.created_at = (0..300)
            .map(|i| match i {
                0..10 => Some(100 * day + i * day / 4),
                10..30 => None,
                _ => Some(i * day),
            })
            .collect();
        let few = creation(&c);
        assert!(few.creation >= MADE_TOGETHER, "{few:?}");
        assert!(!stands(&c, &signals, &cfg, &speakers, (&site, few, false)));
        // Nor fourteen dated members, however clustered: too small a sample to tell a
        // batch from chance. Fifteen, and half the group, are enough; fewer than half not.
        c.accounts.created_at = vec![Some(100 * day); 300];
        let members: Vec<u32> = (0..30).collect();
        assert!(!made_together(&c, &members[..14], 1.0));
        assert!(made_together(&c, &members[..15], 1.0));
        c.accounts.created_at[15..30].fill(None);
        assert!(made_together(&c, &members, 1.0));
        c.accounts.created_at[14] = None;
        assert!(!made_together(&c, &members, 1.0));
    }

    #[test]
    fn a_farm_a_crowd_proposed_stands_acting_all_together() {
        let cfg = DetectConfig::default();
        let mut c = Corpus::default();
        c.accounts.resize(300);
        // All of them speak the one language of the corpus.
        let main = vec![1; 300];
        let speakers = Speakers::new(&main, std::iter::repeat_n(5, 300));
        let signals = [Signal::TextNear];
        // 300 accounts, every wave of copies by 240-300 of them, most of who posts: the
        // over-representation could not be measured (p 1).
        let mut farm = group(300, &[300, 260, 240, 280]);
        for a in &mut farm.actions {
            a.signal = 0;
            a.p_value = 1.0;
        }
        assert!(!diffuse(&farm));
        // Proposed by a private object, it would not stand (its pairs judged it, and it is
        // its language's community); proposed by its crowds, it does.
        assert!(!stands(
            &c,
            &signals,
            &cfg,
            &speakers,
            (&farm, Traits::default(), false)
        ));
        assert!(stands(
            &c,
            &signals,
            &cfg,
            &speakers,
            (&farm, Traits::default(), true)
        ));
        // Not with two waves of copies, nor as a media group's verified accounts.
        let mut two = farm.clone();
        two.actions.truncate(2);
        assert!(!stands(
            &c,
            &signals,
            &cfg,
            &speakers,
            (&two, Traits::default(), true)
        ));
        c.accounts.verified = vec![Some(true); 300];
        assert!(!stands(
            &c,
            &signals,
            &cfg,
            &speakers,
            (&farm, Traits::default(), true)
        ));
    }

    #[test]
    fn only_a_group_its_pairs_could_not_judge_needs_a_seed() {
        const MIN: f64 = 3.0;
        let day = 86_400_000i64;
        let daily = Pace {
            gap_ms: day as f64,
            clock_ms: 1_000,
        };
        let mut c = Corpus::default();
        // 30 members, each push by 6-10 of them: pairs share few actions.
        assert!(diffuse(&group(30, &[6, 8, 10, 7, 9])));
        assert!(unjudged(
            &c,
            &group(30, &[6, 8, 10, 7, 9]),
            Pace::default(),
            MIN
        ));
        // Five sister titles all posting every headline: each pair holds all of it.
        let sisters = group(5, &[5, 5, 4, 5]);
        assert!(!diffuse(&sisters));
        assert!(!unjudged(&c, &sisters, daily, MIN));
        assert!(!unjudged(&c, &group(5, &[]), daily, MIN));
        // Forty accounts, each posting once a day, all posting one slogan within a minute,
        // eight times two days apart (posts 40k..40k+40, a second and a half apart): a
        // pair's acts are distinct objects, so each pair holds one act, however many waves.
        // `spread`: how long each wave takes, ms.
        let waves = |c: &mut Corpus, spread: i64| {
            c.time = (0..320i64)
                .map(|p| (p / 40) * 2 * day + (p % 40) * spread / 40)
                .collect();
            let mut g = group(40, &[40; 8]);
            for (k, a) in g.actions.iter_mut().enumerate() {
                a.object = 7;
                a.posts = (40 * k as u32..40 * k as u32 + 40).collect();
                // An outsider echoed it hours later: the members' posts make the wave.
                a.first_ms = c.time[40 * k];
                a.last_ms = a.first_ms + 5 * 3_600_000;
            }
            g
        };
        let slogan = waves(&mut c, 60_000);
        assert!(!diffuse(&slogan));
        assert!(unjudged(&c, &slogan, daily, MIN));
        // Accounts that post every ten minutes: a minute's wave is no schedule.
        let busy = Pace {
            gap_ms: 600_000.0,
            ..daily
        };
        assert!(!unjudged(&c, &slogan, busy, MIN));
        // Nor a minute on a clock of hours: the wave may have taken the hour.
        let hourly = Pace {
            clock_ms: 3_600_000,
            ..daily
        };
        assert!(!unjudged(&c, &slogan, hourly, MIN));
        // The same accounts posting it over three hours each time, as a community posts a
        // Friday greeting: a few times their usual pace, no schedule.
        let greeting = waves(&mut c, 3 * 3_600_000);
        assert!(!unjudged(&c, &greeting, daily, MIN));
        // Monotone: another action, on another object or not synchronised, keeps it; two
        // synchronised waves are too few.
        let mut c_slogan = Corpus::default();
        waves(&mut c_slogan, 60_000);
        let mut more = slogan.clone();
        more.actions.push(GroupAction {
            object: 8,
            ..greeting.actions[0].clone()
        });
        assert!(unjudged(&c_slogan, &more, daily, MIN));
        let mut mixed = Corpus {
            time: (0..320i64)
                .map(|p| {
                    let spread = if p < 80 { 60_000 } else { 3 * 3_600_000 };
                    (p / 40) * 2 * day + (p % 40) * spread / 40
                })
                .collect(),
            ..Corpus::default()
        };
        assert!(!unjudged(&mixed, &slogan, daily, MIN));
        mixed.time[80..120]
            .iter_mut()
            .enumerate()
            .for_each(|(i, t)| *t = 4 * day + i as i64 * 1_500);
        assert!(unjudged(&mixed, &slogan, daily, MIN));
    }

    #[test]
    fn crowds_that_are_no_waves_add_no_act() {
        // Loose crowds in episodes 0 and 2, waves in episodes 1 and 3: two acts.
        let acts = wave_acts([None, Some(1), None, Some(3)].into_iter());
        assert_eq!(acts, vec![1, 1, 1, 3]);
        // No wave: one act.
        assert_eq!(wave_acts([None, None].into_iter()), vec![0, 0]);
        // Every crowd a wave: one act per episode, two crowds of one episode one act.
        let acts = wave_acts([Some(0), Some(0), Some(2)].into_iter());
        assert_eq!(acts, vec![0, 0, 2]);
    }

    #[test]
    fn a_wave_is_synchronised_when_far_shorter_than_its_accounts_gap_between_posts() {
        let day = 86_400_000.0;
        let pace = |gap_ms: f64, clock_ms: i64| Pace { gap_ms, clock_ms };
        // Accounts posting daily: a minute's wave is; three hours are not.
        assert!(synchronised(60_000, pace(day, 1)));
        assert!(!synchronised(3 * 3_600_000, pace(day, 1)));
        // At the bound, and monotone: a tighter wave, or quieter accounts.
        assert!(synchronised(864_000, pace(day, 1)));
        assert!(!synchronised(864_001, pace(day, 1)));
        assert!(synchronised(864_001, pace(2.0 * day, 1)));
        // A wave in one instant counts as a second, or as a tick of a coarser clock.
        assert!(!synchronised(0, pace(99_999.0, 1)));
        assert!(synchronised(0, pace(100_000.0, 1)));
        assert!(!synchronised(0, pace(day, 86_400_000)));
    }

    #[test]
    fn the_gap_between_posts_is_the_median_accounts() {
        let f = Features {
            accounts: [10u32, 10, 10, 20_000]
                .iter()
                .map(|&posts| crate::features::AccountFeatures {
                    posts,
                    ..Default::default()
                })
                .collect(),
            ..Features::default()
        };
        // Over 100 days, three accounts post ten times and one 20,000 times: the median
        // account posts ten times, every ten days (the upper middle of an even count).
        let day = 86_400_000i64;
        assert_eq!(
            median_gap_ms(&f, &[0, 1, 2, 3], 100 * day),
            100.0 * day as f64 / 10.0
        );
        assert_eq!(
            median_gap_ms(&f, &[0, 3], 100 * day),
            100.0 * day as f64 / 20_000.0
        );
        assert_eq!(median_gap_ms(&f, &[], 100 * day), 100.0 * day as f64);
    }

    /// A crowd of `users` on object `object` of signal 0.
    fn crowd(object: u32, users: impl Iterator<Item = u32>) -> (Act, Vec<u32>) {
        let mut u: Vec<u32> = users.collect();
        u.sort_unstable();
        ((0, object, 0), u)
    }

    #[test]
    fn a_farm_that_makes_crowd_after_crowd_is_a_seed() {
        // A farm of 200 (accounts 0-199) posts four texts, each wave by 160 of them (a
        // different 40 missing each time), among a few outsiders.
        let waves: Vec<_> = (0..4u32)
            .map(|w| {
                let members = (0..200u32).filter(move |a| (a + 50 * w) % 200 >= 40);
                crowd(w, members.chain(1000 + 10 * w..1005 + 10 * w))
            })
            .collect();
        let seeds = crowd_regulars(&waves, 3, 3, (2, 1024));
        // Every wave proposes the farm: every member is in two waves or more; the outsiders
        // are in one.
        assert_eq!(seeds, vec![(0..200).collect::<Vec<u32>>()]);
        // Two waves are too few crowds.
        assert!(crowd_regulars(&waves[..2], 3, 3, (2, 1024)).is_empty());
        // One slogan in three episodes (waves hours apart) is three acts: the same farm.
        let slogan: Vec<_> = waves
            .iter()
            .zip(0..)
            .map(|((_, users), w)| ((0, 7, w), users.clone()))
            .take(3)
            .collect();
        assert_eq!(
            crowd_regulars(&slogan, 3, 3, (2, 1024)),
            vec![(0..200).collect::<Vec<u32>>()]
        );
    }

    #[test]
    fn crowds_that_form_once_propose_nothing() {
        // Three copypastas, each passed on by a different 150 of 1,000 strangers (a tenth of
        // each shared with the next), and a viral text by 500 of them, holding all three.
        let mut crowds: Vec<_> = (0..3u32)
            .map(|c| crowd(c, 135 * c..135 * c + 150))
            .collect();
        crowds.push(crowd(9, 0..500));
        assert!(crowd_regulars(&crowds, 3, 3, (2, 1024)).is_empty());
        // One episode's three crowds (a burst that thins and swells) are one act: no farm.
        let same: Vec<_> = (0..3).map(|_| crowd(5, 0..100)).collect();
        assert!(crowd_regulars(&same, 3, 3, (2, 1024)).is_empty());
    }

    /// Pushes of a pool of 20 (accounts 0-19), each by 8 of them drawn at random (a fixed
    /// linear congruential draw): a rotation.
    fn rotation(pushes: u32) -> Vec<(Act, Vec<u32>)> {
        let mut state = 12345u64;
        (0..pushes)
            .map(|k| {
                let mut crew: Vec<u32> = Vec::new();
                while crew.len() < 8 {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let a = ((state >> 33) % 20) as u32;
                    if !crew.contains(&a) {
                        crew.push(a);
                    }
                }
                crowd(k, crew.into_iter())
            })
            .collect()
    }

    #[test]
    fn a_pool_rotated_through_small_pushes_is_a_seed() {
        // Two pushes share about 3 of their 8 (a share of 3/8): each push proposes the
        // accounts in two of it and the pushes it shares a quarter with.
        let seeds = crowd_regulars(&rotation(10), 3, 3, (4, 1024));
        assert_eq!(seeds, vec![(0..20).collect::<Vec<u32>>()]);
        // Monotone: two pushes are too few; more make the seed and keep it.
        assert!(crowd_regulars(&rotation(2), 3, 3, (4, 1024)).is_empty());
        let mut pool = Vec::new();
        for n in 4..=12 {
            let seeds = crowd_regulars(&rotation(n), 3, 3, (4, 1024));
            assert!(!seeds.is_empty(), "{n} pushes");
            assert!(seeds[0].len() >= pool.len(), "{n} pushes: {:?}", seeds);
            pool = seeds[0].clone();
        }
    }

    #[test]
    fn strangers_and_prolific_copiers_are_no_rotation() {
        // Copypastas each passed on by 10 strangers; consecutive ones share one account.
        let strangers: Vec<_> = (0..6u32).map(|c| crowd(c, 9 * c..9 * c + 10)).collect();
        assert!(crowd_regulars(&strangers, 3, 3, (4, 1024)).is_empty());
        // Two prolific copiers (accounts 0 and 1) in six viral episodes of 40 others each:
        // they share two accounts with each, far less than a quarter.
        let viral: Vec<_> = (0..6u32)
            .map(|c| crowd(c, [0, 1].into_iter().chain(100 + 40 * c..140 + 40 * c)))
            .collect();
        assert!(crowd_regulars(&viral, 3, 3, (4, 1024)).is_empty());
        // Acts of 3 chained by one account each (a quarter of 3 is one account): sharing a
        // single account is no overlap.
        let chained: Vec<_> = (0..6u32).map(|c| crowd(c, 2 * c..2 * c + 3)).collect();
        assert!(crowd_regulars(&chained, 3, 3, (4, 1024)).is_empty());
    }

    #[test]
    fn a_language_community_is_not_a_group() {
        // Language 1: 40 accounts; language 2: 2,000.
        let main: Vec<u32> = (0..2040).map(|a| if a < 40 { 1 } else { 2 }).collect();
        let speakers = Speakers::new(&main, std::iter::repeat_n(5, 2040));
        // 25 of the 40 speakers of language 1.
        assert!(speakers.community(&(0..25).collect::<Vec<u32>>()));
        // 30 of the 2,000 of language 2, with two of language 1 among them.
        let mut campaign: Vec<u32> = (100..130).collect();
        campaign.extend([0, 1]);
        assert!(!speakers.community(&campaign));
        // Accounts without posts are not counted: 9 of 10 posting speakers is a community.
        let quiet = Speakers::new(
            &main,
            (0..2040).map(|a| if (10..40).contains(&a) { 0 } else { 5 }),
        );
        assert!(quiet.community(&(0..3).collect::<Vec<u32>>()));
        // A corpus without languages has no communities.
        let none = vec![NONE; 100];
        let unknown = Speakers::new(&none, std::iter::repeat_n(5, 100));
        assert!(!unknown.community(&(0..60).collect::<Vec<u32>>()));
    }
}
