//! The help screen's state: which screen's keys it shows, and its scroll.

use crate::config::keymap::View;
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpState {
    /// The screen whose keys are listed (the one help was opened from).
    pub of: View,
    pub scroll: usize,
}

impl Default for HelpState {
    fn default() -> Self {
        HelpState {
            of: View::List,
            scroll: 0,
        }
    }
}

/// Lines the help of `view` takes, for the scroll limit: a heading, the
/// entries and a blank line per section.
pub fn line_count(app: &App, view: View) -> usize {
    app.keymap
        .help(view)
        .iter()
        .map(|s| s.entries.len() + 2)
        .sum()
}

pub fn open(app: &mut App) {
    app.help = HelpState {
        of: app.view(),
        scroll: 0,
    };
    app.push(Screen::Help);
}

pub fn update(app: &mut App, action: Action, count: Option<usize>) {
    let height = usize::from(app.size.1.saturating_sub(2)).max(1);
    let max = line_count(app, app.help.of).saturating_sub(height);
    let n = count.unwrap_or(1);
    let s = &mut app.help.scroll;
    match action {
        Action::Down => *s = (*s + n).min(max),
        Action::Up => *s = s.saturating_sub(n),
        Action::PageDown | Action::HalfPageDown => *s = (*s + height * n).min(max),
        Action::PageUp | Action::HalfPageUp => *s = s.saturating_sub(height * n),
        Action::Top => *s = 0,
        Action::Bottom => *s = max,
        Action::Back | Action::Help => app.pop(),
        _ => {}
    }
}
