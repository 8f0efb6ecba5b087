//! RSS `<enclosure>` elements, read straight from the XML. feed-rs folds an
//! enclosure into the item's Media RSS object and drops it when that object
//! already has content (a video `media:content` beside an image enclosure),
//! so the enclosures are read here too, per item, in document order.

use super::decode::attr_value;
use super::html::decode_entities;

/// One enclosure: its URL and declared MIME type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enclosure {
    pub url: String,
    pub mime: Option<String>,
}

/// The enclosures of each `<item>`, in document order. Markup inside CDATA
/// (item bodies) is skipped, so an `<enclosure>` quoted in HTML is not read.
pub fn rss_enclosures(xml: &str) -> Vec<Vec<Enclosure>> {
    let text = without_cdata(xml);
    let mut items = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = find_tag(rest, "item") {
        let body = &rest[start..];
        let end = body.find("</item>").unwrap_or(body.len());
        items.push(enclosures_in(&body[..end]));
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

fn enclosures_in(item: &str) -> Vec<Enclosure> {
    let mut out = Vec::new();
    let mut rest = item;
    while let Some(p) = find_tag(rest, "enclosure") {
        let tag_end = rest[p..].find('>').map_or(rest.len(), |e| p + e);
        let tag = &rest[p..tag_end];
        if let Some(url) = attr_value(tag, "url") {
            out.push(Enclosure {
                url: decode_entities(&url),
                mime: attr_value(tag, "type").map(|t| t.to_ascii_lowercase()),
            });
        }
        rest = &rest[tag_end..];
    }
    out
}

fn without_cdata(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(p) = rest.find("<![CDATA[") {
        out.push_str(&rest[..p]);
        rest = rest[p..].find("]]>").map_or("", |e| &rest[p + e + 3..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enclosures_per_item_outside_cdata() {
        let xml = r#"<rss><channel><item><title>a</title>
            <description><![CDATA[<enclosure url="https://x/quoted.jpg" type="image/jpeg">]]></description>
            <enclosure url="https://x/a.jpg?w=1&amp;h=2" length="1" type="image/JPEG" />
            <enclosure url='https://x/a.mp3' type='audio/mpeg'/></item>
            <itemized/><item><title>b</title></item></channel></rss>"#;
        let e = rss_enclosures(xml);
        assert_eq!(e.len(), 2);
        assert_eq!(
            e[0],
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
        assert!(e[1].is_empty());
    }
}
