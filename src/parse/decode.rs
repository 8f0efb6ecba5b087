//! Bytes off the wire → UTF-8 text.
//!
//! The order follows what browsers do: a byte-order mark wins, then the
//! `charset=` of the Content-Type, then what the document says of itself (the
//! XML declaration, an HTML `<meta charset>`), then UTF-8 when the bytes are
//! UTF-8, else windows-1252. Labels are looked up the WHATWG way, so
//! "ISO-8859-1" and "latin1" decode as windows-1252 and "GB2312" as GBK,
//! which is what servers that say so really send.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How far into a document its own encoding declaration is looked for.
const SNIFF_LEN: usize = 2048;

/// Decode a body to UTF-8. Invalid sequences become U+FFFD; a BOM is dropped.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    let (encoding, bom_len) = match Encoding::for_bom(bytes) {
        Some((enc, len)) => (enc, len),
        // UTF-16 XML with no BOM still shows itself: "<?" with zero bytes
        // between (XML 1.0, appendix F).
        None if bytes.starts_with(&[0x3C, 0, 0x3F, 0]) => (UTF_16LE, 0),
        None if bytes.starts_with(&[0, 0x3C, 0, 0x3F]) => (UTF_16BE, 0),
        None => (
            declared_encoding(bytes, content_type).unwrap_or_else(|| undeclared(bytes)),
            0,
        ),
    };
    let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
    text.into_owned()
}

/// A document that names no charset: UTF-8 when its bytes are (a stray
/// invalid byte or two in real UTF-8 text included), else windows-1252, as
/// browsers and feedparser read it, not a line of U+FFFD.
fn undeclared(bytes: &[u8]) -> &'static Encoding {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    if invalid == 0 || multibyte > invalid {
        UTF_8
    } else {
        WINDOWS_1252
    }
}

fn declared_encoding(bytes: &[u8], content_type: Option<&str>) -> Option<&'static Encoding> {
    content_type
        .and_then(charset_param)
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        .or_else(|| sniff_document(&bytes[..bytes.len().min(SNIFF_LEN)]))
        // UTF-16 named in a declaration of bytes with no BOM is a lie the
        // document could not have told in UTF-16: it is ASCII-compatible.
        .map(|e| e.output_encoding())
}

/// The `charset` parameter of a Content-Type value.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    })
}

/// `encoding="..."` in an XML declaration, or an HTML `<meta charset>` /
/// `<meta http-equiv content="...; charset=...">`, read from ASCII bytes.
fn sniff_document(head: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let trimmed = head.trim_start();
    if trimmed.starts_with("<?xml") {
        let decl_end = trimmed.find("?>")?;
        let decl = &trimmed[..decl_end];
        return attr_value(decl, "encoding").and_then(|l| Encoding::for_label(l.as_bytes()));
    }
    let mut rest = head.as_str();
    while let Some(pos) = rest.find("<meta") {
        rest = &rest[pos + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        let label = attr_value(tag, "charset")
            .or_else(|| attr_value(tag, "content").and_then(|c| charset_param(&format!("x;{c}"))));
        if let Some(enc) = label.and_then(|l| Encoding::for_label(l.as_bytes())) {
            return Some(enc);
        }
    }
    None
}

/// The value of `name=` inside a tag or declaration, quoted or not.
pub(super) fn attr_value(tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(pos) = tag[from..].find(name) {
        let start = from + pos;
        from = start + name.len();
        let before_ok = start == 0
            || tag[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_whitespace() || c == '"' || c == '\'');
        let after = tag[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value = after[1..].trim_start();
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || matches!(c, '>' | '/' | ';' | '"' | '\''))
                .next()
                .unwrap_or(""),
        };
        if !value.is_empty() {
            return Some(value.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_declarations() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>é</a>".as_bytes());
        assert!(decode(&b, Some("text/xml; charset=iso-8859-1")).ends_with("<a>é</a>"));

        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<a>é</a>".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16, None), "<a>é</a>");

        let no_bom: Vec<u8> = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>é</a>"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert!(decode(&no_bom, None).ends_with("<a>é</a>"));
    }

    #[test]
    fn content_type_then_document() {
        let latin = b"caf\xe9 \x93quoted\x94";
        assert_eq!(
            decode(latin, Some("text/html; charset=\"ISO-8859-1\"")),
            "café “quoted”"
        );
        let xml = b"<?xml version='1.0' encoding='windows-1252'?><t>\x96</t>";
        assert_eq!(
            decode(xml, Some("application/rss+xml")),
            "<?xml version='1.0' encoding='windows-1252'?><t>–</t>"
        );
        let html = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head>\x93\xfa\x96\x7b</html>";
        assert!(decode(html, None).contains("日本"));
        let gbk = b"<meta charset=gb2312><p>\xd6\xd0\xce\xc4</p>";
        assert!(decode(gbk, Some("text/html")).contains("中文"));
    }

    #[test]
    fn invalid_utf8_declared_as_utf8_is_replaced() {
        assert_eq!(
            decode(b"ok \xff\xfe done", Some("text/xml; charset=utf-8")),
            "ok \u{fffd}\u{fffd} done"
        );
    }

    #[test]
    fn a_second_declaration_is_harmless() {
        let xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>A</title>\n<?xml version=\"1.0\" encoding=\"GB2312\"?><?xml-stylesheet href=\"s.xsl\"?><item><link>https://a.example/1</link></item></channel></rss>";
        let batch = super::super::parse_articles(xml.as_bytes(), None, "https://a.example/", "A")
            .expect("read");
        assert_eq!(batch.articles.len(), 1);
    }

    #[test]
    fn undeclared_bytes_that_are_not_utf8_are_windows_1252() {
        assert_eq!(
            decode(
                b"<rss><title>Caf\xe9 \x93ol\xe9\x94 \x96 ok</title></rss>",
                None
            ),
            "<rss><title>Café “olé” – ok</title></rss>"
        );
        // A UTF-8 document with one stray byte stays UTF-8.
        assert_eq!(
            decode(
                "<t>Café “olé” \u{2013} naïve</t>"
                    .as_bytes()
                    .iter()
                    .copied()
                    .chain(*b"\xff")
                    .collect::<Vec<u8>>()
                    .as_slice(),
                None
            ),
            "<t>Café “olé” – naïve</t>\u{fffd}"
        );
    }
}
