//! The article list a page at a time: filters, search ranked by bm25, counts.

use jiff::Timestamp;
use rusqlite::types::Value;
use rusqlite::{Row, params_from_iter};

use super::search::match_expression;
use super::{ArticleQuery, Result, Store, parse_ts, sql_limit, ts_text};
use crate::model::ArticleRow;

const ROW_COLUMNS: &str = "a.id, a.site, a.title, a.url, a.author, a.published, a.read, a.saved, \
     (a.full_text_fetched OR a.has_body)";

/// Weights of title, author, categories, summary, body in the ranking.
const BM25: &str = "bm25(articles_fts, 10.0, 3.0, 4.0, 4.0, 1.0)";

fn row(r: &Row) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        id: r.get(0)?,
        site: r.get(1)?,
        title: r.get(2)?,
        url: r.get(3)?,
        author: r.get(4)?,
        published: parse_ts(r.get(5)?),
        read: r.get(6)?,
        saved: r.get(7)?,
        offline: r.get(8)?,
    })
}

/// The query's conditions on `articles a`, with their parameters. The
/// search is a membership test here; `articles` joins instead, to rank.
fn conditions(q: &ArticleQuery, with_search: bool) -> (String, Vec<Value>) {
    let mut sql = String::from("1");
    let mut args = Vec::new();
    if let Some(site) = &q.site {
        sql.push_str(" AND a.site = ?");
        args.push(Value::Text(site.clone()));
    }
    if q.unread_only {
        sql.push_str(" AND a.read = 0");
    }
    if q.saved_only {
        // Written as a literal so the partial index on saved rows applies.
        sql.push_str(" AND a.saved = 1");
    }
    if with_search && let Some(expr) = q.search.as_deref().and_then(match_expression) {
        sql.push_str(" AND a.num IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)");
        args.push(Value::Text(expr));
    }
    (sql, args)
}

/// The list query and its parameters.
fn list_sql(q: &ArticleQuery) -> (String, Vec<Value>) {
    let expr = q.search.as_deref().and_then(match_expression);
    let (cond, mut args) = conditions(q, false);
    let sql = match &expr {
        Some(expr) => {
            args.insert(0, Value::Text(expr.clone()));
            format!(
                "SELECT {ROW_COLUMNS} FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid
                 WHERE articles_fts MATCH ? AND {cond}
                 ORDER BY {BM25}, a.sort_ts DESC, a.num DESC LIMIT ? OFFSET ?"
            )
        }
        None => format!(
            "SELECT {ROW_COLUMNS} FROM articles a WHERE {cond}
             ORDER BY a.sort_ts DESC, a.num DESC LIMIT ? OFFSET ?"
        ),
    };
    args.push(Value::Integer(sql_limit(q.limit)));
    args.push(Value::Integer(q.offset as i64));
    (sql, args)
}

impl Store {
    /// One page of the list: newest first (published, else first seen), or
    /// best match first when searching.
    pub fn articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleRow>> {
        let result = self.list(q);
        self.note(result)
    }

    fn list(&self, q: &ArticleQuery) -> Result<Vec<ArticleRow>> {
        let (sql, args) = list_sql(q);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// SQLite's plan for `articles(q)`, one line per step, to check that the
    /// list is read through an index.
    pub fn explain_articles(&self, q: &ArticleQuery) -> Result<Vec<String>> {
        let (sql, args) = list_sql(q);
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(params_from_iter(args), |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many articles the query matches in all (offset and limit ignored).
    pub fn count_articles(&self, q: &ArticleQuery) -> Result<usize> {
        let (cond, args) = conditions(q, true);
        let sql = format!("SELECT count(*) FROM articles a WHERE {cond}");
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(args), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Mark every article the query matches as read (offset and limit
    /// ignored). Returns how many changed.
    pub fn mark_all_read(&self, q: &ArticleQuery) -> Result<usize> {
        let (cond, args) = conditions(q, true);
        let now = ts_text(Timestamp::now());
        let tx = self.write_tx()?;
        let mut with_now = vec![Value::Text(now)];
        with_now.extend(args);
        tx.execute(
            &format!(
                "INSERT INTO state.flags (id, read, saved, read_at)
                 SELECT a.id, 1, a.saved, ? FROM articles a WHERE a.read = 0 AND {cond}
                 ON CONFLICT(id) DO UPDATE SET read = 1, read_at = excluded.read_at"
            ),
            params_from_iter(with_now.iter()),
        )?;
        let changed = tx.execute(
            &format!("UPDATE articles AS a SET read = 1, read_at = ? WHERE a.read = 0 AND {cond}"),
            params_from_iter(with_now.iter()),
        )?;
        tx.commit()?;
        Ok(changed)
    }

    /// Unread articles per site, every known site listed (0 included), sorted by site.
    pub fn unread_counts(&self) -> Result<Vec<(String, usize)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.site, (SELECT count(*) FROM articles a WHERE a.site = s.site AND a.read = 0)
             FROM (SELECT site FROM sources WHERE role = 'articles' UNION SELECT site FROM articles) s
             ORDER BY s.site",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
