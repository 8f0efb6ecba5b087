//! The book's pictures: read from the cache once each, stored once even
//! when several articles (or several addresses) show the same one, in a
//! format every e-reader shows.

use std::collections::HashMap;
use std::io::Write;

use flate2::Crc;

use super::EpubError;
use super::package::Resource;
use super::zip::{Method, ZipWriter};
use crate::store::Store;

#[derive(Default)]
pub struct Pictures {
    /// Each address asked for: where it is in the book, or None when it
    /// is left out.
    by_url: HashMap<String, Option<String>>,
    /// The same bytes under another address: (checksum, length) → href.
    by_content: HashMap<(u32, usize), String>,
    resources: Vec<Resource>,
    not_cached: usize,
    unreadable: usize,
    /// A write or a read that failed inside a lookup, raised after it.
    failed: Option<EpubError>,
}

/// What the first bytes say a picture is.
fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(("image/jpeg", "jpg"))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("image/gif", "gif"))
    } else {
        None
    }
}

/// WebP is not among EPUB 3's core picture types: it goes in as JPEG.
fn webp_as_jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return None;
    }
    let img = image::load_from_memory_with_format(bytes, image::ImageFormat::WebP).ok()?;
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img.to_rgb8())
        .ok()?;
    Some(out)
}

impl Pictures {
    /// Where the picture at `url` is in the book, adding it on first sight.
    pub fn href<W: Write>(
        &mut self,
        store: &Store,
        zip: &mut ZipWriter<W>,
        url: &str,
    ) -> Option<String> {
        if let Some(known) = self.by_url.get(url) {
            return known.clone();
        }
        let href = match self.add(store, zip, url) {
            Ok(h) => h,
            Err(e) => {
                self.failed.get_or_insert(e);
                None
            }
        };
        self.by_url.insert(url.to_string(), href.clone());
        href
    }

    fn add<W: Write>(
        &mut self,
        store: &Store,
        zip: &mut ZipWriter<W>,
        url: &str,
    ) -> Result<Option<String>, EpubError> {
        let Some((_, bytes)) = store.image(url)? else {
            self.not_cached += 1;
            return Ok(None);
        };
        let converted;
        let (bytes, (media_type, ext)) = match sniff(&bytes) {
            Some(kind) => (&bytes[..], kind),
            None => match webp_as_jpeg(&bytes) {
                Some(jpeg) => {
                    converted = jpeg;
                    (&converted[..], ("image/jpeg", "jpg"))
                }
                None => {
                    self.unreadable += 1;
                    return Ok(None);
                }
            },
        };
        let mut crc = Crc::new();
        crc.update(bytes);
        let key = (crc.sum(), bytes.len());
        if let Some(href) = self.by_content.get(&key) {
            return Ok(Some(href.clone()));
        }
        let href = format!("img/{}.{ext}", self.resources.len() + 1);
        zip.add(&format!("OEBPS/{href}"), bytes, Method::Stored)?;
        self.by_content.insert(key, href.clone());
        self.resources.push(Resource {
            href: href.clone(),
            media_type,
        });
        Ok(Some(href))
    }

    /// The first failure met inside a lookup, if any.
    pub fn check(&mut self) -> Result<(), EpubError> {
        match self.failed.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    pub fn resources(&self) -> Vec<Resource> {
        self.resources.clone()
    }

    pub fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        let pictures = |n: usize| {
            if n == 1 {
                "1 picture".to_string()
            } else {
                format!("{n} pictures")
            }
        };
        if self.not_cached > 0 {
            w.push(format!(
                "{} not cached: left out, captions kept (a sync fetches them)",
                pictures(self.not_cached)
            ));
        }
        if self.unreadable > 0 {
            w.push(format!(
                "{} in a format e-readers cannot show, or not a picture: left out, captions kept",
                pictures(self.unreadable)
            ));
        }
        w
    }
}
