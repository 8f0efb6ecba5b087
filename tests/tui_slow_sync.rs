//! A sync started from the reader while the site's picture host trickles:
//! the real binary in a pseudo-terminal, where every key typed meanwhile
//! shows its effect long before any picture has come.
//!
//! Each picture takes about 100 s to arrive; each key's effect is waited
//! for at most a few seconds. That wait only stops a test that would hang:
//! what is asserted is that the screen changed as the key asked while the
//! sync was still saving pictures.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::pty::Pty;
use newsroom::config::SiteConfig;
use newsroom::serve::{Request, Response, Server};

const RSS: &str = "application/rss+xml; charset=UTF-8";
/// Starting up and the first sync, on a loaded machine.
const START: Duration = Duration::from_secs(60);
/// The most a key's effect is waited for.
const KEY: Duration = Duration::from_secs(5);

const TITLES: [&str; 4] = [
    "Harbour lights return to the old quay",
    "Night market reopens after the floods",
    "Ferry timetable changes for winter",
    "Lantern makers of the lower town",
];

fn item(base: &str, pix: &str, i: usize, title: &str, pictures: bool) -> String {
    let mut body = String::new();
    for p in 0..40 {
        body.push_str(&format!(
            "<p>Paragraph {p} of “{title}”: the quay, the boats and the people who \
             keep them, told at some length so the article scrolls.</p>\n"
        ));
        if pictures && p % 10 == 0 {
            body.push_str(&format!(
                "<figure class=\"wp-block-image size-large\"><img decoding=\"async\" \
                 src=\"{pix}/wp-content/uploads/2026/11/photo-{i}-{p}.jpg\" alt=\"Boats\" \
                 width=\"1024\" height=\"683\"/><figcaption class=\"wp-element-caption\">\
                 Boats at dusk, picture {p}</figcaption></figure>\n"
            ));
        }
    }
    let lead = if pictures {
        format!(
            "<media:content url=\"{pix}/wp-content/uploads/2026/11/lead-{i}.jpg\" \
             medium=\"image\"><media:description>The lead picture</media:description></media:content>"
        )
    } else {
        String::new()
    };
    format!(
        "<item><title>{title}</title><link>{base}/2026/11/story-{i}/</link>\
         <guid isPermaLink=\"false\">{base}/?p={i}</guid>\
         <pubDate>Fri, 27 Nov 2026 0{i}:00:00 +0000</pubDate>{lead}\
         <description>The short of it.</description>\
         <content:encoded><![CDATA[{body}]]></content:encoded></item>\n"
    )
}

/// Before the switch, one article with no pictures; after it, four more
/// with pictures on the trickling host as well.
fn feed(base: &str, pix: &str, switched: bool) -> String {
    let mut items = String::new();
    if switched {
        for (i, t) in TITLES.iter().enumerate() {
            items.push_str(&item(base, pix, i + 2, t, true));
        }
    }
    items.push_str(&item(base, pix, 1, "Welcome to the harbour news", false));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>Harbour</title>\
         <link>{base}/</link><description>News</description>\n{items}</channel></rss>\n"
    )
}

fn status_line(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}

#[test]
fn keys_act_at_once_while_a_sync_waits_on_a_trickling_picture_host() {
    let asked = Arc::new(AtomicUsize::new(0));
    let a = asked.clone();
    let pix = Server::start(Arc::new(move |_: &Request| {
        a.fetch_add(1, Ordering::SeqCst);
        Response::ok("image/jpeg", vec![0xFF; 1024]).trickled(1, Duration::from_millis(100))
    }))
    .unwrap();
    let pix_base = pix.base_url();
    let switched = Arc::new(AtomicBool::new(false));
    let s = switched.clone();
    let server = Server::start(Arc::new(move |req: &Request| {
        let base = format!("http://{}", req.header("host").unwrap_or("127.0.0.1"));
        match req.path.as_str() {
            "/feed/" => Response::ok(RSS, feed(&base, &pix_base, s.load(Ordering::SeqCst))),
            _ => Response::not_found(),
        }
    }))
    .unwrap();
    let env = common::Env::new(&[SiteConfig {
        name: "Harbour".into(),
        home: None,
        articles: vec![format!("{}/feed/", server.base_url())],
        events: vec![],
    }]);
    let cfg = std::fs::read_to_string(env.config()).unwrap();
    std::fs::write(
        env.config(),
        format!("picture_timeout = 120\nsync_deadline = 300\n{cfg}"),
    )
    .unwrap();

    let config_home = tempfile::tempdir().unwrap();
    let (config, data) = (env.config(), env.data());
    let mut pty = Pty::spawn(
        &[
            "--config",
            config.to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
        ],
        &[("XDG_CONFIG_HOME", config_home.path().to_str().unwrap())],
        100,
        30,
    );
    // The sync at start: one article, nothing slow.
    pty.wait_for("the first sync", START, |s| {
        let st = status_line(s);
        s.contains("Welcome to the harbour news")
            && st.contains("synced")
            && !st.contains("not synced")
    });
    pty.send("\r");
    pty.wait_text("min read", KEY);

    // The site gains articles with pictures; a sync from the reader.
    switched.store(true, Ordering::SeqCst);
    pty.send("\x12");
    let started = Instant::now();
    while asked.load(Ordering::SeqCst) == 0 {
        assert!(
            started.elapsed() < START,
            "no picture was asked for; screen:\n{}",
            pty.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let stuck = pty.wait_for("the sync saving pictures", KEY, |s| {
        status_line(s).contains("saving images")
    });
    assert!(stuck.contains("min read"), "still in the reader:\n{stuck}");

    // Back to the list, which holds the new articles, newest first.
    pty.send("q");
    let list = pty.wait_for("the list", KEY, |s| {
        s.contains(TITLES[3]) && !s.contains("min read")
    });
    assert!(status_line(&list).contains("/5  ?"), "{list}");
    pty.send("gg");
    pty.wait_for("the first row selected", KEY, |s| {
        status_line(s).contains(" 1/5  ?")
    });
    pty.send("j");
    pty.wait_for("the second row selected", KEY, |s| {
        status_line(s).contains(" 2/5  ?")
    });
    pty.send("\r");
    let reader = pty.wait_for("the second article open", KEY, |s| {
        s.contains(TITLES[2]) && status_line(s).contains("min read")
    });
    assert!(status_line(&reader).contains("· top  ?"), "{reader}");
    pty.send(" ");
    let scrolled = pty.wait_for("a page further down", KEY, |s| {
        let st = status_line(s);
        st.contains("min read") && !st.contains("top")
    });
    assert!(scrolled.contains('%'), "{scrolled}");
    pty.send("G");
    pty.wait_for("the end of the article", KEY, |s| {
        status_line(s).contains("· end  ?")
    });
    pty.send("q");
    pty.wait_for("the list again", KEY, |s| {
        !s.contains("min read") && status_line(s).contains(" 2/5  ?")
    });

    // All that happened while the pictures were still on their way.
    let now = pty.screen();
    assert!(
        status_line(&now).contains("saving images"),
        "the sync had ended, so the keys proved nothing:\n{now}"
    );
    pty.send("q");
    let status = pty
        .wait_exit(START)
        .expect("newsroom quits while the sync waits");
    assert!(status.success(), "exit status {status:?}");
    drop(pix);
}
