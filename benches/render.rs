//! Rendering a 1 MB article at the reader's default width: the whole of it,
//! and the first part the reader shows at once.

#[path = "support/synth.rs"]
mod synth;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jiff::tz::TimeZone;
use newsroom::render::article::{Layout, render_article};

fn render(c: &mut Criterion) {
    let article = synth::article(1, 1 << 20);
    let bytes = article.content_html.as_ref().map_or(0, String::len);
    let mut g = c.benchmark_group("render");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("article_1mb_width_90", |b| {
        b.iter(|| render_article(black_box(&article), 90))
    });
    // What the reader lays out before its first frame; the rest follows
    // between keys.
    let tz = TimeZone::UTC;
    g.bench_function("article_1mb_first_screen_width_90", |b| {
        b.iter(|| Layout::start(black_box(&article), 90, &tz))
    });
    let small = synth::article(2, 6000);
    g.throughput(Throughput::Bytes(
        small.content_html.as_ref().map_or(0, String::len) as u64,
    ));
    g.sample_size(50);
    g.bench_function("article_6kb_width_90", |b| {
        b.iter(|| render_article(black_box(&small), 90))
    });
    g.finish();
}

/// A hostile body of `<div/>`s, which HTML parsers nest: the time per byte
/// should stay flat from 100 KB to 1 MB.
fn self_closing(c: &mut Criterion) {
    let mut g = c.benchmark_group("self_closing_divs");
    g.sample_size(10);
    for kib in [100usize, 300, 1000] {
        let mut article = synth::article(3, 0);
        article.content_html = Some("<div/>x".repeat(kib * 1024 / 7));
        g.throughput(Throughput::Bytes((kib * 1024) as u64));
        g.bench_function(format!("render_{kib}kb"), |b| {
            b.iter(|| render_article(black_box(&article), 90))
        });
    }
    g.finish();
}

/// Two-column tables each nested in the last one's cell: past a few levels
/// they are laid out as text, so the time per byte should stay flat from
/// 100 KB to 1 MB.
fn nested_tables(c: &mut Criterion) {
    let mut g = c.benchmark_group("nested_tables");
    g.sample_size(10);
    let level = "<table class=\"wp-block-table\"><tbody><tr><td>Level</td><td>";
    let close = "</td></tr></tbody></table>";
    for kib in [100usize, 300, 1000] {
        let n = kib * 1024 / (level.len() + close.len());
        let mut article = synth::article(4, 0);
        article.content_html = Some(format!("{}cell{}", level.repeat(n), close.repeat(n)));
        g.throughput(Throughput::Bytes((kib * 1024) as u64));
        g.bench_function(format!("render_{kib}kb"), |b| {
            b.iter(|| render_article(black_box(&article), 90))
        });
    }
    g.finish();
}

criterion_group!(benches, render, self_closing, nested_tables);
criterion_main!(benches);
