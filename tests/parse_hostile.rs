//! Broken and hostile article sources: not-feeds, truncated XML, legacy
//! encodings, entity bombs, escape sequences, pathological markup, and
//! properties that no input makes the parsers panic.

mod parse_support;

use newsroom::parse::{ParseError, extract_article, parse_articles};
use parse_support::*;

#[test]
fn not_feeds_and_broken_feeds() {
    let base = "https://asiahouse.example/feed/";
    assert_eq!(
        parse_articles(
            &fixture("pages/wordpress-article.html"),
            Some("application/rss+xml"),
            base,
            SITE
        )
        .unwrap_err(),
        ParseError::NotAFeed("an HTML page, not a feed".into())
    );
    assert_eq!(
        parse_articles(b"<html><body>Site down</body></html>", None, base, SITE).unwrap_err(),
        ParseError::NotAFeed("an HTML page, not a feed".into())
    );
    assert_eq!(
        parse_articles(
            b"<center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>",
            None,
            base,
            SITE
        )
        .unwrap_err(),
        ParseError::NotAFeed("an HTML page, not a feed".into())
    );
    assert_eq!(
        parse_articles(b"", None, base, SITE).unwrap_err(),
        ParseError::NotAFeed("empty body".into())
    );
    assert_eq!(
        parse_articles(b"\xEF\xBB\xBF \n\t", None, base, SITE).unwrap_err(),
        ParseError::NotAFeed("empty body".into())
    );

    let full = fixture("feeds/wordpress-rss2.xml");
    let end = full.windows(6).rposition(|w| w == b"</rss>").unwrap();
    for cut in [full.len() / 3, full.len() / 2, end + 3] {
        let err = parse_articles(&full[..cut], None, base, SITE).unwrap_err();
        assert!(
            matches!(err, ParseError::Malformed { .. }),
            "cut at {cut}: {err:?}"
        );
    }
    // Cut inside the caching plugin's trailing comment: the feed is whole.
    assert!(parse_articles(&full[..full.len() - 20], None, base, SITE).is_ok());
    assert!(matches!(
        parse_articles(b"{\"items\": [", None, base, SITE).unwrap_err(),
        ParseError::Malformed { format: "json", .. }
    ));
    assert!(matches!(
        parse_articles(b"{\"hello\": 1}", None, base, SITE).unwrap_err(),
        ParseError::NotAFeed(_)
    ));
    assert!(matches!(
        parse_articles(b"<?xml version=\"1.0\"?><sitemapindex/>", None, base, SITE).unwrap_err(),
        ParseError::NotAFeed(m) if m.contains("sitemapindex")
    ));
    // PHP notices before the feed, as a broken plugin prints them.
    let mut noisy = b"<br />\n<b>Deprecated</b>:  Function create_function() is deprecated in <b>/var/www/html/wp-content/plugins/old/old.php</b> on line <b>12</b><br />\n".to_vec();
    noisy.extend(fixture("feeds/rss1-rdf.xml"));
    let batch = parse_articles(&noisy, None, base, SITE).unwrap();
    assert_eq!(batch.articles.len(), 2);
    assert_eq!(batch.warnings, ["text before the feed's XML was skipped"]);
    // RSS with no version (or an odd one) is still RSS 2.0 to every reader.
    let bare = b"<rss><channel><title>t</title><link>https://x.example/</link><item><title>Hi</title><link>/a</link></item></channel></rss>";
    let batch = parse_articles(bare, None, "https://x.example/feed", SITE).unwrap();
    assert_eq!(batch.articles[0].url, "https://x.example/a");
    // One post, as `/wp-json/wp/v2/posts/48213` gives it.
    let posts: serde_json::Value =
        serde_json::from_slice(&fixture("feeds/wp-rest-posts.json")).unwrap();
    let one = serde_json::to_vec(&posts[0]).unwrap();
    let batch = parse_articles(
        &one,
        None,
        "https://asiahouse.example/wp-json/wp/v2/posts/48213",
        SITE,
    )
    .unwrap();
    assert_eq!(batch.articles.len(), 1);
    assert_eq!(batch.articles[0].author.as_deref(), Some("Priya Raman"));
    // A page of REST posts past the last one is an empty array: no articles, no error.
    assert!(
        parse_articles(
            b"[]",
            None,
            "https://x.example/wp-json/wp/v2/posts?page=9",
            SITE
        )
        .unwrap()
        .articles
        .is_empty()
    );
}

#[test]
fn legacy_encodings_and_boms() {
    let sjis = parse(
        "feeds/legacy-shift-jis.xml",
        None,
        "https://jp.asiahouse.example/feed/",
    );
    assert_eq!(sjis.articles[0].title, "日本の現代美術");
    assert_eq!(sjis.articles[0].summary, "東京と大阪のギャラリー");

    let gbk = parse(
        "feeds/legacy-gb2312.xml",
        Some("text/xml"),
        "https://cn.asiahouse.example/feed/",
    );
    assert_eq!(gbk.articles[0].title, "中国经济展望");

    // Declared ISO-8859-1, really windows-1252 (curly quotes, en dash, euro).
    let latin = parse(
        "feeds/legacy-windows-1252.xml",
        None,
        "https://cafe.example/feed/",
    );
    assert_eq!(latin.articles[0].title, "Café culture – “Asia’s” best");
    assert_eq!(latin.articles[0].summary, "Naïve €5 tea …");

    // The Content-Type's charset wins over a wrong declaration.
    let raw = fixture("feeds/legacy-windows-1252.xml");
    let at = raw.windows(10).position(|w| w == b"ISO-8859-1").unwrap();
    let mut bytes = raw[..at].to_vec();
    bytes.extend_from_slice(b"UTF-8");
    bytes.extend_from_slice(&raw[at + 10..]);
    let batch = parse_articles(
        &bytes,
        Some("application/rss+xml; charset=windows-1252"),
        "https://cafe.example/feed/",
        SITE,
    )
    .unwrap();
    assert_eq!(batch.articles[0].title, "Café culture – “Asia’s” best");

    // UTF-16 with a BOM and a UTF-16 declaration.
    let text = String::from_utf8(fixture("feeds/rss1-rdf.xml"))
        .unwrap()
        .replace("encoding=\"utf-8\"", "encoding=\"UTF-16\"");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let batch = parse_articles(&utf16, None, "https://asiahouse.example/rss1/", SITE).unwrap();
    assert_eq!(
        batch.articles[0].title,
        "India’s Q3 growth: what the numbers say"
    );

    // UTF-8 BOM and leading whitespace before the declaration.
    let mut bom = vec![0xEF, 0xBB, 0xBF, b'\n', b' '];
    bom.extend(fixture("feeds/atom.xml"));
    assert_eq!(
        parse_articles(&bom, None, "https://blog.asiahouse.example/", SITE)
            .unwrap()
            .articles
            .len(),
        2
    );

    // Invalid UTF-8 is replaced, not fatal.
    let bad = String::from_utf8(fixture("feeds/rss1-rdf.xml"))
        .unwrap()
        .replace("Anjali Desai", "Anjali \u{1}Desai");
    let mut bad = bad.into_bytes();
    let pos = bad.windows(6).position(|w| w == b"\x01Desai").unwrap();
    bad[pos] = 0xFF;
    let batch = parse_articles(&bad, None, "https://asiahouse.example/rss1/", SITE).unwrap();
    assert_eq!(
        batch.articles[0].author.as_deref(),
        Some("Anjali \u{fffd}Desai")
    );
}

#[test]
fn billion_laughs_does_not_expand() {
    let batch = parse(
        "feeds/billion-laughs.xml",
        None,
        "https://evil.example/feed/",
    );
    let a = &batch.articles[0];
    // Custom entities are never expanded: the text stays tiny.
    assert!(a.title.len() < 64 && a.summary.len() < 64, "{a:?}");
    assert!(!a.summary.contains("lollol"));

    // External entities are never fetched or read.
    let xxe = b"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\
        <rss version=\"2.0\"><channel><title>x</title><link>https://evil.example/</link><description>x</description>\
        <item><title>&xxe;</title><link>https://evil.example/b</link></item></channel></rss>";
    let batch = parse_articles(xxe, None, "https://evil.example/feed/", SITE).unwrap();
    assert!(
        !batch.articles[0].title.contains("root:"),
        "{:?}",
        batch.articles[0].title
    );
}

#[test]
fn escape_sequences_never_survive() {
    let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>https://evil.example/</link><description>d</description>\
        <item><title>Hi&#27;]52;c;ZXZpbA==&#7; there\u{202e}</title><link>https://evil.example/a</link>\
        <dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\u{1b}[31mMallory\u{1b}[0m</dc:creator>\
        <category>\u{9b}2Jcat</category>\
        <description><![CDATA[<p>Body \u{1b}]8;;https://evil.example/\u{1b}\\link\u{1b}]8;;\u{1b}\\ text</p>]]></description>\
        <content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><![CDATA[<p>Full\u{1b}[2J body<img src=\"/x.jpg\" alt=\"a\u{7}b\"></p>]]></content:encoded></item></channel></rss>";
    let batch = parse_articles(feed.as_bytes(), None, "https://evil.example/feed/", SITE).unwrap();
    let a = &batch.articles[0];
    assert_eq!(a.title, "Hi there");
    assert_eq!(a.author.as_deref(), Some("Mallory"));
    assert_eq!(a.categories, ["cat"]);
    assert_eq!(a.summary, "Body link text");
    let body = a.content_html.as_deref().unwrap();
    assert!(
        !body
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{body:?}"
    );
    assert_eq!(a.images[0].alt.as_deref(), Some("ab"));
}

#[test]
fn pathological_markup_is_survived() {
    let deep = format!(
        "{}deep text{}",
        "<div>".repeat(20_000),
        "</div>".repeat(20_000)
    );
    let amps = "&".repeat(200_000);
    let tails = "[…] ".repeat(20_000);
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>https://x.example/</link><description>d</description>\
         <item><title><![CDATA[{amps}]]></title><link>https://x.example/a</link><description><![CDATA[{tails}]]></description>\
         <content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><![CDATA[{deep}]]></content:encoded></item>\
         </channel></rss>"
    );
    let batch = parse_articles(feed.as_bytes(), None, "https://x.example/feed/", SITE).unwrap();
    let a = &batch.articles[0];
    assert!(a.summary.chars().count() <= 601);
    assert!(a.content_html.as_deref().unwrap().contains("deep text"));
    let page = format!(
        "<html><body><article>{deep}<p>{}</p></article></body></html>",
        "Words, words. ".repeat(40)
    );
    assert!(extract_article(&page, "https://x.example/a").is_some());
}

mod never_panic {
    use super::*;
    use proptest::prelude::*;

    fn fixture_names() -> Vec<&'static str> {
        vec![
            "feeds/wordpress-rss2.xml",
            "feeds/wordpress-mixed.xml",
            "feeds/rss1-rdf.xml",
            "feeds/atom.xml",
            "feeds/jsonfeed.json",
            "feeds/wp-rest-posts.json",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse_articles(&bytes, None, "https://x.example/", SITE);
            let _ = extract_article(&String::from_utf8_lossy(&bytes), "https://x.example/");
        }

        #[test]
        fn damaged_fixtures(
            name in prop::sample::select(fixture_names()),
            at in any::<prop::sample::Index>(),
            junk in prop::collection::vec(any::<u8>(), 1..16),
        ) {
            let mut bytes = fixture(name);
            let i = at.index(bytes.len());
            bytes.splice(i..(i + junk.len()).min(bytes.len()), junk);
            if let Ok(batch) = parse_articles(&bytes, Some("text/xml; charset=utf-8"), "https://x.example/", SITE) {
                for a in &batch.articles {
                    for f in text_fields(a) {
                        prop_assert!(!f.chars().any(|c| c.is_control()));
                    }
                }
            }
        }
    }
}
