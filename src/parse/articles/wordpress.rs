//! The WordPress REST posts endpoint (`/wp-json/wp/v2/posts`, ideally with
//! `?_embed` so author, featured media and terms come along).

use jiff::Timestamp;
use jiff::civil::DateTime;
use serde_json::Value;
use url::Url;

use crate::model::Image;
use crate::parse::articles::article::{ArticleParts, finish};
use crate::parse::html::{absolute_url, opt_line};
use crate::parse::{ArticleBatch, ParseError};

/// WordPress's default page size, when the URL does not name one.
const DEFAULT_PER_PAGE: usize = 10;

/// Whether a JSON value is a page of WordPress posts.
pub fn is_posts(v: &Value) -> bool {
    v.as_array()
        .is_some_and(|a| a.is_empty() || a.iter().any(|p| p.pointer("/title/rendered").is_some()))
}

/// `{"code": "...", "message": "...", "data": {"status": 401}}`: the error
/// a REST route answers with, as one line.
pub fn rest_error(v: &Value) -> Option<String> {
    let code = v.get("code")?.as_str()?;
    let message = v.get("message").and_then(Value::as_str).unwrap_or("");
    let status = v
        .pointer("/data/status")
        .and_then(Value::as_u64)
        .map(|s| format!(" (HTTP {s})"))
        .unwrap_or_default();
    Some(crate::render::sanitize::clean_line(&format!(
        "WordPress REST error {code}{status}: {}",
        crate::parse::html::line(message)
    )))
}

pub fn parse_posts(v: &Value, base_url: &str, site: &str) -> Result<ArticleBatch, ParseError> {
    let posts = v.as_array().ok_or_else(|| ParseError::Malformed {
        format: "wordpress-rest",
        detail: "expected an array of posts".into(),
    })?;
    let base = Url::parse(base_url).ok();
    let mut batch = ArticleBatch {
        format: "wordpress-rest",
        next_page: next_page(base.as_ref(), posts.len()),
        ..ArticleBatch::default()
    };
    for (i, post) in posts.iter().enumerate() {
        if !post.is_object() {
            batch.warnings.push(format!("post {i} is not an object"));
            continue;
        }
        match finish(post_parts(post, base.as_ref()), site, base.as_ref()) {
            Ok(a) => batch.articles.push(a),
            Err(why) => batch.warnings.push(why),
        }
    }
    Ok(batch)
}

fn rendered<'a>(post: &'a Value, field: &str) -> Option<&'a str> {
    match post.get(field)? {
        Value::String(s) => Some(s),
        v => v.get("rendered")?.as_str(),
    }
}

fn post_parts(post: &Value, base: Option<&Url>) -> ArticleParts {
    let url = post
        .get("link")
        .and_then(Value::as_str)
        .and_then(|l| absolute_url(l, base));
    let guid = rendered(post, "guid")
        .map(crate::parse::html::line)
        .filter(|g| !g.is_empty());
    // A password-protected post's content is empty or a form: not a body.
    let protected = post.pointer("/content/protected").and_then(Value::as_bool) == Some(true);
    let content_html = rendered(post, "content")
        .filter(|_| !protected)
        .map(str::to_string);
    ArticleParts {
        guid,
        url,
        title: rendered(post, "title")
            .and_then(opt_line)
            .unwrap_or_default(),
        author: embedded(post, "author")
            .and_then(|a| a.get("name"))
            .and_then(Value::as_str)
            .and_then(opt_line),
        published: wp_time(post, "date_gmt").or_else(|| wp_time(post, "date")),
        updated: wp_time(post, "modified_gmt").or_else(|| wp_time(post, "modified")),
        categories: terms(post),
        summary_html: rendered(post, "excerpt").map(str::to_string),
        content_html,
        featured: embedded(post, "wp:featuredmedia").and_then(|m| featured(m, base)),
    }
}

/// The first embedded object of a relation; an error object (a private
/// attachment gives `{"code": "rest_forbidden"}`) counts as none.
fn embedded<'a>(post: &'a Value, rel: &str) -> Option<&'a Value> {
    let first = post.get("_embedded")?.get(rel)?.as_array()?.first()?;
    (first.get("code").is_none()).then_some(first)
}

/// `date_gmt` carries no zone suffix and is UTC. `date` is the site's local
/// time with no offset: read as UTC too, off by the site's offset at most.
fn wp_time(post: &Value, field: &str) -> Option<Timestamp> {
    let s = post.get(field)?.as_str()?.trim();
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    let dt: DateTime = s.parse().ok()?;
    dt.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

fn terms(post: &Value) -> Vec<String> {
    let Some(groups) = post.pointer("/_embedded/wp:term").and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Categories first, then tags, whatever order the groups come in.
    for taxonomy in ["category", "post_tag"] {
        for term in groups.iter().filter_map(Value::as_array).flatten() {
            if term.get("taxonomy").and_then(Value::as_str) == Some(taxonomy)
                && let Some(name) = term.get("name").and_then(Value::as_str).and_then(opt_line)
            {
                out.push(name);
            }
        }
    }
    out
}

fn featured(media: &Value, base: Option<&Url>) -> Option<Image> {
    let url = media
        .get("source_url")
        .and_then(Value::as_str)
        .and_then(|u| absolute_url(u, base))?;
    let alt = media
        .get("alt_text")
        .and_then(Value::as_str)
        .and_then(opt_line);
    // The caption is HTML, and often carries the credit.
    let caption_html = rendered(media, "caption").unwrap_or("");
    let (caption, credit) = crate::parse::images::caption_parts(caption_html);
    Some(Image {
        url,
        alt,
        caption,
        credit,
    })
}

/// A full page suggests there is another one: `page=N+1` of the same URL,
/// the rest of the query kept byte for byte (`_embed` has no value).
fn next_page(base: Option<&Url>, count: usize) -> Option<String> {
    let base = base?;
    let param = |name: &str| {
        base.query_pairs()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.parse::<u64>().ok())
    };
    let per_page = param("per_page").map_or(DEFAULT_PER_PAGE, |n| n as usize);
    if count == 0 || count < per_page {
        return None;
    }
    let page = param("page").unwrap_or(1);
    let mut parts: Vec<String> = base
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some("page"))
        .map(str::to_string)
        .collect();
    parts.push(format!("page={}", page + 1));
    let mut next = base.clone();
    next.set_query(Some(&parts.join("&")));
    Some(next.to_string())
}
