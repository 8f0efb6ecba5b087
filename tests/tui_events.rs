//! The events screens without a terminal: agenda, month calendar and detail
//! as snapshots on TestBackend, and actions fed headless.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use newsroom::config::Config;
use newsroom::config::keymap::Keymap;
use newsroom::config::theme::{ColorMode, Theme};
use newsroom::model::{Event, EventStatus};
use newsroom::store::EventWhen;
use newsroom::tui::{Action, App, Effect, MemoryLibrary, Screen, update, views};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Tuesday 10 March 2026, noon in London.
const NOW: &str = "2026-03-10T12:00:00Z";

fn zoned(s: &str) -> jiff::Zoned {
    s.parse().unwrap()
}

fn event(id: &str, title: &str, start: &str, end: Option<&str>) -> Event {
    Event {
        id: id.into(),
        site: "Meridian House".into(),
        uid: format!("{id}@meridian.example"),
        title: title.into(),
        url: Some(format!("https://meridian.example/events/{id}/")),
        start: Some(zoned(start)),
        end: end.map(zoned),
        timezone: Some("Europe/London".into()),
        venue: Some("Meridian House, 63 New Cavendish Street".into()),
        description_html: "<p>An evening of <strong>talks</strong>. See <a href=\"https://meridian.example/programme\">the programme</a>.</p>".into(),
        categories: vec!["Talks".into()],
        ..Event::default()
    }
}

fn events() -> Vec<Event> {
    let mut lecture = event(
        "e1",
        "Annual Lecture: the Indo-Pacific in 2030",
        "2026-03-12T18:30:00+00:00[Europe/London]",
        Some("2026-03-12T20:00:00+00:00[Europe/London]"),
    );
    lecture.price = Some("£15, members free".into());
    lecture.booking_url = Some("https://tickets.example/annual-lecture".into());
    let mut singapore = event(
        "e2",
        "Singapore roundtable: green finance",
        "2026-03-12T09:00:00+08:00[Asia/Singapore]",
        Some("2026-03-12T11:00:00+08:00[Asia/Singapore]"),
    );
    singapore.timezone = Some("Asia/Singapore".into());
    singapore.venue = Some("Marina Bay Financial Centre".into());
    singapore.categories = vec!["Business".into()];
    let mut festival = event(
        "e3",
        "Film festival weekend",
        "2026-03-14T00:00:00+00:00[Europe/London]",
        Some("2026-03-16T00:00:00+00:00[Europe/London]"),
    );
    festival.all_day = true;
    festival.categories = vec!["Film".into()];
    let mut cancelled = event(
        "e4",
        "Book launch: The Monsoon Years",
        "2026-03-31T18:00:00+01:00[Europe/London]",
        Some("2026-03-31T19:30:00+01:00[Europe/London]"),
    );
    cancelled.status = EventStatus::Cancelled;
    let past = event(
        "e0",
        "Lunar New Year concert",
        "2026-02-17T19:00:00+00:00[Europe/London]",
        Some("2026-02-17T21:00:00+00:00[Europe/London]"),
    );
    vec![lecture, singapore, festival, cancelled, past]
}

fn app(cols: u16, rows: u16) -> App {
    let now: Timestamp = NOW.parse().unwrap();
    let lib = MemoryLibrary::new(vec![], None).with_events(events(), now);
    let theme = Theme::load_with("default", None, ColorMode::TrueColor).unwrap();
    let mut app = App::new(
        Box::new(lib),
        Arc::new(Config::default()),
        Keymap::builtin(),
        theme,
    );
    app.now = now;
    app.tz = TimeZone::get("Europe/London").unwrap();
    app.resize(cols, rows);
    app.reload();
    app
}

fn screen(app: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    term.draw(|f| views::draw(f, app)).unwrap();
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn keys(app: &mut App, typed: &str) {
    for c in typed.chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn enter(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
}

#[test]
fn agenda_80x24() {
    let mut app = app(80, 24);
    app.on_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    assert_eq!(app.screen(), Screen::Events);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn calendar_80x24() {
    let mut app = app(80, 24);
    update(&mut app, Action::SwitchView);
    keys(&mut app, "m");
    assert_eq!(app.screen(), Screen::Calendar);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn event_detail_80x24() {
    let mut app = app(80, 24);
    update(&mut app, Action::SwitchView);
    keys(&mut app, "j");
    enter(&mut app);
    assert_eq!(app.screen(), Screen::Event);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn agenda_groups_by_day_and_cycles_when() {
    let mut app = app(100, 30);
    update(&mut app, Action::SwitchView);
    let ids: Vec<&str> = app.events.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["e2", "e1", "e3", "e4"], "upcoming, soonest first");
    let s = screen(&app);
    assert!(s.contains("Thursday 12 March 2026"), "{s}");
    // The Singapore morning is 01:00 in London.
    assert!(s.contains("01:00   Singapore roundtable"), "{s}");
    assert!(s.contains("all day Film festival weekend"), "{s}");
    assert!(s.contains("cancelled"), "{s}");
    keys(&mut app, "f");
    assert_eq!(app.events.when, EventWhen::Past);
    assert_eq!(app.events.events[0].id, "e0");
    keys(&mut app, "f");
    assert_eq!(app.events.events.len(), 5);
    keys(&mut app, "c");
    assert_eq!(app.events.category.as_deref(), Some("Business"));
    assert_eq!(app.events.events.len(), 1);
    app.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(app.events.category, None);
    app.on_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    assert_eq!(app.screen(), Screen::List);
}

#[test]
fn detail_shows_both_zones_and_books() {
    let mut app = app(80, 40);
    update(&mut app, Action::SwitchView);
    enter(&mut app);
    let s = screen(&app);
    assert!(
        s.contains("Thursday 12 March 2026, 09:00–11:00 +08 (Asia/Singapore)"),
        "{s}"
    );
    assert!(
        s.contains("Your time: Thursday 12 March 2026, 01:00–03:00 GMT"),
        "{s}"
    );
    assert!(s.contains("Lasts 2 h"), "{s}");
    keys(&mut app, "b");
    assert!(app.effects.is_empty(), "no booking link here");
    keys(&mut app, "hjb");
    assert_eq!(
        app.effects,
        vec![Effect::OpenUrl(
            "https://tickets.example/annual-lecture".into()
        )]
    );
    app.effects.clear();
    enter(&mut app);
    keys(&mut app, "2l");
    assert_eq!(
        app.effects,
        vec![Effect::OpenUrl("https://meridian.example/programme".into())]
    );
}

#[test]
fn a_cancelled_event_says_so_loudly() {
    let mut app = app(80, 24);
    update(&mut app, Action::SwitchView);
    keys(&mut app, "G");
    enter(&mut app);
    assert!(screen(&app).contains("CANCELLED — this event will not take place"));
}

#[test]
fn calendar_moves_by_day_week_and_month() {
    let mut app = app(80, 24);
    update(&mut app, Action::SwitchView);
    keys(&mut app, "m");
    let day = |app: &App| app.events.calendar.day.to_string();
    assert_eq!(day(&app), "2026-03-12", "opens on the selected event's day");
    keys(&mut app, "ll");
    assert_eq!(day(&app), "2026-03-14");
    let s = screen(&app);
    assert!(s.contains("Film festival weekend"), "{s}");
    keys(&mut app, "l");
    assert!(
        screen(&app).contains("Film festival weekend"),
        "multi-day events show each day"
    );
    keys(&mut app, "j");
    assert_eq!(day(&app), "2026-03-22");
    keys(&mut app, "]");
    assert_eq!(day(&app), "2026-04-22");
    keys(&mut app, "[[");
    assert_eq!(day(&app), "2026-02-22");
    keys(&mut app, "k");
    assert_eq!(day(&app), "2026-02-15");
    keys(&mut app, "ll");
    enter(&mut app);
    assert_eq!(app.screen(), Screen::Event);
    assert_eq!(
        app.events
            .detail
            .as_ref()
            .unwrap()
            .event
            .as_ref()
            .unwrap()
            .id,
        "e0"
    );
    keys(&mut app, "h");
    assert_eq!(app.screen(), Screen::Calendar);
    keys(&mut app, "m");
    assert_eq!(app.screen(), Screen::Events);
}

#[test]
fn a_click_selects_an_event_and_a_second_opens_it() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let click = |row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 20,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let mut app = app(80, 24);
    update(&mut app, Action::SwitchView);
    // Row 0 is the header, row 1 the first day heading.
    app.on_mouse(click(1));
    assert_eq!(app.events.selected, 0, "a day heading is not an event");
    app.on_mouse(click(3));
    assert_eq!(app.events.selected, 1);
    app.on_mouse(click(3));
    assert_eq!(app.screen(), Screen::Event);
}
