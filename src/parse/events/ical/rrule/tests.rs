//! Expansion of the rules calendars really use.

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
    let rule = parse_recovering("RRULE:FREQ=WEEKLY;COUNT=-1;UNTIL=20260401", &mut notes).unwrap();
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

#[test]
fn a_rule_for_every_second_is_cut_short() {
    let minutes: Vec<String> = (0..60).map(|m| m.to_string()).collect();
    let rule = format!(
        "FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE={m};BYSECOND={m}",
        m = minutes.join(",")
    );
    let got = run(&rule, date(2026, 1, 1).at(0, 0, 0, 0));
    assert!(got.len() <= MAX_CANDIDATES, "{}", got.len());
}
