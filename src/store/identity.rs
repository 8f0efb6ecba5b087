//! Which stored row an item is. Within its source an item is its key
//! (`Article::source_key`: guid, else link with the fragment, else a hash),
//! recorded in `article_keys`; the same post reached through another source
//! of the site is found by guid or canonical link among the rows that
//! source has not claimed. Two items of one source are never one row.

use std::collections::{HashMap, HashSet};

use std::path::Path;

use rusqlite::{Connection, OpenFlags, params};

use super::Result;
use super::articles::{Existing, IndexWords, load_by};
use super::clean_article;
use crate::model::{Article, canonical_link, short_hash};

/// An article ready for the cache: every field cleaned, its site, key and
/// id settled, its index words folded. Made by `prepare_articles`, away
/// from the thread that writes, which then only writes.
pub struct ArticleRow {
    pub(super) article: Article,
    pub(super) index: IndexWords,
    /// Its identity within its source (`Article::source_key`, told apart
    /// from an earlier item of the batch with the same one).
    pub(super) key: String,
    canon: String,
}

impl ArticleRow {
    /// Clean and index one article; `settle_identities` then looks at the
    /// whole batch.
    pub fn prepare(site: &str, raw: &Article) -> ArticleRow {
        let mut a = clean_article(raw);
        if a.site.is_empty() {
            a.site = site.to_string();
        }
        if a.id.is_empty() {
            a.id = a.preferred_id();
        }
        let canon = if a.url.is_empty() {
            String::new()
        } else {
            canonical_link(&a.url)
        };
        ArticleRow {
            index: IndexWords::of(&a),
            key: a.source_key(),
            canon,
            article: a,
        }
    }

    /// The item's identity within its source.
    pub fn key(&self) -> &str {
        &self.key
    }
}

/// Clean and index a source's articles for `Store::save_rows`.
pub fn prepare_articles(site: &str, articles: &[Article]) -> Vec<ArticleRow> {
    let mut rows: Vec<ArticleRow> = articles
        .iter()
        .map(|a| ArticleRow::prepare(site, a))
        .collect();
    settle_identities(&mut rows);
    rows
}

/// What only the whole of a source's items tells. A feed that repeats a
/// guid for different items (a podcast re-publishing an episode's file)
/// keeps each: the later ones are known by guid and link, else guid and
/// content, else guid and place among their twins. Items sharing a canonical link (podcast episodes all linking to
/// the show) get ids from their keys, so none takes the link's id from the
/// others by arriving first.
pub fn settle_identities(rows: &mut [ArticleRow]) {
    // Per key, the items that had it so far: link, words, key given.
    let mut seen: HashMap<String, Vec<(String, String, String)>> =
        HashMap::with_capacity(rows.len());
    for row in rows.iter_mut() {
        let a = &row.article;
        let hash = a.content_hash();
        let earlier = seen.entry(row.key.clone()).or_default();
        let twins = earlier
            .iter()
            .filter(|(u, h, _)| *u == a.url && *h == hash)
            .count();
        let key = if twins > 0 {
            // Alike in all we read, yet written twice: the items may differ
            // in what we do not read (a podcast's media), and a reader
            // shows what the document holds. Told apart by their order.
            format!("{}\u{1f}#{twins}", row.key)
        } else if earlier.is_empty() {
            row.key.clone()
        } else if earlier.iter().all(|(u, _, _)| *u != a.url) {
            format!("{}\u{1f}link:{}", row.key, a.url)
        } else {
            format!("{}\u{1f}hash:{hash}", row.key)
        };
        earlier.push((a.url.clone(), hash, key.clone()));
        row.key = key;
    }
    let mut links: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    for row in rows.iter() {
        if !row.canon.is_empty() {
            *links.entry(row.canon.as_str()).or_default() += 1;
        }
    }
    let shared: HashSet<String> = links
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(c, _)| c.to_string())
        .collect();
    for row in rows.iter_mut() {
        if shared.contains(&row.canon) && row.article.id == row.article.preferred_id() {
            row.article.id = short_hash(&format!("{}\u{1f}{}", row.canon, row.key));
        }
    }
}

/// The row an item of `source` already is, by what names it alone: the
/// key it had last time (true: the row is claimed already), else (a row
/// from another source of the site, or from before rows had keys) its guid.
pub(super) fn own_row(
    conn: &Connection,
    source: &str,
    row: &ArticleRow,
) -> Result<Option<(Existing, bool)>> {
    if let Some(found) = keyed_row(conn, source, &row.key)? {
        return Ok(Some((found, true)));
    }
    let Some(guid) = &row.article.guid else {
        return Ok(None);
    };
    let found = load_by(
        conn,
        &format!("a.site = ?1 AND a.guid = ?2 AND {UNCLAIMED}"),
        &[&row.article.site, guid, &source],
    )?;
    Ok(found.map(|f| (f, false)))
}

/// The row that is this item of `source`.
pub(super) fn keyed_row(conn: &Connection, source: &str, key: &str) -> Result<Option<Existing>> {
    load_by(
        conn,
        "a.num = (SELECT num FROM article_keys WHERE source = ?1 AND key = ?2)",
        &[&source, &key],
    )
}

/// The same post reached through another source of the site: the row with
/// its canonical link that no item of `source` has claimed. Two items of one
/// source never merge, whatever links they share.
pub(super) fn shared_row(
    conn: &Connection,
    source: &str,
    row: &ArticleRow,
) -> Result<Option<Existing>> {
    if row.canon.is_empty() {
        return Ok(None);
    }
    load_by(
        conn,
        &format!("a.site = ?1 AND a.canon = ?2 AND {UNCLAIMED}"),
        &[&row.article.site, &row.canon, &source],
    )
}

/// A row no item of the source (`?3`) is yet.
const UNCLAIMED: &str =
    "NOT EXISTS (SELECT 1 FROM article_keys k WHERE k.num = a.num AND k.source = ?3)";

pub(super) fn claim(conn: &Connection, source: &str, key: &str, num: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO article_keys (source, key, num) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![source, key, num])?;
    Ok(())
}

/// The article's preferred id, or, when another row has it (two items
/// sharing a link, the same link in two sites), one made from its key.
pub(super) fn free_id(conn: &Connection, a: &Article, source: &str, key: &str) -> Result<String> {
    let mut taken = conn.prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?;
    if !a.id.is_empty() && !taken.exists([&a.id])? {
        return Ok(a.id.clone());
    }
    let mut n = 0u64;
    loop {
        let id = short_hash(&format!("{source}\u{1f}{key}\u{1f}{n}"));
        if !taken.exists([&id])? {
            return Ok(id);
        }
        n += 1;
    }
}

/// A reading connection a sync asks, while the cache's writer goes on,
/// whether a page of a paged source holds anything not yet stored.
pub struct KnownItems {
    conn: Connection,
}

impl KnownItems {
    pub fn open(db: &Path) -> Result<KnownItems> {
        let conn = Connection::open_with_flags(
            db,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(KnownItems { conn })
    }

    /// Whether every one of these items of `source` is stored already.
    pub fn all_known(&self, source: &str, rows: &[ArticleRow]) -> Result<bool> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM article_keys WHERE source = ?1 AND key = ?2")?;
        for row in rows {
            if !stmt.exists(params![source, row.key])? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// An item whose guid changes from fetch to fetch (generators that stamp
/// the time or a random number into it): the row of this source with the
/// same link and title whose every key the feed no longer lists. Podcast
/// episodes sharing a link are still apart: their titles differ, and the
/// feed lists them all at once.
pub(super) fn renamed_row(
    conn: &Connection,
    source: &str,
    row: &ArticleRow,
    batch: &HashSet<&str>,
) -> Result<Option<Existing>> {
    if row.canon.is_empty() {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT k.num, k.key FROM article_keys k JOIN articles a ON a.num = k.num
         WHERE k.source = ?1 AND a.site = ?2 AND a.canon = ?3 AND a.title = ?4
         ORDER BY k.num",
    )?;
    let keys = stmt.query_map(
        params![source, row.article.site, row.canon, row.article.title],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
    )?;
    let mut listed: HashMap<i64, bool> = HashMap::new();
    for k in keys {
        let (num, key) = k?;
        *listed.entry(num).or_default() |= batch.contains(key.as_str());
    }
    let gone = listed.into_iter().filter(|(_, l)| !l).map(|(n, _)| n).min();
    match gone {
        Some(num) => load_by(conn, "a.num = ?1", &[&num]),
        None => Ok(None),
    }
}
