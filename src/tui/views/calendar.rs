//! The month calendar: the grid with event days marked, the chosen day's
//! events beside it.

use jiff::ToSpan;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::EventStatus;
use crate::render::Role;
use crate::tui::app::App;
use crate::tui::list::Load;
use crate::tui::views::events::time_of;
use crate::tui::widgets::{fit, message};

/// Seven columns of four: a space, the day, and a mark when it has events.
const GRID_W: u16 = 29;

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let cal = &app.events.calendar;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let mut title = format!(" {}", cal.day.strftime("%B %Y"));
    if let Some(c) = &app.events.category {
        title.push_str(&format!(" · {c}"));
    }
    f.render_widget(
        Paragraph::new(fit(&title, usize::from(area.width))).style(t.header()),
        head,
    );
    match &cal.load {
        Load::Loading => return message(f, body, &["Loading…"], t.empty()),
        Load::Failed(e) => return message(f, body, &["Could not read the cache.", e], t.error()),
        Load::Ready => {}
    }
    let [grid, _, side] = Layout::horizontal([
        Constraint::Length(GRID_W),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(body);

    let today = app.now.to_zoned(app.tz.clone()).date();
    let marks = cal.marked_days(&app.tz);
    let first = cal.day.first_of_month();
    let lead = usize::try_from(first.weekday().to_monday_zero_offset()).unwrap_or(0);
    let mut lines = vec![
        Line::default(),
        Line::styled(" Mo  Tu  We  Th  Fr  Sa  Su", t.help_section()),
    ];
    let mut week: Vec<Span> = vec![Span::raw(" ".repeat(4 * lead))];
    let mut col = lead;
    for (i, marked) in marks.iter().enumerate() {
        let Ok(date) = first.checked_add((i as i64).days()) else {
            break;
        };
        let mut style = if *marked {
            t.role(Role::EventDate)
        } else {
            t.role(Role::Body)
        };
        if date == today {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        if date == cal.day {
            style = style.patch(t.row(true, false));
        }
        week.push(Span::raw(" "));
        week.push(Span::styled(format!("{:>2}", date.day()), style));
        week.push(Span::styled(
            if *marked { "•" } else { " " },
            t.role(Role::EventDate),
        ));
        col += 1;
        if col == 7 {
            lines.push(Line::from(std::mem::take(&mut week)));
            col = 0;
        }
    }
    if col > 0 {
        lines.push(Line::from(week));
    }
    lines.push(Line::default());
    lines.push(Line::styled(" • has events", t.role(Role::EventDate)));
    f.render_widget(Paragraph::new(lines), grid);

    let on_day = cal.on_day(cal.day, &app.tz);
    let mut side_lines = vec![
        Line::default(),
        Line::styled(
            cal.day.strftime("%A %-d %B %Y").to_string(),
            t.role(Role::Heading(1)),
        ),
        Line::default(),
    ];
    if on_day.is_empty() {
        side_lines.push(Line::styled("No events on this day.", t.empty()));
    }
    let width = usize::from(side.width);
    for (i, e) in on_day.iter().enumerate() {
        let number = format!("{:>2}. ", i + 1);
        let time = format!("{:<8}", time_of(e, &app.tz));
        let rest = width.saturating_sub(number.len() + time.len());
        let title_style = if e.status == EventStatus::Cancelled {
            t.role(Role::Cancelled)
        } else {
            t.role(Role::Body)
        };
        side_lines.push(Line::from(vec![
            Span::styled(number, t.role(Role::ListMarker)),
            Span::styled(time, t.role(Role::EventDate)),
            Span::styled(fit(&e.title, rest), title_style),
        ]));
        if let Some(v) = &e.venue {
            side_lines.push(Line::styled(
                format!("{}{}", " ".repeat(12), fit(v, width.saturating_sub(12))),
                t.role(Role::Meta),
            ));
        }
    }
    f.render_widget(Paragraph::new(side_lines), side);
}
