//! What a look at each site's home page found, and when: the sources a
//! site does not list come from here between two looks.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store, parse_ts, ts_text};
use crate::model::Discovery;
use crate::render::sanitize::clean_line;

const COLUMNS: &str = "site, home, articles, events, checked, tried, last_error";

/// A list stored as JSON; a damaged one reads as empty, to be looked for again.
fn urls(text: String) -> Vec<String> {
    serde_json::from_str(&text).unwrap_or_default()
}

fn from_row(r: &Row) -> rusqlite::Result<Discovery> {
    Ok(Discovery {
        site: r.get(0)?,
        home: r.get(1)?,
        articles: urls(r.get(2)?),
        events: urls(r.get(3)?),
        checked: parse_ts(r.get(4)?),
        tried: parse_ts(r.get(5)?),
        error: r.get(6)?,
    })
}

impl Store {
    /// What was found for `site`, if it was ever looked at.
    pub fn discovery(&self, site: &str) -> Result<Option<Discovery>> {
        let sql = format!("SELECT {COLUMNS} FROM discovered WHERE site = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([site], from_row)
            .optional()?)
    }

    /// Remember what the home page gave, and when.
    pub fn save_discovery(&self, d: &Discovery) -> Result<()> {
        let list = |v: &[String]| -> Result<String> {
            let clean: Vec<String> = v.iter().map(|u| clean_line(u)).collect();
            Ok(serde_json::to_string(&clean)?)
        };
        let checked = d.checked.unwrap_or_else(Timestamp::now);
        self.conn
            .prepare_cached(
                "INSERT INTO discovered (site, home, articles, events, checked, tried, last_error)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL)
                 ON CONFLICT(site) DO UPDATE SET home = ?2, articles = ?3, events = ?4,
                     checked = ?5, tried = ?6, last_error = NULL",
            )?
            .execute(params![
                d.site,
                clean_line(&d.home),
                list(&d.articles)?,
                list(&d.events)?,
                ts_text(checked),
                ts_text(d.tried.unwrap_or(checked)),
            ])?;
        Ok(())
    }

    /// The home page could not be read: what was found before is kept, and
    /// the next sync asks again.
    pub fn record_discovery_failure(
        &self,
        site: &str,
        home: &str,
        at: Timestamp,
        error: &str,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO discovered (site, home, tried, last_error) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(site) DO UPDATE SET tried = ?3, last_error = ?4",
            )?
            .execute(params![
                site,
                clean_line(home),
                ts_text(at),
                clean_line(error)
            ])?;
        Ok(())
    }
}
