//! The cache's schema as a list of migrations, keyed on `PRAGMA user_version`:
//! a database at version N has had the first N steps applied. Steps are only
//! ever appended; an applied step is never edited.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::{Result, StoreError};

pub struct Migration {
    pub sql: &'static str,
    /// Work SQL cannot do (the index needs text derived in Rust).
    pub after: Option<fn(&Transaction) -> Result<()>>,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: "
        CREATE TABLE sources (
            url TEXT PRIMARY KEY,
            site TEXT NOT NULL,
            role TEXT NOT NULL,
            etag TEXT,
            last_modified TEXT,
            last_fetch TEXT,
            last_success TEXT,
            last_error TEXT,
            items INTEGER NOT NULL DEFAULT 0,
            warnings INTEGER NOT NULL DEFAULT 0
        );
        -- num is an explicit rowid so VACUUM can never renumber the rows the
        -- full-text index points at. Bodies live in their own table so a row
        -- here stays small: lists and searches read many rows, few bodies.
        CREATE TABLE articles (
            num INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            site TEXT NOT NULL,
            -- published, else first_seen, in Unix seconds: the list's order
            sort_ts INTEGER NOT NULL,
            read INTEGER NOT NULL DEFAULT 0,
            saved INTEGER NOT NULL DEFAULT 0,
            full_text_fetched INTEGER NOT NULL DEFAULT 0,
            has_body INTEGER NOT NULL DEFAULT 0,
            first_seen INTEGER NOT NULL,
            read_at TEXT,
            published TEXT,
            updated TEXT,
            guid TEXT,
            url TEXT NOT NULL,
            canon TEXT NOT NULL,
            title TEXT NOT NULL,
            author TEXT,
            categories TEXT NOT NULL DEFAULT '[]',
            summary TEXT NOT NULL DEFAULT '',
            featured TEXT
        );
        CREATE TABLE bodies (
            num INTEGER PRIMARY KEY,
            content_html TEXT,
            images TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TRIGGER articles_bodies_delete AFTER DELETE ON articles BEGIN
            DELETE FROM bodies WHERE num = old.num;
        END;
        CREATE INDEX articles_time ON articles(sort_ts);
        CREATE INDEX articles_site_time ON articles(site, sort_ts);
        CREATE INDEX articles_read_time ON articles(read, sort_ts);
        CREATE INDEX articles_site_read_time ON articles(site, read, sort_ts);
        CREATE INDEX articles_saved_time ON articles(sort_ts) WHERE saved = 1;
        CREATE INDEX articles_canon ON articles(site, canon);
        CREATE INDEX articles_guid ON articles(site, guid) WHERE guid IS NOT NULL;
        ",
        after: None,
    },
    Migration {
        sql: "
        CREATE TABLE events (
            num INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            site TEXT NOT NULL,
            uid TEXT NOT NULL,
            recurrence_id TEXT,
            title TEXT NOT NULL,
            url TEXT,
            canon TEXT,
            -- RFC 3339 with the event's own offset; *_zoned the same instant
            -- with its zone (RFC 9557), which reads back exactly
            start_time TEXT,
            start_zoned TEXT,
            start_utc INTEGER,
            end_time TEXT,
            end_zoned TEXT,
            end_utc INTEGER,
            -- end, else start: what 'upcoming' compares with now
            until_utc INTEGER,
            all_day INTEGER NOT NULL DEFAULT 0,
            timezone TEXT,
            status TEXT NOT NULL DEFAULT 'confirmed',
            venue TEXT,
            address TEXT,
            price TEXT,
            booking_url TEXT,
            organizer TEXT,
            description_html TEXT NOT NULL DEFAULT '',
            categories TEXT NOT NULL DEFAULT '[]',
            first_seen INTEGER NOT NULL
        );
        CREATE INDEX events_start ON events(start_utc);
        CREATE INDEX events_until ON events(until_utc);
        CREATE INDEX events_site_until ON events(site, until_utc);
        CREATE INDEX events_canon ON events(site, canon) WHERE canon IS NOT NULL;
        CREATE INDEX events_uid ON events(site, uid);
        ",
        after: None,
    },
    Migration {
        sql: "
        CREATE TABLE images (
            url TEXT PRIMARY KEY,
            content_type TEXT NOT NULL,
            bytes BLOB NOT NULL,
            size INTEGER NOT NULL,
            fetched_at INTEGER NOT NULL
        );
        CREATE INDEX images_age ON images(fetched_at);
        ",
        after: None,
    },
    Migration {
        // Contentless: the index keeps no copy of the (folded) text, and
        // contentless_delete lets a row be replaced by its rowid alone.
        sql: "
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, author, categories, summary, body,
            content = '', contentless_delete = 1,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE events_fts USING fts5(
            title, venue, categories, description,
            content = '', contentless_delete = 1,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            DELETE FROM articles_fts WHERE rowid = old.num;
        END;
        CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
            DELETE FROM events_fts WHERE rowid = old.num;
        END;
        ",
        after: Some(reindex_all),
    },
    Migration {
        // What the sync's prefetch has done for an article: its page
        // (0 not looked at, 1 fetched, 2 not needed, 3 could not be had) and
        // its images (1 once every image is cached).
        sql: "
        ALTER TABLE articles ADD COLUMN page_status INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE articles ADD COLUMN images_cached INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX articles_prefetch ON articles(sort_ts) WHERE page_status = 0 OR images_cached = 0;
        ",
        after: None,
    },
    Migration {
        // The sources found on a site's home page, so a sync looks there
        // once a week, not every time; and the reasons behind a source's
        // warnings, so `sites` can say what was skipped.
        sql: "
        CREATE TABLE discovered (
            site TEXT PRIMARY KEY,
            home TEXT NOT NULL,
            articles TEXT NOT NULL DEFAULT '[]',
            events TEXT NOT NULL DEFAULT '[]',
            checked TEXT,
            tried TEXT,
            last_error TEXT
        );
        ALTER TABLE sources ADD COLUMN warning_list TEXT NOT NULL DEFAULT '[]';
        ",
        after: None,
    },
    Migration {
        // Which item of which source each article is (its guid, else its
        // link, else a hash: `Article::source_key`), so items of one source
        // that share a link stay apart. Rows from before this step have no
        // keys: the next sync of their source claims them by guid or link.
        // A source's warning is kept beside its error: read, but wrong (a
        // document with no items).
        sql: "
        CREATE TABLE article_keys (
            source TEXT NOT NULL,
            key TEXT NOT NULL,
            num INTEGER NOT NULL,
            PRIMARY KEY (source, key)
        ) WITHOUT ROWID;
        CREATE INDEX article_keys_num ON article_keys(num, source);
        CREATE TRIGGER article_keys_delete AFTER DELETE ON articles BEGIN
            DELETE FROM article_keys WHERE num = old.num;
        END;
        ALTER TABLE sources ADD COLUMN last_warning TEXT;
        ",
        after: None,
    },
    Migration {
        // Pages and pictures whose fetch failed, and when each is worth
        // another try (Unix seconds); and for each picture the date of the
        // newest article it belongs to, so the budget evicts by article age
        // (0, pictures cached before this step, are evicted first).
        sql: "
        CREATE TABLE retry_later (
            kind TEXT NOT NULL,
            url TEXT NOT NULL,
            site TEXT NOT NULL,
            failures INTEGER NOT NULL,
            next_try INTEGER NOT NULL,
            last_error TEXT NOT NULL,
            PRIMARY KEY (kind, url)
        ) WITHOUT ROWID;
        ALTER TABLE images ADD COLUMN article_ts INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX images_article_age ON images(article_ts);
        ",
        after: None,
    },
];

/// The version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Apply the missing steps, each in its own transaction. Another process
/// may be migrating the same file: the version is read again under the lock.
pub fn migrate(conn: &mut Connection, path: &str) -> Result<()> {
    migrate_to(conn, path, latest())
}

/// Migrate to a given version (tests build every earlier version with it).
pub fn migrate_to(conn: &mut Connection, path: &str, target: i64) -> Result<()> {
    // Checked first without a lock, so opening an up-to-date cache never
    // waits for another process's sync to finish writing.
    if version(conn)? == target {
        return Ok(());
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found = version(&tx)?;
        if found > latest() {
            return Err(StoreError::TooNew {
                path: path.to_string(),
                found,
                supported: latest(),
            });
        }
        if found >= target {
            return Ok(());
        }
        let step = &MIGRATIONS[found as usize];
        tx.execute_batch(step.sql)?;
        if let Some(after) = step.after {
            after(&tx)?;
        }
        tx.pragma_update(None, "user_version", found + 1)?;
        tx.commit()?;
    }
}

/// The side tables kept in the attached `state` database: what the person
/// did, which must outlive any rebuild of the cache.
pub const STATE_SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS state.flags (
        id TEXT PRIMARY KEY,
        read INTEGER NOT NULL DEFAULT 0,
        saved INTEGER NOT NULL DEFAULT 0,
        read_at TEXT
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS state.positions (
        id TEXT PRIMARY KEY,
        line INTEGER NOT NULL
    ) WITHOUT ROWID;
";

fn reindex_all(tx: &Transaction) -> Result<()> {
    super::articles::reindex_all(tx)?;
    super::events::reindex_all(tx)
}
