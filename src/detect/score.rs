//! The score of a group: additive evidence, each part reported with its named weight.
//!
//! | part | in | what real behaviour it measures |
//! |---|---|---|
//! | `authored` | 0..1 | members repeatedly put out the same content of their own (texts, links, media, hashtags, or reshares of a member's post unless that member is an established account): 1 − e^(−A/4) for A the exclusivity-weighted independent authored group actions |
//! | `timing` | 0..1 | members are among the first to act on objects others also use, object after object: a rank test against uniform order (z over every member's first-use rank, on episodes where members are at most half the users), needing no absolute delay; 1 − e^(−max(z − 3, 0)/4), times the members' weight in those audiences (a ring is a large part of who reshares its outlet; fast fans are a few among a celebrity's many) |
//! | `repetition` | 0..1 | how often the group acts together at all: 1 − e^(−R/10) for R the weighted independent group actions, where converging on posts of one established source (a celebrity, an outlet) counts once: its audience does that by following it, and a fan club can be most of a celebrity's resharers in a corpus, post after post; each such action counts in full as far as the group is there first beyond chance on that source's posts (the rank test of `timing`, per source), which an audience is not (monotone in earliness; a late action lowers that rank test) |
//! | `burst` | 0..1 | the members' posts concentrate in one day against the corpus's own baseline (`features::timing`) |
//! | `accounts` | −1..1 | accusing: members emptier than the corpus's accounts on average (emptiness shrunk by how much profile data exists, relative to the corpus mean), or creation dates clustered relative to all accounts; exonerating: verified accounts and large followings |
//!
//! E = Σ weight·part, score = 1 − e^(−max(E, 0)). Each part is monotone in its evidence, so
//! more evidence never lowers a score. Fans resharing a celebrity repeat (repetition) but act
//! in no particular rank, write nothing of their own and are established: they stay low. A
//! reshare ring of aged accounts has no account evidence but acts first, post after post; a
//! burst of shell accounts copies its own content.

use serde::Serialize;

use super::group::Group;
use crate::features::{Features, timing};
use crate::model::Corpus;

/// Weights of the score parts (reported in `parameters`).
#[derive(Debug, Clone, Serialize)]
pub struct ScoreConfig {
    pub authored: f64,
    pub timing: f64,
    pub repetition: f64,
    pub burst: f64,
    pub accounts: f64,
}

impl Default for ScoreConfig {
    fn default() -> Self {
        Self {
            authored: 1.0,
            timing: 1.0,
            repetition: 0.5,
            burst: 0.6,
            accounts: 1.0,
        }
    }
}

/// The parts of a score, and the figures behind them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct ScoreParts {
    pub authored: f64,
    pub timing: f64,
    pub repetition: f64,
    pub burst: f64,
    pub accounts: f64,
    /// Exclusivity-weighted independent authored group actions.
    pub authored_actions: f64,
    /// Weighted independent group actions of any kind.
    pub group_actions: f64,
    /// Rank test z (members earlier than other users when positive).
    pub rank_z: f64,
    /// The members' weight in the audiences they are early in: the evidence (twice their
    /// share of the users, at most 1) of the ranked actions, weighted as in the rank test.
    #[serde(default)]
    pub audience_share: f64,
    /// Members' mean emptiness, each shrunk by its confidence.
    pub emptiness: f64,
    /// How much emptier members are than the corpus's accounts on average (0..1).
    pub empty_excess: f64,
    /// How much more clustered members' creation dates are than all accounts' (0..1).
    pub creation: f64,
    /// Members' mean established-ness (verified, large followings), 0..1.
    pub established: f64,
    /// Share of members with profile data.
    pub profile_coverage: f64,
}

impl ScoreParts {
    /// The same parts with every figure passed through `f` (the report rounds them).
    pub fn map(&self, f: impl Fn(f64) -> f64) -> Self {
        Self {
            authored: f(self.authored),
            timing: f(self.timing),
            repetition: f(self.repetition),
            burst: f(self.burst),
            accounts: f(self.accounts),
            authored_actions: f(self.authored_actions),
            group_actions: f(self.group_actions),
            rank_z: f(self.rank_z),
            audience_share: f(self.audience_share),
            emptiness: f(self.emptiness),
            empty_excess: f(self.empty_excess),
            creation: f(self.creation),
            established: f(self.established),
            profile_coverage: f(self.profile_coverage),
        }
    }
}

/// What every group is compared with, computed once per corpus.
#[derive(Debug, Clone, Default)]
pub struct CorpusBaseline {
    /// Creation times of all dated accounts, sorted.
    pub dated_sorted: Vec<i64>,
    /// Mean emptiness (shrunk by confidence) of the accounts with posts.
    pub emptiness: f64,
}

impl CorpusBaseline {
    pub fn new(c: &Corpus, f: &Features) -> Self {
        let mut dated_sorted: Vec<i64> = c.accounts.created_at.iter().flatten().copied().collect();
        dated_sorted.sort_unstable();
        Self {
            dated_sorted,
            emptiness: corpus_emptiness(f),
        }
    }
}

/// Scores `group`; returns the parts and the score.
pub fn score(
    c: &Corpus,
    f: &Features,
    group: &Group,
    base: &CorpusBaseline,
    cfg: &ScoreConfig,
) -> (ScoreParts, f64) {
    let mut p = ScoreParts::default();
    let (mut a, mut r, mut rank_sum, mut rank_var) = (0.0, 0.0, 0.0, 0.0);
    let mut weight = 0.0;
    let mut sources: std::collections::BTreeMap<u32, Source> = Default::default();
    for act in &group.actions {
        rank_sum += act.rank_sum;
        rank_var += act.rank_var;
        weight += act.rank_var * act.evidence();
        if act.independent {
            if act.authored {
                a += act.evidence();
                r += act.evidence();
            } else if act.source == crate::model::NONE {
                r += act.evidence();
            } else {
                let s = sources.entry(act.source).or_default();
                s.max = s.max.max(act.evidence());
                s.sum += act.evidence();
                s.rank_sum += act.rank_sum;
                s.rank_var += act.rank_var;
            }
        }
    }
    r += sources.values().map(Source::repetition).sum::<f64>();
    p.authored_actions = a;
    p.group_actions = r;
    p.authored = 1.0 - (-a / 4.0).exp();
    p.repetition = 1.0 - (-r / 10.0).exp();
    p.rank_z = rank_z(rank_sum, rank_var);
    p.audience_share = if rank_var > 0.0 {
        weight / rank_var
    } else {
        0.0
    };
    p.timing = timing_part(p.rank_z, p.audience_share);
    let mut times: Vec<i64> = group
        .members
        .iter()
        .flat_map(|&m| f.posts_of(m).iter().map(|&q| c.time[q as usize]))
        .collect();
    times.sort_unstable();
    p.burst = timing::burst(&times, &f.baseline).strength;
    accounts(c, f, &group.members, base, &mut p);
    let accuse = p.empty_excess.max(p.creation);
    p.accounts = accuse - p.established;
    let e = cfg.authored * p.authored
        + cfg.timing * p.timing
        + cfg.repetition * p.repetition
        + cfg.burst * p.burst
        + cfg.accounts * p.accounts;
    (p, 1.0 - (-e.max(0.0)).exp())
}

/// A group's independent actions on one established source's posts, and its ranks in them.
#[derive(Debug, Clone, Copy, Default)]
struct Source {
    /// Largest and summed evidence of the actions.
    max: f64,
    sum: f64,
    /// Rank sum and variance over the actions (see `GroupAction::rank_sum`).
    rank_sum: f64,
    rank_var: f64,
}

impl Source {
    /// What converging on this source adds to repetition: once, as its audience does by
    /// following it; every action, as far as the group is there before the rest of the
    /// audience beyond chance, post after post (an amplification ring resharing an outlet
    /// within minutes, its readers over hours), weighted like `timing_part`. Monotone in
    /// earliness (an earlier rank never lowers it) and never below the once; an action where
    /// the group is late can lower it, as it lowers the rank test it rests on.
    fn repetition(&self) -> f64 {
        let z = rank_z(self.rank_sum, self.rank_var);
        self.max + (self.sum - self.max) * timing_part(z, 1.0)
    }
}

/// The rank test's z from a rank sum and its variance (0 without ranks).
fn rank_z(rank_sum: f64, rank_var: f64) -> f64 {
    if rank_var > 0.0 {
        rank_sum / rank_var.sqrt()
    } else {
        0.0
    }
}

/// The timing part from the rank test's z and the members' weight in those audiences:
/// 1 − e^(−max(z − 3, 0)/4), times that weight. Acting first, post after post, is
/// amplification when the group is a large part of who acts (a ring that makes up half of an
/// outlet's reshares); a few habitually fast fans among a celebrity's many resharers are
/// how audiences are, however consistent. Monotone in both.
pub fn timing_part(rank_z: f64, audience_share: f64) -> f64 {
    (1.0 - (-(rank_z - 3.0).max(0.0) / 4.0).exp()) * audience_share.clamp(0.0, 1.0)
}

/// Account evidence of the members.
fn accounts(c: &Corpus, f: &Features, members: &[u32], base: &CorpusBaseline, p: &mut ScoreParts) {
    let n = members.len().max(1) as f64;
    let acc = &c.accounts;
    p.emptiness = members
        .iter()
        .map(|&m| {
            let e = &f.accounts[m as usize].emptiness;
            e.score * e.confidence
        })
        .sum::<f64>()
        / n;
    // Relative to the corpus: ordinary accounts are not empty, but not full either.
    let excess = if base.emptiness < 1.0 {
        ((p.emptiness - base.emptiness) / (1.0 - base.emptiness)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.established = mean_established(c, members);
    p.profile_coverage = members
        .iter()
        .filter(|&&m| acc.has_profile[m as usize])
        .count() as f64
        / n;
    let mut created: Vec<i64> = members
        .iter()
        .filter_map(|&m| acc.created_at[m as usize])
        .collect();
    created.sort_unstable();
    p.creation = creation_clustering(&created, &base.dated_sorted);
    p.empty_excess = excess;
}

/// Mean emptiness (shrunk by confidence) of all accounts with posts.
pub fn corpus_emptiness(f: &Features) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for a in &f.accounts {
        if a.posts > 0 {
            sum += a.emptiness.score * a.emptiness.confidence;
            n += 1;
        }
    }
    if n == 0 { 0.0 } else { sum / n as f64 }
}

/// The members' mean established-ness (`established`), 0 for no members.
pub fn mean_established(c: &Corpus, members: &[u32]) -> f64 {
    let acc = &c.accounts;
    members
        .iter()
        .map(|&m| established(acc.verified[m as usize], acc.followers[m as usize]))
        .sum::<f64>()
        / members.len().max(1) as f64
}

/// How established an account is: 1 when verified, else rising with its following from 0
/// at 300 followers to 1 at 10,000 (log scale); 0 without data.
pub fn established(verified: Option<bool>, followers: Option<u64>) -> f64 {
    if verified == Some(true) {
        return 1.0;
    }
    followers.map_or(0.0, |k| {
        (((k.max(1) as f64).log10() - 2.5) / 1.5).clamp(0.0, 1.0)
    })
}

/// How much more clustered the members' creation dates are than all accounts': the shortest
/// span holding h = ⌈n/2⌉ of the n dated members, and the share b of all dated accounts
/// created in it. n members drawn at random from all accounts put their tightest half in a
/// span holding about b₀ of the accounts (the median of that minimum for n uniform draws,
/// `chance_tightest_share`; for 8 members about a fifth of everyone); the result is
/// 1 − b/b₀, clamped to 0..1: 1 when almost no other account was created then, 0 when the
/// span is as crowded as chance makes it. Needs 5 dated members. Scale-free: no fixed batch
/// length.
pub fn creation_clustering(members_sorted: &[i64], all_sorted: &[i64]) -> f64 {
    let n = members_sorted.len();
    if n < 5 || all_sorted.is_empty() {
        return 0.0;
    }
    let half = n.div_ceil(2);
    let (mut best, mut lo) = (i64::MAX, 0i64);
    for w in members_sorted.windows(half) {
        let span = w[half - 1] - w[0];
        if span < best {
            best = span;
            lo = w[0];
        }
    }
    let hi = lo.saturating_add(best);
    let a = all_sorted.partition_point(|&t| t < lo);
    let b = all_sorted.partition_point(|&t| t <= hi);
    let share = (b - a) as f64 / all_sorted.len() as f64;
    (1.0 - share / chance_tightest_share(n)).clamp(0.0, 1.0)
}

/// The median, over 101 fixed-seed draws of n uniforms on 0..1, of the shortest span holding
/// ⌈n/2⌉ of them: what the tightest half of n accounts drawn at random covers. Taking the
/// tightest of many windows makes it well below (h − 1)/(n − 1) for small n.
pub fn chance_tightest_share(n: usize) -> f64 {
    let half = n.div_ceil(2).max(1);
    let mut draw = vec![0.0f64; n];
    let mut mins: Vec<f64> = (0..101u64)
        .map(|r| {
            for (i, x) in draw.iter_mut().enumerate() {
                let z = crate::features::mix64((r << 32) ^ i as u64);
                *x = (z >> 11) as f64 / (1u64 << 53) as f64;
            }
            draw.sort_unstable_by(f64::total_cmp);
            draw.windows(half)
                .map(|w| w[half - 1] - w[0])
                .fold(1.0, f64::min)
        })
        .collect();
    mins.sort_unstable_by(f64::total_cmp);
    mins[50].max(f64::MIN_POSITIVE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timing_counts_in_proportion_to_the_groups_weight_in_the_audience() {
        // The same rank test: a ring that is half of the resharers, and fast fans that are a
        // tenth of them.
        let ring = timing_part(12.0, 1.0);
        let fans = timing_part(12.0, 0.2);
        assert!(ring > 0.85 && fans < 0.2, "{ring} {fans}");
        // No rank evidence, no timing, whatever the share.
        assert_eq!(timing_part(2.5, 1.0), 0.0);
        // Monotone in both.
        assert!(timing_part(8.0, 0.5) <= timing_part(9.0, 0.5));
        assert!(timing_part(8.0, 0.5) <= timing_part(8.0, 0.6));
    }

    #[test]
    fn converging_on_a_source_counts_in_full_only_when_the_group_is_there_first() {
        // A hundred reshares of one outlet's posts, each with evidence 0.8.
        let actions = |rank_sum: f64| Source {
            max: 0.8,
            sum: 80.0,
            rank_sum,
            rank_var: 100.0,
        };
        // Fans in no particular order: once, as an audience.
        assert!((actions(0.0).repetition() - 0.8).abs() < 1e-12);
        // Later than the rest: still once.
        assert!((actions(-50.0).repetition() - 0.8).abs() < 1e-12);
        // A ring ahead of the readers on post after post (z = 20): nearly every action.
        assert!(actions(200.0).repetition() > 70.0);
        // Without ranks (the group is all who reshared): once.
        let alone = Source {
            rank_var: 0.0,
            ..actions(0.0)
        };
        assert!((alone.repetition() - 0.8).abs() < 1e-12);
        // Monotone in earliness.
        let mut last = 0.0;
        for z in 0..30 {
            let r = actions(10.0 * f64::from(z)).repetition();
            assert!(r >= last);
            last = r;
        }
    }

    #[test]
    fn established_accounts() {
        assert_eq!(established(Some(true), Some(3)), 1.0);
        assert_eq!(established(None, None), 0.0);
        assert_eq!(established(Some(false), Some(100)), 0.0);
        assert_eq!(established(None, Some(10_000)), 1.0);
        assert!(established(None, Some(2000)) > established(None, Some(500)));
    }

    #[test]
    fn creation_batches_stand_out_against_the_population() {
        let day = 86_400_000i64;
        // 1,000 accounts created one a day over ~3 years.
        let all: Vec<i64> = (0..1000).map(|i| i * day).collect();
        // Members created within a week: clustered.
        let batch: Vec<i64> = (0..10).map(|i| 500 * day + i * day / 2).collect();
        assert!(creation_clustering(&batch, &all) > 0.9);
        // Members spread like everyone else: not clustered.
        let spread: Vec<i64> = (0..10).map(|i| i * 100 * day).collect();
        assert!(creation_clustering(&spread, &all) < 0.15);
        // Too few dates to say.
        assert_eq!(creation_clustering(&batch[..3], &all), 0.0);
        // Eight members drawn at random from the population: their tightest half is where
        // chance puts it, whichever eight.
        for k in 0..5u64 {
            let mut pick: Vec<i64> = (0..8u64)
                .map(|i| all[(crate::features::mix64(k * 100 + i) % 1000) as usize])
                .collect();
            pick.sort_unstable();
            assert!(creation_clustering(&pick, &all) < 0.5, "draw {k}");
        }
    }

    #[test]
    fn the_tightest_half_of_random_draws_is_below_its_mean_span() {
        // 8 draws: four consecutive span 3/9 on average, the tightest of five windows less.
        let b8 = chance_tightest_share(8);
        assert!(b8 > 0.1 && b8 < 0.3, "{b8}");
        // Many draws: close to the mean span (h − 1)/(n + 1).
        let b1000 = chance_tightest_share(1000);
        assert!(b1000 > 0.45 && b1000 < 0.5, "{b1000}");
        assert_eq!(chance_tightest_share(8), b8);
    }
}
