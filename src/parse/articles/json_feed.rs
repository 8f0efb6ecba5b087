//! JSON Feed 1.0 and 1.1, read field by field: a field of the wrong type
//! is dropped or mended and counted, never the reason to lose the feed.

use serde_json::Value;
use url::Url;

use crate::model::Image;
use crate::parse::articles::article::ArticleParts;
use crate::parse::articles::dates::parse_date;
use crate::parse::articles::feed::{ItemDraft, Repairs, finish_all, http_url, text_as_html};
use crate::parse::html::{absolute_url, decode_entities, opt_line};
use crate::parse::{ArticleBatch, ParseError};
use crate::render::sanitize::clean_line;

/// Parse a JSON Feed document already read as JSON.
pub fn parse_json_feed(
    doc: &Value,
    base_url: &str,
    site: &str,
) -> Result<ArticleBatch, ParseError> {
    let base = Url::parse(base_url).ok();
    let mut repairs = Repairs::default();
    if doc
        .get("version")
        .and_then(Value::as_str)
        .is_some_and(|v| v.trim().starts_with("http://"))
    {
        repairs.note("JSON Feed version written with http://");
    }
    let feed_author = authors(doc);
    let items = match doc.get("items") {
        Some(Value::Array(items)) => items.as_slice(),
        None | Some(Value::Null) => &[],
        Some(_) => {
            return Err(ParseError::Malformed {
                format: "json-feed",
                detail: "items is not a list".into(),
            });
        }
    };
    let mut drafts = Vec::with_capacity(items.len());
    for item in items {
        if !item.is_object() {
            repairs.note("a JSON Feed item that is not an object was skipped");
            continue;
        }
        drafts.push(item_draft(
            item,
            base.as_ref(),
            feed_author.as_deref(),
            &mut repairs,
        ));
    }
    let next_page = doc
        .get("next_url")
        .and_then(Value::as_str)
        .and_then(|u| http_url(u, base.as_ref()));
    let mut batch = ArticleBatch {
        format: "json-feed",
        next_page,
        ..ArticleBatch::default()
    };
    finish_all(drafts, site, base.as_ref(), &mut batch);
    batch.warnings.extend(repairs.into_warnings());
    Ok(batch)
}

/// A string field; any other type is dropped and counted.
fn string<'v>(
    item: &'v Value,
    key: &str,
    repairs: &mut Repairs,
    what: &'static str,
) -> Option<&'v str> {
    match item.get(key)? {
        Value::String(s) => Some(s),
        Value::Null => None,
        _ => {
            repairs.note(what);
            None
        }
    }
}

fn item_draft(
    item: &Value,
    base: Option<&Url>,
    feed_author: Option<&str>,
    repairs: &mut Repairs,
) -> ItemDraft {
    let guid = match item.get("id") {
        Some(Value::String(s)) => Some(clean_line(s.trim())),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
    .filter(|g| !g.is_empty());
    let url = string(
        item,
        "url",
        repairs,
        "a JSON Feed url that is not a string was dropped",
    )
    .and_then(|u| http_url(u, base))
    .or_else(|| guid.as_deref().and_then(|g| http_url(g, None)));
    // JSON Feed titles are plain text: "<i>" in one is two characters. The
    // character references CMSs leave in them are still decoded.
    let title = string(
        item,
        "title",
        repairs,
        "a JSON Feed title that is not a string was dropped",
    )
    .map(|t| clean_line(&decode_entities(t)))
    .unwrap_or_default();
    let categories = match item.get("tags") {
        Some(Value::Array(tags)) => tags
            .iter()
            .filter_map(|t| t.as_str().and_then(opt_line))
            .collect(),
        Some(Value::String(tag)) => {
            repairs.note("JSON Feed tags given as one string were read as one tag");
            opt_line(tag).into_iter().collect()
        }
        None | Some(Value::Null) => Vec::new(),
        Some(_) => {
            repairs.note("JSON Feed tags that are not a list were dropped");
            Vec::new()
        }
    };
    let content_html = string(
        item,
        "content_html",
        repairs,
        "a JSON Feed content_html that is not a string was dropped",
    )
    .map(str::to_string)
    .or_else(|| {
        string(
            item,
            "content_text",
            repairs,
            "a JSON Feed content_text that is not a string was dropped",
        )
        .map(text_as_html)
    });
    let summary_html = string(
        item,
        "summary",
        repairs,
        "a JSON Feed summary that is not a string was dropped",
    )
    .map(text_as_html);
    let mut date = |key: &str| {
        let raw = string(
            item,
            key,
            repairs,
            "a JSON Feed date that is not a string was dropped",
        )?;
        let d = parse_date(raw);
        if d.is_none() {
            repairs.note("a JSON Feed date that cannot be read was dropped");
        }
        d
    };
    let published = date("date_published");
    let updated = date("date_modified");
    let featured = ["image", "banner_image"]
        .iter()
        .find_map(|k| item.get(*k)?.as_str())
        .and_then(|u| absolute_url(u, base))
        .map(|url| Image {
            url,
            ..Image::default()
        });
    ItemDraft {
        parts: ArticleParts {
            guid,
            url,
            title,
            // JSON Feed 1.1: an item without authors has the feed's.
            author: authors(item).or_else(|| feed_author.map(str::to_string)),
            published: None,
            updated: None,
            categories,
            summary_html,
            content_html,
            featured,
        },
        published,
        updated,
    }
}

/// The first name of 1.1's `authors`, else of 1.0's `author`.
fn authors(v: &Value) -> Option<String> {
    let name = |a: &Value| match a {
        Value::Object(_) => a.get("name")?.as_str().and_then(opt_line),
        Value::String(s) => opt_line(s),
        _ => None,
    };
    v.get("authors")
        .and_then(Value::as_array)
        .and_then(|list| list.iter().find_map(name))
        .or_else(|| v.get("author").and_then(name))
}
