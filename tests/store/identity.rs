//! Which row an item is: its key within its source, the same post through
//! two sources, and caches written before items had keys.

use super::*;

/// A podcast episode: its own guid, the show's home page as its link.
fn episode(n: usize) -> Article {
    Article {
        site: "Asia House".into(),
        guid: Some(format!("https://asiahouse.org/podcast/ep{n}.mp3")),
        url: "https://asiahouse.org/podcast/".into(),
        title: format!("Episode {n}"),
        published: Some(Timestamp::from_second(1_780_000_000 + n as i64 * 3600).unwrap()),
        summary: format!("What episode {n} is about"),
        ..Article::default()
    }
}

fn podcast() -> SourceState {
    source("https://asiahouse.org/feed/podcast/")
}

#[test]
fn items_of_one_source_sharing_a_link_are_each_an_article() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let items: Vec<Article> = (1..=4).map(episode).collect();
    let stats = store.save_articles(&podcast(), &items).unwrap();
    assert_eq!(stats.new, 4, "{stats:?}");
    let again = store.save_articles(&podcast(), &items).unwrap();
    assert_eq!((again.new, again.unchanged), (0, 4));
    assert_eq!(store.count_articles(&all(None)).unwrap(), 4);

    // Another source of the site carrying the show's page merges with one
    // of them at most, never folding the episodes together.
    let page = Article {
        guid: None,
        title: "The podcast".into(),
        ..episode(0)
    };
    store.save_articles(&rest(), &[page]).unwrap();
    assert_eq!(store.count_articles(&all(None)).unwrap(), 4);
    store.save_articles(&podcast(), &items).unwrap();
    assert_eq!(store.count_articles(&all(None)).unwrap(), 4);
}

#[test]
fn an_item_repeating_a_guid_with_other_words_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let mut repeat = episode(2);
    repeat.guid = episode(1).guid;
    repeat.title = "Episode 1, extended".into();
    let twice = episode(3);
    let items = vec![episode(1), repeat, twice.clone(), twice];
    // Twins too: they may differ in what is not read (their media).
    let stats = store.save_articles(&podcast(), &items).unwrap();
    assert_eq!(stats.new, 4, "{stats:?}");
    let again = store.save_articles(&podcast(), &items).unwrap();
    assert_eq!(again.new, 0, "{again:?}");
    assert_eq!(store.count_articles(&all(None)).unwrap(), 4);
}

#[test]
fn an_item_with_neither_guid_nor_link_is_known_by_its_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let note = |n: usize| Article {
        guid: None,
        url: String::new(),
        title: String::new(),
        published: None,
        ..episode(n)
    };
    let items = vec![note(1), note(2)];
    assert_eq!(store.save_articles(&podcast(), &items).unwrap().new, 2);
    assert_eq!(store.save_articles(&podcast(), &items).unwrap().new, 0);
    assert_eq!(store.count_articles(&all(None)).unwrap(), 2);
}

/// A cache written before items had keys holds one row for episodes that
/// shared a link, marked read. After the upgrade every episode is there, the
/// old row keeps its id and mark and goes to the episode it last was.
#[test]
fn a_cache_from_before_keys_keeps_its_ids_and_marks() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(&dir);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let old_id = article_id("https://asiahouse.org/podcast/");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        schema::migrate_to(&mut conn, "test", 5).unwrap();
        conn.execute(
            "INSERT INTO articles (num, id, site, url, canon, guid, title, summary,
                 read, saved, has_body, first_seen, sort_ts)
             VALUES (1, ?1, 'Asia House', 'https://asiahouse.org/podcast/',
                 'asiahouse.org/podcast', 'https://asiahouse.org/podcast/ep3.mp3',
                 'Episode 3', 'What episode 3 is about', 1, 1, 0, 100, 100)",
            [&old_id],
        )
        .unwrap();
        conn.execute("INSERT INTO bodies (num) VALUES (1)", [])
            .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let items: Vec<Article> = (1..=4).rev().map(episode).collect();
    let stats = store.save_articles(&podcast(), &items).unwrap();
    assert_eq!((stats.new, stats.unchanged + stats.updated), (3, 1));
    let kept = store.article(&old_id).unwrap().unwrap();
    assert_eq!(kept.article.title, "Episode 3");
    assert!(kept.read && kept.saved);
    assert_eq!(store.count_articles(&all(None)).unwrap(), 4);
    let again = store.save_articles(&podcast(), &items).unwrap();
    assert_eq!(again.new, 0);
    let first = |store: &Store| {
        store
            .articles(&all(None))
            .unwrap()
            .into_iter()
            .find(|r| r.title == "Episode 1")
            .unwrap()
    };
    store.set_read(&old_id, true).unwrap();
    // Alone in the feed, episode 1 would take the show's link as its id:
    // it keeps its own row and marks, not the old row's.
    store.save_articles(&podcast(), &[episode(1)]).unwrap();
    let one = first(&store);
    assert!(!one.read && !one.saved, "{one:?}");
    assert_ne!(one.id, old_id);
}

/// Rows the feed wrote before keys, which the REST source now meets first:
/// it claims them by guid, and the feed then finds them by link.
#[test]
fn a_cache_from_before_keys_still_merges_feed_and_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let items: Vec<Article> = (1..=3).map(article).collect();
    store.save_articles(&feed(), &items).unwrap();
    store
        .connection()
        .execute("DELETE FROM article_keys", [])
        .unwrap();
    let from_rest: Vec<Article> = (1..=3)
        .map(|n| Article {
            id: article_id(&format!("https://asiahouse.org/?p={n}")),
            url: format!("https://asiahouse.org/news/post-{n}"),
            guid: Some(format!("https://asiahouse.org/?p={n}&rest")),
            ..article(n)
        })
        .collect();
    assert_eq!(store.save_articles(&rest(), &from_rest).unwrap().new, 0);
    assert_eq!(store.save_articles(&feed(), &items).unwrap().new, 0);
    assert_eq!(store.count_articles(&all(None)).unwrap(), 3);
}

#[test]
fn rows_saved_without_settling_never_make_two_rows_of_one_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let rows: Vec<newsroom::store::ArticleRow> = [episode(1), episode(1)]
        .iter()
        .map(|a| newsroom::store::ArticleRow::prepare("Asia House", a))
        .collect();
    let stats = store.save_rows(&podcast(), &rows).unwrap();
    assert_eq!((stats.new, stats.unchanged), (1, 1));
    assert_eq!(store.count_articles(&all(None)).unwrap(), 1);
}

/// Some generators stamp the time into each guid: the same post with a new
/// guid at every fetch is still one article, while a podcast's new episode
/// that pushes an old one out of the feed is a new article.
#[test]
fn a_guid_that_changes_at_every_fetch_does_not_duplicate_the_post() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let stamped = |n: usize, fetch: usize| Article {
        guid: Some(format!("https://asiahouse.org/?p={n}&t={fetch}")),
        ..article(n)
    };
    for fetch in 0..3 {
        let items: Vec<Article> = (1..=3).map(|n| stamped(n, fetch)).collect();
        store.save_articles(&feed(), &items).unwrap();
    }
    assert_eq!(store.count_articles(&all(None)).unwrap(), 3);

    let window = |first: usize| -> Vec<Article> { (first..first + 4).map(episode).collect() };
    store.save_articles(&podcast(), &window(1)).unwrap();
    let stats = store.save_articles(&podcast(), &window(2)).unwrap();
    assert_eq!(stats.new, 1, "{stats:?}");
    assert_eq!(store.count_articles(&all(None)).unwrap(), 3 + 5);
}
