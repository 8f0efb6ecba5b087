//! VEVENTs → events: fields, times, recurrence with EXDATE, RDATE and
//! RECURRENCE-ID overrides.

use std::collections::{HashMap, HashSet};

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp, ToSpan, Zoned};

use super::rrule;
use super::series::Series;
use crate::model::{Event, EventStatus};
use crate::parse::events::ical::Component;
use crate::parse::events::ical::time::{NamedZone, When, Zones, parse_duration};
use crate::parse::events::{absolute_url, decode_entities, finish};

/// How far recurring events are expanded: a year back, two years ahead.
pub(super) fn window(now: Timestamp) -> (Timestamp, Timestamp) {
    let day = SignedDuration::from_hours(24);
    (
        now.saturating_sub(day * 366).unwrap_or(now),
        now.saturating_add(day * 731).unwrap_or(now),
    )
}

pub(in crate::parse) fn events_of_calendar(
    cal: &Component,
    site: &str,
    now: Timestamp,
    out: &mut Vec<Event>,
    warnings: &mut Vec<String>,
) {
    let zones = Zones::new(cal);
    let window = window(now);
    let calendar_cancelled = cal
        .prop("METHOD")
        .is_some_and(|m| m.value.trim().eq_ignore_ascii_case("CANCEL"));

    let first = out.len();
    let mut overrides: HashMap<String, Vec<&Component>> = HashMap::new();
    let mut in_order = Vec::new();
    // A master stated again (an updated copy appended) replaces the earlier
    // one wholly: its rules, dates and fields.
    let mut masters: Vec<Option<&Component>> = Vec::new();
    let mut master_at: HashMap<String, usize> = HashMap::new();
    for ev in cal.children_named("VEVENT") {
        if ev.prop("RECURRENCE-ID").is_some() {
            overrides.entry(uid_of(ev)).or_default().push(ev);
            in_order.push(ev);
            continue;
        }
        if let Some(earlier) = master_at.insert(identity(ev), masters.len()) {
            masters[earlier] = None;
            warnings.push(format!(
                "{}: stated twice, the later copy stands",
                label(ev)
            ));
        }
        masters.push(Some(ev));
    }

    // Whether each series is all-day, for reading its overrides' RECURRENCE-IDs.
    let mut all_day_series: HashMap<String, bool> = HashMap::new();
    // Each series' EXDATEs: an override of an excluded instance was deleted.
    let mut excluded: HashMap<String, HashSet<String>> = HashMap::new();
    let mut orphans: HashMap<String, HashSet<String>> = HashMap::new();
    for ev in masters.into_iter().flatten() {
        let mut base = match Timed::read(ev, &zones, site) {
            Ok(t) => t,
            Err(why) => {
                warnings.push(format!("{}: skipped, {why}", label(ev)));
                continue;
            }
        };
        if calendar_cancelled {
            base.event.status = EventStatus::Cancelled;
        }
        all_day_series.insert(uid_of(ev), base.event.all_day);
        if !has_recurrence(ev) {
            out.extend(finish(base.event, warnings));
            continue;
        }
        let rules: Vec<rrule::Rule> = ev
            .props_named("RRULE")
            .filter_map(|p| {
                let mut notes = Vec::new();
                let rule = rrule::parse_recovering(&p.value, &mut notes);
                for note in notes {
                    warnings.push(format!("{}: RRULE mended, {note}", label(ev)));
                }
                rule.map_err(|why| warnings.push(format!("{}: RRULE ignored, {why}", label(ev))))
                    .ok()
            })
            .collect();
        if rules.is_empty() && !has_rdates(ev) {
            out.extend(finish(base.event, warnings));
            continue;
        }
        let own_overrides = overrides.get(&uid_of(ev)).map(Vec::as_slice).unwrap_or(&[]);
        let series = Series::read(ev, &base, &rules, own_overrides, &zones, site, window);
        excluded.insert(uid_of(ev), series.excluded().clone());
        orphans.insert(uid_of(ev), series.orphans().clone());
        series.expand(out, warnings);
    }

    for ev in in_order {
        let mut t = match Timed::read(ev, &zones, site) {
            Ok(t) => t,
            Err(why) => {
                warnings.push(format!("{}: skipped, {why}", label(ev)));
                continue;
            }
        };
        let all_day = all_day_series
            .get(&uid_of(ev))
            .copied()
            .unwrap_or(t.event.all_day);
        let rid = ev
            .prop("RECURRENCE-ID")
            .and_then(|p| zones.when(p).ok())
            .and_then(|w| recurrence_key(&w, &t.day_zone, all_day));
        let Some(rid) = rid else {
            warnings.push(format!("{}: skipped, unreadable RECURRENCE-ID", label(ev)));
            continue;
        };
        if excluded.get(&uid_of(ev)).is_some_and(|x| x.contains(&rid)) {
            warnings.push(format!(
                "{}: skipped, its series excludes that instance (EXDATE)",
                label(ev)
            ));
            continue;
        }
        if orphans.get(&uid_of(ev)).is_some_and(|x| x.contains(&rid)) {
            warnings.push(format!(
                "{}: skipped, its RECURRENCE-ID names no instance of its series",
                label(ev)
            ));
            continue;
        }
        if calendar_cancelled {
            t.event.status = EventStatus::Cancelled;
        }
        t.event.recurrence_id = Some(rid);
        out.extend(finish(t.event, warnings));
    }
    keep_last_of_each_id(out, first);
    warnings.extend(zones.take_notes());
}

/// A series rather than a single event: RRULE or an RDATE with a value.
fn has_recurrence(ev: &Component) -> bool {
    ev.prop("RRULE").is_some() || has_rdates(ev)
}

fn has_rdates(ev: &Component) -> bool {
    ev.props_named("RDATE").any(|p| !p.value.trim().is_empty())
}

/// What makes two masters the same event: the UID, or where there is none
/// the summary and start that stand in for it.
fn identity(ev: &Component) -> String {
    match uid_of(ev) {
        u if !u.is_empty() => u,
        _ => fields(ev, "").uid,
    }
}

/// A file may state the same event twice (an update appended, a series
/// exported with its exceptions repeated): the later one stands.
fn keep_last_of_each_id(out: &mut Vec<Event>, first: usize) {
    let mut seen = HashSet::new();
    let mut kept: Vec<Event> = out
        .drain(first..)
        .rev()
        .filter(|e| seen.insert(e.id.clone()))
        .collect();
    kept.reverse();
    out.extend(kept);
}

pub(super) fn uid_of(ev: &Component) -> String {
    ev.prop("UID")
        .map(|p| p.text().trim().to_string())
        .unwrap_or_default()
}

pub(super) fn label(ev: &Component) -> String {
    match ev.prop("SUMMARY") {
        Some(s) => format!(
            "event \"{}\"",
            crate::render::sanitize::clean_line(&s.text())
        ),
        None => format!("event {}", crate::render::sanitize::clean_line(&uid_of(ev))),
    }
}

/// The key an occurrence is known by (its `recurrence_id`): the original
/// start as an RFC 3339 UTC instant, or the civil date for all-day events,
/// even where a RECURRENCE-ID names one by a date-time (Exchange 2010,
/// Apple iCal 1.0 write midnight of the day).
pub(super) fn recurrence_key(w: &When, day_zone: &TimeZone, all_day: bool) -> Option<String> {
    match w {
        When::Date(d) => Some(d.to_string()),
        When::Time(dt, _) if all_day => Some(dt.date().to_string()),
        When::Time(..) => w.to_zoned(day_zone).map(|z| z.timestamp().to_string()),
    }
}

/// A VEVENT read: its fields, and its start as wall time for expansion.
pub(super) struct Timed {
    pub event: Event,
    pub wall_start: DateTime,
    pub zone: NamedZone,
    /// The zone all-day dates are placed in.
    pub day_zone: TimeZone,
    length: Length,
}

enum Length {
    None,
    Days(i64),
    Exact(SignedDuration),
}

impl Timed {
    pub fn read(ev: &Component, zones: &Zones, site: &str) -> Result<Timed, String> {
        let mut e = fields(ev, site);
        let start_prop = ev.prop("DTSTART").ok_or("it has no start")?;
        let start = zones.when(start_prop)?;
        let day_zone = zones.floating.tz.clone();
        let zone = match &start {
            When::Date(_) => zones.floating.clone(),
            When::Time(_, z) => z.clone(),
        };
        let start_z = start
            .to_zoned(&day_zone)
            .ok_or("its start does not exist in its zone")?;
        let all_day = start.is_date();
        let end = if let Some(p) = ev.prop("DTEND") {
            let w = zones.when(p)?;
            let w = match (all_day, w) {
                (true, When::Time(dt, _)) => When::Date(dt.date()),
                (_, w) => w,
            };
            Some(
                w.to_zoned(&day_zone)
                    .ok_or("its end does not exist in its zone")?
                    .with_time_zone(zone.tz.clone()),
            )
        } else if let Some(p) = ev.prop("DURATION") {
            let span =
                parse_duration(&p.value).ok_or_else(|| format!("bad DURATION {:?}", p.value))?;
            Some(add(&start_z, span)?)
        } else if all_day {
            Some(add(&start_z, 1.day())?)
        } else {
            None
        };
        let length = match &end {
            None => Length::None,
            Some(end) if all_day => {
                Length::Days(i64::from((end.date() - start_z.date()).get_days()))
            }
            Some(end) => Length::Exact(end.timestamp().duration_since(start_z.timestamp())),
        };
        e.all_day = all_day;
        e.timezone = zone.name.clone();
        e.start = Some(start_z.clone());
        e.end = end;
        Ok(Timed {
            event: e,
            wall_start: start_z.datetime(),
            zone,
            day_zone,
            length,
        })
    }

    /// The key of the occurrence that starts at `start`.
    pub fn key_of(&self, start: &Zoned) -> String {
        if self.event.all_day {
            start.date().to_string()
        } else {
            start.timestamp().to_string()
        }
    }

    /// This event moved to `start`, its length kept unless `end` is given.
    pub fn at(&self, start: Zoned, end: Option<Zoned>) -> Event {
        let end = end.or_else(|| match self.length {
            Length::None => None,
            Length::Days(n) => add(&start, n.days()).ok(),
            Length::Exact(d) => start.checked_add(d).ok(),
        });
        let mut e = self.event.clone();
        e.start = Some(start);
        e.end = end;
        e
    }
}

fn add(z: &Zoned, span: Span) -> Result<Zoned, String> {
    z.checked_add(span)
        .map_err(|e| format!("its end is out of range: {e}"))
}

/// Everything but the times.
fn fields(ev: &Component, site: &str) -> Event {
    let text = |name: &str| {
        ev.prop(name)
            .map(|p| p.text())
            .filter(|s| !s.trim().is_empty())
    };
    let uid = match uid_of(ev) {
        u if !u.is_empty() => u,
        // No UID (hand-written files): the summary and start stand in.
        _ => format!(
            "{}|{}",
            ev.prop("SUMMARY").map(|p| p.value.as_str()).unwrap_or(""),
            ev.prop("DTSTART").map(|p| p.value.as_str()).unwrap_or("")
        ),
    };
    let html_alt = ev
        .props_named("X-ALT-DESC")
        .find(|p| {
            p.param("FMTTYPE")
                .is_some_and(|f| f.eq_ignore_ascii_case("text/html"))
        })
        .map(|p| p.text())
        .filter(|s| !s.trim().is_empty());
    let description_html = html_alt
        .or_else(|| text("DESCRIPTION").map(|d| crate::render::text::text_or_html(&d)))
        .unwrap_or_default();
    // Calendar plugins sometimes leave HTML entities in their text fields
    // ("Tom&#8217;s"); a literal "&amp;" in a summary is rarer than that.
    let (venue, address) = match text("LOCATION") {
        Some(loc) => split_location(&decode_entities(&loc)),
        None => (None, None),
    };
    let status = match ev
        .prop("STATUS")
        .map(|p| p.value.trim().to_ascii_uppercase())
    {
        Some(s) if s == "CANCELLED" || s == "CANCELED" => EventStatus::Cancelled,
        Some(s) if s == "TENTATIVE" => EventStatus::Tentative,
        _ => EventStatus::Confirmed,
    };
    let organizer = ev.prop("ORGANIZER").and_then(|p| {
        p.param("CN")
            .map(str::to_string)
            .or_else(|| {
                let v = p.value.trim();
                Some(
                    v.strip_prefix("mailto:")
                        .or(v.strip_prefix("MAILTO:"))
                        .unwrap_or(v)
                        .to_string(),
                )
            })
            .filter(|s| !s.trim().is_empty())
    });
    let url = text("URL").and_then(|u| absolute_url("", &u));
    Event {
        site: site.to_string(),
        uid,
        title: text("SUMMARY")
            .map(|t| decode_entities(&t))
            .unwrap_or_default(),
        url,
        status,
        venue,
        address,
        organizer,
        description_html,
        categories: ev
            .props_named("CATEGORIES")
            .flat_map(|p| p.text_list())
            .map(|c| decode_entities(&c))
            .collect(),
        ..Default::default()
    }
}

/// "Asia House, 63 New Cavendish Street, London" → venue and address.
pub(in crate::parse) fn split_location(loc: &str) -> (Option<String>, Option<String>) {
    let loc = loc.trim();
    match loc.split_once(',') {
        Some((venue, rest)) if !rest.trim().is_empty() => (
            Some(venue.trim().to_string()),
            Some(rest.trim().to_string()),
        ),
        _ => (Some(loc.trim_end_matches(',').to_string()), None),
    }
}
