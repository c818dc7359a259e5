//! Features: content fingerprints per post, emptiness and rhythm per account.
//!
//! `compute` turns a `Corpus` into `Features`: every shared object a later stage can join on
//! (normalised exact text, near-duplicate group, normalised URL, registered domain, media
//! group, hashtag set, reshare and reply targets) as dense ids, and one `AccountFeatures` per
//! account. Work over posts or distinct values runs on rayon; ids are assigned in a
//! sequential pass in post order, so results do not depend on the thread count.
//!
//! Distinct values are processed once: a URL shared by a million posts is parsed once.
//! Reshares carry no text evidence (their text is the original's).

pub mod emptiness;
pub mod media;
pub mod minhash;
pub mod text;
pub mod timing;
pub mod urls;

use std::hash::BuildHasher;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Corpus, Interner, NONE};
use emptiness::{Emptiness, Profile};
use timing::Baseline;

/// Settings of the feature stage.
#[derive(Debug, Clone, Serialize)]
pub struct FeatureConfig {
    /// Estimated Jaccard similarity at which two texts are near-duplicates.
    pub near_threshold: f64,
    /// Largest Hamming distance between two perceptual hashes of one picture.
    pub media_distance: u32,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        Self {
            near_threshold: 0.5,
            media_distance: media::MAX_DISTANCE,
        }
    }
}

/// A fixed-seed 64-bit hash (stable within a build; used for keys, never for output order).
pub fn hash64(bytes: &[u8]) -> u64 {
    foldhash::fast::FixedState::with_seed(0x6c6f_636b_7374_6570).hash_one(bytes)
}

/// A bijective 64-bit mixer (SplitMix64's finaliser).
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Per-account features.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AccountFeatures {
    pub posts: u32,
    pub emptiness: Emptiness,
    /// Share of its posts that are reshares.
    pub reshare_share: f64,
    /// Share of its original posts whose text or media another account also used.
    pub reused_share: f64,
    /// Share of its posts in its busiest 24 hours.
    pub busiest_day_share: f64,
    /// Coefficient of variation of gaps between its posts (0 = clockwork).
    pub gap_cv: Option<f64>,
    /// Hour-of-day entropy, 0..1.
    pub hour_spread: f64,
}

/// Everything the graph and report stages join on.
#[derive(Debug, Default)]
pub struct Features {
    /// Per post: id of its normalised text in `texts`, or `NONE` (no evidence, or a reshare).
    pub text_exact: Vec<u32>,
    /// Per post: its near-duplicate group (the smallest member text id), or `NONE`.
    pub text_near: Vec<u32>,
    /// Distinct normalised texts that carry evidence.
    pub texts: Interner,
    /// Per distinct raw URL value (`corpus.url_values`): normalised URL id, or `NONE`.
    pub url_of_value: Vec<u32>,
    pub urls: Interner,
    /// Per normalised URL: its registered domain id (`NONE` for opaque link ids).
    pub url_domain: Vec<u32>,
    pub domains: Interner,
    /// Per domain: whether it is a link shortener.
    pub domain_shortener: Vec<bool>,
    /// Per distinct raw media value: its group (smallest member value id).
    pub media_group: Vec<u32>,
    /// Per distinct raw hashtag value: normalised hashtag id.
    pub tag_of_value: Vec<u32>,
    pub tags: Interner,
    /// Per post: id of its (sorted, normalised) hashtag set in `tagsets`, or `NONE`.
    pub tagset: Vec<u32>,
    pub tagsets: Interner,
    /// Post ids of each account, in time order (CSR: `account_offsets`).
    pub account_posts: Vec<u32>,
    pub account_offsets: Vec<u32>,
    pub accounts: Vec<AccountFeatures>,
    pub baseline: Baseline,
}

impl Features {
    /// The posts of account `a`, in time order.
    pub fn posts_of(&self, a: u32) -> &[u32] {
        let a = a as usize;
        &self.account_posts[self.account_offsets[a] as usize..self.account_offsets[a + 1] as usize]
    }
}

/// Computes all features. See the module documentation.
pub fn compute(c: &Corpus, cfg: &FeatureConfig) -> Features {
    let mut f = Features::default();
    texts(c, cfg, &mut f);
    urls(c, &mut f);
    let media_vals: Vec<&str> = c.media_values.iter().map(|(_, s)| s).collect();
    f.media_group = media::group(&media_vals, cfg.media_distance);
    hashtags(c, &mut f);
    index_accounts(c, &mut f);
    f.baseline = Baseline::new(&c.time);
    f.accounts = account_features(c, &f);
    f
}

/// Interns the strings of blocks built in parallel (one arena per block, each string's end
/// or `NONE`, and the hashes of the strings kept), in order, so that ids do not depend on
/// the thread count: out[b · block + k] is the id of block b's k-th string.
fn intern_blocks(
    blocks: &[(String, Vec<u32>, Vec<u32>)],
    block: usize,
    interner: &mut Interner,
    out: &mut [u32],
) {
    for (b, (arena, ends, hashes)) in blocks.iter().enumerate() {
        let mut from = 0usize;
        let mut hashes = hashes.iter();
        for (k, &e) in ends.iter().enumerate() {
            if e != NONE {
                let to = e as usize;
                // Each block pushed one hash per string it kept (`e != NONE`), in order: the
                // iterator cannot run out first, whatever the input.
                #[allow(clippy::expect_used)]
                let h = *hashes.next().expect("invariant: one hash per kept string");
                out[b * block + k] = interner.intern_hashed(&arena[from..to], h).0;
                from = to;
            }
        }
    }
}

fn texts(c: &Corpus, cfg: &FeatureConfig, f: &mut Features) {
    // Blocks of posts are normalised in parallel into one arena per block (one reused
    // scratch `String` per block, no allocation per post), then interned in post order so
    // that text ids do not depend on the thread count.
    const BLOCK: usize = 4096;
    let n = c.len();
    f.text_exact = vec![NONE; n];
    // Each block also hashes its texts, so the sequential pass only probes the table.
    let blocks: Vec<(String, Vec<u32>, Vec<u32>)> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let (start, end) = (b * BLOCK, ((b + 1) * BLOCK).min(n));
            let mut arena = String::new();
            let mut ends = Vec::with_capacity(end - start);
            let mut hashes = Vec::new();
            let mut s = String::new();
            for i in start..end {
                if c.reshare_of[i] == NONE {
                    // Evidence is judged on the whole text (a three-word slogan with its tag
                    // is a text someone wrote); what is compared is its body without tags.
                    let raw = c.text.get(i);
                    text::normalize(raw, &mut s);
                    if !text::carries_evidence(&s) {
                        s.clear();
                    } else if has_tag_mark(raw) {
                        // Without a tag mark (NFKD makes these two `#` too) the body is the
                        // text: the second pass is only for the posts that need it.
                        text::normalize_without_tags(raw, &mut s);
                    }
                    if !s.is_empty() {
                        arena.push_str(&s);
                        ends.push(arena.len() as u32);
                        hashes.push(Interner::hash(&s));
                        continue;
                    }
                }
                ends.push(NONE);
            }
            (arena, ends, hashes)
        })
        .collect();
    intern_blocks(&blocks, BLOCK, &mut f.texts, &mut f.text_exact);
    // The interner holds each distinct text once; the per-post copies go before MinHash
    // takes its signatures (0.5 GB at 10M posts).
    drop(blocks);
    let all: Vec<&str> = f.texts.iter().map(|(_, s)| s).collect();
    let groups = minhash::group(&all, cfg.near_threshold);
    f.text_near = f
        .text_exact
        .iter()
        .map(|&t| if t == NONE { NONE } else { groups[t as usize] })
        .collect();
}

/// Whether `raw` holds a `#`, a fullwidth `＃` or a small `﹟` (NFKD makes these two `#`).
/// One byte search a mark (`memchr` on the character's last byte) rather than decoding every
/// character against the three; the two wide marks only in a text that is not all ASCII.
fn has_tag_mark(raw: &str) -> bool {
    raw.contains('#') || (!raw.is_ascii() && (raw.contains('＃') || raw.contains('﹟')))
}

fn urls(c: &Corpus, f: &mut Features) {
    let raw: Vec<&str> = c.url_values.iter().map(|(_, s)| s).collect();
    let normed: Vec<Option<urls::NormUrl>> = raw.par_iter().map(|u| urls::normalize(u)).collect();
    f.url_of_value = Vec::with_capacity(normed.len());
    for (n, raw) in normed.into_iter().zip(&raw) {
        match n {
            Some(n) => {
                let (id, new) = f.urls.intern(&n.key);
                if new {
                    let (d, dnew) = f.domains.intern(&n.domain);
                    if dnew {
                        f.domain_shortener.push(n.shortener);
                    }
                    f.url_domain.push(d);
                }
                f.url_of_value.push(id);
            }
            None => {
                // Not a web address: an opaque link id (research datasets anonymise URLs
                // to numbers). It is still an object to co-act on, without a domain.
                let key = raw.trim();
                if key.is_empty()
                    || key.contains(char::is_whitespace)
                    || urls::is_active_scheme(key)
                {
                    f.url_of_value.push(NONE);
                    continue;
                }
                let (id, new) = f.urls.intern(&format!("id:{key}"));
                if new {
                    f.url_domain.push(NONE);
                }
                f.url_of_value.push(id);
            }
        }
    }
}

/// A hashtag's normal form: without `#`, NFKD with marks removed, lower case.
pub fn normalize_tag(raw: &str) -> String {
    let mut s = String::new();
    text::normalize(raw.trim_start_matches(['#', '＃']), &mut s);
    s.retain(|c| c != ' ');
    s
}

fn hashtags(c: &Corpus, f: &mut Features) {
    let normed: Vec<String> = c
        .hashtag_values
        .iter()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|(_, s)| normalize_tag(s))
        .collect();
    f.tag_of_value = normed
        .iter()
        .map(|t| {
            if t.is_empty() {
                NONE
            } else {
                f.tags.intern(t).0
            }
        })
        .collect();
    // Each post's set key (its normalised tags sorted by string, deduplicated, joined by
    // spaces) is built and hashed in parallel blocks, one arena per block; the sets are then
    // interned in post order, so their ids do not depend on the thread count.
    const BLOCK: usize = 4096;
    let n = c.len();
    let (tags, tag_of_value) = (&f.tags, &f.tag_of_value);
    let blocks: Vec<(String, Vec<u32>, Vec<u32>)> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let (start, end) = (b * BLOCK, ((b + 1) * BLOCK).min(n));
            let mut arena = String::new();
            let mut ends = Vec::with_capacity(end - start);
            let mut hashes = Vec::new();
            let mut set: Vec<u32> = Vec::new();
            for i in start..end {
                set.clear();
                set.extend(
                    c.hashtags
                        .get(i)
                        .iter()
                        .map(|&v| tag_of_value[v as usize])
                        .filter(|&t| t != NONE),
                );
                if set.is_empty() {
                    ends.push(NONE);
                    continue;
                }
                set.sort_unstable_by(|a, b| tags.resolve(*a).cmp(tags.resolve(*b)));
                set.dedup();
                let from = arena.len();
                for (k, t) in set.iter().enumerate() {
                    if k > 0 {
                        arena.push(' ');
                    }
                    arena.push_str(tags.resolve(*t));
                }
                hashes.push(Interner::hash(&arena[from..]));
                ends.push(arena.len() as u32);
            }
            (arena, ends, hashes)
        })
        .collect();
    f.tagset = vec![NONE; n];
    intern_blocks(&blocks, BLOCK, &mut f.tagsets, &mut f.tagset);
}

fn index_accounts(c: &Corpus, f: &mut Features) {
    let na = c.account_ids.len();
    let mut counts = vec![0u32; na + 1];
    for a in &c.account {
        counts[a.0 as usize + 1] += 1;
    }
    for i in 1..=na {
        counts[i] += counts[i - 1];
    }
    let mut fill = counts.clone();
    let mut posts = vec![0u32; c.len()];
    for (p, a) in c.account.iter().enumerate() {
        let slot = &mut fill[a.0 as usize];
        posts[*slot as usize] = p as u32;
        *slot += 1;
    }
    for a in 0..na {
        posts[counts[a] as usize..counts[a + 1] as usize].sort_by_key(|&p| (c.time[p as usize], p));
    }
    f.account_posts = posts;
    f.account_offsets = counts;
}

/// How many distinct accounts used each id of a per-post column (ids < `n`).
fn accounts_per_object(c: &Corpus, ids: impl Iterator<Item = (usize, u32)>, n: usize) -> Vec<u32> {
    let mut pairs: Vec<(u32, u32)> = ids.map(|(p, o)| (o, c.account[p].0)).collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    let mut out = vec![0u32; n];
    for (o, _) in pairs {
        out[o as usize] += 1;
    }
    out
}

fn account_features(c: &Corpus, f: &Features) -> Vec<AccountFeatures> {
    let text_users = accounts_per_object(
        c,
        f.text_near
            .iter()
            .enumerate()
            .filter(|(_, t)| **t != NONE)
            .map(|(p, &t)| (p, t)),
        f.texts.len(),
    );
    let media_users = accounts_per_object(
        c,
        (0..c.len()).flat_map(|p| {
            c.media
                .get(p)
                .iter()
                .map(move |&m| (p, f.media_group[m as usize]))
        }),
        c.media_values.len(),
    );
    let a = &c.accounts;
    // Whether the profiles' source carries bios at all (see `Profile::bios_known`).
    let bios_known = a.bio.iter().any(Option::is_some);
    (0..c.account_ids.len())
        .into_par_iter()
        .map(|i| {
            let posts = f.posts_of(i as u32);
            let times: Vec<i64> = posts.iter().map(|&p| c.time[p as usize]).collect();
            let reshares = posts
                .iter()
                .filter(|&&p| c.reshare_of[p as usize] != NONE)
                .count();
            let originals = posts.len() - reshares;
            let reused = posts
                .iter()
                .filter(|&&p| {
                    let p = p as usize;
                    let t = f.text_near[p];
                    (t != NONE && text_users[t as usize] > 1)
                        || c.media
                            .get(p)
                            .iter()
                            .any(|&m| media_users[f.media_group[m as usize] as usize] > 1)
                })
                .count();
            let n = posts.len().max(1) as f64;
            let reshare_share = reshares as f64 / n;
            let age = a.created_at[i]
                .zip(times.first())
                .map(|(cr, &first)| (first - cr) as f64 / timing::DAY_MS as f64);
            let e = emptiness::emptiness(&Profile {
                age_days_at_first_post: age,
                followers: a.followers[i],
                posts_total: a.posts_total[i],
                bio: a.bio[i].as_deref(),
                has_profile: a.has_profile[i],
                bios_known,
                default_avatar: a.has_default_avatar[i],
                handle: a.handle[i].as_deref(),
                reshare_share: (!posts.is_empty()).then_some(reshare_share),
            });
            AccountFeatures {
                posts: posts.len() as u32,
                emptiness: e,
                reshare_share,
                reused_share: if originals == 0 {
                    0.0
                } else {
                    reused as f64 / originals as f64
                },
                busiest_day_share: timing::busiest_window(&times, timing::DAY_MS).0 as f64 / n,
                gap_cv: timing::gap_cv(&times),
                hour_spread: timing::hour_spread(&times),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A corpus of one post per text, each by its own account, each listing `#Debate2025`
    /// in its hashtags.
    fn corpus(texts: &[&str]) -> Corpus {
        let mut c = Corpus::default();
        for (i, text) in texts.iter().enumerate() {
            c.post_ids.intern(&format!("p{i}"));
            let a = c.intern_account(&format!("a{i}"));
            c.account.push(a);
            c.time.push(i as i64);
            c.text.push(text);
            c.lang.push(NONE);
            c.urls.push([]).unwrap();
            let tag = c.hashtag_values.intern("Debate2025").0;
            c.hashtags.push([tag]).unwrap();
            c.mentions.push([]).unwrap();
            c.media.push([]).unwrap();
            c.reshare_of.push(NONE);
            c.reply_to.push(NONE);
        }
        c
    }

    /// A live event's posts: different words, one tag. Texts are compared without their tags
    /// (with its word, a crowd's short posts chained into one near-duplicate group of a live
    /// event's crowd), but whether a text is evidence is judged with them: a short slogan
    /// with its tag is copied text, a post of tags alone is no text.
    #[test]
    fn texts_are_compared_without_their_tags() {
        let texts = [
            "Modo popelsu #Debate2025",
            "Suneto popelsu #Debate2025",
            "The vaccine was never tested and they know it #Debate2025",
            "The vaccine was never tested and they know it!! #novax #wakeup",
            "Stop the tax #Prop12",
            "Stop the tax!! #Prop12 #NoOn12",
            "#Debate2025 #Live #Vote #Now",
            "Stop the tax",
        ];
        let f = compute(&corpus(&texts), &FeatureConfig::default());
        let g = |i: usize| f.text_near[i];
        // With their tag the two were one text; without it they differ.
        assert_ne!(g(0), NONE);
        assert_ne!(g(0), g(1));
        // A copy is one text whatever tags ride along, however short.
        assert_ne!(g(2), NONE);
        assert_eq!(g(2), g(3));
        assert_ne!(g(4), NONE);
        assert_eq!(g(4), g(5));
        // Tags alone are no text; three words alone are too short to be evidence.
        assert_eq!(g(6), NONE);
        assert_eq!(g(7), NONE);
    }
}
