//! Our exports read by an independent iCalendar implementation (calcard):
//! the same instants come out. calcard knows zones by name only (it does
//! not evaluate a VTIMEZONE's rules), so zones known only by their rules
//! are left out here; tests/events.rs covers those.

mod events_support;

use calcard::common::timezone::Tz;
use calcard::icalendar::ICalendar;
use events_support::fixture;
use newsroom::ics::export_ics;
use newsroom::parse::parse_events_at;

#[test]
fn another_reader_places_our_exports_at_the_same_instants() {
    let now = events_support::now();
    let mut checked = 0;
    for name in [
        "google.ics",
        "outlook.ics",
        "tribe-page1.json",
        "event-list.html",
    ] {
        let batch =
            parse_events_at(&fixture(name), None, "https://asiahouse.org/", "T", now).unwrap();
        let by_name = |e: &&newsroom::model::Event| {
            let tz = e.start.as_ref().unwrap().time_zone();
            tz.iana_name()
                .is_none_or(|n| jiff::tz::TimeZone::get(n).is_ok())
        };
        for e in batch.events.iter().filter(|e| !e.all_day).filter(by_name) {
            let ics = export_ics(e);
            let cal = ICalendar::parse(&ics).unwrap_or_else(|_| panic!("unreadable:\n{ics}"));
            let expanded = cal.expand_dates(Tz::UTC, 10);
            assert!(expanded.errors.is_empty(), "{:?}\n{ics}", expanded.errors);
            assert_eq!(expanded.events.len(), 1, "{ics}");
            let theirs = expanded.events[0].start.timestamp();
            let ours = e.start.as_ref().unwrap().timestamp().as_second();
            assert_eq!(theirs, ours, "{}\n{ics}", e.title);
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
}
