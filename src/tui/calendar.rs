//! The month calendar: a chosen day moved by day, week and month; the days
//! of the month that have events; the chosen day's events beside the grid.

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::model::Event;
use crate::store::EventWhen;
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::event_detail;
use crate::tui::events::{self, event_day};
use crate::tui::list::Load;

/// Events loaded for the calendar at once (past and future).
const LIMIT: usize = 5000;

#[derive(Debug, Clone, PartialEq)]
pub struct CalendarState {
    pub day: Date,
    pub events: Vec<Event>,
    pub load: Load,
}

impl Default for CalendarState {
    fn default() -> Self {
        CalendarState {
            day: Date::constant(2026, 1, 1),
            events: Vec::new(),
            load: Load::Loading,
        }
    }
}

/// The last day an event covers, in the same terms as `event_day`. An
/// all-day end is exclusive (the day after), as iCalendar writes it.
pub fn event_last_day(e: &Event, tz: &TimeZone) -> Option<Date> {
    let first = event_day(e, tz)?;
    let Some(end) = &e.end else {
        return Some(first);
    };
    let last = if e.all_day {
        end.date().yesterday().ok()?
    } else {
        let local = end.with_time_zone(tz.clone());
        // Ending at midnight is ending the day before.
        if local.time() == jiff::civil::Time::midnight() {
            local.date().yesterday().ok()?
        } else {
            local.date()
        }
    };
    Some(last.max(first))
}

impl CalendarState {
    /// The events on a day, multi-day events on each of their days.
    pub fn on_day(&self, day: Date, tz: &TimeZone) -> Vec<&Event> {
        self.events
            .iter()
            .filter(|e| {
                matches!(
                    (event_day(e, tz), event_last_day(e, tz)),
                    (Some(a), Some(b)) if a <= day && day <= b
                )
            })
            .collect()
    }

    /// Which days of the chosen month have events (index 0 = the 1st).
    pub fn marked_days(&self, tz: &TimeZone) -> Vec<bool> {
        let first = self.day.first_of_month();
        let len = usize::try_from(first.days_in_month()).unwrap_or(31);
        let mut marks = vec![false; len];
        let last = first.last_of_month();
        for e in &self.events {
            let (Some(a), Some(b)) = (event_day(e, tz), event_last_day(e, tz)) else {
                continue;
            };
            if b < first || a > last {
                continue;
            }
            let (from, to) = (a.max(first), b.min(last));
            for d in from.day()..=to.day() {
                if let Some(m) = marks.get_mut(usize::try_from(d - 1).unwrap_or(0)) {
                    *m = true;
                }
            }
        }
        marks
    }
}

/// Show the calendar on the day of the selected agenda event (or today).
pub fn open(app: &mut App) {
    let today = app.now.to_zoned(app.tz.clone()).date();
    app.events.calendar.day = app
        .events
        .selected_event()
        .and_then(|e| event_day(e, &app.tz))
        .unwrap_or(today);
    app.push(Screen::Calendar);
    reload(app);
}

pub fn reload(app: &mut App) {
    let ev = &mut app.events;
    match app.library.events(&ev.query(EventWhen::All, LIMIT)) {
        Ok(events) => {
            ev.calendar.events = events;
            ev.calendar.load = Load::Ready;
        }
        Err(e) => ev.calendar.load = Load::Failed(e.to_string()),
    }
}

/// A calendar action.
pub fn update(app: &mut App, action: Action, count: Option<usize>) {
    let n = i64::try_from(count.unwrap_or(1)).unwrap_or(1);
    let cal = &mut app.events.calendar;
    let moved = match action {
        Action::NextDay => cal.day.checked_add(n.days()),
        Action::PrevDay => cal.day.checked_sub(n.days()),
        Action::NextWeek => cal.day.checked_add((7 * n).days()),
        Action::PrevWeek => cal.day.checked_sub((7 * n).days()),
        Action::NextMonth => cal.day.checked_add(n.months()),
        Action::PrevMonth => cal.day.checked_sub(n.months()),
        Action::Open => {
            let pick = count.unwrap_or(1).saturating_sub(1);
            let id = cal.on_day(cal.day, &app.tz).get(pick).map(|e| e.id.clone());
            match id {
                Some(id) => event_detail::open(app, &id),
                None => app.status.info("no event on this day"),
            }
            return;
        }
        Action::NextCategory => {
            events::next_category(app);
            return;
        }
        Action::Calendar | Action::Back => {
            app.pop();
            return;
        }
        _ => return,
    };
    if let Ok(day) = moved {
        cal.day = day;
    }
}
