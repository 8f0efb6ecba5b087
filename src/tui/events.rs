//! The events agenda: events grouped under day headings, upcoming by default
//! (past and all a key away), filterable by category, and how agenda actions
//! change it.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::model::Event;
use crate::store::{EventQuery, EventWhen};
use crate::tui::action::Action;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::calendar::{self, CalendarState};
use crate::tui::event_detail::{self, EventDetail};
use crate::tui::library::Library;
use crate::tui::list::Load;

/// Events fetched for the agenda at once; a cache holds a few hundred.
pub const LIMIT: usize = 2000;

/// A line of the agenda: a day heading or an event (index into `events`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaRow {
    /// None: events with no date.
    Day(Option<Date>),
    Event(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventsState {
    pub when: EventWhen,
    pub category: Option<String>,
    pub events: Vec<Event>,
    pub rows: Vec<AgendaRow>,
    /// Index into `events`.
    pub selected: usize,
    /// Index into `rows` of the first line on screen.
    pub scroll: usize,
    pub load: Load,
    /// More events matched than were loaded.
    pub truncated: bool,
    pub calendar: CalendarState,
    pub detail: Option<EventDetail>,
}

impl Default for EventsState {
    fn default() -> Self {
        EventsState {
            when: EventWhen::Upcoming,
            category: None,
            events: Vec::new(),
            rows: Vec::new(),
            selected: 0,
            scroll: 0,
            load: Load::Loading,
            truncated: false,
            calendar: CalendarState::default(),
            detail: None,
        }
    }
}

pub fn when_label(w: EventWhen) -> &'static str {
    match w {
        EventWhen::Upcoming => "Upcoming events",
        EventWhen::Past => "Past events",
        EventWhen::All => "All events",
    }
}

/// The day an event is listed under: its own date when all-day (a civil
/// date, not an instant), else its start in the reader's zone.
pub fn event_day(e: &Event, tz: &TimeZone) -> Option<Date> {
    let start = e.start.as_ref()?;
    Some(if e.all_day {
        start.date()
    } else {
        start.with_time_zone(tz.clone()).date()
    })
}

/// Day headings and events, in the order the events came.
pub fn agenda_rows(events: &[Event], tz: &TimeZone) -> Vec<AgendaRow> {
    let mut rows = Vec::with_capacity(events.len() * 2);
    let mut last: Option<Option<Date>> = None;
    for (i, e) in events.iter().enumerate() {
        let day = event_day(e, tz);
        if last != Some(day) {
            rows.push(AgendaRow::Day(day));
            last = Some(day);
        }
        rows.push(AgendaRow::Event(i));
    }
    rows
}

impl EventsState {
    pub fn query(&self, when: EventWhen, limit: usize) -> EventQuery {
        EventQuery {
            site: None,
            when,
            search: None,
            category: self.category.clone(),
            offset: 0,
            limit,
        }
    }

    /// Load the agenda again, keeping the selected event selected.
    pub fn reload(&mut self, lib: &dyn Library, tz: &TimeZone, height: usize) {
        let keep = self.selected_event().map(|e| e.id.clone());
        match lib.events(&self.query(self.when, LIMIT + 1)) {
            Ok(mut events) => {
                self.truncated = events.len() > LIMIT;
                events.truncate(LIMIT);
                self.events = events;
                self.rows = agenda_rows(&self.events, tz);
                self.load = Load::Ready;
            }
            Err(e) => {
                self.load = Load::Failed(e.to_string());
                return;
            }
        }
        self.selected = keep
            .and_then(|id| self.events.iter().position(|e| e.id == id))
            .unwrap_or(0);
        self.ensure_visible(height);
    }

    pub fn selected_event(&self) -> Option<&Event> {
        self.events.get(self.selected)
    }

    fn row_of(&self, event: usize) -> usize {
        self.rows
            .iter()
            .position(|r| *r == AgendaRow::Event(event))
            .unwrap_or(0)
    }

    /// Keep the selected event, and its day heading when it fits, on screen.
    pub fn ensure_visible(&mut self, height: usize) {
        self.selected = self.selected.min(self.events.len().saturating_sub(1));
        let row = self.row_of(self.selected);
        let with_heading = match row.checked_sub(1).map(|r| self.rows[r]) {
            Some(AgendaRow::Day(_)) => row - 1,
            _ => row,
        };
        if with_heading < self.scroll {
            self.scroll = with_heading;
        } else if row >= self.scroll + height {
            self.scroll = row + 1 - height;
        }
        self.scroll = self.scroll.min(self.rows.len().saturating_sub(height));
    }

    /// The categories of the loaded events, sorted, each once.
    pub fn categories(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .events
            .iter()
            .flat_map(|e| e.categories.iter().cloned())
            .collect();
        all.sort_by_key(|c| c.to_lowercase());
        all.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        all
    }
}

/// Articles ⇄ events.
pub fn switch(app: &mut App) {
    match app.screen() {
        Screen::List | Screen::Reader | Screen::Links => {
            app.screens = vec![Screen::List, Screen::Events];
            app.reader = None;
            app.reader_history.clear();
            reload(app);
        }
        Screen::Events | Screen::Calendar | Screen::Event => {
            app.screens = vec![Screen::List];
            app.events.detail = None;
        }
        Screen::Help => {}
    }
}

pub fn reload(app: &mut App) {
    let height = app.list_height();
    app.events.reload(app.library.as_ref(), &app.tz, height);
    if app.screen() == Screen::Calendar {
        calendar::reload(app);
    }
}

/// An agenda action.
pub fn update(app: &mut App, action: Action, count: Option<usize>) {
    let height = app.list_height();
    let n = count.unwrap_or(1);
    let ev = &mut app.events;
    let sel = ev.selected;
    match action {
        Action::Down => ev.selected = sel.saturating_add(n),
        Action::Up => ev.selected = sel.saturating_sub(n),
        Action::PageDown => ev.selected = sel.saturating_add(height.saturating_sub(2) * n),
        Action::PageUp => ev.selected = sel.saturating_sub(height.saturating_sub(2) * n),
        Action::HalfPageDown => ev.selected = sel.saturating_add(height / 2 * n),
        Action::HalfPageUp => ev.selected = sel.saturating_sub(height / 2 * n),
        Action::Top => ev.selected = count.map_or(0, |c| c.saturating_sub(1)),
        Action::Bottom => ev.selected = ev.events.len().saturating_sub(1),
        Action::Open => {
            if let Some(c) = count {
                ev.selected = c.saturating_sub(1).min(ev.events.len().saturating_sub(1));
                ev.ensure_visible(height);
            }
            if let Some(id) = ev.selected_event().map(|e| e.id.clone()) {
                event_detail::open(app, &id);
            }
            return;
        }
        Action::OpenInBrowser => {
            if let Some(url) = ev.selected_event().and_then(|e| e.url.clone()) {
                app.open_url(&url);
            }
            return;
        }
        Action::ExportIcs => {
            if let Some(e) = ev.selected_event() {
                app.effects.push(Effect::SaveIcs(e.id.clone()));
            }
            return;
        }
        Action::ExportListIcs => {
            if ev.events.is_empty() {
                app.status.info("no events listed to save");
            } else {
                app.effects.push(Effect::SaveListIcs);
            }
            return;
        }
        Action::Book => {
            match ev.selected_event().map(|e| e.booking_url.clone()) {
                Some(Some(url)) => app.open_url(&url),
                Some(None) => app.status.info("no booking link for this event"),
                None => {}
            }
            return;
        }
        Action::CycleFilter => {
            ev.when = match ev.when {
                EventWhen::Upcoming => EventWhen::Past,
                EventWhen::Past => EventWhen::All,
                EventWhen::All => EventWhen::Upcoming,
            };
            ev.selected = 0;
            ev.scroll = 0;
            return reload(app);
        }
        Action::NextCategory => {
            next_category(app);
            return;
        }
        Action::Calendar => {
            calendar::open(app);
            return;
        }
        Action::Back => {
            if ev.category.is_some() {
                ev.category = None;
                return reload(app);
            }
            app.screens = vec![Screen::List];
            return;
        }
        _ => return,
    }
    ev.ensure_visible(height);
}

/// Narrow to the next category in the list; after the last, all again.
pub fn next_category(app: &mut App) {
    let ev = &mut app.events;
    // Categories of everything, not of the narrowed list.
    let all = match app.library.events(&EventQuery {
        category: None,
        ..ev.query(EventWhen::All, LIMIT)
    }) {
        Ok(events) => EventsState {
            events,
            ..EventsState::default()
        }
        .categories(),
        Err(e) => return app.status.error(e.to_string()),
    };
    let next = match &ev.category {
        None => all.first().cloned(),
        Some(c) => all
            .iter()
            .position(|x| x.eq_ignore_ascii_case(c))
            .and_then(|i| all.get(i + 1))
            .cloned(),
    };
    match &next {
        Some(c) => app.status.info(format!("category: {c}")),
        None => app.status.info("all categories"),
    }
    ev.category = next;
    ev.selected = 0;
    ev.scroll = 0;
    reload(app);
}
