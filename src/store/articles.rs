//! Writing articles: which row an item is (its key within its source, the
//! same post reached through two sources), full text from the page, and the
//! read and saved marks.

use std::collections::HashSet;

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Store;
use super::identity::{
    ArticleRow, claim, free_id, keyed_row, own_row, prepare_articles, renamed_row, shared_row,
};
use super::search::fold;
use super::{
    Result, StoreError, StoredArticle, UpsertStats, clean_article, parse_ts, sources, state,
    ts_text,
};
use crate::model::{Article, Image, SourceRole, SourceState, canonical_link};
use crate::parse::words::html_to_text;

/// The columns `from_row` reads, in its order, from `ARTICLE_FROM`.
pub(crate) const COLUMNS: &str = "a.num, a.id, a.site, a.guid, a.url, a.title, a.author, \
     a.published, a.updated, a.categories, a.summary, b.content_html, a.featured, b.images, \
     a.full_text_fetched, a.read, a.saved, a.read_at, a.first_seen";

pub(crate) const ARTICLE_FROM: &str = "articles a LEFT JOIN bodies b ON b.num = a.num";

/// An article as it is in the table.
pub(crate) struct Existing {
    pub num: i64,
    pub stored: StoredArticle,
    pub read_at: Option<String>,
    pub first_seen: i64,
}

pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Existing> {
    let json = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    let bad = |i: usize, e: serde_json::Error| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    };
    let categories: Vec<String> = serde_json::from_str(&json(9)?).map_err(|e| bad(9, e))?;
    let featured: Option<Image> = match r.get::<_, Option<String>>(12)? {
        Some(s) => Some(serde_json::from_str(&s).map_err(|e| bad(12, e))?),
        None => None,
    };
    let images: Vec<Image> = match r.get::<_, Option<String>>(13)? {
        Some(s) => serde_json::from_str(&s).map_err(|e| bad(13, e))?,
        None => Vec::new(),
    };
    Ok(Existing {
        num: r.get(0)?,
        stored: StoredArticle {
            article: Article {
                id: r.get(1)?,
                site: r.get(2)?,
                guid: r.get(3)?,
                url: r.get(4)?,
                title: r.get(5)?,
                author: r.get(6)?,
                published: parse_ts(r.get(7)?),
                updated: parse_ts(r.get(8)?),
                categories,
                summary: r.get(10)?,
                content_html: r.get(11)?,
                featured,
                images,
            },
            full_text_fetched: r.get(14)?,
            read: r.get(15)?,
            saved: r.get(16)?,
        },
        read_at: r.get(17)?,
        first_seen: r.get(18)?,
    })
}

pub(crate) fn load_by(
    conn: &Connection,
    condition: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Option<Existing>> {
    let sql = format!("SELECT {COLUMNS} FROM {ARTICLE_FROM} WHERE {condition} LIMIT 1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(args, from_row)
        .optional()?)
}

/// What a merged row keeps: a body fetched from the page stays, with its
/// pictures, unless the source now carries more text (compared as words,
/// not markup: a feed's excerpt can be long in bytes and short in words).
fn merged(old: &Existing, new: &Article) -> Article {
    let mut m = old.stored.article.merge(new);
    if old.stored.full_text_fetched {
        let words = |html: &Option<String>| {
            html.as_deref()
                .map_or(0, |h| html_to_text(h).chars().count())
        };
        let page = &old.stored.article.content_html;
        if words(&new.content_html) <= words(page) {
            m.content_html = page.clone();
            m.images = old.stored.article.images.clone();
        }
    }
    m
}

fn sort_ts(a: &Article, first_seen: i64) -> i64 {
    a.published.map_or(first_seen, |p| p.as_second())
}

/// The words an article is found by, folded for the index. Pure work on
/// text, so a sync prepares them on its parser threads (`ArticleRow`).
pub(crate) struct IndexWords {
    title: String,
    author: String,
    categories: String,
    summary: String,
    body: String,
}

impl IndexWords {
    pub(crate) fn of(a: &Article) -> Self {
        let mut body = a
            .content_html
            .as_deref()
            .map(html_to_text)
            .unwrap_or_default();
        // The words under the pictures find an article too: the lead image's,
        // and alt texts, which are not in the body's text.
        let images = a.all_images();
        let featured = a.featured.iter().flat_map(|f| [&f.caption, &f.credit]);
        let alts = images.iter().map(|i| &i.alt);
        for words in featured.chain(alts).flatten() {
            body.push(' ');
            body.push_str(words);
        }
        IndexWords {
            title: fold(&a.title),
            author: fold(a.author.as_deref().unwrap_or("")),
            categories: fold(&a.categories.join(" · ")),
            summary: fold(&a.summary),
            body: fold(&body),
        }
    }
}

/// `fresh`: the row has no index entry yet (a new row, or a rebuild).
fn write_index(conn: &Connection, num: i64, words: &IndexWords, fresh: bool) -> Result<()> {
    if !fresh {
        conn.prepare_cached("DELETE FROM articles_fts WHERE rowid = ?1")?
            .execute([num])?;
    }
    conn.prepare_cached(
        "INSERT INTO articles_fts (rowid, title, author, categories, summary, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        num,
        words.title,
        words.author,
        words.categories,
        words.summary,
        words.body,
    ])?;
    Ok(())
}

pub(crate) struct Flags<'a> {
    pub full_text: bool,
    pub read: bool,
    pub saved: bool,
    pub read_at: Option<&'a str>,
}

pub(crate) fn insert(
    conn: &Connection,
    a: &Article,
    words: &IndexWords,
    flags: &Flags,
    first_seen: i64,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO articles (id, site, sort_ts, read, saved, full_text_fetched, has_body,
             first_seen, read_at, published, updated, guid, url, canon, title, author,
             categories, summary, featured)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19)",
    )?
    .execute(params![
        a.id,
        a.site,
        sort_ts(a, first_seen),
        flags.read,
        flags.saved,
        flags.full_text,
        a.content_html.is_some(),
        first_seen,
        flags.read_at,
        a.published.map(ts_text),
        a.updated.map(ts_text),
        a.guid,
        a.url,
        canonical_link(&a.url),
        a.title,
        a.author,
        serde_json::to_string(&a.categories)?,
        a.summary,
        a.featured.as_ref().map(serde_json::to_string).transpose()?,
    ])?;
    let num = conn.last_insert_rowid();
    write_body(conn, num, a)?;
    write_index(conn, num, words, true)?;
    Ok(num)
}

fn write_body(conn: &Connection, num: i64, a: &Article) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO bodies (num, content_html, images) VALUES (?1, ?2, ?3)
         ON CONFLICT(num) DO UPDATE SET content_html = ?2, images = ?3",
    )?
    .execute(params![
        num,
        a.content_html,
        serde_json::to_string(&a.images)?
    ])?;
    Ok(())
}

fn update(
    conn: &Connection,
    num: i64,
    a: &Article,
    full_text: bool,
    first_seen: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE articles SET site = ?2, sort_ts = ?3, full_text_fetched = ?4, has_body = ?5,
             published = ?6, updated = ?7, guid = ?8, url = ?9, canon = ?10, title = ?11,
             author = ?12, categories = ?13, summary = ?14, featured = ?15, images_cached = 0
         WHERE num = ?1",
    )?
    .execute(params![
        num,
        a.site,
        sort_ts(a, first_seen),
        full_text,
        a.content_html.is_some(),
        a.published.map(ts_text),
        a.updated.map(ts_text),
        a.guid,
        a.url,
        canonical_link(&a.url),
        a.title,
        a.author,
        serde_json::to_string(&a.categories)?,
        a.summary,
        a.featured.as_ref().map(serde_json::to_string).transpose()?,
    ])?;
    write_body(conn, num, a)?;
    write_index(conn, num, &IndexWords::of(a), false)
}

/// Write one article (already cleaned) inside the caller's transaction:
/// into `found`, the row it already is, or as a new row; either way the row
/// is claimed as this item of `source` unless it is already (`keyed`).
fn upsert(
    conn: &Connection,
    source: &str,
    row: &ArticleRow,
    found: Option<Existing>,
    keyed: bool,
    now: i64,
    stats: &mut UpsertStats,
) -> Result<()> {
    let a = &row.article;
    let num = match found {
        None => {
            let id = free_id(conn, a, source, &row.key)?;
            let remembered = state::remembered_flags(conn, &id)?;
            let (read, saved, read_at) = remembered.unwrap_or((false, false, None));
            let flags = Flags {
                full_text: false,
                read,
                saved,
                read_at: read_at.as_deref(),
            };
            let num = if id == a.id {
                insert(conn, a, &row.index, &flags, now)?
            } else {
                let a = Article { id, ..a.clone() };
                insert(conn, &a, &row.index, &flags, now)?
            };
            stats.new += 1;
            num
        }
        Some(old) => {
            // Marks kept under the id another source gives the post; a
            // row that is already this item has its own.
            if !keyed && old.stored.article.id != a.id {
                adopt_marks(conn, &old, &a.id)?;
            }
            let m = merged(&old, a);
            if m == old.stored.article {
                stats.unchanged += 1;
            } else {
                update(
                    conn,
                    old.num,
                    &m,
                    old.stored.full_text_fetched,
                    old.first_seen,
                )?;
                stats.updated += 1;
            }
            old.num
        }
    };
    if keyed {
        return Ok(());
    }
    claim(conn, source, &row.key, num)
}

/// Marks remembered under the id another source gives the same post (after
/// a rebuild the other copy may come first) are added to the row's.
fn adopt_marks(conn: &Connection, row: &Existing, other_id: &str) -> Result<()> {
    let Some((read, saved, read_at)) = state::remembered_flags(conn, other_id)? else {
        return Ok(());
    };
    let s = &row.stored;
    if (read && !s.read) || (saved && !s.saved) {
        let read = read || s.read;
        let saved = saved || s.saved;
        let read_at = row.read_at.clone().or(read_at);
        conn.prepare_cached(
            "UPDATE articles SET read = ?2, saved = ?3, read_at = ?4 WHERE num = ?1",
        )?
        .execute(params![row.num, read, saved, read_at])?;
        state::write_flags(conn, &s.article.id, read, saved, read_at.as_deref())?;
    }
    Ok(())
}

/// Rebuild the whole article index (a migration that adds or changes it).
pub(crate) fn reindex_all(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')",
        [],
    )?;
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM {ARTICLE_FROM}"))?;
    let rows = stmt.query_map([], from_row)?;
    for row in rows {
        let e = row?;
        write_index(conn, e.num, &IndexWords::of(&e.stored.article), true)?;
    }
    Ok(())
}

impl Store {
    /// Store a source's articles and its new validators in one transaction.
    /// The same post reached through another source of the site becomes one
    /// article; read and saved marks and a body fetched from the page are
    /// never lost.
    pub fn save_articles(
        &mut self,
        source: &SourceState,
        articles: &[Article],
    ) -> Result<UpsertStats> {
        self.save_rows(source, &prepare_articles(&source.site, articles))
    }

    /// `save_articles` for rows already prepared (`prepare_articles`).
    pub fn save_rows(&mut self, source: &SourceState, rows: &[ArticleRow]) -> Result<UpsertStats> {
        let result = self.save_rows_tx(source, rows);
        self.note(result)
    }

    fn save_rows_tx(&self, source: &SourceState, rows: &[ArticleRow]) -> Result<UpsertStats> {
        let tx = self.write_tx()?;
        sources::upsert_success(&tx, source, SourceRole::Articles)?;
        let now = source.last_fetch.unwrap_or_else(Timestamp::now).as_second();
        let mut stats = UpsertStats::default();
        // Rows named by key or guid are settled first, so that a row from
        // before keys, which items sharing its link all point at, goes to
        // the item it was, not to whichever of them comes first.
        let mut by_link = Vec::new();
        for row in rows {
            match own_row(&tx, &source.url, row)? {
                Some((found, keyed)) => {
                    upsert(&tx, &source.url, row, Some(found), keyed, now, &mut stats)?
                }
                None => by_link.push(row),
            }
        }
        // Keys are told apart within a batch (`settle_identities`); a batch
        // that was not still never makes two rows of one key.
        let listed: HashSet<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        let mut written: HashSet<&str> = HashSet::with_capacity(by_link.len());
        for row in by_link {
            let keyed = if written.insert(&row.key) {
                None
            } else {
                keyed_row(&tx, &source.url, &row.key)?
            };
            match keyed {
                Some(found) => upsert(&tx, &source.url, row, Some(found), true, now, &mut stats)?,
                None => {
                    let found = match shared_row(&tx, &source.url, row)? {
                        Some(found) => Some(found),
                        None => renamed_row(&tx, &source.url, row, &listed)?,
                    };
                    upsert(&tx, &source.url, row, found, false, now, &mut stats)?
                }
            }
        }
        tx.commit()?;
        Ok(stats)
    }

    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        let found = load_by(&self.conn, "a.id = ?1", &[&id]).map(|e| e.map(|e| e.stored));
        self.note(found)
    }

    /// Store the full text extracted from the article's page. Returns false
    /// when no article has that id.
    pub fn set_full_text(&self, id: &str, content_html: &str, images: &[Image]) -> Result<bool> {
        use crate::render::sanitize::{clean_line, clean_text};
        let tx = self.write_tx()?;
        let Some(old) = load_by(&tx, "a.id = ?1", &[&id])? else {
            return Ok(false);
        };
        let mut a = old.stored.article;
        a.content_html = Some(clean_text(content_html));
        a.images = images
            .iter()
            .map(|i| Image {
                url: clean_line(&i.url),
                alt: i.alt.as_deref().map(clean_line),
                caption: i.caption.as_deref().map(clean_text),
                credit: i.credit.as_deref().map(clean_line),
            })
            .collect();
        update(&tx, old.num, &a, true, old.first_seen)?;
        tx.commit()?;
        Ok(true)
    }

    /// Articles whose body only the page has (the feed gave an excerpt),
    /// newest first: what a sync prefetches. (id, url) pairs.
    pub fn articles_needing_full_text(&self, limit: usize) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, url FROM articles
             WHERE has_body = 0 AND full_text_fetched = 0 AND url != ''
             ORDER BY sort_ts DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([super::sql_limit(limit)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn set_read(&self, id: &str, read: bool) -> Result<()> {
        self.set_flag(id, Some(read), None)
    }

    pub fn set_saved(&self, id: &str, saved: bool) -> Result<()> {
        self.set_flag(id, None, Some(saved))
    }

    fn set_flag(&self, id: &str, read: Option<bool>, saved: Option<bool>) -> Result<()> {
        let tx = self.write_tx()?;
        let now = ts_text(Timestamp::now());
        let current: Option<(bool, bool, Option<String>)> = tx
            .prepare_cached("SELECT read, saved, read_at FROM articles WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((was_read, was_saved, read_at)) = current else {
            return Ok(());
        };
        let read = read.unwrap_or(was_read);
        let saved = saved.unwrap_or(was_saved);
        let read_at = match (read, read_at) {
            (false, _) => None,
            (true, Some(at)) => Some(at),
            (true, None) => Some(now),
        };
        tx.prepare_cached("UPDATE articles SET read = ?2, saved = ?3, read_at = ?4 WHERE id = ?1")?
            .execute(params![id, read, saved, read_at])?;
        state::write_flags(&tx, id, read, saved, read_at.as_deref())?;
        tx.commit()?;
        Ok(())
    }

    /// Articles from a damaged database, as far as it can be read; ids
    /// already present are left alone. Marks come from the side database.
    pub(crate) fn import_articles(&self, old: &Connection) -> Result<usize> {
        // Rows first, each body on its own: a damaged body costs only itself.
        let rows_only = COLUMNS
            .replace("b.content_html", "NULL")
            .replace("b.images", "NULL");
        let mut stmt = old.prepare(&format!("SELECT {rows_only} FROM articles a"))?;
        let mut rows = stmt.query([])?;
        let mut body = old.prepare("SELECT content_html, images FROM bodies WHERE num = ?1")?;
        let tx = self.write_tx()?;
        let mut n = 0;
        while let Ok(Some(row)) = rows.next() {
            let Ok(mut e) = from_row(row) else { continue };
            let found: Option<(Option<String>, String)> =
                body.query_row([e.num], |r| Ok((r.get(0)?, r.get(1)?))).ok();
            match found.map(|(html, images)| (html, serde_json::from_str(&images))) {
                Some((html, Ok(images))) => {
                    e.stored.article.content_html = html;
                    e.stored.article.images = images;
                }
                _ => e.stored.full_text_fetched = false,
            }
            let a = clean_article(&e.stored.article);
            if load_by(&tx, "a.id = ?1", &[&a.id])?.is_some() {
                continue;
            }
            let remembered = state::remembered_flags(&tx, &a.id)?;
            let (read, saved, read_at) = remembered.unwrap_or((false, false, None));
            let flags = Flags {
                full_text: e.stored.full_text_fetched,
                read: read || e.stored.read,
                saved: saved || e.stored.saved,
                read_at: read_at.as_deref().or(e.read_at.as_deref()),
            };
            insert(&tx, &a, &IndexWords::of(&a), &flags, e.first_seen)?;
            n += 1;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Pass a result through, remembering to check the whole file at the
    /// next start when it says the database is damaged.
    pub(crate) fn note<T>(&self, r: Result<T>) -> Result<T> {
        if let (Err(StoreError::Corrupt(_)), Some(path)) = (&r, &self.path) {
            state::request_check(path);
        }
        r
    }
}
