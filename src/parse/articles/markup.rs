//! The lexical pieces of XML as feeds write it, for the forgiving reader in
//! `xml`: tags, attributes, text, CDATA, each found without ever failing.

use memchr::memchr;

/// `<x:p class="a">` → `<p class="a">`: XHTML written with a prefix.
pub(super) fn unprefixed_tag(tag: &str) -> std::borrow::Cow<'_, str> {
    let (lead, rest) = match tag.strip_prefix("</") {
        Some(r) => ("</", r),
        None => ("<", &tag[1..]),
    };
    let name_end = name_len(rest);
    match rest[..name_end].split_once(':') {
        Some((_, local)) => format!("{lead}{local}{}", &rest[name_end..]).into(),
        None => tag.into(),
    }
}

pub(super) fn escape_text(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub(super) enum Piece<'a> {
    Text(&'a str),
    CData(&'a str),
    /// A start or end tag, whole.
    Tag(&'a str),
}

/// Text, CDATA and tags of a stretch of XML; comments, declarations and
/// processing instructions dropped.
pub(super) struct Pieces<'a>(pub(super) &'a str);

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        loop {
            let s = self.0;
            if s.is_empty() {
                return None;
            }
            let Some(lt) = memchr(b'<', s.as_bytes()) else {
                self.0 = "";
                return Some(Piece::Text(s));
            };
            if lt > 0 {
                self.0 = &s[lt..];
                return Some(Piece::Text(&s[..lt]));
            }
            if let Some(r) = s.strip_prefix("<![CDATA[") {
                let end = r.find("]]>");
                self.0 = end.map_or("", |e| &r[e + 3..]);
                return Some(Piece::CData(&r[..end.unwrap_or(r.len())]));
            }
            if let Some(r) = s.strip_prefix("<!--") {
                self.0 = r.find("-->").map_or("", |e| &r[e + 3..]);
                continue;
            }
            if s.starts_with("<!") {
                self.0 = &s[declaration_len(s)..];
                continue;
            }
            if s.starts_with("<?") {
                self.0 = s.find("?>").map_or("", |e| &s[e + 2..]);
                continue;
            }
            let b = s.as_bytes();
            if b.len() > 1 && (is_name_start(b[1]) || b[1] == b'/') {
                let (end, _) = start_tag_end(b, 1);
                self.0 = &s[end..];
                return Some(Piece::Tag(&s[..end]));
            }
            self.0 = &s[1..];
            return Some(Piece::Text("<"));
        }
    }
}

/// Name/value pairs of a start tag's attributes; a value may be unquoted.
pub(super) struct Attrs<'a>(pub(super) &'a str);

impl<'a> Iterator for Attrs<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        loop {
            let s = self
                .0
                .trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if s.is_empty() {
                self.0 = "";
                return None;
            }
            let name_end = s
                .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
                .unwrap_or(s.len());
            let name = &s[..name_end];
            let after = s[name_end..].trim_start();
            let Some(v) = after.strip_prefix('=') else {
                // A bare attribute: no value.
                self.0 = &s[name_end.max(1).min(s.len())..];
                if name.is_empty() {
                    continue;
                }
                return Some((name, ""));
            };
            let v = v.trim_start();
            let (value, rest) = match v.chars().next() {
                Some(q @ ('"' | '\'')) => match v[1..].find(q) {
                    Some(e) => (&v[1..1 + e], &v[2 + e..]),
                    None => (&v[1..], ""),
                },
                _ => {
                    let e = v.find(char::is_whitespace).unwrap_or(v.len());
                    (&v[..e], &v[e..])
                }
            };
            self.0 = rest;
            if !name.is_empty() {
                return Some((name, value));
            }
        }
    }
}

pub(super) fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

/// Length of the element name at the start of `s`.
pub(super) fn name_len(s: &str) -> usize {
    s.find(|c: char| c.is_whitespace() || matches!(c, '>' | '/' | '<' | '=' | '"' | '\''))
        .unwrap_or(s.len())
}

/// Where the start tag whose name ends at `from` ends (past its `>`), and
/// whether it closes itself. A `<` outside quotes ends a broken tag where it
/// stands, so one bad tag never swallows the rest of the feed.
pub(super) fn start_tag_end(b: &[u8], from: usize) -> (usize, bool) {
    let mut quote = None;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) if c == b'<' || c == b'>' && i + 1 < b.len() && b[i + 1] == b'<' => {
                // An unterminated quoted value.
                return (i + usize::from(c == b'>'), false);
            }
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return (i + 1, i > from && b[i - 1] == b'/'),
            None if c == b'<' => return (i, false),
            None => {}
        }
        i += 1;
    }
    (b.len(), false)
}

/// Length of a `<!…>` declaration (a DOCTYPE with its internal subset).
pub(super) fn declaration_len(s: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in s.bytes().enumerate() {
        match c {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'>' if depth == 0 => return i + 1,
            _ => {}
        }
    }
    s.len()
}
