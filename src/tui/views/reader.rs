//! The reader: the article's styled lines, centred at the reading width.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::config::theme::Theme;
use unicode_width::UnicodeWidthStr;

use crate::render::{Rendered, StyledLine};
use crate::tui::app::App;
use crate::tui::list::Load;
use crate::tui::reader::ReaderState;
use crate::tui::views::LinkRegion;
use crate::tui::widgets::{message, picture};

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let Some(r) = &app.reader else {
        return message(f, area, &["No article open."], app.theme.empty());
    };
    if let Load::Failed(e) = &r.load {
        return message(f, area, &[e.as_str()], app.theme.error());
    }
    let width = r.width.min(area.width);
    let column = Rect {
        x: area.x + (area.width - width) / 2,
        width,
        ..area
    };
    let lines: Vec<Line> = r
        .rendered
        .lines
        .iter()
        .enumerate()
        .skip(r.scroll)
        .take(usize::from(area.height))
        .map(|(i, l)| {
            let line = styled_line(&app.theme, l);
            let hits: Vec<(usize, usize, bool)> = r
                .matches
                .iter()
                .enumerate()
                .filter(|(_, m)| m.line == i)
                .map(|(k, m)| (m.start, m.end, k == r.current))
                .collect();
            if hits.is_empty() {
                line
            } else {
                highlight(line, &hits, app.theme.search_match())
            }
        })
        .collect();
    f.render_widget(
        Paragraph::new(lines).style(app.theme.role(crate::render::Role::Body)),
        column,
    );
    draw_pictures(f, column, app, r);
}

/// The decoded pictures in their reserved rows, centred in the column.
fn draw_pictures(f: &mut Frame, column: Rect, app: &App, r: &ReaderState) {
    if app.pictures.protocol().is_none() || !app.pictures.on {
        return;
    }
    let (scroll, height) = (r.scroll, usize::from(column.height));
    for (i, slot) in r.slots.iter().enumerate() {
        let rows = usize::from(slot.key.rows);
        if slot.line + rows <= scroll || slot.line >= scroll + height {
            continue;
        }
        let x = column.x + column.width.saturating_sub(slot.key.cols) / 2;
        if app.pictures.ready(&slot.key).is_none() {
            // Still decoding: say so in the middle of its rows, if on screen.
            let middle = slot.line + rows / 2;
            if (scroll..scroll + height).contains(&middle) {
                let y = column.y + u16::try_from(middle - scroll).unwrap_or(0);
                let area = Rect::new(x, y, slot.key.cols, 1);
                f.render_widget(
                    Paragraph::new("▣ …")
                        .alignment(ratatui::layout::Alignment::Center)
                        .style(app.theme.role(crate::render::Role::ImageFrame)),
                    area.intersection(column),
                );
            }
            continue;
        }
        // Lines are few enough to fit an i32; the top may be above the screen.
        let top = i32::from(column.y) + slot.line as i32 - scroll as i32;
        let at = picture::At {
            x,
            top,
            clip: column,
        };
        let placement = u32::try_from(i + 1).unwrap_or(u32::MAX);
        picture::draw(f.buffer_mut(), &app.pictures, &slot.key, placement, at);
    }
}

/// The screen positions of the links in the visible part of a document
/// drawn by `draw` (the same column, the same clipping).
pub fn link_regions(doc: &Rendered, scroll: usize, width: u16, area: Rect) -> Vec<LinkRegion> {
    let width = width.min(area.width);
    let x0 = area.x + (area.width - width) / 2;
    let mut out = Vec::new();
    for (row, line) in doc
        .lines
        .iter()
        .skip(scroll)
        .take(usize::from(area.height))
        .enumerate()
    {
        let mut x = 0u16;
        for span in &line.spans {
            let w = u16::try_from(span.text.width()).unwrap_or(u16::MAX);
            let visible = w.min(width.saturating_sub(x));
            if let Some(url) = span.link.and_then(|i| doc.links.get(i))
                && visible > 0
            {
                out.push(LinkRegion {
                    x: x0 + x,
                    y: area.y + row as u16,
                    width: visible,
                    url: url.clone(),
                });
            }
            x = x.saturating_add(w);
        }
    }
    out
}

/// A rendered line in the theme's styles.
pub fn styled_line<'a>(theme: &Theme, line: &'a StyledLine) -> Line<'a> {
    Line::from(
        line.spans
            .iter()
            .map(|s| {
                let mut style: Style = theme.role(s.role);
                if s.bold {
                    style = style.add_modifier(Modifier::BOLD);
                }
                if s.italic {
                    style = style.add_modifier(Modifier::ITALIC);
                }
                if s.strike {
                    style = style.add_modifier(Modifier::CROSSED_OUT);
                }
                Span::styled(s.text.as_str(), style)
            })
            .collect::<Vec<_>>(),
    )
}

/// Cut a line's spans at the edges of the matches (byte ranges of its text)
/// and give the matched pieces the match style; the current one also bold.
pub fn highlight<'a>(line: Line<'a>, hits: &[(usize, usize, bool)], style: Style) -> Line<'a> {
    let mut out = Vec::new();
    let mut offset = 0;
    for span in line.spans {
        let text = span.content.as_ref();
        let len = text.len();
        // Cut points inside this span, from every match edge.
        let mut cuts = vec![0, len];
        for (a, b, _) in hits {
            for edge in [*a, *b] {
                if edge > offset && edge < offset + len && text.is_char_boundary(edge - offset) {
                    cuts.push(edge - offset);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let (from, to) = (w[0], w[1]);
            let at = offset + from;
            let piece = text[from..to].to_string();
            let mut piece_style = span.style;
            if let Some((_, _, current)) = hits.iter().find(|(a, b, _)| *a <= at && at < *b) {
                piece_style = piece_style.patch(style);
                if *current {
                    piece_style = piece_style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
                }
            }
            out.push(Span::styled(piece, piece_style));
        }
        offset += len;
    }
    Line::from(out)
}
