//! Pictures in the reader (drawn in half-blocks, as a terminal without an
//! image protocol would) and reading positions kept across sessions.

mod tui_common;

use std::sync::mpsc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use image::{ImageFormat, Rgb, RgbImage};
use newsroom::model::SourceState;
use newsroom::store::{ArticleQuery, Store};
use newsroom::tui::reader::{self, Pictures};
use newsroom::tui::{App, Library, MemoryLibrary, Screen};
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use ratatui_image::picker::Picker;
use tui_common::*;

const LEAD: &str = "https://asiahouse.example/wp-content/uploads/2026/03/lead.jpg";

/// A real PNG: a red top half over a blue bottom half.
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |_, y| {
        if y < h / 2 {
            Rgb([200, 30, 30])
        } else {
            Rgb([30, 60, 200])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// An app showing pictures in half-blocks, its decoder running, and the
/// receiving end of what the decoder sends back.
fn picture_app(lib: impl Library + 'static) -> (App, mpsc::Receiver<reader::pictures::Decoded>) {
    let mut app = app_with(lib, 80, 40);
    app.pictures = Pictures::new(Some(Picker::halfblocks()), true);
    let (tx, rx) = mpsc::channel();
    app.pictures.start(move |d| {
        let _ = tx.send(d);
    });
    (app, rx)
}

/// Hand every decoded picture to the app, as the event loop does, until
/// those asked for are all back.
fn settle(app: &mut App, rx: &mpsc::Receiver<reader::pictures::Decoded>, expect: usize) {
    for _ in 0..expect {
        let d = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("a picture is decoded");
        reader::on_picture(app, d);
    }
}

fn open_lead(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(app.screen(), Screen::Reader);
}

/// Rows showing the test picture (its red and blue, as half-blocks or as
/// whole cells of one colour), and whether a half-block shows both.
fn half_block_rows(buf: &Buffer) -> (Vec<u16>, bool) {
    let picture = |c: Color| match c {
        Color::Rgb(r, g, b) => (r > 150 && g < 80) || (b > 150 && r < 80),
        _ => false,
    };
    let mut rows = Vec::new();
    let mut both = false;
    for y in 0..buf.area.height {
        let mut any = false;
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            if picture(c.bg) || (c.symbol() == "▀" && picture(c.fg)) {
                any = true;
            }
            both |= c.symbol() == "▀" && c.fg != c.bg && picture(c.fg) && picture(c.bg);
        }
        if any {
            rows.push(y);
        }
    }
    (rows, both)
}

fn row_of(screen: &str, needle: &str) -> u16 {
    screen
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{screen}")) as u16
}

#[test]
fn a_cached_png_shows_in_half_blocks_above_its_caption() {
    let lib = MemoryLibrary::new(articles(), None);
    lib.insert_image(LEAD, "image/png", png(120, 60));
    let (mut app, rx) = picture_app(lib);
    open_lead(&mut app);
    // Until the picture is back, its rows hold a marker and the caption
    // block is already in place.
    let waiting = text(&draw(&app));
    let frame = row_of(&waiting, "▣ picture");
    assert_eq!(row_of(&waiting, "▣ …"), frame - 2, "{waiting}");
    settle(&mut app, &rx, 1);
    let buf = draw(&app);
    let screen = text(&buf);
    let (rows, coloured) = half_block_rows(&buf);
    assert!(!rows.is_empty(), "no picture drawn:\n{screen}");
    assert!(coloured, "the picture's colours are not drawn");
    let caption = row_of(&screen, "Wind turbines off the coast");
    let frame = row_of(&screen, "▣ picture");
    assert!(
        rows.iter().all(|r| *r < frame) && frame < caption,
        "picture rows {rows:?}, frame {frame}, caption {caption}:\n{screen}"
    );
    // 120×60 pixels in 10×20-pixel cells: 12 columns, 3 rows right above
    // the frame.
    assert_eq!(rows, vec![frame - 3, frame - 2, frame - 1], "{screen}");
    insta::assert_snapshot!("lead_picture_half_blocks", screen);
}

#[test]
fn the_toggle_key_hides_and_shows_pictures() {
    let lib = MemoryLibrary::new(articles(), None);
    lib.insert_image(LEAD, "image/png", png(120, 60));
    let (mut app, rx) = picture_app(lib);
    open_lead(&mut app);
    settle(&mut app, &rx, 1);
    let with = draw(&app);
    assert!(!half_block_rows(&with).0.is_empty());

    keys(&mut app, "p");
    assert!(!app.pictures.on);
    let without = draw(&app);
    assert!(half_block_rows(&without).0.is_empty(), "{}", text(&without));
    // The rows go with the picture: the caption block moves up.
    let (a, b) = (text(&with), text(&without));
    assert_eq!(
        row_of(&a, "▣ picture") - 3,
        row_of(&b, "▣ picture"),
        "{a}\n{b}"
    );

    keys(&mut app, "p");
    assert!(half_block_rows(&draw(&app)).0.len() == 3);
}

#[test]
fn a_broken_image_leaves_the_caption_alone() {
    // A PNG signature and a header promising a picture, then garbage: the
    // header is read, decoding fails on the worker, the rows are given back.
    let mut bytes = png(120, 60);
    let data = bytes.windows(4).position(|w| w == b"IDAT").unwrap() + 4;
    bytes.truncate(data + 2);
    bytes.extend(std::iter::repeat_n(0xA5u8, 300));
    let lib = MemoryLibrary::new(articles(), None);
    lib.insert_image(LEAD, "image/png", bytes);
    let (mut app, rx) = picture_app(lib);
    let plain = {
        let mut off = app_with(MemoryLibrary::new(articles(), None), 80, 40);
        open_lead(&mut off);
        text(&draw(&off))
    };
    open_lead(&mut app);
    assert_eq!(
        app.reader.as_ref().unwrap().slots.len(),
        1,
        "the header reads"
    );
    settle(&mut app, &rx, 1);
    assert!(app.reader.as_ref().unwrap().slots.is_empty());
    let buf = draw(&app);
    assert!(half_block_rows(&buf).0.is_empty());
    assert_eq!(text(&buf), plain);

    // Bytes that are no image at all: no rows are ever reserved.
    let lib = MemoryLibrary::new(articles(), None);
    lib.insert_image(LEAD, "image/jpeg", b"<html>Not found</html>".to_vec());
    let (mut app, _rx) = picture_app(lib);
    open_lead(&mut app);
    assert!(app.reader.as_ref().unwrap().slots.is_empty());
    assert_eq!(text(&draw(&app)), plain);
}

#[test]
fn a_long_article_scrolls_past_a_partly_shown_picture() {
    let lib = MemoryLibrary::new(articles(), None);
    lib.insert_image(LEAD, "image/png", png(400, 400));
    let (mut app, rx) = picture_app(lib);
    open_lead(&mut app);
    settle(&mut app, &rx, 1);
    let top = half_block_rows(&draw(&app)).0;
    assert_eq!(top.len(), 14, "a tall picture is capped at 14 rows");
    // Scroll until the picture's top is off screen: its lower rows remain.
    let first = usize::from(top[0]);
    keys(&mut app, &format!("{}j", first + 5));
    let rows = half_block_rows(&draw(&app)).0;
    assert_eq!(rows.len(), 9, "{rows:?}");
    assert_eq!(rows[0], 0);
}

/// The reading position is kept in the store: a second session opens the
/// article where the first left it.
#[test]
fn the_reading_position_outlives_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.sqlite");
    {
        let mut store = Store::open(&db).unwrap();
        let list: Vec<_> = articles().into_iter().map(|s| s.article).collect();
        let source = SourceState {
            site: "Asia House".into(),
            url: "https://asiahouse.example/feed/".into(),
            ..SourceState::default()
        };
        store.save_articles(&source, &list).unwrap();
    }
    let lead_id = "a1";
    assert!(
        Store::open(&db)
            .unwrap()
            .article(lead_id)
            .unwrap()
            .is_some()
    );

    let mut first = app_with(Store::open(&db).unwrap(), 80, 12);
    select(&mut first, lead_id);
    open_lead(&mut first);
    keys(&mut first, "7j");
    let left_at = first.reader.as_ref().unwrap().scroll;
    assert_eq!(left_at, 7);
    keys(&mut first, "q");
    assert_eq!(first.screen(), Screen::List);
    drop(first);

    let store = Store::open(&db).unwrap();
    assert_eq!(store.reading_position(lead_id).unwrap(), Some(7));
    let mut second = app_with(store, 80, 12);
    select(&mut second, lead_id);
    open_lead(&mut second);
    assert_eq!(second.reader.as_ref().unwrap().scroll, 7);

    // Quitting from the reader keeps the place too.
    keys(&mut second, "3j");
    keys(&mut second, "q");
    open_lead(&mut second);
    keys(&mut second, "2j");
    newsroom::tui::update(&mut second, newsroom::tui::Action::Quit);
    assert!(second.quit);
    drop(second);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.reading_position(lead_id).unwrap(), Some(12));
}

/// Move the list's selection to an article by id.
fn select(app: &mut App, id: &str) {
    for _ in 0..app.list.total {
        if app.list.selected_row().map(|r| r.id.as_str()) == Some(id) {
            return;
        }
        keys(app, "j");
    }
    panic!("{id} is not in the list");
}

/// A picture kept in the positions' lines of text: showing pictures does
/// not move where the article reopens.
#[test]
fn positions_are_kept_in_lines_of_text() {
    let lib = MemoryLibrary::new(articles(), None);
    lib.insert_image(LEAD, "image/png", png(120, 60));
    let (mut app, rx) = picture_app(std::rc::Rc::new(lib));
    open_lead(&mut app);
    settle(&mut app, &rx, 1);
    let r = app.reader.as_ref().unwrap();
    let picture_line = r.slots[0].text_line;
    // Scroll to just past the picture and its caption block.
    keys(&mut app, &format!("{}j", picture_line + 3 + 4));
    let shown_scroll = app.reader.as_ref().unwrap().scroll;
    keys(&mut app, "q");
    let kept = app.library.reading_position("a1").unwrap().unwrap();
    assert_eq!(kept + 3, shown_scroll, "the picture's rows are not counted");
}

/// Pictures a sync put in the cache are drawn with the site gone.
#[test]
fn cached_pictures_show_with_the_network_gone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.sqlite");
    let demo = newsroom::demo::start().unwrap();
    let config = demo.config();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(newsroom::sync::run(&config, &db, None, None))
        .unwrap();
    drop(demo);

    // An article with a picture the cache holds.
    let store = Store::open(&db).unwrap();
    let rows = store
        .articles(&ArticleQuery {
            limit: 500,
            ..ArticleQuery::default()
        })
        .unwrap();
    let id = rows
        .iter()
        .find(|row| {
            let a = store.article(&row.id).unwrap().unwrap().article;
            let text = reader::layout_article(&a, 76, &jiff::tz::TimeZone::UTC);
            text.lines.iter().any(|l| {
                l.image
                    .as_deref()
                    .is_some_and(|u| store.image(u).unwrap().is_some())
            })
        })
        .map(|row| row.id.clone())
        .expect("the sample site has a cached picture");

    let (mut app, rx) = picture_app(store);
    select(&mut app, &id);
    open_lead(&mut app);
    let r = app.reader.as_ref().unwrap();
    assert!(
        !r.slots.is_empty(),
        "no rows reserved for the cached pictures"
    );
    let mut keys_asked: Vec<_> = r.slots.iter().map(|s| s.key.clone()).collect();
    keys_asked.sort_by(|a, b| a.url.cmp(&b.url));
    keys_asked.dedup();
    let first = r.slots[0].line;
    settle(&mut app, &rx, keys_asked.len());
    app.reader.as_mut().unwrap().scroll = first;
    let buf = draw(&app);
    assert!(
        !half_block_rows(&buf).0.is_empty(),
        "no picture drawn:\n{}",
        text(&buf)
    );
}
