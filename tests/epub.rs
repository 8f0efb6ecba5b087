//! `export-epub` with the real binary, checked by the programs that read
//! EPUBs: epubcheck (no errors, no warnings) and pandoc, an independent
//! reader, whose text must hold every title, caption and credit. Where
//! either is not installed the check is skipped with a line saying so.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

use common::{Env, has_control};
use newsroom::model::{Article, Image, SourceState};
use newsroom::store::{ArticleQuery, Store};

/// Said where cargo shows it even when the test passes.
fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn runs(cmd: &mut Command) -> bool {
    cmd.output().is_ok_and(|o| o.status.success())
}

/// epubcheck as Debian installs it: a jar, which runs through `java -jar`
/// where the system has no binfmt handler for jars.
fn epubcheck() -> Option<Command> {
    let jar = Path::new("/usr/share/java/epubcheck.jar");
    if jar.exists() && runs(Command::new("java").arg("-version")) {
        let mut c = Command::new("java");
        c.arg("-jar").arg(jar);
        return Some(c);
    }
    runs(Command::new("epubcheck").arg("--version")).then(|| Command::new("epubcheck"))
}

/// epubcheck's verdict, when it is installed: no errors and no warnings.
fn check_with_epubcheck(book: &Path) {
    let Some(mut cmd) = epubcheck() else {
        note("SKIPPED epubcheck: not installed (apt-get install epubcheck)");
        return;
    };
    let out = cmd.arg(book).output().expect("run epubcheck");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("0 fatals / 0 errors / 0 warnings"),
        "epubcheck found problems:\n{text}"
    );
}

/// The book as pandoc reads it, as plain text with whitespace runs as single
/// spaces; None (and a line saying so) when pandoc is not installed.
fn pandoc_text(book: &Path) -> Option<String> {
    if !runs(Command::new("pandoc").arg("--version")) {
        note("SKIPPED pandoc: not installed (apt-get install pandoc)");
        return None;
    }
    let out = Command::new("pandoc")
        .args(["-f", "epub", "-t", "plain", "--wrap=none"])
        .arg(book)
        .output()
        .expect("run pandoc");
    assert!(
        out.status.success(),
        "pandoc could not read the book: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(squash(
        &String::from_utf8(out.stdout).expect("UTF-8 from pandoc"),
    ))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The entries of a ZIP file, read through its central directory.
fn zip_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let le16 = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize;
    let le32 = |at: usize| {
        u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize
    };
    let end = bytes.len() - 22;
    assert_eq!(le32(end), 0x0605_4b50, "no end of central directory");
    let mut at = le32(end + 16);
    let mut out = Vec::new();
    for _ in 0..le16(end + 10) {
        let (method, packed, name_len) = (le16(at + 10), le32(at + 20), le16(at + 28));
        let local = le32(at + 42);
        let name = String::from_utf8(bytes[at + 46..at + 46 + name_len].to_vec()).unwrap();
        let data_at = local + 30 + le16(local + 26) + le16(local + 28);
        let raw = &bytes[data_at..data_at + packed];
        let mut data = Vec::new();
        if method == 8 {
            flate2::read::DeflateDecoder::new(raw)
                .read_to_end(&mut data)
                .unwrap();
        } else {
            data = raw.to_vec();
        }
        out.push((name, data));
        at += 46 + name_len + le16(at + 30) + le16(at + 32);
    }
    out
}

#[test]
fn the_sample_site_as_a_book_passes_epubcheck_and_pandoc_reads_every_title_caption_and_credit() {
    let demo = newsroom::demo::start().unwrap();
    let env = Env::new(&[demo.site()]);
    let out = env.run(&["sync"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(demo);

    let book = env.dir.path().join("news.epub");
    let out = env.run(&[
        "--offline",
        "export-epub",
        "--events",
        "-o",
        book.to_str().unwrap(),
    ]);
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "export-epub failed: {said}");
    assert!(said.contains("upcoming events"), "{said}");
    assert!(!has_control(&said));

    let bytes = std::fs::read(&book).unwrap();
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..58], b"application/epub+zip");
    check_with_epubcheck(&book);

    let store = Store::open(&env.db()).unwrap();
    let rows = store
        .articles(&ArticleQuery {
            limit: usize::MAX,
            ..ArticleQuery::default()
        })
        .unwrap();
    assert!(rows.len() >= 10);
    let mut expected = Vec::new();
    let mut words = 0;
    for r in &rows {
        let a = store.article(&r.id).unwrap().unwrap().article;
        expected.push(("title", a.title.clone()));
        for img in a.all_images() {
            for (what, text) in [("caption", &img.caption), ("credit", &img.credit)] {
                if let Some(t) = text {
                    expected.push((what, t.clone()));
                    words += 1;
                }
            }
        }
    }
    assert!(words >= 5, "the sample site has captions and credits");
    let Some(text) = pandoc_text(&book) else {
        return;
    };
    for (what, t) in &expected {
        let t = squash(&newsroom::render::sanitize::clean_line(t));
        assert!(text.contains(&t), "pandoc does not find the {what} {t:?}");
    }
    assert!(text.contains("Upcoming events"));
}

fn picture(format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(8, 6, |x, y| image::Rgb([x as u8 * 30, y as u8 * 40, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn post(n: usize, title: &str, html: &str, featured: Option<Image>) -> Article {
    let url = format!("https://news.example/2026/07/post-{n}/");
    Article {
        id: newsroom::model::article_id(&url),
        site: "Harbour News".into(),
        url,
        title: title.into(),
        author: Some("Jo Writer\u{1b}]52;c;evil\u{7}".into()),
        published: Some(jiff::Timestamp::from_second(1_784_000_000 + n as i64 * 86_400).unwrap()),
        categories: vec!["Council".into(), "Weather".into()],
        summary: "A summary.".into(),
        content_html: Some(html.into()),
        featured,
        ..Article::default()
    }
}

/// A cache as messy as WordPress makes it: pictures shared, missing, not
/// pictures at all; blocks inside paragraphs, control bytes, scripts.
fn messy_cache(env: &Env) {
    std::fs::create_dir_all(env.data()).unwrap();
    let mut store = Store::open(&env.db()).unwrap();
    let source = SourceState {
        site: "Harbour News".into(),
        url: "https://news.example/feed/".into(),
        ..SourceState::default()
    };
    let html = include_str!("fixtures/epub/messy-post.html");
    let harbour = "https://news.example/wp-content/uploads/2026/07/harbour-1024x683.jpg";
    let articles = [
        post(1, "Council meets <again> & votes", html, None),
        post(
            2,
            "Storm damage: the \u{202e}harbour\u{202c} counts the cost",
            "<p>Two boats sank.</p><p><img src=\"https://news.example/broken.jpg\" alt=\"\"></p>\
             <figure><img src=\"https://news.example/kite.webp\"><figcaption>A kite over the pier</figcaption></figure>",
            Some(Image {
                url: harbour.into(),
                alt: Some("Boats in the harbour".into()),
                caption: Some("The harbour after the storm".into()),
                credit: Some("Photo: Ana Ruiz".into()),
            }),
        ),
        post(3, "An article already read", "<p>Old news.</p>", None),
    ];
    store.save_articles(&source, &articles).unwrap();
    store
        .save_image(harbour, "image/jpeg", &picture(image::ImageFormat::Jpeg))
        .unwrap();
    store
        .save_image(
            "https://news.example/wp-content/uploads/2026/07/chart.png",
            "image/png",
            &picture(image::ImageFormat::Png),
        )
        .unwrap();
    store
        .save_image(
            "https://news.example/kite.webp",
            "image/webp",
            &picture(image::ImageFormat::WebP),
        )
        .unwrap();
    // A server's error page, cached under a picture's address.
    store
        .save_image(
            "https://news.example/broken.jpg",
            "image/jpeg",
            b"<html><body>502 Bad Gateway</body></html>",
        )
        .unwrap();
    store.set_read(&articles[2].id, true).unwrap();
}

#[test]
fn a_messy_cache_makes_a_valid_book_of_the_unread_articles_with_each_picture_once() {
    let env = Env::new(&[]);
    messy_cache(&env);
    let book = env.dir.path().join("messy.epub");
    let out = env.run(&["--offline", "export-epub", "-o", book.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "export-epub failed: {said}");
    assert!(said.contains("2 articles"), "{said}");
    assert!(said.contains("1 picture not cached"), "{said}");
    assert!(said.contains("1 picture in a format"), "{said}");

    let entries = zip_entries(&std::fs::read(&book).unwrap());
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[0], "mimetype");
    // The harbour is shown three times in two articles, stored once; the
    // chart once; the WebP kite as a JPEG; the missing and the broken ones
    // not at all.
    let pictures: Vec<&&str> = names.iter().filter(|n| n.contains("/img/")).collect();
    assert_eq!(pictures.len(), 3, "{names:?}");
    assert_eq!(pictures.iter().filter(|n| n.ends_with(".jpg")).count(), 2);
    assert_eq!(pictures.iter().filter(|n| n.ends_with(".png")).count(), 1);
    let all_text: String = entries
        .iter()
        .filter(|(n, _)| n.ends_with(".xhtml") || n.ends_with(".opf") || n.ends_with(".ncx"))
        .map(|(_, d)| String::from_utf8(d.clone()).expect("UTF-8 markup"))
        .collect();
    for gone in [
        "hidden text",
        "never",
        "<script",
        "javascript:",
        "Share",
        "An article already read",
        "52;c;evil",
        "\u{202e}",
    ] {
        assert!(!all_text.contains(gone), "{gone:?} is in the book");
    }
    assert!(!all_text.chars().any(|c| c.is_control() && c != '\n'));

    check_with_epubcheck(&book);
    let Some(text) = pandoc_text(&book) else {
        return;
    };
    for seen in [
        "Council meets <again> & votes",
        "Fishing boats at first light in the old harbour.",
        "Ana Ruiz/Harbour Press",
        "The pier before the storm",
        "Sam Lee",
        "The harbour after the storm",
        "A kite over the pier",
        "this div sits inside a span",
        "Results by ward",
        "We will rebuild.",
        "https://news.example/2026/07/agenda/",
        "mailto:desk@news.example",
    ] {
        assert!(
            text.contains(seen),
            "pandoc does not find {seen:?} in:\n{text}"
        );
    }
}

#[test]
fn nothing_selected_writes_no_book_and_says_so() {
    let env = Env::new(&[]);
    messy_cache(&env);
    let book = env.dir.path().join("none.epub");
    let out = env.run(&[
        "--offline",
        "export-epub",
        "--search",
        "zeppelin",
        "-o",
        book.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to put in the book"));
    assert!(!book.exists());
}

#[test]
fn saved_selects_the_saved_articles_read_or_not() {
    let env = Env::new(&[]);
    messy_cache(&env);
    let store = Store::open(&env.db()).unwrap();
    let read = post(3, "", "", None).id;
    store.set_saved(&read, true).unwrap();
    drop(store);
    let book = env.dir.path().join("saved.epub");
    let out = env.run(&[
        "--offline",
        "export-epub",
        "--saved",
        "-o",
        book.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let entries = zip_entries(&std::fs::read(&book).unwrap());
    let nav = entries
        .iter()
        .find(|(n, _)| n.ends_with("nav.xhtml"))
        .map(|(_, d)| String::from_utf8_lossy(d).to_string())
        .unwrap();
    assert!(nav.contains("An article already read"), "{nav}");
    assert!(!nav.contains("Council meets"), "{nav}");
}
