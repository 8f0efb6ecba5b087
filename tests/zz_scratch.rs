#[path = "hostile/bodies.rs"]
#[allow(dead_code)]
mod bodies;
use std::time::Instant;
#[test]
fn prof() {
    let q = bodies::quadratic_blowup().replace("{BASE}", "http://127.0.0.1:1");
    let t = Instant::now();
    let r = newsroom::parse::parse_articles(q.as_bytes(), Some("application/xml"), "http://127.0.0.1:1/articles", "V");
    eprintln!("quadratic parse {:?} {:?}", t.elapsed(), r.as_ref().map(|b| b.articles.len()));
    let depth = 50_000;
    let body = format!("{}deep text{}", "<div><blockquote><ul><li>".repeat(depth / 4), "</li></ul></blockquote></div>".repeat(depth / 4));
    let feed = format!(r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Deep</title><link>http://127.0.0.1:1/</link><description>d</description>
<item><title>Deeply nested</title><link>http://127.0.0.1:1/2026/11/deep/</link><guid>x</guid>
<content:encoded><![CDATA[<p>Before.</p>{body}<p>After.</p>]]></content:encoded>
</item></channel></rss>"#);
    let t = Instant::now();
    let r = newsroom::parse::parse_articles(feed.as_bytes(), Some("application/xml"), "http://127.0.0.1:1/articles", "V").unwrap();
    eprintln!("deep parse {:?}", t.elapsed());
    let t = Instant::now();
    let text = newsroom::render::article::render_article_plain(&r.articles[0], 72);
    eprintln!("deep render {:?} {}", t.elapsed(), text.len());
}
