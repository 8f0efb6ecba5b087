//! Finding text in a laid-out article: every match, case-insensitive, as
//! byte ranges of a line's plain text.

use crate::render::Rendered;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub line: usize,
    /// Byte offsets into the line's plain text.
    pub start: usize,
    pub end: usize,
}

fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// All matches of `needle`, in reading order. Matches do not cross lines.
pub fn find(rendered: &Rendered, needle: &str) -> Vec<Match> {
    let needle: Vec<char> = needle.chars().map(fold).collect();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (line, l) in rendered.lines.iter().enumerate() {
        let plain = l.plain();
        let chars: Vec<(usize, char)> = plain.char_indices().map(|(i, c)| (i, fold(c))).collect();
        let mut i = 0;
        while i + needle.len() <= chars.len() {
            if chars[i..i + needle.len()]
                .iter()
                .zip(&needle)
                .all(|((_, a), b)| a == b)
            {
                let start = chars[i].0;
                let end = chars.get(i + needle.len()).map_or(plain.len(), |(b, _)| *b);
                out.push(Match { line, start, end });
                i += needle.len();
            } else {
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Role, Span, StyledLine};

    #[test]
    fn finds_across_spans_without_case() {
        let r = Rendered {
            lines: vec![
                StyledLine {
                    spans: vec![
                        Span::new("The Café ", Role::Body),
                        Span::new("café", Role::Link),
                    ],
                    image: None,
                },
                StyledLine::default(),
                StyledLine {
                    spans: vec![Span::new("CAFÉS", Role::Body)],
                    image: None,
                },
            ],
            links: vec![],
        };
        let m = find(&r, "café");
        assert_eq!(m.len(), 3);
        assert_eq!((m[0].line, m[0].start, m[0].end), (0, 4, 9));
        assert_eq!((m[1].line, m[1].start), (0, 10));
        assert_eq!((m[2].line, m[2].start, m[2].end), (2, 0, 5));
        assert!(find(&r, "").is_empty());
    }
}
