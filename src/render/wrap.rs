//! Fitting text into terminal columns. Widths are display columns
//! (unicode-width), so CJK counts double and combining marks count nothing.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::text::{Span, StyledLine};

pub fn str_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

pub fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Wraps text on ASCII whitespace into lines of at most `width` columns; a
/// no-break space holds its neighbours together. A word wider than the line
/// is broken between characters, which is also how unspaced CJK text ends
/// up wrapped.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0;
    for word in text.split_ascii_whitespace() {
        let w = str_width(word);
        if cur_w > 0 && cur_w + 1 + w <= width {
            cur.push(' ');
            cur.push_str(word);
            cur_w += 1 + w;
            continue;
        }
        if cur_w > 0 {
            lines.push(std::mem::take(&mut cur));
            cur_w = 0;
        }
        if w <= width {
            cur.push_str(word);
            cur_w = w;
            continue;
        }
        for c in word.chars() {
            let cw = char_width(c);
            if cur_w + cw > width && cur_w > 0 {
                lines.push(std::mem::take(&mut cur));
                cur_w = 0;
            }
            cur.push(c);
            cur_w += cw;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

pub fn line_width(line: &StyledLine) -> usize {
    line.spans.iter().map(|s| str_width(&s.text)).sum()
}

fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| str_width(&s.text)).sum()
}

/// Breaks a styled line that is wider than `width` between characters,
/// starting each further line with `cont` (a quote bar or list indent).
/// Used as a last resort: normal text is already wrapped on words.
pub fn hard_wrap(line: StyledLine, width: usize, cont: &[Span]) -> Vec<StyledLine> {
    if line_width(&line) <= width {
        return vec![line];
    }
    // A continuation prefix that leaves no room is dropped rather than
    // making every line overflow.
    let cont: &[Span] = if spans_width(cont) + 2 > width {
        &[]
    } else {
        cont
    };
    let mut out = Vec::new();
    let mut cur = StyledLine {
        spans: Vec::new(),
        image: line.image,
    };
    let mut cur_w = 0;
    for span in line.spans {
        let mut piece = String::new();
        for c in span.text.chars() {
            let cw = char_width(c);
            if cur_w + cw > width && cur_w > 0 {
                if !piece.is_empty() {
                    cur.spans.push(Span {
                        text: std::mem::take(&mut piece),
                        ..span.clone()
                    });
                }
                out.push(std::mem::take(&mut cur));
                cur.spans = cont.to_vec();
                cur_w = spans_width(cont);
                if c == ' ' {
                    continue;
                }
            }
            piece.push(c);
            cur_w += cw;
        }
        if !piece.is_empty() {
            cur.spans.push(Span {
                text: piece,
                ..span
            });
        }
    }
    if !cur.spans.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::text::Role;

    #[test]
    fn words_wrap_within_width() {
        let lines = wrap_words("the quick brown fox jumps over the lazy dog", 10);
        assert_eq!(
            lines,
            ["the quick", "brown fox", "jumps over", "the lazy", "dog"]
        );
    }

    #[test]
    fn cjk_counts_double_and_breaks_anywhere() {
        let lines = wrap_words("亚洲之家欢迎您来参加活动", 10);
        assert!(lines.iter().all(|l| str_width(l) <= 10));
        assert_eq!(lines.concat(), "亚洲之家欢迎您来参加活动");
        assert_eq!(lines[0], "亚洲之家欢");
    }

    #[test]
    fn long_words_are_broken() {
        let lines = wrap_words("see https://example.org/a/very/long/path/indeed", 12);
        assert!(lines.iter().all(|l| str_width(l) <= 12), "{lines:?}");
        assert_eq!(lines[0], "see");
    }

    #[test]
    fn hard_wrap_keeps_the_prefix() {
        let line = StyledLine {
            spans: vec![
                Span::new("│ ", Role::Quote),
                Span::new("abcdefghijklmnop", Role::Quote),
            ],
            image: None,
        };
        let out = hard_wrap(line, 8, &[Span::new("│ ", Role::Quote)]);
        let plain: Vec<String> = out.iter().map(|l| l.plain()).collect();
        assert_eq!(plain, ["│ abcdef", "│ ghijkl", "│ mnop"]);
    }
}
