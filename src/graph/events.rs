//! Events per signal: (object, time, account, post) tuples, sorted by object then time.

use rayon::prelude::*;

use super::Signal;
use crate::features::Features;
use crate::model::{Corpus, NONE};

/// One use of an object by an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Event {
    pub object: u32,
    pub time: i64,
    pub account: u32,
    pub post: u32,
}

/// Appends the objects post `p` uses under `signal` to `out` (each once, `NONE` skipped;
/// at most the first 8 list items are read, so one post cannot weigh more than 8 links).
///
/// A reshare acts only through its target: the URLs, media, hashtags and text it carries
/// are the original author's, so they are not the resharer's objects.
pub fn objects_of(c: &Corpus, f: &Features, signal: Signal, p: usize, out: &mut Vec<u32>) {
    out.clear();
    if c.reshare_of[p] != NONE && signal != Signal::Reshare {
        return;
    }
    let push = |o: u32, out: &mut Vec<u32>| {
        if o != NONE && !out.contains(&o) {
            out.push(o);
        }
    };
    match signal {
        Signal::TextNear => push(f.text_near[p], out),
        Signal::TextExact => push(f.text_exact[p], out),
        Signal::Url => {
            for &u in c.urls.get(p).iter().take(8) {
                push(f.url_of_value[u as usize], out);
            }
        }
        Signal::Domain => {
            for &u in c.urls.get(p).iter().take(8) {
                let id = f.url_of_value[u as usize];
                if id != NONE {
                    let d = f.url_domain[id as usize];
                    if d != NONE && !f.domain_shortener[d as usize] {
                        push(d, out);
                    }
                }
            }
        }
        Signal::Media => {
            for &m in c.media.get(p).iter().take(8) {
                push(f.media_group[m as usize], out);
            }
        }
        Signal::Hashtags => {
            for &h in c.hashtags.get(p).iter().take(8) {
                push(f.tag_of_value[h as usize], out);
            }
        }
        Signal::Reshare => push(c.reshare_of[p], out),
        Signal::Reply => push(c.reply_to[p], out),
    }
}

/// All events of `signal`, sorted by (object, time, account, post).
pub fn collect(c: &Corpus, f: &Features, signal: Signal) -> Vec<Event> {
    let mut ev: Vec<Event> = (0..c.len())
        .into_par_iter()
        .fold(
            || (Vec::new(), Vec::new()),
            |(mut out, mut objs), p| {
                objects_of(c, f, signal, p, &mut objs);
                for &o in &objs {
                    out.push(Event {
                        object: o,
                        time: c.time[p],
                        account: c.account[p].0,
                        post: p as u32,
                    });
                }
                (out, objs)
            },
        )
        .map(|(out, _)| out)
        .reduce(Vec::new, |mut a, mut b| {
            a.append(&mut b);
            a
        });
    ev.par_sort_unstable();
    ev
}
