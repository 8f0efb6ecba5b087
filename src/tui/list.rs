//! The article list: which rows are loaded, which is selected, and how list
//! actions change that. Rows come from the library a page at a time; only
//! the page around the visible part is held.

use crate::model::ArticleRow;
use crate::store::ArticleQuery;
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::library::Library;
use crate::tui::prompt::{Edit, Prompt, PromptKind};
use crate::tui::reader;

/// Rows fetched at once (at least twice the screen's height).
const PAGE: usize = 100;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Filter {
    #[default]
    All,
    Unread,
    Saved,
}

impl Filter {
    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "All articles",
            Filter::Unread => "Unread",
            Filter::Saved => "Saved",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Load {
    #[default]
    Loading,
    Ready,
    Failed(String),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListState {
    pub filter: Filter,
    /// One site's articles, or all sites merged.
    pub site: Option<String>,
    pub search: Option<String>,
    /// Rows matching the filter and search, in the whole cache.
    pub total: usize,
    /// Index of the selected row among all `total`.
    pub selected: usize,
    /// Index of the first row on screen.
    pub scroll: usize,
    /// Index of `rows[0]`.
    pub window_start: usize,
    pub rows: Vec<ArticleRow>,
    pub load: Load,
    /// Unread articles under the same site and search.
    pub unread: usize,
}

impl ListState {
    fn query(&self, offset: usize, limit: usize) -> ArticleQuery {
        ArticleQuery {
            site: self.site.clone(),
            unread_only: self.filter == Filter::Unread,
            saved_only: self.filter == Filter::Saved,
            search: self.search.clone(),
            offset,
            limit,
        }
    }

    pub fn row(&self, i: usize) -> Option<&ArticleRow> {
        i.checked_sub(self.window_start)
            .and_then(|j| self.rows.get(j))
    }

    pub fn selected_row(&self) -> Option<&ArticleRow> {
        self.row(self.selected)
    }

    fn row_mut(&mut self, id: &str) -> Option<&mut ArticleRow> {
        self.rows.iter_mut().find(|r| r.id == id)
    }

    /// Count again and fetch the page on screen, keeping the selected
    /// article selected when it is still nearby.
    pub fn reload(&mut self, lib: &dyn Library, height: usize) {
        let keep = self.selected_row().map(|r| r.id.clone());
        let unread = ArticleQuery {
            unread_only: true,
            saved_only: false,
            ..self.query(0, 0)
        };
        match (
            lib.count_articles(&self.query(0, 0)),
            lib.count_articles(&unread),
        ) {
            (Ok(n), Ok(u)) => (self.total, self.unread) = (n, u),
            (Err(e), _) | (_, Err(e)) => {
                self.load = Load::Failed(e.to_string());
                return;
            }
        }
        self.rows.clear();
        self.window_start = 0;
        self.ensure_visible(lib, height);
        if let Some(id) = keep
            && let Some(j) = self.rows.iter().position(|r| r.id == id)
        {
            self.selected = self.window_start + j;
            self.ensure_visible(lib, height);
        }
    }

    /// Keep the selection on screen and the rows on screen loaded.
    pub fn ensure_visible(&mut self, lib: &dyn Library, height: usize) {
        self.selected = self.selected.min(self.total.saturating_sub(1));
        if self.selected < self.scroll {
            self.scroll = self.selected;
        } else if self.selected >= self.scroll + height {
            self.scroll = self.selected + 1 - height;
        }
        self.scroll = self.scroll.min(self.total.saturating_sub(height));
        let want_end = (self.scroll + height).min(self.total);
        let covered = self.scroll >= self.window_start
            && want_end <= self.window_start + self.rows.len()
            && !(self.rows.is_empty() && self.total > 0);
        if covered && self.load == Load::Ready {
            return;
        }
        let limit = PAGE.max(height * 2);
        let start = self.scroll.saturating_sub(limit / 4);
        match lib.articles(&self.query(start, limit)) {
            Ok(rows) => {
                self.window_start = start;
                self.rows = rows;
                self.load = Load::Ready;
            }
            Err(e) => self.load = Load::Failed(e.to_string()),
        }
    }

    fn move_to(&mut self, lib: &dyn Library, i: usize, height: usize) {
        self.selected = i;
        self.ensure_visible(lib, height);
    }

    pub fn set_read(&mut self, id: &str, read: bool) {
        if let Some(r) = self.row_mut(id) {
            r.read = read;
        }
    }

    pub fn set_saved(&mut self, id: &str, saved: bool) {
        if let Some(r) = self.row_mut(id) {
            r.saved = saved;
        }
    }
}

/// A list action.
pub fn update(app: &mut App, action: Action, count: Option<usize>) {
    let height = app.list_height();
    let n = count.unwrap_or(1);
    let sel = app.list.selected;
    let lib = app.library.as_ref();
    match action {
        Action::Down => app.list.move_to(lib, sel.saturating_add(n), height),
        Action::Up => app.list.move_to(lib, sel.saturating_sub(n), height),
        Action::PageDown => app
            .list
            .move_to(lib, sel.saturating_add(height * n), height),
        Action::PageUp => app
            .list
            .move_to(lib, sel.saturating_sub(height * n), height),
        Action::HalfPageDown => app
            .list
            .move_to(lib, sel.saturating_add(height / 2 * n), height),
        Action::HalfPageUp => app
            .list
            .move_to(lib, sel.saturating_sub(height / 2 * n), height),
        Action::Top => app.list.move_to(lib, count.map_or(0, |c| c - 1), height),
        Action::Bottom => app
            .list
            .move_to(lib, app.list.total.saturating_sub(1), height),
        Action::Open | Action::NextArticle => {
            if let Some(c) = count {
                app.list.move_to(lib, c.saturating_sub(1), height);
            }
            if let Some(id) = app.list.selected_row().map(|r| r.id.clone()) {
                reader::open(app, &id);
            }
        }
        Action::OpenInBrowser => {
            if let Some(url) = app.list.selected_row().map(|r| r.url.clone()) {
                app.open_url(&url);
            }
        }
        Action::ToggleRead => {
            if let Some(r) = app.list.selected_row() {
                let (id, read) = (r.id.clone(), !r.read);
                set_read(app, &id, read);
            }
        }
        Action::ToggleSaved => {
            if let Some(r) = app.list.selected_row() {
                let (id, saved) = (r.id.clone(), !r.saved);
                set_saved(app, &id, saved);
            }
        }
        Action::Search => {
            let text = app.list.search.clone().unwrap_or_default();
            app.prompt = Some(Prompt::new(PromptKind::Search, text));
        }
        Action::CycleFilter => {
            app.list.filter = match app.list.filter {
                Filter::All => Filter::Unread,
                Filter::Unread => Filter::Saved,
                Filter::Saved => Filter::All,
            };
            restart(app);
        }
        Action::CycleSite => cycle_site(app),
        Action::MarkAllRead => {
            let q = app.list.query(0, 0);
            match app.library.mark_all_read(&q) {
                Ok(n) => {
                    app.status.info(match n {
                        1 => "marked 1 article read".to_string(),
                        n => format!("marked {n} articles read"),
                    });
                    for r in &mut app.list.rows {
                        r.read = true;
                    }
                    let height = app.list_height();
                    app.list.reload(app.library.as_ref(), height);
                }
                Err(e) => app.status.error(e.to_string()),
            }
        }
        Action::Back => {
            if app.list.search.is_some() {
                app.list.search = None;
                restart(app);
            } else if app.list.filter != Filter::All {
                app.list.filter = Filter::All;
                restart(app);
            } else if app.list.site.is_some() {
                app.list.site = None;
                restart(app);
            }
        }
        _ => {}
    }
}

/// The configured sites one after the other, then all merged again.
fn cycle_site(app: &mut App) {
    let sites: Vec<String> = app.config.sites.iter().map(|s| s.name.clone()).collect();
    if sites.len() < 2 && app.list.site.is_none() {
        return app.status.info("there is only one site");
    }
    let next = match &app.list.site {
        None => sites.first().cloned(),
        Some(s) => sites
            .iter()
            .position(|x| x == s)
            .and_then(|i| sites.get(i + 1))
            .cloned(),
    };
    app.list.site = next;
    restart(app);
    let unread = app.list.unread;
    match &app.list.site {
        Some(s) => app.status.info(format!("{s}: {unread} unread")),
        None => app.status.info(format!("all sites: {unread} unread")),
    }
}

/// The filter or search changed: back to the top of the new list.
fn restart(app: &mut App) {
    app.list.selected = 0;
    app.list.scroll = 0;
    let height = app.list_height();
    app.list.reload(app.library.as_ref(), height);
}

/// Mark an article read or unread, in the library and wherever it is shown.
pub fn set_read(app: &mut App, id: &str, read: bool) {
    match app.library.set_read(id, read) {
        Ok(()) => {
            app.list.set_read(id, read);
            if let Some(r) = app.reader.as_mut().filter(|r| r.id == id) {
                r.read = read;
            }
        }
        Err(e) => app.status.error(e.to_string()),
    }
}

pub fn set_saved(app: &mut App, id: &str, saved: bool) {
    match app.library.set_saved(id, saved) {
        Ok(()) => {
            app.list.set_saved(id, saved);
            if let Some(r) = app.reader.as_mut().filter(|r| r.id == id) {
                r.saved = saved;
            }
            app.status.info(if saved {
                "saved for later"
            } else {
                "no longer saved"
            });
        }
        Err(e) => app.status.error(e.to_string()),
    }
}

/// The search prompt changed: the list filters as it is typed.
pub fn on_search(app: &mut App, edit: Edit, query: Option<String>) {
    match edit {
        Edit::Changed => app.list.search = query,
        Edit::Cancelled => app.list.search = None,
        Edit::Submitted | Edit::Unchanged => return,
    }
    if app.screen() == Screen::List {
        restart(app);
    }
}
