//! Networks with scores and evidence: the `lockstep/report/v1` document built from clusters.
//!
//! # Score
//! Each part is in 0..1 and reported:
//! - `coaction`: how tightly and how often members co-act: the mean of the edge density among
//!   members, 1 − e^(−c/5) for c the mean distinct objects per kept pair, and 1 − e^(−G/10)
//!   for G the group actions;
//! - `content`: share of the group actions on content the members authored (texts, links,
//!   domains, media, hashtag sets) rather than a post they all reshared or answered;
//! - `burst`: the burst strength of the network's posts against the corpus (`features::timing`);
//! - `latency`: how fast members follow the first of them on a group object: 1 at a median of
//!   5 s or less, 0 at 2 minutes or more (log scale); seconds-level is what automation does,
//!   while fans and news audiences follow within minutes;
//! - `emptiness`: the members' mean account emptiness, each shrunk by its confidence (an
//!   account without profile data is unknown, not empty);
//! - `creation`: how much more of the members were created within one 14-day window than of
//!   all accounts.
//!
//! score = (0.5 + 0.5·coaction) · (1 − (1 − 0.7·content)(1 − 0.6·max(burst, latency))
//! (1 − 0.6·max(emptiness, creation))).
//!
//! The network exists because its members co-act beyond chance and as a group; the score says
//! how much of the rest looks inauthentic. Authored reuse, bursts and seconds-level timing,
//! and shell accounts each raise it on their own; a crowd converging on one popular account's
//! posts with established accounts and minute-level delays (fans) stays low.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{InputSummary, Tool, round4};
use crate::features::{Features, emptiness, timing};
use crate::graph::{Cluster, CoactionGraph, Signal};
use crate::ingest::{Ingested, time::format_ms};
use crate::model::NONE;

/// Evidence lists keep this many items; post lists inside them this many posts.
const TOP: usize = 10;
const POSTS_PER_OBJECT: usize = 20;
const CREATION_WINDOW_MS: i64 = 14 * 86_400_000;

/// The whole report (schema `lockstep/report/v1`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub tool: Tool,
    /// Every effective setting.
    pub parameters: serde_json::Value,
    pub input: InputSummary,
    pub graph: GraphSummary,
    /// Sorted by score (highest first), then id.
    pub networks: Vec<Network>,
}

/// What the graph stage did, including what its bounds left out.
#[derive(Debug, Clone, Serialize)]
pub struct GraphSummary {
    pub pairs_tested: u64,
    pub pairs_kept: u64,
    /// Communities that passed the group test.
    pub candidate_networks: usize,
    /// Candidates below `min_score`, not listed.
    pub below_min_score: usize,
    pub signals: BTreeMap<&'static str, SignalSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignalSummary {
    pub window_seconds: i64,
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

#[derive(Debug, Clone, Serialize)]
pub struct Network {
    pub id: String,
    pub score: f64,
    pub score_parts: ScoreParts,
    /// Sorted account ids.
    pub accounts: Vec<String>,
    pub size: usize,
    pub posts: usize,
    pub first_post: String,
    pub last_post: String,
    /// Per signal: co-actions among members (pair, object) and group actions.
    pub signals: BTreeMap<&'static str, SignalEvidence>,
    pub timing: Timing,
    pub profile: ProfileSummary,
    pub evidence: Evidence,
    pub members: Vec<Member>,
    /// Reasons to be careful with this network.
    pub caveats: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreParts {
    pub coaction: f64,
    pub density: f64,
    pub content: f64,
    pub burst: f64,
    pub latency: f64,
    pub emptiness: f64,
    pub creation: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignalEvidence {
    pub coactions: u64,
    pub group_objects: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Timing {
    pub peak_start: String,
    pub peak_end: String,
    pub peak_posts: usize,
    pub peak_share: f64,
    pub baseline_share: f64,
    pub burst_strength: f64,
    /// Median delay of members after the first on a group object, seconds.
    pub median_lag_seconds: f64,
    /// Posts per UTC hour of the day.
    pub posts_by_hour: [u64; 24],
}

#[derive(Debug, Clone, Serialize)]
pub struct ProfileSummary {
    pub mean_emptiness: f64,
    /// Members with emptiness of at least 0.6.
    pub empty_members: usize,
    pub with_creation_date: usize,
    /// Largest share of dated members created within 14 days, and that window.
    pub created_within_14_days: f64,
    pub creation_window: Option<[String; 2]>,
    /// Share of all dated accounts created in that window.
    pub baseline_within_window: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// The strongest group actions: what, how many members, and the posts behind it.
    pub group_objects: Vec<GroupEvidence>,
    pub texts: Vec<Counted>,
    pub urls: Vec<Counted>,
    pub domains: Vec<Counted>,
    pub media: Vec<Counted>,
    pub hashtags: Vec<Counted>,
    pub reshared: Vec<Counted>,
    pub languages: Vec<Counted>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupEvidence {
    pub signal: &'static str,
    /// The object: a text sample, URL, domain, media hash, hashtag set or post id.
    pub object: String,
    pub members: u32,
    /// Everyone in the corpus who used the object.
    pub accounts_total: u32,
    pub first: String,
    pub last: String,
    pub median_lag_seconds: f64,
    pub posts: Vec<PostRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PostRef {
    pub post_id: String,
    pub account_id: String,
    pub timestamp: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Counted {
    pub value: String,
    /// Member posts carrying it.
    pub posts: u64,
}

#[derive(Debug, Clone, Serialize)]
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

/// Settings of the report stage.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    pub min_score: f64,
}

/// Builds the report. Clusters scoring below `min_score` are counted, not listed.
pub fn build(
    ing: &Ingested,
    f: &Features,
    g: &CoactionGraph,
    clusters: &[Cluster],
    parameters: serde_json::Value,
    cfg: &ReportConfig,
) -> Report {
    let dated: Vec<i64> = ing
        .corpus
        .accounts
        .created_at
        .iter()
        .flatten()
        .copied()
        .collect();
    let mut dated_sorted = dated.clone();
    dated_sorted.sort_unstable();
    let mut nets: Vec<Network> = clusters
        .iter()
        .map(|cl| network(ing, f, g, cl, &dated_sorted))
        .collect();
    let candidates = nets.len();
    nets.retain(|n| n.score >= cfg.min_score);
    nets.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.accounts.cmp(&b.accounts))
    });
    for (i, n) in nets.iter_mut().enumerate() {
        n.id = format!("N{}", i + 1);
    }
    let signals = g
        .signals
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let st = &g.stats[i];
            (
                s.as_str(),
                SignalSummary {
                    window_seconds: g.windows_ms[i] / 1000,
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
    Report {
        schema: "lockstep/report/v1",
        tool: Tool::current(),
        parameters,
        input: InputSummary::new(ing),
        graph: GraphSummary {
            pairs_tested: g.pairs_tested,
            pairs_kept: g.edges.len() as u64,
            candidate_networks: candidates,
            below_min_score: candidates - nets.len(),
            signals,
        },
        networks: nets,
    }
}

fn object_label(ing: &Ingested, f: &Features, s: Signal, o: u32, first_post: u32) -> String {
    let c = &ing.corpus;
    match s {
        Signal::TextNear | Signal::TextExact => c.text.get(first_post as usize).to_string(),
        Signal::Url => f.urls.resolve(o).to_string(),
        Signal::Domain => f.domains.resolve(o).to_string(),
        Signal::Media => c.media_values.resolve(o).to_string(),
        Signal::Hashtags => f.tagsets.resolve(o).to_string(),
        Signal::Reshare | Signal::Reply => c.targets.resolve(o).to_string(),
    }
}

fn network(
    ing: &Ingested,
    f: &Features,
    g: &CoactionGraph,
    cl: &Cluster,
    dated_sorted: &[i64],
) -> Network {
    let c = &ing.corpus;
    let members = &cl.members;
    let size = members.len();
    let mut posts: Vec<u32> = members
        .iter()
        .flat_map(|&a| f.posts_of(a).iter().copied())
        .collect();
    posts.sort_by_key(|&p| (c.time[p as usize], p));
    let times: Vec<i64> = posts.iter().map(|&p| c.time[p as usize]).collect();

    // Co-action.
    let mut degree: BTreeMap<u32, u32> = BTreeMap::new();
    let mut per_signal = vec![0u64; g.signals.len()];
    let mut coactions = 0u64;
    for &ei in &cl.edges {
        let e = &g.edges[ei];
        *degree.entry(e.a).or_default() += 1;
        *degree.entry(e.b).or_default() += 1;
        coactions += u64::from(e.coactions);
        for (i, k) in e.per_signal.iter().enumerate() {
            per_signal[i] += u64::from(*k);
        }
    }
    let possible = (size * (size - 1) / 2).max(1) as f64;
    let density = cl.edges.len() as f64 / possible;
    let mean_c = if cl.edges.is_empty() {
        0.0
    } else {
        coactions as f64 / cl.edges.len() as f64
    };
    let repeated = 1.0 - (-(cl.group_objects.len() as f64) / 10.0).exp();
    let coaction = (density.min(1.0) + (1.0 - (-mean_c / 5.0).exp()) + repeated) / 3.0;

    // Content and latency from the group actions.
    let authored = cl
        .group_objects
        .iter()
        .filter(|go| g.signals[go.signal].authored())
        .count();
    let content = authored as f64 / cl.group_objects.len().max(1) as f64;
    let mut lags: Vec<i64> = cl.group_objects.iter().map(|go| go.median_lag_ms).collect();
    lags.sort_unstable();
    let median_lag = lags.get(lags.len() / 2).copied().unwrap_or(0) as f64 / 1000.0;
    let latency = (1.0 - (median_lag.max(5.0) / 5.0).ln() / 24f64.ln()).clamp(0.0, 1.0);
    let burst = timing::burst(&times, &f.baseline);

    // Accounts.
    // Emptiness counts as far as it is known: an account with no profile data is not empty,
    // just unknown, so its score is shrunk by its confidence.
    let emp: Vec<f64> = members
        .iter()
        .map(|&a| {
            let e = &f.accounts[a as usize].emptiness;
            e.score * e.confidence
        })
        .collect();
    let mean_emptiness = emp.iter().sum::<f64>() / size as f64;
    let mut created: Vec<i64> = members
        .iter()
        .filter_map(|&a| c.accounts.created_at[a as usize])
        .collect();
    let with_dates = created.len();
    let conc = if with_dates >= 3 {
        emptiness::creation_concentration(&mut created, CREATION_WINDOW_MS)
    } else {
        None
    };
    let (within, window, baseline) = match conc {
        Some((share, start)) => {
            let lo = dated_sorted.partition_point(|&t| t < start);
            let hi = dated_sorted.partition_point(|&t| t <= start + CREATION_WINDOW_MS);
            let base = (hi - lo) as f64 / dated_sorted.len().max(1) as f64;
            (
                share,
                Some([format_ms(start), format_ms(start + CREATION_WINDOW_MS)]),
                base,
            )
        }
        None => (0.0, None, 0.0),
    };
    let creation = if baseline >= 1.0 {
        0.0
    } else {
        ((within - baseline) / (1.0 - baseline)).clamp(0.0, 1.0)
    };
    let creation = if conc.is_some() { creation } else { 0.0 };

    let score = (0.5 + 0.5 * coaction)
        * (1.0
            - (1.0 - 0.7 * content)
                * (1.0 - 0.6 * burst.strength.max(latency))
                * (1.0 - 0.6 * mean_emptiness.max(creation)));

    let signals = g
        .signals
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                s.as_str(),
                SignalEvidence {
                    coactions: per_signal[i],
                    group_objects: cl.group_objects.iter().filter(|go| go.signal == i).count(),
                },
            )
        })
        .collect();

    let mut hours = [0u64; 24];
    for &t in &times {
        hours[(t.div_euclid(3_600_000)).rem_euclid(24) as usize] += 1;
    }

    let mut gos: Vec<&crate::graph::GroupObject> = cl.group_objects.iter().collect();
    gos.sort_by(|a, b| {
        b.members
            .cmp(&a.members)
            .then(a.signal.cmp(&b.signal))
            .then(a.object.cmp(&b.object))
    });
    let group_objects = gos
        .iter()
        .take(25)
        .map(|go| {
            let s = g.signals[go.signal];
            GroupEvidence {
                signal: s.as_str(),
                object: object_label(ing, f, s, go.object, go.posts[0]),
                members: go.members,
                accounts_total: go.accounts_total,
                first: format_ms(c.time[go.posts[0] as usize]),
                last: format_ms(
                    go.posts
                        .iter()
                        .map(|&p| c.time[p as usize])
                        .max()
                        .unwrap_or(0),
                ),
                median_lag_seconds: go.median_lag_ms as f64 / 1000.0,
                posts: go
                    .posts
                    .iter()
                    .take(POSTS_PER_OBJECT)
                    .map(|&p| PostRef {
                        post_id: c.post_ids.resolve(p).to_string(),
                        account_id: c.account_ids.resolve(c.account[p as usize].0).to_string(),
                        timestamp: format_ms(c.time[p as usize]),
                    })
                    .collect(),
            }
        })
        .collect();

    let members_out: Vec<Member> = members
        .iter()
        .map(|&a| Member {
            account_id: c.account_ids.resolve(a).to_string(),
            handle: c.accounts.handle[a as usize].as_deref().map(str::to_string),
            posts: f.accounts[a as usize].posts,
            emptiness: round4(f.accounts[a as usize].emptiness.score),
            emptiness_confidence: round4(f.accounts[a as usize].emptiness.confidence),
            created_at: c.accounts.created_at[a as usize].map(format_ms),
            degree: degree.get(&a).copied().unwrap_or(0),
        })
        .collect();
    let mut members_out = members_out;
    members_out.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    let accounts: Vec<String> = members_out.iter().map(|m| m.account_id.clone()).collect();

    let mut caveats = Vec::new();
    if content == 0.0 {
        caveats.push("members converge on posts they reshare or answer, not on content they wrote: fan communities and news audiences do this too; weigh the account and timing evidence".to_string());
    }
    if mean_emptiness < 0.3 && creation < 0.3 {
        caveats.push(
            "members look like established accounts (low emptiness, creation dates spread out)"
                .to_string(),
        );
    }
    if median_lag > 600.0 {
        caveats.push(format!(
            "slow coordination: members follow each other after a median of {:.0} minutes",
            median_lag / 60.0
        ));
    }
    if with_dates * 2 < size {
        caveats
            .push("most members have no creation date: account evidence is incomplete".to_string());
    }

    Network {
        id: String::new(),
        score: round4(score),
        score_parts: ScoreParts {
            coaction: round4(coaction),
            density: round4(density),
            content: round4(content),
            burst: round4(burst.strength),
            latency: round4(latency),
            emptiness: round4(mean_emptiness),
            creation: round4(creation),
        },
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
            posts_by_hour: hours,
        },
        profile: ProfileSummary {
            mean_emptiness: round4(mean_emptiness),
            empty_members: emp.iter().filter(|&&e| e >= 0.6).count(),
            with_creation_date: with_dates,
            created_within_14_days: round4(within),
            creation_window: window,
            baseline_within_window: round4(baseline),
        },
        evidence: Evidence {
            group_objects,
            ..evidence(ing, f, &posts)
        },
        members: members_out,
        caveats,
    }
}

fn top(counts: BTreeMap<String, u64>) -> Vec<Counted> {
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
    Evidence {
        group_objects: Vec::new(),
        texts: top(texts),
        urls: top(urls),
        domains: top(domains),
        media: top(media),
        hashtags: top(tags),
        reshared: top(reshared),
        languages: top(langs),
    }
}
