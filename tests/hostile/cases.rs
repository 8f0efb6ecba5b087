//! The hostile sources, each with what a sync of it must come to.

use std::sync::Arc;
use std::time::Duration;

use newsroom::serve::{Request, Response};

use super::bodies::{self, REMNANTS};
use super::bomb::gzip_zeros;
use super::tables::{check_nested_tables, nested_tables_feed};
use super::{Checked, Role};

/// Answers every request once the source has turned hostile: `(request, base)`.
pub type Hostile = Arc<dyn Fn(&Request, &str) -> Response + Send + Sync>;

/// What the sync of the hostile source must come to.
#[derive(Clone, Copy, Debug)]
pub enum Expect {
    /// The source fails, and its error holds one of these (any case).
    Fails(&'static [&'static str]),
    /// The source syncs.
    Syncs,
    /// Half-broken input: failing with a clear error and syncing what can be
    /// read are both right; crashing or hanging is not.
    Survives,
}

pub struct Case {
    pub name: &'static str,
    pub role: Role,
    pub hostile: Hostile,
    pub expect: Expect,
    /// `fetch_timeout` in the config, seconds.
    pub fetch_timeout: u64,
    /// The hostile sync must end within this. Generous on purpose: it proves
    /// the sync ends (a trickling server would hold it for an hour), not that
    /// it is fast on a loaded machine.
    pub bound: Duration,
    /// Extra checks on what the commands printed afterwards.
    pub check: Option<fn(&Checked) -> Vec<String>>,
}

fn case(name: &'static str, role: Role, expect: Expect, hostile: Hostile) -> Case {
    Case {
        name,
        role,
        hostile,
        expect,
        fetch_timeout: 5,
        bound: Duration::from_secs(45),
        check: None,
    }
}

fn with_check(mut c: Case, check: fn(&Checked) -> Vec<String>) -> Case {
    c.check = Some(check);
    c
}

/// Replace `{BASE}` with the server's origin, in text or bytes.
pub fn fill(body: &[u8], base: &str) -> Vec<u8> {
    let pat = b"{BASE}";
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i..].starts_with(pat) {
            out.extend_from_slice(base.as_bytes());
            i += pat.len();
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    out
}

/// The source path answers with `body` (with `{BASE}` filled in).
fn serve(content_type: &'static str, body: Vec<u8>) -> Hostile {
    let body = Arc::new(body);
    Arc::new(move |req: &Request, base: &str| match req.path.as_str() {
        "/articles" | "/events" => Response::ok(content_type, fill(&body, base)),
        _ => Response::not_found(),
    })
}

/// Like `serve`, without `{BASE}` (for bodies too big to copy per request).
fn serve_raw(content_type: &'static str, body: Vec<u8>) -> Hostile {
    let body = Arc::new(body);
    Arc::new(move |req: &Request, _: &str| match req.path.as_str() {
        "/articles" | "/events" => Response::ok(content_type, body.as_slice()),
        _ => Response::not_found(),
    })
}

const RSS: &str = "application/rss+xml; charset=UTF-8";

pub fn all() -> Vec<Case> {
    let slowloris: Hostile = Arc::new(|req: &Request, base: &str| match req.path.as_str() {
        "/articles" => Response::ok(RSS, fill(bodies::GOOD_RSS.as_bytes(), base))
            .trickled(1, Duration::from_millis(1500)),
        _ => Response::not_found(),
    });
    let redirect_loop: Hostile = Arc::new(|req: &Request, _: &str| match req.path.as_str() {
        "/articles" => Response::redirect(302, "/hop"),
        "/hop" => Response::redirect(301, "/articles"),
        _ => Response::not_found(),
    });
    let bomb = Arc::new(gzip_zeros(512 << 20));
    let gzip_bomb: Hostile = Arc::new(move |req: &Request, _: &str| match req.path.as_str() {
        "/articles" => Response::ok(RSS, bomb.as_slice()).gzip_encoded(),
        _ => Response::not_found(),
    });
    let dead_port = dead_port();
    let dead_images: Hostile = Arc::new(move |req: &Request, base: &str| {
        let dead = format!("http://127.0.0.1:{dead_port}");
        match req.path.as_str() {
            "/articles" => Response::ok(RSS, fill(dead_image_feed(&dead).as_bytes(), base)),
            _ => Response::not_found(),
        }
    });

    let mut slow = case(
        "slowloris (a byte every 1.5 s)",
        Role::Articles,
        Expect::Fails(&["timed out"]),
        slowloris,
    );
    slow.fetch_timeout = 2;
    slow.bound = Duration::from_secs(45);

    vec![
        slow,
        with_check(
            case("escape sequences in every RSS field", Role::Articles, Expect::Syncs, serve(RSS, bodies::escapes_rss().into_bytes())),
            check_escapes,
        ),
        with_check(
            case(
                "escape sequences in every JSON Feed field",
                Role::Articles,
                Expect::Syncs,
                serve("application/feed+json", bodies::escapes_json_feed().into_bytes()),
            ),
            check_escapes,
        ),
        with_check(
            case(
                "escape sequences in every iCalendar field",
                Role::Events,
                Expect::Syncs,
                serve("text/calendar; charset=utf-8", bodies::escapes_ics().into_bytes()),
            ),
            check_escapes,
        ),
        with_check(
            case(
                "escape sequences in every Events Calendar REST field",
                Role::Events,
                Expect::Syncs,
                serve("application/json; charset=UTF-8", bodies::escapes_tribe().into_bytes()),
            ),
            check_escapes,
        ),
        with_check(
            case("billion laughs", Role::Articles, Expect::Survives, serve("application/xml", bodies::billion_laughs().into_bytes())),
            check_not_expanded,
        ),
        with_check(
            case(
                "quadratic entity blowup",
                Role::Articles,
                Expect::Survives,
                serve("application/xml", bodies::quadratic_blowup().into_bytes()),
            ),
            check_not_expanded,
        ),
        case("50 MB feed", Role::Articles, Expect::Fails(&["larger than", "too large"]), serve_raw(RSS, bodies::huge_feed(50 << 20))),
        case("gzip bomb (3 MB inflating to 512 MB)", Role::Articles, Expect::Fails(&["larger than", "too large"]), gzip_bomb),
        case("redirect loop", Role::Articles, Expect::Fails(&["redirect"]), redirect_loop),
        with_check(
            case("invalid UTF-8", Role::Articles, Expect::Syncs, serve(RSS, bodies::invalid_utf8())),
            |c| expect_title(c, "au lait"),
        ),
        with_check(
            case(
                "windows-1252 declared in the XML declaration",
                Role::Articles,
                Expect::Syncs,
                // "café – “quoted” ’ €" and "José Núñez"
                serve(
                    "application/rss+xml",
                    bodies::legacy_feed(
                        Some("windows-1252"),
                        b"caf\xe9 \x96 \x93quoted\x94 \x92 \x80",
                        b"Jos\xe9 N\xfa\xf1ez",
                    ),
                ),
            ),
            |c| expect_title(c, "café – “quoted” ’ €"),
        ),
        with_check(
            case(
                "ISO-8859-1 declared in Content-Type",
                Role::Articles,
                Expect::Syncs,
                serve("text/xml; charset=ISO-8859-1", bodies::legacy_feed(None, b"Z\xfcrich caf\xe9 \xf1", b"Ren\xe9e")),
            ),
            |c| expect_title(c, "Zürich café ñ"),
        ),
        with_check(
            case(
                "GBK declared in the XML declaration (gb2312)",
                Role::Articles,
                Expect::Syncs,
                serve("application/xml", bodies::legacy_feed(Some("gb2312"), b"\xd0\xc2\xce\xc5 news", b"\xd0\xc2")),
            ),
            |c| expect_title(c, "新闻 news"),
        ),
        with_check(
            case(
                "Shift_JIS declared in Content-Type",
                Role::Articles,
                Expect::Syncs,
                serve("application/rss+xml; charset=Shift_JIS", bodies::legacy_feed(None, b"\x83\x6a\x83\x85\x81\x5b\x83\x58 today", b"\x83\x6a")),
            ),
            |c| expect_title(c, "ニュース today"),
        ),
        with_check(
            case("UTF-16 with a byte-order mark", Role::Articles, Expect::Syncs, serve("application/xml", bodies::utf16_feed("Wide ✓ feed"))),
            |c| expect_title(c, "Wide ✓ feed"),
        ),
        with_check(
            case("UTF-8 byte-order mark", Role::Articles, Expect::Syncs, {
                let mut v = vec![0xef, 0xbb, 0xbf];
                v.extend_from_slice(&bodies::legacy_feed(Some("UTF-8"), "Marked ✓".as_bytes(), b"A"));
                serve(RSS, v)
            }),
            |c| expect_title(c, "Marked ✓"),
        ),
        case(
            "a second XML declaration mid-feed",
            Role::Articles,
            Expect::Survives,
            serve(
                RSS,
                bodies::GOOD_RSS
                    .replacen("<channel>", "<channel>\n<?xml version=\"1.0\" encoding=\"GB2312\"?>", 1)
                    .into_bytes(),
            ),
        ),
        case(
            "truncated XML",
            Role::Articles,
            Expect::Fails(&["malformed", "truncated", "incomplete", "unexpected end"]),
            serve(RSS, bodies::GOOD_RSS.as_bytes()[..bodies::GOOD_RSS.len() * 2 / 3].to_vec()),
        ),
        case("HTML served as a feed", Role::Articles, Expect::Fails(&["html"]), serve("text/html; charset=UTF-8", bodies::HTML_PAGE.into())),
        case(
            "HTML labelled as RSS",
            Role::Articles,
            Expect::Fails(&["html", "not a feed"]),
            serve(RSS, bodies::HTML_PAGE.into()),
        ),
        case("empty body", Role::Articles, Expect::Fails(&["empty"]), serve(RSS, Vec::new())),
        case(
            "binary served as a feed",
            Role::Articles,
            Expect::Fails(&["not a feed", "malformed", "binary"]),
            serve(RSS, (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect()),
        ),
        case(
            "broken iCalendar (garbage, unterminated)",
            Role::Events,
            Expect::Survives,
            serve(
                "text/calendar",
                b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:2027-13-45T99:99\r\nSUMMARY\r\n:\r\n;;;\r\n\x00\x01\x02\xff\xfe\r\nBEGIN:VEVENT\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\nEND:VEVENT\r\n UID:folded-without-a-line\r\nDTSTART;TZID=Mars/Olympus_Mons:20271203T183000\r\n".to_vec(),
            ),
        ),
        case(
            "broken iCalendar (bad fields, endless recurrence)",
            Role::Events,
            Expect::Survives,
            serve(
                "text/calendar",
                [
                    "BEGIN:VCALENDAR",
                    "VERSION:2.0",
                    "BEGIN:VEVENT",
                    "UID:no-start@victim.example",
                    "SUMMARY:An event with no start",
                    "END:VEVENT",
                    "BEGIN:VEVENT",
                    "UID:every-second@victim.example",
                    "DTSTART:20271201T000000Z",
                    "RRULE:FREQ=SECONDLY;INTERVAL=1",
                    "SUMMARY:Every second forever",
                    "END:VEVENT",
                    "BEGIN:VEVENT",
                    "UID:huge-count@victim.example",
                    "DTSTART:20271201T000000Z",
                    "RRULE:FREQ=MINUTELY;COUNT=4000000000",
                    "SUMMARY:Four billion minutes",
                    "END:VEVENT",
                    "BEGIN:VEVENT",
                    "UID:backwards@victim.example",
                    "DTSTART:20271201T180000Z",
                    "DTEND:19991201T180000Z",
                    "DURATION:-P99999W",
                    "SUMMARY:Ends before it starts",
                    "END:VEVENT",
                    "END:VCALENDAR",
                    "",
                ]
                .join("\r\n")
                .into_bytes(),
            ),
        ),
        case(
            "WordPress REST JSON with wrong types",
            Role::Articles,
            Expect::Survives,
            serve("application/json; charset=UTF-8", bodies::WRONG_TYPES_REST.into()),
        ),
        case(
            "Events Calendar JSON with wrong types",
            Role::Events,
            Expect::Survives,
            serve("application/json; charset=UTF-8", bodies::WRONG_TYPES_TRIBE.into()),
        ),
        case(
            "JSON nested 100,000 deep",
            Role::Articles,
            Expect::Survives,
            serve("application/json", format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes()),
        ),
        with_check(
            case("HTML nested 50,000 deep in a body", Role::Articles, Expect::Syncs, serve(RSS, deep_html_feed().into_bytes())),
            |c| expect_title(c, "Deeply nested"),
        ),
        with_check(
            case("1 MB of self-closing <div/> in a body", Role::Articles, Expect::Syncs, serve(RSS, self_closing_feed().into_bytes())),
            |c| expect_title(c, "Self-closing"),
        ),
        with_check(
            case("1 MB of tables nested in one another in a body", Role::Articles, Expect::Syncs, serve(RSS, nested_tables_feed().into_bytes())),
            check_nested_tables,
        ),
        with_check(
            case("100,000 attributes on one tag in a body", Role::Articles, Expect::Syncs, serve(RSS, many_attributes_feed().into_bytes())),
            |c| expect_title(c, "Attributes"),
        ),
        with_check(case("dangerous URL schemes", Role::Articles, Expect::Syncs, dangerous_schemes()), check_schemes),
        with_check(case("dead image host (connection refused)", Role::Articles, Expect::Syncs, dead_images), check_dead_images),
    ]
}

/// A port nothing listens on: bound, then released.
fn dead_port() -> u16 {
    let l = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    l.local_addr().unwrap().port()
}

fn dead_image_feed(dead: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Dead</title><link>{{BASE}}/</link><description>d</description>
<item><title>Pictures from a dead host</title><link>{{BASE}}/2026/11/dead-pictures/</link><guid>{{BASE}}/?p=13</guid>
<pubDate>Fri, 27 Nov 2026 06:00:00 +0000</pubDate>
<media:content url="{dead}/lead.jpg" medium="image"><media:description>The lead picture</media:description></media:content>
<content:encoded><![CDATA[<p>Two pictures follow.</p>
<figure class="wp-block-image"><img src="{dead}/one.jpg" alt="Harbour at dawn" srcset="{dead}/one-300.jpg 300w, {dead}/one.jpg 1024w" /><figcaption>The harbour at dawn</figcaption></figure>
<figure class="wp-block-image"><img src="{dead}/two.jpg" alt="Market" /><figcaption>The night market</figcaption></figure>
<figure class="wp-block-image"><img src="{{BASE}}/img/live.gif" alt="Lanterns" /><figcaption>Lanterns on a live host</figcaption></figure>]]></content:encoded>
</item></channel></rss>
"#
    )
}

fn deep_html_feed() -> String {
    let depth = 50_000;
    let body = format!(
        "{}deep text{}",
        "<div><blockquote><ul><li>".repeat(depth / 4),
        "</li></ul></blockquote></div>".repeat(depth / 4)
    );
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Deep</title><link>{{BASE}}/</link><description>d</description>
<item><title>Deeply nested</title><link>{{BASE}}/2026/11/deep/</link><guid>{{BASE}}/?p=14</guid>
<pubDate>Fri, 27 Nov 2026 05:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>Before.</p>{body}<p>After.</p>]]></content:encoded>
</item></channel></rss>
"#
    )
}

/// `<div/>` is an open `<div>` to an HTML parser: each one nests in the last.
fn self_closing_feed() -> String {
    let body = "<div/>x".repeat((1 << 20) / 7);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Self</title><link>{{BASE}}/</link><description>d</description>
<item><title>Self-closing</title><link>{{BASE}}/2026/11/self-closing/</link><guid>{{BASE}}/?p=16</guid>
<pubDate>Fri, 27 Nov 2026 05:30:00 +0000</pubDate>
<content:encoded><![CDATA[<p>Before.</p>{body}<p>After.</p>]]></content:encoded>
</item></channel></rss>
"#
    )
}

/// A parser checks each attribute's name against every earlier one's: a tag
/// of 100,000 attributes costs their square unless they are cut.
fn many_attributes_feed() -> String {
    let attrs: String = (0..100_000)
        .map(|i| format!(" data-v{i}=\"{i}\""))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Attrs</title><link>{{BASE}}/</link><description>d</description>
<item><title>Attributes without end</title><link>{{BASE}}/2026/11/attributes/</link><guid>{{BASE}}/?p=17</guid>
<pubDate>Fri, 27 Nov 2026 05:45:00 +0000</pubDate>
<content:encoded><![CDATA[<p>Before.</p><p class="lead"{attrs}>The words inside.</p><p>After.</p>]]></content:encoded>
</item></channel></rss>
"#
    )
}

/// The secret a `file:` URL in the feed points at; it must never reach the cache.
pub const SECRET: &str = "SECRET-7f3a-never-read";

fn dangerous_schemes() -> Hostile {
    Arc::new(|req: &Request, base: &str| {
        let secret = secret_path();
        let body = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Schemes</title><link>{base}/</link><description>d</description>
<item><title>Links that must not be followed</title><link>{base}/2026/11/schemes/</link><guid>{base}/?p=15</guid>
<pubDate>Fri, 27 Nov 2026 04:00:00 +0000</pubDate>
<media:content url="file://{secret}" medium="image"><media:description>A file lead</media:description></media:content>
<enclosure url="data:image/png;base64,iVBORw0KGgo=" length="8" type="image/png" />
<content:encoded><![CDATA[<p>A <a href="javascript:alert(document.cookie)">script link</a>,
a <a href="JaVaScRiPt:alert(1)">mixed-case one</a>, a <a href="java&#x09;script:alert(2)">tabbed one</a>,
a <a href=" javascript:alert(3)">spaced one</a>, a <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>,
a <a href="file://{secret}">file link</a>, a <a href="vbscript:msgbox(1)">vbscript link</a>,
and a <a href="{base}/2026/11/fine/">fine link</a>.</p>
<figure><img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+" alt="data picture" /><figcaption>A picture from a data address</figcaption></figure>
<figure><img src="file://{secret}" srcset="file://{secret} 2x, javascript:alert(4) 3x" alt="file picture" /><figcaption>A picture from a local file</figcaption></figure>
<figure><img src="javascript:alert(5)" alt="script picture" /><figcaption>A script picture</figcaption></figure>
<p><iframe src="javascript:alert(6)"></iframe><object data="file://{secret}"></object></p>]]></content:encoded>
</item></channel></rss>
"#
        );
        match req.path.as_str() {
            "/articles" => Response::ok(RSS, body),
            _ => Response::not_found(),
        }
    })
}

/// Where the dangerous-schemes case's secret lives (made by the test).
pub fn secret_path() -> String {
    std::env::temp_dir()
        .join("newsroom-hostile-secret.txt")
        .display()
        .to_string()
}

fn check_escapes(c: &Checked) -> Vec<String> {
    let mut problems = Vec::new();
    // The words around the sequences survive: the item was kept, not dropped.
    let titles: Vec<&str> = [&c.articles, &c.events]
        .into_iter()
        .flat_map(|v| v.as_array().into_iter().flatten())
        .filter_map(|a| a["title"].as_str())
        .collect();
    if !titles.iter().any(|t| t.contains("title")) {
        problems.push(format!("no poisoned item was kept; titles: {titles:?}"));
    }
    for (what, text) in c.outputs() {
        let text = without_encoded_escapes(&text);
        for r in REMNANTS {
            if text.contains(r) {
                problems.push(format!(
                    "{what}: the remnant {r:?} of an escape sequence is left in:\n{}",
                    excerpt(&text, r)
                ));
                break;
            }
        }
    }
    problems
}

/// A URL keeps an escape sequence percent-encoded ("%1B[2J"): inert in a
/// terminal, and the address as the feed gave it. Drop such runs before
/// looking for remnants.
fn without_encoded_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("%1B").or_else(|| rest.find("%1b")) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn check_not_expanded(c: &Checked) -> Vec<String> {
    let mut problems = Vec::new();
    for (what, text) in c.outputs() {
        if text.contains(&"lol".repeat(1000)) || text.contains(&"a".repeat(200_000)) {
            problems.push(format!(
                "{what}: an entity was expanded ({} bytes)",
                text.len()
            ));
        }
    }
    problems
}

fn check_schemes(c: &Checked) -> Vec<String> {
    let mut problems = Vec::new();
    for (line, _, _) in &c.requests {
        let l = line.to_ascii_lowercase();
        if ["javascript", "data:", "file", "vbscript", "secret"]
            .iter()
            .any(|w| l.contains(w))
        {
            problems.push(format!(
                "the server saw a request for a dangerous link: {line}"
            ));
        }
    }
    for (what, text) in c.outputs() {
        if what.starts_with("read") {
            for line in text.lines() {
                let l = line.to_ascii_lowercase();
                if ["javascript:", "data:", "file:", "vbscript:"]
                    .iter()
                    .any(|s| l.contains(s))
                {
                    problems.push(format!("{what}: a dangerous link is shown: {line}"));
                }
            }
        }
        if text.contains(SECRET) {
            problems.push(format!("{what}: the file: target's contents were read"));
        }
    }
    if let Some(list) = c.articles.as_array() {
        for a in list {
            for img in a["images"].as_array().into_iter().flatten() {
                let url = img["url"].as_str().unwrap_or("");
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    problems.push(format!("an image with a non-http URL is kept: {url}"));
                }
            }
        }
    }
    if c.data_dir_holds(SECRET.as_bytes()) {
        problems.push("the file: target's contents are in the data dir".into());
    }
    problems
}

/// The article's pictures were fetched (the live one arrived), the dead
/// host's failures did not stop the others, and the reader shows the captions.
fn check_dead_images(c: &Checked) -> Vec<String> {
    let mut problems = expect_title(c, "Pictures from a dead host");
    if !c
        .requests
        .iter()
        .any(|(line, _, _)| line.ends_with("/img/live.gif"))
    {
        problems.push("the picture on the live host was never fetched".into());
    }
    let read = c.outputs().into_iter().find(|(what, text)| {
        what.starts_with("read") && text.contains("Pictures from a dead host")
    });
    match read {
        Some((_, text))
            if text.contains("The harbour at dawn") && text.contains("The night market") => {}
        other => problems.push(format!(
            "the reader does not show the dead host's captions: {other:?}"
        )),
    }
    problems
}

fn expect_title(c: &Checked, want: &str) -> Vec<String> {
    let titles: Vec<&str> = c
        .articles
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["title"].as_str())
        .collect();
    if titles.iter().any(|t| t.contains(want)) {
        Vec::new()
    } else {
        vec![format!(
            "no article title holds {want:?}; titles: {titles:?}"
        )]
    }
}

fn excerpt(text: &str, at: &str) -> String {
    let i = text.find(at).unwrap_or(0);
    let mut s = i.saturating_sub(60);
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = (i + 60).min(text.len());
    while !text.is_char_boundary(e) {
        e += 1;
    }
    text[s..e].to_string()
}
