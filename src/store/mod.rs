//! The SQLite cache: the one source of truth, offline included.
//!
//! One `Store` per thread (a connection is not shared); WAL lets the TUI read
//! while a sync writes, and a 5 s busy timeout lets two writers take turns.
//!
//! - `schema`: the migrations, keyed on `PRAGMA user_version`.
//! - `open`: pragmas, the start's integrity check, rebuilding a damaged file.
//! - `articles`, `identity`, `list`: which row an item is (its key within
//!   its source; one post from two sources merged), the upsert; the list a
//!   page at a time, filtered and searched.
//! - `events`: the same for events, and the agenda queries.
//! - `search`: text for the FTS5 index and queries that are always valid.
//! - `state`: read and saved marks and reading positions, also kept in a side
//!   database (`newsroom-state.db` beside `newsroom.db`) that survives any
//!   rebuild of the cache.
//! - `sources`, `images`: fetch bookkeeping; the picture cache and pruning.
//! - `retry_later`: pages and pictures that failed, and when to try again.

mod articles;
mod discovered;
mod events;
mod identity;
mod images;
mod list;
mod open;
mod prefetch;
pub use prefetch::{ImageCandidate, PageCandidate, PageStatus};
mod retry_later;
pub use retry_later::{RetryKind, Waiting};
pub mod schema;
mod search;
mod sources;
mod state;
mod zoned;

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rusqlite::ErrorCode;

use crate::model::Article;

pub use identity::{ArticleRow, KnownItems, prepare_articles, settle_identities};
pub use images::PruneStats;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cache database: {0}")]
    Sqlite(rusqlite::Error),
    #[error("cache database {path}: {detail}")]
    Open { path: String, detail: String },
    #[error("cache database: the disk is full; nothing was written and the cache is as it was")]
    DiskFull,
    #[error(
        "cache database: it is read-only (check the data directory's permissions); nothing was written"
    )]
    ReadOnly,
    #[error("cache database: another newsroom process kept it locked for more than 5 s; try again")]
    Busy,
    #[error(
        "cache database is damaged ({0}); start newsroom again to rebuild it (read and saved marks are kept)"
    )]
    Corrupt(String),
    #[error(
        "cache database {path} was written by a newer newsroom (schema {found}, this one knows {supported}); \
         upgrade newsroom or use another --data-dir"
    )]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                StoreError::Corrupt(e.to_string())
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(format!("a stored field is not valid JSON: {e}"))
    }
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

/// The cache. One `Store` per thread (a connection is not shared); WAL lets
/// one process read while another syncs.
pub struct Store {
    conn: rusqlite::Connection,
    /// The database file; None in memory.
    path: Option<PathBuf>,
    /// What `open` had to repair, for the caller to tell the person.
    recovered: Option<String>,
}

impl Store {
    pub fn connection(&self) -> &rusqlite::Connection {
        &self.conn
    }

    /// Where the database lives (None in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// A notice when `open` found the database damaged and rebuilt it.
    pub fn recovered(&self) -> Option<String> {
        self.recovered.clone()
    }

    /// A write transaction that takes the lock at once, so two writers wait
    /// for each other (busy timeout) instead of failing on upgrade.
    fn write_tx(&self) -> Result<rusqlite::Transaction<'_>> {
        Ok(rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?)
    }
}

/// Timestamps are stored as RFC 3339 text, which round-trips exactly.
pub(crate) fn ts_text(t: Timestamp) -> String {
    t.to_string()
}

pub(crate) fn parse_ts(s: Option<String>) -> Option<Timestamp> {
    s.and_then(|s| s.parse().ok())
}

/// A query's row limit: 0 means no limit.
pub(crate) fn sql_limit(limit: usize) -> i64 {
    if limit == 0 {
        -1
    } else {
        i64::try_from(limit).unwrap_or(i64::MAX)
    }
}

/// Clean every text field of an article that came from the network.
pub(crate) fn clean_article(a: &Article) -> Article {
    use crate::render::sanitize::{clean_line, clean_text};
    let opt_line = |o: &Option<String>| o.as_deref().map(clean_line).filter(|s| !s.is_empty());
    let image = |i: &crate::model::Image| crate::model::Image {
        url: clean_line(&i.url),
        alt: opt_line(&i.alt),
        caption: i.caption.as_deref().map(clean_text),
        credit: opt_line(&i.credit),
    };
    Article {
        id: clean_line(&a.id),
        site: clean_line(&a.site),
        guid: opt_line(&a.guid),
        url: clean_line(&a.url),
        title: clean_line(&a.title),
        author: opt_line(&a.author),
        published: a.published,
        updated: a.updated,
        categories: a
            .categories
            .iter()
            .map(|c| clean_line(c))
            .filter(|c| !c.is_empty())
            .collect(),
        summary: clean_text(&a.summary),
        content_html: a.content_html.as_deref().map(clean_text),
        featured: a.featured.as_ref().map(image),
        images: a.images.iter().map(image).collect(),
    }
}
