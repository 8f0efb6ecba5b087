//! A plain layout of an article through html2text's rich output, used until
//! the shared article renderer is wired in: title, byline, featured image
//! caption, body with numbered links, then the link list.

use html2text::render::RichAnnotation;
use jiff::tz::TimeZone;
use unicode_width::UnicodeWidthStr;

use crate::model::Article;
use crate::render::sanitize::{clean_line, clean_text};
use crate::render::{Rendered, Role, Span, StyledLine};

pub fn layout(article: &Article, width: u16, tz: &TimeZone) -> Rendered {
    let width = usize::from(width).max(20);
    let mut out = Rendered::default();
    let line = |spans: Vec<Span>| StyledLine { spans, image: None };

    for l in wrap(&clean_line(&article.title), width) {
        out.lines.push(line(vec![Span::new(l, Role::Title)]));
    }
    let mut meta = Vec::new();
    if let Some(a) = article
        .author
        .as_deref()
        .map(clean_line)
        .filter(|a| !a.is_empty())
    {
        meta.push(a);
    }
    if let Some(p) = article.published {
        meta.push(p.to_zoned(tz.clone()).strftime("%-d %B %Y").to_string());
    }
    meta.push(clean_line(&article.site));
    out.lines
        .push(line(vec![Span::new(meta.join(" · "), Role::Meta)]));
    out.lines.push(StyledLine::default());

    if let Some(img) = &article.featured {
        let words = img
            .caption
            .as_deref()
            .or(img.alt.as_deref())
            .map(clean_line)
            .unwrap_or_default();
        let mut first = true;
        for l in wrap(&words, width.saturating_sub(2)) {
            let marker = if first { "▣ " } else { "  " };
            out.lines.push(StyledLine {
                spans: vec![
                    Span::new(marker, Role::ImageFrame),
                    Span::new(l, Role::Caption),
                ],
                image: first.then(|| img.url.clone()),
            });
            first = false;
        }
        if let Some(c) = img.credit.as_deref().map(clean_line) {
            out.lines.push(line(vec![
                Span::new("  ", Role::ImageFrame),
                Span::new(c, Role::Credit),
            ]));
        }
        out.lines.push(StyledLine::default());
    }

    let html = match &article.content_html {
        Some(h) => h.clone(),
        None => format!("<p>{}</p>", escape(&article.summary)),
    };
    body(&html, width, &mut out);

    append_links(&mut out);
    out
}

/// The numbered list of links at the end of a document.
pub fn append_links(out: &mut Rendered) {
    if out.links.is_empty() {
        return;
    }
    out.lines.push(StyledLine::default());
    out.lines.push(StyledLine {
        spans: vec![Span::new("Links", Role::Heading(2))],
        image: None,
    });
    for (i, url) in out.links.iter().enumerate() {
        out.lines.push(StyledLine {
            spans: vec![
                Span::new(format!("[{}] ", i + 1), Role::Link),
                Span::new(url.clone(), Role::Body),
            ],
            image: None,
        });
    }
}

/// HTML laid out into `out`, its links numbered after those already there.
pub fn body(html: &str, width: usize, out: &mut Rendered) {
    // html2text glues a figure's caption onto its image's alt text: give the
    // caption a line of its own.
    let html = html
        .replace("<figcaption", "<p data-caption")
        .replace("</figcaption>", "</p>");
    let lines = match html2text::config::rich()
        .lines_from_read(html.as_bytes(), width.saturating_sub(5).max(10))
    {
        Ok(l) => l,
        Err(e) => {
            out.lines.push(StyledLine {
                spans: vec![Span::new(
                    format!("(the text could not be laid out: {e})"),
                    Role::Meta,
                )],
                image: None,
            });
            return;
        }
    };
    let mut body: Vec<Vec<Span>> = Vec::new();
    for tl in &lines {
        let mut spans: Vec<Span> = Vec::new();
        for ts in tl.tagged_strings() {
            let text = clean_text(&ts.s).replace(['\n', '\t'], " ");
            let mut span = Span::new(text, Role::Body);
            for a in &ts.tag {
                match a {
                    RichAnnotation::Link(url) => {
                        let i = out.links.iter().position(|u| u == url).unwrap_or_else(|| {
                            out.links.push(url.clone());
                            out.links.len() - 1
                        });
                        span.role = Role::Link;
                        span.link = Some(i);
                    }
                    RichAnnotation::Image(_) => {
                        spans.push(Span::new("▣ ", Role::ImageFrame));
                        span.role = Role::Caption;
                    }
                    RichAnnotation::Emphasis => span.italic = true,
                    RichAnnotation::Strong => span.bold = true,
                    RichAnnotation::Strikeout => span.strike = true,
                    RichAnnotation::Code | RichAnnotation::Preformat(_) => span.role = Role::Code,
                    _ => {}
                }
            }
            spans.push(span);
        }
        body.push(spans);
    }
    // A link's `[n]` goes where its text ends, which may be a line after
    // the one it starts on.
    for i in 0..body.len() {
        let next_first = body
            .get(i + 1)
            .and_then(|l| l.iter().find(|s| !s.text.trim().is_empty()))
            .and_then(|s| s.link);
        let spans = &body[i];
        let mut marked = Vec::with_capacity(spans.len() + 1);
        for (j, span) in spans.iter().enumerate() {
            marked.push(span.clone());
            let Some(link) = span.link else { continue };
            let continues = match spans.get(j + 1) {
                Some(next) => next.link == Some(link),
                None => next_first == Some(link),
            };
            if !continues {
                let mut m = Span::new(format!("[{}]", link + 1), Role::Link);
                m.link = Some(link);
                marked.push(m);
            }
        }
        out.lines.push(StyledLine {
            spans: marked,
            image: None,
        });
    }
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Greedy word wrap by display width; a word wider than the line is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let w = word.width();
        let cur_w = cur.width();
        if !cur.is_empty() && cur_w + 1 + w > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_links_and_keeps_captions() {
        let a = Article {
            title: "Trade and tea".into(),
            site: "Asia House".into(),
            content_html: Some(
                "<p>Read <a href=\"https://a.example/x\">the report</a> and \
                 <a href=\"https://a.example/y\">more on the subject of this long link</a>.</p>"
                    .into(),
            ),
            ..Article::default()
        };
        let r = layout(&a, 40, &TimeZone::UTC);
        assert_eq!(r.links, vec!["https://a.example/x", "https://a.example/y"]);
        let text = r.to_plain();
        assert!(
            text.contains("and more on the\nsubject of this long link[2]."),
            "{text}"
        );
        assert!(text.contains("[2] https://a.example/y"), "{text}");
    }

    #[test]
    fn wraps_by_width() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
    }
}
