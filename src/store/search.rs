//! Text preparation for the full-text index: HTML to plain words, a fold
//! that makes scripts without spaces searchable, and user queries turned into
//! FTS5 expressions that can never be a syntax error.
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

/// Elements whose content is never text a reader sees.
const HIDDEN: [&str; 7] = [
    "script", "style", "noscript", "template", "iframe", "svg", "head",
];

/// Plain text of an HTML fragment, for the index only: tags dropped, the
/// content of scripts and styles skipped, entities decoded, block ends turned
/// into spaces so words at a boundary do not run together.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_decoded(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            // A lone `<` in text, not a tag.
            push_decoded(&mut out, rest);
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !tag.starts_with('/') && HIDDEN.contains(&name.as_str()) {
            rest = skip_element(rest, &name);
        }
        // Inline tags must not split a word ("Ca<b>fé</b>"); others end one.
        let inline = matches!(
            name.as_str(),
            "b" | "i" | "em" | "strong" | "a" | "span" | "u" | "mark" | "small" | "sub" | "sup"
        );
        if !inline && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    push_decoded(&mut out, rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Skip past the closing tag of `name` (case-insensitive).
fn skip_element<'a>(rest: &'a str, name: &str) -> &'a str {
    let close = format!("</{name}");
    let lower = rest.to_ascii_lowercase();
    match lower.find(&close) {
        Some(i) => rest[i..].find('>').map_or("", |g| &rest[i + g + 1..]),
        None => "",
    }
}

fn push_decoded(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control());
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "agrave" => 'à',
        "ccedil" => 'ç',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "auml" => 'ä',
        "szlig" => 'ß',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_words() {
        let html = "<p>Caf&eacute; <b>cul</b>ture&#8217;s</p><script>var x = 1;</script>\
                    <figure><img src=x><figcaption>A&nbsp;photo</figcaption></figure><p>end</p>";
        assert_eq!(html_to_text(html), "Café culture’s A photo end");
    }

    #[test]
    fn unspaced_scripts_are_split() {
        assert_eq!(fold("中国经济 news"), "中 国 经 济 news");
        assert_eq!(fold("iPhone中国"), "iPhone 中 国 ");
        assert_eq!(fold("مَرْحَبًا"), "مرحبا");
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
