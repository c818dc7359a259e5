//! Account emptiness: how much an account looks like a shell made for a campaign.
//!
//! Each component is in 0..1 (1 = empty-looking) and computed only from data that exists:
//! a missing profile field leaves its component out and lowers `confidence` (the share of the
//! total weight that could be computed), it never counts as empty. The score is the weighted
//! mean of the available components.
//!
//! | component | weight | 1 when | 0 when |
//! |---|---|---|---|
//! | `young` | 2 | created ≤ 7 days before its first post here | ≥ 2 years |
//! | `few_followers` | 1.5 | ≤ 10 | > 200 |
//! | `few_posts` | 1 | ≤ 20 lifetime posts | > 1,000 |
//! | `no_bio` | 1 | empty bio | any bio |
//! | `default_avatar` | 1 | default picture | own picture |
//! | `generated_handle` | 1 | 5+ digit run, or a long high-entropy handle | a word-like handle |
//! | `reshare_share` | 0.5 | all its posts are reshares | none |

use serde::Serialize;

/// Emptiness of one account with its components (`None` where the data is missing).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Emptiness {
    pub score: f64,
    pub confidence: f64,
    pub young: Option<f64>,
    pub few_followers: Option<f64>,
    pub few_posts: Option<f64>,
    pub no_bio: Option<f64>,
    pub default_avatar: Option<f64>,
    pub generated_handle: Option<f64>,
    pub reshare_share: Option<f64>,
}

/// Inputs of `emptiness` for one account.
#[derive(Debug, Clone, Default)]
pub struct Profile<'a> {
    pub age_days_at_first_post: Option<f64>,
    pub followers: Option<u64>,
    pub posts_total: Option<u64>,
    pub bio: Option<&'a str>,
    pub has_profile: bool,
    /// Whether the corpus's profiles carry bios at all (some profile has one): a source
    /// without the field (an export, or an API call, that left it out) says nothing of any
    /// account's bio.
    pub bios_known: bool,
    pub default_avatar: Option<bool>,
    pub handle: Option<&'a str>,
    pub reshare_share: Option<f64>,
}

fn step(x: f64, points: &[(f64, f64)]) -> f64 {
    // Piecewise-linear through `points` (x ascending), flat outside.
    if x <= points[0].0 {
        return points[0].1;
    }
    for w in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if x <= x1 {
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
        }
    }
    points[points.len() - 1].1
}

/// Computes the emptiness of one account.
pub fn emptiness(p: &Profile<'_>) -> Emptiness {
    // An account created more than a day after its first post here contradicts itself (a
    // wrong date, an id reused by a new account): its age is unknown, not the youngest.
    let young = p.age_days_at_first_post.filter(|&d| d >= -1.0).map(|d| {
        step(
            d.max(0.0),
            &[(7.0, 1.0), (30.0, 0.8), (180.0, 0.4), (730.0, 0.0)],
        )
    });
    let few_followers = p
        .followers
        .map(|f| step(f as f64, &[(10.0, 1.0), (50.0, 0.6), (200.0, 0.0)]));
    let few_posts = p
        .posts_total
        .map(|n| step(n as f64, &[(20.0, 1.0), (100.0, 0.5), (1000.0, 0.0)]));
    // An empty bio is only known when the profile was described, by a source that carries
    // bios.
    let no_bio = (p.has_profile && p.bios_known).then(|| {
        if p.bio.is_some_and(|b| !b.trim().is_empty()) {
            0.0
        } else {
            1.0
        }
    });
    let default_avatar = p.default_avatar.map(|b| if b { 1.0 } else { 0.0 });
    let generated_handle = p.handle.map(generated_handle);
    let parts = [
        (young, 2.0),
        (few_followers, 1.5),
        (few_posts, 1.0),
        (no_bio, 1.0),
        (default_avatar, 1.0),
        (generated_handle, 1.0),
        (p.reshare_share, 0.5),
    ];
    let total: f64 = parts.iter().map(|(_, w)| w).sum();
    let (mut sum, mut wsum) = (0.0, 0.0);
    for (v, w) in parts {
        if let Some(v) = v {
            sum += v * w;
            wsum += w;
        }
    }
    Emptiness {
        score: if wsum > 0.0 { sum / wsum } else { 0.0 },
        confidence: wsum / total,
        young,
        few_followers,
        few_posts,
        no_bio,
        default_avatar,
        generated_handle,
        reshare_share: p.reshare_share,
    }
}

/// 1 for handles that look generated: a run of 5+ digits, or 12+ characters of high
/// character entropy with digits mixed in; 0.5 for a 3–4 digit run; else 0.
pub fn generated_handle(h: &str) -> f64 {
    let mut run = 0;
    let mut best = 0;
    for c in h.chars() {
        if c.is_ascii_digit() {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    if best >= 5 {
        return 1.0;
    }
    let n = h.chars().count();
    let digits = h.chars().filter(char::is_ascii_digit).count();
    if n >= 12 && digits >= 2 && entropy(h) > 3.3 {
        return 1.0;
    }
    if best >= 3 { 0.5 } else { 0.0 }
}

fn entropy(s: &str) -> f64 {
    let mut counts = std::collections::BTreeMap::new();
    let mut n = 0.0;
    for c in s.chars() {
        *counts.entry(c).or_insert(0.0) += 1.0;
        n += 1.0;
    }
    counts
        .values()
        .map(|&k: &f64| -(k / n) * (k / n).log2())
        .sum()
}

/// How concentrated creation dates are: the largest share of `created` (ms) falling within
/// any `window_ms`, and that window's start. `None` for fewer than 2 dates.
pub fn creation_concentration(created: &mut [i64], window_ms: i64) -> Option<(f64, i64)> {
    if created.len() < 2 {
        return None;
    }
    created.sort_unstable();
    let (best, start) = super::timing::busiest_window(created, window_ms);
    Some((best as f64 / created.len() as f64, start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obvious_cases_are_ordered() {
        let shell = emptiness(&Profile {
            age_days_at_first_post: Some(3.0),
            followers: Some(2),
            posts_total: Some(5),
            bio: None,
            has_profile: true,
            bios_known: true,
            default_avatar: Some(true),
            handle: Some("jean84920173"),
            reshare_share: Some(0.5),
        });
        let sparse = emptiness(&Profile {
            age_days_at_first_post: Some(200.0),
            followers: Some(40),
            posts_total: Some(300),
            bio: None,
            has_profile: true,
            bios_known: true,
            default_avatar: Some(false),
            handle: Some("tom84"),
            reshare_share: Some(0.2),
        });
        let real = emptiness(&Profile {
            age_days_at_first_post: Some(3000.0),
            followers: Some(3400),
            posts_total: Some(8800),
            bio: Some("Journaliste"),
            has_profile: true,
            bios_known: true,
            default_avatar: Some(false),
            handle: Some("marie_b"),
            reshare_share: Some(0.1),
        });
        assert!(shell.score > 0.9, "{}", shell.score);
        assert!(shell.score > sparse.score && sparse.score > real.score);
        assert!(real.score < 0.1, "{}", real.score);
        assert_eq!(shell.confidence, 1.0);
    }

    #[test]
    fn missing_data_lowers_confidence_not_score() {
        let unknown = emptiness(&Profile {
            handle: Some("marie_b"),
            ..Profile::default()
        });
        assert_eq!(unknown.score, 0.0);
        assert!(unknown.confidence < 0.2);
        assert_eq!(unknown.no_bio, None);
    }

    /// A profile source without bios (Twitter API users fetched without `description`, an
    /// accounts file of ids and handles) made every account's bio empty: emptiness 0.40
    /// where nothing was known. An empty bio counts only where the corpus carries bios.
    #[test]
    fn a_bio_no_source_carries_is_unknown_not_empty() {
        let p = Profile {
            has_profile: true,
            handle: Some("marie_b"),
            ..Profile::default()
        };
        let unknown = emptiness(&p);
        assert_eq!(unknown.no_bio, None);
        assert_eq!(unknown.score, 0.0);
        let empty = emptiness(&Profile {
            bios_known: true,
            ..p
        });
        assert_eq!(empty.no_bio, Some(1.0));
        assert!(empty.confidence > unknown.confidence);
    }

    /// `created_at` in 2030 with posts in 2024 was accepted and scored as maximally young.
    #[test]
    fn an_account_created_after_its_posts_has_no_known_age() {
        let at = |d: f64| {
            emptiness(&Profile {
                age_days_at_first_post: Some(d),
                ..Profile::default()
            })
            .young
        };
        assert_eq!(at(-2000.0), None);
        assert_eq!(at(-1.5), None);
        // Within a day: time zones and clocks, the youngest.
        assert_eq!(at(-0.5), Some(1.0));
        assert_eq!(at(3.0), Some(1.0));
    }

    #[test]
    fn handles() {
        assert_eq!(generated_handle("jean84920173"), 1.0);
        assert_eq!(generated_handle("marie_dubois"), 0.0);
        assert_eq!(generated_handle("tom1984"), 0.5);
        assert_eq!(generated_handle("x7Kq9zP2mW4rT"), 1.0);
    }

    #[test]
    fn concentration() {
        let day = 86_400_000;
        let mut d = vec![0, day, 2 * day, 100 * day, 400 * day];
        let (share, start) = creation_concentration(&mut d, 7 * day).unwrap();
        assert_eq!(share, 0.6);
        assert_eq!(start, 0);
        assert_eq!(creation_concentration(&mut [5], day), None);
    }
}
