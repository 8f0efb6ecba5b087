//! A picture drawn in sixel, in a pseudo-terminal, scrolled until half of
//! it is above the screen: what the program writes holds a sixel of the
//! rows still on screen, not nothing. (A terminal emulator would be needed
//! to see the pixels; the bytes written are what it would draw.)

mod common;
mod tui_common;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::pty::Pty;
use image::{ImageFormat, Rgb, RgbImage};
use newsroom::config::Config;
use newsroom::config::keymap::Keymap;
use newsroom::config::theme::{ColorMode, Theme};
use newsroom::tui::{App, MemoryLibrary};
use portable_pty::CommandBuilder;
use tui_common::articles;

const CHILD: &str = "NEWSROOM_SIXEL_CHILD";
const LEAD: &str = "https://asiahouse.example/wp-content/uploads/2026/03/lead.jpg";

/// A 400×400 PNG: shown 28 columns by 14 rows (280×280 pixels in the
/// 10×20-pixel cells assumed when the protocol is forced).
fn png() -> Vec<u8> {
    let img = RgbImage::from_fn(400, 400, |x, y| {
        Rgb([(x / 2) as u8, (y / 2) as u8, if y < 200 { 40 } else { 200 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Not a test on its own: the TUI with an illustrated article, in sixel.
#[test]
fn child() {
    let Ok(dir) = std::env::var(CHILD) else {
        return;
    };
    let lib = MemoryLibrary::new(articles(), None);
    lib.insert_image(LEAD, "image/png", png());
    let theme = Theme::load_with("default", None, ColorMode::Ansi256).unwrap();
    let app = App::new(
        Box::new(lib),
        Arc::new(Config::default()),
        Keymap::builtin(),
        theme,
    );
    newsroom::tui::run_app(app, None, &PathBuf::from(dir)).unwrap();
}

struct Session {
    pty: Pty,
    _dir: tempfile::TempDir,
}

impl Session {
    fn start() -> Session {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = CommandBuilder::new(std::env::current_exe().unwrap());
        cmd.args(["--exact", "child", "--nocapture", "--test-threads=1"]);
        cmd.env(CHILD, dir.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env("NEWSROOM_PICTURES", "sixel");
        cmd.env("NEWSROOM_HYPERLINKS", "0");
        cmd.env_remove("TMUX");
        Session {
            pty: Pty::run(cmd, 80, 30),
            _dir: dir,
        }
    }

    fn output(&self) -> String {
        String::from_utf8_lossy(&self.pty.raw()).into_owned()
    }

    /// Wait (up to a generous bound) until the output holds `n` sixels,
    /// and return the last one's size in pixels.
    fn wait_sixels(&self, n: usize) -> (u32, u32) {
        let end = Instant::now() + Duration::from_secs(30);
        while Instant::now() < end {
            let out = self.output();
            let sixels = complete_sixels(&out);
            if sixels.len() >= n {
                return sixel_size(sixels[n - 1]);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!(
            "never saw {n} sixels; {} so far",
            complete_sixels(&self.output()).len()
        );
    }

    /// Wait (up to a generous bound) until the program has written `text`.
    fn wait_for(&self, text: &str) {
        let end = Instant::now() + Duration::from_secs(30);
        while Instant::now() < end {
            if self.output().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("never saw {text:?}");
    }

    fn send(&mut self, keys: &str) {
        self.pty.send(keys);
    }
}

/// The sixel sequences (DCS … ST) written so far, whole ones only.
fn complete_sixels(out: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = out;
    while let Some(start) = rest.find("\x1bP") {
        let Some(len) = rest[start..].find("\x1b\\") else {
            break;
        };
        found.push(&rest[start..start + len]);
        rest = &rest[start + len..];
    }
    found
}

/// A sixel's raster attributes `"Pan;Pad;Ph;Pv`: its width and height.
fn sixel_size(sixel: &str) -> (u32, u32) {
    let ra = sixel.find('"').expect("raster attributes") + 1;
    let nums: Vec<u32> = sixel[ra..]
        .split(|c: char| !c.is_ascii_digit() && c != ';')
        .next()
        .unwrap()
        .split(';')
        .map(|n| n.parse().unwrap())
        .collect();
    (nums[2], nums[3])
}

#[test]
fn a_sixel_picture_half_above_the_screen_still_shows_its_lower_half() {
    let mut s = Session::start();
    // The list, then the article with its picture drawn whole.
    s.wait_for("green transition");
    s.send("\r");
    assert_eq!(s.wait_sixels(1), (280, 280));
    // Each line down moves the picture up a row: once its top is above the
    // screen, each frame's sixel is the rows still on screen, 20 pixels
    // fewer each time, down to the lower half.
    let mut seen = 1;
    let mut heights = Vec::new();
    for _ in 0..40 {
        s.send("j");
        seen += 1;
        let (w, h) = s.wait_sixels(seen);
        assert_eq!(w, 280);
        if h < 280 {
            heights.push(h);
        }
        if h <= 140 {
            break;
        }
    }
    assert_eq!(
        heights,
        (7..14).rev().map(|rows| rows * 20).collect::<Vec<_>>(),
        "each row off the top takes 20 pixels off the sixel"
    );
    s.send("q");
}
