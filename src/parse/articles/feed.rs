//! RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0: the document read leniently
//! (`xml`), each item mapped onto `Article` (`rss`, `atom`). What every
//! feed format shares lives here: dates resolved in the feed's zone, links
//! resolved against `xml:base`, field repairs counted.

use std::collections::BTreeMap;

use url::Url;

use crate::parse::articles::article::{ArticleParts, finish};
use crate::parse::articles::dates::FeedDate;
use crate::parse::articles::markup::escape_text;
use crate::parse::articles::xml::{Doc, Node};
use crate::parse::articles::{atom, rss};
use crate::parse::html::absolute_url;
use crate::parse::{ArticleBatch, ParseError};

/// The vocabulary a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Rss,
    Rdf,
    Atom,
}

impl Kind {
    /// Whether `n` is `local` of the format's own vocabulary. Atom written
    /// with no namespace at all is still Atom.
    pub(super) fn is(self, n: &Node<'_, '_>, local: &str) -> bool {
        let ns_ok = match self {
            Kind::Atom => matches!(n.ns(), "atom" | ""),
            Kind::Rss | Kind::Rdf => n.ns().is_empty(),
        };
        ns_ok && n.local().eq_ignore_ascii_case(local)
    }

    pub(super) fn child<'d, 'a>(self, n: &Node<'d, 'a>, local: &str) -> Option<Node<'d, 'a>> {
        n.children().find(|c| self.is(c, local))
    }

    pub(super) fn children_of<'d, 'a, 's>(
        self,
        n: &Node<'d, 'a>,
        local: &'s str,
    ) -> impl Iterator<Item = Node<'d, 'a>> + use<'d, 'a, 's> {
        n.children().filter(move |c| self.is(c, local))
    }
}

/// Fields a feed got wrong and that were dropped or mended, counted per
/// kind of mistake: one warning each, not one per item.
#[derive(Debug, Default)]
pub(super) struct Repairs(BTreeMap<&'static str, usize>);

impl Repairs {
    pub(super) fn note(&mut self, what: &'static str) {
        *self.0.entry(what).or_default() += 1;
    }

    pub(super) fn into_warnings(self) -> impl Iterator<Item = String> {
        self.0.into_iter().map(|(what, n)| {
            if n == 1 {
                what.to_string()
            } else {
                format!("{what} (×{n})")
            }
        })
    }
}

/// An item's dates before the feed's zone is known.
pub(super) struct ItemDraft {
    pub parts: ArticleParts,
    pub published: Option<FeedDate>,
    pub updated: Option<FeedDate>,
}

/// Parse decoded XML feed text.
pub fn parse_xml_feed(text: &str, base_url: &str, site: &str) -> Result<ArticleBatch, ParseError> {
    let doc = Doc::parse(text);
    let root = doc.root().ok_or_else(|| ParseError::Malformed {
        format: "xml",
        detail: "no root element".into(),
    })?;
    let (kind, item_name, format) = match root.local().to_ascii_lowercase().as_str() {
        "feed" => (Kind::Atom, "entry", "atom"),
        "rdf" => (Kind::Rdf, "item", "rss1"),
        // Microsoft's Channel Definition Format reads as RSS.
        "rss" | "channel" => (Kind::Rss, "item", "rss"),
        _ => {
            return Err(ParseError::NotAFeed(
                "no RSS, Atom or JSON Feed root element".into(),
            ));
        }
    };
    let base = Url::parse(base_url).ok();
    let mut repairs = Repairs::default();
    // Items are found wherever they are (RSS 1.0 puts them beside the
    // channel, broken feeds outside it), but never inside another item.
    let mut items = Vec::new();
    let mut inside_until = 0;
    for n in doc.all() {
        if n.start() >= inside_until && kind.is(&n, item_name) {
            inside_until = n.end().max(n.start() + 1);
            items.push(n);
        }
    }
    let channel = match kind {
        Kind::Atom => root,
        _ => kind.child(&root, "channel").unwrap_or(root),
    };
    let drafts: Vec<ItemDraft> = match kind {
        Kind::Atom => {
            let feed_author = atom::person_name(kind, &root);
            items
                .iter()
                .map(|e| atom::entry(kind, e, base.as_ref(), feed_author.as_deref(), &mut repairs))
                .collect()
        }
        _ => items
            .iter()
            .map(|i| rss::item(kind, i, base.as_ref(), &mut repairs))
            .collect(),
    };
    let next_page = channel
        .children()
        .filter(|l| l.local() == "link" && matches!(l.ns(), "atom" | ""))
        .find(|l| l.attr("rel").is_some_and(|r| r.trim() == "next"))
        .and_then(|l| http_url(&l.attr("href")?, base_of(&l, base.as_ref()).as_ref()));
    let mut batch = ArticleBatch {
        format,
        next_page,
        ..ArticleBatch::default()
    };
    finish_all(drafts, site, base.as_ref(), &mut batch);
    batch.warnings.extend(repairs.into_warnings());
    Ok(batch)
}

/// Dates resolved (a date written without a zone is in the zone the feed's
/// other dates name, else UTC), then each item made an article.
pub(super) fn finish_all(
    drafts: Vec<ItemDraft>,
    site: &str,
    base: Option<&Url>,
    batch: &mut ArticleBatch,
) {
    let feed_offset = drafts
        .iter()
        .flat_map(|d| [d.published, d.updated])
        .find_map(|d| d?.offset())
        .unwrap_or(0);
    for d in drafts {
        let mut parts = d.parts;
        let published = d.published.and_then(|p| p.resolve(feed_offset));
        let updated = d.updated.and_then(|p| p.resolve(feed_offset));
        parts.published = published.or(updated);
        parts.updated = updated;
        match finish(parts, site, base) {
            Ok(article) => batch.articles.push(article),
            Err(why) => batch.warnings.push(why),
        }
    }
}

/// The base URL in force at `n`: the document's, overridden by every
/// `xml:base` from the root down.
pub(super) fn base_of(n: &Node<'_, '_>, doc_base: Option<&Url>) -> Option<Url> {
    let mut chain = Vec::new();
    let mut at = Some(*n);
    while let Some(e) = at {
        if let Some(b) = e.attr("xml:base") {
            chain.push(b);
        }
        at = e.parent();
    }
    let mut base = doc_base.cloned();
    for b in chain.iter().rev() {
        let joined = match &base {
            Some(u) => u.join(b.trim()).ok(),
            None => Url::parse(b.trim()).ok(),
        };
        if joined.is_some() {
            base = joined;
        }
    }
    base
}

/// `link` made absolute, when it is http(s): the only links worth opening.
pub(super) fn http_url(link: &str, base: Option<&Url>) -> Option<String> {
    absolute_url(link, base).filter(|u| u.starts_with("http://") || u.starts_with("https://"))
}

/// The date the first of `names` (children of `n`, `ns:local`) present
/// holds. The same element given twice with different dates says nothing
/// for sure: no date.
pub(super) fn first_date(n: &Node<'_, '_>, names: &[(&str, &str)]) -> Option<FeedDate> {
    names
        .iter()
        .find_map(|(ns, local)| {
            let mut dates = n
                .children_named(ns, local)
                .filter_map(|d| crate::parse::articles::dates::parse_date(&d.text()));
            let first = dates.next()?;
            let at = |d: FeedDate| d.resolve(0);
            Some(dates.all(|d| at(d) == at(first)).then_some(first))
        })
        .flatten()
}

/// Plain text as HTML paragraphs.
pub(super) fn text_as_html(body: &str) -> String {
    escape_text(body)
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// "jo@example.com (Jo Bloggs)" and "Jo Bloggs <jo@example.com>" name Jo
/// Bloggs; anything else is the name itself.
pub(super) fn person(raw: &str) -> String {
    let s = raw.trim();
    if let Some(open) = s.find('(')
        && s.ends_with(')')
        && s[..open].contains('@')
    {
        let name = s[open + 1..s.len() - 1].trim();
        if !name.is_empty() {
            return name.to_string();
        }
    }
    if let Some(open) = s.rfind('<')
        && s.ends_with('>')
        && s[open..].contains('@')
    {
        let name = s[..open].trim().trim_matches('"').trim();
        if !name.is_empty() {
            return name.to_string();
        }
    }
    s.to_string()
}

pub(super) fn is_email(s: &str) -> bool {
    !s.contains(' ') && s.contains('@') && s.contains('.')
}

/// Base64 content (Atom 0.3 `mode="base64"`) as text; None when it is not
/// base64 or not UTF-8.
pub(super) fn base64_text(s: &str) -> Option<String> {
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            b if b.is_ascii_whitespace() => continue,
            _ => return None,
        };
        bits = bits << 6 | u32::from(v);
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_named() {
        assert_eq!(person("jo@example.com (Jo Bloggs)"), "Jo Bloggs");
        assert_eq!(person("Jo Bloggs <jo@example.com>"), "Jo Bloggs");
        assert_eq!(person("Jo (the editor)"), "Jo (the editor)");
        assert_eq!(person(" jo@example.com "), "jo@example.com");
    }

    #[test]
    fn base64_is_decoded() {
        assert_eq!(
            base64_text("PHA+aMOpPC9wPg==").as_deref(),
            Some("<p>hé</p>")
        );
        assert_eq!(base64_text("not base64!"), None);
    }
}
