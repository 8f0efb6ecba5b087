//! The candidates of one period: its days (BYMONTH, BYMONTHDAY, BYDAY with
//! ordinals), each day's times (BYHOUR, BYMINUTE, BYSECOND), and BYSETPOS
//! picking among them.

use jiff::civil::{Date, DateTime, Time, Weekday};

use super::{Freq, MAX_PER_PERIOD, Rule};

/// Each day's times, in order: BYHOUR × BYMINUTE × BYSECOND, DTSTART's
/// where a part is absent.
pub(super) fn with_times(rule: &Rule, days: &[Date], at: Time) -> Vec<DateTime> {
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

pub(super) fn set_positions(pos: &[i32], all: Vec<DateTime>) -> Vec<DateTime> {
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
pub(super) fn period(rule: &Rule, dtstart: Date, k: i64) -> Option<(Date, Vec<Date>)> {
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
