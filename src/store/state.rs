//! What the person did — read and saved marks, reading positions — kept
//! twice: in the articles table, and in a small side database attached as
//! `state` that no rebuild of the cache touches. A new article takes its
//! marks from the side database, so marks come back with the articles after
//! a rebuild, and a pruned read article that a feed still carries returns
//! read.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store, StoreError, open::run_check, schema};

/// `dir/newsroom.db` → `dir/newsroom-state.db`.
pub fn state_path(db: &Path) -> PathBuf {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "newsroom".into());
    db.with_file_name(format!("{stem}-state.db"))
}

fn check_marker(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.check", db.display()))
}

/// Damage was seen while running: check the whole file at the next start.
pub fn request_check(db: &Path) {
    let _ = std::fs::write(check_marker(db), b"");
}

pub fn check_requested(db: &Path) -> bool {
    check_marker(db).exists()
}

pub fn clear_check_request(db: &Path) {
    let _ = std::fs::remove_file(check_marker(db));
}

/// Attach the side database, replacing it when it is itself damaged (the
/// articles table still holds the marks it is then seeded from). True when
/// the side database is new and needs seeding.
pub fn attach(conn: &Connection, path: &Path) -> Result<bool> {
    let mut fresh = !path.exists();
    let name = path.to_string_lossy();
    let sound = conn
        .execute("ATTACH DATABASE ?1 AS state", [name.as_ref()])
        .map_err(StoreError::from)
        .and_then(|_| {
            conn.query_row("PRAGMA state.journal_mode = WAL", [], |r| {
                r.get::<_, String>(0)
            })?;
            match run_check(conn, "state.quick_check")? {
                None => Ok(()),
                Some(p) => Err(StoreError::Corrupt(p)),
            }
        });
    match sound {
        Ok(()) => {}
        Err(StoreError::Corrupt(_)) => {
            let _ = conn.execute_batch("DETACH DATABASE state");
            let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ");
            let aside = PathBuf::from(format!("{}.corrupt-{stamp}", path.display()));
            let _ = std::fs::rename(path, aside);
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            conn.execute("ATTACH DATABASE ?1 AS state", [name.as_ref()])?;
            conn.query_row("PRAGMA state.journal_mode = WAL", [], |r| {
                r.get::<_, String>(0)
            })?;
            fresh = true;
        }
        Err(e) => return Err(e),
    }
    conn.execute_batch("PRAGMA state.synchronous = NORMAL")?;
    // Created only when missing: a statement that may write would wait for
    // another process's write lock.
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM state.sqlite_master WHERE name IN ('flags', 'positions')",
        [],
        |r| r.get(0),
    )?;
    if tables < 2 {
        conn.execute_batch(schema::STATE_SCHEMA)?;
    }
    Ok(fresh)
}

/// Record an article's marks in the side database (inside the caller's
/// transaction); a row with neither mark is removed.
pub(crate) fn write_flags(
    conn: &Connection,
    id: &str,
    read: bool,
    saved: bool,
    read_at: Option<&str>,
) -> Result<()> {
    if read || saved {
        conn.prepare_cached(
            "INSERT INTO state.flags (id, read, saved, read_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET read = ?2, saved = ?3, read_at = ?4",
        )?
        .execute(params![id, read, saved, read_at])?;
    } else {
        conn.prepare_cached("DELETE FROM state.flags WHERE id = ?1")?
            .execute([id])?;
    }
    Ok(())
}

/// The marks remembered for an id: (read, saved, read_at).
pub(crate) fn remembered_flags(
    conn: &Connection,
    id: &str,
) -> Result<Option<(bool, bool, Option<String>)>> {
    Ok(conn
        .prepare_cached("SELECT read, saved, read_at FROM state.flags WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

impl Store {
    /// The line the reader was left at, for coming back to an article.
    pub fn reading_position(&self, id: &str) -> Result<Option<usize>> {
        let line: Option<i64> = self
            .conn
            .prepare_cached("SELECT line FROM state.positions WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        Ok(line.map(|l| usize::try_from(l).unwrap_or(0)))
    }

    pub fn set_reading_position(&self, id: &str, line: usize) -> Result<()> {
        let line = i64::try_from(line).unwrap_or(i64::MAX);
        self.conn
            .prepare_cached(
                "INSERT INTO state.positions (id, line) VALUES (?1, ?2)
                 ON CONFLICT(id) DO UPDATE SET line = ?2",
            )?
            .execute(params![id, line])?;
        Ok(())
    }

    /// How many read and saved marks the side database holds.
    pub fn state_counts(&self) -> Result<(usize, usize)> {
        let (read, saved): (i64, i64) = self.conn.query_row(
            "SELECT coalesce(sum(read), 0), coalesce(sum(saved), 0) FROM state.flags",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((read as usize, saved as usize))
    }

    pub(crate) fn copy_flags_to_state(&self) -> Result<()> {
        self.conn.execute(
            "INSERT INTO state.flags (id, read, saved, read_at)
             SELECT id, read, saved, read_at FROM articles WHERE read = 1 OR saved = 1
             ON CONFLICT(id) DO NOTHING",
            [],
        )?;
        Ok(())
    }

    /// Marks from a damaged database, as far as it can be read; a mark
    /// already in the side database is only ever added to.
    pub(crate) fn import_flags(&self, old: &Connection) -> Result<usize> {
        // NOT INDEXED: the damage may be in an index; the table is the truth.
        let mut stmt = old.prepare(
            "SELECT id, read, saved, read_at FROM articles NOT INDEXED
             WHERE read = 1 OR saved = 1",
        )?;
        let mut rows = stmt.query([])?;
        let tx = self.write_tx()?;
        let mut n = 0;
        // Stop at the first unreadable row, keeping those before it.
        while let Ok(Some(row)) = rows.next() {
            let Ok((id, read, saved, read_at)) = (|| -> rusqlite::Result<_> {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, bool>(1)?,
                    row.get::<_, bool>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            })() else {
                continue;
            };
            tx.prepare_cached(
                "INSERT INTO state.flags (id, read, saved, read_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(id) DO UPDATE SET read = max(read, ?2), saved = max(saved, ?3),
                 read_at = coalesce(read_at, ?4)",
            )?
            .execute(params![id, read, saved, read_at])?;
            n += 1;
        }
        tx.commit()?;
        Ok(n)
    }
}
