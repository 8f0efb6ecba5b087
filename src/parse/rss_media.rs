//! Pictures of RSS items read straight from the XML, where feed-rs loses
//! them: it folds an `<enclosure>` into the item's Media RSS object and drops
//! it when that object already has content (a video `media:content` beside an
//! image enclosure), and it emits nothing for an item-level
//! `<media:thumbnail>` / `<media:description>` with no `media:content`.

use super::decode::attr_value;
use super::html::decode_entities_once as decode_entities;

/// One enclosure: its URL and declared MIME type.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Enclosure {
    pub url: String,
    pub mime: Option<String>,
}

/// What one `<item>` says about its pictures, raw (entities decoded, markup
/// in descriptions left for the caller).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemMedia {
    pub enclosures: Vec<Enclosure>,
    /// The first `media:thumbnail`.
    pub thumbnail: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub credit: Option<String>,
}

/// The media of each `<item>`, in document order.
pub fn rss_item_media(xml: &str) -> Vec<ItemMedia> {
    let text = cdata_escaped(xml);
    let mut items = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = find_tag(rest, "item") {
        let body = &rest[start..];
        let end = body.find("</item>").unwrap_or(body.len());
        items.push(media_in(&body[..end]));
        rest = &body[end..];
    }
    items
}

/// Position of the next `<name` start tag (not `<names...`).
fn find_tag(s: &str, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    let mut from = 0;
    while let Some(p) = s[from..].find(&open) {
        let at = from + p;
        let next = s[at + open.len()..].chars().next();
        if matches!(next, Some(c) if c.is_whitespace() || c == '>' || c == '/') {
            return Some(at);
        }
        from = at + open.len();
    }
    None
}

/// The text of the first `<name>…</name>`, entities decoded.
fn element_text(s: &str, name: &str) -> Option<String> {
    let p = find_tag(s, name)?;
    let open_end = p + s[p..].find('>')? + 1;
    if s[..open_end].ends_with("/>") {
        return None;
    }
    let close = open_end + s[open_end..].find(&format!("</{name}>"))?;
    let text = decode_entities(s[open_end..close].trim());
    Some(text).filter(|t| !t.is_empty())
}

fn media_in(item: &str) -> ItemMedia {
    // One walk over the item's tags: bodies were escaped, so a `<` is always
    // markup and the walk skips the text between tags at memchr speed.
    let mut m = ItemMedia::default();
    let mut rest = item;
    while let Some(lt) = rest.find('<') {
        let tag = &rest[lt..];
        let name_len = tag[1..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(tag.len() - 1);
        let name = &tag[1..1 + name_len];
        let attrs = || &tag[..tag.find('>').unwrap_or(tag.len())];
        match name {
            "enclosure" => {
                if let Some(url) = attr_value(attrs(), "url") {
                    m.enclosures.push(Enclosure {
                        url: decode_entities(&url),
                        mime: attr_value(attrs(), "type").map(|t| t.to_ascii_lowercase()),
                    });
                }
            }
            "media:thumbnail" if m.thumbnail.is_none() => {
                m.thumbnail = attr_value(attrs(), "url").map(|u| decode_entities(&u));
            }
            "media:title" if m.title.is_none() => m.title = element_text(tag, name),
            "media:description" if m.description.is_none() => {
                m.description = element_text(tag, name);
            }
            "media:credit" if m.credit.is_none() => m.credit = element_text(tag, name),
            _ => {}
        }
        rest = &tag[1..];
    }
    m
}

/// The document with each CDATA section turned into escaped text, so markup
/// quoted in item bodies is never read as elements and text stays readable.
fn cdata_escaped(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(p) = rest.find("<![CDATA[") {
        out.push_str(&rest[..p]);
        let inner = &rest[p + 9..];
        let end = inner.find("]]>").unwrap_or(inner.len());
        let mut quoted = &inner[..end];
        while let Some(i) = quoted.bytes().position(|b| matches!(b, b'&' | b'<' | b'>')) {
            out.push_str(&quoted[..i]);
            out.push_str(match quoted.as_bytes()[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                _ => "&gt;",
            });
            quoted = &quoted[i + 1..];
        }
        out.push_str(quoted);
        rest = inner.get(end + 3..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_per_item_outside_quoted_markup() {
        let xml = r#"<rss><channel><item><title>a</title>
            <description><![CDATA[<enclosure url="https://x/quoted.jpg" type="image/jpeg">]]></description>
            <enclosure url="https://x/a.jpg?w=1&amp;h=2" length="1" type="image/JPEG" />
            <enclosure url='https://x/a.mp3' type='audio/mpeg'/></item>
            <itemized/><item><title>b</title>
            <media:thumbnail url="https://x/t.jpg?a=1&amp;b=2" width="240"/>
            <media:title>Cover</media:title>
            <media:description><![CDATA[A <em>cover</em> &amp; more. Photo: X]]></media:description>
            <media:credit role="author">Jo &amp; Co</media:credit></item></channel></rss>"#;
        let m = rss_item_media(xml);
        assert_eq!(m.len(), 2);
        assert_eq!(
            m[0].enclosures,
            vec![
                Enclosure {
                    url: "https://x/a.jpg?w=1&h=2".into(),
                    mime: Some("image/jpeg".into())
                },
                Enclosure {
                    url: "https://x/a.mp3".into(),
                    mime: Some("audio/mpeg".into())
                },
            ]
        );
        assert_eq!(m[0].thumbnail, None);
        assert_eq!(m[1].thumbnail.as_deref(), Some("https://x/t.jpg?a=1&b=2"));
        assert_eq!(m[1].title.as_deref(), Some("Cover"));
        assert_eq!(
            m[1].description.as_deref(),
            Some("A <em>cover</em> &amp; more. Photo: X")
        );
        assert_eq!(m[1].credit.as_deref(), Some("Jo & Co"));
    }
}
