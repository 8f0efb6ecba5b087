//! Answers to the start-up question that come after its deadline.
//!
//! By then the keyboard reader has them, and reads `ESC P`, `ESC ]` and
//! `ESC _` (how the answers to XTVERSION, OSC 11 and the kitty query begin)
//! as Alt+P, Alt+] and Alt+_, then the rest as typed characters, up to the
//! string terminator `ESC \` (Alt+\) or BEL (Ctrl+G). Read as keys, an OSC
//! 11 answer, `11;rgb:ffff/ffff/ffff`, would mark an article read (`r`) and
//! open a search (`/`) that takes the next Enter. While answers are owed,
//! such a run is dropped whole.

use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// How long after the question a late answer is looked for.
const OWED_FOR: Duration = Duration::from_secs(30);
/// No answer is longer than this many keys; past it, keys are keys again.
const LONGEST: usize = 512;

/// Drops late answers from the keys.
#[derive(Debug, Default)]
pub struct LateAnswers {
    /// Until when answers may still come; None when none are owed.
    owed_until: Option<Instant>,
    /// Keys dropped so far inside an answer; 0 outside one.
    inside: usize,
}

impl LateAnswers {
    /// `owed`: the terminal was asked and its answer did not end in time.
    pub fn new(owed: bool) -> LateAnswers {
        LateAnswers {
            owed_until: owed.then(|| Instant::now() + OWED_FOR),
            inside: 0,
        }
    }

    /// Whether `ev` is part of a late answer, and so no key.
    pub fn swallow(&mut self, ev: &Event) -> bool {
        let Event::Key(key) = ev else {
            return false;
        };
        if self.inside > 0 {
            self.inside += 1;
            if ends_answer(key) || self.inside > LONGEST {
                self.inside = 0;
            }
            return true;
        }
        if self.owed_until.is_some_and(|t| Instant::now() < t) && begins_answer(key) {
            self.inside = 1;
            return true;
        }
        false
    }
}

fn begins_answer(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::ALT)
        && matches!(key.code, KeyCode::Char('P' | 'p' | ']' | '_'))
}

fn ends_answer(key: &KeyEvent) -> bool {
    (key.modifiers.contains(KeyModifiers::ALT) && key.code == KeyCode::Char('\\'))
        || (key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('g'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    fn chars(s: &str) -> Vec<Event> {
        s.chars()
            .map(|c| key(KeyCode::Char(c), KeyModifiers::NONE))
            .collect()
    }

    /// What is left of `events` as keys.
    fn kept(late: &mut LateAnswers, events: &[Event]) -> Vec<Event> {
        events
            .iter()
            .filter(|e| !late.swallow(e))
            .cloned()
            .collect()
    }

    fn osc11_then(after: &str) -> Vec<Event> {
        let mut events = vec![key(KeyCode::Char(']'), KeyModifiers::ALT)];
        events.extend(chars("11;rgb:ffff/ffff/ffff"));
        events.push(key(KeyCode::Char('\\'), KeyModifiers::ALT));
        events.extend(chars(after));
        events
    }

    #[test]
    fn a_late_background_answer_is_no_keys_and_what_follows_is() {
        let mut late = LateAnswers::new(true);
        assert_eq!(kept(&mut late, &osc11_then("j?")), chars("j?"));
    }

    #[test]
    fn an_answer_ended_by_bel_and_a_version_answer_too() {
        let mut late = LateAnswers::new(true);
        let mut events = vec![key(
            KeyCode::Char('P'),
            KeyModifiers::ALT | KeyModifiers::SHIFT,
        )];
        events.extend(chars(">|kitty(0.26.5)"));
        events.push(key(KeyCode::Char('\\'), KeyModifiers::ALT));
        events.push(key(KeyCode::Char('_'), KeyModifiers::ALT));
        events.extend(chars("Gi=31;OK"));
        events.push(key(KeyCode::Char('g'), KeyModifiers::CONTROL));
        events.extend(chars("q"));
        assert_eq!(kept(&mut late, &events), chars("q"));
    }

    #[test]
    fn nothing_is_dropped_where_no_answer_is_owed() {
        let mut late = LateAnswers::new(false);
        let events = osc11_then("j");
        assert_eq!(kept(&mut late, &events), events);
    }

    #[test]
    fn an_answer_that_never_ends_gives_the_keys_back() {
        let mut late = LateAnswers::new(true);
        let mut events = vec![key(KeyCode::Char(']'), KeyModifiers::ALT)];
        events.extend(chars(&"x".repeat(LONGEST + 10)));
        assert_eq!(kept(&mut late, &events).len(), 10);
    }
}
