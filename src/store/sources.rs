//! A row per configured source: its validators for conditional requests and
//! how its last fetch went.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Result, Store, parse_ts, ts_text};
use crate::model::{SourceRole, SourceState};
use crate::render::sanitize::clean_line;

fn role_name(role: SourceRole) -> &'static str {
    match role {
        SourceRole::Articles => "articles",
        SourceRole::Events => "events",
    }
}

fn role_of(name: &str) -> SourceRole {
    if name == "events" {
        SourceRole::Events
    } else {
        SourceRole::Articles
    }
}

const COLUMNS: &str = "site, url, etag, last_modified, last_fetch, last_success, last_error, \
     items, warnings, role, warning_list, last_warning";

/// Most warnings kept per source: enough to say what went wrong.
pub const MAX_WARNINGS_KEPT: usize = 50;

fn from_row(r: &Row) -> rusqlite::Result<(SourceRole, SourceState)> {
    let count = |i: usize| -> rusqlite::Result<u64> { Ok(r.get::<_, i64>(i)?.max(0) as u64) };
    Ok((
        role_of(&r.get::<_, String>(9)?),
        SourceState {
            site: r.get(0)?,
            url: r.get(1)?,
            etag: r.get(2)?,
            last_modified: r.get(3)?,
            last_fetch: parse_ts(r.get(4)?),
            last_success: parse_ts(r.get(5)?),
            last_error: r.get(6)?,
            items: count(7)?,
            warnings: count(8)?,
            warning_list: serde_json::from_str(&r.get::<_, String>(10)?).unwrap_or_default(),
            warning: r.get(11)?,
        },
    ))
}

/// A successful fetch: new validators and counts, the error cleared.
pub(crate) fn upsert_success(conn: &Connection, s: &SourceState, role: SourceRole) -> Result<()> {
    let fetched = s.last_fetch.unwrap_or_else(Timestamp::now);
    let success = s.last_success.unwrap_or(fetched);
    conn.prepare_cached(
        "INSERT INTO sources (url, site, role, etag, last_modified, last_fetch, last_success,
             last_error, items, warnings, warning_list, last_warning)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?9, ?10, ?11)
         ON CONFLICT(url) DO UPDATE SET site = ?2, role = ?3, etag = ?4, last_modified = ?5,
             last_fetch = ?6, last_success = ?7, last_error = NULL, items = ?8, warnings = ?9,
             warning_list = ?10, last_warning = ?11",
    )?
    .execute(params![
        s.url,
        s.site,
        role_name(role),
        s.etag.as_deref().map(clean_line),
        s.last_modified.as_deref().map(clean_line),
        ts_text(fetched),
        ts_text(success),
        i64::try_from(s.items).unwrap_or(i64::MAX),
        i64::try_from(s.warnings).unwrap_or(i64::MAX),
        warning_list(&s.warning_list)?,
        s.warning.as_deref().map(clean_line),
    ])?;
    Ok(())
}

/// The first warnings, cleaned, as JSON.
fn warning_list(list: &[String]) -> Result<String> {
    let kept: Vec<String> = list
        .iter()
        .take(MAX_WARNINGS_KEPT)
        .map(|w| clean_line(w))
        .collect();
    Ok(serde_json::to_string(&kept)?)
}

impl Store {
    /// Make sure a configured source has a row (so `sites` lists it before its first fetch).
    pub fn ensure_source(&self, site: &str, url: &str, role: SourceRole) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO sources (url, site, role) VALUES (?1, ?2, ?3)
                 ON CONFLICT(url) DO UPDATE SET site = ?2, role = ?3
                     WHERE site IS NOT ?2 OR role IS NOT ?3",
            )?
            .execute(params![url, site, role_name(role)])?;
        Ok(())
    }

    pub fn source(&self, url: &str) -> Result<Option<SourceState>> {
        let sql = format!("SELECT {COLUMNS} FROM sources WHERE url = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([url], from_row)
            .optional()?
            .map(|(_, s)| s))
    }

    pub fn sources(&self) -> Result<Vec<(SourceRole, SourceState)>> {
        let sql = format!("SELECT {COLUMNS} FROM sources ORDER BY site, role, url");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Record a fetch that failed; nothing else about the source changes.
    pub fn record_failure(&self, url: &str, at: Timestamp, error: &str) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE sources SET last_fetch = ?2, last_error = ?3 WHERE url = ?1")?
            .execute(params![url, ts_text(at), clean_line(error)])?;
        Ok(())
    }

    /// Record a 304: the source is unchanged, and the fetch succeeded.
    pub fn record_not_modified(&self, url: &str, at: Timestamp) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE sources SET last_fetch = ?2, last_success = ?2, last_error = NULL
                 WHERE url = ?1",
            )?
            .execute(params![url, ts_text(at)])?;
        Ok(())
    }

    /// Time of the most recent successful fetch of any source.
    pub fn last_sync(&self) -> Result<Option<Timestamp>> {
        // Compared as timestamps: the text's fraction digits vary in length.
        let mut stmt = self
            .conn
            .prepare_cached("SELECT last_success FROM sources WHERE last_success IS NOT NULL")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut latest: Option<Timestamp> = None;
        for row in rows {
            if let Some(t) = parse_ts(Some(row?)) {
                latest = Some(latest.map_or(t, |l| l.max(t)));
            }
        }
        Ok(latest)
    }

    /// Every site the cache knows of (configured or with stored items), sorted.
    pub fn sites(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT site FROM sources UNION SELECT site FROM articles
             UNION SELECT site FROM events ORDER BY 1",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
