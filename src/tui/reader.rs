//! The reader: one article laid out for the reading width, its scroll
//! position and its links, and how reader actions change them.

use crate::model::Article;
use crate::render::Rendered;
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::list::{self, Load};

pub(crate) mod fallback;

#[derive(Debug, Clone, PartialEq)]
pub struct ReaderState {
    pub id: String,
    pub article: Option<Article>,
    pub read: bool,
    pub saved: bool,
    pub rendered: Rendered,
    /// The width `rendered` was laid out for.
    pub width: u16,
    /// Lines on screen, for paging and the bottom limit.
    pub height: usize,
    pub scroll: usize,
    pub load: Load,
    /// The highlighted entry of the links screen.
    pub link_selected: usize,
}

/// An article as the reader shows it.
pub fn layout_article(article: &Article, width: u16) -> Rendered {
    fallback::layout(article, width)
}

impl ReaderState {
    pub fn max_scroll(&self) -> usize {
        self.rendered.lines.len().saturating_sub(self.height)
    }

    fn scroll_to(&mut self, line: usize) {
        self.scroll = line.min(self.max_scroll());
    }

    /// Lay the article out again for a new width or height.
    pub fn relayout(&mut self, width: u16, height: usize) {
        self.height = height;
        if width != self.width
            && let Some(a) = &self.article
        {
            // Keep the same part of the text in view, roughly.
            let old_len = self.rendered.lines.len().max(1);
            self.rendered = layout_article(a, width);
            self.width = width;
            self.scroll = self.scroll * self.rendered.lines.len() / old_len;
        }
        self.scroll_to(self.scroll);
    }
}

/// Open an article from the library in the reader, and mark it read.
pub fn open(app: &mut App, id: &str) {
    let (width, height) = (app.reading_width(), app.reader_height());
    let state = match app.library.article(id) {
        Ok(Some(stored)) => {
            let rendered = layout_article(&stored.article, width);
            ReaderState {
                id: id.to_string(),
                read: stored.read,
                saved: stored.saved,
                article: Some(stored.article),
                rendered,
                width,
                height,
                scroll: 0,
                load: Load::Ready,
                link_selected: 0,
            }
        }
        Ok(None) => failed(id, "This article is no longer in the cache.".into()),
        Err(e) => failed(
            id,
            format!("Could not read the article from the cache: {e}"),
        ),
    };
    let unread = state.load == Load::Ready && !state.read;
    app.reader = Some(state);
    if unread {
        list::set_read(app, id, true);
    }
    app.push(Screen::Reader);
}

fn failed(id: &str, message: String) -> ReaderState {
    ReaderState {
        id: id.to_string(),
        article: None,
        read: false,
        saved: false,
        rendered: Rendered::default(),
        width: 0,
        height: 0,
        scroll: 0,
        load: Load::Failed(message),
        link_selected: 0,
    }
}

fn close(app: &mut App) {
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
            app.open_url(&url);
        }
        None => {
            let have = r.rendered.links.len();
            app.status
                .error(format!("there is no link {n}: this article has {have}"));
        }
    }
}

/// A reader action.
pub fn update(app: &mut App, action: Action, count: Option<usize>) {
    let n = count.unwrap_or(1);
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
        Action::ToggleRead => {
            let (id, read) = (r.id.clone(), !r.read);
            list::set_read(app, &id, read);
        }
        Action::ToggleSaved => {
            let (id, saved) = (r.id.clone(), !r.saved);
            list::set_saved(app, &id, saved);
        }
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
