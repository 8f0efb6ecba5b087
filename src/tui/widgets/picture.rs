//! A decoded picture drawn into part of the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;
use ratatui_image::Image;
use ratatui_image::picker::ProtocolType;
use ratatui_image::protocol::Protocol;

/// Draw `picture`, whose top-left cell would be at (`x`, `top`) with `top`
/// possibly above `clip` (scrolled off). Half-blocks are plain cells and
/// can show any part; kitty's can lose their bottom; the other protocols
/// place a whole image, so they are drawn only when all of it is in `clip`.
pub fn draw(
    buf: &mut Buffer,
    picture: &Protocol,
    protocol: ProtocolType,
    x: u16,
    top: i32,
    clip: Rect,
) {
    let size = picture.size();
    let bottom = top + i32::from(size.height);
    let (clip_top, clip_bottom) = (i32::from(clip.y), i32::from(clip.bottom()));
    if bottom <= clip_top || top >= clip_bottom || x >= clip.right() {
        return;
    }
    let width = size.width.min(clip.right() - x);
    let whole = top >= clip_top && bottom <= clip_bottom && width == size.width;
    if whole {
        let y = u16::try_from(top).unwrap_or(clip.y);
        Image::new(picture).render(Rect::new(x, y, size.width, size.height), buf);
        return;
    }
    if protocol == ProtocolType::Kitty && top >= clip_top && width == size.width {
        // Kitty places pictures with placeholder cells: the bottom can be cut.
        let y = u16::try_from(top).unwrap_or(clip.y);
        let shown = Rect::new(x, y, size.width, clip.bottom().saturating_sub(y));
        Image::new(picture).allow_clipping(true).render(shown, buf);
        return;
    }
    if protocol != ProtocolType::Halfblocks {
        return;
    }
    // Draw the whole picture aside, then copy the rows that are on screen.
    let full = Rect::new(0, 0, size.width, size.height);
    let mut aside = Buffer::empty(full);
    Image::new(picture).render(full, &mut aside);
    for row in top.max(clip_top)..bottom.min(clip_bottom) {
        let (Ok(from_y), Ok(to_y)) = (u16::try_from(row - top), u16::try_from(row)) else {
            continue;
        };
        for col in 0..width {
            if let (Some(cell), Some(to)) = (
                aside.cell(Position::new(col, from_y)),
                buf.cell_mut(Position::new(x + col, to_y)),
            ) {
                *to = cell.clone();
            }
        }
    }
}
