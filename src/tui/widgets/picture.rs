//! A decoded picture drawn into part of the screen, whole or the part of
//! it that is on screen.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;
use ratatui_image::Image;
use ratatui_image::protocol::Protocol;

use crate::tui::reader::kitty::{self, Part};
use crate::tui::reader::pictures::{Key, Picture, Pictures};

/// A cell whose symbol is an escape sequence that shows nothing but moves
/// the cursor one cell (as ratatui-image marks its own).
const ONE_CELL: CellDiffOption = CellDiffOption::ForcedWidth(NonZeroU16::new(1).unwrap());

/// Kitty's placeholder character: what precedes it in a cell is the
/// picture's transmission.
const PLACEHOLDER: char = '\u{10EEEE}';

/// Where a picture goes: its top-left cell would be at (`x`, `top`), with
/// `top` possibly above `clip` (scrolled off) and its bottom possibly
/// below; only what is inside `clip` is drawn.
#[derive(Debug, Clone, Copy)]
pub struct At {
    pub x: u16,
    pub top: i32,
    pub clip: Rect,
}

/// Draw the picture of `key`, whole or its visible rows, in any protocol.
/// `placement` tells apart two placements of one picture (kitty direct).
pub fn draw(buf: &mut Buffer, pictures: &Pictures, key: &Key, placement: u32, at: At) {
    let Some(picture) = pictures.ready(key) else {
        return;
    };
    let At { x, top, clip } = at;
    let size = picture.size();
    let bottom = top + i32::from(size.height);
    let (clip_top, clip_bottom) = (i32::from(clip.y), i32::from(clip.bottom()));
    if bottom <= clip_top || top >= clip_bottom || x >= clip.right() || size.width == 0 {
        return;
    }
    let width = size.width.min(clip.right() - x);
    let (first, last) = (top.max(clip_top), bottom.min(clip_bottom));
    // Both within the picture's height, itself a u16.
    let skip = u16::try_from(first - top).unwrap_or(0);
    let rows = u16::try_from(last - first).unwrap_or(0);
    let Ok(y) = u16::try_from(first) else { return };
    let whole = skip == 0 && rows == size.height && width == size.width;
    match picture {
        Picture::Cells(p) if whole => Image::new(p).render(Rect::new(x, y, width, rows), buf),
        Picture::Cells(p) => copy_rows(buf, p, x, y, skip, rows, width),
        Picture::Placed { whole: p, .. } if whole => {
            Image::new(p).render(Rect::new(x, y, width, rows), buf);
        }
        Picture::Placed { .. } => {
            if let Some(p) = pictures.part(key, skip, rows, width) {
                Image::new(&p).render(Rect::new(x, y, width, rows), buf);
            }
        }
        Picture::Direct(k) => {
            let Some(font) = pictures.font_size() else {
                return;
            };
            let (fw, fh) = (u32::from(font.width), u32::from(font.height));
            let from = u32::from(skip) * fh;
            let part = Part {
                x: 0,
                y: from,
                w: (u32::from(width) * fw).min(k.px.0),
                h: (u32::from(rows) * fh).min(k.px.1.saturating_sub(from)),
            };
            if part.w == 0 || part.h == 0 {
                return;
            }
            if let Some(cell) = buf.cell_mut(Position::new(x, y)) {
                // The space moves the cursor on, as the cell's width says.
                let symbol = format!("{} ", kitty::place(k.id, placement, part));
                cell.set_symbol(&symbol).set_diff_option(ONE_CELL);
            }
        }
    }
}

/// Draw a picture made of cells aside, then copy the rows that show. A
/// kitty picture's transmission rides in its first cell: it goes with the
/// first row that shows.
fn copy_rows(
    buf: &mut Buffer,
    picture: &Protocol,
    x: u16,
    y: u16,
    skip: u16,
    rows: u16,
    width: u16,
) {
    let size = picture.size();
    let full = Rect::new(0, 0, size.width, size.height);
    let mut aside = Buffer::empty(full);
    Image::new(picture).render(full, &mut aside);
    let carried = aside
        .cell(Position::new(0, 0))
        .and_then(|c| c.symbol().find(PLACEHOLDER).map(|at| &c.symbol()[..at]))
        .filter(|prefix| !prefix.is_empty() && skip > 0)
        .map(str::to_string);
    for row in 0..rows {
        for col in 0..width {
            if let (Some(cell), Some(to)) = (
                aside.cell(Position::new(col, skip + row)),
                buf.cell_mut(Position::new(x + col, y + row)),
            ) {
                *to = cell.clone();
                if let (0, 0, Some(prefix)) = (row, col, &carried) {
                    let symbol = format!("{prefix}{}", cell.symbol());
                    to.set_symbol(&symbol);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageFormat, Rgb, RgbImage};
    use ratatui_image::picker::{Picker, ProtocolType};

    use crate::tui::reader::kitty::{placed, unplace_gone};

    /// A 120×120 PNG: 12 columns by 6 rows in 10×20-pixel cells.
    fn png() -> Vec<u8> {
        let img = RgbImage::from_fn(120, 120, |x, y| Rgb([(x * 2) as u8, (y * 2) as u8, 90]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn key() -> Key {
        Key {
            url: "https://a.example/p.png".into(),
            cols: 12,
            rows: 6,
        }
    }

    fn pictures(protocol: ProtocolType, placeholders: bool) -> Pictures {
        let mut picker = Picker::halfblocks();
        picker.set_protocol_type(protocol);
        let mut p = Pictures::new(Some(picker), true);
        p.set_kitty_placeholders(placeholders);
        p.decode_now(&key(), &png());
        p
    }

    const CLIP: Rect = Rect::new(0, 0, 40, 20);

    /// Draw the picture with its top at `top` (negative: scrolled off).
    fn drawn(p: &Pictures, top: i32) -> Buffer {
        let mut buf = Buffer::empty(CLIP);
        let at = At {
            x: 4,
            top,
            clip: CLIP,
        };
        draw(&mut buf, p, &key(), 1, at);
        buf
    }

    /// The cells carrying escape sequences: (x, y, symbol).
    fn sequences(buf: &Buffer) -> Vec<(u16, u16, String)> {
        let mut out = Vec::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                let s = buf[(x, y)].symbol();
                if s.contains('\x1b') {
                    out.push((x, y, s.to_string()));
                }
            }
        }
        out
    }

    /// A sixel's raster attributes: `"Pan;Pad;Ph;Pv`, width and height.
    fn sixel_size(s: &str) -> (u32, u32) {
        let dcs = s.find("\x1bP").expect("a sixel");
        let ra = s[dcs..].find('"').expect("raster attributes") + dcs + 1;
        let nums: Vec<u32> = s[ra..]
            .split(|c: char| !c.is_ascii_digit() && c != ';')
            .next()
            .unwrap()
            .split(';')
            .map(|n| n.parse().unwrap())
            .collect();
        (nums[2], nums[3])
    }

    #[test]
    fn a_sixel_partly_above_the_screen_shows_its_visible_rows() {
        let p = pictures(ProtocolType::Sixel, true);
        let whole = sequences(&drawn(&p, 3));
        assert_eq!(whole.len(), 1);
        assert_eq!((whole[0].0, whole[0].1), (4, 3));
        assert_eq!(sixel_size(&whole[0].2), (120, 120));

        // Two of its six rows above the screen: the other four, 4 × 20 pixels.
        let cut = sequences(&drawn(&p, -2));
        assert_eq!(cut.len(), 1, "{cut:?}");
        assert_eq!((cut[0].0, cut[0].1), (4, 0));
        assert_eq!(sixel_size(&cut[0].2), (120, 80));
        // Its bottom below the screen: the rows above it.
        let low = sequences(&drawn(&p, 17));
        assert_eq!((low[0].0, low[0].1), (4, 17));
        assert_eq!(sixel_size(&low[0].2), (120, 60));

        // Drawn again, scrolled back and forth: each part encoded once.
        assert_eq!(p.parts_encoded(), 2);
        for top in [-2, 17, -2, 3, 17] {
            drawn(&p, top);
        }
        assert_eq!(p.parts_encoded(), 2);
        drawn(&p, -3);
        assert_eq!(p.parts_encoded(), 3);
    }

    #[test]
    fn an_iterm2_picture_partly_above_the_screen_shows_its_visible_rows() {
        let p = pictures(ProtocolType::Iterm2, true);
        let cut = sequences(&drawn(&p, -5));
        assert_eq!(cut.len(), 1, "{cut:?}");
        assert!(
            cut[0].2.contains("width=120px;height=20px"),
            "{}",
            &cut[0].2[..120]
        );
    }

    #[test]
    fn kitty_placed_directly_shows_its_visible_part_and_goes_when_scrolled_off() {
        let mut p = pictures(ProtocolType::Kitty, false);
        assert!(p.kitty_direct());
        let Some(Picture::Direct(k)) = p.ready(&key()) else {
            panic!("a direct kitty picture");
        };
        let id = k.id;
        // Stored once, before anything places it.
        let mut sent = Vec::new();
        p.send(&mut sent).unwrap();
        let sent = String::from_utf8(sent).unwrap();
        assert!(sent.starts_with(&format!("\x1b_Ga=t,f=100,i={id},q=2,")));
        let mut again = Vec::new();
        p.send(&mut again).unwrap();
        assert!(again.is_empty());
        // After the screen is cleared (a resize), sent again.
        p.resend();
        let mut resent = Vec::new();
        p.send(&mut resent).unwrap();
        assert_eq!(String::from_utf8(resent).unwrap(), sent);

        let whole = drawn(&p, 3);
        let cells = sequences(&whole);
        assert_eq!(cells.len(), 1);
        let expect = format!("\x1b_Ga=p,i={id},p=1,x=0,y=0,w=120,h=120,C=1,q=2\x1b\\ ");
        assert_eq!(cells[0], (4, 3, expect));
        assert_eq!(whole[(4, 3)].diff_option, ONE_CELL);

        // Two rows above the screen: the source rectangle starts 40 pixels down.
        let cut = drawn(&p, -2);
        let cells = sequences(&cut);
        let expect = format!("\x1b_Ga=p,i={id},p=1,x=0,y=40,w=120,h=80,C=1,q=2\x1b\\ ");
        assert_eq!(cells, vec![(4, 0, expect)]);

        // Scrolled off: the placement the last frame had is deleted.
        let gone = drawn(&p, -6);
        assert!(sequences(&gone).is_empty());
        let mut out = Vec::new();
        unplace_gone(&mut out, &placed(&cut), &placed(&gone)).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out, format!("\x1b_Ga=d,d=i,i={id},p=1,q=2\x1b\\"));

        // On leaving, the terminal forgets it.
        let mut bye = Vec::new();
        p.forget_all(&mut bye).unwrap();
        let bye = String::from_utf8(bye).unwrap();
        assert_eq!(bye, format!("\x1b_Ga=d,d=I,i={id},q=2\x1b\\"));
    }

    #[test]
    fn kitty_placeholders_cut_at_the_top_keep_their_lower_rows() {
        let p = pictures(ProtocolType::Kitty, true);
        let buf = drawn(&p, -2);
        let first = buf[(4, 0)].symbol();
        // The transmission rides with the first row that shows, and that
        // row says it is the picture's third (the third diacritic).
        assert!(first.starts_with("\x1b_G"), "{first:?}");
        let at = first.find(PLACEHOLDER).unwrap();
        assert_eq!(first[at..].chars().nth(1), Some('\u{30E}'), "{first:?}");
        for y in 0..4 {
            assert!(buf[(4, y)].symbol().contains(PLACEHOLDER), "row {y}");
        }
        assert!(!buf[(4, 4)].symbol().contains(PLACEHOLDER));
    }
}
