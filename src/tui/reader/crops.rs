//! The parts of pictures that are partly on screen, encoded for protocols
//! that place a whole image (sixel, iTerm2).
//!
//! Scrolling past a picture shows a different part each line: each part is
//! encoded once and kept a while, so scrolling back and forth over it, or
//! drawing the same screen again, costs no new encoding.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use ratatui_image::protocol::Protocol;

use super::pictures::Key;

/// Parts kept: a picture of the most rows scrolled past from top to bottom
/// is about this many.
const KEEP: usize = 32;

/// One part of a picture: the rows from `skip` on, `rows` of them, and its
/// first `cols` columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartKey {
    pub key: Key,
    pub skip: u16,
    pub rows: u16,
    pub cols: u16,
}

/// Encoded parts, the most recently used last.
#[derive(Default)]
pub struct Crops {
    kept: Mutex<VecDeque<(PartKey, Arc<Protocol>)>>,
    encoded: AtomicUsize,
}

impl Crops {
    /// The part, encoded by `encode` unless it is kept already.
    pub fn get(
        &self,
        part: PartKey,
        encode: impl FnOnce() -> Option<Protocol>,
    ) -> Option<Arc<Protocol>> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = kept.iter().position(|(k, _)| *k == part)
            && let Some(found) = kept.remove(i)
        {
            let p = found.1.clone();
            kept.push_back(found);
            return Some(p);
        }
        let p = Arc::new(encode()?);
        self.encoded.fetch_add(1, Ordering::Relaxed);
        if kept.len() >= KEEP {
            kept.pop_front();
        }
        kept.push_back((part, p.clone()));
        Some(p)
    }

    /// How many parts have been encoded so far.
    #[cfg(test)]
    pub fn encoded(&self) -> usize {
        self.encoded.load(Ordering::Relaxed)
    }

    /// How many parts are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.kept.lock().map(|k| k.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui_image::protocol::halfblocks::Halfblocks;

    fn part(skip: u16) -> PartKey {
        PartKey {
            key: Key {
                url: "u".into(),
                cols: 4,
                rows: 14,
            },
            skip,
            rows: 14u16.saturating_sub(skip),
            cols: 4,
        }
    }

    fn encode() -> Option<Protocol> {
        let img = image::DynamicImage::new_rgba8(40, 40);
        Some(Protocol::Halfblocks(
            Halfblocks::new(img, ratatui::layout::Size::new(4, 2)).unwrap(),
        ))
    }

    #[test]
    fn each_part_is_encoded_once_and_the_kept_ones_are_bounded() {
        let crops = Crops::default();
        for round in 0..3 {
            for skip in 1..14 {
                assert!(crops.get(part(skip), encode).is_some());
            }
            assert_eq!(crops.encoded(), 13, "round {round}");
        }
        for skip in 0..200 {
            crops.get(part(skip), encode);
        }
        assert_eq!(crops.len(), KEEP);
        // One that failed to encode is not kept.
        assert!(crops.get(part(500), || None).is_none());
        assert_eq!(crops.len(), KEEP);
    }
}
