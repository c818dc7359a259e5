//! Coordinated campaigns, one function per tactic. Each adds its accounts (labelled with the
//! network) and its posts; members may also post ordinary content through the organic stream
//! (their `rate`), which is what camouflage means.

use super::rng::Rng;
use super::text;
use super::world::{Account, Ctx, DAY_MS, HOUR_MS, MIN_MS, Post, account_id};

/// What a campaign's member profiles look like.
#[derive(Debug, Clone, Copy)]
enum Profile {
    /// Created in a batch days before, no history, no bio, default avatar, few followers.
    Empty { created_days_before: i64 },
    /// Created in a batch months before, sparse profiles.
    Sparse,
    /// Years old, full profiles: indistinguishable from organic by profile alone.
    Aged,
}

fn members(
    ctx: &mut Ctx,
    accounts: &mut Vec<Account>,
    n: usize,
    network: &'static str,
    profile: Profile,
    rate: (f64, f64),
) -> Vec<u32> {
    let rng = &mut ctx.rng;
    let batch = ctx.start - rng.range(150, 500) * DAY_MS;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let idx = accounts.len() as u32;
        let lang = "fr";
        let (created_at, followers, bio, default_avatar, posts_before, handle) = match profile {
            Profile::Empty {
                created_days_before,
            } => (
                ctx.start
                    + (ctx.days / 2 - created_days_before) * DAY_MS
                    + rng.range(0, 3 * DAY_MS),
                rng.below(25),
                rng.chance(0.12).then(|| "Patriote".to_string()),
                rng.chance(0.75),
                rng.below(8),
                if rng.chance(0.75) {
                    text::generated_handle(rng)
                } else {
                    text::human_handle(rng)
                },
            ),
            Profile::Sparse => (
                batch + rng.range(0, 14 * DAY_MS),
                rng.lognormal(40.0, 0.8) as u64,
                rng.chance(0.3).then(|| text::bio(rng)),
                rng.chance(0.3),
                rng.range(50, 600) as u64,
                if rng.chance(0.4) {
                    text::generated_handle(rng)
                } else {
                    text::human_handle(rng)
                },
            ),
            Profile::Aged => (
                ctx.start - rng.range(400, 3000) * DAY_MS,
                rng.lognormal(300.0, 1.0) as u64,
                rng.chance(0.8).then(|| text::bio(rng)),
                rng.chance(0.03),
                rng.range(500, 20_000) as u64,
                text::human_handle(rng),
            ),
        };
        accounts.push(Account {
            id: account_id(ctx.seed, idx as u64),
            handle,
            display_name: text::display_name(rng),
            created_at,
            followers,
            following: rng.lognormal(180.0, 0.8) as u64,
            bio,
            default_avatar,
            verified: false,
            posts_before,
            network,
            tactic: network,
            lang,
            tz: 2,
            rate: rate.0 + rng.f64() * (rate.1 - rate.0),
            in_accounts_file: true,
        });
        out.push(idx);
    }
    out
}

/// Look-alike news sites that launder a narrative.
const LOOKALIKES: &[&str] = &[
    "lemonde-info.fr",
    "bbc-news24.co",
    "lefigaro-actu.net",
    "reuters-world.org",
    "spiegel-aktuell.de",
    "francetv-infos.com",
];

/// A URL on a look-alike site in one of the variants link launderers use.
fn url_variant(rng: &mut Rng, domain: &str, path: &str) -> String {
    let scheme = if rng.chance(0.3) { "http" } else { "https" };
    let www = if rng.chance(0.4) { "www." } else { "" };
    let slash = if rng.chance(0.4) { "/" } else { "" };
    let query = match rng.below(5) {
        0 => "?utm_source=twitter&utm_campaign=share",
        1 => "?fbclid=IwAR2x",
        2 => "?utm_medium=social",
        _ => "",
    };
    format!("{scheme}://{www}{domain}/{path}{slash}{query}")
}

/// The Olympics case: empty accounts created days before, ~1,600 posts over ~48 hours, riot
/// photos, boycott hashtags, French texts with English and Spanish variants, then a video,
/// then look-alike news links.
pub fn burst(
    ctx: &mut Ctx,
    accounts: &mut Vec<Account>,
    posts: &mut Vec<Post>,
    name: &'static str,
    n: usize,
    target_posts: usize,
    start: i64,
) {
    let m = members(
        ctx,
        accounts,
        n,
        name,
        Profile::Empty {
            created_days_before: ctx.days / 2 + 4,
        },
        (0.0, 0.0),
    );
    // The batch was created 4–7 days before the burst.
    for &a in &m {
        let acc = &mut accounts[a as usize];
        acc.created_at = start - ctx.rng.range(4 * DAY_MS, 7 * DAY_MS);
    }
    let label = ctx.rng.u64() ^ 1;
    let mut stream = ctx.rng.fork(label);
    let rng = &mut stream;
    let photos: Vec<u64> = (0..6).map(|_| text::phash(rng)).collect();
    let video = text::phash(rng);
    let sites: Vec<&str> = rng.sample(LOOKALIKES, 3);
    let tags = [
        "BoycottParis2024",
        "BoycottJO",
        "Paris2024",
        "JO2024",
        "ParisRiots",
    ];
    let duration = rng.range(44 * HOUR_MS, 52 * HOUR_MS);
    let mut made = 0usize;
    let mut wave_times = Vec::new();
    while wave_times.len() < target_posts / (n / 2).max(1) + 1 {
        wave_times.push(start + rng.range(0, duration));
    }
    wave_times.sort_unstable();
    let waves = wave_times.len();
    for (w, &t) in wave_times.iter().enumerate() {
        if made >= target_posts {
            break;
        }
        let phase = w * 10 / waves.max(1); // 0-5 photos, 6-7 video, 8-9 links
        let template = rng.index(8);
        let photo = photos[rng.index(photos.len())];
        let article = format!("societe/{}", rng.range(100_000, 999_999));
        let site = sites[rng.index(sites.len())];
        let share = 0.35 + rng.f64() * 0.45;
        let mut lead: Option<(u64, String, String)> = None;
        for &a in &m {
            if !rng.chance(share) || made >= target_posts {
                continue;
            }
            let time = t + (rng.exp(4.0 * MIN_MS as f64) as i64).min(40 * MIN_MS);
            let key = ctx.key();
            let mut p = Post {
                key,
                account: a,
                time,
                ..Post::default()
            };
            if let (Some((lk, lh, lt)), true) = (&lead, rng.chance(0.2)) {
                p.reshare_of = Some(*lk);
                p.text = format!("RT @{lh}: {lt}");
                p.lang = "fr";
            } else {
                let lang = match rng.below(20) {
                    0..=2 => "en",
                    3 | 4 => "es",
                    _ => "fr",
                };
                let ts = text::campaign_templates(lang);
                let base = ts[template % ts.len()].replace("{P}", rng.pick(text::PLACES));
                p.text = text::paraphrase(rng, &base);
                p.lang = lang;
                let k = rng.range(1, 3) as usize;
                let mut ht: Vec<String> =
                    rng.sample(&tags, k).iter().map(|s| s.to_string()).collect();
                rng.shuffle(&mut ht);
                p.hashtags = ht;
                match phase {
                    0..=5 if rng.chance(0.75) => {
                        let bits = rng.below(3) as u32;
                        p.media.push(text::hex(text::near_hash(rng, photo, bits)))
                    }
                    6 | 7 if rng.chance(0.8) => p.media.push(text::hex(video)),
                    8 | 9 => p.urls.push(url_variant(rng, site, &article)),
                    _ => {}
                }
                if lead.is_none() {
                    lead = Some((key, accounts[a as usize].handle.clone(), p.text.clone()));
                }
            }
            posts.push(p);
            made += 1;
        }
    }
}

/// Aged accounts posting rewordings of the same claims, minutes to an hour apart, for weeks.
pub fn drip(ctx: &mut Ctx, accounts: &mut Vec<Account>, posts: &mut Vec<Post>, n: usize) {
    let m = members(ctx, accounts, n, "drip", Profile::Aged, (0.3, 1.5));
    let label = ctx.rng.u64() ^ 2;
    let mut stream = ctx.rng.fork(label);
    let rng = &mut stream;
    let messages = rng.range(35, 45);
    for i in 0..messages {
        let base = text::NARRATIVES[(i as usize) % text::NARRATIVES.len()];
        let t0 = ctx.start + rng.range(0, ctx.days * DAY_MS - 2 * HOUR_MS);
        let k = rng.range(4, 10) as usize;
        for (j, a) in rng.sample(&m, k).into_iter().enumerate() {
            let delay = if j == 0 {
                0
            } else {
                rng.range(5 * MIN_MS, 60 * MIN_MS)
            };
            let text = text::reword(rng, base);
            posts.push(Post {
                key: ctx.key(),
                account: a,
                time: t0 + delay,
                text,
                lang: "en",
                ..Post::default()
            });
        }
    }
}

/// A ring resharing one seed account's posts within seconds.
pub fn amplification(ctx: &mut Ctx, accounts: &mut Vec<Account>, posts: &mut Vec<Post>, n: usize) {
    let seed_idx = accounts.len() as u32;
    accounts.push(Account {
        handle: "la_voix_du_peuple".into(),
        display_name: "La Voix du Peuple".into(),
        created_at: ctx.start - 900 * DAY_MS,
        followers: 18_000,
        following: 40,
        bio: Some("Média indépendant".into()),
        posts_before: 9000,
        ..Account::public(ctx.seed, seed_idx as usize, "seed")
    });
    let m = members(
        ctx,
        accounts,
        n,
        "amplification",
        Profile::Sparse,
        (0.1, 0.4),
    );
    let label = ctx.rng.u64() ^ 3;
    let mut stream = ctx.rng.fork(label);
    let rng = &mut stream;
    let total = (ctx.days * 2) as usize;
    for _ in 0..total {
        let t = ctx.start + rng.range(0, ctx.days * DAY_MS - HOUR_MS);
        let key = ctx.key();
        let text = text::organic_text(rng, "fr");
        let url = format!("https://lavoixdupeuple.example/{}", rng.u64() >> 24);
        posts.push(Post {
            key,
            account: seed_idx,
            time: t,
            text: text.clone(),
            lang: "fr",
            urls: vec![url],
            ..Post::default()
        });
        let share = 0.6 + rng.f64() * 0.35;
        for &a in &m {
            if rng.chance(share) {
                let delay = (rng.lognormal(8000.0, 0.8) as i64).min(5 * MIN_MS);
                posts.push(Post {
                    key: ctx.key(),
                    account: a,
                    time: t + 1000 + delay,
                    text: format!("RT @la_voix_du_peuple: {text}"),
                    lang: "fr",
                    reshare_of: Some(key),
                    ..Post::default()
                });
            }
        }
    }
}

/// Accounts pushing look-alike news sites, each article in URL variants, minutes apart.
pub fn laundering(ctx: &mut Ctx, accounts: &mut Vec<Account>, posts: &mut Vec<Post>, n: usize) {
    let m = members(ctx, accounts, n, "laundering", Profile::Sparse, (0.2, 0.6));
    let label = ctx.rng.u64() ^ 4;
    let mut stream = ctx.rng.fork(label);
    let rng = &mut stream;
    let articles = rng.range(35, 45);
    for i in 0..articles {
        let site = LOOKALIKES[rng.index(LOOKALIKES.len())];
        let path = format!(
            "{}/{}",
            ["monde", "politique", "economie"][rng.index(3)],
            10_000 + i * 7 + rng.range(0, 6)
        );
        let t0 = ctx.start + rng.range(0, ctx.days * DAY_MS - HOUR_MS);
        let k = rng.range(5, 12) as usize;
        for a in rng.sample(&m, k) {
            let text = if rng.chance(0.6) {
                {
                    let i = rng.index(text::NARRATIVES.len());
                    text::reword(rng, text::NARRATIVES[i])
                }
            } else {
                text::organic_text(rng, "fr")
            };
            let url = url_variant(rng, site, &path);
            posts.push(Post {
                key: ctx.key(),
                account: a,
                time: t0 + rng.range(MIN_MS, 30 * MIN_MS),
                text,
                lang: "fr",
                urls: vec![url],
                ..Post::default()
            });
        }
    }
}

/// Busy, aged accounts whose coordination is a small share of their activity.
pub fn camouflage(ctx: &mut Ctx, accounts: &mut Vec<Account>, posts: &mut Vec<Post>, n: usize) {
    let m = members(ctx, accounts, n, "camouflage", Profile::Aged, (2.0, 6.0));
    let label = ctx.rng.u64() ^ 5;
    let mut stream = ctx.rng.fork(label);
    let rng = &mut stream;
    let events = rng.range(20, 30);
    for _ in 0..events {
        let base = {
            let i = rng.index(text::NARRATIVES.len());
            text::reword(rng, text::NARRATIVES[i])
        };
        let tag =
            ["StopTheLies", "WakeUpEurope", "TruthNow", "EnoughIsEnough"][rng.index(4)].to_string();
        let t0 = ctx.start + rng.range(0, ctx.days * DAY_MS - HOUR_MS);
        let k = rng.range(8, 15) as usize;
        for a in rng.sample(&m, k) {
            let text = text::reword(rng, &base);
            posts.push(Post {
                key: ctx.key(),
                account: a,
                time: t0 + rng.range(0, 10 * MIN_MS),
                text,
                lang: "en",
                hashtags: vec![tag.clone()],
                ..Post::default()
            });
        }
    }
}

/// A network posting in several languages, visible only through shared media and links.
pub fn multilingual(ctx: &mut Ctx, accounts: &mut Vec<Account>, posts: &mut Vec<Post>, n: usize) {
    let m = members(
        ctx,
        accounts,
        n,
        "multilingual",
        Profile::Sparse,
        (0.1, 0.3),
    );
    let langs = ["fr", "en", "es", "de", "ar"];
    for (i, &a) in m.iter().enumerate() {
        let l = langs[i % langs.len()];
        accounts[a as usize].lang = l;
        accounts[a as usize].tz = match l {
            "en" => 0,
            "ar" => 3,
            _ => 1,
        };
    }
    let label = ctx.rng.u64() ^ 6;
    let mut stream = ctx.rng.fork(label);
    let rng = &mut stream;
    let images: Vec<u64> = (0..10).map(|_| text::phash(rng)).collect();
    let sites = [
        "eurasia-today.example",
        "truthwire.example",
        "novosti-world.example",
        "info-libre.example",
    ];
    let events = rng.range(25, 35);
    for e in 0..events {
        let img = images[rng.index(images.len())];
        let link = format!(
            "https://{}/story/{}",
            sites[rng.index(sites.len())],
            5000 + e
        );
        let t0 = ctx.start + rng.range(0, ctx.days * DAY_MS - HOUR_MS);
        let k = rng.range(6, 12) as usize;
        for a in rng.sample(&m, k) {
            let lang = accounts[a as usize].lang;
            let mut p = Post {
                key: ctx.key(),
                account: a,
                time: t0 + rng.range(0, 12 * MIN_MS),
                text: text::organic_text(rng, lang),
                lang,
                ..Post::default()
            };
            if rng.chance(0.8) {
                let bits = rng.below(4) as u32;
                p.media.push(text::hex(text::near_hash(rng, img, bits)));
            }
            if rng.chance(0.5) {
                p.urls.push(url_variant(
                    rng,
                    link.trim_start_matches("https://")
                        .split('/')
                        .next()
                        .unwrap_or("x.example"),
                    link.split_once(".example/").map_or("", |x| x.1),
                ));
            }
            posts.push(p);
        }
    }
}
