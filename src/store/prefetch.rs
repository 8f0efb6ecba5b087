//! Bookkeeping for the sync's prefetch: which articles still need their page
//! or their pictures fetched for offline reading.

use jiff::Timestamp;
use rusqlite::OptionalExtension;

use super::{Result, Store};
use crate::model::Image;

/// What became of an article's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStatus {
    Fetched = 1,
    /// The feed's body is whole: no need for the page.
    NotNeeded = 2,
    /// Fetched but no body found, or the fetch failed for good.
    Unavailable = 3,
}

/// An article the prefetch should look at.
#[derive(Debug, Clone)]
pub struct PageCandidate {
    pub id: String,
    pub url: String,
    pub content_html: Option<String>,
    pub summary: String,
    pub site: String,
}

/// An article whose pictures are not all cached.
#[derive(Debug, Clone)]
pub struct ImageCandidate {
    pub id: String,
    pub site: String,
    /// The article's date (Unix seconds): the picture budget keeps the
    /// pictures of the newest articles.
    pub sort_ts: i64,
    pub urls: Vec<String>,
}

impl Store {
    /// Articles whose page has not been looked at yet, newest first; a page
    /// whose last fetch failed comes back once its wait is over.
    pub fn page_candidates(&self, limit: usize, now: Timestamp) -> Result<Vec<PageCandidate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.url, b.content_html, a.summary, a.site
             FROM articles a LEFT JOIN bodies b ON b.num = a.num
             WHERE a.page_status = 0 AND a.full_text_fetched = 0
                 AND NOT EXISTS (SELECT 1 FROM retry_later r
                     WHERE r.kind = 'page' AND r.url = a.url AND r.next_try > ?2)
             ORDER BY a.sort_ts DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map(
            rusqlite::params![super::sql_limit(limit), now.as_second()],
            |r| {
                Ok(PageCandidate {
                    id: r.get(0)?,
                    url: r.get(1)?,
                    content_html: r.get(2)?,
                    summary: r.get(3)?,
                    site: r.get(4)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn set_page_status(&self, id: &str, status: PageStatus) -> Result<()> {
        self.set_page_statuses(&[id], status)
    }

    /// `set_page_status` for many articles in one transaction: a sync
    /// settles hundreds at once, and a commit each cost it 30 ms.
    pub fn set_page_statuses(&self, ids: &[&str], status: PageStatus) -> Result<()> {
        self.set_each(
            "UPDATE articles SET page_status = ?2 WHERE id = ?1",
            ids,
            status as i64,
        )
    }

    /// Runs `sql` (`?1` the id, `?2` the value) for each of `ids`, in one
    /// transaction.
    fn set_each(&self, sql: &str, ids: &[&str], value: i64) -> Result<()> {
        let tx = self.write_tx()?;
        {
            let mut stmt = tx.prepare_cached(sql)?;
            for id in ids {
                stmt.execute(rusqlite::params![id, value])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The page could not be had: the reader says the text is the summary.
    pub fn page_unavailable(&self, id: &str) -> Result<bool> {
        let status: Option<i64> = self
            .conn
            .prepare_cached("SELECT page_status FROM articles WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        Ok(status == Some(PageStatus::Unavailable as i64))
    }

    /// Articles with pictures not yet cached, newest first. Articles still
    /// waiting for their page come later, when their body (and its
    /// pictures) is known; articles whose pictures the budget evicted do not
    /// come back.
    pub fn image_candidates(&self, limit: usize) -> Result<Vec<ImageCandidate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.featured, b.images, a.site, a.sort_ts
             FROM articles a LEFT JOIN bodies b ON b.num = a.num
             WHERE a.images_cached = 0 AND a.page_status != 0
             ORDER BY a.sort_ts DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([super::sql_limit(limit)], |r| {
            let id: String = r.get(0)?;
            let featured: Option<String> = r.get(1)?;
            let images: Option<String> = r.get(2)?;
            Ok((id, featured, images, r.get(3)?, r.get(4)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, featured, images, site, sort_ts) = row?;
            let mut urls: Vec<String> = Vec::new();
            if let Some(f) = featured.and_then(|j| serde_json::from_str::<Image>(&j).ok()) {
                urls.push(f.url);
            }
            if let Some(list) = images.and_then(|j| serde_json::from_str::<Vec<Image>>(&j).ok()) {
                urls.extend(list.into_iter().map(|i| i.url));
            }
            urls.dedup();
            out.push(ImageCandidate {
                id,
                site,
                sort_ts,
                urls,
            });
        }
        Ok(out)
    }

    /// Mark articles whose pictures the budget has no room for: they are not
    /// looked at again.
    pub fn set_images_past_budget(&self, ids: &[&str]) -> Result<()> {
        self.set_each(
            "UPDATE articles SET images_cached = ?2 WHERE id = ?1",
            ids,
            2,
        )
    }

    /// Mark articles whose pictures are all cached, in one transaction.
    pub fn set_images_cached(&self, ids: &[&str]) -> Result<()> {
        self.set_each(
            "UPDATE articles SET images_cached = ?2 WHERE id = ?1",
            ids,
            1,
        )
    }
}
