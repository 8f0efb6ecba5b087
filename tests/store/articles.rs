//! Upserts, merges, marks, sources and pruning.

use super::*;

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
    // More bytes of markup, fewer words: still an excerpt.
    let padded = Article {
        content_html: Some(format!(
            "<div class=\"{}\"><p>The first lines&#8230;</p><p>The post appeared first on Asia House.</p></div>",
            "wp-block-group ".repeat(20)
        )),
        ..excerpt.clone()
    };
    store
        .save_articles(&feed(), std::slice::from_ref(&padded))
        .unwrap();
    let a = store.article(&excerpt.id).unwrap().unwrap();
    assert!(a.full_text_fetched);
    assert_eq!(a.article.content_html.as_deref(), Some(page));
    assert_eq!(a.article.images, pictures);
    assert!(titles(&store, "market").contains(&excerpt.title));
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
    assert_eq!(titles(&store, "number").len(), 4, "the index follows");
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
fn the_picture_budget_evicts_the_oldest_articles_pictures_whenever_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db_path(&dir)).unwrap();
    let items = [article(1), article(2), article(3)];
    store.save_articles(&feed(), &items).unwrap();
    store
        .connection()
        .execute("UPDATE articles SET images_cached = 1", [])
        .unwrap();
    let ts = |a: &Article| a.published.unwrap().as_second();
    // Fetched newest first, as the prefetch does: fetch time says nothing
    // of which article is old.
    for (url, a) in [("new", &items[2]), ("mid", &items[1]), ("old", &items[0])] {
        store
            .save_image_for(url, "image/gif", &[7u8; 1000], ts(a))
            .unwrap();
    }
    let stats = store.prune(90, 2000, Timestamp::now()).unwrap();
    assert_eq!((stats.images, stats.image_bytes), (1, 1000));
    assert!(!store.has_image("old").unwrap());
    assert!(store.has_image("mid").unwrap() && store.has_image("new").unwrap());
    let cached = |a: &Article| -> i64 {
        store
            .connection()
            .query_row(
                "SELECT images_cached FROM articles WHERE id = ?1",
                [&a.id],
                |r| r.get(0),
            )
            .unwrap()
    };
    // The oldest article is past the budget: not given its picture again.
    assert_eq!(
        [cached(&items[0]), cached(&items[1]), cached(&items[2])],
        [2, 1, 1]
    );
    assert!(store.image_candidates(10).unwrap().is_empty());
}
