//! HTML parsing with a bound on nesting depth.
//!
//! html5ever checks the whole stack of open elements for each new tag, so a
//! body of twenty thousand nested `<div>`s costs minutes to parse. Browsers
//! cap the depth; so do we: start tags past `MAX_DEPTH` (and their end tags)
//! are dropped before parsing, keeping the text inside them.

use scraper::Html;
use std::borrow::Cow;

/// Deeper than any real article; shallow enough to parse fast.
pub const MAX_DEPTH: usize = 256;

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

fn is_raw_text(name: &str) -> bool {
    matches!(name, "script" | "style" | "textarea" | "title")
}

/// The markup with start and end tags beyond `MAX_DEPTH` removed.
pub fn flatten_deep(html: &str) -> Cow<'_, str> {
    // Fewer tags than the limit cannot nest past it.
    if html.bytes().filter(|b| *b == b'<').count() <= MAX_DEPTH {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut depth = 0usize;
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
                if self_closing || is_flat(name) {
                    true
                } else {
                    depth += 1;
                    depth <= MAX_DEPTH
                }
            }
            Kind::End { ref name } => {
                // Raw-text elements were never counted on the way in.
                if is_flat(name) || is_raw_text(name) {
                    true
                } else {
                    let keep = depth <= MAX_DEPTH;
                    depth = depth.saturating_sub(1);
                    keep
                }
            }
        };
        if keep {
            out.push_str(text);
        } else {
            changed = true;
        }
    }
    out.push_str(rest);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(html)
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

#[cfg(test)]
mod tests {
    use super::*;

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
