//! An e-book of 1,000 cached articles with their pictures: how long
//! `export-epub` takes, and how the book's size compares with the
//! pictures' own bytes plus the text (the aim: under 5 s, within 10 %).
//! Run by hand: `cargo bench --bench epub`. It prints figures and asserts
//! nothing; timings never decide whether a build passes.

#[path = "support/synth.rs"]
mod synth;

use std::time::Instant;

use newsroom::epub::{Options, export};
use newsroom::model::SourceState;
use newsroom::store::{ArticleQuery, Store};

const ARTICLES: usize = 1_000;

/// A picture's worth of bytes that do not compress, as a JPEG's do not,
/// behind a JPEG's signature.
fn photo(n: usize, len: usize) -> Vec<u8> {
    let mut x = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut out = vec![0xff, 0xd8, 0xff, 0xe0];
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The addresses the body's `<img src>` name.
fn body_pictures(html: &str) -> Vec<String> {
    html.split("<img ")
        .skip(1)
        .filter_map(|tag| {
            let at = tag.find(" src=\"")? + 6;
            let end = tag[at..].find('"')?;
            Some(tag[at..at + end].to_string())
        })
        .collect()
}

fn main() {
    let dir = tempfile::tempdir().expect("a scratch dir");
    let db = dir.path().join("newsroom.db");
    let mut store = Store::open(&db).expect("the cache opens");
    let source = SourceState {
        site: synth::SITE.into(),
        url: format!("{}/feed/", synth::ORIGIN),
        ..Default::default()
    };
    let articles: Vec<_> = (0..ARTICLES).map(|n| synth::article(n, 6_000)).collect();
    store
        .save_articles(&source, &articles)
        .expect("the articles are stored");
    let (mut picture_bytes, mut text_bytes, mut pictures) = (0u64, 0u64, 0usize);
    for (n, a) in articles.iter().enumerate() {
        text_bytes += (a.title.len() + a.content_html.as_deref().map_or(0, str::len)) as u64;
        let mut urls: Vec<String> = a.featured.iter().map(|f| f.url.clone()).collect();
        urls.extend(body_pictures(a.content_html.as_deref().unwrap_or("")));
        for (k, url) in urls.iter().enumerate() {
            let bytes = photo(n * 16 + k, 40_000 + (n * 7919 + k * 104_729) % 80_000);
            picture_bytes += bytes.len() as u64;
            pictures += 1;
            store
                .save_image(url, "image/jpeg", &bytes)
                .expect("the picture is stored");
        }
    }
    let out = dir.path().join("news.epub");
    let opts = Options {
        articles: ArticleQuery {
            limit: usize::MAX,
            ..ArticleQuery::default()
        },
        events: false,
    };
    let mut times = Vec::new();
    let mut summary = None;
    for _ in 0..3 {
        let started = Instant::now();
        summary = Some(export(&store, &opts, &out).expect("the book is written"));
        times.push(started.elapsed().as_secs_f64());
    }
    let summary = summary.expect("one run");
    times.sort_by(f64::total_cmp);
    let budget = picture_bytes + text_bytes;
    println!(
        "epub: {} articles, {} pictures ({} stored in the book)",
        summary.articles, pictures, summary.pictures
    );
    println!(
        "epub: {:.2} s median of {} runs (best {:.2} s)",
        times[times.len() / 2],
        times.len(),
        times[0]
    );
    println!(
        "epub: book {} bytes; pictures {} + text {} = {} bytes; book is {:+.1} % of that",
        summary.bytes,
        picture_bytes,
        text_bytes,
        budget,
        (summary.bytes as f64 / budget as f64 - 1.0) * 100.0
    );
}
