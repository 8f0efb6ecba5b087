//! The SQLite cache on real files: migrations, upserts, search, pruning,
//! two connections at once, and recovery from a damaged database.

use std::path::{Path, PathBuf};

use jiff::{Timestamp, ToSpan};
use newsroom::model::{Article, Event, EventStatus, Image, SourceRole, SourceState, article_id};
use newsroom::store::{
    ArticleQuery, EventQuery, EventWhen, Store, StoreError, UpsertStats, schema,
};

fn db_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("data").join("newsroom.db")
}

fn source(url: &str) -> SourceState {
    SourceState {
        site: "Asia House".into(),
        url: url.into(),
        etag: Some("\"abc\"".into()),
        last_modified: Some("Tue, 14 Jul 2026 10:00:00 GMT".into()),
        last_fetch: Some("2026-07-14T10:00:00Z".parse().unwrap()),
        items: 1,
        ..SourceState::default()
    }
}

fn feed() -> SourceState {
    source("https://asiahouse.org/feed/")
}

fn rest() -> SourceState {
    source("https://asiahouse.org/wp-json/wp/v2/posts")
}

fn article(n: usize) -> Article {
    let url = format!("https://asiahouse.org/news/post-{n}/");
    Article {
        id: article_id(&url),
        site: "Asia House".into(),
        guid: Some(format!("https://asiahouse.org/?p={n}")),
        url,
        title: format!("Post number {n}"),
        author: Some("Asia House".into()),
        published: Some(Timestamp::from_second(1_780_000_000 + n as i64 * 3600).unwrap()),
        categories: vec!["News".into()],
        summary: format!("Summary of post {n}"),
        content_html: Some(format!("<p>Body of post {n}.</p>")),
        ..Article::default()
    }
}

fn all(site: Option<&str>) -> ArticleQuery {
    ArticleQuery {
        site: site.map(str::to_string),
        ..ArticleQuery::default()
    }
}

fn titles(store: &Store, text: &str) -> Vec<String> {
    let q = ArticleQuery {
        search: Some(text.into()),
        ..ArticleQuery::default()
    };
    store
        .articles(&q)
        .unwrap()
        .into_iter()
        .map(|r| r.title)
        .collect()
}

fn flags(store: &Store, id: &str) -> (bool, bool) {
    let a = store.article(id).unwrap().expect("article present");
    (a.read, a.saved)
}

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

#[test]
fn upserting_twice_never_duplicates_and_keeps_flags() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let items: Vec<Article> = (0..5).map(article).collect();
    let first = store.save_articles(&feed(), &items).unwrap();
    assert_eq!(
        first,
        UpsertStats {
            new: 5,
            updated: 0,
            unchanged: 0
        }
    );
    store.set_read(&items[0].id, true).unwrap();
    store.set_saved(&items[1].id, true).unwrap();

    let again = store.save_articles(&feed(), &items).unwrap();
    assert_eq!(again.unchanged, 5, "{again:?}");
    let mut changed = items.clone();
    changed[0].title = "Post number 0, corrected".into();
    let third = store.save_articles(&feed(), &changed).unwrap();
    assert_eq!((third.updated, third.unchanged, third.new), (1, 4, 0));

    assert_eq!(store.count_articles(&all(None)).unwrap(), 5);
    assert_eq!(flags(&store, &items[0].id), (true, false));
    assert_eq!(flags(&store, &items[1].id), (false, true));
    let stored = store.article(&items[0].id).unwrap().unwrap();
    assert_eq!(stored.article.title, "Post number 0, corrected");

    let src = store.source(&feed().url).unwrap().unwrap();
    assert_eq!(src.etag.as_deref(), Some("\"abc\""));
    assert_eq!(src.last_error, None);
}

#[test]
fn the_feed_and_rest_copies_of_a_post_are_one_article() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    // The feed: an excerpt, a tracking parameter in the link.
    let from_feed = Article {
        url: "https://asiahouse.org/news/post-7/?utm_source=rss&utm_medium=rss".into(),
        content_html: None,
        summary: "Summary of post 7 […]".into(),
        categories: vec!["News".into(), "China".into()],
        ..article(7)
    };
    // The REST endpoint: full body, featured image with a caption, its own
    // id (from a different link form) but the same guid.
    let from_rest = Article {
        id: article_id("https://asiahouse.org/?p=7"),
        url: "https://asiahouse.org/news/post-7-renamed/".into(),
        content_html: Some("<p>The whole body of post 7, much longer.</p>".into()),
        featured: Some(Image {
            url: "https://asiahouse.org/wp-content/uploads/7.jpg".into(),
            alt: Some("A harbour".into()),
            caption: Some("Hong Kong harbour at dusk".into()),
            credit: None,
        }),
        categories: vec!["news".into(), "Economy".into()],
        ..article(7)
    };
    store
        .save_articles(&feed(), std::slice::from_ref(&from_feed))
        .unwrap();
    store.set_saved(&from_feed.id, true).unwrap();
    let stats = store.save_articles(&rest(), &[from_rest]).unwrap();
    assert_eq!((stats.new, stats.updated), (0, 1));
    assert_eq!(store.count_articles(&all(None)).unwrap(), 1);

    let a = store.article(&from_feed.id).unwrap().unwrap();
    assert!(a.saved);
    assert_eq!(
        a.article.content_html.as_deref(),
        Some("<p>The whole body of post 7, much longer.</p>")
    );
    assert_eq!(
        a.article.featured.unwrap().caption.as_deref(),
        Some("Hong Kong harbour at dusk")
    );
    assert_eq!(a.article.categories, ["News", "China", "Economy"]);
    let rows = store.articles(&all(None)).unwrap();
    assert!(rows[0].offline);

    // And the feed again: nothing is traded back.
    store.save_articles(&feed(), &[from_feed]).unwrap();
    assert_eq!(store.count_articles(&all(None)).unwrap(), 1);
    let a = store.article(&article(7).id).unwrap().unwrap();
    assert!(a.article.content_html.unwrap().contains("much longer"));
}

#[test]
fn a_full_text_from_the_page_is_never_replaced_by_an_excerpt() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let excerpt = Article {
        content_html: Some("<p>The first lines&#8230;</p>".into()),
        ..article(3)
    };
    store
        .save_articles(&feed(), std::slice::from_ref(&excerpt))
        .unwrap();
    let page = "<p>The first lines of a long article, and all the rest of it.</p>\
                <figure><img src=\"https://asiahouse.org/a.jpg\"><figcaption>A market</figcaption></figure>";
    let pictures = [Image {
        url: "https://asiahouse.org/a.jpg".into(),
        caption: Some("A market".into()),
        ..Image::default()
    }];
    assert!(store.set_full_text(&excerpt.id, page, &pictures).unwrap());
    assert!(!store.set_full_text("nope", page, &pictures).unwrap());

    let stats = store
        .save_articles(&feed(), std::slice::from_ref(&excerpt))
        .unwrap();
    assert_eq!(stats.unchanged, 1);
    let a = store.article(&excerpt.id).unwrap().unwrap();
    assert!(a.full_text_fetched);
    assert_eq!(a.article.content_html.as_deref(), Some(page));
    assert_eq!(a.article.images, pictures);
    assert!(titles(&store, "market").contains(&excerpt.title));
}

#[test]
fn lists_come_a_page_at_a_time_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let mut items: Vec<Article> = (0..120).map(article).collect();
    // No date: placed by when it was first seen (the fetch time).
    items[5].published = None;
    store.save_articles(&feed(), &items).unwrap();
    let mut seen = Vec::new();
    for page in 0..3 {
        let rows = store
            .articles(&ArticleQuery {
                offset: page * 50,
                limit: 50,
                ..ArticleQuery::default()
            })
            .unwrap();
        assert_eq!(rows.len(), if page < 2 { 50 } else { 20 });
        seen.extend(rows);
    }
    let ids: std::collections::HashSet<_> = seen.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids.len(), 120);
    let undated = seen.iter().position(|r| r.published.is_none()).unwrap();
    let first_seen = feed().last_fetch.unwrap();
    let dated: Vec<_> = seen.iter().filter_map(|r| r.published).collect();
    assert!(dated.windows(2).all(|w| w[0] >= w[1]), "newest first");
    for (i, r) in seen.iter().enumerate() {
        if let Some(p) = r.published {
            assert_eq!(
                i < undated,
                p > first_seen,
                "undated row placed by first_seen"
            );
        }
    }
    assert_eq!(store.count_articles(&all(None)).unwrap(), 120);
}

#[test]
fn filters_unread_saved_site_and_mark_all_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let ours: Vec<Article> = (0..4).map(article).collect();
    let theirs: Vec<Article> = (10..13)
        .map(|n| Article {
            site: "Other".into(),
            ..article(n)
        })
        .collect();
    store
        .ensure_source("Quiet", "https://quiet.org/feed", SourceRole::Articles)
        .unwrap();
    store.save_articles(&feed(), &ours).unwrap();
    let mut other = source("https://other.org/feed");
    other.site = "Other".into();
    store.save_articles(&other, &theirs).unwrap();
    store.set_read(&ours[0].id, true).unwrap();
    store.set_saved(&ours[1].id, true).unwrap();

    let unread = ArticleQuery {
        unread_only: true,
        ..ArticleQuery::default()
    };
    assert_eq!(store.count_articles(&unread).unwrap(), 6);
    let saved = ArticleQuery {
        saved_only: true,
        ..ArticleQuery::default()
    };
    assert_eq!(store.articles(&saved).unwrap()[0].id, ours[1].id);
    assert_eq!(store.count_articles(&all(Some("Other"))).unwrap(), 3);
    assert_eq!(store.sites().unwrap(), ["Asia House", "Other", "Quiet"]);
    assert_eq!(
        store.unread_counts().unwrap(),
        [
            ("Asia House".to_string(), 3),
            ("Other".to_string(), 3),
            ("Quiet".to_string(), 0)
        ]
    );

    let marked = store.mark_all_read(&all(Some("Other"))).unwrap();
    assert_eq!(marked, 3);
    assert_eq!(store.count_articles(&unread).unwrap(), 3);
    store.set_read(&ours[0].id, false).unwrap();
    assert_eq!(flags(&store, &ours[0].id), (false, false));
    assert_eq!(store.count_articles(&unread).unwrap(), 4);
}

#[test]
fn search_finds_text_in_any_script_ranked_and_by_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let doc = |n: usize, title: &str, body: &str| Article {
        title: title.into(),
        summary: String::new(),
        content_html: Some(body.into()),
        categories: vec![],
        ..article(n)
    };
    store
        .save_articles(
            &feed(),
            &[
                doc(1, "Café culture in Hanoi", "<p>Coffee and photography.</p>"),
                doc(2, "China's outlook", "<p>报告说，中国经济增长放缓。</p>"),
                doc(3, "Cairo report", "<p>مؤتمر في القاهرة حول الاقتصاد</p>"),
                doc(4, "Tokyo", "<p>東京の<b>経済</b>ニュース</p>"),
                doc(5, "A note", "<p>Mentions Hanoi once.</p>"),
                doc(
                    6,
                    "Scripts",
                    "<script>hidden()</script><p>visible words</p>",
                ),
            ],
        )
        .unwrap();
    assert_eq!(titles(&store, "cafe"), ["Café culture in Hanoi"]);
    assert_eq!(titles(&store, "CAFÉ"), ["Café culture in Hanoi"]);
    assert_eq!(titles(&store, "photog"), ["Café culture in Hanoi"]);
    assert_eq!(titles(&store, "经济"), ["China's outlook"]);
    assert_eq!(titles(&store, "增长"), ["China's outlook"]);
    assert_eq!(titles(&store, "中国经济增长"), ["China's outlook"]);
    assert_eq!(titles(&store, "القاهرة"), ["Cairo report"]);
    assert_eq!(titles(&store, "القاهرة الاقتصاد"), ["Cairo report"]);
    assert_eq!(titles(&store, "ニュース"), ["Tokyo"]);
    assert_eq!(titles(&store, "経済"), ["Tokyo"]);
    // A title match ranks above a body match.
    assert_eq!(titles(&store, "hanoi"), ["Café culture in Hanoi", "A note"]);
    assert!(titles(&store, "hidden").is_empty());
    assert!(titles(&store, "cafe tokyo").is_empty(), "terms are ANDed");
    // Whatever is typed, never an FTS syntax error.
    for q in [
        "\"", "C++", "a AND", "NEAR(", "-x", "*", "col:val", "'", "(", "^h",
    ] {
        store
            .articles(&ArticleQuery {
                search: Some(q.into()),
                ..ArticleQuery::default()
            })
            .unwrap_or_else(|e| panic!("{q:?}: {e}"));
    }
    // Nothing searchable: no filter.
    assert_eq!(titles(&store, " ?! ").len(), 6);
    let q = ArticleQuery {
        search: Some("hanoi".into()),
        ..ArticleQuery::default()
    };
    assert_eq!(store.count_articles(&q).unwrap(), 2);
}

#[test]
fn prune_keeps_saved_and_unread_and_fits_images_in_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let old = |n: usize| Article {
        published: Some("2025-01-01T00:00:00Z".parse().unwrap()),
        ..article(n)
    };
    let mut src = feed();
    src.last_fetch = Some("2025-01-02T00:00:00Z".parse().unwrap());
    let items = [old(1), old(2), old(3), old(4)];
    store.save_articles(&src, &items).unwrap();
    store.set_read(&items[0].id, true).unwrap(); // read: pruned
    store.set_read(&items[1].id, true).unwrap();
    store.set_saved(&items[1].id, true).unwrap(); // read and saved: kept
    store.set_saved(&items[2].id, true).unwrap(); // saved: kept
    // items[3] unread: kept
    store.save_articles(&feed(), &[article(9)]).unwrap();
    store.set_read(&article(9).id, true).unwrap(); // read but recent: kept

    for (i, url) in ["a", "b", "c", "d"].iter().enumerate() {
        store
            .save_image(url, "image/jpeg", &vec![i as u8; 1000])
            .unwrap();
    }
    // Oldest first: make the fetch times distinct without waiting.
    store
        .connection()
        .execute("UPDATE images SET fetched_at = unicode(url)", [])
        .unwrap();
    assert!(store.has_image("a").unwrap());
    let now: Timestamp = "2026-07-20T00:00:00Z".parse().unwrap();
    let stats = store.prune(90, 2500, now).unwrap();
    assert_eq!(stats.articles, 1);
    assert_eq!(store.count_articles(&all(None)).unwrap(), 4);
    assert!(store.article(&items[0].id).unwrap().is_none());
    assert!(store.article(&items[1].id).unwrap().unwrap().saved);
    assert!(!store.article(&items[3].id).unwrap().unwrap().read);
    assert_eq!((stats.images, stats.image_bytes), (2, 2000));
    assert!(!store.has_image("a").unwrap() && !store.has_image("b").unwrap());
    assert_eq!(
        store.image("d").unwrap(),
        Some(("image/jpeg".to_string(), vec![3u8; 1000]))
    );
    assert!(store.cache_size().unwrap() > 0);

    // A pruned read article still in the feed comes back read.
    store.save_articles(&src, &[items[0].clone()]).unwrap();
    assert_eq!(flags(&store, &items[0].id), (true, false));
    store.integrity_check().unwrap();
}

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
fn the_list_query_uses_an_index_on_a_large_cache() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    let mut store = Store::open(&path).unwrap();
    store.save_articles(&feed(), &[article(0)]).unwrap();
    store
        .connection()
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
             INSERT INTO articles (id, site, url, canon, title, read, saved, first_seen, sort_ts)
             SELECT printf('gen%06d', i), CASE i % 3 WHEN 0 THEN 'A' WHEN 1 THEN 'B' ELSE 'C' END,
                    'https://x.org/' || i, 'x.org/' || i, 'Generated ' || i,
                    i % 2, i % 97 = 0, 1700000000, 1700000000 + i
             FROM n;
             ANALYZE;",
        )
        .unwrap();
    let queries = [
        all(None),
        all(Some("B")),
        ArticleQuery {
            unread_only: true,
            ..ArticleQuery::default()
        },
        ArticleQuery {
            saved_only: true,
            ..ArticleQuery::default()
        },
        ArticleQuery {
            site: Some("C".into()),
            unread_only: true,
            ..ArticleQuery::default()
        },
    ];
    for q in queries {
        let q = ArticleQuery { limit: 50, ..q };
        let plan = store.explain_articles(&q).unwrap();
        let text = plan.join(" | ");
        assert!(
            !plan
                .iter()
                .any(|s| s.starts_with("SCAN a") && !s.contains("INDEX")),
            "{q:?}: {text}"
        );
        assert!(!text.contains("TEMP B-TREE"), "{q:?} sorts: {text}");
        let rows = store.articles(&q).unwrap();
        assert_eq!(rows.len(), 50);
    }
    assert_eq!(store.articles(&all(None)).unwrap().len(), 100_001);
}

fn event(uid: &str, start: &str, end: Option<&str>) -> Event {
    Event {
        id: newsroom::model::event_id(uid, None),
        site: "Asia House".into(),
        uid: uid.into(),
        title: format!("Event {uid}"),
        url: Some(format!("https://asiahouse.org/events/{uid}/")),
        start: Some(start.parse().unwrap()),
        end: end.map(|e| e.parse().unwrap()),
        timezone: Some("Europe/London".into()),
        description_html: "<p>A talk.</p>".into(),
        categories: vec!["Talks".into()],
        ..Event::default()
    }
}

#[test]
fn events_merge_across_sources_and_list_by_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let ics = source("https://asiahouse.org/events.ics");
    let rest = source("https://asiahouse.org/wp-json/tribe/events/v1/events");
    let talk = event(
        "talk@asiahouse.org",
        "2026-07-14T19:00:00+01:00[Europe/London]",
        Some("2026-07-14T20:30:00+01:00[Europe/London]"),
    );
    let past = event(
        "old@asiahouse.org",
        "2026-01-10T18:00:00+00:00[Europe/London]",
        None,
    );
    let sg = Event {
        timezone: Some("Asia/Singapore".into()),
        categories: vec!["Business".into(), "talks".into()],
        title: "Singapore forum 论坛".into(),
        ..event(
            "sg@asiahouse.org",
            "2026-08-01T09:00:00+08:00[Asia/Singapore]",
            None,
        )
    };
    let s = store
        .save_events(&ics, &[talk.clone(), past.clone(), sg.clone()])
        .unwrap();
    assert_eq!(s.new, 3);
    // The REST copy of the talk: another id, the same page and start; price and website.
    let talk_rest = Event {
        id: "tribe-123".into(),
        uid: "123".into(),
        price: Some("£15".into()),
        booking_url: Some("https://tickets.example/talk".into()),
        venue: Some("Asia House, 63 New Cavendish St".into()),
        description_html: "<p>A talk, with a longer description from the website.</p>".into(),
        ..talk.clone()
    };
    let s = store.save_events(&rest, &[talk_rest]).unwrap();
    assert_eq!((s.new, s.updated), (0, 1));
    // The iCalendar file again, with no price: the REST fields stay.
    let s = store
        .save_events(&ics, std::slice::from_ref(&talk))
        .unwrap();
    assert_eq!(s.unchanged, 1, "{s:?}");
    let merged = store.event(&talk.id).unwrap().unwrap();
    assert_eq!(merged.price.as_deref(), Some("£15"));
    assert_eq!(
        merged.booking_url.as_deref(),
        Some("https://tickets.example/talk")
    );
    assert!(merged.description_html.contains("longer"));
    assert_eq!(merged.start, talk.start);
    assert_eq!(merged.start.unwrap().offset().seconds(), 3600);

    let now: Timestamp = "2026-07-14T19:30:00Z".parse().unwrap();
    let q = |when| EventQuery {
        when,
        ..EventQuery::default()
    };
    let ids = |v: Vec<Event>| v.into_iter().map(|e| e.uid).collect::<Vec<_>>();
    // 19:30 UTC is 20:30 London: the talk ends then, still upcoming.
    assert_eq!(
        ids(store.events_at(&q(EventWhen::Upcoming), now).unwrap()),
        ["talk@asiahouse.org", "sg@asiahouse.org"]
    );
    assert_eq!(
        ids(store
            .events_at(&q(EventWhen::Upcoming), now + 1.hour())
            .unwrap()),
        ["sg@asiahouse.org"]
    );
    assert_eq!(
        ids(store
            .events_at(&q(EventWhen::Past), now + 1.hour())
            .unwrap()),
        ["talk@asiahouse.org", "old@asiahouse.org"]
    );
    assert_eq!(store.events_at(&q(EventWhen::All), now).unwrap().len(), 3);
    let business = EventQuery {
        when: EventWhen::All,
        category: Some("business".into()),
        ..EventQuery::default()
    };
    assert_eq!(
        ids(store.events_at(&business, now).unwrap()),
        ["sg@asiahouse.org"]
    );
    let found = EventQuery {
        when: EventWhen::All,
        search: Some("论坛".into()),
        ..EventQuery::default()
    };
    assert_eq!(
        ids(store.events_at(&found, now).unwrap()),
        ["sg@asiahouse.org"]
    );
    let venue = EventQuery {
        when: EventWhen::All,
        search: Some("cavendish".into()),
        ..EventQuery::default()
    };
    assert_eq!(
        ids(store.events_at(&venue, now).unwrap()),
        ["talk@asiahouse.org"]
    );
    assert_eq!(store.event_categories().unwrap(), ["Business", "Talks"]);
    let cancelled = Event {
        status: EventStatus::Cancelled,
        ..sg
    };
    store.save_events(&ics, &[cancelled]).unwrap();
    let sg_id = newsroom::model::event_id("sg@asiahouse.org", None);
    assert_eq!(
        store.event(&sg_id).unwrap().unwrap().status,
        EventStatus::Cancelled
    );
    assert_eq!(store.sources().unwrap().len(), 2);
}

#[test]
fn sources_record_failures_and_not_modified() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    store
        .ensure_source("Asia House", &feed().url, SourceRole::Articles)
        .unwrap();
    assert_eq!(store.last_sync().unwrap(), None);
    store.save_articles(&feed(), &[article(1)]).unwrap();
    let t: Timestamp = "2026-07-15T08:00:00.5Z".parse().unwrap();
    store
        .record_failure(&feed().url, t, "HTTP 503\x1b[31m")
        .unwrap();
    let s = store.source(&feed().url).unwrap().unwrap();
    assert!(!s.last_error.unwrap().contains('\x1b'));
    assert_eq!(s.etag.as_deref(), Some("\"abc\""), "validators kept");
    assert_eq!(s.last_fetch, Some(t));
    assert_eq!(store.last_sync().unwrap(), feed().last_fetch);
    store
        .record_not_modified(&feed().url, t + 1.hour())
        .unwrap();
    let s = store.source(&feed().url).unwrap().unwrap();
    assert_eq!(s.last_error, None);
    assert_eq!(store.last_sync().unwrap(), Some(t + 1.hour()));
    let (role, _) = &store.sources().unwrap()[0];
    assert_eq!(*role, SourceRole::Articles);
}

#[test]
fn control_characters_never_reach_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let hostile = Article {
        title: "Title\x1b]52;c;ZXZpbA==\x07 with \u{202e}override\u{9b}".into(),
        author: Some("\x1b[2JAuthor".into()),
        ..article(1)
    };
    store.save_articles(&feed(), &[hostile]).unwrap();
    let a = store.article(&article(1).id).unwrap().unwrap().article;
    for s in [&a.title, a.author.as_ref().unwrap()] {
        assert!(
            !s.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{s:?}"
        );
    }
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
