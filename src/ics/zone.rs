//! Times and zones as iCalendar writes them: which TZID an event's zone
//! travels under (or none, for UTC times), and a VTIMEZONE for each zone a
//! calendar uses, built from the tz database's transitions.

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, Zoned};

use super::escape;

/// The TZID to write, or `None` for UTC times.
pub(super) fn zone_id(tz: &TimeZone) -> Option<String> {
    // A fixed offset (a JSON-LD time, "UTC+1" from the calendar plugin) has
    // no name calendar software would know: UTC times place it exactly
    // everywhere. So does a rule-based zone with no name at all.
    let name = tz.iana_name()?;
    if matches!(
        name,
        "UTC" | "Etc/UTC" | "Etc/UCT" | "Etc/Zulu" | "Zulu" | "UCT"
    ) {
        return None;
    }
    // A zone a calendar file named for itself reaches us from the cache as
    // that name at one offset ("Canberra, Melbourne, Sydney" at +11). Written
    // as a TZID, calcurse and others that know only tz database names would
    // read its times as the reader's local time: UTC times are exact
    // everywhere instead.
    if jiff::tz::db().get(name).is_err() && !changes_offset(tz) {
        return None;
    }
    // A file's own zone with rules keeps the name it came with, its rules
    // going along in the VTIMEZONE.
    Some(
        name.chars()
            .filter(|c| !c.is_control() && *c != '"')
            .collect::<String>(),
    )
    .filter(|n| !n.trim().is_empty())
}

/// Whether the zone is ever at more than one offset.
fn changes_offset(tz: &TimeZone) -> bool {
    let mut offsets = transitions(tz, Timestamp::MIN).take(64).map(|t| t.offset());
    let Some(first) = offsets.next() else {
        return false;
    };
    offsets.any(|o| o != first)
}

/// The zone's transitions after `from`, each later than the last: a zone of
/// one offset and no rules can report the same transition over and over.
fn transitions(
    tz: &TimeZone,
    from: Timestamp,
) -> impl Iterator<Item = jiff::tz::TimeZoneTransition<'_>> {
    let mut last = from;
    tz.following(from).take_while(move |t| {
        let later = t.timestamp() > last;
        last = t.timestamp();
        later
    })
}

/// The zones a calendar uses, each once, with the years its events span,
/// in the order they were first met.
#[derive(Default)]
pub(super) struct Zones {
    used: Vec<(String, TimeZone, i16, i16)>,
}

impl Zones {
    pub(super) fn add(&mut self, id: &str, tz: &TimeZone, start: &Zoned, end: Option<&Zoned>) {
        let first = start.year();
        let last = end.map(Zoned::year).unwrap_or(first).max(first);
        match self.used.iter_mut().find(|(name, ..)| name == id) {
            Some((_, _, lo, hi)) => {
                *lo = (*lo).min(first);
                *hi = (*hi).max(last);
            }
            None => self.used.push((id.to_string(), tz.clone(), first, last)),
        }
    }

    /// One VTIMEZONE per zone.
    pub(super) fn lines(&self) -> Vec<String> {
        self.used
            .iter()
            .flat_map(|(id, tz, first, last)| vtimezone(tz, id, *first, *last))
            .collect()
    }
}

pub(super) fn ical_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

pub(super) fn ical_datetime(dt: DateTime) -> String {
    format!(
        "{}T{:02}{:02}{:02}",
        ical_date(dt.date()),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

pub(super) fn utc_stamp(t: Timestamp) -> String {
    format!("{}Z", ical_datetime(Offset::UTC.to_datetime(t)))
}

/// `+0100`, `-0530`, `+053045`.
pub(super) fn ical_offset(o: Offset) -> String {
    let s = o.seconds();
    let sign = if s < 0 { '-' } else { '+' };
    let a = s.abs();
    let (h, m, sec) = (a / 3600, (a / 60) % 60, a % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// More than any zone has had over the years of a calendar (a few a year).
const MAX_TRANSITIONS: usize = 4096;

/// A VTIMEZONE for `tz` covering `first..=last` years: the observance in
/// force when the first year begins and every transition up to the end of
/// the last.
fn vtimezone(tz: &TimeZone, id: &str, first: i16, last: i16) -> Vec<String> {
    let mut out = vec!["BEGIN:VTIMEZONE".to_string(), format!("TZID:{id}")];
    let begin = Date::new(first, 1, 1)
        .ok()
        .and_then(|d| d.to_zoned(TimeZone::UTC).ok())
        .map(|z| z.timestamp());
    let end = last
        .checked_add(1)
        .and_then(|y| Date::new(y, 1, 1).ok())
        .and_then(|d| d.to_zoned(TimeZone::UTC).ok())
        .map(|z| z.timestamp());
    let mut observances = Vec::new();
    if let (Some(begin), Some(end)) = (begin, end) {
        if let Some(t) = tz.preceding(begin).next() {
            observances.push((
                t.timestamp(),
                t.offset(),
                t.dst().is_dst(),
                t.abbreviation().to_string(),
            ));
        }
        for t in transitions(tz, begin).take(MAX_TRANSITIONS) {
            if t.timestamp() >= end {
                break;
            }
            observances.push((
                t.timestamp(),
                t.offset(),
                t.dst().is_dst(),
                t.abbreviation().to_string(),
            ));
        }
    }
    if observances.is_empty() {
        let off = begin.map(|b| tz.to_offset(b)).unwrap_or(Offset::UTC);
        out.extend([
            "BEGIN:STANDARD".to_string(),
            "DTSTART:19700101T000000".to_string(),
            format!("TZOFFSETFROM:{}", ical_offset(off)),
            format!("TZOFFSETTO:{}", ical_offset(off)),
            format!("TZNAME:{id}"),
            "END:STANDARD".to_string(),
        ]);
    }
    for (at, to, dst, abbr) in observances {
        let from = at
            .checked_sub(jiff::SignedDuration::from_secs(1))
            .map(|before| tz.to_offset(before))
            .unwrap_or(to);
        let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
        out.push(format!("BEGIN:{kind}"));
        out.push(format!("DTSTART:{}", ical_datetime(from.to_datetime(at))));
        out.push(format!("TZOFFSETFROM:{}", ical_offset(from)));
        out.push(format!("TZOFFSETTO:{}", ical_offset(to)));
        if !abbr.is_empty() {
            out.push(format!("TZNAME:{}", escape(&abbr)));
        }
        out.push(format!("END:{kind}"));
    }
    out.push("END:VTIMEZONE".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_print_like_ical() {
        assert_eq!(ical_offset(Offset::from_seconds(3600).unwrap()), "+0100");
        assert_eq!(ical_offset(Offset::from_seconds(-19800).unwrap()), "-0530");
    }

    #[test]
    fn tz_database_names_keep_their_tzid() {
        let london = TimeZone::get("Europe/London").unwrap();
        assert_eq!(zone_id(&london).as_deref(), Some("Europe/London"));
        assert_eq!(zone_id(&TimeZone::UTC), None);
        assert_eq!(zone_id(&TimeZone::fixed(Offset::constant(11))), None);
    }
}
