//! The ZIP container of an EPUB, written as it goes: only the central
//! directory is held in memory, so a book of a thousand pictures never is.
//!
//! EPUB needs little of ZIP: the `mimetype` entry first and stored, the rest
//! stored or deflated, no encryption, no ZIP64 below 4 GiB.

use std::io::{self, Write};

use flate2::Crc;
use flate2::write::DeflateEncoder;

/// How an entry is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// As it is: pictures are compressed already.
    Stored,
    /// Deflated: markup shrinks to a quarter.
    Deflated,
}

struct Central {
    name: String,
    method: Method,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

/// A ZIP archive being written to `W`.
pub struct ZipWriter<W: Write> {
    out: W,
    at: u64,
    entries: Vec<Central>,
}

fn too_big() -> io::Error {
    io::Error::other("the book passes the 4 GiB a plain ZIP can hold")
}

fn u32_of(n: u64) -> io::Result<u32> {
    u32::try_from(n).map_err(|_| too_big())
}

/// 1980-01-01 00:00 in DOS form: entries carry no meaningful time, and a
/// fixed one makes the same cache give the same bytes.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = 0x21;

impl<W: Write> ZipWriter<W> {
    pub fn new(out: W) -> Self {
        ZipWriter {
            out,
            at: 0,
            entries: Vec::new(),
        }
    }

    /// Adds one entry; `name` is a relative path with `/` separators.
    pub fn add(&mut self, name: &str, data: &[u8], method: Method) -> io::Result<()> {
        let mut crc = Crc::new();
        crc.update(data);
        let packed;
        let body: &[u8] = match method {
            Method::Stored => data,
            Method::Deflated => {
                let mut enc = DeflateEncoder::new(Vec::new(), flate2::Compression::default());
                enc.write_all(data)?;
                packed = enc.finish()?;
                &packed
            }
        };
        let entry = Central {
            name: name.to_string(),
            method,
            crc: crc.sum(),
            compressed: u32_of(body.len() as u64)?,
            size: u32_of(data.len() as u64)?,
            offset: u32_of(self.at)?,
        };
        let mut head = Vec::with_capacity(30 + name.len());
        head.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        head.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
        head.extend_from_slice(&0x0800u16.to_le_bytes()); // names are UTF-8
        head.extend_from_slice(&method_code(method).to_le_bytes());
        head.extend_from_slice(&DOS_TIME.to_le_bytes());
        head.extend_from_slice(&DOS_DATE.to_le_bytes());
        head.extend_from_slice(&entry.crc.to_le_bytes());
        head.extend_from_slice(&entry.compressed.to_le_bytes());
        head.extend_from_slice(&entry.size.to_le_bytes());
        head.extend_from_slice(&u16_of(name.len())?.to_le_bytes());
        head.extend_from_slice(&0u16.to_le_bytes()); // no extra field
        head.extend_from_slice(name.as_bytes());
        self.out.write_all(&head)?;
        self.out.write_all(body)?;
        self.at += (head.len() + body.len()) as u64;
        self.entries.push(entry);
        Ok(())
    }

    /// Writes the central directory; returns the writer and the bytes written.
    pub fn finish(mut self) -> io::Result<(W, u64)> {
        let start = u32_of(self.at)?;
        let mut dir = Vec::new();
        for e in &self.entries {
            dir.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            dir.extend_from_slice(&0x031eu16.to_le_bytes()); // made by: Unix, 3.0
            dir.extend_from_slice(&20u16.to_le_bytes());
            dir.extend_from_slice(&0x0800u16.to_le_bytes());
            dir.extend_from_slice(&method_code(e.method).to_le_bytes());
            dir.extend_from_slice(&DOS_TIME.to_le_bytes());
            dir.extend_from_slice(&DOS_DATE.to_le_bytes());
            dir.extend_from_slice(&e.crc.to_le_bytes());
            dir.extend_from_slice(&e.compressed.to_le_bytes());
            dir.extend_from_slice(&e.size.to_le_bytes());
            dir.extend_from_slice(&u16_of(e.name.len())?.to_le_bytes());
            dir.extend_from_slice(&[0; 8]); // extra, comment, disk, internal attributes
            dir.extend_from_slice(&(0o100644u32 << 16).to_le_bytes());
            dir.extend_from_slice(&e.offset.to_le_bytes());
            dir.extend_from_slice(e.name.as_bytes());
        }
        let count = u16_of(self.entries.len())?;
        let mut end = Vec::with_capacity(22);
        end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        end.extend_from_slice(&[0; 4]); // this disk, the directory's disk
        end.extend_from_slice(&count.to_le_bytes());
        end.extend_from_slice(&count.to_le_bytes());
        end.extend_from_slice(&u32_of(dir.len() as u64)?.to_le_bytes());
        end.extend_from_slice(&start.to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes());
        self.out.write_all(&dir)?;
        self.out.write_all(&end)?;
        self.at += (dir.len() + end.len()) as u64;
        self.out.flush()?;
        Ok((self.out, self.at))
    }
}

fn method_code(m: Method) -> u16 {
    match m {
        Method::Stored => 0,
        Method::Deflated => 8,
    }
}

fn u16_of(n: usize) -> io::Result<u16> {
    u16::try_from(n).map_err(|_| io::Error::other("more entries or a longer name than a ZIP holds"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn le16(b: &[u8], at: usize) -> usize {
        u16::from_le_bytes([b[at], b[at + 1]]) as usize
    }
    fn le32(b: &[u8], at: usize) -> usize {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize
    }

    /// Reads the archive back through its central directory, as readers do.
    fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
        let end = zip.len() - 22;
        assert_eq!(le32(zip, end), 0x0605_4b50);
        let count = le16(zip, end + 10);
        let mut at = le32(zip, end + 16);
        let mut out = Vec::new();
        for _ in 0..count {
            assert_eq!(le32(zip, at), 0x0201_4b50);
            let method = le16(zip, at + 10);
            let crc = le32(zip, at + 16) as u32;
            let packed = le32(zip, at + 20);
            let name_len = le16(zip, at + 28);
            let local = le32(zip, at + 42);
            let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
            let data_at = local + 30 + le16(zip, local + 26) + le16(zip, local + 28);
            let raw = &zip[data_at..data_at + packed];
            let data = if method == 8 {
                let mut v = Vec::new();
                flate2::read::DeflateDecoder::new(raw)
                    .read_to_end(&mut v)
                    .unwrap();
                v
            } else {
                raw.to_vec()
            };
            let mut c = Crc::new();
            c.update(&data);
            assert_eq!(c.sum(), crc, "{name}");
            out.push((name, data));
            at += 46 + name_len;
        }
        out
    }

    #[test]
    fn entries_read_back_stored_and_deflated() {
        let mut z = ZipWriter::new(Vec::new());
        z.add("mimetype", b"application/epub+zip", Method::Stored)
            .unwrap();
        let text = "<p>café</p>".repeat(200);
        z.add("OEBPS/a.xhtml", text.as_bytes(), Method::Deflated)
            .unwrap();
        let (bytes, n) = z.finish().unwrap();
        assert_eq!(n as usize, bytes.len());
        // What EPUB readers sniff: the mimetype, uncompressed, at byte 38.
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], b"application/epub+zip");
        let got = entries(&bytes);
        assert_eq!(got[0].0, "mimetype");
        assert_eq!(got[1], ("OEBPS/a.xhtml".to_string(), text.into_bytes()));
        assert!(
            bytes.len() < 1000,
            "markup was not deflated: {}",
            bytes.len()
        );
    }
}
