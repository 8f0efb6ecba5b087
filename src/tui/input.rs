//! Keys typed so far → an action with its count: `5j`, `g g`, `12l`.

use crate::config::keymap::{Key, Keymap, Lookup, View};
use crate::tui::action::Action;

/// The largest count kept; more digits are ignored rather than overflowing.
const MAX_COUNT: usize = 99_999;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyState {
    count: Option<usize>,
    pending: Vec<Key>,
}

impl KeyState {
    /// Feed one key; an action comes out once the keys make one.
    pub fn feed(
        &mut self,
        keymap: &Keymap,
        view: View,
        key: Key,
    ) -> Option<(Action, Option<usize>)> {
        if self.pending.is_empty()
            && let Some(d) = key.digit()
            && !keymap.binds(view, key)
            && (d != 0 || self.count.is_some())
        {
            let n = self.count.unwrap_or(0) * 10 + d as usize;
            self.count = Some(n.min(MAX_COUNT));
            return None;
        }
        self.pending.push(key);
        match keymap.lookup(view, &self.pending) {
            Lookup::Action(a) => {
                self.pending.clear();
                Some((a, self.count.take()))
            }
            Lookup::Prefix => None,
            Lookup::Unbound => {
                let was_sequence = self.pending.len() > 1;
                self.pending.clear();
                if was_sequence {
                    // `g x`: the sequence failed, but `x` alone may mean something.
                    self.feed(keymap, view, key)
                } else {
                    self.count = None;
                    None
                }
            }
        }
    }

    /// Forget a half-typed count or sequence.
    pub fn clear(&mut self) {
        self.count = None;
        self.pending.clear();
    }

    /// What has been typed so far, for the status line ("5", "g").
    pub fn display(&self) -> Option<String> {
        let mut s = self.count.map(|n| n.to_string()).unwrap_or_default();
        for k in &self.pending {
            s.push_str(&k.to_string());
        }
        (!s.is_empty()).then_some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(s: &mut KeyState, km: &Keymap, keys: &str) -> Vec<(Action, Option<usize>)> {
        keys.chars()
            .filter_map(|c| s.feed(km, View::List, Key::char(c)))
            .collect()
    }

    #[test]
    fn counts_and_sequences() {
        let km = Keymap::builtin();
        let mut s = KeyState::default();
        assert_eq!(feed(&mut s, &km, "5j"), vec![(Action::Down, Some(5))]);
        assert_eq!(feed(&mut s, &km, "gg"), vec![(Action::Top, None)]);
        assert_eq!(feed(&mut s, &km, "12"), vec![]);
        assert_eq!(s.display().as_deref(), Some("12"));
        assert_eq!(feed(&mut s, &km, "gG"), vec![(Action::Bottom, Some(12))]);
        // A lone 0 is not a count.
        assert_eq!(feed(&mut s, &km, "0j"), vec![(Action::Down, None)]);
        // A broken sequence falls back to its last key.
        assert_eq!(feed(&mut s, &km, "gk"), vec![(Action::Up, None)]);
        assert_eq!(feed(&mut s, &km, "3xj"), vec![(Action::Down, None)]);
    }
}
