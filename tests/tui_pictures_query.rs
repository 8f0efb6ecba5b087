//! The start-up question to the terminal, in a pseudo-terminal: the test
//! answers as kitty, xterm or a plain terminal would, or not at all, and
//! checks what the program learnt and that a key typed afterwards still
//! reaches it.

mod common;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use common::pty::Pty;
use portable_pty::CommandBuilder;

const CHILD: &str = "NEWSROOM_QUERY_CHILD";

/// Not a test on its own: asks the terminal, prints what it learnt, then
/// echoes the next key typed.
#[test]
fn child() {
    if std::env::var(CHILD).is_err() {
        return;
    }
    use newsroom::config::PictureMode;
    use newsroom::tui::reader::protocol::detect;
    crossterm::terminal::enable_raw_mode().unwrap();
    let probe = newsroom::tui::probe::ask();
    let d = detect(PictureMode::Auto, true, &probe);
    let what = match &d.picker {
        Some(p) => format!(
            "{:?} {}x{}",
            p.protocol_type(),
            p.font_size().width,
            p.font_size().height
        ),
        None => "none".into(),
    };
    print!(
        "DETECTED {what} shown={} placeholders={} light={:?} answered={}\r\n",
        d.shown,
        d.kitty_placeholders,
        probe.light_background(None),
        probe.answered
    );
    std::io::stdout().flush().unwrap();
    let mut key = [0u8; 1];
    std::io::stdin().read_exact(&mut key).unwrap();
    print!("KEY {}\r\n", char::from(key[0]));
    std::io::stdout().flush().unwrap();
    crossterm::terminal::disable_raw_mode().unwrap();
}

struct Term {
    pty: Pty,
}

impl Term {
    fn start() -> Term {
        Term::start_waiting(800)
    }

    /// `wait_ms`: how long the program waits for an answer.
    fn start_waiting(wait_ms: u64) -> Term {
        let mut cmd = CommandBuilder::new(std::env::current_exe().unwrap());
        cmd.args(["--exact", "child", "--nocapture", "--test-threads=1"]);
        cmd.env(CHILD, "1");
        cmd.env("NEWSROOM_PROBE_WAIT_MS", wait_ms.to_string());
        // A real terminal, so it is asked; what it answers (or not) is up to
        // each test.
        cmd.env("TERM", "xterm-256color");
        for hint in [
            "TMUX",
            "TERM_PROGRAM",
            "LC_TERMINAL",
            "WEZTERM_EXECUTABLE",
            "KONSOLE_VERSION",
            "KITTY_WINDOW_ID",
            "TERM_PROGRAM_VERSION",
            "COLORFGBG",
            "NEWSROOM_PICTURES",
        ] {
            cmd.env_remove(hint);
        }
        Term {
            pty: Pty::run(cmd, 80, 24),
        }
    }

    fn output(&self) -> String {
        String::from_utf8_lossy(&self.pty.raw()).into_owned()
    }

    /// Wait (up to a generous bound) until the program has written `text`.
    fn wait_for(&self, text: &str) -> String {
        let end = Instant::now() + Duration::from_secs(20);
        while Instant::now() < end {
            let out = self.output();
            if out.contains(text) {
                return out;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("never saw {text:?} in {:?}", self.output());
    }

    fn send(&mut self, bytes: &str) {
        self.pty.send(bytes);
    }
}

/// The question ends with a device attributes request, which every
/// terminal answers, last.
const FENCE: &str = "\x1b[c";

#[test]
fn a_kitty_terminal_is_recognised_with_its_cell_size() {
    let mut t = Term::start();
    t.wait_for(FENCE);
    t.send("\x1bP>|kitty(0.35.2)\x1b\\\x1b]11;rgb:0000/0000/0000\x1b\\\x1b_Gi=31;OK\x1b\\\x1b[6;18;9t\x1b[?62;c");
    let out = t.wait_for("DETECTED");
    assert!(
        out.contains("DETECTED Kitty 9x18 shown=true placeholders=true light=Some(false)"),
        "{out:?}"
    );
    t.send("k");
    t.wait_for("KEY k");
}

#[test]
fn kitty_before_0_28_draws_without_placeholders() {
    let mut t = Term::start();
    t.wait_for(FENCE);
    t.send("\x1bP>|kitty(0.26.5)\x1b\\\x1b_Gi=31;OK\x1b\\\x1b[6;18;9t\x1b[?62;c");
    let out = t.wait_for("DETECTED");
    assert!(
        out.contains("DETECTED Kitty 9x18 shown=true placeholders=false"),
        "{out:?}"
    );
}

#[test]
fn a_sixel_xterm_on_white_is_recognised() {
    let mut t = Term::start();
    t.wait_for(FENCE);
    // xterm ends its OSC answer as the question did; the cell size it may
    // not say.
    t.send("\x1bP>|XTerm(379)\x1b\\\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?63;1;2;4;6;9;15;22c");
    let out = t.wait_for("DETECTED");
    assert!(
        out.contains("DETECTED Sixel 10x20 shown=true placeholders=true light=Some(true)"),
        "{out:?}"
    );
}

#[test]
fn a_terminal_that_answers_only_the_fence_is_done_at_once() {
    let mut t = Term::start_waiting(600_000);
    t.wait_for(FENCE);
    t.send("\x1b[?1;2c");
    // Were the fence not the end of it, this would wait ten minutes.
    let out = t.wait_for("DETECTED");
    assert!(
        out.contains(
            "DETECTED Halfblocks 10x20 shown=false placeholders=true light=None answered=true"
        ),
        "{out:?}"
    );
    t.send("k");
    t.wait_for("KEY k");
}

#[test]
fn a_slow_terminal_that_has_begun_to_answer_is_waited_for() {
    let mut t = Term::start_waiting(1000);
    t.wait_for(FENCE);
    t.send("\x1bP>|XTerm(379)\x1b\\");
    // Past the first deadline, well within the longer one.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    t.send("\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?63;4c");
    let out = t.wait_for("DETECTED");
    assert!(
        out.contains(
            "DETECTED Sixel 10x20 shown=true placeholders=true light=Some(true) answered=true"
        ),
        "{out:?}"
    );
    t.send("k");
    t.wait_for("KEY k");
}

#[test]
fn keys_typed_during_the_question_do_no_harm() {
    let mut t = Term::start();
    t.wait_for(FENCE);
    t.send("jj\x1b[A\x1b]11;rgb:ff/ff/ff\x07q\x1b[?62c");
    let out = t.wait_for("DETECTED");
    assert!(out.contains("light=Some(true) answered=true"), "{out:?}");
    t.send("k");
    t.wait_for("KEY k");
}

#[test]
fn a_silent_terminal_gets_hidden_half_blocks_and_keeps_its_keys() {
    let mut t = Term::start();
    t.wait_for(FENCE);
    let out = t.wait_for("DETECTED");
    assert!(
        out.contains(
            "DETECTED Halfblocks 10x20 shown=false placeholders=true light=None answered=false"
        ),
        "{out:?}"
    );
    // Nothing is left reading stdin: the next key reaches the program.
    t.send("k");
    t.wait_for("KEY k");
}
