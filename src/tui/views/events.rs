//! The events agenda: day headings, then each event's time, title and venue.

use jiff::tz::TimeZone;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::config::keymap::View;
use crate::model::{Event, EventStatus};
use crate::render::Role;
use crate::store::EventWhen;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::events::{AgendaRow, when_label};
use crate::tui::list::Load;
use crate::tui::widgets::{fit, message};

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let ev = &app.events;
    let mut left = format!(" {}", when_label(ev.when));
    if let Some(c) = &ev.category {
        left.push_str(&format!(" · {c}"));
    }
    let right = match ev.events.len() {
        1 => "1 event ".to_string(),
        n if ev.truncated => format!("first {n} events "),
        n => format!("{n} events "),
    };
    let room = usize::from(area.width).saturating_sub(right.chars().count());
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(fit(&left, room)),
            Span::raw(right),
        ]))
        .style(app.theme.header()),
        head,
    );
    match &ev.load {
        Load::Loading => message(f, body, &["Loading…"], app.theme.empty()),
        Load::Failed(e) => message(
            f,
            body,
            &["Could not read the cache.", e],
            app.theme.error(),
        ),
        Load::Ready if ev.events.is_empty() => {
            let lines = empty_lines(app);
            let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
            message(f, body, &refs, app.theme.empty());
        }
        Load::Ready => {
            let lines: Vec<Line> = ev
                .rows
                .iter()
                .skip(ev.scroll)
                .take(usize::from(body.height))
                .map(|row| match row {
                    AgendaRow::Day(Some(d)) => Line::styled(
                        format!(" {}", d.strftime("%A %-d %B %Y")),
                        app.theme.role(Role::Heading(1)),
                    ),
                    AgendaRow::Day(None) => {
                        Line::styled(" Date to be announced", app.theme.role(Role::Heading(1)))
                    }
                    AgendaRow::Event(i) => {
                        event_row(app, &ev.events[*i], *i == ev.selected, body.width)
                    }
                })
                .collect();
            f.render_widget(Paragraph::new(lines), body);
        }
    }
}

fn empty_lines(app: &App) -> Vec<String> {
    let key = |a: Action| {
        app.keymap
            .keys_for(View::Events, a)
            .into_iter()
            .next()
            .unwrap_or_else(|| a.name().to_string())
    };
    let what = match app.events.when {
        EventWhen::Upcoming => "No upcoming events",
        EventWhen::Past => "No past events",
        EventWhen::All => "No events",
    };
    let mut lines = vec![match &app.events.category {
        Some(c) => format!("{what} in “{c}”."),
        None if app.status.is_syncing() => format!("{what} yet — syncing…"),
        None => format!("{what} cached."),
    }];
    if app.events.when != EventWhen::All {
        lines.push(format!(
            "Press {} to see past and all events.",
            key(Action::CycleFilter)
        ));
    }
    lines
}

/// "  19:00  Title                 Venue" in the reader's zone.
pub fn time_of(e: &Event, tz: &TimeZone) -> String {
    match &e.start {
        _ if e.all_day => "all day".into(),
        Some(s) => s.with_time_zone(tz.clone()).strftime("%H:%M").to_string(),
        None => String::new(),
    }
}

fn event_row<'a>(app: &App, e: &'a Event, selected: bool, width: u16) -> Line<'a> {
    let t = &app.theme;
    let width = usize::from(width);
    let cancelled = e.status == EventStatus::Cancelled;
    let row = t.row(selected, true);
    let title_style = if cancelled {
        t.role(Role::Cancelled).patch(t.row(selected, false))
    } else {
        row
    };
    let venue_w = if width >= 60 {
        (width / 4).clamp(10, 30)
    } else {
        0
    };
    let tag = if cancelled { " cancelled" } else { "" };
    let title_w = width.saturating_sub(3 + 8 + venue_w + 1 + tag.chars().count());
    let mut spans = vec![
        Span::styled("   ", row),
        Span::styled(
            format!("{:<8}", time_of(e, &app.tz)),
            t.role(Role::EventDate).patch(t.row(selected, false)),
        ),
        Span::styled(fit(&e.title, title_w), title_style),
    ];
    if cancelled {
        spans.push(Span::styled(
            tag,
            t.role(Role::Cancelled).patch(t.row(selected, false)),
        ));
    }
    if venue_w > 0 {
        spans.push(Span::styled(" ", row));
        spans.push(Span::styled(
            fit(e.venue.as_deref().unwrap_or(""), venue_w),
            t.row_meta(selected),
        ));
    }
    Line::from(spans)
}
