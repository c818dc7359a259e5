//! Timestamp parsing: every form DESIGN.md accepts, to milliseconds since the epoch, UTC.
//!
//! Accepted forms:
//! - RFC 3339 / ISO 8601 with any offset or `Z` (`2024-07-26T10:00:00+02:00`, fractional
//!   seconds allowed, `T` or a space between date and time);
//! - naive `YYYY-MM-DD HH:MM[:SS[.fff]]` or `YYYY-MM-DDTHH:MM[:SS]`, read in the `--tz` zone
//!   (UTC by default); a date alone means its midnight;
//! - epoch seconds, milliseconds, microseconds or nanoseconds, as numbers or numeric strings,
//!   told apart by magnitude: below 10^11 seconds (10^11 s is the year 5138), below 10^14
//!   milliseconds, below 10^17 microseconds (Jetstream's `time_us`), else nanoseconds;
//! - compact dates `YYYYMMDD` and `YYYYMMDDHHMMSS` (years 1900-2100), as strings or integers,
//!   read in the `--tz` zone: `20240726` is 26 July 2024, not 20 million seconds after 1970;
//! - the Twitter v1 form `Wed Oct 10 20:19:24 +0000 2018`;
//! - RFC 2822, as RSS feeds and e-mail exports write it (`Tue, 1 Jul 2003 10:52:37 +0200`,
//!   weekday optional, a numeric offset or `GMT`/`UT`/`EST`-style zone).
//!
//! Local times that a daylight-saving change makes ambiguous take the earlier instant; times it
//! skips are rejected.

use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use super::record::Val;

/// The zone naive timestamps are read in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    Fixed(FixedOffset),
    Named(chrono_tz::Tz),
}

impl Default for Zone {
    fn default() -> Self {
        Zone::Fixed(chrono::Offset::fix(&Utc))
    }
}

impl FromStr for Zone {
    type Err = String;

    /// `UTC`, `Z`, an offset (`+02:00`, `-0530`, `+2`), or an IANA name (`Europe/Paris`).
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("utc") || t.eq_ignore_ascii_case("z") {
            return Ok(Zone::default());
        }
        if t.starts_with(['+', '-']) {
            return parse_offset(t)
                .map(Zone::Fixed)
                .ok_or_else(|| format!("invalid UTC offset '{t}' (expected e.g. +02:00)"));
        }
        t.parse::<chrono_tz::Tz>().map(Zone::Named).map_err(|_| {
            format!("unknown time zone '{t}' (expected UTC, an offset like +02:00, or an IANA name like Europe/Paris)")
        })
    }
}

/// `+HH:MM`, `+HHMM` or `+H[H]` (or `-`); digits only, so no slice falls inside a character.
fn parse_offset(t: &str) -> Option<FixedOffset> {
    let sign = if t.starts_with('-') { -1 } else { 1 };
    let body = t.get(1..)?;
    if !body.bytes().all(|b| b.is_ascii_digit() || b == b':') {
        return None;
    }
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => (h, m),
        None if body.len() == 4 => body.split_at(2),
        None => (body, "0"),
    };
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    if h > 23 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

impl std::fmt::Display for Zone {
    /// `UTC`, an offset like `+02:00`, or the IANA name.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Zone::Fixed(o) if o.local_minus_utc() == 0 => f.write_str("UTC"),
            Zone::Fixed(o) => write!(f, "{o}"),
            Zone::Named(tz) => f.write_str(tz.name()),
        }
    }
}

impl Zone {
    fn to_utc_ms(self, naive: NaiveDateTime) -> Option<i64> {
        match self {
            Zone::Fixed(off) => off
                .from_local_datetime(&naive)
                .earliest()
                .map(|d| d.timestamp_millis()),
            Zone::Named(tz) => tz
                .from_local_datetime(&naive)
                .earliest()
                .map(|d| d.timestamp_millis()),
        }
    }
}

/// Epoch values at or above this magnitude are milliseconds.
const MS_THRESHOLD: f64 = 1e11;
/// ... microseconds.
const US_THRESHOLD: f64 = 1e14;
/// ... nanoseconds.
const NS_THRESHOLD: f64 = 1e17;

/// The earliest time read as plausible: 1900-01-01T00:00:00Z, in ms.
const EARLIEST_MS: i64 = -2_208_988_800_000;
/// The first time past the plausible range: 2101-01-01T00:00:00Z, in ms.
const END_MS: i64 = 4_133_980_800_000;

/// Parses a timestamp value to ms since the epoch, UTC. `None` when it is no known form, or
/// a time outside 1900-2100: no post or account is dated there, and one such value (a
/// `0001-01-01` placeholder, a negative epoch read as the year -1199) would stretch the
/// corpus's time span, which the co-action windows are derived from.
pub fn parse(v: &Val<'_>, zone: Zone) -> Option<i64> {
    parse_any(v, zone).filter(|ms| (EARLIEST_MS..END_MS).contains(ms))
}

fn parse_any(v: &Val<'_>, zone: Zone) -> Option<i64> {
    match v {
        Val::Int(n) if *n > 0 => compact(&n.to_string(), zone).or_else(|| epoch(*n as f64)),
        Val::UInt(n) => compact(&n.to_string(), zone).or_else(|| epoch(*n as f64)),
        Val::Int(n) => epoch(*n as f64),
        Val::Float(f) => epoch(*f),
        Val::Str(s) => parse_str(s, zone),
        _ => None,
    }
}

/// A compact date (`20240726`) or date-time (`20240726103000`) with a year in 1900..=2100.
fn compact(s: &str, zone: Zone) -> Option<i64> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = match s.len() {
        8 => NaiveDate::parse_from_str(s, "%Y%m%d")
            .ok()?
            .and_time(NaiveTime::MIN),
        14 => NaiveDateTime::parse_from_str(s, "%Y%m%d%H%M%S").ok()?,
        _ => return None,
    };
    if !(1900..=2100).contains(&chrono::Datelike::year(&n)) {
        return None;
    }
    zone.to_utc_ms(n)
}

fn epoch(x: f64) -> Option<i64> {
    if !x.is_finite() {
        return None;
    }
    let ms = match x.abs() {
        a if a >= NS_THRESHOLD => x / 1e6,
        a if a >= US_THRESHOLD => x / 1e3,
        a if a >= MS_THRESHOLD => x,
        _ => x * 1000.0,
    };
    // Keep within what chrono can display (about ±262,000 years).
    if ms.abs() > 8.2e15 {
        return None;
    }
    Some(ms.round() as i64)
}

/// Parses a timestamp string.
pub fn parse_str(s: &str, zone: Zone) -> Option<i64> {
    let s = s.trim();
    let first = *s.as_bytes().first()?;
    if first.is_ascii_digit() || first == b'-' {
        if let Some(ms) = compact(s, zone) {
            return Some(ms);
        }
        if s.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
            && !s[1..].contains('-')
        {
            return s.parse::<f64>().ok().and_then(epoch);
        }
        return parse_iso(s, zone);
    }
    DateTime::parse_from_str(s, "%a %b %d %H:%M:%S %z %Y")
        .ok()
        .map(|d| d.timestamp_millis())
        .or_else(|| rfc2822(s))
}

/// RFC 2822 (`Tue, 1 Jul 2003 10:52:37 +0200`; `1 Jul 2003 ...` without the weekday). A
/// weekday that does not match the date is rejected, as chrono reads it.
fn rfc2822(s: &str) -> Option<i64> {
    DateTime::parse_from_rfc2822(s)
        .ok()
        .map(|d| d.timestamp_millis())
}

fn parse_iso(s: &str, zone: Zone) -> Option<i64> {
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.timestamp_millis());
    }
    // A space instead of `T`, or an offset without a colon (`+0200`).
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, fmt) {
            return Some(d.timestamp_millis());
        }
    }
    if let Some(rest) = s.strip_suffix(" UTC").or_else(|| s.strip_suffix('Z')) {
        if let Some(n) = naive(rest) {
            return Zone::default().to_utc_ms(n);
        }
    }
    // A trailing zone abbreviation, as CrowdTangle writes (`2021-01-06 21:10:04 EST`).
    if let Some((rest, abbr)) = s.rsplit_once(' ') {
        if let (Some(hours), Some(n)) = (abbreviation_offset(abbr), naive(rest)) {
            let off = FixedOffset::east_opt(hours * 3600)?;
            return Zone::Fixed(off).to_utc_ms(n);
        }
    }
    match naive(s) {
        Some(n) => zone.to_utc_ms(n),
        // RFC 2822 without its optional weekday starts with the day of the month
        // (`1 Jul 2003 10:52:37 GMT`).
        None => rfc2822(s),
    }
}

/// UTC offsets (hours) of the zone abbreviations exports print. Ambiguous ones (IST, CST in
/// Asia) are read as the North American and European meanings, which is what CrowdTangle and
/// US-based tools write.
fn abbreviation_offset(a: &str) -> Option<i32> {
    Some(match a {
        "GMT" | "UTC" | "WET" => 0,
        "BST" | "CET" | "WEST" => 1,
        "CEST" | "EET" => 2,
        "EEST" | "MSK" => 3,
        "EST" => -5,
        "EDT" | "AST" => -4,
        "CST" => -6,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        "JST" | "KST" => 9,
        _ => return None,
    })
}

fn naive(s: &str) -> Option<NaiveDateTime> {
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(n);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| d.and_time(NaiveTime::MIN))
}

/// Formats ms since the epoch as RFC 3339 UTC (`2024-07-26T10:00:00Z`, milliseconds shown only
/// when present).
pub fn format_ms(ms: i64) -> String {
    match DateTime::<Utc>::from_timestamp_millis(ms) {
        Some(d) => d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        None => ms.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_539_202_764_000; // 2018-10-10T20:19:24Z

    fn p(s: &str) -> Option<i64> {
        parse_str(s, Zone::default())
    }

    /// `+1é2` panicked: a 4-byte body was split at byte 2, inside the `é`.
    #[test]
    fn zone_offsets_with_non_ascii_are_errors_not_panics() {
        for bad in ["+1é2", "+é12", "+12:é", "-é", "+", "+ 1", "++1", "+1:+3"] {
            assert!(bad.parse::<Zone>().is_err(), "{bad}");
        }
        for (ok, secs) in [("+0200", 7200), ("-05:30", -19_800), ("+2", 7200)] {
            let z: Zone = ok.parse().unwrap();
            assert!(
                matches!(z, Zone::Fixed(o) if o.local_minus_utc() == secs),
                "{ok}"
            );
        }
    }

    #[test]
    fn rfc3339_with_offsets() {
        assert_eq!(p("2018-10-10T20:19:24Z"), Some(T));
        assert_eq!(p("2018-10-10T22:19:24+02:00"), Some(T));
        assert_eq!(p("2018-10-10T15:19:24-05:00"), Some(T));
        assert_eq!(p("2018-10-10 22:19:24+02:00"), Some(T));
        assert_eq!(p("2018-10-10T22:19:24+0200"), Some(T));
        assert_eq!(p("2018-10-10T20:19:24.250Z"), Some(T + 250));
    }

    #[test]
    fn naive_forms_use_the_zone() {
        assert_eq!(p("2018-10-10 20:19:24"), Some(T));
        assert_eq!(p("2018-10-10 20:19"), Some(T - 24_000));
        assert_eq!(p("2018-10-10T20:19:24"), Some(T));
        assert_eq!(p("2018-10-10 20:19:24 UTC"), Some(T));
        assert_eq!(p("2018-10-10"), Some(T - (20 * 3600 + 19 * 60 + 24) * 1000));
        let paris: Zone = "Europe/Paris".parse().unwrap();
        assert_eq!(parse_str("2018-10-10 22:19:24", paris), Some(T));
        let plus2: Zone = "+02:00".parse().unwrap();
        assert_eq!(parse_str("2018-10-10 22:19:24", plus2), Some(T));
        // An explicit offset beats the zone.
        assert_eq!(parse_str("2018-10-10T20:19:24Z", paris), Some(T));
    }

    #[test]
    fn daylight_saving_gap_and_overlap() {
        let paris: Zone = "Europe/Paris".parse().unwrap();
        // 2024-03-31 02:30 does not exist in Paris.
        assert_eq!(parse_str("2024-03-31 02:30:00", paris), None);
        // 2024-10-27 02:30 happens twice: the earlier (CEST, +02:00) is taken.
        assert_eq!(
            parse_str("2024-10-27 02:30:00", paris),
            p("2024-10-27T00:30:00Z")
        );
    }

    #[test]
    fn epochs() {
        assert_eq!(p("1539202764"), Some(T));
        assert_eq!(p("1539202764000"), Some(T));
        assert_eq!(p("1539202764.5"), Some(T + 500));
        assert_eq!(parse(&Val::UInt(1_539_202_764), Zone::default()), Some(T));
        assert_eq!(
            parse(&Val::Int(1_539_202_764_000), Zone::default()),
            Some(T)
        );
        assert_eq!(
            parse(&Val::Float(1_539_202_764.0), Zone::default()),
            Some(T)
        );
        assert_eq!(parse(&Val::Int(0), Zone::default()), Some(0));
        assert_eq!(parse(&Val::Float(f64::NAN), Zone::default()), None);
        assert_eq!(parse(&Val::Float(1e300), Zone::default()), None);
    }

    #[test]
    fn implausible_years_are_rejected() {
        let v = |s: &str| parse(&Val::Str(s.into()), Zone::default());
        // Was accepted as milliseconds: the year -1199.
        assert_eq!(parse(&Val::Int(-99_999_999_999_999), Zone::default()), None);
        assert_eq!(v("0001-01-01T00:00:00Z"), None);
        assert_eq!(v("9999-12-31T23:59:59Z"), None);
        assert_eq!(v("1899-12-31T23:59:59Z"), None);
        assert_eq!(v("1900-01-01T00:00:00Z"), Some(EARLIEST_MS));
        assert_eq!(v("2100-12-31T23:59:59Z"), Some(END_MS - 1000));
        assert_eq!(v("2101-01-01T00:00:00Z"), None);
        assert_eq!(parse(&Val::Int(-1), Zone::default()), Some(-1000));
    }

    #[test]
    fn epoch_micro_and_nanoseconds_and_compact_dates() {
        // Were read as milliseconds: the year 50,744.
        assert_eq!(p("1539202764000000"), Some(T));
        assert_eq!(
            parse(&Val::UInt(1_539_202_764_000_000), Zone::default()),
            Some(T)
        );
        assert_eq!(p("1539202764000000000"), Some(T));
        // Was 20 million seconds after 1970.
        assert_eq!(p("20181010"), p("2018-10-10"));
        assert_eq!(
            parse(&Val::UInt(20_181_010), Zone::default()),
            p("2018-10-10")
        );
        assert_eq!(p("20181010201924"), Some(T));
        // Not a date: still epoch seconds.
        assert_eq!(p("20181399"), Some(20_181_399_000));
    }

    #[test]
    fn zone_abbreviations() {
        assert_eq!(p("2018-10-10 15:19:24 EST"), Some(T));
        assert_eq!(p("2018-10-10 16:19:24 EDT"), Some(T));
        assert_eq!(p("2018-10-10 22:19:24 CEST"), Some(T));
        assert_eq!(p("2018-10-10 15:19:24 XYZ"), None);
    }

    #[test]
    fn twitter_v1() {
        assert_eq!(p("Wed Oct 10 20:19:24 +0000 2018"), Some(T));
    }

    #[test]
    fn rfc2822_as_rss_and_email_write_it() {
        // 2003-07-01T08:52:37Z
        let t = 1_057_049_557_000;
        assert_eq!(p("Tue, 1 Jul 2003 10:52:37 +0200"), Some(t));
        assert_eq!(p("Tue, 01 Jul 2003 10:52:37 +0200"), Some(t));
        assert_eq!(p("Tue, 1 Jul 2003 08:52:37 +0000"), Some(t));
        assert_eq!(p("Tue, 1 Jul 2003 08:52:37 GMT"), Some(t));
        assert_eq!(p("Tue, 1 Jul 2003 03:52:37 -0500"), Some(t));
        assert_eq!(p("Tue, 1 Jul 2003 04:52:37 EDT"), Some(t));
        assert_eq!(p("Tue, 1 Jul 2003 14:22:37 +0530"), Some(t));
        // The weekday is optional; the `--tz` zone plays no part (the offset is explicit).
        assert_eq!(p("1 Jul 2003 10:52:37 +0200"), Some(t));
        assert_eq!(p("1 Jul 2003 08:52:37 GMT"), Some(t));
        assert_eq!(p("1 Jul 2003 08:52:37 UT"), Some(t));
        assert_eq!(p("1 Jul 2003 04:52:37 EDT"), Some(t));
        let paris: Zone = "Europe/Paris".parse().unwrap();
        assert_eq!(parse_str("Tue, 1 Jul 2003 10:52:37 +0200", paris), Some(t));
        assert_eq!(p("Wed, 10 Oct 2018 20:19:24 +0000"), Some(T));
        // A weekday that contradicts the date, an impossible date, a bad offset.
        assert_eq!(p("Mon, 1 Jul 2003 10:52:37 +0200"), None);
        assert_eq!(p("Tue, 31 Jun 2003 10:52:37 +0200"), None);
        assert_eq!(p("Tue, 1 Jul 2003 25:52:37 +0200"), None);
        assert_eq!(p("Tue, 1 Jul 2003 10:52:37 +2500"), None);
        // Implausible years are still rejected by `parse`.
        let v = |s: &str| parse(&Val::Str(s.into()), Zone::default());
        assert_eq!(v("Tue, 1 Jul 2003 10:52:37 +0200"), Some(t));
        assert_eq!(v("Fri, 31 Dec 9999 23:59:59 +0000"), None);
        assert_eq!(v("Fri, 31 Dec 1899 23:59:59 +0000"), None);
        assert_eq!(v("1 Jan 2101 00:00:00 +0000"), None);
        assert_eq!(v("31 Dec 2100 23:59:59 +0000"), Some(END_MS - 1000));
    }

    #[test]
    fn garbage() {
        for s in [
            "",
            "yesterday",
            "2018-13-10",
            "2018-10-10T25:00:00Z",
            "12-10-2018",
            "--",
        ] {
            assert_eq!(p(s), None, "{s}");
        }
        assert_eq!(parse(&Val::Bool(true), Zone::default()), None);
    }

    #[test]
    fn zones_display() {
        assert_eq!(Zone::default().to_string(), "UTC");
        assert_eq!("+02:00".parse::<Zone>().unwrap().to_string(), "+02:00");
        assert_eq!(
            "Europe/Paris".parse::<Zone>().unwrap().to_string(),
            "Europe/Paris"
        );
    }

    #[test]
    fn zones_parse() {
        assert!("UTC".parse::<Zone>().is_ok());
        assert!("-0530".parse::<Zone>().is_ok());
        assert!("+2".parse::<Zone>().is_ok());
        assert!("Mars/Olympus".parse::<Zone>().is_err());
        assert!("+25:00".parse::<Zone>().is_err());
    }

    #[test]
    fn formatting() {
        assert_eq!(format_ms(T), "2018-10-10T20:19:24Z");
        assert_eq!(format_ms(T + 5), "2018-10-10T20:19:24.005Z");
    }
}
