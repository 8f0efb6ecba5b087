//! The reader: one article laid out for the reading width, its scroll
//! position and its links, and how reader actions change them.

use std::time::{Duration, Instant};

use jiff::tz::TimeZone;

use crate::model::Article;
use crate::render::Rendered;
use crate::render::article::Layout;
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::list::{self, Load};
use crate::tui::prompt::{Edit, Prompt, PromptKind};

pub mod crops;
pub mod find;
pub mod kitty;
pub mod pictures;
pub mod protocol;

pub use find::Match;
pub use pictures::{Pictures, Slot};

use crate::tui::library::Library;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReaderState {
    pub id: String,
    pub article: Option<Article>,
    pub read: bool,
    pub saved: bool,
    /// The article laid out, with rows reserved for its pictures.
    pub rendered: Rendered,
    /// The same without the pictures' rows: what positions are kept in.
    pub text: Rendered,
    /// Where the pictures go in `rendered`.
    pub slots: Vec<Slot>,
    /// The width `rendered` was laid out for.
    pub width: u16,
    /// Lines on screen, for paging and the bottom limit.
    pub height: usize,
    pub scroll: usize,
    pub load: Load,
    /// The highlighted entry of the links screen.
    pub link_selected: usize,
    /// Text being found, and where it is.
    pub find: Option<String>,
    pub matches: Vec<Match>,
    /// Index into `matches` of the one shown.
    pub current: usize,
    /// The scroll position when find began, to go back to on esc.
    pub find_origin: usize,
    /// Estimated reading time, in minutes.
    pub minutes: usize,
    /// What is still to be laid out of a long article: its first screen
    /// shows at once, the rest follows between key presses.
    pub rest: Option<Layout>,
}

/// How long the UI thread lays out more of an article before it looks for
/// keys again.
const LAYOUT_SLICE: Duration = Duration::from_millis(8);

/// An article as the reader shows it.
pub fn layout_article(article: &Article, width: u16, tz: &TimeZone) -> Rendered {
    crate::render::article::render_article_in(article, usize::from(width), tz)
}

impl ReaderState {
    pub fn max_scroll(&self) -> usize {
        self.rendered.lines.len().saturating_sub(self.height)
    }

    fn scroll_to(&mut self, line: usize) {
        self.scroll = line.min(self.max_scroll());
    }

    /// Show match `i`, a few lines below the top so its context shows.
    fn show_match(&mut self, i: usize) {
        if let Some(m) = self.matches.get(i) {
            self.current = i;
            let line = m.line;
            if line < self.scroll || line >= self.scroll + self.height {
                self.scroll_to(line.saturating_sub(self.height / 3));
            }
        }
    }

    /// Lay the article out again for a new width or height.
    pub fn relayout(
        &mut self,
        width: u16,
        height: usize,
        tz: &TimeZone,
        pictures: &mut Pictures,
        library: &dyn Library,
    ) {
        self.height = height;
        if width != self.width && self.rest.is_some() {
            // The position is kept as a share of the whole text.
            self.finish_layout(tz, pictures, library);
        }
        if width != self.width
            && let Some(a) = &self.article
        {
            // Keep the same part of the text in view, roughly.
            let old_len = self.text.lines.len().max(1);
            let at = pictures::text_line(&self.slots, self.scroll);
            self.text = layout_article(a, width, tz);
            self.rest = None;
            self.minutes = self.text.minutes;
            self.width = width;
            self.slots.clear();
            self.scroll = at * self.text.lines.len() / old_len;
            self.arrange(pictures, library);
        }
        self.scroll_to(self.scroll);
    }

    /// Reserve rows for the pictures (or take them away), keeping the same
    /// text in view and the find matches in step.
    pub fn arrange(&mut self, pictures: &mut Pictures, library: &dyn Library) {
        let at = pictures::text_line(&self.slots, self.scroll);
        let (rendered, slots) = pictures.arrange(library, &self.text, self.width);
        self.rendered = rendered;
        self.slots = slots;
        if let Some(f) = &self.find {
            self.matches = find::find(&self.rendered, f);
            self.current = self.current.min(self.matches.len().saturating_sub(1));
        }
        self.scroll_to(self.display_line(at));
    }

    /// The laid-out line showing a line of the text; a picture's own line
    /// shows with the picture above it.
    fn display_line(&self, text_line: usize) -> usize {
        let line = pictures::display_line(&self.slots, text_line);
        match self.slots.iter().find(|s| s.text_line == text_line) {
            Some(s) => s.line,
            None => line,
        }
    }

    /// The line of the text at the top of the screen.
    pub fn text_position(&self) -> usize {
        pictures::text_line(&self.slots, self.scroll)
    }

    /// Lay out more of a long article: for about `budget`, or until text
    /// line `upto` is laid out. The caller arranges the pictures after.
    fn lay_out_more(&mut self, budget: Duration, upto: usize, tz: &TimeZone) {
        let (Some(rest), Some(article)) = (&mut self.rest, &self.article) else {
            return;
        };
        let started = Instant::now();
        let mut more = true;
        while more && started.elapsed() < budget && self.text.lines.len() <= upto {
            more = rest.step(article, tz, &mut self.text);
        }
        if !more {
            self.rest = None;
        }
        self.minutes = self.text.minutes;
    }

    /// Lay out all that is left of a long article.
    fn finish_layout(&mut self, tz: &TimeZone, pictures: &mut Pictures, library: &dyn Library) {
        let (Some(mut rest), Some(article)) = (self.rest.take(), &self.article) else {
            return;
        };
        rest.finish_all(article, tz, &mut self.text);
        self.minutes = self.text.minutes;
        self.arrange(pictures, library);
    }
}

/// Whether the open article is still being laid out.
pub fn layout_pending(app: &App) -> bool {
    app.reader.as_ref().is_some_and(|r| r.rest.is_some())
}

/// Lay out the next slice of the open article.
pub fn lay_out_more(app: &mut App) {
    if let Some(r) = &mut app.reader {
        let before = r.text.lines.len();
        let mirrored = !app.pictures.active() && r.rendered.lines.len() == before;
        r.lay_out_more(LAYOUT_SLICE, usize::MAX, &app.tz);
        if mirrored && r.rest.is_some() {
            // Without pictures the lines shown are the text's: only the new
            // ones are copied, not the whole text each slice. (The last
            // slice redraws the head, so it is arranged whole.)
            r.rendered.lines.extend_from_slice(&r.text.lines[before..]);
            r.rendered.links.clone_from(&r.text.links);
            r.rendered.minutes = r.text.minutes;
        } else {
            r.arrange(&mut app.pictures, app.library.as_ref());
        }
    }
}

/// Lay out all that is left of the open article: finding, the links, the
/// end of the text and a kept position need the whole of it.
fn finish_layout(app: &mut App) {
    if let Some(r) = &mut app.reader {
        r.finish_layout(&app.tz, &mut app.pictures, app.library.as_ref());
    }
}

/// Open an article from the library in the reader, and mark it read.
pub fn open(app: &mut App, id: &str) {
    let (width, height) = (app.reading_width(), app.reader_height());
    let state = match app.library.article(id) {
        Ok(Some(stored)) => {
            // A long article: its start now, what is left between keys.
            let (text, rest) = Layout::start(&stored.article, usize::from(width), &app.tz);
            let mut r = ReaderState {
                id: id.to_string(),
                read: stored.read,
                saved: stored.saved,
                article: Some(stored.article),
                minutes: text.minutes,
                text,
                width,
                height,
                load: Load::Ready,
                rest,
                ..ReaderState::default()
            };
            // Back where the person left off, this session or an earlier one.
            let kept = match app.positions.get(id) {
                Some(line) => Some(*line),
                None => app.library.reading_position(id).ok().flatten(),
            };
            // A long article opens at once where it was left: laid out up to
            // there, the rest follows.
            if let Some(line) = kept {
                r.lay_out_more(Duration::MAX, line.saturating_add(r.height), &app.tz);
            }
            r.arrange(&mut app.pictures, app.library.as_ref());
            let line = r.display_line(kept.unwrap_or(0));
            r.scroll_to(line);
            r
        }
        Ok(None) => failed(id, "This article is no longer in the cache.".into()),
        Err(e) => failed(
            id,
            format!("Could not read the article from the cache: {e}"),
        ),
    };
    let unread = state.load == Load::Ready && !state.read;
    keep_position(app);
    app.reader = Some(state);
    if unread {
        list::set_read(app, id, true);
    }
    app.push(Screen::Reader);
}

fn failed(id: &str, message: String) -> ReaderState {
    ReaderState {
        id: id.to_string(),
        load: Load::Failed(message),
        ..ReaderState::default()
    }
}

/// Remember where the open article was left, for this session and the
/// next (in lines of the text, so pictures shown or hidden do not move it).
pub fn keep_position(app: &mut App) {
    if let Some(r) = &app.reader
        && r.load == Load::Ready
    {
        let line = r.text_position();
        app.positions.insert(r.id.clone(), line);
        if let Err(e) = app.library.set_reading_position(&r.id, line) {
            app.status
                .error(format!("could not keep the reading position: {e}"));
        }
    }
}

fn close(app: &mut App) {
    keep_position(app);
    if let Some(previous) = app.reader_history.pop() {
        app.reader = Some(previous);
        let (width, height) = (app.reading_width(), app.reader_height());
        if let Some(r) = &mut app.reader {
            r.relayout(
                width,
                height,
                &app.tz,
                &mut app.pictures,
                app.library.as_ref(),
            );
            // Pictures may have been turned on or off meanwhile.
            r.arrange(&mut app.pictures, app.library.as_ref());
        }
        return;
    }
    app.pop();
    if app.screen() == Screen::List {
        app.reader = None;
    }
}

/// Move the list's selection by one and open what is there.
fn step(app: &mut App, forward: bool) {
    let at = app.list.selected;
    let to = if forward {
        at + 1
    } else {
        match at.checked_sub(1) {
            Some(i) => i,
            None => return app.status.info("this is the first article"),
        }
    };
    if to >= app.list.total {
        return app.status.info("this is the last article");
    }
    let height = app.list_height();
    app.reader_history.clear();
    app.list.selected = to;
    app.list.ensure_visible(app.library.as_ref(), height);
    if let Some(id) = app.list.selected_row().map(|r| r.id.clone()) {
        open(app, &id);
    }
}

fn open_link(app: &mut App, n: usize) {
    let Some(r) = &app.reader else { return };
    match r.rendered.links.get(n.wrapping_sub(1)) {
        Some(url) => {
            let url = url.clone();
            match cached_article(app, &url) {
                Some(id) => follow(app, &id),
                None => app.open_url(&url),
            }
        }
        None => {
            let have = r.rendered.links.len();
            app.status
                .error(format!("there is no link {n}: this article has {have}"));
        }
    }
}

/// The id of a cached article a link points to (not the one open).
fn cached_article(app: &App, url: &str) -> Option<String> {
    let scheme_ok = url.starts_with("http://") || url.starts_with("https://");
    let id = crate::model::article_id(url);
    let open_now = app.reader.as_ref().map(|r| r.id.as_str());
    (scheme_ok && open_now != Some(id.as_str()))
        .then(|| app.library.article(&id).ok().flatten())
        .flatten()
        .map(|a| a.article.id)
}

/// Open a linked article in the reader; back returns to this one.
fn follow(app: &mut App, id: &str) {
    if app.screen() == Screen::Links {
        app.pop();
    }
    keep_position(app);
    if let Some(current) = app.reader.take() {
        app.reader_history.push(current);
    }
    open(app, id);
}

/// A reader action.
pub fn update(app: &mut App, action: Action, count: Option<usize>) {
    let n = count.unwrap_or(1);
    // A long article still being laid out: the end, the links and finding
    // need all of it; moving down, only as far as the move goes.
    let needs_all = matches!(
        action,
        Action::Bottom
            | Action::OpenLink
            | Action::Links
            | Action::Search
            | Action::NextMatch
            | Action::PrevMatch
    );
    if needs_all {
        finish_layout(app);
    } else if let Some(r) = &mut app.reader
        && r.rest.is_some()
    {
        let page = r.height.saturating_sub(2).max(1);
        let to = match action {
            Action::Down => r.scroll.saturating_add(n),
            Action::PageDown => r.scroll.saturating_add(page.saturating_mul(n)),
            Action::HalfPageDown => r.scroll.saturating_add((r.height / 2).saturating_mul(n)),
            Action::Top => count.map_or(0, |c| c.saturating_sub(1)),
            _ => 0,
        };
        if to.saturating_add(r.height) >= r.text.lines.len() {
            r.lay_out_more(Duration::MAX, to.saturating_add(r.height), &app.tz);
            r.arrange(&mut app.pictures, app.library.as_ref());
        }
    }
    let Some(r) = app.reader.as_mut() else {
        return close(app);
    };
    let page = r.height.saturating_sub(2).max(1);
    match action {
        Action::Down => r.scroll_to(r.scroll.saturating_add(n)),
        Action::Up => r.scroll_to(r.scroll.saturating_sub(n)),
        Action::PageDown => r.scroll_to(r.scroll.saturating_add(page * n)),
        Action::PageUp => r.scroll_to(r.scroll.saturating_sub(page * n)),
        Action::HalfPageDown => r.scroll_to(r.scroll.saturating_add(r.height / 2 * n)),
        Action::HalfPageUp => r.scroll_to(r.scroll.saturating_sub(r.height / 2 * n)),
        Action::Top => r.scroll_to(count.map_or(0, |c| c.saturating_sub(1))),
        Action::Bottom => r.scroll_to(usize::MAX),
        Action::Back => close(app),
        Action::NextArticle => step(app, true),
        Action::PrevArticle => step(app, false),
        Action::OpenInBrowser => {
            if let Some(url) = r.article.as_ref().map(|a| a.url.clone()) {
                app.open_url(&url);
            }
        }
        Action::OpenLink => match count {
            Some(n) => open_link(app, n),
            None => open_links(app),
        },
        Action::Links => open_links(app),
        Action::Search => {
            r.find_origin = r.scroll;
            let text = r.find.clone().unwrap_or_default();
            app.prompt = Some(Prompt::new(PromptKind::Find, text));
        }
        Action::NextMatch | Action::PrevMatch => {
            let total = r.matches.len();
            if total == 0 {
                let what = if r.find.is_some() {
                    "no matches"
                } else {
                    "nothing to find: press / first"
                };
                return app.status.info(what);
            }
            let step = n % total;
            let i = if action == Action::NextMatch {
                (r.current + step) % total
            } else {
                (r.current + total - step) % total
            };
            r.show_match(i);
            app.status.info(format!("match {}/{total}", i + 1));
        }
        Action::ToggleRead => {
            let (id, read) = (r.id.clone(), !r.read);
            list::set_read(app, &id, read);
        }
        Action::ToggleSaved => {
            let (id, saved) = (r.id.clone(), !r.saved);
            list::set_saved(app, &id, saved);
        }
        Action::TogglePictures => toggle_pictures(app),
        _ => {}
    }
}

fn open_links(app: &mut App) {
    match &mut app.reader {
        Some(r) if !r.rendered.links.is_empty() => {
            r.link_selected = 0;
            app.push(Screen::Links);
        }
        _ => app.status.info("this article has no links"),
    }
}

/// The find prompt changed: jump to the first match from where find began.
pub fn on_find(app: &mut App, edit: Edit, query: Option<String>) {
    let Some(r) = app.reader.as_mut() else { return };
    match edit {
        Edit::Changed => {
            r.matches = query
                .as_deref()
                .map(|q| find::find(&r.rendered, q))
                .unwrap_or_default();
            r.find = query;
            let origin = r.find_origin;
            r.scroll_to(origin);
            match r.matches.iter().position(|m| m.line >= origin) {
                Some(i) => r.show_match(i),
                None => r.show_match(0),
            }
        }
        Edit::Cancelled => {
            r.find = None;
            r.matches.clear();
            let origin = r.find_origin;
            r.scroll_to(origin);
        }
        Edit::Submitted => {
            let total = r.matches.len();
            match (&r.find, total) {
                (Some(f), 0) => app.status.info(format!("“{f}” is not in this article")),
                (Some(_), n) => app.status.info(format!("match {}/{n}", r.current + 1)),
                (None, _) => {}
            }
        }
        Edit::Unchanged => {}
    }
}

/// An action on the links screen.
pub fn update_links(app: &mut App, action: Action, count: Option<usize>) {
    let Some(r) = app.reader.as_mut() else {
        return app.pop();
    };
    let last = r.rendered.links.len().saturating_sub(1);
    let n = count.unwrap_or(1);
    match action {
        Action::Down => r.link_selected = (r.link_selected + n).min(last),
        Action::Up => r.link_selected = r.link_selected.saturating_sub(n),
        Action::Top => r.link_selected = 0,
        Action::Bottom => r.link_selected = last,
        Action::Open => {
            let pick = count.unwrap_or(r.link_selected + 1);
            open_link(app, pick);
        }
        Action::OpenLink => {
            let pick = count.unwrap_or(r.link_selected + 1);
            open_link(app, pick);
        }
        Action::Back | Action::Links => app.pop(),
        _ => {}
    }
}

/// Show or hide pictures, keeping the same text in view.
fn toggle_pictures(app: &mut App) {
    if app.pictures.protocol().is_none() {
        return app.status.info("pictures cannot be shown here");
    }
    app.pictures.on = !app.pictures.on;
    if let Some(r) = &mut app.reader {
        r.arrange(&mut app.pictures, app.library.as_ref());
    }
    let what = if app.pictures.on {
        "pictures shown"
    } else {
        "pictures hidden"
    };
    app.status.info(what);
}

/// A picture decoded on the worker thread. One that could not be decoded
/// gives its rows back to the text.
pub fn on_picture(app: &mut App, decoded: pictures::Decoded) {
    if app.pictures.finish(decoded)
        && let Some(r) = &mut app.reader
    {
        r.arrange(&mut app.pictures, app.library.as_ref());
    }
}
