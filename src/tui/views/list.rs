//! The article list: a header, one row per article, and the empty, loading
//! and error states.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::config::keymap::View;
use crate::model::ArticleRow;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::list::{Filter, Load};
use crate::tui::widgets::{fit, message, truncate};

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    draw_header(f, head, app);
    let list = &app.list;
    match &list.load {
        Load::Loading => message(f, body, &["Loading…"], app.theme.empty()),
        Load::Failed(e) => message(
            f,
            body,
            &["Could not read the cache.", e.as_str()],
            app.theme.error(),
        ),
        Load::Ready if list.total == 0 => {
            let lines = empty_lines(app);
            let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
            message(f, body, &refs, app.theme.empty());
        }
        Load::Ready => {
            let lines: Vec<Line> = (list.scroll..list.total)
                .take(usize::from(body.height))
                .filter_map(|i| list.row(i).map(|r| (i, r)))
                .map(|(i, r)| row(app, r, i == list.selected, body.width))
                .collect();
            f.render_widget(Paragraph::new(lines), body);
        }
    }
}

fn draw_header(f: &mut Frame, area: Rect, app: &App) {
    let list = &app.list;
    let mut left = format!(" {}", list.filter.label());
    if let Some(site) = &list.site {
        left.push_str(&format!(" · {site}"));
    }
    if let Some(q) = &list.search {
        left.push_str(&format!(" · matching “{q}”"));
    }
    let right = match (list.unread, list.total) {
        (_, 1) => format!("{} unread · 1 article ", list.unread),
        (u, n) => format!("{u} unread · {n} articles "),
    };
    let width = usize::from(area.width);
    let room = width.saturating_sub(right.chars().count());
    let line = Line::from(vec![Span::raw(fit(&left, room)), Span::raw(right)]);
    f.render_widget(Paragraph::new(line).style(app.theme.header()), area);
}

/// What an empty list says, with the keys that would help.
fn empty_lines(app: &App) -> Vec<String> {
    let key = |a: Action| {
        app.keymap
            .keys_for(View::List, a)
            .into_iter()
            .next()
            .unwrap_or_else(|| a.name().to_string())
    };
    if let Some(q) = &app.list.search {
        return vec![
            format!("Nothing matches “{q}”."),
            format!("Press {} to clear the search.", key(Action::Back)),
        ];
    }
    match app.list.filter {
        Filter::Unread => return vec!["No unread articles.".into()],
        Filter::Saved => {
            return vec![format!(
                "No saved articles. Press {} on an article to keep it.",
                key(Action::ToggleSaved)
            )];
        }
        Filter::All => {}
    }
    if app.status.is_syncing() {
        vec!["No articles yet — syncing…".into()]
    } else if !app.can_sync {
        vec![
            "No articles cached.".into(),
            "Start newsroom without --offline to fetch them.".into(),
        ]
    } else if let Some(e) = &app.status.last_error {
        vec!["No articles yet: the last sync failed.".into(), e.clone()]
    } else {
        vec![format!(
            "No articles yet. Press {} to sync.",
            key(Action::Sync)
        )]
    }
}

fn row<'a>(app: &App, r: &'a ArticleRow, selected: bool, width: u16) -> Line<'a> {
    let t = &app.theme;
    let unread = !r.read;
    let width = usize::from(width);
    let date = r
        .published
        .map(|p| short_date(p, app.now, &app.tz))
        .unwrap_or_default();
    let source = r.author.clone().unwrap_or_else(|| r.site.clone());
    let source_w = if width >= 60 {
        (width / 5).clamp(10, 24)
    } else {
        0
    };
    let date_w = 11;
    // " ● ★ ◌ " then title, source and date each with a space after; ◌
    // marks an article whose full text is not cached for offline reading.
    let fixed = 7 + date_w + 1 + if source_w > 0 { source_w + 1 } else { 0 };
    let title_w = width.saturating_sub(fixed);
    let mut spans = vec![
        Span::styled(" ", t.row(selected, unread)),
        Span::styled(if unread { "●" } else { " " }, t.marker_unread(selected)),
        Span::styled(" ", t.row(selected, unread)),
        Span::styled(if r.saved { "★" } else { " " }, t.marker_saved(selected)),
        Span::styled(" ", t.row(selected, unread)),
        Span::styled(if r.offline { " " } else { "◌" }, t.row_meta(selected)),
        Span::styled(" ", t.row(selected, unread)),
        Span::styled(fit(&r.title, title_w), t.row(selected, unread)),
        Span::styled(" ", t.row(selected, unread)),
    ];
    if source_w > 0 {
        spans.push(Span::styled(fit(&source, source_w), t.row_meta(selected)));
        spans.push(Span::styled(" ", t.row_meta(selected)));
    }
    spans.push(Span::styled(
        format!("{:>date_w$} ", truncate(&date, date_w)),
        t.row_meta(selected),
    ));
    Line::from(spans)
}

/// "14 Jul" this year, "14 Jul 2025" before.
pub fn short_date(t: Timestamp, now: Timestamp, tz: &TimeZone) -> String {
    let d = t.to_zoned(tz.clone());
    let this_year = now.to_zoned(tz.clone()).year();
    if d.year() == this_year {
        d.strftime("%-d %b").to_string()
    } else {
        d.strftime("%-d %b %Y").to_string()
    }
}
