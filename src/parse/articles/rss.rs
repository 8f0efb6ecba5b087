//! One RSS item (0.90 to 2.0, RSS 1.0 / RDF included) as article parts.

use url::Url;

use crate::parse::articles::article::ArticleParts;
use crate::parse::articles::feed::{
    ItemDraft, Kind, Repairs, base_of, first_date, http_url, is_email, person,
};
use crate::parse::articles::media;
use crate::parse::articles::xml::Node;
use crate::parse::html::opt_line;
use crate::render::sanitize::clean_line;

pub(super) fn item(
    kind: Kind,
    it: &Node<'_, '_>,
    base: Option<&Url>,
    _: &mut Repairs,
) -> ItemDraft {
    let item_base = base_of(it, base);
    let item_base = item_base.as_ref();
    let guid_el = kind.child(it, "guid");
    let guid = guid_el
        .map(|g| clean_line(g.text().trim()))
        .filter(|g| !g.is_empty());
    let url = link(kind, it, item_base).or_else(|| {
        // A guid is a permalink unless it says otherwise (RSS 2.0).
        let permalink = guid_el
            .and_then(|g| g.attr("isPermaLink"))
            .is_none_or(|p| !p.trim().eq_ignore_ascii_case("false"));
        guid.as_deref()
            .filter(|_| permalink)
            .and_then(|g| http_url(g, None))
    });
    let title = [("", "title"), ("dc", "title")]
        .iter()
        .find_map(|&(ns, local)| {
            it.children()
                .filter(|c| {
                    if ns.is_empty() {
                        kind.is(c, local)
                    } else {
                        c.is(ns, local)
                    }
                })
                .find_map(|t| opt_line(&t.html()))
        })
        .or_else(|| media::title(it))
        .unwrap_or_default();
    let categories = it
        .children()
        .filter(|c| kind.is(c, "category") || c.is("dc", "subject"))
        .filter_map(|c| opt_line(&c.text()))
        .collect();
    let summary_html = kind
        .child(it, "description")
        .or_else(|| it.child("dc", "description"))
        .or_else(|| it.child("itunes", "summary"))
        .or_else(|| kind.child(it, "abstract"))
        .map(|d| d.html());
    let content_html = it
        .child("content", "encoded")
        .map(|c| c.html())
        .or_else(|| it.child("xhtml", "body").map(|b| b.html()));
    let published = first_date(
        it,
        &[
            ("", "pubDate"),
            ("dc", "date"),
            ("dcterms", "issued"),
            ("dcterms", "created"),
            ("atom", "published"),
        ],
    );
    let updated = first_date(it, &[("dcterms", "modified"), ("atom", "updated")]).or_else(|| {
        it.attr("lastmod")
            .and_then(|d| crate::parse::articles::dates::parse_date(&d))
    });
    ItemDraft {
        parts: ArticleParts {
            guid,
            url,
            title,
            author: author(kind, it),
            published: None,
            updated: None,
            categories,
            summary_html,
            content_html,
            featured: media::featured(it, item_base),
        },
        published,
        updated,
    }
}

/// The item's page: `<link>`, else an Atom alternate link, else (RDF) the
/// item's `rdf:about`; the first that is http(s).
fn link(kind: Kind, it: &Node<'_, '_>, base: Option<&Url>) -> Option<String> {
    let plain = it.children().filter(|c| kind.is(c, "link")).find_map(|l| {
        let text = l.text();
        let href = if text.trim().is_empty() {
            l.attr("href")?
        } else {
            text
        };
        http_url(&href, base_of(&l, base).as_ref())
    });
    plain
        .or_else(|| {
            it.children_named("atom", "link")
                .filter(|l| {
                    l.attr("rel")
                        .is_none_or(|r| matches!(r.trim(), "" | "alternate"))
                })
                .find_map(|l| http_url(&l.attr("href")?, base_of(&l, base).as_ref()))
        })
        .or_else(|| http_url(&it.attr("rdf:about")?, base))
        // Microsoft's CDF: `<ITEM HREF="…">`.
        .or_else(|| http_url(&it.attr("href")?, base))
}

/// `<author>` (an e-mail address with the name in brackets, or an element
/// holding a `<name>`), `dc:creator`, an Atom author, then the podcast's
/// `itunes:author`. A name wins over a bare e-mail address.
fn author(kind: Kind, it: &Node<'_, '_>) -> Option<String> {
    let mut found = Vec::new();
    for c in it.children() {
        let name = if kind.is(&c, "author") {
            match kind.child(&c, "name") {
                Some(n) => opt_line(&n.text()),
                None => opt_line(&person(&c.text())),
            }
        } else if c.is("dc", "creator") || c.is("dc", "author") {
            opt_line(&person(&c.html()))
        } else if c.is("atom", "author") {
            c.child("atom", "name").and_then(|n| opt_line(&n.text()))
        } else {
            None
        };
        found.extend(name);
    }
    if found.is_empty() {
        found.extend(
            it.child("itunes", "author")
                .and_then(|a| opt_line(&a.text())),
        );
    }
    found
        .iter()
        .find(|n| !is_email(n))
        .or(found.first())
        .cloned()
}
