//! Whether the reader writes OSC 8 links, decided from the environment of
//! a real process: terminals the `supports-hyperlinks` crate knows, our
//! override, and tmux.

use std::process::Command;

const CHILD: &str = "NEWSROOM_HYPERLINK_CHILD";

/// Not a test on its own: prints what this environment decides.
#[test]
fn child() {
    if std::env::var(CHILD).is_ok() {
        println!("LINKS={}", newsroom::tui::hyperlink::supported());
    }
}

fn links(env: &[(&str, &str)]) -> bool {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env_clear()
        .env(CHILD, "1")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    if text.contains("LINKS=true") {
        true
    } else if text.contains("LINKS=false") {
        false
    } else {
        panic!("no answer: {text}")
    }
}

#[test]
fn terminals_the_crate_knows_get_links() {
    assert!(links(&[
        ("TERM", "xterm-256color"),
        ("KONSOLE_VERSION", "230805")
    ]));
    assert!(links(&[
        ("TERM", "xterm-256color"),
        ("COLORTERM", "xfce4-terminal")
    ]));
    assert!(links(&[("TERM", "xterm-256color"), ("DOMTERM", "1")]));
    assert!(links(&[
        ("TERM", "xterm-256color"),
        ("FORCE_HYPERLINK", "1")
    ]));
    assert!(links(&[("TERM", "foot")]));
}

#[test]
fn unknown_terminals_tmux_and_the_override_get_none() {
    assert!(!links(&[("TERM", "xterm-256color")]));
    assert!(!links(&[
        ("TERM", "xterm-kitty"),
        ("TMUX", "/tmp/tmux-1/default")
    ]));
    assert!(!links(&[
        ("TERM", "xterm-kitty"),
        ("NEWSROOM_HYPERLINKS", "0")
    ]));
    assert!(!links(&[
        ("TERM", "xterm-256color"),
        ("FORCE_HYPERLINK", "0")
    ]));
    assert!(links(&[
        ("TERM", "xterm-256color"),
        ("NEWSROOM_HYPERLINKS", "1")
    ]));
}
