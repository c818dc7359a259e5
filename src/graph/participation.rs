//! CooRTweet's participation rule, for users who need its pair lists (`--min-participation`).
//!
//! CooRTweet (`detect_groups`, Righetti & Balluff) first drops accounts with fewer than N
//! actions (rows of its input: here, posts that use an object of the chosen signals), pairs the rest within the window, then keeps a pair when at least one of its two
//! accounts has N or more distinct posts involved in some pair. lockstep applies the same
//! rule to its kept pairs when asked, so `--signals reshare --window 60s --min-coactions 1
//! --alpha 1 --min-participation 2 --format pairs` lists the pairs CooRTweet 2.1.3 reports
//! (3,721 on its own sample, see the README).
//!
//! # Complexity
//! O(E) over the events after the per-object sort the graph stage already did.

use super::events::Event;

/// Per account: whether it has at least `n` posts (`active`) and how many of its posts take
/// part in a co-action with another active account within the window (`involved`).
pub fn participation(
    events: &[Vec<Event>],
    windows_ms: &[i64],
    posts_per_account: &[u32],
    n: u32,
) -> (Vec<bool>, Vec<u32>) {
    let active: Vec<bool> = posts_per_account.iter().map(|&k| k >= n).collect();
    // (post, account) of every involved post.
    let mut involved: Vec<(u32, u32)> = Vec::new();
    for (ev, &w) in events.iter().zip(windows_ms) {
        let ev: Vec<&Event> = ev.iter().filter(|e| active[e.account as usize]).collect();
        let mut s = 0;
        while s < ev.len() {
            let mut e = s + 1;
            while e < ev.len() && ev[e].object == ev[s].object {
                e += 1;
            }
            for i in s..e {
                let near = |j: usize| {
                    (ev[j].time - ev[i].time).abs() <= w
                        && ev[j].account != ev[i].account
                        && ev[j].post != ev[i].post
                };
                let before = (s..i)
                    .rev()
                    .take_while(|&j| ev[i].time - ev[j].time <= w)
                    .any(near);
                let after = before
                    || (i + 1..e)
                        .take_while(|&j| ev[j].time - ev[i].time <= w)
                        .any(near);
                if after {
                    involved.push((ev[i].post, ev[i].account));
                }
            }
            s = e;
        }
    }
    // A post can be involved under several signals: count it once.
    involved.sort_unstable();
    involved.dedup();
    let mut by_account = vec![0u32; posts_per_account.len()];
    for (_, a) in involved {
        by_account[a as usize] += 1;
    }
    (active, by_account)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(object: u32, time: i64, account: u32, post: u32) -> Event {
        Event {
            object,
            time,
            account,
            post,
        }
    }

    #[test]
    fn counts_involved_posts_of_active_accounts() {
        // Account 2 has one post only: inactive at n = 2, so its co-action does not count.
        let events = vec![vec![
            ev(1, 0, 0, 10),
            ev(1, 5, 1, 11),
            ev(1, 7, 2, 12),
            ev(2, 0, 0, 13),
            ev(2, 100_000, 1, 14),
        ]];
        let (active, inv) = participation(&events, &[60_000], &[2, 2, 1], 2);
        assert_eq!(active, vec![true, true, false]);
        assert_eq!(inv, vec![1, 1, 0]);
    }
}
