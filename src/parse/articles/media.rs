//! Pictures of RSS items read straight from the XML, where feed-rs loses
//! them: it folds an `<enclosure>` into the item's Media RSS object and drops
//! it when that object already has content (a video `media:content` beside an
//! image enclosure), and it emits nothing for an item-level
//! `<media:thumbnail>` / `<media:description>` with no `media:content`.

use crate::parse::decode::attr_value;
use crate::parse::html::decode_entities_once as decode_entities;

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

/// The media of each `<item>`, in document order. One walk over the tags
/// of the raw document: CDATA sections and comments are stepped over whole,
/// so markup quoted in item bodies is never read as elements, and the feed
/// is never copied.
pub fn rss_item_media(xml: &str) -> Vec<ItemMedia> {
    let mut items = Vec::new();
    let mut current: Option<ItemMedia> = None;
    // An element of the current item that never closed: no later one can.
    let mut unclosed = false;
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        let tag = &rest[lt..];
        if let Some(after) = skip_quoted(tag) {
            rest = after;
            continue;
        }
        let name = tag_name(tag);
        if name == "item" {
            // An item left open ends where the next begins.
            items.extend(current.take());
            current = Some(ItemMedia::default());
            unclosed = false;
            if start_tag(tag).ends_with("/>") {
                items.extend(current.take());
            }
        } else if name == "/item" {
            items.extend(current.take());
        } else if let Some(m) = current.as_mut() {
            read_media(m, name, tag, &mut unclosed);
        }
        rest = &tag[1..];
    }
    // An item the document never closed runs to its end.
    items.extend(current);
    items
}

/// Past a CDATA section or comment starting `s`, or None when `s` starts
/// neither.
fn skip_quoted(s: &str) -> Option<&str> {
    let (open, close) = [("<![CDATA[", "]]>"), ("<!--", "-->")]
        .into_iter()
        .find(|(open, _)| s.starts_with(open))?;
    let inner = &s[open.len()..];
    Some(inner.find(close).map_or("", |e| &inner[e + close.len()..]))
}

/// The name of the tag starting `tag`: `/name` for an end tag.
fn tag_name(tag: &str) -> &str {
    let body = &tag[1..];
    let slash = usize::from(body.starts_with('/'));
    let len = body[slash..]
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(body.len() - slash);
    &body[..slash + len]
}

/// The start tag beginning `tag`, up to its `>`; no further than the next
/// `<`, so a feed of broken tags is still read in one pass.
fn start_tag(tag: &str) -> &str {
    match memchr::memchr2(b'>', b'<', &tag.as_bytes()[1..]) {
        Some(e) if tag.as_bytes()[e + 1] == b'>' => &tag[..e + 2],
        Some(e) => &tag[..=e],
        None => tag,
    }
}

fn read_media(m: &mut ItemMedia, name: &str, tag: &str, unclosed: &mut bool) {
    let attrs = || start_tag(tag);
    let mut text = || {
        if *unclosed {
            return None;
        }
        let found = element_text(tag, name);
        *unclosed = found.is_err();
        found.ok().flatten()
    };
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
        "media:title" if m.title.is_none() => m.title = text(),
        "media:description" if m.description.is_none() => m.description = text(),
        "media:credit" if m.credit.is_none() => m.credit = text(),
        _ => {}
    }
}

/// The text of the element starting `tag`: character data decoded, CDATA
/// taken as it is, any markup inside kept as text. Err when it does not
/// close before its item does.
fn element_text(tag: &str, name: &str) -> Result<Option<String>, ()> {
    let open = start_tag(tag);
    if open.ends_with("/>") || !open.ends_with('>') {
        return Ok(None);
    }
    let close = format!("</{name}");
    let mut text = String::new();
    let mut rest = &tag[open.len()..];
    loop {
        let lt = rest.find('<').ok_or(())?;
        text.push_str(&decode_entities(&rest[..lt]));
        let at = &rest[lt..];
        if let Some(inner) = at.strip_prefix("<![CDATA[") {
            let end = inner.find("]]>").ok_or(())?;
            text.push_str(&inner[..end]);
            rest = &inner[end + 3..];
        } else if at.starts_with(&close) {
            break;
        } else if at.starts_with("</item") {
            return Err(());
        } else {
            // Markup the feed left unquoted: its text, as the old copy read it.
            text.push('<');
            rest = &at[1..];
        }
    }
    let text = text.trim();
    Ok((!text.is_empty()).then(|| text.to_string()))
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

    #[test]
    fn quoted_items_and_unclosed_ends_do_not_shift_the_pairing() {
        let xml = r#"<rss><channel>
            <!-- <item><enclosure url="https://x/commented.jpg"/></item> -->
            <item><description><![CDATA[<item> <media:thumbnail url="https://x/q.jpg"/> ]]></description>
            <media:thumbnail url="https://x/1.jpg"/></item>
            <item/>
            <item><media:credit>A <b>b</b> &amp; <![CDATA[<i>c</i>]]></media:credit>
            <media:title><![CDATA[ ]]></media:title>
            <enclosure url="https://x/3.jpg" type="image/png"/>"#;
        let m = rss_item_media(xml);
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].thumbnail.as_deref(), Some("https://x/1.jpg"));
        assert_eq!(m[1], ItemMedia::default());
        assert_eq!(m[2].credit.as_deref(), Some("A <b>b</b> & <i>c</i>"));
        assert_eq!(m[2].title, None);
        assert_eq!(m[2].enclosures[0].url, "https://x/3.jpg");
    }

    #[test]
    fn broken_media_elements_cost_one_pass() {
        // Each element below, read on its own to the end of the document,
        // would make this quadratic: hours instead of milliseconds.
        let mut xml = String::from("<rss><channel><item>");
        for _ in 0..100_000 {
            xml.push_str("<media:title>x <enclosure url=\"a\" ");
        }
        xml.push_str("</item><item><media:credit>ok</media:credit></item>");
        let m = rss_item_media(&xml);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].title, None);
        assert_eq!(m[1].credit.as_deref(), Some("ok"));
    }
}
