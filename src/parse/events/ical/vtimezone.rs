//! A VTIMEZONE's own rules as a zone. Every observance's onsets (DTSTART,
//! RRULE, RDATE) become transitions of a TZif zone built in memory, with a
//! POSIX rule for the years after the last one, so a zone the tz database
//! does not know ("Customized Time Zone") is still placed right, history
//! included.

use jiff::Timestamp;
use jiff::civil::{DateTime, Time};
use jiff::tz::{Offset, TimeZone};

use super::rrule;
use crate::parse::events::ical::Component;
use crate::parse::events::ical::time::{parse_date, parse_datetime, parse_utc_offset};

/// More transitions than this is not a time zone.
const MAX_TRANSITIONS: usize = 2_000;

struct Observance<'a> {
    comp: &'a Component,
    start: DateTime,
    from: Offset,
    to: Offset,
    dst: bool,
    name: String,
}

/// Resolve a VTIMEZONE (named `tzid`) to a zone, or `None` when it states
/// no usable observance.
pub(in crate::parse) fn zone_of(vt: &Component, tzid: &str) -> Option<TimeZone> {
    let obs: Vec<Observance> = vt
        .children
        .iter()
        .filter(|c| c.name == "STANDARD" || c.name == "DAYLIGHT")
        .filter_map(|c| {
            // Some exporters give an observance's onset as a DATE: midnight.
            let start = c.prop("DTSTART").and_then(|p| {
                parse_datetime(&p.value)
                    .map(|(dt, _)| dt)
                    .or_else(|| parse_date(&p.value).map(|d| d.to_datetime(Time::midnight())))
            })?;
            let to = c
                .prop("TZOFFSETTO")
                .and_then(|p| parse_utc_offset(&p.value))?;
            let from = c
                .prop("TZOFFSETFROM")
                .and_then(|p| parse_utc_offset(&p.value))
                .unwrap_or(to);
            Some(Observance {
                comp: c,
                start,
                from,
                to,
                dst: c.name == "DAYLIGHT",
                name: abbreviation(c, to),
            })
        })
        .collect();
    if obs.is_empty() {
        return None;
    }
    let footer = footer(&obs);
    if let Some(tz) = from_transitions(&obs, tzid, footer.as_deref()) {
        return Some(tz);
    }
    // Fall back to the latest rules alone.
    footer.and_then(|f| TimeZone::posix(&f).ok()).or_else(|| {
        latest(&obs, false)
            .or(latest(&obs, true))
            .map(|o| TimeZone::fixed(o.to))
    })
}

fn latest<'a>(obs: &'a [Observance<'a>], dst: bool) -> Option<&'a Observance<'a>> {
    obs.iter().filter(|o| o.dst == dst).max_by_key(|o| o.start)
}

/// TZNAME made safe for TZif and POSIX, or the offset ("-0500").
fn abbreviation(c: &Component, to: Offset) -> String {
    let name: String = c
        .prop("TZNAME")
        .map(|p| p.value.clone())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '-')
        .take(10)
        .collect();
    if name.len() >= 3 {
        return name;
    }
    let s = to.seconds();
    let sign = if s < 0 { '-' } else { '+' };
    format!("{sign}{:02}{:02}", s.abs() / 3600, (s.abs() / 60) % 60)
}

/// The rule after the last listed transition: the latest standard and
/// daylight observances when both recur yearly for ever, else the offset
/// of the observance that started last.
fn footer(obs: &[Observance]) -> Option<String> {
    let open_rule = |o: &Observance| {
        let value = &o.comp.prop("RRULE")?.value;
        let rule = rrule::parse(value).ok()?;
        if !rule.is_open_ended() {
            return None;
        }
        posix_rule(value, o.start)
    };
    if let (Some(std), Some(dst)) = (latest(obs, false), latest(obs, true))
        && let (Some(to_std), Some(to_dst)) = (open_rule(std), open_rule(dst))
    {
        return Some(format!(
            "<{}>{}<{}>{},{},{}",
            std.name,
            posix_offset(std.to),
            dst.name,
            posix_offset(dst.to),
            to_dst,
            to_std
        ));
    }
    let last = obs.iter().max_by_key(|o| o.start)?;
    Some(format!("<{}>{}", last.name, posix_offset(last.to)))
}

fn from_transitions(obs: &[Observance], tzid: &str, footer: Option<&str>) -> Option<TimeZone> {
    let from: Timestamp = "1800-01-01T00:00:00Z".parse().ok()?;
    let until: Timestamp = "2100-01-01T00:00:00Z".parse().ok()?;
    // (instant, offset before, observance)
    let mut onsets: Vec<(i64, Offset, usize)> = Vec::new();
    for (i, o) in obs.iter().enumerate() {
        let before = TimeZone::fixed(o.from);
        let mut walls = vec![o.start];
        if let Some(rule) = o
            .comp
            .prop("RRULE")
            .and_then(|p| rrule::parse(&p.value).ok())
        {
            walls.extend(rrule::expand(&rule, o.start, &before, from, until));
        }
        for p in o.comp.props_named("RDATE") {
            walls.extend(
                p.value
                    .split(',')
                    .filter_map(parse_datetime)
                    .map(|(dt, _)| dt),
            );
        }
        for w in walls {
            if let Ok(z) = w.to_zoned(before.clone()) {
                onsets.push((z.timestamp().as_second(), o.from, i));
            }
            if onsets.len() > MAX_TRANSITIONS {
                return None;
            }
        }
    }
    onsets.sort_by_key(|(t, _, _)| *t);
    onsets.dedup_by_key(|(t, _, _)| *t);
    let first = onsets.first()?;

    // Local time types: 0 is the time before the first transition.
    let mut types: Vec<(i32, bool, String)> = Vec::new();
    let mut type_of = |t: (i32, bool, String)| -> Option<u8> {
        let i = match types.iter().position(|x| *x == t) {
            Some(i) => i,
            None => {
                types.push(t);
                types.len() - 1
            }
        };
        u8::try_from(i).ok()
    };
    let initial = obs
        .iter()
        .find(|o| o.to == first.1)
        .map(|o| (o.to.seconds(), o.dst, o.name.clone()))
        .unwrap_or_else(|| {
            let s = first.1.seconds();
            let sign = if s < 0 { '-' } else { '+' };
            (
                s,
                false,
                format!("{sign}{:02}{:02}", s.abs() / 3600, (s.abs() / 60) % 60),
            )
        });
    type_of(initial)?;
    let mut transitions = Vec::new();
    for (t, _, i) in &onsets {
        let o = &obs[*i];
        transitions.push((*t, type_of((o.to.seconds(), o.dst, o.name.clone()))?));
    }
    let build = |footer: &str| TimeZone::tzif(tzid, &tzif_bytes(&types, &transitions, footer)).ok();
    footer.and_then(build).or_else(|| build(""))
}

/// TZif version 2 (RFC 8536): an empty version 1 block, then the 64-bit
/// data, then the footer.
fn tzif_bytes(types: &[(i32, bool, String)], transitions: &[(i64, u8)], footer: &str) -> Vec<u8> {
    fn header(out: &mut Vec<u8>, counts: [usize; 6]) {
        out.extend_from_slice(b"TZif2");
        out.extend_from_slice(&[0u8; 15]);
        for n in counts {
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
    }
    let mut chars: Vec<u8> = Vec::new();
    let mut name_at = Vec::new();
    for (_, _, name) in types {
        name_at.push(chars.len());
        chars.extend_from_slice(name.as_bytes());
        chars.push(0);
    }
    let mut out = Vec::new();
    header(&mut out, [0, 0, 0, 0, 1, 1]);
    out.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0]);
    header(
        &mut out,
        [0, 0, 0, transitions.len(), types.len(), chars.len()],
    );
    for (t, _) in transitions {
        out.extend_from_slice(&t.to_be_bytes());
    }
    out.extend(transitions.iter().map(|(_, i)| *i));
    for ((off, dst, _), at) in types.iter().zip(&name_at) {
        out.extend_from_slice(&off.to_be_bytes());
        out.push(u8::from(*dst));
        out.push(u8::try_from(*at).unwrap_or(0));
    }
    out.extend_from_slice(&chars);
    out.push(b'\n');
    out.extend_from_slice(footer.as_bytes());
    out.push(b'\n');
    out
}

/// POSIX offsets count west of Greenwich: the sign is the other way round.
fn posix_offset(o: Offset) -> String {
    let s = -o.seconds();
    let sign = if s < 0 { "-" } else { "" };
    let a = s.abs();
    format!("{sign}{}:{:02}:{:02}", a / 3600, (a / 60) % 60, a % 60)
}

/// `FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU` with the observance's start time →
/// `M3.5.0/1:00:00`. Also the older form with BYMONTHDAY=8,...,14;BYDAY=SU.
fn posix_rule(rrule: &str, start: DateTime) -> Option<String> {
    let mut month = None;
    let mut byday = None;
    let mut monthdays: Vec<i32> = Vec::new();
    for part in rrule.split(';') {
        let (k, v) = part.split_once('=')?;
        match k.trim().to_ascii_uppercase().as_str() {
            "FREQ" if !v.eq_ignore_ascii_case("YEARLY") => return None,
            "BYMONTH" => month = v.trim().parse::<i32>().ok(),
            "BYDAY" => byday = Some(v.trim().to_ascii_uppercase()),
            "BYMONTHDAY" => {
                monthdays = v.split(',').filter_map(|d| d.trim().parse().ok()).collect()
            }
            _ => {}
        }
    }
    let month = month.filter(|m| (1..=12).contains(m))?;
    let byday = byday?;
    let split = byday.len().checked_sub(2)?;
    if !byday.is_char_boundary(split) {
        return None;
    }
    let (ord, day) = byday.split_at(split);
    let weekday = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
        .iter()
        .position(|d| *d == day)?;
    let week = if ord.is_empty() {
        let min = *monthdays.iter().min()?;
        let max = *monthdays.iter().max()?;
        if max >= 29 { 5 } else { (min - 1) / 7 + 1 }
    } else {
        match ord.trim_start_matches('+').parse::<i32>().ok()? {
            -1 => 5,
            n @ 1..=5 => n,
            _ => return None,
        }
    };
    Some(format!(
        "M{month}.{week}.{weekday}/{}:{:02}:{:02}",
        start.hour(),
        start.minute(),
        start.second()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::events::ical::parse_components;

    fn vtimezone(body: &str) -> Component {
        let mut w = Vec::new();
        let text = format!("BEGIN:VTIMEZONE\nTZID:Test\n{body}END:VTIMEZONE\n");
        parse_components(text.as_bytes(), &mut w).remove(0)
    }

    fn offset_at(tz: &TimeZone, wall: &str) -> i32 {
        wall.parse::<DateTime>()
            .unwrap()
            .to_zoned(tz.clone())
            .unwrap()
            .offset()
            .seconds()
            / 3600
    }

    #[test]
    fn rules_that_changed_over_the_years() {
        // US Eastern before and after 2007, as older exports list it.
        let tz = zone_of(
            &vtimezone(
                "BEGIN:DAYLIGHT\nDTSTART:19870405T020000\nRRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nTZNAME:EDT\nEND:DAYLIGHT\n\
                 BEGIN:STANDARD\nDTSTART:19671029T020000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nTZNAME:EST\nEND:STANDARD\n\
                 BEGIN:DAYLIGHT\nDTSTART:20070311T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nTZNAME:EDT\nEND:DAYLIGHT\n\
                 BEGIN:STANDARD\nDTSTART:20071104T020000\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nTZNAME:EST\nEND:STANDARD\n",
            ),
            "Test",
        )
        .unwrap();
        // 20 March: daylight time since 2007, standard time before.
        assert_eq!(offset_at(&tz, "2005-03-20T12:00"), -5);
        assert_eq!(offset_at(&tz, "2026-03-20T12:00"), -4);
        assert_eq!(offset_at(&tz, "2026-11-02T12:00"), -5);
        assert_eq!(offset_at(&tz, "2070-07-01T12:00"), -4);
    }

    #[test]
    fn listed_transitions_without_rules() {
        let tz = zone_of(
            &vtimezone(
                "BEGIN:DAYLIGHT\nDTSTART:20260329T010000\nTZOFFSETFROM:+0000\nTZOFFSETTO:+0100\nTZNAME:BST\nEND:DAYLIGHT\n\
                 BEGIN:STANDARD\nDTSTART:20261025T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\nTZNAME:GMT\nEND:STANDARD\n",
            ),
            "Test",
        )
        .unwrap();
        assert_eq!(offset_at(&tz, "2026-03-01T12:00"), 0);
        assert_eq!(offset_at(&tz, "2026-07-01T12:00"), 1);
        assert_eq!(offset_at(&tz, "2026-12-01T12:00"), 0);
    }
}
