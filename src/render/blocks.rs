//! Blocks we draw ourselves: framed pictures with their caption and credit,
//! captions standing alone, rules.

use super::figure::Picture;
use super::html_prep::Block;
use super::text::{Role, Span, StyledLine};
use super::wrap::{str_width, wrap_words};

/// Frames stop growing here: a picture block as wide as a 200-column
/// terminal is mostly rule.
const FRAME_MAX: usize = 72;

pub fn block_lines(block: &Block, width: usize) -> Vec<StyledLine> {
    match block {
        Block::Picture(p) => picture_lines(p, width),
        Block::Caption(words) => {
            let mut out = Vec::new();
            let texts = [
                (&words.caption, Role::Caption),
                (&words.credit, Role::Credit),
            ];
            for (text, role) in texts {
                for l in text.iter().flat_map(|c| wrap_words(c, width)) {
                    out.push(line(linked_spans(&l, role, false, &words.links)));
                }
            }
            out
        }
        Block::Rule => vec![line(vec![Span::new(
            "─".repeat(width.clamp(1, 40)),
            Role::Rule,
        )])],
    }
}

fn line(spans: Vec<Span>) -> StyledLine {
    StyledLine { spans, image: None }
}

/// One wrapped line of a caption as spans, its `[n]` link markers styled as
/// links when `n` is one of `links`.
fn linked_spans(text: &str, role: Role, italic: bool, links: &[usize]) -> Vec<Span> {
    let text = text.replace('\u{a0}', " ");
    let mut spans: Vec<Span> = Vec::new();
    let push_plain = |spans: &mut Vec<Span>, t: &str| match spans.last_mut() {
        Some(last) if last.link.is_none() => last.text.push_str(t),
        _ => spans.push(Span {
            italic,
            ..Span::new(t, role)
        }),
    };
    let mut rest = text.as_str();
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let marker = after.find(']').and_then(|close| {
            let n = after[..close].parse::<usize>().ok()?;
            (n >= 1 && links.contains(&(n - 1))).then_some((n - 1, close))
        });
        match marker {
            Some((n, close)) => {
                if open > 0 {
                    push_plain(&mut spans, &rest[..open]);
                }
                spans.push(Span {
                    link: Some(n),
                    ..Span::new(&rest[open..open + close + 2], Role::Link)
                });
                rest = &after[close + 1..];
            }
            None => {
                push_plain(&mut spans, &rest[..=open]);
                rest = after;
            }
        }
    }
    if !rest.is_empty() {
        push_plain(&mut spans, rest);
    }
    spans
}

/// ```text
/// ┌─ ▣ picture [3] ──────────────
/// │ The caption, wrapped inside
/// │ the frame.
/// │ Photo: the credit
/// └──────────────────────────────
/// ```
/// The alt text stands in for a missing caption; with neither, the top
/// line alone marks the picture.
pub fn picture_lines(pic: &Picture, width: usize) -> Vec<StyledLine> {
    let fw = width.clamp(4, FRAME_MAX);
    let inner = fw - 2;
    let mut words: Vec<Vec<Span>> = Vec::new();
    let text_lines = |t: &str, role: Role, italic: bool, out: &mut Vec<Vec<Span>>| {
        for l in wrap_words(t, inner) {
            out.push(linked_spans(&l, role, italic, &pic.word_links));
        }
    };
    match (&pic.caption, &pic.alt) {
        (Some(c), _) => text_lines(c, Role::Caption, false, &mut words),
        (None, Some(a)) => text_lines(a, Role::Caption, true, &mut words),
        (None, None) => {}
    }
    if let Some(c) = &pic.credit {
        text_lines(c, Role::Credit, false, &mut words);
    }

    let framed = !words.is_empty();
    let mut top = vec![Span::new(
        if framed {
            "┌─ ▣ picture"
        } else {
            "── ▣ picture"
        },
        Role::ImageFrame,
    )];
    if fw < 16 {
        top = vec![Span::new("▣", Role::ImageFrame)];
    }
    if let Some(n) = pic.link {
        top.push(Span::new(" ", Role::ImageFrame));
        top.push(Span {
            link: Some(n),
            ..Span::new(format!("[{}]", n + 1), Role::Link)
        });
    }
    let used: usize = top.iter().map(|s| str_width(&s.text)).sum();
    if used + 2 <= fw {
        top.push(Span::new(
            format!(" {}", "─".repeat(fw - used - 1)),
            Role::ImageFrame,
        ));
    }
    let mut out = vec![StyledLine {
        spans: top,
        image: pic.url.clone(),
    }];
    if framed {
        for w in words {
            let mut spans = vec![Span::new("│ ", Role::ImageFrame)];
            spans.extend(w);
            out.push(line(spans));
        }
        out.push(line(vec![Span::new(
            format!("└{}", "─".repeat(fw - 1)),
            Role::ImageFrame,
        )]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_is_framed_with_its_words() {
        let pic = Picture {
            url: Some("https://example.org/a.jpg".into()),
            caption: Some("A long caption that has to wrap inside the frame".into()),
            credit: Some("Photo: Someone".into()),
            link: Some(2),
            ..Default::default()
        };
        let lines = picture_lines(&pic, 30);
        let plain: Vec<String> = lines.iter().map(|l| l.plain()).collect();
        assert_eq!(plain[0], "┌─ ▣ picture [3] ─────────────");
        assert_eq!(lines[0].image.as_deref(), Some("https://example.org/a.jpg"));
        assert_eq!(plain[1], "│ A long caption that has to");
        assert_eq!(plain.last().unwrap().chars().count(), 30);
        assert!(plain.iter().all(|l| str_width(l) <= 30));
        assert!(plain.contains(&"│ Photo: Someone".to_string()));
    }

    #[test]
    fn caption_links_are_styled_as_links() {
        let spans = linked_spans("Photo: Jo [2] and [x] [9]", Role::Credit, false, &[1]);
        let texts: Vec<(&str, Role)> = spans.iter().map(|s| (s.text.as_str(), s.role)).collect();
        assert_eq!(
            texts,
            [
                ("Photo: Jo ", Role::Credit),
                ("[2]", Role::Link),
                (" and [x] [9]", Role::Credit),
            ]
        );
        assert_eq!(spans[1].link, Some(1));
    }

    #[test]
    fn a_picture_without_words_is_one_line() {
        let lines = picture_lines(&Picture::default(), 20);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].plain(), "── ▣ picture ───────");
    }
}
