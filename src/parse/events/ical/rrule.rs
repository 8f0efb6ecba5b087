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
use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::TimeZone;

use crate::parse::events::ical::time::{parse_date, parse_datetime};

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

/// Each day's times, in order: BYHOUR × BYMINUTE × BYSECOND, DTSTART's
/// where a part is absent.
fn with_times(rule: &Rule, days: &[Date], at: Time) -> Vec<DateTime> {
    let or_start = |list: &[i8], own: i8| -> Vec<i8> {
        let mut v = if list.is_empty() {
            vec![own]
        } else {
            list.to_vec()
        };
        v.sort();
        v.dedup();
        v
    };
    let hours = or_start(&rule.byhour, at.hour());
    let minutes = or_start(&rule.byminute, at.minute());
    // A leap second (60) is read as the last second of the minute.
    let seconds: Vec<i8> = or_start(&rule.bysecond, at.second())
        .into_iter()
        .map(|s| s.min(59))
        .collect();
    let mut out = Vec::new();
    'days: for d in days {
        for h in &hours {
            for m in &minutes {
                for s in &seconds {
                    if out.len() >= MAX_PER_PERIOD {
                        break 'days;
                    }
                    if let Ok(t) = Time::new(*h, *m, *s, 0) {
                        out.push(d.to_datetime(t));
                    }
                }
            }
        }
    }
    out.dedup();
    out
}

fn set_positions(pos: &[i32], all: Vec<DateTime>) -> Vec<DateTime> {
    if pos.is_empty() {
        return all;
    }
    let n = all.len() as i64;
    let mut picked: Vec<DateTime> = pos
        .iter()
        .filter_map(|p| {
            let p = i64::from(*p);
            let i = if p > 0 { p - 1 } else { n + p };
            (0..n).contains(&i).then(|| all[i as usize])
        })
        .collect();
    picked.sort();
    picked.dedup();
    picked
}

/// The first day of the `k`th period and the candidate days in it.
fn period(rule: &Rule, dtstart: Date, k: i64) -> Option<(Date, Vec<Date>)> {
    let step = k.checked_mul(i64::from(rule.interval))?;
    match rule.freq {
        Freq::Daily => {
            let d = dtstart
                .checked_add(jiff::Span::new().try_days(step).ok()?)
                .ok()?;
            let keep = month_ok(rule, d)
                && (rule.bymonthday.is_empty() || monthday_matches(&rule.bymonthday, d))
                && (rule.byday.is_empty() || rule.byday.iter().any(|(_, w)| *w == d.weekday()));
            Some((d, if keep { vec![d] } else { Vec::new() }))
        }
        Freq::Weekly => {
            let back = i64::from(dtstart.weekday().since(rule.wkst));
            let week_start = dtstart
                .checked_sub(jiff::Span::new().days(back))
                .ok()?
                .checked_add(jiff::Span::new().try_weeks(step).ok()?)
                .ok()?;
            let wanted: Vec<Weekday> = if rule.byday.is_empty() {
                vec![dtstart.weekday()]
            } else {
                rule.byday.iter().map(|(_, w)| *w).collect()
            };
            let days = (0..7)
                .filter_map(|i| week_start.checked_add(jiff::Span::new().days(i)).ok())
                .filter(|d| wanted.contains(&d.weekday()) && month_ok(rule, *d))
                .collect();
            Some((week_start, days))
        }
        Freq::Monthly => {
            let first = add_months(dtstart.first_of_month(), step)?;
            let days = if month_ok(rule, first) {
                days_in_month(rule, first, dtstart)
            } else {
                Vec::new()
            };
            Some((first, days))
        }
        Freq::Yearly => {
            let year = i64::from(dtstart.year()).checked_add(step)?;
            let year = i16::try_from(year)
                .ok()
                .filter(|y| (1..=9999).contains(y))?;
            let jan1 = Date::new(year, 1, 1).ok()?;
            let days = if rule.bymonth.is_empty()
                && (!rule.bymonthday.is_empty() || !rule.byday.is_empty())
            {
                // Without BYMONTH an ordinal counts within the whole year
                // (20MO: the 20th Monday), and BYMONTHDAY then limits.
                let all: Vec<Date> = (0..jan1.days_in_year())
                    .filter_map(|i| jan1.checked_add(jiff::Span::new().days(i)).ok())
                    .collect();
                let days = if rule.byday.is_empty() {
                    all
                } else {
                    nth_weekdays(&rule.byday, &all)
                };
                days.into_iter()
                    .filter(|d| {
                        rule.bymonthday.is_empty() || monthday_matches(&rule.bymonthday, *d)
                    })
                    .collect()
            } else {
                let months: Vec<i8> = if rule.bymonth.is_empty() {
                    vec![dtstart.month()]
                } else {
                    rule.bymonth.clone()
                };
                months
                    .iter()
                    .filter_map(|m| Date::new(year, *m, 1).ok())
                    .flat_map(|first| days_in_month(rule, first, dtstart))
                    .collect()
            };
            Some((jan1, days))
        }
    }
}

fn month_ok(rule: &Rule, d: Date) -> bool {
    rule.bymonth.is_empty() || rule.bymonth.contains(&d.month())
}

fn monthday_matches(list: &[i32], d: Date) -> bool {
    let len = i32::from(d.days_in_month());
    let day = i32::from(d.day());
    list.iter().any(|n| {
        if *n > 0 {
            *n == day
        } else {
            len + n + 1 == day
        }
    })
}

/// The candidate days of one month for MONTHLY (and YEARLY by month).
fn days_in_month(rule: &Rule, first: Date, dtstart: Date) -> Vec<Date> {
    let all: Vec<Date> = (0..i64::from(first.days_in_month()))
        .filter_map(|i| first.checked_add(jiff::Span::new().days(i)).ok())
        .collect();
    match (rule.bymonthday.is_empty(), rule.byday.is_empty()) {
        (true, true) => all
            .into_iter()
            .filter(|d| d.day() == dtstart.day())
            .collect(),
        (false, true) => all
            .into_iter()
            .filter(|d| monthday_matches(&rule.bymonthday, *d))
            .collect(),
        (true, false) => nth_weekdays(&rule.byday, &all),
        (false, false) => nth_weekdays(&rule.byday, &all)
            .into_iter()
            .filter(|d| monthday_matches(&rule.bymonthday, *d))
            .collect(),
    }
}

/// Days of `span` (a month or a year, in order) matching BYDAY entries:
/// plain weekdays match all, `2TU` the second Tuesday, `-1FR` the last Friday.
fn nth_weekdays(byday: &[(Option<i32>, Weekday)], span: &[Date]) -> Vec<Date> {
    let mut out = Vec::new();
    for (ord, wd) in byday {
        let matching: Vec<Date> = span
            .iter()
            .copied()
            .filter(|d| d.weekday() == *wd)
            .collect();
        match ord {
            None => out.extend(matching),
            Some(n) => {
                let n = *n;
                let len = matching.len() as i32;
                let i = if n > 0 { n - 1 } else { len + n };
                if (0..len).contains(&i) {
                    out.push(matching[i as usize]);
                }
            }
        }
    }
    out.sort();
    out
}

fn add_months(first: Date, months: i64) -> Option<Date> {
    let index = i64::from(first.year()) * 12 + i64::from(first.month()) - 1 + months;
    let year = i16::try_from(index.div_euclid(12)).ok()?;
    let month = i8::try_from(index.rem_euclid(12) + 1).ok()?;
    Date::new(year, month, 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn run(rule: &str, start: DateTime) -> Vec<DateTime> {
        let tz = TimeZone::get("Europe/London").unwrap();
        let from = date(2000, 1, 1)
            .to_zoned(TimeZone::UTC)
            .unwrap()
            .timestamp();
        let to = date(2040, 1, 1)
            .to_zoned(TimeZone::UTC)
            .unwrap()
            .timestamp();
        expand(&parse(rule).unwrap(), start, &tz, from, to)
    }

    #[test]
    fn monthly_second_tuesday() {
        let got = run(
            "FREQ=MONTHLY;BYDAY=2TU;COUNT=3",
            date(2026, 1, 13).at(18, 0, 0, 0),
        );
        let days: Vec<_> = got.iter().map(|d| d.date()).collect();
        assert_eq!(
            days,
            vec![date(2026, 1, 13), date(2026, 2, 10), date(2026, 3, 10)]
        );
    }

    #[test]
    fn monthly_last_friday_and_last_day() {
        let got = run(
            "FREQ=MONTHLY;BYDAY=-1FR;COUNT=2",
            date(2026, 1, 30).at(9, 0, 0, 0),
        );
        assert_eq!(got[1].date(), date(2026, 2, 27));
        let got = run(
            "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3",
            date(2026, 1, 31).at(9, 0, 0, 0),
        );
        assert_eq!(got[1].date(), date(2026, 2, 28));
        assert_eq!(got[2].date(), date(2026, 3, 31));
    }

    #[test]
    fn weekly_with_interval_and_until() {
        let got = run(
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20260201T000000Z",
            date(2026, 1, 5).at(10, 0, 0, 0),
        );
        let days: Vec<_> = got.iter().map(|d| d.date().day()).collect();
        assert_eq!(days, vec![5, 7, 19, 21]);
    }

    #[test]
    fn yearly_by_month() {
        let got = run(
            "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=2",
            date(2026, 3, 29).at(1, 0, 0, 0),
        );
        assert_eq!(got[1].date(), date(2027, 3, 28));
    }

    #[test]
    fn last_weekday_of_the_month() {
        let got = run(
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3",
            date(2026, 1, 30).at(17, 0, 0, 0),
        );
        let days: Vec<_> = got.iter().map(|d| d.date()).collect();
        // 28 February 2026 is a Saturday.
        assert_eq!(
            days,
            vec![date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 31)]
        );
    }

    #[test]
    fn impossible_rule_ends() {
        let got = run(
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            date(2026, 1, 1).at(0, 0, 0, 0),
        );
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn bad_rules_are_errors() {
        assert!(parse("FREQ=SECONDLY").is_err());
        assert!(parse("INTERVAL=2").is_err());
        assert!(parse("FREQ=DAILY;BYMONTH=13").is_err());
        assert!(parse("FREQ=DAILY;BYDAY=0MO").is_err());
        assert!(parse("FREQ=DAILY;BYWEEKNO=20").is_err());
        assert!(parse("FREQ=DAILY;BYHOUR=24").is_err());
    }

    fn times(got: &[DateTime]) -> Vec<String> {
        got.iter()
            .map(|d| d.strftime("%m-%d %H:%M").to_string())
            .collect()
    }

    #[test]
    fn by_hour_and_minute_expand_each_day() {
        let got = run(
            "FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0,30;COUNT=6",
            date(2026, 3, 2).at(9, 0, 0, 0),
        );
        assert_eq!(
            times(&got),
            [
                "03-02 09:00",
                "03-02 09:30",
                "03-02 17:00",
                "03-02 17:30",
                "03-03 09:00",
                "03-03 09:30"
            ]
        );
    }

    #[test]
    fn set_positions_pick_from_the_times_of_the_period() {
        // The last slot of each week: Friday at 16:00.
        let got = run(
            "FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=10,16;BYSETPOS=-1;COUNT=3",
            date(2026, 3, 6).at(16, 0, 0, 0),
        );
        assert_eq!(times(&got), ["03-06 16:00", "03-13 16:00", "03-20 16:00"]);
    }

    #[test]
    fn yearly_ordinal_weekday_with_month_days_counts_in_the_year() {
        // The first Friday of the year, when it is one of the first seven
        // days of its month: always in January, never in other months.
        let got = run(
            "FREQ=YEARLY;BYDAY=1FR;BYMONTHDAY=1,2,3,4,5,6,7;COUNT=3",
            date(2026, 1, 2).at(12, 0, 0, 0),
        );
        let days: Vec<_> = got.iter().map(|d| d.date()).collect();
        assert_eq!(
            days,
            vec![date(2026, 1, 2), date(2027, 1, 1), date(2028, 1, 7)]
        );
    }

    #[test]
    fn malformed_but_clear_rules_are_mended_with_a_note() {
        let mut notes = Vec::new();
        let rule =
            parse_recovering("RRULE:FREQ=WEEKLY;COUNT=-1;UNTIL=20260401", &mut notes).unwrap();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            parse("RRULE:FREQ=WEEKLY").is_err(),
            "the strict reader refuses it"
        );
        let got = expand(
            &rule,
            date(2026, 3, 2).at(9, 0, 0, 0),
            &TimeZone::UTC,
            date(2000, 1, 1)
                .to_zoned(TimeZone::UTC)
                .unwrap()
                .timestamp(),
            date(2040, 1, 1)
                .to_zoned(TimeZone::UTC)
                .unwrap()
                .timestamp(),
        );
        assert_eq!(got.len(), 5, "weekly until 1 April: {got:?}");
    }

    #[test]
    fn an_old_start_is_not_walked_period_by_period() {
        // Daily since 1753: the window alone is expanded, whatever the start.
        let got = run("FREQ=DAILY", date(1753, 1, 1).at(0, 0, 0, 0));
        assert_eq!(got.first().map(|d| d.date()), Some(date(2000, 1, 1)));
        assert_eq!(got.last().map(|d| d.date()), Some(date(2040, 1, 1)));
    }
}
