//! URL normalisation and registered domains.
//!
//! The normal form drops the scheme (http and https are one link), lower-cases the host, drops
//! a leading `www.`, default ports, the fragment, tracking parameters (`utm_*`, `fbclid`,
//! `gclid`, ... see `TRACKING`) and a trailing slash, and sorts the remaining query parameters.
//! The registered domain (eTLD+1, from the Public Suffix List) is the coarser object:
//! `news.bbc.co.uk` → `bbc.co.uk`. Link shorteners are flagged: their domain says nothing
//! about the destination.
//!
//! Invariant: normalisation is idempotent. A key is itself a bare address
//! (`host[:port]/path?query`) that normalises to the same key: the query is re-encoded
//! (`form_urlencoded`), a `host:port` without a scheme reads as a web address, and `www.` is
//! dropped only when a dotted host remains.

// Reached by every post's text or link: no panicking constructs outside tests.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

use url::Url;
use url::form_urlencoded::byte_serialize;

/// Query parameters that identify the sharer or the campaign tool, not the page.
const TRACKING: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "yclid",
    "twclid",
    "ttclid",
    "_ga",
    "_gl",
    "ref_src",
    "ref_url",
    "cmpid",
    "spm",
    "si",
    "share",
    "s_cid",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "__s",
];

/// Known link shorteners.
const SHORTENERS: &[&str] = &[
    "bit.ly",
    "t.co",
    "tinyurl.com",
    "goo.gl",
    "ow.ly",
    "buff.ly",
    "dlvr.it",
    "is.gd",
    "shorturl.at",
    "rebrand.ly",
    "cutt.ly",
    "tiny.cc",
    "t.ly",
    "rb.gy",
    "lnkd.in",
    "trib.al",
    "fb.me",
    "youtu.be",
    "amzn.to",
    "s.id",
    "v.gd",
    "bl.ink",
    "shor.by",
    "ift.tt",
];

/// A normalised URL and its registered domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormUrl {
    pub key: String,
    pub domain: String,
    pub shortener: bool,
}

/// Characters that end a sentence rather than a URL found in prose: trimmed from the end.
const TRAILING: [char; 7] = ['.', ',', ')', ';', '!', '?', '…'];

/// Normalises one URL as found in a post. `None` when it is not a web URL.
pub fn normalize(raw: &str) -> Option<NormUrl> {
    let raw = raw.trim().trim_end_matches(TRAILING);
    if raw.is_empty() {
        return None;
    }
    // A bare `example.com/x` has no scheme: read it as a web address. Anything that parses
    // with a scheme keeps it (and `mailto:`, `javascript:` are then refused below).
    let parsed = match Url::parse(raw) {
        // `example.com:8080/x` (a key with a port) parses with the scheme `example.com`: a
        // "scheme" followed by digits is a host and port.
        Ok(u) if !matches!(u.scheme(), "http" | "https") && is_host_port(raw) => {
            Url::parse(&format!("http://{raw}")).ok()?
        }
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            // Only a dotted host reads as a web address: `26905` (an anonymised link id)
            // would otherwise parse as the IPv4 host 0.0.105.25 with a made-up domain.
            let host = raw.split(['/', '?', '#']).next().unwrap_or("");
            if !host.contains('.') {
                return None;
            }
            Url::parse(&format!("http://{raw}")).ok()?
        }
        Err(_) => return None,
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let full = parsed.host_str()?;
    let host = full.trim_end_matches('.').to_ascii_lowercase();
    // A host is kept without its trailing dots only when it is still a host: `www.0..` is
    // one to the URL parser, `www.0` (a malformed IPv4 address) is not.
    if host.len() != full.len()
        && Url::parse(&format!("http://{host}/")).map_or(true, |u| u.host_str() != Some(&host))
    {
        return None;
    }
    if !host.contains('.') && host != "localhost" {
        return None;
    }
    // `www.` goes, every one of them, while a dotted host remains (`www.-` is not the host
    // `-`; `www.www.a.b` is `a.b`, as its key `www.a.b` would be).
    let mut host = host.as_str();
    while let Some(rest) = host.strip_prefix("www.").filter(|r| r.contains('.')) {
        host = rest;
    }
    let host = host.to_string();
    let mut path = parsed.path().to_string();
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    if path == "/" {
        path.clear();
    }
    let mut params: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, v)| {
            let k = k.to_ascii_lowercase();
            let empty = k.is_empty() && v.is_empty();
            !(empty || k.starts_with("utm_") || TRACKING.contains(&k.as_str()))
        })
        // Re-encoded, so that the key parses back to the same pairs (`%26`, `%23`, `+`).
        .map(|(k, v)| {
            (
                byte_serialize(k.as_bytes()).collect(),
                byte_serialize(v.as_bytes()).collect(),
            )
        })
        .collect();
    params.sort();
    let mut key = host.clone();
    // The scheme is dropped, so both schemes' default ports go (`https://x:80` and
    // `http://x:80` are then one key, which re-reads as itself).
    if let Some(port) = parsed.port().filter(|p| !matches!(p, 80 | 443)) {
        key.push_str(&format!(":{port}"));
    }
    key.push_str(&path);
    if !params.is_empty() {
        key.push('?');
        let q: Vec<String> = params
            .iter()
            .map(|(k, v)| {
                if v.is_empty() {
                    k.clone()
                } else {
                    format!("{k}={v}")
                }
            })
            .collect();
        key.push_str(&q.join("&"));
    }
    // A key ending in a character that prose trims (`x.com/a./`, `?.`) keeps it encoded, so
    // that the key normalises to itself.
    if let Some(last) = key.chars().next_back().filter(|c| TRAILING.contains(c)) {
        key.truncate(key.len() - last.len_utf8());
        let mut buf = [0u8; 4];
        for b in last.encode_utf8(&mut buf).bytes() {
            key.push_str(&format!("%{b:02X}"));
        }
    }
    let domain = psl::domain_str(&host).unwrap_or(&host).to_string();
    let shortener = SHORTENERS.contains(&host.as_str());
    Some(NormUrl {
        key,
        domain,
        shortener,
    })
}

/// Whether `raw` starts `host:port` (a dotted host or `localhost`, then `:` and a digit), which
/// the URL parser would read as a scheme.
fn is_host_port(raw: &str) -> bool {
    raw.split_once(':').is_some_and(|(host, rest)| {
        (host.contains('.') || host.eq_ignore_ascii_case("localhost"))
            && rest.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// Whether a link value carries a scheme that runs or embeds content (`javascript:`,
/// `data:`, `vbscript:`, `file:`): refused as evidence, never an object or a report line.
/// Leading controls and spaces are skipped first, as a browser's URL parser skips them
/// (`"\u{1}javascript:alert(1)"` runs script in an `href`).
pub fn is_active_scheme(v: &str) -> bool {
    let v = v.trim_start_matches(|c: char| c <= ' ');
    let lower = v.get(..11).unwrap_or(v).to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:", "file:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> String {
        normalize(s).map(|n| n.key).unwrap_or_default()
    }

    #[test]
    fn variants_collapse() {
        let base = "lemonde-info.fr/monde/10001";
        for v in [
            "https://lemonde-info.fr/monde/10001",
            "http://www.lemonde-info.fr/monde/10001/",
            "https://WWW.LeMonde-Info.fr/monde/10001?utm_source=twitter&utm_campaign=share",
            "https://lemonde-info.fr/monde/10001/?fbclid=IwAR2x#comments",
            "lemonde-info.fr/monde/10001",
            "https://lemonde-info.fr:443/monde/10001",
        ] {
            assert_eq!(k(v), base, "{v}");
        }
    }

    #[test]
    fn meaningful_parameters_stay_sorted() {
        assert_eq!(
            k("https://x.com/watch?v=abc&t=10"),
            "x.com/watch?t=10&v=abc"
        );
        assert_eq!(
            k("https://x.com/watch?t=10&v=abc&gclid=1"),
            "x.com/watch?t=10&v=abc"
        );
        assert_ne!(k("https://x.com/a"), k("https://x.com/b"));
    }

    #[test]
    fn registered_domains() {
        let n = normalize("https://news.bbc.co.uk/x").unwrap();
        assert_eq!(n.domain, "bbc.co.uk");
        assert_eq!(
            normalize("https://a.b.example.com/").unwrap().domain,
            "example.com"
        );
        assert!(normalize("https://bit.ly/3xyz").unwrap().shortener);
        assert!(!normalize("https://lemonde.fr/").unwrap().shortener);
    }

    #[test]
    fn not_web_urls() {
        assert_eq!(normalize("mailto:a@b.c"), None);
        assert_eq!(normalize("not a url"), None);
        assert_eq!(normalize(""), None);
        assert_eq!(normalize("javascript:alert(1)"), None);
        // Numeric link ids are opaque objects, not IPv4 hosts.
        assert_eq!(normalize("26905"), None);
        assert_eq!(normalize("26905/x"), None);
        assert!(normalize("lemonde.fr/x").is_some());
    }

    #[test]
    fn active_schemes_refused_behind_controls_and_case() {
        for v in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "\u{1}javascript:alert(1)",
            "\0 javascript:alert(1)",
            "data:text/html,<script>x</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
        ] {
            assert!(is_active_scheme(v), "{v:?}");
            assert_eq!(normalize(v), None, "{v:?}");
        }
        assert!(!is_active_scheme("26905"));
        assert!(!is_active_scheme("id-abc"));
        assert!(!is_active_scheme("https://e.com/javascript:x"));
    }

    #[test]
    fn normalising_a_key_gives_the_key() {
        // Found by the property test (tests/integration/hostile.rs): `www.-` gave `-`, which
        // is no URL; `http://.a/?=` gave `.a?`, which gave `.a`.
        for raw in [
            "www.-",
            "http://www.-x.com/",
            "http://www.com/",
            "http://.a/?=",
            "https://x.com/s?q=%26b&r=%23f&p=%2B1&e=a+b",
            "https://x.com:8080/a",
            "http://localhost:8080/x",
            "https://lemonde.fr/é?q=é",
            "https://x.com/?=v",
            "http://www.A/?.#",
            "http://x.com/a./",
            "http://x.com/a…/",
            "www.0../",
            "https://.a:80",
            "http://x.com:443/a",
            "http://example.com./x",
            // Found by libFuzzer (fuzz/README.md): one `www.` went at a time.
            "www.www.m.e2em.eag.j'_em.e2em.eag.j'_e",
            "http://www.www.www.com/",
        ] {
            let Some(once) = normalize(raw) else { continue };
            let twice = normalize(&once.key).map(|n| n.key);
            assert_eq!(twice.as_deref(), Some(once.key.as_str()), "{raw:?}");
        }
        assert_eq!(k("https://x.com:8080/a"), "x.com:8080/a");
        assert_eq!(k("http://www.com/"), "www.com");
        assert_eq!(k("http://www.www.a.b/"), "a.b");
        assert_eq!(k("http://www.www.com/"), "www.com");
        assert_eq!(k("http://example.com./x"), "example.com/x");
        assert_eq!(k("https://x.com/s?q=%26b"), "x.com/s?q=%26b");
    }
}
