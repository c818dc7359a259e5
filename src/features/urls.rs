//! URL normalisation and registered domains.
//!
//! The normal form drops the scheme (http and https are one link), lower-cases the host, drops
//! a leading `www.`, default ports, the fragment, tracking parameters (`utm_*`, `fbclid`,
//! `gclid`, ... see `TRACKING`) and a trailing slash, and sorts the remaining query parameters.
//! The registered domain (eTLD+1, from the Public Suffix List) is the coarser object:
//! `news.bbc.co.uk` → `bbc.co.uk`. Link shorteners are flagged: their domain says nothing
//! about the destination.

use url::Url;

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

/// Normalises one URL as found in a post. `None` when it is not a web URL.
pub fn normalize(raw: &str) -> Option<NormUrl> {
    let raw = raw
        .trim()
        .trim_end_matches(['.', ',', ')', ';', '!', '?', '…']);
    if raw.is_empty() {
        return None;
    }
    // A bare `example.com/x` has no scheme: read it as a web address. Anything that parses
    // with a scheme keeps it (and `mailto:`, `javascript:` are then refused below).
    let parsed = match Url::parse(raw) {
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
    let host = parsed
        .host_str()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    if !host.contains('.') && host != "localhost" {
        return None;
    }
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let mut path = parsed.path().to_string();
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    if path == "/" {
        path.clear();
    }
    let mut params: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !k.starts_with("utm_") && !TRACKING.contains(&k.as_str())
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    params.sort();
    let mut key = host.clone();
    if let Some(port) = parsed.port() {
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
    let domain = psl::domain_str(&host).unwrap_or(&host).to_string();
    let shortener = SHORTENERS.contains(&host.as_str());
    Some(NormUrl {
        key,
        domain,
        shortener,
    })
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
}
