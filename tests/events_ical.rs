//! The iCalendar reader on what real exporters write: every occurrence at
//! the right instant, nothing skipped without a warning that says why.

mod events_support;

use events_support::*;
use newsroom::model::Event;
use newsroom::parse::{EventBatch, parse_events_at};

fn ical(name: &str) -> EventBatch {
    parse(&format!("ical/{name}"), "")
}

fn inline(ics: &str) -> EventBatch {
    parse_events_at(ics.replace('\n', "\r\n").as_bytes(), None, "", SITE, now()).unwrap()
}

/// (start, title) of every event, soonest first.
fn timeline(b: &EventBatch) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = b
        .events
        .iter()
        .map(|e| (start(e), e.title.clone()))
        .collect();
    v.sort();
    v
}

fn starts(events: &[&Event]) -> Vec<String> {
    events.iter().map(|e| start(e)).collect()
}

fn warned(b: &EventBatch, needle: &str) -> bool {
    b.warnings.iter().any(|w| w.contains(needle))
}

#[test]
fn an_escaped_comma_in_a_vtimezone_names_the_quoted_tzid() {
    let b = ical("kuala-lumpur-escaped-tzid.ics");
    let standup = all_titled(&b, "ASEAN desk stand-up");
    assert_eq!(
        starts(&standup),
        [
            "2026-12-08T09:30:00+08:00",
            "2026-12-15T09:30:00+08:00",
            "2026-12-22T09:30:00+08:00"
        ]
    );
    assert_eq!(end(standup[0]), "2026-12-08T11:00:00+08:00");
}

#[test]
fn a_tzid_with_a_leading_space_is_found_and_escaped_quotes_are_undone() {
    let b = ical("kuala-lumpur-escaped-tzid.ics");
    let e = titled(&b, "Leading space \"quoted\"");
    assert_eq!(start(e), "2026-12-09T09:30:00+08:00");
}

#[test]
fn lotus_notes_zone_rules_with_byhour_keep_summer_time() {
    let b = ical("lotus-notes.ics");
    let all = all_titled(&b, "Jour fixe Asia desk");
    assert_eq!(
        starts(&all),
        [
            "2026-03-02T16:00:00+01:00",
            "2026-04-06T16:00:00+02:00",
            "2026-05-04T16:00:00+02:00"
        ]
    );
}

#[test]
fn rdate_periods_end_when_they_say() {
    let b = ical("lotus-notes.ics");
    let ends: Vec<String> = all_titled(&b, "Jour fixe Asia desk")
        .iter()
        .map(|e| end(e))
        .collect();
    assert_eq!(
        ends,
        [
            "2026-03-02T16:30:00+01:00",
            "2026-04-06T17:00:00+02:00",
            "2026-05-04T18:00:00+02:00"
        ]
    );
}

#[test]
fn a_start_and_rdates_without_a_rule_are_every_date() {
    let b = ical("apple-podcast-schedule.ics");
    let all = all_titled(&b, "Asia Briefing: live recording");
    assert_eq!(all.len(), 12, "{:?}", starts(&all));
    assert_eq!(start(all[0]), "2026-01-14T18:00:00+00:00");
    assert_eq!(start(all[6]), "2026-07-08T18:00:00+01:00");
    assert_eq!(end(all[6]), "2026-07-08T19:00:00+01:00");
    assert_eq!(start(all[11]), "2026-12-09T18:00:00+00:00");
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
}

#[test]
fn an_empty_rdate_leaves_a_single_event_single() {
    let b = inline(
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:test-123\nDTSTART:20200101T100000Z\n\
         RDATE:\nSUMMARY:Long ago\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    assert_eq!(
        starts(&all_titled(&b, "Long ago")),
        ["2020-01-01T10:00:00+00:00"]
    );
}

#[test]
fn a_date_time_recurrence_id_replaces_its_all_day_instance() {
    let b = ical("exchange-2010-all-day-moved.ics");
    let days: Vec<(String, String)> = timeline(&b)
        .into_iter()
        .map(|(s, t)| (s[..10].to_string(), t))
        .collect();
    assert_eq!(
        days,
        [
            ("2026-11-03".to_string(), "Reading week".to_string()),
            ("2026-11-12".to_string(), "Reading week (moved)".to_string()),
            ("2026-11-17".to_string(), "Reading week".to_string()),
            ("2026-11-24".to_string(), "Reading week".to_string()),
        ]
    );
    assert!(b.events.iter().all(|e| e.all_day));
}

#[test]
fn this_and_future_moves_every_later_instance() {
    let b = ical("thunderbird-this-and-future.ics");
    let t = timeline(&b);
    let at = |s: &str| {
        t.iter()
            .find(|(start, _)| start.starts_with(s))
            .map(|(st, title)| (st.as_str(), title.as_str()))
    };
    assert_eq!(t.len(), 10, "{t:?}");
    assert_eq!(
        at("2026-09-16"),
        Some(("2026-09-16T18:00:00+01:00", "Language class"))
    );
    assert_eq!(
        at("2026-09-23"),
        Some(("2026-09-23T18:30:00+01:00", "Language class (new room)"))
    );
    assert_eq!(
        at("2026-10-07"),
        Some(("2026-10-07T18:30:00+01:00", "Language class (new room)"))
    );
    // An override of its own still wins over the range.
    assert_eq!(
        at("2026-10-14"),
        Some(("2026-10-14T17:00:00+01:00", "Language class: guest speaker"))
    );
    // Past the clock change, still 18:30 on the wall.
    assert_eq!(
        at("2026-11-04"),
        Some(("2026-11-04T18:30:00+00:00", "Language class (new room)"))
    );
    let moved = b
        .events
        .iter()
        .find(|e| start(e) == "2026-10-28T18:30:00+00:00")
        .unwrap();
    assert_eq!(end(moved), "2026-10-28T20:00:00+00:00");
    assert_eq!(moved.venue.as_deref(), Some("Room 2"));
}

#[test]
fn a_series_from_before_1900_shows_its_instances_in_the_window() {
    let b = ical("google-holidays-since-1753.ics");
    let days = |title: &str| -> Vec<String> {
        all_titled(&b, title)
            .iter()
            .map(|e| start(e)[..10].to_string())
            .collect()
    };
    assert_eq!(
        days("New Year's Day"),
        ["2026-01-01", "2027-01-01", "2028-01-01"]
    );
    assert_eq!(
        days("Counted since 1850"),
        ["2026-07-04", "2027-07-04", "2028-07-04"]
    );
}

#[test]
fn a_master_stated_again_replaces_the_earlier_wholly() {
    let b = ical("master-stated-twice.ics");
    assert_eq!(
        timeline(&b),
        [
            (
                "2026-09-10T17:00:00+00:00".to_string(),
                "Book club (Thursdays now)".to_string()
            ),
            (
                "2026-10-08T17:00:00+00:00".to_string(),
                "Book club (Thursdays now)".to_string()
            ),
            (
                "2026-11-12T17:00:00+00:00".to_string(),
                "Book club (Thursdays now)".to_string()
            ),
        ]
    );
    assert!(warned(&b, "stated twice"), "{:?}", b.warnings);
}

#[test]
fn byhour_and_byminute_expand_and_every_rrule_counts() {
    let b = ical("hours-and-two-rules.ics");
    assert_eq!(
        starts(&all_titled(&b, "Gallery tour")),
        [
            "2026-09-07T11:00:00+01:00",
            "2026-09-07T11:30:00+01:00",
            "2026-09-07T15:00:00+01:00",
            "2026-09-07T15:30:00+01:00",
            "2026-09-09T11:00:00+01:00",
            "2026-09-09T11:30:00+01:00",
            "2026-09-09T15:00:00+01:00",
            "2026-09-09T15:30:00+01:00",
        ]
    );
    // Each rule counts DTSTART as its first occurrence (RFC 5545 3.3.10).
    assert_eq!(
        starts(&all_titled(&b, "Members' evening")),
        [
            "2026-09-03T19:00:00+01:00",
            "2026-09-10T19:00:00+01:00",
            "2026-09-14T19:00:00+01:00",
            "2026-09-17T19:00:00+01:00",
            "2026-10-12T19:00:00+01:00",
        ]
    );
}

#[test]
fn dtstart_is_the_first_of_count_even_when_the_rule_skips_it() {
    let b = inline(
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:count@example.org\n\
         DTSTART;TZID=Europe/London:20260903T100000\nRRULE:FREQ=MONTHLY;BYDAY=2MO;COUNT=2\n\
         SUMMARY:Counted\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    assert_eq!(
        starts(&all_titled(&b, "Counted")),
        ["2026-09-03T10:00:00+01:00", "2026-09-14T10:00:00+01:00"]
    );
}

#[test]
fn a_date_value_ignores_its_tzid() {
    let b = inline(
        "BEGIN:VCALENDAR\nVERSION:2.0\nX-WR-TIMEZONE:Asia/Singapore\nBEGIN:VEVENT\nUID:day@example.org\n\
         DTSTART;TZID=America/New_York;VALUE=DATE:20261201\nSUMMARY:A day\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let e = titled(&b, "A day");
    assert!(e.all_day);
    assert_eq!(start(e), "2026-12-01T00:00:00+08:00");
}

#[test]
fn a_zone_named_like_iana_only_in_case_is_the_files_own() {
    let b = ical("lisbon-lowercase.ics");
    let e = titled(&b, "Porto office call");
    // The file defines "Europe/lisbon" as Central European Time.
    assert_eq!(start(e), "2026-12-15T14:30:00+01:00");
}

#[test]
fn outlook_display_names_are_zones_and_an_offset_alone_is_floating() {
    let b = ical("outlook-display-names.ics");
    let sydney = titled(&b, "Sydney partners briefing");
    assert_eq!(start(sydney), "2027-01-15T09:00:00+11:00");
    assert_eq!(sydney.timezone.as_deref(), Some("Australia/Sydney"));
    let paris = titled(&b, "Paris desk call");
    assert_eq!(start(paris), "2027-01-15T14:00:00+01:00");
    assert!(
        warned(
            &b,
            "unknown time zone \"(GMT +01:00)\": its times are read in Europe/Paris"
        ),
        "{:?}",
        b.warnings
    );
}

#[test]
fn malformed_but_clear_values_are_mended_with_warnings() {
    let b = ical("malformed-but-clear.ics");
    assert_eq!(
        starts(&all_titled(&b, "Doubled prefix")),
        [
            "2026-09-02T17:00:00+00:00",
            "2026-09-09T17:00:00+00:00",
            "2026-09-16T17:00:00+00:00"
        ]
    );
    let dt = titled(&b, "Date that is a date-time");
    assert!(!dt.all_day);
    assert_eq!(start(dt), "2026-09-10T10:00:00+01:00");
    assert_eq!(end(dt), "2026-09-10T11:30:00+01:00");
    let days: Vec<String> = all_titled(&b, "Count of minus one")
        .iter()
        .map(|e| start(e)[..10].to_string())
        .collect();
    assert_eq!(days, ["2026-09-07", "2026-09-21", "2026-10-05"]);
    for needle in [
        "doubled \"RRULE:\" prefix",
        "holds a date-time",
        "COUNT=-1 ignored",
    ] {
        assert!(warned(&b, needle), "no {needle:?} in {:?}", b.warnings);
    }
}

#[test]
fn mozilla_blank_line_folds_and_an_unclosed_todo() {
    let b = ical("mozilla-blank-folds.ics");
    let lecture = titled(&b, "Winter lecture");
    assert!(lecture.all_day);
    assert_eq!(start(lecture)[..10], *"2026-12-25");
    let after = titled(&b, "After an unclosed to-do");
    assert_eq!(start(after), "2026-12-02T12:00:00+00:00");
    assert!(warned(&b, "VTODO left open"), "{:?}", b.warnings);
}

#[test]
fn a_zone_onset_given_as_a_date_counts() {
    let b = inline(
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VTIMEZONE\nTZID:UTC+11\nBEGIN:STANDARD\n\
         DTSTART;VALUE=DATE:20170101\nTZNAME:UTC+11\nTZOFFSETFROM:+1100\nTZOFFSETTO:+1100\n\
         END:STANDARD\nEND:VTIMEZONE\nBEGIN:VEVENT\nUID:court@example.org\n\
         DTSTART;TZID=UTC+11:20261228T230000\nSUMMARY:Court 4\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    assert_eq!(start(titled(&b, "Court 4")), "2026-12-28T23:00:00+11:00");
}

#[test]
fn an_override_of_an_excluded_instance_was_deleted() {
    // The master's later revision excludes the day its older override moved.
    let b = inline(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:111\nRECURRENCE-ID;VALUE=DATE:20260914\n\
         DTSTART;VALUE=DATE:20260915\nSUMMARY:Moved, then deleted\nSEQUENCE:2\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:111\nDTSTART;VALUE=DATE:20260907\nRRULE:FREQ=WEEKLY;COUNT=3\n\
         EXDATE;VALUE=DATE:20260914\nSUMMARY:Weekly\nSEQUENCE:3\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let days: Vec<String> = timeline(&b)
        .into_iter()
        .map(|(s, _)| s[..10].to_string())
        .collect();
    assert_eq!(days, ["2026-09-07", "2026-09-21"]);
    assert!(warned(&b, "excludes that instance"), "{:?}", b.warnings);
}

#[test]
fn an_override_of_no_instance_is_left_over_from_an_older_series() {
    // The series was cut short (UNTIL) after its 2 November instance was moved.
    let b = inline(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:222\nDTSTART;VALUE=DATE:20261102\nDTEND;VALUE=DATE:20261103\n\
         RECURRENCE-ID;VALUE=DATE:20261102\nSUMMARY:Moved before the cut\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:222\nDTSTART;VALUE=DATE:20261005\nDTEND;VALUE=DATE:20261006\n\
         RRULE:FREQ=WEEKLY;UNTIL=20261020\nSUMMARY:Weekly\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let days: Vec<String> = timeline(&b)
        .into_iter()
        .map(|(s, _)| s[..10].to_string())
        .collect();
    assert_eq!(days, ["2026-10-05", "2026-10-12", "2026-10-19"]);
    assert!(warned(&b, "names no instance"), "{:?}", b.warnings);
}

#[test]
fn overrides_stay_when_a_rule_of_their_series_cannot_be_read() {
    let b = inline(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:333\nDTSTART:20261007T090000Z\n\
         RRULE:FREQ=WEEKLY;BYWEEKNO=41,43\nRDATE:20261014T090000Z\nSUMMARY:Odd weeks\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:333\nRECURRENCE-ID:20261021T090000Z\nDTSTART:20261021T100000Z\n\
         SUMMARY:Odd weeks, later start\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    assert_eq!(
        timeline(&b),
        [
            (
                "2026-10-07T09:00:00+00:00".to_string(),
                "Odd weeks".to_string()
            ),
            (
                "2026-10-14T09:00:00+00:00".to_string(),
                "Odd weeks".to_string()
            ),
            (
                "2026-10-21T10:00:00+00:00".to_string(),
                "Odd weeks, later start".to_string()
            ),
        ]
    );
    assert!(warned(&b, "unsupported BYWEEKNO"), "{:?}", b.warnings);
}
