//! An article laid out as styled lines: title, byline, captioned images, numbered links.

use std::collections::HashMap;
use std::ops::Range;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::blocks::picture_lines;
use super::body::render_body;
use super::figure::{Picture, meaningful};
use super::html_prep::{prepare, prepare_after, prepare_numbered};
use super::parts;
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
    let (mut rendered, rest) = Layout::start(article, width, tz);
    if let Some(mut rest) = rest {
        rest.finish_all(article, tz, &mut rendered);
    }
    rendered
}

/// Bodies longer than twice this are laid out in parts of about this size:
/// a part takes a couple of milliseconds, so the first screen of a
/// megabyte article shows at once and the rest follows.
const PART_BYTES: usize = 24 * 1024;

/// The rest of an article being laid out a part at a time. `start` lays out
/// the head and the body's first part; each `step` appends the next part
/// to the lines, and the last also puts in the Links list and the exact
/// reading time. The lines when done are the same as one layout's. Each
/// step is given the article `start` was given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    width: usize,
    parts: Vec<Range<usize>>,
    /// The next part to lay out.
    next: usize,
    /// Words of the body laid out so far.
    words: usize,
    /// Where the meta line and the featured picture are, to be drawn again
    /// when the whole body is known.
    meta: Range<usize>,
    featured: Range<usize>,
    /// The body's words for the featured picture, once a part gave them.
    featured_words: Option<Picture>,
    featured_drawn_with_words: bool,
    /// The numbers of the links so far, by URL.
    link_ids: HashMap<String, usize>,
}

impl Layout {
    /// The head and the body up to its first words; `None` for the rest when
    /// that was the whole article.
    pub fn start(article: &Article, width: usize, tz: &TimeZone) -> (Rendered, Option<Layout>) {
        Self::start_in_parts(article, width, tz, PART_BYTES)
    }

    fn start_in_parts(
        article: &Article,
        width: usize,
        tz: &TimeZone,
        part_bytes: usize,
    ) -> (Rendered, Option<Layout>) {
        let width = width.max(MIN_WIDTH);
        let html = article.content_html.as_deref().unwrap_or("");
        let mut layout = Layout {
            width,
            parts: parts::split(html, part_bytes),
            ..Layout::default()
        };
        let mut links = Vec::new();
        let mut body = Vec::new();
        let mut title_checked = false;
        while layout.next < layout.parts.len() {
            let lines = layout.part(article, &mut links);
            join(&mut body, lines);
            if !title_checked && !is_empty(&body) {
                drop_repeated_title(&mut body, &article.title);
                title_checked = true;
            }
            if !is_empty(&body) {
                break;
            }
        }
        let done = layout.next >= layout.parts.len();
        let body_empty = is_empty(&body);

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
        layout.words = count_words(&text);
        // Until the rest is laid out, the reading time is the first part's
        // words scaled to the whole body.
        let laid = layout.parts[..layout.next]
            .last()
            .map_or(html.len(), |r| r.end)
            .max(1);
        let words = if done {
            layout.words
        } else {
            layout.words * html.len() / laid
        };

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
        let meta_at = lines.len();
        lines.extend(meta_lines(article, words, tz, width));
        layout.meta = meta_at..lines.len();
        lines.push(StyledLine::default());

        // Links numbered in a body that shows nothing are referred to nowhere.
        if body_empty
            && article.featured.as_ref().is_none_or(|f| {
                featured_picture(f, layout.featured_words.clone())
                    .word_links
                    .is_empty()
            })
        {
            links.clear();
        }
        let featured_at = lines.len();
        if let Some(f) = &article.featured {
            let picture = featured_picture(f, layout.featured_words.clone());
            lines.extend(picture_lines(&picture, width));
            lines.push(StyledLine::default());
        }
        layout.featured = featured_at..lines.len();
        layout.featured_drawn_with_words = layout.featured_words.is_some();
        lines.extend(text);
        let mut rendered = Rendered {
            lines,
            links,
            minutes: reading_minutes(words),
        };
        if done {
            rendered.lines.extend(links_section(&rendered.links, width));
            return (rendered, None);
        }
        (rendered, Some(layout))
    }

    /// Lays out the next part onto `out`; false once the article is whole.
    pub fn step(&mut self, article: &Article, tz: &TimeZone, out: &mut Rendered) -> bool {
        if self.next < self.parts.len() {
            let lines = self.part(article, &mut out.links);
            self.words += count_words(&lines);
            join(&mut out.lines, lines);
        }
        if self.next < self.parts.len() {
            return true;
        }
        self.finish(article, tz, out);
        false
    }

    /// Lays out all that is left onto `out`.
    pub fn finish_all(&mut self, article: &Article, tz: &TimeZone, out: &mut Rendered) {
        while self.step(article, tz, out) {}
    }

    fn finish(&mut self, article: &Article, tz: &TimeZone, out: &mut Rendered) {
        if let Some(f) = &article.featured
            && self.featured_words.is_some()
            && !self.featured_drawn_with_words
        {
            let mut lines =
                picture_lines(&featured_picture(f, self.featured_words.take()), self.width);
            lines.push(StyledLine::default());
            out.lines.splice(self.featured.clone(), lines);
        }
        let meta = meta_lines(article, self.words, tz, self.width);
        out.lines.splice(self.meta.clone(), meta);
        out.minutes = reading_minutes(self.words);
        out.lines.extend(links_section(&out.links, self.width));
    }

    /// The body lines of the next part, its links numbered after `links`.
    fn part(&mut self, article: &Article, links: &mut Vec<String>) -> Vec<StyledLine> {
        let range = self.parts[self.next].clone();
        self.next += 1;
        let html = article.content_html.as_deref().unwrap_or("");
        let mut prep = prepare_numbered(
            html.get(range).unwrap_or_default(),
            &article.url,
            article.featured.as_ref(),
            &article.images,
            std::mem::take(links),
            std::mem::take(&mut self.link_ids),
        );
        let lines = render_body(&prep, self.width);
        *links = std::mem::take(&mut prep.links);
        self.link_ids = std::mem::take(&mut prep.link_ids);
        if self.featured_words.is_none() {
            self.featured_words = prep.featured_words;
        }
        lines
    }
}

/// Nothing to show: no picture, no words.
fn is_empty(lines: &[StyledLine]) -> bool {
    lines
        .iter()
        .all(|l| l.image.is_none() && l.spans.iter().all(|s| s.text.trim().is_empty()))
}

/// Appends a part's lines, one blank line after the part before, as the
/// blocks of one layout are spaced.
fn join(body: &mut Vec<StyledLine>, lines: Vec<StyledLine>) {
    if is_empty(&lines) {
        return;
    }
    if !body.is_empty() {
        body.push(StyledLine::default());
    }
    body.extend(lines);
}

fn count_words(lines: &[StyledLine]) -> usize {
    lines
        .iter()
        .flat_map(|l| l.spans.iter())
        .filter(|s| !matches!(s.role, Role::ImageFrame | Role::TableBorder))
        .map(|s| s.text.split_whitespace().count())
        .sum()
}

fn meta_lines(article: &Article, words: usize, tz: &TimeZone, width: usize) -> Vec<StyledLine> {
    wrap_words(&meta_line(article, words, tz), width)
        .into_iter()
        .map(|l| one(Span::new(l, Role::Meta)))
        .collect()
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
    let prep = prepare_after(html, base_url, None, &[], std::mem::take(links));
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
pub(super) fn featured_picture(f: &Image, body: Option<Picture>) -> Picture {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn long_article(featured_late: bool) -> Article {
        let mut body = String::from("<h1>The Long Read</h1>");
        for i in 0..120 {
            body.push_str(&format!(
                "<p>Paragraph {i} about the <a href=\"https://example.org/p{}\">harbour</a> and \
                 the <em>market</em>, with &#8220;quotes&#8221; &amp; more words to wrap.</p>",
                i % 7
            ));
            match i % 6 {
                0 => body.push_str(&format!("<h2>Section {i}</h2>")),
                1 => body.push_str(
                    "<ul><li>one <a href=\"https://example.org/list\">item</a><li>two</ul>",
                ),
                2 => body.push_str(&format!(
                    "<figure class=\"wp-block-image\"><img src=\"/up/p{i}.jpg\" alt=\"Pier {i}\">\
                     <figcaption>The pier, {i}. <a href=\"https://example.org/credit\">AFP</a></figcaption></figure>"
                )),
                3 => body.push_str("<blockquote><p>A quote.</p><cite>Someone</cite></blockquote>"),
                4 => body.push_str("<table><tr><th>A<th>B<tr><td>1<td>2</table>"),
                _ => body.push_str("<pre>  code\n    indented</pre><hr>"),
            }
            if featured_late && i == 90 {
                body.push_str(
                    "<figure><img src=\"https://example.org/up/lead.jpg\" alt=\"Lead\">\
                     <figcaption>The lead picture, late.</figcaption></figure>",
                );
            }
        }
        Article {
            id: "x".into(),
            site: "Example".into(),
            url: "https://example.org/2026/long-read/".into(),
            title: "The Long Read".into(),
            author: Some("A. Writer".into()),
            content_html: Some(body),
            featured: Some(Image {
                url: "https://example.org/up/lead.jpg".into(),
                alt: None,
                caption: None,
                credit: None,
            }),
            ..Article::default()
        }
    }

    #[test]
    fn laid_out_in_parts_it_is_the_same_as_laid_out_whole() {
        let tz = TimeZone::UTC;
        for featured_late in [false, true] {
            let article = long_article(featured_late);
            for width in [40, 90] {
                let (whole, rest) = Layout::start_in_parts(&article, width, &tz, usize::MAX);
                assert!(rest.is_none());
                let (mut parted, rest) = Layout::start_in_parts(&article, width, &tz, 1500);
                let mut rest = rest.expect("a long body is laid out in parts");
                let first = parted.lines.len();
                let mut steps = 0;
                while rest.step(&article, &tz, &mut parted) {
                    steps += 1;
                }
                assert!(steps > 10, "{steps} parts");
                assert!(first < whole.lines.len() / 10, "{first} lines first");
                let (a, b) = (parted.to_plain(), whole.to_plain());
                let diff = a.lines().zip(b.lines()).position(|(x, y)| x != y);
                if let Some(at) = diff {
                    let show = |s: &str| {
                        s.lines()
                            .skip(at.saturating_sub(2))
                            .take(5)
                            .collect::<Vec<_>>()
                            .join("\n")
                    };
                    panic!(
                        "width {width}, line {at}:\n{}\n--- whole:\n{}",
                        show(&a),
                        show(&b)
                    );
                }
                assert_eq!(a.lines().count(), b.lines().count());
                assert!(parted == whole, "the same text, styled otherwise");
                assert!(whole.to_plain().contains("The lead picture, late.") == featured_late);
            }
        }
    }
}
