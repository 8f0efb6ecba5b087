//! Small drawing pieces shared by the views.

pub mod picture;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::render::sanitize::clean_text;

/// A message in the middle of an area: loading, empty and error states.
pub fn message(f: &mut Frame, area: Rect, lines: &[&str], style: Style) {
    let height = (lines.len() as u16).min(area.height);
    let top = area.y + area.height.saturating_sub(height) / 2;
    let inner = Rect {
        x: area.x + 2.min(area.width),
        y: top,
        width: area.width.saturating_sub(4),
        height,
    };
    let text: Vec<Line> = lines.iter().map(|l| Line::styled(*l, style)).collect();
    f.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        inner,
    );
}

/// Cut text to a display width, ending with `…` when cut. The text is
/// cleaned on the way: whatever reached the store cleaned, a one-line field
/// drawn here can never move the cursor or hold a control byte.
pub fn truncate(s: &str, width: usize) -> String {
    let s = &clean_text(s).replace(['\n', '\t'], " ");
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Text cut or padded with spaces to exactly `width` columns.
pub fn fit(s: &str, width: usize) -> String {
    let mut t = truncate(s, width);
    let w = t.width();
    t.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_by_display_width() {
        assert_eq!(truncate("hello world", 8), "hello w…");
        assert_eq!(truncate("日本語の記事", 7), "日本語…");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        let cleaned = fit("a\u{1b}[2Jb\u{202e}c", 8);
        assert!(!cleaned.contains(['\u{1b}', '\u{202e}']), "{cleaned:?}");
        assert_eq!(fit(" two\nlines", 12), " two lines  ");
    }
}
