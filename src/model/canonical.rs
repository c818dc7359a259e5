//! Canonical order: the same posts in any input order give the same corpus.
//!
//! Ingest interns ids in first-seen order, so post, account and object ids (and every
//! tie-break that uses them downstream: neighbour bounds on equal timestamps, act selection,
//! Louvain's visiting order) would follow the order of the input records. `canonical`
//! rebuilds the corpus with posts sorted by (time, account id string, post id string) and
//! every interner filled in that order; accounts that posted nothing follow in string order.
//! The analysis then depends on the records, not on their order.
//!
//! The result is what re-interning every value in canonical post order would give, but it is
//! built without re-interning: each column's ids are renumbered by first use through an
//! old-to-new table (array lookups, no hashing or string comparison per use), and each
//! interner and the text column move into the new corpus and are renumbered in place: their
//! strings are neither copied nor hashed again (`Interner::renumbered`,
//! `TextColumn::reordered`). Accounts are compared by their rank in string order, so the sort
//! compares strings only to break ties of time and account.
//!
//! # Complexity
//! O(n log n) for n posts (the sort), then linear; the id and list columns are held twice
//! while it runs, the strings once.

use rayon::prelude::*;

use super::{AccountId, Accounts, ColumnFull, Corpus, Interner, ListColumn, NONE};

/// The corpus in canonical order. See the module documentation.
///
/// # Errors
/// A list column passing 2^32 values (as when reading).
pub fn canonical(mut c: Corpus) -> Result<Corpus, ColumnFull> {
    let n = c.len();
    let na = c.account_ids.len();
    // Accounts in string order (ids are distinct strings, so ranks are distinct).
    let mut by_name: Vec<u32> = (0..na as u32).collect();
    by_name.par_sort_unstable_by(|&a, &b| c.account_ids.resolve(a).cmp(c.account_ids.resolve(b)));
    let mut rank = vec![0u32; na];
    for (r, &a) in by_name.iter().enumerate() {
        rank[a as usize] = r as u32;
    }
    let mut keys: Vec<(i64, u32, u32)> = (0..n)
        .into_par_iter()
        .map(|p| (c.time[p], rank[c.account[p].0 as usize], p as u32))
        .collect();
    keys.par_sort_unstable_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| c.post_ids.resolve(a.2).cmp(c.post_ids.resolve(b.2)))
    });
    let order: Vec<u32> = keys.into_iter().map(|k| k.2).collect();
    drop(rank);

    // Accounts: by first post in canonical order, then the idle ones in string order.
    let mut acct_new = vec![NONE; na];
    let mut acct_old: Vec<u32> = Vec::with_capacity(na);
    for &p in &order {
        let a = c.account[p as usize].0 as usize;
        if acct_new[a] == NONE {
            acct_new[a] = acct_old.len() as u32;
            acct_old.push(a as u32);
        }
    }
    for &a in &by_name {
        if acct_new[a as usize] == NONE {
            acct_new[a as usize] = acct_old.len() as u32;
            acct_old.push(a);
        }
    }
    drop(by_name);

    // The texts and interners move into the new corpus, renumbered without being copied.
    let text = std::mem::take(&mut c.text);
    let account_ids = std::mem::take(&mut c.account_ids);
    let post_ids = std::mem::take(&mut c.post_ids);
    let [
        url_values,
        hashtag_values,
        mention_values,
        media_values,
        lang_values,
        target_values,
    ] = [
        &mut c.url_values,
        &mut c.hashtag_values,
        &mut c.mention_values,
        &mut c.media_values,
        &mut c.langs,
        &mut c.targets,
    ]
    .map(std::mem::take);
    let c = &c;
    let mut out = Corpus::default();
    let ((account_ids, accounts), (post_ids, rest)) = rayon::join(
        || {
            (
                account_ids.renumbered(&acct_old),
                copy_profiles(&c.accounts, &acct_old),
            )
        },
        || {
            rayon::join(
                || post_ids.renumbered(&order),
                || {
                    let ((urls, hashtags), (mentions, media)) = rayon::join(
                        || {
                            rayon::join(
                                || renumber_list(&c.urls, url_values, &order),
                                || renumber_list(&c.hashtags, hashtag_values, &order),
                            )
                        },
                        || {
                            rayon::join(
                                || renumber_list(&c.mentions, mention_values, &order),
                                || renumber_list(&c.media, media_values, &order),
                            )
                        },
                    );
                    let (text, (langs, targets)) = rayon::join(
                        || text.reordered(&order),
                        || {
                            rayon::join(
                                || renumber(lang_values, order.iter().map(|&p| c.lang[p as usize])),
                                || {
                                    renumber(
                                        target_values,
                                        order.iter().flat_map(|&p| {
                                            [c.reshare_of[p as usize], c.reply_to[p as usize]]
                                        }),
                                    )
                                },
                            )
                        },
                    );
                    (urls, hashtags, mentions, media, text, langs, targets)
                },
            )
        },
    );
    let (urls, hashtags, mentions, media, text, langs, targets) = rest;
    out.account_ids = account_ids;
    out.accounts = accounts;
    out.post_ids = post_ids;
    (out.urls, out.url_values) = urls?;
    (out.hashtags, out.hashtag_values) = hashtags?;
    (out.mentions, out.mention_values) = mentions?;
    (out.media, out.media_values) = media?;
    out.text = text;
    let (lang, lang_values) = langs;
    out.lang = lang;
    out.langs = lang_values;
    let (tgt, target_values) = targets;
    out.reshare_of = tgt.iter().step_by(2).copied().collect();
    out.reply_to = tgt.iter().skip(1).step_by(2).copied().collect();
    out.targets = target_values;
    out.account = order
        .iter()
        .map(|&p| AccountId(acct_new[c.account[p as usize].0 as usize]))
        .collect();
    out.time = order.iter().map(|&p| c.time[p as usize]).collect();
    Ok(out)
}

/// Renumbers a sequence of ids of `values` (`NONE` kept) by first use; returns the new ids
/// and the interner in the new numbering.
fn renumber(values: Interner, ids: impl Iterator<Item = u32>) -> (Vec<u32>, Interner) {
    let mut new = vec![NONE; values.len()];
    let mut old: Vec<u32> = Vec::new();
    let out = ids
        .map(|v| {
            if v == NONE {
                return NONE;
            }
            let slot = &mut new[v as usize];
            if *slot == NONE {
                *slot = old.len() as u32;
                old.push(v);
            }
            *slot
        })
        .collect();
    (out, values.renumbered(&old))
}

/// A list column in canonical post order, its values renumbered by first use.
fn renumber_list(
    col: &ListColumn,
    values: Interner,
    order: &[u32],
) -> Result<(ListColumn, Interner), ColumnFull> {
    let mut new = vec![NONE; values.len()];
    let mut old: Vec<u32> = Vec::new();
    let mut out = ListColumn::with_capacity(order.len(), col.values().len());
    for &p in order {
        out.push(col.get(p as usize).iter().map(|&v| {
            let slot = &mut new[v as usize];
            if *slot == NONE {
                *slot = old.len() as u32;
                old.push(v);
            }
            *slot
        }))?;
    }
    Ok((out, values.renumbered(&old)))
}

/// The profile columns in the new account numbering (`old[new] = old id`).
fn copy_profiles(from: &Accounts, old: &[u32]) -> Accounts {
    let pick = |o: &u32| *o as usize;
    Accounts {
        has_profile: old.iter().map(|o| from.has_profile[pick(o)]).collect(),
        handle: old.iter().map(|o| from.handle[pick(o)].clone()).collect(),
        display_name: old
            .iter()
            .map(|o| from.display_name[pick(o)].clone())
            .collect(),
        created_at: old.iter().map(|o| from.created_at[pick(o)]).collect(),
        followers: old.iter().map(|o| from.followers[pick(o)]).collect(),
        following: old.iter().map(|o| from.following[pick(o)]).collect(),
        bio: old.iter().map(|o| from.bio[pick(o)].clone()).collect(),
        has_default_avatar: old
            .iter()
            .map(|o| from.has_default_avatar[pick(o)])
            .collect(),
        verified: old.iter().map(|o| from.verified[pick(o)]).collect(),
        posts_total: old.iter().map(|o| from.posts_total[pick(o)]).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(rows: &[(&str, &str, i64, &[&str])]) -> Corpus {
        let mut c = Corpus::default();
        for (post, acct, t, urls) in rows {
            c.post_ids.intern(post);
            let a = c.intern_account(acct);
            c.account.push(a);
            c.time.push(*t);
            c.text.push(post);
            c.lang.push(NONE);
            let ids: Vec<u32> = urls.iter().map(|u| c.url_values.intern(u).0).collect();
            c.urls.push(ids).unwrap();
            c.hashtags.push([]).unwrap();
            c.mentions.push([]).unwrap();
            c.media.push([]).unwrap();
            c.reshare_of.push(NONE);
            c.reply_to.push(NONE);
        }
        c
    }

    fn summary(c: &Corpus) -> Vec<(String, String, String, i64, Vec<u32>)> {
        (0..c.len())
            .map(|p| {
                (
                    c.post_ids.resolve(p as u32).to_string(),
                    c.text.get(p).to_string(),
                    c.account_ids.resolve(c.account[p].0).to_string(),
                    c.time[p],
                    c.urls.get(p).to_vec(),
                )
            })
            .collect()
    }

    #[test]
    fn any_input_order_gives_the_same_corpus() {
        let rows: Vec<(&str, &str, i64, &[&str])> = vec![
            ("p1", "bob", 10, &["u2"]),
            ("p2", "alice", 10, &["u1", "u2"]),
            ("p3", "alice", 5, &[]),
        ];
        let mut rev = rows.clone();
        rev.reverse();
        let a = canonical(corpus(&rows)).unwrap();
        let b = canonical(corpus(&rev)).unwrap();
        assert_eq!(summary(&a), summary(&b));
        assert_eq!(a.post_ids.resolve(0), "p3");
        assert_eq!(a.account_ids.resolve(0), "alice");
        assert_eq!(a.url_values.resolve(0), "u1");
        // Texts and ids follow the posts (reordered, not copied), and again when reordered.
        assert_eq!(a.text.get(0), "p3");
        let again = canonical(a.clone()).unwrap();
        assert_eq!(summary(&again), summary(&a));
        assert_eq!(again.post_ids.get("p3"), Some(0));
    }
}
