//! Failure memory for the prefetch: a page or picture that failed is tried
//! again after a growing wait, not on every sync, so one dying host costs
//! one timeout a day rather than one per sync.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use super::{Result, Store};
use crate::render::sanitize::clean_line;

/// What failed to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// An article's own page, for its full text.
    Page,
    Picture,
}

impl RetryKind {
    fn name(self) -> &'static str {
        match self {
            RetryKind::Page => "page",
            RetryKind::Picture => "picture",
        }
    }
}

/// The waits after the first, second, third and every later failure.
const WAITS_SECS: [i64; 4] = [3600, 6 * 3600, 24 * 3600, 7 * 24 * 3600];

/// The wait after `failures` failures in a row.
pub fn wait_after(failures: u32) -> i64 {
    let i = (failures.max(1) as usize - 1).min(WAITS_SECS.len() - 1);
    WAITS_SECS[i]
}

/// What one site has waiting for another try.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Waiting {
    pub site: String,
    pub pages: usize,
    pub pictures: usize,
    /// The soonest next try.
    pub next_try: Option<Timestamp>,
}

impl Store {
    /// Remember a failed fetch; the next try waits longer each time.
    pub fn note_failure(
        &self,
        kind: RetryKind,
        url: &str,
        site: &str,
        error: &str,
        now: Timestamp,
    ) -> Result<()> {
        let failures: i64 = self
            .conn
            .prepare_cached("SELECT failures FROM retry_later WHERE kind = ?1 AND url = ?2")?
            .query_row(params![kind.name(), url], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        let failures = failures.saturating_add(1);
        let next = now.as_second() + wait_after(u32::try_from(failures).unwrap_or(u32::MAX));
        self.conn
            .prepare_cached(
                "INSERT INTO retry_later (kind, url, site, failures, next_try, last_error)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(kind, url) DO UPDATE SET site = ?3, failures = ?4, next_try = ?5,
                     last_error = ?6",
            )?
            .execute(params![
                kind.name(),
                url,
                site,
                failures,
                next,
                clean_line(error)
            ])?;
        Ok(())
    }

    /// A fetch that worked: forget its failures.
    pub fn clear_failure(&self, kind: RetryKind, url: &str) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM retry_later WHERE kind = ?1 AND url = ?2")?
            .execute(params![kind.name(), url])?;
        Ok(())
    }

    /// Still within its wait: not to be fetched now.
    pub fn is_waiting(&self, kind: RetryKind, url: &str, now: Timestamp) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM retry_later WHERE kind = ?1 AND url = ?2 AND next_try > ?3",
            )?
            .exists(params![kind.name(), url, now.as_second()])?)
    }

    /// Per site, how many pages and pictures failed and wait for another try.
    pub fn waiting(&self) -> Result<Vec<Waiting>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT site, sum(kind = 'page'), sum(kind = 'picture'), min(next_try)
             FROM retry_later GROUP BY site ORDER BY site",
        )?;
        let rows = stmt.query_map([], |r| {
            let count = |i| -> rusqlite::Result<usize> {
                Ok(usize::try_from(r.get::<_, i64>(i)?).unwrap_or(0))
            };
            Ok(Waiting {
                site: r.get(0)?,
                pages: count(1)?,
                pictures: count(2)?,
                next_try: Timestamp::from_second(r.get(3)?).ok(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_waits_longer_up_to_a_week() {
        assert_eq!(wait_after(1), 3600);
        assert_eq!(wait_after(2), 6 * 3600);
        assert_eq!(wait_after(3), 24 * 3600);
        assert_eq!(wait_after(4), 7 * 24 * 3600);
        assert_eq!(wait_after(40), 7 * 24 * 3600);
    }

    #[test]
    fn a_failure_is_remembered_until_its_wait_is_over() {
        let store = Store::open_in_memory().unwrap();
        let t: Timestamp = "2026-12-03T08:00:00Z".parse().unwrap();
        let hours = |h: i64| t + jiff::SignedDuration::from_hours(h);
        let url = "https://pix.example/a.jpg";
        store
            .note_failure(RetryKind::Picture, url, "A", "timed out", t)
            .unwrap();
        assert!(store.is_waiting(RetryKind::Picture, url, hours(0)).unwrap());
        assert!(!store.is_waiting(RetryKind::Page, url, hours(0)).unwrap());
        assert!(!store.is_waiting(RetryKind::Picture, url, hours(2)).unwrap());
        // The second failure waits six hours.
        store
            .note_failure(RetryKind::Picture, url, "A", "timed out", hours(2))
            .unwrap();
        assert!(store.is_waiting(RetryKind::Picture, url, hours(7)).unwrap());
        assert!(!store.is_waiting(RetryKind::Picture, url, hours(9)).unwrap());
        store
            .note_failure(RetryKind::Page, "https://a.example/p", "A", "HTTP 503", t)
            .unwrap();
        let w = store.waiting().unwrap();
        assert_eq!((w.len(), w[0].pages, w[0].pictures), (1, 1, 1));
        store.clear_failure(RetryKind::Picture, url).unwrap();
        assert!(!store.is_waiting(RetryKind::Picture, url, hours(0)).unwrap());
        assert_eq!(store.waiting().unwrap()[0].pictures, 0);
    }
}
