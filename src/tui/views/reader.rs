//! The reader: the article's styled lines, centred at the reading width.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::config::theme::Theme;
use crate::render::StyledLine;
use crate::tui::app::App;
use crate::tui::list::Load;
use crate::tui::widgets::message;

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let Some(r) = &app.reader else {
        return message(f, area, &["No article open."], app.theme.empty());
    };
    if let Load::Failed(e) = &r.load {
        return message(f, area, &[e.as_str()], app.theme.error());
    }
    let width = r.width.min(area.width);
    let column = Rect {
        x: area.x + (area.width - width) / 2,
        width,
        ..area
    };
    let lines: Vec<Line> = r
        .rendered
        .lines
        .iter()
        .skip(r.scroll)
        .take(usize::from(area.height))
        .map(|l| styled_line(&app.theme, l))
        .collect();
    f.render_widget(
        Paragraph::new(lines).style(app.theme.role(crate::render::Role::Body)),
        column,
    );
}

/// A rendered line in the theme's styles.
pub fn styled_line<'a>(theme: &Theme, line: &'a StyledLine) -> Line<'a> {
    Line::from(
        line.spans
            .iter()
            .map(|s| {
                let mut style: Style = theme.role(s.role);
                if s.bold {
                    style = style.add_modifier(Modifier::BOLD);
                }
                if s.italic {
                    style = style.add_modifier(Modifier::ITALIC);
                }
                if s.strike {
                    style = style.add_modifier(Modifier::CROSSED_OUT);
                }
                Span::styled(s.text.as_str(), style)
            })
            .collect::<Vec<_>>(),
    )
}
