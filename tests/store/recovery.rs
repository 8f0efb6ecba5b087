//! Two connections at once, and rebuilding a damaged file.

use super::*;

#[test]
fn two_connections_at_once_one_writing_one_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut writer = Store::open(&path).unwrap();
    writer.save_articles(&feed(), &[article(1)]).unwrap();
    let reader = Store::open(&path).unwrap();

    writer
        .connection()
        .execute_batch("BEGIN IMMEDIATE; UPDATE articles SET title = 'Changed';")
        .unwrap();
    // The reader is not blocked, and sees the last committed state.
    let rows = reader.articles(&all(None)).unwrap();
    assert_eq!(rows[0].title, "Post number 1");
    writer.connection().execute_batch("COMMIT").unwrap();
    assert_eq!(reader.articles(&all(None)).unwrap()[0].title, "Changed");

    // A writer on another thread while this one reads and writes.
    let sync = std::thread::spawn(move || {
        let items: Vec<Article> = (2..300).map(article).collect();
        writer.save_articles(&feed(), &items).unwrap()
    });
    for _ in 0..20 {
        reader.articles(&all(None)).unwrap();
    }
    reader.set_saved(&article(1).id, true).unwrap();
    assert_eq!(sync.join().unwrap().new, 298);
    assert_eq!(reader.count_articles(&all(None)).unwrap(), 299);
    assert!(flags(&reader, &article(1).id).1);
}

/// Overwrite one page of the file (1-based page number).
fn smash_page(path: &Path, page: i64) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(((page - 1) * 4096) as u64)).unwrap();
    f.write_all(&[0xA5; 4096]).unwrap();
}

fn checkpointed(store: Store) {
    store
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
}

#[test]
fn a_corrupt_database_is_rebuilt_with_flags_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let items: Vec<Article> = (0..30).map(article).collect();
    {
        let mut store = Store::open(&path).unwrap();
        store.save_articles(&feed(), &items).unwrap();
        store.set_read(&items[0].id, true).unwrap();
        store.set_saved(&items[1].id, true).unwrap();
        store.set_reading_position(&items[1].id, 42).unwrap();
        checkpointed(store);
    }
    // Not a database any more: the header is gone.
    smash_page(&path, 1);
    let mut store = Store::open(&path).unwrap();
    let notice = store.recovered().expect("a notice");
    assert!(notice.contains("1 read and 1 saved"), "{notice}");
    let aside = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("newsroom.db.corrupt-")
        })
        .count();
    assert!(aside > 0);
    store.integrity_check().unwrap();

    // The next sync brings the articles back with their marks.
    store.save_articles(&feed(), &items).unwrap();
    assert_eq!(flags(&store, &items[0].id), (true, false));
    assert_eq!(flags(&store, &items[1].id), (false, true));
    assert_eq!(flags(&store, &items[2].id), (false, false));
    assert_eq!(store.reading_position(&items[1].id).unwrap(), Some(42));
    drop(store);
    assert!(Store::open(&path).unwrap().recovered().is_none());
}

#[test]
fn a_damaged_index_page_is_rebuilt_and_the_articles_salvaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let items: Vec<Article> = (0..30).map(article).collect();
    let root: i64;
    {
        let mut store = Store::open(&path).unwrap();
        store.save_articles(&feed(), &items).unwrap();
        store.set_read(&items[3].id, true).unwrap();
        store.set_saved(&items[4].id, true).unwrap();
        root = store
            .connection()
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'articles_time'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        checkpointed(store);
    }
    smash_page(&path, root);
    // Lose the side file too: the marks must come from the damaged file.
    std::fs::remove_file(path.with_file_name("newsroom-state.db")).unwrap();
    let store = Store::open(&path).unwrap();
    let notice = store.recovered().expect("a notice");
    assert!(notice.contains("30 articles were recovered"), "{notice}");
    assert_eq!(store.count_articles(&all(None)).unwrap(), 30);
    assert_eq!(flags(&store, &items[3].id), (true, false));
    assert_eq!(flags(&store, &items[4].id), (false, true));
    assert_eq!(titles(&store, "number").len(), 30);
    store.integrity_check().unwrap();
}

#[test]
fn damage_in_a_big_file_found_later_is_repaired_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let items: Vec<Article> = (0..10).map(article).collect();
    let root: i64;
    {
        let mut store = Store::open(&path).unwrap();
        store.save_articles(&feed(), &items).unwrap();
        store.set_saved(&items[2].id, true).unwrap();
        // Enough bodies that the start checks only the list's tables.
        store
            .connection()
            .execute_batch(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
                 INSERT INTO articles (id, site, url, canon, title, has_body, first_seen, sort_ts)
                 SELECT 'pad' || i, 'Pad', 'https://p.org/' || i, 'p.org/' || i, 'Pad', 1, 1, i
                 FROM n;
                 INSERT INTO bodies (num, content_html)
                 SELECT num, printf('%.8000c', 'x') FROM articles WHERE site = 'Pad';",
            )
            .unwrap();
        root = store
            .connection()
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'bodies'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        checkpointed(store);
    }
    assert!(std::fs::metadata(&path).unwrap().len() > 16 * 1024 * 1024);
    smash_page(&path, root);
    let store = Store::open(&path).unwrap();
    assert!(store.recovered().is_none(), "the bodies were not checked");
    assert_eq!(store.count_articles(&all(Some("Asia House"))).unwrap(), 10);
    match store.article(&items[2].id) {
        Err(e @ StoreError::Corrupt(_)) => assert!(e.to_string().contains("start newsroom again")),
        other => panic!("damage not reported: {:?}", other.map(|a| a.is_some())),
    }
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let notice = store.recovered().expect("repaired");
    // The rows survive without their bodies, which the next sync fetches.
    assert!(notice.contains("2510 articles were recovered"), "{notice}");
    assert_eq!(flags(&store, &items[2].id), (false, true));
    assert!(!store.articles(&all(Some("Asia House"))).unwrap()[0].offline);
    store.save_articles(&feed(), &items).unwrap();
    assert_eq!(flags(&store, &items[2].id), (false, true));
    assert!(store.articles(&all(Some("Asia House"))).unwrap()[0].offline);
    store.integrity_check().unwrap();
}

#[test]
fn marks_return_when_the_other_copy_of_a_post_comes_first_after_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let from_feed = article(5);
    let from_rest = Article {
        id: article_id("https://asiahouse.org/?p=5"),
        url: "https://asiahouse.org/?p=5".into(),
        ..article(5)
    };
    {
        let mut store = Store::open(&path).unwrap();
        store
            .save_articles(&feed(), std::slice::from_ref(&from_feed))
            .unwrap();
        store.set_saved(&from_feed.id, true).unwrap();
        checkpointed(store);
    }
    smash_page(&path, 1);
    let mut store = Store::open(&path).unwrap();
    assert!(store.recovered().is_some());
    // The REST copy arrives first, under its own id; then the feed's.
    store
        .save_articles(&rest(), std::slice::from_ref(&from_rest))
        .unwrap();
    store.save_articles(&feed(), &[from_feed]).unwrap();
    assert_eq!(store.count_articles(&all(None)).unwrap(), 1);
    assert_eq!(flags(&store, &from_rest.id), (false, true));
}

#[test]
fn opening_never_waits_for_another_process_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut writer = Store::open(&path).unwrap();
    writer.save_articles(&feed(), &[article(1)]).unwrap();
    writer
        .connection()
        .execute_batch("BEGIN IMMEDIATE; UPDATE articles SET title = 'Mid-sync';")
        .unwrap();
    writer
        .connection()
        .execute_batch("UPDATE state.flags SET read = read; ")
        .unwrap();
    // With the write lock held, opening must not need it (it would fail
    // with "database is locked" after the busy timeout).
    let reader = Store::open(&path).unwrap();
    assert_eq!(
        reader.articles(&all(None)).unwrap()[0].title,
        "Post number 1"
    );
    drop(reader);
    writer.connection().execute_batch("COMMIT").unwrap();
}

#[test]
fn a_write_blocked_past_the_timeout_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut first = Store::open(&path).unwrap();
    first.save_articles(&feed(), &[article(1)]).unwrap();
    let second = Store::open(&path).unwrap();
    second
        .connection()
        .busy_timeout(std::time::Duration::ZERO)
        .unwrap();
    first.connection().execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = second.set_read(&article(1).id, true).unwrap_err();
    assert!(matches!(err, StoreError::Busy), "{err}");
    first.connection().execute_batch("ROLLBACK").unwrap();
    second.set_read(&article(1).id, true).unwrap();
}

#[test]
fn a_damaged_side_file_is_replaced_and_seeded_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let items: Vec<Article> = (0..3).map(article).collect();
    {
        let mut store = Store::open(&path).unwrap();
        store.save_articles(&feed(), &items).unwrap();
        store.set_read(&items[0].id, true).unwrap();
        store.set_saved(&items[2].id, true).unwrap();
        store
            .connection()
            .execute_batch("PRAGMA state.wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    smash_page(&path.with_file_name("newsroom-state.db"), 1);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.state_counts().unwrap(), (1, 1));
    assert_eq!(flags(&store, &items[0].id), (true, false));
    assert_eq!(flags(&store, &items[2].id), (false, true));
}

/// The writer that `a_writer_killed_mid_write_leaves_a_consistent_cache`
/// runs in a child process; does nothing in a normal test run.
#[test]
fn writer_child_process() {
    let Ok(path) = std::env::var("NEWSROOM_STORE_WRITER_CHILD") else {
        return;
    };
    let mut store = Store::open(Path::new(&path)).unwrap();
    // Bounded, in case the parent is gone.
    for round in 0..5000 {
        let items: Vec<Article> = (0..200).map(|i| article(round * 200 + i)).collect();
        store.save_articles(&feed(), &items).unwrap();
        store.set_read(&items[0].id, true).unwrap();
    }
}

/// Kills the child however the test ends.
struct Reaper(std::process::Child);

impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_writer_killed_mid_write_leaves_a_consistent_cache() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let kept = Article {
        title: "Saved before the sync".into(),
        ..article(1_000_000)
    };
    {
        let mut store = Store::open(&path).unwrap();
        store
            .save_articles(&feed(), std::slice::from_ref(&kept))
            .unwrap();
        store.set_saved(&kept.id, true).unwrap();
    }
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "recovery::writer_child_process",
            "--test-threads=1",
        ])
        .env("NEWSROOM_STORE_WRITER_CHILD", &path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut child = Reaper(child);
    {
        let reader = Store::open(&path).unwrap();
        // Wait (polling, no deadline asserted) until several rounds are in.
        for _ in 0..6000 {
            if reader.count_articles(&all(None)).unwrap() > 1000 {
                break;
            }
            assert!(child.0.try_wait().unwrap().is_none(), "the writer stopped");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
    // SIGKILL, most likely in the middle of a transaction.
    child.0.kill().unwrap();
    child.0.wait().unwrap();

    let mut store = Store::open(&path).unwrap();
    assert!(store.recovered().is_none());
    store.integrity_check().unwrap();
    let total = store.count_articles(&all(None)).unwrap();
    assert!(total > 1000);
    assert_eq!((total - 1) % 200, 0, "only whole transactions are kept");
    assert!(flags(&store, &kept.id).1);
    // And the next sync completes.
    let more: Vec<Article> = (0..200).map(|i| article(2_000_000 + i)).collect();
    assert_eq!(store.save_articles(&feed(), &more).unwrap().new, 200);
    store.integrity_check().unwrap();
}
