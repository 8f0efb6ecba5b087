//! Article sources as real sites serve them: every format, every caption
//! pattern in document order, entities in every field, relative URLs.

mod parse_support;

use newsroom::model::article_id;
use newsroom::parse::{ParseError, looks_like_excerpt, parse_articles};
use parse_support::*;

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
    // The enclosure is the picture; Media RSS gives its caption and credit.
    assert_eq!(
        report.featured,
        Some(img(
            "https://asiahouse.example/wp-content/uploads/2024/10/green-finance-cover.jpg",
            None,
            Some("The report’s cover."),
            Some("Asia House"),
        ))
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
    // An item with neither is kept, known by its title, date and text.
    assert_eq!(batch.articles.len(), 3);
    assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
    let c = batch
        .articles
        .iter()
        .find(|a| a.title == "Nothing to know it by")
        .unwrap();
    assert!(c.source_key().starts_with("hash:"));
}

#[test]
fn item_level_media_thumbnails() {
    let batch = parse(
        "feeds/media-thumbnail.xml",
        Some("text/xml"),
        "https://feeds.desk.example/news/world/rss.xml",
    );
    assert_eq!(batch.articles.len(), 2);
    let typhoon = &batch.articles[0];
    assert_eq!(
        typhoon.url,
        "https://desk.example/news/articles/c1e5xz?at_medium=RSS&at_campaign=rss"
    );
    assert_eq!(
        typhoon.featured,
        Some(img(
            "https://img.desk.example/240/cpsprodpb/77f0/live/typhoon.jpg",
            None,
            None,
            None
        ))
    );
    let seoul = &batch.articles[1];
    assert_eq!(seoul.title, "Seoul's new mayor pledges housing reform");
    assert_eq!(
        seoul.featured,
        Some(img(
            "https://img.desk.example/240/cpsprodpb/1a2b/live/seoul.jpg",
            Some("Seoul city hall"),
            Some("The mayor at city hall on Wednesday."),
            Some("Yonhap"),
        ))
    );
}
