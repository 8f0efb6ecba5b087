//! `import-opml` and `export-opml` with the real binary: the feed lists
//! other readers write, the config edited in place, and newsboat reading
//! ours and writing what we read (skipped where it is not installed).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::run_with;

const CONFIG: &str = "# my reading\n\
theme = \"default\"  # the colours\n\
\n\
[[site]]\n\
# the one I started with\n\
name = \"Asia House\"\n\
home = \"https://asiahouse.org/\"\n\
articles = [\"https://asiahouse.org/feed/\"]\n";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/opml")
        .join(name)
}

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new(config: Option<&str>) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        if let Some(c) = config {
            std::fs::write(dir.path().join("config.toml"), c).unwrap();
        }
        Setup { dir }
    }
    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }
    fn text(&self) -> String {
        std::fs::read_to_string(self.config()).unwrap()
    }
    fn run(&self, args: &[&str]) -> Output {
        run_with(&self.config(), &self.dir.path().join("data"), args)
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
    /// Every source URL `export-opml` lists.
    fn exported(&self) -> Vec<String> {
        xml_urls(&self.ok(&["export-opml"]))
    }
}

fn xml_urls(opml: &str) -> Vec<String> {
    opml.split("xmlUrl=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].replace("&amp;", "&"))
        .collect()
}

#[test]
fn every_readers_export_is_read_and_the_config_keeps_its_comments() {
    let s = Setup::new(Some(CONFIG));
    let cases: [(&str, &[&str]); 6] = [
        (
            "feedly.opml",
            &[
                "https://thediplomat.com/feed/",
                "https://asia.nikkei.com/rss/feed/category/53",
                "https://asia.nikkei.com/rss/feed/category/52",
                "http://feeds.feedburner.com/TechCrunch/",
            ],
        ),
        (
            "newsboat.opml",
            &[
                "https://lwn.net/headlines/rss",
                "https://www.theguardian.com/world/asia-pacific/rss",
                "https://www.theguardian.com/books/rss",
            ],
        ),
        (
            "inoreader.xml",
            &[
                "https://www.lemonde.fr/rss/une.xml",
                "http://blog.example.net/rss?a=1&b=2",
            ],
        ),
        (
            "netnewswire.opml",
            &[
                "https://www.scmp.com/rss/3/feed",
                "https://daringfireball.net/feeds/json",
            ],
        ),
        (
            "freshrss.opml.xml",
            &[
                "https://restofworld.org/feed/latest",
                "https://hyperallergic.com/feed/",
            ],
        ),
        ("miniflux.opml", &["https://asiahouse.org/events/?ical=1"]),
    ];
    let mut all = vec!["https://asiahouse.org/feed/".to_string()];
    for (file, added) in cases {
        let out = s.run(&["import-opml", fixture(file).to_str().unwrap()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{file}: {stdout}");
        for u in added {
            assert!(stdout.contains(u), "{file}: {u} not said in\n{stdout}");
        }
        all.extend(added.iter().map(|u| u.to_string()));
        let mut exported = s.exported();
        exported.sort();
        let mut want = all.clone();
        want.sort();
        assert_eq!(exported, want, "after {file}");
    }
    let text = s.text();
    assert!(
        text.starts_with(CONFIG.trim_end_matches(']').trim_end_matches('"')),
        "{text}"
    );
    assert!(
        text.contains("# the one I started with\nname = \"Asia House\""),
        "{text}"
    );
    assert!(
        text.contains("theme = \"default\"  # the colours"),
        "{text}"
    );
    // One site per host, named as the reader named the feed.
    assert_eq!(
        text.matches("name = \"Nikkei Asia – Tech\"").count(),
        1,
        "{text}"
    );
    assert_eq!(text.matches("[[site]]").count(), 12, "{text}");
    // The calendar Miniflux listed as a feed went to Asia House's events.
    assert!(
        text.contains("events = [\"https://asiahouse.org/events/?ical=1\"]"),
        "{text}"
    );

    // What is there already is skipped: a second import changes nothing.
    let out = s.ok(&["import-opml", fixture("feedly.opml").to_str().unwrap()]);
    assert!(out.contains("added 0 feeds"), "{out}");
    assert_eq!(s.text(), text);

    // What cannot be a source is said, with its line and reason.
    let out = s.run(&["import-opml", fixture("inoreader.xml").to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 9: \"exec:~/bin/weather.sh\" is not an http or https address"),
        "{err}"
    );
    assert!(err.contains("is a link, not a feed"), "{err}");
}

#[test]
fn a_dry_run_says_what_would_change_and_changes_nothing() {
    let s = Setup::new(Some(CONFIG));
    let out = s.ok(&[
        "import-opml",
        "--dry-run",
        fixture("feedly.opml").to_str().unwrap(),
    ]);
    assert!(out.contains("would add 4 feeds (3 new sites)"), "{out}");
    assert!(out.contains("https://thediplomat.com/feed/"), "{out}");
    assert_eq!(s.text(), CONFIG);
}

#[test]
fn bad_opml_is_refused_with_its_line_and_the_config_is_untouched() {
    let s = Setup::new(Some(CONFIG));
    let out = s.run(&["import-opml", fixture("bad.opml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.opml:7: not well-formed XML"), "{err}");
    assert_eq!(s.text(), CONFIG);

    let page = s.dir.path().join("page.opml");
    std::fs::write(
        &page,
        "<!DOCTYPE html>\n<html><body><p>Sign in</p></body></html>",
    )
    .unwrap();
    let out = s.run(&["import-opml", page.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("page.opml:2: not an OPML file: it begins with <html>"),
        "{err}"
    );

    let out = s.run(&["import-opml", "/no/such/file.opml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(s.text(), CONFIG);
}

#[test]
fn with_no_config_file_one_is_made_and_the_built_in_site_kept() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_newsroom"))
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .args(args)
            .env("XDG_CONFIG_HOME", dir.path().join("xdg"))
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["import-opml", fixture("netnewswire.opml").to_str().unwrap()]);
    let text = std::fs::read_to_string(dir.path().join("xdg/newsroom/config.toml")).unwrap();
    assert!(text.contains("name = \"Asia House\""), "{text}");
    assert!(text.contains("name = \"SCMP Asia\""), "{text}");
    let urls = xml_urls(&run(&["export-opml"]));
    assert!(
        urls.contains(&"https://asiahouse.org/feed/".to_string()),
        "{urls:?}"
    );
    assert!(
        urls.contains(&"https://www.scmp.com/rss/3/feed".to_string()),
        "{urls:?}"
    );
}

#[test]
fn our_export_reads_back_as_the_same_sources() {
    let s = Setup::new(Some(
        "[[site]]\nname = \"Tom & Jerry's\"\nhome = \"https://tj.example/\"\narticles = [\"https://tj.example/feed?a=1&b=2\"]\nevents = [\"https://tj.example/events/?ical=1\", \"https://tj.example/wp-json/tribe/events/v1/events\"]\n",
    ));
    let opml = s.ok(&["export-opml"]);
    assert!(opml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">"));
    let file = s.dir.path().join("ours.opml");
    std::fs::write(&file, &opml).unwrap();
    let other = Setup::new(Some("theme = \"default\"\n"));
    other.ok(&["import-opml", file.to_str().unwrap()]);
    let text = other.text();
    assert!(text.contains("name = \"Tom & Jerry's\""), "{text}");
    assert!(
        text.contains("https://tj.example/wp-json/tribe/events/v1/events"),
        "{text}"
    );
    let mut a = s.exported();
    let mut b = other.exported();
    b.retain(|u| u.contains("tj.example"));
    a.sort();
    b.sort();
    assert_eq!(a, b);
    // The tribe endpoint went back to events, as it was.
    assert!(text.contains("events = ["), "{text}");
    assert!(
        !text.contains("articles = [\"https://tj.example/wp-json"),
        "{text}"
    );
}

fn newsboat(dir: &Path, args: &[&str]) -> Option<Output> {
    let out = Command::new("newsboat")
        .arg("-u")
        .arg(dir.join("urls"))
        .arg("-c")
        .arg(dir.join("cache.db"))
        .arg("-C")
        .arg(dir.join("newsboat-config"))
        .args(args)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .output();
    match out {
        Ok(o) => Some(o),
        Err(_) => {
            eprintln!("skipped: newsboat not installed");
            None
        }
    }
}

#[test]
fn newsboat_imports_our_export_with_the_same_urls() {
    let s = Setup::new(Some(CONFIG));
    s.ok(&["import-opml", fixture("feedly.opml").to_str().unwrap()]);
    s.ok(&["import-opml", fixture("miniflux.opml").to_str().unwrap()]);
    let file = s.dir.path().join("ours.opml");
    std::fs::write(&file, s.ok(&["export-opml"])).unwrap();
    let nb = tempfile::tempdir().unwrap();
    std::fs::write(nb.path().join("urls"), "").unwrap();
    std::fs::write(nb.path().join("newsboat-config"), "").unwrap();
    let Some(out) = newsboat(nb.path(), &["-i", file.to_str().unwrap()]) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let urls = std::fs::read_to_string(nb.path().join("urls")).unwrap();
    let mut theirs: Vec<String> = urls
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    let mut ours = s.exported();
    theirs.sort();
    ours.sort();
    assert_eq!(theirs, ours);
}

#[test]
fn our_import_of_newsboats_export_gives_the_same_feeds() {
    let nb = tempfile::tempdir().unwrap();
    // Fifty feeds on twenty sites, some tagged, as a newsboat user keeps them.
    let mut list = String::from("# my feeds\n");
    let mut want = Vec::new();
    for i in 0..50 {
        let host = format!("site{}.example", i % 20);
        let url = format!("https://{host}/feed/{i}.xml");
        list.push_str(&format!("{url} \"tag{}\" \"~Feed {i}\"\n", i % 3));
        want.push(url);
    }
    std::fs::write(nb.path().join("urls"), list).unwrap();
    std::fs::write(nb.path().join("newsboat-config"), "").unwrap();
    let Some(out) = newsboat(nb.path(), &["-e"]) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = nb.path().join("export.opml");
    std::fs::write(&file, &out.stdout).unwrap();

    let s = Setup::new(Some(
        "theme = \"default\"\n\n[[site]]\nname = \"Mine\"\narticles = [\"https://mine.example/feed\"]\n",
    ));
    let said = s.ok(&["import-opml", file.to_str().unwrap()]);
    assert!(said.contains("added 50 feeds (20 new sites)"), "{said}");
    let mut got = s.exported();
    got.retain(|u| u != "https://mine.example/feed");
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn hostile_opml_is_read_safely() {
    let s = Setup::new(Some(CONFIG));
    // Entities that would expand to gigabytes, escape sequences in a name,
    // folders nested ten thousand deep, a script for a URL.
    let mut f = String::from(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE opml [\n<!ENTITY a \"aaaaaaaaaa\">\n\
         <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n\
         <opml version=\"2.0\"><head/><body>\n",
    );
    f.push_str("<outline text=\"&c;\" type=\"rss\" xmlUrl=\"https://laughs.example/feed\"/>\n");
    f.push_str("<outline text=\"\u{1b}[31mRed\u{1b}]0;owned\u{7}\u{202e}txt\" type=\"rss\" xmlUrl=\"https://red.example/feed\"/>\n");
    f.push_str("<outline text=\"x\" xmlUrl=\"javascript:alert(1)\"/>\n");
    for _ in 0..10_000 {
        f.push_str("<outline text=\"deeper\">");
    }
    f.push_str("<outline text=\"Deep\" type=\"rss\" xmlUrl=\"https://deep.example/feed\"/>");
    for _ in 0..10_000 {
        f.push_str("</outline>");
    }
    f.push_str("\n</body></opml>\n");
    let file = s.dir.path().join("hostile.opml");
    std::fs::write(&file, f).unwrap();
    let out = s.run(&["import-opml", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!common::has_control(&said), "{said:?}");
    assert!(said.contains("added 3 feeds"), "{said}");
    assert!(
        said.contains("\"javascript:alert(1)\" is not an http or https address"),
        "{said}"
    );
    let text = s.text();
    assert!(!common::has_control(&text), "{text:?}");
    assert!(text.len() < CONFIG.len() + 1_000, "{text}");
    // What is written loads.
    s.ok(&["sites"]);
}
