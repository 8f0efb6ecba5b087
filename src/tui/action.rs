//! Everything a person can ask the TUI to do. Keys map to these through the
//! keymap; `update` turns them into new state.

use serde::{Deserialize, Serialize};

use crate::config::keymap::View;

/// One thing to do. The snake_case name is what `keymap.toml` binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    Back,
    Down,
    Up,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    Open,
    NextArticle,
    PrevArticle,
    OpenInBrowser,
    OpenLink,
    Links,
    ToggleRead,
    ToggleSaved,
    TogglePictures,
    Sync,
    Search,
    NextMatch,
    PrevMatch,
    CycleFilter,
    CycleSite,
    MarkAllRead,
    SwitchView,
    CycleTheme,
    Calendar,
    NextDay,
    PrevDay,
    NextWeek,
    PrevWeek,
    NextMonth,
    PrevMonth,
    NextCategory,
    Book,
    ExportIcs,
    ExportListIcs,
}

impl Action {
    /// Every bindable action, in the order the help screen lists them.
    pub const ALL: &'static [Action] = &[
        Action::Down,
        Action::Up,
        Action::PageDown,
        Action::PageUp,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::Back,
        Action::NextArticle,
        Action::PrevArticle,
        Action::OpenInBrowser,
        Action::OpenLink,
        Action::Links,
        Action::ToggleRead,
        Action::ToggleSaved,
        Action::TogglePictures,
        Action::Search,
        Action::NextMatch,
        Action::PrevMatch,
        Action::CycleFilter,
        Action::CycleSite,
        Action::MarkAllRead,
        Action::SwitchView,
        Action::Calendar,
        Action::NextDay,
        Action::PrevDay,
        Action::NextWeek,
        Action::PrevWeek,
        Action::NextMonth,
        Action::PrevMonth,
        Action::NextCategory,
        Action::Book,
        Action::ExportIcs,
        Action::ExportListIcs,
        Action::Sync,
        Action::CycleTheme,
        Action::Help,
        Action::Quit,
    ];

    /// The name `keymap.toml` uses.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Back => "back",
            Action::Down => "down",
            Action::Up => "up",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::HalfPageDown => "half_page_down",
            Action::HalfPageUp => "half_page_up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Open => "open",
            Action::NextArticle => "next_article",
            Action::PrevArticle => "prev_article",
            Action::OpenInBrowser => "open_in_browser",
            Action::OpenLink => "open_link",
            Action::Links => "links",
            Action::ToggleRead => "toggle_read",
            Action::ToggleSaved => "toggle_saved",
            Action::TogglePictures => "toggle_pictures",
            Action::Sync => "sync",
            Action::Search => "search",
            Action::NextMatch => "next_match",
            Action::PrevMatch => "prev_match",
            Action::CycleFilter => "cycle_filter",
            Action::CycleSite => "cycle_site",
            Action::MarkAllRead => "mark_all_read",
            Action::SwitchView => "switch_view",
            Action::CycleTheme => "cycle_theme",
            Action::Calendar => "calendar",
            Action::NextDay => "next_day",
            Action::PrevDay => "prev_day",
            Action::NextWeek => "next_week",
            Action::PrevWeek => "prev_week",
            Action::NextMonth => "next_month",
            Action::PrevMonth => "prev_month",
            Action::NextCategory => "next_category",
            Action::Book => "book",
            Action::ExportIcs => "export_ics",
            Action::ExportListIcs => "export_list_ics",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// What the help screen of `view` says the action does there.
    pub fn description_in(self, view: View) -> &'static str {
        match (view, self) {
            (View::Events, Action::CycleFilter) => "Show upcoming / past / all events",
            (View::Events | View::Event, Action::OpenInBrowser) => {
                "Open the event's page in the browser"
            }
            (View::Calendar, Action::Open) => "Open the day's event (a count opens the Nth)",
            (View::Links, Action::Open) => "Open the link in the browser",
            (View::Help, Action::Back) => "Close the help",
            (View::Reader, Action::Search) => "Find in the article",
            _ => self.description(),
        }
    }

    /// What the action does, wherever it is bound.
    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "Quit newsroom",
            Action::Help => "Show the keys of this screen",
            Action::Back => "Go back",
            Action::Down => "Move down (a count moves that many)",
            Action::Up => "Move up (a count moves that many)",
            Action::PageDown => "Next page",
            Action::PageUp => "Previous page",
            Action::HalfPageDown => "Half a page down",
            Action::HalfPageUp => "Half a page up",
            Action::Top => "Go to the top (a count goes to that line)",
            Action::Bottom => "Go to the bottom",
            Action::Open => "Open the selection (a count opens the Nth)",
            Action::NextArticle => "Next article",
            Action::PrevArticle => "Previous article",
            Action::OpenInBrowser => "Open the article in the browser",
            Action::OpenLink => "Open link N (type N first); alone, list the links",
            Action::Links => "List the article's links",
            Action::ToggleRead => "Mark read / unread",
            Action::ToggleSaved => "Save for later / unsave",
            Action::TogglePictures => "Show or hide pictures",
            Action::Sync => "Sync now",
            Action::Search => "Search articles",
            Action::NextMatch => "Next match",
            Action::PrevMatch => "Previous match",
            Action::CycleFilter => "Show all / unread / saved",
            Action::CycleSite => "Show one site, the next, then all",
            Action::MarkAllRead => "Mark every article in the list read",
            Action::SwitchView => "Switch between articles and events",
            Action::CycleTheme => "Next colour theme",
            Action::Calendar => "Switch between the agenda and the month calendar",
            Action::NextDay => "Next day",
            Action::PrevDay => "Previous day",
            Action::NextWeek => "Next week",
            Action::PrevWeek => "Previous week",
            Action::NextMonth => "Next month",
            Action::PrevMonth => "Previous month",
            Action::NextCategory => "Show the next category only (then all)",
            Action::Book => "Open the booking page in the browser",
            Action::ExportIcs => "Save the event as an .ics file in the download folder",
            Action::ExportListIcs => {
                "Save the events listed as one .ics file in the download folder"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_serde_and_round_trip() {
        for a in Action::ALL {
            let json = serde_json::to_string(a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.name()));
            assert_eq!(Action::from_name(a.name()), Some(*a));
        }
    }
}
