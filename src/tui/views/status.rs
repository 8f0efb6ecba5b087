//! The status line: site, sync progress or last sync, the last error,
//! offline state, position, and the search prompt when one is open.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::format::{ago, human_bytes};
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::list::Load;
use crate::tui::status::Note;
use crate::tui::widgets::{fit, truncate};

const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let width = usize::from(area.width);
    if let Some(p) = &app.prompt {
        let text = format!(" {}: {}▏", p.kind.label(), p.text);
        f.render_widget(Paragraph::new(fit(&text, width)).style(t.prompt()), area);
        return;
    }
    let site = match app.screen() {
        Screen::Reader | Screen::Links => app
            .reader
            .as_ref()
            .and_then(|r| r.article.as_ref())
            .map(|a| a.site.clone()),
        Screen::Events => app.events.selected_event().map(|e| e.site.clone()),
        Screen::Event => app
            .events
            .detail
            .as_ref()
            .and_then(|d| d.event.as_ref())
            .map(|e| e.site.clone()),
        _ => app.list.selected_row().map(|r| r.site.clone()),
    }
    .unwrap_or_else(|| "newsroom".into());

    let mut left: Vec<(String, Style)> = vec![(format!(" {site} "), t.status())];
    if app.status.offline_mode || app.status.network_down {
        left.push((" offline ".into(), t.status_offline()));
    }
    left.push((" ".into(), t.status()));
    left.push(middle(app));

    let mut right = String::new();
    if let Some(k) = app.keys.display() {
        right.push_str(&format!("{k}  "));
    }
    right.push_str(&position(app));
    if let Some(k) = app.keymap.keys_for(app.view(), Action::Help).first() {
        right.push_str(&format!("  {k} help"));
    }
    right.push(' ');

    let room = width.saturating_sub(right.width());
    let mut spans = Vec::new();
    let mut used = 0;
    for (text, style) in left {
        let piece = truncate(&text, room.saturating_sub(used));
        used += piece.width();
        spans.push(Span::styled(piece, style));
    }
    spans.push(Span::styled(
        " ".repeat(room.saturating_sub(used)),
        t.status(),
    ));
    spans.push(Span::styled(right, t.status()));
    f.render_widget(Paragraph::new(Line::from(spans)).style(t.status()), area);
}

/// The most useful thing to say now: a note, the sync, its error, its age.
fn middle(app: &App) -> (String, Style) {
    let t = &app.theme;
    let s = &app.status;
    match &s.note {
        Some(Note::Info(m)) => return (m.clone(), t.status()),
        Some(Note::Error(m)) => return (m.clone(), t.status_error()),
        None => {}
    }
    if let Some(p) = &s.syncing {
        let spin = SPINNER[s.spinner % SPINNER.len()];
        let mut text = match p.prefetch {
            Some((done, total, what)) => format!("{spin} saving {what} for offline {done}/{total}"),
            None => format!("{spin} syncing {}/{} sources", p.done, p.sources),
        };
        if p.failed > 0 {
            text.push_str(&format!(", {} failed", p.failed));
        }
        if p.received() > 0 {
            text.push_str(&format!(" · {}", human_bytes(p.received())));
        }
        return (text, t.status_sync());
    }
    // With the network down, every source fails alike: what matters is
    // how old the cache is, not the first error.
    if s.network_down {
        let age = match s.last_sync {
            Some(at) => format!("· synced {}", ago(app.now, at)),
            None => "· nothing cached yet".into(),
        };
        return (age, t.status());
    }
    if let Some(e) = &s.last_error {
        return (format!("! {e}"), t.status_error());
    }
    match s.last_sync {
        Some(at) => (format!("synced {}", ago(app.now, at)), t.status()),
        None if app.can_sync => ("not synced yet".into(), t.status()),
        None => ("nothing synced".into(), t.status()),
    }
}

fn position(app: &App) -> String {
    match app.screen() {
        Screen::List if app.list.total > 0 => {
            format!("{}/{}", app.list.selected + 1, app.list.total)
        }
        Screen::Reader => match &app.reader {
            Some(r) if r.load == Load::Ready => {
                let at = if r.max_scroll() == 0 {
                    "all".to_string()
                } else if r.scroll >= r.max_scroll() {
                    "end".to_string()
                } else if r.scroll == 0 {
                    "top".to_string()
                } else {
                    format!("{}%", r.scroll * 100 / r.max_scroll().max(1))
                };
                format!("{} min read · {at}", r.minutes)
            }
            _ => String::new(),
        },
        Screen::Events if !app.events.events.is_empty() => {
            format!("{}/{}", app.events.selected + 1, app.events.events.len())
        }
        Screen::Event => match &app.events.detail {
            Some(d) if d.max_scroll() == 0 => "all".into(),
            Some(d) if d.scroll >= d.max_scroll() => "end".into(),
            Some(d) if d.scroll == 0 => "top".into(),
            Some(d) => format!("{}%", d.scroll * 100 / d.max_scroll().max(1)),
            None => String::new(),
        },
        Screen::Links => match &app.reader {
            Some(r) => format!("{}/{}", r.link_selected + 1, r.rendered.links.len()),
            None => String::new(),
        },
        _ => String::new(),
    }
}
