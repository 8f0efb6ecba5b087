//! Events from two sources, merged, and the agenda queries.

use super::*;

fn event(uid: &str, start: &str, end: Option<&str>) -> Event {
    Event {
        id: newsroom::model::event_id(uid, None),
        site: "Asia House".into(),
        uid: uid.into(),
        title: format!("Event {uid}"),
        url: Some(format!("https://asiahouse.org/events/{uid}/")),
        start: Some(start.parse().unwrap()),
        end: end.map(|e| e.parse().unwrap()),
        timezone: Some("Europe/London".into()),
        description_html: "<p>A talk.</p>".into(),
        categories: vec!["Talks".into()],
        ..Event::default()
    }
}

#[test]
fn events_merge_across_sources_and_list_by_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let ics = source("https://asiahouse.org/events.ics");
    let rest = source("https://asiahouse.org/wp-json/tribe/events/v1/events");
    let talk = event(
        "talk@asiahouse.org",
        "2026-07-14T19:00:00+01:00[Europe/London]",
        Some("2026-07-14T20:30:00+01:00[Europe/London]"),
    );
    let past = event(
        "old@asiahouse.org",
        "2026-01-10T18:00:00+00:00[Europe/London]",
        None,
    );
    let sg = Event {
        timezone: Some("Asia/Singapore".into()),
        categories: vec!["Business".into(), "talks".into()],
        title: "Singapore forum 论坛".into(),
        ..event(
            "sg@asiahouse.org",
            "2026-08-01T09:00:00+08:00[Asia/Singapore]",
            None,
        )
    };
    let s = store
        .save_events(&ics, &[talk.clone(), past.clone(), sg.clone()])
        .unwrap();
    assert_eq!(s.new, 3);
    // The REST copy of the talk: another id, the same page and start; price and website.
    let talk_rest = Event {
        id: "tribe-123".into(),
        uid: "123".into(),
        price: Some("£15".into()),
        booking_url: Some("https://tickets.example/talk".into()),
        venue: Some("Asia House, 63 New Cavendish St".into()),
        description_html: "<p>A talk, with a longer description from the website.</p>".into(),
        ..talk.clone()
    };
    let s = store.save_events(&rest, &[talk_rest]).unwrap();
    assert_eq!((s.new, s.updated), (0, 1));
    // The iCalendar file again, with no price: the REST fields stay.
    let s = store
        .save_events(&ics, std::slice::from_ref(&talk))
        .unwrap();
    assert_eq!(s.unchanged, 1, "{s:?}");
    let merged = store.event(&talk.id).unwrap().unwrap();
    assert_eq!(merged.price.as_deref(), Some("£15"));
    assert_eq!(
        merged.booking_url.as_deref(),
        Some("https://tickets.example/talk")
    );
    assert!(merged.description_html.contains("longer"));
    assert_eq!(merged.start, talk.start);
    assert_eq!(merged.start.unwrap().offset().seconds(), 3600);

    let now: Timestamp = "2026-07-14T19:30:00Z".parse().unwrap();
    let q = |when| EventQuery {
        when,
        ..EventQuery::default()
    };
    let ids = |v: Vec<Event>| v.into_iter().map(|e| e.uid).collect::<Vec<_>>();
    // 19:30 UTC is 20:30 London: the talk ends then, still upcoming.
    assert_eq!(
        ids(store.events_at(&q(EventWhen::Upcoming), now).unwrap()),
        ["talk@asiahouse.org", "sg@asiahouse.org"]
    );
    assert_eq!(
        ids(store
            .events_at(&q(EventWhen::Upcoming), now + 1.hour())
            .unwrap()),
        ["sg@asiahouse.org"]
    );
    assert_eq!(
        ids(store
            .events_at(&q(EventWhen::Past), now + 1.hour())
            .unwrap()),
        ["talk@asiahouse.org", "old@asiahouse.org"]
    );
    assert_eq!(store.events_at(&q(EventWhen::All), now).unwrap().len(), 3);
    let business = EventQuery {
        when: EventWhen::All,
        category: Some("business".into()),
        ..EventQuery::default()
    };
    assert_eq!(
        ids(store.events_at(&business, now).unwrap()),
        ["sg@asiahouse.org"]
    );
    let found = EventQuery {
        when: EventWhen::All,
        search: Some("论坛".into()),
        ..EventQuery::default()
    };
    assert_eq!(
        ids(store.events_at(&found, now).unwrap()),
        ["sg@asiahouse.org"]
    );
    let venue = EventQuery {
        when: EventWhen::All,
        search: Some("cavendish".into()),
        ..EventQuery::default()
    };
    assert_eq!(
        ids(store.events_at(&venue, now).unwrap()),
        ["talk@asiahouse.org"]
    );
    assert_eq!(store.event_categories().unwrap(), ["Business", "Talks"]);
    let cancelled = Event {
        status: EventStatus::Cancelled,
        ..sg
    };
    store.save_events(&ics, &[cancelled]).unwrap();
    let sg_id = newsroom::model::event_id("sg@asiahouse.org", None);
    assert_eq!(
        store.event(&sg_id).unwrap().unwrap().status,
        EventStatus::Cancelled
    );
    assert_eq!(store.sources().unwrap().len(), 2);
}
