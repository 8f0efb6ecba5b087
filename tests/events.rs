//! Event sources as calendar software and The Events Calendar really write
//! them, parsed, exported and laid out.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsroom::ics::export_ics;
use newsroom::model::{Event, EventStatus};
use newsroom::parse::{EventBatch, ParseError, parse_events_at};
use newsroom::render::Role;
use newsroom::render::event::{render_event, render_event_plain};
use unicode_width::UnicodeWidthStr;

const SITE: &str = "Asia House";

fn now() -> Timestamp {
    "2026-11-28T12:00:00Z".parse().unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/events/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse(name: &str, base: &str) -> EventBatch {
    parse_events_at(&fixture(name), None, base, SITE, now())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn titled<'a>(b: &'a EventBatch, title: &str) -> &'a Event {
    b.events
        .iter()
        .find(|e| e.title == title)
        .unwrap_or_else(|| {
            let titles: Vec<_> = b.events.iter().map(|e| &e.title).collect();
            panic!("no event {title:?} in {titles:?}")
        })
}

fn all_titled<'a>(b: &'a EventBatch, title: &str) -> Vec<&'a Event> {
    let mut v: Vec<&Event> = b.events.iter().filter(|e| e.title == title).collect();
    v.sort_by_key(|e| e.start.as_ref().map(|s| s.timestamp()));
    v
}

/// Start as RFC 3339 with the event's own offset, as `events --json` prints it.
fn start(e: &Event) -> String {
    e.start
        .as_ref()
        .unwrap()
        .timestamp()
        .display_with_offset(e.start.as_ref().unwrap().offset())
        .to_string()
}

fn end(e: &Event) -> String {
    let z = e.end.as_ref().expect("an end");
    z.timestamp().display_with_offset(z.offset()).to_string()
}

#[test]
fn google_calendar_zones_and_offsets() {
    let b = parse(
        "google.ics",
        "https://calendar.google.com/calendar/ical/x/public/basic.ics",
    );
    assert_eq!(b.format, "icalendar");
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);

    let summer = titled(&b, "Summer Lecture: Café Culture; East & West");
    assert_eq!(start(summer), "2026-07-14T18:30:00+01:00");
    assert_eq!(end(summer), "2026-07-14T20:00:00+01:00");
    assert_eq!(summer.timezone.as_deref(), Some("Europe/London"));
    assert_eq!(summer.venue.as_deref(), Some("Asia House"));
    assert_eq!(
        summer.address.as_deref(),
        Some("63 New Cavendish Street, London W1G 7LP, UK")
    );
    assert_eq!(summer.site, SITE);
    assert_eq!(
        summer.id,
        newsroom::model::event_id("2v8k1q7m3n9p4r6s5t0u@google.com", None)
    );

    let winter = titled(&b, "Winter Briefing");
    assert_eq!(start(winter), "2026-01-20T18:30:00+00:00");
    assert_eq!(end(winter), "2026-01-20T20:00:00+00:00");
    // Google's HTML in DESCRIPTION is kept as markup, the folded href whole.
    assert!(
        winter
            .description_html
            .contains("href=\"https://asiahouse.org/events/winter-briefing/\""),
        "{}",
        winter.description_html
    );

    let utc = titled(&b, "Webinar: Markets in Asia");
    assert_eq!(start(utc), "2026-03-01T09:00:00+00:00");
    assert_eq!(
        utc.start.as_ref().unwrap().time_zone().iana_name(),
        Some("UTC")
    );
    assert_eq!(utc.venue, None, "an empty LOCATION is no venue");

    let sg = titled(&b, "Singapore Forum Reception");
    assert_eq!(start(sg), "2026-09-15T19:00:00+08:00");
    assert_eq!(sg.timezone.as_deref(), Some("Asia/Singapore"));
}

#[test]
fn google_calendar_text_escapes_and_folding() {
    let b = parse("google.ics", "");
    let summer = titled(&b, "Summer Lecture: Café Culture; East & West");
    let d = &summer.description_html;
    // The fold split "é" between its two bytes; it comes back whole.
    assert!(d.contains("café culture from Istanbul"), "{d}");
    assert!(
        d.contains("Dr Aiko Tanaka, Prof. Emre Yılmaz; chaired"),
        "{d}"
    );
    assert!(d.contains("C:\\events\\summer"), "{d}");
    assert!(d.contains("<br>"), "line breaks kept: {d}");
    assert!(!d.contains('\u{fffd}'), "{d}");
}

#[test]
fn all_day_multi_day_event() {
    let b = parse("google.ics", "");
    let fest = titled(&b, "Winter Festival");
    assert!(fest.all_day);
    assert_eq!(start(fest), "2026-12-04T00:00:00+00:00");
    // DTEND of an all-day event is exclusive: the festival ends on Sunday.
    assert_eq!(fest.end.as_ref().unwrap().date().to_string(), "2026-12-07");
    assert_eq!(fest.timezone.as_deref(), Some("Europe/London"));
    let text = render_event_plain(fest, &TimeZone::get("Europe/London").unwrap(), 80);
    assert!(
        text.contains("Friday 4 – Sunday 6 December 2026, all day"),
        "{text}"
    );
    assert!(text.contains("Duration: 3 days"), "{text}");
}

#[test]
fn weekly_rule_with_count_and_exdate_across_the_clock_change() {
    let b = parse("google.ics", "");
    let classes = all_titled(&b, "Mandarin for Beginners");
    let starts: Vec<String> = classes.iter().map(|e| start(e)).collect();
    // COUNT=6 from 10 March, 24 March excluded; clocks go forward on 29 March.
    assert_eq!(
        starts,
        vec![
            "2026-03-10T18:30:00+00:00",
            "2026-03-17T18:30:00+00:00",
            "2026-03-31T18:30:00+01:00",
            "2026-04-07T18:30:00+01:00",
            "2026-04-14T18:30:00+01:00",
        ]
    );
    assert_eq!(end(classes[2]), "2026-03-31T19:30:00+01:00");
    let ids: std::collections::HashSet<_> = classes.iter().map(|e| &e.id).collect();
    assert_eq!(ids.len(), 5, "each occurrence has its own id");
    assert!(classes.iter().all(|e| e.recurrence_id.is_some()));
}

#[test]
fn recurrence_id_override_replaces_its_occurrence() {
    let b = parse("google.ics", "");
    let series = all_titled(&b, "Lunchtime Briefing");
    let moved = all_titled(&b, "Lunchtime Briefing (moved)");
    let starts: Vec<String> = series.iter().map(|e| start(e)).collect();
    assert_eq!(
        starts,
        vec![
            "2026-06-02T13:00:00+01:00",
            "2026-08-04T13:00:00+01:00",
            "2026-09-01T13:00:00+01:00",
        ]
    );
    assert_eq!(moved.len(), 1);
    assert_eq!(start(moved[0]), "2026-07-09T14:00:00+01:00");
    // The override keeps the id the replaced occurrence would have had.
    assert_eq!(
        moved[0].recurrence_id.as_deref(),
        Some("2026-07-07T12:00:00Z")
    );
    assert_eq!(
        moved[0].id,
        newsroom::model::event_id(
            "lunch-briefing-series@google.com",
            Some("2026-07-07T12:00:00Z")
        )
    );
}

#[test]
fn cancelled_event_is_kept_and_shown_loudly() {
    let b = parse("google.ics", "");
    let film = titled(&b, "Film Night: In the Mood for Love");
    assert_eq!(film.status, EventStatus::Cancelled);
    let r = render_event(film, &TimeZone::get("Europe/London").unwrap(), 60);
    let loud = r
        .lines
        .iter()
        .find(|l| l.spans.iter().any(|s| s.role == Role::Cancelled));
    assert!(loud.unwrap().plain().contains("CANCELLED"));
}

#[test]
fn outlook_windows_zone_names_custom_zones_and_duration() {
    let b = parse("outlook.ics", "");
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    let dinner = titled(&b, "Corporate Members' Dinner");
    assert_eq!(start(dinner), "2026-11-10T18:30:00+00:00");
    assert_eq!(dinner.timezone.as_deref(), Some("Europe/London"));
    assert_eq!(dinner.organizer.as_deref(), Some("Asia House Events"));
    // X-ALT-DESC's HTML is preferred to the plain DESCRIPTION.
    assert!(dinner.description_html.contains("with guest speaker"));
    assert_eq!(dinner.venue.as_deref(), Some("The Savoy"));

    let sg = titled(&b, "Singapore Investment Roundtable");
    assert_eq!(start(sg), "2026-11-18T09:00:00+08:00");
    assert_eq!(end(sg), "2026-11-18T10:30:00+08:00");
    assert_eq!(sg.timezone.as_deref(), Some("Asia/Singapore"));

    // "Customized Time Zone" is known only by its VTIMEZONE rules.
    let ny_summer = titled(&b, "New York Call (summer)");
    assert_eq!(start(ny_summer), "2026-07-04T10:00:00-04:00");
    let ny_winter = titled(&b, "New York Call (winter)");
    assert_eq!(start(ny_winter), "2026-12-01T10:00:00-05:00");
    assert_eq!(ny_winter.timezone, None);

    // Exchange's display names resolve through the file's own VTIMEZONE.
    let display = titled(&b, "Display-name zone reception");
    assert_eq!(start(display), "2026-07-22T17:30:00+01:00");
    assert_eq!(end(display), "2026-07-22T19:00:00+01:00");

    let prefixed = titled(&b, "Prefixed zone briefing");
    assert_eq!(start(prefixed), "2026-08-05T10:00:00+01:00");
}

#[test]
fn the_events_calendar_ical_export() {
    let b = parse("tribe.ics", "https://asiahouse.org/events/?ical=1");
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    let talk = titled(&b, "In Conversation: The Future of Asia, Trade and Tech");
    assert_eq!(start(talk), "2026-07-14T18:30:00+01:00");
    assert_eq!(
        talk.categories,
        vec!["Talks", "Business & Economics", "Featured"]
    );
    assert_eq!(talk.venue.as_deref(), Some("Asia House"));
    assert_eq!(
        talk.address.as_deref(),
        Some("63 New Cavendish Street, London, W1G 7LP, United Kingdom")
    );
    assert_eq!(
        talk.url.as_deref(),
        Some("https://asiahouse.org/events/in-conversation-future-of-asia/")
    );
    assert_eq!(talk.organizer.as_deref(), Some("Asia House"));
    assert!(talk.description_html.contains("trade, technology"));
    let fest = titled(&b, "Asia House Winter Festival");
    assert!(fest.all_day);
}

#[test]
fn the_events_calendar_rest_pages() {
    let base = "https://asiahouse.org/wp-json/tribe/events/v1/events?per_page=3";
    let p1 = parse("tribe-page1.json", base);
    assert_eq!(p1.format, "tribe-rest");
    assert_eq!(
        p1.next_page.as_deref(),
        Some(
            "https://asiahouse.org/wp-json/tribe/events/v1/events?page=2&per_page=3&start_date=2026-01-01"
        )
    );
    assert_eq!(p1.events.len(), 3);
    let talk = titled(&p1, "In Conversation: The Future of Asia – Trade & Tech");
    assert_eq!(start(talk), "2026-07-14T18:30:00+01:00");
    assert_eq!(end(talk), "2026-07-14T20:00:00+01:00");
    assert_eq!(talk.price.as_deref(), Some("£15"));
    assert_eq!(
        talk.booking_url.as_deref(),
        Some("https://www.eventbrite.co.uk/e/future-of-asia-tickets-123456789")
    );
    assert_eq!(talk.venue.as_deref(), Some("Asia House"));
    assert_eq!(
        talk.address.as_deref(),
        Some("63 New Cavendish Street, London, W1G 7LP, United Kingdom")
    );
    assert_eq!(talk.categories, vec!["Talks", "Business & Economics"]);
    assert_eq!(talk.organizer.as_deref(), Some("Asia House"));
    assert_eq!(talk.uid, "asiahouse.org?id=10452");

    let online = titled(&p1, "Online: Asia Outlook 2027");
    assert_eq!(online.venue, None, "venue [] is no venue");
    assert_eq!(online.address, None);
    assert_eq!(start(online), "2026-11-19T10:00:00+00:00");

    let sg = titled(&p1, "Singapore Dialogue");
    assert_eq!(start(sg), "2026-09-16T18:00:00+08:00");
    assert_eq!(sg.price.as_deref(), Some("S$40 – S$60"));
    assert_eq!(
        sg.address.as_deref(),
        Some("80 Bras Basah Road, Singapore, 189560")
    );

    let p2 = parse("tribe-page2.json", base);
    assert_eq!(p2.next_page, None, "the last page");
    let fest = titled(&p2, "Asia House Winter Festival");
    assert!(fest.all_day);
    assert_eq!(start(fest), "2026-12-04T00:00:00+00:00");
    assert_eq!(end(fest), "2026-12-07T00:00:00+00:00");
    let berlin = titled(&p2, "Berlin Salon");
    assert_eq!(start(berlin), "2026-10-20T19:00:00+01:00");
}

#[test]
fn a_single_tribe_event_object() {
    let page = String::from_utf8(fixture("tribe-page1.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&page).unwrap();
    let one = serde_json::to_vec(&v["events"][2]).unwrap();
    let b = parse_events_at(
        &one,
        Some("application/json"),
        "https://asiahouse.org/",
        SITE,
        now(),
    )
    .unwrap();
    assert_eq!(b.events.len(), 1);
    assert_eq!(b.events[0].title, "Singapore Dialogue");
    assert_eq!(b.next_page, None);
}

#[test]
fn json_ld_on_an_event_page_with_yoast_and_the_calendar_plugin() {
    let b = parse(
        "event-page.html",
        "https://asiahouse.org/events/in-conversation-future-of-asia/",
    );
    assert_eq!(b.format, "json-ld");
    assert_eq!(
        b.events.len(),
        1,
        "Yoast's copy and the plugin's are one event"
    );
    let e = &b.events[0];
    assert_eq!(
        e.title,
        "In Conversation: The Future of Asia – Trade & Tech"
    );
    assert_eq!(start(e), "2026-07-14T18:30:00+01:00");
    assert_eq!(end(e), "2026-07-14T20:00:00+01:00");
    assert_eq!(e.price.as_deref(), Some("£15"));
    assert_eq!(e.venue.as_deref(), Some("Asia House"));
    assert_eq!(
        e.address.as_deref(),
        Some("63 New Cavendish Street, London, W1G 7LP, United Kingdom")
    );
    assert_eq!(e.organizer.as_deref(), Some("Asia House"));
    assert!(
        e.description_html.contains("<p>Doors open at 18:00.</p>"),
        "{}",
        e.description_html
    );
    assert!(!e.description_html.contains("\\n"));
}

#[test]
fn json_ld_subtypes_offers_locations_and_statuses() {
    let b = parse("event-list.html", "https://asiahouse.org/events/");
    let workshop = titled(&b, "Calligraphy Workshop");
    assert_eq!(
        workshop.url.as_deref(),
        Some("https://asiahouse.org/events/calligraphy-workshop/")
    );
    assert_eq!(workshop.price.as_deref(), Some("£20–£25"));
    assert_eq!(
        workshop.booking_url.as_deref(),
        Some("https://asiahouse.org/book/calligraphy/")
    );
    assert_eq!(workshop.venue.as_deref(), Some("Asia House"));
    assert_eq!(
        workshop.address.as_deref(),
        Some("63 New Cavendish Street, London")
    );
    assert_eq!(workshop.categories, vec!["Workshops", "Arts"]);

    let gamelan = titled(&b, "Gamelan Evening");
    assert_eq!(gamelan.status, EventStatus::Cancelled);
    assert_eq!(gamelan.price.as_deref(), Some("Free"));
    assert_eq!(
        gamelan.address.as_deref(),
        Some("63 New Cavendish Street, London W1G 7LP")
    );

    let breakfast = titled(&b, "Investor Breakfast");
    assert_eq!(breakfast.status, EventStatus::Confirmed);
    assert!(breakfast.description_html.contains("Postponed"));
    assert_eq!(breakfast.venue.as_deref(), Some("Online"));
    assert_eq!(
        breakfast.organizer.as_deref(),
        Some("Asia House, Partner Bank")
    );
    assert_eq!(start(breakfast), "2026-11-24T08:00:00+00:00");

    let fair = titled(&b, "Lunar New Year Fair");
    assert!(fair.all_day);
    assert_eq!(
        fair.start.as_ref().unwrap().date().to_string(),
        "2027-02-06"
    );
    assert_eq!(fair.end.as_ref().unwrap().date().to_string(), "2027-02-08");

    assert!(
        b.warnings
            .iter()
            .any(|w| w.contains("No date given") && w.contains("no start")),
        "{:?}",
        b.warnings
    );
    assert!(
        b.warnings
            .iter()
            .any(|w| w.contains("Backwards") && w.contains("ends before")),
        "{:?}",
        b.warnings
    );
    assert_eq!(b.events.len(), 4);
}

#[test]
fn bad_input_is_skipped_with_warnings_and_good_events_survive() {
    let b = parse("bad.ics", "");
    let mut titles: Vec<&str> = b.events.iter().map(|e| e.title.as_str()).collect();
    titles.sort();
    assert_eq!(
        titles,
        vec![
            "Bad rule kept once",
            "Good event after the junk",
            "Good event before the junk",
            "Never ended"
        ]
    );
    let after = titled(&b, "Good event after the junk");
    assert_eq!(start(after), "2026-06-02T10:00:00+01:00");
    assert_eq!(end(after), "2026-06-02T10:45:00+01:00");
    let w = b.warnings.join("\n");
    for needle in [
        "not an iCalendar line",
        "No start at all\": skipped, it has no start",
        "Ends before it starts\": skipped, it ends before it starts",
        "unknown TZID \"Mars/Olympus_Mons\"",
        "year 1066 is absurd",
        "year 2999 is absurd",
        "bad date-time",
        "FREQ FORTNIGHTLY",
    ] {
        assert!(w.contains(needle), "no warning {needle:?} in:\n{w}");
    }
}

#[test]
fn what_is_not_an_event_source_says_so() {
    let page =
        b"<!DOCTYPE html><html><head><title>Hi</title></head><body><p>No events</p></body></html>";
    assert!(matches!(
        parse_events_at(page, Some("text/html"), "https://x.org/", SITE, now()),
        Err(ParseError::NotAFeed(_))
    ));
    assert!(matches!(
        parse_events_at(b"  \n", None, "", SITE, now()),
        Err(ParseError::NotAFeed(_))
    ));
    assert!(matches!(
        parse_events_at(b"{\"events\": ", None, "", SITE, now()),
        Err(ParseError::Malformed { .. })
    ));
    // A BOM and blank lines before the calendar are fine.
    let mut ics = b"\xef\xbb\xbf\r\n".to_vec();
    ics.extend(fixture("tribe.ics"));
    assert_eq!(
        parse_events_at(&ics, None, "", SITE, now())
            .unwrap()
            .events
            .len(),
        2
    );
}

fn every_fixture_event() -> Vec<Event> {
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

#[test]
fn export_round_trips_every_event() {
    for e in every_fixture_event() {
        let ics = export_ics(&e);
        let back = parse_events_at(ics.as_bytes(), Some("text/calendar"), "", SITE, now())
            .unwrap_or_else(|err| panic!("{}: {err}\n{ics}", e.title));
        assert!(
            back.warnings.is_empty(),
            "{}: {:?}\n{ics}",
            e.title,
            back.warnings
        );
        assert_eq!(back.events.len(), 1, "{}\n{ics}", e.title);
        let b = &back.events[0];
        assert_eq!(b.title, e.title);
        assert_eq!(b.all_day, e.all_day, "{}", e.title);
        // Zones with a name come back as they went; fixed offsets travel as
        // UTC times, the same instants.
        let named = e.start.as_ref().unwrap().time_zone().iana_name().is_some();
        let instant = |z: Option<&jiff::Zoned>| z.map(|z| z.timestamp());
        assert_eq!(
            instant(b.start.as_ref()),
            instant(e.start.as_ref()),
            "{}",
            e.title
        );
        assert_eq!(
            instant(b.end.as_ref()),
            instant(e.end.as_ref()),
            "{}",
            e.title
        );
        if named || e.all_day {
            assert_eq!(start(b), start(&e), "{}\n{ics}", e.title);
            let end_of = |x: &Event| x.end.as_ref().map(|_| end(x));
            assert_eq!(end_of(b), end_of(&e), "{}\n{ics}", e.title);
        }
        assert_eq!(b.url, e.url, "{}", e.title);
        assert_eq!(b.status, e.status, "{}", e.title);
        let place = |x: &Event| {
            [x.venue.clone(), x.address.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ")
        };
        assert_eq!(place(b), place(&e), "{}", e.title);
        assert_eq!(b.categories, e.categories, "{}", e.title);
        if !e.description_html.is_empty() {
            assert_eq!(b.description_html, e.description_html, "{}", e.title);
        }
        if e.start.as_ref().unwrap().time_zone().iana_name().is_some() {
            assert_eq!(b.timezone, e.timezone, "{}\n{ics}", e.title);
        }
    }
}

#[test]
fn export_is_valid_rfc5545() {
    let b = parse("google.ics", "");
    let summer = titled(&b, "Summer Lecture: Café Culture; East & West");
    let ics = export_ics(summer);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(ics.contains(&format!(
        "PRODID:-//newsroom//newsroom {}//EN\r\n",
        env!("CARGO_PKG_VERSION")
    )));
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains("DTSTART;TZID=Europe/London:20260714T183000\r\n"));
    assert!(unfolded.contains("DTEND;TZID=Europe/London:20260714T200000\r\n"));
    assert!(unfolded.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"));
    assert!(unfolded.contains("TZOFFSETTO:+0100"));
    assert!(unfolded.contains("SUMMARY:Summer Lecture: Café Culture\\; East & West\r\n"));
    assert!(unfolded.contains("UID:2v8k1q7m3n9p4r6s5t0u@google.com\r\n"));
    assert!(unfolded.contains("DTSTAMP:"));
    assert!(unfolded.contains("STATUS:CONFIRMED"));

    let utc = titled(&b, "Webinar: Markets in Asia");
    let u = export_ics(utc).replace("\r\n ", "");
    assert!(u.contains("DTSTART:20260301T090000Z\r\n"), "{u}");
    assert!(!u.contains("VTIMEZONE"));

    let fest = titled(&b, "Winter Festival");
    let f = export_ics(fest).replace("\r\n ", "");
    assert!(f.contains("DTSTART;VALUE=DATE:20261204\r\n"), "{f}");
    assert!(f.contains("DTEND;VALUE=DATE:20261207\r\n"), "{f}");
}

#[test]
fn detail_shows_both_zones_when_they_differ() {
    let b = parse("tribe-page1.json", "https://asiahouse.org/");
    let talk = titled(&b, "In Conversation: The Future of Asia – Trade & Tech");
    let london = TimeZone::get("Europe/London").unwrap();
    let tokyo = TimeZone::get("Asia/Tokyo").unwrap();

    let here = render_event_plain(talk, &london, 80);
    assert!(
        here.contains("Tuesday 14 July 2026, 18:30–20:00 BST (Europe/London)"),
        "{here}"
    );
    assert!(!here.contains("Your time"), "{here}");

    let r = render_event(talk, &tokyo, 80);
    let text = r.to_plain();
    assert!(
        text.contains("Your time: Wednesday 15 July 2026, 02:30–04:00 JST (Asia/Tokyo)"),
        "{text}"
    );
    assert!(text.contains("Duration: 1 hour 30 minutes"), "{text}");
    assert!(text.contains("Venue: Asia House"), "{text}");
    assert!(text.contains("Price: £15"), "{text}");
    assert!(
        text.contains("Categories: Talks, Business & Economics"),
        "{text}"
    );
    assert!(text.contains("Organiser: Asia House"), "{text}");
    assert!(text.contains("Join us for an evening"), "{text}");
    assert_eq!(
        r.links[0],
        "https://www.eventbrite.co.uk/e/future-of-asia-tickets-123456789"
    );
    assert!(
        text.contains(
            "Booking: https://www.eventbrite.co.uk/e/future-of-asia-tickets-123456789 [1]"
        ),
        "{text}"
    );
    assert!(
        r.links
            .contains(&"https://asiahouse.org/membership/".to_string()),
        "{:?}",
        r.links
    );
    let date_lines = r
        .lines
        .iter()
        .filter(|l| l.spans.iter().any(|s| s.role == Role::EventDate))
        .count();
    assert_eq!(date_lines, 2);
    assert!(r.lines[0].spans.iter().all(|s| s.role == Role::Title));

    let sg = titled(&b, "Singapore Dialogue");
    let text = render_event_plain(sg, &london, 80);
    assert!(
        text.contains("Wednesday 16 September 2026, 18:00–20:30 UTC+8 (Asia/Singapore)"),
        "{text}"
    );
    assert!(
        text.contains("Your time: Wednesday 16 September 2026, 11:00–13:30 BST (Europe/London)"),
        "{text}"
    );
}

#[test]
fn detail_lines_fit_the_width() {
    let local = TimeZone::get("America/New_York").unwrap();
    for e in every_fixture_event() {
        for width in [12, 20, 33, 80] {
            let r = render_event(&e, &local, width);
            for l in &r.lines {
                let text = l.plain();
                assert!(text.width() <= width, "{width}: {text:?} ({})", e.title);
            }
        }
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse_events_at(&bytes, None, "https://x.org/", SITE, now());
        }

        #[test]
        fn calendar_like_lines(lines in proptest::collection::vec(
            prop_oneof![
                Just("BEGIN:VEVENT".to_string()),
                Just("END:VEVENT".to_string()),
                Just("BEGIN:VTIMEZONE".to_string()),
                Just("END:VTIMEZONE".to_string()),
                "DTSTART(;TZID=[A-Za-z/ \"]{0,12})?(;VALUE=DATE)?:[0-9TZ]{0,16}",
                "DTEND:[0-9TZ]{0,16}",
                "DURATION:[-+PTWDHMS0-9]{0,10}",
                "RRULE:FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY);(COUNT=[0-9]{1,3}|UNTIL=[0-9TZ]{8,16});(BYDAY=[-+0-9]{0,3}(MO|SU|XX)|BYMONTHDAY=-?[0-9]{1,2}|BYMONTH=[0-9]{1,2}|BYSETPOS=-?[0-9])",
                "EXDATE:[0-9TZ,]{0,20}",
                "RECURRENCE-ID:[0-9TZ]{0,16}",
                "UID:[a-z]{0,3}",
                "SUMMARY:.{0,20}",
                "TZOFFSET(TO|FROM):[-+0-9]{0,6}",
                "TZID:[A-Za-z/ ]{0,12}",
                " .{0,10}",
                ".{0,20}",
            ],
            0..40,
        )) {
            let body = format!("BEGIN:VCALENDAR\r\n{}\r\nEND:VCALENDAR\r\n", lines.join("\r\n"));
            if let Ok(batch) = parse_events_at(body.as_bytes(), None, "", SITE, now()) {
                for e in &batch.events {
                    let _ = export_ics(e);
                    let _ = render_event(e, &TimeZone::UTC, 40);
                }
            }
        }

        #[test]
        fn detail_fits_any_width(
            title in "\\PC{0,80}",
            venue in "[a-zA-Z日本 ]{0,40}",
            url in "[a-z/]{0,90}",
            body in "\\PC{0,200}",
            width in 8usize..100,
        ) {
            let e = Event {
                uid: "u".into(),
                title,
                venue: Some(venue),
                booking_url: Some(format!("https://example.org/{url}")),
                description_html: format!("<p>{body}</p><pre>{body}</pre>"),
                start: Some("2026-07-14T18:30:00+01:00[Europe/London]".parse().unwrap()),
                ..Default::default()
            };
            for l in render_event(&e, &TimeZone::get("Asia/Tokyo").unwrap(), width).lines {
                let text = l.plain();
                prop_assert!(text.width() <= width, "{}: {:?}", width, text);
            }
        }

        #[test]
        fn export_round_trips_any_text(
            title in "\\PC{1,120}",
            venue in "[^\\n,]{1,30}",
            address in "([a-zA-Z0-9][^,]{0,30}(, [a-zA-Z0-9][^,]{0,20})?)?",
            cats in proptest::collection::vec("[^,\\n]{1,15}", 0..4),
            minutes in 0i64..5000,
        ) {
            use newsroom::render::sanitize::clean_line;
            let at: jiff::Zoned = "2026-03-28T23:30:00+00:00[Europe/London]".parse().unwrap();
            let until = at.checked_add(jiff::SignedDuration::from_mins(minutes)).unwrap();
            let e = Event {
                uid: "prop@example.org".into(),
                title: clean_line(&title),
                venue: Some(clean_line(&venue)).filter(|v| !v.is_empty()),
                address: Some(clean_line(&address)).filter(|a| !a.is_empty()),
                categories: cats.iter().map(|c| clean_line(c)).filter(|c| !c.is_empty()).collect(),
                timezone: Some("Europe/London".into()),
                start: Some(at),
                end: Some(until),
                ..Default::default()
            };
            prop_assume!(!e.title.is_empty());
            let ics = export_ics(&e);
            for line in ics.split("\r\n") {
                prop_assert!(line.len() <= 75);
            }
            let back = parse_events_at(ics.as_bytes(), None, "", SITE, now()).unwrap();
            prop_assert_eq!(back.events.len(), 1);
            let b = &back.events[0];
            prop_assert_eq!(&b.title, &e.title);
            prop_assert_eq!(start(b), start(&e));
            prop_assert_eq!(end(b), end(&e));
            let place = |x: &Event| [x.venue.clone(), x.address.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ");
            prop_assert_eq!(place(b), place(&e));
            prop_assert!(b.categories.len() <= e.categories.len());
        }

        #[test]
        fn json_like_input(title in ".{0,20}", date in "[0-9: T+-]{0,25}", tz in "[A-Za-z/+0-9:.]{0,12}") {
            let body = serde_json::json!({"events": [
                {"id": 1, "title": title, "start_date": date, "end_date": date, "timezone": tz, "venue": [], "all_day": false},
                {"id": 2, "title": title, "start_date": date, "all_day": true, "utc_start_date": date}
            ]});
            let _ = parse_events_at(body.to_string().as_bytes(), None, "", SITE, now());
            let ld = serde_json::json!([{"@type": "Event", "name": title, "startDate": date, "endDate": date}]);
            let _ = parse_events_at(ld.to_string().as_bytes(), None, "", SITE, now());
        }
    }
}

#[test]
fn open_ended_series_are_expanded_only_inside_the_window() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:daily@example.org\r\n\
               DTSTART;TZID=Europe/London:20150105T090000\r\nDTEND;TZID=Europe/London:20150105T091500\r\n\
               RRULE:FREQ=DAILY\r\nSUMMARY:Stand-up\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let b = parse_events_at(ics.as_bytes(), None, "", SITE, now()).unwrap();
    let first = b
        .events
        .iter()
        .filter_map(|e| e.start.as_ref())
        .min()
        .unwrap();
    let last = b
        .events
        .iter()
        .filter_map(|e| e.start.as_ref())
        .max()
        .unwrap();
    assert_eq!(first.date().to_string(), "2025-11-28");
    assert_eq!(last.date().to_string(), "2028-11-28");
    assert!(
        (1090..=1100).contains(&b.events.len()),
        "{}",
        b.events.len()
    );
    assert!(
        b.events
            .iter()
            .all(|e| e.start.as_ref().unwrap().hour() == 9)
    );
}

#[test]
fn exdates_in_lists_in_utc_and_as_dates() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:ex@example.org\r\n\
               DTSTART;TZID=Europe/London:20260105T180000\r\nDURATION:PT1H\r\n\
               RRULE:FREQ=WEEKLY;UNTIL=20260210T235959Z\r\n\
               EXDATE;TZID=Europe/London:20260112T180000,20260119T180000\r\n\
               EXDATE:20260126T180000Z\r\nEXDATE;VALUE=DATE:20260202\r\n\
               SUMMARY:Weekly\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let b = parse_events_at(ics.as_bytes(), None, "", SITE, now()).unwrap();
    let mut days: Vec<String> = b
        .events
        .iter()
        .map(|e| e.start.as_ref().unwrap().date().to_string())
        .collect();
    days.sort();
    assert_eq!(days, vec!["2026-01-05", "2026-02-09"]);
}

#[test]
fn an_event_stated_twice_is_one_event_and_the_later_wins() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
               BEGIN:VEVENT\r\nUID:twice@example.org\r\nDTSTART:20260601T100000Z\r\nSUMMARY:Old title\r\nEND:VEVENT\r\n\
               BEGIN:VEVENT\r\nUID:other@example.org\r\nDTSTART:20260602T100000Z\r\nSUMMARY:Other\r\nEND:VEVENT\r\n\
               BEGIN:VEVENT\r\nUID:twice@example.org\r\nDTSTART:20260601T110000Z\r\nSUMMARY:New title\r\nEND:VEVENT\r\n\
               END:VCALENDAR\r\n";
    let b = parse_events_at(ics.as_bytes(), None, "", SITE, now()).unwrap();
    let titles: Vec<&str> = b.events.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, vec!["Other", "New title"]);
}
