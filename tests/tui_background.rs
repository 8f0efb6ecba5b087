//! The real binary in a pseudo-terminal that answers the start-up question
//! as a terminal on a white or a black background would: the first frame is
//! drawn in the theme for that background, with no flag.

mod common;

use std::time::Duration;

use common::pty::Pty;

const WAIT: Duration = Duration::from_secs(30);

/// The question ends with a device attributes request, asked last.
const FENCE: &[u8] = b"\x1b[c";

/// The status line's background in each variant of the default theme, as
/// a true-colour terminal is told it (after the foreground, in one SGR).
const DARK_PANEL: &str = ";48;2;36;40;59m";
const LIGHT_PANEL: &str = ";48;2;232;232;227m";

/// The reader on an empty cache, offline; `extra` environment on top.
fn start(dir: &tempfile::TempDir, extra: &[(&str, &str)]) -> Pty {
    start_with(dir, "", extra)
}

fn start_with(dir: &tempfile::TempDir, config_text: &str, extra: &[(&str, &str)]) -> Pty {
    let data = dir.path().join("data");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, config_text).unwrap();
    let mut envs = vec![
        ("XDG_CONFIG_HOME", dir.path().to_str().unwrap()),
        ("COLORTERM", "truecolor"),
        ("COLORFGBG", ""),
    ];
    envs.extend_from_slice(extra);
    Pty::spawn(
        &[
            "--offline",
            "--config",
            config.to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
        ],
        &envs,
        80,
        24,
    )
}

fn wait_for_question(pty: &Pty) {
    let end = std::time::Instant::now() + WAIT;
    while !pty.raw().windows(FENCE.len()).any(|w| w == FENCE) {
        assert!(
            std::time::Instant::now() < end,
            "the terminal was never asked"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The first frame: everything written up to the list's empty message.
fn first_frame(pty: &Pty) -> String {
    pty.wait_text("No articles", WAIT);
    String::from_utf8_lossy(&pty.raw()).into_owned()
}

#[test]
fn a_white_background_gets_the_light_default() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = start(&dir, &[]);
    wait_for_question(&pty);
    pty.send("\x1bP>|XTerm(379)\x1b\\\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?63;1;2;6;22c");
    let frame = first_frame(&pty);
    assert!(frame.contains(LIGHT_PANEL), "{frame:?}");
    assert!(!frame.contains(DARK_PANEL), "{frame:?}");
    pty.send("q");
    assert!(pty.wait_exit(WAIT).is_some_and(|s| s.success()));
}

#[test]
fn a_black_background_keeps_the_dark_default() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = start(&dir, &[]);
    wait_for_question(&pty);
    pty.send("\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;22c");
    let frame = first_frame(&pty);
    assert!(frame.contains(DARK_PANEL), "{frame:?}");
    assert!(!frame.contains(LIGHT_PANEL), "{frame:?}");
    pty.send("q");
    assert!(pty.wait_exit(WAIT).is_some_and(|s| s.success()));
}

#[test]
fn a_chosen_theme_stays_on_a_white_background() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = start_with(&dir, "theme = \"gruvbox\"\n", &[]);
    wait_for_question(&pty);
    pty.send("\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?62;22c");
    let frame = first_frame(&pty);
    // gruvbox's own background, not the light default's panel.
    assert!(frame.contains(";48;2;40;40;40m"), "{frame:?}");
    assert!(!frame.contains(LIGHT_PANEL), "{frame:?}");
}

#[test]
fn colorfgbg_says_light_where_the_terminal_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let pty = start(&dir, &[("COLORFGBG", "0;15")]);
    wait_for_question(&pty);
    pty_send_fence_only(pty, LIGHT_PANEL);
}

#[test]
fn a_terminal_that_answers_only_the_fence_gets_its_first_frame_at_once() {
    let dir = tempfile::tempdir().unwrap();
    // Ten minutes to answer: only the fence can end the wait within the test.
    let pty = start(&dir, &[("NEWSROOM_PROBE_WAIT_MS", "600000")]);
    wait_for_question(&pty);
    pty_send_fence_only(pty, DARK_PANEL);
}

fn pty_send_fence_only(mut pty: Pty, panel: &str) {
    pty.send("\x1b[?1;2c");
    let frame = first_frame(&pty);
    assert!(frame.contains(panel), "{frame:?}");
    pty.send("q");
    assert!(pty.wait_exit(WAIT).is_some_and(|s| s.success()));
}

#[test]
fn a_key_typed_while_the_terminal_answers_is_acted_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = start(&dir, &[]);
    wait_for_question(&pty);
    // `?` (help) arrives before the answer, as if typed at once.
    pty.send("?\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;22c");
    pty.wait_text("Keys —", WAIT);
    pty.send("q");
    pty.send("q");
    assert!(pty.wait_exit(WAIT).is_some_and(|s| s.success()));
}

#[test]
fn an_answer_that_comes_after_the_deadline_is_not_read_as_keys() {
    let dir = tempfile::tempdir().unwrap();
    // A terminal too busy to answer within 50 ms answers later.
    let mut pty = start(&dir, &[("NEWSROOM_PROBE_WAIT_MS", "50")]);
    wait_for_question(&pty);
    first_frame(&pty);
    // Read as keys, this would open a search (`/`) that takes the `?`.
    pty.send("\x1bP>|XTerm(379)\x1b\\\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?63;1;2;6;22c");
    std::thread::sleep(Duration::from_millis(300));
    pty.send("?");
    pty.wait_text("Keys —", WAIT);
    pty.send("q");
    pty.send("q");
    assert!(pty.wait_exit(WAIT).is_some_and(|s| s.success()));
}
