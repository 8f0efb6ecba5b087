//! What an article page says about itself: schema.org JSON-LD (plain or in a
//! Yoast `@graph`), then Open Graph and HTML meta as fallbacks.

use jiff::Timestamp;
use scraper::{Html, Selector};
use serde_json::Value;
use std::sync::LazyLock;

use crate::parse::html::opt_line;

const ARTICLE_TYPES: [&str; 9] = [
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "TechArticle",
    "Report",
];

#[derive(Debug, Default)]
pub struct PageMeta {
    /// `articleBody` as given (plain text), when present.
    pub article_body: Option<String>,
    /// `wordCount`, which Yoast gives: tells a cut `articleBody` from a whole one.
    pub word_count: Option<u64>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<Timestamp>,
}

static TITLE: LazyLock<Selector> =
    LazyLock::new(|| sel("meta[property='og:title'], h1.entry-title, h1, title"));
static AUTHOR: LazyLock<Selector> = LazyLock::new(|| {
    sel("meta[name=author], [rel=author], .author .fn, .byline .author, .author-name")
});
static PUBLISHED: LazyLock<Selector> = LazyLock::new(|| {
    sel("meta[property='article:published_time'], time.entry-date[datetime], time[datetime]")
});

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

pub fn read(doc: &Html) -> PageMeta {
    let mut meta = json_ld(doc).unwrap_or_default();
    if meta.title.is_none() {
        meta.title = doc.select(&TITLE).find_map(|e| {
            let v = e.value();
            let text = match v.name() {
                "meta" => v.attr("content").unwrap_or("").to_string(),
                _ => e.text().collect(),
            };
            opt_line(&text)
        });
    }
    if meta.author.is_none() {
        meta.author = doc.select(&AUTHOR).find_map(|e| {
            let text = match e.value().name() {
                "meta" => e.value().attr("content").unwrap_or("").to_string(),
                _ => e.text().collect(),
            };
            opt_line(&text)
        });
    }
    if meta.published.is_none() {
        meta.published = doc.select(&PUBLISHED).find_map(|e| {
            let v = e.value();
            parse_time(v.attr("content").or_else(|| v.attr("datetime"))?)
        });
    }
    meta
}

/// A date as pages write it: RFC 3339, a zoneless date-time (read as UTC),
/// or a bare date.
pub fn parse_time(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        return dt
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp());
    }
    let d = s.get(..10)?.parse::<jiff::civil::Date>().ok()?;
    d.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

fn json_ld(doc: &Html) -> Option<PageMeta> {
    let mut nodes: Vec<Value> = Vec::new();
    for text in crate::parse::dom::json_ld_texts(doc) {
        if let Ok(v) = serde_json::from_str::<Value>(&text) {
            flatten(v, &mut nodes);
        }
    }
    let article = nodes.iter().find(|n| is_article(n))?;
    let author = article
        .get("author")
        .and_then(|a| person_name(a, &nodes))
        .and_then(|n| opt_line(&n));
    Some(PageMeta {
        article_body: article
            .get("articleBody")
            .and_then(Value::as_str)
            .map(str::to_string)
            .filter(|b| !b.trim().is_empty()),
        word_count: article.get("wordCount").and_then(|w| {
            w.as_u64()
                .or_else(|| w.as_str().and_then(|s| s.trim().parse().ok()))
        }),
        title: article
            .get("headline")
            .or_else(|| article.get("name"))
            .and_then(Value::as_str)
            .and_then(opt_line),
        author,
        published: article
            .get("datePublished")
            .and_then(Value::as_str)
            .and_then(parse_time),
    })
}

fn flatten(v: Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(items) => items.into_iter().for_each(|i| flatten(i, out)),
        Value::Object(mut o) => {
            if let Some(graph) = o.remove("@graph") {
                flatten(graph, out);
            }
            out.push(Value::Object(o));
        }
        _ => {}
    }
}

fn is_article(node: &Value) -> bool {
    match node.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .any(|t| ARTICLE_TYPES.contains(&t)),
        _ => false,
    }
}

/// An author given as a name, a Person, a list of them, or (Yoast) a
/// reference to a Person elsewhere in the graph.
fn person_name(v: &Value, nodes: &[Value]) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.iter().find_map(|x| person_name(x, nodes)),
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| {
                let id = o.get("@id")?.as_str()?;
                nodes
                    .iter()
                    .filter(|n| n.get("@id").and_then(Value::as_str) == Some(id))
                    .find_map(|n| n.get("name").and_then(Value::as_str))
                    .map(str::to_string)
            }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(ld: &str) -> PageMeta {
        read(&Html::parse_document(&format!(
            "<html><head><script type=\"application/ld+json\">{ld}</script></head><body></body></html>"
        )))
    }

    #[test]
    fn yoast_graph_with_article_body_and_author_reference() {
        let m = meta_of(
            r#"{"@context":"https://schema.org","@graph":[
                {"@type":["Article","NewsArticle"],"headline":"Asia&#8217;s week","wordCount":"12",
                 "author":{"@id":"https://x.example/#/schema/person/1"},
                 "datePublished":"2024-10-16T10:45:00+01:00","articleBody":"Body text here."},
                {"@type":"Person","@id":"https://x.example/#/schema/person/1","name":"Meera &amp; Co"}]}"#,
        );
        assert_eq!(m.title.as_deref(), Some("Asia’s week"));
        assert_eq!(m.author.as_deref(), Some("Meera & Co"));
        assert_eq!(m.word_count, Some(12));
        assert_eq!(m.article_body.as_deref(), Some("Body text here."));
        assert_eq!(m.published, "2024-10-16T09:45:00Z".parse().ok());
    }

    #[test]
    fn broken_json_ld_falls_back_to_meta() {
        let doc = Html::parse_document(
            r#"<html><head><script type="application/ld+json">{"@type": "Article",</script>
               <meta property="og:title" content="From OG">
               <meta name="author" content="Someone"></head>
               <body><time datetime="2024-05-01">1 May</time></body></html>"#,
        );
        let m = read(&doc);
        assert_eq!(m.title.as_deref(), Some("From OG"));
        assert_eq!(m.author.as_deref(), Some("Someone"));
        assert_eq!(m.published, "2024-05-01T00:00:00Z".parse().ok());
        assert_eq!(m.article_body, None);
    }
}
