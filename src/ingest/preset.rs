//! Presets: real export schemas mapped onto the canonical fields, and `--map` for any other.
//!
//! A mapping lists, per canonical field, the source paths to try in order (the first present,
//! non-empty one wins) and a transform. Paths are dotted (`account.username`), index arrays
//! by number (`entities.urls.0.expanded_url`) and collect from every element with `[]`
//! (`tags[].name`). Post records may also carry their author's profile (Mastodon's
//! `account`, the Twitter archives' `user_*` columns): the account side of a mapping fills the
//! accounts table from them, first record wins, without counting them as account records.
//!
//! Mapped records are read as generic JSON values, which is slower than the canonical fast
//! path; the canonical field names and aliases need no preset.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::Value;

use super::fields::{ACCOUNT_FIELDS, POST_FIELDS, account, post};
use super::record::{RawRecord, Val};

/// Export schemas lockstep knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// Recognise the schema from the CSV header or the first record's keys.
    Auto,
    /// Canonical fields and their aliases (no mapping).
    Canonical,
    /// Twitter's information-operations archives (CSV: tweetid, userid, tweet_time, ...).
    TwitterIo,
    /// Mastodon statuses as the API returns them (embedded account, reblog, HTML content).
    Mastodon,
    /// Telegram Desktop's JSON export (messages with from_id, date_unixtime, text entities).
    Telegram,
    /// The CooRTweet table: object_id, account_id, content_id, timestamp_share.
    Coortweet,
    /// Twitter API v2 pages (`data` with `includes.users`), as JSON or JSONL of pages.
    TwitterV2,
    /// CrowdTangle's Facebook/Instagram CSV export.
    Crowdtangle,
    /// Bluesky records: Jetstream commit events, or `{uri, cid, value}` repository records.
    Bluesky,
}

impl Preset {
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Auto => "auto",
            Preset::Canonical => "canonical",
            Preset::TwitterIo => "twitter-io",
            Preset::Mastodon => "mastodon",
            Preset::Telegram => "telegram",
            Preset::Coortweet => "coortweet",
            Preset::TwitterV2 => "twitter-v2",
            Preset::Crowdtangle => "crowdtangle",
            Preset::Bluesky => "bluesky",
        }
    }
}

/// How a source value becomes a field value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    /// As it is.
    Plain,
    /// HTML to plain text (Mastodon `content` and `note`).
    Html,
    /// A URL that points at a platform's default picture means a default avatar.
    DefaultAvatarUrl,
    /// From a list of typed text entities (Telegram), the links (`href`, else `text`).
    EntityLinks,
    /// From a list of typed text entities, the hashtags.
    EntityHashtags,
    /// From objects, `take` of those whose `key` equals `equals` (Twitter v2
    /// `referenced_tweets`, Bluesky facet features).
    Where {
        key: &'static str,
        equals: &'static str,
        take: &'static str,
    },
    /// The DID of an `at://did/collection/rkey` URI (Bluesky).
    AtUriDid,
}

/// One field's sources.
#[derive(Debug, Clone)]
pub struct Source {
    pub field: usize,
    pub paths: Vec<String>,
    pub transform: Transform,
    /// Gather from every path (lists united, texts joined by a newline) instead of taking the
    /// first present one.
    pub all: bool,
    /// For a `--map` the user gave: the spec, and whether a record held its path (a map to
    /// a column the file lacks must not pass unnoticed).
    pub given: Option<Given>,
}

/// A `--map` spec and whether any record held its path (`Mapping::unmatched`).
#[derive(Debug, Clone)]
pub struct Given {
    spec: String,
    seen: std::cell::Cell<bool>,
}

/// A complete mapping: post fields and embedded account fields.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    pub name: String,
    pub post: Vec<Source>,
    pub account: Vec<Source>,
    /// For paged exports (Twitter API v2): the records are this array of a page, and the
    /// account mapping applies to the objects of `page_accounts` instead of to each record.
    pub page_records: Option<&'static str>,
    pub page_accounts: Option<&'static str>,
    /// Says why a record of this schema is not a post (a Telegram service message, a
    /// Jetstream identity event): such records are rejected as `not_a_post`.
    pub not_a_post: Option<fn(&Value) -> Option<String>>,
}

/// Telegram: only `"type": "message"` is a post (not `service`: created, pinned, joined).
fn telegram_not_a_post(v: &Value) -> Option<String> {
    match v.get("type").and_then(Value::as_str) {
        Some(t) if t != "message" => Some(format!("telegram {t} message")),
        _ => None,
    }
}

/// Jetstream: only commits creating a post or a repost are posts (not identity or account
/// events, likes, follows, deletes).
fn bluesky_not_a_post(v: &Value) -> Option<String> {
    let kind = v.get("kind").and_then(Value::as_str)?;
    if kind != "commit" {
        return Some(format!("jetstream {kind} event"));
    }
    let c = v.get("commit");
    let op = c.and_then(|c| c.get("operation")).and_then(Value::as_str);
    let coll = c.and_then(|c| c.get("collection")).and_then(Value::as_str);
    match (op, coll) {
        (Some("create"), Some("app.bsky.feed.post" | "app.bsky.feed.repost")) => None,
        (op, coll) => Some(format!(
            "jetstream {} of {}",
            op.unwrap_or("commit"),
            coll.unwrap_or("no collection")
        )),
    }
}

fn src(field: usize, paths: &[&str], transform: Transform) -> Source {
    Source {
        field,
        paths: paths.iter().map(|s| (*s).to_string()).collect(),
        transform,
        all: false,
        given: None,
    }
}

/// A source gathering from every path.
fn all(field: usize, paths: &[&str], transform: Transform) -> Source {
    Source {
        all: true,
        ..src(field, paths, transform)
    }
}

use Transform::{AtUriDid, DefaultAvatarUrl, EntityHashtags, EntityLinks, Html, Plain};

impl Mapping {
    /// The mapping of a preset (`Canonical` and `Auto` have none).
    pub fn of(p: Preset) -> Option<Self> {
        let (post, account) = match p {
            Preset::Auto | Preset::Canonical => return None,
            Preset::TwitterIo => (
                vec![
                    src(post::POST_ID, &["tweetid"], Plain),
                    src(post::ACCOUNT_ID, &["userid"], Plain),
                    src(post::TIMESTAMP, &["tweet_time"], Plain),
                    src(post::TEXT, &["tweet_text"], Plain),
                    src(post::LANG, &["tweet_language"], Plain),
                    src(post::URLS, &["urls"], Plain),
                    src(post::HASHTAGS, &["hashtags"], Plain),
                    src(post::MENTIONS, &["user_mentions"], Plain),
                    src(post::RESHARE_OF, &["retweet_tweetid"], Plain),
                    src(post::REPLY_TO, &["in_reply_to_tweetid"], Plain),
                ],
                vec![
                    src(account::ACCOUNT_ID, &["userid"], Plain),
                    src(account::HANDLE, &["user_screen_name"], Plain),
                    src(account::DISPLAY_NAME, &["user_display_name"], Plain),
                    src(account::CREATED_AT, &["account_creation_date"], Plain),
                    src(account::FOLLOWERS, &["follower_count"], Plain),
                    src(account::FOLLOWING, &["following_count"], Plain),
                    src(account::BIO, &["user_profile_description"], Plain),
                ],
            ),
            Preset::Mastodon => (
                vec![
                    src(post::POST_ID, &["id", "uri"], Plain),
                    src(post::ACCOUNT_ID, &["account.id", "account.acct"], Plain),
                    src(post::TIMESTAMP, &["created_at"], Plain),
                    src(post::TEXT, &["content"], Html),
                    src(post::LANG, &["language"], Plain),
                    src(post::URLS, &["card.url"], Plain),
                    src(post::HASHTAGS, &["tags[].name"], Plain),
                    src(post::MENTIONS, &["mentions[].acct"], Plain),
                    src(post::MEDIA, &["media_attachments[].blurhash"], Plain),
                    src(post::RESHARE_OF, &["reblog.id", "reblog.uri"], Plain),
                    src(post::REPLY_TO, &["in_reply_to_id"], Plain),
                ],
                vec![
                    src(account::ACCOUNT_ID, &["account.id", "account.acct"], Plain),
                    src(
                        account::HANDLE,
                        &["account.acct", "account.username"],
                        Plain,
                    ),
                    src(account::DISPLAY_NAME, &["account.display_name"], Plain),
                    src(account::CREATED_AT, &["account.created_at"], Plain),
                    src(account::FOLLOWERS, &["account.followers_count"], Plain),
                    src(account::FOLLOWING, &["account.following_count"], Plain),
                    src(account::BIO, &["account.note"], Html),
                    src(
                        account::HAS_DEFAULT_AVATAR,
                        &["account.avatar"],
                        DefaultAvatarUrl,
                    ),
                    src(account::POSTS_TOTAL, &["account.statuses_count"], Plain),
                ],
            ),
            Preset::Telegram => (
                vec![
                    src(post::POST_ID, &["id"], Plain),
                    src(post::ACCOUNT_ID, &["from_id", "actor_id"], Plain),
                    src(post::TIMESTAMP, &["date_unixtime", "date"], Plain),
                    src(post::TEXT, &["text"], Plain),
                    src(post::URLS, &["text_entities"], EntityLinks),
                    src(post::HASHTAGS, &["text_entities"], EntityHashtags),
                    src(post::MEDIA, &["photo", "file"], Plain),
                    src(post::RESHARE_OF, &["forwarded_from"], Plain),
                    src(post::REPLY_TO, &["reply_to_message_id"], Plain),
                ],
                vec![
                    src(account::ACCOUNT_ID, &["from_id", "actor_id"], Plain),
                    src(account::DISPLAY_NAME, &["from", "actor"], Plain),
                ],
            ),
            Preset::TwitterV2 => (
                vec![
                    src(post::POST_ID, &["id"], Plain),
                    src(post::ACCOUNT_ID, &["author_id"], Plain),
                    src(post::TIMESTAMP, &["created_at"], Plain),
                    src(post::TEXT, &["text"], Plain),
                    src(post::LANG, &["lang"], Plain),
                    src(
                        post::URLS,
                        &["entities.urls[].expanded_url", "entities.urls[].url"],
                        Plain,
                    ),
                    src(post::HASHTAGS, &["entities.hashtags[].tag"], Plain),
                    src(post::MENTIONS, &["entities.mentions[].username"], Plain),
                    src(post::MEDIA, &["attachments.media_keys"], Plain),
                    src(
                        post::RESHARE_OF,
                        &["referenced_tweets"],
                        Transform::Where {
                            key: "type",
                            equals: "retweeted",
                            take: "id",
                        },
                    ),
                    src(
                        post::REPLY_TO,
                        &["referenced_tweets"],
                        Transform::Where {
                            key: "type",
                            equals: "replied_to",
                            take: "id",
                        },
                    ),
                ],
                vec![
                    src(account::ACCOUNT_ID, &["id"], Plain),
                    src(account::HANDLE, &["username"], Plain),
                    src(account::DISPLAY_NAME, &["name"], Plain),
                    src(account::CREATED_AT, &["created_at"], Plain),
                    src(
                        account::FOLLOWERS,
                        &["public_metrics.followers_count"],
                        Plain,
                    ),
                    src(
                        account::FOLLOWING,
                        &["public_metrics.following_count"],
                        Plain,
                    ),
                    src(account::BIO, &["description"], Plain),
                    src(
                        account::HAS_DEFAULT_AVATAR,
                        &["profile_image_url"],
                        DefaultAvatarUrl,
                    ),
                    src(account::VERIFIED, &["verified"], Plain),
                    src(account::POSTS_TOTAL, &["public_metrics.tweet_count"], Plain),
                ],
            ),
            Preset::Crowdtangle => (
                vec![
                    src(post::POST_ID, &["URL", "Link"], Plain),
                    src(
                        post::ACCOUNT_ID,
                        &["Facebook Id", "User Name", "Page Name"],
                        Plain,
                    ),
                    src(post::TIMESTAMP, &["Post Created"], Plain),
                    all(post::TEXT, &["Message", "Image Text", "Description"], Plain),
                    all(post::URLS, &["Link", "Final Link"], Plain),
                ],
                vec![
                    src(
                        account::ACCOUNT_ID,
                        &["Facebook Id", "User Name", "Page Name"],
                        Plain,
                    ),
                    src(account::HANDLE, &["User Name"], Plain),
                    src(account::DISPLAY_NAME, &["Page Name"], Plain),
                    src(account::CREATED_AT, &["Page Created"], Plain),
                    src(
                        account::FOLLOWERS,
                        &["Followers at Posting", "Likes at Posting"],
                        Plain,
                    ),
                    src(account::BIO, &["Page Description"], Plain),
                ],
            ),
            Preset::Bluesky => (
                vec![
                    src(post::POST_ID, &["commit.cid", "cid"], Plain),
                    src(post::ACCOUNT_ID, &["did"], Plain),
                    src(post::ACCOUNT_ID, &["uri"], AtUriDid),
                    src(
                        post::TIMESTAMP,
                        &["commit.record.createdAt", "value.createdAt"],
                        Plain,
                    ),
                    src(post::TEXT, &["commit.record.text", "value.text"], Plain),
                    src(
                        post::LANG,
                        &["commit.record.langs.0", "value.langs.0"],
                        Plain,
                    ),
                    all(
                        post::URLS,
                        &[
                            "commit.record.facets[].features[]",
                            "value.facets[].features[]",
                        ],
                        Transform::Where {
                            key: "$type",
                            equals: "app.bsky.richtext.facet#link",
                            take: "uri",
                        },
                    ),
                    all(
                        post::HASHTAGS,
                        &[
                            "commit.record.facets[].features[]",
                            "value.facets[].features[]",
                        ],
                        Transform::Where {
                            key: "$type",
                            equals: "app.bsky.richtext.facet#tag",
                            take: "tag",
                        },
                    ),
                    all(
                        post::MENTIONS,
                        &[
                            "commit.record.facets[].features[]",
                            "value.facets[].features[]",
                        ],
                        Transform::Where {
                            key: "$type",
                            equals: "app.bsky.richtext.facet#mention",
                            take: "did",
                        },
                    ),
                    all(
                        post::MEDIA,
                        &[
                            "commit.record.embed.images[].image.ref.$link",
                            "value.embed.images[].image.ref.$link",
                            "commit.record.embed.media.images[].image.ref.$link",
                            "value.embed.media.images[].image.ref.$link",
                        ],
                        Plain,
                    ),
                    src(
                        post::RESHARE_OF,
                        &[
                            "commit.record.subject.cid",
                            "value.subject.cid",
                            "commit.record.embed.record.cid",
                            "value.embed.record.cid",
                        ],
                        Plain,
                    ),
                    src(
                        post::REPLY_TO,
                        &["commit.record.reply.parent.cid", "value.reply.parent.cid"],
                        Plain,
                    ),
                ],
                vec![],
            ),
            Preset::Coortweet => (
                vec![
                    src(post::POST_ID, &["content_id"], Plain),
                    src(post::ACCOUNT_ID, &["account_id"], Plain),
                    src(post::TIMESTAMP, &["timestamp_share"], Plain),
                    src(post::RESHARE_OF, &["object_id"], Plain),
                ],
                vec![],
            ),
        };
        let paged = p == Preset::TwitterV2;
        Some(Mapping {
            name: p.as_str().to_string(),
            post,
            account,
            page_records: paged.then_some("data"),
            page_accounts: paged.then_some("includes.users"),
            not_a_post: match p {
                Preset::Telegram => Some(telegram_not_a_post),
                Preset::Bluesky => Some(bluesky_not_a_post),
                _ => None,
            },
        })
    }

    /// Adds or replaces the sources of one canonical field from `--map canonical=path`.
    ///
    /// # Errors
    /// An unknown canonical field name.
    pub fn apply_map(&mut self, spec: &str) -> Result<(), String> {
        let Some((field, path)) = spec.split_once('=') else {
            return Err(format!("--map expects canonical=source, not '{spec}'"));
        };
        let (field, path) = (field.trim(), path.trim());
        // `a..b`, `a.`, `[]`: a path with an empty key matches nothing, ever.
        if path
            .split('.')
            .any(|seg| seg.strip_suffix("[]").unwrap_or(seg).is_empty())
        {
            return Err(format!(
                "--map {spec}: the path '{path}' has an empty key (keys are joined by '.', a \
                 list is 'key[]')"
            ));
        }
        let source = |i| Source {
            field: i,
            paths: vec![path.to_string()],
            transform: Plain,
            all: false,
            given: Some(Given {
                spec: format!("{field}={path}"),
                seen: std::cell::Cell::new(false),
            }),
        };
        if let Some((i, 0)) = POST_FIELDS.lookup(field) {
            self.post.retain(|s| s.field != i);
            self.post.push(source(i));
            if field == "account_id" {
                self.account.retain(|s| s.field != account::ACCOUNT_ID);
                self.account.push(source(account::ACCOUNT_ID));
            }
            return Ok(());
        }
        if let Some((i, 0)) = ACCOUNT_FIELDS.lookup(field) {
            self.account.retain(|s| s.field != i);
            self.account.push(source(i));
            return Ok(());
        }
        Err(format!(
            "--map: unknown canonical field '{field}' (post fields: {}; account fields: {})",
            POST_FIELDS
                .fields
                .iter()
                .map(|f| f.0)
                .collect::<Vec<_>>()
                .join(", "),
            ACCOUNT_FIELDS
                .fields
                .iter()
                .map(|f| f.0)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    /// The canonical mapping as explicit paths: the starting point for `--map` alone.
    pub fn canonical() -> Self {
        let post = POST_FIELDS
            .fields
            .iter()
            .enumerate()
            .map(|(i, (name, aliases))| Source {
                field: i,
                paths: std::iter::once(*name)
                    .chain(aliases.iter().copied())
                    .map(str::to_string)
                    .collect(),
                transform: Plain,
                all: false,
                given: None,
            })
            .collect();
        Mapping {
            name: "canonical".into(),
            post,
            ..Mapping::default()
        }
    }

    /// The `--map` specs whose path no record held so far (each once, in the order given).
    pub fn unmatched(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for g in self
            .post
            .iter()
            .chain(&self.account)
            .filter_map(|s| s.given.as_ref())
        {
            if !g.seen.get() && !out.contains(&g.spec) {
                out.push(g.spec.clone());
            }
        }
        out
    }

    /// Whether some path of the mapping starts at the top-level key `key` (ASCII case
    /// ignored), so that a reader can drop the columns no field reads.
    pub fn reads_key(&self, key: &str) -> bool {
        self.post.iter().chain(&self.account).any(|s| {
            s.paths.iter().any(|p| {
                let first = p.split('.').next().unwrap_or(p);
                first
                    .strip_suffix("[]")
                    .unwrap_or(first)
                    .eq_ignore_ascii_case(key)
            })
        })
    }

    /// Maps a record to its post fields and, when it embeds a profile, its account fields.
    pub fn apply<'v>(&self, v: &'v Value) -> (RawRecord<'v>, Option<RawRecord<'v>>) {
        let post = fill(&self.post, v);
        if self.account.is_empty() || self.page_accounts.is_some() {
            return (post, None);
        }
        let mut a = fill(&self.account, v);
        // Only an id is no profile.
        if !(1..ACCOUNT_FIELDS.len()).any(|i| a.get(i).is_some()) {
            return (post, None);
        }
        if a.get(account::ACCOUNT_ID).is_none() {
            if let Some(id) = post.get(post::ACCOUNT_ID) {
                a.set(account::ACCOUNT_ID, 0, id.clone());
            }
        }
        (post, Some(a))
    }
}

/// Maps one profile object (a paged export's user) to account fields.
pub fn fill_account<'v>(m: &Mapping, v: &'v Value) -> RawRecord<'v> {
    fill(&m.account, v)
}

fn fill<'v>(sources: &[Source], v: &'v Value) -> RawRecord<'v> {
    let mut rec = RawRecord::default();
    for s in sources {
        if s.all {
            if let Some(val) = gather(s, v) {
                rec.set(s.field, 0, val);
            }
            continue;
        }
        for (rank, p) in s.paths.iter().enumerate() {
            let found = lookup(v, p);
            if let Some(g) = &s.given {
                if !found.is_empty() {
                    g.seen.set(true);
                }
            }
            if let Some(val) = to_val(&found, s.transform) {
                if !val.is_blank() {
                    rec.set(s.field, rank as u8, val);
                    break;
                }
            }
        }
    }
    rec
}

/// A `Source::all` field: every path's values, united.
fn gather<'v>(s: &Source, v: &'v Value) -> Option<Val<'v>> {
    let mut items: Vec<Cow<'v, str>> = Vec::new();
    let mut any_list = false;
    for p in &s.paths {
        match to_val(&lookup(v, p), s.transform) {
            Some(Val::List(l)) => {
                any_list = true;
                for x in l {
                    if !items.contains(&x) {
                        items.push(x);
                    }
                }
            }
            Some(Val::Str(x)) if !x.trim().is_empty() => items.push(x),
            _ => {}
        }
    }
    if items.is_empty() {
        None
    } else if any_list {
        Some(Val::List(items))
    } else {
        Some(Val::Str(Cow::Owned(items.join("\n"))))
    }
}

/// Every value at `path` (more than one only through `[]`).
pub fn lookup<'v>(v: &'v Value, path: &str) -> Vec<&'v Value> {
    let mut cur = vec![v];
    for seg in path.split('.') {
        let (name, all) = match seg.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (seg, false),
        };
        let mut next = Vec::new();
        for c in cur {
            let child = match c {
                Value::Object(m) => m.get(name).or_else(|| {
                    m.iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(name))
                        .map(|(_, v)| v)
                }),
                Value::Array(a) => name.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            };
            match (child, all) {
                (Some(Value::Array(a)), true) => next.extend(a.iter()),
                (Some(x), _) => next.push(x),
                (None, _) => {}
            }
        }
        cur = next;
    }
    cur
}

fn scalar_str(v: &Value) -> Option<Cow<'_, str>> {
    match v {
        Value::String(s) => Some(Cow::Borrowed(s.as_str())),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::Bool(b) => Some(Cow::Owned(b.to_string())),
        Value::Object(m) => ["text", "href", "url", "name", "id"]
            .iter()
            .find_map(|k| m.get(*k).and_then(|x| x.as_str()))
            .map(Cow::Borrowed),
        _ => None,
    }
}

fn entities<'v>(found: &[&'v Value], kinds: &[&str], t: Transform) -> Option<Val<'v>> {
    let items: Vec<Cow<'v, str>> = found
        .iter()
        .filter_map(|v| v.as_array())
        .flatten()
        .filter(|e| {
            e.get("type")
                .and_then(Value::as_str)
                .is_some_and(|k| kinds.contains(&k))
        })
        .filter_map(|e| {
            let key = if t == EntityLinks && e.get("href").is_some() {
                "href"
            } else {
                "text"
            };
            e.get(key).and_then(Value::as_str).map(Cow::Borrowed)
        })
        .collect();
    (!items.is_empty()).then_some(Val::List(items))
}

fn to_val<'v>(found: &[&'v Value], t: Transform) -> Option<Val<'v>> {
    match t {
        EntityLinks => return entities(found, &["link", "text_link", "url"], t),
        EntityHashtags => return entities(found, &["hashtag"], t),
        Transform::Where { key, equals, take } => {
            let items: Vec<Cow<'v, str>> = found
                .iter()
                .flat_map(|v| match v {
                    Value::Array(a) => a.iter().collect::<Vec<_>>(),
                    other => vec![*other],
                })
                .filter(|o| o.get(key).and_then(Value::as_str) == Some(equals))
                .filter_map(|o| o.get(take).and_then(scalar_str))
                .collect();
            return match items.len() {
                0 => None,
                1 => items.into_iter().next().map(Val::Str),
                _ => Some(Val::List(items)),
            };
        }
        AtUriDid => {
            let s = found.first()?.as_str()?;
            let did = s.strip_prefix("at://")?.split('/').next()?;
            return Some(Val::Str(Cow::Borrowed(did)));
        }
        _ => {}
    }
    match found {
        [] => None,
        [one] => match (one, t) {
            (Value::Null, _) => None,
            (Value::String(s), Transform::Html) => Some(Val::Str(Cow::Owned(html_to_text(s)))),
            (Value::String(s), Transform::DefaultAvatarUrl) => Some(Val::Bool(
                s.contains("missing.png") || s.contains("default_profile"),
            )),
            (Value::String(s), _) => Some(Val::Str(Cow::Borrowed(s.as_str()))),
            (Value::Number(n), _) => Some(if let Some(u) = n.as_u64() {
                Val::UInt(u)
            } else if let Some(i) = n.as_i64() {
                Val::Int(i)
            } else {
                Val::Float(n.as_f64().unwrap_or(f64::NAN))
            }),
            (Value::Bool(b), _) => Some(Val::Bool(*b)),
            (Value::Array(items), _) => {
                Some(Val::List(items.iter().filter_map(scalar_str).collect()))
            }
            (Value::Object(_), _) => scalar_str(one).map(Val::Str).or(Some(Val::Other)),
        },
        many => Some(Val::List(
            many.iter().filter_map(|x| scalar_str(x)).collect(),
        )),
    }
}

/// Plain text of an HTML fragment: tags dropped (paragraph and line breaks become spaces),
/// the common entities decoded.
pub fn html_to_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Recognises a schema from a record's (or a CSV header's) keys.
pub fn detect(keys: &[&str]) -> Preset {
    let has = |k: &str| keys.iter().any(|x| x.eq_ignore_ascii_case(k));
    if has("object_id") && has("content_id") && has("timestamp_share") {
        Preset::Coortweet
    } else if (has("data") && has("includes"))
        || (has("author_id") && has("edit_history_tweet_ids"))
    {
        Preset::TwitterV2
    } else if has("Post Created") && (has("Facebook Id") || has("Page Name") || has("User Name")) {
        Preset::Crowdtangle
    } else if (has("did") && (has("commit") || has("time_us")))
        || (has("uri") && has("cid") && has("value"))
    {
        Preset::Bluesky
    } else if has("tweetid") && has("userid") && has("tweet_time") {
        Preset::TwitterIo
    } else if has("account") && has("content") && (has("uri") || has("reblog")) {
        Preset::Mastodon
    } else if has("date_unixtime") || (has("from_id") && has("text_entities")) {
        Preset::Telegram
    } else {
        Preset::Canonical
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths() {
        let v = json!({"a": {"b": [{"c": 1}, {"c": 2}]}, "t": [{"name": "x"}, {"name": "y"}]});
        assert_eq!(lookup(&v, "a.b.1.c"), vec![&json!(2)]);
        assert_eq!(lookup(&v, "t[].name"), vec![&json!("x"), &json!("y")]);
        assert!(lookup(&v, "a.z").is_empty());
    }

    #[test]
    fn html() {
        assert_eq!(
            html_to_text("<p>Boycott &amp; <a href=\"x\">#JO</a></p><p>now&nbsp;!</p>"),
            "Boycott & #JO now !"
        );
    }

    #[test]
    fn detection() {
        assert_eq!(
            detect(&["object_id", "account_id", "content_id", "timestamp_share"]),
            Preset::Coortweet
        );
        assert_eq!(
            detect(&["tweetid", "userid", "tweet_time", "tweet_text"]),
            Preset::TwitterIo
        );
        assert_eq!(
            detect(&["id", "uri", "account", "content", "reblog"]),
            Preset::Mastodon
        );
        assert_eq!(
            detect(&["id", "type", "date", "date_unixtime", "from_id", "text"]),
            Preset::Telegram
        );
        assert_eq!(
            detect(&["post_id", "account_id", "timestamp"]),
            Preset::Canonical
        );
    }

    #[test]
    fn map_overrides() {
        let mut m = Mapping::canonical();
        m.apply_map("post_id=meta.uid").unwrap();
        m.apply_map("handle=user.name").unwrap();
        assert!(m.apply_map("colour=x").is_err());
        assert!(m.apply_map("nonsense").is_err());
        let v = json!({"meta": {"uid": "p9"}, "account_id": "a", "timestamp": 1, "user": {"name": "bob"}});
        let (p, a) = m.apply(&v);
        assert_eq!(p.get(post::POST_ID), Some(&Val::Str("p9".into())));
        let a = a.expect("a handle is a profile");
        assert_eq!(a.get(account::HANDLE), Some(&Val::Str("bob".into())));
        assert_eq!(a.get(account::ACCOUNT_ID), Some(&Val::Str("a".into())));
    }
}

#[cfg(test)]
mod preset_tests {
    use super::*;
    use serde_json::json;

    fn s(v: Option<&Val<'_>>) -> Option<String> {
        match v? {
            Val::Str(x) => Some(x.to_string()),
            Val::UInt(n) => Some(n.to_string()),
            Val::List(l) => Some(l.join("|")),
            Val::Bool(b) => Some(b.to_string()),
            other => Some(format!("{other:?}")),
        }
    }

    #[test]
    fn mastodon_status() {
        let m = Mapping::of(Preset::Mastodon).unwrap();
        let v = json!({
            "id": "1", "created_at": "2024-07-26T10:00:00Z", "language": "fr",
            "content": "<p>Boycott &amp; <a>#JO</a></p>",
            "account": {"id": "9", "acct": "marie", "note": "<p>Bio</p>", "avatar": "https://x/avatars/original/missing.png", "followers_count": 3},
            "tags": [{"name": "jo"}], "media_attachments": [{"blurhash": "UBL"}],
            "card": {"url": "https://a.example/x"}, "reblog": {"id": "7"}, "in_reply_to_id": null
        });
        let (p, a) = m.apply(&v);
        assert_eq!(s(p.get(post::TEXT)).as_deref(), Some("Boycott & #JO"));
        assert_eq!(s(p.get(post::ACCOUNT_ID)).as_deref(), Some("9"));
        assert_eq!(s(p.get(post::HASHTAGS)).as_deref(), Some("jo"));
        assert_eq!(s(p.get(post::MEDIA)).as_deref(), Some("UBL"));
        assert_eq!(s(p.get(post::URLS)).as_deref(), Some("https://a.example/x"));
        assert_eq!(s(p.get(post::RESHARE_OF)).as_deref(), Some("7"));
        assert_eq!(p.get(post::REPLY_TO), None);
        let a = a.unwrap();
        assert_eq!(s(a.get(account::HANDLE)).as_deref(), Some("marie"));
        assert_eq!(s(a.get(account::BIO)).as_deref(), Some("Bio"));
        assert_eq!(
            s(a.get(account::HAS_DEFAULT_AVATAR)).as_deref(),
            Some("true")
        );
    }

    #[test]
    fn twitter_io_row() {
        let m = Mapping::of(Preset::TwitterIo).unwrap();
        let v = json!({
            "tweetid": "100", "userid": "u1", "tweet_time": "2019-01-01 10:00", "tweet_text": "RT @x: hi",
            "is_retweet": "True", "retweet_tweetid": "99", "in_reply_to_tweetid": "",
            "hashtags": "['a', 'b']", "user_screen_name": "marie", "follower_count": "1520",
            "account_creation_date": "2014-03-11"
        });
        let (p, a) = m.apply(&v);
        assert_eq!(s(p.get(post::RESHARE_OF)).as_deref(), Some("99"));
        assert_eq!(p.get(post::REPLY_TO), None, "empty cells are absent");
        assert_eq!(s(p.get(post::HASHTAGS)).as_deref(), Some("['a', 'b']"));
        let a = a.unwrap();
        assert_eq!(s(a.get(account::FOLLOWERS)).as_deref(), Some("1520"));
        assert_eq!(s(a.get(account::ACCOUNT_ID)).as_deref(), Some("u1"));
    }

    #[test]
    fn telegram_message() {
        let m = Mapping::of(Preset::Telegram).unwrap();
        let v = json!({
            "id": 2, "date_unixtime": "1721988005", "from": "Chan", "from_id": "channel1",
            "text": ["Go ", {"type": "link", "text": "https://a.example"}],
            "text_entities": [{"type": "plain", "text": "Go "}, {"type": "link", "text": "https://a.example"},
                              {"type": "text_link", "text": "here", "href": "https://b.example"},
                              {"type": "hashtag", "text": "#JO"}],
            "forwarded_from": "Other", "photo": "photos/1.jpg"
        });
        let (p, a) = m.apply(&v);
        assert_eq!(
            s(p.get(post::URLS)).as_deref(),
            Some("https://a.example|https://b.example")
        );
        assert_eq!(s(p.get(post::HASHTAGS)).as_deref(), Some("#JO"));
        assert_eq!(s(p.get(post::RESHARE_OF)).as_deref(), Some("Other"));
        assert_eq!(s(p.get(post::MEDIA)).as_deref(), Some("photos/1.jpg"));
        assert_eq!(
            s(a.unwrap().get(account::DISPLAY_NAME)).as_deref(),
            Some("Chan")
        );
    }

    #[test]
    fn coortweet_row() {
        let m = Mapping::of(Preset::Coortweet).unwrap();
        let v = json!({"object_id": "o", "account_id": "a", "content_id": "c", "timestamp_share": "1600000000"});
        let (p, a) = m.apply(&v);
        assert_eq!(s(p.get(post::POST_ID)).as_deref(), Some("c"));
        assert_eq!(s(p.get(post::RESHARE_OF)).as_deref(), Some("o"));
        assert!(a.is_none());
    }
}

#[cfg(test)]
mod paged_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn referenced_tweets_by_type() {
        let m = Mapping::of(Preset::TwitterV2).unwrap();
        let v = json!({"id": "3", "author_id": "1", "created_at": "2024-07-26T10:00:00Z", "text": "x",
            "referenced_tweets": [{"type": "quoted", "id": "8"}, {"type": "replied_to", "id": "9"}]});
        let (p, a) = m.apply(&v);
        assert_eq!(p.get(post::REPLY_TO), Some(&Val::Str("9".into())));
        assert_eq!(p.get(post::RESHARE_OF), None);
        assert!(
            a.is_none(),
            "v2 profiles come from includes.users, not the tweet"
        );
    }

    #[test]
    fn bluesky_repository_record_did_from_uri() {
        let m = Mapping::of(Preset::Bluesky).unwrap();
        let v = json!({"uri": "at://did:plc:zz/app.bsky.feed.post/1", "cid": "c1",
            "value": {"createdAt": "2024-07-26T10:00:00Z", "text": "hi"}});
        let (p, _) = m.apply(&v);
        assert_eq!(
            p.get(post::ACCOUNT_ID),
            Some(&Val::Str("did:plc:zz".into()))
        );
        assert_eq!(p.get(post::POST_ID), Some(&Val::Str("c1".into())));
    }
}
