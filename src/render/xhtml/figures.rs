//! Pictures, captions and rules: a figure with its caption and credit
//! where blocks may stand, the same words on lines of their own inside a
//! line of text.

use super::{Ctx, Writer, esc};
use crate::render::figure::Picture;
use crate::render::html_prep::{Block, Linked};

/// Caption words with their `[n]` markers made into note links, where `n`
/// is one of `links` (0-based).
pub(super) fn words_html(text: &str, links: &[usize]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let marker = after.find(']').and_then(|close| {
            let n = after[..close].parse::<usize>().ok()?;
            (n >= 1 && links.contains(&(n - 1))).then_some((n, close))
        });
        match marker {
            Some((n, close)) => {
                out.push_str(&esc(&rest[..open]));
                out.push_str(&format!("<a href=\"#note-{n}\">[{n}]</a>"));
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&esc(&rest[..=open]));
                rest = after;
            }
        }
    }
    out.push_str(&esc(rest));
    out
}

impl Writer<'_, '_, '_> {
    pub(super) fn block(&mut self, block: &Block, ctx: Ctx) {
        match block {
            Block::Picture(p) => self.picture(p, ctx),
            Block::Caption(words) => {
                let inner = linked_html(words);
                if inner.is_empty() {
                    return;
                }
                if ctx == Ctx::Phrasing {
                    self.out.push_str(&format!("<br/>{inner}<br/>"));
                } else {
                    self.out
                        .push_str(&format!("<p class=\"caption\">{inner}</p>\n"));
                }
            }
            Block::Rule => {
                if ctx != Ctx::Phrasing {
                    self.out.push_str("<hr/>\n");
                }
            }
        }
    }

    /// The picture when it is cached, its caption and credit under it
    /// either way.
    pub(super) fn picture(&mut self, p: &Picture, ctx: Ctx) {
        let src = p.url.as_deref().and_then(|u| (self.pictures)(u));
        let mut words = Vec::new();
        match (&p.caption, &p.alt, &src) {
            (Some(c), _, _) => words.push(words_html(c, &p.word_links)),
            // With the picture gone, its description stands in for it.
            (None, Some(a), None) => {
                words.push(format!("<em>{}</em>", words_html(a, &p.word_links)))
            }
            _ => {}
        }
        if let Some(c) = &p.credit {
            words.push(format!(
                "<span class=\"credit\">{}</span>",
                words_html(c, &p.word_links)
            ));
        }
        if let Some(n) = p.link {
            let n = n + 1;
            words.push(format!("<a href=\"#note-{n}\">[{n}]</a>"));
        }
        let img = src.map(|s| {
            let alt = p.alt.as_deref().or(p.caption.as_deref()).unwrap_or("");
            format!("<img src=\"{}\" alt=\"{}\"/>", esc(&s), esc(alt))
        });
        if img.is_none() && words.is_empty() {
            return;
        }
        let words = words.join("<br/>");
        if ctx == Ctx::Phrasing {
            self.out.push_str("<br/>");
            if let Some(img) = img {
                self.out.push_str(&img);
                self.out.push_str("<br/>");
            }
            if !words.is_empty() {
                self.out.push_str(&words);
                self.out.push_str("<br/>");
            }
            return;
        }
        match img {
            Some(img) => {
                self.out.push_str("<figure>");
                self.out.push_str(&img);
                if !words.is_empty() {
                    self.out
                        .push_str(&format!("<figcaption>{words}</figcaption>"));
                }
                self.out.push_str("</figure>\n");
            }
            None => self
                .out
                .push_str(&format!("<p class=\"caption\">{words}</p>\n")),
        }
    }
}

fn linked_html(words: &Linked) -> String {
    let mut parts = Vec::new();
    if let Some(c) = &words.caption {
        parts.push(words_html(c, &words.links));
    }
    if let Some(c) = &words.credit {
        parts.push(format!(
            "<span class=\"credit\">{}</span>",
            words_html(c, &words.links)
        ));
    }
    parts.join("<br/>")
}
