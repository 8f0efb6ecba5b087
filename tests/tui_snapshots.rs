//! Whole screens on ratatui's TestBackend, as insta snapshots: the list
//! and the reader at 80×24 and 120×40, the help screen, themes, and the
//! empty and error states.

mod tui_common;

use jiff::Timestamp;
use newsroom::config::keymap::Keymap;
use newsroom::store::StoredArticle;
use newsroom::sync::SyncEvent;
use newsroom::tui::{Action, MemoryLibrary, update};
use ratatui::buffer::Buffer;
use std::path::Path;
use tui_common::*;

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
