//! Canonical field names and the aliases real exports use for them.
//!
//! A key maps to a canonical field and a rank: rank 0 is the canonical name, higher ranks are
//! aliases in order of preference. When a record holds two keys for one field (`post_id` and
//! `id`), the lower rank wins whatever the key order. Keys match ASCII case-insensitively.
//! Unknown keys are ignored.

/// A set of canonical fields, each with its aliases in order of preference.
#[derive(Debug)]
pub struct FieldSet {
    /// `(canonical name, aliases)`, indexed by field number.
    pub fields: &'static [(&'static str, &'static [&'static str])],
}

/// The most fields any set has; records store values in a fixed array of this size.
pub const MAX_FIELDS: usize = 12;

impl FieldSet {
    /// The field number and rank `key` maps to.
    pub fn lookup(&self, key: &str) -> Option<(usize, u8)> {
        // Exact canonical names first: the common case costs one byte comparison per field.
        if let Some(i) = self.fields.iter().position(|(name, _)| *name == key) {
            return Some((i, 0));
        }
        for (i, (name, aliases)) in self.fields.iter().enumerate() {
            if key.eq_ignore_ascii_case(name) {
                return Some((i, 0));
            }
            if let Some(r) = aliases.iter().position(|a| key.eq_ignore_ascii_case(a)) {
                return Some((i, r as u8 + 1));
            }
        }
        None
    }

    /// The canonical name of field `i`.
    pub fn name(&self, i: usize) -> &'static str {
        self.fields.get(i).map_or("?", |f| f.0)
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether the set is empty (never, for the built-in sets).
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// Field numbers of `POST_FIELDS`.
pub mod post {
    pub const POST_ID: usize = 0;
    pub const ACCOUNT_ID: usize = 1;
    pub const TIMESTAMP: usize = 2;
    pub const TEXT: usize = 3;
    pub const LANG: usize = 4;
    pub const URLS: usize = 5;
    pub const HASHTAGS: usize = 6;
    pub const MENTIONS: usize = 7;
    pub const MEDIA: usize = 8;
    pub const RESHARE_OF: usize = 9;
    pub const REPLY_TO: usize = 10;
}

/// The canonical post fields of DESIGN.md with aliases seen in real exports.
pub static POST_FIELDS: FieldSet = FieldSet {
    fields: &[
        (
            "post_id",
            &[
                "id",
                "tweetid",
                "tweet_id",
                "status_id",
                "message_id",
                "content_id",
                "id_str",
                "postid",
            ],
        ),
        (
            "account_id",
            &[
                "user_id",
                "userid",
                "author_id",
                "accountid",
                "from_id",
                "account",
                "user",
                "author",
            ],
        ),
        (
            "timestamp",
            &[
                "created_at",
                "tweet_time",
                "timestamp_share",
                "date_unixtime",
                "published_at",
                "created_time",
                "datetime",
                "date",
                "time",
            ],
        ),
        (
            "text",
            &[
                "tweet_text",
                "full_text",
                "content",
                "message",
                "body",
                "caption",
                "description",
            ],
        ),
        ("lang", &["language", "tweet_language"]),
        ("urls", &["links", "expanded_urls", "url", "link"]),
        ("hashtags", &["tags", "hashtag"]),
        ("mentions", &["user_mentions", "mention"]),
        (
            "media",
            &[
                "media_hashes",
                "image_hashes",
                "phash",
                "images",
                "media_hash",
            ],
        ),
        (
            "reshare_of",
            &[
                "retweet_of",
                "retweet_tweetid",
                "retweeted_status_id",
                "retweet_id",
                "reshared_id",
                "repost_of",
                "forward_of",
            ],
        ),
        (
            "reply_to",
            &[
                "in_reply_to_tweetid",
                "in_reply_to_status_id",
                "in_reply_to_id",
                "reply_to_id",
                "in_reply_to",
            ],
        ),
    ],
};

/// Field numbers of `ACCOUNT_FIELDS`.
pub mod account {
    pub const ACCOUNT_ID: usize = 0;
    pub const HANDLE: usize = 1;
    pub const DISPLAY_NAME: usize = 2;
    pub const CREATED_AT: usize = 3;
    pub const FOLLOWERS: usize = 4;
    pub const FOLLOWING: usize = 5;
    pub const BIO: usize = 6;
    pub const HAS_DEFAULT_AVATAR: usize = 7;
    pub const VERIFIED: usize = 8;
    pub const POSTS_TOTAL: usize = 9;
}

/// The canonical account fields of DESIGN.md with aliases seen in real exports.
pub static ACCOUNT_FIELDS: FieldSet = FieldSet {
    fields: &[
        (
            "account_id",
            &["user_id", "userid", "author_id", "id", "id_str"],
        ),
        (
            "handle",
            &["screen_name", "username", "user_screen_name", "acct"],
        ),
        ("display_name", &["name", "user_display_name"]),
        (
            "created_at",
            &["account_creation_date", "creation_date", "joined"],
        ),
        (
            "followers",
            &["followers_count", "follower_count", "subscribers"],
        ),
        ("following", &["following_count", "friends_count"]),
        (
            "bio",
            &["description", "user_profile_description", "note", "about"],
        ),
        (
            "has_default_avatar",
            &["default_profile_image", "default_avatar"],
        ),
        ("verified", &["is_verified"]),
        (
            "posts_total",
            &["statuses_count", "tweet_count", "posts_count", "post_count"],
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_fit_the_record_array() {
        assert!(POST_FIELDS.len() <= MAX_FIELDS);
        assert!(ACCOUNT_FIELDS.len() <= MAX_FIELDS);
    }

    #[test]
    fn canonical_outranks_alias() {
        assert_eq!(POST_FIELDS.lookup("post_id"), Some((post::POST_ID, 0)));
        let (f, r) = POST_FIELDS.lookup("id").unwrap();
        assert_eq!(f, post::POST_ID);
        assert!(r > 0);
        assert_eq!(
            POST_FIELDS.lookup("Tweet_Text").map(|x| x.0),
            Some(post::TEXT)
        );
        assert_eq!(POST_FIELDS.lookup("nonsense"), None);
        // Telegram carries both: the epoch form must win over the local `date`.
        let unix = POST_FIELDS.lookup("date_unixtime").unwrap().1;
        let date = POST_FIELDS.lookup("date").unwrap().1;
        assert!(unix < date);
    }

    #[test]
    fn no_alias_maps_to_two_fields() {
        for set in [&POST_FIELDS, &ACCOUNT_FIELDS] {
            let mut seen = std::collections::BTreeSet::new();
            for (name, aliases) in set.fields {
                for k in std::iter::once(name).chain(aliases.iter()) {
                    assert!(seen.insert(k.to_ascii_lowercase()), "{k} twice");
                }
            }
        }
    }
}
