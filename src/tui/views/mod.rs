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
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::Block;

use crate::tui::app::{App, Screen};

/// Draw the whole screen.
pub fn draw(f: &mut Frame, app: &App) {
    let area = f.area();
    f.render_widget(Block::default().style(app.theme.base()), area);
    let [body, status_line] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
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
