//! Keys typed while the terminal was being asked, given back as key events:
//! what a person types at start-up is acted on, not lost.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// The keys in `bytes` as a terminal sends them. Sequences not understood
/// here (function keys, mouse reports) are dropped whole, never read as
/// the characters they are made of.
pub fn keys(bytes: &[u8]) -> Vec<Event> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let (key, used) = one(&bytes[i..]);
        if let Some((code, mods)) = key {
            out.push(Event::Key(KeyEvent::new(code, mods)));
        }
        i += used.max(1);
    }
    out
}

/// The first key in `b` and how many bytes it took.
fn one(b: &[u8]) -> (Option<(KeyCode, KeyModifiers)>, usize) {
    let none = KeyModifiers::NONE;
    match b[0] {
        0x1b => escape(b),
        b'\r' | b'\n' => (Some((KeyCode::Enter, none)), 1),
        b'\t' => (Some((KeyCode::Tab, none)), 1),
        0x7f | 0x08 => (Some((KeyCode::Backspace, none)), 1),
        c @ 0x01..=0x1a => (
            Some((
                KeyCode::Char(char::from(c - 1 + b'a')),
                KeyModifiers::CONTROL,
            )),
            1,
        ),
        0x20..=0x7e => (Some((KeyCode::Char(char::from(b[0])), none)), 1),
        _ => {
            // UTF-8: the longest prefix that is one character.
            let end = b.len().min(4);
            let c = (2..=end).find_map(|n| {
                std::str::from_utf8(&b[..n])
                    .ok()
                    .and_then(|s| s.chars().next())
                    .map(|c| (c, n))
            });
            match c {
                Some((c, n)) => (Some((KeyCode::Char(c), none)), n),
                None => (None, 1),
            }
        }
    }
}

fn escape(b: &[u8]) -> (Option<(KeyCode, KeyModifiers)>, usize) {
    let none = KeyModifiers::NONE;
    match b.get(1) {
        None => (Some((KeyCode::Esc, none)), 1),
        Some(b'[' | b'O') => {
            let end = b[2..]
                .iter()
                .position(|c| (0x40..=0x7e).contains(c))
                .map_or(b.len(), |p| p + 3);
            let code = match &b[2..end] {
                b"A" => Some(KeyCode::Up),
                b"B" => Some(KeyCode::Down),
                b"C" => Some(KeyCode::Right),
                b"D" => Some(KeyCode::Left),
                b"H" => Some(KeyCode::Home),
                b"F" => Some(KeyCode::End),
                b"5~" => Some(KeyCode::PageUp),
                b"6~" => Some(KeyCode::PageDown),
                _ => None,
            };
            (code.map(|c| (c, none)), end)
        }
        Some(&c @ 0x20..=0x7e) => (Some((KeyCode::Char(char::from(c)), KeyModifiers::ALT)), 2),
        Some(_) => (Some((KeyCode::Esc, none)), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        keys(bytes)
            .into_iter()
            .filter_map(|e| match e {
                Event::Key(k) => Some((k.code, k.modifiers)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn letters_arrows_and_controls() {
        let n = KeyModifiers::NONE;
        assert_eq!(
            codes(b"jG\x1b[B\r\x04\x1bx\x7f"),
            [
                (KeyCode::Char('j'), n),
                (KeyCode::Char('G'), n),
                (KeyCode::Down, n),
                (KeyCode::Enter, n),
                (KeyCode::Char('d'), KeyModifiers::CONTROL),
                (KeyCode::Char('x'), KeyModifiers::ALT),
                (KeyCode::Backspace, n),
            ]
        );
        assert_eq!(codes("é".as_bytes()), [(KeyCode::Char('é'), n)]);
    }

    #[test]
    fn what_is_not_understood_goes_whole() {
        assert_eq!(
            codes(b"\x1b[15~\x1b[<0;3;4Mq"),
            [(KeyCode::Char('q'), KeyModifiers::NONE)]
        );
        assert_eq!(codes(b"\x1b[1;"), []);
        assert_eq!(codes(b"\xff"), []);
    }
}
