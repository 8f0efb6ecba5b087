//! The one place text from the network is made safe to store and draw.
//!
//! A terminal acts on bytes, not on what a string "means": one stray ESC in a
//! title can move the cursor, retitle the window, write the clipboard (OSC 52)
//! or forge a link (OSC 8). So whole escape sequences go, not only their
//! introducer, or the rest (`]52;c;...`) would be left as visible junk.

/// Remove everything that could drive a terminal: C0 controls except newline
/// and tab, DEL, C1 controls, whole escape sequences, bidi overrides and
/// isolates. `\r\n` and lone `\r` become `\n`.
pub fn clean_text(s: &str) -> String {
    if is_clean_text(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    // Where the last string terminator is: an 8-bit introducer after it has
    // none (found once, so a flood of introducers stays linear).
    let last_terminator = s.rfind(['\u{7}', '\u{9c}', '\u{1b}']);
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            // Unicode line and paragraph separators break lines like '\n'
            // but most terminals draw them as nothing or junk.
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\r' => {
                if peek(&chars) != Some('\n') {
                    out.push('\n');
                }
            }
            '\u{1b}' => skip_escape(&mut chars),
            // 8-bit forms of CSI, OSC, DCS, SOS, PM, APC carry a payload too.
            '\u{9b}' => skip_csi(&mut chars),
            // A stray byte of a mis-decoded legacy charset also lands here:
            // without a terminator it is not a string, so only it goes.
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
                if last_terminator.is_some_and(|t| t >= s.len() - chars.as_str().len()) {
                    skip_string(&mut chars);
                }
            }
            c if is_dropped(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// `clean_text` for one-line fields (titles, authors, categories): whitespace
/// runs and newlines collapse to single spaces, zero-width characters go.
pub fn clean_line(s: &str) -> String {
    if is_clean_line(s) {
        return s.to_string();
    }
    let t = clean_text(s);
    let mut out = String::with_capacity(t.len());
    for word in t
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        let word: String = word.chars().filter(|c| !is_zero_width(*c)).collect();
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

fn needs_text_cleaning(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || is_bidi_control(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
}

fn is_dropped(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200d}' | '\u{feff}' | '\u{2060}' | '\u{00ad}'
    )
}

/// Whether `clean_text` would leave `s` as it is. This runs over every byte
/// a sync stores, and text from feeds is mostly printable ASCII: that is
/// checked 32 bytes at a time, and only the rare other character decoded.
fn is_clean_text(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    loop {
        while let Some(chunk) = bytes.get(i..i + 32) {
            if !chunk
                .iter()
                .fold(true, |ok, &b| ok & (0x20..0x7f).contains(&b))
            {
                break;
            }
            i += 32;
        }
        let Some(&b) = bytes.get(i) else {
            return true;
        };
        if b.is_ascii() {
            if (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f {
                return false;
            }
            i += 1;
        } else {
            let c = s[i..].chars().next().unwrap_or('\0');
            if needs_text_cleaning(c) {
                return false;
            }
            i += c.len_utf8();
        }
    }
}

/// Whether `clean_line` would leave `s` as it is: clean text with no
/// zero-width characters and no whitespace but single spaces between words.
fn is_clean_line(s: &str) -> bool {
    let mut prev_space = true;
    for c in s.chars() {
        if c == ' ' {
            if prev_space {
                return false;
            }
            prev_space = true;
        } else if c.is_whitespace() || needs_text_cleaning(c) || is_zero_width(c) {
            return false;
        } else {
            prev_space = false;
        }
    }
    !prev_space || s.is_empty()
}

type Chars<'a> = std::str::Chars<'a>;

fn peek(chars: &Chars<'_>) -> Option<char> {
    chars.clone().next()
}

/// After an ESC: drop the whole sequence it starts.
fn skip_escape(chars: &mut Chars<'_>) {
    match peek(chars) {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \).
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        // nF sequences: intermediates 0x20-0x2F then one final byte.
        Some(' '..='/') => {
            while matches!(peek(chars), Some(' '..='/')) {
                chars.next();
            }
            next_if_printable_ascii(chars);
        }
        // Two-character sequences (ESC 7, ESC c, ESC M ...).
        Some('0'..='~') => {
            chars.next();
        }
        _ => {}
    }
}

fn next_if_printable_ascii(chars: &mut Chars<'_>) {
    if matches!(peek(chars), Some('0'..='~')) {
        chars.next();
    }
}

/// CSI parameters and intermediates, then the final byte. A character outside
/// the CSI ranges ends it early: a broken sequence must not eat the text.
fn skip_csi(chars: &mut Chars<'_>) {
    while let Some(c) = peek(chars) {
        match c {
            '0'..='?' | ' '..='/' => {
                chars.next();
            }
            '@'..='~' => {
                chars.next();
                return;
            }
            _ => return,
        }
    }
}

/// A control string's payload, up to BEL, ST (ESC \ or U+009C) or the end.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                if peek(chars) == Some('\\') {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick checks agree with the character-by-character rule they
    /// stand for, wherever in a 32-byte block the odd character falls.
    #[test]
    fn quick_checks_agree_with_the_rule() {
        let odd = [
            "\u{1b}", "\r", "\u{7f}", "\u{9b}", "\u{85}", "\u{202e}", "\u{2028}", "\u{200b}",
            "\u{feff}", "\u{a0}", "\u{ad}", "\n", "\t", " ", "  ", "é", "’", "中", "\u{a9}",
        ];
        for at in [0, 1, 31, 32, 33, 63, 64] {
            for o in odd {
                let s = format!("{}{o}{}", "a".repeat(at), "b".repeat(40));
                let text_rule = !s.chars().any(needs_text_cleaning);
                assert_eq!(is_clean_text(&s), text_rule, "{s:?}");
                let line_rule = text_rule
                    && !s.chars().any(is_zero_width)
                    && !s.chars().any(|c| c.is_whitespace() && c != ' ')
                    && !s.contains("  ")
                    && !s.starts_with(' ')
                    && !s.ends_with(' ');
                assert_eq!(is_clean_line(&s), line_rule, "{s:?}");
            }
        }
        assert!(is_clean_line(""));
        assert!(!is_clean_line(" "));
    }

    #[test]
    fn plain_text_is_unchanged() {
        let s = "Asia’s “new” era – more\n\tindented";
        assert_eq!(clean_text(s), s);
    }

    #[test]
    fn csi_sequences_go_whole() {
        assert_eq!(clean_text("a\u{1b}[31;1mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean_text("x\u{1b}[2Jy"), "xy");
        assert_eq!(clean_text("8-bit \u{9b}31mcsi"), "8-bit csi");
    }

    #[test]
    fn osc_sequences_go_whole() {
        // OSC 52 clipboard write ended by BEL.
        assert_eq!(clean_text("a\u{1b}]52;c;ZXZpbA==\u{7}b"), "ab");
        // OSC 8 hyperlink ended by ST.
        assert_eq!(
            clean_text("\u{1b}]8;;https://evil.example/\u{1b}\\click\u{1b}]8;;\u{1b}\\"),
            "click"
        );
        // Window title, unterminated: the rest is payload.
        assert_eq!(clean_text("ok\u{1b}]0;pwned"), "ok");
    }

    #[test]
    fn dcs_apc_pm_sos_go_whole() {
        assert_eq!(clean_text("a\u{1b}P1$qm\u{1b}\\b"), "ab");
        assert_eq!(clean_text("a\u{1b}_Gf=100;AAAA\u{1b}\\b"), "ab");
        assert_eq!(clean_text("a\u{1b}^pm\u{1b}\\b\u{1b}Xsos\u{9c}c"), "abc");
        assert_eq!(clean_text("a\u{9d}0;title\u{7}b"), "ab");
        // An unterminated 8-bit introducer is mojibake, not a string.
        assert_eq!(clean_text("caf\u{9d} au lait"), "caf au lait");
    }

    #[test]
    fn lone_controls_and_bidi_go() {
        assert_eq!(clean_text("a\u{0}b\u{7}c\u{8}d\u{7f}e\u{85}f"), "abcdef");
        assert_eq!(clean_text("abc\u{202e}fed\u{2066}x\u{2069}"), "abcfedx");
        assert_eq!(clean_text("one\r\ntwo\rthree"), "one\ntwo\nthree");
        assert_eq!(clean_text("a\u{2028}b\u{2029}c"), "a\nb\nc");
        assert_eq!(clean_text("esc at end\u{1b}"), "esc at end");
        assert_eq!(clean_text("\u{1b}7saved\u{1b}8"), "saved");
    }

    #[test]
    fn clean_line_collapses_and_drops_zero_width() {
        assert_eq!(
            clean_line("  Asia\u{200b} House\n\n  news\t\u{1b}[1mnow "),
            "Asia House news now"
        );
        assert_eq!(clean_line("plain title"), "plain title");
        assert_eq!(clean_line("\u{feff}"), "");
        assert_eq!(clean_line("a\u{a0}\u{a0}b"), "a b");
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        fn hostile() -> impl Strategy<Value = String> {
            prop::collection::vec(
                prop_oneof![
                    any::<char>(),
                    prop::sample::select(vec![
                        '\u{1b}', '[', ']', '\\', '\u{7}', '\u{9b}', '\u{9c}', '\u{9d}', '\r',
                        '\n', '\u{202e}', '\u{200b}', 'P', '_',
                    ]),
                ],
                0..64,
            )
            .prop_map(|v| v.into_iter().collect())
        }

        proptest! {
            #[test]
            fn no_control_survives(s in hostile()) {
                let t = clean_text(&s);
                prop_assert!(!t.chars().any(|c| (c.is_control() && c != '\n' && c != '\t')
                    || is_bidi_control(c)));
                let l = clean_line(&s);
                prop_assert!(!l.chars().any(|c| c.is_control() || is_zero_width(c)));
                prop_assert!(!l.contains("  "));
                prop_assert_eq!(clean_text(&t), t.clone());
            }
        }
    }
}
