//! keymap.toml: keys → actions, per view, with sequences and counts.
//!
//! The default keys are compiled in; the user's file holds only overrides and
//! is laid over them key by key. Every mistake names the file, the line and
//! the key.

mod key;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use key::{Key, parse_sequence, sequence_to_string};

use super::{ConfigError, line_of};
use crate::tui::action::Action;

/// The default keymap, as shipped.
pub const DEFAULT_KEYMAP: &str = include_str!("../../keymap.toml");
/// How the compiled-in keymap is named in error messages.
pub const BUILTIN_NAME: &str = "keymap.toml (built-in)";

/// A keymap section: the keys of one screen, or `global` for all screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum View {
    Global,
    List,
    Reader,
    Links,
    Help,
    Events,
    Calendar,
    Event,
}

impl View {
    pub const ALL: &'static [View] = &[
        View::Global,
        View::List,
        View::Reader,
        View::Links,
        View::Help,
        View::Events,
        View::Calendar,
        View::Event,
    ];

    pub fn name(self) -> &'static str {
        match self {
            View::Global => "global",
            View::List => "list",
            View::Reader => "reader",
            View::Links => "links",
            View::Help => "help",
            View::Events => "events",
            View::Calendar => "calendar",
            View::Event => "event",
        }
    }

    pub fn from_name(s: &str) -> Option<View> {
        View::ALL.iter().copied().find(|v| v.name() == s)
    }
}

/// Where a binding was written, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin {
    path: PathBuf,
    line: usize,
    /// The key as written in the file.
    text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Binding {
    keys: Vec<Key>,
    /// None: `"none"`, a key taken away (it also hides a global binding).
    action: Option<Action>,
    origin: Origin,
}

/// What a key sequence typed so far means in a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Action(Action),
    /// The start of a longer sequence: wait for the next key.
    Prefix,
    Unbound,
}

/// One line of the help screen: an action and every key that does it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpEntry {
    pub action: Action,
    pub keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpSection {
    pub view: View,
    pub entries: Vec<HelpEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    sections: BTreeMap<View, Vec<Binding>>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::builtin()
    }
}

impl Keymap {
    /// The compiled-in keymap. A test checks it parses, so this cannot fail
    /// in a released build.
    pub fn builtin() -> Keymap {
        let mut km = Keymap {
            sections: BTreeMap::new(),
        };
        km.overlay(Path::new(BUILTIN_NAME), DEFAULT_KEYMAP)
            .unwrap_or_else(|e| panic!("the built-in keymap is broken: {e}"));
        km
    }

    /// The default keys with the user's file laid over them, when given and
    /// when it exists.
    pub fn load(user_file: Option<&Path>) -> Result<Keymap, ConfigError> {
        let mut km = Keymap::builtin();
        let Some(path) = user_file else {
            return Ok(km);
        };
        match std::fs::read_to_string(path) {
            Ok(text) => km.overlay(path, &text)?,
            // No file of one's own is the usual case: the defaults stand.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(ConfigError::new(path, 1, "-", format!("cannot read: {e}"))),
        }
        Ok(km)
    }

    /// Lay one keymap file over this one, key by key, then check the result.
    pub fn overlay(&mut self, path: &Path, text: &str) -> Result<(), ConfigError> {
        for (view, binding) in parse_file(path, text)? {
            let list = self.sections.entry(view).or_default();
            match list.iter_mut().find(|b| b.keys == binding.keys) {
                Some(existing) => *existing = binding,
                None => list.push(binding),
            }
        }
        self.check_conflicts(path)
    }

    /// The bindings in force in a view: its own, then the global ones it does
    /// not rebind.
    fn merged(&self, view: View) -> Vec<&Binding> {
        let own: &[Binding] = self.sections.get(&view).map_or(&[], |v| v);
        let mut out: Vec<&Binding> = own.iter().collect();
        if view != View::Global {
            for g in self.sections.get(&View::Global).map_or(&[][..], |v| v) {
                if !own.iter().any(|b| b.keys == g.keys) {
                    out.push(g);
                }
            }
        }
        out
    }

    /// A key that is both bound and the start of a sequence in the same view
    /// could never reach the sequence.
    fn check_conflicts(&self, newest: &Path) -> Result<(), ConfigError> {
        for &view in View::ALL {
            let live: Vec<&Binding> = self
                .merged(view)
                .into_iter()
                .filter(|b| b.action.is_some())
                .collect();
            for short in &live {
                for long in &live {
                    let is_prefix = short.keys.len() < long.keys.len()
                        && long.keys[..short.keys.len()] == short.keys[..];
                    if !is_prefix {
                        continue;
                    }
                    // Report the line of the file just read when it has a part.
                    let (at, other) = if long.origin.path == newest && short.origin.path != newest {
                        (long, short)
                    } else {
                        (short, long)
                    };
                    return Err(ConfigError::new(
                        &at.origin.path,
                        at.origin.line,
                        at.origin.text.clone(),
                        format!(
                            "in [{}], {:?} is also the start of {:?} ({}:{})",
                            view.name(),
                            sequence_to_string(&short.keys),
                            sequence_to_string(&long.keys),
                            other.origin.path.display(),
                            other.origin.line
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// What the keys typed so far mean in `view`.
    pub fn lookup(&self, view: View, keys: &[Key]) -> Lookup {
        let mut prefix = false;
        for b in self.merged(view) {
            if b.keys == keys {
                return match b.action {
                    Some(a) => Lookup::Action(a),
                    None => Lookup::Unbound,
                };
            }
            if b.action.is_some() && b.keys.len() > keys.len() && b.keys.starts_with(keys) {
                prefix = true;
            }
        }
        if prefix {
            Lookup::Prefix
        } else {
            Lookup::Unbound
        }
    }

    /// Whether a plain key is bound (or begins a sequence) in `view`: a digit
    /// that is bound is a key, not the start of a count.
    pub fn binds(&self, view: View, key: Key) -> bool {
        self.lookup(view, &[key]) != Lookup::Unbound
    }

    /// Every key that does `action` in `view`, as written for people.
    pub fn keys_for(&self, view: View, action: Action) -> Vec<String> {
        self.merged(view)
            .into_iter()
            .filter(|b| b.action == Some(action))
            .map(|b| sequence_to_string(&b.keys))
            .collect()
    }

    /// The help screen of a view: its own keys, then the global ones still in
    /// force there, each action once with all its keys.
    pub fn help(&self, view: View) -> Vec<HelpSection> {
        let merged = self.merged(view);
        let own_end = self.sections.get(&view).map_or(0, Vec::len);
        let own_end = if view == View::Global { 0 } else { own_end };
        let (own, global) = merged.split_at(own_end.min(merged.len()));
        let section = |view: View, bindings: &[&Binding]| HelpSection {
            view,
            entries: Action::ALL
                .iter()
                .filter_map(|&action| {
                    let keys: Vec<String> = bindings
                        .iter()
                        .filter(|b| b.action == Some(action))
                        .map(|b| sequence_to_string(&b.keys))
                        .collect();
                    (!keys.is_empty()).then_some(HelpEntry { action, keys })
                })
                .collect(),
        };
        let mut out = Vec::new();
        if view != View::Global {
            out.push(section(view, own));
        }
        out.push(section(View::Global, global));
        out.retain(|s| !s.entries.is_empty());
        out
    }
}

/// Read one keymap file into bindings, in file order.
fn parse_file(path: &Path, text: &str) -> Result<Vec<(View, Binding)>, ConfigError> {
    let doc = toml::de::DeTable::parse(text).map_err(|e| ConfigError::from_toml(path, text, &e))?;
    let mut items: Vec<_> = doc.get_ref().iter().collect();
    items.sort_by_key(|(k, _)| k.span().start);
    let mut out = Vec::new();
    for (section, body) in items {
        let name: &str = section.get_ref();
        let line = line_of(text, section.span().start);
        let view = View::from_name(name).ok_or_else(|| {
            let known: Vec<&str> = View::ALL.iter().map(|v| v.name()).collect();
            ConfigError::new(
                path,
                line,
                name,
                format!("unknown section; the sections are {}", known.join(", ")),
            )
        })?;
        let toml::de::DeValue::Table(table) = body.get_ref() else {
            return Err(ConfigError::new(
                path,
                line,
                name,
                "expected a section of `key = \"action\"` lines",
            ));
        };
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        for (k, v) in entries {
            let keytext: &str = k.get_ref();
            let line = line_of(text, k.span().start);
            let err = |message: String| ConfigError::new(path, line, keytext, message);
            let keys = parse_sequence(keytext).map_err(err)?;
            let toml::de::DeValue::String(action_name) = v.get_ref() else {
                return Err(err("expected an action name in quotes".into()));
            };
            let action = match action_name.as_ref() {
                "none" => None,
                other => Some(Action::from_name(other).ok_or_else(|| {
                    err(format!(
                        "unknown action {other:?} (see the built-in keymap.toml for the names)"
                    ))
                })?),
            };
            out.push((
                view,
                Binding {
                    keys,
                    action,
                    origin: Origin {
                        path: path.to_path_buf(),
                        line,
                        text: keytext.to_string(),
                    },
                },
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Vec<Key> {
        parse_sequence(s).unwrap()
    }

    #[test]
    fn builtin_parses_and_has_vim_and_arrows() {
        let km = Keymap::builtin();
        for (s, a) in [
            ("j", Action::Down),
            ("down", Action::Down),
            ("k", Action::Up),
            ("up", Action::Up),
            ("G", Action::Bottom),
            ("g g", Action::Top),
            ("q", Action::Quit),
            ("ctrl-d", Action::HalfPageDown),
        ] {
            assert_eq!(km.lookup(View::List, &k(s)), Lookup::Action(a), "{s}");
        }
        assert_eq!(km.lookup(View::List, &k("g")), Lookup::Prefix);
        assert_eq!(km.lookup(View::List, &k("x")), Lookup::Unbound);
    }

    #[test]
    fn view_keys_shadow_global_ones() {
        let mut km = Keymap::builtin();
        km.overlay(Path::new("u.toml"), "[list]\nq = \"back\"\n")
            .unwrap();
        assert_eq!(km.lookup(View::List, &k("q")), Lookup::Action(Action::Back));
        assert_eq!(
            km.lookup(View::Events, &k("q")),
            Lookup::Action(Action::Quit)
        );
    }

    #[test]
    fn none_removes_a_binding_even_a_global_one() {
        let mut km = Keymap::builtin();
        km.overlay(Path::new("u.toml"), "[reader]\nq = \"none\"\n")
            .unwrap();
        assert_eq!(km.lookup(View::Reader, &k("q")), Lookup::Unbound);
        assert!(
            km.keys_for(View::Reader, Action::Quit)
                .contains(&"ctrl-c".to_string())
        );
    }

    #[test]
    fn help_lists_each_action_once_with_all_its_keys() {
        let km = Keymap::builtin();
        let help = km.help(View::List);
        assert_eq!(help[0].view, View::List);
        let down = help[0]
            .entries
            .iter()
            .find(|e| e.action == Action::Down)
            .unwrap();
        assert_eq!(down.keys, vec!["j", "down"]);
        assert_eq!(help[1].view, View::Global);
        assert!(help[1].entries.iter().any(|e| e.action == Action::Quit));
    }

    #[test]
    fn the_agenda_saves_one_event_or_the_whole_list() {
        let km = Keymap::builtin();
        let at = |s: &str| km.lookup(View::Events, &k(s));
        assert_eq!(at("e"), Lookup::Action(Action::ExportIcs));
        assert_eq!(at("E"), Lookup::Action(Action::ExportListIcs));
        let help = km.help(View::Events);
        let entry = help[0]
            .entries
            .iter()
            .find(|e| e.action == Action::ExportListIcs)
            .unwrap();
        assert_eq!(entry.keys, vec!["E"]);
    }
}

#[cfg(test)]
mod rejects {
    use super::*;

    fn overlay(text: &str) -> Result<Keymap, String> {
        let mut km = Keymap::builtin();
        km.overlay(Path::new("u.toml"), text)
            .map(|_| km)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn one_line_changes_one_binding() {
        let km = overlay("[list]\nx = \"toggle_read\"\n").unwrap();
        let base = Keymap::builtin();
        assert_eq!(
            km.lookup(View::List, &[Key::char('x')]),
            Lookup::Action(Action::ToggleRead)
        );
        for s in ["j", "k", "r", "g g", "q"] {
            let keys = parse_sequence(s).unwrap();
            assert_eq!(
                km.lookup(View::List, &keys),
                base.lookup(View::List, &keys),
                "{s}"
            );
        }
    }

    #[test]
    fn bad_files_name_file_line_and_key() {
        let cases = [
            (
                "[list]\nj = \"dwn\"\n",
                "u.toml:2: j: unknown action \"dwn\" (see the built-in keymap.toml for the names)",
            ),
            (
                "[list]\n\n\"ctrl-pgdwn\" = \"down\"\n",
                "u.toml:3: ctrl-pgdwn: unknown key \"pgdwn\"",
            ),
            (
                "[lists]\nj = \"down\"\n",
                "u.toml:1: lists: unknown section; the sections are global, list, reader, links, help, events, calendar, event",
            ),
            (
                "[list]\ng = \"top\"\n",
                "u.toml:2: g: in [list], \"g\" is also the start of \"g g\" (keymap.toml (built-in):37)",
            ),
            (
                "[reader]\nj = 3\n",
                "u.toml:2: j: expected an action name in quotes",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(overlay(text).unwrap_err(), want, "{text}");
        }
    }

    #[test]
    fn a_global_key_may_not_begin_a_sequence_of_a_view() {
        let err = overlay("[global]\ng = \"sync\"\n").unwrap_err();
        assert!(err.starts_with("u.toml:2: g: in [list]"), "{err}");
    }

    #[test]
    fn toml_syntax_errors_have_a_line() {
        let err = overlay("[list]\nj = \"down\n").unwrap_err();
        assert!(err.starts_with("u.toml:2:"), "{err}");
    }
}
