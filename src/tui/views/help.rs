//! The help screen, generated from the keymap in force.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::config::keymap::View;
use crate::tui::app::App;
use crate::tui::widgets::fit;

fn title(view: View) -> &'static str {
    match view {
        View::Global => "Everywhere",
        View::List => "Article list",
        View::Reader => "Reader",
        View::Links => "Links",
        View::Help => "Help",
        View::Events => "Events",
        View::Calendar => "Calendar",
        View::Event => "Event",
    }
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    f.render_widget(
        Paragraph::new(fit(
            &format!(" Keys — {}", title(app.help.of)),
            usize::from(area.width),
        ))
        .style(t.header()),
        head,
    );
    let sections = app.keymap.help(app.help.of);
    let key_w = sections
        .iter()
        .flat_map(|s| &s.entries)
        .map(|e| e.keys.join(", ").chars().count())
        .max()
        .unwrap_or(0)
        .min(28);
    let mut lines = Vec::new();
    for s in &sections {
        lines.push(Line::styled(
            format!(" {}", title(s.view)),
            t.help_section(),
        ));
        for e in &s.entries {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("   {} ", fit(&e.keys.join(", "), key_w)),
                    t.help_key(),
                ),
                Span::styled(e.action.description_in(s.view), t.help_text()),
            ]));
        }
        lines.push(Line::default());
    }
    let lines: Vec<Line> = lines
        .into_iter()
        .skip(app.help.scroll)
        .take(usize::from(body.height))
        .collect();
    f.render_widget(Paragraph::new(lines), body);
}
