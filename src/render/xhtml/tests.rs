use super::*;
use crate::model::Image;

fn body(html: &str) -> String {
    let a = Article {
        url: "https://example.org/news/a".into(),
        content_html: Some(html.into()),
        ..Article::default()
    };
    article_xhtml(&a, &mut |_| None).body
}

#[test]
fn text_is_escaped_and_cleaned() {
    let b = body("<p>a &lt;b&gt; &amp; \u{1b}[31mred\u{7} \u{fffe}x&nbsp;y</p>");
    assert_eq!(b, "<p>a &lt;b&gt; &amp; red x\u{a0}y</p>");
}

#[test]
fn blocks_inside_lines_are_flattened() {
    let b = body("<h2><span>one<div>two</div><ul><li>three</li></ul></span></h2>");
    assert!(!b.contains("<div>") && !b.contains("<ul>"), "{b}");
    assert!(b.starts_with("<h2>") && b.ends_with("</h2>"), "{b}");
    assert!(b.contains("one") && b.contains("two") && b.contains("three"));
    let b = body("<a href=\"https://x.org/\"><div><h2>Heading</h2><p>words</p></div></a>");
    assert_eq!(
        b,
        "<a href=\"#note-1\"><br/><br/>Heading<br/><br/>words<br/><br/>\u{a0}[1]</a>"
    );
}

#[test]
fn lists_quotes_and_tables_keep_their_shape() {
    let b = body(
        "<h2>Head</h2><ul><li>a</li>stray<ul><li>b</li></ul></ul><ol start=3><li>c</ol>\
         <blockquote><p>q</p></blockquote><dl><dt>t</dt><p>x</p></dl>\
         <table><tbody><tr><td colspan=2>1</td><td rowspan=x>2</td></tr></tbody>\
         <caption>Cap</caption></table>",
    );
    assert!(b.contains("<h2>Head</h2>"), "{b}");
    assert!(b.contains("<ul><li>a</li><li>stray</li><li><ul><li>b</li></ul></li></ul>"));
    assert!(b.contains("<ol start=\"3\"><li>c</li></ol>"));
    assert!(b.contains("<blockquote><p>q</p></blockquote>"));
    assert!(b.contains("<dl><dt>t</dt><dd><p>x</p></dd></dl>"));
    assert!(
        b.contains(
            "<table><caption>Cap</caption><tbody><tr><td colspan=\"2\">1</td><td>2</td></tr></tbody></table>"
        ),
        "{b}"
    );
}

#[test]
fn pictures_carry_caption_and_credit_and_a_missing_one_keeps_its_words() {
    let html = "<figure><img src=\"https://example.org/a.jpg\" alt=\"A boat\">\
                <figcaption>The harbour at dawn. Photo: Jo Lee</figcaption></figure>\
                <figure><img src=\"https://example.org/b.jpg\">\
                <figcaption>Not cached</figcaption></figure><script>alert(1)</script>";
    let a = Article {
        url: "https://example.org/news/a".into(),
        content_html: Some(html.into()),
        ..Article::default()
    };
    let mut asked = Vec::new();
    let x = article_xhtml(&a, &mut |u| {
        asked.push(u.to_string());
        u.ends_with("a.jpg").then(|| "img/1.jpg".to_string())
    });
    assert!(
        x.body.contains("<figure><img src=\"img/1.jpg\" alt=\"A boat\"/><figcaption>The harbour at dawn.<br/><span class=\"credit\">Photo: Jo Lee</span></figcaption></figure>"),
        "{}",
        x.body
    );
    assert!(x.body.contains("<p class=\"caption\">Not cached</p>"));
    assert!(!x.body.contains("alert"));
    assert_eq!(asked.len(), 2);
}

#[test]
fn links_point_at_numbered_notes() {
    let a = Article {
        url: "https://example.org/news/a".into(),
        content_html: Some(
            "<p>See <a href=\"/b\">this</a> and <a href=\"/b\">again</a>.</p>".into(),
        ),
        featured: Some(Image {
            url: "https://example.org/f.jpg".into(),
            caption: Some("Featured".into()),
            ..Image::default()
        }),
        ..Article::default()
    };
    let x = article_xhtml(&a, &mut |_| Some("img/f.jpg".into()));
    assert_eq!(x.links, ["https://example.org/b"]);
    assert!(
        x.body.starts_with("<figure><img src=\"img/f.jpg\""),
        "{}",
        x.body
    );
    assert_eq!(x.body.matches("href=\"#note-1\"").count(), 2);
}

#[test]
fn no_body_gives_the_summary() {
    let a = Article {
        summary: "One <two>\n\nThree".into(),
        ..Article::default()
    };
    let x = article_xhtml(&a, &mut |_| None);
    assert!(x.body.contains("summary only"));
    assert!(x.body.contains("<p>One &lt;two&gt;</p>\n<p>Three</p>"));
}

#[test]
fn a_body_opening_with_the_title_again_loses_that_heading() {
    let a = Article {
        title: "Ships & storms".into(),
        url: "https://example.org/a".into(),
        content_html: Some(
            "<h1>Ships &amp; <em>storms</em></h1><p>Text.</p><h2>Ships &amp; storms</h2>".into(),
        ),
        ..Article::default()
    };
    let x = article_xhtml(&a, &mut |_| None);
    assert_eq!(x.body, "<p>Text.</p><h2>Ships &amp; storms</h2>");
}
