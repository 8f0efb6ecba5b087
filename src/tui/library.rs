//! What the TUI reads and writes, as a trait: the SQLite store in the
//! program, a plain in-memory list where a fixed set of articles is enough.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use jiff::Timestamp;

use crate::model::{ArticleRow, Event};
use crate::store::{ArticleQuery, EventQuery, EventWhen, Store, StoreError, StoredArticle};

pub type Result<T> = std::result::Result<T, StoreError>;

/// The articles the TUI shows, a page at a time.
pub trait Library {
    /// One page of rows, newest first.
    fn articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleRow>>;
    fn count_articles(&self, q: &ArticleQuery) -> Result<usize>;
    fn article(&self, id: &str) -> Result<Option<StoredArticle>>;
    fn set_read(&self, id: &str, read: bool) -> Result<()>;
    fn set_saved(&self, id: &str, saved: bool) -> Result<()>;
    /// Time of the most recent successful fetch of any source.
    fn last_sync(&self) -> Result<Option<Timestamp>>;
    /// Mark every unread article matching `q` (its filters, not its page)
    /// read; returns how many.
    fn mark_all_read(&self, q: &ArticleQuery) -> Result<usize> {
        let unread = ArticleQuery {
            unread_only: true,
            offset: 0,
            limit: 500,
            ..q.clone()
        };
        let total = self.count_articles(&unread)?;
        let mut done = 0;
        // Marked rows leave the unread set, so the first page is always new.
        while done < total {
            let rows = self.articles(&unread)?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                self.set_read(&r.id, true)?;
            }
            done += rows.len();
        }
        Ok(done)
    }
    /// Events, soonest first (past ones: most recent first).
    fn events(&self, q: &EventQuery) -> Result<Vec<Event>>;
    fn event(&self, id: &str) -> Result<Option<Event>>;
    /// A cached image: its content type and bytes. A library without an
    /// image cache has none, and the reader shows captions alone.
    fn image(&self, _url: &str) -> Result<Option<(String, Vec<u8>)>> {
        Ok(None)
    }
    /// The line an article was left at in the reader, in an earlier visit.
    /// A library that keeps no positions opens every article at the top.
    fn reading_position(&self, _id: &str) -> Result<Option<usize>> {
        Ok(None)
    }
    fn set_reading_position(&self, _id: &str, _line: usize) -> Result<()> {
        Ok(())
    }
}

impl Library for Store {
    fn articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleRow>> {
        Store::articles(self, q)
    }
    fn count_articles(&self, q: &ArticleQuery) -> Result<usize> {
        Store::count_articles(self, q)
    }
    fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        Store::article(self, id)
    }
    fn set_read(&self, id: &str, read: bool) -> Result<()> {
        Store::set_read(self, id, read)
    }
    fn set_saved(&self, id: &str, saved: bool) -> Result<()> {
        Store::set_saved(self, id, saved)
    }
    fn last_sync(&self) -> Result<Option<Timestamp>> {
        Store::last_sync(self)
    }
    fn mark_all_read(&self, q: &ArticleQuery) -> Result<usize> {
        Store::mark_all_read(self, q)
    }
    fn events(&self, q: &EventQuery) -> Result<Vec<Event>> {
        Store::events(self, q)
    }
    fn event(&self, id: &str) -> Result<Option<Event>> {
        Store::event(self, id)
    }
    fn image(&self, url: &str) -> Result<Option<(String, Vec<u8>)>> {
        Store::image(self, url)
    }
    fn reading_position(&self, id: &str) -> Result<Option<usize>> {
        Store::reading_position(self, id)
    }
    fn set_reading_position(&self, id: &str, line: usize) -> Result<()> {
        Store::set_reading_position(self, id, line)
    }
}

/// A shared library: the app holds one handle, whoever adds to it another.
impl<L: Library + ?Sized> Library for std::rc::Rc<L> {
    fn articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleRow>> {
        (**self).articles(q)
    }
    fn count_articles(&self, q: &ArticleQuery) -> Result<usize> {
        (**self).count_articles(q)
    }
    fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        (**self).article(id)
    }
    fn set_read(&self, id: &str, read: bool) -> Result<()> {
        (**self).set_read(id, read)
    }
    fn set_saved(&self, id: &str, saved: bool) -> Result<()> {
        (**self).set_saved(id, saved)
    }
    fn last_sync(&self) -> Result<Option<Timestamp>> {
        (**self).last_sync()
    }
    fn events(&self, q: &EventQuery) -> Result<Vec<Event>> {
        (**self).events(q)
    }
    fn event(&self, id: &str) -> Result<Option<Event>> {
        (**self).event(id)
    }
    fn mark_all_read(&self, q: &ArticleQuery) -> Result<usize> {
        (**self).mark_all_read(q)
    }
    fn image(&self, url: &str) -> Result<Option<(String, Vec<u8>)>> {
        (**self).image(url)
    }
    fn reading_position(&self, id: &str) -> Result<Option<usize>> {
        (**self).reading_position(id)
    }
    fn set_reading_position(&self, id: &str, line: usize) -> Result<()> {
        (**self).set_reading_position(id, line)
    }
}

/// A library held in memory, in the order given (newest first). Search is a
/// case-insensitive substring match on title, author and summary.
#[derive(Debug, Default)]
pub struct MemoryLibrary {
    articles: RefCell<Vec<StoredArticle>>,
    last_sync: Cell<Option<Timestamp>>,
    events: Vec<Event>,
    /// What "upcoming" and "past" are measured from.
    now: Option<Timestamp>,
    /// Cached images by URL: content type and bytes.
    images: RefCell<HashMap<String, (String, Vec<u8>)>>,
    positions: RefCell<HashMap<String, usize>>,
}

impl MemoryLibrary {
    pub fn new(articles: Vec<StoredArticle>, last_sync: Option<Timestamp>) -> MemoryLibrary {
        MemoryLibrary {
            articles: RefCell::new(articles),
            last_sync: Cell::new(last_sync),
            events: Vec::new(),
            now: None,
            images: RefCell::default(),
            positions: RefCell::default(),
        }
    }

    /// Add an image to the cache, as a sync's prefetch would.
    pub fn insert_image(&self, url: &str, content_type: &str, bytes: Vec<u8>) {
        self.images
            .borrow_mut()
            .insert(url.to_string(), (content_type.to_string(), bytes));
    }

    /// Add events, with the time that divides upcoming from past.
    pub fn with_events(mut self, events: Vec<Event>, now: Timestamp) -> MemoryLibrary {
        self.events = events;
        self.now = Some(now);
        self
    }

    fn matching(&self, q: &ArticleQuery) -> Vec<StoredArticle> {
        let needle = q.search.as_deref().map(str::to_lowercase);
        self.articles
            .borrow()
            .iter()
            .filter(|a| q.site.as_ref().is_none_or(|s| *s == a.article.site))
            .filter(|a| !q.unread_only || !a.read)
            .filter(|a| !q.saved_only || a.saved)
            .filter(|a| {
                needle.as_ref().is_none_or(|n| {
                    let art = &a.article;
                    [Some(&art.title), art.author.as_ref(), Some(&art.summary)]
                        .into_iter()
                        .flatten()
                        .any(|t| t.to_lowercase().contains(n.as_str()))
                })
            })
            .cloned()
            .collect()
    }

    /// Add an article as the newest (as a sync would).
    pub fn insert(&self, article: StoredArticle) {
        self.articles.borrow_mut().insert(0, article);
    }

    pub fn set_last_sync(&self, at: Option<Timestamp>) {
        self.last_sync.set(at);
    }

    fn update(&self, id: &str, f: impl FnOnce(&mut StoredArticle)) {
        if let Some(a) = self
            .articles
            .borrow_mut()
            .iter_mut()
            .find(|a| a.article.id == id)
        {
            f(a);
        }
    }
}

impl Library for MemoryLibrary {
    fn articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleRow>> {
        Ok(self
            .matching(q)
            .into_iter()
            .skip(q.offset)
            .take(q.limit)
            .map(|s| ArticleRow {
                id: s.article.id.clone(),
                site: s.article.site.clone(),
                title: s.article.title.clone(),
                url: s.article.url.clone(),
                author: s.article.author.clone(),
                published: s.article.published,
                read: s.read,
                saved: s.saved,
                offline: s.article.content_html.is_some(),
            })
            .collect())
    }

    fn count_articles(&self, q: &ArticleQuery) -> Result<usize> {
        Ok(self.matching(q).len())
    }

    fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        Ok(self
            .articles
            .borrow()
            .iter()
            .find(|a| a.article.id == id)
            .cloned())
    }

    fn set_read(&self, id: &str, read: bool) -> Result<()> {
        self.update(id, |a| a.read = read);
        Ok(())
    }

    fn set_saved(&self, id: &str, saved: bool) -> Result<()> {
        self.update(id, |a| a.saved = saved);
        Ok(())
    }

    fn last_sync(&self) -> Result<Option<Timestamp>> {
        Ok(self.last_sync.get())
    }

    fn events(&self, q: &EventQuery) -> Result<Vec<Event>> {
        let now = self.now.unwrap_or_else(Timestamp::now);
        let until = |e: &Event| e.end.as_ref().or(e.start.as_ref()).map(|z| z.timestamp());
        let mut out: Vec<Event> = self
            .events
            .iter()
            .filter(|e| q.site.as_ref().is_none_or(|s| *s == e.site))
            .filter(|e| {
                q.category
                    .as_ref()
                    .is_none_or(|c| e.categories.iter().any(|x| x.eq_ignore_ascii_case(c)))
            })
            .filter(|e| match q.when {
                EventWhen::All => true,
                EventWhen::Upcoming => until(e).is_some_and(|t| t >= now),
                EventWhen::Past => until(e).is_some_and(|t| t < now),
            })
            .cloned()
            .collect();
        out.sort_by_key(|e| e.start.as_ref().map(|z| z.timestamp()));
        if q.when == EventWhen::Past {
            out.reverse();
        }
        Ok(out.into_iter().skip(q.offset).take(q.limit).collect())
    }

    fn event(&self, id: &str) -> Result<Option<Event>> {
        Ok(self.events.iter().find(|e| e.id == id).cloned())
    }

    fn image(&self, url: &str) -> Result<Option<(String, Vec<u8>)>> {
        Ok(self.images.borrow().get(url).cloned())
    }

    fn reading_position(&self, id: &str) -> Result<Option<usize>> {
        Ok(self.positions.borrow().get(id).copied())
    }

    fn set_reading_position(&self, id: &str, line: usize) -> Result<()> {
        self.positions.borrow_mut().insert(id.to_string(), line);
        Ok(())
    }
}
