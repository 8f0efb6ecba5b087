//! An event's detail: laid out for the reading width, scrolled like an
//! article, with its page, booking link and body links a key away.

use jiff::tz::TimeZone;

use crate::model::{Event, EventStatus};
use crate::render::sanitize::clean_line;
use crate::render::{Rendered, Role, Span, StyledLine};
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::list::Load;
use crate::tui::reader::fallback;

#[derive(Debug, Clone, PartialEq)]
pub struct EventDetail {
    pub event: Option<Event>,
    pub rendered: Rendered,
    pub width: u16,
    pub height: usize,
    pub scroll: usize,
    pub load: Load,
}

impl EventDetail {
    pub fn max_scroll(&self) -> usize {
        self.rendered.lines.len().saturating_sub(self.height)
    }

    fn scroll_to(&mut self, line: usize) {
        self.scroll = line.min(self.max_scroll());
    }

    pub fn relayout(&mut self, width: u16, height: usize, tz: &TimeZone) {
        self.height = height;
        if width != self.width
            && let Some(e) = &self.event
        {
            self.rendered = layout_event(e, tz, width);
            self.width = width;
        }
        self.scroll_to(self.scroll);
    }
}

/// An event as its detail screen shows it.
pub fn layout_event(event: &Event, tz: &TimeZone, width: u16) -> Rendered {
    let width = usize::from(width).max(20);
    let mut out = Rendered::default();
    let push =
        |out: &mut Rendered, spans: Vec<Span>| out.lines.push(StyledLine { spans, image: None });
    for l in fallback::wrap(&clean_line(&event.title), width) {
        push(&mut out, vec![Span::new(l, Role::Title)]);
    }
    match event.status {
        EventStatus::Cancelled => push(
            &mut out,
            vec![Span::new(
                "CANCELLED — this event will not take place",
                Role::Cancelled,
            )],
        ),
        EventStatus::Tentative => push(&mut out, vec![Span::new("To be confirmed", Role::Meta)]),
        EventStatus::Confirmed => {}
    }
    out.lines.push(StyledLine::default());
    for l in when_lines(event, tz) {
        push(&mut out, vec![Span::new(l, Role::EventDate)]);
    }
    let mut field = |label: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            for (i, l) in fallback::wrap(&clean_line(&v), width.saturating_sub(10))
                .into_iter()
                .enumerate()
            {
                let head = if i == 0 {
                    format!("{label:<9} ")
                } else {
                    " ".repeat(10)
                };
                push(
                    &mut out,
                    vec![Span::new(head, Role::Meta), Span::new(l, Role::Body)],
                );
            }
        }
    };
    field("Venue", event.venue.clone());
    field("Address", event.address.clone());
    field("Price", event.price.clone());
    field("Organiser", event.organizer.clone());
    if !event.categories.is_empty() {
        field("Topics", Some(event.categories.join(", ")));
    }
    if let Some(url) = &event.booking_url {
        out.links.push(url.clone());
        push(
            &mut out,
            vec![
                Span::new(format!("{:<9} ", "Booking"), Role::Meta),
                Span {
                    link: Some(0),
                    ..Span::new(format!("{url} [1]"), Role::Link)
                },
            ],
        );
    }
    out.lines.push(StyledLine::default());
    let html = if event.description_html.contains('<') {
        event.description_html.clone()
    } else {
        format!("<p>{}</p>", fallback::escape(&event.description_html))
    };
    fallback::body(&html, width, &mut out);
    fallback::append_links(&mut out);
    out
}

/// "Tuesday 14 July 2026, 19:00–21:00 BST", then the reader's own time
/// when its clock differs, then the length.
fn when_lines(e: &Event, tz: &TimeZone) -> Vec<String> {
    let Some(start) = &e.start else {
        return vec!["Date to be announced".into()];
    };
    let day = |z: &jiff::Zoned| z.strftime("%A %-d %B %Y").to_string();
    let mut lines = Vec::new();
    if e.all_day {
        let last = crate::tui::calendar::event_last_day(e, tz).unwrap_or(start.date());
        if last == start.date() {
            lines.push(format!("{} (all day)", day(start)));
        } else {
            lines.push(format!(
                "{} – {}",
                start.date().strftime("%A %-d %B"),
                last.strftime("%A %-d %B %Y")
            ));
        }
        return lines;
    }
    let span = |a: &jiff::Zoned, b: Option<&jiff::Zoned>| match b {
        Some(b) if b.date() == a.date() => {
            format!(
                "{}, {}–{} {}",
                day(a),
                a.strftime("%H:%M"),
                b.strftime("%H:%M"),
                a.strftime("%Z")
            )
        }
        Some(b) => format!(
            "{} {} – {} {} {}",
            day(a),
            a.strftime("%H:%M"),
            day(b),
            b.strftime("%H:%M"),
            a.strftime("%Z")
        ),
        None => format!("{}, {} {}", day(a), a.strftime("%H:%M"), a.strftime("%Z")),
    };
    let mut first = span(start, e.end.as_ref());
    if let Some(name) = &e.timezone {
        first.push_str(&format!(" ({name})"));
    }
    lines.push(first);
    let local = start.with_time_zone(tz.clone());
    if local.offset() != start.offset() {
        let local_end = e.end.as_ref().map(|z| z.with_time_zone(tz.clone()));
        lines.push(format!("Your time: {}", span(&local, local_end.as_ref())));
    }
    if let Some(end) = &e.end
        && let Ok(len) = start.until(end)
    {
        let mins = len.total(jiff::Unit::Minute).unwrap_or(0.0) as i64;
        if mins > 0 {
            let text = match (mins / 60, mins % 60) {
                (0, m) => format!("{m} min"),
                (h, 0) => format!("{h} h"),
                (h, m) => format!("{h} h {m} min"),
            };
            lines.push(format!("Lasts {text}"));
        }
    }
    lines
}

pub fn open(app: &mut App, id: &str) {
    let (width, height) = (app.reading_width(), app.reader_height());
    let detail = match app.library.event(id) {
        Ok(Some(event)) => EventDetail {
            rendered: layout_event(&event, &app.tz, width),
            event: Some(event),
            width,
            height,
            scroll: 0,
            load: Load::Ready,
        },
        Ok(None) => failed("This event is no longer in the cache.".into()),
        Err(e) => failed(format!("Could not read the event from the cache: {e}")),
    };
    app.events.detail = Some(detail);
    app.push(Screen::Event);
}

fn failed(message: String) -> EventDetail {
    EventDetail {
        event: None,
        rendered: Rendered::default(),
        width: 0,
        height: 0,
        scroll: 0,
        load: Load::Failed(message),
    }
}

/// An action on the event's detail.
pub fn update(app: &mut App, action: Action, count: Option<usize>) {
    let Some(d) = app.events.detail.as_mut() else {
        return app.pop();
    };
    let n = count.unwrap_or(1);
    let page = d.height.saturating_sub(2).max(1);
    match action {
        Action::Down => d.scroll_to(d.scroll.saturating_add(n)),
        Action::Up => d.scroll_to(d.scroll.saturating_sub(n)),
        Action::PageDown => d.scroll_to(d.scroll.saturating_add(page * n)),
        Action::PageUp => d.scroll_to(d.scroll.saturating_sub(page * n)),
        Action::HalfPageDown => d.scroll_to(d.scroll.saturating_add(d.height / 2 * n)),
        Action::HalfPageUp => d.scroll_to(d.scroll.saturating_sub(d.height / 2 * n)),
        Action::Top => d.scroll_to(count.map_or(0, |c| c.saturating_sub(1))),
        Action::Bottom => d.scroll_to(usize::MAX),
        Action::OpenInBrowser => match d.event.as_ref().and_then(|e| e.url.clone()) {
            Some(url) => app.open_url(&url),
            None => app.status.info("this event has no page"),
        },
        Action::Book => match d.event.as_ref().and_then(|e| e.booking_url.clone()) {
            Some(url) => app.open_url(&url),
            None => app.status.info("no booking link for this event"),
        },
        Action::OpenLink => {
            let links = &d.rendered.links;
            match count.and_then(|n| links.get(n.wrapping_sub(1))) {
                Some(url) => {
                    let url = url.clone();
                    app.open_url(&url);
                }
                None => {
                    let have = links.len();
                    app.status.error(format!(
                        "type the link's number first: this event has {have}"
                    ));
                }
            }
        }
        Action::Back => {
            app.pop();
            app.events.detail = None;
        }
        _ => {}
    }
}
