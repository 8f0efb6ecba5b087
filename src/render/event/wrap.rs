//! Word wrapping of styled spans by display width (wide characters count
//! two columns); words longer than a line are broken.

use unicode_width::UnicodeWidthStr;

use crate::render::text::{Role, Span, StyledLine};

fn same_style(a: &Span, b: &Span) -> bool {
    a.role == b.role
        && a.bold == b.bold
        && a.italic == b.italic
        && a.strike == b.strike
        && a.link == b.link
}

struct LineBuf {
    spans: Vec<Span>,
    width: usize,
}

impl LineBuf {
    fn new(indent: usize) -> LineBuf {
        let mut l = LineBuf {
            spans: Vec::new(),
            width: 0,
        };
        if indent > 0 {
            l.push(&" ".repeat(indent), &Span::default());
        }
        l
    }

    fn push(&mut self, text: &str, style: &Span) {
        self.width += text.width();
        match self.spans.last_mut() {
            Some(last) if same_style(last, style) => last.text.push_str(text),
            _ => self.spans.push(Span {
                text: text.to_string(),
                ..style.clone()
            }),
        }
    }

    fn into_line(self) -> StyledLine {
        StyledLine {
            spans: self.spans,
            image: None,
        }
    }
}

/// Lay `spans` out in lines of at most `width` columns; continuation lines
/// are indented by `indent` (dropped when the line is too narrow for it).
pub(super) fn wrap_spans(spans: Vec<Span>, width: usize, indent: usize) -> Vec<StyledLine> {
    let width = width.max(1);
    let indent = if indent * 3 > width { 0 } else { indent };
    let mut lines = Vec::new();
    let mut cur = LineBuf::new(0);
    let mut has_word = false;
    let mut pending_space: Option<Span> = None;
    for span in &spans {
        let mut rest = span.text.as_str();
        while !rest.is_empty() {
            let ws = rest.len() - rest.trim_start().len();
            if ws > 0 {
                if has_word {
                    pending_space = Some(span.clone());
                }
                rest = &rest[ws..];
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let mut word = &rest[..end];
            rest = &rest[end..];
            let space = usize::from(pending_space.is_some());
            // A word too long for any line (a URL) is broken where it
            // stands rather than moved down first.
            let fits_a_line = word.width() <= width - indent;
            let overflows = if fits_a_line {
                cur.width + space + word.width() > width
            } else {
                // Still needs room for a space and one character.
                cur.width + space + 1 > width
            };
            if has_word && overflows {
                lines.push(std::mem::replace(&mut cur, LineBuf::new(indent)).into_line());
                has_word = false;
                pending_space = None;
            }
            if let Some(sp) = pending_space.take() {
                cur.push(" ", &sp);
            }
            // Break a word that cannot fit on a line of its own.
            while cur.width + word.width() > width {
                let room = width.saturating_sub(cur.width);
                let mut cut = 0;
                let mut used = 0;
                for (i, c) in word.char_indices() {
                    let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    if used + w > room {
                        break;
                    }
                    used += w;
                    cut = i + c.len_utf8();
                }
                if cut == 0 && !has_word && cur.width <= indent {
                    // Not even one character fits (a wide one on a 1-column
                    // line): put it alone rather than loop.
                    cut = word.chars().next().map_or(word.len(), char::len_utf8);
                }
                if cut > 0 {
                    cur.push(&word[..cut], span);
                    word = &word[cut..];
                }
                lines.push(std::mem::replace(&mut cur, LineBuf::new(indent)).into_line());
                has_word = false;
                if word.is_empty() {
                    break;
                }
            }
            if !word.is_empty() {
                cur.push(word, span);
                has_word = true;
            }
        }
    }
    if has_word || lines.is_empty() {
        lines.push(cur.into_line());
    }
    lines
}

/// "Label: value" lines.
pub(super) struct Wrapper {
    pub width: usize,
}

impl Wrapper {
    pub fn field(&self, label: &str, value: &str) -> Vec<StyledLine> {
        let indent = label.width() + 2;
        wrap_spans(
            vec![
                Span::new(format!("{label}: "), Role::Meta),
                Span::new(value, Role::Body),
            ],
            self.width,
            indent,
        )
    }

    /// "Label: https://... [n]", the address a numbered link.
    pub fn link_field(&self, label: &str, url: &str, n: usize) -> Vec<StyledLine> {
        let mut target = Span::new(url, Role::Link);
        target.link = Some(n - 1);
        let mut marker = Span::new(format!(" [{n}]"), Role::Link);
        marker.link = Some(n - 1);
        wrap_spans(
            vec![Span::new(format!("{label}: "), Role::Meta), target, marker],
            self.width,
            label.width() + 2,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[StyledLine]) -> Vec<String> {
        lines.iter().map(StyledLine::plain).collect()
    }

    #[test]
    fn wraps_words_and_breaks_long_ones() {
        let l = wrap_spans(vec![Span::new("aaa bbb ccc", Role::Body)], 7, 0);
        assert_eq!(plain(&l), vec!["aaa bbb", "ccc"]);
        let l = wrap_spans(vec![Span::new("abcdefghij", Role::Body)], 4, 0);
        assert_eq!(plain(&l), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn long_urls_break_where_they_stand() {
        let l = wrap_spans(
            vec![
                Span::new("Booking: ", Role::Meta),
                Span::new("https://example.org/a/very/long/path", Role::Link),
            ],
            20,
            2,
        );
        assert_eq!(
            plain(&l),
            vec!["Booking: https://exa", "  mple.org/a/very/lo", "  ng/path"]
        );
        assert_eq!(l[1].spans[1].role, Role::Link);
    }

    #[test]
    fn wide_characters_count_double() {
        let l = wrap_spans(vec![Span::new("日本語の文章", Role::Body)], 5, 0);
        for line in plain(&l) {
            assert!(line.width() <= 5, "{line}");
        }
        let l = wrap_spans(vec![Span::new("日本", Role::Body)], 1, 0);
        assert_eq!(plain(&l), vec!["日", "本"]);
    }
}
