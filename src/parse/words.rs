//! The words of an HTML fragment, read with a scan instead of a parse: for
//! the full-text index, summaries and quick questions about a body ("any
//! text at all?") asked of every item a feed carries.

/// Elements whose content is never text a reader sees.
const HIDDEN: [&str; 7] = [
    "script", "style", "noscript", "template", "iframe", "svg", "head",
];

/// Elements inside a line of text: a tag of theirs never splits a word
/// ("Ca<b>fé</b>"); any other tag ends one.
const INLINE: [&str; 17] = [
    "a", "b", "i", "em", "strong", "span", "small", "cite", "sup", "sub", "abbr", "code", "mark",
    "q", "s", "u", "time",
];

/// Whether the element `name` (any case) sits inside a line of text.
pub fn is_inline(name: &str) -> bool {
    INLINE.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Plain text of an HTML fragment: tags dropped, the content of scripts and
/// styles skipped, one level of entities decoded, block edges turned into
/// spaces so words at a boundary do not run together, whitespace collapsed.
/// For the index, and for every item's summary and "any text at all?": a
/// scan, not a parse, because a sync asks it of every item of every feed.
pub fn html_to_text(html: &str) -> String {
    let mut words = Words {
        out: String::with_capacity(html.len() / 2),
        gap: false,
    };
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        words.push_decoded(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
            continue;
        }
        // "a < b" is text, as a browser reads it.
        let opens_tag = rest[1..]
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'));
        if !opens_tag {
            words.push_decoded("<");
            rest = &rest[1..];
            continue;
        }
        let Some(gt) = tag_end(rest) else {
            // Never closed: not a tag after all.
            words.push_decoded(rest);
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let bare = tag.strip_prefix('/').unwrap_or(tag);
        let len = bare.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = &bare[..len];
        if tag.len() == bare.len() && HIDDEN.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            rest = skip_element(rest, name);
        }
        if !is_inline(name) {
            words.gap = true;
        }
    }
    words.push_decoded(rest);
    words.out
}

/// Text with whitespace collapsed as it arrives: a run of spaces (or a block
/// edge) becomes one space, and only between words.
struct Words {
    out: String,
    /// A space is owed before the next word.
    gap: bool,
}

impl Words {
    fn push_words(&mut self, text: &str) {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_whitespace() {
                self.gap = true;
                i += 1;
                continue;
            }
            // Words with single spaces between them are copied as one run:
            // a push per word was most of the scan's time.
            let start = i;
            while i < b.len() {
                if !b[i].is_ascii_whitespace() {
                    i += 1;
                } else if b[i] == b' ' && b.get(i + 1).is_some_and(|n| !n.is_ascii_whitespace()) {
                    i += 2;
                } else {
                    break;
                }
            }
            if self.gap && !self.out.is_empty() {
                self.out.push(' ');
            }
            self.gap = false;
            self.out.push_str(&text[start..i]);
        }
    }

    /// `text` with its character references decoded as the feed parser's
    /// decoder reads them; for words, a no-break space is a space and a
    /// control character (from a numeric reference) is nothing.
    fn push_decoded(&mut self, text: &str) {
        let mut rest = text;
        while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
            self.push_words(&rest[..amp]);
            rest = &rest[amp..];
            let Some((chars, len)) = crate::parse::html::reference_at(rest) else {
                self.push_words("&");
                rest = &rest[1..];
                continue;
            };
            for c in chars.into_iter().flatten() {
                if c.is_whitespace() {
                    self.gap = true;
                } else if !c.is_control() {
                    let mut buf = [0; 4];
                    self.push_words(c.encode_utf8(&mut buf));
                }
            }
            rest = &rest[len..];
        }
        self.push_words(rest);
    }
}

/// The `>` ending the tag that starts `s`, stepping over quoted attribute
/// values (`title="a > b"`); None when there is none.
fn tag_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 1;
    loop {
        i += memchr::memchr3(b'>', b'"', b'\'', &b[i..])?;
        let q = b[i];
        if q == b'>' {
            return Some(i);
        }
        if matches!(b[i - 1], b'=') || b[i - 1].is_ascii_whitespace() {
            match memchr::memchr(q, &b[i + 1..]) {
                Some(close) => i += close + 1,
                // An unclosed quote: the first `>` ends the tag after all.
                None => return memchr::memchr(b'>', b),
            }
        }
        i += 1;
    }
}

/// Past the closing tag of `name` (any case); "" when it never closes.
fn skip_element<'a>(rest: &'a str, name: &str) -> &'a str {
    let mut from = 0;
    while let Some(p) = rest[from..].find("</") {
        let at = from + p + 2;
        let candidate = rest.as_bytes().get(at..at + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            return rest[at..].find('>').map_or("", |g| &rest[at + g + 1..]);
        }
        from = at;
    }
    ""
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
    fn markup_is_read_as_a_browser_reads_it() {
        assert_eq!(html_to_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(
            html_to_text(r#"<a title="x > y" href='/p'>link</a><IMG alt="1>0">"#),
            "link"
        );
        assert_eq!(
            html_to_text("one<SCRIPT>x = '</p>'</Script >two <code>f</code>(x)"),
            "one two f(x)"
        );
        assert_eq!(
            html_to_text("a<!-- <p>b</p> -->c<br>d &amp;amp; <b"),
            "ac d &amp; <b"
        );
        assert_eq!(html_to_text("  lead\t\n<p> x </p>  "), "lead x");
    }
}
