//! Cleaning: whatever goes in, nothing that drives a terminal comes out.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsroom::render::sanitize::{clean_line, clean_text};

fn controlling(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let t = clean_text(&s);
    assert!(!t.chars().any(controlling), "{t:?}");
    assert_eq!(clean_text(&t), t, "cleaning is idempotent");
    let l = clean_line(&s);
    assert!(
        !l.chars().any(|c| controlling(c) || c == '\n' || c == '\t'),
        "{l:?}"
    );
});
