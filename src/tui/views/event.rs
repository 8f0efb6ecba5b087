//! An event's detail, drawn like the reader.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::render::Role;
use crate::tui::app::App;
use crate::tui::list::Load;
use crate::tui::views::reader::styled_line;
use crate::tui::widgets::message;

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let Some(d) = &app.events.detail else {
        return message(f, area, &["No event open."], app.theme.empty());
    };
    if let Load::Failed(e) = &d.load {
        return message(f, area, &[e.as_str()], app.theme.error());
    }
    let width = d.width.min(area.width);
    let column = Rect {
        x: area.x + (area.width - width) / 2,
        width,
        ..area
    };
    let lines: Vec<Line> = d
        .rendered
        .lines
        .iter()
        .skip(d.scroll)
        .take(usize::from(area.height))
        .map(|l| styled_line(&app.theme, l))
        .collect();
    f.render_widget(
        Paragraph::new(lines).style(app.theme.role(Role::Body)),
        column,
    );
}
