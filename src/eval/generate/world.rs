//! The generator's data: accounts with labels, posts, and the shared context (random stream,
//! post keys, time frame).

use super::rng::{Rng, mix};

pub const DAY_MS: i64 = 86_400_000;
pub const HOUR_MS: i64 = 3_600_000;
pub const MIN_MS: i64 = 60_000;

/// A synthetic account, its profile and its ground-truth label.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub handle: String,
    pub display_name: String,
    pub created_at: i64,
    pub followers: u64,
    pub following: u64,
    pub bio: Option<String>,
    pub default_avatar: bool,
    pub verified: bool,
    /// Lifetime posts before the data window (the data adds its own).
    pub posts_before: u64,
    /// Network name; empty for organic accounts.
    pub network: &'static str,
    /// Campaign tactic, or the organic role (`organic`, `new_account`, `fan`, `celebrity`,
    /// `news_bot`, `seed`).
    pub tactic: &'static str,
    pub lang: &'static str,
    /// Offset of the account's local time from UTC, hours.
    pub tz: i64,
    /// Organic posts per day.
    pub rate: f64,
    /// Whether the accounts file describes it (real exports miss some).
    pub in_accounts_file: bool,
}

impl Account {
    /// An established public account (a celebrity, a news bot, an outlet): organic, French,
    /// described in the accounts file, no ordinary posting. Callers set the rest with struct
    /// update syntax.
    pub fn public(seed: u64, n: usize, tactic: &'static str) -> Self {
        Self {
            id: account_id(seed, n as u64),
            handle: String::new(),
            display_name: String::new(),
            created_at: 0,
            followers: 0,
            following: 0,
            bio: None,
            default_avatar: false,
            verified: false,
            posts_before: 0,
            network: "",
            tactic,
            lang: "fr",
            tz: 2,
            rate: 0.0,
            in_accounts_file: true,
        }
    }
}

/// A synthetic post. `reshare_of` and `reply_to` name other posts by key.
#[derive(Debug, Clone, Default)]
pub struct Post {
    pub key: u64,
    pub account: u32,
    pub time: i64,
    pub text: String,
    pub lang: &'static str,
    pub urls: Vec<String>,
    pub hashtags: Vec<String>,
    pub mentions: Vec<String>,
    pub media: Vec<String>,
    pub reshare_of: Option<u64>,
    pub reply_to: Option<u64>,
}

/// Shared state while building a corpus.
pub struct Ctx {
    pub rng: Rng,
    pub seed: u64,
    next_key: u64,
    /// Start of the data window, ms.
    pub start: i64,
    pub days: i64,
}

impl Ctx {
    pub fn new(seed: u64, start: i64, days: i64) -> Self {
        Self {
            rng: Rng::new(seed),
            seed,
            next_key: 1,
            start,
            days,
        }
    }

    /// A fresh post key.
    pub fn key(&mut self) -> u64 {
        let k = self.next_key;
        self.next_key += 1;
        k
    }

    /// The public post id of `key`: opaque, unique (a bijection of key and seed).
    pub fn post_id(&self, key: u64) -> String {
        mix(key ^ mix(self.seed)).to_string()
    }

    /// End of the data window, ms.
    pub fn end(&self) -> i64 {
        self.start + self.days * DAY_MS
    }
}

/// An opaque account id for account number `n` (organic and campaign ids look alike).
pub fn account_id(seed: u64, n: u64) -> String {
    format!("u{:x}", mix(n ^ mix(seed.wrapping_add(0xacc0))) >> 8)
}
