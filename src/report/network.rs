//! Networks with scores and evidence: the `lockstep/report/v1` document built from what the
//! `detect` stage decided.
//!
//! Networks, leads (below the score threshold) and same-owner groups share one shape; each
//! carries its verdict, its score parts (see `detect::score`), the group actions with the
//! posts behind them, the kept pairs among members, timing, profile evidence and caveats.
//! Where a list is cut, the report says how many items were left out.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::timeline::{self, Timeline};
use super::{InputSummary, Tool, round4};
use crate::detect::{Decided, Detection, ScoreParts, Verdict};
use crate::features::{Features, timing};
use crate::graph::{CoactionGraph, Signal, Window};
use crate::ingest::{Ingested, time::format_ms};
use crate::model::NONE;

/// Evidence lists keep this many items; post lists inside them this many posts; this many
/// group actions and kept pairs per network.
const TOP: usize = 10;
const POSTS_PER_OBJECT: usize = 50;
const GROUP_ACTIONS: usize = 50;
const EDGES: usize = 2000;

/// The schema name every analyze report carries. Fields are only ever added within v1
/// (readers must ignore fields they do not know); a change that removes or redefines a field
/// makes v2.
pub const SCHEMA: &str = "lockstep/report/v1";

/// The whole report (schema `lockstep/report/v1`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    pub tool: Tool,
    /// Every effective setting.
    pub parameters: serde_json::Value,
    pub input: InputSummary,
    pub graph: GraphSummary,
    /// Suspected coordinated networks: passed the group test and the score threshold.
    /// Sorted by score (highest first), then accounts.
    pub networks: Vec<Network>,
    /// Groups that act together but score below the threshold, with the reason.
    pub leads: Vec<Network>,
    /// A declared brand's own accounts acting together (coordination, not inauthentic).
    pub same_owner: Vec<Network>,
    /// Plain statements about the data and the run.
    pub findings: Vec<String>,
}

/// What the graph stage did, including what its bounds left out.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GraphSummary {
    /// Account pairs with at least one act in common.
    pub pairs_tested: u64,
    /// Of those, pairs whose only evidence is one act.
    pub pairs_single_act: u64,
    /// Pairs kept by the significance test.
    pub pairs_kept: u64,
    /// Pairs the test would keep by chance alone, at most (`alpha` × pairs tested).
    pub expected_chance_pairs: f64,
    /// Communities of kept pairs tested as groups.
    pub candidate_communities: usize,
    /// Groups that passed the group test (networks + leads + same-owner).
    pub groups: usize,
    pub signals: BTreeMap<String, SignalSummary>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignalSummary {
    /// `rarity` (from each object's popularity) or `fixed`.
    pub window: String,
    /// The fixed window, or the rarity window's bounds, seconds.
    pub window_seconds: i64,
    pub window_min_seconds: i64,
    pub events: u64,
    pub objects: u64,
    pub shared_objects: u64,
    pub coactions: u64,
    /// Objects skipped as crowds (more accounts than `crowd_limit`) and their events.
    pub crowd_objects: u64,
    pub crowd_events: u64,
    /// Events whose window held more than `max_neighbors` later events.
    pub truncated_events: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Network {
    /// `N1`.. for networks, `L1`.. for leads, `S1`.. for same-owner groups.
    pub id: String,
    /// `network`, `lead` or `same_owner`.
    pub verdict: String,
    /// Why it is a lead or a same-owner group; null for networks.
    pub reason: Option<String>,
    pub score: f64,
    /// Rounded to 4 decimals.
    pub score_parts: ScoreParts,
    /// Sorted account ids.
    pub accounts: Vec<String>,
    pub size: usize,
    pub posts: usize,
    pub first_post: String,
    pub last_post: String,
    /// Per signal: co-actions among members (pair, object) and group actions.
    pub signals: BTreeMap<String, SignalEvidence>,
    pub timing: Timing,
    /// Posts per time bucket of the network and of the whole corpus over the network's
    /// active span (added in 0.1: absent from older v1 reports).
    #[serde(default)]
    pub timeline: Option<Timeline>,
    pub profile: ProfileSummary,
    pub evidence: Evidence,
    pub members: Vec<Member>,
    /// Kept pairs among members, sorted by account ids: all of them, or the 2,000 heaviest
    /// (`edges_omitted` says how many more).
    pub edges: Vec<EdgeOut>,
    pub edges_omitted: usize,
    /// Reasons to be careful with this network.
    pub caveats: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignalEvidence {
    /// Acts shared by kept pairs among members.
    pub coactions: u64,
    /// Group actions in this signal.
    pub group_objects: usize,
}

/// A kept pair among members.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EdgeOut {
    pub source: String,
    pub target: String,
    /// Distinct acts the two share.
    pub acts: u32,
    /// Acts per signal (signals with none left out).
    pub per_signal: BTreeMap<String, u32>,
    pub weight: f64,
    pub p_value: f64,
    pub min_lag_seconds: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Timing {
    pub peak_start: String,
    pub peak_end: String,
    pub peak_posts: usize,
    pub peak_share: f64,
    pub baseline_share: f64,
    pub burst_strength: f64,
    /// Median delay of members after the first use of a group object, seconds.
    pub median_lag_seconds: f64,
    /// Rank test: members' first uses earlier than other users' (z > 2 is notable).
    pub rank_z: f64,
    /// Posts per UTC hour of the day.
    pub posts_by_hour: [u64; 24],
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProfileSummary {
    /// Members with any profile data (an accounts file or embedded profiles).
    pub with_profile: usize,
    pub mean_emptiness: f64,
    /// Members with emptiness of at least 0.6.
    pub empty_members: usize,
    pub verified_members: usize,
    pub with_creation_date: usize,
    /// The shortest span holding half the dated members' creation dates.
    pub creation_half_span: Option<[String; 2]>,
    /// How much more clustered members' creation dates are than all accounts' (0..1).
    pub creation_clustering: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Evidence {
    /// The strongest group actions: what, how many members, and the posts behind it.
    pub group_objects: Vec<GroupEvidence>,
    /// Group actions beyond the 50 listed.
    pub group_objects_omitted: usize,
    pub texts: Vec<Counted>,
    pub urls: Vec<Counted>,
    pub domains: Vec<Counted>,
    pub media: Vec<Counted>,
    pub hashtags: Vec<Counted>,
    pub reshared: Vec<Counted>,
    pub languages: Vec<Counted>,
    /// Per list above (`texts`, `urls`, ...): distinct values left out beyond the 10 listed.
    #[serde(default)]
    pub omitted: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupEvidence {
    pub signal: String,
    /// The object: a text sample, URL, domain, media hash, hashtag or post id.
    pub object: String,
    /// Members acting on it in this episode.
    pub members: u32,
    /// Everyone acting on it in this episode.
    pub users: u32,
    /// Everyone in the corpus who used the object.
    pub accounts_total: u32,
    /// Members' own content (authored, or a reshare of a member's post).
    pub authored: bool,
    /// Not built on the posts of a stronger group action.
    pub independent: bool,
    /// Chance of that many members among the episode's users.
    pub p_value: f64,
    pub first: String,
    pub last: String,
    pub median_lag_seconds: f64,
    /// The members' first posts in the episode (at most 50; `posts_omitted` says how many
    /// more).
    pub posts: Vec<PostRef>,
    pub posts_omitted: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PostRef {
    pub post_id: String,
    pub account_id: String,
    pub timestamp: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Counted {
    pub value: String,
    /// Member posts carrying it.
    pub posts: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Member {
    pub account_id: String,
    pub handle: Option<String>,
    pub posts: u32,
    pub emptiness: f64,
    /// Share of the emptiness evidence that was available (profile fields present).
    pub emptiness_confidence: f64,
    pub created_at: Option<String>,
    /// Kept pairs with other members.
    pub degree: u32,
}

/// The report id of each decided group, in `Detection::decided` order: `N1`.. for networks,
/// `L1`.. for leads, `S1`.. for same-owner groups (the ids `build` gives them).
pub fn group_ids(d: &Detection) -> Vec<String> {
    let (mut n, mut l, mut s) = (0, 0, 0);
    d.decided
        .iter()
        .map(|dc| match dc.verdict {
            Verdict::Network => {
                n += 1;
                format!("N{n}")
            }
            Verdict::Lead { .. } => {
                l += 1;
                format!("L{l}")
            }
            Verdict::SameOwner { .. } => {
                s += 1;
                format!("S{s}")
            }
        })
        .collect()
}

/// Builds the report from the decision.
pub fn build(
    ing: &Ingested,
    f: &Features,
    g: &CoactionGraph,
    d: &Detection,
    alpha: f64,
    parameters: serde_json::Value,
) -> Report {
    let (mut networks, mut leads, mut same_owner) = (Vec::new(), Vec::new(), Vec::new());
    for (dc, id) in d.decided.iter().zip(group_ids(d)) {
        let mut n = network(ing, f, g, dc);
        n.id = id;
        match &dc.verdict {
            Verdict::Network => networks.push(n),
            Verdict::Lead { reason } => {
                n.verdict = "lead".to_string();
                n.reason = Some(reason.clone());
                leads.push(n);
            }
            Verdict::SameOwner { brand } => {
                n.verdict = "same_owner".to_string();
                n.reason = Some(format!(
                    "same owner: established accounts of one brand ('{brand}') acting together"
                ));
                same_owner.push(n);
            }
        }
    }
    let graph = graph_summary(g, d, alpha);
    let mut findings = findings(&graph, &networks, &leads, &same_owner);
    findings.extend(clock_finding(&ing.corpus));
    Report {
        schema: SCHEMA.to_string(),
        tool: Tool::current(),
        parameters,
        input: InputSummary::new(ing),
        graph,
        networks,
        leads,
        same_owner,
        findings,
    }
}

fn graph_summary(g: &CoactionGraph, d: &Detection, alpha: f64) -> GraphSummary {
    let signals = g
        .signals
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let st = &g.stats[i];
            let (kind, secs, min) = match g.windows[i] {
                Window::Fixed(w) => ("fixed", w / 1000, w / 1000),
                Window::Rarity { min_ms, max_ms, .. } => ("rarity", max_ms / 1000, min_ms / 1000),
            };
            (
                s.as_str().to_string(),
                SignalSummary {
                    window: kind.to_string(),
                    window_seconds: secs,
                    window_min_seconds: min,
                    events: st.events,
                    objects: st.objects,
                    shared_objects: st.shared_objects,
                    coactions: st.hits,
                    crowd_objects: st.crowd_objects,
                    crowd_events: st.crowd_events,
                    truncated_events: st.truncated_events,
                },
            )
        })
        .collect();
    GraphSummary {
        pairs_tested: g.pairs_tested,
        pairs_single_act: g.pairs_single,
        pairs_kept: g.edges.len() as u64,
        expected_chance_pairs: round4(alpha * g.pairs_tested as f64),
        candidate_communities: d.candidates,
        groups: d.decided.len(),
        signals,
    }
}

/// Plain statements about the data: how much co-action repeats, what chance explains, what
/// was found.
fn findings(
    g: &GraphSummary,
    networks: &[Network],
    leads: &[Network],
    same_owner: &[Network],
) -> Vec<String> {
    let mut out = Vec::new();
    let crowds: Vec<String> = g
        .signals
        .iter()
        .filter(|(_, s)| s.crowd_objects > 0)
        .map(|(name, s)| format!("{name} {}", s.crowd_objects))
        .collect();
    let crowd_events: u64 = g.signals.values().map(|s| s.crowd_events).sum();
    if g.pairs_tested == 0 && crowds.is_empty() {
        out.push(
            "no two accounts acted on the same object: there is no co-action to test".to_string(),
        );
    } else if g.pairs_tested == 0 {
        // A flood of accounts on one object is not "nothing shared": say what was skipped.
        out.push(
            "no two accounts co-acted outside crowds: there is no co-action to test".to_string(),
        );
    } else {
        let single = 100.0 * g.pairs_single_act as f64 / g.pairs_tested as f64;
        out.push(format!(
            "{} account pairs co-acted; {single:.1}% of them share a single act, which chance and crowds explain",
            g.pairs_tested
        ));
        // The bound is alpha times the pairs tested: where it is not below what was kept,
        // any one pair may be chance, and the networks stand on the group test alone.
        let caveat = if g.pairs_kept > 0 && g.pairs_kept as f64 <= g.expected_chance_pairs {
            "; any one of them may be chance, so a network here stands on the group test (its \
             members acting together, again and again, beyond chance), not on its pairs"
        } else {
            ""
        };
        out.push(format!(
            "{} pairs repeat beyond chance; at most {:.1} of them are expected by chance alone{caveat}",
            g.pairs_kept, g.expected_chance_pairs
        ));
    }
    if !crowds.is_empty() {
        out.push(format!(
            "objects used by more accounts than --crowd-limit were skipped as crowds ({}; {crowd_events} uses): no pair is linked by them",
            crowds.join(", ")
        ));
    }
    let accounts = |v: &[Network]| v.iter().map(|n| n.size).sum::<usize>();
    if networks.is_empty() {
        out.push(format!(
            "no coordinated network found: {} group(s) act together but score below the threshold (leads), {} are a brand's own accounts",
            leads.len(),
            same_owner.len()
        ));
    } else {
        out.push(format!(
            "{} suspected network(s) with {} accounts; {} lead(s) below the threshold with {} accounts",
            networks.len(),
            accounts(networks),
            leads.len(),
            accounts(leads)
        ));
    }
    out
}

/// A statement when post times are rounded to whole minutes, hours or days: uses closer
/// than that carry the same time, so co-actions within it look simultaneous and who was
/// first is unknown. Reported so a reader weighs timing evidence accordingly.
/// What the post times say about the clock: one time shared by every post (an export that
/// stamped its own time, or a placeholder), else a coarse resolution (`coarse_clock`). A
/// single time is whole hours or a date only by accident: "whole hours" would be untrue.
/// Like the resolution, nothing is said of fewer than 100 posts.
fn clock_finding(c: &crate::model::Corpus) -> Option<String> {
    match c.time_range() {
        Some((first, last)) if first == last && c.time.len() >= 100 => Some(format!(
            "all {} posts carry one time, {}: post times here are no clock (an export or collection time, or a placeholder), so co-action in time, its windows and who acted first cannot be measured; timing evidence means nothing",
            c.time.len(),
            format_ms(first)
        )),
        _ => coarse_clock(c.clock_resolution_ms()),
    }
}

fn coarse_clock(resolution_ms: i64) -> Option<String> {
    let (units, unit, a_unit) = match resolution_ms {
        86_400_000 => ("days (dates only)", "day", "a day"),
        3_600_000 => ("hours", "hour", "an hour"),
        60_000 => ("minutes", "minute", "a minute"),
        _ => return None,
    };
    Some(format!(
        "post times are whole {units}: uses within one {unit} carry the same time, so co-action windows shorter than {a_unit} and who acted first cannot be measured; weigh timing evidence accordingly"
    ))
}

pub fn object_label(ing: &Ingested, f: &Features, s: Signal, o: u32, first_post: u32) -> String {
    let c = &ing.corpus;
    match s {
        Signal::TextNear | Signal::TextExact => c.text.get(first_post as usize).to_string(),
        Signal::Url => f.urls.resolve(o).to_string(),
        Signal::Domain => f.domains.resolve(o).to_string(),
        Signal::Media => c.media_values.resolve(o).to_string(),
        Signal::Hashtags => format!("#{}", f.tags.resolve(o)),
        Signal::Reshare | Signal::Reply => c.targets.resolve(o).to_string(),
    }
}

fn network(ing: &Ingested, f: &Features, g: &CoactionGraph, dc: &Decided) -> Network {
    let c = &ing.corpus;
    let members = &dc.group.members;
    let actions = &dc.group.actions;
    let size = members.len();
    let mut posts: Vec<u32> = members
        .iter()
        .flat_map(|&a| f.posts_of(a).iter().copied())
        .collect();
    posts.sort_by_key(|&p| (c.time[p as usize], p));
    let times: Vec<i64> = posts.iter().map(|&p| c.time[p as usize]).collect();

    let mut degree: BTreeMap<u32, u32> = BTreeMap::new();
    let mut per_signal = vec![0u64; g.signals.len()];
    for &ei in &dc.edges {
        let e = &g.edges[ei];
        *degree.entry(e.a).or_default() += 1;
        *degree.entry(e.b).or_default() += 1;
        for (i, k) in e.per_signal.iter().enumerate() {
            per_signal[i] += u64::from(*k);
        }
    }
    let account = |a: u32| c.account_ids.resolve(a).to_string();
    let mut edges: Vec<EdgeOut> = dc
        .edges
        .iter()
        .map(|&ei| {
            let e = &g.edges[ei];
            let (x, y) = (account(e.a), account(e.b));
            let (source, target) = if x <= y { (x, y) } else { (y, x) };
            EdgeOut {
                source,
                target,
                acts: e.coactions,
                per_signal: g
                    .signals
                    .iter()
                    .zip(&e.per_signal)
                    .filter(|(_, k)| **k > 0)
                    .map(|(s, k)| (s.as_str().to_string(), *k))
                    .collect(),
                weight: round4(e.weight),
                p_value: e.p_value,
                min_lag_seconds: e.min_lag_ms as f64 / 1000.0,
            }
        })
        .collect();
    // Keep the heaviest pairs (the strongest evidence, and a picture that shows the whole
    // group rather than the first accounts by id), then list them by account ids.
    let edges_omitted = edges.len().saturating_sub(EDGES);
    if edges_omitted > 0 {
        edges.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
        });
        edges.truncate(EDGES);
    }
    edges.sort_by(|a, b| (&a.source, &a.target).cmp(&(&b.source, &b.target)));

    let mut lags: Vec<i64> = actions.iter().map(|a| a.median_lag_ms).collect();
    lags.sort_unstable();
    let median_lag = lags.get(lags.len() / 2).copied().unwrap_or(0) as f64 / 1000.0;
    let burst = timing::burst(&times, &f.baseline);

    let emp: Vec<f64> = members
        .iter()
        .map(|&a| {
            let e = &f.accounts[a as usize].emptiness;
            e.score * e.confidence
        })
        .collect();
    let mut created: Vec<i64> = members
        .iter()
        .filter_map(|&a| c.accounts.created_at[a as usize])
        .collect();
    created.sort_unstable();
    let with_dates = created.len();
    let half_span = (with_dates >= 5).then(|| {
        let half = with_dates.div_ceil(2);
        let w = created
            .windows(half)
            .min_by_key(|w| (w[half - 1] - w[0], w[0]))
            .unwrap_or(&created[..1]);
        [format_ms(w[0]), format_ms(w[w.len() - 1])]
    });
    let with_profile = members
        .iter()
        .filter(|&&a| c.accounts.has_profile[a as usize])
        .count();
    let verified = members
        .iter()
        .filter(|&&a| c.accounts.verified[a as usize] == Some(true))
        .count();

    let signals = g
        .signals
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                s.as_str().to_string(),
                SignalEvidence {
                    coactions: per_signal[i],
                    group_objects: actions.iter().filter(|a| a.signal == i).count(),
                },
            )
        })
        .collect();

    let mut hours = [0u64; 24];
    for &t in &times {
        hours[(t.div_euclid(3_600_000)).rem_euclid(24) as usize] += 1;
    }

    let mut order: Vec<&crate::detect::GroupAction> = actions.iter().collect();
    order.sort_by(|a, b| {
        b.independent
            .cmp(&a.independent)
            .then(b.evidence().total_cmp(&a.evidence()))
            .then(b.members.cmp(&a.members))
            .then(a.signal.cmp(&b.signal))
            .then(a.first_ms.cmp(&b.first_ms))
            .then(a.posts.cmp(&b.posts))
    });
    let group_objects_omitted = order.len().saturating_sub(GROUP_ACTIONS);
    let group_objects = order
        .iter()
        .take(GROUP_ACTIONS)
        .map(|a| {
            let s = g.signals[a.signal];
            GroupEvidence {
                signal: s.as_str().to_string(),
                object: object_label(ing, f, s, a.object, a.posts[0]),
                members: a.members,
                users: a.users,
                accounts_total: a.accounts_total,
                authored: a.authored,
                independent: a.independent,
                p_value: a.p_value,
                first: format_ms(a.first_ms),
                last: format_ms(a.last_ms),
                median_lag_seconds: a.median_lag_ms as f64 / 1000.0,
                posts: a
                    .posts
                    .iter()
                    .take(POSTS_PER_OBJECT)
                    .map(|&p| PostRef {
                        post_id: c.post_ids.resolve(p).to_string(),
                        account_id: account(c.account[p as usize].0),
                        timestamp: format_ms(c.time[p as usize]),
                    })
                    .collect(),
                posts_omitted: a.posts.len().saturating_sub(POSTS_PER_OBJECT),
            }
        })
        .collect();

    let mut members_out: Vec<Member> = members
        .iter()
        .map(|&a| Member {
            account_id: account(a),
            handle: c.accounts.handle[a as usize].as_deref().map(str::to_string),
            posts: f.accounts[a as usize].posts,
            emptiness: round4(f.accounts[a as usize].emptiness.score),
            emptiness_confidence: round4(f.accounts[a as usize].emptiness.confidence),
            created_at: c.accounts.created_at[a as usize].map(format_ms),
            degree: degree.get(&a).copied().unwrap_or(0),
        })
        .collect();
    members_out.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    let accounts: Vec<String> = members_out.iter().map(|m| m.account_id.clone()).collect();

    let p = &dc.parts;
    let mut caveats = Vec::new();
    if p.authored_actions == 0.0 {
        caveats.push("members converge on posts of others rather than content of their own: fan communities and news audiences do this too; weigh the timing and account evidence".to_string());
    }
    if with_profile * 2 < size {
        caveats.push(
            "no profile data for most members: account evidence is missing, not in their favour"
                .to_string(),
        );
    } else if p.emptiness < 0.3 && p.creation < 0.3 {
        caveats.push(
            "members look like established accounts (low emptiness, creation dates spread out)"
                .to_string(),
        );
    }
    if median_lag > 600.0 {
        caveats.push(format!(
            "slow coordination: members follow the first use after a median of {:.0} minutes",
            median_lag / 60.0
        ));
    }
    if with_profile * 2 >= size && with_dates * 2 < size {
        caveats
            .push("most members have no creation date: account evidence is incomplete".to_string());
    }

    Network {
        id: String::new(),
        verdict: "network".to_string(),
        reason: None,
        score: dc.score,
        score_parts: p.map(round4),
        accounts,
        size,
        posts: posts.len(),
        first_post: times.first().map_or_else(String::new, |&t| format_ms(t)),
        last_post: times.last().map_or_else(String::new, |&t| format_ms(t)),
        signals,
        timing: Timing {
            peak_start: format_ms(burst.peak_start),
            peak_end: format_ms(burst.peak_start + timing::DAY_MS),
            peak_posts: burst.peak_posts,
            peak_share: round4(burst.peak_share),
            baseline_share: round4(burst.baseline_share),
            burst_strength: round4(burst.strength),
            median_lag_seconds: round4(median_lag),
            rank_z: round4(p.rank_z),
            posts_by_hour: hours,
        },
        timeline: Some(timeline::build(&times, &f.baseline)),
        profile: ProfileSummary {
            with_profile,
            mean_emptiness: round4(p.emptiness),
            empty_members: emp.iter().filter(|&&e| e >= 0.6).count(),
            verified_members: verified,
            with_creation_date: with_dates,
            creation_half_span: half_span,
            creation_clustering: round4(p.creation),
        },
        evidence: Evidence {
            group_objects,
            group_objects_omitted,
            ..evidence(ing, f, &posts)
        },
        members: members_out,
        edges,
        edges_omitted,
        caveats,
    }
}

/// The `TOP` most used values, and how many distinct values were left out (recorded in
/// `omitted` under `name`).
fn top(
    name: &str,
    counts: BTreeMap<String, u64>,
    omitted: &mut BTreeMap<String, usize>,
) -> Vec<Counted> {
    omitted.insert(name.to_string(), counts.len().saturating_sub(TOP));
    let mut v: Vec<Counted> = counts
        .into_iter()
        .map(|(value, posts)| Counted { value, posts })
        .collect();
    v.sort_by(|a, b| b.posts.cmp(&a.posts).then_with(|| a.value.cmp(&b.value)));
    v.truncate(TOP);
    v
}

fn evidence(ing: &Ingested, f: &Features, posts: &[u32]) -> Evidence {
    let c = &ing.corpus;
    let mut texts: BTreeMap<u32, (u64, u32)> = BTreeMap::new();
    let (mut urls, mut domains, mut media, mut tags, mut reshared, mut langs) = (
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
    );
    for &p in posts {
        let i = p as usize;
        let t = f.text_near[i];
        if t != NONE {
            texts.entry(t).or_insert((0, p)).0 += 1;
        }
        for &u in c.urls.get(i) {
            let n = f.url_of_value[u as usize];
            if n != NONE {
                *urls.entry(f.urls.resolve(n).to_string()).or_default() += 1;
                let d = f.url_domain[n as usize];
                if d != NONE {
                    *domains.entry(f.domains.resolve(d).to_string()).or_default() += 1;
                }
            }
        }
        for &m in c.media.get(i) {
            *media
                .entry(
                    c.media_values
                        .resolve(f.media_group[m as usize])
                        .to_string(),
                )
                .or_default() += 1;
        }
        for &h in c.hashtags.get(i) {
            let t = f.tag_of_value[h as usize];
            if t != NONE {
                *tags.entry(f.tags.resolve(t).to_string()).or_default() += 1;
            }
        }
        if c.reshare_of[i] != NONE {
            *reshared
                .entry(c.targets.resolve(c.reshare_of[i]).to_string())
                .or_default() += 1;
        }
        if c.lang[i] != NONE {
            *langs
                .entry(c.langs.resolve(c.lang[i]).to_string())
                .or_default() += 1;
        }
    }
    let texts: BTreeMap<String, u64> = texts
        .into_values()
        .map(|(k, first)| (c.text.get(first as usize).to_string(), k))
        .fold(BTreeMap::new(), |mut m, (t, k)| {
            *m.entry(t).or_default() += k;
            m
        });
    let mut omitted = BTreeMap::new();
    Evidence {
        group_objects: Vec::new(),
        group_objects_omitted: 0,
        texts: top("texts", texts, &mut omitted),
        urls: top("urls", urls, &mut omitted),
        domains: top("domains", domains, &mut omitted),
        media: top("media", media, &mut omitted),
        hashtags: top("hashtags", tags, &mut omitted),
        reshared: top("reshared", reshared, &mut omitted),
        languages: top("languages", langs, &mut omitted),
        omitted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_coarse_clock_is_stated_and_a_fine_one_is_not() {
        assert!(coarse_clock(60_000).unwrap().contains("whole minutes"));
        assert!(coarse_clock(86_400_000).unwrap().contains("dates only"));
        assert_eq!(coarse_clock(1_000), None);
        assert_eq!(coarse_clock(1), None);
    }

    #[test]
    fn one_time_for_every_post_is_said_as_such_not_as_whole_hours() {
        // Before: 100 posts all at 10:00:00 were "whole hours" (at midnight, "dates only").
        let mut c = crate::model::Corpus::default();
        for t in [1_721_988_000_000, 1_721_952_000_000] {
            c.time = vec![t; 100];
            let f = clock_finding(&c).unwrap();
            assert!(
                f.starts_with("all 100 posts carry one time, 2024-07-2"),
                "{f}"
            );
            assert!(!f.contains("whole"), "{f}");
        }
        // Two times an hour apart are whole hours, as before; too few posts say nothing.
        c.time = (0..100)
            .map(|i| 1_721_988_000_000 + (i % 2) * 3_600_000)
            .collect();
        assert!(clock_finding(&c).unwrap().contains("whole hours"));
        c.time = vec![1_721_988_000_000; 99];
        assert_eq!(clock_finding(&c), None);
        c.time = (0..100).map(|i| 1_721_988_000_123 + i).collect();
        assert_eq!(clock_finding(&c), None);
    }
}
