//! Event sources as calendar software and The Events Calendar really write
//! them: times and zones, recurrence, fields, bad input.

mod events_support;

use events_support::*;
use jiff::tz::TimeZone;
use newsroom::model::EventStatus;
use newsroom::parse::{ParseError, parse_events_at};
use newsroom::render::Role;
use newsroom::render::event::{render_event, render_event_plain};

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
            "Never ended",
            "Unknown zone"
        ]
    );
    // A zone nobody knows: the wall time kept, read in the local zone.
    let unknown = titled(&b, "Unknown zone");
    assert_eq!(
        unknown.start.as_ref().unwrap().datetime().to_string(),
        "2026-06-01T10:00:00"
    );
    let after = titled(&b, "Good event after the junk");
    assert_eq!(start(after), "2026-06-02T10:00:00+01:00");
    assert_eq!(end(after), "2026-06-02T10:45:00+01:00");
    let w = b.warnings.join("\n");
    for needle in [
        "not an iCalendar line",
        "No start at all\": skipped, it has no start",
        "Ends before it starts\": skipped, it ends before it starts",
        "unknown time zone \"Mars/Olympus_Mons\": its times are read in the local time zone",
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
    assert!(
        b.warnings.iter().any(|w| w.contains("stated twice")),
        "{:?}",
        b.warnings
    );
}

#[test]
fn all_day_yearly_series() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-TIMEZONE:Asia/Singapore\r\nBEGIN:VEVENT\r\n\
               UID:anniversary@example.org\r\nDTSTART;VALUE=DATE:20200229\r\nDTEND;VALUE=DATE:20200301\r\n\
               RRULE:FREQ=YEARLY\r\nSUMMARY:Leap day\r\nEND:VEVENT\r\n\
               BEGIN:VEVENT\r\nUID:founders@example.org\r\nDTSTART;VALUE=DATE:20100915\r\n\
               RRULE:FREQ=YEARLY\r\nSUMMARY:Founders' Day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let b = parse_events_at(ics.as_bytes(), None, "", SITE, now()).unwrap();
    let leap = all_titled(&b, "Leap day");
    assert_eq!(leap.len(), 1, "only 2028 has a 29 February in the window");
    assert_eq!(start(leap[0]), "2028-02-29T00:00:00+08:00");
    assert_eq!(end(leap[0]), "2028-03-01T00:00:00+08:00");
    let founders = all_titled(&b, "Founders' Day");
    let days: Vec<String> = founders
        .iter()
        .map(|e| e.start.as_ref().unwrap().date().to_string())
        .collect();
    assert_eq!(days, vec!["2026-09-15", "2027-09-15", "2028-09-15"]);
    assert!(founders.iter().all(|e| e.all_day));
    assert_eq!(founders[0].recurrence_id.as_deref(), Some("2026-09-15"));
}
