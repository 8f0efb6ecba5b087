//! A forgiving XML reader for feeds: one pass over the text into a flat tree
//! of elements that point back into it.
//!
//! Feeds in the wild are not well-formed often enough that a strict parser
//! loses whole feeds over one stray `&` or a missing end tag. This reader,
//! like feedparser's loose mode, never fails: an end tag closes the nearest
//! open element of its name (and whatever was left open inside it), a stray
//! end tag is ignored, an unterminated construct runs to the end, HTML
//! entities are decoded beside XML's five. Namespaces are resolved, and the
//! ones feeds use are given one canonical prefix whatever the document
//! calls them, so `<foo:creator>` bound to Dublin Core reads as `dc:creator`.

use memchr::memchr;

use crate::parse::articles::markup::{
    Attrs, Piece, Pieces, declaration_len, escape_text, is_name_start, name_len, start_tag_end,
    unprefixed_tag,
};

/// Past this depth, start tags are read as text: hostile documents nest
/// deeper than any feed, and nothing here walks the tree by recursion anyway.
const MAX_DEPTH: usize = 256;

const NONE: u32 = u32::MAX;

/// Distinct namespaces kept apart, and namespace declarations read per
/// element: real feeds use a dozen; a hostile one declaring thousands would
/// make every lookup slow.
const MAX_SPACES: usize = 256;
const MAX_DECLARATIONS: usize = 64;

/// Where the namespaces past `MAX_SPACES` go: matched by nothing.
const OVERFLOW_SPACE: u16 = 1;

/// One element: ranges into the document text.
#[derive(Debug, Clone)]
struct El {
    /// The start of its start tag.
    start: u32,
    /// The qualified name as written.
    name: (u32, u32),
    /// The attributes as written, between the name and `>`.
    attrs: (u32, u32),
    /// The content, between the start tag and the end tag.
    inner: (u32, u32),
    /// Index into `Doc::spaces`: the canonical namespace prefix.
    ns: u16,
    parent: u32,
    first_child: u32,
    next_sibling: u32,
}

/// A parsed document. Element 0 is the root when there is one.
pub struct Doc<'a> {
    src: &'a str,
    els: Vec<El>,
    spaces: Vec<String>,
}

/// A handle to one element of a `Doc`.
#[derive(Clone, Copy)]
pub struct Node<'d, 'a> {
    doc: &'d Doc<'a>,
    id: u32,
}

/// Canonical prefixes of the namespaces feeds use. The core vocabularies of
/// RSS (0.90, 1.0, the userland and Harvard 2.0 ones) have none.
fn canonical(uri: &str) -> Option<&'static str> {
    let uri = uri.trim().trim_end_matches('/').to_ascii_lowercase();
    Some(match uri.as_str() {
        "http://www.w3.org/2005/atom" | "http://purl.org/atom/ns#" => "atom",
        "http://purl.org/rss/1.0"
        | "http://my.netscape.com/rdf/simple/0.9"
        | "http://backend.userland.com/rss2"
        | "http://backend.userland.com/rss"
        | "http://blogs.law.harvard.edu/tech/rss" => "",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#" => "rdf",
        "http://purl.org/dc/elements/1.1" => "dc",
        "http://purl.org/dc/terms" => "dcterms",
        "http://purl.org/rss/1.0/modules/content" => "content",
        "http://search.yahoo.com/mrss" => "media",
        "http://www.itunes.com/dtds/podcast-1.0.dtd" => "itunes",
        "http://www.w3.org/1999/xhtml" => "xhtml",
        "http://www.w3.org/xml/1998/namespace" => "xml",
        _ => return None,
    })
}

impl<'a> Doc<'a> {
    /// Read a document. Never fails; a text with no element has no root.
    pub fn parse(src: &'a str) -> Doc<'a> {
        let mut doc = Doc {
            src,
            els: Vec::new(),
            spaces: vec![String::new(), "?".to_string()],
        };
        // Namespace bindings in scope: (prefix, canonical index), with the
        // count each open element added.
        let mut bindings: Vec<(&'a str, u16)> = vec![("xml", doc.space("xml"))];
        let mut open: Vec<(u32, usize)> = Vec::new();
        let mut last_child: Vec<u32> = Vec::new();
        let bytes = src.as_bytes();
        let mut pos = 0usize;
        while let Some(off) = memchr(b'<', &bytes[pos..]) {
            let lt = pos + off;
            let rest = &src[lt..];
            if let Some(r) = rest.strip_prefix("<!--") {
                pos = r.find("-->").map_or(src.len(), |e| lt + 4 + e + 3);
            } else if let Some(r) = rest.strip_prefix("<![CDATA[") {
                pos = r.find("]]>").map_or(src.len(), |e| lt + 9 + e + 3);
            } else if rest.starts_with("<!") {
                pos = lt + declaration_len(rest);
            } else if rest.starts_with("<?") {
                pos = rest.find("?>").map_or(src.len(), |e| lt + e + 2);
            } else if let Some(r) = rest.strip_prefix("</") {
                let len = name_len(r);
                let end = memchr(b'>', &bytes[lt..]).map_or(src.len(), |e| lt + e + 1);
                let name = &r[..len];
                if let Some(k) = open
                    .iter()
                    .rposition(|&(id, _)| doc.raw_name(id) == name && !name.is_empty())
                {
                    for &(id, added) in &open[k..] {
                        doc.els[id as usize].inner.1 = lt as u32;
                        bindings.truncate(bindings.len() - added);
                    }
                    open.truncate(k);
                    last_child.truncate(k);
                }
                pos = end;
            } else if rest.len() > 1 && is_name_start(bytes[lt + 1]) {
                let name_end = lt + 1 + name_len(&rest[1..]);
                let (tag_end, self_closing) = start_tag_end(bytes, name_end);
                pos = tag_end;
                if open.len() >= MAX_DEPTH {
                    continue;
                }
                // A broken tag ends where it stops, with no `>` to leave out.
                let attrs_end = if bytes[tag_end - 1] != b'>' {
                    tag_end
                } else if self_closing {
                    tag_end - 2
                } else {
                    tag_end - 1
                };
                let attrs = &src[name_end..attrs_end.max(name_end)];
                let before = bindings.len();
                for (k, v) in Attrs(attrs)
                    .filter(|(k, _)| k.starts_with("xmlns"))
                    .take(MAX_DECLARATIONS)
                {
                    let prefix = if k == "xmlns" {
                        ""
                    } else if let Some(p) = k.strip_prefix("xmlns:") {
                        p
                    } else {
                        continue;
                    };
                    let space = match canonical(&crate::parse::html::decode_entities_once(v)) {
                        Some(c) => doc.space(c),
                        // An unknown default namespace is still the
                        // document's own vocabulary; an unknown prefix
                        // stays itself.
                        None => doc.space(prefix),
                    };
                    bindings.push((prefix, space));
                }
                let qname = &src[lt + 1..name_end];
                if is_record(qname)
                    && let Some(k) = open.iter().rposition(|&(id, _)| {
                        let open_name = doc.raw_name(id);
                        open_name == qname
                    })
                {
                    // An item left open ends where the next one begins.
                    for &(id, added) in &open[k..] {
                        doc.els[id as usize].inner.1 = lt as u32;
                        bindings.truncate(bindings.len() - added);
                    }
                    open.truncate(k);
                    last_child.truncate(k);
                }
                let prefix = qname.split_once(':').map_or("", |(p, _)| p);
                let ns = bindings
                    .iter()
                    .rev()
                    .find(|(p, _)| *p == prefix)
                    .map(|&(_, s)| s)
                    .unwrap_or_else(|| doc.space(prefix));
                let id = doc.els.len() as u32;
                let parent = open.last().map_or(NONE, |&(p, _)| p);
                doc.els.push(El {
                    start: lt as u32,
                    name: (lt as u32 + 1, name_end as u32),
                    attrs: (name_end as u32, attrs_end.max(name_end) as u32),
                    inner: (tag_end as u32, tag_end as u32),
                    ns,
                    parent,
                    first_child: NONE,
                    next_sibling: NONE,
                });
                if parent != NONE
                    && let Some(prev) = last_child.last_mut()
                {
                    if *prev == NONE {
                        doc.els[parent as usize].first_child = id;
                    } else {
                        doc.els[*prev as usize].next_sibling = id;
                    }
                    *prev = id;
                }
                if self_closing {
                    bindings.truncate(before);
                } else {
                    open.push((id, bindings.len() - before));
                    last_child.push(NONE);
                }
            } else {
                // A lone `<` in text.
                pos = lt + 1;
            }
        }
        for &(id, _) in &open {
            doc.els[id as usize].inner.1 = src.len() as u32;
        }
        doc
    }

    fn space(&mut self, name: &str) -> u16 {
        match self.spaces.iter().position(|s| s == name) {
            Some(i) => i as u16,
            None if self.spaces.len() < MAX_SPACES => {
                self.spaces.push(name.to_string());
                (self.spaces.len() - 1) as u16
            }
            None => OVERFLOW_SPACE,
        }
    }

    fn raw_name(&self, id: u32) -> &'a str {
        let (s, e) = self.els[id as usize].name;
        &self.src[s as usize..e as usize]
    }

    pub fn root(&self) -> Option<Node<'_, 'a>> {
        (!self.els.is_empty()).then_some(Node { doc: self, id: 0 })
    }

    /// Every element in document order.
    pub fn all(&self) -> impl Iterator<Item = Node<'_, 'a>> {
        (0..self.els.len() as u32).map(|id| Node { doc: self, id })
    }
}

impl<'d, 'a> Node<'d, 'a> {
    fn el(&self) -> &'d El {
        &self.doc.els[self.id as usize]
    }

    /// The canonical namespace prefix ("" for the document's own vocabulary).
    pub fn ns(&self) -> &'d str {
        &self.doc.spaces[usize::from(self.el().ns)]
    }

    /// The name without its prefix, as written.
    pub fn local(&self) -> &'a str {
        let q = self.doc.raw_name(self.id);
        q.rsplit_once(':').map_or(q, |(_, l)| l)
    }

    /// Whether this is `ns:local` (local name compared without case: old
    /// feeds write `<ITEM>`).
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.ns() == ns && self.local().eq_ignore_ascii_case(local)
    }

    pub fn parent(&self) -> Option<Node<'d, 'a>> {
        let p = self.el().parent;
        (p != NONE).then_some(Node {
            doc: self.doc,
            id: p,
        })
    }

    /// Where the element starts in the text: document order.
    pub fn start(&self) -> usize {
        self.el().start as usize
    }

    /// Where its content ends.
    pub fn end(&self) -> usize {
        self.el().inner.1 as usize
    }

    pub fn children(&self) -> impl Iterator<Item = Node<'d, 'a>> + use<'d, 'a> {
        let doc = self.doc;
        let mut next = self.el().first_child;
        std::iter::from_fn(move || {
            (next != NONE).then(|| {
                let n = Node { doc, id: next };
                next = doc.els[next as usize].next_sibling;
                n
            })
        })
    }

    pub fn child(&self, ns: &str, local: &str) -> Option<Node<'d, 'a>> {
        self.children().find(|c| c.is(ns, local))
    }

    pub fn children_named<'s>(
        &self,
        ns: &'s str,
        local: &'s str,
    ) -> impl Iterator<Item = Node<'d, 'a>> + use<'d, 'a, 's> {
        self.children().filter(move |c| c.is(ns, local))
    }

    /// An attribute by its name as written (`href`, `xml:base`,
    /// `rdf:about`), entities decoded.
    pub fn attr(&self, name: &str) -> Option<String> {
        let (s, e) = self.el().attrs;
        Attrs(&self.doc.src[s as usize..e as usize])
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| crate::parse::html::decode_entities_once(v))
    }

    /// The content as written.
    pub fn raw_inner(&self) -> &'a str {
        let (s, e) = self.el().inner;
        &self.doc.src[s as usize..e as usize]
    }

    pub fn has_children(&self) -> bool {
        self.el().first_child != NONE
    }

    /// The character data of the element and its descendants: entities
    /// decoded, CDATA as it is, tags and comments left out.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for piece in Pieces(self.raw_inner()) {
            match piece {
                Piece::Text(t) => {
                    if t.contains('&') {
                        out.push_str(&crate::parse::html::decode_entities_once(t));
                    } else {
                        out.push_str(t);
                    }
                }
                Piece::CData(t) => out.push_str(t),
                Piece::Tag(_) => {}
            }
        }
        out
    }

    /// The content as HTML: escaped or CDATA-quoted HTML decoded; markup
    /// written inline (unescaped, or XHTML) kept as markup, with the CDATA
    /// sections inside it opened and its namespace prefixes dropped.
    pub fn html(&self) -> String {
        if self.has_children() {
            self.markup()
        } else {
            self.text()
        }
    }

    /// The content as markup, as XHTML is: entities left for the HTML
    /// reader, CDATA sections escaped, namespace prefixes dropped.
    pub fn markup(&self) -> String {
        let mut out = String::with_capacity(self.raw_inner().len());
        for piece in Pieces(self.raw_inner()) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::CData(t) => out.push_str(&escape_text(t)),
                Piece::Tag(t) => out.push_str(&unprefixed_tag(t)),
            }
        }
        out
    }
}

/// Elements that never nest in a feed: one left open is closed by the next.
fn is_record(qname: &str) -> bool {
    let local = qname.rsplit_once(':').map_or(qname, |(_, l)| l);
    local.eq_ignore_ascii_case("item") || local.eq_ignore_ascii_case("entry")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_get_canonical_prefixes() {
        let doc = Doc::parse(
            r#"<?xml version="1.0"?><rss xmlns:x="http://purl.org/dc/elements/1.1/" xmlns="http://backend.userland.com/rss2"><channel><item><x:creator>A &amp; B</x:creator><media:title>t</media:title></item></channel></rss>"#,
        );
        let item = doc.all().find(|n| n.is("", "item")).unwrap();
        let creator = item.children().next().unwrap();
        assert!(creator.is("dc", "creator"));
        assert_eq!(creator.text(), "A & B");
        // An undeclared prefix stays itself.
        assert!(item.child("media", "title").is_some());
    }

    #[test]
    fn broken_markup_is_recovered() {
        let doc = Doc::parse(
            "<rss><channel><item><title>a & b &eacute; <b>x</i></title><link>http://x/</link></item><item><title><![CDATA[<c>]]></title></item></rss>",
        );
        let items: Vec<_> = doc.all().filter(|n| n.is("", "item")).collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].child("", "title").unwrap().text(), "a & b é x");
        assert_eq!(items[0].child("", "link").unwrap().text(), "http://x/");
        assert_eq!(items[1].child("", "title").unwrap().text(), "<c>");
        assert_eq!(items[1].child("", "title").unwrap().html(), "<c>");
    }

    #[test]
    fn inline_markup_is_html_without_prefixes() {
        let doc = Doc::parse(
            r#"<content type="xhtml"><h:div xmlns:h="http://www.w3.org/1999/xhtml"><h:p>a <h:b>b</h:b> <![CDATA[<c>]]></h:p></h:div></content>"#,
        );
        let div = doc.root().unwrap().children().next().unwrap();
        assert!(div.is("xhtml", "div"));
        assert_eq!(div.html(), "<p>a <b>b</b> &lt;c&gt;</p>");
    }

    #[test]
    fn an_item_left_open_ends_at_the_next() {
        let doc = Doc::parse(
            "<rss><channel><item><title>a</title><item><title>b</title></channel></rss>",
        );
        let items: Vec<_> = doc.all().filter(|n| n.is("", "item")).collect();
        assert_eq!(items.len(), 2);
        assert!(items[1].parent().is_some_and(|p| p.is("", "channel")));
        assert_eq!(items[0].text(), "a");
    }

    #[test]
    fn namespace_floods_stay_cheap() {
        let mut s = String::from("<rss><channel>");
        for i in 0..20_000 {
            s.push_str(&format!("<p{i}:x xmlns:p{i}=\"urn:{i}\"/><q{i}:y/>"));
        }
        let doc = Doc::parse(&s);
        assert_eq!(doc.all().count(), 40_002);
        assert!(doc.spaces.len() <= MAX_SPACES);
    }

    #[test]
    fn deep_and_unterminated_documents_end() {
        let deep = "<a>".repeat(100_000);
        assert_eq!(Doc::parse(&deep).all().count(), MAX_DEPTH);
        for s in [
            "<a b=\"",
            "<!--",
            "<![CDATA[",
            "<!DOCTYPE [",
            "<",
            "</",
            "<a",
            "<?x",
        ] {
            let _ = Doc::parse(s).all().count();
        }
    }
}
