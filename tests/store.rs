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

// The tests, by subject, in tests/store/.
#[path = "store/articles.rs"]
mod articles;
#[path = "store/events.rs"]
mod events;
#[path = "store/identity.rs"]
mod identity;
#[path = "store/lists.rs"]
mod lists;
#[path = "store/opening.rs"]
mod opening;
#[path = "store/recovery.rs"]
mod recovery;
