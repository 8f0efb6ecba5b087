//! The TUI headless: actions and keys fed to the app, state checked.

mod tui_common;

use std::rc::Rc;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use newsroom::config::Config;
use newsroom::config::keymap::Keymap;
use newsroom::config::theme::{ColorMode, Theme};
use newsroom::store::StoredArticle;
use newsroom::sync::{SourceOutcome, SourceReport, SyncEvent, SyncSummary};
use newsroom::tui::{
    Action, App, Effect, Library as _, MemoryLibrary, Screen, update, update_counted,
};
use tui_common::*;

#[test]
fn open_marks_read_and_back_returns() {
    let lib = Rc::new(MemoryLibrary::new(articles(), None));
    let mut app = app_with(lib.clone(), 80, 24);
    assert!(!app.list.selected_row().unwrap().read);
    update(&mut app, Action::Open);
    assert_eq!(app.screen(), Screen::Reader);
    assert_eq!(app.reader.as_ref().unwrap().id, "a1");
    assert!(
        app.list.selected_row().unwrap().read,
        "the row shows it read"
    );
    assert!(
        lib.article("a1").unwrap().unwrap().read,
        "the library keeps it"
    );
    update(&mut app, Action::Back);
    assert_eq!(app.screen(), Screen::List);
    assert!(app.reader.is_none());
}

#[test]
fn reader_scrolls_by_line_page_and_ends() {
    let mut app = app(80, 24);
    update(&mut app, Action::Open);
    let max = app.reader.as_ref().unwrap().max_scroll();
    assert!(max > 5, "the lead article is longer than a screen");
    update_counted(&mut app, Action::Down, Some(3));
    assert_eq!(app.reader.as_ref().unwrap().scroll, 3);
    update(&mut app, Action::Up);
    assert_eq!(app.reader.as_ref().unwrap().scroll, 2);
    update(&mut app, Action::Bottom);
    assert_eq!(app.reader.as_ref().unwrap().scroll, max);
    update(&mut app, Action::PageDown);
    assert_eq!(
        app.reader.as_ref().unwrap().scroll,
        max,
        "never past the end"
    );
    update(&mut app, Action::Top);
    update(&mut app, Action::PageDown);
    assert_eq!(app.reader.as_ref().unwrap().scroll, (23 - 2).min(max));
}

#[test]
fn next_and_previous_article() {
    let mut app = app(80, 24);
    update(&mut app, Action::Open);
    update(&mut app, Action::NextArticle);
    assert_eq!(app.reader.as_ref().unwrap().id, "b0");
    assert_eq!(app.list.selected, 1);
    update(&mut app, Action::PrevArticle);
    assert_eq!(app.reader.as_ref().unwrap().id, "a1");
    update(&mut app, Action::PrevArticle);
    assert_eq!(
        app.reader.as_ref().unwrap().id,
        "a1",
        "nothing before the first"
    );
    update(&mut app, Action::Back);
    assert_eq!(app.screen(), Screen::List, "next/prev do not stack screens");
}

#[test]
fn toggle_saved_in_list_and_reader() {
    let lib = Rc::new(MemoryLibrary::new(articles(), None));
    let mut app = app_with(lib.clone(), 80, 24);
    update(&mut app, Action::ToggleSaved);
    assert!(lib.article("a1").unwrap().unwrap().saved);
    assert!(app.list.selected_row().unwrap().saved);
    update(&mut app, Action::Open);
    assert!(app.reader.as_ref().unwrap().saved);
    update(&mut app, Action::ToggleSaved);
    assert!(!lib.article("a1").unwrap().unwrap().saved);
    assert!(!app.reader.as_ref().unwrap().saved);
    update(&mut app, Action::Back);
    assert!(!app.list.selected_row().unwrap().saved);
}

#[test]
fn links_open_by_number_and_only_safe_schemes() {
    let mut app = app(80, 24);
    update(&mut app, Action::Open);
    let links = app.reader.as_ref().unwrap().rendered.links.clone();
    assert_eq!(
        links.len(),
        3,
        "javascript: is never a numbered link: {links:?}"
    );
    keys(&mut app, "2l");
    assert_eq!(
        app.effects,
        vec![Effect::OpenUrl(
            "https://www.iea.example/reports/sea-2026".into()
        )]
    );
    app.effects.clear();
    keys(&mut app, "9l");
    assert!(app.effects.is_empty());
    let screen = text(&draw(&app));
    assert!(
        screen.contains("there is no link 9: this article has 3"),
        "{screen}"
    );
    keys(&mut app, "4l");
    assert!(app.effects.is_empty(), "javascript: is never opened");
    keys(&mut app, "3l");
    assert_eq!(
        app.effects,
        vec![Effect::OpenUrl("mailto:press@asiahouse.example".into())]
    );
    app.effects.clear();
    // `L` lists them; pick one with j and enter.
    keys(&mut app, "Lj");
    assert_eq!(app.screen(), Screen::Links);
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(
        app.effects,
        vec![Effect::OpenUrl(
            "https://www.iea.example/reports/sea-2026".into()
        )]
    );
    keys(&mut app, "h");
    assert_eq!(app.screen(), Screen::Reader);
}

#[test]
fn keys_with_counts_and_sequences_drive_the_list() {
    let mut app = app(80, 24);
    keys(&mut app, "5j");
    assert_eq!(app.list.selected, 5);
    keys(&mut app, "gg");
    assert_eq!(app.list.selected, 0);
    keys(&mut app, "G");
    assert_eq!(app.list.selected, 8);
    app.on_key(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE));
    assert_eq!(app.list.selected, 7);
    keys(&mut app, "3");
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(
        app.reader.as_ref().unwrap().id,
        "b1",
        "a count opens the Nth"
    );
    keys(&mut app, "q");
    assert!(!app.quit, "q closes the reader");
    assert_eq!(app.screen(), Screen::List);
    keys(&mut app, "q");
    assert!(app.quit, "q on the list quits");
}

#[test]
fn search_filters_as_it_is_typed() {
    let mut app = app(80, 24);
    keys(&mut app, "/silk");
    assert_eq!(app.list.total, 1);
    assert_eq!(
        app.list.selected_row().unwrap().title,
        "Book review: The Silk Roads revisited"
    );
    assert!(text(&draw(&app)).contains("Search: silk"));
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert!(app.prompt.is_none());
    assert_eq!(app.list.total, 1, "the filter stays after enter");
    app.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(app.list.total, 9, "esc (back) clears it");
}

#[test]
fn a_long_list_is_loaded_a_page_at_a_time() {
    let many: Vec<StoredArticle> = (0..5000)
        .map(|i| {
            stored(
                &format!("n{i}"),
                &format!("Article {i}"),
                None,
                "2026-01-01T00:00:00Z",
                "<p>x</p>",
            )
        })
        .collect();
    let mut app = app_with(MemoryLibrary::new(many, None), 80, 24);
    assert_eq!(app.list.total, 5000);
    assert!(app.list.rows.len() <= 100);
    update(&mut app, Action::Bottom);
    assert_eq!(app.list.selected_row().unwrap().id, "n4999");
    assert!(app.list.rows.len() <= 100 && app.list.window_start > 4000);
    update_counted(&mut app, Action::Top, Some(2500));
    assert_eq!(app.list.selected_row().unwrap().id, "n2499");
    let screen = text(&draw(&app));
    assert!(screen.contains("Article 2499"), "{screen}");
    assert!(screen.contains("2500/5000"), "{screen}");
}

#[test]
fn sync_progress_and_new_articles_show_up() {
    let lib = Rc::new(MemoryLibrary::new(articles(), None));
    let mut app = app_with(lib.clone(), 80, 24);
    update(&mut app, Action::Sync);
    assert_eq!(app.effects, vec![Effect::StartSync]);
    app.on_sync(&SyncEvent::Started { sources: 2 });
    lib.insert(stored(
        "new",
        "Breaking: a new article",
        None,
        "2026-03-10T11:00:00Z",
        "<p>new</p>",
    ));
    app.on_sync(&SyncEvent::SourceDone(SourceReport {
        site: "Asia House".into(),
        url: "https://asiahouse.example/feed/".into(),
        outcome: SourceOutcome::Updated {
            new: 1,
            updated: 0,
            unchanged: 8,
            warnings: 0,
            warning: None,
        },
        bytes: 1000,
    }));
    assert_eq!(app.list.total, 10);
    assert_eq!(
        app.list.selected_row().unwrap().id,
        "a1",
        "the selection stays on its article"
    );
    app.on_sync(&SyncEvent::SourceDone(SourceReport {
        site: "Example".into(),
        url: "https://example.org/feed/".into(),
        outcome: SourceOutcome::Failed("HTTP 503".into()),
        bytes: 0,
    }));
    lib.set_last_sync(Some(ts("2026-03-10T11:59:50Z")));
    app.on_sync(&SyncEvent::Finished(SyncSummary::default()));
    let screen = text(&draw(&app));
    assert!(screen.contains("! Example: HTTP 503"), "{screen}");
    app.status.last_error = None;
    assert!(text(&draw(&app)).contains("synced just now"));
}

#[test]
fn themes_cycle_live() {
    let mut app = app(80, 24);
    keys(&mut app, "T");
    assert_eq!(app.theme.name(), "light");
    assert!(text(&draw(&app)).contains("theme: light"));
}

#[test]
fn sites_cycle_and_all_can_be_marked_read() {
    use newsroom::config::SiteConfig;
    let mut list = articles();
    for a in list.iter_mut().skip(5) {
        a.article.site = "Meridian House".into();
    }
    let site = |name: &str| SiteConfig {
        name: name.into(),
        home: Some("https://example.org/".into()),
        articles: vec![],
        events: vec![],
    };
    let config = Config {
        sites: vec![site("Asia House"), site("Meridian House")],
        ..Config::default()
    };
    let lib = Rc::new(MemoryLibrary::new(list, None));
    let theme = Theme::load_with("default", None, ColorMode::TrueColor).unwrap();
    let mut app = App::new(
        Box::new(lib.clone()),
        Arc::new(config),
        Keymap::builtin(),
        theme,
    );
    app.now = ts(NOW);
    app.resize(80, 24);
    app.reload();
    assert_eq!((app.list.unread, app.list.total), (6, 9));
    keys(&mut app, "S");
    assert_eq!(app.list.site.as_deref(), Some("Asia House"));
    assert_eq!((app.list.unread, app.list.total), (4, 5));
    let screen = text(&draw(&app));
    assert!(screen.contains("All articles · Asia House"), "{screen}");
    assert!(screen.contains("Asia House: 4 unread"), "{screen}");
    keys(&mut app, "S");
    assert_eq!(app.list.site.as_deref(), Some("Meridian House"));
    keys(&mut app, "A");
    assert_eq!(app.list.unread, 0);
    assert!(text(&draw(&app)).contains("marked 2 articles read"));
    keys(&mut app, "S");
    assert_eq!(app.list.site, None);
    assert_eq!(
        app.list.unread, 4,
        "the other site's articles are untouched"
    );
    assert!(!lib.article("a1").unwrap().unwrap().read);
}

#[test]
fn find_in_the_article_highlights_and_steps_through_matches() {
    let mut app = app(80, 24);
    update(&mut app, Action::Open);
    keys(&mut app, "/solar");
    let screen = text(&draw(&app));
    assert!(screen.contains("Find: solar"), "{screen}");
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.matches.len(), 2, "both in the caption: {:?}", r.matches);
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert!(app.prompt.is_none());
    // The match is drawn in the match style.
    let buf = draw(&app);
    let m = app.reader.as_ref().unwrap().matches[0];
    let row = (m.line - app.reader.as_ref().unwrap().scroll) as u16;
    let shown = text(&buf);
    let line = shown.lines().nth(row as usize).unwrap();
    let col = line
        .find("Solar")
        .map(|b| line[..b].chars().count())
        .unwrap() as u16;
    assert_eq!(buf[(col, row)].bg, app.theme.search_match().bg.unwrap());
    keys(&mut app, "n");
    assert_eq!(app.reader.as_ref().unwrap().current, 1);
    keys(&mut app, "n");
    assert_eq!(app.reader.as_ref().unwrap().current, 0, "wraps round");
    keys(&mut app, "N");
    assert_eq!(app.reader.as_ref().unwrap().current, 1);
    assert!(text(&draw(&app)).contains("match 2/2"));
    keys(&mut app, "/");
    app.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(app.reader.as_ref().unwrap().matches.is_empty());
}

#[test]
fn the_reading_position_is_kept_per_article() {
    let mut app = app(80, 24);
    update(&mut app, Action::Open);
    assert!(text(&draw(&app)).contains("1 min read · top"));
    keys(&mut app, "7j");
    update(&mut app, Action::Back);
    keys(&mut app, "j");
    update(&mut app, Action::Open);
    assert_eq!(app.reader.as_ref().unwrap().scroll, 0);
    keys(&mut app, "K");
    assert_eq!(app.reader.as_ref().unwrap().id, "a1");
    assert_eq!(app.reader.as_ref().unwrap().scroll, 7);
}

#[test]
fn a_link_to_a_cached_article_opens_in_the_reader_and_back_returns() {
    let mut list = articles();
    let url = "https://asiahouse.example/research/energy-outlook/";
    let mut linked = stored(
        &newsroom::model::article_id(url),
        "Energy outlook 2026",
        None,
        "2026-03-01T00:00:00Z",
        "<p>The outlook.</p>",
    );
    linked.article.content_html = None;
    list.push(linked);
    let mut app = app_with(MemoryLibrary::new(list, None), 80, 24);
    assert!(
        text(&draw(&app)).contains("◌ Energy outlook 2026"),
        "not cached for offline"
    );
    update(&mut app, Action::Open);
    keys(&mut app, "3j1l");
    assert!(app.effects.is_empty(), "{:?}", app.effects);
    assert_eq!(
        app.reader.as_ref().unwrap().article.as_ref().unwrap().title,
        "Energy outlook 2026"
    );
    keys(&mut app, "h");
    let r = app.reader.as_ref().unwrap();
    assert_eq!(
        (r.id.as_str(), r.scroll),
        ("a1", 3),
        "back where the link was followed"
    );
    keys(&mut app, "h");
    assert_eq!(app.screen(), Screen::List);
}

#[test]
fn the_mouse_scrolls_selects_and_opens() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mouse = |kind, row| MouseEvent {
        kind,
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let mut app = app(80, 24);
    app.on_mouse(mouse(MouseEventKind::ScrollDown, 5));
    assert_eq!(app.list.selected, 3);
    app.on_mouse(mouse(MouseEventKind::Down(MouseButton::Left), 6));
    assert_eq!(
        app.list.selected, 5,
        "row 6 is the sixth article under the header"
    );
    assert_eq!(app.screen(), Screen::List);
    app.on_mouse(mouse(MouseEventKind::Down(MouseButton::Left), 6));
    assert_eq!(app.screen(), Screen::Reader);
    app.on_mouse(mouse(MouseEventKind::ScrollDown, 6));
    assert_eq!(
        app.reader.as_ref().unwrap().scroll,
        0,
        "a short article does not scroll"
    );
}

/// Every action on every screen, in a long pseudo-random run, at sizes down
/// to a single cell: nothing panics and every frame draws.
#[test]
fn any_action_anywhere_at_any_size_never_panics() {
    let now: jiff::Timestamp = NOW.parse().unwrap();
    let event = newsroom::model::Event {
        id: "e1".into(),
        site: "Asia House".into(),
        title: "A talk".into(),
        start: Some("2026-03-12T18:30:00+00:00[Europe/London]".parse().unwrap()),
        booking_url: Some("https://tickets.example/t".into()),
        description_html: "<p>About <a href=\"https://a.example/\">it</a>.</p>".into(),
        ..newsroom::model::Event::default()
    };
    let lib = MemoryLibrary::new(articles(), None).with_events(vec![event], now);
    let mut app = app_with(lib, 80, 24);
    let actions = Action::ALL;
    let sizes = [(80, 24), (1, 1), (12, 3), (200, 60), (30, 8)];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for step in 0..1500 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        if step % 100 == 0 {
            let (w, h) = sizes[(step / 100) % sizes.len()];
            app.resize(w, h);
        }
        let action = actions[(seed % actions.len() as u64) as usize];
        if action == Action::Quit {
            continue;
        }
        let count = (seed >> 32) % 4;
        update_counted(&mut app, action, (count > 0).then_some(count as usize));
        app.effects.clear();
        draw(&app);
    }
}

/// A body of about `bytes`: paragraphs with links, a list and a picture
/// now and then, and a last paragraph that says so.
fn long_body(bytes: usize) -> String {
    let mut html = String::new();
    let mut i = 0;
    while html.len() < bytes {
        html.push_str(&format!(
            "<p>Paragraph {i} on the <a href=\"https://asiahouse.example/p/{}\">grid</a> and who pays for it, \
             with enough words to wrap across a line or two of the reader.</p>\n",
            i % 40
        ));
        if i % 25 == 3 {
            html.push_str("<ul><li>Storage</li><li>Interconnection</li></ul>\n");
        }
        if i % 40 == 7 {
            html.push_str(&format!(
                "<figure><img src=\"https://asiahouse.example/up/{i}.jpg\" alt=\"A pylon\">\
                 <figcaption>Pylon number {i}.</figcaption></figure>\n"
            ));
        }
        i += 1;
    }
    html.push_str("<p>The closing paragraph of the long read.</p>");
    html
}

#[test]
fn a_long_article_shows_its_start_at_once_and_the_rest_between_keys() {
    let mut all = articles();
    all.insert(
        0,
        stored(
            "long",
            "The long read",
            None,
            "2026-03-10T09:00:00Z",
            &long_body(400_000),
        ),
    );
    let article = all[0].article.clone();
    let lib = Rc::new(MemoryLibrary::new(all, None));
    let mut app = app_with(lib, 80, 24);
    update(&mut app, Action::Open);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.id, "long");
    assert!(r.rest.is_some(), "the rest is still to be laid out");
    let whole = newsroom::tui::reader::layout_article(&article, r.width, &app.tz);
    let whole_width = r.width;
    let first = r.text.lines.len();
    assert!(first > 24 && first < whole.lines.len() / 10, "{first}");
    assert!(text(&draw(&app)).contains("The long read"));

    // Scrolling needs only what is laid out; the rest comes between keys.
    keys(&mut app, "5j");
    assert_eq!(app.reader.as_ref().unwrap().scroll, 5);
    assert!(app.reader.as_ref().unwrap().rest.is_some());
    let mut slices = 0;
    while newsroom::tui::reader::layout_pending(&app) {
        newsroom::tui::reader::lay_out_more(&mut app);
        let r = app.reader.as_ref().unwrap();
        assert!(
            r.rendered == r.text,
            "what is shown is the text laid out so far"
        );
        slices += 1;
        assert!(slices < 10_000);
    }
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.text.lines.len(), whole.lines.len());
    assert!(r.text == whole, "laid out in parts, the same as whole");
    assert_eq!(r.minutes, whole.minutes);
    assert_eq!(r.scroll, 5, "the reader stayed where it was");

    // A new width while the rest is still to come: laid out whole for it.
    update(&mut app, Action::Back);
    update(&mut app, Action::Open);
    assert!(app.reader.as_ref().unwrap().rest.is_some());
    app.resize(110, 24);
    let r = app.reader.as_ref().unwrap();
    assert_ne!(r.width, whole_width);
    assert!(r.rest.is_none());
    let wider = newsroom::tui::reader::layout_article(&article, r.width, &app.tz);
    assert!(r.text == wider);
    app.resize(80, 24);

    // Keys that need the whole article lay out the rest first.
    update(&mut app, Action::Back);
    update(&mut app, Action::Top);
    update(&mut app, Action::Open);
    assert!(app.reader.as_ref().unwrap().rest.is_some());
    update(&mut app, Action::Bottom);
    assert!(app.reader.as_ref().unwrap().rest.is_none());
    let screen = text(&draw(&app));
    assert!(
        screen.contains("[40] https://asiahouse.example/p/39"),
        "{screen}"
    );
    update(&mut app, Action::Top);
    update(&mut app, Action::Back);
    update(&mut app, Action::Open);
    keys(&mut app, "/closing paragraph");
    assert!(app.reader.as_ref().unwrap().rest.is_none());
    assert_eq!(app.reader.as_ref().unwrap().matches.len(), 1);
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert!(text(&draw(&app)).contains("The closing paragraph of the long read."));

    // Moving down lays out as far as the move goes; a kept position is
    // found again on opening, laid out only so far.
    keys(&mut app, "gg");
    update(&mut app, Action::Back);
    update(&mut app, Action::Open);
    assert!(app.reader.as_ref().unwrap().rest.is_some());
    keys(&mut app, "2000j");
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.scroll, 2000);
    assert!(r.rest.is_some(), "not laid out to the end for it");
    keys(&mut app, "3000gg");
    assert_eq!(app.reader.as_ref().unwrap().scroll, 2999);
    keys(&mut app, "gg2000j");
    update(&mut app, Action::Back);
    update(&mut app, Action::Open);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.scroll, 2000);
    assert!(r.rest.is_some(), "the part after it is still to come");
    assert!(r.text.lines.len() < whole.lines.len());
    keys(&mut app, "G");
    let end = app.reader.as_ref().unwrap().scroll;
    update(&mut app, Action::Back);
    update(&mut app, Action::Open);
    assert_eq!(app.reader.as_ref().unwrap().scroll, end);
}
