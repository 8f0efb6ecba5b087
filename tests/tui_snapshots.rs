//! The TUI without a terminal: snapshots of whole screens on ratatui's
//! TestBackend, actions fed headless, and the keymap and theme files.

use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use newsroom::config::Config;
use newsroom::config::keymap::{Key, Keymap, Lookup, View};
use newsroom::config::theme::{ColorMode, Theme};
use newsroom::model::{Article, Image};
use newsroom::store::StoredArticle;
use newsroom::sync::{SourceOutcome, SourceReport, SyncEvent, SyncSummary};
use newsroom::tui::{Action, App, Effect, MemoryLibrary, Screen, update, update_counted, views};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

const NOW: &str = "2026-03-10T12:00:00Z";

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn stored(
    id: &str,
    title: &str,
    author: Option<&str>,
    published: &str,
    html: &str,
) -> StoredArticle {
    StoredArticle {
        article: Article {
            id: id.into(),
            site: "Asia House".into(),
            url: format!("https://asiahouse.example/news/{id}/"),
            title: title.into(),
            author: author.map(Into::into),
            published: Some(ts(published)),
            summary: "A summary.".into(),
            content_html: Some(html.into()),
            ..Article::default()
        },
        read: false,
        saved: false,
        full_text_fetched: true,
    }
}

const LEAD_HTML: &str = r#"<p>Southeast Asia’s demand for power will grow by a third this decade, and <a href="https://asiahouse.example/research/energy-outlook/">our new report</a> asks who will pay for the grid it needs.</p>
<figure class="wp-block-image"><img src="https://asiahouse.example/wp-content/uploads/2026/03/solar.jpg" alt="Solar panels"><figcaption class="wp-element-caption">Solar panels on a rooftop in Ho Chi Minh City. Photo: Linh Pham</figcaption></figure>
<h2>Who pays for the grid?</h2>
<p>Speaking at Asia House, the minister said that <em>blended finance</em> &#8211; public money taking the first loss &#8211; was “the only way to move at the speed we need”.</p>
<blockquote><p>We cannot wait for the perfect instrument.</p></blockquote>
<ul><li>Grid interconnection across ASEAN</li><li>Storage at scale</li><li>Carbon pricing</li></ul>
<p>Read the <a href="https://www.iea.example/reports/sea-2026">IEA outlook</a>, write to <a href="mailto:press@asiahouse.example">the press office</a>, or see <a href="javascript:alert(1)">this</a>.</p>
<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.</p>
<p>Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.</p>"#;

/// A fixed cache: an illustrated lead article and a page of others.
fn articles() -> Vec<StoredArticle> {
    let mut lead = stored(
        "a1",
        "Asia’s green transition: who will finance the next decade?",
        Some("Michael Lawrence"),
        "2026-03-09T09:30:00Z",
        LEAD_HTML,
    );
    lead.article.featured = Some(Image {
        url: "https://asiahouse.example/wp-content/uploads/2026/03/lead.jpg".into(),
        alt: Some("A wind farm".into()),
        caption: Some("Wind turbines off the coast of Taiwan.".into()),
        credit: Some("Photo: Reuters".into()),
    });
    let mut out = vec![lead];
    let others = [
        (
            "Korea and the UK sign a digital trade agreement",
            Some("Asia House Advisory"),
            "2026-03-08T15:00:00Z",
        ),
        ("上海艺术周：新一代策展人", None, "2026-03-06T08:00:00Z"),
        (
            "In conversation: the future of Gulf–Asia investment corridors after the 2025 summit",
            Some("Freddie Neve"),
            "2026-03-05T18:45:00Z",
        ),
        (
            "Book review: The Silk Roads revisited",
            Some("Kate Bailey"),
            "2026-02-27T10:00:00Z",
        ),
        (
            "India’s budget: what it means for British exporters",
            None,
            "2026-02-02T07:00:00Z",
        ),
        (
            "Japan’s new prime minister and the yen",
            Some("Ayumi Ito"),
            "2026-01-20T12:00:00Z",
        ),
        (
            "Event recap: Asia House Annual Lecture 2025",
            None,
            "2025-12-03T19:00:00Z",
        ),
        (
            "Vietnam’s semiconductor ambitions",
            Some("Linh Pham"),
            "2025-11-14T09:00:00Z",
        ),
    ];
    for (i, (title, author, date)) in others.into_iter().enumerate() {
        let mut a = stored(
            &format!("b{i}"),
            title,
            author,
            date,
            &format!("<p>{title}: body text of article {i}.</p>"),
        );
        a.read = i % 3 == 1;
        a.saved = i == 2;
        out.push(a);
    }
    out
}

fn app_with(lib: impl newsroom::tui::Library + 'static, cols: u16, rows: u16) -> App {
    app_themed(lib, cols, rows, "default")
}

fn app_themed(
    lib: impl newsroom::tui::Library + 'static,
    cols: u16,
    rows: u16,
    theme: &str,
) -> App {
    let theme = Theme::load_with(theme, None, ColorMode::TrueColor).unwrap();
    let mut app = App::new(
        Box::new(lib),
        Arc::new(Config::default()),
        Keymap::builtin(),
        theme,
    );
    app.now = ts(NOW);
    app.can_sync = true;
    app.resize(cols, rows);
    app.reload();
    app
}

fn app(cols: u16, rows: u16) -> App {
    app_with(
        MemoryLibrary::new(articles(), Some(ts("2026-03-10T11:57:00Z"))),
        cols,
        rows,
    )
}

fn draw(app: &App) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    term.draw(|f| views::draw(f, app)).unwrap();
    term.backend().buffer().clone()
}

/// The screen as text, one line per row, trailing spaces kept off.
fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn keys(app: &mut App, typed: &str) {
    for c in typed.chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn list_80x24() {
    let app = app(80, 24);
    insta::assert_snapshot!(text(&draw(&app)));
}

#[test]
fn list_120x40() {
    let app = app(120, 40);
    insta::assert_snapshot!(text(&draw(&app)));
}

#[test]
fn reader_80x24() {
    let mut app = app(80, 24);
    update(&mut app, Action::Open);
    insta::assert_snapshot!(text(&draw(&app)));
}

#[test]
fn reader_120x40() {
    let mut app = app(120, 40);
    update(&mut app, Action::Open);
    insta::assert_snapshot!(text(&draw(&app)));
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut app = app(80, 40);
    update(&mut app, Action::Help);
    let before = text(&draw(&app));
    insta::assert_snapshot!(before);
    // Rebinding a key shows on the help screen at once.
    let mut km = Keymap::builtin();
    km.overlay(Path::new("keymap.toml"), "[list]\nx = \"toggle_read\"\n")
        .unwrap();
    app.keymap = km;
    let after = text(&draw(&app));
    assert!(after.contains("r, x"), "{after}");
}

#[test]
fn reader_in_two_themes_differs_only_in_style() {
    let mut dark = app(80, 24);
    let mut gruv = app_themed(MemoryLibrary::new(articles(), None), 80, 24, "gruvbox");
    update(&mut dark, Action::Open);
    update(&mut gruv, Action::Open);
    let (a, b) = (draw(&dark), draw(&gruv));
    // Same words in the body (the status lines differ in last sync)…
    let body = |s: String| s.lines().take(23).collect::<Vec<_>>().join("\n");
    assert_eq!(body(text(&a)), body(text(&b)));
    // …different colours, each theme's own: the caption line.
    let caption_row = (0..24)
        .find(|y| {
            text(&a)
                .lines()
                .nth(*y as usize)
                .unwrap()
                .contains("Wind turbines")
        })
        .unwrap();
    let x = (0..80)
        .find(|x| a[(*x, caption_row)].symbol() == "W")
        .unwrap();
    let da = dark.theme.role(newsroom::render::Role::Caption);
    let gb = gruv.theme.role(newsroom::render::Role::Caption);
    assert_ne!(da.fg, gb.fg);
    assert_eq!(a[(x, caption_row)].fg, da.fg.unwrap());
    assert_eq!(b[(x, caption_row)].fg, gb.fg.unwrap());
}

#[test]
fn empty_states_say_what_is_happening() {
    let mut app = app_with(MemoryLibrary::default(), 80, 24);
    assert!(text(&draw(&app)).contains("No articles yet. Press ctrl-r to sync."));
    app.on_sync(&SyncEvent::Started { sources: 3 });
    let screen = text(&draw(&app));
    assert!(screen.contains("No articles yet — syncing…"), "{screen}");
    assert!(screen.contains("syncing 0/3 sources"), "{screen}");
    app.can_sync = false;
    app.status.syncing = None;
    app.status.offline_mode = true;
    let screen = text(&draw(&app));
    assert!(screen.contains("No articles cached."), "{screen}");
    assert!(screen.contains(" offline "), "{screen}");
}

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

use newsroom::tui::Library as _;

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
    assert_eq!(links.len(), 4, "{links:?}");
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
        screen.contains("there is no link 9: this article has 4"),
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
    assert!(app.quit);
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

// --- keymap and theme files ---------------------------------------------

#[test]
fn default_keymap_parses() {
    let km = Keymap::load(None).unwrap();
    let absent = Keymap::load(Some(Path::new("/nonexistent/keymap.toml"))).unwrap();
    assert_eq!(km, absent, "no file of one's own means the defaults");
    assert_eq!(
        km.lookup(View::Reader, &[Key::char('j')]),
        Lookup::Action(Action::Down)
    );
}

#[test]
fn a_partial_user_keymap_lays_over_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keymap.toml");
    std::fs::write(&path, "[reader]\nj = \"page_down\"\n").unwrap();
    let km = Keymap::load(Some(&path)).unwrap();
    let base = Keymap::builtin();
    assert_eq!(
        km.lookup(View::Reader, &[Key::char('j')]),
        Lookup::Action(Action::PageDown)
    );
    assert_eq!(
        km.lookup(View::List, &[Key::char('j')]),
        Lookup::Action(Action::Down)
    );
    for v in View::ALL {
        for k in ["k", "q", "G", "?", "o", "s"] {
            let key = [Key::parse(k).unwrap()];
            assert_eq!(km.lookup(*v, &key), base.lookup(*v, &key), "{v:?} {k}");
        }
    }
}

#[test]
fn bad_keymaps_are_rejected_with_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keymap.toml");
    let cases = [
        (
            "[list]\nj = \"jump\"\n",
            "2: j: unknown action \"jump\" (see the built-in keymap.toml for the names)",
        ),
        (
            "[reader]\n\"ctrl-sapce\" = \"down\"\n",
            "2: ctrl-sapce: unknown key \"sapce\"",
        ),
        (
            "[reader]\ng = \"top\"\n",
            "2: g: in [reader], \"g\" is also the start of \"g g\" (keymap.toml (built-in):LINE)",
        ),
    ];
    // The built-in line of the reader's `g g`.
    let text = newsroom::config::keymap::DEFAULT_KEYMAP;
    let reader = text.find("[reader]").unwrap();
    let gg = reader + text[reader..].find("\"g g\"").unwrap();
    let line = text[..gg].lines().count() + 1;
    for (body, want) in cases {
        let want = want.replace("LINE", &line.to_string());
        std::fs::write(&path, body).unwrap();
        let err = Keymap::load(Some(&path)).unwrap_err();
        assert_eq!(err.to_string(), format!("{}:{want}", path.display()));
    }
}

#[test]
fn every_bundled_theme_loads() {
    let names = Theme::available(None);
    assert!(names.len() >= 5, "{names:?}");
    for name in names {
        for mode in [ColorMode::TrueColor, ColorMode::Ansi256, ColorMode::NoColor] {
            Theme::load_with(&name, None, mode).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
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
    assert_eq!(r.matches.len(), 2, "alt text and caption: {:?}", r.matches);
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

/// The screen's styles: each row as runs of one style with their text.
fn style_runs(buf: &Buffer, rows: u16) -> String {
    let mut out = String::new();
    for y in 0..rows.min(buf.area.height) {
        let mut runs: Vec<(String, String)> = Vec::new();
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            let key = format!("{:?}/{:?}/{:?}", c.fg, c.bg, c.modifier);
            match runs.last_mut() {
                Some((k, text)) if *k == key => text.push_str(c.symbol()),
                _ => runs.push((key, c.symbol().to_string())),
            }
        }
        for (k, text) in runs {
            if !text.trim().is_empty() {
                out.push_str(&format!("{y:>2} {k} {:?}\n", text.trim()));
            }
        }
    }
    out
}

#[test]
fn reader_styles_in_two_themes() {
    for theme in ["default", "gruvbox"] {
        let mut app = app_themed(MemoryLibrary::new(articles(), None), 80, 24, theme);
        update(&mut app, Action::Open);
        insta::assert_snapshot!(
            format!("reader_styles_{theme}"),
            style_runs(&draw(&app), 14)
        );
    }
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

/// A cache that cannot be read at all.
struct Unreadable;

impl newsroom::tui::Library for Unreadable {
    fn articles(
        &self,
        _: &newsroom::store::ArticleQuery,
    ) -> Result<Vec<newsroom::model::ArticleRow>, newsroom::store::StoreError> {
        Err(broken())
    }
    fn count_articles(
        &self,
        _: &newsroom::store::ArticleQuery,
    ) -> Result<usize, newsroom::store::StoreError> {
        Err(broken())
    }
    fn article(&self, _: &str) -> Result<Option<StoredArticle>, newsroom::store::StoreError> {
        Err(broken())
    }
    fn set_read(&self, _: &str, _: bool) -> Result<(), newsroom::store::StoreError> {
        Err(broken())
    }
    fn set_saved(&self, _: &str, _: bool) -> Result<(), newsroom::store::StoreError> {
        Err(broken())
    }
    fn last_sync(&self) -> Result<Option<Timestamp>, newsroom::store::StoreError> {
        Err(broken())
    }
    fn events(
        &self,
        _: &newsroom::store::EventQuery,
    ) -> Result<Vec<newsroom::model::Event>, newsroom::store::StoreError> {
        Err(broken())
    }
    fn event(
        &self,
        _: &str,
    ) -> Result<Option<newsroom::model::Event>, newsroom::store::StoreError> {
        Err(broken())
    }
}

fn broken() -> newsroom::store::StoreError {
    newsroom::store::StoreError::Open {
        path: "/data/newsroom.db".into(),
        detail: "disk I/O error".into(),
    }
}

#[test]
fn an_unreadable_cache_is_said_on_every_screen() {
    let mut app = app_with(Unreadable, 80, 24);
    let screen = text(&draw(&app));
    assert!(screen.contains("Could not read the cache."), "{screen}");
    assert!(screen.contains("disk I/O error"), "{screen}");
    update(&mut app, Action::SwitchView);
    assert!(text(&draw(&app)).contains("disk I/O error"));
    keys(&mut app, "m");
    assert!(text(&draw(&app)).contains("disk I/O error"));
}
