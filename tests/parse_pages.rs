//! Full text from article pages: the body in, the site's chrome out, and
//! knowing when a feed item is only an excerpt.

mod parse_support;

use newsroom::parse::{extract_article, looks_like_excerpt};
use parse_support::*;

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
