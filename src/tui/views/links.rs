//! The links of the open article, numbered as in the text, one to pick.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::widgets::{fit, message};

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let Some(r) = &app.reader else {
        return message(f, area, &["No article open."], app.theme.empty());
    };
    let t = &app.theme;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let title = r.article.as_ref().map_or("", |a| a.title.as_str());
    f.render_widget(
        Paragraph::new(fit(
            &format!(" Links in “{title}”"),
            usize::from(area.width),
        ))
        .style(t.header()),
        head,
    );
    let links = &r.rendered.links;
    if links.is_empty() {
        return message(f, body, &["This article has no links."], t.empty());
    }
    let height = usize::from(body.height).max(1);
    let first = r.link_selected.saturating_sub(height - 1);
    let number_w = links.len().to_string().len() + 2;
    let lines: Vec<Line> = links
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, url)| {
            let selected = i == r.link_selected;
            let row = t.row(selected, false);
            let number = format!(" {:>number_w$} ", format!("[{}]", i + 1));
            let rest = usize::from(area.width).saturating_sub(number.chars().count());
            Line::from(vec![
                Span::styled(number, t.role(crate::render::Role::Link).patch(row)),
                Span::styled(fit(url, rest), row),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines), body);
}
