//! Fixtures and small functions shared by the event test files.
#![allow(dead_code)]

use jiff::Timestamp;
use newsroom::model::Event;
use newsroom::parse::{EventBatch, parse_events_at};

pub const SITE: &str = "Asia House";

pub fn now() -> Timestamp {
    "2026-11-28T12:00:00Z".parse().unwrap()
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/events/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn parse(name: &str, base: &str) -> EventBatch {
    parse_events_at(&fixture(name), None, base, SITE, now())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn titled<'a>(b: &'a EventBatch, title: &str) -> &'a Event {
    b.events
        .iter()
        .find(|e| e.title == title)
        .unwrap_or_else(|| {
            let titles: Vec<_> = b.events.iter().map(|e| &e.title).collect();
            panic!("no event {title:?} in {titles:?}")
        })
}

pub fn all_titled<'a>(b: &'a EventBatch, title: &str) -> Vec<&'a Event> {
    let mut v: Vec<&Event> = b.events.iter().filter(|e| e.title == title).collect();
    v.sort_by_key(|e| e.start.as_ref().map(|s| s.timestamp()));
    v
}

/// Start as RFC 3339 with the event's own offset, as `events --json` prints it.
pub fn start(e: &Event) -> String {
    e.start
        .as_ref()
        .unwrap()
        .timestamp()
        .display_with_offset(e.start.as_ref().unwrap().offset())
        .to_string()
}

pub fn end(e: &Event) -> String {
    let z = e.end.as_ref().expect("an end");
    z.timestamp().display_with_offset(z.offset()).to_string()
}

pub fn every_fixture_event() -> Vec<Event> {
    let mut all = Vec::new();
    for (name, base) in [
        ("google.ics", ""),
        ("outlook.ics", ""),
        ("tribe.ics", ""),
        ("tribe-page1.json", "https://asiahouse.org/"),
        ("tribe-page2.json", "https://asiahouse.org/"),
        ("event-page.html", "https://asiahouse.org/"),
        ("event-list.html", "https://asiahouse.org/"),
        ("bad.ics", ""),
    ] {
        all.extend(parse(name, base).events);
    }
    all
}
