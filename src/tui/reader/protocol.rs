//! Which image protocol the terminal speaks, asked once the screen is ours.
//!
//! The question is written to the terminal and the answer read from stdin
//! with a deadline, on this thread: a terminal that never answers costs the
//! deadline and no more, and leaves no reader behind to swallow keys later.

use std::time::{Duration, Instant};

use ratatui_image::picker::cap_parser::{Parser, QueryStdioOptions, Response};
use ratatui_image::picker::{Picker, ProtocolType};

use crate::config::PictureMode;

/// Overrides the config's `picture_mode` (and skips the query): `none`,
/// `halfblocks`, `kitty`, `sixel`, `iterm2` or `auto`.
pub const ENV: &str = "NEWSROOM_PICTURES";

/// How long a terminal gets to answer. Real terminals answer in
/// milliseconds; this only bounds the wait where nothing answers.
const DEADLINE: Duration = Duration::from_millis(800);

/// How pictures can be drawn here, and whether they start shown.
pub struct Detected {
    pub picker: Option<Picker>,
    /// False where only half-blocks are possible and nobody asked for them.
    pub shown: bool,
}

/// What a value of [`ENV`] asks for: None for no pictures.
fn mode_named(value: &str) -> Option<PictureMode> {
    match value.trim().to_ascii_lowercase().as_str() {
        "none" | "off" | "0" => None,
        "halfblocks" => Some(PictureMode::Halfblocks),
        "kitty" => Some(PictureMode::Kitty),
        "sixel" => Some(PictureMode::Sixel),
        "iterm2" => Some(PictureMode::Iterm2),
        _ => Some(PictureMode::Auto),
    }
}

/// Decide how to draw pictures. Call with the terminal in raw mode on the
/// alternate screen, before anything else reads stdin.
pub fn detect(mode: PictureMode, wanted: bool) -> Detected {
    let mode = match std::env::var(ENV).ok().as_deref().map(mode_named) {
        Some(None) => {
            return Detected {
                picker: None,
                shown: false,
            };
        }
        Some(Some(m)) => m,
        None => mode,
    };
    let forced = |p: ProtocolType| {
        let mut picker = Picker::halfblocks();
        picker.set_protocol_type(p);
        Detected {
            picker: Some(picker),
            shown: wanted,
        }
    };
    match mode {
        PictureMode::Halfblocks => forced(ProtocolType::Halfblocks),
        PictureMode::Kitty => forced(ProtocolType::Kitty),
        PictureMode::Sixel => forced(ProtocolType::Sixel),
        PictureMode::Iterm2 => forced(ProtocolType::Iterm2),
        PictureMode::Auto => {
            // A terminal that does not answer costs the whole wait before
            // the first frame: ask only those that say they draw pictures.
            let picker = if may_draw_pictures(|k| std::env::var(k).ok()) {
                query().unwrap_or_else(Picker::halfblocks)
            } else {
                Picker::halfblocks()
            };
            let shown = wanted && picker.protocol_type() != ProtocolType::Halfblocks;
            Detected {
                picker: Some(picker),
                shown,
            }
        }
    }
}

/// Whether the environment names a terminal known to speak a picture
/// protocol (kitty, iTerm2, sixel). Inside tmux or screen the answer would
/// come from the outer terminal, if at all: not asked.
fn may_draw_pictures(var: impl Fn(&str) -> Option<String>) -> bool {
    let term = var("TERM").unwrap_or_default().to_ascii_lowercase();
    let program = var("TERM_PROGRAM").unwrap_or_default().to_ascii_lowercase();
    if var("TMUX").is_some()
        || program == "tmux"
        || term.starts_with("screen")
        || term.starts_with("tmux")
    {
        return false;
    }
    var("KITTY_WINDOW_ID").is_some()
        || var("WEZTERM_EXECUTABLE").is_some()
        || var("KONSOLE_VERSION").is_some()
        || term.contains("kitty")
        || term.contains("ghostty")
        || term.starts_with("foot")
        || term.contains("mlterm")
        || term.contains("sixel")
        || matches!(
            program.as_str(),
            "iterm.app" | "wezterm" | "ghostty" | "vscode" | "mintty" | "rio"
        )
        || var("LC_TERMINAL").is_some_and(|t| t == "iTerm2")
}

/// Ask the terminal; None when it cannot be asked or does not answer.
#[cfg(unix)]
fn query() -> Option<Picker> {
    use std::io::{IsTerminal, Write};
    use std::os::fd::AsFd;

    let stdin = std::io::stdin();
    if !stdin.is_terminal() || std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        return None;
    }
    // A probe picker to learn whether we are inside tmux (queries must then
    // be wrapped to reach the outer terminal); making it also lets them
    // through (it turns tmux's allow-passthrough on for this pane).
    let is_tmux = Picker::halfblocks().tmux_detected();
    let (wezterm, konsole) = (
        std::env::var("WEZTERM_EXECUTABLE").is_ok_and(|s| !s.is_empty()),
        std::env::var("KONSOLE_VERSION").is_ok_and(|s| !s.is_empty()),
    );
    let mut options = QueryStdioOptions::default();
    if wezterm || konsole {
        // Their kitty placement and sixels are unreliable; both speak iTerm2.
        options.blacklist_protocols = vec![ProtocolType::Kitty, ProtocolType::Sixel];
    }
    let question = Parser::query(is_tmux, options);
    let mut out = std::io::stdout();
    out.write_all(question.as_bytes()).ok()?;
    out.flush().ok()?;

    let fd = stdin.as_fd();
    let end = Instant::now() + DEADLINE;
    let mut parser = Parser::new();
    let mut answers = Vec::new();
    let mut buf = [0u8; 256];
    'read: loop {
        let left = end.checked_duration_since(Instant::now())?;
        let timeout = rustix::event::Timespec::try_from(left).ok()?;
        let mut fds = [rustix::event::PollFd::new(
            &fd,
            rustix::event::PollFlags::IN,
        )];
        if rustix::event::poll(&mut fds, Some(&timeout)).ok()? == 0 {
            return None;
        }
        let n = rustix::io::read(fd, &mut buf).ok()?;
        if n == 0 {
            return None;
        }
        for &b in &buf[..n] {
            for r in parser.push(char::from(b)) {
                // The status report is asked last: everything is in.
                if r == Response::Status {
                    break 'read;
                }
                answers.push(r);
            }
        }
    }
    let iterm = wezterm
        || konsole
        || ["TERM_PROGRAM", "LC_TERMINAL"].iter().any(|k| {
            std::env::var(k).is_ok_and(|v| {
                [
                    "iTerm",
                    "WezTerm",
                    "mintty",
                    "vscode",
                    "rio",
                    "WarpTerminal",
                ]
                .iter()
                .any(|t| v.contains(t))
            })
        });
    Some(picker_from(&answers, iterm))
}

#[cfg(not(unix))]
fn query() -> Option<Picker> {
    None
}

/// A picker for what the terminal said about itself.
/// `iterm`: the environment names a terminal known to speak iTerm2's
/// protocol (it has no query of its own).
fn picker_from(answers: &[Response], iterm: bool) -> Picker {
    let kitty = answers.contains(&Response::Kitty);
    let sixel = answers.contains(&Response::Sixel);
    let cell = answers.iter().find_map(|r| match r {
        Response::CellSize(Some((w, h))) if *w > 0 && *h > 0 => Some((*w, *h)),
        _ => None,
    });
    let protocol = if kitty {
        ProtocolType::Kitty
    } else if iterm {
        ProtocolType::Iterm2
    } else if sixel {
        ProtocolType::Sixel
    } else {
        ProtocolType::Halfblocks
    };
    #[allow(deprecated)] // the query is ours, so the cell size we have is real
    let mut picker = match cell {
        Some(size) => Picker::from_fontsize(size.into()),
        None => Picker::halfblocks(),
    };
    picker.set_protocol_type(protocol);
    picker
}

#[cfg(test)]
mod env_tests {
    use super::may_draw_pictures;

    fn with(pairs: &[(&str, &str)]) -> bool {
        may_draw_pictures(|k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn only_terminals_that_draw_pictures_are_asked() {
        assert!(with(&[("TERM", "xterm-kitty"), ("KITTY_WINDOW_ID", "1")]));
        assert!(with(&[
            ("TERM", "xterm-256color"),
            ("TERM_PROGRAM", "iTerm.app")
        ]));
        assert!(with(&[("TERM", "foot")]));
        assert!(!with(&[("TERM", "xterm-256color")]));
        assert!(!with(&[
            ("TERM", "tmux-256color"),
            ("TMUX", "/tmp/x"),
            ("KITTY_WINDOW_ID", "1")
        ]));
        assert!(!with(&[]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kitty_wins_and_the_cell_size_is_kept() {
        let p = picker_from(
            &[
                Response::Sixel,
                Response::Kitty,
                Response::CellSize(Some((9, 18))),
            ],
            false,
        );
        assert_eq!(p.protocol_type(), ProtocolType::Kitty);
        assert_eq!((p.font_size().width, p.font_size().height), (9, 18));
    }

    #[test]
    fn the_environment_names_a_protocol_or_none() {
        assert_eq!(mode_named("none"), None);
        assert_eq!(mode_named(" Halfblocks "), Some(PictureMode::Halfblocks));
        assert_eq!(mode_named("kitty"), Some(PictureMode::Kitty));
        assert_eq!(mode_named("whatever"), Some(PictureMode::Auto));
    }

    #[test]
    fn no_answer_means_half_blocks() {
        let p = picker_from(&[], false);
        assert_eq!(p.protocol_type(), ProtocolType::Halfblocks);
    }
}
