//! Events going out: iCalendar export (read back by our parser) and the
//! detail view, plus properties that no input panics.

mod events_support;

use events_support::*;
use jiff::tz::TimeZone;
use newsroom::ics::export_ics;
use newsroom::model::Event;
use newsroom::parse::parse_events_at;
use newsroom::render::Role;
use newsroom::render::event::{render_event, render_event_plain};
use unicode_width::UnicodeWidthStr;

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
        for width in [16, 20, 33, 80] {
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
            width in 16usize..100,
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
            // LOCATION is one line, split back at its commas: the space a
            // venue or address had before a comma does not survive.
            let place = |x: &Event| {
                [x.venue.clone(), x.address.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ")
                    .replace(" ,", ",")
            };
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
