//! Drawing: each screen from the app's state, changing nothing.

mod calendar;
mod event;
mod events;
mod help;
mod links;
mod list;
mod reader;
mod status;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Block;

use crate::tui::app::{App, Screen};

/// A stretch of one screen row showing a link's text, for terminals that
/// can make it clickable (OSC 8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRegion {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub url: String,
}

fn split(area: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area)
}

/// Where the links of the document on screen are drawn.
pub fn link_regions(app: &App, area: Rect) -> Vec<LinkRegion> {
    let [body, _] = split(area);
    match app.screen() {
        Screen::Reader => match &app.reader {
            Some(r) => reader::link_regions(&r.rendered, r.scroll, r.width, body),
            None => Vec::new(),
        },
        Screen::Event => match &app.events.detail {
            Some(d) => reader::link_regions(&d.rendered, d.scroll, d.width, body),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Draw the whole screen.
pub fn draw(f: &mut Frame, app: &App) {
    let area = f.area();
    f.render_widget(Block::default().style(app.theme.base()), area);
    let [body, status_line] = split(area);
    match app.screen() {
        Screen::List => list::draw(f, body, app),
        Screen::Reader => reader::draw(f, body, app),
        Screen::Links => links::draw(f, body, app),
        Screen::Help => help::draw(f, body, app),
        Screen::Events => events::draw(f, body, app),
        Screen::Calendar => calendar::draw(f, body, app),
        Screen::Event => event::draw(f, body, app),
    }
    status::draw(f, status_line, app);
}
