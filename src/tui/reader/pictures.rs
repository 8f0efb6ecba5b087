//! Pictures in the reader: where each one goes, how many rows it takes, and
//! the decoded pictures ready to draw.
//!
//! The UI thread only reads an image's header (its size in pixels) to
//! reserve rows; decoding and scaling happen on a worker thread, and until a
//! picture comes back its rows stay blank above the caption block.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::mpsc::{self, Sender};
use std::thread;

use ratatui::layout::Size;
use ratatui_image::Resize;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::Protocol;

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
    pub result: Result<Protocol, String>,
}

enum Entry {
    Pending,
    Ready(Protocol),
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
    /// kitty may draw with Unicode placeholders (0.28 and later).
    kitty_placeholders: bool,
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
    /// Whether kitty may draw with Unicode placeholders (0.28 and later);
    /// before that, by direct placement.
    pub fn set_kitty_placeholders(&mut self, on: bool) {
        self.kitty_placeholders = on;
    }

    pub fn kitty_placeholders(&self) -> bool {
        self.kitty_placeholders
    }

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
        let (tx, rx) = mpsc::channel::<Job>();
        thread::spawn(move || {
            for job in rx {
                let result = decode(&picker, &job.bytes, &job.key);
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
    pub fn ready(&self, key: &Key) -> Option<&Protocol> {
        match self.decoded.get(key) {
            Some(Entry::Ready(p)) => Some(p),
            _ => None,
        }
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
            self.decoded
                .retain(|k, e| matches!(e, Entry::Pending) || slots.iter().any(|s| s.key == *k));
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
fn decode(picker: &Picker, bytes: &[u8], key: &Key) -> Result<Protocol, String> {
    let img = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .decode()
        .map_err(|e| e.to_string())?;
    picker
        .new_protocol(img, Size::new(key.cols, key.rows), Resize::Scale(None))
        .map_err(|e| e.to_string())
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
