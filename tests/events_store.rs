//! Events through the cache and out of the command line: what a calendar
//! says survives being stored and read back.

mod common;
mod events_support;

use std::sync::Arc;

use common::{Env, run_with};
use events_support::{SITE, fixture, now};
use newsroom::config::SiteConfig;
use newsroom::model::SourceState;
use newsroom::parse::parse_events_at;
use newsroom::serve::{Request, Response, Server};
use newsroom::store::{EventQuery, EventWhen, Store};

/// Serve one calendar file at `/calendar.ics`.
fn calendar_server(name: &'static str) -> Server {
    let body = fixture(name);
    Server::start(Arc::new(move |req: &Request| match req.path.as_str() {
        "/calendar.ics" => Response::ok("text/calendar; charset=utf-8", body.clone()),
        _ => Response::not_found(),
    }))
    .unwrap()
}

fn events_only(url: String) -> SiteConfig {
    SiteConfig {
        name: SITE.into(),
        home: None,
        articles: vec![],
        events: vec![url],
    }
}

fn by_title<'a>(items: &'a [serde_json::Value], title: &str) -> &'a serde_json::Value {
    items
        .iter()
        .find(|e| e["title"] == title)
        .unwrap_or_else(|| panic!("no event {title:?} in {items:?}"))
}

#[test]
fn a_zone_the_calendar_defines_itself_survives_the_store() {
    let server = calendar_server("outlook-own-zone.ics");
    let env = Env::new(&[events_only(format!("{}/calendar.ics", server.base_url()))]);
    env.ok(&["sync"]);
    let v = env.json(&["events", "--json", "--all"]);
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 2, "{items:?}");

    // Summer in Melbourne: daylight time, UTC+11, by the file's own rules.
    let opening = by_title(items, "Melbourne Summit Opening");
    assert_eq!(opening["start"], "2027-01-15T09:30:00+11:00");
    assert_eq!(opening["end"], "2027-01-15T17:00:00+11:00");
    assert!(opening["timezone"].is_null(), "not an IANA name: {opening}");

    // Winter there: standard time, UTC+10.
    let forum = by_title(items, "Melbourne Winter Forum");
    assert_eq!(forum["start"], "2027-07-15T18:00:00+10:00");
    assert_eq!(forum["end"], "2027-07-15T20:00:00+10:00");

    // The detail view gives the times as the calendar does, and its zone by
    // the calendar's name for it.
    let text = env.ok(&["event", opening["id"].as_str().unwrap()]);
    assert!(
        text.contains("09:30–17:00 UTC+11 (Customized Time Zone)"),
        "{text}"
    );
}

#[test]
fn occurrences_moved_onto_one_start_stay_apart() {
    // Thunderbird moved two days' briefings onto Tuesday and one onto
    // Thursday: six instances, three of them at the same moment.
    let batch = parse_events_at(
        &fixture("thunderbird-moved.ics"),
        Some("text/calendar"),
        "https://example.org/calendar.ics",
        SITE,
        now(),
    )
    .unwrap();
    assert_eq!(batch.events.len(), 6, "{:?}", batch.events);

    let env = Env::new(&[events_only("https://example.org/calendar.ics".into())]);
    let mut store = Store::open(&env.db()).unwrap();
    let source = SourceState {
        site: SITE.into(),
        url: "https://example.org/calendar.ics".into(),
        ..SourceState::default()
    };
    let first = store.save_events(&source, &batch.events).unwrap();
    assert_eq!(first.new, 6, "{first:?}");
    // A second sync of the same file finds each instance again.
    let again = store.save_events(&source, &batch.events).unwrap();
    assert_eq!((again.new, again.unchanged), (0, 6), "{again:?}");
    let all = EventQuery {
        when: EventWhen::All,
        ..EventQuery::default()
    };
    assert_eq!(store.events_at(&all, now()).unwrap().len(), 6);
    drop(store);

    let out = run_with(
        &env.config(),
        &env.data(),
        &["--offline", "events", "--json", "--all"],
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let starts: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2027-03-02T10:00:00+01:00",
            "2027-03-02T10:00:00+01:00",
            "2027-03-02T10:00:00+01:00",
            "2027-03-04T10:00:00+01:00",
            "2027-03-04T10:00:00+01:00",
            "2027-03-06T10:00:00+01:00",
        ]
    );
}
