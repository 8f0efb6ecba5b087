//! A line of text typed at the bottom of the screen: the list's search and
//! the reader's find. Keys edit the text here; what the text means is up to
//! the screen that asked.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::app::App;
use crate::tui::{list, reader};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Filters the article list as it is typed.
    Search,
    /// Finds text in the open article as it is typed.
    Find,
}

impl PromptKind {
    pub fn label(self) -> &'static str {
        match self {
            PromptKind::Search => "Search",
            PromptKind::Find => "Find",
        }
    }
}

/// What a key did to the prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Changed,
    /// Enter: keep the result, close the prompt.
    Submitted,
    /// Esc: undo the prompt's effect, close it.
    Cancelled,
    Unchanged,
}

impl Prompt {
    pub fn new(kind: PromptKind, text: String) -> Prompt {
        Prompt { kind, text }
    }

    pub fn edit(&mut self, ev: KeyEvent) -> Edit {
        match ev.code {
            KeyCode::Esc => Edit::Cancelled,
            KeyCode::Enter => Edit::Submitted,
            KeyCode::Backspace => {
                if self.text.pop().is_some() {
                    Edit::Changed
                } else {
                    Edit::Unchanged
                }
            }
            // ctrl-u clears the line, as in a shell.
            KeyCode::Char('u') if ev.modifiers.contains(KeyModifiers::CONTROL) => {
                self.text.clear();
                Edit::Changed
            }
            KeyCode::Char(c)
                if !ev
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                self.text.push(c);
                Edit::Changed
            }
            _ => Edit::Unchanged,
        }
    }

    /// The text as a query: trimmed, None when empty.
    pub fn query(&self) -> Option<String> {
        let t = self.text.trim();
        (!t.is_empty()).then(|| t.to_string())
    }
}

/// A key while a prompt is open.
pub fn on_key(app: &mut App, ev: KeyEvent) {
    let Some(prompt) = app.prompt.as_mut() else {
        return;
    };
    let kind = prompt.kind;
    let edit = prompt.edit(ev);
    let query = prompt.query();
    if matches!(edit, Edit::Submitted | Edit::Cancelled) {
        app.prompt = None;
    }
    match kind {
        PromptKind::Search => list::on_search(app, edit, query),
        PromptKind::Find => reader::on_find(app, edit, query),
    }
}
