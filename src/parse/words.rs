//! The words of an HTML fragment, read with a scan instead of a parse: for
//! the full-text index and for quick questions about a body ("any text at
//! all?") asked of every item a feed carries.

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
        let bare = tag.trim_start_matches('/');
        let len = bare.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = &bare[..len];
        let is = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(name));
        if !tag.starts_with('/') && is(&HIDDEN) {
            rest = skip_element(rest, &name.to_ascii_lowercase());
        }
        // Inline tags must not split a word ("Ca<b>fé</b>"); others end one.
        let inline = is(&[
            "b", "i", "em", "strong", "a", "span", "u", "mark", "small", "sub", "sup",
        ]);
        if !inline && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    push_decoded(&mut out, rest);
    let mut words = String::with_capacity(out.len());
    for w in out.split_ascii_whitespace() {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(w);
    }
    words
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

/// `text` with its character references decoded by the feed parser's
/// decoder; for words, a no-break space is a space and a control character
/// (from a numeric reference) is nothing.
fn push_decoded(out: &mut String, text: &str) {
    if !text.contains('&') {
        out.push_str(text);
        return;
    }
    let decoded = super::html::decode_entities_once(text);
    out.extend(
        decoded
            .chars()
            .filter(|c| !c.is_control() || c.is_ascii_whitespace())
            .map(|c| if c == '\u{a0}' { ' ' } else { c }),
    );
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
}
