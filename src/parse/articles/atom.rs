//! One Atom entry (RFC 4287, and Atom 0.3 as old blogs still serve it) as
//! article parts.

use url::Url;

use crate::parse::articles::article::ArticleParts;
use crate::parse::articles::feed::{
    ItemDraft, Kind, Repairs, base_of, base64_text, first_date, http_url, person, text_as_html,
};
use crate::parse::articles::media;
use crate::parse::articles::xml::Node;
use crate::parse::html::opt_line;
use crate::render::sanitize::clean_line;

/// A text construct's value and whether it is HTML.
struct Text {
    value: String,
    html: bool,
}

pub(super) fn entry(
    kind: Kind,
    e: &Node<'_, '_>,
    base: Option<&Url>,
    feed_author: Option<&str>,
    repairs: &mut Repairs,
) -> ItemDraft {
    let guid = kind
        .child(e, "id")
        .map(|g| clean_line(g.text().trim()))
        .filter(|g| !g.is_empty());
    let url = alternate_link(kind, e, base).or_else(|| {
        // An id that is an http(s) URL is what the entry has of a page.
        guid.as_deref().and_then(|g| http_url(g, None))
    });
    let title = kind
        .child(e, "title")
        .and_then(|t| text_construct(&t, repairs))
        .and_then(|t| {
            if t.html {
                opt_line(&t.value)
            } else {
                Some(clean_line(&t.value)).filter(|s| !s.is_empty())
            }
        })
        .or_else(|| media::title(e))
        .unwrap_or_default();
    // RFC 4287 §4.1.2: an entry without an author has its source's, else
    // its feed's.
    let author = person_name(kind, e)
        .or_else(|| {
            e.child("dc", "creator")
                .and_then(|c| opt_line(&person(&c.text())))
        })
        .or_else(|| kind.child(e, "source").and_then(|s| person_name(kind, &s)))
        .or_else(|| feed_author.map(str::to_string));
    let categories = e
        .children()
        .filter_map(|c| {
            if kind.is(&c, "category") {
                c.attr("label")
                    .filter(|l| !l.trim().is_empty())
                    .or_else(|| c.attr("term"))
                    .and_then(|t| opt_line(&t))
            } else if c.is("dc", "subject") {
                opt_line(&c.text())
            } else {
                None
            }
        })
        .collect();
    let as_html = |t: Text| {
        if t.html {
            t.value
        } else {
            text_as_html(&t.value)
        }
    };
    let summary_html = kind
        .child(e, "summary")
        .and_then(|s| text_construct(&s, repairs))
        .map(as_html);
    let content_html = kind
        .children_of(e, "content")
        // Out-of-line content (`src=`) is not in the feed.
        .filter(|c| c.attr("src").is_none())
        .find_map(|c| text_construct(&c, repairs))
        .map(as_html);
    let published = first_date(
        e,
        &[
            ("atom", "published"),
            ("", "published"),
            ("atom", "issued"),
            ("", "issued"),
            ("atom", "created"),
            ("", "created"),
            ("dc", "date"),
        ],
    );
    let updated = first_date(
        e,
        &[
            ("atom", "updated"),
            ("", "updated"),
            ("atom", "modified"),
            ("", "modified"),
        ],
    );
    ItemDraft {
        parts: ArticleParts {
            guid,
            url,
            title,
            author,
            published: None,
            updated: None,
            categories,
            summary_html,
            content_html,
            featured: media::featured(e, base_of(e, base).as_ref())
                .or_else(|| enclosure_image(kind, e, base)),
        },
        published,
        updated,
    }
}

/// The name of the first author of a feed, entry or source.
pub(super) fn person_name(kind: Kind, n: &Node<'_, '_>) -> Option<String> {
    n.children()
        .filter(|c| kind.is(c, "author"))
        .find_map(|a| match kind.child(&a, "name") {
            Some(name) => opt_line(&name.text()),
            // Atom 0.3 feeds and broken ones write the name as the text.
            None if !a.has_children() => opt_line(&person(&a.text())),
            // An address is still who wrote it, as RSS names authors.
            None => kind.child(&a, "email").and_then(|e| opt_line(&e.text())),
        })
}

fn rel(l: &Node<'_, '_>) -> String {
    let r = l.attr("rel").unwrap_or_default();
    let r = r.trim();
    r.strip_prefix("http://www.iana.org/assignments/relation/")
        .unwrap_or(r)
        .to_ascii_lowercase()
}

/// The entry's page: the first `rel="alternate"` (or rel-less) link that is
/// http(s), resolved against `xml:base`. Never self, related, via, edit,
/// replies, license or an enclosure.
fn alternate_link(kind: Kind, e: &Node<'_, '_>, base: Option<&Url>) -> Option<String> {
    kind.children_of(e, "link")
        .filter(|l| matches!(rel(l).as_str(), "" | "alternate"))
        .find_map(|l| {
            // Some feeds write the URL as the link's text.
            let href = l.attr("href").unwrap_or_else(|| l.text());
            http_url(&href, base_of(&l, base).as_ref())
        })
}

/// `<link rel="enclosure" type="image/…">`.
fn enclosure_image(
    kind: Kind,
    e: &Node<'_, '_>,
    base: Option<&Url>,
) -> Option<crate::model::Image> {
    kind.children_of(e, "link")
        .filter(|l| rel(l) == "enclosure")
        .filter(|l| {
            l.attr("type")
                .is_some_and(|t| t.trim().starts_with("image/"))
        })
        .find_map(|l| {
            Some(crate::model::Image {
                url: http_url(&l.attr("href")?, base_of(&l, base).as_ref())?,
                ..crate::model::Image::default()
            })
        })
}

/// A text construct read by its declared type, as RFC 4287 §3.1 and Atom
/// 0.3 define them. A type nobody defines reads as text when it is text,
/// and is dropped (and counted) when it is not.
fn text_construct(n: &Node<'_, '_>, repairs: &mut Repairs) -> Option<Text> {
    let ty = n
        .attr("type")
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let mode = n
        .attr("mode")
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let binary = !(ty.is_empty()
        || matches!(ty.as_str(), "text" | "html" | "xhtml")
        || ty.starts_with("text/")
        || ty.ends_with("xml"));
    let raw = if mode == "base64" || binary {
        match base64_text(n.text().trim()) {
            Some(t) => t,
            None => {
                repairs.note("Atom base64 text that does not decode to text was dropped");
                return None;
            }
        }
    } else if mode == "xml" || ty.contains("xhtml") || ty.ends_with("xml") {
        xhtml(n)
    } else {
        n.text()
    };
    let html = match ty.as_str() {
        "" | "text" | "text/plain" => false,
        "html" | "text/html" | "xhtml" | "application/xhtml+xml" => true,
        t if t.contains("html") || t.ends_with("xml") => true,
        t if t.starts_with("text/") => false,
        // RFC 4287 §4.1.3.3: any other type is base64, decoded above; what
        // it holds is shown as text.
        _ => {
            repairs.note("an Atom text of a binary type was read as base64");
            false
        }
    };
    if !html && mode == "xml" && n.has_children() {
        // Atom 0.3 inline XML declared as plain text: its words.
        return Some(Text {
            value: n.text(),
            html: false,
        });
    }
    Some(Text { value: raw, html })
}

/// Inline XHTML: the content of its wrapping `<div>`, else all of it.
fn xhtml(n: &Node<'_, '_>) -> String {
    let mut kids = n.children();
    match (kids.next(), kids.next()) {
        (Some(div), None) if div.local().eq_ignore_ascii_case("div") => div.markup(),
        _ => n.markup(),
    }
}
