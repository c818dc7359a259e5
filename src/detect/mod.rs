//! The decision: which accounts form a coordinated network, a lead, or a brand's own accounts.
//!
//! ```text
//! kept pairs -> communities (Louvain, deterministic) -> group test (split by finer levels
//! when it fails; a passing lump split by the actions its members take part in) -> each
//! grown by the regulars of the seeds it holds, beside the groups other seeds propose ->
//! groups re-joined where both act beyond chance in the same actions -> score (named,
//! additive parts) -> verdict
//! ```
//!
//! Every step is a function with its own tests: `community` (candidates), `louvain`,
//! `episodes` (each object's uses cut once by its own timing, shared by all candidates),
//! `group` (the monotone group test), `score`, `verdict`. The report stage only serialises
//! what this stage decided.

pub mod community;
pub mod episodes;
pub mod group;
pub mod louvain;
pub mod score;
pub mod seeds;
pub mod verdict;

use rayon::prelude::*;
use serde::Serialize;

use crate::features::Features;
use crate::graph::CoactionGraph;
use crate::model::{Corpus, NONE};
pub use group::{Group, GroupAction};
pub use score::{ScoreConfig, ScoreParts};
pub use verdict::Verdict;

/// Settings of the decision.
#[derive(Debug, Clone, Serialize)]
pub struct DetectConfig {
    /// Fewest members of a network.
    pub min_size: usize,
    /// Largest chance probability of members' over-representation on a group action.
    pub group_alpha: f64,
    /// Group actions a member must take part in.
    pub min_member_actions: u32,
    /// Exclusivity-weighted independent group actions a network needs.
    pub min_group_evidence: f64,
    /// Lowest score of a reported network.
    pub min_score: f64,
    pub score: ScoreConfig,
}

impl Default for DetectConfig {
    fn default() -> Self {
        Self {
            min_size: 3,
            group_alpha: 1e-4,
            min_member_actions: 2,
            min_group_evidence: 3.0,
            min_score: 0.5,
            score: ScoreConfig::default(),
        }
    }
}

/// A group with its score and verdict.
#[derive(Debug, Clone)]
pub struct Decided {
    pub group: Group,
    /// Indices into `CoactionGraph::edges` of the kept pairs among members.
    pub edges: Vec<usize>,
    pub parts: ScoreParts,
    pub score: f64,
    pub verdict: Verdict,
}

/// What the decision stage found.
#[derive(Debug, Clone, Default)]
pub struct Detection {
    /// Sorted by score (highest first), then members.
    pub decided: Vec<Decided>,
    /// Communities tested (before splitting).
    pub candidates: usize,
}

/// Runs the decision. See the module documentation.
pub fn detect(c: &Corpus, f: &Features, g: &CoactionGraph, cfg: &DetectConfig) -> Detection {
    let n = c.account_ids.len();
    let comm = community::communities(g, n, cfg.min_size);
    let target_author = target_authors(c);
    let followed = followings(c, &target_author);
    let languages = group::Languages::new(c, f, g);
    let episodes = episodes::Episodes::new(f, g, n);
    let base = score::CorpusBaseline::new(c, f);
    let ctx = group::Context {
        c,
        f,
        g,
        target_author: &target_author,
        followed: &followed,
        languages: &languages,
        episodes: &episodes,
        base: &base,
    };
    let groups: Vec<Group> = comm
        .candidates
        .par_iter()
        .flat_map_iter(|m| try_set(&ctx, cfg, &comm, m, comm.levels.len()))
        .collect();
    let (seeded, offers, site_leads) = seeded(&ctx, cfg, &groups);
    let mut groups = grown(&ctx, cfg, groups, offers);
    groups.extend(seeded);
    let groups = rejoin(&ctx, cfg, groups);
    let leads = site_leads.into_par_iter().map(|g| (g, true));
    let decided: Vec<Decided> = groups
        .into_par_iter()
        .map(|g| (g, false))
        .chain(leads)
        .map(|(group, site_lead)| {
            let (parts, s) = scored(&ctx, cfg, &group);
            let verdict = if site_lead {
                verdict::site_lead(c, &group.members, s)
            } else {
                verdict::verdict(c, &group.members, &parts, s, cfg.min_score)
            };
            let edges = member_edges(&comm.adjacency, &group.members);
            Decided {
                group,
                edges,
                parts,
                score: s,
                verdict,
            }
        })
        .collect();
    let mut decided = uncontained(decided);
    decided.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.group.members.cmp(&b.group.members))
    });
    Detection {
        decided,
        candidates: comm.candidates.len(),
    }
}

/// A held seed's regulars offered to the found group that holds it: (its index, regulars).
type Offer = (usize, Vec<u32>);

/// The groups that private, recurring objects, crowds of copies and rotations propose
/// (`seeds`), where no group the pairs found already holds most of their regulars. Each
/// group must stand (`seeds::stands`), and is split by `apart` only into parts that each
/// stand too. A seed that a found group holds is returned as an offer to that group (its
/// index in `found`, the seed's regulars; see `grown`). A tested seed that does not stand
/// but keeps `seeds::OWN_SITES` sites to itself is returned as a lead (the third list).
fn seeded(
    ctx: &group::Context,
    cfg: &DetectConfig,
    found: &[Group],
) -> (Vec<Group>, Vec<Offer>, Vec<Group>) {
    // The found group of each account (the first, when groups overlap).
    let mut home = vec![u32::MAX; ctx.c.account_ids.len()];
    for (i, g) in found.iter().enumerate() {
        for &m in &g.members {
            if home[m as usize] == u32::MAX {
                home[m as usize] = i as u32;
            }
        }
    }
    // A seed one found group already holds most of is that group's: the group it names.
    let holder = |m: &[u32]| {
        let mut homes: Vec<u32> = m
            .iter()
            .map(|&a| home[a as usize])
            .filter(|&h| h != u32::MAX)
            .collect();
        homes.sort_unstable();
        homes
            .chunk_by(|x, y| x == y)
            .find(|run| 2 * run.len() > m.len())
            .map(|run| run[0] as usize)
    };
    let min_episodes = cfg.min_group_evidence.ceil().max(1.0) as usize;
    let speakers = seeds::Speakers::new(
        &ctx.languages.account,
        ctx.f.accounts.iter().map(|a| a.posts),
    );
    let corpus_ms = ctx.c.time_range().map_or(0, |(lo, hi)| hi - lo);
    let clock_ms = ctx.c.clock_resolution_ms();
    let stands = |g: &Group, crowd: bool| {
        let parts = score::score(ctx.c, ctx.f, g, ctx.base, &cfg.score).0;
        let traits = seeds::Traits {
            timing: parts.timing,
            creation: parts.creation,
            pace: seeds::Pace {
                gap_ms: seeds::median_gap_ms(ctx.f, &g.members, corpus_ms),
                clock_ms,
            },
        };
        seeds::stands(ctx.c, &ctx.g.signals, cfg, &speakers, (g, traits, crowd))
    };
    let crowds: Vec<Vec<u32>> = seeds::crowds(
        ctx.f,
        ctx.g,
        (clock_ms, corpus_ms),
        (cfg.min_size, min_episodes),
    );
    // A private object's seed that crowds proposed too is tested once, as a crowd's: the
    // pair bound cut its pairs, whatever else proposed it.
    let private: Vec<Vec<u32>> = seeds::private_objects(
        ctx.f,
        ctx.g,
        cfg.min_size,
        min_episodes,
        cfg.min_member_actions.max(2),
    )
    .into_iter()
    .filter(|m| crowds.binary_search(m).is_err())
    .collect();
    let rotations: Vec<Vec<u32>> =
        seeds::rotations(ctx.f, ctx.g, clock_ms, (cfg.min_size, min_episodes))
            .into_iter()
            .filter(|m| private.binary_search(m).is_err() && crowds.binary_search(m).is_err())
            .collect();
    // (members, proposed by a crowd rather than a private object or a rotation)
    let proposed: Vec<(Vec<u32>, bool)> = private
        .into_iter()
        .chain(rotations)
        .map(|m| (m, false))
        .chain(crowds.into_iter().map(|m| (m, true)))
        .collect();
    // A held seed's regulars are offered to the group that holds it (`grown`); the others
    // are tested.
    let mut offers: Vec<(usize, Vec<u32>)> = Vec::new();
    let mut free: Vec<(Vec<u32>, bool)> = Vec::new();
    for (m, crowd) in proposed {
        match holder(&m) {
            Some(h) => offers.push((h, m)),
            None => free.push((m, crowd)),
        }
    }
    // (group, proposed by a crowd, stands)
    let tested: Vec<(Group, bool, bool)> = free
        .par_iter()
        .filter(|(m, crowd)| seeds::may_stand(ctx.c, &speakers, m, *crowd))
        .filter_map(|(m, crowd)| group::test(ctx, cfg, m).ok().map(|g| (g, *crowd)))
        .map(|(g, crowd)| {
            let up = stands(&g, crowd);
            (g, crowd, up)
        })
        .collect();
    // A group that does not stand but keeps sites to itself is a lead (`seeds::own_sites`).
    let sites = (cfg.min_size, cfg.group_alpha);
    let site_leads: Vec<Group> = tested
        .iter()
        .filter(|(g, _, up)| {
            !up && seeds::own_sites(g, &ctx.g.signals, &ctx.g.events, sites) >= seeds::OWN_SITES
        })
        .map(|(g, _, _)| g.clone())
        .collect();
    // Each lead is tested once more with the parts it took in: kept where every account of
    // it stays and the sites are still the group's own.
    let site_leads: Vec<Group> = one_per_network(site_leads)
        .into_par_iter()
        .map(|(lead, parts)| {
            let all = union(&lead.members, &parts);
            if all.len() == lead.members.len() {
                return lead;
            }
            match group::test(ctx, cfg, &all) {
                Ok(whole)
                    if within(&lead.members, &whole.members)
                        && seeds::own_sites(&whole, &ctx.g.signals, &ctx.g.events, sites)
                            >= seeds::OWN_SITES =>
                {
                    whole
                }
                _ => lead,
            }
        })
        .collect();
    let seeded = tested
        .into_par_iter()
        .filter(|(_, _, up)| *up)
        .flat_map_iter(|(g, crowd, _)| {
            // Its parts stand instead of it only when each stands as it does.
            let parts = apart(ctx, cfg, g.clone());
            if parts.iter().all(|p| stands(p, crowd)) {
                parts
            } else {
                vec![g]
            }
        })
        .collect();
    (seeded, offers, site_leads)
}

/// One lead per network of sites: the seeds of its several sites propose overlapping parts
/// of it. The largest is kept (ties by members), with the members of the parts more than
/// half inside it (the first kept one that holds them), which are not listed apart.
fn one_per_network(mut leads: Vec<Group>) -> Vec<(Group, Vec<u32>)> {
    leads.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then_with(|| a.members.cmp(&b.members))
    });
    let mut kept: Vec<(Group, Vec<u32>)> = Vec::new();
    for g in leads {
        let inside = |l: &(Group, Vec<u32>)| {
            let shared = g
                .members
                .iter()
                .filter(|m| l.0.members.binary_search(m).is_ok())
                .count();
            2 * shared > g.members.len()
        };
        match kept.iter().position(inside) {
            Some(i) => {
                if let Some((_, parts)) = kept.get_mut(i) {
                    *parts = union(parts, &g.members);
                }
            }
            None => kept.push((g, Vec::new())),
        }
    }
    kept
}

/// The found groups, each grown by the regulars of the seeds it holds (`seeded`). A
/// campaign's pairs find the accounts that posted close together; the accounts that keep
/// putting out its content at other moments (its template, its site's links) have no pairs,
/// but are regulars of the same private objects as the group that holds them. The group is
/// tested with them; a regular joins when it takes part as any member must and puts out the
/// group's own content beyond its tag, with its members (`puts_out_content`): critics and
/// onlookers use a campaign's tag too, in words of their own. The grown group replaces the
/// found one only when it keeps every member, would be reported wherever the found one
/// would (its averages, such as the members' account evidence, can fall), and is a brand's
/// own accounts exactly when the found one is.
///
/// Complexity: at most two group tests per group that holds a seed.
fn grown(
    ctx: &group::Context,
    cfg: &DetectConfig,
    groups: Vec<Group>,
    offers: Vec<(usize, Vec<u32>)>,
) -> Vec<Group> {
    let mut extra: Vec<Vec<u32>> = vec![Vec::new(); groups.len()];
    for (h, m) in offers {
        if let Some(e) = extra.get_mut(h) {
            e.extend(m);
        }
    }
    let owned = |x: &Group| verdict::same_owner(ctx.c, &x.members).is_some();
    let keeps = |g: &Group, bigger: &Group| {
        within(&g.members, &bigger.members)
            && !hides(&[g], &[bigger], |x| reported(ctx, cfg, x))
            && owned(g) == owned(bigger)
    };
    groups
        .into_par_iter()
        .zip(extra)
        .map(|(g, extra)| {
            let mut all = union(&g.members, &extra);
            // At most twice: with every regular, then with those that put out content.
            for _ in 0..2 {
                if all.len() == g.members.len() {
                    return g;
                }
                let Ok(bigger) = group::test(ctx, cfg, &all) else {
                    return g;
                };
                let joined: Vec<u32> = bigger
                    .members
                    .iter()
                    .copied()
                    .filter(|m| g.members.binary_search(m).is_err())
                    .collect();
                let content =
                    puts_out_content(&bigger, &g.members, &ctx.g.signals, |p| ctx.account_of(p));
                let kept: Vec<u32> = joined
                    .iter()
                    .copied()
                    .filter(|a| content.binary_search(a).is_ok())
                    .collect();
                if kept.len() == joined.len() {
                    return if keeps(&g, &bigger) { bigger } else { g };
                }
                all = union(&g.members, &kept);
            }
            g
        })
        .collect()
}

/// The members of `g` with a post in one of its authored actions other than a hashtag's
/// in which members of `found` take part too: those that put out the found group's own
/// texts, pictures, links or hub's posts (not a template of their own, as critics who
/// answer a campaign with the same words).
fn puts_out_content(
    g: &Group,
    found: &[u32],
    signals: &[crate::graph::Signal],
    account_of: impl Fn(u32) -> u32,
) -> Vec<u32> {
    let mut out: Vec<u32> = g
        .actions
        .iter()
        .filter(|a| a.authored)
        .filter(|a| signals.get(a.signal) != Some(&crate::graph::Signal::Hashtags))
        .filter(|a| {
            a.posts
                .iter()
                .any(|&p| found.binary_search(&account_of(p)).is_ok())
        })
        .flat_map(|a| a.posts.iter().map(|&p| account_of(p)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The decided groups without those whose members all belong to one larger reported network
/// that scores at least as high: the pairs of a campaign that acts in parts often reveal a
/// few of its members as a group of their own, beside the whole campaign its seed finds. A
/// network is listed once, and a group is never dropped for a container that is a lead, a
/// brand's accounts, or weaker evidence than its own.
///
/// Complexity: O(G·k·log m) for G groups, each checked against the groups holding its first
/// member.
fn uncontained(decided: Vec<Decided>) -> Vec<Decided> {
    let mut holding: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for (i, d) in decided.iter().enumerate() {
        if d.verdict == Verdict::Network {
            for &m in &d.group.members {
                holding.entry(m).or_default().push(i);
            }
        }
    }
    let inside = |g: &Decided, s: &Decided| {
        s.group.members.len() > g.group.members.len()
            && s.score >= g.score
            && within(&g.group.members, &s.group.members)
    };
    let keep: Vec<bool> = decided
        .iter()
        .map(|g| {
            let first = g.group.members.first();
            let containers = first.and_then(|m| holding.get(m));
            !containers.is_some_and(|cs| cs.iter().any(|&i| inside(g, &decided[i])))
        })
        .collect();
    decided
        .into_iter()
        .zip(keep)
        .filter_map(|(g, k)| k.then_some(g))
        .collect()
}

/// Tests `members` as a group; when it fails, splits it by the next finer Louvain level and
/// tests the parts, and below the finest level tests its densest core. A community that
/// lumps two networks, or a network and the organic accounts chained to it, fails as a whole
/// but its parts pass.
fn try_set(
    ctx: &group::Context,
    cfg: &DetectConfig,
    comm: &community::Communities,
    members: &[u32],
    level: usize,
) -> Vec<Group> {
    if members.len() < cfg.min_size {
        return Vec::new();
    }
    let passed = match group::test(ctx, cfg, members) {
        // The community is (mostly) the group: done. When the test keeps only a minority,
        // the finer structure is searched too (`with_finer`).
        Ok(g) if 2 * g.members.len() >= members.len() => return apart(ctx, cfg, g),
        Ok(g) => Some(g),
        Err(_) => None,
    };
    let parts = finer(ctx, cfg, comm, members, level);
    match passed {
        None => parts,
        Some(g) => with_finer(g, parts),
    }
}

/// What stands when the group test kept `g`, a minority of its community, and the finer
/// structure of the community yields `parts`. A Louvain community can lump a ring with the
/// far larger audience that acts on the same posts; the members the test settles on from
/// that lump are the few most entangled with it, not the ring, which the finer levels (or
/// the densest core) hold whole. So the parts stand; `g` stands beside them where it is
/// apart from them, and instead of them where it overlaps them and holds more members.
fn with_finer(g: Group, parts: Vec<Group>) -> Vec<Group> {
    let found: usize = parts.iter().map(|p| p.members.len()).sum();
    let overlaps = parts
        .iter()
        .any(|p| p.members.iter().any(|m| g.members.binary_search(m).is_ok()));
    match (overlaps, g.members.len() > found) {
        (false, _) => {
            let mut out = parts;
            out.push(g);
            out
        }
        (true, true) => vec![g],
        (true, false) => parts,
    }
}

/// The groups found below a community that is not a group as a whole: its parts at the next
/// finer Louvain level, or below the finest level its densest core.
fn finer(
    ctx: &group::Context,
    cfg: &DetectConfig,
    comm: &community::Communities,
    members: &[u32],
    level: usize,
) -> Vec<Group> {
    let finer = level
        .checked_sub(1)
        .map(|l| community::split(members, &comm.levels[l]));
    match finer {
        Some(parts) if parts.len() > 1 => parts
            .iter()
            .flat_map(|p| try_set(ctx, cfg, comm, p, level - 1))
            .collect(),
        Some(_) => try_set(ctx, cfg, comm, members, level - 1),
        // No finer level tells the parts apart: test the densest core (a ring among the
        // followers who acted near it now and then), when it is smaller.
        None => {
            let core = community::densest_core(&comm.adjacency, members);
            if core.len() < members.len() && core.len() >= cfg.min_size {
                try_set(ctx, cfg, comm, &core, 0)
            } else {
                Vec::new()
            }
        }
    }
}

/// Re-joins groups that act on the same objects: modularity splits a campaign whose members
/// write in several languages, or join it at different times, into parts that each pass the
/// group test. Two groups that share an action (the same object in overlapping
/// episodes) are tested as one; they are linked when the union passes and its members act
/// across the two parts again and again (`joint`), and each set of linked groups is replaced
/// by its union when that passes.
///
/// Complexity: O(G·A) to index the G groups' actions, one group test per pair of groups that
/// share an action, and one per merged set.
fn rejoin(ctx: &group::Context, cfg: &DetectConfig, groups: Vec<Group>) -> Vec<Group> {
    let sets = linked(ctx, cfg, &groups);
    merged(ctx, cfg, groups, sets)
}

/// Sets of groups (indices, each ascending) linked by acting together: two groups that
/// share an action are linked when their union passes the group test and both
/// take part, each beyond chance, in enough of the union's actions (`joint`).
fn linked(ctx: &group::Context, cfg: &DetectConfig, groups: &[Group]) -> Vec<Vec<usize>> {
    let links: Vec<(usize, usize)> = touching(groups, &ctx.g.signals)
        .into_par_iter()
        .filter(|&(a, b)| {
            let (x, y) = (&groups[a].members, &groups[b].members);
            // Each part's share, once per signal.
            let shares: Vec<(f64, f64)> = (0..ctx.g.signals.len())
                .map(|si| (group::share(ctx, si, x), group::share(ctx, si, y)))
                .collect();
            group::test(ctx, cfg, &union(x, y)).is_ok_and(|u| {
                joint(
                    &u,
                    (x, y),
                    |p| ctx.account_of(p),
                    &shares,
                    (&ctx.g.signals, cfg),
                ) >= cfg.min_group_evidence - 1e-9
            })
        })
        .collect();
    let mut uf = petgraph::unionfind::UnionFind::<usize>::new(groups.len());
    for (a, b) in links {
        uf.union(a, b);
    }
    let mut sets: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for gi in 0..groups.len() {
        sets.entry(uf.find(gi)).or_default().push(gi);
    }
    sets.into_values().collect()
}

/// Each set of linked groups replaced by its union when that passes the group test and, where
/// one of the groups would be reported, the union would be too (re-joining adds evidence, and
/// more evidence never hides a network); the groups stay as they are otherwise.
fn merged(
    ctx: &group::Context,
    cfg: &DetectConfig,
    groups: Vec<Group>,
    sets: Vec<Vec<usize>>,
) -> Vec<Group> {
    let mut out = Vec::new();
    let mut slots: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
    for ids in sets {
        if ids.len() > 1 {
            let all: Vec<u32> = ids
                .iter()
                .filter_map(|&i| slots[i].as_ref())
                .flat_map(|g| g.members.iter().copied())
                .collect();
            if let Ok(g) = group::test(ctx, cfg, &union(&all, &[])) {
                let parts: Vec<&Group> = ids.iter().filter_map(|&i| slots[i].as_ref()).collect();
                if !hides(&parts, &[&g], |x| reported(ctx, cfg, x)) {
                    out.push(g);
                    continue;
                }
            }
        }
        out.extend(ids.into_iter().filter_map(|i| slots[i].take()));
    }
    out
}

/// Splits a group that lumps networks which only meet on crowd objects. The group test
/// sums evidence, so a community holding two reshare rings, a relay and a camouflaged
/// campaign passes on each one's own actions, and the trending hashtags and news links that
/// a few members of each used in the same hour chain them into one network. The members are
/// partitioned by the actions they take part in (Louvain on the bipartite graph of members
/// and independent actions, weighted by evidence, coarsest level); when at least two parts
/// pass the test alone and they are not linked again as one campaign's parts are (`linked`:
/// each part beyond chance in the same actions, again and again), the parts stand instead
/// of the whole. A single campaign stays whole: its parts act together on its own objects.
fn apart(ctx: &group::Context, cfg: &DetectConfig, g: Group) -> Vec<Group> {
    let parts: Vec<Vec<u32>> = action_parts(&g, |p| ctx.account_of(p))
        .into_iter()
        .filter(|p| p.len() >= cfg.min_size)
        .collect();
    if parts.len() < 2 {
        return vec![g];
    }
    let passed: Vec<Group> = parts
        .iter()
        .filter_map(|p| group::test(ctx, cfg, p).ok())
        .collect();
    if passed.len() < 2 {
        return vec![g];
    }
    let sets = linked(ctx, cfg, &passed);
    if sets.len() < 2 {
        return vec![g];
    }
    let found = merged(ctx, cfg, passed, sets);
    // The members no part kept took part in the lump's actions: each goes to the part it
    // acted with most, which keeps it when it passes the test with it (and loses no one).
    let homes = homes(&g, &found, |p| ctx.account_of(p));
    let found: Vec<Group> = found
        .into_iter()
        .zip(homes)
        .map(|(part, extra)| {
            if extra.is_empty() {
                return part;
            }
            match group::test(ctx, cfg, &union(&part.members, &extra)) {
                Ok(bigger) if part.members.iter().all(|m| bigger.members.contains(m)) => bigger,
                _ => part,
            }
        })
        .collect();
    // More evidence never hides a network: a lump that would be reported stays whole unless
    // every part would be reported too.
    let is = |x: &Group| reported(ctx, cfg, x);
    if hides(&[&g], &found.iter().collect::<Vec<_>>(), is) {
        return vec![g];
    }
    found
}

/// Whether replacing the groups `before` by `after` (a lump by its parts, or parts by their
/// union) would hide a network: some group before would be reported (`reported`) and not
/// every group after would be. Splitting and re-joining only add evidence, and more evidence
/// never hides a network.
fn hides(before: &[&Group], after: &[&Group], reported: impl Fn(&Group) -> bool) -> bool {
    before.iter().any(|g| reported(g)) && !after.iter().all(|g| reported(g))
}

/// The group's score parts and its score, rounded to the four decimals the report shows (so
/// the cut at `min_score` is the one a reader can check).
fn scored(ctx: &group::Context, cfg: &DetectConfig, g: &Group) -> (ScoreParts, f64) {
    let (parts, s) = score::score(ctx.c, ctx.f, g, ctx.base, &cfg.score);
    (parts, (s * 10_000.0).round() / 10_000.0)
}

/// Whether the group scores as a network (before the same-owner check, which only lists a
/// reported group apart).
fn reported(ctx: &group::Context, cfg: &DetectConfig, g: &Group) -> bool {
    scored(ctx, cfg, g).1 >= cfg.min_score
}

/// Whether every account of `a` is in `b` (both sorted).
fn within(a: &[u32], b: &[u32]) -> bool {
    a.iter().all(|m| b.binary_search(m).is_ok())
}

/// The sorted union of two member lists.
fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut members: Vec<u32> = a.iter().chain(b).copied().collect();
    members.sort_unstable();
    members.dedup();
    members
}

/// For each of `parts`, the members of `g` in no part whose actions in `g` it shares most
/// (by evidence; ties to the first part; the largest part when it shares none), ascending.
fn homes(g: &Group, parts: &[Group], account_of: impl Fn(u32) -> u32) -> Vec<Vec<u32>> {
    // The part of each member of `g` (by its index in `g.members`), if any.
    let mut part_of: Vec<Option<usize>> = vec![None; g.members.len()];
    for (pi, p) in parts.iter().enumerate() {
        for a in &p.members {
            if let Ok(i) = g.members.binary_search(a) {
                part_of[i].get_or_insert(pi);
            }
        }
    }
    let in_part = |a: u32| g.members.binary_search(&a).ok().and_then(|i| part_of[i]);
    let left: Vec<u32> = g
        .members
        .iter()
        .zip(&part_of)
        .filter(|(_, p)| p.is_none())
        .map(|(&a, _)| a)
        .collect();
    let mut affinity = vec![vec![0.0f64; parts.len()]; left.len()];
    // Every action counts here, dependent ones too: a member may have taken part only
    // through a post whose stronger action is another's.
    for act in &g.actions {
        let who: Vec<u32> = act.posts.iter().map(|&p| account_of(p)).collect();
        let touched: std::collections::BTreeSet<usize> =
            who.iter().filter_map(|&a| in_part(a)).collect();
        for a in &who {
            if let Ok(i) = left.binary_search(a) {
                for &pi in &touched {
                    affinity[i][pi] += act.evidence();
                }
            }
        }
    }
    // A member that shares no action with any part goes to the largest.
    let largest = (0..parts.len()).max_by(|&x, &y| {
        parts[x]
            .members
            .len()
            .cmp(&parts[y].members.len())
            .then(y.cmp(&x))
    });
    let mut out = vec![Vec::new(); parts.len()];
    for (a, row) in left.iter().zip(&affinity) {
        let best = row
            .iter()
            .enumerate()
            .filter(|(_, w)| **w > 0.0)
            .max_by(|x, y| x.1.total_cmp(y.1).then(y.0.cmp(&x.0)))
            .map(|(pi, _)| pi)
            .or(largest);
        if let Some(pi) = best {
            out[pi].push(*a);
        }
    }
    out
}

/// The members of `g` partitioned by the independent actions they take part in: the
/// coarsest Louvain level of the bipartite graph of members and actions (each membership
/// weighted by the action's evidence), one part per label, in label order. One part when
/// Louvain finds no structure.
fn action_parts(g: &Group, account_of: impl Fn(u32) -> u32) -> Vec<Vec<u32>> {
    let m = g.members.len();
    let acts: Vec<&GroupAction> = g.actions.iter().filter(|a| a.independent).collect();
    let mut adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); m + acts.len()];
    for (ai, act) in acts.iter().enumerate() {
        let node = (m + ai) as u32;
        let mut who: Vec<u32> = act
            .posts
            .iter()
            .filter_map(|&p| g.members.binary_search(&account_of(p)).ok())
            .map(|i| i as u32)
            .collect();
        who.sort_unstable();
        who.dedup();
        let w = act.evidence();
        for &i in &who {
            adj[i as usize].push((node, w));
            adj[node as usize].push((i, w));
        }
    }
    let levels = louvain::levels(&adj);
    match levels.last() {
        Some(labels) => community::split(&(0..m as u32).collect::<Vec<_>>(), &labels[..m])
            .into_iter()
            .map(|part| part.into_iter().map(|i| g.members[i as usize]).collect())
            .collect(),
        None => vec![g.members.clone()],
    }
}

/// The pairs of groups (indices, ascending) that share an action: the same object in
/// overlapping episodes. Each group's independent actions count, and its hashtag actions
/// that ride on its own copies: a campaign's language parts each copy texts in their own
/// language, so only the campaign's tags, carried by the copies, can show that they meet.
/// Links and sites do not count so: a news article or a video site that two campaigns both
/// paste is the web's, not a bond between them.
fn touching(groups: &[Group], signals: &[crate::graph::Signal]) -> Vec<(usize, usize)> {
    // (signal, object) -> (group, first, last) of each such action on it.
    type Uses = Vec<(usize, i64, i64)>;
    let mut owner: std::collections::BTreeMap<(usize, u32), Uses> = Default::default();
    for (gi, g) in groups.iter().enumerate() {
        for a in g.actions.iter().filter(|a| rejoins(a, signals)) {
            owner
                .entry((a.signal, a.object))
                .or_default()
                .push((gi, a.first_ms, a.last_ms));
        }
    }
    let mut pairs = std::collections::BTreeSet::new();
    for uses in owner.values() {
        for (i, x) in uses.iter().enumerate() {
            for y in &uses[i + 1..] {
                if x.0 != y.0 && x.1 <= y.2 && y.1 <= x.2 {
                    pairs.insert((x.0.min(y.0), x.0.max(y.0)));
                }
            }
        }
    }
    pairs.into_iter().collect()
}

/// Whether an action can join two groups (`touching`, `joint`): an independent one, or a
/// hashtag action riding on the group's own copies.
fn rejoins(a: &GroupAction, signals: &[crate::graph::Signal]) -> bool {
    a.independent || signals.get(a.signal) == Some(&crate::graph::Signal::Hashtags)
}

/// The evidence of the union's actions in which both parts take part beyond chance: each
/// part over-represented among the action's users once the other part is set aside
/// (`group::over_represented` at its own share, `shares` per signal for `a` and `b`). The
/// actions counted are the union's independent ones and its hashtag actions, once per act:
/// among them, one built on the posts of a stronger one adds nothing
/// (`group::mark_independent`). The parts of one campaign act together on photo after photo
/// and link after link; two campaigns that met on a trending hashtag or a news link, a few
/// members of each among its users, did not act together there, however often that
/// happened. A campaign's language parts each copy their own texts and share only the
/// campaign's tags, which ride on the copies' posts and so add nothing to either part's
/// evidence, yet are the act the parts share (see `touching`). Monotone: another shared
/// action can only add to it.
fn joint(
    union: &Group,
    (a, b): (&[u32], &[u32]),
    account_of: impl Fn(u32) -> u32,
    shares: &[(f64, f64)],
    (signals, cfg): (&[crate::graph::Signal], &DetectConfig),
) -> f64 {
    let mut shared: Vec<GroupAction> = union
        .actions
        .iter()
        .filter(|act| {
            let count = |part: &[u32]| {
                act.posts
                    .iter()
                    .filter(|&&p| part.binary_search(&account_of(p)).is_ok())
                    .count() as u32
            };
            let (ma, mb) = (count(a), count(b));
            let (sa, sb) = shares.get(act.signal).copied().unwrap_or((1.0, 1.0));
            let beyond = |m: u32, other: u32, share: f64| {
                m > 0 && group::over_represented(act.users.saturating_sub(other), m, share, cfg)
            };
            rejoins(act, signals) && beyond(ma, mb, sa) && beyond(mb, ma, sb)
        })
        .cloned()
        .collect();
    group::mark_independent(&mut shared, signals);
    shared
        .iter()
        .filter(|act| act.independent)
        .map(GroupAction::evidence)
        .sum()
}

/// The author of each reshare/reply target that is itself a post of the corpus.
fn target_authors(c: &Corpus) -> Vec<u32> {
    c.targets
        .iter()
        .map(|(_, id)| {
            c.post_ids
                .get(id)
                .and_then(|p| c.account.get(p as usize))
                .map_or(NONE, |a| a.0)
        })
        .collect()
}

/// Which accounts draw a following in the corpus rather than a crew: those whose audience
/// (the distinct other accounts that reshared or replied to their posts) is at least
/// `FOLLOWING` times what their typical post draws (the upper median over their posts that
/// drew anyone, of which there must be two or more; and at least three: a post fewer act on
/// holds no group action, and a ratio of ones and twos is noise). If each of A accounts
/// acts on a post with chance q, a post draws about q·A of them, so the ratio estimates
/// 1/q: an outlet's or a celebrity's followers each act on a few of its posts, a ring or a
/// farm acts on most of its hub's. Where no profile says how known an account is, this is
/// how the group test tells a source that an audience converges on (see `group::judge`).
fn followings(c: &Corpus, target_author: &[u32]) -> Vec<bool> {
    let acts: Vec<(u32, u32, u32)> = (0..c.len())
        .flat_map(|p| [c.reshare_of[p], c.reply_to[p]].map(|t| (p, t)))
        .filter(|&(_, t)| t != NONE)
        .filter_map(|(p, t)| {
            let author = target_author.get(t as usize).copied().unwrap_or(NONE);
            let who = c.account[p].0;
            (author != NONE && author != who).then_some((author, t, who))
        })
        .collect();
    followed_authors(acts, c.account_ids.len())
}

/// `followings` on `(author, target post, account acting on it)` triples, for `n` accounts.
fn followed_authors(mut acts: Vec<(u32, u32, u32)>, n: usize) -> Vec<bool> {
    // One act per account and post.
    acts.par_sort_unstable();
    acts.dedup();
    let mut out = vec![false; n];
    let mut audience: Vec<u32> = Vec::new();
    let mut reach: Vec<usize> = Vec::new();
    for run in acts.chunk_by(|x, y| x.0 == y.0) {
        reach.clear();
        reach.extend(run.chunk_by(|x, y| x.1 == y.1).map(<[_]>::len));
        if reach.len() < 2 {
            continue;
        }
        reach.sort_unstable();
        let median = reach[reach.len() / 2];
        audience.clear();
        audience.extend(run.iter().map(|x| x.2));
        audience.sort_unstable();
        audience.dedup();
        if let Some(slot) = out.get_mut(run[0].0 as usize) {
            *slot = median >= 3 && audience.len() >= FOLLOWING * median;
        }
    }
    out
}

/// How many times its typical post's reach an account's whole audience must be for it to
/// count as followed (each follower acts on at most about a quarter of its posts). See
/// `followings`.
const FOLLOWING: usize = 4;

/// Indices of the kept pairs among `members` (sorted), ascending.
fn member_edges(adjacency: &[Vec<(u32, usize)>], members: &[u32]) -> Vec<usize> {
    let mut out: Vec<usize> = members
        .iter()
        .flat_map(|&a| {
            adjacency[a as usize]
                .iter()
                .filter(move |(b, _)| a < *b && members.binary_search(b).is_ok())
                .map(|&(_, e)| e)
        })
        .collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_network_of_sites_is_one_lead() {
        let g = |m: std::ops::Range<u32>| group(m.collect(), &[]);
        // Three sites' seeds found overlapping parts of one network (0..27); another network
        // (25..35) shares two accounts with it.
        let leads = one_per_network(vec![g(0..23), g(2..27), g(5..26), g(25..35)]);
        let sizes: Vec<(u32, usize)> = leads
            .iter()
            .map(|l| (l.0.members[0], l.0.members.len()))
            .collect();
        assert_eq!(sizes, vec![(2, 25), (25, 10)]);
        // The parts taken in are offered to the lead that holds them.
        assert_eq!(leads[0].1, (0..26).collect::<Vec<u32>>());
        assert!(leads[1].1.is_empty());
        // The order they come in does not matter.
        let again = one_per_network(vec![g(25..35), g(5..26), g(0..23), g(2..27)]);
        assert_eq!(again, leads);
    }

    /// A group whose independent actions are `(object, first_ms, last_ms, posts)` on signal
    /// 0, each with members the only users (evidence 1); post p is account p's.
    fn group(members: Vec<u32>, acts: &[(u32, i64, i64, &[u32])]) -> Group {
        let actions = acts
            .iter()
            .map(|&(object, first_ms, last_ms, posts)| {
                let n = posts.len() as u32;
                GroupAction {
                    object,
                    first_ms,
                    last_ms,
                    independent: true,
                    ..GroupAction::for_test(0, posts.to_vec(), n, n)
                }
            })
            .collect();
        Group {
            members,
            actions,
            evidence: acts.len() as f64,
        }
    }

    #[test]
    fn an_outlet_draws_a_following_a_ring_hub_draws_a_crew() {
        let mut acts = Vec::new();
        // Account 0, an outlet: 20 posts, each reshared by 6 of its 60 followers in turn (a
        // tenth of them per post).
        for post in 0..20u32 {
            for k in 0..6u32 {
                acts.push((0, post, 100 + (post * 6 + k) % 60));
            }
        }
        // Account 1, a ring's hub: 20 posts, each reshared by 8 of the same 10 members.
        for post in 20..40u32 {
            for k in 0..8u32 {
                acts.push((1, post, 200 + (post + k) % 10));
            }
        }
        // Account 2: 12 posts, each reshared once by someone new (12 accounts, a post
        // reaching one: too thin to tell a following from chance).
        for post in 40..52u32 {
            acts.push((2, post, 300 + post));
        }
        // Account 3: one post reshared by 50 accounts (one post tells nothing).
        for k in 0..50u32 {
            acts.push((3, 60, 400 + k));
        }
        // Account 4: three posts drawing 3, 3 and 9 of 12 accounts; the median reach is 3
        // and 12 is four times it: followed. Account 5: the same with 11 accounts (one
        // fewer than four times 3): not. Account 6: four posts drawing 2 each of 8 (four
        // times, but a reach of two is noise): not.
        let span = |author: u32, post: u32, from: u32, n: u32| {
            (from..from + n).map(move |w| (author, post, w))
        };
        acts.extend(span(4, 70, 600, 3).chain(span(4, 71, 603, 3)));
        acts.extend(span(4, 72, 603, 9));
        acts.extend(span(5, 73, 700, 3).chain(span(5, 74, 702, 3)));
        acts.extend(span(5, 75, 702, 9));
        for (k, post) in (76..80u32).enumerate() {
            acts.extend(span(6, post, 800 + 2 * k as u32, 2));
        }
        let followed = followed_authors(acts.clone(), 900);
        assert_eq!(
            &followed[..7],
            &[true, false, false, false, true, false, false]
        );
        // A repeated act counts once: the hub resharing loop changes nothing.
        acts.extend(acts.clone());
        assert_eq!(followed_authors(acts, 900), followed);
    }

    #[test]
    fn only_regulars_that_put_out_the_found_groups_content_with_it_count() {
        use crate::graph::Signal;
        // Post p is account p's. The found group is 1-3; 4-9 were offered.
        let signals = [Signal::TextNear, Signal::Hashtags, Signal::Domain];
        let act = |signal: usize, posts: &[u32], authored: bool| GroupAction {
            authored,
            ..GroupAction::for_test(signal, posts.to_vec(), posts.len() as u32, 9)
        };
        let g = Group {
            members: (1..=9).collect(),
            actions: vec![
                // The group's text, copied by 4 with members of the found group.
                act(0, &[1, 2, 4], true),
                // The campaign's site, linked by 5 with them.
                act(2, &[3, 5], true),
                // The tag alone: 6 uses it with them.
                act(1, &[1, 6], true),
                // A template of the offered accounts' own: 7, 8, 9 and no one found.
                act(0, &[7, 8, 9], true),
                // Not authored (converging on a famous source): 8 with the found group.
                act(0, &[2, 8], false),
            ],
            evidence: 5.0,
        };
        assert_eq!(
            puts_out_content(&g, &[1, 2, 3], &signals, |p| p),
            [1, 2, 3, 4, 5]
        );
    }

    #[test]
    fn a_minority_kept_from_a_lump_gives_way_to_the_ring_below_it() {
        let p: &[u32] = &[];
        // From a community of a ring (1..=6) and its audience, the test kept two accounts;
        // the finer level holds the ring whole.
        let kept = group(vec![2, 3], &[(10, 0, 1, p)]);
        let ring = group(vec![1, 2, 3, 4, 5, 6], &[(10, 0, 1, p)]);
        let out = with_finer(kept.clone(), vec![ring.clone()]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].members, ring.members);
        // Nothing below: what was kept stands.
        assert_eq!(with_finer(kept.clone(), Vec::new())[0].members, vec![2, 3]);
        // A separate group below stands beside it.
        let other = group(vec![7, 8, 9], &[(11, 0, 1, p)]);
        assert_eq!(with_finer(kept, vec![other]).len(), 2);
        // A larger kept group is not replaced by smaller overlapping parts.
        let big = group(vec![1, 2, 3, 4, 5, 6, 7, 8], &[(10, 0, 1, p)]);
        let part = group(vec![1, 2, 3], &[(10, 0, 1, p)]);
        assert_eq!(with_finer(big, vec![part])[0].members.len(), 8);
    }

    #[test]
    fn splitting_or_rejoining_never_hides_a_reported_network() {
        let p: &[u32] = &[];
        // A ring that would be reported (members 1-3) and a fan crowd that would not (4-9).
        let ring = group(vec![1, 2, 3], &[(10, 0, 1, p)]);
        let fans = group(vec![4, 5, 6, 7, 8, 9], &[(11, 0, 1, p)]);
        let lump = group((1..=9).collect(), &[(10, 0, 1, p), (11, 0, 1, p)]);
        let ring_only = |g: &Group| g.members == vec![1, 2, 3];
        // Re-joining the ring with the fans into a union that scores as a lead hides the ring.
        assert!(hides(&[&ring, &fans], &[&lump], ring_only));
        // A union that would be reported hides nothing.
        assert!(!hides(&[&ring, &fans], &[&lump], |_: &Group| true));
        // Splitting a reported lump into a reported ring and a lead hides the fans' part of it.
        assert!(hides(&[&lump], &[&ring, &fans], |g: &Group| g.members
            != fans.members));
        // Splitting it into parts that are each reported, or a lump no one would report, does not.
        assert!(!hides(&[&lump], &[&ring, &fans], |_: &Group| true));
        assert!(!hides(&[&lump], &[&ring, &fans], ring_only));
    }

    #[test]
    fn groups_touch_when_they_use_an_object_at_the_same_time() {
        let p: &[u32] = &[];
        let fr = group(vec![1, 2, 3], &[(10, 0, 100, p), (11, 500, 600, p)]);
        let en = group(vec![4, 5, 6], &[(10, 50, 150, p)]);
        // The same photo on another day.
        let late = group(vec![7, 8, 9], &[(11, 5000, 5100, p)]);
        let media = [crate::graph::Signal::Media];
        assert_eq!(
            touching(&[fr.clone(), en.clone(), late], &media),
            vec![(0, 1)]
        );
        // A copy that is not independent in its group (its posts are a stronger copy's) does
        // not make the groups meet; a hashtag riding on those posts does.
        let mut dependent = en.clone();
        dependent.actions[0].independent = false;
        assert!(touching(&[fr.clone(), dependent.clone()], &media).is_empty());
        let tags = [crate::graph::Signal::Hashtags];
        assert_eq!(
            touching(&[fr.clone(), dependent.clone()], &tags),
            vec![(0, 1)]
        );
        // A link or site riding on those posts does not: two campaigns that paste the same
        // article or video site did not meet there.
        for s in [crate::graph::Signal::Url, crate::graph::Signal::Domain] {
            assert!(touching(&[fr.clone(), dependent.clone()], &[s]).is_empty());
        }
    }

    #[test]
    fn parts_join_when_they_act_together_again_and_again() {
        use crate::graph::Signal;
        let cfg = DetectConfig::default();
        let (fr, en): (&[u32], &[u32]) = (&[1, 2, 3, 4], &[5, 6, 7, 8]);
        // Each part is a thousandth of who could have acted.
        let share = &[(0.001, 0.001)];
        // Two language parts of one campaign on the same three photos, and a photo of the
        // French part's own.
        let together = group(
            vec![1, 2, 3, 4, 5, 6, 7, 8],
            &[
                (10, 0, 1, &[1, 2, 5, 6]),
                (11, 5, 6, &[2, 3, 6, 7]),
                (12, 9, 9, &[3, 4, 7, 8]),
                (13, 20, 21, &[1, 2, 3]),
            ],
        );
        assert_eq!(
            joint(
                &together,
                (fr, en),
                |p| p,
                share,
                (&[Signal::Media; 20], &cfg)
            ),
            3.0
        );
        // Two rings that each met a trending hashtag's crowd: the union passes on each one's
        // own actions; in the crowded ones (20 users) each has one or two members.
        let mut met = group(
            vec![1, 2, 3, 4, 5, 6, 7, 8],
            &[
                (10, 0, 1, &[1, 2, 5, 6]),
                (11, 5, 6, &[3, 6, 7]),
                (12, 8, 9, &[4, 8]),
                (13, 9, 9, &[1, 2, 3]),
                (14, 9, 9, &[5, 6, 7]),
            ],
        );
        for a in &mut met.actions[..3] {
            a.users = 20;
        }
        assert_eq!(
            joint(&met, (fr, en), |p| p, share, (&[Signal::Media; 20], &cfg)),
            0.0
        );
        // Monotone: a shared photo of their own adds to it.
        met.actions[0].users = 4;
        assert_eq!(
            joint(&met, (fr, en), |p| p, share, (&[Signal::Media; 20], &cfg)),
            1.0
        );
    }

    #[test]
    fn language_parts_join_on_the_tags_their_copies_carry() {
        use crate::graph::Signal;
        let cfg = DetectConfig::default();
        let signals = [Signal::TextNear, Signal::Hashtags];
        let (fr, en): (&[u32], &[u32]) = (&[1, 2, 3, 4], &[5, 6, 7, 8]);
        let share = &[(0.001, 0.001), (0.001, 0.001)];
        // Post 100·k + a is account a's post number k. Each part copies texts of its own
        // language (signal 0), three times; the campaign's tags (signal 1) ride on those
        // copies in both languages, so in the union they add nothing to either part's
        // evidence (not independent), yet they are what the parts do together.
        let mut together = group(vec![1, 2, 3, 4, 5, 6, 7, 8], &[]);
        for k in 0..3u32 {
            for part in [fr, en] {
                let posts: Vec<u32> = part.iter().map(|a| 100 * k + a).collect();
                together.actions.push(GroupAction {
                    object: 10 + k,
                    independent: true,
                    ..GroupAction::for_test(0, posts, 4, 4)
                });
            }
            let posts = vec![100 * k + 1, 100 * k + 2, 100 * k + 5, 100 * k + 6];
            together.actions.push(GroupAction {
                object: 20 + k,
                first_ms: i64::from(k),
                last_ms: i64::from(k),
                independent: false,
                ..GroupAction::for_test(1, posts, 4, 4)
            });
        }
        let account_of = |p: u32| p % 100;
        let joint_tags = joint(&together, (fr, en), account_of, share, (&signals, &cfg));
        assert_eq!(joint_tags, 3.0);
        // Counted once per act: the same posts' second tag adds nothing.
        let mut twice = together.clone();
        let again = GroupAction {
            object: 30,
            ..twice.actions[2].clone()
        };
        twice.actions.push(again);
        assert_eq!(
            joint(&twice, (fr, en), account_of, share, (&signals, &cfg)),
            3.0
        );
        // A site riding on the copies is not the act the parts share: the same posts' domain
        // counts only where it is independent.
        let signals = [Signal::TextNear, Signal::Domain];
        assert_eq!(
            joint(&together, (fr, en), account_of, share, (&signals, &cfg)),
            0.0
        );
        // Parts that only copy their own texts share nothing.
        let signals = [Signal::TextNear, Signal::Hashtags];
        together.actions.retain(|a| a.signal == 0);
        assert_eq!(
            joint(&together, (fr, en), account_of, share, (&signals, &cfg)),
            0.0
        );
    }

    #[test]
    fn a_lump_of_two_rings_parts_by_the_actions_each_takes_part_in() {
        // Ring 1..=6 acts on objects 10-13, ring 7..=12 on 20-23; both met on object 30.
        let (r1, r2): (&[u32], &[u32]) = (&[1, 2, 3, 4, 5, 6], &[7, 8, 9, 10, 11, 12]);
        let mut acts: Vec<(u32, i64, i64, &[u32])> = Vec::new();
        for o in 10..14 {
            acts.push((o, 0, 1, r1));
        }
        for o in 20..24 {
            acts.push((o, 0, 1, r2));
        }
        acts.push((30, 0, 1, &[3, 4, 9, 10]));
        let lump = group((1..=12).collect(), &acts);
        let parts = action_parts(&lump, |p| p);
        assert_eq!(parts, vec![r1.to_vec(), r2.to_vec()]);
        // One ring on its own objects stays one part.
        let one = group(r1.to_vec(), &acts[..4]);
        assert_eq!(action_parts(&one, |p| p), vec![r1.to_vec()]);
    }

    #[test]
    fn members_no_part_kept_go_to_the_part_they_acted_with_most() {
        let p: &[u32] = &[];
        let a = group(vec![1, 2, 3], &[(10, 0, 1, p)]);
        let b = group(vec![4, 5, 6], &[(20, 0, 1, p)]);
        // 7 acted twice with part a and once with b; 8 with b only; 9 with no part (it goes
        // to the largest, the first of two equal).
        let lump = group(
            (1..=9).collect(),
            &[
                (10, 0, 1, &[1, 2, 7]),
                (11, 0, 1, &[2, 3, 7]),
                (20, 0, 1, &[4, 7, 8]),
                (30, 0, 1, &[9]),
            ],
        );
        assert_eq!(homes(&lump, &[a, b], |p| p), vec![vec![7, 9], vec![8]]);
    }
}
