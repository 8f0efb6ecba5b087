//! Dates as feeds really write them: RFC 822 with its variations (no comma
//! after the weekday, names in other languages, one-digit fields, two-digit
//! years, no seconds, zone names), and ISO 8601 / W3C-DTF with or without
//! an offset. What cannot be read for sure is None: a missing date is
//! better than a wrong one.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::Offset;

/// A date as read: an instant, or a wall-clock time whose zone the
/// document did not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedDate {
    At(Timestamp, i32),
    Floating(DateTime),
}

impl FeedDate {
    /// The instant, a floating time taken in `offset` (seconds east of UTC).
    pub fn resolve(self, offset: i32) -> Option<Timestamp> {
        match self {
            FeedDate::At(t, _) => Some(t),
            FeedDate::Floating(dt) => Offset::from_seconds(offset).ok()?.to_timestamp(dt).ok(),
        }
    }

    /// The offset the date was written with, when it named one.
    pub fn offset(self) -> Option<i32> {
        match self {
            FeedDate::At(_, o) => Some(o),
            FeedDate::Floating(_) => None,
        }
    }
}

/// Read a date in any of the forms feeds use.
pub fn parse_date(s: &str) -> Option<FeedDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    if s.as_bytes()[0].is_ascii_digit() && s.as_bytes().get(4) == Some(&b'-')
        || s.len() >= 8 && s.as_bytes()[..8].iter().all(u8::is_ascii_digit)
    {
        return iso(s);
    }
    rfc822(s)
}

// A date and a time of day, as the formats spell them.
#[allow(clippy::too_many_arguments)]
fn at(
    y: i16,
    mo: i8,
    d: i8,
    h: i8,
    mi: i8,
    sec: i8,
    ns: i32,
    offset: Option<i32>,
) -> Option<FeedDate> {
    let dt = DateTime::new(y, mo, d, h, mi, sec, ns).ok()?;
    match offset {
        Some(o) => Some(FeedDate::At(
            Offset::from_seconds(o).ok()?.to_timestamp(dt).ok()?,
            o,
        )),
        None => Some(FeedDate::Floating(dt)),
    }
}

/// ISO 8601 and W3C-DTF: `2024-10-15`, `2024-10-15T08:30Z`,
/// `2024-10-15 08:30:00.123+02:00`, `20241015T083000Z`.
fn iso(s: &str) -> Option<FeedDate> {
    let b = s.as_bytes();
    let (date_len, y, mo, d) = if b.get(4) == Some(&b'-') {
        let y = num(&s[..4])?;
        let rest = &s[5..];
        let mo_len = digits(rest).clamp(0, 2);
        let mo = num(&rest[..mo_len])?;
        let rest2 = &rest[mo_len..];
        let Some(r) = rest2.strip_prefix('-') else {
            // A month alone is no day to put an article on.
            return None;
        };
        let d_len = digits(r).min(2);
        let d = num(&r[..d_len])?;
        (5 + mo_len + 1 + d_len, y, mo, d)
    } else {
        (8, num(&s[..4])?, num(&s[4..6])?, num(&s[6..8])?)
    };
    let rest = &s[date_len..];
    let (y, mo, d) = (i16::try_from(y).ok()?, mo as i8, d as i8);
    if rest.is_empty() {
        return at(y, mo, d, 0, 0, 0, 0, None);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?.trim_start();
    // Time: HH:MM[:SS[.frac]] or HHMM[SS].
    let (h, mi, sec, ns, used) = if rest.as_bytes().get(2) == Some(&b':') {
        let h = num(rest.get(..2)?)?;
        let mi = num(rest.get(3..5)?)?;
        let mut used = 5;
        let mut sec = 0;
        if rest.as_bytes().get(5) == Some(&b':') {
            sec = num(rest.get(6..8)?)?;
            used = 8;
        }
        (h, mi, sec, 0, used)
    } else {
        let n = digits(rest);
        match n {
            4 => (num(&rest[..2])?, num(&rest[2..4])?, 0, 0, 4),
            6 => (num(&rest[..2])?, num(&rest[2..4])?, num(&rest[4..6])?, 0, 6),
            _ => return None,
        }
    };
    let mut rest = &rest[used..];
    let mut ns = ns;
    if let Some(frac) = rest.strip_prefix(['.', ',']) {
        let n = digits(frac);
        if n == 0 {
            return None;
        }
        let take = n.min(9);
        ns = num(&frac[..take])? as i32 * 10i32.pow(9 - take as u32);
        rest = &frac[n..];
    }
    let rest = rest.trim();
    let offset = if rest.is_empty() {
        None
    } else {
        Some(zone(rest)?)
    };
    at(y, mo, d, h as i8, mi as i8, sec.min(59) as i8, ns, offset)
}

/// RFC 822 and what real feeds make of it.
fn rfc822(s: &str) -> Option<FeedDate> {
    let mut day = None;
    // (month, whether the word is also a weekday: French and Spanish
    // "mar." is Tuesday).
    let mut months: Vec<(u32, bool)> = Vec::new();
    let mut year: Option<(u32, usize)> = None;
    let mut time = None;
    let mut offset = None;
    let mut pm = None;
    let tokens = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .flat_map(split_dashed)
        .filter(|t| !t.is_empty());
    for t in tokens {
        let t = t.trim_end_matches('.');
        if t.contains(':') && time.is_none() && t.as_bytes()[0].is_ascii_digit() {
            // The time may carry its zone: "10:00:00+0200", "10:00Z".
            let split = t[1..].find(['+', '-', 'Z', 'z']).map_or(t.len(), |i| i + 1);
            time = Some(clock(&t[..split])?);
            if split < t.len() {
                offset = Some(zone(&t[split..])?);
            }
        } else if t.bytes().all(|b| b.is_ascii_digit()) {
            let n: u32 = t.parse().ok()?;
            if day.is_none() && t.len() <= 2 {
                day = Some(n);
            } else if year.is_none() {
                year = Some((n, t.len()));
            } else {
                return None;
            }
        } else if t.starts_with(['+', '-']) || is_zone_name(t) {
            // In "GMT +0100", the number decides.
            offset = Some(zone(t)?);
        } else if let Some(m) = month_number(t) {
            months.push((m, is_weekday(t)));
        } else if t.eq_ignore_ascii_case("am") || t.eq_ignore_ascii_case("pm") {
            pm = Some(t.eq_ignore_ascii_case("pm"));
        } else if is_weekday(t) {
            // The weekday says nothing a date does not.
        } else {
            return None;
        }
    }
    if months.len() > 1 {
        months.retain(|&(_, weekday)| !weekday);
    }
    let month = match months[..] {
        [(m, _)] => Some(m),
        _ => None,
    };
    let (mut h, mi, sec) = time.unwrap_or((0, 0, 0));
    match pm {
        Some(true) if (1..12).contains(&h) => h += 12,
        Some(false) if h == 12 => h = 0,
        Some(_) if h > 12 || h == 0 => return None,
        _ => {}
    }
    let (y, y_len) = year?;
    let y = match y_len {
        // RFC 2822 §4.3: 00–49 are 2000–2049, 50–99 are 1950–1999.
        2 if y < 50 => 2000 + y,
        2 => 1900 + y,
        4 => y,
        _ => return None,
    };
    at(
        i16::try_from(y).ok()?,
        month? as i8,
        i8::try_from(day?).ok()?,
        h as i8,
        mi as i8,
        sec as i8,
        0,
        // RFC 822 requires a zone; feeds that leave it out mean UTC or
        // their own: the caller decides.
        offset,
    )
}

/// "12-Aug-2012" in three.
fn split_dashed(t: &str) -> impl Iterator<Item = &str> {
    let dashed = t.len() > 4
        && !t.starts_with(['+', '-'])
        && !t.contains(':')
        && t.matches('-').count() == 2;
    let parts: Vec<&str> = if dashed {
        t.split('-').collect()
    } else {
        vec![t]
    };
    parts.into_iter()
}

/// `H:MM[:SS]` with one-digit fields allowed.
fn clock(t: &str) -> Option<(u32, u32, u32)> {
    let mut parts = t.split(':');
    let h = num(parts.next()?)?;
    let mi = num(parts.next()?)?;
    let sec = match parts.next() {
        Some(p) => num(p.split(['.', ',']).next()?)?,
        None => 0,
    };
    if parts.next().is_some() || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some((h, mi, sec.min(59)))
}

/// A zone as seconds east of UTC: `Z`, `GMT`, `EST`, `+0200`, `+02:00`,
/// `+02`, `+00:0`, `GMT+2`.
fn zone(t: &str) -> Option<i32> {
    let t = t.trim();
    let upper = t.to_ascii_uppercase();
    let named: [(&str, i32); 35] = [
        ("UTC", 0),
        ("GMT", 0),
        ("UT", 0),
        ("Z", 0),
        ("EST", -5),
        ("EDT", -4),
        ("CST", -6),
        ("CDT", -5),
        ("MST", -7),
        ("MDT", -6),
        ("PST", -8),
        ("PDT", -7),
        ("AKST", -9),
        ("AKDT", -8),
        ("HST", -10),
        ("BST", 1),
        ("CET", 1),
        ("CEST", 2),
        ("MET", 1),
        ("MEST", 2),
        ("EET", 2),
        ("EEST", 3),
        ("WET", 0),
        ("WEST", 1),
        ("MSK", 3),
        ("JST", 9),
        ("KST", 9),
        ("HKT", 8),
        ("SGT", 8),
        ("AEST", 10),
        ("AEDT", 11),
        ("ACST", 9 * 3600 + 1800),
        ("AWST", 8),
        ("NZST", 12),
        ("NZDT", 13),
    ];
    for (name, h) in named {
        if let Some(rest) = upper.strip_prefix(name) {
            let base = if h.abs() > 24 { h } else { h * 3600 };
            if rest.is_empty() {
                return Some(base);
            }
            if name == "GMT" || name == "UTC" || name == "UT" {
                return numeric_zone(rest);
            }
        }
    }
    numeric_zone(t)
}

fn numeric_zone(t: &str) -> Option<i32> {
    let sign = match t.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let body = &t[1..];
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => {
            let m = match m.len() {
                2 => num(m)?,
                // "+00:0": nothing else than zero minutes can be meant.
                1 if m == "0" => 0,
                _ => return None,
            };
            (num(h)?, m)
        }
        None => match body.len() {
            1 | 2 => (num(body)?, 0),
            4 => (num(&body[..2])?, num(&body[2..])?),
            3 => (num(&body[..1])?, num(&body[1..])?),
            _ => return None,
        },
    };
    if h > 14 || m > 59 || body.is_empty() {
        return None;
    }
    Some(sign * (h as i32 * 3600 + m as i32 * 60))
}

fn is_zone_name(t: &str) -> bool {
    t.len() <= 9 && t.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()) && zone(t).is_some()
}

fn num(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn digits(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

/// Month names and abbreviations in the languages feeds are written in.
fn month_number(t: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &[
            "jan", "january", "januar", "janvier", "enero", "ene", "janeiro", "gennaio", "gen",
            "januari", "janv",
        ],
        &[
            "feb",
            "february",
            "februar",
            "février",
            "fevrier",
            "févr",
            "fevr",
            "fév",
            "febrero",
            "fevereiro",
            "fev",
            "febbraio",
            "februari",
        ],
        &[
            "mar", "march", "märz", "maerz", "mär", "mrz", "mars", "marzo", "março", "marco",
            "maart", "mrt",
        ],
        &["apr", "april", "avril", "avr", "abril", "abr", "aprile"],
        &["may", "mai", "mayo", "maio", "maggio", "mag", "mei"],
        &[
            "jun", "june", "juni", "juin", "junio", "junho", "giugno", "giu",
        ],
        &[
            "jul", "july", "juli", "juillet", "juil", "julio", "julho", "luglio", "lug",
        ],
        &["aug", "august", "août", "aout", "agosto", "ago", "augustus"],
        &[
            "sep",
            "sept",
            "september",
            "septembre",
            "septiembre",
            "set",
            "setembro",
            "settembre",
        ],
        &[
            "oct", "october", "oktober", "okt", "octobre", "octubre", "outubro", "out", "ottobre",
            "ott",
        ],
        &["nov", "november", "novembre", "noviembre", "novembro"],
        &[
            "dec",
            "december",
            "dezember",
            "dez",
            "décembre",
            "decembre",
            "déc",
            "diciembre",
            "dic",
            "dezembro",
            "dicembre",
        ],
    ];
    let lower = t.to_lowercase();
    MONTHS
        .iter()
        .position(|names| names.contains(&lower.as_str()))
        .map(|i| i as u32 + 1)
}

fn is_weekday(t: &str) -> bool {
    const DAYS: &[&str] = &[
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday", // de
        "mo",
        "di",
        "mi",
        "do",
        "fr",
        "sa",
        "so",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "mon", // fr
        "lun",
        "mar",
        "mer",
        "jeu",
        "ven",
        "sam",
        "dim",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche", // es, it, pt
        "mié",
        "mie",
        "jue",
        "vie",
        "sáb",
        "sab",
        "dom",
        "lunes",
        "martes",
        "miércoles",
        "miercoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
        "gio",
        "lunedì",
        "martedì",
        "mercoledì",
        "giovedì",
        "venerdì",
        "sabato",
        "seg",
        "ter",
        "qua",
        "qui",
        "sex",
        "segunda",
        "terça",
        "quarta",
        "quinta",
        "sexta", // nl
        "ma",
        "wo",
        "za",
        "zo",
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
    ];
    let lower = t.to_lowercase();
    DAYS.contains(&lower.as_str())
        || lower
            .strip_suffix("-feira")
            .is_some_and(|d| DAYS.contains(&d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Option<String> {
        parse_date(s)
            .and_then(|d| d.resolve(0))
            .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
    }

    #[test]
    fn rfc822_as_feeds_write_it() {
        let want = Some("2024-10-15T08:30:00Z".to_string());
        for s in [
            "Tue, 15 Oct 2024 08:30:00 GMT",
            "Tue 15 Oct 2024 08:30:00 +0000",
            "15 Oct 2024 08:30 UT",
            "Tue, 15 Oct 24 10:30:00 +02:00",
            "Tuesday, 15 October 2024 04:30:00 EDT",
            "Di, 15 Okt 2024 10:30:00 +0200",
            "mar., 15 oct. 2024 10:30:00 +0200",
            "Tue, 15 Oct 2024 8:30:0 +00:0",
            "15-Oct-2024 08:30:00 Z",
            "Tue, 15 Oct 2024 08:30:00",
            "Tue Oct 15 08:30:00 2024",
        ] {
            assert_eq!(utc(s), want, "{s}");
        }
        assert_eq!(
            utc("Sun, 5 Aug 12 1:02 PM EST"),
            Some("2012-08-05T18:02:00Z".into())
        );
        assert_eq!(
            utc("Wed, 01 Jan 97 00:00:00 GMT"),
            Some("1997-01-01T00:00:00Z".into())
        );
    }

    #[test]
    fn iso_and_w3cdtf() {
        assert_eq!(
            utc("2024-10-15T08:30:00Z"),
            Some("2024-10-15T08:30:00Z".into())
        );
        assert_eq!(
            utc("2024-10-15T10:30:00.123+02:00"),
            Some("2024-10-15T08:30:00Z".into())
        );
        assert_eq!(utc("2024-10-15 08:30"), Some("2024-10-15T08:30:00Z".into()));
        assert_eq!(utc("20241015T083000Z"), Some("2024-10-15T08:30:00Z".into()));
        assert_eq!(
            utc("2024-10-15T08:30:00+00:0"),
            Some("2024-10-15T08:30:00Z".into())
        );
        assert_eq!(utc("2024-10-15"), Some("2024-10-15T00:00:00Z".into()));
        assert!(matches!(
            parse_date("2024-10-15T08:30:00"),
            Some(FeedDate::Floating(_))
        ));
        assert_eq!(
            parse_date("2024-10-15T08:30:00").and_then(|d| d.resolve(-5 * 3600)),
            "2024-10-15T13:30:00Z".parse().ok()
        );
    }

    #[test]
    fn what_cannot_be_read_for_sure_is_none() {
        for s in [
            "",
            "soon",
            "2024-10",
            "Tue, 31 Feb 2024 08:30:00 GMT",
            "Tue, 15 Oct 2024 25:30:00 GMT",
            "15 Oct 2024 08:30:00 XYZ",
            "Tue, 15 Oct 2024 08:30:00 +05:3",
            "2024-13-01",
            "15/10/2024",
            "Oct 2024",
        ] {
            assert_eq!(utc(s), None, "{s}");
        }
    }
}
