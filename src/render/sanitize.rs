//! The one place text from the network is made safe to store and draw.

/// Remove everything that could drive a terminal: C0 controls except newline
/// and tab, DEL, C1 controls, whole escape sequences, bidi overrides.
pub fn clean_text(s: &str) -> String {
    s.chars()
        .filter(|c| {
            (!c.is_control() || *c == '\n' || *c == '\t')
                && !matches!(*c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// `clean_text` for one-line fields (titles, authors, categories): whitespace
/// runs and newlines collapse to single spaces, zero-width characters go.
pub fn clean_line(s: &str) -> String {
    let t = clean_text(s);
    let t: String = t
        .chars()
        .filter(|c| !matches!(*c, '\u{200b}'..='\u{200d}' | '\u{feff}' | '\u{2060}'))
        .collect();
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}
