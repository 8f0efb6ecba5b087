//! One recurring event's occurrences: its RRULEs and RDATEs (a PERIOD with
//! its own end), less its EXDATEs and the instances its overrides replace,
//! with a `RANGE=THISANDFUTURE` override carried onto every later instance.

use std::collections::HashSet;

use jiff::civil::DateTime;
use jiff::{SignedDuration, Timestamp, ToSpan, Zoned};

use super::event::{Timed, label, recurrence_key};
use super::rrule::{self, Rule};
use super::time::{PeriodEnd, When, Zones};
use crate::model::Event;
use crate::parse::events::finish;
use crate::parse::events::ical::Component;

/// A daily series over the three-year window is about 1,100; more than
/// this from one series is a mistake or an attack.
const MAX_OCCURRENCES: usize = 2_000;

/// Each override outside the window is looked up by expanding the rules
/// around it; past this many per series they are taken as they come, so a
/// hostile file cannot make the lookups quadratic.
const MAX_LOOKUPS: usize = 100;

pub(super) struct Series<'a> {
    base: &'a Timed,
    /// Wall times in the series' zone, each with the end its PERIOD states.
    starts: Vec<(DateTime, Option<Zoned>)>,
    excluded: HashSet<String>,
    replaced: HashSet<String>,
    /// Overrides naming no instance of the series (past its UNTIL, after
    /// its rule changed): left from an older version, not shown.
    orphans: HashSet<String>,
    futures: Vec<Future>,
    notes: Vec<String>,
}

/// A `RANGE=THISANDFUTURE` override: from its original start on, every
/// instance takes its fields and length, moved as it was moved.
struct Future {
    from: Timestamp,
    event: Timed,
    shift: Shift,
}

enum Shift {
    Days(i64),
    Exact(SignedDuration),
}

impl<'a> Series<'a> {
    pub fn read(
        ev: &Component,
        base: &'a Timed,
        rules: &[Rule],
        overrides: &[&Component],
        zones: &Zones,
        site: &str,
        (from, to): (Timestamp, Timestamp),
    ) -> Series<'a> {
        let all_day = base.event.all_day;
        let day_zone = &base.day_zone;
        // With a rule it could not read, the series' instances are not all
        // known: no override can be said to name none of them.
        let every_rule_read = rules.len() == ev.props_named("RRULE").count();
        let mut notes = Vec::new();
        let mut starts: Vec<(DateTime, Option<Zoned>)> = Vec::new();
        for rule in rules {
            starts.extend(
                rrule::expand(rule, base.wall_start, &base.zone.tz, from, to)
                    .into_iter()
                    .map(|w| (w, None)),
            );
        }
        // With RDATEs alone, DTSTART is still the first instance.
        if rules.is_empty()
            && base
                .event
                .start
                .as_ref()
                .is_some_and(|s| s.timestamp() >= from && s.timestamp() <= to)
        {
            starts.push((base.wall_start, None));
        }
        for p in ev.props_named("RDATE") {
            for value in zones.rdate_list(p) {
                let (w, end) = match value {
                    Ok(v) => v,
                    Err(why) => {
                        notes.push(format!("{}: an RDATE ignored, {why}", label(ev)));
                        continue;
                    }
                };
                let Some(z) = w.to_zoned(day_zone) else {
                    continue;
                };
                let z = z.with_time_zone(base.zone.tz.clone());
                if z.timestamp() < from || z.timestamp() > to {
                    continue;
                }
                let end = match end {
                    None => None,
                    Some(PeriodEnd::At(e)) => e
                        .to_zoned(day_zone)
                        .map(|e| e.with_time_zone(base.zone.tz.clone())),
                    Some(PeriodEnd::For(span)) => z.checked_add(span).ok(),
                };
                starts.push((z.datetime(), end));
            }
        }
        // A date listed twice is one instance; a stated end wins.
        starts.sort_by_key(|(wall, end)| (*wall, end.is_none()));
        starts.dedup_by_key(|(wall, _)| *wall);
        if starts.len() > MAX_OCCURRENCES {
            notes.push(format!(
                "{}: only the first {MAX_OCCURRENCES} of {} occurrences kept",
                label(ev),
                starts.len()
            ));
            starts.truncate(MAX_OCCURRENCES);
        }

        let excluded = ev
            .props_named("EXDATE")
            .flat_map(|p| zones.when_list(p))
            .filter_map(Result::ok)
            .filter_map(|w| recurrence_key(&w, day_zone, all_day))
            .collect();
        let mut replaced = HashSet::new();
        let mut futures = Vec::new();
        let mut orphans = HashSet::new();
        let mut looked_up = 0usize;
        let in_window: HashSet<String> = starts
            .iter()
            .filter_map(|(wall, _)| wall.to_zoned(base.zone.tz.clone()).ok())
            .flat_map(|z| [base.key_of(&z), z.date().to_string()])
            .collect();
        for o in overrides {
            let Some(rid_prop) = o.prop("RECURRENCE-ID") else {
                continue;
            };
            let Ok(rid) = zones.when(rid_prop) else {
                continue;
            };
            if let Some(key) = recurrence_key(&rid, day_zone, all_day) {
                let member = in_window.contains(&key)
                    || rid.to_zoned(day_zone).is_some_and(|z| {
                        (z.timestamp() < from || z.timestamp() > to)
                            && (looked_up >= MAX_LOOKUPS || {
                                looked_up += 1;
                                is_instance(ev, base, rules, zones, &key, z.timestamp())
                            })
                    });
                if !member && every_rule_read {
                    orphans.insert(key.clone());
                }
                replaced.insert(key);
            }
            let this_and_future = rid_prop
                .param("RANGE")
                .is_some_and(|r| r.trim().eq_ignore_ascii_case("THISANDFUTURE"));
            if this_and_future && let Some(f) = future(o, &rid, base, zones, site) {
                futures.push(f);
            }
        }
        Series {
            base,
            starts,
            excluded,
            replaced,
            orphans,
            futures,
            notes,
        }
    }

    /// The keys of the instances its EXDATEs remove.
    pub fn excluded(&self) -> &HashSet<String> {
        &self.excluded
    }

    /// The RECURRENCE-IDs of overrides that name no instance of the series.
    pub fn orphans(&self) -> &HashSet<String> {
        &self.orphans
    }

    /// Every instance, each through `finish`; the ones it refuses are said
    /// once for the series, with how many.
    pub fn expand(self, out: &mut Vec<Event>, warnings: &mut Vec<String>) {
        warnings.extend(self.notes.iter().cloned());
        let mut refused = Vec::new();
        let mut skipped = 0usize;
        for (wall, end) in &self.starts {
            let Ok(start) = wall.to_zoned(self.base.zone.tz.clone()) else {
                continue;
            };
            let key = self.base.key_of(&start);
            // Some producers name a timed occurrence by its date alone.
            let day = start.date().to_string();
            if [&key, &day]
                .iter()
                .any(|k| self.excluded.contains(*k) || self.replaced.contains(*k))
            {
                continue;
            }
            let latest_future = self
                .futures
                .iter()
                .filter(|f| f.from <= start.timestamp())
                .max_by_key(|f| f.from);
            let event = match latest_future {
                Some(f) => match f.moved(&start) {
                    Some(moved) => f.event.at(moved, None),
                    None => {
                        skipped += 1;
                        if refused.is_empty() {
                            refused.push(format!(
                                "event \"{}\": an occurrence skipped, it cannot be moved as its THISANDFUTURE override says",
                                crate::render::sanitize::clean_line(&self.base.event.title)
                            ));
                        }
                        continue;
                    }
                },
                None => self.base.at(start, end.clone()),
            };
            let mut e = event;
            e.recurrence_id = Some(key);
            let mut why = Vec::new();
            match finish(e, &mut why) {
                Some(e) => out.push(e),
                None => {
                    skipped += 1;
                    if refused.is_empty() {
                        refused = why;
                    }
                }
            }
        }
        if skipped > 1 {
            refused.push(format!("and {} more occurrences of it", skipped - 1));
            warnings.push(refused.join(", "));
        } else {
            warnings.extend(refused);
        }
    }
}

/// Whether the instance known by `key`, near `at` and outside the window,
/// is one of the series'.
fn is_instance(
    ev: &Component,
    base: &Timed,
    rules: &[Rule],
    zones: &Zones,
    key: &str,
    at: Timestamp,
) -> bool {
    let near = SignedDuration::from_hours(48);
    let (from, to) = (
        at.saturating_sub(near).unwrap_or(at),
        at.saturating_add(near).unwrap_or(at),
    );
    let matches = |z: &Zoned| base.key_of(z) == key || z.date().to_string() == key;
    let dates = std::iter::once(base.wall_start)
        .chain(
            rules
                .iter()
                .flat_map(|r| rrule::expand(r, base.wall_start, &base.zone.tz, from, to)),
        )
        .filter_map(|w| w.to_zoned(base.zone.tz.clone()).ok());
    let listed = ev
        .props_named("RDATE")
        .flat_map(|p| zones.rdate_list(p))
        .filter_map(Result::ok)
        .filter_map(|(w, _)| w.to_zoned(&base.day_zone));
    dates.chain(listed).any(|z| matches(&z))
}

impl Future {
    fn moved(&self, original: &Zoned) -> Option<Zoned> {
        let tz = self.event.zone.tz.clone();
        match self.shift {
            Shift::Days(n) => original
                .date()
                .checked_add(n.days())
                .ok()?
                .to_zoned(tz)
                .ok(),
            Shift::Exact(d) => Some(original.timestamp().checked_add(d).ok()?.to_zoned(tz)),
        }
    }
}

fn future(o: &Component, rid: &When, base: &Timed, zones: &Zones, site: &str) -> Option<Future> {
    let event = Timed::read(o, zones, site).ok()?;
    let new_start = event.event.start.clone()?;
    let (from, shift) = if base.event.all_day {
        let rid_day = match rid {
            When::Date(d) => *d,
            When::Time(dt, _) => dt.date(),
        };
        let from = rid_day.to_zoned(base.day_zone.clone()).ok()?;
        let days = (new_start.date() - rid_day).get_days();
        (from.timestamp(), Shift::Days(i64::from(days)))
    } else {
        let from = rid.to_zoned(&base.day_zone)?.timestamp();
        let shift = new_start.timestamp().duration_since(from);
        (from, Shift::Exact(shift))
    };
    Some(Future { from, event, shift })
}
