//! The real binary on the sample site in a pseudo-terminal: what a person
//! sees and does.

mod common;

use std::time::Duration;

use common::pty::Pty;

const WAIT: Duration = Duration::from_secs(30);

fn start(extra: &[&str]) -> (Pty, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config_home = dir.path().join("config");
    let mut args = vec!["--demo", "--data-dir", data.to_str().unwrap()];
    args.extend_from_slice(extra);
    let home = dir.path().to_str().unwrap().to_string();
    let envs = [
        ("XDG_CONFIG_HOME", config_home.to_str().unwrap()),
        ("HOME", home.as_str()),
        ("XDG_DOWNLOAD_DIR", home.as_str()),
    ];
    let pty = Pty::spawn(&args, &envs, 100, 30);
    (pty, dir)
}

/// The reader on `env`'s config and cache, with `extra` arguments; the
/// folder holds its own config home.
fn start_on(env: &common::Env, extra: &[&str]) -> (Pty, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (config, data) = (env.config(), env.data());
    let mut args = vec![
        "--config",
        config.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let pty = Pty::spawn(
        &args,
        &[("XDG_CONFIG_HOME", dir.path().to_str().unwrap())],
        100,
        30,
    );
    (pty, dir)
}

fn assert_restored(pty: &mut Pty) {
    let status = pty.wait_exit(WAIT).expect("newsroom quits");
    assert!(status.success(), "exit status {status:?}");
    let raw = String::from_utf8_lossy(&pty.raw()).into_owned();
    let entered = raw
        .rfind("\x1b[?1049h")
        .expect("the alternate screen was used");
    let left = raw
        .rfind("\x1b[?1049l")
        .expect("the alternate screen is left");
    assert!(
        left > entered,
        "left the alternate screen after entering it"
    );
    assert!(
        raw[left..].contains("\x1b[?25h")
            || raw[..left].rfind("\x1b[?25h") > raw.rfind("\x1b[?25l"),
        "the cursor is shown again"
    );
}

#[test]
fn open_an_article_scroll_and_quit() {
    let (mut pty, _dir) = start(&[]);
    pty.wait_text("Ink and Algorithm", WAIT);
    pty.wait_text("synced", WAIT);
    pty.send("\r");
    let reader = pty.wait_text("min read", WAIT);
    assert!(
        reader.contains("▣"),
        "the lead picture's caption block:\n{reader}"
    );
    pty.send("jjjj ");
    pty.wait_for("scrolled", WAIT, |s| s != reader);
    pty.send("q");
    pty.wait_for("the list again", WAIT, |s| {
        s.contains("Ink and Algorithm") && !s.contains("min read")
    });
    pty.send("q");
    assert_restored(&mut pty);
}

#[test]
fn events_are_a_tab_away_and_come_back() {
    let (mut pty, _dir) = start(&[]);
    let _dir = &_dir;
    pty.wait_text("synced", WAIT);
    pty.send("\t");
    let agenda = pty.wait_text("Upcoming events", WAIT);
    assert!(agenda.contains("Mandarin Conversation Circle"), "{agenda}");
    pty.send("\r");
    let detail = pty.wait_text("Duration", WAIT);
    assert!(detail.contains("Venue"), "{detail}");
    // Add to calendar: the .ics lands in the download folder, and says where.
    pty.send("e");
    let saved = pty.wait_text("saved ", WAIT);
    let ics = std::fs::read_dir(_dir.path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "ics"))
        .unwrap_or_else(|| panic!("no .ics written; screen:\n{saved}"));
    let text = std::fs::read_to_string(ics).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    pty.send("q");
    pty.wait_text("Upcoming events", WAIT);
    pty.send("\t");
    pty.wait_text("Ink and Algorithm", WAIT);
    pty.send("q");
    assert_restored(&mut pty);
}

#[test]
fn offline_is_said_on_the_status_line() {
    // A cache filled by a sync, then the reader with the network gone.
    let demo = newsroom::demo::start().unwrap();
    let env = common::Env::new(&[demo.site()]);
    assert!(env.run(&["sync"]).status.success());
    drop(demo);
    // The same site where nothing answers: port 1, which no test server
    // (bound to a port the system picks) can be given, as the sample
    // site's freed port could be while other tests run.
    std::fs::write(
        env.config(),
        common::site_toml(&newsroom::demo::site_at("http://127.0.0.1:1")),
    )
    .unwrap();
    let (mut pty, _dir) = start_on(&env, &[]);
    let screen = pty.wait_text("offline  · synced", WAIT);
    assert!(
        screen.contains("Ink and Algorithm"),
        "the cache is there offline:\n{screen}"
    );
    pty.send("\r");
    pty.wait_text("min read", WAIT);
    pty.send("qq");
    assert_restored(&mut pty);
}

#[test]
fn a_link_to_a_cached_article_opens_in_the_reader_and_back() {
    let (mut pty, _dir) = start(&[]);
    pty.wait_text("synced", WAIT);
    // The newest article links to the interview as its third link.
    pty.wait_text("Winter Season", WAIT);
    pty.send("g");
    pty.send("g");
    pty.send("\r");
    let first = pty.wait_text("min read", WAIT);
    assert!(first.contains("Winter Season"), "{first}");
    pty.send("3l");
    let linked = pty.wait_for("the linked article", WAIT, |s| {
        s.contains("A Conversation with Hiroshi Tanabe")
            && !s.contains("Winter Season at Meridian House")
    });
    assert!(linked.contains("min read"), "{linked}");
    pty.send("h");
    pty.wait_for("back at the first article", WAIT, |s| {
        s.contains("Winter Season at Meridian House") && s.contains("min read")
    });
    pty.send("qq");
    assert_restored(&mut pty);
}

#[test]
fn a_long_article_opens_at_once_and_is_laid_out_whole_without_a_key() {
    use std::sync::{Arc, OnceLock};
    // A feed whose one article is some 300 KB of HTML.
    let origin: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
    let o = origin.clone();
    let server = newsroom::serve::Server::start(Arc::new(move |req: &newsroom::serve::Request| {
        let base = o.get().cloned().unwrap_or_default();
        if req.path != "/feed/" {
            return newsroom::serve::Response::new(404);
        }
        let mut body = String::new();
        for i in 0..2500 {
            body.push_str(&format!(
                "<p>Paragraph {i} of the long read, on the <a href=\"{base}/p/{}\">grid</a> and who pays for it.</p>\n",
                i % 30
            ));
        }
        body.push_str("<p>The closing paragraph.</p>");
        let feed = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" \
             xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Long</title>\
             <link>{base}/</link><description>x</description><item><title>The Long Read</title>\
             <link>{base}/2026/11/long-read/</link><guid>{base}/?p=1</guid>\
             <pubDate>Fri, 27 Nov 2026 09:00:00 +0000</pubDate><description>A long one.</description>\
             <content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"
        );
        newsroom::serve::Response::ok("application/rss+xml; charset=UTF-8", feed)
    }))
    .unwrap();
    let _ = origin.set(server.base_url());
    let site = newsroom::config::SiteConfig {
        name: "Long Reads".into(),
        home: None,
        articles: vec![format!("{}/feed/", server.base_url())],
        events: vec![],
    };
    let env = common::Env::new(&[site]);
    let synced = env.run(&["sync"]);
    assert!(synced.status.success(), "{synced:?}");
    let (mut pty, _dir) = start_on(&env, &["--offline"]);
    pty.wait_text("The Long Read", WAIT);
    pty.send("\r");
    pty.wait_text("min read · top", WAIT);
    // No key but scrolling (which lays out nothing more): the rest is laid
    // out meanwhile. 150 lines down is then a few per cent of the article,
    // not half of its first part. A slow machine is given a few tries.
    let percent_at = |s: &str| -> Option<usize> {
        s.split_whitespace()
            .find_map(|w| w.strip_suffix('%').and_then(|n| n.parse().ok()))
    };
    let mut tries = Vec::new();
    for _ in 0..20 {
        std::thread::sleep(Duration::from_millis(500));
        pty.send("150j");
        let screen = pty.wait_for("a percentage", WAIT, |s| percent_at(s).is_some());
        let percent = percent_at(&screen).unwrap();
        tries.push(percent);
        if percent < 15 {
            break;
        }
        pty.send("150k");
        pty.wait_text("min read · top", WAIT);
    }
    assert!(
        tries.last().is_some_and(|p| *p < 15),
        "per cent after 150 lines, try by try: {tries:?}"
    );
    pty.send("G");
    pty.wait_text("[30]", WAIT);
    pty.send("qq");
    assert_restored(&mut pty);
}

#[test]
fn the_agenda_saves_as_one_calendar() {
    let (mut pty, dir) = start(&[]);
    pty.wait_text("synced", WAIT);
    pty.send("\t");
    pty.wait_text("Upcoming events", WAIT);
    // The whole list, not the event under the cursor, named for what it is.
    pty.send("E");
    let screen = pty.wait_text("newsroom-upcoming-events.ics", WAIT);
    assert!(screen.contains("saved "), "{screen}");
    let path = dir.path().join("newsroom-upcoming-events.ics");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}:\n{screen}"));
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.matches("BEGIN:VEVENT").count() >= 5, "{text}");
    assert_eq!(text.matches("TZID:Europe/London").count(), 1, "{text}");
    assert!(text.contains("SUMMARY:Mandarin Conversation Circle"));
    pty.send("\t");
    pty.wait_text("Ink and Algorithm", WAIT);
    pty.send("q");
    assert_restored(&mut pty);
}
