//! The TUI in a real pseudo-terminal: it draws, takes keys, and gives the
//! terminal back on quit, on a panic and on SIGTERM.
//!
//! The program under test is this test binary itself, re-run with
//! `NEWSROOM_TUI_CHILD` set: `child` then runs the TUI on fixed articles.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use newsroom::config::Config;
use newsroom::config::keymap::Keymap;
use newsroom::config::theme::{ColorMode, Theme};
use newsroom::model::{Article, ArticleRow, Event};
use newsroom::store::{ArticleQuery, EventQuery, StoreError, StoredArticle};
use newsroom::tui::{App, Library, MemoryLibrary};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const CHILD: &str = "NEWSROOM_TUI_CHILD";
const LOG_DIR: &str = "NEWSROOM_TUI_LOG_DIR";

fn articles() -> Vec<StoredArticle> {
    (1..=30)
        .map(|i| StoredArticle {
            article: Article {
                id: format!("id{i}"),
                site: "Meridian House".into(),
                url: format!("https://meridian.example/{i}/"),
                title: format!("Dispatch number {i} from the archive"),
                content_html: Some(format!(
                    "<p>See <a href=\"https://meridian.example/more/{i}\">more</a>.</p>{}",
                    (1..=60)
                        .map(|p| format!("<p>Paragraph {p} of dispatch {i}.</p>"))
                        .collect::<String>()
                )),
                ..Article::default()
            },
            read: false,
            saved: false,
            full_text_fetched: true,
        })
        .collect()
}

/// A library whose articles cannot be opened: a bug, to see a panic handled.
struct Broken(MemoryLibrary);

impl Library for Broken {
    fn articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleRow>, StoreError> {
        self.0.articles(q)
    }
    fn count_articles(&self, q: &ArticleQuery) -> Result<usize, StoreError> {
        self.0.count_articles(q)
    }
    fn article(&self, _: &str) -> Result<Option<StoredArticle>, StoreError> {
        panic!("article store exploded")
    }
    fn set_read(&self, id: &str, read: bool) -> Result<(), StoreError> {
        self.0.set_read(id, read)
    }
    fn set_saved(&self, id: &str, saved: bool) -> Result<(), StoreError> {
        self.0.set_saved(id, saved)
    }
    fn last_sync(&self) -> Result<Option<jiff::Timestamp>, StoreError> {
        self.0.last_sync()
    }
    fn events(&self, q: &EventQuery) -> Result<Vec<Event>, StoreError> {
        self.0.events(q)
    }
    fn event(&self, id: &str) -> Result<Option<Event>, StoreError> {
        self.0.event(id)
    }
}

/// Not a test on its own: the TUI run by the tests below in a terminal.
#[test]
fn child() {
    let Ok(mode) = std::env::var(CHILD) else {
        return;
    };
    let lib = MemoryLibrary::new(articles(), None);
    let library: Box<dyn Library> = if mode == "panic" {
        Box::new(Broken(lib))
    } else {
        Box::new(lib)
    };
    let theme = Theme::load_with("default", None, ColorMode::Ansi256).unwrap();
    let app = App::new(
        library,
        Arc::new(Config::default()),
        Keymap::builtin(),
        theme,
    );
    let log_dir = PathBuf::from(std::env::var(LOG_DIR).unwrap());
    newsroom::tui::run_app(app, None, &log_dir).unwrap();
}

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _dir: tempfile::TempDir,
    log_dir: PathBuf,
}

impl Session {
    fn start(mode: &str) -> Session {
        Session::start_with(mode, false)
    }

    fn start_with(mode: &str, hyperlinks: bool) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let log_dir = dir.path().to_path_buf();
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(std::env::current_exe().unwrap());
        cmd.args(["--exact", "child", "--nocapture", "--test-threads=1"]);
        cmd.env(CHILD, mode);
        cmd.env(LOG_DIR, &log_dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("BROWSER");
        cmd.env("NEWSROOM_HYPERLINKS", if hyperlinks { "1" } else { "0" });
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session {
            parser,
            raw,
            writer,
            child,
            _dir: dir,
            log_dir,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Wait (up to a generous bound) until the screen shows `text`.
    fn wait_for(&self, text: &str) {
        let end = Instant::now() + Duration::from_secs(20);
        while Instant::now() < end {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("never saw {text:?}; screen:\n{}", self.screen());
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) {
        let end = Instant::now() + Duration::from_secs(20);
        while Instant::now() < end {
            if self.child.try_wait().unwrap().is_some() {
                // Let the reader thread take the last bytes.
                std::thread::sleep(Duration::from_millis(200));
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the program did not exit; screen:\n{}", self.screen());
    }

    fn assert_restored(&self) {
        let p = self.parser.lock().unwrap();
        assert!(
            !p.screen().alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!p.screen().hide_cursor(), "the cursor is still hidden");
        let raw = self.raw.lock().unwrap();
        let text = String::from_utf8_lossy(&raw);
        assert!(text.contains("\x1b[?1049h") && text.contains("\x1b[?1049l"));
    }
}

#[test]
fn open_scroll_and_quit_restores_the_terminal() {
    let mut s = Session::start("normal");
    s.wait_for("Dispatch number 1 from the archive");
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    // Started without a sync, as with --offline: the status line says so.
    s.wait_for(" offline ");
    s.send("j\r");
    s.wait_for("Paragraph 1 of dispatch 2.");
    s.send("5j");
    s.wait_for("Paragraph 3 of dispatch 2.");
    s.send("G");
    s.wait_for("Paragraph 60 of dispatch 2.");
    s.send("h");
    s.wait_for("2/30");
    s.send("q");
    s.wait_exit();
    s.assert_restored();
    let raw = String::from_utf8_lossy(&s.raw.lock().unwrap()).to_string();
    assert!(
        !raw.contains("\x1b]8;"),
        "no OSC 8 unless the terminal takes it"
    );
}

#[test]
fn links_are_clickable_where_the_terminal_supports_it() {
    let mut s = Session::start_with("normal", true);
    s.wait_for("Dispatch number 1 from the archive");
    s.send("\r");
    s.wait_for("Paragraph 1 of dispatch 1.");
    s.send("q");
    s.wait_exit();
    s.assert_restored();
    let raw = String::from_utf8_lossy(&s.raw.lock().unwrap()).to_string();
    assert!(
        raw.contains("\x1b]8;;https://meridian.example/more/1\x1b\\"),
        "{raw:?}"
    );
}

#[test]
fn a_panic_restores_the_terminal_and_is_logged() {
    let mut s = Session::start("panic");
    s.wait_for("Dispatch number 1 from the archive");
    s.send("\r");
    s.wait_exit();
    s.assert_restored();
    let log = std::fs::read_to_string(s.log_dir.join("panic.log")).unwrap();
    assert!(log.contains("article store exploded"), "{log}");
    let said = String::from_utf8_lossy(&s.raw.lock().unwrap()).to_string();
    assert!(said.contains("details are in"), "{said}");
}

#[cfg(unix)]
#[test]
fn sigterm_restores_the_terminal() {
    let mut s = Session::start("normal");
    s.wait_for("Dispatch number 1 from the archive");
    let pid = s.child.process_id().unwrap();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    s.wait_exit();
    s.assert_restored();
}
