//! `rrule.rs` against the `rrule` crate (a port of python-dateutil's
//! expansion) on random rules both support. The two differ on purpose in
//! one place: RFC 5545 counts DTSTART as the first occurrence even when the
//! rule does not match it, where the crate lists only matching dates; the
//! comparison puts DTSTART first and takes COUNT - 1 of the crate's later
//! dates. And in a weekly rule with BYSETPOS the crate (as dateutil) picks
//! from the days of DTSTART's week from DTSTART on, where RFC 5545's set is
//! the whole week: those rules start on the week's first day here.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use proptest::prelude::*;

use super::{expand, parse};

const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn list<T: ToString>(v: &[T]) -> String {
    v.iter().map(T::to_string).collect::<Vec<_>>().join(",")
}

/// A rule both readers support, as RRULE text.
fn rule() -> impl Strategy<Value = String> {
    let freq = prop::sample::select(vec!["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]);
    let days = prop::collection::btree_set(0usize..7, 0..=3);
    let ordinals = prop::collection::vec(prop_oneof![-5i32..=-1, 1i32..=5, 6i32..=20], 3);
    let monthdays = prop::collection::btree_set(prop_oneof![1i32..=31, -3i32..=-1], 0..=3);
    let months = prop::collection::btree_set(1i32..=12, 0..=2);
    let hours = prop::collection::btree_set(0i32..=23, 0..=2);
    let minutes = prop::collection::btree_set(0i32..=59, 0..=2);
    let seconds = prop::collection::btree_set(0i32..=59, 0..=1);
    let setpos = prop::collection::btree_set(prop_oneof![1i32..=3, -3i32..=-1], 0..=1);
    (
        (freq, 1i32..=3, 1u32..=25, any::<bool>()),
        (days, ordinals, monthdays, months),
        (hours, minutes, seconds, setpos),
    )
        .prop_map(
            |(
                (freq, interval, count, use_ordinals),
                (days, ordinals, monthdays, months),
                (hours, minutes, seconds, setpos),
            )| {
                let mut parts = vec![
                    format!("FREQ={freq}"),
                    format!("INTERVAL={interval}"),
                    format!("COUNT={count}"),
                ];
                let periodic = freq == "MONTHLY" || freq == "YEARLY";
                if !days.is_empty() {
                    let byday: Vec<String> = days
                        .iter()
                        .zip(&ordinals)
                        .map(|(d, n)| {
                            // Ordinals past 5 only count within a year.
                            let n = if freq == "MONTHLY" && n.abs() > 5 {
                                n % 5 + 1
                            } else {
                                *n
                            };
                            if periodic && use_ordinals && n != 0 {
                                format!("{n}{}", DAYS[*d])
                            } else {
                                DAYS[*d].to_string()
                            }
                        })
                        .collect();
                    parts.push(format!("BYDAY={}", byday.join(",")));
                }
                // BYMONTHDAY has no meaning in a weekly rule (RFC 5545 table).
                if !monthdays.is_empty() && freq != "WEEKLY" {
                    parts.push(format!("BYMONTHDAY={}", list(&Vec::from_iter(monthdays))));
                }
                if !months.is_empty() {
                    parts.push(format!("BYMONTH={}", list(&Vec::from_iter(months))));
                }
                for (name, set) in [
                    ("BYHOUR", hours),
                    ("BYMINUTE", minutes),
                    ("BYSECOND", seconds),
                ] {
                    if !set.is_empty() {
                        parts.push(format!("{name}={}", list(&Vec::from_iter(set))));
                    }
                }
                if !setpos.is_empty() && parts.len() > 3 {
                    parts.push(format!("BYSETPOS={}", list(&Vec::from_iter(setpos))));
                }
                parts.join(";")
            },
        )
}

fn start() -> impl Strategy<Value = DateTime> {
    (2020i16..=2030, 1i8..=12, 1i8..=28, 0i8..=23, 0i8..=59)
        .prop_map(|(y, mo, d, h, mi)| jiff::civil::date(y, mo, d).at(h, mi, 0, 0))
}

/// What the crate lists up to `until`, as wall times in UTC; `None` when it
/// refuses the rule. The crate is given UNTIL in place of COUNT: on a rule
/// that rarely matches it would otherwise walk 100,000 periods.
fn oracle(rule: &str, start: DateTime, until: DateTime) -> Option<Vec<DateTime>> {
    let fmt = |d: DateTime| d.strftime("%Y%m%dT%H%M%SZ").to_string();
    let rule: Vec<String> = rule
        .split(';')
        .map(|p| match p.strip_prefix("COUNT=") {
            Some(_) => format!("UNTIL={}", fmt(until)),
            None => p.to_string(),
        })
        .collect();
    let set: ::rrule::RRuleSet = format!("DTSTART:{}\nRRULE:{}", fmt(start), rule.join(";"))
        .parse()
        .ok()?;
    let dates = set.all(2_000).dates;
    Some(
        dates
            .iter()
            .filter_map(|d| {
                d.naive_utc()
                    .format("%Y-%m-%dT%H:%M:%S")
                    .to_string()
                    .parse()
                    .ok()
            })
            .collect(),
    )
}

proptest! {
    // A rule that never matches costs the crate 100,000 empty periods
    // (about a second in a debug build): few cases keep the suite quick.
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn expansion_agrees_with_the_rrule_crate(rule in rule(), start in start()) {
        let start = if rule.contains("WEEKLY") && rule.contains("BYSETPOS") {
            let back = i64::from(start.weekday().to_monday_zero_offset());
            start.checked_sub(jiff::Span::new().days(back)).unwrap()
        } else {
            start
        };
        let parsed = parse(&rule).expect("a rule of the supported kind");
        let count = rule
            .split(';')
            .find_map(|p| p.strip_prefix("COUNT="))
            .and_then(|c| c.parse::<usize>().ok())
            .expect("a COUNT");
        let until = start.checked_add(jiff::Span::new().years(8)).unwrap();
        let Some(theirs) = oracle(&rule, start, until) else {
            return Ok(());
        };
        let mut expected = vec![start];
        expected.extend(theirs.into_iter().filter(|d| *d > start).take(count - 1));
        let ts = |d: DateTime| d.to_zoned(TimeZone::UTC).unwrap().timestamp();
        let ours = expand(&parsed, start, &TimeZone::UTC, ts(start), ts(until));
        prop_assert_eq!(ours, expected, "rule {}", rule);
    }
}
