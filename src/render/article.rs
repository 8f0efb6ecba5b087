//! An article laid out as styled lines: title, byline, captioned images, numbered links.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::blocks::picture_lines;
use super::body::render_body;
use super::figure::{Picture, meaningful};
use super::html_prep::prepare;
use super::sanitize::clean_line;
use super::text::{Rendered, Role, Span, StyledLine};
use super::wrap::{str_width, wrap_words};
use crate::model::{Article, Image};

/// Narrower than this, nothing reads well; layouts are made at least this
/// wide.
pub const MIN_WIDTH: usize = 16;

/// Reading speed behind "N min read", in words per minute.
const WORDS_PER_MINUTE: usize = 220;

/// The article as the reader shows it, dates in the local time zone.
pub fn render_article(article: &Article, width: usize) -> Rendered {
    render_article_in(article, width, &TimeZone::system())
}

/// What `newsroom read` prints: the same lines as plain text.
pub fn render_article_plain(article: &Article, width: usize) -> String {
    render_article(article, width).to_plain()
}

/// `render_article` with dates shown in `tz`.
pub fn render_article_in(article: &Article, width: usize, tz: &TimeZone) -> Rendered {
    let width = width.max(MIN_WIDTH);
    let html = article.content_html.as_deref().unwrap_or("");
    let prep = prepare(
        html,
        &article.url,
        article.featured.as_ref(),
        &article.images,
    );
    let mut body = render_body(&prep, width);
    drop_repeated_title(&mut body, &article.title);
    let body_empty = body
        .iter()
        .all(|l| l.image.is_none() && l.spans.iter().all(|s| s.text.trim().is_empty()));

    let mut text: Vec<StyledLine> = Vec::new();
    if body_empty {
        if article.content_html.is_none() {
            text.push(one(Span::new(
                "Full text not cached — summary only",
                Role::Meta,
            )));
            text.push(StyledLine::default());
        }
        text.extend(summary_lines(&article.summary, width));
    } else {
        text.extend(body);
    }

    let mut lines = Vec::with_capacity(text.len() + 16);
    let title = clean_line(&article.title);
    let title = if title.is_empty() {
        "(untitled)".to_string()
    } else {
        title
    };
    for l in wrap_words(&title, width) {
        lines.push(one(Span {
            bold: true,
            ..Span::new(l, Role::Title)
        }));
    }
    let words: usize = text
        .iter()
        .flat_map(|l| l.spans.iter())
        .filter(|s| !matches!(s.role, Role::ImageFrame | Role::TableBorder))
        .map(|s| s.text.split_whitespace().count())
        .sum();
    let meta = meta_line(article, words, tz);
    for l in wrap_words(&meta, width) {
        lines.push(one(Span::new(l, Role::Meta)));
    }
    lines.push(StyledLine::default());

    let mut links = prep.links;
    let featured = article
        .featured
        .as_ref()
        .map(|f| featured_picture(f, prep.featured_words));
    // Links numbered in a body that shows nothing are referred to nowhere.
    if body_empty && featured.as_ref().is_none_or(|f| f.word_links.is_empty()) {
        links.clear();
    }
    if let Some(f) = &featured {
        lines.extend(picture_lines(f, width));
        lines.push(StyledLine::default());
    }
    lines.extend(text);
    lines.extend(links_section(&links, width));
    Rendered {
        lines,
        links,
        minutes: reading_minutes(words),
    }
}

/// HTML that is not a whole article (an event's description) laid out the
/// same way: pictures with captions, `[n]` after links. The lines hold no
/// Links list; add one with `links_section`.
pub fn render_html(html: &str, base_url: &str, width: usize) -> Rendered {
    let width = width.max(MIN_WIDTH);
    let prep = prepare(html, base_url, None, &[]);
    Rendered {
        lines: render_body(&prep, width),
        links: prep.links,
        minutes: 0,
    }
}

/// Body lines for HTML that follows other numbered links (an event's
/// booking link and page before its description): numbering continues after
/// `links`, a link seen before keeps its number, new ones are appended.
pub fn render_html_after(
    html: &str,
    base_url: &str,
    width: usize,
    links: &mut Vec<String>,
) -> Vec<StyledLine> {
    let width = width.max(MIN_WIDTH);
    let prep =
        crate::render::html_prep::prepare_after(html, base_url, None, &[], std::mem::take(links));
    let lines = render_body(&prep, width);
    *links = prep.links;
    lines
}

/// A blank line, "Links", then `[n] address` for each; nothing when there
/// are no links.
pub fn links_section(links: &[String], width: usize) -> Vec<StyledLine> {
    if links.is_empty() {
        return Vec::new();
    }
    let width = width.max(MIN_WIDTH);
    let mut lines = vec![
        StyledLine::default(),
        one(Span::new("Links", Role::Heading(2))),
    ];
    for (i, url) in links.iter().enumerate() {
        lines.extend(link_lines(i, url, width));
    }
    lines
}

/// Bodies taken from a page often open with the title again as a heading.
fn drop_repeated_title(body: &mut Vec<StyledLine>, title: &str) {
    let is_heading = |l: &StyledLine| {
        l.spans
            .iter()
            .any(|s| matches!(s.role, Role::Heading(_)) && !s.text.trim().is_empty())
    };
    let n = body.iter().take_while(|l| is_heading(l)).count();
    if n == 0 {
        return;
    }
    let heading: Vec<String> = body[..n].iter().map(StyledLine::plain).collect();
    if clean_line(&heading.join(" ")).to_lowercase() == clean_line(title).to_lowercase() {
        body.drain(..n);
        let blanks = body
            .iter()
            .take_while(|l| l.plain().trim().is_empty())
            .count();
        body.drain(..blanks);
    }
}

fn one(span: Span) -> StyledLine {
    StyledLine {
        spans: vec![span],
        image: None,
    }
}

fn reading_minutes(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}

/// "Jane Doe · Asia House · Tuesday 14 July 2026 · 4 min read"
fn meta_line(article: &Article, words: usize, tz: &TimeZone) -> String {
    let mut parts = Vec::new();
    if let Some(a) = article.author.as_deref().map(clean_line)
        && !a.is_empty()
    {
        parts.push(a);
    }
    let site = clean_line(&article.site);
    if !site.is_empty() {
        parts.push(site);
    }
    if let Some(ts) = article.published.or(article.updated) {
        parts.push(long_date(ts, tz));
    }
    parts.push(format!("{} min read", reading_minutes(words)));
    parts.join(" · ")
}

/// "Tuesday 14 July 2026"
pub fn long_date(ts: Timestamp, tz: &TimeZone) -> String {
    ts.to_zoned(tz.clone()).strftime("%A %-d %B %Y").to_string()
}

/// The featured image with the words the body gave it when the feed gave
/// none.
fn featured_picture(f: &Image, body: Option<Picture>) -> Picture {
    let clean = |s: &Option<String>| s.as_deref().map(clean_line).filter(|s| meaningful(s));
    let body = body.unwrap_or_default();
    let caption = clean(&f.caption);
    let credit = f
        .credit
        .as_deref()
        .map(clean_line)
        .filter(|c| !c.is_empty());
    // Links written into the body's words count only where those words show.
    let word_links = if caption.is_none() || credit.is_none() {
        body.word_links
    } else {
        Vec::new()
    };
    Picture {
        url: Some(f.url.clone()).filter(|u| !u.trim().is_empty()),
        alt: clean(&f.alt).or(body.alt),
        caption: caption.or(body.caption),
        credit: credit.or(body.credit),
        link: body.link,
        word_links,
    }
}

fn summary_lines(summary: &str, width: usize) -> Vec<StyledLine> {
    let mut out = Vec::new();
    for para in summary.split("\n\n") {
        let para = clean_line(para);
        if para.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(StyledLine::default());
        }
        for l in wrap_words(&para, width) {
            out.push(one(Span::new(l, Role::Body)));
        }
    }
    out
}

/// `[3] https://…`, a long address broken across lines under itself.
fn link_lines(i: usize, url: &str, width: usize) -> Vec<StyledLine> {
    let marker = format!("[{}] ", i + 1);
    let indent = str_width(&marker);
    let url = clean_line(url);
    let link_span = |t: String| Span {
        link: Some(i),
        ..Span::new(t, Role::Link)
    };
    wrap_words(&url, width.saturating_sub(indent).max(8))
        .into_iter()
        .enumerate()
        .map(|(n, part)| {
            let lead = if n == 0 {
                marker.clone()
            } else {
                " ".repeat(indent)
            };
            StyledLine {
                spans: vec![link_span(lead), link_span(part)],
                image: None,
            }
        })
        .collect()
}
