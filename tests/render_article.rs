//! Rendering real-shaped WordPress bodies: captions in every pattern, links,
//! what must never show, widths.

use jiff::Timestamp;
use newsroom::model::{Article, Image};
use newsroom::render::article::{links_section, render_article, render_article_plain, render_html};
use newsroom::render::{Rendered, Role, StyledLine};
use unicode_width::UnicodeWidthStr;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/render/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap()
}

/// Noon UTC, so the date is the same day in nearly every local zone.
fn noon() -> Option<Timestamp> {
    Some("2026-07-14T12:00:00Z".parse().unwrap())
}

fn summit() -> Article {
    Article {
        id: "a1".into(),
        site: "Asia House".into(),
        url: "https://asiahouse.org/news/summit-2026/".into(),
        title: "Global Summit 2026: what we learned about Asia’s next decade of growth".into(),
        author: Some("Priya Raman".into()),
        published: noon(),
        summary: "Ministers and investors met in London.".into(),
        content_html: Some(fixture("wordpress_post.html")),
        featured: Some(Image {
            url: "https://asiahouse.org/wp-content/uploads/2026/07/summit-stage.jpg".into(),
            alt: Some("The summit stage".into()),
            caption: Some("The opening plenary of the 2026 Global Summit".into()),
            credit: Some("Photo: Asia House".into()),
        }),
        ..Default::default()
    }
}

fn gallery() -> Article {
    Article {
        id: "a2".into(),
        site: "Asia House".into(),
        url: "https://asiahouse.org/news/week-in-pictures/".into(),
        title: "The week in pictures".into(),
        published: noon(),
        content_html: Some(fixture("classic_gallery.html")),
        images: vec![Image {
            url: "https://asiahouse.org/wp-content/uploads/2026/02/river.jpg".into(),
            alt: None,
            caption: Some("The Thames at low tide".into()),
            credit: Some("Photo: Sam Lee".into()),
        }],
        ..Default::default()
    }
}

fn plain_lines(r: &Rendered) -> Vec<String> {
    r.lines.iter().map(StyledLine::plain).collect()
}

/// Where each needle first occurs in `text`, asserting it occurs exactly once.
fn positions(text: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            assert_eq!(
                text.matches(n).count(),
                1,
                "{n:?} should appear once in:\n{text}"
            );
            text.find(n).unwrap()
        })
        .collect()
}

fn assert_in_order(text: &str, needles: &[&str]) {
    let pos = positions(text, needles);
    for (i, w) in pos.windows(2).enumerate() {
        assert!(
            w[0] < w[1],
            "{:?} should come before {:?}",
            needles[i],
            needles[i + 1]
        );
    }
}

#[test]
fn every_caption_appears_once_in_document_order() {
    for width in [80, 120] {
        let text = render_article_plain(&summit(), width);
        assert_in_order(
            &text,
            &[
                "The opening plenary",
                "Delegates gather in the main hall",
                "The Port of Singapore",
                "Reuters/Edgar Su",
                "Panellists on the",
                "The minister speaking",
                "Networking over lunch",
                "A string quartet",
                "Scenes from the summit’s second day",
                "GDP growth forecasts.",
                "Highlights from the summit",
            ],
        );
        // Alt text beside a caption is not repeated, a file name is never a caption.
        assert!(!text.contains("Delegates in the main hall"));
        assert!(!text.contains("Container cranes"));
        assert!(!text.contains("panel.jpg"));
        assert!(!text.contains("DSC_0042"));
    }
    let text = render_article_plain(&gallery(), 80);
    assert_in_order(
        &text,
        &[
            "Lanterns over Chinatown",
            "Lion dancers",
            "Guests at the Lunar New Year gala",
            "Jo Smith / Asia House · Photograph courtesy of the organisers",
            "A map of the route",
            "Partner logo",
            "The Thames at low tide",
            "Photo: Sam Lee",
            "From the archive, 1998",
        ],
    );
}

#[test]
fn pictures_are_framed_blocks_with_their_own_roles() {
    let r = render_article(&summit(), 80);
    let frames: Vec<&StyledLine> = r.lines.iter().filter(|l| l.image.is_some()).collect();
    // Featured, classic, block, plain figure, alt only, neither, two in the gallery.
    assert_eq!(frames.len(), 8, "{:#?}", plain_lines(&r));
    let urls: Vec<&str> = frames.iter().map(|l| l.image.as_deref().unwrap()).collect();
    assert_eq!(
        urls[0],
        "https://asiahouse.org/wp-content/uploads/2026/07/summit-stage.jpg"
    );
    // The lazy-loaded picture's real address, not its data: placeholder.
    assert_eq!(
        urls[2],
        "https://asiahouse.org/wp-content/uploads/2026/07/port-of-singapore-1024x576.jpg"
    );
    // Relative src resolved against the article.
    assert_eq!(
        urls[3],
        "https://asiahouse.org/wp-content/uploads/2026/07/panel.jpg"
    );
    for f in &frames {
        assert!(f.spans.iter().any(|s| s.role == Role::ImageFrame));
        assert!(f.plain().contains("▣ picture"));
    }
    let role_of = |needle: &str| {
        r.lines
            .iter()
            .flat_map(|l| &l.spans)
            .find(|s| s.text.contains(needle))
            .map(|s| (s.role, s.italic))
            .unwrap_or_else(|| panic!("{needle:?} not found"))
    };
    assert_eq!(role_of("Delegates gather").0, Role::Caption);
    assert_eq!(role_of("Reuters/Edgar Su").0, Role::Credit);
    assert_eq!(role_of("The minister speaking"), (Role::Caption, true));
    assert_eq!(role_of("Scenes from the summit").0, Role::Caption);
    // The credit written into a classic caption is split off.
    let classic = r
        .lines
        .iter()
        .position(|l| l.plain().contains("Delegates gather"))
        .unwrap();
    assert_eq!(r.lines[classic + 1].plain(), "│ Photo: Asia House");
    assert_eq!(r.lines[classic + 1].spans[1].role, Role::Credit);
}

#[test]
fn links_are_numbered_resolved_and_listed() {
    let r = render_article(&summit(), 80);
    assert_eq!(
        r.links,
        [
            "https://asiahouse.org/reports/outlook-2026/",
            "https://www.example.com/press?utm_source=rss&ref=feed",
            "https://asiahouse.org/events/energy/",
            "mailto:events@asiahouse.org",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://asiahouse.org/news/summit-2026/",
            "https://asiahouse.org/",
        ]
    );
    // Joined into one line of words, so wrapping does not matter.
    let text = r
        .to_plain()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("full outlook report [1]"));
    assert!(
        text.contains("the report’s authors [1]."),
        "same link, same number"
    );
    assert!(text.contains("available by email [4]"));
    // A link in a caption is numbered too.
    assert!(text.contains("│ Panellists on the energy transition [3] session"));
    // Unsafe schemes and in-page anchors are words, never numbered.
    assert!(text.contains("Green finance needs clearer rules •"));
    assert!(text.contains("is available by email [4] and here and there."));
    assert!(text.contains("See the agenda below"));
    assert!(!text.contains("javascript") && !text.contains("/etc/passwd"));
    assert!(text.contains("▶ embedded video: https://www.youtube.com/watch?v=dQw4w9WgXcQ [5]"));

    let marker = r
        .lines
        .iter()
        .flat_map(|l| &l.spans)
        .find(|s| s.text.contains("[2]"))
        .unwrap();
    assert_eq!(marker.role, Role::Link);
    assert_eq!(marker.link, Some(1));

    let list_start = r
        .lines
        .iter()
        .position(|l| l.plain() == "Links")
        .expect("a Links heading");
    let listed: Vec<String> = plain_lines(&r)[list_start + 1..].to_vec();
    assert_eq!(listed[0], "[1] https://asiahouse.org/reports/outlook-2026/");
    assert_eq!(listed[3], "[4] mailto:events@asiahouse.org");
    assert_eq!(listed.len(), 7);
    let caption_marker = r
        .lines
        .iter()
        .flat_map(|l| &l.spans)
        .find(|s| s.text == "[3]")
        .unwrap();
    assert_eq!(
        (caption_marker.role, caption_marker.link),
        (Role::Link, Some(2))
    );
    assert!(
        r.lines[list_start + 1]
            .spans
            .iter()
            .all(|s| s.link == Some(0))
    );
}

#[test]
fn a_picture_inside_a_link_keeps_its_caption_and_carries_the_number() {
    let r = render_article(&gallery(), 80);
    let text = r.to_plain();
    // The gala picture links to the event page: numbered on its frame.
    let gala = r
        .links
        .iter()
        .position(|u| u == "https://asiahouse.org/events/lunar-new-year-gala/")
        .expect("gala link numbered");
    assert!(text.contains(&format!("┌─ ▣ picture [{}] ─", gala + 1)));
    // Links to attachment pages and image files add nothing.
    assert!(!r.links.iter().any(|u| u.contains("/attachment/")));
    assert_eq!(r.links.len(), 2, "{:?}", r.links);
    assert!(text.contains("@asiahouse [2]"));
}

#[test]
fn structure_maps_onto_roles() {
    let r = render_article(&summit(), 80);
    let line = |needle: &str| {
        r.lines
            .iter()
            .find(|l| l.plain().contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not found"))
    };
    let h2 = line("Trade & investment");
    assert_eq!(h2.plain(), "Trade & investment: a changing map");
    assert!(h2.spans.iter().all(|s| s.role == Role::Heading(2)));
    assert_eq!(
        line("What the speakers said").spans[0].role,
        Role::Heading(3)
    );

    let bullet = line("Growth in ASEAN");
    assert_eq!(bullet.spans[0].text, "• ");
    assert_eq!(bullet.spans[0].role, Role::ListMarker);
    assert!(bullet.spans.iter().any(|s| s.text == "outpace" && s.italic));
    assert!(line("Vietnam and Indonesia").plain().starts_with("  • "));
    assert!(line("Third point").plain().starts_with(" 3. "));

    let quote: Vec<&StyledLine> = r
        .lines
        .iter()
        .filter(|l| {
            l.spans
                .first()
                .is_some_and(|s| s.text == "│ " && s.role == Role::Quote)
        })
        .collect();
    assert!(quote.len() >= 4, "every quote line keeps its bar");
    assert!(
        quote
            .iter()
            .any(|l| l.plain() == "│ — Jane Chen, Chief Economist")
    );

    let border = line("Economy");
    assert!(
        border
            .spans
            .iter()
            .any(|s| s.role == Role::TableBorder && s.text == "│")
    );
    assert!(line("┼").spans.iter().all(|s| s.role == Role::TableBorder));

    let code = line("make forecast:");
    assert!(
        code.spans
            .iter()
            .any(|s| s.text == "make forecast" && s.role == Role::Code)
    );
    assert!(
        line("--region=asean")
            .spans
            .iter()
            .all(|s| s.role == Role::Code || s.text.trim().is_empty())
    );
    assert!(
        line("provisional")
            .spans
            .iter()
            .any(|s| s.text == "provisional" && s.strike)
    );
    assert!(
        line("Asia House Global Summit returned")
            .spans
            .iter()
            .any(|s| s.text == "Asia House Global Summit" && s.bold)
    );

    let meta = &r.lines[1];
    assert_eq!(meta.spans[0].role, Role::Meta);
    assert!(
        meta.plain()
            .starts_with("Priya Raman · Asia House · Tuesday 14 July 2026 · ")
    );
    assert!(meta.plain().ends_with(" min read"));
    assert!(r.lines[0].spans.iter().all(|s| s.role == Role::Title));
}

#[test]
fn nothing_that_must_stay_unseen_leaks() {
    for article in [summit(), gallery()] {
        let text = render_article_plain(&article, 80);
        for bad in [
            "INJECTED",
            "dataLayer",
            "STYLE",
            "display:flex",
            "IFRAME FALLBACK",
            "NOSCRIPT",
            "Subscribe now",
            "Email",
            "Share this",
            "hidden text",
            "TWITTERICON",
            "opens in a new tab",
            "<",
            ">",
            "&amp;",
            "&#",
            "&nbsp;",
            "\u{a0}",
            "^{",
        ] {
            assert!(!text.contains(bad), "{bad:?} leaked into:\n{text}");
        }
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
    }
    let text = render_article_plain(&gallery(), 80);
    assert!(text.contains("Follow us — @asiahouse [2]"), "{text}");
    assert!(
        text.contains("pick of the week 📷 🎉"),
        "emoji stay as text"
    );
    assert!(!text.contains("s.w.org"));
}

#[test]
fn lines_fit_the_width() {
    for article in [summit(), gallery()] {
        for width in [16, 24, 40, 80, 120] {
            for l in plain_lines(&render_article(&article, width)) {
                assert!(l.width() <= width, "{} > {width}: {l:?}", l.width());
            }
        }
    }
}

#[test]
fn wide_characters_count_double() {
    let article = Article {
        title: "亚洲之家全球峰会：我们从亚洲下一个十年的增长中学到了什么".into(),
        url: "https://example.org/zh/".into(),
        content_html: Some(
            "<p>亚洲之家全球峰会本周在伦敦举行，汇聚了来自整个地区的部长、投资者和商界领袖。\
             <a href=\"/zh/report\">完整报告</a></p>\
             <blockquote><p>我们不是在增长与可持续性之间做选择；该地区的投资者已经为我们做出了选择。</p></blockquote>\
             <figure><img src=\"a.jpg\" alt=\"\"><figcaption>峰会开幕式上的代表们，摄影：亚洲之家，二〇二六年七月</figcaption></figure>"
                .into(),
        ),
        ..Default::default()
    };
    for width in [20, 33, 80] {
        let r = render_article(&article, width);
        for l in plain_lines(&r) {
            assert!(l.width() <= width, "{} > {width}: {l:?}", l.width());
        }
        let text = r.to_plain();
        assert!(
            text.replace(['\n', ' ', '│'], "")
                .contains("我们不是在增长与可持续性之间做选择")
        );
        assert_eq!(r.links, ["https://example.org/zh/report"]);
    }
}

#[test]
fn the_featured_image_leads_and_is_not_repeated() {
    let mut article = summit();
    // The feed knows the featured image but not its caption; the body shows
    // the same picture (another size) with one.
    article.featured = Some(Image {
        url: "https://asiahouse.org/wp-content/uploads/2026/07/summit-hall.jpg".into(),
        ..Default::default()
    });
    let r = render_article(&article, 80);
    let text = r.to_plain();
    let first_frame = r.lines.iter().position(|l| l.image.is_some()).unwrap();
    assert_eq!(first_frame, 3, "title, meta, blank, then the picture");
    assert_eq!(
        r.lines[first_frame].image.as_deref(),
        Some("https://asiahouse.org/wp-content/uploads/2026/07/summit-hall.jpg")
    );
    assert!(
        r.lines[first_frame + 1]
            .plain()
            .contains("Delegates gather in the main hall")
    );
    assert_eq!(text.matches("Delegates gather").count(), 1);
    assert_eq!(r.lines.iter().filter(|l| l.image.is_some()).count(), 7);
}

#[test]
fn an_empty_body_shows_the_summary() {
    let mut article = summit();
    article.content_html = None;
    article.featured = None;
    article.summary =
        "Ministers and investors met in London.\n\nThe summit closed on Friday.".into();
    let r = render_article(&article, 80);
    let lines = plain_lines(&r);
    assert_eq!(lines[3], "Full text not cached — summary only");
    assert_eq!(r.lines[3].spans[0].role, Role::Meta);
    assert_eq!(lines[5], "Ministers and investors met in London.");
    assert_eq!(lines[7], "The summit closed on Friday.");
    assert!(r.links.is_empty());

    // A body of nothing visible: the summary, without the marker.
    article.content_html = Some("<script>x()</script><p>&nbsp;</p>".into());
    let text = render_article_plain(&article, 80);
    assert!(!text.contains("not cached"));
    assert!(text.contains("Ministers and investors met in London."));
}

#[test]
fn deep_nesting_and_odd_markup_do_not_break_rendering() {
    let deep = format!(
        "{}<p>deep text</p>{}",
        "<div>".repeat(3000),
        "</div>".repeat(3000)
    );
    let quotes = format!(
        "{}<p>quoted</p>{}",
        "<blockquote>".repeat(30),
        "</blockquote>".repeat(30)
    );
    for html in [
        deep.as_str(),
        quotes.as_str(),
        "<p>unclosed <b>bold <i>and italic",
        "<table><tr><td><table><tr><td>nested</td></tr></table></td></tr></table>",
        "<ol start=\"-2\"><li>minus two</li><li>minus one</li></ol>",
        "<p>ctrl \u{1b}[31mred\u{1b}[0m &#27;[2J and &#1;sentinel</p>",
        "<a href=\"https://example.org/\"><img src=\"https://example.org/1x1.gif\" width=\"1\" height=\"1\"></a>",
    ] {
        let article = Article {
            title: "t".into(),
            url: "https://example.org/".into(),
            content_html: Some(html.into()),
            ..Default::default()
        };
        let r = render_article(&article, 40);
        for l in plain_lines(&r) {
            assert!(l.width() <= 40, "{l:?}");
            assert!(!l.chars().any(char::is_control), "{l:?}");
        }
    }
}

#[test]
fn the_article_image_list_fills_in_missing_words() {
    let article = Article {
        title: "t".into(),
        url: "https://example.org/news/t/".into(),
        content_html: Some(
            "<p><img src=\"https://example.org/uploads/t-thumb.jpg\" \
             srcset=\"https://example.org/uploads/t-thumb.jpg 150w, https://example.org/uploads/harbour-768x512.jpg 768w\" alt=\"\"></p>\
             <p><img src=\"https://example.org/uploads/unknown.jpg\" alt=\"\"></p>"
                .into(),
        ),
        images: vec![Image {
            url: "https://example.org/uploads/harbour.jpg".into(),
            alt: Some("Boats in the harbour".into()),
            caption: Some("The harbour at dawn".into()),
            credit: None,
        }],
        ..Default::default()
    };
    let r = render_article(&article, 60);
    let frames: Vec<&StyledLine> = r.lines.iter().filter(|l| l.image.is_some()).collect();
    assert_eq!(frames.len(), 2);
    // The cached copy's address, so the picture drawn is the one synced.
    assert_eq!(
        frames[0].image.as_deref(),
        Some("https://example.org/uploads/harbour.jpg")
    );
    let text = r.to_plain();
    assert_eq!(text.matches("The harbour at dawn").count(), 1);
    assert!(
        !text.contains("Boats in the harbour"),
        "caption wins over alt"
    );
    assert!(text.contains("── ▣ picture ──"), "no words: a plain marker");
}

#[test]
fn embeds_become_links_and_a_linked_figure_carries_its_number() {
    let article = Article {
        title: "t".into(),
        url: "https://example.org/news/t/".into(),
        content_html: Some(
            r#"<figure class="wp-block-embed is-type-video is-provider-vimeo wp-block-embed-vimeo"><div class="wp-block-embed__wrapper">
https://vimeo.com/76979871
</div><figcaption class="wp-element-caption">The festival film</figcaption></figure>
<a href="/events/festival/"><figure class="wp-block-image"><img src="/img/poster.jpg" alt=""><figcaption>Festival poster</figcaption></figure></a>
<p><video controls src="/media/clip.mp4"></video></p>
<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted" style="position: absolute; clip: rect(1px, 1px, 1px, 1px);" src="https://example.org/other/embed/#?secret=abc"></iframe>"#
                .into(),
        ),
        ..Default::default()
    };
    let r = render_article(&article, 80);
    let text = r.to_plain();
    assert_eq!(
        r.links,
        [
            "https://vimeo.com/76979871",
            "https://example.org/events/festival/",
            "https://example.org/media/clip.mp4",
        ]
    );
    assert!(
        text.contains("▶ embedded video: https://vimeo.com/76979871 [1]"),
        "{text}"
    );
    assert!(text.contains("The festival film"));
    assert!(text.contains("┌─ ▣ picture [2] ─"));
    assert!(text.contains("│ Festival poster"));
    assert!(text.contains("▶ video: https://example.org/media/clip.mp4 [3]"));
    assert!(!text.contains("secret"));
}

#[test]
fn text_that_looks_like_markup_stays_text() {
    let article = Article {
        title: "t".into(),
        content_html: Some(
            "<p># not a heading</p><p>&gt; not a quote</p><p>* not a bullet</p><p>1. not a list</p>"
                .into(),
        ),
        ..Default::default()
    };
    let r = render_article(&article, 60);
    for needle in [
        "# not a heading",
        "> not a quote",
        "* not a bullet",
        "1. not a list",
    ] {
        let line = r
            .lines
            .iter()
            .find(|l| l.plain() == needle)
            .unwrap_or_else(|| panic!("{needle:?} missing: {:#?}", plain_lines(&r)));
        assert!(line.spans.iter().all(|s| s.role == Role::Body), "{line:?}");
    }
}

#[test]
fn a_body_that_repeats_the_title_does_not_show_it_twice() {
    let article = Article {
        title: "Lunar New Year   at Asia House".into(),
        url: "https://example.org/".into(),
        content_html: Some(
            "<h1>Lunar New Year at Asia House</h1><p>Lanterns everywhere.</p>".into(),
        ),
        ..Default::default()
    };
    let lines: Vec<String> = plain_lines(&render_article(&article, 60));
    assert_eq!(lines[0], "Lunar New Year at Asia House");
    assert_eq!(lines[3], "Lanterns everywhere.");
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("Lunar New Year"))
            .count(),
        1
    );
}

#[test]
fn an_event_description_renders_like_a_body() {
    let r = render_html(
        "<p>Join us for <a href=\"/events/gala/\">the gala</a>.</p>\
         <figure><img src=\"/img/gala.jpg\" alt=\"\"><figcaption>Last year&#8217;s gala</figcaption></figure>",
        "https://example.org/whats-on/",
        60,
    );
    let text = r.to_plain();
    assert_eq!(r.links, ["https://example.org/events/gala/"]);
    assert!(text.starts_with("Join us for the gala [1].\n"));
    assert!(text.contains("│ Last year’s gala"));
    let list: Vec<String> = links_section(&r.links, 60)
        .iter()
        .map(StyledLine::plain)
        .collect();
    assert_eq!(list, ["", "Links", "[1] https://example.org/events/gala/"]);
}

#[test]
fn snapshots() {
    insta::assert_snapshot!("summit_80", render_article_plain(&summit(), 80));
    insta::assert_snapshot!("summit_120", render_article_plain(&summit(), 120));
    insta::assert_snapshot!("gallery_80", render_article_plain(&gallery(), 80));
}

/// A rough speed check on a 1 MB body; prints, asserts nothing. Run with
/// `cargo test --release --test render_article -- --ignored --nocapture`.
#[test]
#[ignore]
fn one_megabyte_speed() {
    let chunk = fixture("wordpress_post.html");
    let mut html = String::new();
    while html.len() < 1_000_000 {
        html.push_str(&chunk);
    }
    let mut article = summit();
    article.content_html = Some(html);
    let start = std::time::Instant::now();
    let r = render_article(&article, 100);
    println!("{} lines in {:?}", r.lines.len(), start.elapsed());
}
