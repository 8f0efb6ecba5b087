//! One event as an iCalendar (RFC 5545) file, for "add to calendar".
//!
//! Timed events in a named zone carry `TZID` and a VTIMEZONE built from the
//! tz database's transitions for the years the event spans, so calendar
//! software without that zone still places it right; UTC events use `Z`
//! times; all-day events use `VALUE=DATE`. Our own parser reads the file
//! back to the same event.

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ToSpan, Zoned};

use crate::model::{Event, EventStatus};

/// The event as a complete VCALENDAR, CRLF line ends, folded at 75 octets.
pub fn export_ics(event: &Event) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        format!(
            "PRODID:-//newsroom//newsroom {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
    ];
    let start = event.start.as_ref();
    let zone = start.map(|s| s.time_zone().clone());
    let tzid = zone.as_ref().and_then(zone_id);

    if event.all_day {
        // The day is a civil date; saying which zone it is meant in lets a
        // reader (ours included) put midnight in the right place.
        if let Some(name) = event.timezone.as_deref() {
            lines.push(format!("X-WR-TIMEZONE:{name}"));
        }
    } else if let (Some(tz), Some(id), Some(start)) = (&zone, &tzid, start) {
        let last_year = event.end.as_ref().map(Zoned::year).unwrap_or(start.year());
        lines.extend(vtimezone(tz, id, start.year(), last_year.max(start.year())));
    }

    lines.push("BEGIN:VEVENT".into());
    lines.push(format!("UID:{}", escape(&export_uid(event))));
    lines.push(format!("DTSTAMP:{}", utc_stamp(Timestamp::now())));
    if let Some(start) = start {
        lines.push(time_line("DTSTART", start, event.all_day, tzid.as_deref()));
        let end = match (&event.end, event.all_day) {
            (Some(e), _) => Some(e.clone()),
            (None, true) => start.checked_add(1.day()).ok(),
            (None, false) => None,
        };
        if let Some(end) = end {
            let end = end.with_time_zone(start.time_zone().clone());
            lines.push(time_line("DTEND", &end, event.all_day, tzid.as_deref()));
        }
    }
    lines.push(format!("SUMMARY:{}", escape(&event.title)));
    let location = [event.venue.as_deref(), event.address.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    if !location.is_empty() {
        lines.push(format!("LOCATION:{}", escape(&location)));
    }
    if let Some(url) = &event.url {
        lines.push(format!("URL:{}", url.trim()));
    }
    let description = plain_description(event);
    if !description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape(&description)));
    }
    if !event.description_html.trim().is_empty() {
        lines.push(format!(
            "X-ALT-DESC;FMTTYPE=text/html:{}",
            escape(&event.description_html)
        ));
    }
    if !event.categories.is_empty() {
        let cats: Vec<String> = event.categories.iter().map(|c| escape(c)).collect();
        lines.push(format!("CATEGORIES:{}", cats.join(",")));
    }
    lines.push(
        match event.status {
            EventStatus::Confirmed => "STATUS:CONFIRMED",
            EventStatus::Tentative => "STATUS:TENTATIVE",
            EventStatus::Cancelled => "STATUS:CANCELLED",
        }
        .into(),
    );
    lines.push("TRANSP:OPAQUE".into());
    lines.push("END:VEVENT".into());
    lines.push("END:VCALENDAR".into());

    let mut out = String::new();
    for l in lines {
        fold_into(&mut out, &l);
    }
    out
}

/// One occurrence of a series is exported on its own, so it gets a UID of
/// its own: calendars would otherwise take it for the whole series.
fn export_uid(event: &Event) -> String {
    match &event.recurrence_id {
        Some(r) => {
            let compact: String = r.chars().filter(char::is_ascii_alphanumeric).collect();
            format!("{}-{compact}", event.uid)
        }
        None => event.uid.clone(),
    }
}

/// The TZID to write, or `None` for UTC times.
fn zone_id(tz: &TimeZone) -> Option<String> {
    // A fixed offset (a JSON-LD time, "UTC+1" from the calendar plugin) has
    // no name calendar software would know: UTC times place it exactly
    // everywhere. So does a rule-based zone with no name at all.
    let name = tz.iana_name()?;
    match name {
        "UTC" | "Etc/UTC" | "Etc/UCT" | "Etc/Zulu" | "Zulu" | "UCT" => None,
        // A file's own zone keeps the name it came with, its rules going
        // along in the VTIMEZONE.
        _ => Some(
            name.chars()
                .filter(|c| !c.is_control() && *c != '"')
                .collect::<String>(),
        )
        .filter(|n| !n.trim().is_empty()),
    }
}

fn time_line(name: &str, z: &Zoned, all_day: bool, tzid: Option<&str>) -> String {
    if all_day {
        return format!("{name};VALUE=DATE:{}", ical_date(z.date()));
    }
    match tzid {
        Some(id) if id.contains([':', ';', ',']) => {
            format!("{name};TZID=\"{id}\":{}", ical_datetime(z.datetime()))
        }
        Some(id) => format!("{name};TZID={id}:{}", ical_datetime(z.datetime())),
        None => format!("{name}:{}", utc_stamp(z.timestamp())),
    }
}

fn ical_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn ical_datetime(dt: DateTime) -> String {
    format!(
        "{}T{:02}{:02}{:02}",
        ical_date(dt.date()),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

fn utc_stamp(t: Timestamp) -> String {
    format!("{}Z", ical_datetime(Offset::UTC.to_datetime(t)))
}

/// `+0100`, `-0530`, `+053045`.
fn ical_offset(o: Offset) -> String {
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
        for t in tz.following(begin) {
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

/// The description as plain text, with price and booking link after it so
/// they reach calendars that show only DESCRIPTION.
fn plain_description(event: &Event) -> String {
    let mut text = if event.description_html.trim().is_empty() {
        String::new()
    } else {
        html2text::config::plain_no_decorate()
            .string_from_read(event.description_html.as_bytes(), 10_000)
            .unwrap_or_else(|_| event.description_html.clone())
            .trim()
            .to_string()
    };
    for (label, value) in [
        ("Price", event.price.as_deref()),
        ("Booking", event.booking_url.as_deref()),
    ] {
        if let Some(v) = value {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&format!("{label}: {v}"));
        }
    }
    text
}

/// TEXT escaping (RFC 5545 §3.3.11); carriage returns are dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Append `line` folded at 75 octets (never inside a character), CRLF ends.
fn fold_into(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_on_char_boundaries_at_75_octets() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "é".repeat(60));
        fold_into(&mut out, &line);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), line);
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a,b;c\\d\ne\r"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn offsets_print_like_ical() {
        assert_eq!(ical_offset(Offset::from_seconds(3600).unwrap()), "+0100");
        assert_eq!(ical_offset(Offset::from_seconds(-19800).unwrap()), "-0530");
    }
}
