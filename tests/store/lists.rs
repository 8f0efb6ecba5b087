//! Pages of the list, filters, search in several scripts, index use.

use super::*;

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
                Article {
                    featured: Some(Image {
                        url: "https://asiahouse.org/lead.jpg".into(),
                        alt: Some("Junks in the harbour".into()),
                        caption: Some("Victoria Harbour at dusk".into()),
                        credit: Some("Photo: Reuters".into()),
                    }),
                    ..doc(7, "Lead picture", "<p>Text.</p>")
                },
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
    assert_eq!(titles(&store, " ?! ").len(), 7);
    // The lead picture's caption, credit and alt text.
    assert_eq!(titles(&store, "victoria"), ["Lead picture"]);
    assert_eq!(titles(&store, "reuters"), ["Lead picture"]);
    assert_eq!(titles(&store, "junks"), ["Lead picture"]);
    let q = ArticleQuery {
        search: Some("hanoi".into()),
        ..ArticleQuery::default()
    };
    assert_eq!(store.count_articles(&q).unwrap(), 2);
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

/// Thousands of typed queries made of FTS5's own syntax, quotes, scripts and
/// controls: none is ever an error.
#[test]
fn no_typed_search_is_ever_an_fts_error() {
    let mut store = Store::open_in_memory().unwrap();
    store.save_articles(&feed(), &[article(1)]).unwrap();
    let pieces = [
        "\"", "'", "*", "^", "-", "+", ":", "(", ")", "{", "}", "NEAR", "AND", "OR", "NOT",
        "title:", "col", " ", "\t", "\0", "\x1b", "中", "国", "ال", "é", "e\u{301}", "ß", "🙂",
        "post", "Post", "1", "\u{200b}", "\u{202e}", ",", ".", "/", "\\", "%", "_",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let len = (next() % 8) as usize;
        let query: String = (0..len)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        let q = ArticleQuery {
            search: Some(query.clone()),
            ..ArticleQuery::default()
        };
        store
            .articles(&q)
            .unwrap_or_else(|e| panic!("{query:?}: {e}"));
        store
            .count_articles(&q)
            .unwrap_or_else(|e| panic!("{query:?}: {e}"));
    }
}
