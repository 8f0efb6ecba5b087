//! Events as an iCalendar (RFC 5545) file: one for "add to calendar", or a
//! whole list for `khal import`, `calcurse -i` or a calendar app.
//!
//! Timed events in a named zone carry `TZID`, and the calendar a VTIMEZONE
//! for each zone it uses, built from the tz database's transitions for the
//! years its events span, so calendar software without that zone still
//! places them right; UTC events use `Z` times; all-day events use
//! `VALUE=DATE`. Our own parser reads the file back to the same events.

mod zone;

use std::collections::HashSet;

use jiff::{Timestamp, ToSpan, Zoned};

use crate::model::{Event, EventStatus};
use zone::{Zones, ical_date, ical_datetime, utc_stamp, zone_id};

/// The event as a complete VCALENDAR, CRLF line ends, folded at 75 octets.
pub fn export_ics(event: &Event) -> String {
    export_calendar(std::slice::from_ref(event))
}

/// The events as one VCALENDAR: every zone they use as a VTIMEZONE, once.
/// Each keeps the UID it is exported under every time, so importing the
/// file again updates the events rather than adding them twice.
pub fn export_calendar(events: &[Event]) -> String {
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
    // The day of an all-day event is a civil date; saying which zone it is
    // meant in lets a reader (ours included) put midnight in the right
    // place. The property is the calendar's, so only when all agree.
    let mut day_zones = events
        .iter()
        .filter(|e| e.all_day)
        .filter_map(|e| e.timezone.as_deref());
    if let Some(first) = day_zones.next()
        && day_zones.all(|z| z == first)
    {
        lines.push(format!("X-WR-TIMEZONE:{}", escape(first)));
    }

    let mut zones = Zones::default();
    let mut uids = HashSet::new();
    let stamp = utc_stamp(Timestamp::now());
    let mut vevents = Vec::new();
    for event in events {
        let start = event.start.as_ref();
        let tzid = match start {
            Some(s) if !event.all_day => zone_id(s.time_zone()),
            _ => None,
        };
        if let (Some(id), Some(s)) = (&tzid, start) {
            zones.add(id, s.time_zone(), s, event.end.as_ref());
        }
        let mut uid = export_uid(event);
        // Two sites may use the same UID for different events: the later
        // one gets its id added, or a calendar would keep only one of them.
        if !uids.insert(uid.clone()) {
            uid = format!("{uid}-{}", event.id);
            uids.insert(uid.clone());
        }
        vevent(&mut vevents, event, &uid, tzid.as_deref(), &stamp);
    }
    lines.extend(zones.lines());
    lines.extend(vevents);
    lines.push("END:VCALENDAR".into());

    let mut out = String::new();
    for l in lines {
        fold_into(&mut out, &l);
    }
    out
}

/// One VEVENT, its times in `tzid` (UTC when none).
fn vevent(lines: &mut Vec<String>, event: &Event, uid: &str, tzid: Option<&str>, stamp: &str) {
    let start = event.start.as_ref();
    lines.push("BEGIN:VEVENT".into());
    lines.push(format!("UID:{}", escape(uid)));
    lines.push(format!("DTSTAMP:{stamp}"));
    if let Some(start) = start {
        lines.push(time_line("DTSTART", start, event.all_day, tzid));
        let end = match (&event.end, event.all_day) {
            (Some(e), _) => Some(e.clone()),
            (None, true) => start.checked_add(1.day()).ok(),
            (None, false) => None,
        };
        if let Some(end) = end {
            let end = end.with_time_zone(start.time_zone().clone());
            lines.push(time_line("DTEND", &end, event.all_day, tzid));
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
}

/// One occurrence of a series is exported on its own, so it gets a UID of
/// its own: calendars would otherwise take it for the whole series. A
/// RECURRENCE-ID under the series' UID would say the same, but without the
/// series beside it some calendars drop it, and calcurse does not read it.
fn export_uid(event: &Event) -> String {
    match &event.recurrence_id {
        Some(r) => {
            let compact: String = r.chars().filter(char::is_ascii_alphanumeric).collect();
            format!("{}-{compact}", event.uid)
        }
        None => event.uid.clone(),
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
}
