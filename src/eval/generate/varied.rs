//! The `varied` scenario: campaigns whose parameters are drawn from wide ranges per seed, and
//! the organic look-alikes (hard negatives) that punish a detector keyed on one setting.
//!
//! Every campaign leaves real evidence (the same assets, texts, targets or tags used by its
//! members again and again), but no constant is shared by all seeds: sizes, delays, creation
//! dates, working hours, languages, hashtag pools, domains and shares are each drawn per seed.
//! The ranges, per campaign (network name / tactic):
//!
//! - `seedcase` / `burst`: 60-150 new or empty accounts (created 1-60 days before the burst,
//!   spread over 1-45 days, a share bought older), 8-25 posts each over 1-3 days, only in the
//!   operators' 7-10-hour working day (zone UTC+1 to +5); each asset is first posted by one
//!   member, the others follow after a log-normal delay (median 8-50 min, clipped to 2-120 min);
//!   photos re-encoded (perceptual hashes 0-1 to 2-6 bits apart), a video, paraphrased templates
//!   in FR/EN/ES (French 55-85%), 1-3 of 4-8 campaign hashtags per post in varying combinations,
//!   links in URL variants to 2-5 generated echo-site domains, some reshares of the first post.
//! - `relay` / `drip`: 15-40 aged accounts relaying 15-45 rare reworded claims member to member,
//!   4-12 hops per claim, each hop 3-10 to 30-90 min after the last, over 2-5 weeks.
//! - `ring_fast` and `ring_slow` / `reshare_ring`: 20-60 aged accounts each (created 1-11 years
//!   ago, full profiles, ordinary posting) resharing 1-3 hubs of their own within 15-40 to
//!   60-120 s (fast) or a log-normal median of 2-20 min (slow).
//! - `outlet_ring` / `outlet_amplification`: 15-50 accounts resharing an outside outlet (organic,
//!   tactic `outlet`) within a median of 40 s-5 min, regularly; 100-500 of the outlet's organic
//!   followers reshare it too, later (median 15-90 min) and irregularly.
//! - `camouflage` / `camouflage`: 20-50 aged accounts, each with 30-120 ordinary posts, acting
//!   together 15-40 times (reworded claims, shared tags, 5-15 members within 5-60 min).
//! - `farm` / `bot_farm`: 300-600 accounts at the default size (thousands at 1M posts; it scales
//!   as size^0.6) posting the same 15-25 messages in bursts 3-60 s wide.
//!
//! Hard negatives, organic (empty network): a media group's 4-9 verified sister accounts
//! (tactic `media_group`) posting the same headlines and links within minutes; share-button
//! texts (`headline URL via @outlet`) by unrelated users; identical announcements by 3-6
//! established accounts (tactic `public_service`); 2-6 breaking-news cascades (1,000 and more
//! accounts on one link within an hour); a celebrity's fans (10-30% new accounts) resharing it
//! within seconds to minutes, day after day; 2-5 live events where thousands use one hashtag
//! within minutes. The large ones are produced a day at a time, like the organic background.

use super::rng::Rng;
use super::text;
use super::world::{Account, Ctx, DAY_MS, HOUR_MS, MIN_MS, Post, account_id};

/// Organic posts at the default size; campaigns and crowds scale from it.
pub const DEFAULT_POSTS: u64 = 45_000;

/// What the campaigns of a run need to know about the corpus.
pub struct Frame {
    /// Organic posting accounts are `0..organic`.
    pub organic: u32,
    /// Size relative to the default (organic posts / [`DEFAULT_POSTS`]).
    pub size: f64,
}

fn uniform(rng: &mut Rng, lo: f64, hi: f64) -> f64 {
    lo + rng.f64() * (hi - lo)
}

/// `lo..=hi` distinct items of `xs` (as many as there are, if fewer).
fn some<T: Clone>(rng: &mut Rng, xs: &[T], lo: i64, hi: i64) -> Vec<T> {
    let k = rng.range(lo, hi) as usize;
    rng.sample(xs, k)
}

/// A reworded claim from the shared narratives.
fn narrative(rng: &mut Rng) -> String {
    let i = rng.index(text::NARRATIVES.len());
    text::reword(rng, text::NARRATIVES[i])
}

/// A new account with neutral defaults; callers fill in the profile.
fn account(ctx: &Ctx, idx: usize, network: &'static str, tactic: &'static str) -> Account {
    Account {
        network,
        tactic,
        lang: "fr",
        tz: 2,
        ..Account::public(ctx.seed, idx, tactic)
    }
}

/// Years-old accounts with full profiles, creation dates spread over `years` (lo, hi).
fn aged(
    ctx: &Ctx,
    rng: &mut Rng,
    accounts: &mut Vec<Account>,
    n: usize,
    (network, tactic): (&'static str, &'static str),
    rate: (f64, f64),
) -> Vec<u32> {
    let followers = uniform(rng, 80.0, 600.0);
    (0..n)
        .map(|_| {
            let idx = accounts.len();
            let lang = rng.pick(&["fr", "fr", "fr", "en", "en", "es"]);
            accounts.push(Account {
                id: account_id(ctx.seed, idx as u64),
                handle: text::human_handle(rng),
                display_name: text::display_name(rng),
                created_at: ctx.start - rng.range(300 * DAY_MS, 4000 * DAY_MS),
                followers: rng.lognormal(followers, 1.1) as u64,
                following: rng.lognormal(250.0, 0.9) as u64,
                bio: rng.chance(0.8).then(|| text::bio(rng)),
                default_avatar: rng.chance(0.03),
                posts_before: rng.range(300, 30_000) as u64,
                lang,
                tz: if lang == "en" { 0 } else { 2 },
                rate: uniform(rng, rate.0, rate.1),
                ..account(ctx, idx, network, tactic)
            });
            idx as u32
        })
        .collect()
}

/// A campaign theme: templates per language (`{P}` is a target) and a hashtag pool.
struct Theme {
    fr: &'static [&'static str],
    en: &'static [&'static str],
    es: &'static [&'static str],
    places: &'static [&'static str],
    tags: &'static [&'static str],
}

const THEMES: &[Theme] = &[
    Theme {
        fr: &[
            "Boycottez les JO de {P} ! La France n'est même pas capable de protéger ses rues",
            "Des émeutes partout et ils veulent accueillir les Jeux ? Boycott {P} 2024",
            "Regardez ces images de {P}. C'est ici que les athlètes doivent venir ?",
            "La vérité sur {P} qu'on vous cache : chaos, émeutes et peur",
            "Sécurité zéro à {P}. Protégez vos familles, boycottez les Jeux",
        ],
        en: &[
            "Boycott the {P} Olympics! France cannot even keep its own streets safe",
            "Riots everywhere and they want to host the Games? Boycott {P} 2024",
            "Stay away from {P} this summer, the city is burning",
        ],
        es: &[
            "¡Boicot a los Juegos de {P}! Francia no puede ni proteger sus calles",
            "Mirad estas imágenes de {P}. ¿Aquí deben ir los atletas?",
        ],
        places: &["Paris", "Paris", "la France", "Macron"],
        tags: &[
            "BoycottParis2024",
            "BoycottJO",
            "ParisRiots",
            "JO2024",
            "Paris2024",
            "FranceOnFire",
            "JOdelaHonte",
            "StopJO",
        ],
    },
    Theme {
        fr: &[
            "Les factures d'énergie vont exploser à cause de {P}, et personne n'en parle",
            "{P} nous ruine : l'hiver sera froid pour les familles françaises",
            "Les sanctions voulues par {P} frappent d'abord les Français",
            "Qui paiera le chauffage cet hiver ? Pas {P}",
        ],
        en: &[
            "Energy bills will explode because of {P}, and nobody talks about it",
            "{P} is ruining Europe: a cold winter for families",
            "Sanctions pushed by {P} hurt ordinary people first",
        ],
        es: &[
            "Las facturas de la luz van a explotar por culpa de {P}",
            "Las sanciones de {P} golpean primero a las familias",
        ],
        places: &["Bruxelles", "l'UE", "Macron", "Berlin"],
        tags: &[
            "FacturesEnergie",
            "StopSanctions",
            "HiverFroid",
            "EnergyCrisis",
            "Precarite",
            "ColereSociale",
            "StopUE",
        ],
    },
    Theme {
        fr: &[
            "Le scrutin à {P} est truqué, les preuves s'accumulent",
            "Des milliers de votes disparus à {P}. Exigez un recomptage !",
            "À {P} les observateurs ont été chassés des bureaux de vote",
            "Fraude électorale à {P} : les médias se taisent",
        ],
        en: &[
            "The vote in {P} is rigged, the evidence keeps piling up",
            "Thousands of ballots vanished in {P}. Demand a recount!",
            "Observers were thrown out of polling stations in {P}",
        ],
        es: &[
            "La votación en {P} está amañada, las pruebas se acumulan",
            "Miles de votos desaparecidos en {P}. ¡Exigid un recuento!",
        ],
        places: &["Marseille", "Lyon", "Nouméa", "Lille"],
        tags: &[
            "FraudeElectorale",
            "Recomptage",
            "ElectionVolee",
            "StopFraude",
            "Democratie",
            "VoteTruque",
        ],
    },
];

const DOMAIN_WORDS: &[&str] = &[
    "info", "actu", "verite", "libre", "monde", "news", "daily", "post", "observer", "journal",
    "today", "wire", "press", "revue", "direct", "hebdo", "europa", "nation",
];
const TLDS: &[&str] = &["com", "net", "org", "info", "fr", "online", "news", "eu"];

/// An echo-site domain made up for this seed.
fn echo_domain(rng: &mut Rng) -> String {
    let a = rng.pick(DOMAIN_WORDS);
    let mut b = rng.pick(DOMAIN_WORDS);
    while b == a {
        b = rng.pick(DOMAIN_WORDS);
    }
    format!("{a}-{b}.{}", rng.pick(TLDS))
}

/// A link in the variants people paste (scheme, `www.`, slash, tracking parameters).
fn url_variant(rng: &mut Rng, domain: &str, path: &str) -> String {
    let scheme = if rng.chance(0.2) { "http" } else { "https" };
    let www = if rng.chance(0.3) { "www." } else { "" };
    let slash = if rng.chance(0.3) { "/" } else { "" };
    let query = match rng.below(6) {
        0 => "?utm_source=twitter",
        1 => "?fbclid=IwAR1b",
        2 => "?utm_medium=social&utm_campaign=share",
        _ => "",
    };
    format!("{scheme}://{www}{domain}/{path}{slash}{query}")
}

/// Adds every campaign's accounts and posts.
pub fn campaigns(ctx: &mut Ctx, accounts: &mut Vec<Account>, posts: &mut Vec<Post>, f: &Frame) {
    seed_case(ctx, accounts, posts);
    relay(ctx, accounts, posts);
    ring(ctx, accounts, posts, ("ring_fast", 1));
    ring(ctx, accounts, posts, ("ring_slow", 2));
    outlet_ring(ctx, accounts, posts, f);
    camouflage(ctx, accounts, posts);
    farm(ctx, accounts, posts, f);
}

/// Working hours of the operators, as a UTC offset within a day: (start, length), ms.
struct Shift {
    start: i64,
    len: i64,
}

impl Shift {
    fn draw(rng: &mut Rng) -> Self {
        let zone = rng.range(1, 5);
        let start = rng.range(7, 10) - zone;
        Shift {
            start: start * HOUR_MS + rng.range(0, 59) * MIN_MS,
            len: rng.range(7, 10) * HOUR_MS,
        }
    }
}

/// Profiles of the seed case's members: new or empty, created in a batch of drawn width.
fn seed_case_members(
    ctx: &Ctx,
    rng: &mut Rng,
    accounts: &mut Vec<Account>,
    burst: i64,
    n: usize,
    langs: (f64, f64),
) -> Vec<u32> {
    let gap = rng.range(DAY_MS, 60 * DAY_MS);
    let spread = rng.range(DAY_MS, 45 * DAY_MS);
    let (p_avatar, p_bio, p_gen) = (
        uniform(rng, 0.3, 0.9),
        uniform(rng, 0.05, 0.4),
        uniform(rng, 0.2, 0.9),
    );
    let max_followers = rng.range(5, 80) as u64;
    let bought = uniform(rng, 0.0, 0.25);
    (0..n)
        .map(|_| {
            let idx = accounts.len();
            let old = rng.chance(bought);
            let x = rng.f64();
            let lang = if x < langs.0 {
                "fr"
            } else if x < langs.1 {
                "en"
            } else {
                "es"
            };
            accounts.push(Account {
                id: account_id(ctx.seed, idx as u64),
                handle: if rng.chance(p_gen) {
                    text::generated_handle(rng)
                } else {
                    text::human_handle(rng)
                },
                display_name: text::display_name(rng),
                created_at: if old {
                    burst - rng.range(200 * DAY_MS, 2000 * DAY_MS)
                } else {
                    burst - gap - rng.range(0, spread)
                },
                followers: rng.below(max_followers + 1),
                following: rng.lognormal(60.0, 1.0) as u64,
                bio: rng.chance(p_bio).then(|| text::bio(rng)),
                default_avatar: rng.chance(p_avatar),
                posts_before: if old {
                    rng.range(5, 300) as u64
                } else {
                    rng.below(10)
                },
                lang,
                ..account(ctx, idx, "seedcase", "burst")
            });
            idx as u32
        })
        .collect()
}

/// One asset of the seed case: what every post about it shares.
enum Asset {
    Photo(u64),
    Video(u64),
    Link(String, String),
    Text,
}

/// The seed case: a burst of new accounts pushing assets over 1-3 working days.
fn seed_case(ctx: &mut Ctx, accounts: &mut Vec<Account>, posts: &mut Vec<Post>) {
    let mut stream = ctx.rng.fork(0x5eed_ca5e);
    let rng = &mut stream;
    let n = rng.range(60, 150) as usize;
    let days = rng.range(1, 3);
    let day0 = rng.range(3, ctx.days - days - 1);
    let shift = Shift::draw(rng);
    let burst = ctx.start + day0 * DAY_MS + shift.start;
    let fr = uniform(rng, 0.55, 0.85);
    let en = fr + (1.0 - fr) * uniform(rng, 0.3, 0.7);
    let m = seed_case_members(ctx, rng, accounts, burst, n, (fr, en));
    let theme = &THEMES[rng.index(THEMES.len())];
    let tags = some(rng, theme.tags, 4, theme.tags.len() as i64);
    let p_tags = uniform(rng, 0.4, 0.95);
    let sites: Vec<String> = (0..rng.range(2, 5)).map(|_| echo_domain(rng)).collect();
    let photos: Vec<u64> = (0..rng.range(3, 12)).map(|_| text::phash(rng)).collect();
    let max_bits = rng.range(2, 6) as u64;
    let follow_median = rng.range(8, 50) as f64 * MIN_MS as f64;
    let follow_sigma = uniform(rng, 0.4, 1.0);
    let p_reshare = uniform(rng, 0.0, 0.2);
    let kinds = [
        uniform(rng, 0.5, 1.5),
        uniform(rng, 0.1, 0.5),
        uniform(rng, 0.3, 1.2),
        uniform(rng, 0.1, 0.6),
    ];
    let kind_w = super::rng::Weighted::new(kinds);
    let target = n * rng.range(8, 25) as usize;
    let mut made = 0;
    while made < target {
        let asset = match kind_w.draw(rng) {
            0 => Asset::Photo(photos[rng.index(photos.len())]),
            1 => Asset::Video(text::phash(rng)),
            2 => {
                let site = sites[rng.index(sites.len())].clone();
                let path = format!(
                    "{}/{}",
                    rng.pick(&["monde", "politique", "societe", "a-la-une"]),
                    rng.range(10_000, 999_999)
                );
                Asset::Link(site, path)
            }
            _ => Asset::Text,
        };
        let template = rng.index(8);
        let place = rng.pick(theme.places);
        let day = rng.range(0, days - 1);
        let first = burst + day * DAY_MS + rng.range(0, shift.len - 2 * HOUR_MS);
        let share = uniform(rng, 0.15, 0.6);
        let mut users: Vec<u32> = m.iter().copied().filter(|_| rng.chance(share)).collect();
        rng.shuffle(&mut users);
        let mut lead: Option<(u64, String, String)> = None;
        for (j, &a) in users.iter().enumerate() {
            let delay = if j == 0 {
                0
            } else {
                rng.lognormal(follow_median, follow_sigma)
                    .clamp(2.0 * MIN_MS as f64, 120.0 * MIN_MS as f64) as i64
            };
            let key = ctx.key();
            let mut p = Post {
                key,
                account: a,
                time: first + delay,
                ..Post::default()
            };
            if let (Some((lk, lh, lt)), true) = (&lead, rng.chance(p_reshare)) {
                p.reshare_of = Some(*lk);
                p.text = format!("RT @{lh}: {lt}");
                p.lang = accounts[a as usize].lang;
            } else {
                seed_case_post(
                    rng,
                    &mut p,
                    accounts[a as usize].lang,
                    theme,
                    template,
                    place,
                );
                if rng.chance(p_tags) {
                    let mut ht: Vec<String> = some(rng, &tags, 1, 3)
                        .iter()
                        .map(|s| s.to_string())
                        .collect();
                    if rng.chance(0.15) {
                        ht.push(
                            rng.pick(&["Paris2024", "France", "politique", "news"])
                                .to_string(),
                        );
                    }
                    rng.shuffle(&mut ht);
                    p.hashtags = ht;
                }
                match &asset {
                    Asset::Photo(h) => {
                        let bits = rng.below(max_bits + 1) as u32;
                        p.media.push(text::hex(text::near_hash(rng, *h, bits)));
                    }
                    Asset::Video(h) => p.media.push(text::hex(*h)),
                    Asset::Link(site, path) => p.urls.push(url_variant(rng, site, path)),
                    Asset::Text => {}
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

fn seed_case_post(
    rng: &mut Rng,
    p: &mut Post,
    lang: &'static str,
    theme: &Theme,
    template: usize,
    place: &str,
) {
    let ts = match lang {
        "en" => theme.en,
        "es" => theme.es,
        _ => theme.fr,
    };
    let base = ts[template % ts.len()].replace("{P}", place);
    p.text = text::paraphrase(rng, &base);
    p.lang = lang;
}

/// Slow-drip relays: rare claims passed member to member, minutes to an hour per hop.
fn relay(ctx: &mut Ctx, accounts: &mut Vec<Account>, posts: &mut Vec<Post>) {
    let mut stream = ctx.rng.fork(0xe1a4);
    let rng = &mut stream;
    let n = rng.range(15, 40) as usize;
    let m = aged(ctx, rng, accounts, n, ("relay", "drip"), (0.2, 2.0));
    let span = rng.range(14, 35).min(ctx.days - 1);
    let from = ctx.start + rng.range(0, ctx.days - span) * DAY_MS;
    let (gap_lo, gap_hi) = (rng.range(3, 10) * MIN_MS, rng.range(30, 90) * MIN_MS);
    let p_link = uniform(rng, 0.0, 0.5);
    let site = echo_domain(rng);
    for c in 0..rng.range(15, 45) {
        let claim = text::NARRATIVES[rng.index(text::NARRATIVES.len())];
        // A detail makes each claim rare: nobody else says exactly this.
        let base = format!(
            "{claim}: {} {} in {}",
            rng.pick(&["over", "nearly", "at least", "about"]),
            rng.range(120, 98_000),
            rng.pick(&["Lyon", "Toulouse", "Nantes", "Brussels", "Geneva", "Lille"])
        );
        let link = rng.chance(p_link).then(|| {
            format!(
                "{}/{}",
                rng.pick(&["dossier", "enquete", "files"]),
                7000 + c * 13 + rng.range(0, 12)
            )
        });
        let mut t = from + rng.range(0, span * DAY_MS - 12 * HOUR_MS);
        for a in some(rng, &m, 4, 12) {
            posts.push(Post {
                key: ctx.key(),
                account: a,
                time: t,
                text: text::reword(rng, &base),
                lang: "en",
                urls: link.iter().map(|l| url_variant(rng, &site, l)).collect(),
                ..Post::default()
            });
            t += rng.range(gap_lo, gap_hi);
        }
    }
}

/// A reshare ring of aged accounts around 1-3 hubs of its own; `speed` 1 is seconds, 2 minutes.
fn ring(
    ctx: &mut Ctx,
    accounts: &mut Vec<Account>,
    posts: &mut Vec<Post>,
    (name, speed): (&'static str, u64),
) {
    let mut stream = ctx.rng.fork(0x0412_0000 + speed);
    let rng = &mut stream;
    let n = rng.range(20, 60) as usize;
    let m = aged(ctx, rng, accounts, n, (name, "reshare_ring"), (0.3, 3.0));
    let hubs = &m[..rng.range(1, 3) as usize];
    let per_day = uniform(rng, 1.0, 6.0);
    let share = uniform(rng, 0.35, 0.85);
    let (lo, hi) = (rng.range(15, 40) * 1000, rng.range(60, 120) * 1000);
    let median = rng.range(2, 20) as f64 * MIN_MS as f64;
    let sigma = uniform(rng, 0.3, 0.8);
    for day in 0..ctx.days {
        for _ in 0..rng.poisson(per_day) {
            let hub = hubs[rng.index(hubs.len())];
            let key = ctx.key();
            let t = ctx.start + day * DAY_MS + rng.range(6 * HOUR_MS, 22 * HOUR_MS);
            let h = &accounts[hub as usize];
            let text = text::organic_text(rng, h.lang);
            let mut p = Post {
                key,
                account: hub,
                time: t,
                text: text.clone(),
                lang: h.lang,
                ..Post::default()
            };
            if rng.chance(0.3) {
                p.media.push(text::hex(text::phash(rng)));
            }
            posts.push(p);
            let handle = h.handle.clone();
            for &a in &m {
                if a == hub || !rng.chance(share) {
                    continue;
                }
                let delay = if speed == 1 {
                    rng.range(lo, hi)
                } else {
                    rng.lognormal(median, sigma).min(6.0 * HOUR_MS as f64) as i64
                };
                posts.push(Post {
                    key: ctx.key(),
                    account: a,
                    time: t + delay,
                    text: format!("RT @{handle}: {text}"),
                    lang: accounts[a as usize].lang,
                    reshare_of: Some(key),
                    ..Post::default()
                });
            }
        }
    }
}

/// Profile of an outside outlet: organic, years old, many followers.
fn outlet_account(ctx: &Ctx, rng: &mut Rng, idx: usize, domain: &str) -> Account {
    let name = domain
        .split('.')
        .next()
        .unwrap_or("outlet")
        .replace('-', "_");
    Account {
        handle: name.clone(),
        display_name: name.replace('_', " ").to_uppercase(),
        created_at: ctx.start - rng.range(700, 3000) * DAY_MS,
        followers: rng.range(5_000, 80_000) as u64,
        following: rng.range(10, 300) as u64,
        bio: Some("Information libre et indépendante".into()),
        verified: rng.chance(0.3),
        posts_before: rng.range(3_000, 40_000) as u64,
        ..account(ctx, idx, "", "outlet")
    }
}

/// A ring amplifying an outside outlet, early and regularly, among its organic followers.
fn outlet_ring(ctx: &mut Ctx, accounts: &mut Vec<Account>, posts: &mut Vec<Post>, f: &Frame) {
    let mut stream = ctx.rng.fork(0x71e7);
    let rng = &mut stream;
    let domain = echo_domain(rng);
    let outlet = accounts.len() as u32;
    let acc = outlet_account(ctx, rng, outlet as usize, &domain);
    accounts.push(acc);
    let n = rng.range(15, 50) as usize;
    let m = aged(
        ctx,
        rng,
        accounts,
        n,
        ("outlet_ring", "outlet_amplification"),
        (0.1, 1.5),
    );
    let followers_n = ((rng.range(100, 500) as f64) * f.size.powf(0.6)) as usize;
    let followers: Vec<u32> = (0..followers_n)
        .map(|_| rng.below(f.organic as u64) as u32)
        .collect();
    let (p_ring, p_fol) = (uniform(rng, 0.5, 0.9), uniform(rng, 0.01, 0.06));
    let ring_median = uniform(rng, 40.0, 300.0) * 1000.0;
    let ring_sigma = uniform(rng, 0.15, 0.5);
    let fol_median = uniform(rng, 15.0, 90.0) * MIN_MS as f64;
    let p_link = uniform(rng, 0.0, 0.3);
    let per_day = uniform(rng, 2.0, 8.0);
    let handle = accounts[outlet as usize].handle.clone();
    for day in 0..ctx.days {
        for _ in 0..rng.poisson(per_day) {
            let key = ctx.key();
            let t = ctx.start + day * DAY_MS + rng.range(5 * HOUR_MS, 21 * HOUR_MS);
            let text = text::organic_text(rng, "fr");
            let url = format!(
                "https://{domain}/{}/{}",
                rng.pick(&["actu", "monde", "analyse"]),
                rng.u64() >> 40
            );
            posts.push(Post {
                key,
                account: outlet,
                time: t,
                text: text.clone(),
                lang: "fr",
                urls: vec![url.clone()],
                ..Post::default()
            });
            let mut acts: Vec<(u32, bool, f64)> = Vec::new();
            for &a in &m {
                acts.push((
                    a,
                    rng.chance(p_ring),
                    rng.lognormal(ring_median, ring_sigma),
                ));
            }
            for &a in &followers {
                let delay = rng.lognormal(fol_median, 1.3).min(12.0 * HOUR_MS as f64);
                acts.push((a, rng.chance(p_fol), delay));
            }
            for (a, yes, delay) in acts {
                if !yes {
                    continue;
                }
                let lang = accounts[a as usize].lang;
                let mut p = Post {
                    key: ctx.key(),
                    account: a,
                    time: t + 1000 + delay as i64,
                    lang,
                    ..Post::default()
                };
                if rng.chance(p_link) {
                    p.text = text::organic_text(rng, lang);
                    p.urls.push(url.clone());
                } else {
                    p.text = format!("RT @{handle}: {text}");
                    p.reshare_of = Some(key);
                }
                posts.push(p);
            }
        }
    }
}

/// Busy aged accounts whose coordinated acts hide among 30-120 ordinary posts each.
fn camouflage(ctx: &mut Ctx, accounts: &mut Vec<Account>, posts: &mut Vec<Post>) {
    let mut stream = ctx.rng.fork(0xca3f);
    let rng = &mut stream;
    let n = rng.range(20, 50) as usize;
    let days = ctx.days as f64;
    let m = aged(
        ctx,
        rng,
        accounts,
        n,
        ("camouflage", "camouflage"),
        (30.0 / days, 120.0 / days),
    );
    let pool = some(
        rng,
        &[
            "StopTheLies",
            "WakeUpEurope",
            "TruthNow",
            "EnoughIsEnough",
            "OpenYourEyes",
            "NoMoreLies",
            "VeriteMaintenant",
            "ReveillezVous",
        ],
        2,
        5,
    );
    let spread = rng.range(5, 60) * MIN_MS;
    let site = echo_domain(rng);
    let p_link = uniform(rng, 0.0, 0.6);
    for e in 0..rng.range(15, 40) {
        let base = narrative(rng);
        let tags: Vec<String> = some(rng, &pool, 1, 2)
            .iter()
            .map(|s| s.to_string())
            .collect();
        let link = rng
            .chance(p_link)
            .then(|| format!("news/{}", 300 + e * 11 + rng.range(0, 10)));
        let t0 = ctx.start + rng.range(0, ctx.days * DAY_MS - 2 * HOUR_MS);
        for a in some(rng, &m, 5, 15) {
            posts.push(Post {
                key: ctx.key(),
                account: a,
                time: t0 + rng.range(0, spread),
                text: text::reword(rng, &base),
                lang: "en",
                hashtags: tags.clone(),
                urls: link.iter().map(|l| url_variant(rng, &site, l)).collect(),
                ..Post::default()
            });
        }
    }
}

/// Lines a farm repeats word for word.
const FARM_LINES: &[&str] = &[
    "Ils mentent, partagez avant que ce soit supprimé",
    "La vérité finit toujours par sortir",
    "Regardez ce que les médias refusent de montrer",
    "Le peuple n'est pas dupe",
    "Wake up people, this is happening now",
    "They don't want you to see this",
    "Share this everywhere",
    "Nadie habla de esto",
    "Le gouvernement a perdu toute légitimité",
    "Encore un scandale étouffé",
    "C'est une honte absolue",
    "Where is the outrage?",
    "Les chiffres officiels sont faux",
    "Qui finance tout ça ?",
    "This is not normal",
    "Ouvrez les yeux",
    "Ça suffit maintenant",
    "Demandez-vous à qui ça profite",
    "Retweetez si vous êtes d'accord",
    "On ne lâchera rien",
    "The silence of the press is deafening",
    "Tout est lié",
    "Ils ont peur de la vérité",
    "Stop à la censure",
];

/// A bot farm: hundreds to thousands of accounts posting the same lines within seconds.
fn farm(ctx: &mut Ctx, accounts: &mut Vec<Account>, posts: &mut Vec<Post>, f: &Frame) {
    let mut stream = ctx.rng.fork(0xfa43);
    let rng = &mut stream;
    let n = ((rng.range(300, 600) as f64) * f.size.powf(0.6)).max(30.0) as usize;
    let batches: Vec<i64> = (0..rng.range(1, 6))
        .map(|_| ctx.start - rng.range(20, 700) * DAY_MS)
        .collect();
    let (p_gen, p_avatar) = (uniform(rng, 0.6, 1.0), uniform(rng, 0.5, 0.95));
    let m: Vec<u32> = (0..n)
        .map(|_| {
            let idx = accounts.len();
            accounts.push(Account {
                id: account_id(ctx.seed, idx as u64),
                handle: if rng.chance(p_gen) {
                    text::generated_handle(rng)
                } else {
                    text::human_handle(rng)
                },
                display_name: text::display_name(rng),
                created_at: batches[rng.index(batches.len())] + rng.range(0, 6 * HOUR_MS),
                followers: rng.below(20),
                following: rng.range(0, 400) as u64,
                bio: rng.chance(0.05).then(|| text::bio(rng)),
                default_avatar: rng.chance(p_avatar),
                posts_before: rng.below(50),
                ..account(ctx, idx, "farm", "bot_farm")
            });
            idx as u32
        })
        .collect();
    let k = rng.range(15, 25) as usize;
    let lines = rng.sample(FARM_LINES, k);
    let tag = rng.chance(0.5).then(|| {
        rng.pick(&["Censure", "Verite", "Scandale", "Resistance"])
            .to_string()
    });
    let width = rng.range(3, 60) * 1000;
    let share = uniform(rng, 0.4, 0.95);
    for (i, line) in lines.iter().enumerate() {
        // A third of the lines go out twice.
        let repeats = if rng.chance(0.3) { 2 } else { 1 };
        for _ in 0..repeats {
            let t0 = ctx.start + rng.range(0, ctx.days * DAY_MS - HOUR_MS);
            for &a in &m {
                // The first line goes out from every account, so every member posts.
                if i > 0 && !rng.chance(share) {
                    continue;
                }
                posts.push(Post {
                    key: ctx.key(),
                    account: a,
                    time: t0 + rng.range(0, width),
                    text: (*line).to_string(),
                    lang: "fr",
                    hashtags: tag.iter().cloned().collect(),
                    ..Post::default()
                });
            }
        }
    }
}

/// An organic event that happens on one day and is expanded into posts on that day.
enum Event {
    /// Thousands share one link within about an hour.
    Cascade {
        time: i64,
        participants: usize,
        domain: usize,
        article: u64,
    },
    /// Thousands use one hashtag within minutes of the key moments of a live broadcast.
    Live {
        time: i64,
        participants: usize,
        tag: String,
        moments: Vec<i64>,
    },
    /// Established accounts post one announcement word for word.
    Announcement {
        time: i64,
        text: String,
        spread: i64,
    },
}

/// The hard negatives: organic accounts that look coordinated and are not.
pub struct Negatives {
    organic: u32,
    events: Vec<Event>,
    sisters: Vec<u32>,
    brand_domain: String,
    stories_per_day: f64,
    sister_lag: i64,
    services: Vec<u32>,
    outlets: Vec<String>,
    share_button_per_day: f64,
    celebrity: u32,
    fans: Vec<u32>,
    fan_median: f64,
    fan_share: f64,
}

const BRANDS: &[&str] = &[
    "Courrier",
    "Tribune",
    "Dépêche",
    "Gazette",
    "Progrès",
    "Écho",
    "Horizon",
    "Vigie",
];
const REGIONS: &[&str] = &[
    "du Nord",
    "de l'Ouest",
    "du Midi",
    "de l'Est",
    "Alpin",
    "Atlantique",
    "Centre",
];
const SECTIONS: &[&str] = &[
    "sport",
    "eco",
    "politique",
    "culture",
    "monde",
    "live",
    "regions",
    "sante",
    "tech",
];
const LIVE_TAGS: &[&str] = &[
    "FinaleTop14",
    "DebatTV",
    "Eurovision",
    "NuitDesCesars",
    "Classico",
    "FeteDeLaMusique",
    "Roland",
    "MasterChefFR",
    "Ballon",
    "TourEtape",
];
const NOTICES: &[&str] = &[
    "Alerte canicule : buvez de l'eau régulièrement et prenez des nouvelles de vos proches. Numéro vert 0800 06 66 66",
    "Vigilance orange orages : limitez vos déplacements ce soir",
    "Collecte de sang ce week-end : prenez rendez-vous sur mon-rdv-dondesang.efs.sante.fr",
    "Travaux sur la ligne : trafic interrompu samedi et dimanche, bus de substitution",
    "Campagne de vaccination contre la grippe : parlez-en à votre pharmacien",
    "Fraude : aucun service public ne vous demandera vos codes bancaires par SMS",
    "Inscriptions sur les listes électorales ouvertes jusqu'au 6 mai",
];

/// Plans the hard negatives and adds their accounts.
pub fn negatives(ctx: &mut Ctx, accounts: &mut Vec<Account>, f: &Frame) -> Negatives {
    let mut stream = ctx.rng.fork(0x0e9a_71e5);
    let rng = &mut stream;
    let (sisters, brand_domain) = media_group(ctx, rng, accounts);
    let services = public_services(ctx, rng, accounts);
    let (celebrity, fans) = fan_crowd(ctx, rng, accounts, f);
    let crowd = |rng: &mut Rng, share: (f64, f64), cap: (i64, i64)| -> usize {
        let n = (f.organic as f64 * uniform(rng, share.0, share.1)) as usize;
        n.min(rng.range(cap.0, cap.1) as usize).max(50)
    };
    let mut events = Vec::new();
    for _ in 0..rng.range(2, 6) {
        let time =
            ctx.start + rng.range(0, ctx.days - 1) * DAY_MS + rng.range(6 * HOUR_MS, 21 * HOUR_MS);
        events.push(Event::Cascade {
            time,
            participants: crowd(rng, (0.08, 0.2), (1500, 6000)),
            domain: rng.index(12),
            article: rng.u64() >> 30,
        });
    }
    for tag in some(rng, LIVE_TAGS, 2, 5) {
        let time =
            ctx.start + rng.range(0, ctx.days - 1) * DAY_MS + rng.range(17 * HOUR_MS, 20 * HOUR_MS);
        let len = rng.range(HOUR_MS, 3 * HOUR_MS);
        let moments = (0..rng.range(2, 4))
            .map(|_| time + rng.range(0, len))
            .collect();
        events.push(Event::Live {
            time,
            participants: crowd(rng, (0.06, 0.2), (1000, 5000)),
            tag: format!("{tag}{}", rng.range(2023, 2025)),
            moments,
        });
    }
    for _ in 0..rng.range(5, 15) {
        let time =
            ctx.start + rng.range(0, ctx.days - 1) * DAY_MS + rng.range(7 * HOUR_MS, 19 * HOUR_MS);
        events.push(Event::Announcement {
            time,
            text: rng.pick(NOTICES).to_string(),
            spread: rng.range(1, 30) * MIN_MS,
        });
    }
    events.sort_by_key(|e| match e {
        Event::Cascade { time, .. }
        | Event::Live { time, .. }
        | Event::Announcement { time, .. } => *time,
    });
    let per_day = f.organic as f64 * 6.0 / 8.0 / ctx.days as f64;
    Negatives {
        organic: f.organic,
        events,
        sisters,
        brand_domain,
        stories_per_day: uniform(rng, 5.0, 20.0),
        sister_lag: rng.range(2, 15) * MIN_MS,
        services,
        outlets: (0..rng.range(3, 6))
            .map(|i| {
                text::news_domain(i as usize)
                    .split('.')
                    .next()
                    .unwrap_or("news")
                    .replace('-', "")
            })
            .collect(),
        // Share-button posts make 2-6% of the organic traffic.
        share_button_per_day: per_day * uniform(rng, 0.02, 0.06),
        celebrity,
        fans,
        fan_median: uniform(rng, 15.0, 120.0) * 1000.0,
        fan_share: uniform(rng, 0.15, 0.5),
    }
}

/// A media group's verified sister accounts, sharing a brand in handle and display name.
fn media_group(ctx: &Ctx, rng: &mut Rng, accounts: &mut Vec<Account>) -> (Vec<u32>, String) {
    let brand = format!("{} {}", rng.pick(BRANDS), rng.pick(REGIONS));
    let slug: String = brand
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let mut sections = vec![""];
    sections.extend(some(rng, SECTIONS, 3, 8));
    let created = ctx.start - rng.range(2500, 5000) * DAY_MS;
    let ids = sections
        .iter()
        .map(|s| {
            let idx = accounts.len();
            accounts.push(Account {
                handle: if s.is_empty() {
                    slug.clone()
                } else {
                    format!("{slug}_{s}")
                },
                display_name: if s.is_empty() {
                    format!("Le {brand}")
                } else {
                    format!("Le {brand} {}", s.to_uppercase())
                },
                created_at: created + rng.range(0, 900) * DAY_MS,
                followers: rng.range(50_000, 2_000_000) as u64,
                following: rng.range(50, 900) as u64,
                bio: Some(format!("Compte officiel du {brand}")),
                verified: true,
                posts_before: rng.range(20_000, 200_000) as u64,
                ..account(ctx, idx, "", "media_group")
            });
            idx as u32
        })
        .collect();
    (ids, format!("{slug}.fr"))
}

/// Established public-service accounts that post the same announcements.
fn public_services(ctx: &Ctx, rng: &mut Rng, accounts: &mut Vec<Account>) -> Vec<u32> {
    let names = [
        "prefecture",
        "ville",
        "sante_publique",
        "meteo_alerte",
        "transports",
        "gendarmerie",
        "departement",
    ];
    some(rng, &names, 3, 6)
        .into_iter()
        .map(|n| {
            let idx = accounts.len();
            accounts.push(Account {
                handle: format!("{n}_{}", rng.pick(&["69", "13", "33", "59", "idf", "44"])),
                display_name: n.replace('_', " "),
                created_at: ctx.start - rng.range(1500, 4500) * DAY_MS,
                followers: rng.range(10_000, 500_000) as u64,
                following: rng.range(20, 500) as u64,
                bio: Some("Compte officiel. Informations de service public.".into()),
                verified: rng.chance(0.6),
                posts_before: rng.range(2_000, 30_000) as u64,
                rate: uniform(rng, 0.3, 1.5),
                ..account(ctx, idx, "", "public_service")
            });
            idx as u32
        })
        .collect()
}

/// A celebrity and its fans: ordinary accounts and 10-30% new ones.
fn fan_crowd(ctx: &Ctx, rng: &mut Rng, accounts: &mut Vec<Account>, f: &Frame) -> (u32, Vec<u32>) {
    let celeb = accounts.len();
    accounts.push(Account {
        handle: format!(
            "{}_{}",
            rng.pick(&["lina", "zak", "maelle", "tiago", "noor"]),
            rng.pick(&["music", "officiel", "tv", "live"])
        ),
        display_name: text::display_name(rng),
        created_at: ctx.start - rng.range(1000, 4000) * DAY_MS,
        followers: rng.range(300_000, 5_000_000) as u64,
        following: rng.range(100, 900) as u64,
        bio: Some("Official account".into()),
        verified: true,
        posts_before: rng.range(3_000, 20_000) as u64,
        ..account(ctx, celeb, "", "celebrity")
    });
    let size = ((rng.range(150, 500) as f64) * f.size.powf(0.7)) as usize;
    let new_share = uniform(rng, 0.1, 0.3);
    let mut fans = Vec::with_capacity(size);
    for _ in 0..size {
        if rng.chance(new_share) {
            let idx = accounts.len();
            accounts.push(Account {
                id: account_id(ctx.seed, idx as u64),
                handle: if rng.chance(0.4) {
                    text::generated_handle(rng)
                } else {
                    text::human_handle(rng)
                },
                display_name: text::display_name(rng),
                created_at: ctx.start - rng.range(0, 60 * DAY_MS),
                followers: rng.below(50),
                following: rng.range(5, 300) as u64,
                bio: rng.chance(0.4).then(|| "fan ❤️".to_string()),
                default_avatar: rng.chance(0.3),
                posts_before: rng.below(40),
                ..account(ctx, idx, "", "fan")
            });
            fans.push(idx as u32);
        } else {
            // Ordinary fans keep their organic label: liking a star is what most people do.
            fans.push(rng.below(f.organic as u64) as u32);
        }
    }
    fans.sort_unstable();
    fans.dedup();
    (celeb as u32, fans)
}

impl Negatives {
    /// The hard negatives' posts of day `day` (0-based), unsorted.
    pub fn day(&self, ctx: &mut Ctx, accounts: &[Account], day: i64) -> Vec<Post> {
        let mut stream = ctx.rng.fork(0x7e00_0000 + day as u64);
        let rng = &mut stream;
        let day_start = ctx.start + day * DAY_MS;
        let mut out = Vec::new();
        self.media_posts(ctx, rng, day, &mut out);
        self.share_buttons(ctx, rng, accounts, day_start, &mut out);
        self.fan_posts(ctx, rng, accounts, day_start, &mut out);
        for e in &self.events {
            match e {
                Event::Cascade {
                    time,
                    participants,
                    domain,
                    article,
                } if (day_start..day_start + DAY_MS).contains(time) => self.cascade(
                    ctx,
                    rng,
                    accounts,
                    (*time, *participants),
                    &text::news_domain(*domain),
                    *article,
                    &mut out,
                ),
                Event::Live {
                    time,
                    participants,
                    tag,
                    moments,
                } if (day_start..day_start + DAY_MS).contains(time) => {
                    for _ in 0..*participants {
                        let a = rng.below(self.organic as u64) as u32;
                        let lang = accounts[a as usize].lang;
                        for _ in 0..rng.range(1, 3) {
                            let at = moments[rng.index(moments.len())];
                            let mut tags = vec![tag.clone()];
                            if rng.chance(0.2) {
                                tags.push(text::organic_hashtag(rng.index(15)));
                            }
                            out.push(Post {
                                key: ctx.key(),
                                account: a,
                                time: at + rng.lognormal(2.0 * MIN_MS as f64, 0.8) as i64,
                                text: text::organic_text(rng, lang),
                                lang,
                                hashtags: tags,
                                ..Post::default()
                            });
                        }
                    }
                }
                Event::Announcement { time, text, spread }
                    if (day_start..day_start + DAY_MS).contains(time) =>
                {
                    for &a in &self.services {
                        if rng.chance(0.75) {
                            out.push(Post {
                                key: ctx.key(),
                                account: a,
                                time: time + rng.range(0, *spread),
                                text: text.clone(),
                                lang: "fr",
                                ..Post::default()
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The media group: each story posted by the main account and some sisters within minutes.
    fn media_posts(&self, ctx: &mut Ctx, rng: &mut Rng, day: i64, out: &mut Vec<Post>) {
        for _ in 0..rng.poisson(self.stories_per_day) {
            let t = ctx.start + day * DAY_MS + rng.range(6 * HOUR_MS, 22 * HOUR_MS);
            let headline = headline(rng, "fr");
            let url = format!("https://{}/{}/{}", self.brand_domain, day, rng.u64() >> 44);
            let k = rng.range(2, self.sisters.len() as i64) as usize;
            for (j, a) in rng.sample(&self.sisters, k).into_iter().enumerate() {
                let lag = if j == 0 {
                    0
                } else {
                    rng.range(0, self.sister_lag)
                };
                out.push(Post {
                    key: ctx.key(),
                    account: a,
                    time: t + lag,
                    text: format!("{headline} {url}"),
                    lang: "fr",
                    urls: vec![url.clone()],
                    ..Post::default()
                });
            }
        }
    }

    /// Unrelated users posting an outlet's share-button text for the same article.
    fn share_buttons(
        &self,
        ctx: &mut Ctx,
        rng: &mut Rng,
        accounts: &[Account],
        day_start: i64,
        out: &mut Vec<Post>,
    ) {
        let mut budget = rng.poisson(self.share_button_per_day) as usize;
        while budget > 0 {
            let outlet = &self.outlets[rng.index(self.outlets.len())];
            let domain = format!("{outlet}.fr");
            let url = format!("https://{domain}/article/{}", rng.u64() >> 40);
            let head = headline(rng, "fr");
            let users = (rng.pareto(2.0, 1.1) as usize).min(80).min(budget);
            let t0 = day_start + rng.range(6 * HOUR_MS, 22 * HOUR_MS);
            for _ in 0..users {
                let a = rng.below(self.organic as u64) as u32;
                out.push(Post {
                    key: ctx.key(),
                    account: a,
                    time: t0
                        + rng
                            .lognormal(60.0 * MIN_MS as f64, 1.3)
                            .min(20.0 * HOUR_MS as f64) as i64,
                    text: format!("{head} {url} via @{outlet}"),
                    lang: accounts[a as usize].lang,
                    urls: vec![url.clone()],
                    mentions: vec![outlet.clone()],
                    ..Post::default()
                });
            }
            budget -= users.max(1).min(budget);
        }
    }

    /// The celebrity posts a few times a day; fans reshare within seconds to minutes.
    fn fan_posts(
        &self,
        ctx: &mut Ctx,
        rng: &mut Rng,
        accounts: &[Account],
        day_start: i64,
        out: &mut Vec<Post>,
    ) {
        let handle = &accounts[self.celebrity as usize].handle;
        let mean = uniform(rng, 1.0, 4.0);
        for _ in 0..rng.poisson(mean) {
            let key = ctx.key();
            let t = day_start + rng.range(9 * HOUR_MS, 23 * HOUR_MS);
            let text = text::organic_text(rng, "fr");
            out.push(Post {
                key,
                account: self.celebrity,
                time: t,
                text: text.clone(),
                lang: "fr",
                media: vec![text::hex(text::phash(rng))],
                ..Post::default()
            });
            let p = self.fan_share * uniform(rng, 0.5, 1.5);
            for &f in &self.fans {
                if rng.chance(p) {
                    let delay = rng
                        .lognormal(self.fan_median, 1.3)
                        .min(6.0 * HOUR_MS as f64) as i64;
                    out.push(Post {
                        key: ctx.key(),
                        account: f,
                        time: t + 1000 + delay,
                        text: format!("RT @{handle}: {text}"),
                        lang: accounts[f as usize].lang,
                        reshare_of: Some(key),
                        ..Post::default()
                    });
                }
            }
        }
    }

    /// A breaking story: thousands post its link (own words, share button or reshare) within the hour.
    #[allow(clippy::too_many_arguments)]
    fn cascade(
        &self,
        ctx: &mut Ctx,
        rng: &mut Rng,
        accounts: &[Account],
        (time, n): (i64, usize),
        domain: &str,
        article: u64,
        out: &mut Vec<Post>,
    ) {
        let origin_key = ctx.key();
        let origin = self.sisters[0];
        let head = headline(rng, "fr");
        let url = format!("https://{domain}/article/{article}");
        out.push(Post {
            key: origin_key,
            account: origin,
            time,
            text: format!("ALERTE {head} {url}"),
            lang: "fr",
            urls: vec![url.clone()],
            ..Post::default()
        });
        let origin_handle = &accounts[origin as usize].handle;
        let outlet = domain.split('.').next().unwrap_or("news");
        let median = uniform(rng, 6.0, 20.0) * MIN_MS as f64;
        for _ in 0..n {
            let a = rng.below(self.organic as u64) as u32;
            let lang = accounts[a as usize].lang;
            let mut p = Post {
                key: ctx.key(),
                account: a,
                time: time + 2000 + rng.lognormal(median, 0.9).min(6.0 * HOUR_MS as f64) as i64,
                lang,
                ..Post::default()
            };
            match rng.below(5) {
                0 => {
                    p.reshare_of = Some(origin_key);
                    p.text = format!("RT @{origin_handle}: ALERTE {head} {url}");
                }
                1 => {
                    p.text = format!("{head} {url} via @{outlet}");
                    p.urls.push(url.clone());
                }
                _ => {
                    p.text = text::organic_text(rng, lang);
                    p.urls.push(text::article_url(rng, domain, article));
                }
            }
            out.push(p);
        }
    }
}

/// A headline: an organic sentence, capitalised, without final punctuation.
fn headline(rng: &mut Rng, lang: &str) -> String {
    let s = text::organic_text(rng, lang);
    let s = s.trim_end_matches(['.', '!', '?', ' ']);
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
