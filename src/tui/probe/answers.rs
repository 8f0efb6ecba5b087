//! Reading the terminal's answers to the start-up questions, byte by byte.
//!
//! Answers come on stdin mixed with whatever the person types meanwhile, so
//! the parser knows the few shapes it asked for and sets everything else
//! aside as typed bytes. A sequence that never ends is cut off at a bound:
//! nothing here grows with a hostile input.

/// The longest answer kept; a longer sequence is dropped.
const MAX_SEQUENCE: usize = 512;

const ESC: u8 = 0x1b;
const BEL: u8 = 0x07;

/// One answer the terminal gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// XTVERSION (`DCS > | text ST`): the terminal's name and version.
    Version(TermVersion),
    /// OSC 11: the background colour.
    Background(Rgb),
    /// The kitty graphics query: true when it answered OK.
    KittyGraphics(bool),
    /// The size of a cell in pixels (width, height).
    CellSize(u16, u16),
    /// Primary Device Attributes (DA1), asked last: its arrival means every
    /// other answer that will come has come. Holds the attribute numbers.
    DeviceAttributes(Vec<u16>),
}

/// A colour as 8-bit channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// WCAG relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// Light when black text on it has more contrast than white text.
    pub fn is_light(self) -> bool {
        let l = self.luminance();
        (l + 0.05) / 0.05 > 1.05 / (l + 0.05)
    }
}

/// What XTVERSION said: `kitty(0.26.5)`, `XTerm(379)`, `WezTerm 20240203…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermVersion {
    pub name: String,
    /// The numeric parts of the version, `[0, 26, 5]`; empty when none.
    pub version: Vec<u32>,
}

impl TermVersion {
    pub fn parse(text: &str) -> Option<TermVersion> {
        let text = text.trim();
        let end = text.find(['(', ' ']).unwrap_or(text.len());
        let name = &text[..end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_graphic()) {
            return None;
        }
        let rest = text[end..].trim_start_matches([' ', '(']);
        let rest = rest.split([')', ' ']).next().unwrap_or("");
        Some(TermVersion {
            name: name.to_string(),
            version: numbers(rest),
        })
    }

    /// Whether this is at least the version given as `[major, minor, …]`;
    /// false when no version is known.
    pub fn at_least(&self, min: &[u32]) -> bool {
        !self.version.is_empty() && self.version.as_slice() >= min
    }
}

/// `0.26.5` → `[0, 26, 5]`, `3.3a` → `[3, 3]`: the leading numbers.
pub fn numbers(s: &str) -> Vec<u32> {
    let end = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    s[..end].split('.').map_while(|p| p.parse().ok()).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Ground,
    Escape,
    Csi,
    /// OSC, DCS or APC: a string ended by ST (or BEL).
    Text(Kind),
    /// ESC inside a string: ST if a backslash follows.
    TextEscape(Kind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Osc,
    Dcs,
    Apc,
}

/// Turns the bytes read from the terminal into answers.
#[derive(Debug)]
pub struct Parser {
    state: State,
    seq: Vec<u8>,
    /// Bytes that were not an answer: keys typed during the question.
    typed: Vec<u8>,
    /// Sequences dropped for being too long.
    pub dropped: usize,
}

impl Default for Parser {
    fn default() -> Self {
        Parser::new()
    }
}

impl Parser {
    pub fn new() -> Parser {
        Parser {
            state: State::Ground,
            seq: Vec::new(),
            typed: Vec::new(),
            dropped: 0,
        }
    }

    /// Bytes that were not an answer, as typed (bounded).
    pub fn typed(&self) -> &[u8] {
        &self.typed
    }

    /// Feed every byte, collecting the answers they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Answer> {
        bytes.iter().filter_map(|&b| self.push(b)).collect()
    }

    /// Feed one byte; an answer when it completes one.
    pub fn push(&mut self, b: u8) -> Option<Answer> {
        match self.state {
            State::Ground => {
                if b == ESC {
                    self.state = State::Escape;
                } else {
                    self.keep_typed(&[b]);
                }
                None
            }
            State::Escape => {
                self.seq.clear();
                self.state = match b {
                    b'[' => State::Csi,
                    b']' => State::Text(Kind::Osc),
                    b'P' => State::Text(Kind::Dcs),
                    b'_' => State::Text(Kind::Apc),
                    ESC => {
                        self.keep_typed(&[ESC]);
                        State::Escape
                    }
                    _ => {
                        // Alt and a key.
                        self.keep_typed(&[ESC, b]);
                        State::Ground
                    }
                };
                None
            }
            State::Csi => {
                if b == ESC {
                    self.keep_typed(&[ESC, b'[']);
                    let seq = std::mem::take(&mut self.seq);
                    self.keep_typed(&seq);
                    self.state = State::Escape;
                    return None;
                }
                if (0x40..=0x7e).contains(&b) {
                    self.state = State::Ground;
                    let seq = std::mem::take(&mut self.seq);
                    let answer = csi(&seq, b);
                    if answer.is_none() {
                        // An arrow or function key.
                        self.keep_typed(&[ESC, b'[']);
                        self.keep_typed(&seq);
                        self.keep_typed(&[b]);
                    }
                    return answer;
                }
                self.grow(b);
                None
            }
            State::Text(kind) => {
                match b {
                    ESC => self.state = State::TextEscape(kind),
                    BEL => return self.finish(kind),
                    _ => self.grow(b),
                }
                None
            }
            State::TextEscape(kind) => {
                if b == b'\\' {
                    return self.finish(kind);
                }
                // An unfinished string: drop it, and read what follows
                // as the start of something new.
                self.seq.clear();
                self.state = State::Escape;
                self.push(b)
            }
        }
    }

    fn grow(&mut self, b: u8) {
        if self.seq.len() >= MAX_SEQUENCE {
            self.dropped += 1;
            self.seq.clear();
            self.state = State::Ground;
        } else {
            self.seq.push(b);
        }
    }

    fn finish(&mut self, kind: Kind) -> Option<Answer> {
        self.state = State::Ground;
        let seq = std::mem::take(&mut self.seq);
        let text = std::str::from_utf8(&seq).ok()?;
        match kind {
            Kind::Osc => background(text).map(Answer::Background),
            Kind::Dcs => text
                .strip_prefix(">|")
                .and_then(TermVersion::parse)
                .map(Answer::Version),
            Kind::Apc => kitty(text).map(Answer::KittyGraphics),
        }
    }

    fn keep_typed(&mut self, bytes: &[u8]) {
        let room = MAX_SEQUENCE.saturating_sub(self.typed.len());
        self.typed
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
    }
}

/// A finished CSI sequence: `params` between `ESC [` and the final byte.
fn csi(params: &[u8], last: u8) -> Option<Answer> {
    let text = std::str::from_utf8(params).ok()?;
    match last {
        b'c' => {
            let attrs = text.strip_prefix('?')?;
            let list = attrs
                .split(';')
                .filter_map(|a| a.parse::<u16>().ok())
                .collect();
            Some(Answer::DeviceAttributes(list))
        }
        b't' => {
            let mut parts = text.split(';').map(|p| p.parse::<u16>().ok());
            match (parts.next()??, parts.next()??, parts.next()??, parts.next()) {
                (6, h, w, None) if w > 0 && h > 0 => Some(Answer::CellSize(w, h)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `11;rgb:RRRR/GGGG/BBBB` (each channel 1 to 4 hex digits).
fn background(text: &str) -> Option<Rgb> {
    let value = text.strip_prefix("11;")?;
    let channels = value
        .strip_prefix("rgb:")
        .or_else(|| value.strip_prefix("rgba:"))?;
    let mut parts = channels.split('/').map(channel);
    Some(Rgb(parts.next()??, parts.next()??, parts.next()??))
}

/// A channel of 1 to 4 hex digits, scaled to 8 bits.
fn channel(hex: &str) -> Option<u8> {
    if hex.is_empty() || hex.len() > 4 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(hex, 16).ok()?;
    let max = (1u32 << (4 * hex.len())) - 1;
    u8::try_from((v * 255 + max / 2) / max).ok()
}

/// The kitty graphics answer to our query (image id 31).
fn kitty(text: &str) -> Option<bool> {
    let rest = text.strip_prefix('G')?;
    let (keys, message) = rest.split_once(';')?;
    keys.split(',')
        .any(|k| k == "i=31")
        .then_some(message == "OK")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8]) -> Vec<Answer> {
        Parser::new().feed(bytes)
    }

    fn version(name: &str, v: &[u32]) -> Answer {
        Answer::Version(TermVersion {
            name: name.into(),
            version: v.to_vec(),
        })
    }

    #[test]
    fn xtversion_of_kitty_xterm_and_others() {
        assert_eq!(
            all(b"\x1bP>|kitty(0.26.5)\x1b\\"),
            [version("kitty", &[0, 26, 5])]
        );
        assert_eq!(all(b"\x1bP>|XTerm(379)\x1b\\"), [version("XTerm", &[379])]);
        assert_eq!(
            all(b"\x1bP>|WezTerm 20240203-110809-5046fc22\x1b\\"),
            [version("WezTerm", &[20240203])]
        );
        assert_eq!(all(b"\x1bP>|foot\x1b\\"), [version("foot", &[])]);
        // Another DCS answer is not a version.
        assert_eq!(all(b"\x1bP1$r0m\x1b\\"), []);
    }

    #[test]
    fn no_xtversion_only_the_fence() {
        assert_eq!(
            all(b"\x1b[?62;22c"),
            [Answer::DeviceAttributes(vec![62, 22])]
        );
    }

    #[test]
    fn osc11_with_bel_and_st_and_every_width() {
        let white = [Answer::Background(Rgb(255, 255, 255))];
        assert_eq!(all(b"\x1b]11;rgb:ffff/ffff/ffff\x07"), white);
        assert_eq!(all(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\"), white);
        assert_eq!(all(b"\x1b]11;rgb:ff/ff/ff\x1b\\"), white);
        assert_eq!(all(b"\x1b]11;rgb:f/f/f\x07"), white);
        assert_eq!(
            all(b"\x1b]11;rgb:2828/2c2c/3434\x07"),
            [Answer::Background(Rgb(0x28, 0x2c, 0x34))]
        );
        assert_eq!(
            all(b"\x1b]11;rgb:0/8/0\x07"),
            [Answer::Background(Rgb(0, 136, 0))]
        );
        assert_eq!(all(b"\x1b]11;rgb:zz/00/00\x07"), []);
        assert_eq!(all(b"\x1b]11;?\x07"), []);
    }

    #[test]
    fn da1_with_and_without_sixel() {
        assert_eq!(
            all(b"\x1b[?62;4;22c"),
            [Answer::DeviceAttributes(vec![62, 4, 22])]
        );
        assert_eq!(all(b"\x1b[?1;2c"), [Answer::DeviceAttributes(vec![1, 2])]);
    }

    #[test]
    fn kitty_graphics_and_cell_size() {
        assert_eq!(
            all(b"\x1b_Gi=31;OK\x1b\\\x1b[6;18;9t"),
            [Answer::KittyGraphics(true), Answer::CellSize(9, 18)]
        );
        assert_eq!(
            all(b"\x1b_Gi=31;ENOENT:bad\x1b\\"),
            [Answer::KittyGraphics(false)]
        );
    }

    #[test]
    fn a_whole_round_trip_with_keys_typed_in_between() {
        let mut p = Parser::new();
        let got =
            p.feed(b"j\x1bP>|XTerm(379)\x1b\\\x1b[A\x1b]11;rgb:ffff/ffff/ffff\x1b\\k\x1b[?63;4c");
        assert_eq!(
            got,
            [
                version("XTerm", &[379]),
                Answer::Background(Rgb(255, 255, 255)),
                Answer::DeviceAttributes(vec![63, 4]),
            ]
        );
        assert_eq!(p.typed(), b"j\x1b[Ak");
    }

    #[test]
    fn endless_or_broken_sequences_stay_bounded() {
        let mut p = Parser::new();
        let mut junk = b"\x1b]11;rgb:".to_vec();
        junk.extend(std::iter::repeat_n(b'f', 100_000));
        assert_eq!(p.feed(&junk), []);
        assert!(p.dropped >= 1 && p.typed().len() <= MAX_SEQUENCE);
        // A string cut short by a new sequence: the new one still counts.
        assert_eq!(
            Parser::new().feed(b"\x1bP>|kit\x1b[?62c"),
            [Answer::DeviceAttributes(vec![62])]
        );
    }

    #[test]
    fn light_and_dark() {
        assert!(Rgb(255, 255, 255).is_light());
        assert!(Rgb(0xfd, 0xf6, 0xe3).is_light());
        assert!(!Rgb(0, 0, 0).is_light());
        assert!(!Rgb(0x28, 0x2c, 0x34).is_light());
    }

    #[test]
    fn versions_compare() {
        let v = TermVersion::parse("kitty(0.26.5)").unwrap();
        assert!(!v.at_least(&[0, 28]));
        assert!(
            TermVersion::parse("kitty(0.28.0)")
                .unwrap()
                .at_least(&[0, 28])
        );
        assert!(
            TermVersion::parse("kitty(0.35.2)")
                .unwrap()
                .at_least(&[0, 28])
        );
        assert!(!TermVersion::parse("kitty").unwrap().at_least(&[0, 28]));
    }
}
