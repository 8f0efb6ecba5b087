//! The keymap and theme files: the defaults parse, a user's file lays over
//! them, bad files are rejected with file, line and key.

use std::path::Path;

use newsroom::config::keymap::{Key, Keymap, Lookup, View};
use newsroom::config::theme::{ColorMode, Theme};
use newsroom::tui::Action;

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
