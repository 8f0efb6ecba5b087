//! The documents the hostile suite serves. `{BASE}` stands for the loopback
//! server's origin and is filled in per request, so every link a sync might
//! follow stays on 127.0.0.1.

/// Escape sequences a feed might smuggle into any field.
pub const CSI_COLOUR: &str = "\x1b[31;1m";
pub const CSI_RESET: &str = "\x1b[0m";
pub const CURSOR: &str = "\x1b[2J\x1b[H\x1b[10A";
pub const OSC52: &str = "\x1b]52;c;ZWNobyBwd25lZCA+IH4vLmJhc2hyYw==\x07";
pub const OSC8: &str = "\x1b]8;;https://evil.example/\x1b\\";
pub const OSC8_END: &str = "\x1b]8;;\x1b\\";
pub const DCS: &str = "\x1bP+q544e\x1b\\";
pub const C1_CSI: &str = "\u{9b}33m";
pub const BIDI: &str = "\u{202e}\u{2066}";
pub const BIDI_END: &str = "\u{2069}\u{202c}";
pub const ZERO_WIDTH: &str = "\u{200b}\u{200d}\u{feff}";
pub const MISC_C0: &str = "\x07\x08\r";

/// Text fragments that are left over when a sanitiser drops the ESC byte but
/// keeps the rest of the sequence.
pub const REMNANTS: &[&str] = &[
    "52;c;",
    "[31;1m",
    "[2J",
    "8;;https://evil",
    "P+q544e",
    "[0m",
];

/// Every kind of sequence wrapped around `word`.
pub fn poisoned(word: &str) -> String {
    format!(
        "{CSI_COLOUR}{CURSOR}{word}{CSI_RESET}{OSC52}{OSC8}{ZERO_WIDTH}x{OSC8_END}{DCS}{C1_CSI}{BIDI}gpj.exe{BIDI_END}{MISC_C0}"
    )
}

/// Escape a string for an XML text node, keeping control bytes raw.
fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Escape a string for a JSON string literal; serde_json writes controls as \u00XX.
fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

pub const GOOD_RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>
<channel>
	<title>Victim House</title>
	<atom:link href="{BASE}/articles" rel="self" type="application/rss+xml" />
	<link>{BASE}/</link>
	<description>Ideas, debate and culture</description>
	<lastBuildDate>Thu, 26 Nov 2026 09:12:44 +0000</lastBuildDate>
	<language>en-GB</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<generator>https://wordpress.org/?v=6.8.3</generator>
	<item>
		<title>Trade winds: what the Gulf&#8217;s pivot east means</title>
		<link>{BASE}/2026/11/trade-winds/</link>
		<dc:creator><![CDATA[Priya Raman]]></dc:creator>
		<pubDate>Thu, 26 Nov 2026 09:00:00 +0000</pubDate>
		<category><![CDATA[Economics]]></category>
		<category><![CDATA[Gulf]]></category>
		<guid isPermaLink="false">{BASE}/?p=2101</guid>
		<description><![CDATA[<p>Ministers met in Riyadh this week &#8211; and the talk was of Asia [&hellip;]</p>
<p>The post <a href="{BASE}/2026/11/trade-winds/">Trade winds</a> appeared first on <a href="{BASE}">Victim House</a>.</p>]]></description>
		<content:encoded><![CDATA[<p>Ministers met in Riyadh this week &#8211; and the talk was of Asia.</p>
<figure class="wp-block-image size-large"><img loading="lazy" decoding="async" width="1024" height="683" src="{BASE}/img/port-1024x683.jpg" alt="Cranes at the port" class="wp-image-2102" srcset="{BASE}/img/port-1024x683.jpg 1024w, {BASE}/img/port-300x200.jpg 300w" sizes="(max-width: 1024px) 100vw, 1024px" /><figcaption class="wp-element-caption">Cranes at Jebel Ali. Photo: Reuters</figcaption></figure>
<p>Read the <a href="{BASE}/reports/gulf-asia/">full report</a>.</p>]]></content:encoded>
	</item>
	<item>
		<title>Film night: new voices from Seoul</title>
		<link>{BASE}/2026/11/film-night/</link>
		<dc:creator><![CDATA[Tom Hale]]></dc:creator>
		<pubDate>Wed, 25 Nov 2026 17:30:00 +0000</pubDate>
		<category><![CDATA[Culture]]></category>
		<guid isPermaLink="false">{BASE}/?p=2090</guid>
		<description><![CDATA[Three short films &#038; a conversation [&hellip;]]]></description>
		<content:encoded><![CDATA[<p>Three short films &#038; a conversation with their directors.</p>]]></content:encoded>
	</item>
	<item>
		<title>Monsoon economics, revisited</title>
		<link>{BASE}/2026/11/monsoon/</link>
		<dc:creator><![CDATA[Priya Raman]]></dc:creator>
		<pubDate>Tue, 24 Nov 2026 08:00:00 +0000</pubDate>
		<category><![CDATA[Economics]]></category>
		<guid isPermaLink="false">{BASE}/?p=2080</guid>
		<description><![CDATA[Rain, rice and rates.]]></description>
		<content:encoded><![CDATA[<p>Rain, rice and rates: the numbers behind the season.</p>]]></content:encoded>
	</item>
</channel>
</rss>
"#;

/// Google Calendar style: CRLF, folded lines, escaped commas, a VTIMEZONE.
pub fn good_ics() -> String {
    [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Victim House events",
        "X-WR-TIMEZONE:Europe/London",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/London",
        "X-LIC-LOCATION:Europe/London",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0100",
        "TZNAME:BST",
        "DTSTART:19700329T010000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0000",
        "TZNAME:GMT",
        "DTSTART:19701025T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "DTSTART;TZID=Europe/London:20271203T183000",
        "DTEND;TZID=Europe/London:20271203T200000",
        "DTSTAMP:20261120T101010Z",
        "UID:evt-2201@victim.example",
        "URL:{BASE}/events/gulf-panel/",
        "SUMMARY:The Gulf looks east: a panel",
        "LOCATION:Victim House\\, 63 New Cavendish Street\\, London W1G 7LP",
        "DESCRIPTION:Four speakers on trade\\, energy and the new routes.\\nBook now",
        "  – places are limited.",
        "CATEGORIES:Panel,Economics",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "DTSTART;VALUE=DATE:20271210",
        "DTEND;VALUE=DATE:20271211",
        "DTSTAMP:20261120T101010Z",
        "UID:evt-2202@victim.example",
        "URL:{BASE}/events/winter-fair/",
        "SUMMARY:Winter fair",
        "LOCATION:Victim House",
        "DESCRIPTION:Crafts and food from across Asia.",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    .join("\r\n")
}

/// An RSS feed with every kind of escape sequence in every field, some as raw
/// bytes and some as XML character references.
pub fn escapes_rss() -> String {
    let p = poisoned;
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>{ct}</title><link>{{BASE}}/</link><description>{cd}</description>
<item>
<title>{title}</title>
<link>{{BASE}}/2026/11/hostile-title/]52;c;ZXZpbA==</link>
<dc:creator>{author}</dc:creator>
<category>{cat}</category>
<category><![CDATA[{cat2}]]></category>
<pubDate>Fri, 27 Nov 2026 10:00:00 +0000</pubDate>
<guid isPermaLink="false">{{BASE}}/?p=666</guid>
<description>{summary}</description>
<media:content url="{{BASE}}/img/lead.jpg" medium="image"><media:description>{media_caption}</media:description></media:content>
<content:encoded><![CDATA[<p>{body}</p>
<figure class="wp-block-image"><img src="{{BASE}}/img/esc.jpg[31m" alt="{alt}" /><figcaption>{caption}</figcaption></figure>
<p><a href="{{BASE}}/target/{href_word}">{link_text}</a> and <a href="{{BASE}}/ok/">&#x1b;[31mref&#x1b;[0m &#155;32m &#x1b;]52;c;Zm9v&#x7;</a></p>
<h2>{heading}</h2><ul><li>{li}</li></ul><blockquote>{quote}</blockquote>]]></content:encoded>
</item>
<item>
<title>Reference &#x1b;[31mtitle&#x1b;[0m &#x1b;]52;c;Zm9vYmFy&#x7; &#155;31m &#x202e;evil&#x202c; z&#x200b;w</title>
<link>{{BASE}}/2026/11/hostile-refs/</link>
<dc:creator>Ref &#x1b;]8;;https://evil.example/&#x1b;\author&#x1b;]8;;&#x1b;\</dc:creator>
<category>Ref &#x1b;P+q544e&#x1b;\category</category>
<pubDate>Fri, 27 Nov 2026 09:00:00 +0000</pubDate>
<guid isPermaLink="false">{{BASE}}/?p=667</guid>
<description>Ref &#x1b;[2Jsummary</description>
<content:encoded><![CDATA[<p>Ref body &#x1b;[31mred&#x1b;[0m &#155;33m &#x1b;]52;c;Zm9v&#x7;</p>]]></content:encoded>
</item>
</channel></rss>
"#,
        ct = xml(&p("Channel")),
        cd = xml(&p("Description")),
        title = xml(&p("Hostile title")),
        author = xml(&p("Mallory")),
        cat = xml(&p("Category one")),
        cat2 = p("Category two"),
        summary = xml(&p("Summary text")),
        media_caption = xml(&p("Lead caption")),
        body = p("Body text"),
        alt = xml(&p("Alt text")),
        caption = p("Caption text"),
        href_word = "x%1B%5B31m",
        link_text = p("Link text"),
        heading = p("Heading text"),
        li = p("List text"),
        quote = p("Quote text"),
    )
}

/// A JSON Feed carrying escape sequences (as JSON \u escapes, NUL included).
pub fn escapes_json_feed() -> String {
    let p = |w: &str| json(&format!("{}\u{0}", poisoned(w)));
    format!(
        r#"{{"version":"https://jsonfeed.org/version/1.1","title":{t},"home_page_url":"{{BASE}}/","feed_url":"{{BASE}}/articles",
"items":[{{"id":"{{BASE}}/?p=777","url":"{{BASE}}/2026/11/json-hostile/\u001b[2J","title":{title},
"content_html":{body},"summary":{summary},"image":"{{BASE}}/img/json.jpg",
"date_published":"2026-11-27T11:00:00Z","authors":[{{"name":{author}}}],"tags":[{tag1},{tag2}]}}]}}"#,
        t = p("Feed"),
        title = p("JSON title"),
        body = json(&format!(
            "<p>{}</p><figure><img src=\"{{BASE}}/img/j.jpg\" alt=\"{}\"><figcaption>{}</figcaption></figure><p><a href=\"{{BASE}}/j/\">{}</a></p>",
            poisoned("JSON body"),
            poisoned("JSON alt").replace('"', ""),
            poisoned("JSON caption"),
            poisoned("JSON link")
        )),
        summary = p("JSON summary"),
        author = p("JSON author"),
        tag1 = p("JSON tag"),
        tag2 = json("\u{1b}]52;c;dGFn\u{7}plain tag"),
    )
}

/// iCalendar with escape sequences as raw bytes in every text property.
pub fn escapes_ics() -> String {
    let p = |w: &str| poisoned(w).replace(',', "\\,").replace(';', "\\;");
    [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN".into(),
        "BEGIN:VEVENT".into(),
        "DTSTART:20271204T180000Z".into(),
        "DTEND:20271204T193000Z".into(),
        "DTSTAMP:20261120T101010Z".into(),
        "UID:hostile-1@victim.example".into(),
        format!("SUMMARY:{}", p("Event title")),
        format!("LOCATION:{}", p("Event venue")),
        format!(
            "DESCRIPTION:{}\\n{}",
            p("Event description"),
            p("Second line")
        ),
        format!("CATEGORIES:{},{}", p("Event category"), p("Other")),
        format!(
            "ORGANIZER;CN=\"{}\":mailto:m@victim.example",
            poisoned("Organiser").replace('"', "")
        ),
        "URL:{BASE}/events/hostile/".into(),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
        String::new(),
    ]
    .join("\r\n")
}

/// The Events Calendar REST shape, escape sequences as JSON \u escapes.
pub fn escapes_tribe() -> String {
    let p = |w: &str| json(&poisoned(w));
    format!(
        r#"{{"events":[{{"id":4401,"global_id":"victim.example?id=4401","author":"1","status":"publish",
"date":"2026-11-20 10:00:00","date_utc":"2026-11-20 10:00:00","modified":"2026-11-21 10:00:00",
"url":"{{BASE}}/event/hostile-tribe/","rest_url":"{{BASE}}/wp-json/tribe/events/v1/events/4401",
"title":{title},"description":{desc},"excerpt":{excerpt},"slug":"hostile-tribe",
"image":{{"url":"{{BASE}}/img/t.jpg","id":9,"extension":"jpg","width":800,"height":533}},
"all_day":false,"start_date":"2027-12-05 18:30:00","start_date_details":{{"year":"2027","month":"12","day":"05","hour":"18","minutes":"30","seconds":"00"}},
"end_date":"2027-12-05 20:00:00","end_date_details":{{"year":"2027","month":"12","day":"05","hour":"20","minutes":"00","seconds":"00"}},
"utc_start_date":"2027-12-05 18:30:00","utc_end_date":"2027-12-05 20:00:00","timezone":"Europe/London","timezone_abbr":"GMT",
"cost":{cost},"cost_details":{{"currency_symbol":"£","currency_code":"GBP","currency_position":"prefix","values":["15"]}},
"website":"{{BASE}}/book/hostile/","show_map":true,"show_map_link":true,"hide_from_listings":false,"sticky":false,"featured":false,
"categories":[{{"name":{cat},"slug":"talks","term_group":0,"term_taxonomy_id":12,"taxonomy":"tribe_events_cat","description":"","parent":0,"count":3,"filter":"raw","id":12,"urls":{{}}}}],
"tags":[],"venue":{{"id":55,"venue":{venue},"address":{addr},"city":{city},"country":"United Kingdom","zip":"W1G 7LP","show_map":true}},"organizer":[]}}],
"rest_url":"{{BASE}}/wp-json/tribe/events/v1/events/","total":1,"total_pages":1}}"#,
        title = p("Tribe title"),
        desc = json(&format!("<p>{}</p>", poisoned("Tribe description"))),
        excerpt = json(&format!("<p>{}</p>", poisoned("Tribe excerpt"))),
        cost = p("£15"),
        cat = p("Tribe category"),
        venue = p("Tribe venue"),
        addr = p("63 New Cavendish Street"),
        city = p("London"),
    )
}

/// The classic entity expansion attack: a billion "lol"s from 1 KB.
pub fn billion_laughs() -> String {
    let mut dtd = String::from("<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    format!(
        r#"<?xml version="1.0"?>
<!DOCTYPE rss [
{dtd}]>
<rss version="2.0"><channel><title>&lol9;</title><link>{{BASE}}/</link><description>&lol9;</description>
<item><title>Laughs &lol9;</title><link>{{BASE}}/2026/11/laughs/</link><guid>{{BASE}}/?p=9</guid>
<description>&lol9;</description></item></channel></rss>
"#
    )
}

/// One 64 KB entity referenced 20,000 times: 1.3 GB if expanded.
pub fn quadratic_blowup() -> String {
    let big = "a".repeat(65_536);
    let refs = "&big;".repeat(20_000);
    format!(
        r#"<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY big "{big}">]>
<rss version="2.0"><channel><title>Blowup</title><link>{{BASE}}/</link><description>d</description>
<item><title>Blowup</title><link>{{BASE}}/2026/11/blowup/</link><guid>{{BASE}}/?p=10</guid>
<description>{refs}</description></item></channel></rss>
"#
    )
}

/// A well-formed RSS feed of about `size` bytes.
pub fn huge_feed(size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + 4096);
    out.extend_from_slice(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Huge</title><link>http://127.0.0.1/</link><description>d</description>\n",
    );
    let filler = "All work and no play makes a very long feed. ".repeat(200);
    let mut i = 0;
    while out.len() < size {
        out.extend_from_slice(
            format!(
                "<item><title>Item {i}</title><link>http://127.0.0.1/huge/{i}/</link><guid>huge-{i}</guid><description>{filler}</description></item>\n"
            )
            .as_bytes(),
        );
        i += 1;
    }
    out.extend_from_slice(b"</channel></rss>\n");
    out
}

/// GOOD_RSS's shape with invalid UTF-8 bytes in the title, author and body.
pub fn invalid_utf8() -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Bytes</title><link>{BASE}/</link><description>d</description>\n<item><title>Caf\xc3 au lait \xff\xfe and \xed\xa0\x80 surrogate</title><link>{BASE}/2026/11/bytes/</link><guid>{BASE}/?p=11</guid><dc:creator>Jos\xe9 Bad</dc:creator>\n<pubDate>Fri, 27 Nov 2026 08:00:00 +0000</pubDate><description>Broken \xc0\xaf overlong</description>\n<content:encoded><![CDATA[<p>Body with \x80\x9b31m stray bytes and \xf4\x90\x80\x80 beyond Unicode.</p>]]></content:encoded></item></channel></rss>\n",
    );
    v
}

/// A small RSS feed whose one item has `title` and `author`, encoded in a
/// legacy encoding by the caller; `decl` is the XML declaration's encoding.
pub fn legacy_feed(decl: Option<&str>, title: &[u8], author: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    match decl {
        Some(enc) => {
            v.extend_from_slice(format!("<?xml version=\"1.0\" encoding=\"{enc}\"?>\n").as_bytes())
        }
        None => v.extend_from_slice(b"<?xml version=\"1.0\"?>\n"),
    }
    v.extend_from_slice(
        b"<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Legacy</title><link>{BASE}/</link><description>d</description>\n<item><title>",
    );
    v.extend_from_slice(title);
    v.extend_from_slice(
        b"</title><link>{BASE}/2026/11/legacy/</link><guid>{BASE}/?p=12</guid><dc:creator>",
    );
    v.extend_from_slice(author);
    v.extend_from_slice(
        b"</dc:creator><pubDate>Fri, 27 Nov 2026 07:00:00 +0000</pubDate><description>",
    );
    v.extend_from_slice(title);
    v.extend_from_slice(b"</description></item></channel></rss>\n");
    v
}

/// UTF-16LE with a byte-order mark, as some Windows tools save XML.
pub fn utf16_feed(title: &str) -> Vec<u8> {
    let text = String::from_utf8(legacy_feed(
        Some("UTF-16"),
        title.as_bytes(),
        "Wei Zhang".as_bytes(),
    ))
    .unwrap();
    let mut v = vec![0xff, 0xfe];
    for unit in text.encode_utf16() {
        v.extend_from_slice(&unit.to_le_bytes());
    }
    v
}

/// A WordPress home page, the kind of thing a wrong feed URL returns.
pub const HTML_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Victim House &#8211; Ideas, debate and culture</title>
<link rel="alternate" type="application/rss+xml" title="Victim House &raquo; Feed" href="{BASE}/articles" />
<link rel="https://api.w.org/" href="{BASE}/wp-json/" />
<script type="application/ld+json" class="yoast-schema-graph">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","@id":"{BASE}/","name":"Victim House"}]}</script>
</head>
<body class="home blog">
<header id="masthead"><a href="{BASE}/">Victim House</a></header>
<main><article class="post-2101 post type-post"><h2 class="entry-title"><a href="{BASE}/2026/11/trade-winds/">Trade winds</a></h2></article></main>
</body>
</html>
"#;

/// A WordPress REST posts array where plugins put the wrong types in fields.
pub const WRONG_TYPES_REST: &str = r#"[
{"id":3101,"date":"2026-11-27T10:00:00","date_gmt":"2026-11-27T10:00:00","guid":{"rendered":"{BASE}/?p=3101"},"modified":"2026-11-27T10:00:00","slug":"rest-good","status":"publish","type":"post","link":"{BASE}/2026/11/rest-good/","title":{"rendered":"REST post with the right types &#8211; kept"},"content":{"rendered":"<p>Fine body.</p>\n","protected":false},"excerpt":{"rendered":"<p>Fine [&hellip;]</p>\n","protected":false},"author":3,"featured_media":0,"categories":[4],"tags":[]},
{"id":"3102","date":1764237600,"date_gmt":null,"guid":{"rendered":3102},"link":42,"title":{"rendered":["an","array"]},"content":null,"excerpt":{"rendered":null},"author":"three","categories":"4,5","tags":{"0":1}},
{"id":3103,"date":"2026-11-27T09:00:00","link":"{BASE}/2026/11/rest-wrong/","title":"a plain string, not an object","content":{"rendered":7,"protected":"no"},"excerpt":false,"categories":[null,"x",{"id":4}],"_embedded":{"author":[{"name":{"first":"A"}}],"wp:featuredmedia":[{"source_url":false,"alt_text":12,"caption":{"rendered":[]}}],"wp:term":[[{"name":5}]]}},
null, 5, "string", [], true,
{"id":3104,"title":{"rendered":"Deep"},"link":"{BASE}/2026/11/deep/","content":{"rendered":{"a":{"b":{"c":[[[[[]]]]]}}}}}
]"#;

/// The Events Calendar REST shape with wrong types in every field.
pub const WRONG_TYPES_TRIBE: &str = r#"{"events":[
{"id":"x","url":17,"title":["t"],"description":null,"start_date":20271205,"end_date":null,"timezone":5,"all_day":"yes","cost":[],"venue":[],"categories":{"name":"c"},"website":false},
{"id":4402,"url":"{BASE}/event/null-dates/","title":"Null dates","start_date":null,"end_date":null,"utc_start_date":false,"venue":{"venue":null,"address":7}},
null, 1, "s"
],"total":"many","total_pages":{"n":1}}"#;
