//! Full text from an article's own page, for feed items that carry only an
//! excerpt.
//!
//! Two sources are weighed: the page's schema.org JSON-LD (`articleBody`,
//! plus headline, author and date, also inside a Yoast `@graph`) and the main
//! content found by structure once the site's chrome is cut away. The
//! structural body wins when it holds about as much text as `articleBody`,
//! because it keeps the figures and their captions that JSON-LD flattens;
//! a whole `articleBody` wins over a structural guess that came up short.

use jiff::Timestamp;
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashSet;
use std::sync::LazyLock;
use url::Url;

use crate::model::{Article, Image};
use crate::parse::articles::markup::escape_text;
use crate::parse::html::{decode_entities, plain_text, prepare_body};
use crate::parse::images::body_images;

/// Pages larger than this are not read.
pub const MAX_PAGE_BYTES: usize = 5 * 1024 * 1024;
/// Less text than this is not an article body.
const MIN_BODY_CHARS: usize = 200;

/// The body of an article page and what the page says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractedPage {
    /// The body as HTML, URLs absolute, chrome removed, figures kept.
    pub content_html: String,
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<Timestamp>,
    /// The body's pictures, in document order.
    pub images: Vec<Image>,
}

impl ExtractedPage {
    /// Put the page's body into an article whose feed gave only an excerpt:
    /// the body and its pictures replace the excerpt's; title, author, date
    /// and summary only fill gaps (the feed's are the publisher's own).
    pub fn apply_to(self, article: &mut Article) {
        if article.summary.is_empty() {
            article.summary = crate::parse::html::summary(&self.content_html);
        }
        article.content_html = Some(self.content_html);
        article.images = self.images;
        if article.title.is_empty()
            && let Some(t) = self.title
        {
            article.title = t;
        }
        if article.author.is_none() {
            article.author = self.author;
        }
        if article.published.is_none() {
            article.published = self.published;
        }
    }
}

/// Extract the article from a page. None for non-HTML, huge, mostly-script
/// pages or pages with no body to find.
pub fn extract_article(html: &str, page_url: &str) -> Option<ExtractedPage> {
    if html.len() > MAX_PAGE_BYTES || !is_html(html) {
        return None;
    }
    let base = Url::parse(page_url).ok();
    let mut doc = crate::parse::dom::parse_document(html);
    let meta = crate::parse::articles::page_meta::read(&doc);

    strip_chrome(&mut doc);
    let structural = main_content(&doc).map(crate::parse::dom::inner_html);
    let structural_len = structural
        .as_deref()
        .map_or(0, |h| plain_text(h).chars().count());
    let body_len = meta
        .article_body
        .as_deref()
        .map_or(0, |b| b.chars().count());

    let whole_body = meta
        .article_body
        .as_deref()
        .filter(|b| b.chars().count() >= MIN_BODY_CHARS && is_whole(b, &meta));
    let chosen = match (structural, whole_body) {
        (Some(_), Some(b)) if structural_len * 10 < body_len * 7 => body_text_as_html(b),
        (Some(s), _) if structural_len >= MIN_BODY_CHARS => s,
        (_, Some(b)) => body_text_as_html(b),
        _ => return None,
    };
    let chosen = drop_title_heading(&chosen, meta.title.as_deref());
    let content_html = prepare_body(&chosen, base.as_ref());
    if plain_text(&content_html).chars().count() < MIN_BODY_CHARS {
        return None;
    }
    let images = body_images(&content_html);
    Some(ExtractedPage {
        content_html,
        title: meta.title,
        author: meta.author,
        published: meta.published,
        images,
    })
}

/// The article's own `<h1>` at the top of the body repeats the title the
/// reader already shows.
fn drop_title_heading<'a>(html: &'a str, title: Option<&str>) -> std::borrow::Cow<'a, str> {
    let found = title.and_then(|title| {
        let start = html.find("<h1")?;
        let end = start + html[start..].find("</h1>")? + "</h1>".len();
        let same = plain_text(&html[start..end]).eq_ignore_ascii_case(title);
        (same && plain_text(&html[..start]).is_empty()).then_some((start, end))
    });
    match found {
        Some((start, end)) => format!("{}{}", &html[..start], &html[end..]).into(),
        None => html.into(),
    }
}

/// Whether a feed item's body is only an excerpt, so the page is worth
/// fetching: no body, a body that is the summary again, a very short one, or
/// one that ends in "[…]" / "Read more" / "Continue reading".
pub fn looks_like_excerpt(content_html: Option<&str>, summary: &str) -> bool {
    let Some(content) = content_html else {
        return true;
    };
    let text = plain_text(content);
    if text.chars().count() < 500 {
        return true;
    }
    let summary = plain_text(summary);
    let stem = summary.trim_end_matches(['…', '.', ' ']);
    if !stem.is_empty()
        && text.chars().count() <= summary.chars().count() + 40
        && text.starts_with(stem)
    {
        return true;
    }
    let lower = text.to_lowercase();
    let tail = lower.trim_end_matches(['→', '»', '›', ' ', '.', '"', '”']);
    tail.ends_with("[…]")
        || tail.ends_with("[...]")
        || tail.ends_with("read more")
        || tail.ends_with("continue reading")
        || lower
            .rfind("continue reading")
            .is_some_and(|p| lower.len() - p < 160)
        || (lower.contains(" appeared first on ") && text.chars().count() < 800)
}

fn is_html(s: &str) -> bool {
    let head: String = s
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let head = head.trim_start();
    !head.starts_with('{')
        && !head.starts_with('[')
        && (head.contains("<html")
            || head.contains("<!doctype html")
            || head.contains("<head")
            || head.contains("<body")
            || head.contains("<p>")
            || head.contains("<article"))
}

/// `articleBody` is often an excerpt cut at a word count.
fn is_whole(body: &str, meta: &crate::parse::articles::page_meta::PageMeta) -> bool {
    let t = body.trim_end();
    let cut = t.ends_with('…') || t.ends_with("...") || t.ends_with("[…]");
    let short_of_count = meta
        .word_count
        .is_some_and(|wc| (t.split_whitespace().count() as u64) * 10 < wc * 8);
    !cut && !short_of_count
}

/// A plain-text `articleBody` as paragraphs.
fn body_text_as_html(body: &str) -> String {
    let body = decode_entities(body);
    let escaped = escape_text(&body);
    let sep = if escaped.contains("\n\n") {
        "\n\n"
    } else {
        "\n"
    };
    escaped
        .split(sep)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{p}</p>"))
        .collect::<Vec<_>>()
        .join("\n")
}

static NOISE_TAGS: LazyLock<Selector> = LazyLock::new(|| {
    sel(
        "script, style, noscript, template, iframe, nav, header, footer, aside, form, \
         button, svg, select, input, textarea, dialog, \
         [role=navigation], [role=banner], [role=contentinfo], [role=complementary], \
         [role=search], [role=dialog], [aria-modal=true], [hidden]",
    )
});

static ARTICLE_SELECTORS: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    [
        "[itemprop=articleBody]",
        ".entry-content",
        ".post-content",
        ".wp-block-post-content",
        ".elementor-widget-theme-post-content",
        ".article-content",
        ".article-body",
        ".post-body",
        ".single-content",
        ".content-body",
        "article",
        "[role=main]",
        "main",
    ]
    .iter()
    .map(|s| sel(s))
    .collect()
});

static PARAGRAPH: LazyLock<Selector> = LazyLock::new(|| sel("p"));

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

/// Class and id words that mark chrome, not content.
const NOISE_WORDS: [&str; 34] = [
    "cookie",
    "consent",
    "gdpr",
    "share",
    "sharing",
    "sharedaddy",
    "social",
    "sociable",
    "related",
    "jp-relatedposts",
    "comment",
    "comments",
    "respond",
    "sidebar",
    "widget",
    "newsletter",
    "subscribe",
    "breadcrumb",
    "breadcrumbs",
    "navigation",
    "nav",
    "menu",
    "pagination",
    "post-navigation",
    "advert",
    "advertisement",
    "ad-slot",
    "promo",
    "popup",
    "modal",
    "skip-link",
    "screen-reader-text",
    "author-box",
    "tags-links",
];

fn is_noise_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    NOISE_WORDS.iter().any(|w| {
        name == *w
            || name.split(['-', '_']).any(|part| part == *w)
            || (w.len() > 6 && name.contains(w))
    })
}

/// Remove the site around the article: menus, banners, share bars, forms,
/// comments, related posts, scripts.
///
/// The elements around the likely article are never removed, whatever they
/// are called: layouts wrap whole pages in `div.has-sidebar` or (ASP.NET) a
/// `<form>`.
fn strip_chrome(doc: &mut Html) {
    let around: HashSet<_> = main_content(doc)
        .map(|el| el.ancestors().map(|a| a.id()).collect())
        .unwrap_or_default();
    let mut doomed: Vec<_> = doc
        .select(&NOISE_TAGS)
        .map(|e| e.id())
        .filter(|id| !around.contains(id))
        .collect();
    for node in doc.tree.nodes() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let e = el.value();
        if matches!(
            e.name(),
            "html" | "body" | "article" | "main" | "figure" | "figcaption" | "img"
        ) {
            continue;
        }
        let keep = e.classes().any(|c| {
            matches!(
                c,
                "entry-content" | "post-content" | "article-content" | "article-body"
            ) || c.starts_with("wp-block-image")
                || c.starts_with("wp-caption")
        });
        if keep {
            continue;
        }
        let noisy = e.classes().any(is_noise_name) || e.id().is_some_and(is_noise_name);
        if noisy && !around.contains(&el.id()) {
            doomed.push(el.id());
        }
    }
    for id in doomed {
        if let Some(mut n) = doc.tree.get_mut(id) {
            n.detach();
        }
    }
    // Comments in the markup are never content.
    let comments: Vec<_> = doc
        .tree
        .nodes()
        .filter(|n| matches!(n.value(), Node::Comment(_)))
        .map(|n| n.id())
        .collect();
    for id in comments {
        if let Some(mut n) = doc.tree.get_mut(id) {
            n.detach();
        }
    }
}

fn text_len(el: ElementRef<'_>) -> usize {
    el.text().map(|t| t.trim().chars().count()).sum()
}

/// The article's element: a known content container, else the block whose
/// paragraphs score highest, readability-style.
fn main_content(doc: &Html) -> Option<ElementRef<'_>> {
    for s in ARTICLE_SELECTORS.iter() {
        if let Some(best) = doc
            .select(s)
            .map(|e| (text_len(e), e))
            .filter(|(n, _)| *n >= MIN_BODY_CHARS)
            .max_by_key(|(n, _)| *n)
        {
            return Some(best.1);
        }
    }
    best_scored(doc)
}

fn best_scored<'a>(doc: &'a Html) -> Option<ElementRef<'a>> {
    let mut scores = std::collections::HashMap::new();
    let mut add = |el: ElementRef<'a>, s: f64| *scores.entry(el.id()).or_insert(0.0) += s;
    for p in doc.select(&PARAGRAPH) {
        let text: String = p.text().collect();
        let len = text.trim().chars().count();
        if len < 25 {
            continue;
        }
        let score = 1.0 + text.matches(',').count() as f64 + (len as f64 / 100.0).min(3.0);
        let mut up = p.ancestors().filter_map(ElementRef::wrap);
        if let Some(parent) = up.next() {
            add(parent, score);
        }
        if let Some(grand) = up.next() {
            add(grand, score / 2.0);
        }
    }
    let best = scores
        .into_iter()
        // Ties go to the earlier node, whatever the map's order.
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(id, _)| id)?;
    doc.tree
        .get(best)
        .and_then(ElementRef::wrap)
        .filter(|e| text_len(*e) >= MIN_BODY_CHARS)
}
