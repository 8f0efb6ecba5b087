//! Clickable links (OSC 8) where the terminal is known to support them.
//!
//! After a frame is drawn, the cells showing a link's text are written once
//! more, the same characters in the same style, wrapped in the OSC 8
//! sequence: the terminal then knows where they point. A link that wraps is
//! one region per line, all with the same target. The next frame overwrites
//! the cells plainly, which ends the link where the text changed.

use std::io::{self, Write};

use crossterm::cursor::MoveTo;
use crossterm::queue;
use crossterm::style::{Attribute, PrintStyledContent, ResetColor, SetAttribute, StyledContent};
use ratatui::backend::IntoCrossterm;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

use crate::tui::views::LinkRegion;

/// Whether to write links: `NEWSROOM_HYPERLINKS=1` or `0` decides; else
/// the `supports-hyperlinks` crate's list of terminals that understand OSC 8
/// (and its `FORCE_HYPERLINK`), with a few it does not know. Unknown
/// terminals get nothing: an old one might print the sequence. Inside tmux
/// the sequence only passes with extra configuration, so not there either,
/// unless forced.
pub fn supported() -> bool {
    decide(
        |k| std::env::var(k).ok(),
        supports_hyperlinks::supports_hyperlinks(),
    )
}

/// `known`: what the crate says of this environment.
fn decide(var: impl Fn(&str) -> Option<String>, known: bool) -> bool {
    if let Some(v) = var("NEWSROOM_HYPERLINKS") {
        return v == "1";
    }
    if var("FORCE_HYPERLINK").is_some() {
        return known;
    }
    if var("TMUX").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    let term = var("TERM").unwrap_or_default();
    known
        || var("KITTY_WINDOW_ID").is_some_and(|v| !v.is_empty())
        || ["kitty", "foot", "wezterm", "ghostty"]
            .iter()
            .any(|t| term.contains(t))
        || var("TERM_PROGRAM").is_some_and(|p| p == "rio")
}

/// The target as it may appear inside the sequence: an http(s) or mailto
/// URL, serialised by the url crate (so no control characters), or nothing.
fn safe_target(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    matches!(u.scheme(), "http" | "https" | "mailto").then(|| u.to_string())
}

/// Write the link regions of the frame just drawn. The regions of the frame
/// before that are gone are written again plainly first: where the new frame
/// has the same character in the same cell, the diff left the old link on it.
pub fn write(
    out: &mut impl Write,
    buf: &Buffer,
    before: &[LinkRegion],
    regions: &[LinkRegion],
) -> io::Result<()> {
    let stale: Vec<&LinkRegion> = before.iter().filter(|r| !regions.contains(r)).collect();
    // The regions are written every frame: the diff may have rewritten a
    // link's cells (a new style, a theme) without the link.
    if stale.is_empty() && regions.is_empty() {
        return Ok(());
    }
    for r in stale {
        cells(out, buf, r)?;
    }
    for r in regions {
        let Some(target) = safe_target(&r.url) else {
            continue;
        };
        write!(out, "\x1b]8;;{target}\x1b\\")?;
        cells(out, buf, r)?;
        write!(out, "\x1b]8;;\x1b\\")?;
    }
    queue!(out, SetAttribute(Attribute::Reset), ResetColor)?;
    out.flush()
}

/// Print a region's cells as the buffer has them, runs of one style at once.
fn cells(out: &mut impl Write, buf: &Buffer, r: &LinkRegion) -> io::Result<()> {
    queue!(out, MoveTo(r.x, r.y))?;
    let mut run: Option<(ratatui::style::Style, String)> = None;
    let mut x = r.x;
    while x < r.x.saturating_add(r.width) && x < buf.area.right() {
        let Some(cell) = buf.cell((x, r.y)) else {
            break;
        };
        let symbol = cell.symbol();
        let style = cell.style();
        match &mut run {
            Some((s, text)) if *s == style => text.push_str(symbol),
            _ => {
                if let Some((s, text)) = run.take() {
                    queue!(
                        out,
                        PrintStyledContent(StyledContent::new(s.into_crossterm(), text))
                    )?;
                }
                run = Some((style, symbol.to_string()));
            }
        }
        x = x.saturating_add(u16::try_from(symbol.width().max(1)).unwrap_or(1));
    }
    if let Some((s, text)) = run {
        queue!(
            out,
            PrintStyledContent(StyledContent::new(s.into_crossterm(), text))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    use crate::tui::env_of as env;

    #[test]
    fn the_override_then_tmux_then_the_crate_and_ours() {
        assert!(!decide(env(&[("NEWSROOM_HYPERLINKS", "0")]), true));
        assert!(decide(
            env(&[("NEWSROOM_HYPERLINKS", "1"), ("TMUX", "/t")]),
            false
        ));
        assert!(!decide(
            env(&[("TMUX", "/t"), ("TERM", "xterm-kitty")]),
            true
        ));
        assert!(decide(
            env(&[("TMUX", "/t"), ("FORCE_HYPERLINK", "1")]),
            true
        ));
        assert!(decide(env(&[("TERM", "foot")]), false));
        assert!(decide(env(&[("TERM", "xterm-256color")]), true));
        assert!(!decide(env(&[("TERM", "xterm-256color")]), false));
    }

    #[test]
    fn wraps_the_cells_in_osc8_and_refuses_odd_targets() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 2));
        buf.set_string(2, 1, "report", ratatui::style::Style::default());
        let regions = [
            LinkRegion {
                x: 2,
                y: 1,
                width: 6,
                url: "https://a.example/r".into(),
            },
            LinkRegion {
                x: 0,
                y: 0,
                width: 3,
                url: "javascript:alert(1)".into(),
            },
        ];
        let mut out = Vec::new();
        write(&mut out, &buf, &[], &regions).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("\x1b]8;;https://a.example/r\x1b\\"), "{s:?}");
        let start = s.find("\x1b]8;;https").unwrap();
        let text = s.find("report").unwrap();
        let end = s.rfind("\x1b]8;;\x1b\\").unwrap();
        assert!(start < text && text < end, "{s:?}");
        assert!(!s.contains("javascript"), "{s:?}");

        // A link gone: its cells plainly.
        let mut gone = Vec::new();
        write(&mut gone, &buf, &regions[..1], &[]).unwrap();
        let g = String::from_utf8(gone).unwrap();
        assert!(g.contains("report") && !g.contains("\x1b]8;"), "{g:?}");
    }
}
