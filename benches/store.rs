//! The cache at 100,000 articles: one screen of the list (50 rows) at the
//! top and deep in the list, the count the status line shows, a full-text
//! search, opening one article, and opening the cache cold with its first
//! page (what start-up pays).

#[path = "support/synth.rs"]
mod synth;

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use newsroom::model::SourceState;
use newsroom::store::{ArticleQuery, Store};

const ARTICLES: usize = 100_000;
const SOURCES: usize = 50;
const SCREEN: usize = 50;

/// Fill a cache the way a sync does: one transaction per source.
fn build(path: &Path) {
    let started = Instant::now();
    let mut store = Store::open(path).expect("the cache opens");
    let per = ARTICLES / SOURCES;
    for s in 0..SOURCES {
        let source = SourceState {
            site: synth::SITE.into(),
            url: format!("{}/category/desk-{s:02}/feed/", synth::ORIGIN),
            etag: Some(format!("\"{s:x}\"")),
            ..Default::default()
        };
        // Interleave sources in time, as desks of one site publish.
        let batch: Vec<_> = (0..per)
            .map(|i| synth::article(i * SOURCES + s, 600))
            .collect();
        store
            .save_articles(&source, &batch)
            .expect("the articles are stored");
    }
    eprintln!(
        "built a {ARTICLES}-article cache in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

fn page(offset: usize) -> ArticleQuery {
    ArticleQuery {
        offset,
        limit: SCREEN,
        ..Default::default()
    }
}

fn store(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("cache.sqlite");
    build(&path);
    let store = Store::open(&path).expect("the cache opens");
    let first = store.articles(&page(0)).expect("a page");
    assert_eq!(first.len(), SCREEN, "the cache holds the articles");

    let mut g = c.benchmark_group("store_100k");
    g.bench_function("list_page_top_50", |b| {
        b.iter(|| store.articles(black_box(&page(0))).expect("a page"))
    });
    g.bench_function("list_page_at_50000", |b| {
        b.iter(|| store.articles(black_box(&page(50_000))).expect("a page"))
    });
    let unread = ArticleQuery {
        site: Some(synth::SITE.into()),
        unread_only: true,
        ..page(0)
    };
    g.bench_function("list_page_site_unread", |b| {
        b.iter(|| store.articles(black_box(&unread)).expect("a page"))
    });
    let all = ArticleQuery::default();
    g.bench_function("count_all", |b| {
        b.iter(|| store.count_articles(black_box(&all)).expect("a count"))
    });
    // Search terms of three frequencies: a word in nearly every article, a
    // middling one, a rare one; each the first page of ranked results.
    for (what, terms) in [
        ("search_common_word", "harbour".to_string()),
        ("search_middling_word", synth::word_of_rank(300)),
        (
            "search_rare_two_words",
            format!("{} {}", synth::word_of_rank(4000), synth::word_of_rank(20)),
        ),
    ] {
        let q = ArticleQuery {
            search: Some(terms.clone()),
            ..page(0)
        };
        let hits = store.count_articles(&q).expect("a count");
        eprintln!("{what}: {terms:?} matches {hits} articles");
        g.bench_function(what, |b| {
            b.iter(|| store.articles(black_box(&q)).expect("results"))
        });
    }
    let id = first[0].id.clone();
    g.bench_function("open_article", |b| {
        b.iter(|| store.article(black_box(&id)).expect("an article"))
    });
    g.bench_function("open_cache_and_first_page", |b| {
        b.iter(|| {
            let s = Store::open(black_box(&path)).expect("the cache opens");
            s.articles(&page(0)).expect("a page")
        })
    });
    g.finish();
}

/// What one source costs the store in a cold sync: 200 new articles of
/// 4-8 KB bodies written (rows, bodies, search index) in one transaction.
fn save(c: &mut Criterion) {
    let batch: Vec<_> = (0..200)
        .map(|i| synth::article(i, 4000 + (i * 97) % 4000))
        .collect();
    let bytes: usize = batch
        .iter()
        .map(|a| a.content_html.as_ref().map_or(0, String::len))
        .sum();
    let source = SourceState {
        site: synth::SITE.into(),
        url: format!("{}/feed/", synth::ORIGIN),
        ..Default::default()
    };
    let mut g = c.benchmark_group("store_save");
    g.throughput(criterion::Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("source_of_200_new_articles", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("a temp dir");
                let store = Store::open(&dir.path().join("cache.sqlite")).expect("the cache opens");
                (dir, store)
            },
            |(dir, mut store)| {
                store
                    .save_articles(&source, black_box(&batch))
                    .expect("stored");
                (dir, store)
            },
            criterion::BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = store, save
}
criterion_main!(benches);
