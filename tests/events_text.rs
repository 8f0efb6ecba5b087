//! Event text as WordPress calendar plugins write it: entities of every
//! kind, and a `<` that is only a less-than sign, read the same in
//! iCalendar, The Events Calendar's REST and JSON-LD.

mod events_support;

use events_support::{SITE, fixture, now};
use jiff::tz::TimeZone;
use newsroom::model::Event;
use newsroom::parse::parse_events_at;
use newsroom::render::event::render_event_plain;

const TITLE: &str = "Été in der Straße: a < b, then c – a talk";

fn only_event(name: &str, content_type: &str) -> Event {
    let b = parse_events_at(
        &fixture(name),
        Some(content_type),
        "https://haus.example/events/",
        SITE,
        now(),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(b.warnings.is_empty(), "{name}: {:?}", b.warnings);
    assert_eq!(b.events.len(), 1, "{name}: {:?}", b.events);
    b.events.into_iter().next().unwrap()
}

fn detail(e: &Event) -> String {
    render_event_plain(e, &TimeZone::UTC, 100)
}

#[test]
fn icalendar_text_is_decoded_once_and_whole() {
    let e = only_event("entities.ics", "text/calendar");
    assert_eq!(e.title, TITLE);
    assert_eq!(e.venue.as_deref(), Some("Großer Saal"));
    assert_eq!(
        e.address.as_deref(),
        Some("Straße des 17. Juni 135, Berlin")
    );
    assert_eq!(e.categories, ["Lesung", "Gespräch"]);
    let text = detail(&e);
    assert!(text.contains("Éine Lesung & Gespräch."), "{text}");
    assert!(
        !text.contains("&Eacute;") && !text.contains("&auml;"),
        "{text}"
    );
}

#[test]
fn the_events_calendar_text_is_decoded_once_and_whole() {
    let e = only_event("tribe-entities.json", "application/json");
    assert_eq!(e.title, TITLE);
    assert_eq!(e.venue.as_deref(), Some("Großer Saal <Ost>"));
    assert_eq!(
        e.address.as_deref(),
        Some("Straße des 17. Juni 135, Berlin, 10623, Deutschland")
    );
    assert_eq!(e.price.as_deref(), Some("5 €"));
    assert_eq!(e.categories, ["Lesung & Gespräch"]);
    let text = detail(&e);
    assert!(text.contains("Éine Lesung & Gespräch: a < b."), "{text}");
}

#[test]
fn json_ld_text_is_decoded_once_and_whole() {
    let e = only_event("jsonld-entities.html", "text/html; charset=UTF-8");
    assert_eq!(e.title, TITLE);
    assert_eq!(e.venue.as_deref(), Some("Großer Saal"));
    assert!(
        e.address
            .as_deref()
            .is_some_and(|a| a.starts_with("Straße des 17. Juni 135")),
        "{:?}",
        e.address
    );
    let text = detail(&e);
    assert!(text.contains("Éine Lesung & Gespräch."), "{text}");
}
