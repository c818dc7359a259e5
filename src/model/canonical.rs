//! Canonical order: the same posts in any input order give the same corpus.
//!
//! Ingest interns ids in first-seen order, so post, account and object ids (and every
//! tie-break that uses them downstream: neighbour bounds on equal timestamps, act selection,
//! Louvain's visiting order) would follow the order of the input records. `canonical`
//! rebuilds the corpus with posts sorted by (time, account id string, post id string) and
//! every interner filled in that order; accounts that posted nothing follow in string order.
//! The analysis then depends on the records, not on their order.
//!
//! # Complexity
//! O(n log n) string comparisons for n posts; the corpus is held twice while it runs.

use rayon::prelude::*;

use super::{AccountId, ColumnFull, Corpus, Interner, ListColumn, NONE};

/// The corpus in canonical order. See the module documentation.
///
/// # Errors
/// A list column passing 2^32 values (as when reading).
pub fn canonical(c: &Corpus) -> Result<Corpus, ColumnFull> {
    let n = c.len();
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.par_sort_by(|&a, &b| {
        let (a, b) = (a as usize, b as usize);
        c.time[a]
            .cmp(&c.time[b])
            .then_with(|| {
                c.account_ids
                    .resolve(c.account[a].0)
                    .cmp(c.account_ids.resolve(c.account[b].0))
            })
            .then_with(|| {
                c.post_ids
                    .resolve(a as u32)
                    .cmp(c.post_ids.resolve(b as u32))
            })
    });
    let mut out = Corpus::default();
    for &p in &order {
        out.intern_account(c.account_ids.resolve(c.account[p as usize].0));
    }
    let mut idle: Vec<&str> = c
        .account_ids
        .iter()
        .map(|(_, s)| s)
        .filter(|s| out.account_ids.get(s).is_none())
        .collect();
    idle.sort_unstable();
    for s in idle {
        out.intern_account(s);
    }
    copy_profiles(c, &mut out);
    let mut row: Vec<u32> = Vec::new();
    for &p in &order {
        let p = p as usize;
        out.post_ids.intern(c.post_ids.resolve(p as u32));
        let a = out
            .account_ids
            .get(c.account_ids.resolve(c.account[p].0))
            .unwrap_or(NONE);
        out.account.push(AccountId(a));
        out.time.push(c.time[p]);
        out.text.push(c.text.get(p));
        out.lang.push(reintern(c.lang[p], &c.langs, &mut out.langs));
        list(
            &c.urls,
            &c.url_values,
            p,
            &mut out.urls,
            &mut out.url_values,
            &mut row,
        )?;
        list(
            &c.hashtags,
            &c.hashtag_values,
            p,
            &mut out.hashtags,
            &mut out.hashtag_values,
            &mut row,
        )?;
        list(
            &c.mentions,
            &c.mention_values,
            p,
            &mut out.mentions,
            &mut out.mention_values,
            &mut row,
        )?;
        list(
            &c.media,
            &c.media_values,
            p,
            &mut out.media,
            &mut out.media_values,
            &mut row,
        )?;
        out.reshare_of
            .push(reintern(c.reshare_of[p], &c.targets, &mut out.targets));
        out.reply_to
            .push(reintern(c.reply_to[p], &c.targets, &mut out.targets));
    }
    Ok(out)
}

fn reintern(id: u32, from: &Interner, to: &mut Interner) -> u32 {
    if id == NONE {
        NONE
    } else {
        to.intern(from.resolve(id)).0
    }
}

fn list(
    col: &ListColumn,
    values: &Interner,
    p: usize,
    out: &mut ListColumn,
    out_values: &mut Interner,
    row: &mut Vec<u32>,
) -> Result<(), ColumnFull> {
    row.clear();
    row.extend(
        col.get(p)
            .iter()
            .map(|&v| out_values.intern(values.resolve(v)).0),
    );
    out.push(row.iter().copied())
}

fn copy_profiles(c: &Corpus, out: &mut Corpus) {
    for (old, s) in c.account_ids.iter() {
        let Some(new) = out.account_ids.get(s) else {
            continue;
        };
        let (o, n) = (old as usize, new as usize);
        let (from, to) = (&c.accounts, &mut out.accounts);
        to.has_profile[n] = from.has_profile[o];
        to.handle[n] = from.handle[o].clone();
        to.display_name[n] = from.display_name[o].clone();
        to.created_at[n] = from.created_at[o];
        to.followers[n] = from.followers[o];
        to.following[n] = from.following[o];
        to.bio[n] = from.bio[o].clone();
        to.has_default_avatar[n] = from.has_default_avatar[o];
        to.verified[n] = from.verified[o];
        to.posts_total[n] = from.posts_total[o];
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

    fn summary(c: &Corpus) -> Vec<(String, String, i64, Vec<u32>)> {
        (0..c.len())
            .map(|p| {
                (
                    c.post_ids.resolve(p as u32).to_string(),
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
        let a = canonical(&corpus(&rows)).unwrap();
        let b = canonical(&corpus(&rev)).unwrap();
        assert_eq!(summary(&a), summary(&b));
        assert_eq!(a.post_ids.resolve(0), "p3");
        assert_eq!(a.account_ids.resolve(0), "alice");
        assert_eq!(a.url_values.resolve(0), "u1");
    }
}
