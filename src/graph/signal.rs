//! The co-action signals: which shared object two accounts act on, and its default window.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A kind of shared object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// The same near-duplicate text group (MinHash/LSH).
    TextNear,
    /// The same normalised text.
    TextExact,
    /// The same normalised URL.
    Url,
    /// The same registered domain (link shorteners excluded).
    Domain,
    /// The same picture (exact or perceptual-hash group).
    Media,
    /// The same hashtag (each of a post's hashtags; one post is still one act).
    Hashtags,
    /// Resharing the same post.
    Reshare,
    /// Replying to the same post.
    Reply,
}

impl Signal {
    pub const ALL: [Signal; 8] = [
        Signal::TextNear,
        Signal::TextExact,
        Signal::Url,
        Signal::Domain,
        Signal::Media,
        Signal::Hashtags,
        Signal::Reshare,
        Signal::Reply,
    ];

    /// Signals used when `--signals` is not given. `text_exact` is left out because every
    /// exact copy is also in a near-duplicate group, and counting both would count one
    /// shared text twice.
    pub const DEFAULT: [Signal; 7] = [
        Signal::TextNear,
        Signal::Url,
        Signal::Domain,
        Signal::Media,
        Signal::Hashtags,
        Signal::Reshare,
        Signal::Reply,
    ];

    /// The default co-action window in seconds: how close in time two uses of one object
    /// must be. Content reuse by campaigns spreads over minutes to an hour; reshares and
    /// hashtag sets are tighter, because organic crowds converge on them within minutes too.
    pub fn default_window_secs(self) -> i64 {
        match self {
            Signal::TextNear | Signal::TextExact | Signal::Url | Signal::Media => 3600,
            Signal::Domain => 1800,
            Signal::Hashtags => 900,
            Signal::Reshare => 300,
            Signal::Reply => 600,
        }
    }

    /// Whether the object is content the accounts authored (text, links, media, tags), as
    /// opposed to a target they converge on (a reshared or replied-to post).
    pub fn authored(self) -> bool {
        !matches!(self, Signal::Reshare | Signal::Reply)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Signal::TextNear => "text_near",
            Signal::TextExact => "text_exact",
            Signal::Url => "url",
            Signal::Domain => "domain",
            Signal::Media => "media",
            Signal::Hashtags => "hashtags",
            Signal::Reshare => "reshare",
            Signal::Reply => "reply",
        }
    }
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Signal {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Signal::ALL
            .into_iter()
            .find(|x| x.as_str() == s.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = Signal::ALL.iter().map(|x| x.as_str()).collect();
                format!(
                    "unknown signal '{s}' (expected one of {})",
                    names.join(", ")
                )
            })
    }
}
