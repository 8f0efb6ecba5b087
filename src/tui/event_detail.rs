//! An event's detail: laid out for the reading width, scrolled like an
//! article, with its page, booking link and body links a key away.

use jiff::tz::TimeZone;

use crate::model::Event;
use crate::render::Rendered;
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::list::Load;

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
    crate::render::event::render_event(event, tz, usize::from(width))
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
