//! What a screenshot of a terminal shows, read off its pixels: each row's
//! background and text colours (for contrast), and where a picture is.

use image::RgbImage;

pub type Rgb = [u8; 3];

/// WCAG 2 relative luminance of an sRGB colour.
pub fn luminance(c: Rgb) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

/// WCAG 2 contrast ratio, 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn distance(a: Rgb, b: Rgb) -> u32 {
    (0..3).map(|i| u32::from(a[i].abs_diff(b[i]))).sum()
}

/// Pixels this far (sum of channel differences) from the background are ink.
const INK: u32 = 24;

/// One row of character cells.
#[derive(Debug, Clone)]
pub struct Row {
    /// The commonest colour: what the row's text stands on.
    pub bg: Rgb,
    /// Colours of the text (cells not part of a picture), commonest first,
    /// with their pixel counts. Anti-aliasing fringes are left out.
    pub text: Vec<(Rgb, usize)>,
    /// Ink pixels outside pictures.
    pub ink: usize,
    /// Columns (first, last) of the widest run of picture cells.
    pub picture: Option<(u32, u32)>,
    /// Cells wholly covered but not part of a picture: left-over pieces of
    /// a picture that was not cleared.
    pub stray: Vec<u32>,
}

/// A screenshot cut into the terminal's cells.
pub struct Screen {
    pub rows: Vec<Row>,
    /// The commonest colour of the whole window.
    pub bg: Rgb,
    pub cell: (u32, u32),
}

/// Runs of at least this many covered cells are a picture.
const PICTURE_RUN: u32 = 6;

impl Screen {
    pub fn read(img: &RgbImage, cols: u32, rows: u32) -> Screen {
        let (cw, ch) = (img.width() / cols, img.height() / rows);
        let (x0, y0) = (
            (img.width() - cols * cw) / 2,
            (img.height() - rows * ch) / 2,
        );
        let px = |x: u32, y: u32| img.get_pixel(x, y).0;
        let bg = commonest(img.pixels().map(|p| p.0));
        let rows = (0..rows)
            .map(|r| {
                let top = y0 + r * ch;
                let row_bg = commonest(
                    (top..top + ch)
                        .flat_map(|y| (x0..x0 + cols * cw).map(move |x| (x, y)))
                        .map(|(x, y)| px(x, y)),
                );
                let covered: Vec<bool> = (0..cols)
                    .map(|c| {
                        let left = x0 + c * cw;
                        let mut n = 0;
                        for y in top..top + ch {
                            for x in left..left + cw {
                                n += u32::from(distance(px(x, y), row_bg) > INK);
                            }
                        }
                        n * 10 >= cw * ch * 9
                    })
                    .collect();
                let mut in_picture = vec![false; cols as usize];
                let mut widest: Option<(u32, u32)> = None;
                let mut c = 0;
                while c < cols {
                    if !covered[c as usize] {
                        c += 1;
                        continue;
                    }
                    let start = c;
                    while c < cols && covered[c as usize] {
                        c += 1;
                    }
                    if c - start >= PICTURE_RUN {
                        for k in start..c {
                            in_picture[k as usize] = true;
                        }
                        if widest.is_none_or(|(a, b)| b - a + 1 < c - start) {
                            widest = Some((start, c - 1));
                        }
                    }
                }
                let stray = (0..cols)
                    .filter(|&c| covered[c as usize] && !in_picture[c as usize])
                    .collect();
                let mut counts = std::collections::HashMap::<Rgb, usize>::new();
                let mut ink = 0;
                for c in (0..cols).filter(|&c| !in_picture[c as usize]) {
                    let left = x0 + c * cw;
                    for y in top..top + ch {
                        for x in left..left + cw {
                            let p = px(x, y);
                            if distance(p, row_bg) > INK {
                                ink += 1;
                                *counts.entry(p).or_default() += 1;
                            }
                        }
                    }
                }
                let mut text: Vec<(Rgb, usize)> = counts
                    .into_iter()
                    .filter(|&(_, n)| n >= 8 && n * 20 >= ink)
                    .collect();
                text.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                Row {
                    bg: row_bg,
                    text,
                    ink,
                    picture: widest,
                    stray,
                }
            })
            .collect();
        Screen {
            rows,
            bg,
            cell: (cw, ch),
        }
    }

    /// Rows showing a picture, top to bottom.
    pub fn picture_rows(&self) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&r| self.rows[r].picture.is_some())
            .collect()
    }

    /// Rows with cells wholly covered outside a picture, and which.
    pub fn strays(&self) -> Vec<(usize, Vec<u32>)> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.stray.is_empty())
            .map(|(i, r)| (i, r.stray.clone()))
            .collect()
    }

    /// Every text colour on screen with its contrast against the
    /// background it stands on, lowest first: (row, colour, bg, ratio).
    pub fn contrasts(&self) -> Vec<(usize, Rgb, Rgb, f64)> {
        let mut all: Vec<_> = self
            .rows
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                r.text
                    .iter()
                    .map(move |&(c, _)| (i, c, r.bg, contrast(c, r.bg)))
            })
            .collect();
        all.sort_by(|a, b| a.3.total_cmp(&b.3));
        all
    }

    /// The colour most of the text on the window's own background is in
    /// (the body of an article, the titles of a list).
    pub fn body(&self) -> Option<(Rgb, f64)> {
        let mut counts = std::collections::HashMap::<Rgb, usize>::new();
        for r in self.rows.iter().filter(|r| r.bg == self.bg) {
            for &(c, n) in &r.text {
                *counts.entry(c).or_default() += n;
            }
        }
        let (c, _) = counts.into_iter().max_by_key(|&(c, n)| (n, c))?;
        Some((c, contrast(c, self.bg)))
    }
}

fn commonest(pixels: impl Iterator<Item = Rgb>) -> Rgb {
    let mut counts = std::collections::HashMap::<Rgb, usize>::new();
    for p in pixels {
        *counts.entry(p).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(c, n)| (n, c))
        .map(|(c, _)| c)
        .unwrap_or([0, 0, 0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 0.01);
        assert!((contrast([255, 255, 255], [255, 255, 255]) - 1.0).abs() < 0.01);
        // #777 on white is the classic just-fails-4.5 grey.
        let grey = contrast([0x77, 0x77, 0x77], [255, 255, 255]);
        assert!(grey > 4.4 && grey < 4.5, "{grey}");
    }

    #[test]
    fn a_picture_run_is_found_and_text_is_not_one() {
        // 20 columns of 4x6 cells: text-like specks in cells 0..5, a
        // covered run in cells 8..16 with many colours, white elsewhere.
        let mut img = RgbImage::from_pixel(80, 6, image::Rgb([255, 255, 255]));
        for c in 0..5u32 {
            img.put_pixel(c * 4 + 1, 2, image::Rgb([0, 0, 0]));
            img.put_pixel(c * 4 + 2, 2, image::Rgb([0, 0, 0]));
        }
        for x in 32..68u32 {
            for y in 0..6u32 {
                img.put_pixel(x, y, image::Rgb([(x * 7) as u8, 40, (y * 30) as u8]));
            }
        }
        let s = Screen::read(&img, 20, 1);
        assert_eq!(s.rows[0].picture, Some((8, 16)));
        assert!(s.rows[0].stray.is_empty());
        assert_eq!(s.rows[0].text[0].0, [0, 0, 0]);
    }
}
