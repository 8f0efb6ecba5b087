//! The picture cache, the cache's size on disk, and pruning.

use jiff::{SignedDuration, Timestamp};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store};
use crate::render::sanitize::clean_line;

/// What a prune removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PruneStats {
    pub articles: usize,
    pub images: usize,
    pub image_bytes: u64,
}

impl Store {
    /// A picture of no known article: the first the budget evicts.
    pub fn save_image(&self, url: &str, content_type: &str, bytes: &[u8]) -> Result<()> {
        self.save_image_for(url, content_type, bytes, 0)
    }

    /// A picture of the article dated `article_ts` (Unix seconds); a picture
    /// two articles share counts as the newer one's.
    pub fn save_image_for(
        &self,
        url: &str,
        content_type: &str,
        bytes: &[u8],
        article_ts: i64,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO images (url, content_type, bytes, size, fetched_at, article_ts)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(url) DO UPDATE SET content_type = ?2, bytes = ?3, size = ?4,
                     fetched_at = ?5, article_ts = max(article_ts, ?6)",
            )?
            .execute(params![
                url,
                clean_line(content_type),
                bytes,
                bytes.len() as i64,
                Timestamp::now().as_second(),
                article_ts,
            ])?;
        Ok(())
    }

    /// Bytes of the cached pictures of articles dated `article_ts` or later:
    /// what the budget would keep before an article of that date.
    pub fn image_bytes_since(&self, article_ts: i64) -> Result<u64> {
        let bytes: i64 = self
            .conn
            .prepare_cached("SELECT coalesce(sum(size), 0) FROM images WHERE article_ts >= ?1")?
            .query_row([article_ts], |r| r.get(0))?;
        Ok(u64::try_from(bytes).unwrap_or(0))
    }

    /// A cached picture: (content type, bytes).
    pub fn image(&self, url: &str) -> Result<Option<(String, Vec<u8>)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT content_type, bytes FROM images WHERE url = ?1")?
            .query_row([url], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    pub fn has_image(&self, url: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM images WHERE url = ?1")?
            .exists([url])?)
    }

    /// Bytes the cache takes on disk: the database and its write-ahead log.
    pub fn cache_size(&self) -> Result<u64> {
        let Some(path) = &self.path else {
            let (pages, size): (i64, i64) = self.conn.query_row(
                "SELECT page_count, page_size FROM pragma_page_count(), pragma_page_size()",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            return Ok((pages * size) as u64);
        };
        let len = |p: std::path::PathBuf| std::fs::metadata(p).map_or(0, |m| m.len());
        Ok(len(path.clone()) + len(format!("{}-wal", path.display()).into()))
    }

    /// Drop read articles older than `keep_read_days` (never saved or unread
    /// ones; a read article is kept until both its date and the time it was
    /// first seen are that old), then the pictures of the oldest articles
    /// until the rest fit in `image_budget_bytes`; those articles are not
    /// given their pictures again. Space is given back to the file system.
    pub fn prune(
        &self,
        keep_read_days: u32,
        image_budget_bytes: u64,
        now: Timestamp,
    ) -> Result<PruneStats> {
        let cutoff = now
            .checked_sub(SignedDuration::from_hours(i64::from(keep_read_days) * 24))
            .unwrap_or(Timestamp::MIN)
            .as_second();
        let tx = self.write_tx()?;
        let articles = tx.execute(
            "DELETE FROM articles
             WHERE read = 1 AND saved = 0 AND sort_ts < ?1 AND first_seen < ?1",
            [cutoff],
        )?;
        let mut stats = PruneStats {
            articles,
            ..PruneStats::default()
        };
        let total: i64 = tx.query_row("SELECT coalesce(sum(size), 0) FROM images", [], |r| {
            r.get(0)
        })?;
        let mut excess = total - i64::try_from(image_budget_bytes).unwrap_or(i64::MAX);
        if excess > 0 {
            let victims: Vec<(String, i64, i64)> = {
                let mut stmt = tx.prepare(
                    "SELECT url, size, article_ts FROM images ORDER BY article_ts, fetched_at, url",
                )?;
                let mut out = Vec::new();
                let mut rows = stmt.query([])?;
                while excess > 0 {
                    let Some(r) = rows.next()? else { break };
                    let (url, size, ts): (String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
                    excess -= size;
                    out.push((url, size, ts));
                }
                out
            };
            let mut del = tx.prepare("DELETE FROM images WHERE url = ?1")?;
            for (url, size, _) in &victims {
                del.execute([url])?;
                stats.images += 1;
                stats.image_bytes += *size as u64;
            }
            // Articles as old as the newest evicted picture's are past the
            // budget: the prefetch leaves them be rather than fetch pictures
            // the next prune throws away.
            let cutoff = victims.iter().map(|v| v.2).max().unwrap_or(0);
            if cutoff > 0 {
                tx.execute(
                    "UPDATE articles SET images_cached = 2 WHERE images_cached != 2 AND sort_ts <= ?1",
                    [cutoff],
                )?;
            }
        }
        // Syncs add to the search index a little at a time, leaving many
        // small segments; a bounded merge keeps searches quick.
        tx.execute_batch(
            "INSERT INTO articles_fts (articles_fts, rank) VALUES ('merge', 500);
             INSERT INTO events_fts (events_fts, rank) VALUES ('merge', 100);",
        )?;
        tx.commit()?;
        // Free pages go back to the file system (auto_vacuum = INCREMENTAL).
        self.conn.execute_batch("PRAGMA incremental_vacuum")?;
        Ok(stats)
    }
}
