//! RRULE (RFC 5545 §3.3.10) expansion in local wall time, so a weekly 18:30
//! talk stays at 18:30 across a clock change.
//!
//! Supported: FREQ DAILY / WEEKLY / MONTHLY / YEARLY, INTERVAL, COUNT, UNTIL,
//! BYDAY (with ordinals such as 2TU or -1FR), BYMONTHDAY, BYMONTH, BYHOUR,
//! BYMINUTE, BYSECOND, BYSETPOS, WKST. Sub-daily frequencies and BYWEEKNO,
//! BYYEARDAY are refused rather than guessed.
//!
//! Each period (a day, week, month or year) gives its candidate days, each
//! day its times (BYHOUR × BYMINUTE × BYSECOND, DTSTART's where a part is
//! absent: the "expand" column of the RFC's table), and BYSETPOS picks from
//! the period's whole set of date-times.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Weekday};
use jiff::tz::TimeZone;

use crate::parse::events::ical::time::{parse_date, parse_datetime};

mod candidates;
#[cfg(test)]
mod oracle_tests;
#[cfg(test)]
mod tests;

use candidates::{period, set_positions, with_times};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    Date(Date),
    Instant(Timestamp),
    Floating(DateTime),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::parse) struct Rule {
    freq: Freq,
    interval: i32,
    count: Option<u32>,
    until: Option<Until>,
    byday: Vec<(Option<i32>, Weekday)>,
    bymonthday: Vec<i32>,
    bymonth: Vec<i8>,
    byhour: Vec<i8>,
    byminute: Vec<i8>,
    bysecond: Vec<i8>,
    bysetpos: Vec<i32>,
    wkst: Weekday,
}

/// Safety net against rules that never match (BYMONTHDAY=30;BYMONTH=2):
/// no more periods than this are looked at.
const MAX_PERIODS: usize = 100_000;

/// Most date-times one expansion looks at: every minute of a day for
/// years is not an event's schedule, and must not hang a sync.
const MAX_CANDIDATES: usize = 200_000;

/// Most date-times one period may hold (BYHOUR × BYMINUTE × BYSECOND on
/// every day of a year would be millions).
const MAX_PER_PERIOD: usize = 10_000;

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "MO" => Weekday::Monday,
        "TU" => Weekday::Tuesday,
        "WE" => Weekday::Wednesday,
        "TH" => Weekday::Thursday,
        "FR" => Weekday::Friday,
        "SA" => Weekday::Saturday,
        "SU" => Weekday::Sunday,
        _ => return None,
    })
}

fn int_list<T: std::str::FromStr>(v: &str) -> Result<Vec<T>, String> {
    v.split(',')
        .map(|x| x.trim().trim_start_matches('+').parse::<T>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("bad number list {v:?}"))
}

/// Parse a RRULE value, refusing anything malformed.
pub(in crate::parse) fn parse(value: &str) -> Result<Rule, String> {
    let mut notes = Vec::new();
    let rule = parse_recovering(value, &mut notes)?;
    match notes.into_iter().next() {
        Some(note) => Err(note),
        None => Ok(rule),
    }
}

/// Parse a RRULE value, mending what is malformed but clear (a doubled
/// `RRULE:` prefix, a COUNT that is not positive); each mend is noted.
pub(in crate::parse) fn parse_recovering(
    value: &str,
    notes: &mut Vec<String>,
) -> Result<Rule, String> {
    let mut rule = Rule {
        freq: Freq::Daily,
        interval: 1,
        count: None,
        until: None,
        byday: Vec::new(),
        bymonthday: Vec::new(),
        bymonth: Vec::new(),
        byhour: Vec::new(),
        byminute: Vec::new(),
        bysecond: Vec::new(),
        bysetpos: Vec::new(),
        wkst: Weekday::Monday,
    };
    let mut value = value.trim();
    while value.len() >= 6 && value.is_char_boundary(6) && value[..6].eq_ignore_ascii_case("RRULE:")
    {
        value = value[6..].trim_start();
        notes.push("a doubled \"RRULE:\" prefix was dropped".to_string());
    }
    let mut freq = None;
    for part in value.split(';').filter(|p| !p.trim().is_empty()) {
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| format!("bad RRULE part {part:?}"))?;
        let v = v.trim().to_ascii_uppercase();
        match k.trim().to_ascii_uppercase().as_str() {
            "FREQ" => {
                freq = Some(match v.as_str() {
                    "DAILY" => Freq::Daily,
                    "WEEKLY" => Freq::Weekly,
                    "MONTHLY" => Freq::Monthly,
                    "YEARLY" => Freq::Yearly,
                    other => return Err(format!("unsupported FREQ {other}")),
                })
            }
            "INTERVAL" => {
                rule.interval = v
                    .parse::<i32>()
                    .ok()
                    .filter(|n| (1..=10_000).contains(n))
                    .ok_or_else(|| format!("bad INTERVAL {v:?}"))?
            }
            "COUNT" => match v.parse::<i64>() {
                Ok(n) if n > 0 => rule.count = Some(u32::try_from(n).unwrap_or(u32::MAX)),
                // `COUNT=-1` is how some exporters say "no count".
                Ok(n) => notes.push(format!("COUNT={n} ignored")),
                Err(_) => return Err(format!("bad COUNT {v:?}")),
            },
            "UNTIL" => {
                rule.until = Some(if let Some(d) = parse_date(&v) {
                    Until::Date(d)
                } else {
                    match parse_datetime(&v) {
                        Some((dt, true)) => Until::Instant(
                            dt.to_zoned(TimeZone::UTC)
                                .map_err(|e| e.to_string())?
                                .timestamp(),
                        ),
                        Some((dt, false)) => Until::Floating(dt),
                        None => return Err(format!("bad UNTIL {v:?}")),
                    }
                })
            }
            "BYDAY" => {
                for d in v.split(',').map(str::trim) {
                    if d.len() < 2 || !d.is_char_boundary(d.len() - 2) {
                        return Err(format!("bad BYDAY {d:?}"));
                    }
                    let (ord, day) = d.split_at(d.len() - 2);
                    let wd = weekday(day).ok_or_else(|| format!("bad BYDAY {d:?}"))?;
                    let ord = if ord.is_empty() {
                        None
                    } else {
                        let n: i32 = ord
                            .trim_start_matches('+')
                            .parse()
                            .map_err(|_| format!("bad BYDAY {d:?}"))?;
                        if n == 0 || n.abs() > 53 {
                            return Err(format!("bad BYDAY {d:?}"));
                        }
                        Some(n)
                    };
                    rule.byday.push((ord, wd));
                }
            }
            "BYMONTHDAY" => rule.bymonthday = int_list(&v)?,
            "BYMONTH" => rule.bymonth = int_list(&v)?,
            "BYHOUR" => rule.byhour = int_list(&v)?,
            "BYMINUTE" => rule.byminute = int_list(&v)?,
            "BYSECOND" => rule.bysecond = int_list(&v)?,
            "BYSETPOS" => rule.bysetpos = int_list(&v)?,
            "WKST" => rule.wkst = weekday(&v).ok_or_else(|| format!("bad WKST {v:?}"))?,
            // Better to say so than to expand them wrongly.
            part @ ("BYWEEKNO" | "BYYEARDAY") => {
                return Err(format!("unsupported {part}"));
            }
            _ => {}
        }
    }
    rule.freq = freq.ok_or("RRULE without FREQ")?;
    if rule.bymonthday.iter().any(|d| *d == 0 || d.abs() > 31)
        || rule.bymonth.iter().any(|m| !(1..=12).contains(m))
        || rule.byhour.iter().any(|h| !(0..=23).contains(h))
        || rule.byminute.iter().any(|m| !(0..=59).contains(m))
        || rule.bysecond.iter().any(|s| !(0..=60).contains(s))
        || rule
            .bysetpos
            .iter()
            .any(|p| *p == 0 || p.abs() > 366 * 24 * 60)
    {
        return Err(format!("RRULE out of range: {value}"));
    }
    Ok(rule)
}

impl Rule {
    /// Recurs for ever: no COUNT, no UNTIL.
    pub(in crate::parse) fn is_open_ended(&self) -> bool {
        self.count.is_none() && self.until.is_none()
    }
}

/// The occurrences of `rule` from `start` (wall time in `tz`), DTSTART
/// included, that fall in `[from, to]`. COUNT counts from DTSTART, not
/// from the window.
pub(in crate::parse) fn expand(
    rule: &Rule,
    start: DateTime,
    tz: &TimeZone,
    from: Timestamp,
    to: Timestamp,
) -> Vec<DateTime> {
    let instant = |dt: DateTime| dt.to_zoned(tz.clone()).ok().map(|z| z.timestamp());
    let past_until = |dt: DateTime| match rule.until {
        None => false,
        Some(Until::Date(d)) => dt.date() > d,
        Some(Until::Floating(u)) => dt > u,
        Some(Until::Instant(u)) => instant(dt).is_none_or(|t| t > u),
    };
    let to_date = to.to_zoned(tz.clone()).date();
    let in_window = |dt: DateTime| instant(dt).is_some_and(|t| t >= from && t <= to);

    let mut out = Vec::new();
    let mut seen = 0u32;
    if in_window(start) {
        out.push(start);
    }
    seen += 1;
    // Without COUNT nothing before the window matters: start a period
    // before it rather than walking from a DTSTART centuries back.
    let first = if rule.count.is_none() {
        periods_before(rule, start.date(), from.to_zoned(tz.clone()).date())
    } else {
        0
    };
    let mut looked = 0usize;
    'periods: for k in (first..).take(MAX_PERIODS) {
        let Some((period_start, mut days)) = period(rule, start.date(), k) else {
            break;
        };
        if period_start > to_date {
            break;
        }
        days.sort();
        days.dedup();
        let times = set_positions(&rule.bysetpos, with_times(rule, &days, start.time()));
        for dt in times {
            looked += 1;
            if looked > MAX_CANDIDATES {
                break 'periods;
            }
            if dt <= start {
                continue;
            }
            if past_until(dt) || rule.count.is_some_and(|c| seen >= c) || dt.date() > to_date {
                break 'periods;
            }
            seen += 1;
            if in_window(dt) {
                out.push(dt);
            }
        }
    }
    out
}

/// How many whole periods lie between DTSTART's and the one holding `from`,
/// less one for safety; 0 when `from` is before DTSTART.
fn periods_before(rule: &Rule, dtstart: Date, from: Date) -> i64 {
    if from <= dtstart {
        return 0;
    }
    let span = match rule.freq {
        Freq::Daily => i64::from(dtstart.until(from).map_or(0, |s| s.get_days())),
        Freq::Weekly => i64::from(dtstart.until(from).map_or(0, |s| s.get_days())) / 7,
        Freq::Monthly => {
            (i64::from(from.year()) * 12 + i64::from(from.month()))
                - (i64::from(dtstart.year()) * 12 + i64::from(dtstart.month()))
        }
        Freq::Yearly => i64::from(from.year()) - i64::from(dtstart.year()),
    };
    (span / i64::from(rule.interval) - 1).max(0)
}
