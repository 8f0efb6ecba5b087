//! Pictures in the reader: where each one goes, how many rows it takes, and
//! the decoded pictures ready to draw.
//!
//! The UI thread only reads an image's header (its size in pixels) to
//! reserve rows; decoding and scaling happen on a worker thread, and until a
//! picture comes back its rows stay blank above the caption block.

use std::collections::{HashMap, HashSet};
use std::io::{self, Cursor, Write};
use std::sync::Arc;
use std::sync::mpsc::{self, Sender};
use std::thread;

use image::DynamicImage;
use ratatui::layout::Size;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::Protocol;
use ratatui_image::protocol::iterm2::Iterm2;
use ratatui_image::protocol::sixel::Sixel;
use ratatui_image::{FontSize, Resize};

use super::crops::{Crops, PartKey};
use super::kitty;
use crate::render::{Rendered, StyledLine};
use crate::tui::library::Library;

/// The most rows one picture takes, so a tall photograph leaves text on
/// screen.
pub const MAX_ROWS: u16 = 14;

/// A picture at a given size in cells: what is decoded and drawn.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub url: String,
    pub cols: u16,
    pub rows: u16,
}

/// Rows reserved in the laid-out article for one picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The first reserved row, in the article's lines.
    pub line: usize,
    /// The picture's line (its caption block's first) in the text alone.
    pub text_line: usize,
    pub key: Key,
}

/// A decoding job for the worker.
struct Job {
    key: Key,
    bytes: Vec<u8>,
}

/// A picture back from the worker.
pub struct Decoded {
    pub key: Key,
    pub result: Result<Picture, String>,
}

/// A decoded picture, ready to draw.
pub enum Picture {
    /// Half-blocks, or kitty's placeholders: cells, any rows of which can
    /// be drawn on their own.
    Cells(Protocol),
    /// Sixel or iTerm2: one image placed whole. The scaled image is kept to
    /// encode the part that shows when only a part does.
    Placed {
        whole: Protocol,
        image: DynamicImage,
    },
    /// Kitty without placeholders: stored in the terminal, then placed.
    Direct(kitty::Image),
}

impl Picture {
    /// The cells it covers when whole.
    pub fn size(&self) -> Size {
        match self {
            Picture::Cells(p) | Picture::Placed { whole: p, .. } => p.size(),
            Picture::Direct(k) => k.size,
        }
    }
}

enum Entry {
    Pending,
    Ready(Picture),
    Failed,
}

/// The reader's pictures: how to draw them, whether they are shown, and
/// what has been decoded.
#[derive(Default)]
pub struct Pictures {
    picker: Option<Picker>,
    /// Pictures are shown (the toggle key flips it).
    pub on: bool,
    jobs: Option<Sender<Job>>,
    decoded: HashMap<Key, Entry>,
    /// Each image's size in pixels; None when its header could not be read.
    dims: HashMap<String, Option<(u32, u32)>>,
    /// Kitty pictures are placed directly, not through placeholder cells
    /// (which kitty understands only from 0.28).
    kitty_direct: bool,
    /// Parts of pictures partly on screen, encoded.
    crops: Crops,
    /// Kitty pictures stored in the terminal, and those to forget there.
    sent: HashSet<u32>,
    forgotten: Vec<u32>,
}

impl std::fmt::Debug for Pictures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pictures")
            .field("protocol", &self.picker.as_ref().map(Picker::protocol_type))
            .field("on", &self.on)
            .field("decoded", &self.decoded.len())
            .finish()
    }
}

/// Decoded pictures kept beyond those of the article open.
const KEEP: usize = 48;

impl Pictures {
    /// Pictures drawn with `picker` (None: only captions), shown or not.
    pub fn new(picker: Option<Picker>, on: bool) -> Pictures {
        Pictures {
            picker,
            on,
            ..Pictures::default()
        }
    }

    pub fn protocol(&self) -> Option<ProtocolType> {
        self.picker.as_ref().map(Picker::protocol_type)
    }

    /// Whether kitty's Unicode placeholders can be used (kitty 0.28 and
    /// later); without them kitty pictures are placed directly. Set before
    /// [`Pictures::start`]. True unless told otherwise.
    pub fn set_kitty_placeholders(&mut self, on: bool) {
        self.kitty_direct = !on;
    }

    /// Kitty pictures are placed directly: their placements need deleting
    /// when they leave the screen.
    pub fn kitty_direct(&self) -> bool {
        self.kitty_direct && self.protocol() == Some(ProtocolType::Kitty)
    }

    /// The terminal's cell size in pixels, as pictures are scaled for.
    pub fn font_size(&self) -> Option<FontSize> {
        self.picker.as_ref().map(Picker::font_size)
    }

    /// Shown, and there is a way to draw them.
    pub fn active(&self) -> bool {
        self.on && self.picker.is_some()
    }

    /// Start the decoding thread; `done` is called there with each result
    /// (it forwards to the UI thread's channel).
    pub fn start(&mut self, done: impl Fn(Decoded) + Send + 'static) {
        let Some(picker) = self.picker.clone() else {
            return;
        };
        let direct = self.kitty_direct;
        let (tx, rx) = mpsc::channel::<Job>();
        thread::spawn(move || {
            for job in rx {
                let result = decode(&picker, direct, &job.bytes, &job.key);
                done(Decoded {
                    key: job.key,
                    result,
                });
            }
        });
        self.jobs = Some(tx);
    }

    /// A picture back from the worker. True when the layout must change
    /// (it could not be decoded, so its rows go).
    pub fn finish(&mut self, d: Decoded) -> bool {
        match d.result {
            Ok(p) => {
                self.decoded.insert(d.key, Entry::Ready(p));
                false
            }
            Err(_) => {
                self.decoded.insert(d.key.clone(), Entry::Failed);
                self.dims.insert(d.key.url, None);
                true
            }
        }
    }

    /// The picture to draw in a slot, once decoded.
    pub fn ready(&self, key: &Key) -> Option<&Picture> {
        match self.decoded.get(key) {
            Some(Entry::Ready(p)) => Some(p),
            _ => None,
        }
    }

    /// Part of a sixel or iTerm2 picture: `rows` rows from row `skip`, its
    /// first `cols` columns, encoded on its own (and kept, so the same part
    /// is not encoded again on the next frame).
    pub fn part(&self, key: &Key, skip: u16, rows: u16, cols: u16) -> Option<Arc<Protocol>> {
        let (Some(Picture::Placed { image, .. }), Some(picker)) = (self.ready(key), &self.picker)
        else {
            return None;
        };
        let part = PartKey {
            key: key.clone(),
            skip,
            rows,
            cols,
        };
        self.crops
            .get(part, || encode_part(picker, image, skip, rows, cols))
    }

    /// Decode a picture here and now, as the worker would.
    #[cfg(test)]
    pub(crate) fn decode_now(&mut self, key: &Key, bytes: &[u8]) {
        let picker = self.picker.clone().expect("a picker");
        let picture = decode(&picker, self.kitty_direct, bytes, key).expect("decodes");
        self.decoded.insert(key.clone(), Entry::Ready(picture));
    }

    /// How many parts of pictures have been encoded so far.
    #[cfg(test)]
    pub(crate) fn parts_encoded(&self) -> usize {
        self.crops.encoded()
    }

    /// Store in the terminal the kitty pictures it does not have yet, and
    /// forget those dropped from the cache. Written before the frame that
    /// places them.
    pub fn send(&mut self, out: &mut impl Write) -> io::Result<()> {
        let mut wrote = false;
        for id in self.forgotten.drain(..) {
            self.sent.remove(&id);
            out.write_all(kitty::forget(id).as_bytes())?;
            wrote = true;
        }
        for e in self.decoded.values() {
            if let Entry::Ready(Picture::Direct(k)) = e
                && self.sent.insert(k.id)
            {
                out.write_all(k.transmit.as_bytes())?;
                wrote = true;
            }
        }
        if wrote {
            out.flush()?;
        }
        Ok(())
    }

    /// Send the kitty pictures again before the next frame: clearing the
    /// screen (as a resize does) can make kitty drop them.
    pub fn resend(&mut self) {
        self.sent.clear();
    }

    /// Forget every kitty picture stored in the terminal (on leaving).
    pub fn forget_all(&mut self, out: &mut impl Write) -> io::Result<()> {
        self.forgotten.extend(self.sent.iter().copied());
        self.decoded
            .retain(|_, e| !matches!(e, Entry::Ready(Picture::Direct(_))));
        self.send(out)
    }

    /// The size in cells of a picture laid out `width` columns wide, or None
    /// when it is not in the cache or cannot be read.
    fn size_of(&mut self, library: &dyn Library, url: &str, width: u16) -> Option<(u16, u16)> {
        let picker = self.picker.as_ref()?;
        let font = picker.font_size();
        let dims = *self
            .dims
            .entry(url.to_string())
            .or_insert_with(|| header_size(library, url));
        cells(dims?, (font.width, font.height), width)
    }

    /// Lay out `text` with rows reserved above each picture, and queue the
    /// pictures not yet decoded. Returns the lines and the slots.
    pub fn arrange(
        &mut self,
        library: &dyn Library,
        text: &Rendered,
        width: u16,
    ) -> (Rendered, Vec<Slot>) {
        if !self.active() {
            return (text.clone(), Vec::new());
        }
        let mut lines = Vec::with_capacity(text.lines.len());
        let mut slots = Vec::new();
        for (i, l) in text.lines.iter().enumerate() {
            if let Some(url) = &l.image
                && let Some((cols, rows)) = self.size_of(library, url, width)
            {
                let key = Key {
                    url: url.clone(),
                    cols,
                    rows,
                };
                slots.push(Slot {
                    line: lines.len(),
                    text_line: i,
                    key,
                });
                lines.extend(std::iter::repeat_n(
                    StyledLine::default(),
                    usize::from(rows),
                ));
            }
            lines.push(l.clone());
        }
        if self.decoded.len() > KEEP {
            // Pictures of articles read earlier go (decoded again if needed);
            // this article's and those on their way stay.
            let forgotten = &mut self.forgotten;
            self.decoded.retain(|k, e| {
                let keep = matches!(e, Entry::Pending) || slots.iter().any(|s| s.key == *k);
                if !keep && let Entry::Ready(Picture::Direct(d)) = e {
                    forgotten.push(d.id);
                }
                keep
            });
        }
        for s in &slots {
            self.request(library, &s.key);
        }
        let rendered = Rendered {
            lines,
            ..text.clone()
        };
        (rendered, slots)
    }

    fn request(&mut self, library: &dyn Library, key: &Key) {
        if self.decoded.contains_key(key) {
            return;
        }
        let Some(jobs) = &self.jobs else { return };
        let Ok(Some((_, bytes))) = library.image(&key.url) else {
            return;
        };
        if jobs
            .send(Job {
                key: key.clone(),
                bytes,
            })
            .is_ok()
        {
            self.decoded.insert(key.clone(), Entry::Pending);
        }
    }
}

/// An image's size in pixels from its header alone.
fn header_size(library: &dyn Library, url: &str) -> Option<(u32, u32)> {
    let (_, bytes) = library.image(url).ok()??;
    let (w, h) = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()?;
    (w > 0 && h > 0).then_some((w, h))
}

/// Cells for a picture of `px` pixels: no wider than `width` columns nor
/// its own size, no taller than [`MAX_ROWS`], its shape kept.
pub fn cells(px: (u32, u32), font: (u16, u16), width: u16) -> Option<(u16, u16)> {
    let (w, h) = (f64::from(px.0), f64::from(px.1));
    let (fw, fh) = (f64::from(font.0.max(1)), f64::from(font.1.max(1)));
    let mut cols = (w / fw).ceil().min(f64::from(width));
    let mut rows = (cols * fw * h / w / fh).ceil();
    if rows > f64::from(MAX_ROWS) {
        rows = f64::from(MAX_ROWS);
        cols = (rows * fh * w / h / fw).floor().max(1.0);
    }
    // Both are small positive whole numbers here.
    let (cols, rows) = (cols as u16, rows as u16);
    (cols > 0 && rows > 0).then_some((cols, rows))
}

/// Decode and scale a picture for the terminal: runs on the worker thread.
/// `kitty_direct`: kitty pictures are to be placed, not drawn in cells.
fn decode(picker: &Picker, kitty_direct: bool, bytes: &[u8], key: &Key) -> Result<Picture, String> {
    let img = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .decode()
        .map_err(|e| e.to_string())?;
    let wanted = Size::new(key.cols, key.rows);
    let protocol = picker.protocol_type();
    let direct = protocol == ProtocolType::Kitty && kitty_direct;
    if matches!(protocol, ProtocolType::Halfblocks | ProtocolType::Kitty) && !direct {
        return picker
            .new_protocol(img, wanted, Resize::Scale(None))
            .map(Picture::Cells)
            .map_err(|e| e.to_string());
    }
    // Scaled as `new_protocol` would, padded to whole cells, so that a part
    // of it is a number of whole rows.
    let font = picker.font_size();
    let size = Resize::Scale(None).size_for(&img, font, wanted);
    let image = Resize::Scale(None).resize(&img, font, size, None);
    if direct {
        return kitty::Image::new(&image, size)
            .map(Picture::Direct)
            .map_err(|e| e.to_string());
    }
    let whole = encode(picker, image.clone(), size).map_err(|e| e.to_string())?;
    Ok(Picture::Placed { whole, image })
}

/// An image already scaled to `size` cells, encoded for a protocol that
/// places a whole image.
fn encode(
    picker: &Picker,
    image: DynamicImage,
    size: Size,
) -> Result<Protocol, ratatui_image::errors::Errors> {
    let tmux = picker.tmux_detected();
    match picker.protocol_type() {
        ProtocolType::Iterm2 => Iterm2::new(image, size, tmux).map(Protocol::ITerm2),
        _ => Sixel::new(image, size, tmux).map(Protocol::Sixel),
    }
}

/// Rows `skip..skip + rows` and the first `cols` columns of a scaled
/// picture, encoded on their own.
fn encode_part(
    picker: &Picker,
    image: &DynamicImage,
    skip: u16,
    rows: u16,
    cols: u16,
) -> Option<Protocol> {
    let font = picker.font_size();
    let (fw, fh) = (u32::from(font.width), u32::from(font.height));
    let y = u32::from(skip) * fh;
    let h = (u32::from(rows) * fh).min(image.height().saturating_sub(y));
    let w = (u32::from(cols) * fw).min(image.width());
    if h == 0 || w == 0 {
        return None;
    }
    encode(picker, image.crop_imm(0, y, w, h), Size::new(cols, rows)).ok()
}

/// A line of the text alone, for a line of the laid-out article.
pub fn text_line(slots: &[Slot], line: usize) -> usize {
    let mut t = line;
    for s in slots.iter().filter(|s| s.line < line) {
        t -= usize::from(s.key.rows).min(line - s.line);
    }
    t
}

/// The laid-out line for a line of the text alone.
pub fn display_line(slots: &[Slot], text_line: usize) -> usize {
    text_line
        + slots
            .iter()
            .filter(|s| s.text_line <= text_line)
            .map(|s| usize::from(s.key.rows))
            .sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_fit_the_width_and_the_row_limit() {
        // Wide: the full reading width, rows by the shape.
        assert_eq!(cells((2000, 500), (10, 20), 80), Some((80, 10)));
        // Tall: capped rows, narrower.
        assert_eq!(cells((1000, 2000), (10, 20), 80), Some((14, 14)));
        // Small: its own size.
        assert_eq!(cells((100, 40), (10, 20), 80), Some((10, 2)));
    }

    #[test]
    fn lines_map_both_ways_around_reserved_rows() {
        let key = Key {
            url: "u".into(),
            cols: 10,
            rows: 4,
        };
        let slots = vec![Slot {
            line: 3,
            text_line: 3,
            key,
        }];
        assert_eq!(text_line(&slots, 2), 2);
        assert_eq!(text_line(&slots, 5), 3);
        assert_eq!(text_line(&slots, 8), 4);
        assert_eq!(display_line(&slots, 2), 2);
        assert_eq!(display_line(&slots, 3), 7);
        assert_eq!(display_line(&slots, 4), 8);
    }
}
