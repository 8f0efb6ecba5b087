//! Opening, migrations and the errors of a bad data directory.

use super::*;

#[test]
fn opens_in_wal_with_foreign_keys_and_creates_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let store = Store::open(&path).unwrap();
    assert!(path.exists());
    let conn = store.connection();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, schema::latest());
    assert!(store.recovered().is_none());
    store.integrity_check().unwrap();
}

/// Build a database at every earlier version, with data in it, and open it.
#[test]
fn migrates_from_every_earlier_version() {
    for from in 0..schema::latest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("newsroom.db");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            schema::migrate_to(&mut conn, "test", from).unwrap();
            if from >= 1 {
                conn.execute_batch(
                    "INSERT INTO articles (num, id, site, url, canon, title, summary,
                         read, saved, has_body, first_seen, sort_ts)
                     VALUES (1, 'a1', 'S', 'https://s.org/a', 's.org/a', 'Café society', 'x',
                         1, 1, 1, 100, 100);
                     INSERT INTO bodies (num, content_html) VALUES (1, '<p>Shanghai 上海经济</p>');",
                )
                .unwrap();
            }
        }
        let store = Store::open(&path).unwrap();
        let version: i64 = store
            .connection()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema::latest(), "from version {from}");
        store.integrity_check().unwrap();
        if from >= 1 {
            assert_eq!(flags(&store, "a1"), (true, true), "from version {from}");
            assert_eq!(titles(&store, "cafe"), ["Café society"], "from {from}");
            assert_eq!(titles(&store, "经济"), ["Café society"], "from {from}");
        }
    }
}

#[test]
fn a_database_from_a_newer_version_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newsroom.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", schema::latest() + 5)
        .unwrap();
    drop(conn);
    match Store::open(&path) {
        Err(e @ StoreError::TooNew { .. }) => assert!(e.to_string().contains("newer")),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a newer schema was opened"),
    }
}

#[test]
fn an_unwritable_data_dir_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the data directory should be: no permission bits can
    // make this writable, even for root.
    let blocker = dir.path().join("data");
    std::fs::write(&blocker, b"not a directory").unwrap();
    match Store::open(&blocker.join("newsroom.db")) {
        Err(e @ StoreError::Open { .. }) => assert!(e.to_string().contains("newsroom.db")),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("opened under a file"),
    }
}

#[test]
fn a_read_only_data_dir_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(data.join("probe"), b"").is_ok() {
        // Running with privileges that ignore permissions: nothing to test.
        return;
    }
    let result = Store::open(&data.join("newsroom.db"));
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    match result {
        Err(e @ StoreError::Open { .. }) => assert!(e.to_string().contains("newsroom.db"), "{e}"),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("opened in a read-only directory"),
    }
}

#[test]
fn a_full_disk_is_a_clear_error_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    store.save_articles(&feed(), &[article(1)]).unwrap();
    let pages: i64 = store
        .connection()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    // SQLite reports a write past max_page_count as SQLITE_FULL, as on a full disk.
    store
        .connection()
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let big: Vec<Article> = (2..400)
        .map(|n| Article {
            content_html: Some("<p>words </p>".repeat(200)),
            ..article(n)
        })
        .collect();
    let err = store.save_articles(&feed(), &big).unwrap_err();
    assert!(matches!(err, StoreError::DiskFull), "{err}");
    assert!(err.to_string().contains("disk is full"));
    assert_eq!(store.count_articles(&all(None)).unwrap(), 1);
    store.integrity_check().unwrap();
}
