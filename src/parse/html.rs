//! Text out of feed HTML: entities, plain text, summaries, and a body made
//! ready to store (absolute URLs, lazy images promoted, scripts gone).

use scraper::{ElementRef, Html, Node};
use url::Url;

use crate::render::sanitize::{clean_line, clean_text};

/// Longest summary kept, in characters.
pub const SUMMARY_MAX: usize = 600;

/// Decode HTML character references. WordPress feeds often escape the `&` of
/// an entity a second time (`&amp;#8217;`), which a reader shows as
/// `&#8217;`: a second pass, only where the first one left a reference behind,
/// undoes that.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let once = decode_entities_once(s);
    if once.contains('&') && once != s {
        decode_entities_once(&once)
    } else {
        once
    }
}

/// One level of character references decoded, as an XML parser does.
pub(super) fn decode_entities_once(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        match reference_at(rest) {
            Some((decoded, len)) => {
                out.extend(decoded.into_iter().flatten());
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character reference at the start of `s` ("&...;"): its one or two
/// characters and its length.
pub(super) fn reference_at(s: &str) -> Option<([Option<char>; 2], usize)> {
    // Longest named entity is 32 characters; numbers are shorter. Looking
    // no further keeps a run of bare '&' linear.
    let end = s.as_bytes()[1..].iter().take(34).position(|b| *b == b';')? + 1;
    let body = &s[1..end];
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        [Some(numeric_char(code)), None]
    } else {
        let (a, b) = *markup5ever::data::NAMED_ENTITIES.get(&s[1..=end])?;
        [char::from_u32(a), char::from_u32(b).filter(|_| b != 0)]
    };
    Some((decoded, end + 1))
}

/// A numeric reference as browsers read it: 128–159 name windows-1252
/// characters (`&#150;` is an en dash), impossible code points are U+FFFD.
fn numeric_char(code: u32) -> char {
    if (0x80..=0x9f).contains(&code)
        && let Some(c) = markup5ever::data::C1_REPLACEMENTS[(code - 0x80) as usize]
    {
        return c;
    }
    match char::from_u32(code) {
        Some(c) if code != 0 => c,
        _ => '\u{fffd}',
    }
}

/// Whether a string holds markup (a tag) rather than plain text.
pub fn looks_like_markup(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

/// A one-line field (title, author, category, caption) from text that may
/// hold markup and entities.
pub fn line(s: &str) -> String {
    if looks_like_markup(s) {
        clean_line(&plain_text(s))
    } else {
        clean_line(&decode_entities(s))
    }
}

/// `line`, with an empty result as None.
pub fn opt_line(s: &str) -> Option<String> {
    Some(line(s)).filter(|t| !t.is_empty())
}

/// The words of an HTML fragment: tags gone, entities decoded, script and
/// style left out, whitespace collapsed to single spaces.
pub fn plain_text(html: &str) -> String {
    // The scan decoded one level; double-escaped entities remain.
    clean_line(&decode_entities(&crate::parse::words::html_to_text(html)))
}

/// Text of an element and its descendants, with a space at block edges so
/// "<p>a</p><p>b</p>" does not read "ab". Walked without recursion: hostile
/// markup nests tens of thousands deep.
pub fn collect_text(el: ElementRef<'_>, out: &mut String) {
    use ego_tree::iter::Edge;
    let mut skipping = None;
    for edge in el.traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => out.push_str(t),
                    Node::Element(e) if node.id() != el.id() => {
                        if is_hidden_text(e.name()) {
                            skipping = Some(node.id());
                        } else if is_block(e.name()) {
                            out.push(' ');
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(skip) = skipping {
                    if skip == node.id() {
                        skipping = None;
                    }
                    continue;
                }
                if let Node::Element(e) = node.value()
                    && node.id() != el.id()
                    && is_block(e.name())
                {
                    out.push(' ');
                }
            }
        }
    }
}

fn is_hidden_text(name: &str) -> bool {
    matches!(name, "script" | "style" | "noscript" | "template")
}

fn is_block(name: &str) -> bool {
    !crate::parse::words::is_inline(name)
}

/// A summary: plain text with WordPress's boilerplate tails removed, capped
/// at a word boundary.
pub fn summary(html: &str) -> String {
    let mut text = plain_text(html);
    strip_tails(&mut text);
    cap_words(&text, SUMMARY_MAX)
}

/// "The post X appeared first on Y.", "[…]", "Continue reading …", "Read more".
fn strip_tails(text: &mut String) {
    if let Some(pos) = text.rfind("The post ")
        && text[pos..].contains(" appeared first on ")
    {
        text.truncate(pos);
    }
    let mut t = text.trim_end().to_string();
    let mut cut = false;
    // A few rounds cover "… [&hellip;] Read more"; a hostile run of tails
    // must not cost a pass over the text each.
    for _ in 0..4 {
        // ASCII lower-casing keeps byte offsets valid for `t`.
        let lower = t.to_ascii_lowercase();
        let bare = lower.trim_end_matches(['→', '»', '›', '>', ' ', '"', '”']);
        let decorated = bare.len() < lower.len();
        let end = [
            "[…]",
            "[...]",
            "[&hellip;]",
            "read more",
            "continue reading",
        ]
        .iter()
        .find(|tail| bare.ends_with(*tail))
        .map(|tail| bare.len() - tail.len())
        .or_else(|| {
            // "Continue reading <title> →" as themes append it.
            lower
                .rfind("continue reading")
                .filter(|p| decorated && lower.len() - p < 200)
        });
        match end {
            Some(e) => {
                t = t[..e].trim_end().to_string();
                cut = true;
            }
            None => break,
        }
    }
    if cut && !t.is_empty() {
        t = t
            .trim_end_matches(['…', '.', ',', ':', ';', '-', '–', ' '])
            .to_string();
        t.push('…');
    }
    *text = t;
}

/// Cut to at most `max` characters, at a word boundary, marking the cut.
pub fn cap_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let byte_end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let head = &text[..byte_end];
    let head = head.rfind(' ').map_or(head, |sp| &head[..sp]);
    format!("{}…", head.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// Resolve `link` against `base`; None for schemes that must never be
/// followed or fetched.
pub fn absolute_url(link: &str, base: Option<&Url>) -> Option<String> {
    let link = link.trim();
    if link.is_empty() {
        return None;
    }
    let url = match base {
        Some(b) => b.join(link).ok()?,
        None => Url::parse(link).ok()?,
    };
    matches!(url.scheme(), "http" | "https" | "mailto").then(|| url.to_string())
}

/// A body ready to store: raw `[caption]` shortcodes turned into figures,
/// lazy-loading attributes promoted, every URL absolute, dangerous schemes
/// and scripts removed, the result cleaned.
pub fn prepare_body(html: &str, base: Option<&Url>) -> String {
    prepare_body_and_images(html, base).0
}

/// `prepare_body` and the body's pictures (`images::body_images`) from one
/// parse: at a feed's scale the HTML parser is most of a sync's work.
pub fn prepare_body_and_images(
    html: &str,
    base: Option<&Url>,
) -> (String, Vec<crate::model::Image>) {
    let html = expand_caption_shortcodes(html);
    let mut doc = crate::parse::dom::parse_fragment(&html);
    let ids: Vec<_> = doc.tree.nodes().map(|n| n.id()).collect();
    for id in ids {
        let Some(mut node) = doc.tree.get_mut(id) else {
            continue;
        };
        let drop = match node.value() {
            Node::Element(e) => {
                matches!(e.name(), "script" | "style" | "noscript" | "template")
                    || (e.name() == "img" && is_pixel(e))
            }
            Node::Comment(_) => true,
            _ => false,
        };
        if drop {
            node.detach();
            continue;
        }
        if let Node::Element(e) = node.value() {
            rewrite_attrs(&mut e.attrs, base);
        }
    }
    if html.contains("appeared first on") {
        drop_feed_footer(&mut doc);
    }
    let images = crate::parse::images::images_in(&doc);
    let out = crate::parse::dom::inner_html(doc.root_element());
    (clean_text(out.trim()), images)
}

/// A 1×1 tracking image.
fn is_pixel(e: &scraper::node::Element) -> bool {
    let tiny = |a: &str| e.attr(a).is_some_and(|v| matches!(v.trim(), "0" | "1"));
    tiny("width") && tiny("height")
}

/// "The post X appeared first on Y." that WordPress SEO plugins append to
/// every feed body: not part of the article.
fn drop_feed_footer(doc: &mut Html) {
    static P: std::sync::LazyLock<scraper::Selector> =
        std::sync::LazyLock::new(|| scraper::Selector::parse("p").expect("static selector"));
    let doomed: Vec<_> = doc
        .select(&P)
        .filter(|p| {
            let t: String = p.text().collect();
            let t = t.trim_start();
            t.starts_with("The post ") && t.contains(" appeared first on ")
        })
        .map(|p| p.id())
        .collect();
    for id in doomed {
        if let Some(mut n) = doc.tree.get_mut(id) {
            n.detach();
        }
    }
}

fn rewrite_attrs(
    attrs: &mut Vec<(markup5ever::QualName, scraper::StrTendril)>,
    base: Option<&Url>,
) {
    let get = |attrs: &Vec<(markup5ever::QualName, scraper::StrTendril)>, name: &str| {
        attrs
            .iter()
            .find(|(k, _)| &*k.local == name)
            .map(|(_, v)| v.to_string())
    };
    // Lazy loaders keep the real picture in data-*; src holds a placeholder.
    for (lazy, real) in [
        ("data-lazy-src", "src"),
        ("data-src", "src"),
        ("data-lazy-srcset", "srcset"),
        ("data-srcset", "srcset"),
    ] {
        if let Some(v) = get(attrs, lazy).filter(|v| !v.trim().is_empty()) {
            set_attr(attrs, real, &v);
        }
    }
    attrs.retain(|(k, v)| keep_attr(&k.local, v));
    for (k, v) in attrs.iter_mut() {
        let name = &*k.local;
        let new = match name {
            "href" | "src" | "poster" | "cite" => absolute_url(v, base),
            "srcset" => Some(resolve_srcset(v, base)),
            _ => None,
        };
        if let Some(new) = new {
            *v = new.as_str().into();
        }
    }
}

/// Event handlers, spent lazy-loading attributes and URLs with schemes that
/// run code go.
fn keep_attr(name: &str, value: &str) -> bool {
    if name.starts_with("on") {
        return false;
    }
    if matches!(
        name,
        "data-src" | "data-lazy-src" | "data-srcset" | "data-lazy-srcset"
    ) {
        return false;
    }
    let is_url = matches!(name, "href" | "src" | "poster" | "action" | "formaction");
    !(is_url && is_dangerous(value))
}

fn set_attr(
    attrs: &mut Vec<(markup5ever::QualName, scraper::StrTendril)>,
    name: &str,
    value: &str,
) {
    match attrs.iter_mut().find(|(k, _)| &*k.local == name) {
        Some((_, v)) => *v = value.into(),
        None => attrs.push((
            markup5ever::QualName::new(None, markup5ever::ns!(), name.into()),
            value.into(),
        )),
    }
}

fn is_dangerous(url: &str) -> bool {
    // Browsers ignore whitespace and control characters in a scheme. The
    // schemes are ASCII, so the first other character ends the comparison.
    let mut head = [0u8; 11];
    let mut len = 0;
    let chars = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control());
    for c in chars.take(head.len()) {
        if !c.is_ascii() {
            break;
        }
        head[len] = c.to_ascii_lowercase() as u8;
        len += 1;
    }
    let head = &head[..len];
    [&b"javascript:"[..], b"vbscript:", b"data:", b"file:"]
        .iter()
        .any(|s| head.starts_with(s))
}

/// Each candidate of a srcset resolved; the descriptors kept.
fn resolve_srcset(srcset: &str, base: Option<&Url>) -> String {
    srcset
        .split(',')
        .filter_map(|cand| {
            let cand = cand.trim();
            let (url, desc) = cand.split_once(char::is_whitespace).unwrap_or((cand, ""));
            let url = absolute_url(url, base)?;
            Some(if desc.trim().is_empty() {
                url
            } else {
                format!("{url} {}", desc.trim())
            })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `[caption ...]<img ...> Text[/caption]` left unexpanded (excerpts, some
/// feeds) as the figure WordPress would have made of it.
fn expand_caption_shortcodes(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.contains("[caption") {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(start) = rest.find("[caption") {
        let Some(open_end) = rest[start..].find(']').map(|e| start + e + 1) else {
            break;
        };
        let Some(close) = rest[open_end..].find("[/caption]").map(|e| open_end + e) else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &rest[open_end..close];
        let split = inner.rfind('>').map_or(0, |p| p + 1);
        out.push_str("<figure class=\"wp-caption\">");
        out.push_str(&inner[..split]);
        out.push_str("<figcaption class=\"wp-caption-text\">");
        out.push_str(inner[split..].trim());
        out.push_str("</figcaption></figure>");
        rest = &rest[close + "[/caption]".len()..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decode_once_and_twice() {
        assert_eq!(
            decode_entities("Asia&#8217;s &#8220;new&#8221; era &#8211; &amp; more"),
            "Asia’s “new” era – & more"
        );
        assert_eq!(decode_entities("Asia&amp;#8217;s"), "Asia’s");
        assert_eq!(
            decode_entities("caf&eacute; &hellip; &#x2014; &#150;"),
            "café … — –"
        );
        assert_eq!(
            decode_entities("R&D & co; &bogus; &#0;"),
            "R&D & co; &bogus; \u{fffd}"
        );
    }

    #[test]
    fn summaries_lose_wordpress_tails() {
        let s = summary(
            "<p>Leaders met in Singapore [&hellip;]</p>\n<p>The post <a href=\"x\">Asia&#8217;s summit</a> appeared first on <a href=\"y\">Asia House</a>.</p>",
        );
        assert_eq!(s, "Leaders met in Singapore…");
        let s = summary(
            "<p>Short intro. <a class=\"more-link\" href=\"/x\">Continue reading <span>Title</span> &rarr;</a></p>",
        );
        assert_eq!(s, "Short intro…");
        assert_eq!(summary("<p>One</p><p>Two&nbsp;words</p>"), "One Two words");
        let long = "word ".repeat(300);
        let s = summary(&long);
        assert!(s.chars().count() <= SUMMARY_MAX + 1 && s.ends_with('…'));
    }

    #[test]
    fn schemes_that_run_code_are_known_however_spelt() {
        for bad in [
            " JaVa\tScript:alert(1)",
            "java\u{0}script:x",
            "\u{1}vbscript:x",
            "DATA:text/html,x",
            "file:///etc/passwd",
        ] {
            assert!(is_dangerous(bad), "{bad:?}");
        }
        for good in [
            "https://x/javascript:",
            "javascript",
            "/data:x",
            "ｊavascript:x",
            "",
        ] {
            assert!(!is_dangerous(good), "{good:?}");
        }
    }

    #[test]
    fn body_urls_resolve_and_lazy_images_promote() {
        let base = Url::parse("https://example.org/news/post/").unwrap();
        let out = prepare_body(
            "<p><a href=\"/about/\" onclick=\"x()\">a</a> <a href=\"javascript:alert(1)\">b</a></p>\
             <img src=\"data:image/gif;base64,R0lG\" data-lazy-src=\"img/a.jpg\" \
             data-lazy-srcset=\"img/a.jpg 1x, /img/a@2x.jpg 2x\"><script>evil()</script>",
            Some(&base),
        );
        assert!(out.contains("href=\"https://example.org/about/\""), "{out}");
        assert!(!out.contains("javascript") && !out.contains("onclick") && !out.contains("evil"));
        assert!(
            out.contains("src=\"https://example.org/news/post/img/a.jpg\""),
            "{out}"
        );
        assert!(out.contains("https://example.org/img/a@2x.jpg 2x"), "{out}");
    }

    #[test]
    fn raw_caption_shortcode_becomes_a_figure() {
        let out = expand_caption_shortcodes(
            "x [caption id=\"attachment_9\" width=\"300\"]<img src=\"a.jpg\" alt=\"A\"> The caption[/caption] y",
        );
        assert_eq!(
            out,
            "x <figure class=\"wp-caption\"><img src=\"a.jpg\" alt=\"A\"><figcaption class=\"wp-caption-text\">The caption</figcaption></figure> y"
        );
    }
}
