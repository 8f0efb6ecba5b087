//! Fixtures shared by the TUI tests: a fixed cache, a fixed "now", and
//! functions to draw on TestBackend and type keys.
#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use newsroom::config::Config;
use newsroom::config::keymap::Keymap;
use newsroom::config::theme::{ColorMode, Theme};
use newsroom::model::{Article, Image};
use newsroom::store::StoredArticle;
use newsroom::tui::{App, MemoryLibrary, views};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::sync::Arc;

pub const NOW: &str = "2026-03-10T12:00:00Z";

pub fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

pub fn stored(
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

pub const LEAD_HTML: &str = r#"<p>Southeast Asia’s demand for power will grow by a third this decade, and <a href="https://asiahouse.example/research/energy-outlook/">our new report</a> asks who will pay for the grid it needs.</p>
<figure class="wp-block-image"><img src="https://asiahouse.example/wp-content/uploads/2026/03/solar.jpg" alt="Solar panels"><figcaption class="wp-element-caption">Solar panels on a rooftop in Ho Chi Minh City. Photo: Linh Pham</figcaption></figure>
<h2>Who pays for the grid?</h2>
<p>Speaking at Asia House, the minister said that <em>blended finance</em> &#8211; public money taking the first loss &#8211; was “the only way to move at the speed we need”.</p>
<blockquote><p>We cannot wait for the perfect instrument.</p></blockquote>
<ul><li>Grid interconnection across ASEAN</li><li>Storage at scale</li><li>Carbon pricing</li></ul>
<p>Read the <a href="https://www.iea.example/reports/sea-2026">IEA outlook</a>, write to <a href="mailto:press@asiahouse.example">the press office</a>, or see <a href="javascript:alert(1)">this</a>.</p>
<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.</p>
<p>Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.</p>"#;

/// A fixed cache: an illustrated lead article and a page of others.
pub fn articles() -> Vec<StoredArticle> {
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

pub fn app_with(lib: impl newsroom::tui::Library + 'static, cols: u16, rows: u16) -> App {
    app_themed(lib, cols, rows, "default")
}

pub fn app_themed(
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

pub fn app(cols: u16, rows: u16) -> App {
    app_with(
        MemoryLibrary::new(articles(), Some(ts("2026-03-10T11:57:00Z"))),
        cols,
        rows,
    )
}

pub fn draw(app: &App) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    term.draw(|f| views::draw(f, app)).unwrap();
    term.backend().buffer().clone()
}

/// The screen as text, one line per row, trailing spaces kept off.
pub fn text(buf: &Buffer) -> String {
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

pub fn keys(app: &mut App, typed: &str) {
    for c in typed.chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}
