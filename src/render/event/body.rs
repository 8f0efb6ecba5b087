//! The event's description laid out like an article body: html2text's
//! annotated lines mapped onto roles, links numbered with the document's.

use html2text::render::RichAnnotation;
use unicode_width::UnicodeWidthStr;

use super::wrap::wrap_spans;
use crate::render::sanitize::clean_text;
use crate::render::text::{Role, Span, StyledLine};

/// Description lines at most `width` wide; links are appended to `links`
/// (absolute, numbered from 1 in order of first use).
pub(super) fn description_lines(
    html: &str,
    base: &str,
    width: usize,
    links: &mut Vec<String>,
) -> Vec<StyledLine> {
    let html = if looks_like_html(html) {
        html.to_string()
    } else {
        plain_to_html(html)
    };
    // html2text 0.17 miscounts the width of emoji sequences (a heart with
    // VS16 in <pre>, ZWJ families on narrow lines) and panics on an
    // overflow; without the joiners and selectors the same pictures show.
    let html = html.replace(['\u{fe0f}', '\u{fe0e}', '\u{200d}'], "");
    let rendered = std::panic::catch_unwind(|| {
        html2text::config::rich()
            .link_footnotes(false)
            .lines_from_read(html.as_bytes(), width)
    });
    let Ok(Ok(tagged)) = rendered else {
        // Too narrow for html2text's layout: plain words instead.
        let text = fallback_text(&html);
        return text
            .lines()
            .flat_map(|l| wrap_spans(vec![Span::new(clean_text(l), Role::Body)], width, 0))
            .collect();
    };
    let mut out = Vec::new();
    for line in tagged {
        let mut spans: Vec<Span> = Vec::new();
        for ts in line.tagged_strings() {
            let mut span = Span::new(clean_text(&ts.s), Role::Body);
            for a in &ts.tag {
                match a {
                    RichAnnotation::Link(target) => {
                        if let Some(url) = absolute(base, target) {
                            span.role = Role::Link;
                            span.link = Some(number(links, &url));
                        }
                    }
                    RichAnnotation::Strong => span.bold = true,
                    RichAnnotation::Emphasis => span.italic = true,
                    RichAnnotation::Strikeout => span.strike = true,
                    RichAnnotation::Code | RichAnnotation::Preformat(_) => span.role = Role::Code,
                    RichAnnotation::Image(_) => span.role = Role::ImageFrame,
                    _ => {}
                }
            }
            spans.push(span);
        }
        add_link_markers(&mut spans, width);
        out.push(StyledLine { spans, image: None });
    }
    // No blank lines at the ends.
    while out.last().is_some_and(|l| l.plain().trim().is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.plain().trim().is_empty()) {
        out.remove(0);
    }
    out
}

/// The words of `html` with paragraph breaks, for when html2text cannot
/// lay it out.
fn fallback_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut tag = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                let t = tag.to_ascii_lowercase();
                if t.starts_with("br")
                    || t.starts_with("/p")
                    || t.starts_with("/div")
                    || t.starts_with("/li")
                {
                    out.push('\n');
                }
            }
            c if in_tag => tag.push(c),
            c => out.push(c),
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn number(links: &mut Vec<String>, url: &str) -> usize {
    match links.iter().position(|l| l == url) {
        Some(i) => i,
        None => {
            links.push(url.to_string());
            links.len() - 1
        }
    }
}

/// "[n]" after the last span of each link on the line, where it still fits.
fn add_link_markers(spans: &mut Vec<Span>, width: usize) {
    let mut i = 0;
    while i < spans.len() {
        let Some(link) = spans[i].link else {
            i += 1;
            continue;
        };
        let next_same = spans.get(i + 1).is_some_and(|s| s.link == Some(link));
        if !next_same {
            let marker = format!("[{}]", link + 1);
            let used: usize = spans.iter().map(|s| s.text.width()).sum();
            if used + marker.width() <= width {
                let mut m = Span::new(marker, Role::Link);
                m.link = Some(link);
                spans.insert(i + 1, m);
                i += 1;
            }
        }
        i += 1;
    }
}

fn absolute(base: &str, href: &str) -> Option<String> {
    let href = href.trim();
    let u = match url::Url::parse(base) {
        Ok(b) => b.join(href).ok()?,
        Err(_) => url::Url::parse(href).ok()?,
    };
    matches!(u.scheme(), "http" | "https" | "mailto").then(|| u.to_string())
}

fn looks_like_html(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    [
        "<p", "<br", "<div", "<a ", "<ul", "<ol", "<h", "<b>", "<strong", "<em", "<span", "<i>",
        "</",
    ]
    .iter()
    .any(|t| lower.contains(t))
}

fn plain_to_html(s: &str) -> String {
    let esc = s
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    esc.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", p.trim().replace('\n', "<br>")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_numbered_and_resolved() {
        let mut links = vec!["https://example.org/book".to_string()];
        let lines = description_lines(
            "<p>Read <a href=\"/more\">more</a> or <a href=\"https://example.org/book\">book</a>.</p>",
            "https://example.org/events/x/",
            60,
            &mut links,
        );
        assert_eq!(
            links,
            vec!["https://example.org/book", "https://example.org/more"]
        );
        let text: String = lines.iter().map(StyledLine::plain).collect();
        assert!(text.contains("more[2]"), "{text}");
        assert!(text.contains("book[1]"), "{text}");
    }

    #[test]
    fn emoji_sequences_do_not_upset_the_layout() {
        let mut links = Vec::new();
        for html in [
            "<pre>❤\u{fe0f}abcdefghij ❤\u{fe0f}abcdefghij</pre>",
            "<p>👨\u{200d}👩\u{200d}👧abcdefghij 👨\u{200d}👩\u{200d}👧</p>",
        ] {
            for width in [3, 5, 8] {
                let lines = description_lines(html, "", width, &mut links);
                assert!(!lines.is_empty());
            }
        }
    }

    #[test]
    fn plain_text_keeps_paragraphs() {
        let mut links = Vec::new();
        let lines = description_lines("One & two\n\nThree", "", 40, &mut links);
        let text: Vec<String> = lines.iter().map(StyledLine::plain).collect();
        assert_eq!(text, vec!["One & two", "", "Three"]);
    }
}
