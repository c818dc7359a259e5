//! The group test: does a candidate act as a group, repeatedly?
//!
//! Pairs alone chain organic users together; a network is a set of accounts that act on the
//! same objects again and again (the idea of CopyCatch, Beutel et al. 2013, without its
//! fixed window). For every object that at least three members used, the object's whole use
//! (everyone's events) is cut into *episodes* by its own timing: uses further apart than the
//! object's rarity window (see `graph::coaction`) start a new episode. An episode is a
//! *group action* when at least three members take part and they are over-represented among
//! its users: with π the candidate's share of the accounts active in that signal (those whose
//! main language is one of the members', see `Languages`), the chance
//! that u users include m or more members is a binomial tail, which must be at most
//! `group_alpha`. When the candidate is most of the signal's accounts (a collection gathered
//! by a campaign's own hashtag), over-representation cannot be measured; the episode then
//! counts when members are at least half of its users.
//!
//! Group actions built on the same posts (a post's URL, its domain, its image) count once:
//! taken by exclusivity (members' share of the episode's users), an action is independent
//! when at least half of its member posts are not already in a stronger one. Members take
//! part through their own posts; on a famous account's posts, unless members are most of
//! who acts on them, only by being earlier than its audience beyond chance, post after post
//! (converging on them is what its audience does); a copy of a famous account's post that
//! the members reshare or reply to, in the episode that post opens, is its audience's too
//! (a brand's "RT and follow to win"). Calls answered once (one post each of
//! three or more unprofiled accounts that do nothing else with the group, reshared or
//! replied to, and what its answerers copy from them) are not the group's own content
//! (`answered_once`).
//! A member in fewer than `min_member_actions` group actions (or in one, when that is less
//! than half of its posts) is dropped; an outside account that copies the group's texts or
//! pictures while the members post them, more often than its activity and language explain
//! (see `joins`), joins, and the test runs again (at most `ROUNDS` rounds). The candidate
//! passes when the exclusivity-weighted count of its independent actions reaches
//! `min_group_evidence`.
//!
//! Monotone in evidence: another object or signal can only add group actions; nothing in
//! the bar grows with the number of signals or objects.
//!
//! # Complexity
//! O(P·S·log E + Σ E_x) per candidate for P member posts, S signals, E events and E_x the
//! events of each episode in which the members are over-represented (the episodes are cut
//! once for all candidates, see `episodes`).

use super::DetectConfig;
use super::episodes::Episodes;
use super::score::established;
use super::verdict::ESTABLISHED;
use crate::features::Features;
use crate::graph::events::objects_of;
use crate::graph::{CoactionGraph, Event, Signal, significance};
use crate::model::{Corpus, NONE};

/// One group action of a candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupAction {
    /// Index into `CoactionGraph::signals`.
    pub signal: usize,
    pub object: u32,
    /// First and last use in the episode, by anyone, ms.
    pub first_ms: i64,
    pub last_ms: i64,
    /// Distinct members in the episode.
    pub members: u32,
    /// Distinct accounts in the episode.
    pub users: u32,
    /// Everyone who ever used the object.
    pub accounts_total: u32,
    /// The members' first posts in the episode, in time order.
    pub posts: Vec<u32>,
    /// For each of those posts, its rank among the episode's other users: (n + 1) / (N + 1)
    /// for n non-members before it among N (uniform under chance; −1 when there are none).
    pub rank: Vec<f32>,
    /// On a copied text or picture: the first posts of the other users who acted while the
    /// members did (candidates for joining the group); empty otherwise.
    pub others: Vec<u32>,
    /// Where members are at least half of the users of a copied text or picture: every other
    /// user's first post, whenever it came (the low-activity joining rule, see `test`).
    pub others_dominated: Vec<u32>,
    /// Over-representation p-value (1 where it could not be measured).
    pub p_value: f64,
    /// The members' content: an authored object, or a reshare/reply of a member's post.
    pub authored: bool,
    /// Not built on the posts of a stronger action.
    pub independent: bool,
    /// For a reshare or reply of an established account's post, or an object an established
    /// account used first (without a profile: an account followed in the corpus, see
    /// `detect::followings`): that account (`NONE` otherwise). Converging on one famous
    /// source's posts again and again is what its audience does.
    pub source: u32,
    /// Median delay of the members' first posts after the episode's first use, ms.
    pub median_lag_ms: i64,
    /// Σ (0.5 − r) over members for r each member's first-use rank among the episode's users
    /// (scaled to 0..1), and its variance under random order, where members are at most half
    /// the users; where they are more, on a famous source's post, the same against the rest
    /// of its audience (`rank`); 0 otherwise.
    pub rank_sum: f64,
    pub rank_var: f64,
}

impl GroupAction {
    /// Members' share of the episode's users.
    pub fn exclusivity(&self) -> f64 {
        f64::from(self.members) / f64::from(self.users.max(1))
    }

    /// The evidence the action adds: 1 when members are at least half its users, less as
    /// they drown in a crowd.
    pub fn evidence(&self) -> f64 {
        (2.0 * self.exclusivity()).min(1.0)
    }
}

#[cfg(test)]
impl GroupAction {
    /// An authored action on object 0 of signal number `signal` by `posts` (not yet marked
    /// independent), for hand-made cases in tests.
    pub fn for_test(signal: usize, posts: Vec<u32>, members: u32, users: u32) -> Self {
        GroupAction {
            signal,
            object: 0,
            first_ms: 0,
            last_ms: 0,
            members,
            users,
            accounts_total: users,
            rank: vec![0.0; posts.len()],
            posts,
            others: Vec::new(),
            others_dominated: Vec::new(),
            p_value: 0.0,
            authored: true,
            independent: false,
            source: NONE,
            median_lag_ms: 0,
            rank_sum: 0.0,
            rank_var: 0.0,
        }
    }
}

/// A candidate that passed the group test.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Account ids, ascending.
    pub members: Vec<u32>,
    pub actions: Vec<GroupAction>,
    /// Exclusivity-weighted count of independent actions.
    pub evidence: f64,
}

/// What the test needs besides the candidate.
pub struct Context<'a> {
    pub c: &'a Corpus,
    pub f: &'a Features,
    pub g: &'a CoactionGraph,
    /// Author of each reshare/reply target (`corpus.targets`), `NONE` when outside the corpus.
    pub target_author: &'a [u32],
    /// Per account, whether its posts draw a following rather than a crew (see
    /// `detect::followings`): how the test tells a source where no profile does.
    pub followed: &'a [bool],
    pub languages: &'a Languages,
    pub episodes: &'a Episodes,
    /// What scores compare with (a split must not hide a reported network).
    pub base: &'a super::score::CorpusBaseline,
}

impl Context<'_> {
    /// The account of post `p`.
    pub fn account_of(&self, p: u32) -> u32 {
        self.c.account[p as usize].0
    }
}

/// Who could have used an object, by language: an account's main language (the most common
/// of its posts', `NONE` when its posts carry none) and, per signal, how many active accounts
/// have each main language.
#[derive(Debug, Clone, Default)]
pub struct Languages {
    pub account: Vec<u32>,
    pub active: Vec<std::collections::BTreeMap<u32, u32>>,
    /// Posts per language (`NONE` for posts without one).
    pub posts: std::collections::BTreeMap<u32, u64>,
}

impl Languages {
    pub fn new(c: &Corpus, f: &Features, g: &CoactionGraph) -> Self {
        let account: Vec<u32> = (0..c.account_ids.len() as u32)
            .map(|a| {
                let mut langs: Vec<u32> =
                    f.posts_of(a).iter().map(|&p| c.lang[p as usize]).collect();
                langs.sort_unstable();
                langs
                    .chunk_by(|x, y| x == y)
                    .max_by(|x, y| x.len().cmp(&y.len()).then(y[0].cmp(&x[0])))
                    .map_or(NONE, |run| run[0])
            })
            .collect();
        let active = g
            .events
            .iter()
            .map(|ev| {
                let mut seen: Vec<u32> = ev.iter().map(|e| e.account).collect();
                seen.sort_unstable();
                seen.dedup();
                let mut by: std::collections::BTreeMap<u32, u32> = Default::default();
                for a in seen {
                    *by.entry(account[a as usize]).or_default() += 1;
                }
                by
            })
            .collect();
        let mut posts: std::collections::BTreeMap<u32, u64> = Default::default();
        for &l in &c.lang {
            *posts.entry(l).or_default() += 1;
        }
        Self {
            account,
            active,
            posts,
        }
    }

    /// Per language, the chance that one post of an account outside `members` lands in one
    /// of `places` (posts of outsiders in the group's actions): a Russian text
    /// can only be copied by those who post in Russian, so the places of a small language
    /// community's actions are many for each of its posts.
    pub fn landing_rates(
        &self,
        c: &Corpus,
        f: &Features,
        members: &[u32],
        places: impl Iterator<Item = u32>,
    ) -> std::collections::BTreeMap<u32, f64> {
        let mut held: std::collections::BTreeMap<u32, u64> = Default::default();
        for p in places {
            *held.entry(c.lang[p as usize]).or_default() += 1;
        }
        let mut mine: std::collections::BTreeMap<u32, u64> = Default::default();
        for &a in members {
            for &p in f.posts_of(a) {
                let l = c.lang[p as usize];
                if held.contains_key(&l) {
                    *mine.entry(l).or_default() += 1;
                }
            }
        }
        held.into_iter()
            .map(|(l, n)| {
                let all = self.posts.get(&l).copied().unwrap_or(0);
                let rest = all
                    .saturating_sub(mine.get(&l).copied().unwrap_or(0))
                    .max(1);
                (l, n as f64 / rest as f64)
            })
            .collect()
    }

    /// The active accounts of signal `si` whose main language is one of the members': the
    /// population the members are drawn from. A community that writes in its own language
    /// uses that language's hashtags and texts among its own speakers, not against the whole
    /// corpus. `None` when a member has no language (then everyone counts).
    pub fn pool(&self, si: usize, members: &[u32]) -> Option<u32> {
        let mut langs: Vec<u32> = members
            .iter()
            .map(|&a| self.account.get(a as usize).copied().unwrap_or(NONE))
            .collect();
        langs.sort_unstable();
        langs.dedup();
        if langs.contains(&NONE) {
            return None;
        }
        let active = self.active.get(si)?;
        Some(langs.iter().filter_map(|l| active.get(l)).sum())
    }
}

/// Whether an account with `actions` group actions among `posts` posts takes part: two
/// actions, or one when group actions are at least half of everything it posted (an account
/// that exists for the campaign).
fn takes_part(actions: u32, posts: u32, cfg: &DetectConfig) -> bool {
    actions >= cfg.min_member_actions || (actions >= 1 && 2 * actions >= posts)
}

/// Whether an outside account joins: it takes part in `actions` of the group's copied texts
/// and pictures, among `posts` posts, where chance would put it in about `lambda` of them
/// (each of its posts landing in one of the actions' places as often as anyone's does). A
/// campaign's accounts each join a fraction of its operations and hide them among ordinary
/// posts, so what marks them is returning to the group's actions more often than their
/// activity explains, not the share of their posts. An ordinary user who copies a campaign's
/// text once, or a busy account whose volume puts it in two crowded ones, does not join.
fn joins(actions: u32, lambda: f64, tested: usize, cfg: &DetectConfig) -> bool {
    actions >= cfg.min_member_actions.max(2)
        && significance::poisson_tail(actions, lambda) * tested as f64 <= JOIN_ALPHA
}

/// Whether an outside account with `actions` copies (distinct posts) of the group's own
/// actions (members at least half the users), among `posts` posts, exists for the campaign:
/// two such copies that are a quarter of everything it posted, whenever it posted them. A
/// low-activity account missed by the pair test joins; a busy account that happens to post
/// the same photo twice does not.
fn exists_for_it(actions: u32, posts: u32, cfg: &DetectConfig) -> bool {
    actions >= cfg.min_member_actions.max(2) && 4 * actions >= posts
}

/// Whether an outside account with `actions` copies (distinct posts) of the group's own
/// actions (members at least half the users), among `posts` posts, one of them made while
/// the members acted on it (`while_acting`), is a throwaway of the campaign: those copies
/// are half or more of everything it posted, as `takes_part` asks of a member in one
/// action. A campaign spends accounts that post once or twice, into its own pushes, as it
/// posts them; an ordinary account that copies the campaign's text once does so among its
/// own posts, or days later.
fn throwaway(actions: u32, posts: u32, while_acting: bool) -> bool {
    while_acting && actions >= 1 && 2 * actions >= posts
}

/// Largest chance probability that any outsider considered in a round joins by chance
/// (Bonferroni over the outsiders).
const JOIN_ALPHA: f64 = 0.01;

/// Largest chance probability of a member's ranks on a famous source's posts.
const EARLY_ALPHA: f64 = 0.01;

/// False discovery rate of the members admitted by their ranks when the group as a whole
/// is early.
const EARLY_IN_GROUP: f64 = 0.1;

/// Which members are early on a famous source's posts, from each member's (rank sum, ranks,
/// posts no one else used): those early beyond chance on their own, and, when the members'
/// ranks pooled are early beyond chance, those early at the looser `EARLY_IN_GROUP` false
/// discovery rate (Benjamini–Hochberg over the members' rank tests). A ring a few minutes
/// ahead of a large audience is early beyond doubt as a group long before each member's
/// hundred ranks say so one by one; a follower who is early by luck still needs its own
/// ranks to lean early, and a thousand followers swept into the candidate with the ring
/// admit only the few that the rate allows, not one in ten of them. Monotone: an earlier
/// rank of any member never removes one.
fn early_members(converging: &[(f64, u32, u32)]) -> Vec<bool> {
    let (sum, n) = converging
        .iter()
        .fold((0.0, 0u32), |(s, n), c| (s + c.0, n + c.1));
    let group_early = early_beyond_chance(sum, n);
    let p: Vec<f64> = converging
        .iter()
        .map(|&(sum, n, _)| {
            if n > 0 {
                significance::uniform_sum_cdf(sum, n)
            } else {
                1.0
            }
        })
        .collect();
    let bar = if group_early {
        // Only the members with ranks are tested.
        let mut sorted: Vec<f64> = p
            .iter()
            .zip(converging)
            .filter(|(_, c)| c.1 > 0)
            .map(|(&pk, _)| pk)
            .collect();
        sorted.sort_by(f64::total_cmp);
        let tested = sorted.len().max(1) as f64;
        sorted
            .iter()
            .enumerate()
            .filter(|&(k, &pk)| pk <= (k + 1) as f64 / tested * EARLY_IN_GROUP)
            .map(|(_, &pk)| pk)
            .next_back()
            .unwrap_or(-1.0)
    } else {
        -1.0
    };
    converging
        .iter()
        .zip(&p)
        .map(|(&(sum, n, _), &pk)| early_beyond_chance(sum, n) || (n > 0 && pk <= bar))
        .collect()
}

/// Whether a member's `n` ranks on a famous source's posts, summing to `sum`, are earlier
/// than the source's audience by more than chance (Irwin–Hall tail at most `EARLY_ALPHA`).
/// Converging on a celebrity's or an outlet's posts is what its audience does, so a member
/// takes part through them only when it is there first, post after post: an amplification
/// ring resharing within seconds is; a follower who is sometimes early and sometimes late is
/// not, however many posts it reshares.
fn early_beyond_chance(sum: f64, n: u32) -> bool {
    n > 0 && significance::uniform_sum_cdf(sum, n) <= EARLY_ALPHA
}

/// Rounds of dropping and joining before membership must have settled. A campaign found by
/// a few of its pairs grows by the accounts that keep joining its actions, round after round.
const ROUNDS: usize = 8;

/// Runs the group test on `members` (sorted); `Err` holds why it failed.
///
/// Members that do not take part (see `takes_part`) are dropped; accounts outside the
/// candidate that take part in actions the group dominates (members at least half the users)
/// join it; the test repeats until the membership settles (at most `ROUNDS` rounds).
pub fn test(ctx: &Context, cfg: &DetectConfig, members: &[u32]) -> Result<Group, String> {
    let candidate = members;
    let mut members = members.to_vec();
    let posts_of = |a: u32| ctx.f.accounts[a as usize].posts;
    let account_of = |p: u32| ctx.c.account[p as usize].0;
    for _ in 0..ROUNDS {
        if members.len() < cfg.min_size {
            return Err(format!(
                "fewer than {} members act as a group",
                cfg.min_size
            ));
        }
        let actions = actions(ctx, cfg, &members, candidate);
        let mut count = vec![0u32; members.len()];
        // Per member, on a famous source's posts: the sum and count of its ranks among the
        // other users, and the posts no one outside the candidate used.
        let mut converging = vec![(0.0f64, 0u32, 0u32); members.len()];
        // Per outsider: the actions it took part in, and its first place.
        let mut outside: std::collections::BTreeMap<u32, (u32, u32)> = Default::default();
        // Per outsider: its copies of the group's own texts and pictures (members most of
        // their users), counted by distinct posts (a post with the group's text and picture
        // is one copy, not two).
        let mut dominated: std::collections::BTreeMap<u32, u32> = Default::default();
        let mut dominated_posts: Vec<(u32, u32)> = Vec::new();
        // The outsiders with such a copy made while the members acted on it.
        let mut acting_now: std::collections::BTreeSet<u32> = Default::default();
        for a in &actions {
            for (&p, &rank) in a.posts.iter().zip(&a.rank) {
                let Ok(i) = members.binary_search(&account_of(p)) else {
                    continue;
                };
                if a.source == NONE {
                    count[i] += 1;
                } else if account_of(p) == a.source {
                    // The famous account is not acting with the group on its own post.
                } else if rank >= 0.0 {
                    converging[i].0 += f64::from(rank);
                    converging[i].1 += 1;
                } else {
                    converging[i].2 += 1;
                }
            }
            for &p in &a.others {
                outside.entry(account_of(p)).or_insert((0, p)).0 += 1;
            }
            for &p in &a.others_dominated {
                dominated_posts.push((account_of(p), p));
            }
            // Where members dominate a copy, its outsiders acting with them (`others`) are
            // among its outsiders (`others_dominated`): both are the episode's first posts.
            if !a.others_dominated.is_empty() {
                acting_now.extend(a.others.iter().map(|&p| account_of(p)));
            }
        }
        dominated_posts.sort_unstable();
        dominated_posts.dedup();
        for run in dominated_posts.chunk_by(|x, y| x.0 == y.0) {
            dominated.insert(run[0].0, run.len() as u32);
        }
        let early = early_members(&converging);
        for ((k, &(_, n, alone)), early) in count.iter_mut().zip(&converging).zip(early) {
            // Where there is an audience, being early against it; where the candidate is all
            // of who acts (a ring with no other resharers, or a fan club), taking part.
            if early {
                *k += n + alone;
            } else if n == 0 {
                *k += alone;
            }
        }
        let mut next: Vec<u32> = members
            .iter()
            .zip(&count)
            .filter(|(a, k)| takes_part(**k, posts_of(**a), cfg))
            .map(|(a, _)| *a)
            .collect();
        // Each post of an outsider lands in one of the actions' outside places with chance
        // (places) / (posts of everyone outside), in its language. The places counted are
        // one per outsider: those who return are what is tested, and a campaign's hidden
        // members filling the group's actions must not raise the bar they are measured by.
        let places = outside.values().map(|&(_, p)| p);
        let rates = ctx.languages.landing_rates(ctx.c, ctx.f, &members, places);
        let chance = |a: u32| -> f64 {
            ctx.f
                .posts_of(a)
                .iter()
                .filter_map(|&p| rates.get(&ctx.c.lang[p as usize]))
                .sum()
        };
        next.extend(
            outside
                .iter()
                .filter(|(a, (k, _))| *k >= 2 && joins(*k, chance(**a), outside.len(), cfg))
                .map(|(a, _)| *a),
        );
        next.extend(
            dominated
                .iter()
                .filter(|(a, k)| {
                    let posts = posts_of(**a);
                    exists_for_it(**k, posts, cfg) || throwaway(**k, posts, acting_now.contains(*a))
                })
                .map(|(a, _)| *a),
        );
        next.sort_unstable();
        next.dedup();
        if next == members {
            let evidence: f64 = actions
                .iter()
                .filter(|a| a.independent)
                .map(GroupAction::evidence)
                .sum();
            if evidence < cfg.min_group_evidence {
                return Err(format!(
                    "group evidence {evidence:.2} below {}",
                    cfg.min_group_evidence
                ));
            }
            return Ok(Group {
                members,
                actions,
                evidence,
            });
        }
        members = next;
    }
    Err("membership does not settle".into())
}

/// Every group action of `members`, with independence marked.
fn actions(
    ctx: &Context,
    cfg: &DetectConfig,
    members: &[u32],
    candidate: &[u32],
) -> Vec<GroupAction> {
    let (c, f, g) = (ctx.c, ctx.f, ctx.g);
    let mut out = Vec::new();
    let mut objs = Vec::new();
    // The posts in the corpus that members reshared or replied to, sorted.
    let mut converged: Vec<u32> = members
        .iter()
        .flat_map(|&a| f.posts_of(a).iter())
        .flat_map(|&p| [c.reshare_of[p as usize], c.reply_to[p as usize]])
        .filter(|&t| t != NONE && (t as usize) < c.targets.len())
        .filter_map(|t| c.post_ids.get(c.targets.resolve(t)))
        .collect();
    converged.sort_unstable();
    converged.dedup();
    for (si, &s) in g.signals.iter().enumerate() {
        let share = share(ctx, si, members);
        // The members' uses: (object, event number, account), from their own posts.
        let events = &g.events[si];
        let mut mine: Vec<(u32, usize, u32)> = Vec::new();
        for &a in members {
            for &p in f.posts_of(a) {
                objects_of(c, f, s, p as usize, &mut objs);
                for &object in &objs {
                    let e = Event {
                        object,
                        time: c.time[p as usize],
                        account: a,
                        post: p,
                    };
                    if let Some(i) = ctx.episodes.find(si, events, &e) {
                        mine.push((object, i, a));
                    }
                }
            }
        }
        // Sorted as the tuples, by one integer key (object, event number, account).
        mine.sort_unstable_by_key(|&(o, i, a)| {
            (u128::from(o) << 96) | ((i as u128) << 32) | u128::from(a)
        });
        let mut used: Vec<(usize, u32)> = Vec::new();
        for run in mine.chunk_by(|x, y| x.0 == y.0) {
            if distinct(run.iter().map(|x| x.2)) < 3 {
                continue;
            }
            // The episodes three members took part in, each judged once; an episode's
            // events are read only when the members are over-represented among its users.
            used.clear();
            used.extend(run.iter().filter_map(|&(_, i, a)| {
                let ep = ctx.episodes.of_event(si, i)?;
                Some((ep.start, a))
            }));
            used.sort_unstable();
            used.dedup();
            let object = run[0].0;
            let origin = events
                .get(ctx.episodes.object_range(si, events, object))
                .and_then(<[Event]>::first)
                .map_or(NONE, |e| e.account);
            for at in used.chunk_by(|x, y| x.0 == y.0) {
                let Some(ep) = ctx.episodes.of_event(si, at[0].0) else {
                    continue;
                };
                if at.len() < 3 || !over_represented(ep.users, at.len() as u32, share, cfg) {
                    continue;
                }
                let Some(evs) = events.get(ep.start..ep.end) else {
                    continue;
                };
                let who = (members, candidate);
                let k = ep.accounts_total as usize;
                let about = (k, origin, converged.as_slice());
                if let Some(a) = judge(ctx, who, evs, si, share, about, cfg) {
                    out.push(a);
                }
            }
        }
    }
    answered_once(ctx, &mut out);
    mark_independent(&mut out, &ctx.g.signals);
    out
}

/// Takes back the authorship of calls answered once. Without a profile, resharing or
/// replying to a member's post counts as the group's own content (`judge`): a crew
/// amplifying its hub. But a crew returns to its hub post after post, and its one-off
/// posters act with it otherwise; a crowd that answers one post each of many accounts that
/// do nothing else with it (contest hunters resharing a brand's giveaway, one brand after
/// another, each of which the corpus holds once) is converging on calls, as an audience
/// does, even though each caller, in its one action, counts as a member. So where the group
/// answers `MIN_CALLS` or more such callers (unprofiled, member or not, converged on in one
/// post only, with no other post in the group's actions), converging on them is not
/// authored, and neither is a text, picture, link or tag whose first use is a call (its
/// answerers copy what they reshared). What the answerers post of their own beside (an
/// entry text a giveaway dictates, or a crew's message after each reshare) stays theirs:
/// nothing here tells the two apart. A profile (which says how known the author is), a
/// second post converged on, or the caller acting with the group otherwise leaves the
/// actions as they were. Only authorship changes: the actions' evidence as group actions
/// stays.
fn answered_once(ctx: &Context, actions: &mut [GroupAction]) {
    let (c, g) = (ctx.c, ctx.g);
    let look = Lookups {
        author: &|t: u32| ctx.target_author.get(t as usize).copied().unwrap_or(NONE),
        profiled: &|a: u32| profiled(c, a),
        target_post: &|t: u32| {
            ((t as usize) < c.targets.len())
                .then(|| c.post_ids.get(c.targets.resolve(t)))
                .flatten()
        },
        first_post: &|si: usize, object: u32| {
            let events = g.events.get(si)?;
            let r = ctx.episodes.object_range(si, events, object);
            events.get(r)?.first().map(|e| e.post)
        },
        account: &|p: u32| c.account.get(p as usize).map_or(NONE, |a| a.0),
    };
    take_back_answered(actions, &g.signals, &look);
}

/// Fewest callers answered once for `answered_once` to read a group as an audience
/// answering calls: one or two one-off posts a crew reshared are its own business.
const MIN_CALLS: usize = 3;

/// Whether account `a` has a profile that says how known it is (verified or followers).
fn profiled(c: &Corpus, a: u32) -> bool {
    let i = a as usize;
    let acc = &c.accounts;
    acc.verified.get(i).is_some_and(Option::is_some)
        || acc.followers.get(i).is_some_and(Option::is_some)
}

/// What `take_back_answered` reads of the corpus: a reshare/reply target's author (`NONE`
/// when unknown), whether an account has a profile, a target's post, the first post that
/// used an object of a signal, and a post's account.
struct Lookups<'a> {
    author: &'a dyn Fn(u32) -> u32,
    profiled: &'a dyn Fn(u32) -> bool,
    target_post: &'a dyn Fn(u32) -> Option<u32>,
    first_post: &'a dyn Fn(usize, u32) -> Option<u32>,
    account: &'a dyn Fn(u32) -> u32,
}

/// `answered_once` on `actions` of `signals`.
fn take_back_answered(actions: &mut [GroupAction], signals: &[Signal], look: &Lookups) {
    let kind = |a: &GroupAction| signals.get(a.signal).copied();
    let converging = |a: &GroupAction| matches!(kind(a), Some(Signal::Reshare | Signal::Reply));
    // (author, target) of every convergence on an unprofiled author.
    let mut calls: Vec<(u32, u32)> = actions
        .iter()
        .filter(|a| converging(a))
        .map(|a| ((look.author)(a.object), a.object))
        .filter(|&(author, _)| author != NONE && !(look.profiled)(author))
        .collect();
    calls.sort_unstable();
    calls.dedup();
    // The authors converged on in one post only, with that post.
    let single: Vec<(u32, Option<u32>)> = calls
        .chunk_by(|x, y| x.0 == y.0)
        .filter(|run| run.len() == 1)
        .map(|run| (run[0].0, (look.target_post)(run[0].1)))
        .collect();
    if single.len() < MIN_CALLS {
        return;
    }
    // The accounts with a post in the group's actions other than a call.
    let mut calls_posts: Vec<u32> = single.iter().filter_map(|x| x.1).collect();
    calls_posts.sort_unstable();
    let mut acting: Vec<u32> = actions
        .iter()
        .flat_map(|a| a.posts.iter().copied())
        .filter(|p| calls_posts.binary_search(p).is_err())
        .map(|p| (look.account)(p))
        .collect();
    acting.sort_unstable();
    acting.dedup();
    // Callers: those that do nothing else with the group.
    let once: Vec<u32> = single
        .iter()
        .map(|x| x.0)
        .filter(|a| acting.binary_search(a).is_err())
        .collect();
    if once.len() < MIN_CALLS {
        return;
    }
    let call_posts: Vec<u32> = {
        let mut v: Vec<u32> = single
            .iter()
            .filter(|x| once.binary_search(&x.0).is_ok())
            .filter_map(|x| x.1)
            .collect();
        v.sort_unstable();
        v
    };
    let answers_once =
        |a: &GroupAction| converging(a) && once.binary_search(&(look.author)(a.object)).is_ok();
    for a in actions.iter_mut().filter(|a| a.authored) {
        let answered = answers_once(a)
            || !converging(a)
                && (look.first_post)(a.signal, a.object)
                    .is_some_and(|p| call_posts.binary_search(&p).is_ok());
        if answered {
            a.authored = false;
        }
    }
}

/// The members' share of the accounts that could have acted in signal `si`: those active in
/// it whose main language is one of the members' (all of them when a member has none).
pub fn share(ctx: &Context, si: usize, members: &[u32]) -> f64 {
    let pool = ctx.languages.pool(si, members);
    let active = pool.unwrap_or_else(|| ctx.g.active_accounts.get(si).copied().unwrap_or(1));
    (members.len() as f64 / f64::from(active.max(1))).min(1.0)
}

/// Distinct values of a sorted sequence.
fn distinct(sorted: impl Iterator<Item = u32>) -> usize {
    let mut n = 0;
    let mut last = None;
    for x in sorted {
        if last != Some(x) {
            n += 1;
            last = Some(x);
        }
    }
    n
}

/// Whether `m` members among an episode's `u` users are more than chance puts there: with
/// π = `share` the candidate's share of the accounts that could have used it, a binomial
/// tail at most `group_alpha`; where the candidate is most of those accounts and
/// over-representation cannot be measured, at least half the users.
pub fn over_represented(u: u32, m: u32, share: f64, cfg: &DetectConfig) -> bool {
    if share >= 0.5 {
        2 * m >= u
    } else {
        significance::binomial_tail(u64::from(u), u64::from(m), share) <= cfg.group_alpha
    }
}

/// Judges one episode; `Some` when it is a group action.
///
/// A member's rank is taken among the episode's audience: users outside both the members and
/// the candidate the test started from. Dropping a member then never makes the others look
/// later, so membership does not unravel round after round.
fn judge(
    ctx: &Context,
    (members, candidate): (&[u32], &[u32]),
    ep: &[Event],
    si: usize,
    share: f64,
    (k, origin, converged): (usize, u32, &[u32]),
    cfg: &DetectConfig,
) -> Option<GroupAction> {
    // First use per account, in time order.
    let mut firsts: Vec<&Event> = Vec::new();
    let mut seen: std::collections::HashSet<u32> = std::collections::HashSet::new();
    for e in ep {
        if seen.insert(e.account) {
            firsts.push(e);
        }
    }
    let u = firsts.len();
    let is_member = |a: u32| members.binary_search(&a).is_ok();
    let m = firsts.iter().filter(|e| is_member(e.account)).count();
    if m < 3 {
        return None;
    }
    if !over_represented(u as u32, m as u32, share, cfg) {
        return None;
    }
    let p_value = if share >= 0.5 {
        1.0
    } else {
        significance::binomial_tail(u as u64, m as u64, share)
    };
    let t0 = ep[0].time;
    let mut posts = Vec::with_capacity(m);
    // Resharing a group's posts, using its hashtag or sharing its link is being reached by
    // it, which is what a campaign wants of ordinary users: only copies of its texts and
    // pictures recruit.
    let recruits = matches!(
        ctx.g.signals[si],
        Signal::TextNear | Signal::TextExact | Signal::Media
    );
    let others_dominated: Vec<u32> = if recruits && 2 * m >= u {
        firsts
            .iter()
            .filter(|e| !is_member(e.account))
            .map(|e| e.post)
            .collect()
    } else {
        Vec::new()
    };
    let others: Vec<u32> = if recruits {
        // Taking part is acting while the members act: within their span, widened by the
        // mean gap between their posts. A rare text's episode can last days; an account that
        // copies it hours after the group has moved on is not in its operation.
        let mut times = firsts
            .iter()
            .filter(|e| is_member(e.account))
            .map(|e| e.time);
        let first = times.next().unwrap_or(t0);
        let last = times.next_back().unwrap_or(first);
        let pad = (last - first) / (m as i64 - 1).max(1);
        firsts
            .iter()
            .filter(|e| !is_member(e.account) && e.time >= first - pad && e.time <= last + pad)
            .map(|e| e.post)
            .collect()
    } else {
        Vec::new()
    };
    let mut lags = Vec::with_capacity(m);
    let (mut rank_sum, mut rank_var) = (0.0, 0.0);
    // Ranks say something only where members are at most half the users: the candidate was
    // built from accounts acting close together, so when it holds nearly everyone, the few
    // left out are the stragglers by construction.
    let ranked = u >= 2 * m;
    let mut rank = Vec::with_capacity(m);
    let outside = |a: u32| !is_member(a) && candidate.binary_search(&a).is_err();
    let audience = firsts.iter().filter(|e| outside(e.account)).count() as f32;
    let mut before = 0.0f32;
    for (i, e) in firsts.iter().enumerate() {
        if outside(e.account) {
            before += 1.0;
        }
        if is_member(e.account) {
            posts.push(e.post);
            rank.push(if audience > 0.0 {
                (before + 1.0) / (audience + 1.0)
            } else {
                -1.0
            });
            lags.push(e.time - t0);
            if ranked {
                rank_sum += 0.5 - (i as f64 + 0.5) / u as f64;
            }
        }
    }
    if ranked {
        // Variance of a sum of m ranks drawn without replacement from u.
        let (uf, mf) = (u as f64, m as f64);
        rank_var = mf * (uf + 1.0) * (uf - mf) / (12.0 * uf * uf);
    }
    lags.sort_unstable();
    let s = ctx.g.signals[si];
    let acc = &ctx.c.accounts;
    let profiled = |a: u32| profiled(ctx.c, a);
    // Famous: by its profile; without one, by drawing a following in the corpus (see
    // `detect::followings`).
    let famous = |a: u32| {
        let i = a as usize;
        if profiled(a) {
            established(acc.verified[i], acc.followers[i]) >= ESTABLISHED
        } else {
            ctx.followed.get(i).copied().unwrap_or(false)
        }
    };
    let (authored, source) = if s.authored() {
        // A link, picture or text an established account put out first (an outlet's
        // article, a celebrity's photo) is shared by its audience: that is converging on
        // the source, as a reshare is, not content of the group's own. So is the copy of a
        // call the members answer: an episode opened by a post of an established account
        // outside the group that the members reshare or reply to (a brand's "RT and follow
        // to win", which its answerers reshare and copy), whoever wrote the object's first
        // use (a near-duplicate group can hold several texts). An established account that
        // only posts the group's text first, unanswered, takes nothing from it.
        let opener = ep[0];
        if famous(origin) {
            (false, origin)
        } else if opener.account != origin
            && !is_member(opener.account)
            && converged.binary_search(&opener.post).is_ok()
            && famous(opener.account)
        {
            (false, opener.account)
        } else {
            (true, NONE)
        }
    } else {
        // Converging on an established account's posts (a celebrity, a news outlet) is what
        // its audience does, member or not. Without a profile, an account that draws a
        // following in the corpus is one too: otherwise an outlet and the followers who
        // reshare it lump into one "network" with the ring that amplifies it. Converging
        // again and again on the posts of an account known to be obscure (a profile with a
        // small following) is amplification: the group's own content, whether that account
        // is a member or its hub. Without profile data or a following, the author is
        // unknown: the action is the group's own content when the author is a member, and
        // neither authored nor a source otherwise.
        let t = ep[0].object as usize;
        let author = ctx.target_author.get(t).copied().unwrap_or(NONE);
        if author == NONE {
            (false, NONE)
        } else if famous(author) {
            (false, author)
        } else {
            (is_member(author) || profiled(author), NONE)
        }
    };
    if !ranked && source != NONE && audience > 0.0 {
        // Members are most of who converges on a famous source's post: rank them against
        // the rest of its audience instead (Mann–Whitney: each member's position among the
        // N others, uniform on 1..N+1 under chance; the sum's variance counts the members
        // sharing one audience).
        let (nf, mf) = (f64::from(audience), m as f64);
        let mean = (nf + 2.0) / (2.0 * (nf + 1.0));
        rank_sum = rank.iter().map(|&r| mean - f64::from(r)).sum();
        rank_var = mf * nf * (mf + nf + 1.0) / (12.0 * (nf + 1.0) * (nf + 1.0));
    }
    Some(GroupAction {
        signal: si,
        object: ep[0].object,
        first_ms: t0,
        last_ms: ep[ep.len() - 1].time,
        members: m as u32,
        users: u as u32,
        accounts_total: k as u32,
        posts,
        rank,
        // Copying a famous source's text is what its audience does: it recruits no one.
        others: if source == NONE { others } else { Vec::new() },
        others_dominated,
        p_value,
        authored,
        independent: false,
        source,
        median_lag_ms: lags[lags.len() / 2],
        rank_sum,
        rank_var,
    })
}

/// Marks the actions not built on the posts of a stronger one (see the module docs). At
/// equal exclusivity a copy of a text or picture is stronger than a coarser object on the
/// same posts: a site's domain can join two pushes of different copies into one episode,
/// and the pushes, not the episode, are the acts.
pub fn mark_independent(actions: &mut [GroupAction], signals: &[Signal]) {
    let coarse = |a: &GroupAction| {
        !matches!(
            signals.get(a.signal),
            Some(Signal::TextNear | Signal::TextExact | Signal::Media)
        )
    };
    let mut order: Vec<usize> = (0..actions.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&actions[i], &actions[j]);
        b.exclusivity()
            .total_cmp(&a.exclusivity())
            .then(coarse(a).cmp(&coarse(b)))
            .then(b.members.cmp(&a.members))
            .then(a.signal.cmp(&b.signal))
            .then(a.first_ms.cmp(&b.first_ms))
            .then(a.posts.cmp(&b.posts))
    });
    let mut claimed: std::collections::HashSet<u32> = std::collections::HashSet::new();
    for i in order {
        let a = &mut actions[i];
        let fresh = a.posts.iter().filter(|p| !claimed.contains(p)).count();
        a.independent = 2 * fresh >= a.posts.len();
        claimed.extend(a.posts.iter().copied());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(signal: usize, posts: Vec<u32>, members: u32, users: u32) -> GroupAction {
        GroupAction::for_test(signal, posts, members, users)
    }

    #[test]
    fn a_call_answered_once_is_not_the_groups_own_content() {
        let signals = [Signal::Reshare, Signal::TextNear, Signal::Hashtags];
        // (signal, object): each action authored, as `judge` left it; its members' posts
        // are 1000 + 10·object + k, for k < 3 (accounts 100 + 10·object + k), and one more
        // post where given.
        let acts = |list: &[(usize, u32, Option<u32>)]| -> Vec<GroupAction> {
            list.iter()
                .map(|&(si, object, extra)| {
                    let posts = (0..3)
                        .map(|k| 1000 + 10 * object + k)
                        .chain(extra)
                        .collect();
                    GroupAction {
                        object,
                        ..action(si, posts, 3, 3)
                    }
                })
                .collect()
        };
        // Targets 10, 40 and 50 are posts 100, 400 and 500 of brands 1, 4 and 5 (no
        // profiles), 11 a second post of brand 1; 20 and 21 are posts 200 and 210 of a hub,
        // account 2; 30 is post 300 of account 3, whose profile says how known it is.
        // Texts 5, 6, 7 and 8 were first posted in posts 100, 600, 200 and 700 (the tag,
        // elsewhere).
        let author = |t: u32| t / 10;
        let profiled = |a: u32| a == 3;
        let target_post = |t: u32| Some(t * 10);
        let first_post = |_: usize, object: u32| {
            let first = [100, 600, 200, 700];
            first.get(object.checked_sub(5)? as usize).copied()
        };
        let account = |p: u32| if p < 1000 { p / 100 } else { 100 + p % 1000 };
        let look = Lookups {
            author: &author,
            profiled: &profiled,
            target_post: &target_post,
            first_post: &first_post,
            account: &account,
        };
        // Contest hunters: three brands' giveaways reshared, the first one's text copied
        // (the brand's own post among the copies); an entry text of their own; a hub
        // reshared post after post and its text copied; a text of the group's own; a
        // profiled author's post reshared once; a tag.
        let list = [
            (0, 10, None),
            (0, 40, None),
            (0, 50, None),
            (1, 5, Some(100)),
            (1, 8, None),
            (0, 20, None),
            (0, 21, None),
            (1, 7, None),
            (1, 6, None),
            (0, 30, None),
            (2, 1, None),
        ];
        let mut a = acts(&list);
        take_back_answered(&mut a, &signals, &look);
        let authored: Vec<bool> = a.iter().map(|x| x.authored).collect();
        let mut expected = [false; 11];
        expected[4..].fill(true);
        assert_eq!(authored, expected);
        // A second post of brand 1 converged on: a hub of the group's, as before, and two
        // callers left are too few to read the group as an audience.
        let mut b = acts(&[list[0], (0, 11, None), list[1], list[2], list[3]]);
        take_back_answered(&mut b, &signals, &look);
        assert!(b.iter().all(|x| x.authored));
        // Likewise when brand 5 acts with the group otherwise (a crew's one-off poster).
        let mut c = acts(&[list[0], list[1], list[2], list[3], (2, 1, Some(501))]);
        take_back_answered(&mut c, &signals, &look);
        assert!(c.iter().all(|x| x.authored));
    }

    #[test]
    fn members_take_part_through_their_own_posts() {
        let cfg = DetectConfig::default();
        assert!(takes_part(2, 100, &cfg));
        // A shell account with two posts, one of them in a group action.
        assert!(takes_part(1, 2, &cfg));
        // A busy account that joined one action among 40 posts.
        assert!(!takes_part(1, 40, &cfg));
        assert!(!takes_part(0, 1, &cfg));
    }

    #[test]
    fn an_account_that_exists_for_the_campaign_joins() {
        let cfg = DetectConfig::default();
        assert!(exists_for_it(2, 3, &cfg));
        assert!(exists_for_it(2, 8, &cfg));
        assert!(!exists_for_it(1, 1, &cfg));
        assert!(!exists_for_it(2, 2016, &cfg));
    }

    #[test]
    fn a_throwaway_posting_into_a_push_as_it_happens_joins() {
        // One post, a copy of the group's own text while the members post it.
        assert!(throwaway(1, 1, true));
        assert!(throwaway(1, 2, true));
        // The same copy days later, or among three posts of its own, does not.
        assert!(!throwaway(1, 1, false));
        assert!(!throwaway(1, 3, true));
        assert!(!throwaway(0, 0, true));
        // Monotone: another copy keeps it.
        assert!(throwaway(2, 3, true));
    }

    #[test]
    fn outsiders_join_when_they_return_to_the_group_beyond_chance() {
        let cfg = DetectConfig::default();
        // A camouflaged member: 100 posts, 3 of them in the group's copied texts, where
        // chance would put it in 0.04 (40 places among 100,000 posts of everyone outside).
        assert!(joins(3, 0.04, 30, &cfg));
        // Twice is enough for an account that posts little.
        assert!(joins(2, 0.004, 30, &cfg));
        // A busy account whose volume puts it in the group's crowded actions.
        assert!(!joins(2, 0.5, 30, &cfg));
        assert!(!joins(3, 1.5, 30, &cfg));
        // Once is never a pattern, however rare.
        assert!(!joins(1, 1e-9, 30, &cfg));
        // Monotone: more returns never keep an account out.
        for lambda in [0.001, 0.01, 0.1, 1.0] {
            for k in 2..20 {
                if joins(k, lambda, 30, &cfg) {
                    assert!(joins(k + 1, lambda, 30, &cfg));
                }
            }
        }
    }

    #[test]
    fn a_small_language_gives_its_speakers_many_places_per_post() {
        // Five posts in Russian (lang 1) in all, 1,000 in French (lang 2). Four outside places
        // in Russian texts are four of the five Russian posts; one in French is one in 1,000.
        let c = Corpus::default();
        let l = Languages {
            posts: [(1u32, 5u64), (2, 1000)].into_iter().collect(),
            ..Languages::default()
        };
        let f = Features::default();
        let mut c = c;
        c.lang = vec![1, 1, 1, 1, 2];
        let rates = l.landing_rates(&c, &f, &[], [0u32, 1, 2, 3, 4].into_iter());
        assert!((rates[&1] - 0.8).abs() < 1e-12);
        assert!((rates[&2] - 0.001).abs() < 1e-12);
    }

    #[test]
    fn a_language_community_is_measured_against_its_own_speakers() {
        // Accounts 0-2 write Russian (lang 1), 3-4 French (lang 2), 5 has no language.
        let l = Languages {
            account: vec![1, 1, 1, 2, 2, NONE],
            active: vec![[(1u32, 12u32), (2, 900), (NONE, 88)].into_iter().collect()],
            ..Languages::default()
        };
        assert_eq!(l.pool(0, &[0, 1, 2]), Some(12));
        // A bilingual group draws from both; more languages only widen the pool.
        assert_eq!(l.pool(0, &[0, 3]), Some(912));
        // Without a language, everyone counts.
        assert_eq!(l.pool(0, &[0, 5]), None);
    }

    #[test]
    fn on_a_famous_source_members_must_be_early_post_after_post() {
        // A ring member ahead of nearly all of the audience on ten posts.
        assert!(early_beyond_chance(10.0 * 0.1, 10));
        // A follower at random places: the mean rank is a half.
        assert!(!early_beyond_chance(10.0 * 0.5, 10));
        // Early once is no pattern; early twice at the very front is.
        assert!(!early_beyond_chance(0.1, 1));
        assert!(early_beyond_chance(0.05 + 0.05, 2));
        assert!(!early_beyond_chance(0.0, 0));
    }

    #[test]
    fn members_of_an_early_group_need_only_lean_early() {
        // Forty ring members, each a little ahead of the audience on a hundred posts (mean
        // rank 0.44: z about -2, not enough alone), and one that is not.
        let mut ring = vec![(44.0, 100, 0); 40];
        ring.push((52.0, 100, 0));
        let early = early_members(&ring);
        assert!(early[..40].iter().all(|&e| e));
        assert!(!early[40]);
        // One such member alone is no group.
        assert_eq!(early_members(&[(44.0, 100, 0)]), vec![false]);
        // Followers at random places: no group lean, nobody counts.
        assert!(early_members(&vec![(50.0, 100, 0); 40]).iter().all(|&e| !e));
        // Monotone: an earlier member keeps everyone who counted.
        ring[40] = (30.0, 100, 0);
        assert!(early_members(&ring).iter().all(|&e| e));
        // Twenty ring members far ahead, and a thousand followers swept in with them, a
        // tenth of whom lean early by chance (z = -1.5, below 0.1 each): none is admitted.
        let mut crowd = vec![(20.0, 100, 0); 20];
        crowd.extend(vec![(45.7, 100, 0); 100]);
        crowd.extend(vec![(50.0, 100, 0); 900]);
        let early = early_members(&crowd);
        assert!(early[..20].iter().all(|&e| e));
        assert!(early[20..].iter().all(|&e| !e));
        // Members who never acted on the source are not tested: thirty of them beside two
        // ring members far ahead and a follower behind do not lower the bar to admit it.
        let mut few = vec![(0.0, 0, 3); 30];
        few.extend([(1.0, 10, 0), (1.0, 10, 0), (8.0, 10, 0)]);
        let early = early_members(&few);
        assert_eq!(&early[30..], &[true, true, false]);
        // A member that leans early only at the group's rate: admitted with the group.
        let mut ring = vec![(1.0, 10, 0); 5];
        ring.push((3.2, 10, 0));
        let early = early_members(&ring);
        assert!(!early_beyond_chance(3.2, 10));
        assert!(early[5]);
    }

    #[test]
    fn actions_on_the_same_posts_count_once() {
        // A URL and its domain on the same three posts, and a photo on three others.
        let mut a = vec![
            action(0, vec![1, 2, 3], 3, 3),
            action(1, vec![1, 2, 3], 3, 4),
            action(2, vec![4, 5, 6], 3, 3),
        ];
        let signals = [Signal::Url, Signal::Domain, Signal::Media];
        mark_independent(&mut a, &signals);
        let ind: Vec<bool> = a.iter().map(|x| x.independent).collect();
        assert_eq!(ind, vec![true, false, true]);
    }

    #[test]
    fn two_pushes_of_copies_joined_by_their_site_are_two_acts() {
        // Two texts, each pushed by 4 members (posts 1-4 and 5-8), with links to one site
        // whose episode holds both pushes: the texts count, the domain is built on them.
        let mut a = vec![
            action(1, vec![1, 2, 3, 4, 5, 6, 7, 8], 8, 8),
            action(0, vec![1, 2, 3, 4], 4, 4),
            action(0, vec![5, 6, 7, 8], 4, 4),
        ];
        let signals = [Signal::TextNear, Signal::Domain];
        mark_independent(&mut a, &signals);
        let ind: Vec<bool> = a.iter().map(|x| x.independent).collect();
        assert_eq!(ind, vec![false, true, true]);
        // A more exclusive coarse action still comes first.
        a[0] = action(1, vec![1, 2, 3, 4, 5, 6, 7, 8], 8, 8);
        a[1] = action(0, vec![1, 2, 3, 4], 4, 6);
        a[2] = action(0, vec![5, 6, 7, 8], 4, 6);
        mark_independent(&mut a, &signals);
        let ind: Vec<bool> = a.iter().map(|x| x.independent).collect();
        assert_eq!(ind, vec![true, false, false]);
    }

    #[test]
    fn evidence_falls_as_members_drown_in_a_crowd() {
        assert_eq!(action(0, vec![], 5, 5).evidence(), 1.0);
        assert_eq!(action(0, vec![], 5, 10).evidence(), 1.0);
        assert!((action(0, vec![], 5, 100).evidence() - 0.1).abs() < 1e-12);
    }
}
