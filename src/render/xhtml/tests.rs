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

/// Checks what epubcheck's schema would: every tag closed in order, and
/// nothing standing where XHTML's content model does not allow it.
fn check_model(x: &str) -> Result<(), String> {
    const PHRASING_ONLY: [&str; 21] = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "a", "em", "strong", "code", "s", "u",
        "sub", "sup", "small", "q", "abbr", "caption", "dt",
    ];
    const BLOCKS: [&str; 23] = [
        "p",
        "div",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "tbody",
        "tr",
        "td",
        "th",
        "blockquote",
        "figure",
        "figcaption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
    ];
    let mut open: Vec<String> = Vec::new();
    let mut rest = x;
    while let Some(lt) = rest.find('<') {
        let gt = rest[lt..].find('>').ok_or("unclosed tag")? + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(o) if o == name => continue,
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        }
        let name = tag.split([' ', '/']).next().unwrap_or("").to_string();
        let parent = open.last().map(String::as_str);
        let inline_parent = open.iter().any(|o| PHRASING_ONLY.contains(&o.as_str()));
        if inline_parent && (BLOCKS.contains(&name.as_str()) || name == "hr") {
            return Err(format!("<{name}> inside {open:?}"));
        }
        if name == "a" && open.iter().any(|o| o == "a") {
            return Err("a link inside a link".into());
        }
        let ok_child = match parent {
            Some("ul" | "ol") => name == "li",
            Some("dl") => name == "dt" || name == "dd",
            Some("table") => name == "caption" || name == "tbody",
            Some("tbody") => name == "tr",
            Some("tr") => name == "td" || name == "th",
            _ => !matches!(
                name.as_str(),
                "li" | "dt" | "dd" | "tr" | "td" | "th" | "tbody" | "caption"
            ),
        };
        if !ok_child {
            return Err(format!("<{name}> in {parent:?}"));
        }
        if !tag.ends_with('/') {
            open.push(name);
        }
    }
    if open.is_empty() {
        Ok(())
    } else {
        Err(format!("left open: {open:?}"))
    }
}

#[test]
fn a_deep_and_broken_body_stays_well_formed() {
    let html = format!(
        "{}<table><tr><td>{}</td><caption>c</caption><li>x</li>{}",
        "<span><div><a href=/x><p>".repeat(3000),
        "<ul><table><figure><img src=https://e.org/i.jpg><figcaption>f</figcaption></figure>"
            .repeat(50),
        "</div>".repeat(100)
    );
    let b = body(&html);
    check_model(&b).unwrap();
}

proptest::proptest! {
    #[test]
    fn any_nesting_of_the_usual_tags_comes_out_valid(parts in proptest::collection::vec(0usize..24, 0..60)) {
        const PIECES: [&str; 24] = [
            "<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<a href=\"/l\">", "</a>",
            "<ul>", "<li>", "</ul>", "<ol start=2>", "<table>", "<tr>", "<td>", "<th>",
            "</table>", "<caption>", "<blockquote>", "<h2>", "</h2>",
            "<figure><img src=\"https://e.org/p.jpg\" alt=a><figcaption>Cap. Photo: X</figcaption></figure>",
            "<dl><dt>t<dd>d", "words &amp; <b>bold</b><br>",
        ];
        let html: String = parts.iter().map(|&i| PIECES[i]).collect();
        let a = Article {
            url: "https://e.org/a".into(),
            content_html: Some(html.clone()),
            ..Article::default()
        };
        let x = article_xhtml(&a, &mut |_| Some("img/1.jpg".into()));
        if let Err(e) = check_model(&x.body) {
            return Err(proptest::test_runner::TestCaseError::fail(format!("{e}\n{html}\n{}", x.body)));
        }
    }
}

#[test]
fn a_text_of_many_ampersands_is_written_in_one_pass() {
    // The HTML serialiser looked for the next `<` across the rest of the
    // text after each `&` and no-break space: this body took minutes.
    let n = 200_000;
    let b = body(&format!("<p>{}</p>", "&amp;&nbsp;".repeat(n)));
    assert_eq!(b.matches("&amp;\u{a0}").count(), n);
    assert!(
        b.starts_with("<p>&amp;") && b.ends_with("\u{a0}</p>"),
        "{}",
        &b[..40]
    );
}
