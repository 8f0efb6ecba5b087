//! Properties that must hold for any input: cleaned text cannot drive a
//! terminal, rendering never panics on any HTML, and the parsers never panic
//! on any bytes (and what they yield is already clean). Case counts are kept
//! modest so the suite stays fast; the fuzz targets go further.

use newsroom::parse::{parse_articles, parse_events};
use newsroom::render::article::render_html;
use newsroom::render::sanitize::{clean_line, clean_text};
use proptest::prelude::*;

/// Modest by default; `PROPTEST_CASES=N` asks for a longer run.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn controlling(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn zero_width(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Text salted with the pieces escape sequences are made of.
fn terminal_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Zé中 ]{0,6}",
        1 => Just("\x1b".to_string()),
        1 => Just("\x1b[".to_string()),
        1 => Just("\x1b]".to_string()),
        1 => Just("\x1bP".to_string()),
        1 => Just("\x1b\\".to_string()),
        1 => Just("\u{9b}".to_string()),
        1 => Just("\u{9d}".to_string()),
        1 => Just("\x07".to_string()),
        1 => "[0-9;:?]{0,5}",
        1 => "[\u{0}-\u{1f}\u{7f}-\u{9f}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{200b}-\u{200d}\u{feff}]",
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

/// Fragments of real article markup in any order, unclosed and misnested.
fn tag_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[a-zA-Z .,&;#0-9]{0,12}",
        1 => prop::sample::select(vec![
            "<p>", "</p>", "<figure class=\"wp-block-image\">", "</figure>", "<figcaption>", "</figcaption>",
            "<img src=\"/a.jpg\" alt=\"", "<img srcset=\"a.jpg 1x, , 2x\" src=\"", "\" />", "<a href=\"", "\">", "</a>",
            "<a href=\"javascript:alert(1)\">", "<img src=\"data:,x\">", "<table><tr><td>", "</td></tr></table>", "<td colspan=\"99999\">",
            "<ul><li>", "</li></ul>", "<ol start=\"-5\"><li>", "<pre>", "</pre>", "<h1>", "<h7>", "<blockquote>", "<br>",
            "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>", "<script>alert(1)</script>", "<style>p{}</style>",
            "<!--", "-->", "<![CDATA[", "]]>", "&#8217;", "&#x1b;", "&#155;", "&hellip;", "&", "<", ">", "\x1b[31m", "\u{202e}",
            "<div class=\"wp-caption\">", "<p class=\"wp-caption-text\">", "<span class=\"credit\">Photo: ", "<picture><source srcset=\"x.webp\">",
            "<svg><foreignObject><p>", "<math><mtext><table>", "<template><p>", "<noscript><img src=\"x\"></noscript>",
        ]).prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Bytes that look like the start of a feed or calendar, then go wrong.
fn feedish_bytes() -> impl Strategy<Value = Vec<u8>> {
    let head = prop::sample::select(vec![
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><item><title>",
        "<?xml version=\"1.0\" encoding=\"windows-1252\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>",
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><item><title>",
        "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"1\",\"title\":\"",
        "[{\"id\":1,\"link\":\"https://a.example/p/\",\"title\":{\"rendered\":\"",
        "{\"events\":[{\"id\":1,\"start_date\":\"2027-01-01 10:00:00\",\"title\":\"",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20270101T100000Z\r\nSUMMARY:",
        "\u{feff}<?xml version=\"1.0\"?><rss><channel><item><title>",
        "<!DOCTYPE html><html><head><title>",
        "",
    ]);
    (head, prop::collection::vec(any::<u8>(), 0..512)).prop_map(|(h, tail)| {
        let mut v = h.as_bytes().to_vec();
        v.extend(tail);
        v
    })
}

fn content_type() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![
        None,
        Some("application/rss+xml; charset=UTF-8"),
        Some("text/xml; charset=ISO-8859-1"),
        Some("application/json"),
        Some("text/calendar"),
        Some("text/html; charset=Shift_JIS"),
        Some("application/octet-stream; charset=nonsense"),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn cleaned_text_has_no_control_characters(s in terminal_soup()) {
        let t = clean_text(&s);
        prop_assert!(!t.chars().any(controlling), "{t:?}");
        prop_assert_eq!(clean_text(&t), t.clone(), "cleaning twice changes nothing");
        let l = clean_line(&s);
        prop_assert!(!l.chars().any(|c| controlling(c) || zero_width(c) || c == '\n' || c == '\t'), "{l:?}");
    }

    #[test]
    fn cleaned_arbitrary_strings_have_no_control_characters(s in any::<String>()) {
        prop_assert!(!clean_text(&s).chars().any(controlling));
        prop_assert!(!clean_line(&s).chars().any(controlling));
    }

    #[test]
    fn a_whole_escape_sequence_goes_not_just_its_escape(
        a in "[a-z ]{0,8}",
        b in "[a-z ]{0,8}",
        params in "[0-9;]{0,8}",
        fin in "[A-Za-z]",
        osc in "[0-9a-zA-Z;:/.=+]{0,16}",
    ) {
        prop_assert_eq!(clean_text(&format!("{a}\x1b[{params}{fin}{b}")), format!("{a}{b}"));
        prop_assert_eq!(clean_text(&format!("{a}\u{9b}{params}{fin}{b}")), format!("{a}{b}"));
        prop_assert_eq!(clean_text(&format!("{a}\x1b]{osc}\x07{b}")), format!("{a}{b}"));
        prop_assert_eq!(clean_text(&format!("{a}\x1b]{osc}\x1b\\{b}")), format!("{a}{b}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(96), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn rendering_never_panics_and_draws_no_control_characters(html in tag_soup(), width in 0usize..160) {
        let r = render_html(&html, "https://victim.example/2026/11/post/", width);
        for line in &r.lines {
            let text = line.plain();
            prop_assert!(!text.chars().any(controlling), "{text:?} from {html:?}");
        }
        for link in &r.links {
            prop_assert!(["http://", "https://", "mailto:"].iter().any(|s| link.starts_with(s)), "link {link:?} from {html:?}");
        }
    }

    #[test]
    fn rendering_arbitrary_text_never_panics(html in any::<String>(), width in 0usize..120) {
        render_html(&html, "not a url", width);
    }

    #[test]
    fn article_parsing_never_panics_and_yields_clean_text(bytes in feedish_bytes(), ct in content_type()) {
        if let Ok(batch) = parse_articles(&bytes, ct, "https://victim.example/feed/", "Victim") {
            for a in batch.articles {
                let fields = [Some(&a.title), a.author.as_ref(), Some(&a.summary)];
                for f in fields.into_iter().flatten().chain(a.categories.iter()) {
                    prop_assert!(!f.chars().any(controlling), "{f:?}");
                }
            }
        }
    }

    #[test]
    fn event_parsing_never_panics_and_yields_clean_text(bytes in feedish_bytes(), ct in content_type()) {
        if let Ok(batch) = parse_events(&bytes, ct, "https://victim.example/events/", "Victim") {
            for e in batch.events {
                let fields = [Some(&e.title), e.venue.as_ref(), e.address.as_ref(), e.price.as_ref(), e.organizer.as_ref()];
                for f in fields.into_iter().flatten().chain(e.categories.iter()) {
                    prop_assert!(!f.chars().any(controlling), "{f:?}");
                }
            }
        }
    }

    #[test]
    fn parsing_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..1024), ct in content_type()) {
        let _ = parse_articles(&bytes, ct, "https://victim.example/feed/", "Victim");
        let _ = parse_events(&bytes, ct, "https://victim.example/feed/", "Victim");
    }
}
