//! One question to the terminal at start-up, before the first frame: who it
//! is (XTVERSION), its background colour (OSC 11), and what it can draw
//! (the kitty graphics query, the cell size in pixels, sixel in the device
//! attributes).
//!
//! Everything is written at once and ends with a Primary Device Attributes
//! request, which every terminal answers and answers in order: when its
//! answer comes, every other answer that will ever come has come. A
//! terminal that ignores the other questions so costs one round trip; only
//! one that answers nothing at all costs the deadline. The answer is read
//! on this thread with a poll, so no reader is left behind to take keys.

pub mod answers;
pub mod late;
pub mod typed;

use std::time::Duration;

pub use answers::{Answer, Rgb, TermVersion};

/// How long a terminal gets to answer. Real terminals answer in
/// milliseconds; this only bounds the wait where nothing answers (three
/// times as long once some answer has come).
const DEADLINE: Duration = Duration::from_millis(800);

/// Overrides [`DEADLINE`] in milliseconds (tests make it long, to show the
/// fence ends the wait and not the clock).
const DEADLINE_ENV: &str = "NEWSROOM_PROBE_WAIT_MS";

/// What the terminal said about itself; all empty when it was not asked or
/// said nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Probe {
    pub version: Option<TermVersion>,
    pub background: Option<Rgb>,
    /// It answered the kitty graphics query with OK.
    pub kitty_graphics: bool,
    /// The cell size in pixels (width, height).
    pub cell: Option<(u16, u16)>,
    /// Its device attributes include sixel graphics (4).
    pub sixel: bool,
    /// The terminal was asked.
    pub asked: bool,
    /// The fence came: the terminal answered within the deadline.
    pub answered: bool,
    /// Bytes read that were no answer: keys typed meanwhile (see
    /// [`typed::keys`]).
    pub typed: Vec<u8>,
}

impl Probe {
    /// What a list of answers says.
    pub fn from_answers(answers: impl IntoIterator<Item = Answer>) -> Probe {
        let mut p = Probe::default();
        for a in answers {
            match a {
                Answer::Version(v) => p.version = Some(v),
                Answer::Background(c) => p.background = Some(c),
                Answer::KittyGraphics(ok) => p.kitty_graphics |= ok,
                Answer::CellSize(w, h) => p.cell = Some((w, h)),
                Answer::DeviceAttributes(attrs) => {
                    p.sixel = attrs.contains(&4);
                    p.answered = true;
                }
            }
        }
        p
    }

    /// Whether the background is light: from the terminal's answer, else
    /// from `COLORFGBG` ("15;0": its last field is the background's colour
    /// number). None when neither says.
    pub fn light_background(&self, colorfgbg: Option<&str>) -> Option<bool> {
        if let Some(bg) = self.background {
            return Some(bg.is_light());
        }
        let last = colorfgbg?.rsplit(';').next()?.trim();
        match last.parse::<u8>().ok()? {
            0..=6 | 8 => Some(false),
            7 | 9..=15 => Some(true),
            _ => None,
        }
    }

    /// The terminal's own name, lower case, when it said.
    pub fn name(&self) -> Option<String> {
        self.version.as_ref().map(|v| v.name.to_ascii_lowercase())
    }
}

/// Whether the terminal can be asked: standard input and output are a
/// terminal (checked by the caller), TERM names a real one, and no
/// multiplexer sits between (its answer would be its own, or none). The
/// Linux console is not asked: it prints part of what it does not
/// understand, and its background is black.
pub fn may_ask(var: impl Fn(&str) -> Option<String>) -> bool {
    let term = var("TERM").unwrap_or_default().to_ascii_lowercase();
    let program = var("TERM_PROGRAM").unwrap_or_default().to_ascii_lowercase();
    !(term.is_empty()
        || term == "dumb"
        || term.starts_with("linux")
        || var("TMUX").is_some()
        || var("STY").is_some()
        || program == "tmux"
        || term.starts_with("screen")
        || term.starts_with("tmux"))
}

/// The bytes of the question: XTVERSION, OSC 11, the kitty graphics query
/// (a one-pixel image, only asked about, never shown), the cell size, and
/// last the fence.
pub const QUESTION: &str = concat!(
    "\x1b[>0q",
    "\x1b]11;?\x1b\\",
    "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\",
    "\x1b[16t",
    "\x1b[c",
);

/// Ask the terminal and wait for its answer (or the deadline). Call with
/// the terminal in raw mode, before anything else reads standard input.
/// An empty probe where the terminal cannot be asked.
pub fn ask() -> Probe {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if !may_ask(var) || !on_a_terminal() {
        return Probe::default();
    }
    let deadline = var(DEADLINE_ENV)
        .and_then(|v| v.parse().ok())
        .map_or(DEADLINE, Duration::from_millis);
    let mut said = read_answers(QUESTION, deadline);
    said.asked = true;
    // xterm keeps its cell size to itself (window operations are off by
    // default) but puts its size in pixels in the terminal's window size.
    said.cell = said.cell.or_else(cell_from_window);
    said
}

/// The cell size from the window's size in pixels, where the terminal
/// gives one.
fn cell_from_window() -> Option<(u16, u16)> {
    let w = crossterm::terminal::window_size().ok()?;
    cell_size(w.width, w.height, w.columns, w.rows)
}

fn cell_size(width: u16, height: u16, columns: u16, rows: u16) -> Option<(u16, u16)> {
    let (w, h) = (width.checked_div(columns)?, height.checked_div(rows)?);
    (w > 0 && h > 0).then_some((w, h))
}

fn on_a_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

#[cfg(unix)]
fn read_answers(question: &str, deadline: Duration) -> Probe {
    use std::io::Write;
    use std::os::fd::AsFd;
    use std::time::Instant;

    let mut out = std::io::stdout();
    if out
        .write_all(question.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return Probe::default();
    }
    let stdin = std::io::stdin();
    let fd = stdin.as_fd();
    let start = Instant::now();
    let mut end = start + deadline;
    let mut parser = answers::Parser::new();
    let mut got = Vec::new();
    let mut buf = [0u8; 512];
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        let Ok(timeout) = rustix::event::Timespec::try_from(left) else {
            break;
        };
        let mut fds = [rustix::event::PollFd::new(
            &fd,
            rustix::event::PollFlags::IN,
        )];
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(0) => break,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => break,
        }
        let n = match rustix::io::read(fd, &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        got.extend(parser.feed(&buf[..n]));
        if !got.is_empty() {
            // A terminal that has begun to answer will send the fence: on a
            // slow link, wait for it rather than let the rest arrive later
            // as keys.
            end = end.max(start + deadline * 3);
        }
        if got.iter().any(|a| matches!(a, Answer::DeviceAttributes(_))) {
            break;
        }
    }
    Probe {
        typed: parser.typed().to_vec(),
        ..Probe::from_answers(got)
    }
}

#[cfg(not(unix))]
fn read_answers(_question: &str, _deadline: Duration) -> Probe {
    Probe::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::tui::env_of as env;

    #[test]
    fn every_real_terminal_is_asked_but_not_through_a_multiplexer() {
        assert!(may_ask(env(&[("TERM", "xterm-256color")])));
        assert!(may_ask(env(&[
            ("TERM", "xterm"),
            ("XTERM_VERSION", "XTerm(379)")
        ])));
        assert!(may_ask(env(&[("TERM", "xterm-kitty")])));
        assert!(!may_ask(env(&[("TERM", "linux")])));
        assert!(!may_ask(env(&[("TERM", "dumb")])));
        assert!(!may_ask(env(&[])));
        assert!(!may_ask(env(&[
            ("TERM", "tmux-256color"),
            ("TMUX", "/tmp/x")
        ])));
        assert!(!may_ask(env(&[("TERM", "screen.xterm-256color")])));
    }

    #[test]
    fn the_question_ends_with_the_fence() {
        let q = QUESTION;
        assert!(q.starts_with("\x1b[>0q"), "{q:?}");
        assert!(q.contains("\x1b]11;?"), "{q:?}");
        assert!(q.contains("\x1b_Gi=31"), "{q:?}");
        assert!(q.ends_with("\x1b[c"), "{q:?}");
    }

    #[test]
    fn answers_make_a_probe() {
        let p = Probe::from_answers(answers::Parser::new().feed(
            b"\x1bP>|kitty(0.26.5)\x1b\\\x1b]11;rgb:0000/0000/0000\x1b\\\x1b_Gi=31;OK\x1b\\\x1b[6;18;9t\x1b[?62;c",
        ));
        assert_eq!(p.name().as_deref(), Some("kitty"));
        assert!(p.kitty_graphics && p.answered && !p.sixel);
        assert_eq!(p.cell, Some((9, 18)));
        assert_eq!(p.light_background(Some("0;15")), Some(false));
    }

    #[test]
    fn the_cell_size_from_the_window_in_pixels() {
        assert_eq!(cell_size(664, 459, 110, 35), Some((6, 13)));
        assert_eq!(cell_size(0, 0, 110, 35), None);
        assert_eq!(cell_size(664, 459, 0, 0), None);
    }

    #[test]
    fn colorfgbg_is_the_hint_when_the_terminal_does_not_say() {
        let p = Probe::default();
        assert_eq!(p.light_background(Some("0;15")), Some(true));
        assert_eq!(p.light_background(Some("0;default;7")), Some(true));
        assert_eq!(p.light_background(Some("15;0")), Some(false));
        assert_eq!(p.light_background(Some("15;8")), Some(false));
        assert_eq!(p.light_background(Some("15;default")), None);
        assert_eq!(p.light_background(None), None);
    }
}
