//! RSS 2.0, RSS 1.0, Atom and JSON Feed through feed-rs, mapped onto `Article`.

use feed_rs::model::{Entry, FeedType, MediaObject};
use url::Url;

use crate::model::Image;
use crate::parse::articles::article::{ArticleParts, finish};
use crate::parse::html::{absolute_url, line, opt_line};
use crate::parse::{ArticleBatch, ParseError};

/// Parse decoded XML or JSON feed text.
pub fn parse_feed(
    text: &str,
    is_json: bool,
    base_url: &str,
    site: &str,
) -> Result<ArticleBatch, ParseError> {
    // An empty id marks "no guid": feed-rs would otherwise invent one.
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(base_url).filter(|b| Url::parse(b).is_ok()))
        .id_generator(|_, _, _| String::new())
        .build();
    let source = if is_json {
        std::borrow::Cow::Borrowed(text)
    } else {
        crate::parse::decode::xml_for_parser(text)
    };
    let feed = parser
        .parse(source.as_bytes())
        .map_err(|e| feed_error(e, is_json))?;
    let format = match feed.feed_type {
        FeedType::Atom => "atom",
        FeedType::JSON => "json-feed",
        FeedType::RSS1 => "rss1",
        FeedType::RSS0 | FeedType::RSS2 => "rss",
    };
    let json_images = if is_json {
        json_feed_images(text)
    } else {
        Vec::new()
    };
    let base = Url::parse(base_url).ok();
    // RFC 5005 paging (`<atom:link rel="next">`), or JSON Feed's `next_url`.
    let next_page = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref() == Some("next"))
        .map(|l| l.href.clone())
        .or_else(|| is_json.then(|| json_next_url(text)).flatten())
        .and_then(|u| absolute_url(&u, base.as_ref()))
        .filter(|u| u.starts_with("http"));
    let mut batch = ArticleBatch {
        format,
        next_page,
        ..ArticleBatch::default()
    };
    let item_media = if format == "rss" {
        crate::parse::articles::media::rss_item_media(&source)
    } else {
        Vec::new()
    };
    // Items feed-rs skipped would shift the pairing: only pair when they match.
    let item_media = (item_media.len() == feed.entries.len()).then_some(item_media);
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let extra_image = json_images
            .iter()
            .find(|(id, _)| *id == entry.id)
            .map(|(_, url)| Image {
                url: url.clone(),
                ..Image::default()
            })
            .or_else(|| item_image(&item_media.as_ref()?[i], base.as_ref()));
        match finish(
            entry_parts(entry, base.as_ref(), extra_image),
            site,
            base.as_ref(),
        ) {
            Ok(article) => batch.articles.push(article),
            Err(why) => batch.warnings.push(why),
        }
    }
    Ok(batch)
}

fn feed_error(e: feed_rs::parser::ParseFeedError, is_json: bool) -> ParseError {
    use feed_rs::parser::{ParseErrorKind, ParseFeedError};
    match e {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => {
            ParseError::NotAFeed("no RSS, Atom or JSON Feed root element".into())
        }
        other => ParseError::Malformed {
            format: if is_json { "json-feed" } else { "xml feed" },
            detail: crate::render::sanitize::clean_line(&other.to_string()),
        },
    }
}

/// feed-rs speaks chrono, the rest of the program jiff; a macro spares
/// naming chrono's types (it is not a dependency of ours).
macro_rules! timestamp {
    ($d:expr) => {
        jiff::Timestamp::new(
            $d.timestamp(),
            i32::try_from($d.timestamp_subsec_nanos()).unwrap_or(0),
        )
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    };
}

fn entry_parts(entry: Entry, base: Option<&Url>, extra_image: Option<Image>) -> ArticleParts {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .and_then(|l| absolute_url(&l.href, base));
    let guid = Some(crate::render::sanitize::clean_line(&entry.id)).filter(|g| !g.is_empty());
    let url = link.or_else(|| {
        guid.as_deref()
            .filter(|g| g.starts_with("http://") || g.starts_with("https://"))
            .and_then(|g| absolute_url(g, None))
    });
    let title = entry
        .title
        .as_ref()
        .map(|t| line(&t.content))
        .unwrap_or_default();
    let author = entry
        .authors
        .iter()
        .find_map(|p| p.name.as_deref().and_then(opt_line));
    let categories = entry
        .categories
        .iter()
        .filter_map(|c| opt_line(c.label.as_deref().unwrap_or(&c.term)))
        .collect();
    let summary_html = entry
        .summary
        .as_ref()
        .map(|s| text_as_html(&s.content, s.content_type.as_ref()));
    let content_html = entry.content.as_ref().and_then(|c| {
        c.body
            .as_ref()
            .map(|b| text_as_html(b, c.content_type.as_ref()))
    });
    let featured = entry
        .media
        .iter()
        .find_map(|m| media_image(m, base))
        .or_else(|| {
            // Atom's `<link rel="enclosure" type="image/...">`.
            entry
                .links
                .iter()
                .filter(|l| l.rel.as_deref() == Some("enclosure"))
                .find(|l| {
                    l.media_type
                        .as_deref()
                        .is_some_and(|t| t.starts_with("image/"))
                })
                .and_then(|l| absolute_url(&l.href, base))
                .map(|url| Image {
                    url,
                    ..Image::default()
                })
        });
    // What the XML said beside feed-rs's media (item-level Media RSS words,
    // a lost enclosure) fills its gaps or stands in for it.
    let featured = match (featured, extra_image) {
        (Some(f), Some(x)) => Some(Image {
            alt: f.alt.or(x.alt),
            caption: f.caption.or(x.caption),
            credit: f.credit.or(x.credit),
            url: f.url,
        }),
        (f, x) => f.or(x),
    };
    ArticleParts {
        guid,
        url,
        title,
        author,
        published: entry.published.or(entry.updated).map(|d| timestamp!(d)),
        updated: entry.updated.map(|d| timestamp!(d)),
        categories,
        summary_html,
        content_html,
        featured,
    }
}

/// Plain text or XHTML content as HTML.
fn text_as_html(body: &str, content_type: &str) -> String {
    if content_type.starts_with("text/plain") {
        let escaped = body
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        escaped
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>")))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        body.to_string()
    }
}

/// An RSS item's picture as read from the XML: an image enclosure, else its
/// Media RSS thumbnail, with the item-level Media RSS words around it.
fn item_image(m: &crate::parse::articles::media::ItemMedia, base: Option<&Url>) -> Option<Image> {
    let url = m
        .enclosures
        .iter()
        .find(|e| is_image(e.mime.as_deref(), &e.url))
        .map(|e| e.url.as_str())
        .or(m.thumbnail.as_deref())
        .and_then(|u| absolute_url(u, base))?;
    let (caption, credit_in_caption) = m
        .description
        .as_deref()
        .map(crate::parse::images::caption_parts)
        .unwrap_or_default();
    Some(Image {
        url,
        alt: m.title.as_deref().and_then(opt_line),
        caption,
        credit: m.credit.as_deref().and_then(opt_line).or(credit_in_caption),
    })
}

fn is_image(mime: Option<&str>, url: &str) -> bool {
    match mime {
        Some(m) => m.starts_with("image/"),
        None => {
            let path = url
                .split(['?', '#'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"]
                .iter()
                .any(|x| path.ends_with(x))
        }
    }
}

/// A picture from Media RSS or an enclosure, with its caption and credit.
fn media_image(m: &MediaObject, base: Option<&Url>) -> Option<Image> {
    let url = m
        .content
        .iter()
        .filter_map(|c| {
            let url = c.url.as_ref()?.to_string();
            let mime = c.content_type.as_ref().map(|t| t.to_string());
            // Image CDNs serve pictures from extension-less URLs.
            let bare = mime.is_none() && !url.rsplit('/').next().unwrap_or("").contains('.');
            (bare || is_image(mime.as_deref(), &url)).then_some(url)
        })
        .next()
        .or_else(|| m.thumbnails.first().map(|t| t.image.uri.clone()))
        .and_then(|u| absolute_url(&u, base))?;
    // The title names the picture (its alt); the description is the
    // caption, which may end in its own credit ("… Photo: Reuters").
    let (caption, credit_in_caption) = m
        .description
        .as_ref()
        .map(|d| crate::parse::images::caption_parts(&d.content))
        .unwrap_or_default();
    let credit = m
        .credits
        .iter()
        .find_map(|c| opt_line(&c.entity))
        .or(credit_in_caption);
    Some(Image {
        url,
        alt: m.title.as_ref().and_then(|t| opt_line(&t.content)),
        caption,
        credit,
    })
}

fn json_next_url(text: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    Some(v.get("next_url")?.as_str()?.to_string())
}

/// JSON Feed's `image` / `banner_image` per item id (feed-rs drops them).
fn json_feed_images(text: &str) -> Vec<(String, String)> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    v.get("items")
        .and_then(|i| i.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|item| {
                    let id = match item.get("id")? {
                        serde_json::Value::String(s) => s.trim().to_string(),
                        serde_json::Value::Number(n) => n.to_string(),
                        _ => return None,
                    };
                    let img = item
                        .get("image")
                        .or_else(|| item.get("banner_image"))?
                        .as_str()?
                        .to_string();
                    Some((id, img))
                })
                .collect()
        })
        .unwrap_or_default()
}
