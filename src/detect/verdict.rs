//! Verdicts: a suspected network, a lead below the threshold, or same-owner coordination.
//!
//! Same-owner coordination is a declared brand's sister accounts acting together (a
//! newspaper's section accounts posting its links): real coordination, not inauthentic. It
//! is recognised by a brand token shared by most members' handles or display names, on
//! accounts that are mostly established (verified or widely followed), and listed apart with
//! that reason, whatever its score.

use super::score::{ScoreParts, mean_established};
use crate::model::Corpus;

/// The share of members that must carry the brand token.
pub const BRAND_SHARE: f64 = 0.6;
/// Members' mean established-ness above which a branded group is the brand's own accounts.
pub const ESTABLISHED: f64 = 0.5;

/// What a scored group is.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Network,
    Lead { reason: String },
    SameOwner { brand: String },
}

/// Decides the verdict of a group with `parts` and `score`.
pub fn verdict(
    c: &Corpus,
    members: &[u32],
    parts: &ScoreParts,
    score: f64,
    min_score: f64,
) -> Verdict {
    if let Some(brand) = same_owner(c, members) {
        return Verdict::SameOwner { brand };
    }
    if score >= min_score {
        return Verdict::Network;
    }
    let mut weak = Vec::new();
    if parts.authored < 0.3 {
        weak.push("little content of their own (they converge on others' posts)".to_string());
    }
    if parts.timing < 0.3 {
        weak.push(if parts.rank_z > 3.0 {
            format!(
                "early (rank z {:.1}) but a small part of those audiences ({:.0}%)",
                parts.rank_z,
                50.0 * parts.audience_share
            )
        } else {
            format!(
                "not earlier than other users of the same objects (rank z {:.1})",
                parts.rank_z
            )
        });
    }
    if parts.burst < 0.3 {
        weak.push("no burst against the corpus".to_string());
    }
    if parts.profile_coverage < 0.5 {
        weak.push("no profile data for most members".to_string());
    } else if parts.accounts <= 0.0 {
        weak.push("established-looking accounts".to_string());
    }
    Verdict::Lead {
        reason: format!(
            "score {score:.2} below {min_score:.2}: {}",
            if weak.is_empty() {
                "evidence of every kind, none strong".to_string()
            } else {
                weak.join("; ")
            }
        ),
    }
}

/// The verdict of a group whose only evidence is sites it keeps to itself
/// (`seeds::own_sites`): a lead whatever its score (a brand's own accounts where they are
/// one). Sock accounts distributing a network of sites, and a newspaper chain's journalists
/// or a webcomic's fans, link sites nobody else links in the same way; an analyst tells them
/// apart by who runs the sites.
pub fn site_lead(c: &Corpus, members: &[u32], score: f64) -> Verdict {
    if let Some(brand) = same_owner(c, members) {
        return Verdict::SameOwner { brand };
    }
    Verdict::Lead {
        reason: format!(
            "score {score:.2}, but beyond sites it keeps to itself (most of whoever links \
             them) it does not stand on its own (no copies posted each time by under half of \
             it, nobody early, no batch of new accounts): the accounts of a network of sites, \
             or an outlet's staff and readers; check who runs the sites"
        ),
    }
}

/// The brand a mostly established group shares, if any. See the module documentation.
pub fn same_owner(c: &Corpus, members: &[u32]) -> Option<String> {
    let acc = &c.accounts;
    let n = members.len();
    if n < 2 {
        return None;
    }
    if mean_established(c, members) < ESTABLISHED {
        return None;
    }
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for &m in members {
        let mut toks = tokens(acc.handle[m as usize].as_deref().unwrap_or(""));
        toks.extend(tokens(
            acc.display_name[m as usize].as_deref().unwrap_or(""),
        ));
        toks.sort_unstable();
        toks.dedup();
        for t in toks {
            *counts.entry(t).or_default() += 1;
        }
    }
    let need = (BRAND_SHARE * n as f64).ceil() as usize;
    counts
        .into_iter()
        .filter(|(_, k)| *k >= need.max(2))
        .max_by(|a, b| {
            a.1.cmp(&b.1)
                .then(a.0.chars().count().cmp(&b.0.chars().count()))
                .then(b.0.cmp(&a.0))
        })
        .map(|(t, _)| t)
}

/// Brand candidates of a name: its lower-cased alphanumeric words of 4+ characters, and the
/// 5- to 12-character prefixes of a handle written as one word (`lemondesport` → `lemonde`).
fn tokens(s: &str) -> Vec<String> {
    let lower = s.to_lowercase();
    let mut out: Vec<String> = lower
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && !w.chars().all(|ch| ch.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    let words: Vec<String> = out.clone();
    for w in words {
        let chars: Vec<char> = w.chars().collect();
        for k in 5..=12.min(chars.len().saturating_sub(1)) {
            out.push(chars[..k].iter().collect());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(profiles: &[(&str, &str, bool, u64)]) -> Corpus {
        let mut c = Corpus::default();
        c.accounts.resize(profiles.len());
        for (i, (h, d, v, f)) in profiles.iter().enumerate() {
            c.intern_account(&format!("a{i}"));
            c.accounts.handle[i] = Some((*h).into());
            c.accounts.display_name[i] = Some((*d).into());
            c.accounts.verified[i] = Some(*v);
            c.accounts.followers[i] = Some(*f);
            c.accounts.has_profile[i] = true;
        }
        c
    }

    #[test]
    fn a_media_groups_section_accounts_are_same_owner() {
        let c = corpus(&[
            ("LeMatinal", "Le Matinal", true, 900_000),
            ("LeMatinalSport", "Le Matinal Sport", true, 120_000),
            ("lematinal_eco", "Le Matinal Économie", false, 40_000),
            ("LeMatinalCulture", "Le Matinal Culture", true, 30_000),
        ]);
        assert_eq!(same_owner(&c, &[0, 1, 2, 3]).as_deref(), Some("lematinal"));
    }

    #[test]
    fn shell_accounts_with_a_shared_word_are_not() {
        // Same word in every name, but new, unverified, unfollowed: a campaign's naming
        // scheme, not a brand.
        let c = corpus(&[
            ("patriot_8812", "Patriot", false, 3),
            ("patriot_1290", "Patriot", false, 5),
            ("patriot_4410", "Patriot", false, 1),
        ]);
        assert_eq!(same_owner(&c, &[0, 1, 2]), None);
    }

    #[test]
    fn established_strangers_are_not() {
        let c = corpus(&[
            ("alice_writes", "Alice", true, 50_000),
            ("bobnews", "Bob", true, 80_000),
            ("carol", "Carol M", true, 20_000),
        ]);
        assert_eq!(same_owner(&c, &[0, 1, 2]), None);
    }

    #[test]
    fn a_group_on_its_own_sites_alone_is_a_lead_whatever_its_score() {
        let c = corpus(&[
            ("mila_k", "Mila", false, 300),
            ("jt_runs", "Jon", false, 120),
            ("sara.b", "Sara", false, 800),
        ]);
        for score in [0.2, 0.9] {
            match site_lead(&c, &[0, 1, 2], score) {
                Verdict::Lead { reason } => assert!(reason.contains("sites"), "{reason}"),
                other => panic!("{other:?}"),
            }
        }
        // A brand's own accounts linking its titles are listed as such.
        let brand = corpus(&[
            ("LeMatinal", "Le Matinal", true, 900_000),
            ("LeMatinalSport", "Le Matinal Sport", true, 120_000),
            ("LeMatinalCulture", "Le Matinal Culture", true, 30_000),
        ]);
        assert!(matches!(
            site_lead(&brand, &[0, 1, 2], 0.9),
            Verdict::SameOwner { .. }
        ));
    }
}
