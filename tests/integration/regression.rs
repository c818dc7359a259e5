//! Regressions, each named after its issue.

use serde_json::Value;

use crate::util::{Workdir, lockstep, stdout_of};

fn analyze_json(w: &Workdir, posts: &str, accounts: Option<&str>) -> Value {
    let p = w.write("posts.jsonl", posts.as_bytes());
    let mut cmd = lockstep();
    cmd.args(["analyze", "-q"]).arg(&p);
    if let Some(a) = accounts {
        cmd.arg("--accounts")
            .arg(w.write("accounts.jsonl", a.as_bytes()));
    }
    serde_json::from_slice(&stdout_of(&mut cmd)).unwrap()
}

/// Timed JSONL lines in time order, one string.
fn timed_jsonl(mut lines: Vec<(i64, String)>) -> String {
    lines.sort();
    lines.into_iter().map(|(_, l)| l + "\n").collect()
}

/// Asserts that the report holds no network (`what` says which case).
fn assert_no_network(v: &Value, what: &str) {
    assert!(
        v["networks"].as_array().unwrap().is_empty(),
        "{what}{:#}",
        v["networks"]
    );
}

fn post(id: usize, account: usize, t: i64, text: &str, url: &str) -> String {
    format!(
        r#"{{"post_id":"p{id}","account_id":"a{account}","timestamp":{t},"text":"{text}","urls":["{url}"]}}"#
    )
}

/// A corpus that is only the campaign (collected from a list of suspect accounts): 12
/// accounts posting the same 8 texts and links hours apart, nothing else. It used to give no
/// network, because the chance rate came from the campaign itself.
// See: issue 9
#[test]
fn i09_a_corpus_that_is_only_the_campaign() {
    let w = Workdir::new();
    let mut lines = Vec::new();
    let mut id = 0;
    for k in 0..8 {
        let text =
            format!("Message number {k} of the campaign: boycott the games, share everywhere");
        let url = format!("https://echo{k}.example/story/{k}");
        for a in 0..12 {
            id += 1;
            let t = 1_700_000_000 + k * 86_400 + a as i64 * 1_800;
            lines.push(post(id, a, t, &text, &url));
        }
    }
    let v = analyze_json(&w, &(lines.join("\n") + "\n"), None);
    let nets = v["networks"].as_array().unwrap();
    assert_eq!(nets.len(), 1, "{:#}", v["findings"]);
    assert_eq!(nets[0]["size"], 12);
}

/// Four established accounts posting one identical announcement, among ordinary posts: one
/// act (its text, link and domain are one post), never a network.
// See: issue 9
#[test]
fn i09_one_announcement_by_established_accounts_is_not_a_network() {
    let w = Workdir::new();
    let mut lines = Vec::new();
    let mut accounts = Vec::new();
    let mut id = 0;
    for a in 0..4 {
        accounts.push(format!(
            r#"{{"account_id":"a{a}","handle":"office{a}","followers":250000,"verified":true,"created_at":"2010-01-01T00:00:00Z"}}"#
        ));
        id += 1;
        lines.push(post(
            id,
            a,
            1_700_000_000 + a as i64 * 60,
            "Public notice: the water supply will be interrupted on Tuesday from 9am to noon",
            "https://city.example/notice/42",
        ));
        for k in 0..20 {
            id += 1;
            lines.push(post(
                id,
                a,
                1_700_100_000 + (a as i64 * 20 + k) * 7_200,
                &format!("ordinary post {k} by account {a} about something else entirely"),
                &format!("https://site{a}.example/{k}"),
            ));
        }
    }
    let v = analyze_json(
        &w,
        &(lines.join("\n") + "\n"),
        Some(&(accounts.join("\n") + "\n")),
    );
    assert_eq!(v["networks"].as_array().unwrap().len(), 0, "{v:#}");
    assert!(!v["findings"].as_array().unwrap().is_empty());
}

/// Source, accounts, chance of resharing each post, delay in seconds from a uniform draw.
type Crowd<'a> = (usize, &'a [usize], f64, fn(f64) -> f64);

/// A reshare corpus with an outlet amplified by a ring among its organic followers, and a
/// celebrity whose audience includes a few habitually fast fans. Only the ring is a network:
/// the followers drop out of it (they are not early beyond chance), and the fast fans are a
/// small part of a big audience.
// See: issue 9
#[test]
fn i09_an_outlet_ring_among_its_followers_and_fast_fans_among_an_audience() {
    let w = Workdir::new();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let (outlet, celeb) = (0usize, 1usize);
    let ring: Vec<usize> = (10..22).collect();
    let followers: Vec<usize> = (100..250).collect();
    let fast_fans: Vec<usize> = (300..308).collect();
    let fans: Vec<usize> = (400..700).collect();
    let mut accounts = Vec::new();
    for a in [outlet, celeb] {
        accounts.push(format!(
            r#"{{"account_id":"a{a}","handle":"source{a}","followers":900000,"verified":true,"created_at":"2009-03-01T00:00:00Z"}}"#
        ));
    }
    let everyone: Vec<usize> = [&ring[..], &followers, &fast_fans, &fans].concat();
    for (i, &a) in everyone.iter().enumerate() {
        // Aged, ordinary-looking profiles for everyone, the ring included.
        accounts.push(format!(
            r#"{{"account_id":"a{a}","handle":"user{a}","followers":{},"bio":"ordinary person {a}","created_at":"{}-0{}-15T00:00:00Z"}}"#,
            50 + (i * 37) % 400,
            2012 + i % 10,
            1 + i % 9
        ));
    }
    let mut lines = Vec::new();
    let mut id = 0;
    let t0 = 1_700_000_000i64;
    for k in 0..40i64 {
        for (source, t) in [(outlet, t0 + k * 21_600), (celeb, t0 + k * 21_600 + 9_000)] {
            id += 1;
            let src = id;
            lines.push(format!(
                r#"{{"post_id":"p{src}","account_id":"a{source}","timestamp":{t},"text":"news item {k} from source {source}"}}"#
            ));
            let mut share = |a: usize, delay: f64| {
                id += 1;
                format!(
                    r#"{{"post_id":"p{id}","account_id":"a{a}","timestamp":{},"text":"RT news item {k}","reshare_of":"p{src}"}}"#,
                    t + delay as i64
                )
            };
            let crowds: [Crowd; 4] = [
                (outlet, &ring, 0.85, |r| 30.0 + 60.0 * r),
                (outlet, &followers, 0.05, |r| 120.0 * 180f64.powf(r)),
                (celeb, &fast_fans, 0.7, |r| 10.0 + 110.0 * r),
                (celeb, &fans, 0.15, |r| 60.0 * 360f64.powf(r)),
            ];
            let mut acts = Vec::new();
            for &(s, crowd, p, delay) in &crowds {
                for &a in crowd.iter().filter(|_| s == source) {
                    if rnd() < p {
                        acts.push((a, delay(rnd())));
                    }
                }
            }
            for (a, d) in acts {
                lines.push(share(a, d));
            }
        }
    }
    // Everyone also posts on their own.
    for (i, &a) in everyone.iter().enumerate() {
        for j in 0..5i64 {
            id += 1;
            lines.push(format!(
                r#"{{"post_id":"p{id}","account_id":"a{a}","timestamp":{},"text":"my own thought number {j} of user {a}"}}"#,
                t0 + (i as i64 * 7_919 + j * 86_400) % (40 * 21_600)
            ));
        }
    }
    let v = analyze_json(
        &w,
        &(lines.join("\n") + "\n"),
        Some(&(accounts.join("\n") + "\n")),
    );
    let nets = v["networks"].as_array().unwrap();
    assert_eq!(nets.len(), 1, "{:#}", v["leads"]);
    let got: Vec<&str> = nets[0]["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    let mut want: Vec<String> = ring.iter().map(|a| format!("a{a}")).collect();
    want.sort();
    assert_eq!(got, want, "{:#}", nets[0]["score_parts"]);
}

/// A camouflaged campaign: 30 accounts, each with 60 ordinary posts, post 25 claims
/// reworded within half an hour, each by 4 of 6 core operators and 5 of 24 others; 600
/// ordinary accounts post and use the same trending hashtags. Any two of the 24 share one
/// or two operations, too few for the pair test: the core's pairs find the campaign, and it
/// grows by the accounts that keep returning to its claims. No ordinary account joins it.
// See: issue 9
#[test]
fn i09_a_camouflaged_campaign_among_ordinary_posts() {
    let w = Workdir::new();
    let posts = camouflage_corpus(&[(0, 6, 4), (6, 24, 5)], true);
    let v = analyze_json(&w, &posts, None);
    let got = the_one_campaign(&v);
    assert!(got.len() >= 27, "{} of 30 members found", got.len());
}

/// The members (numbers of `aN` ids) of the report's only network, all campaign accounts
/// (below 30), asserted.
fn the_one_campaign(v: &Value) -> Vec<usize> {
    the_one_network(v, 30)
}

/// The members (numbers of `aN` ids) of the report's only network, all below `below`,
/// asserted.
fn the_one_network(v: &Value, below: usize) -> Vec<usize> {
    let nets = v["networks"].as_array().unwrap();
    assert_eq!(nets.len(), 1, "{:#}", v["networks"]);
    let got: Vec<usize> = nets[0]["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap()[1..].parse().unwrap())
        .collect();
    assert!(
        got.iter().all(|&a| a < below),
        "ordinary accounts joined: {got:?}"
    );
    got
}

/// The same campaign without a core: each claim is posted by 5 or 6 of the 30, drawn at
/// random, so any two members share about one of the 25 operations and no pair, or only a
/// few, pass the test (before the seeds: nothing found with 5, 4 members with 6). Its own
/// tag (`#OpenYourEyes`, used by no one else, push after push) proposes its regulars, and
/// the group test finds the campaign from them (`detect::seeds`), as one network.
// See: issue 9
#[test]
fn i09_a_camouflaged_campaign_without_a_core_is_found_by_its_own_tag() {
    for take in [5, 6] {
        let w = Workdir::new();
        let v = analyze_json(&w, &camouflage_corpus(&[(0, 30, take)], true), None);
        let got = the_one_campaign(&v);
        assert!(
            got.len() >= 24,
            "crews of {take}: {} of 30 found",
            got.len()
        );
    }
}

/// A weekly hashtag chat: the same 30 accounts meet on their tag 25 times, 5 or 9 of them
/// each time within half an hour, but each writes words of its own. The tag proposes its
/// regulars, and they act as a group on it, but nothing is copied: a shared tag alone does
/// not make a seeded group a network (`detect::seeds::copied`).
// See: issue 9
#[test]
fn i09_a_weekly_hashtag_chat_is_not_a_network() {
    for take in [5, 9] {
        let w = Workdir::new();
        let v = analyze_json(&w, &camouflage_corpus(&[(0, 30, take)], false), None);
        assert_eq!(
            v["networks"].as_array().unwrap().len(),
            0,
            "chats of {take}: {:#}",
            v["networks"]
        );
    }
}

/// A deterministic draw below `n` (xorshift64 from `seed`), for hand-made corpora.
/// A lognormal delay in seconds with `median` and `sigma` (Box-Muller on two uniforms of
/// `rnd`), as people answer a post: most within the hour, some hours later.
fn lognormal_delay(rnd: &mut impl FnMut(u64) -> u64, median: f64, sigma: f64) -> i64 {
    let (u1, u2) = (
        (rnd(1 << 20) + 1) as f64 / (1 << 20) as f64,
        rnd(1 << 20) as f64 / (1 << 20) as f64,
    );
    let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
    (median * (sigma * z).exp()) as i64
}

fn xorshift(mut seed: u64) -> impl FnMut(u64) -> u64 {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    }
}

/// 30 campaign accounts (60 ordinary posts each) and 600 ordinary ones (8 each) over three
/// weeks, all on the same trending hashtags; 25 reworded claims tagged `#OpenYourEyes`, each
/// posted within half an hour by a crew drawn as `(first, of, take)`: `take` distinct
/// accounts among campaign accounts `first..first + of`, for each triple. Without `copies`,
/// each crew member writes words of its own under the tag instead (a weekly hashtag chat).
fn camouflage_corpus(draws: &[(usize, u64, usize)], copies: bool) -> String {
    let mut rnd = xorshift(0x9e37_79b9_7f4a_7c15);
    const WORDS: [&str; 24] = [
        "coffee", "train", "weather", "match", "lunch", "movie", "garden", "music", "office",
        "weekend", "traffic", "dinner", "holiday", "book", "rain", "market", "bike", "beach",
        "concert", "kitchen", "school", "river", "museum", "bakery",
    ];
    const CLAIMS: [&str; 5] = [
        "the ministry hid the real numbers of the {} contracts from every auditor",
        "independent observers say the {} vote count was changed overnight in three regions",
        "leaked memo proves the {} subsidy went to friends of the minister",
        "doctors confirm the {} programme was stopped after officials ignored warnings",
        "they do not want you to know who really paid for the {} campaign",
    ];
    const FRAMES: [(&str, &str); 4] = [
        ("BREAKING:", "Share before it is deleted."),
        ("Read this:", "Wake up!"),
        ("Important:", "RT if you agree."),
        ("", "#truth"),
    ];
    let t0 = 1_700_000_000i64;
    let span = 21 * 86_400i64;
    let mut lines = Vec::new();
    let mut id = 0usize;
    let mut say = |a: usize, t: i64, text: &str, tags: &[&str], lines: &mut Vec<String>| {
        id += 1;
        let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        lines.push(format!(
            r#"{{"post_id":"p{id}","account_id":"a{a}","timestamp":{t},"lang":"en","text":"{text}","hashtags":[{}]}}"#,
            tags.join(",")
        ));
    };
    let trending = ["Paris2024", "football", "cinema", "weekend"];
    let campaign: Vec<usize> = (0..30).collect();
    let ordinary: Vec<usize> = (100..700).collect();
    for &a in campaign.iter().chain(&ordinary) {
        let n = if a < 100 { 60 } else { 8 };
        for _ in 0..n {
            let text: Vec<String> = (0..9).map(|_| format!("w{}", rnd(5000))).collect();
            let tag = trending[rnd(4) as usize];
            let t = t0 + rnd(span as u64) as i64;
            say(a, t, &text.join(" "), &[tag], &mut lines);
        }
    }
    for op in 0..25usize {
        let claim = CLAIMS[op % 5].replace("{}", WORDS[op % 24]);
        let start = t0 + rnd((span - 3_600) as u64) as i64;
        let mut crew: Vec<usize> = Vec::new();
        for &(from, n, take) in draws {
            let start = crew.len();
            while crew.len() < start + take {
                let a = campaign[from + rnd(n) as usize];
                if !crew.contains(&a) {
                    crew.push(a);
                }
            }
        }
        for a in crew {
            let (pre, post) = FRAMES[rnd(4) as usize];
            let t = start + rnd(1_800) as i64;
            let text = if copies {
                format!("{pre} {claim} {post}")
            } else {
                let own: Vec<String> = (0..9).map(|_| format!("w{}", rnd(5000))).collect();
                own.join(" ")
            };
            say(a, t, &text, &["OpenYourEyes"], &mut lines);
        }
    }
    lines.join("\n") + "\n"
}

/// A bot farm larger than the pair bound: 300 accounts post four texts, each wave by about
/// 85% of them within a minute, among 800 ordinary accounts, and three copypastas that 150
/// strangers each pass on within an hour (crowds too, each of other accounts). Each bot met a different 64 of the farm in each
/// wave, so no pair repeated and no text recurred: the farm was no network, and no lead.
/// Its crowds propose it now; the copypastas' crowds are not the same accounts twice.
// See: issue 9 (big farms)
#[test]
fn i09_a_bot_farm_larger_than_the_pair_bound_is_found_by_its_crowds() {
    let mut rnd = xorshift(0x2545_f491_4f6c_dd1d);
    const WAVES: [&str; 4] = [
        "the minister lied about the budget again, share this before they delete it",
        "our farmers are betrayed by the bureaucrats every single day, wake up",
        "the election commission is hiding the real numbers from all of you",
        "foreign money is buying our newspapers one by one and nobody says a word",
    ];
    const COPYPASTA: [&str; 3] = [
        "I am not asking you to share this, but I would like to see who reads my posts",
        "scientists confirmed that cats purr at a frequency that heals bones, share it",
        "in honour of mental health week my door is always open, copy and repost if you agree",
    ];
    let t0 = 1_700_000_000i64;
    let mut posts = Posts::default();
    posts.ordinary(&mut rnd, t0, 8 * 86_400);
    for (k, text) in WAVES.iter().enumerate() {
        let start = t0 + (k as i64 + 1) * 86_400 + rnd(36_000) as i64;
        for a in 0..300 {
            if rnd(100) < 85 {
                posts.say(a, start + rnd(60) as i64, text);
            }
        }
    }
    for (k, text) in COPYPASTA.iter().enumerate() {
        let start = t0 + (k as i64 * 3 + 2) * 86_400;
        for _ in 0..150 {
            let a = 1000 + rnd(800) as usize;
            posts.say(a, start + rnd(3_600) as i64, text);
        }
    }
    let w = Workdir::new();
    let v = analyze_json(&w, &posts.jsonl(), None);
    let members = the_one_network(&v, 300);
    assert!(members.len() >= 285, "the farm whole: {}", members.len());
    assert!(v["leads"].as_array().unwrap().is_empty());
}

/// Posts in the canonical JSONL shape, all in English, numbered in order (`p1`, `p2`, ...).
#[derive(Default)]
struct Posts {
    lines: Vec<String>,
}

impl Posts {
    fn say(&mut self, a: usize, t: i64, text: &str) {
        let id = self.lines.len() + 1;
        self.lines.push(format!(
            r#"{{"post_id":"p{id}","account_id":"a{a}","timestamp":{t},"lang":"en","text":"{text}"}}"#
        ));
    }

    /// 800 ordinary accounts (a1000-a1799), ten posts each of nine random words, at random
    /// moments of the `span` seconds from `t0`.
    fn ordinary(&mut self, rnd: &mut impl FnMut(u64) -> u64, t0: i64, span: u64) {
        for a in 1000..1800 {
            for _ in 0..10 {
                let own: Vec<String> = (0..9).map(|_| format!("w{}", rnd(5000))).collect();
                let t = t0 + rnd(span) as i64;
                self.say(a, t, &own.join(" "));
            }
        }
    }

    fn jsonl(&self) -> String {
        self.lines.join("\n") + "\n"
    }
}

/// A camouflaged campaign without a tag: 20 accounts, 80 ordinary posts each, among 500
/// ordinary accounts; ten operations, each a new text with a new link and a new picture,
/// posted within half an hour by 8 of the 20 drawn at random, never used again. Any two
/// members meet in one or two operations and nothing recurs: no pair passed the test and
/// no private object proposed them, so it was missed. The pool it rotates through
/// proposes it now (`detect::seeds::rotations`); four copypastas that 30 strangers each
/// pass on within an hour are no rotation.
// See: issue 9 (tagless camouflage)
#[test]
fn i09_a_campaign_rotating_its_accounts_through_new_copies_is_found() {
    let mut rnd = xorshift(0x1405_7b7e_f767_814f);
    let t0 = 1_700_000_000i64;
    let span = 10 * 86_400i64;
    let mut lines = Vec::new();
    let mut id = 0usize;
    let mut say = |a: usize, t: i64, text: &str, extra: &str, lines: &mut Vec<String>| {
        id += 1;
        lines.push(format!(
            r#"{{"post_id":"p{id}","account_id":"a{a}","timestamp":{t},"lang":"en","text":"{text}"{extra}}}"#
        ));
    };
    let words = |rnd: &mut dyn FnMut(u64) -> u64, n: usize| {
        (0..n)
            .map(|_| format!("w{}", rnd(5000)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    for a in (0..20).chain(100..600) {
        for _ in 0..(if a < 100 { 80 } else { 8 }) {
            let t = t0 + rnd(span as u64) as i64;
            let text = words(&mut rnd, 9);
            say(a, t, &text, "", &mut lines);
        }
    }
    for op in 0..10 {
        let start = t0 + rnd((span - 3_600) as u64) as i64;
        let text = words(&mut rnd, 12);
        let url = format!("https://op{op}.example.net/{}", rnd(1 << 30));
        let extra = format!(r#","urls":["{url}"],"media":["{:016x}"]"#, rnd(1 << 62));
        let mut crew: Vec<usize> = Vec::new();
        while crew.len() < 8 {
            let a = rnd(20) as usize;
            if !crew.contains(&a) {
                crew.push(a);
            }
        }
        for a in crew {
            let t = start + rnd(1_800) as i64;
            say(a, t, &format!("{text} {url}"), &extra, &mut lines);
        }
    }
    for k in 0..4 {
        let text = format!(
            "copy and paste this if you love your mum, {}",
            words(&mut rnd, 6)
        );
        let start = t0 + (2 * k + 1) * 86_400;
        for _ in 0..30 {
            let a = 100 + rnd(500) as usize;
            say(a, start + rnd(3_600) as i64, &text, "", &mut lines);
        }
    }
    let w = Workdir::new();
    let v = analyze_json(&w, &(lines.join("\n") + "\n"), None);
    let members = the_one_network(&v, 20);
    assert!(members.len() >= 16, "the pool: {members:?}");
}

/// A hijacked hashtag: during a live event that 300 ordinary accounts tag in their own words,
/// 40 campaign accounts post three messages (with links to their own site) three times each,
/// and 15 throwaway accounts post one of them once, all within three hours. The throwaways
/// copy the group's own text as it posts it, and that is all they ever posted: they join
/// (`group::throwaway`), as a member in one action does. An ordinary account that posted the
/// same text once, two days later, among no other posts, does not. Before: 34 of the 40
/// and no throwaway; now 49 of the 55, all 15 throwaways among them.
// See: issue 9 (hashtag hijack, one-post members)
#[test]
fn i09_throwaways_posting_into_a_push_join_it() {
    let mut rnd = xorshift(0x6a09_e667_f3bc_c908);
    const MESSAGES: [&str; 3] = [
        "the stadium was empty because the organisers sold fake tickets to foreigners",
        "police were told to stand down while the riots spread across the whole city",
        "the ministry paid the broadcasters to hide what really happened tonight",
    ];
    let t0 = 1_700_000_000i64;
    let mut lines = Vec::new();
    let mut id = 0usize;
    let mut say = |a: usize, t: i64, text: &str, url: &str, lines: &mut Vec<String>| {
        id += 1;
        let urls = if url.is_empty() {
            String::new()
        } else {
            format!(r#","urls":["{url}"]"#)
        };
        lines.push(format!(
            r#"{{"post_id":"p{id}","account_id":"a{a}","timestamp":{t},"lang":"en","text":"{text} #FinalNight","hashtags":["FinalNight"]{urls}}}"#
        ));
    };
    for a in 100..400 {
        for _ in 0..3 {
            let own: Vec<String> = (0..9).map(|_| format!("w{}", rnd(5000))).collect();
            say(
                a,
                t0 + rnd(3 * 3_600) as i64,
                &own.join(" "),
                "",
                &mut lines,
            );
        }
    }
    for a in 0..55 {
        for _ in 0..(if a < 40 { 3 } else { 1 }) {
            let m = MESSAGES[rnd(3) as usize];
            let url = format!("https://real-truth.example/{}", rnd(50));
            say(a, t0 + rnd(3 * 3_600) as i64, m, &url, &mut lines);
        }
    }
    say(500, t0 + 2 * 86_400, MESSAGES[0], "", &mut lines);
    let w = Workdir::new();
    let v = analyze_json(&w, &(lines.join("\n") + "\n"), None);
    let members = the_one_network(&v, 55);
    let throwaways = members.iter().filter(|&&a| a >= 40).count();
    assert!(members.len() >= 45, "{members:?}");
    assert!(
        throwaways >= 13,
        "{throwaways} of 15 throwaways: {members:?}"
    );
}

/// Links to sites of their own: 30 accounts, each posting eight links at random moments over
/// a week, every URL new, on two domains nobody else links; 500 ordinary accounts link
/// the big sites now and then. Nothing is copied and nobody is early: the domains' seed
/// found the 30 over-represented on their sites, but nothing let the group stand. With
/// profiles that show the 30 registered within five days (everyone else joined over ten
/// years), they are a network (`detect::seeds::made_together`); the same 30 with creation
/// dates spread like everyone's (a small site's readers) are not.
// See: issue 9 (links on own domains)
#[test]
fn i09_accounts_registered_together_linking_their_own_sites_are_found() {
    let corpus = |batch: bool| {
        let mut rnd = xorshift(0xbb67_ae85_84ca_a73b);
        let t0 = 1_735_689_600i64;
        let span = 7 * 86_400u64;
        let mut posts = Vec::new();
        let mut accounts = Vec::new();
        let mut id = 0usize;
        let word = |rnd: &mut dyn FnMut(u64) -> u64| format!("w{}", rnd(3000));
        for a in 0..530usize {
            let site = a < 30;
            for _ in 0..8 {
                id += 1;
                let text: Vec<String> = (0..9).map(|_| word(&mut rnd)).collect();
                let url = if site {
                    format!(
                        "https://daily-truth{}.info/{}?id={}",
                        rnd(2),
                        word(&mut rnd),
                        rnd(1 << 20)
                    )
                } else if rnd(10) < 3 {
                    let big = ["youtube.com", "nytimes.com", "bbc.co.uk", "reddit.com"];
                    format!("https://{}/{}", big[rnd(4) as usize], word(&mut rnd))
                } else {
                    String::new()
                };
                let t = t0 + rnd(span) as i64;
                let text = text.join(" ");
                let urls = if url.is_empty() {
                    String::new()
                } else {
                    format!(r#","urls":["{url}"]"#)
                };
                posts.push((t, format!(
                    r#"{{"post_id":"p{id}","account_id":"a{a}","timestamp":{t},"lang":"en","text":"{text}"{urls}}}"#
                )));
            }
            // Everyone joined over ten years; the 30, in a batch, within five days.
            let day = if site && batch {
                3000 + rnd(5)
            } else {
                rnd(3650)
            };
            let created = 1_420_070_400 + 86_400 * day as i64;
            accounts.push(format!(
                r#"{{"account_id":"a{a}","created_at":{created},"followers":{},"verified":false}}"#,
                20 + rnd(200)
            ));
        }
        (timed_jsonl(posts), accounts.join("\n") + "\n")
    };
    let w = Workdir::new();
    let (posts, accounts) = corpus(true);
    let v = analyze_json(&w, &posts, Some(&accounts));
    let members = the_one_network(&v, 30);
    assert!(members.len() >= 20, "the 30: {members:?}");
    let (posts, accounts) = corpus(false);
    let v = analyze_json(&w, &posts, Some(&accounts));
    assert_no_network(&v, "");
}

/// Contest hunters, no profiles: five brands each post one giveaway ("RT and follow to
/// enter"); 200 hunters each enter each with chance 0.6, resharing it and posting the entry
/// text it dictates (one text per giveaway, not the giveaway's own words) 5-60 s later,
/// half an hour after it on median (lognormal, spread over hours); 1,500 ordinary accounts
/// beside them. Each brand, in its one post, counted as a member, so resharing it, copying
/// its words and using its tags were the group's own content: a network of 191 at 0.75.
/// Converging once on each of many callers that do nothing else with the group is an
/// audience answering calls (`detect::group::answered_once`): a lead at most. The same
/// crowd answering one account's five calls is a hub's crew, as before.
// See: issue 9 (contest hunters a false network without profiles)
#[test]
fn i09_contest_hunters_answering_many_brands_once_are_no_network() {
    let corpus = |brands: &[usize]| {
        let mut rnd = xorshift(0x3c6e_f372_fe94_f82b);
        let t0 = 1_735_689_600i64;
        let mut posts: Vec<(i64, String)> = Vec::new();
        let word = |rnd: &mut dyn FnMut(u64) -> u64| format!("w{}", rnd(5000));
        let prizes = [
            "a PS5",
            "an iPhone 16",
            "$500",
            "a gaming PC",
            "concert tickets",
        ];
        for (g, &brand) in brands.iter().enumerate() {
            let t = t0 + 86_400 * (2 * g as i64 + 1);
            let prize = prizes[g];
            posts.push((t, format!(
                r#"{{"post_id":"g{g}","account_id":"brand{brand}","timestamp":{t},"text":"GIVEAWAY! Win {prize}: RT and follow @brand{brand} to enter #giveaway #contest","hashtags":["giveaway","contest"]}}"#
            )));
            for h in 0..200 {
                if rnd(10) >= 6 {
                    continue;
                }
                let d = lognormal_delay(&mut rnd, 1800.0, 1.5);
                let e = t + d + 5 + rnd(56) as i64;
                posts.push((t + d, format!(
                    r#"{{"post_id":"g{g}rt{h}","account_id":"hunter{h}","timestamp":{},"text":"","reshare_of":"g{g}"}}"#, t + d
                )));
                posts.push((e, format!(
                    r#"{{"post_id":"g{g}tx{h}","account_id":"hunter{h}","timestamp":{e},"text":"RT and follow @brand{brand} to win {prize}! #giveaway #contest","hashtags":["giveaway","contest"],"mentions":["brand{brand}"]}}"#
                )));
            }
        }
        for (who, n, each) in [("hunter", 200, 5), ("org", 1500, 8)] {
            for a in 0..n {
                for k in 0..each {
                    let t = t0 + rnd(11 * 86_400) as i64;
                    let text: Vec<String> = (0..10).map(|_| word(&mut rnd)).collect();
                    let text = text.join(" ");
                    posts.push((t, format!(
                        r#"{{"post_id":"{who}{a}_{k}","account_id":"{who}{a}","timestamp":{t},"text":"{text}"}}"#
                    )));
                }
            }
        }
        timed_jsonl(posts)
    };
    let w = Workdir::new();
    let v = analyze_json(&w, &corpus(&[0, 1, 2, 3, 4]), None);
    assert_no_network(&v, "");
    let v = analyze_json(&w, &corpus(&[0, 0, 0, 0, 0]), None);
    let nets = v["networks"].as_array().unwrap();
    assert_eq!(nets.len(), 1, "{:#}", v["networks"]);
    assert!(nets[0]["accounts"].as_array().unwrap().len() >= 150);
}

/// Contest hunters with profiles: five brands of 50,000 followers each post one giveaway;
/// 400 ordinary hunters (among 3,000 ordinary accounts) enter each with chance 0.6,
/// resharing it and posting the entry text "RT and follow @brand to win <prize>!" 5-60 s
/// later (half an hour after the call on median). The first brand's call is a picture
/// without words, so the near-duplicate group of the entries (one group: they differ in the
/// prize alone) starts with a hunter's entry, and the later calls ("GIVEAWAY! Win <prize>:
/// RT and follow @brand to enter") join it, their entries being most of their words. Each
/// later episode opens with a brand's call, and copying it is answering the brand, as
/// resharing it is: no network (a network of 197 hunters at 0.72 in the probe, and of
/// 321-365 in this corpus's Python twin, while only the group's first use counted).
// See: issue 9 (contest hunters with profiles)
#[test]
fn i09_contest_hunters_copying_each_brands_call_are_no_network() {
    let mut rnd = xorshift(0x9b05_688c_2b3e_6c1f);
    let t0 = 1_735_689_600i64;
    let mut posts: Vec<(i64, String)> = Vec::new();
    let mut accounts: Vec<String> = Vec::new();
    let word = |rnd: &mut dyn FnMut(u64) -> u64| format!("w{}", rnd(5000));
    let prizes = [
        "a PS5",
        "an iPhone 16",
        "a gaming PC",
        "concert tickets",
        "a Switch 2",
    ];
    for (g, prize) in prizes.iter().enumerate() {
        accounts.push(format!(
            r#"{{"account_id":"brand{g}","created_at":"2019-01-01T00:00:00Z","followers":50000,"verified":false,"bio":"Shop"}}"#
        ));
        let t = t0 + 86_400 * (2 * g as i64 + 1);
        let call = if g == 0 {
            String::new()
        } else {
            format!("GIVEAWAY! Win {prize}: RT and follow @brand{g} to enter #giveaway #contest")
        };
        posts.push((t, format!(
            r#"{{"post_id":"g{g}","account_id":"brand{g}","timestamp":{t},"text":"{call}","hashtags":["giveaway","contest"],"media":["{g:016x}"]}}"#
        )));
        for h in 0..400 {
            if rnd(10) >= 6 {
                continue;
            }
            let d = lognormal_delay(&mut rnd, 1800.0, 1.5) + 1;
            let e = t + d + 5 + rnd(56) as i64;
            posts.push((t + d, format!(
                r#"{{"post_id":"g{g}rt{h}","account_id":"hunter{h}","timestamp":{},"text":"","reshare_of":"g{g}"}}"#, t + d
            )));
            posts.push((e, format!(
                r#"{{"post_id":"g{g}tx{h}","account_id":"hunter{h}","timestamp":{e},"text":"RT and follow @brand{g} to win {prize}! #giveaway #contest","hashtags":["giveaway","contest"],"mentions":["brand{g}"]}}"#
            )));
        }
    }
    for (who, n, each) in [("hunter", 400, 5), ("org", 3000, 8)] {
        for a in 0..n {
            let followers = 100 + rnd(900);
            accounts.push(format!(
                r#"{{"account_id":"{who}{a}","created_at":"2016-03-01T00:00:00Z","followers":{followers},"verified":false,"bio":"hi"}}"#
            ));
            for k in 0..each {
                let t = t0 + rnd(11 * 86_400) as i64;
                let text: Vec<String> = (0..10).map(|_| word(&mut rnd)).collect();
                let text = text.join(" ");
                posts.push((t, format!(
                    r#"{{"post_id":"{who}{a}_{k}","account_id":"{who}{a}","timestamp":{t},"text":"{text}"}}"#
                )));
            }
        }
    }
    let posts = timed_jsonl(posts);
    let accounts: String = accounts.into_iter().map(|a| a + "\n").collect();
    let w = Workdir::new();
    let v = analyze_json(&w, &posts, Some(&accounts));
    assert_no_network(&v, "");
}

/// 25 new sock accounts among 1,500 ordinary ones push one message (text, tag, link) in six
/// waves; from the second wave on, a different outsider of 250,000 followers posts the
/// message minutes before the socks, who neither reshare nor answer it. The message is the
/// socks' own (one of them used it first): an established account posting it first in a
/// burst takes nothing from them. A network (a first version of the call rule of
/// `group::judge`, which asked only who opened each episode, hid it; a review found it).
// See: issue 9 (calls opened by famous accounts)
#[test]
fn i09_famous_outsiders_posting_a_campaigns_message_first_leave_it_the_campaigns() {
    let mut rnd = xorshift(0x1f83_d9ab_fb41_bd6b);
    let t0 = 1_735_689_600i64;
    let mut posts: Vec<(i64, String)> = Vec::new();
    let mut accounts: Vec<String> = Vec::new();
    let words = |rnd: &mut dyn FnMut(u64) -> u64, n: usize| {
        (0..n)
            .map(|_| format!("w{}", rnd(5000)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    for a in 0..1500 {
        let year = 2010 + rnd(12);
        let followers = 50 + rnd(900);
        accounts.push(format!(
            r#"{{"account_id":"org{a}","created_at":"{year}-03-01T00:00:00Z","followers":{followers},"verified":false,"bio":"hi"}}"#
        ));
        for k in 0..8 {
            let t = t0 + rnd(14 * 86_400) as i64;
            let text = words(&mut rnd, 10);
            posts.push((t, format!(
                r#"{{"post_id":"org{a}_{k}","account_id":"org{a}","timestamp":{t},"text":"{text}"}}"#
            )));
        }
    }
    for s in 0..25 {
        let day = 1 + rnd(5);
        let followers = 20 + rnd(150);
        accounts.push(format!(
            r#"{{"account_id":"sock{s}","created_at":"2024-11-{day:02}T00:00:00Z","followers":{followers},"verified":false,"bio":"patriot"}}"#
        ));
        for k in 0..4 {
            let t = t0 + rnd(14 * 86_400) as i64;
            let text = words(&mut rnd, 10);
            posts.push((t, format!(
                r#"{{"post_id":"sock{s}_f{k}","account_id":"sock{s}","timestamp":{t},"text":"{text}"}}"#
            )));
        }
    }
    let message = "The governor lied about the water contract and the council covered it up, \
                   demand a full audit now";
    let ends = ["!!", "now.", "share this", "wake up", "!"];
    for w in 0..6 {
        let t = t0 + 86_400 * (2 * w + 1) + rnd(3600) as i64;
        let tail = format!("#AuditNow https://auditnow.example/w{w}");
        let extra = format!(r#""hashtags":["AuditNow"],"urls":["https://auditnow.example/w{w}"]"#);
        if w > 0 {
            accounts.push(format!(
                r#"{{"account_id":"star{w}","created_at":"2012-01-01T00:00:00Z","followers":250000,"verified":false,"bio":"influencer"}}"#
            ));
            posts.push((t, format!(
                r#"{{"post_id":"star_w{w}","account_id":"star{w}","timestamp":{t},"text":"{message} !! {tail}",{extra}}}"#
            )));
        }
        for s in 0..25 {
            if rnd(5) == 0 {
                continue;
            }
            let d = if s == 0 && w == 0 {
                0
            } else {
                60 + rnd(1800) as i64
            };
            let end = ends[rnd(5) as usize];
            posts.push((t + d, format!(
                r#"{{"post_id":"sock{s}_w{w}","account_id":"sock{s}","timestamp":{},"text":"{message} {end} {tail}",{extra}}}"#,
                t + d
            )));
        }
    }
    let posts = timed_jsonl(posts);
    let accounts: String = accounts.into_iter().map(|a| a + "\n").collect();
    let w = Workdir::new();
    let v = analyze_json(&w, &posts, Some(&accounts));
    let nets = v["networks"].as_array().unwrap();
    let socks = |n: &Value| {
        n["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a.as_str().unwrap().starts_with("sock"))
            .count()
    };
    assert!(nets.iter().any(|n| socks(n) >= 18), "{:#}", v["networks"]);
}

/// A crew of 20, no profiles, among 600 ordinary accounts: six times, it reshares one post
/// of an outside account (a different one each time, each posting once) and, seconds to a
/// minute later, each member posts the campaign's own message of the day. The reshares
/// converge on calls answered once, but the messages are the crew's own content, so it
/// stays a network (an earlier version of `detect::group::answered_once` took back what
/// answerers posted right after answering, and made it a lead at 0.37).
// See: issue 9 (calls answered once)
#[test]
fn i09_a_crew_posting_its_own_message_after_each_reshare_stays_a_network() {
    let mut rnd = xorshift(0x510e_527f_ade6_82d1);
    let t0 = 1_735_689_600i64;
    let mut posts: Vec<(i64, String)> = Vec::new();
    let mut id = 0usize;
    let words = |rnd: &mut dyn FnMut(u64) -> u64| {
        (0..10)
            .map(|_| format!("w{}", rnd(4000)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    for a in 0..600 {
        for _ in 0..8 {
            id += 1;
            let t = t0 + rnd(10 * 86_400) as i64;
            let text = words(&mut rnd);
            posts.push((t, format!(
                r#"{{"post_id":"o{id}","account_id":"o{a}","timestamp":{t},"lang":"en","text":"{text}"}}"#
            )));
        }
    }
    for m in 0..20 {
        for k in 0..5 {
            let t = t0 + rnd(10 * 86_400) as i64;
            let text = words(&mut rnd);
            posts.push((t, format!(
                r#"{{"post_id":"f{m}_{k}","account_id":"a{m}","timestamp":{t},"lang":"en","text":"{text}"}}"#
            )));
        }
    }
    for j in 0..6 {
        let t = t0 + 86_400 * (j + 1) + rnd(3_600) as i64;
        let text = words(&mut rnd);
        posts.push((t, format!(
            r#"{{"post_id":"call{j}","account_id":"x{j}","timestamp":{t},"lang":"en","text":"{text}"}}"#
        )));
        for m in 0..20 {
            if rnd(10) >= 7 {
                continue;
            }
            let d = t + 60 + rnd(1_740) as i64;
            let e = d + 5 + rnd(55) as i64;
            posts.push((d, format!(
                r#"{{"post_id":"rt{j}_{m}","account_id":"a{m}","timestamp":{d},"text":"","reshare_of":"call{j}"}}"#
            )));
            posts.push((e, format!(
                r#"{{"post_id":"msg{j}_{m}","account_id":"a{m}","timestamp":{e},"lang":"en","text":"The government is hiding the truth about the vaccine deaths, share now {j}"}}"#
            )));
        }
    }
    let posts = timed_jsonl(posts);
    let w = Workdir::new();
    let v = analyze_json(&w, &posts, None);
    let members = the_one_network(&v, 20);
    assert!(members.len() >= 18, "the crew: {members:?}");
}

/// A farm posting the same slogan wave after wave, among 800 ordinary accounts: eight waves
/// a day apart, each by about 85% of the farm within a minute. A pair's acts are distinct
/// objects, so every pair shared one act however many waves, and the seed its slogan
/// proposed was refused for acting all together (`detect::seeds::diffuse`): 30 bots with
/// one slogan, and 300 (beyond the pair bound) alternating two, were no network. Both are
/// one network now (`seeds::unjudged`, and `seeds::crowds` counting a copy's synchronised
/// episodes as acts). The same slogan passed on by other strangers in each wave is none, nor
/// the same 30, or 300, posting it over three hours each time, as a community posts its
/// Friday greeting (a reviewer's case: a network of 300 at 0.69 before waves had to be
/// synchronised).
// See: issue 9 (slogans in waves)
#[test]
fn i09_a_farm_posting_one_slogan_wave_after_wave_is_found() {
    const SLOGANS: [&str; 2] = [
        "the minister lied about the budget again, share this before they delete it",
        "our farmers are betrayed by the bureaucrats every single day, wake up",
    ];
    // (farm size, slogans it alternates (0: strangers pass the first slogan on instead),
    // seconds each wave spans)
    let corpus = |farm: usize, slogans: usize, spread: u64| {
        let mut rnd = xorshift(0x9b05_688c_2b3e_6c1f);
        let t0 = 1_700_000_000i64;
        let mut posts = Posts::default();
        posts.ordinary(&mut rnd, t0, 10 * 86_400);
        for wave in 0..8usize {
            let start = t0 + (wave as i64 + 1) * 86_400 + rnd(36_000) as i64;
            for k in 0..farm {
                if rnd(100) < 85 {
                    let (who, text) = if slogans == 0 {
                        (1000 + rnd(800) as usize, SLOGANS[0])
                    } else {
                        (k, SLOGANS[wave % slogans])
                    };
                    posts.say(who, start + rnd(spread) as i64, text);
                }
            }
        }
        posts.jsonl()
    };
    let w = Workdir::new();
    let v = analyze_json(&w, &corpus(30, 1, 60), None);
    assert!(the_one_network(&v, 30).len() >= 28, "{:#}", v["networks"]);
    let v = analyze_json(&w, &corpus(300, 2, 60), None);
    assert!(the_one_network(&v, 300).len() >= 285, "{:#}", v["networks"]);
    for (farm, slogans, spread) in [(30, 0, 60), (30, 1, 3 * 3_600), (300, 1, 3 * 3_600)] {
        let v = analyze_json(&w, &corpus(farm, slogans, spread), None);
        assert_no_network(&v, &format!("{farm} {slogans} {spread}: "));
    }
}

/// A campaign whose pairs find its core but not its other accounts: 12 accounts copy 20
/// claims under their own tag, each with a link to their site, six of them within half an
/// hour each time, and `drip` more link the same site in a third of those pushes, half an
/// hour to an hour later, with words of their own (among 600 ordinary accounts on trending
/// tags). The tag and the site propose all of them as regulars, but the core holds most of
/// that seed, which was then the core's and was not tested: 6 or 9 such accounts were left
/// out. The core's seeds are offered to it now (`detect::grown`). Critics who answer the
/// pushes under the tag in words of their own, without the site, stay out (a reviewer's
/// case: an earlier version took in whoever used the tag).
// See: issue 9 (a seed the pairs' group holds)
#[test]
fn i09_accounts_linking_a_campaigns_site_at_other_moments_join_the_core_its_pairs_found() {
    const CLAIMS: [&str; 3] = [
        "the ministry hid the real numbers of the contracts from every auditor",
        "leaked memo proves the subsidy went to friends of the minister",
        "they do not want you to know who really paid for the campaign",
    ];
    // `drip` accounts after the core, linking its site or (without `site`) only its tag.
    let corpus = |drip: u64, site: bool| {
        let mut rnd = xorshift(0x6a09_e667_f3bc_c908);
        let t0 = 1_700_000_000i64;
        let span = 21 * 86_400u64;
        let mut lines: Vec<(i64, String)> = Vec::new();
        let mut say = |a: u64, t: i64, text: &str, tag: &str, url: Option<String>| {
            let id = lines.len() + 1;
            let (text, urls) = match url {
                Some(u) => (format!("{text} {u}"), format!(r#"["{u}"]"#)),
                None => (text.to_string(), "[]".to_string()),
            };
            lines.push((t, format!(
                r#"{{"post_id":"p{id}","account_id":"a{a}","timestamp":{t},"lang":"en","text":"{text}","hashtags":["{tag}"],"urls":{urls}}}"#
            )));
        };
        let words = |rnd: &mut dyn FnMut(u64) -> u64| {
            let w: Vec<String> = (0..9).map(|_| format!("w{}", rnd(5000))).collect();
            w.join(" ")
        };
        let link = |rnd: &mut dyn FnMut(u64) -> u64| {
            format!(
                "https://truth-ledger.info/{}/{}",
                rnd(1_000_000),
                rnd(1_000_000)
            )
        };
        let trending = ["Paris2024", "football", "cinema", "weekend"];
        for a in (0..12 + drip).chain(100..700) {
            for _ in 0..(if a < 100 { 20 } else { 8 }) {
                let (t, text) = (t0 + rnd(span) as i64, words(&mut rnd));
                say(a, t, &text, trending[rnd(4) as usize], None);
            }
        }
        for op in 0..20u64 {
            let start = t0 + rnd(span - 7_200) as i64;
            let claim = format!(
                "{} {op}, share before it is deleted",
                CLAIMS[op as usize % 3]
            );
            let mut crew: Vec<u64> = Vec::new();
            while crew.len() < 6 {
                let a = rnd(12);
                if !crew.contains(&a) {
                    crew.push(a);
                }
            }
            for a in crew {
                let (t, u) = (start + rnd(1_800) as i64, link(&mut rnd));
                say(a, t, &claim, "OpenYourEyes", Some(u));
            }
            let mut late: Vec<u64> = Vec::new();
            while (late.len() as u64) < drip / 3 {
                let a = 12 + rnd(drip);
                if !late.contains(&a) {
                    late.push(a);
                }
            }
            for a in late {
                let (t, text) = (start + 1_800 + rnd(1_800) as i64, words(&mut rnd));
                let u = site.then(|| link(&mut rnd));
                say(a, t, &text, "OpenYourEyes", u);
            }
        }
        lines.sort();
        lines.into_iter().map(|(_, l)| l + "\n").collect::<String>()
    };
    let w = Workdir::new();
    for drip in [6, 9] {
        let v = analyze_json(&w, &corpus(drip, true), None);
        let members = the_one_network(&v, 12 + drip as usize);
        assert_eq!(members.len(), 12 + drip as usize, "{drip}: {members:?}");
        let v = analyze_json(&w, &corpus(drip, false), None);
        let members = the_one_network(&v, 12);
        assert_eq!(members.len(), 12, "{drip} critics: {members:?}");
    }
}

/// The accounts that distribute a network of sites: 14 ordinary-looking accounts
/// link three sites nobody else links, in pushes (on about half the days, five of them link
/// new articles of one site within two hours), in words of their own, among 600 ordinary
/// accounts linking forty public sites at any time over three weeks. No copy, nobody early
/// on others' posts, no batch of new accounts: no pair and no seed stood on them (the
/// probe's link campaign on its own domains was lost whenever its accounts were aged).
/// Sites a group keeps to itself now make it a lead (`seeds::own_sites`), not a network: a
/// newspaper chain's journalists and a webcomic's fans link sites nobody else links in the
/// same way (a reviewer's cases). One site of their own (a small outlet and its staff) is
/// not even a lead.
// See: issue 9 (the probe's C4: new URLs on the campaign's own domains)
#[test]
fn i09_accounts_that_alone_link_several_sites_are_a_lead_one_site_is_not() {
    let corpus = |sites: &[&str]| {
        let mut rnd = xorshift(0x3c6e_f372_fe94_f82b);
        let t0 = 1_700_000_000i64;
        let span = 21 * 86_400u64;
        let public: Vec<String> = (0..40).map(|i| format!("outlet{i}.com")).collect();
        let mut lines: Vec<(i64, String)> = Vec::new();
        let mut link = |rnd: &mut dyn FnMut(u64) -> u64, a: u64, t: i64, site: &str| {
            let text: Vec<String> = (0..8).map(|_| format!("w{}", rnd(5000))).collect();
            let url = format!("https://{site}/{}/{}", rnd(1_000_000), rnd(1_000_000));
            let id = lines.len() + 1;
            lines.push((t, format!(
                r#"{{"post_id":"p{id}","account_id":"a{a}","timestamp":{t},"lang":"en","text":"{} {url}","urls":["{url}"]}}"#,
                text.join(" ")
            )));
        };
        for a in 0..614u64 {
            for _ in 0..8 {
                let t = t0 + rnd(span) as i64;
                let site = public[rnd(40) as usize].clone();
                link(&mut rnd, a, t, &site);
            }
        }
        for day in 0..21i64 {
            if rnd(10) >= 6 {
                continue;
            }
            let start = t0 + day * 86_400 + rnd(80_000) as i64;
            let site = sites[rnd(sites.len() as u64) as usize];
            let mut crew: Vec<u64> = Vec::new();
            while crew.len() < 5 {
                let a = rnd(14);
                if !crew.contains(&a) {
                    crew.push(a);
                }
            }
            for a in crew {
                let t = start + rnd(7_200) as i64;
                link(&mut rnd, a, t, site);
            }
        }
        lines.sort();
        lines.into_iter().map(|(_, l)| l + "\n").collect::<String>()
    };
    let w = Workdir::new();
    let v = analyze_json(
        &w,
        &corpus(&["truth-ledger.info", "free-voice.news", "real-daily.site"]),
        None,
    );
    assert_eq!(
        v["networks"].as_array().unwrap().len(),
        0,
        "{:#}",
        v["networks"]
    );
    let site_leads = |v: &Value| -> Vec<Vec<usize>> {
        v["leads"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| {
                l["reason"]
                    .as_str()
                    .unwrap()
                    .contains("sites it keeps to itself")
            })
            .map(|l| {
                let a = l["accounts"].as_array().unwrap();
                a.iter()
                    .map(|x| x.as_str().unwrap()[1..].parse().unwrap())
                    .collect()
            })
            .collect()
    };
    let leads = site_leads(&v);
    assert_eq!(leads.len(), 1, "{:#}", v["leads"]);
    assert!(
        leads[0].len() >= 8 && leads[0].iter().all(|&a| a < 14),
        "{leads:?}"
    );
    let v = analyze_json(&w, &corpus(&["truth-ledger.info"]), None);
    assert_eq!(
        v["networks"].as_array().unwrap().len(),
        0,
        "{:#}",
        v["networks"]
    );
    assert!(site_leads(&v).is_empty(), "{:#}", v["leads"]);
}
