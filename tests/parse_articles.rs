//! Article sources as real sites serve them: every format, every caption
//! pattern, entities, relative URLs, encodings, broken and hostile bodies,
//! and full text from article pages.

use newsroom::model::{Article, Image, article_id};
use newsroom::parse::{
    ArticleBatch, ParseError, extract_article, looks_like_excerpt, parse_articles,
};

const SITE: &str = "Asia House";

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse(path: &str, content_type: Option<&str>, base: &str) -> ArticleBatch {
    parse_articles(&fixture(path), content_type, base, SITE)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn by_url<'a>(batch: &'a ArticleBatch, url: &str) -> &'a Article {
    batch
        .articles
        .iter()
        .find(|a| a.url == url)
        .unwrap_or_else(|| panic!("no article {url} in {:#?}", batch.articles))
}

fn img(url: &str, alt: Option<&str>, caption: Option<&str>, credit: Option<&str>) -> Image {
    Image {
        url: url.into(),
        alt: alt.map(Into::into),
        caption: caption.map(Into::into),
        credit: credit.map(Into::into),
    }
}

fn ts(s: &str) -> Option<jiff::Timestamp> {
    Some(s.parse().unwrap())
}

/// Every text field, to check none holds markup or a raw entity.
fn text_fields(a: &Article) -> Vec<String> {
    let mut v = vec![a.title.clone(), a.summary.clone()];
    v.extend(a.author.clone());
    v.extend(a.categories.clone());
    for i in a.all_images() {
        v.extend(i.alt.clone());
        v.extend(i.caption.clone());
        v.extend(i.credit.clone());
    }
    v
}

fn assert_decoded(a: &Article) {
    for f in text_fields(a) {
        assert!(
            !f.contains("&#")
                && !f.contains("&amp;")
                && !f.contains('<')
                && !f.contains("&hellip;"),
            "undecoded or markup in {f:?} of {}",
            a.url
        );
        assert!(!f.chars().any(|c| c.is_control()), "control char in {f:?}");
    }
}

#[test]
fn wordpress_rss2_full_items() {
    let batch = parse(
        "feeds/wordpress-rss2.xml",
        Some("application/rss+xml; charset=UTF-8"),
        "https://asiahouse.example/feed/",
    );
    assert_eq!(batch.format, "rss");
    assert_eq!(batch.articles.len(), 2);
    assert!(batch.warnings.is_empty());

    let a = by_url(
        &batch,
        "https://asiahouse.example/research-and-analysis/asias-new-era/",
    );
    assert_eq!(
        a.id,
        article_id("https://asiahouse.example/research-and-analysis/asias-new-era/")
    );
    assert_eq!(a.site, SITE);
    assert_eq!(
        a.guid.as_deref(),
        Some("https://asiahouse.example/?p=48213")
    );
    assert_eq!(a.title, "Asia’s “new” era – & what comes next");
    assert_eq!(a.author.as_deref(), Some("Priya Raman & Tom Ellis"));
    assert_eq!(a.published, ts("2024-10-15T08:30:00Z"));
    assert_eq!(
        a.categories,
        ["Research & Analysis", "Trade", "South‑East Asia"]
    );
    assert!(
        a.summary
            .starts_with("Trade ministers from across the region"),
        "{}",
        a.summary
    );
    assert!(
        !a.summary.contains("appeared first on") && !a.summary.contains('['),
        "{}",
        a.summary
    );
    assert!(a.summary.ends_with('…'));

    let body = a
        .content_html
        .as_deref()
        .expect("content:encoded is the body");
    // Relative href, src and srcset resolved against the item's link.
    assert!(
        body.contains(r#"href="https://asiahouse.example/research-and-analysis/supply-chains/""#)
    );
    assert!(body.contains(
        "https://asiahouse.example/wp-content/uploads/2024/10/singapore-summit-300x200.jpg 300w"
    ));
    assert!(body.contains(
        r#"src="https://asiahouse.example/wp-content/uploads/2024/10/chart-tariffs.png""#
    ));
    // Lazy-loaded image promoted, placeholders and scripts gone.
    assert!(body.contains(r#"src="https://asiahouse.example/wp-content/uploads/2024/10/port-of-singapore-1024x576.jpg""#));
    assert!(
        !body.contains("data:image") && !body.contains("data-lazy") && !body.contains("<noscript")
    );
    assert!(!body.contains("appeared first on"));
    assert!(!body.contains("pixel.gif"));
    assert!(!body.contains(r#"src="/"#) && !body.contains(r#"href="/"#));

    // Every caption pattern, in document order.
    let up = "https://asiahouse.example/wp-content/uploads/2024/10";
    assert_eq!(
        a.images,
        vec![
            img(
                &format!("{up}/singapore-summit-1024x683.jpg"),
                Some("Delegates at the Singapore summit"),
                Some("Delegates gather on the opening day of the summit."),
                Some("Reuters/Edgar Su")
            ),
            img(
                &format!("{up}/port-of-singapore-1024x576.jpg"),
                Some("Container cranes at the Port of Singapore"),
                Some("The Port of Singapore handled a record 39 million containers last year"),
                Some("© Maritime and Port Authority")
            ),
            img(
                &format!("{up}/chart-tariffs.png"),
                Some("Chart of average tariffs, 2000–2024"),
                Some("Average applied tariffs have fallen by half since 2000"),
                Some("WTO data")
            ),
            img(
                &format!("{up}/handshake-300x200.jpg"),
                Some("Ministers shake hands"),
                None,
                None
            ),
            img(
                &format!("{up}/gallery-1.jpg"),
                None,
                Some("Night falls over Marina Bay"),
                None
            ),
            img(
                &format!("{up}/gallery-2.jpg"),
                Some("Press conference"),
                None,
                None
            ),
        ]
    );
    assert_decoded(a);
}

#[test]
fn classic_caption_shortcode_and_definition_list_captions() {
    let batch = parse(
        "feeds/wordpress-rss2.xml",
        None,
        "https://asiahouse.example/feed/",
    );
    let a = by_url(&batch, "https://asiahouse.example/arts/japan-arts-future/");
    // Double-encoded apostrophe in the title.
    assert_eq!(a.title, "In conversation: The future of Japan’s arts scene");
    assert_eq!(a.categories, ["Arts & Culture", "Japan"]);
    // "Continue reading … →" tail gone.
    assert_eq!(
        a.summary,
        "Curator Aiko Mori talks about the new wave of Japanese artists…"
    );
    let up = "https://asiahouse.example/wp-content/uploads/2024/10";
    assert_eq!(
        a.images,
        vec![
            img(
                &format!("{up}/aiko-mori-300x300.jpg"),
                Some("Aiko Mori"),
                Some("Aiko Mori in her studio."),
                Some("Asia House")
            ),
            img(
                &format!("{up}/osaka-gallery.jpg"),
                Some("A gallery in Osaka"),
                Some("Visitors at a gallery in Osaka’s Kita ward"),
                None
            ),
        ]
    );
    // The raw shortcode became a figure: no "[caption" left for a reader.
    let body = a.content_html.as_deref().unwrap();
    assert!(!body.contains("[caption") && body.contains("<figcaption"));
    assert_decoded(a);
}

#[test]
fn excerpt_only_items_media_rss_and_enclosures() {
    let batch = parse(
        "feeds/wordpress-mixed.xml",
        None,
        "https://asiahouse.example/news/feed/",
    );
    assert_eq!(batch.articles.len(), 3);

    let dinner = by_url(&batch, "https://asiahouse.example/news/annual-dinner-2024/");
    assert_eq!(
        dinner.content_html, None,
        "a description alone is an excerpt"
    );
    assert_eq!(
        dinner.summary,
        "More than 400 guests joined us at the Guildhall for an evening celebrating Asia’s cultural and economic ties with Britain…"
    );
    assert_eq!(
        dinner.featured,
        Some(img(
            "https://asiahouse.example/wp-content/uploads/2024/10/dinner-guildhall.jpg",
            Some("The Guildhall, London"),
            Some("Guests arrive at the Guildhall for the annual dinner"),
            Some("James Whitaker & Co"),
        ))
    );
    assert!(looks_like_excerpt(
        dinner.content_html.as_deref(),
        &dinner.summary
    ));

    let report = by_url(
        &batch,
        "https://asiahouse.example/news/green-finance-south-asia/",
    );
    assert!(report.content_html.is_some());
    assert_eq!(
        report.summary,
        "Our latest report maps the flows of green finance into Bangladesh, India, Pakistan and Sri Lanka."
    );
    assert_eq!(
        report.featured.as_ref().map(|i| i.url.as_str()),
        Some("https://asiahouse.example/wp-content/uploads/2024/10/green-finance-cover.jpg"),
        "an image enclosure is the featured image"
    );
    assert_eq!(
        report.images,
        vec![img(
            "https://asiahouse.example/wp-content/uploads/2024/10/solar-farm.jpg",
            Some("A solar farm in Rajasthan"),
            Some("A solar farm in Rajasthan, India"),
            Some("Getty Images"),
        )]
    );
    assert!(!looks_like_excerpt(
        report.content_html.as_deref(),
        &report.summary
    ));

    let statement = by_url(
        &batch,
        "https://asiahouse.example/news/fellowship-statement/",
    );
    assert_eq!(
        statement.summary,
        "Applications for the 2025 Fellowship open on 1 November…"
    );
    assert!(statement.content_html.is_none());
    // An image enclosure beside a video media:content is still found.
    assert_eq!(
        statement.featured.as_ref().map(|i| i.url.as_str()),
        Some(
            "https://asiahouse.example/wp-content/uploads/2024/10/fellows-2024.jpg?resize=1200%2C800&ssl=1"
        )
    );
    for a in &batch.articles {
        assert_decoded(a);
    }
}

#[test]
fn rss1_rdf() {
    let batch = parse(
        "feeds/rss1-rdf.xml",
        Some("application/rdf+xml"),
        "https://asiahouse.example/rss1/",
    );
    assert_eq!(batch.format, "rss1");
    assert_eq!(batch.articles.len(), 2);
    let a = by_url(&batch, "https://asiahouse.example/briefings/india-q3/");
    assert_eq!(a.title, "India’s Q3 growth: what the numbers say");
    assert_eq!(a.author.as_deref(), Some("Anjali Desai"));
    assert_eq!(a.published, ts("2024-10-15T08:00:00Z"));
    assert_eq!(a.summary, "Growth slowed to 6.7% & inflation eased…");
    assert_eq!(
        a.images,
        vec![img(
            "https://asiahouse.example/img/india-gdp.png",
            Some("GDP chart"),
            Some("Quarterly GDP growth, per cent"),
            None
        )]
    );
    let b = by_url(&batch, "https://asiahouse.example/briefings/asean-digital/");
    assert_eq!(b.title, "ASEAN’s digital economy agreement");
    assert!(b.content_html.is_none());
}

#[test]
fn atom_html_and_xhtml_content() {
    let batch = parse(
        "feeds/atom.xml",
        Some("application/atom+xml"),
        "https://blog.asiahouse.example/feed/atom/",
    );
    assert_eq!(batch.format, "atom");
    let korea = by_url(
        &batch,
        "https://blog.asiahouse.example/2024/10/korea-soft-power/",
    );
    assert_eq!(korea.title, "Korea’s soft power moment");
    assert_eq!(korea.author.as_deref(), Some("Sophie Chen"));
    assert_eq!(korea.published, ts("2024-10-13T23:00:00Z"));
    assert_eq!(korea.updated, ts("2024-10-15T10:00:00Z"));
    assert_eq!(korea.categories, ["Culture", "Korea & the world"]);
    assert_eq!(
        korea.guid.as_deref(),
        Some("https://blog.asiahouse.example/?p=912")
    );
    let body = korea.content_html.as_deref().unwrap();
    assert!(
        body.contains(r#"href="https://blog.asiahouse.example/2023/05/hallyu/""#),
        "{body}"
    );
    assert_eq!(
        korea.images,
        vec![img(
            "https://blog.asiahouse.example/2024/10/korea-soft-power/images/seoul-stage.jpg",
            Some("A concert stage in Seoul"),
            Some("A concert in Seoul"),
            Some("Kim Min-jun"),
        )]
    );

    let jakarta = by_url(
        &batch,
        "https://blog.asiahouse.example/2024/10/jakarta-notes/",
    );
    let body = jakarta.content_html.as_deref().unwrap();
    assert!(
        body.contains("<strong>sinking</strong>"),
        "xhtml kept as markup: {body}"
    );
    assert_eq!(
        jakarta.images,
        vec![img(
            "https://blog.asiahouse.example/img/jakarta-coast.jpg",
            Some("Jakarta's sea wall"),
            Some("The sea wall at Muara Baru"),
            None
        )]
    );
    for a in &batch.articles {
        assert_decoded(a);
    }
}

#[test]
fn json_feed() {
    let batch = parse(
        "feeds/jsonfeed.json",
        Some("application/feed+json"),
        "https://asiahouse.example/podcast/feed.json",
    );
    assert_eq!(batch.format, "json-feed");
    assert_eq!(
        batch.next_page.as_deref(),
        Some("https://asiahouse.example/podcast/feed.json?page=2")
    );
    let ep = by_url(&batch, "https://asiahouse.example/podcast/episode-42/");
    assert_eq!(ep.title, "Episode 42: Vietnam’s manufacturing boom");
    assert_eq!(ep.author.as_deref(), Some("Rosa Martínez"));
    assert_eq!(ep.categories, ["Podcast", "Vietnam", "Trade"]);
    assert_eq!(ep.published, ts("2024-10-12T06:00:00Z"));
    assert_eq!(ep.updated, ts("2024-10-12T08:30:00Z"));
    assert_eq!(ep.summary, "Why factories are moving to Vietnam.");
    assert_eq!(
        ep.featured.as_ref().map(|i| i.url.as_str()),
        Some("https://asiahouse.example/wp-content/uploads/2024/10/ep42-cover.jpg")
    );
    assert_eq!(
        ep.images,
        vec![img(
            "https://asiahouse.example/wp-content/uploads/2024/10/hanoi-factory.jpg",
            Some("A factory floor near Hanoi"),
            Some("A factory near Hanoi."),
            Some("Linh Pham"),
        )]
    );
    assert!(
        ep.content_html
            .as_deref()
            .unwrap()
            .contains("https://asiahouse.example/people/nguyen-thi-lan/")
    );

    // content_text is escaped into paragraphs, never read as markup.
    let text = by_url(&batch, "https://asiahouse.example/podcast/episode-41/");
    assert_eq!(
        text.content_html.as_deref(),
        Some(
            "<p>A plain-text note.</p>\n<p>Second paragraph with &lt;angle&gt; brackets &amp; an ampersand.</p>"
        )
    );
    assert_eq!(
        text.author.as_deref(),
        Some("Asia House"),
        "the feed's author stands in"
    );
}

#[test]
fn wordpress_rest_posts_with_embed() {
    let batch = parse(
        "feeds/wp-rest-posts.json",
        Some("application/json; charset=UTF-8"),
        "https://asiahouse.example/wp-json/wp/v2/posts?_embed&per_page=3",
    );
    assert_eq!(batch.format, "wordpress-rest");
    assert_eq!(batch.articles.len(), 3);
    assert_eq!(
        batch.next_page.as_deref(),
        Some("https://asiahouse.example/wp-json/wp/v2/posts?_embed&per_page=3&page=2")
    );

    let a = by_url(
        &batch,
        "https://asiahouse.example/research-and-analysis/asias-new-era/",
    );
    // The same post as in the RSS feed: the same id, so the two merge.
    assert_eq!(
        a.id,
        article_id("https://asiahouse.example/research-and-analysis/asias-new-era/")
    );
    assert_eq!(a.title, "Asia’s “new” era – & what comes next");
    assert_eq!(a.author.as_deref(), Some("Priya Raman"));
    // date_gmt has no zone and is UTC (date is the site's local time).
    assert_eq!(a.published, ts("2024-10-15T08:30:00Z"));
    assert_eq!(a.updated, ts("2024-10-15T09:02:11Z"));
    assert_eq!(
        a.categories,
        ["Research & Analysis", "Trade", "ASEAN", "Singapore"]
    );
    assert_eq!(
        a.summary,
        "Trade ministers from across the region met in Singapore this week to agree a framework that could reshape supply chains for a decade…"
    );
    assert_eq!(
        a.featured,
        Some(img(
            "https://asiahouse.example/wp-content/uploads/2024/10/singapore-skyline.jpg",
            Some("Singapore’s Marina Bay skyline"),
            Some("The Singapore skyline at dusk – the city hosted this year’s talks."),
            Some("Getty Images"),
        ))
    );
    assert_eq!(
        a.images,
        vec![img(
            "https://asiahouse.example/wp-content/uploads/2024/10/singapore-summit-1024x683.jpg",
            Some("Delegates at the Singapore summit"),
            Some("Delegates gather on the opening day of the summit."),
            Some("Reuters/Edgar Su"),
        )]
    );
    assert!(
        a.content_html
            .as_deref()
            .unwrap()
            .contains(r#"href="https://asiahouse.example/research-and-analysis/supply-chains/""#)
    );

    // Embedded errors (private media, unknown author) count as absent.
    let b = by_url(&batch, "https://asiahouse.example/arts/japan-arts-future/");
    assert_eq!(b.featured, None);
    assert_eq!(b.author, None);
    assert_eq!(
        b.images[0].url,
        "https://asiahouse.example/wp-content/uploads/2024/10/aiko-mori-300x300.jpg"
    );
    assert_eq!(
        b.images[0].caption.as_deref(),
        Some("Aiko Mori in her studio")
    );

    // A password-protected post has no body to show.
    let c = by_url(&batch, "https://asiahouse.example/news/members-briefing/");
    assert_eq!(c.content_html, None);
    for a in &batch.articles {
        assert_decoded(a);
    }
}

#[test]
fn rss_and_rest_of_one_post_merge() {
    let rss = parse(
        "feeds/wordpress-rss2.xml",
        None,
        "https://asiahouse.example/feed/",
    );
    let rest = parse(
        "feeds/wp-rest-posts.json",
        None,
        "https://asiahouse.example/wp-json/wp/v2/posts?_embed",
    );
    let url = "https://asiahouse.example/research-and-analysis/asias-new-era/";
    let (old, new) = (by_url(&rss, url), by_url(&rest, url));
    assert_eq!(old.id, new.id);
    let merged = old.merge(new);
    assert!(
        merged
            .featured
            .as_ref()
            .is_some_and(|f| f.caption.is_some())
    );
    assert!(
        merged.content_html.as_deref().unwrap().len() >= old.content_html.as_deref().unwrap().len()
    );
}

#[test]
fn rest_error_object_is_a_clear_error() {
    let err = parse_articles(
        &fixture("feeds/wp-rest-error.json"),
        Some("application/json"),
        "https://asiahouse.example/wp-json/wp/v2/posts",
        SITE,
    )
    .unwrap_err();
    let ParseError::NotAFeed(msg) = err else {
        panic!("{err:?}")
    };
    assert!(
        msg.contains("rest_no_route") && msg.contains("404") && msg.contains("No route was found"),
        "{msg}"
    );
}

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
fn page_extraction_keeps_the_body_and_drops_the_chrome() {
    let html = String::from_utf8(fixture("pages/wordpress-article.html")).unwrap();
    let page = extract_article(&html, "https://asiahouse.example/news/annual-dinner-2024/")
        .expect("a body");
    let body = &page.content_html;
    for kept in [
        "More than 400 guests joined us at the Guildhall",
        "never mattered more",
        "Friendship between nations",
        "available on request from the press office",
        "<figcaption",
        "wp-caption-text",
    ] {
        assert!(body.contains(kept), "lost {kept:?}: {body}");
    }
    for dropped in [
        "Skip to content",
        "Research and analysis",
        "Search for",
        "Share this",
        "share-twitter",
        "Related",
        "Leave a Reply",
        "wonderful evening",
        "Post navigation",
        "Newsletter",
        "Recent Posts",
        "Registered charity",
        "Manage Cookie Consent",
        "We value your privacy",
        "Posted in",
        "gtag",
        "complianz",
        "<script",
        "<form",
        "<button",
        "data:image",
    ] {
        assert!(!body.contains(dropped), "kept {dropped:?}: {body}");
    }
    assert_eq!(
        page.title.as_deref(),
        Some("Asia House Annual Dinner 2024 – highlights")
    );
    // Yoast names the author by reference into its @graph.
    assert_eq!(page.author.as_deref(), Some("Meera Shah"));
    assert_eq!(page.published, ts("2024-10-16T10:45:00Z"));
    assert_eq!(
        page.images,
        vec![
            img(
                "https://asiahouse.example/wp-content/uploads/2024/10/dinner-speech-1024x683.jpg",
                Some("The chair of Asia House speaks at the dinner"),
                Some("The chair of Asia House opens the evening."),
                Some("Asia House/Ben Fisher"),
            ),
            img(
                "https://asiahouse.example/wp-content/uploads/2024/10/award-600x400.jpg",
                Some("Award winner on stage"),
                Some("This year’s Asia House Award went to the Seoul Philharmonic."),
                None,
            ),
        ]
    );
    // The excerpt-only feed item of the same post, completed from its page.
    let feed = parse(
        "feeds/wordpress-mixed.xml",
        None,
        "https://asiahouse.example/news/feed/",
    );
    let mut item = by_url(&feed, "https://asiahouse.example/news/annual-dinner-2024/").clone();
    assert!(looks_like_excerpt(
        item.content_html.as_deref(),
        &item.summary
    ));
    let summary = item.summary.clone();
    page.clone().apply_to(&mut item);
    assert_eq!(item.content_html.as_deref(), Some(body.as_str()));
    assert_eq!(item.images, page.images);
    assert_eq!(item.summary, summary, "the feed's own summary is kept");
    assert_eq!(
        item.author.as_deref(),
        Some("Asia House"),
        "the feed's author is kept"
    );
    assert!(!looks_like_excerpt(
        item.content_html.as_deref(),
        &item.summary
    ));
    assert!(!looks_like_excerpt(
        Some(body),
        "More than 400 guests joined us at the Guildhall…"
    ));
}

#[test]
fn page_extraction_uses_a_whole_article_body_from_json_ld() {
    let html = String::from_utf8(fixture("pages/newsarticle-jsonld.html")).unwrap();
    let page =
        extract_article(&html, "https://desk.example/world/monsoon-mumbai").expect("articleBody");
    assert!(
        page.content_html
            .starts_with("<p>Mumbai recorded its heaviest single day of rain")
    );
    assert_eq!(page.content_html.matches("<p>").count(), 4);
    assert_eq!(
        page.title.as_deref(),
        Some("Monsoon season brings record rainfall to Mumbai")
    );
    assert_eq!(page.author.as_deref(), Some("Rohan Mehta"));
    assert_eq!(page.published, ts("2024-09-02T00:45:00Z"));

    // The same page with its articleBody cut short has nothing whole to give.
    let cut = html.replace(
        " a welcome relief for farmers after a weak monsoon last year.",
        " a welcome relief for farmers after a weak monsoon…",
    );
    assert_eq!(
        extract_article(&cut, "https://desk.example/world/monsoon-mumbai"),
        None
    );
}

#[test]
fn page_extraction_scores_unknown_themes() {
    let html = String::from_utf8(fixture("pages/plain-theme.html")).unwrap();
    let page =
        extract_article(&html, "https://review.example/2024/08/kathmandu.html").expect("a body");
    assert!(page.content_html.contains("The valley wakes slowly"));
    assert!(
        !page.content_html.contains("<h1"),
        "the title is not repeated"
    );
    assert!(page.content_html.contains("Kasthamandap"));
    assert!(!page.content_html.contains("Most read") && !page.content_html.contains("Copyright"));
    assert_eq!(page.author.as_deref(), Some("Sita Gurung"));
    assert_eq!(
        page.images,
        vec![img(
            "https://review.example/2024/08/pics/durbar-square.jpg",
            Some("Durbar Square"),
            Some("Durbar Square after restoration work."),
            Some("S. Gurung"),
        )]
    );
}

#[test]
fn pages_with_nothing_to_extract() {
    let url = "https://asiahouse.example/a/";
    let script = String::from_utf8(fixture("pages/script-only.html")).unwrap();
    assert_eq!(extract_article(&script, url), None);
    assert_eq!(extract_article("{\"not\": \"html\"}", url), None);
    assert_eq!(extract_article("%PDF-1.7 binary", url), None);
    assert_eq!(
        extract_article("<html><body><p>Too short.</p></body></html>", url),
        None
    );
    let huge = format!(
        "<html><body><article>{}</article></body></html>",
        "<p>words and words</p>".repeat(300_000)
    );
    assert!(huge.len() > 5 * 1024 * 1024);
    assert_eq!(extract_article(&huge, url), None);
}

#[test]
fn excerpt_detection() {
    let long =
        "<p>".to_string() + &"A full paragraph of reporting with detail. ".repeat(30) + "</p>";
    assert!(looks_like_excerpt(None, "Anything"));
    assert!(looks_like_excerpt(Some(""), ""));
    assert!(looks_like_excerpt(
        Some("<p>Just a teaser.</p>"),
        "Just a teaser."
    ));
    assert!(!looks_like_excerpt(Some(&long), "A full paragraph…"));
    let cut = long.replace("</p>", " [&hellip;]</p>");
    assert!(looks_like_excerpt(Some(&cut), ""));
    let more = long.replace(
        "</p>",
        " <a class=\"more-link\" href=\"/x\">Read more</a></p>",
    );
    assert!(looks_like_excerpt(Some(&more), ""));
    let cont = long.replace(
        "</p>",
        " <a href=\"/x\">Continue reading <span>“The story”</span> &rarr;</a></p>",
    );
    assert!(looks_like_excerpt(Some(&cont), ""));
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

#[test]
fn page_extraction_survives_whole_page_wrappers() {
    let html = String::from_utf8(fixture("pages/aspnet-form-sidebar.html")).unwrap();
    let page = extract_article(&html, "https://institute.example/news/monetary-policy.aspx")
        .expect("a body");
    assert!(page.content_html.contains("Central banks in the Gulf"));
    assert!(page.content_html.contains("more pressing for policymakers"));
    assert!(!page.content_html.contains("Most popular") && !page.content_html.contains("Tweet"));
    assert!(!page.content_html.contains("__VIEWSTATE"));
    assert_eq!(page.author.as_deref(), Some("Omar Siddiqui"));
    assert_eq!(page.published, ts("2024-07-01T08:00:00Z"));
}

#[test]
fn escaped_markup_html_entities_in_xml_and_guid_only_items() {
    let feed = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<rss version=\"2.0\">\r\n<channel><title>Old CMS</title><link>https://old.example/</link><description>x</description>\r\n\
        <item><title>Caf&eacute;&nbsp;society &hellip; &amp;amp; more</title>\r\n\
        <guid isPermaLink=\"true\">https://old.example/story/42</guid>\r\n\
        <description>&lt;p&gt;An &lt;b&gt;escaped&lt;/b&gt; body with a &lt;a href=\"/more\"&gt;link&lt;/a&gt;.&lt;/p&gt;</description>\r\n\
        <pubDate>Sat, 12 Oct 2024 10:00:00 GMT</pubDate></item>\r\n\
        <item><title>No link at all</title><guid isPermaLink=\"false\">old-cms-43</guid><description>d</description></item>\r\n\
        <item><title>Nothing to know it by</title><description>d</description></item>\r\n\
        </channel></rss>";
    let batch = parse_articles(feed.as_bytes(), None, "https://old.example/rss", SITE).unwrap();
    let a = by_url(&batch, "https://old.example/story/42");
    assert_eq!(a.title, "Café society … & more");
    assert_eq!(a.summary, "An escaped body with a link.");
    assert_eq!(a.published, ts("2024-10-12T10:00:00Z"));
    // An item known only by a non-URL guid keeps it as its identity.
    let b = batch
        .articles
        .iter()
        .find(|a| a.title == "No link at all")
        .unwrap();
    assert_eq!(b.id, article_id("old-cms-43"));
    assert_eq!(b.url, "");
    // An item with neither is skipped with a warning.
    assert_eq!(batch.articles.len(), 2);
    assert_eq!(batch.warnings.len(), 1, "{:?}", batch.warnings);
    assert!(batch.warnings[0].contains("Nothing to know it by"));
}
