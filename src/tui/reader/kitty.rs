//! Kitty's graphics protocol without Unicode placeholders (kitty before
//! 0.28): a picture is transmitted once under an id, then placed at a cell,
//! and its placements are deleted when it leaves the screen.
//!
//! Each placement is written as the symbol of the first cell it covers, so
//! it reaches the terminal in the same write as the frame, at the right
//! place; the other cells stay plain blanks under the picture. Placements
//! do not go away when the text under them changes: after each frame those
//! no longer in the buffer are deleted.

use std::collections::BTreeSet;
use std::io::{self, Cursor, Write};
use std::sync::atomic::{AtomicU32, Ordering};

use base64::Engine;
use image::DynamicImage;
use ratatui::buffer::Buffer;
use ratatui::layout::Size;

/// A picture kept by the terminal, drawn by placing it.
#[derive(Debug, Clone)]
pub struct Image {
    pub id: u32,
    /// Cells it covers when whole.
    pub size: Size,
    /// Its size in pixels.
    pub px: (u32, u32),
    /// What stores it in the terminal, sent once before it is placed.
    pub transmit: String,
}

/// Where a placement shows a picture: the part of it, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

/// Ids of this process's pictures. Other programs in the same window may
/// number theirs from 1: ours start elsewhere.
fn next_id() -> u32 {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let base = (std::process::id() % 0x7fff + 1) << 16;
    base | (NEXT.fetch_add(1, Ordering::Relaxed) % 0xffff + 1)
}

/// The most base64 characters in one chunk of a transmission (the spec's
/// limit).
const CHUNK: usize = 4096;

impl Image {
    /// Encode `img` (already scaled to `size` cells) as PNG for the terminal.
    pub fn new(img: &DynamicImage, size: Size) -> Result<Image, image::ImageError> {
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)?;
        let id = next_id();
        let data = base64::engine::general_purpose::STANDARD.encode(&png);
        let mut transmit = String::with_capacity(data.len() + data.len() / CHUNK * 24 + 64);
        let chunks: Vec<&str> = data
            .as_bytes()
            .chunks(CHUNK)
            // Base64 is ASCII: every chunk is a whole str.
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect();
        for (i, chunk) in chunks.iter().enumerate() {
            let more = u8::from(i + 1 < chunks.len());
            if i == 0 {
                transmit.push_str(&format!("\x1b_Ga=t,f=100,i={id},q=2,m={more};"));
            } else {
                transmit.push_str(&format!("\x1b_Gq=2,m={more};"));
            }
            transmit.push_str(chunk);
            transmit.push_str("\x1b\\");
        }
        Ok(Image {
            id,
            size,
            px: (img.width(), img.height()),
            transmit,
        })
    }
}

/// Show `part` of picture `id` at the cursor as placement `placement`,
/// leaving the cursor where it is.
pub fn place(id: u32, placement: u32, part: Part) -> String {
    let Part { x, y, w, h } = part;
    format!("\x1b_Ga=p,i={id},p={placement},x={x},y={y},w={w},h={h},C=1,q=2\x1b\\")
}

/// Take a placement off the screen (the picture stays stored).
pub fn unplace(id: u32, placement: u32) -> String {
    format!("\x1b_Ga=d,d=i,i={id},p={placement},q=2\x1b\\")
}

/// Forget a stored picture and its placements.
pub fn forget(id: u32) -> String {
    format!("\x1b_Ga=d,d=I,i={id},q=2\x1b\\")
}

/// The placements (picture id, placement id) a drawn frame holds.
pub fn placed(buf: &Buffer) -> BTreeSet<(u32, u32)> {
    let mut out = BTreeSet::new();
    for cell in &buf.content {
        let s = cell.symbol();
        if let Some(at) = s.find("\x1b_Ga=p,")
            && let Some(keys) = s[at + 5..].split(['\x1b', ';']).next()
        {
            let key = |k: &str| {
                keys.split(',')
                    .find_map(|kv| kv.strip_prefix(k)?.strip_prefix('='))
                    .and_then(|v| v.parse::<u32>().ok())
            };
            if let (Some(i), Some(p)) = (key("i"), key("p")) {
                out.insert((i, p));
            }
        }
    }
    out
}

/// Delete the placements of the frame before that this one no longer has.
pub fn unplace_gone(
    out: &mut impl Write,
    before: &BTreeSet<(u32, u32)>,
    now: &BTreeSet<(u32, u32)>,
) -> io::Result<()> {
    let mut any = false;
    for (i, p) in before.difference(now) {
        out.write_all(unplace(*i, *p).as_bytes())?;
        any = true;
    }
    if any {
        out.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgba, RgbaImage};
    use ratatui::layout::Rect;

    #[test]
    fn a_picture_is_sent_in_chunks_under_one_id() {
        // Noise does not compress: several chunks.
        let img = RgbaImage::from_fn(120, 80, |x, y| {
            let v = (x * 7919 + y * 104_729) as u8;
            Rgba([v, v.wrapping_mul(3), v.wrapping_add(91), 255])
        });
        let a = Image::new(&DynamicImage::ImageRgba8(img), Size::new(12, 4)).unwrap();
        let b = Image::new(&DynamicImage::new_rgba8(1, 1), Size::new(1, 1)).unwrap();
        assert_ne!(a.id, b.id);
        assert_eq!(a.px, (120, 80));
        let t = &a.transmit;
        assert!(
            t.starts_with(&format!("\x1b_Ga=t,f=100,i={},q=2,m=1;", a.id)),
            "{}",
            &t[..40]
        );
        let chunks = t.matches("\x1b_G").count();
        assert!(chunks > 1);
        assert_eq!(t.matches("m=0;").count(), 1);
        assert!(t.ends_with("\x1b\\"));
        // Each chunk within the limit.
        for c in t.split("\x1b\\").filter(|c| !c.is_empty()) {
            let payload = c.split(';').nth(1).unwrap();
            assert!(payload.len() <= CHUNK);
        }
    }

    #[test]
    fn placements_gone_from_the_frame_are_deleted() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 3));
        let part = Part {
            x: 0,
            y: 20,
            w: 100,
            h: 40,
        };
        buf[(2, 1)].set_symbol(&format!("{} ", place(77, 2, part)));
        let now = placed(&buf);
        assert_eq!(now, BTreeSet::from([(77, 2)]));
        let before = BTreeSet::from([(77, 2), (77, 1), (5, 1)]);
        let mut out = Vec::new();
        unplace_gone(&mut out, &before, &now).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("\x1b_Ga=d,d=i,i=77,p=1,q=2\x1b\\"), "{s:?}");
        assert!(s.contains("\x1b_Ga=d,d=i,i=5,p=1,q=2\x1b\\"), "{s:?}");
        assert!(!s.contains("p=2"), "{s:?}");
        let mut none = Vec::new();
        unplace_gone(&mut none, &now, &now).unwrap();
        assert!(none.is_empty());
    }
}
