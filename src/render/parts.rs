//! A long body cut into parts that can be laid out one after another, so
//! the reader shows the first screen of a megabyte article without waiting
//! for the rest.
//!
//! A cut is made only between whole top-level blocks — after the end tag of
//! a paragraph, list, quote, table, figure or heading that leaves no element
//! open — found with a scan that follows the tree builder's rules closely
//! enough for stored bodies (which our sync wrote, every element closed) and
//! for hand-written HTML with unclosed `<p>` and `<li>`. Where the scan is
//! unsure (an unterminated tag or comment, `<plaintext>`), it makes no more
//! cuts: one part too many would show as a missing blank line or a list
//! split in two, never as lost text.

use std::ops::Range;

use crate::parse::dom::VOID_ELEMENTS;

/// Elements whose content is text up to their own end tag.
const RAW: [&str; 10] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Blocks after whose end (as after a heading's) a cut may fall, before a
/// paragraph or heading: the parts join with the one blank line a layout
/// puts there.
const CUT_AFTER: [&str; 8] = [
    "p",
    "ul",
    "ol",
    "dl",
    "blockquote",
    "pre",
    "table",
    "figure",
];

/// Start tags that close an open paragraph, besides headings.
const CLOSES_P: [&str; 18] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "ul",
];

/// Deeper than this, a body is not cut any more: no article nests so deep,
/// and the scan of a hostile one stays linear.
const MAX_DEPTH: usize = 256;

fn is(names: &[&str], name: &str) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// `h1` to `h6`, in any case.
fn is_heading(name: &[u8]) -> bool {
    matches!(name, [h, b'1'..=b'6'] if h.eq_ignore_ascii_case(&b'h'))
}

/// Byte ranges of `html`, in order and covering all of it, each about
/// `target` bytes or more (the last may be shorter). A body under twice
/// `target` stays whole.
pub fn split(html: &str, target: usize) -> Vec<Range<usize>> {
    let mut cuts = Vec::new();
    if html.len() >= target.saturating_mul(2) {
        scan(html, target, &mut cuts);
    }
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts {
        parts.push(start..cut);
        start = cut;
    }
    parts.push(start..html.len());
    parts
}

/// Pushes cut positions onto `cuts`; stops where the HTML stops being sure.
fn scan(html: &str, target: usize, cuts: &mut Vec<usize>) {
    let b = html.as_bytes();
    let mut open: Vec<&str> = Vec::new();
    let mut last = 0;
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let lt = i + off;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            match html[lt + 4..].find("-->") {
                Some(e) => i = lt + 4 + e + 3,
                None => return,
            }
            continue;
        }
        if rest.starts_with(b"!") || rest.starts_with(b"?") {
            match html[lt..].find('>') {
                Some(e) => i = lt + e + 1,
                None => return,
            }
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_at = lt + 1 + usize::from(closing);
        if !b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            // A `<` in text.
            i = lt + 1;
            continue;
        }
        let name_len = b[name_at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = &html[name_at..name_at + name_len];
        let Some(gt) = tag_end(b, name_at + name_len) else {
            return;
        };
        i = gt + 1;
        if closing {
            let Some(at) = open.iter().rposition(|n| n.eq_ignore_ascii_case(name)) else {
                // An end tag with nothing to end changes nothing we track.
                continue;
            };
            open.truncate(at);
            if open.is_empty()
                && (is(&CUT_AFTER, name) || is_heading(name.as_bytes()))
                && i - last >= target
                && starts_spaced_block(&html[i..])
            {
                cuts.push(i);
                last = i;
            }
            continue;
        }
        if is(&RAW, name) {
            match raw_end(html, i, name) {
                Some(end) => i = end,
                None => return,
            }
            continue;
        }
        if is(&VOID_ELEMENTS, name) {
            continue;
        }
        let self_closing = b[gt - 1] == b'/';
        if self_closing && open.iter().any(|n| is(&["svg", "math"], n)) {
            continue;
        }
        implied_ends(&mut open, name);
        if open.len() >= MAX_DEPTH {
            return;
        }
        open.push(name);
    }
}

/// Whether what follows opens a paragraph or heading, which is laid out
/// with a blank line above it: a list, by contrast, follows a paragraph
/// directly, so no cut falls before one.
fn starts_spaced_block(rest: &str) -> bool {
    let rest = rest.trim_start().as_bytes();
    let Some(tag) = rest.strip_prefix(b"<") else {
        return false;
    };
    let name_len = tag.iter().take_while(|c| c.is_ascii_alphanumeric()).count();
    let name = &tag[..name_len];
    let ends = matches!(
        tag.get(name_len),
        Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')
    );
    ends && (name.eq_ignore_ascii_case(b"p") || is_heading(name))
}

/// The end tags the tree builder supplies when `name` starts.
fn implied_ends(open: &mut Vec<&str>, name: &str) {
    let closes_p = is(&CLOSES_P, name) || is_heading(name.as_bytes());
    if closes_p && open.last().is_some_and(|n| n.eq_ignore_ascii_case("p")) {
        open.pop();
    }
    let siblings: &[&str] = match name.to_ascii_lowercase().as_str() {
        "li" => &["li"],
        "dd" | "dt" => &["dd", "dt"],
        "tr" => &["tr", "td", "th"],
        "td" | "th" => &["td", "th"],
        "option" => &["option"],
        _ => return,
    };
    let scope = [
        "ul", "ol", "dl", "table", "tbody", "thead", "tfoot", "select",
    ];
    if let Some(at) = open.iter().rposition(|n| is(siblings, n) || is(&scope, n))
        && is(siblings, open[at])
    {
        open.truncate(at);
    }
}

/// The `>` ending a tag whose name ends at `from`; quoted attribute values
/// may hold `>`.
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (k, &c) in b[from..].iter().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return Some(from + k),
            None => {}
        }
    }
    None
}

/// Just past the end tag of the raw-text element `name` whose content
/// starts at `from`.
fn raw_end(html: &str, from: usize, name: &str) -> Option<usize> {
    let b = html.as_bytes();
    let mut i = from;
    while let Some(off) = html[i..].find("</") {
        let at = i + off + 2;
        let end = at + name.len();
        if b.len() >= end
            && b[at..end].eq_ignore_ascii_case(name.as_bytes())
            && !b.get(end).is_some_and(u8::is_ascii_alphanumeric)
        {
            return tag_end(b, end).map(|gt| gt + 1);
        }
        i = at;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(html: &str, target: usize) -> Vec<&str> {
        split(html, target).into_iter().map(|r| &html[r]).collect()
    }

    #[test]
    fn a_short_body_stays_whole() {
        assert_eq!(pieces("<p>a</p><p>b</p>", 100), ["<p>a</p><p>b</p>"]);
    }

    #[test]
    fn cuts_fall_after_top_level_blocks_before_paragraphs_and_headings() {
        let html =
            "<p>one</p><ul><li>a<li>b</ul><h2>two</h2><p>three</p>text<p>four</p><div>x</div>";
        let parts = pieces(html, 1);
        assert_eq!(parts.concat(), html);
        assert_eq!(
            parts,
            [
                "<p>one</p><ul><li>a<li>b</ul>",
                "<h2>two</h2>",
                "<p>three</p>text<p>four</p><div>x</div>"
            ]
        );
    }

    #[test]
    fn never_inside_an_open_element() {
        let html = "<div><p>a</p><p>b</p></div><blockquote><p>c</p></blockquote>\n\n<p>d</p>";
        assert_eq!(
            pieces(html, 1),
            [
                "<div><p>a</p><p>b</p></div><blockquote><p>c</p></blockquote>",
                "\n\n<p>d</p>"
            ]
        );
    }

    #[test]
    fn unclosed_paragraphs_close_as_the_parser_closes_them() {
        let html = "<p>a<p>b<ul><li>c</ul><p>d</p><p>e</p>";
        assert_eq!(
            pieces(html, 1),
            ["<p>a<p>b<ul><li>c</ul>", "<p>d</p>", "<p>e</p>"]
        );
    }

    #[test]
    fn tags_in_comments_scripts_and_attributes_are_not_tags() {
        let parts = [
            "<p title=\"</p><p>\">a</p>",
            "<p>b<!-- </p><p> --></p>",
            "<P>c<script>document.write('</p><p>')</script></P>",
            "<p class=x>d &lt; e <b>f</b></p>",
            "<h3>g</h3>",
        ];
        let html = parts.concat();
        assert_eq!(pieces(&html, 1), parts);
    }

    #[test]
    fn stops_cutting_where_the_html_stops_being_sure() {
        for tail in [
            "<p title=\"x>y</p><p>z</p>",
            "<p>x<!-- </p>",
            "<p><plaintext></p>",
        ] {
            let html = format!("<p>a</p><p>b</p>{tail}<p>c</p>");
            let parts = pieces(&html, 1);
            assert_eq!(parts.concat(), html);
            assert_eq!(parts.len(), 3, "{tail}: {parts:?}");
        }
    }

    #[test]
    fn a_hostile_nesting_ends_the_cutting() {
        // Past the depth cap nothing more is cut, even where a shallow body
        // would be (before <p>d</p>); the stray end tags are not searched for.
        let deep = format!(
            "<p>b</p>{}{}{}<p>c</p>",
            "<div>".repeat(50_000),
            "</span>".repeat(50_000),
            "</div>".repeat(50_000)
        );
        let html = format!("<p>a</p>{deep}<p>d</p>");
        let rest = &html["<p>a</p>".len()..];
        assert_eq!(pieces(&html, 1), ["<p>a</p>", rest]);
    }

    #[test]
    fn parts_reach_the_target_size() {
        let html = "<p>0123456789</p>".repeat(100);
        let parts = split(&html, 100);
        assert!(parts.len() > 5);
        for r in &parts[..parts.len() - 1] {
            assert!(r.len() >= 100);
            assert!(r.len() < 100 + 17);
        }
    }

    #[test]
    fn multibyte_text_is_cut_only_at_tag_ends() {
        let html = "<p>日本語のテキスト</p>".repeat(50);
        for r in split(&html, 40) {
            assert!(html.is_char_boundary(r.start) && html.is_char_boundary(r.end));
            assert!(html[r].ends_with("</p>"));
        }
    }
}
