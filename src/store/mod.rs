//! The SQLite cache: the one source of truth, offline included.
//!
//! One `Store` per thread (a connection is not shared); WAL lets the TUI read
//! while a sync writes.

use std::path::Path;

use jiff::Timestamp;

use crate::model::{Article, ArticleRow, Event, SourceRole, SourceState};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cache database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cache database {path}: {detail}")]
    Open { path: String, detail: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Which articles a list shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleQuery {
    pub site: Option<String>,
    pub unread_only: bool,
    pub saved_only: bool,
    /// Full-text search (FTS5 syntax-safe: the store quotes it).
    pub search: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

/// Which events a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EventWhen {
    #[default]
    Upcoming,
    Past,
    All,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    pub site: Option<String>,
    pub when: EventWhen,
    pub search: Option<String>,
    pub category: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

/// What an upsert did, for the sync summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpsertStats {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// An article with its flags, as the reader needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    pub article: Article,
    pub read: bool,
    pub saved: bool,
    /// The full text came from the article's page (not the feed).
    pub full_text_fetched: bool,
}

pub struct Store {
    conn: rusqlite::Connection,
}

impl Store {
    /// Open (creating and migrating) the cache at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = rusqlite::Connection::open(path)?;
        Ok(Store { conn })
    }

    pub fn open_in_memory() -> Result<Store> {
        Ok(Store {
            conn: rusqlite::Connection::open_in_memory()?,
        })
    }

    pub fn connection(&self) -> &rusqlite::Connection {
        &self.conn
    }

    /// Make sure a configured source has a row (so `sites` lists it before its first fetch).
    pub fn ensure_source(&self, site: &str, url: &str, role: SourceRole) -> Result<()> {
        let _ = (site, url, role);
        Ok(())
    }

    pub fn source(&self, url: &str) -> Result<Option<SourceState>> {
        let _ = url;
        Ok(None)
    }

    pub fn sources(&self) -> Result<Vec<(SourceRole, SourceState)>> {
        Ok(vec![])
    }

    /// Record a fetch that failed; nothing else about the source changes.
    pub fn record_failure(&self, url: &str, at: Timestamp, error: &str) -> Result<()> {
        let _ = (url, at, error);
        Ok(())
    }

    /// Record a 304: the source is unchanged.
    pub fn record_not_modified(&self, url: &str, at: Timestamp) -> Result<()> {
        let _ = (url, at);
        Ok(())
    }

    /// Store a source's articles and its new validators in one transaction.
    pub fn save_articles(
        &mut self,
        source: &SourceState,
        articles: &[Article],
    ) -> Result<UpsertStats> {
        let _ = (source, articles);
        Ok(UpsertStats::default())
    }

    /// Store a source's events and its new validators in one transaction.
    pub fn save_events(&mut self, source: &SourceState, events: &[Event]) -> Result<UpsertStats> {
        let _ = (source, events);
        Ok(UpsertStats::default())
    }

    pub fn articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleRow>> {
        let _ = q;
        Ok(vec![])
    }

    pub fn count_articles(&self, q: &ArticleQuery) -> Result<usize> {
        let _ = q;
        Ok(0)
    }

    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        let _ = id;
        Ok(None)
    }

    pub fn set_read(&self, id: &str, read: bool) -> Result<()> {
        let _ = (id, read);
        Ok(())
    }

    pub fn set_saved(&self, id: &str, saved: bool) -> Result<()> {
        let _ = (id, saved);
        Ok(())
    }

    pub fn events(&self, q: &EventQuery) -> Result<Vec<Event>> {
        let _ = q;
        Ok(vec![])
    }

    pub fn event(&self, id: &str) -> Result<Option<Event>> {
        let _ = id;
        Ok(None)
    }

    /// Time of the most recent successful fetch of any source.
    pub fn last_sync(&self) -> Result<Option<Timestamp>> {
        Ok(None)
    }
}
