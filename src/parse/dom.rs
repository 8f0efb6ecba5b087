//! HTML parsing with a bound on nesting depth.
//!
//! html5ever checks the whole stack of open elements for each new tag, so a
//! body of twenty thousand nested `<div>`s costs minutes to parse. Browsers
//! cap the depth; so do we: start tags past `MAX_DEPTH` (and their end tags)
//! are dropped before parsing, keeping the text inside them.
//!
//! Serialising back to markup has the same kind of trap: html5ever's
//! serializer looks for the next `<` or `>` across the rest of a text node
//! after every `&` and every U+0080–U+00BF character, so a text node of N
//! ampersands costs N² (100 KB took seconds; a 20 MB body, hours).
//! `inner_html` writes the same markup in one pass.

use ego_tree::iter::Edge;
use markup5ever::ns;
use scraper::{ElementRef, Html, Node};
use std::borrow::Cow;

/// Deeper than any real article; shallow enough to parse fast.
pub const MAX_DEPTH: usize = 256;

/// Attributes kept on one tag. A parser compares each new attribute's name
/// with every earlier one's, so a tag of thousands costs their square.
pub const MAX_ATTRS: usize = 100;

/// Below this size, with few tags, a body cannot hold enough of either to
/// cost anything: it is parsed as it is.
const SMALL: usize = 16 * 1024;

pub fn parse_fragment(html: &str) -> Html {
    Html::parse_fragment(&flatten_deep(html))
}

pub fn parse_document(html: &str) -> Html {
    Html::parse_document(&flatten_deep(html))
}

/// Elements that never hold content, and elements whose end tag is usually
/// left out: neither deepens the tree in the count.
fn is_flat(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "option"
            | "optgroup"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "rp"
            | "rt"
            | "caption"
    )
}

/// Elements whose content is XML-like, where `/>` really closes an element.
fn is_foreign_root(name: &str) -> bool {
    matches!(name, "svg" | "math")
}

fn is_raw_text(name: &str) -> bool {
    matches!(name, "script" | "style" | "textarea" | "title")
}

/// The markup with start and end tags beyond `MAX_DEPTH` removed, and
/// attributes past `MAX_ATTRS` on any tag.
pub fn flatten_deep(html: &str) -> Cow<'_, str> {
    // Fewer tags than the limit cannot nest past it.
    if html.len() <= SMALL && html.bytes().filter(|b| *b == b'<').count() <= MAX_DEPTH {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut depth = 0usize;
    // Open `svg`/`math` elements: only inside them does `/>` close a tag.
    let mut foreign = 0usize;
    let mut changed = false;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let Some(tag) = Tag::at(rest) else {
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        let text = &rest[..tag.len];
        rest = &rest[tag.len..];
        let keep = match tag.kind {
            Kind::Other => true,
            Kind::Start {
                ref name,
                self_closing,
            } => {
                if is_raw_text(name) {
                    // Raw text: copy through its end tag untouched.
                    let close = format!("</{name}");
                    let end = find_ci(rest, &close).unwrap_or(rest.len());
                    out.push_str(text);
                    out.push_str(&rest[..end]);
                    rest = &rest[end..];
                    continue;
                }
                // HTML ignores `/>` on a non-void element: `<div/>` opens a
                // `<div>` that stays open, so it deepens the tree like one.
                if is_flat(name) || (self_closing && foreign > 0) {
                    true
                } else {
                    if is_foreign_root(name) && !self_closing {
                        foreign += 1;
                    }
                    depth += 1;
                    depth <= MAX_DEPTH
                }
            }
            Kind::End { ref name } => {
                // Raw-text elements were never counted on the way in.
                if is_flat(name) || is_raw_text(name) {
                    true
                } else {
                    if is_foreign_root(name) {
                        foreign = foreign.saturating_sub(1);
                    }
                    let keep = depth <= MAX_DEPTH;
                    depth = depth.saturating_sub(1);
                    keep
                }
            }
        };
        if !keep {
            changed = true;
        } else if let Some(cut) = attrs_cut(text) {
            out.push_str(text[..cut].trim_end());
            out.push_str(if text.ends_with("/>") { "/>" } else { ">" });
            changed = true;
        } else {
            out.push_str(text);
        }
    }
    out.push_str(rest);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(html)
    }
}

/// Where a start tag's text should end to keep only `MAX_ATTRS` attributes;
/// None when it has no more than that.
fn attrs_cut(tag: &str) -> Option<usize> {
    // Each attribute takes at least two bytes: a short tag cannot have many.
    if tag.len() < MAX_ATTRS * 2 || tag.starts_with("</") || tag.starts_with("<!") {
        return None;
    }
    let b = tag.as_bytes();
    let end = b.len() - usize::from(b.last() == Some(&b'>'));
    let is_space = |c: u8| c.is_ascii_whitespace() || c == b'/';
    let mut i = 1 + b[1..end]
        .iter()
        .position(|c| is_space(*c))
        .unwrap_or(end - 1);
    let mut count = 0;
    loop {
        while i < end && is_space(b[i]) {
            i += 1;
        }
        if i >= end {
            return None;
        }
        if count == MAX_ATTRS {
            return Some(i);
        }
        // The name (a lone '=' starts one too, as a tokenizer reads it).
        i += 1;
        while i < end && !is_space(b[i]) && b[i] != b'=' {
            i += 1;
        }
        while i < end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < end && b[i] == b'=' {
            i += 1;
            while i < end && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) if i < end => {
                    i += 1 + b[i + 1..end]
                        .iter()
                        .position(|c| *c == q)
                        .map_or(end - i - 1, |p| p + 1);
                }
                _ => {
                    while i < end && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                }
            }
        }
        count += 1;
    }
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

enum Kind {
    Start {
        name: String,
        self_closing: bool,
    },
    End {
        name: String,
    },
    /// Comments, doctypes, processing instructions.
    Other,
}

struct Tag {
    kind: Kind,
    len: usize,
}

impl Tag {
    /// The tag starting at `s` (which begins with '<'), if it is one.
    fn at(s: &str) -> Option<Tag> {
        let b = s.as_bytes();
        if s.starts_with("<!--") {
            let len = s.find("-->").map_or(s.len(), |e| e + 3);
            return Some(Tag {
                kind: Kind::Other,
                len,
            });
        }
        if matches!(b.get(1), Some(b'!' | b'?')) {
            let len = s.find('>').map_or(s.len(), |e| e + 1);
            return Some(Tag {
                kind: Kind::Other,
                len,
            });
        }
        let (is_end, name_start) = if b.get(1) == Some(&b'/') {
            (true, 2)
        } else {
            (false, 1)
        };
        if !b.get(name_start)?.is_ascii_alphabetic() {
            return None;
        }
        let name_end = s[name_start..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(s.len(), |e| name_start + e);
        let name = s[name_start..name_end].to_ascii_lowercase();
        // The tag ends at the first '>' outside a quoted attribute value.
        let mut quote = None;
        let mut len = s.len();
        for (i, c) in s[name_end..].char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => {
                    len = name_end + i + 1;
                    break;
                }
                _ => {}
            }
        }
        let kind = if is_end {
            Kind::End { name }
        } else {
            let self_closing = s[..len].trim_end_matches('>').ends_with('/');
            Kind::Start { name, self_closing }
        };
        Some(Tag { kind, len })
    }
}

/// The markup inside `el`, as html5ever's serializer writes it, in time
/// linear in its size.
pub fn inner_html(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    let root = el.id();
    for edge in el.traverse() {
        match edge {
            Edge::Open(node) if node.id() == root => {}
            Edge::Close(node) if node.id() == root => {}
            Edge::Open(node) => match node.value() {
                Node::Text(t) => {
                    // Raw-text parents are judged by local name alone for the
                    // element being serialised, by HTML name below it.
                    let raw = node.parent().is_some_and(|p| match p.value() {
                        Node::Element(e) if p.id() == root || e.name.ns == ns!(html) => {
                            is_raw_text_parent(e.name())
                        }
                        _ => false,
                    });
                    if raw {
                        out.push_str(t);
                    } else {
                        escape_into(t, false, &mut out);
                    }
                }
                Node::Element(e) => {
                    out.push('<');
                    out.push_str(e.name());
                    for (name, value) in &e.attrs {
                        out.push(' ');
                        if name.ns == ns!(xml) {
                            out.push_str("xml:");
                        } else if name.ns == ns!(xmlns) && &*name.local != "xmlns" {
                            out.push_str("xmlns:");
                        } else if name.ns == ns!(xlink) {
                            out.push_str("xlink:");
                        } else if name.ns != ns!() && name.ns != ns!(xmlns) {
                            out.push_str("unknown_namespace:");
                        }
                        out.push_str(&name.local);
                        out.push_str("=\"");
                        escape_into(value, true, &mut out);
                        out.push('"');
                    }
                    out.push('>');
                }
                Node::Comment(c) => {
                    out.push_str("<!--");
                    out.push_str(c);
                    out.push_str("-->");
                }
                Node::Doctype(d) => {
                    out.push_str("<!DOCTYPE ");
                    out.push_str(d.name());
                    out.push('>');
                }
                Node::ProcessingInstruction(p) => {
                    out.push_str("<?");
                    out.push_str(&p.target);
                    out.push(' ');
                    out.push_str(&p.data);
                    out.push('>');
                }
                Node::Document | Node::Fragment => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value()
                    && !(e.name.ns == ns!(html) && is_void(e.name()))
                {
                    out.push_str("</");
                    out.push_str(e.name());
                    out.push('>');
                }
            }
        }
    }
    out
}

fn escape_into(text: &str, attr: bool, out: &mut String) {
    // Runs with nothing to escape are copied whole; U+00A0 is 0xC2 0xA0.
    let special = |b: u8| matches!(b, b'&' | b'<' | b'>' | 0xc2) || (attr && b == b'"');
    let mut rest = text;
    while let Some(i) = rest.bytes().position(special) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let (escaped, len) = match tail.as_bytes() {
            [b'&', ..] => ("&amp;", 1),
            [b'<', ..] => ("&lt;", 1),
            [b'>', ..] => ("&gt;", 1),
            [b'"', ..] => ("&quot;", 1),
            [0xc2, 0xa0, ..] => ("&nbsp;", 2),
            // Another character that starts with 0xC2: copied as it is.
            _ => {
                let c = tail.chars().next().unwrap_or_default();
                out.push(c);
                rest = &tail[c.len_utf8()..];
                continue;
            }
        };
        out.push_str(escaped);
        rest = &tail[len..];
    }
    out.push_str(rest);
}

/// Elements with no end tag.
pub(crate) const VOID_ELEMENTS: [&str; 18] = [
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
];

fn is_void(name: &str) -> bool {
    VOID_ELEMENTS.contains(&name)
}

/// Text under these is written as it is (scraper serialises with scripting
/// off, so `noscript` text is escaped like any other).
fn is_raw_text_parent(name: &str) -> bool {
    matches!(
        name,
        "style" | "script" | "xmp" | "iframe" | "noembed" | "noframes" | "plaintext"
    )
}

/// The text of every `<script type="application/ld+json">` of a page, with
/// the CDATA and comment wrappers some themes put round it taken off.
pub fn json_ld_texts(doc: &Html) -> Vec<String> {
    static SCRIPTS: std::sync::LazyLock<scraper::Selector> =
        std::sync::LazyLock::new(|| scraper::Selector::parse("script").expect("static selector"));
    doc.select(&SCRIPTS)
        .filter(|s| {
            s.value()
                .attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        })
        .map(|s| {
            let text: String = s.text().collect();
            text.trim()
                .trim_start_matches("//<![CDATA[")
                .trim_start_matches("<![CDATA[")
                .trim_start_matches("<!--")
                .trim_end_matches("//]]>")
                .trim_end_matches("]]>")
                .trim_end_matches("-->")
                .trim()
                .to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_copies_runs_and_keeps_other_latin1() {
        let mut out = String::new();
        escape_into("a&b<c>d\u{a0}e\"f © ¼ x", true, &mut out);
        assert_eq!(out, "a&amp;b&lt;c&gt;d&nbsp;e&quot;f © ¼ x");
        out.clear();
        escape_into("\"q\" ©", false, &mut out);
        assert_eq!(out, "\"q\" ©");
    }

    #[test]
    fn inner_html_writes_what_html5ever_writes() {
        let samples = [
            r#"<p>Tom &amp; Jerry&nbsp;&lt;3 &#8217; &gt; "q" £5 ©</p><figure class="wp-block-image"><img src="/a.jpg?x=1&amp;y=&quot;2&quot;" alt="A &amp; B" srcset="a.jpg 1x, b.jpg 2x"><figcaption>Cap<br>tion</figcaption></figure>"#,
            "<script>if (a<b && c) {}</script><style>p>b{}</style><noscript><img src=x></noscript><!-- note --><textarea>a<b</textarea>",
            r##"<svg xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 1 1"><use xlink:href="#a"></use><foreignObject><p>x</p></foreignObject></svg><math><mi>x</mi></math>"##,
            "<table><tr><td>1<td>2</table><ul><li>a<li>b</ul><pre>\ncode</pre><iframe src=\"https://e.example/\">inner &amp;</iframe>",
        ];
        for html in samples {
            let doc = Html::parse_fragment(html);
            assert_eq!(
                inner_html(doc.root_element()),
                doc.root_element().inner_html(),
                "{html}"
            );
        }
    }

    #[test]
    fn inner_html_is_linear_in_ampersands() {
        let html = format!("<p>{}</p>", "&amp;\u{a3}".repeat(200_000));
        let doc = Html::parse_fragment(&html);
        let out = inner_html(doc.root_element());
        assert_eq!(out.matches("&amp;").count(), 200_000);
    }

    #[test]
    fn a_tag_keeps_its_first_hundred_attributes() {
        let attrs: String = (0..10_000)
            .map(|i| format!(" data-a{i}=\"v {i}\""))
            .collect();
        let html = format!("<p class='lead' id=x{attrs}>text</p><img src=a.jpg{attrs}/>");
        let flat = flatten_deep(&html);
        // `class` and `id`, then 98 more on the paragraph; `src` and 99 on
        // the picture.
        assert_eq!(flat.matches("data-a").count(), 98 + 99);
        assert!(flat.contains("data-a97=\"v 97\">text</p>"), "{flat}");
        assert!(flat.ends_with("data-a98=\"v 98\"/>"), "{flat}");
        let doc = parse_fragment(&html);
        let p = doc
            .root_element()
            .first_child()
            .and_then(ElementRef::wrap)
            .unwrap();
        assert_eq!(p.value().attrs().count(), MAX_ATTRS);
        assert_eq!(p.value().attr("class"), Some("lead"));
        // Quoted spaces and a `>` inside a value are one attribute each.
        let tricky = format!(
            "<p a=\"1 2 > 3\" b='x y' c=z d{}>t</p>{}",
            " e".repeat(200),
            ".".repeat(SMALL)
        );
        let flat = flatten_deep(&tricky);
        assert!(
            flat.starts_with("<p a=\"1 2 > 3\" b='x y' c=z d e"),
            "{flat}"
        );
        assert_eq!(flat.matches(" e").count(), MAX_ATTRS - 4);
        // Few attributes: nothing changes.
        let plain = format!("{}<p a=1 b=2>t</p>", " ".repeat(SMALL));
        assert!(matches!(flatten_deep(&plain), Cow::Borrowed(_)));
    }

    #[test]
    fn shallow_markup_is_untouched() {
        let html = "<div><p>a<p>b<img src=x><br></div>".repeat(100);
        assert!(matches!(flatten_deep(&html), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_markup_is_flattened_keeping_text() {
        let html = format!(
            "{}core<b>x</b>{}",
            "<div class=\"a>b\">".repeat(1000),
            "</div>".repeat(1000)
        );
        let flat = flatten_deep(&html);
        assert_eq!(flat.matches("<div").count(), MAX_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_DEPTH);
        assert!(flat.contains("corex"), "{flat}");
    }

    #[test]
    fn self_closing_html_elements_count_as_open() {
        // html5ever nests each `<div/>` in the one before: 1,000 of them
        // would build a tree 1,000 deep.
        let html = format!("{}text", "<div/>".repeat(1000));
        let flat = flatten_deep(&html);
        assert_eq!(flat.matches("<div/>").count(), MAX_DEPTH);
        let doc = parse_fragment(&html);
        let deepest = doc
            .root_element()
            .descendants()
            .map(|n| n.ancestors().count())
            .max()
            .unwrap_or(0);
        assert!(deepest <= MAX_DEPTH + 4, "{deepest}");
    }

    #[test]
    fn self_closing_tags_inside_svg_close_themselves() {
        let html = format!(
            "<svg>{}</svg><p>after</p>",
            "<path d=\"M0 0\"/>".repeat(1000)
        );
        assert!(matches!(flatten_deep(&html), Cow::Borrowed(_)));
    }

    #[test]
    fn raw_text_is_copied_through() {
        let html = format!(
            "{}<script>if (a<b) {{ x('<div>') }}</script>",
            "<span>".repeat(300)
        );
        let flat = flatten_deep(&html);
        assert!(
            flat.contains("<script>if (a<b) { x('<div>') }</script>"),
            "{flat}"
        );
    }
}
