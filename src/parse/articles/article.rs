//! What every article format ends in: raw parts → a clean `Article`.

use jiff::Timestamp;
use url::Url;

use crate::model::{Article, Image};
use crate::parse::articles::page::looks_like_excerpt;
use crate::parse::html::{cap_words, plain_text, prepare_body_and_images, summary};

/// An item as a format parser found it. One-line fields are already clean;
/// the HTML fields are raw.
#[derive(Debug, Default)]
pub struct ArticleParts {
    pub guid: Option<String>,
    /// Absolute link to the article's page, when the item has one.
    pub url: Option<String>,
    pub title: String,
    pub author: Option<String>,
    pub published: Option<Timestamp>,
    pub updated: Option<Timestamp>,
    pub categories: Vec<String>,
    /// Description / excerpt, HTML.
    pub summary_html: Option<String>,
    /// Full body, HTML.
    pub content_html: Option<String>,
    pub featured: Option<Image>,
}

/// Plain-text length from which a description with no separate body is taken
/// as the full text (feeds that put the whole post in `<description>`).
const FULL_DESCRIPTION_CHARS: usize = 1500;

/// Every item is kept: one with neither guid nor link is known by its
/// title, date and text (`Article::source_key`), as RSS makes every element
/// of an item optional (its 0.92 spec's own example has items of only a
/// description).
pub fn finish(parts: ArticleParts, site: &str, base: Option<&Url>) -> Result<Article, String> {
    let item_base = parts.url.as_deref().and_then(|u| Url::parse(u).ok());
    let body_base = item_base.as_ref().or(base);

    let raw_summary = parts.summary_html.as_deref().unwrap_or("");
    let mut summary_text = summary(raw_summary);
    let content = parts
        .content_html
        .as_deref()
        .filter(|c| has_body(c))
        .or_else(|| {
            // A long description that is not an excerpt is the body itself.
            (plain_text(raw_summary).chars().count() >= FULL_DESCRIPTION_CHARS
                && !looks_like_excerpt(Some(raw_summary), ""))
            .then_some(raw_summary)
        })
        .map(|c| prepare_body_and_images(c, body_base));
    let (content, images) = match content {
        Some((c, images)) => (Some(c), images),
        None => (None, prepare_body_and_images(raw_summary, body_base).1),
    };
    if summary_text.is_empty()
        && let Some(c) = &content
    {
        summary_text = summary(c);
    }
    let title = if parts.title.is_empty() {
        // Untitled posts (asides, notes) are listed by their first words.
        cap_words(&summary_text, 80)
    } else {
        parts.title
    };
    let mut article = Article {
        id: String::new(),
        site: site.to_string(),
        guid: parts.guid,
        url: parts.url.unwrap_or_default(),
        title,
        author: parts.author,
        published: parts.published,
        updated: parts.updated.or(parts.published),
        categories: dedup_ci(parts.categories),
        summary: summary_text,
        content_html: content,
        featured: parts.featured,
        images,
    };
    article.id = article.preferred_id();
    Ok(article)
}

/// Whether an HTML body holds anything: words or a picture. Both are
/// scans: this is asked of every item of every feed.
fn has_body(html: &str) -> bool {
    html.contains("<img") || !crate::parse::words::html_to_text(html).is_empty()
}

fn dedup_ci(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for i in items {
        if !i.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&i)) {
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::parse::parse_articles;

    #[test]
    fn items_naming_nothing_else_are_kept() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><pubDate>Thu, 01 Jan 2004 19:48:21 GMT</pubDate></item>
            <item><description>Only words here.</description></item>
            <item></item>
            </channel></rss>"#;
        let batch = parse_articles(rss.as_bytes(), None, "http://127.0.0.1/feed", "S").unwrap();
        assert_eq!(batch.articles.len(), 3, "{:?}", batch.warnings);
        assert!(batch.warnings.is_empty());
        let ids: std::collections::HashSet<_> = batch.articles.iter().map(|a| &a.id).collect();
        assert_eq!(ids.len(), 3);
    }
}
