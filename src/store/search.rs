//! Text preparation for the full-text index: a fold that makes scripts
//! without spaces searchable, and user queries turned into FTS5 expressions
//! that can never be a syntax error.
//!
//! unicode61 splits words on spaces and punctuation, so a run of Chinese or
//! Japanese (or Thai) is one giant token and a word inside it cannot be found.
//! Both the indexed text and the query pass through `fold`, which puts every
//! character of those scripts on its own; a query word in them becomes a
//! phrase of single characters, which finds it anywhere in the run.

/// Scripts written without spaces between words.
fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{4dbf}' // CJK extension A
        | '\u{4e00}'..='\u{9fff}' // CJK unified ideographs
        | '\u{f900}'..='\u{faff}' // CJK compatibility ideographs
        | '\u{ff66}'..='\u{ff9f}' // half-width Katakana
        | '\u{20000}'..='\u{3134f}' // CJK extensions B–H
        | '\u{0e00}'..='\u{0e7f}' // Thai
        | '\u{0e80}'..='\u{0eff}' // Lao
        | '\u{1000}'..='\u{109f}' // Myanmar
        | '\u{1780}'..='\u{17ff}' // Khmer
    )
}

/// Marks that change nothing for search: Arabic short vowels and tatweel,
/// which unicode61 keeps as part of a word.
fn ignorable(c: char) -> bool {
    matches!(c, '\u{064b}'..='\u{065f}' | '\u{0670}' | '\u{0640}')
}

/// The form text is indexed and queried in.
pub fn fold(text: &str) -> String {
    // The lead bytes of every character fold changes (U+064x-U+067x,
    // U+0Exx, U+1xxx, U+3xxx-U+9xxx, U+Fxxx, beyond U+FFFF); without
    // them only runs of spaces would shrink.
    let changed = |b: u8| matches!(b, 0xd9 | 0xe0 | 0xe1 | 0xe3..=0xe9 | 0xef | 0xf0..);
    if !text.bytes().any(changed) && !text.contains("  ") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut last_spaced = false;
    for c in text.chars() {
        if ignorable(c) {
            continue;
        }
        if unspaced(c) {
            if !out.is_empty() && !last_spaced {
                out.push(' ');
            }
            out.push(c);
            out.push(' ');
            last_spaced = true;
        } else if !(last_spaced && c == ' ') {
            out.push(c);
            last_spaced = c == ' ';
        }
    }
    out
}

/// A user's search as an FTS5 expression: each whitespace-separated term
/// quoted (so `"`, `*`, `-`, `:` or `NEAR` are only text) and matched as a
/// prefix; terms are ANDed. None when nothing searchable is left.
pub fn match_expression(query: &str) -> Option<String> {
    // FTS5 reads its query as a C string: a NUL would end it mid-quote.
    let query = crate::render::sanitize::clean_line(query);
    let terms: Vec<String> = query
        .split_whitespace()
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .map(|t| {
            let folded = fold(t);
            let quoted = folded.trim().replace('"', "\"\"");
            format!("\"{quoted}\"*")
        })
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" AND "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspaced_scripts_are_split() {
        assert_eq!(fold("中国经济 news"), "中 国 经 济 news");
        assert_eq!(fold("iPhone中国"), "iPhone 中 国 ");
        assert_eq!(fold("مَرْحَبًا"), "مرحبا");
        assert_eq!(fold("ภาษาไทย"), "ภ า ษ า ไ ท ย ");
        // Typographic punctuation takes the quick path and is kept.
        assert_eq!(fold("Asia’s “new” era – more"), "Asia’s “new” era – more");
        assert_eq!(fold("a  b"), "a b");
    }

    #[test]
    fn queries_are_always_valid_fts() {
        assert_eq!(match_expression("  "), None);
        assert_eq!(match_expression("!!! ?"), None);
        assert_eq!(
            match_expression("say \"hi\" C++"),
            Some("\"say\"* AND \"\"\"hi\"\"\"* AND \"C++\"*".into())
        );
        assert_eq!(match_expression("经济"), Some("\"经 济\"*".into()));
        assert_eq!(match_expression("a\0b"), Some("\"ab\"*".into()));
    }
}
