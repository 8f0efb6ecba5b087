//! Parsing speed: a WordPress RSS feed of about 2 MB (reported in MB/s) and
//! an iCalendar export of 1,000 events with some RRULEs.

#[path = "support/synth.rs"]
mod synth;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsroom::parse::{parse_articles, parse_events};

fn feed(c: &mut Criterion) {
    let xml = synth::rss(240);
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(xml.len() as u64));
    g.sample_size(20);
    g.bench_function("rss_wordpress_2mb", |b| {
        b.iter(|| {
            let batch = parse_articles(
                black_box(xml.as_bytes()),
                Some("application/rss+xml"),
                synth::ORIGIN,
                synth::SITE,
            )
            .expect("the feed parses");
            assert_eq!(batch.articles.len(), 240);
            batch
        })
    });
    let ics = synth::ics(1000);
    g.throughput(Throughput::Bytes(ics.len() as u64));
    g.bench_function("icalendar_1000_events", |b| {
        b.iter(|| {
            parse_events(
                black_box(ics.as_bytes()),
                Some("text/calendar"),
                synth::ORIGIN,
                synth::SITE,
            )
            .expect("the calendar parses")
        })
    });
    g.finish();
}

criterion_group!(benches, feed);
criterion_main!(benches);
