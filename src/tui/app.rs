//! The TUI's state, and `update`: the one place an action changes it. Each
//! screen's part lives with that screen (list.rs, reader.rs, help.rs); this
//! file holds what they share and routes actions to them.

use std::collections::HashMap;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::config::Config;
use crate::config::keymap::{Key, Keymap, View};
use crate::config::theme::Theme;
use crate::sync::SyncEvent;
use crate::tui::action::Action;
use crate::tui::events::EventsState;
use crate::tui::help::HelpState;
use crate::tui::input::KeyState;
use crate::tui::library::Library;
use crate::tui::list::ListState;
use crate::tui::prompt::Prompt;
use crate::tui::reader::{Pictures, ReaderState};
use crate::tui::status::{StatusState, SyncChange};
use crate::tui::{calendar, event_detail, events, help, list, prompt, reader};

/// The screens, stacked: the list is always at the bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    List,
    Reader,
    Links,
    Help,
    Events,
    Calendar,
    Event,
}

impl Screen {
    /// The keymap section in force on this screen.
    pub fn view(self) -> View {
        match self {
            Screen::List => View::List,
            Screen::Reader => View::Reader,
            Screen::Links => View::Links,
            Screen::Help => View::Help,
            Screen::Events => View::Events,
            Screen::Calendar => View::Calendar,
            Screen::Event => View::Event,
        }
    }
}

/// Work the event loop does for the app: it needs the terminal or threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// An http, https or mailto URL, already checked.
    OpenUrl(String),
    StartSync,
    /// Write the event (by id) as an `.ics` to the download folder.
    SaveIcs(String),
    /// Write the events the agenda lists as one `.ics` to the download folder.
    SaveListIcs,
}

pub struct App {
    pub library: Box<dyn Library>,
    pub config: Arc<Config>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub screens: Vec<Screen>,
    pub list: ListState,
    pub reader: Option<ReaderState>,
    /// Articles left by following a link, to come back to.
    pub reader_history: Vec<ReaderState>,
    /// Where each article was left in the reader, this session (lines of
    /// its text); the library keeps them for the next.
    pub positions: HashMap<String, usize>,
    /// How pictures are drawn in the reader, and those decoded.
    pub pictures: Pictures,
    pub events: EventsState,
    pub help: HelpState,
    pub status: StatusState,
    pub prompt: Option<Prompt>,
    pub keys: KeyState,
    /// Terminal size: columns, rows.
    pub size: (u16, u16),
    /// The time the screen is drawn for (fixed in tests).
    pub now: Timestamp,
    /// The zone dates are shown in.
    pub tz: TimeZone,
    /// A sync can be started (not `--offline`).
    pub can_sync: bool,
    pub effects: Vec<Effect>,
    pub quit: bool,
}

impl App {
    pub fn new(
        library: Box<dyn Library>,
        config: Arc<Config>,
        keymap: Keymap,
        theme: Theme,
    ) -> App {
        App {
            library,
            config,
            keymap,
            theme,
            screens: vec![Screen::List],
            list: ListState::default(),
            reader: None,
            reader_history: Vec::new(),
            positions: HashMap::new(),
            pictures: Pictures::default(),
            events: EventsState::default(),
            help: HelpState::default(),
            status: StatusState::default(),
            prompt: None,
            keys: KeyState::default(),
            size: (80, 24),
            now: Timestamp::UNIX_EPOCH,
            tz: TimeZone::UTC,
            can_sync: false,
            effects: Vec::new(),
            quit: false,
        }
    }

    pub fn screen(&self) -> Screen {
        self.screens.last().copied().unwrap_or(Screen::List)
    }

    pub fn view(&self) -> View {
        self.screen().view()
    }

    pub(crate) fn push(&mut self, s: Screen) {
        if self.screen() != s {
            self.screens.push(s);
        }
    }

    pub(crate) fn pop(&mut self) {
        if self.screens.len() > 1 {
            self.screens.pop();
        }
    }

    /// Rows of the list body: the screen less its header and status line.
    pub fn list_height(&self) -> usize {
        usize::from(self.size.1.saturating_sub(2)).max(1)
    }

    /// Lines of the reader body: the screen less the status line.
    pub fn reader_height(&self) -> usize {
        usize::from(self.size.1.saturating_sub(1)).max(1)
    }

    /// Columns the article text is laid out in: the configured reading width,
    /// or the screen less a margin when that is narrower.
    pub fn reading_width(&self) -> u16 {
        self.config
            .reading_width
            .min(self.size.0.saturating_sub(4))
            .max(20)
    }

    /// Load the list (first time, or after a sync), keeping the selection.
    pub fn reload(&mut self) {
        let height = self.list_height();
        self.list.reload(self.library.as_ref(), height);
        if let Ok(Some(t)) = self.library.last_sync() {
            self.status.last_sync = Some(t);
        }
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.size = (cols, rows);
        let height = self.list_height();
        self.list.ensure_visible(self.library.as_ref(), height);
        let (width, height) = (self.reading_width(), self.reader_height());
        if let Some(r) = &mut self.reader {
            r.relayout(
                width,
                height,
                &self.tz,
                &mut self.pictures,
                self.library.as_ref(),
            );
        }
        if let Some(d) = &mut self.events.detail {
            d.relayout(width, height, &self.tz);
        }
        let list_height = self.list_height();
        self.events.ensure_visible(list_height);
    }

    /// A message from a running sync.
    pub fn on_sync(&mut self, ev: &SyncEvent) {
        match self.status.on_sync(ev) {
            SyncChange::Progress => {}
            SyncChange::NewData | SyncChange::Finished => {
                self.reload();
                if matches!(self.screen(), Screen::Events | Screen::Calendar) {
                    events::reload(self);
                }
            }
        }
    }

    /// The sync stopped without finishing (its thread died).
    pub fn on_sync_lost(&mut self) {
        if self.status.is_syncing() {
            self.status.syncing = None;
            self.status.last_error = Some("the sync stopped unexpectedly".into());
            self.reload();
        }
    }

    /// Called while a sync runs, to turn the spinner.
    pub fn tick(&mut self) {
        if self.status.is_syncing() {
            self.status.spinner = self.status.spinner.wrapping_add(1);
        }
    }

    /// A key from the terminal: to the prompt when one is open, else through
    /// the keymap of the screen in front.
    pub fn on_key(&mut self, ev: KeyEvent) {
        if ev.kind == KeyEventKind::Release {
            return;
        }
        if self.prompt.is_some() {
            prompt::on_key(self, ev);
            return;
        }
        let key = Key::from_event(&ev);
        if ev.code == KeyCode::Esc && self.keys.display().is_some() {
            self.keys.clear();
            return;
        }
        let view = self.view();
        if let Some((action, count)) = self.keys.feed(&self.keymap, view, key) {
            update_counted(self, action, count);
        }
    }

    /// The wheel scrolls; a click selects a row of the article list or the
    /// agenda, a second click opens it.
    pub fn on_mouse(&mut self, m: MouseEvent) {
        match m.kind {
            MouseEventKind::ScrollDown => update_counted(self, Action::Down, Some(3)),
            MouseEventKind::ScrollUp => update_counted(self, Action::Up, Some(3)),
            MouseEventKind::Down(MouseButton::Left) if self.screen() == Screen::List => {
                // Row 0 is the header; the last row is the status line.
                let Some(offset) = usize::from(m.row).checked_sub(1) else {
                    return;
                };
                if offset >= self.list_height() {
                    return;
                }
                let index = self.list.scroll + offset;
                if index >= self.list.total {
                    return;
                }
                if index == self.list.selected {
                    update(self, Action::Open);
                } else {
                    self.list.selected = index;
                    let height = self.list_height();
                    self.list.ensure_visible(self.library.as_ref(), height);
                }
            }
            MouseEventKind::Down(MouseButton::Left) if self.screen() == Screen::Events => {
                let row = usize::from(m.row)
                    .checked_sub(1)
                    .filter(|r| *r < self.list_height())
                    .and_then(|r| self.events.rows.get(self.events.scroll + r));
                if let Some(events::AgendaRow::Event(i)) = row.copied() {
                    if i == self.events.selected {
                        update(self, Action::Open);
                    } else {
                        self.events.selected = i;
                    }
                }
            }
            _ => {}
        }
    }

    /// Queue a URL for the browser, if it is one we are willing to open.
    pub(crate) fn open_url(&mut self, url: &str) {
        match url::Url::parse(url) {
            Ok(u) if matches!(u.scheme(), "http" | "https" | "mailto") => {
                self.effects.push(Effect::OpenUrl(u.to_string()));
            }
            _ => self
                .status
                .error(format!("not opened (only http, https and mailto): {url}")),
        }
    }
}

/// Apply one action.
pub fn update(app: &mut App, action: Action) {
    update_counted(app, action, None);
}

/// Apply one action with the count typed before it (`5j`, `3l`).
pub fn update_counted(app: &mut App, action: Action, count: Option<usize>) {
    app.status.note = None;
    match action {
        Action::Quit => {
            reader::keep_position(app);
            app.quit = true;
        }
        Action::Help if app.screen() != Screen::Help => help::open(app),
        Action::Sync => {
            if !app.can_sync {
                app.status.info("offline: nothing is fetched");
            } else if app.status.is_syncing() {
                app.status.info("already syncing");
            } else {
                app.effects.push(Effect::StartSync);
            }
        }
        Action::SwitchView if app.screen() != Screen::Help => events::switch(app),
        Action::CycleTheme => match app.theme.next() {
            Ok(t) => {
                app.status.info(format!("theme: {}", t.name()));
                app.theme = t;
            }
            Err(e) => app.status.error(e.to_string()),
        },
        _ => match app.screen() {
            Screen::List => list::update(app, action, count),
            Screen::Reader => reader::update(app, action, count),
            Screen::Links => reader::update_links(app, action, count),
            Screen::Help => help::update(app, action, count),
            Screen::Events => events::update(app, action, count),
            Screen::Calendar => calendar::update(app, action, count),
            Screen::Event => event_detail::update(app, action, count),
        },
    }
}
