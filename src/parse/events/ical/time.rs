//! iCalendar times: DATE and DATE-TIME values, TZID resolution (the file's
//! VTIMEZONE, IANA names, Windows names, Outlook's prefixed ids), DURATION.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{Span, Zoned};

use crate::parse::events::ical::windows_zones::{display_name_to_iana, windows_to_iana};
use crate::parse::events::ical::{Component, Prop};

/// A zone with the IANA name to report for it, when it has one.
#[derive(Debug, Clone)]
pub(in crate::parse) struct NamedZone {
    pub tz: TimeZone,
    pub name: Option<String>,
}

/// A DTSTART-like value, read but not yet placed on the time line.
#[derive(Debug, Clone)]
pub(in crate::parse) enum When {
    /// `VALUE=DATE`: a civil day.
    Date(Date),
    /// A wall-clock time in a zone (UTC and floating times included).
    Time(DateTime, NamedZone),
}

impl When {
    pub fn is_date(&self) -> bool {
        matches!(self, When::Date(_))
    }

    /// The instant, with all-day values at midnight in `day_zone`.
    pub fn to_zoned(&self, day_zone: &TimeZone) -> Option<Zoned> {
        match self {
            When::Date(d) => d.to_zoned(day_zone.clone()).ok(),
            When::Time(dt, z) => dt.to_zoned(z.tz.clone()).ok(),
        }
    }
}

/// The end a PERIOD value states for its own occurrence.
#[derive(Debug, Clone)]
pub(in crate::parse) enum PeriodEnd {
    At(When),
    For(Span),
}

/// The zones of one calendar: its VTIMEZONEs and the zone for floating times.
pub(in crate::parse) struct Zones {
    vtimezones: HashMap<String, Component>,
    pub floating: NamedZone,
    /// A file names the same few zones thousands of times; a VTIMEZONE is
    /// worked out once.
    resolved: RefCell<HashMap<String, Option<NamedZone>>>,
    /// What was guessed while reading (an unknown zone, a mislabelled
    /// value), each said once, for the batch's warnings.
    notes: RefCell<(Vec<String>, HashSet<String>)>,
}

impl Zones {
    pub fn new(calendar: &Component) -> Zones {
        // TZID is TEXT: `Kuala Lumpur\, Singapore` is named by the parameter
        // `TZID="Kuala Lumpur, Singapore"`.
        let vtimezones = calendar
            .children_named("VTIMEZONE")
            .filter_map(|c| Some((c.prop("TZID")?.text().trim().to_string(), c.clone())))
            .collect();
        // Google and Apple name the calendar's own zone; floating times are
        // meant in it. Without one, the site's zone (the reader's own).
        let floating = calendar
            .prop("X-WR-TIMEZONE")
            .and_then(|p| iana_like(p.value.trim()))
            .unwrap_or_else(|| {
                // Floating times report no zone name of their own.
                NamedZone {
                    tz: crate::parse::events::default_zone(),
                    name: None,
                }
            });
        Zones {
            vtimezones,
            floating,
            resolved: RefCell::new(HashMap::new()),
            notes: RefCell::default(),
        }
    }

    /// The notes gathered so far, each once.
    pub fn take_notes(&self) -> Vec<String> {
        std::mem::take(&mut self.notes.borrow_mut().0)
    }

    fn note(&self, note: String) {
        let mut notes = self.notes.borrow_mut();
        if notes.1.insert(note.clone()) {
            notes.0.push(note);
        }
    }

    /// Where floating times are placed, in words.
    fn floating_name(&self) -> String {
        match &self.floating.name {
            Some(n) => n.clone(),
            None => "the local time zone".to_string(),
        }
    }

    /// Resolve a TZID: a name the tz database knows (directly, as a Windows
    /// name, or inside an Outlook/Lotus style prefix), else the file's own
    /// VTIMEZONE rules.
    pub fn resolve(&self, tzid: &str) -> Option<NamedZone> {
        if let Some(z) = self.resolved.borrow().get(tzid) {
            return z.clone();
        }
        let z = self.resolve_uncached(tzid);
        self.resolved
            .borrow_mut()
            .insert(tzid.to_string(), z.clone());
        z
    }

    fn resolve_uncached(&self, tzid: &str) -> Option<NamedZone> {
        let id = tzid.trim().trim_matches('"').trim();
        let vt = self
            .vtimezones
            .get(tzid.trim())
            .or_else(|| self.vtimezones.get(id));
        // A tz database name wins over the file's rules (it has the history
        // right), unless it matches only in case ("Europe/lisbon"): then the
        // file defined a zone of its own under that name.
        let known = iana_like(id);
        if known.is_some() && !(vt.is_some() && matches_only_in_case(id)) {
            return known;
        }
        if let Some(vt) = vt {
            if let Some(z) = vt
                .prop("X-LIC-LOCATION")
                .map(|p| p.value.trim())
                .filter(|l| !matches_only_in_case(l))
                .and_then(iana_like)
            {
                return Some(z);
            }
            if let Some(tz) = crate::parse::events::ical::vtimezone::zone_of(vt, id) {
                return Some(NamedZone { tz, name: None });
            }
        }
        known.or_else(|| display_name_to_iana(id).and_then(iana_like))
    }

    /// Read a DTSTART / DTEND / RECURRENCE-ID / EXDATE value (the first of a
    /// list when there are several).
    pub fn when(&self, prop: &Prop) -> Result<When, String> {
        let first = prop.value.split(',').next().unwrap_or("");
        self.when_value(prop, first)
    }

    /// Every value of a list property (EXDATE, RDATE).
    pub fn when_list(&self, prop: &Prop) -> Vec<Result<When, String>> {
        prop.value
            .split(',')
            .filter(|v| !v.trim().is_empty())
            .map(|v| self.when_value(prop, v))
            .collect()
    }

    /// Every value of an RDATE, a PERIOD (`start/end`, `start/duration`)
    /// with the end it states.
    pub fn rdate_list(&self, prop: &Prop) -> Vec<Result<(When, Option<PeriodEnd>), String>> {
        prop.value
            .split(',')
            .filter(|v| !v.trim().is_empty())
            .map(|v| match v.split_once('/') {
                None => self.when_value(prop, v).map(|w| (w, None)),
                Some((start, end)) => {
                    let start = self.when_value(prop, start)?;
                    let end = if end
                        .trim()
                        .trim_start_matches(['+', '-'])
                        .starts_with(['P', 'p'])
                    {
                        PeriodEnd::For(
                            parse_duration(end).ok_or_else(|| format!("bad PERIOD {v:?}"))?,
                        )
                    } else {
                        PeriodEnd::At(self.when_value(prop, end)?)
                    };
                    Ok((start, Some(end)))
                }
            })
            .collect()
    }

    fn when_value(&self, prop: &Prop, value: &str) -> Result<When, String> {
        let value = value.trim();
        let said_date = prop
            .param("VALUE")
            .is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
        let is_date = (value.len() == 8 && !value.contains('T'))
            || (said_date && parse_datetime(value).is_none());
        if said_date && !is_date {
            self.note(format!(
                "{};VALUE=DATE:{} holds a date-time, read as one",
                prop.name,
                crate::render::sanitize::clean_line(&value.chars().take(20).collect::<String>())
            ));
        }
        if is_date {
            return parse_date(value)
                .map(When::Date)
                .ok_or_else(|| format!("bad date {value:?}"));
        }
        let (dt, utc) = parse_datetime(value).ok_or_else(|| format!("bad date-time {value:?}"))?;
        if utc {
            return Ok(When::Time(
                dt,
                NamedZone {
                    tz: TimeZone::UTC,
                    name: None,
                },
            ));
        }
        match prop.param_joined("TZID") {
            Some(tzid) => match self.resolve(&tzid) {
                Some(z) => Ok(When::Time(dt, z)),
                None => {
                    // Better the right wall time in a guessed zone than no event.
                    self.note(format!(
                        "unknown time zone {:?}: its times are read in {}",
                        crate::render::sanitize::clean_line(
                            &tzid.chars().take(60).collect::<String>()
                        ),
                        self.floating_name()
                    ));
                    Ok(When::Time(dt, self.floating.clone()))
                }
            },
            None => Ok(When::Time(dt, self.floating.clone())),
        }
    }
}

/// A name the tz database knows, but spelt with other capitals.
fn matches_only_in_case(id: &str) -> bool {
    TimeZone::get(id)
        .ok()
        .and_then(|tz| tz.iana_name().map(|n| n != id))
        .unwrap_or(false)
}

/// A zone name the tz database knows, directly or after undoing the
/// decorations calendar software adds.
fn iana_like(id: &str) -> Option<NamedZone> {
    let named = |name: &str| {
        TimeZone::get(name).ok().map(|tz| NamedZone {
            name: tz
                .iana_name()
                .map(str::to_string)
                .or(Some(name.to_string())),
            tz,
        })
    };
    if id.is_empty() {
        return None;
    }
    if let Some(z) = named(id) {
        return Some(z);
    }
    if let Some(iana) = windows_to_iana(id) {
        return named(iana);
    }
    // "/Europe/London", "/citadel.org/20070101_1/Europe/London",
    // "/softwarestudio.org/Olson_20011030_5/America/New_York": try the last
    // two and three path segments.
    let segs: Vec<&str> = id.split('/').filter(|s| !s.is_empty()).collect();
    for take in [3, 2, 1] {
        if segs.len() >= take {
            let tail = segs[segs.len() - take..].join("/");
            if tail != id
                && let Some(z) = named(&tail)
            {
                return Some(z);
            }
        }
    }
    None
}

pub(in crate::parse) fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i16 = s[0..4].parse().ok()?;
    let m: i8 = s[4..6].parse().ok()?;
    let d: i8 = s[6..8].parse().ok()?;
    Date::new(y, m, d).ok()
}

/// `YYYYMMDDTHHMMSS[Z]` → the civil time and whether it is UTC.
pub(in crate::parse) fn parse_datetime(s: &str) -> Option<(DateTime, bool)> {
    let s = s.trim();
    let (s, utc) = match s.strip_suffix(['Z', 'z']) {
        Some(rest) => (rest, true),
        None => (s, false),
    };
    let (d, t) = s.split_once(['T', 't'])?;
    let date = parse_date(d)?;
    if !t.is_char_boundary(t.len().min(6)) || t.len() < 4 {
        return None;
    }
    let t = &t[..t.len().min(6)];
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i8 = t[0..2].parse().ok()?;
    let mi: i8 = t[2..4].parse().ok()?;
    let sec: i8 = if t.len() >= 6 {
        t[4..6].parse().ok()?
    } else {
        0
    };
    // A leap second (60) is read as the last second of the minute.
    let time = jiff::civil::Time::new(h, mi, sec.min(59), 0).ok()?;
    Some((date.to_datetime(time), utc))
}

/// `+0100`, `-0500`, `+053000` (and `+01:00`) → an offset.
pub(in crate::parse) fn parse_utc_offset(s: &str) -> Option<Offset> {
    let s = s.trim().replace(':', "");
    let (sign, digits) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => (1, &s[..]),
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[0..2].parse().ok()?;
    let m: i32 = digits[2..4].parse().ok()?;
    let sec: i32 = if digits.len() == 6 {
        digits[4..6].parse().ok()?
    } else {
        0
    };
    Offset::from_seconds(sign * (h * 3600 + m * 60 + sec)).ok()
}

/// RFC 5545 DURATION (`P1W`, `P1DT2H30M`, `-PT15M`) as a span: days and
/// weeks are calendar days, hours and less are exact.
pub(in crate::parse) fn parse_duration(s: &str) -> Option<Span> {
    let s = s.trim();
    let (neg, s) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let s = s.strip_prefix(['P', 'p'])?;
    let mut span = Span::new();
    let mut in_time = false;
    let mut num = String::new();
    let mut any = false;
    for c in s.chars() {
        match c.to_ascii_uppercase() {
            'T' => in_time = true,
            d if d.is_ascii_digit() => num.push(d),
            unit => {
                let n: i64 = num.parse().ok()?;
                num.clear();
                any = true;
                span = match (unit, in_time) {
                    ('W', false) => span.try_weeks(n).ok()?,
                    ('D', false) => span.try_days(n).ok()?,
                    ('H', true) => span.try_hours(n).ok()?,
                    ('M', true) => span.try_minutes(n).ok()?,
                    ('S', true) => span.try_seconds(n).ok()?,
                    _ => return None,
                };
            }
        }
    }
    if !any || !num.is_empty() {
        return None;
    }
    Some(if neg { span.negate() } else { span })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let d = parse_duration("P1DT2H30M").unwrap();
        assert_eq!((d.get_days(), d.get_hours(), d.get_minutes()), (1, 2, 30));
        assert_eq!(parse_duration("-PT15M").unwrap().get_minutes(), -15);
        assert_eq!(parse_duration("P2W").unwrap().get_weeks(), 2);
        assert!(parse_duration("P").is_none());
        assert!(parse_duration("PT5").is_none());
    }

    #[test]
    fn prefixed_and_windows_ids() {
        for id in [
            "Europe/London",
            "/Europe/London",
            "\"GMT Standard Time\"",
            "/citadel.org/20070101_1/Europe/London",
        ] {
            let z = iana_like(id.trim_matches('"')).unwrap_or_else(|| panic!("{id}"));
            assert_eq!(z.name.as_deref(), Some("Europe/London"), "{id}");
        }
        assert!(iana_like("Mars/Olympus_Mons").is_none());
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_utc_offset("+0100").unwrap().seconds(), 3600);
        assert_eq!(parse_utc_offset("-0530").unwrap().seconds(), -19800);
        assert!(parse_utc_offset("+1").is_none());
    }
}
