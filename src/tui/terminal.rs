//! Entering and leaving full-screen mode, on every way out: a normal quit,
//! an error, a panic (logged to a file in the data dir) and SIGTERM.

use std::io::{self, Stdout, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once};
use std::thread::ThreadId;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Set while the terminal is in full-screen mode, so the panic hook only
/// restores what was changed.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Full-screen mode for as long as it lives.
pub struct Guard;

impl Guard {
    pub fn enter(mouse: bool) -> io::Result<(Guard, Term)> {
        enable_raw_mode()?;
        let guard = Guard;
        ACTIVE.store(true, Ordering::SeqCst);
        MOUSE.store(mouse, Ordering::SeqCst);
        let mut out = io::stdout();
        execute!(out, EnterAlternateScreen, cursor::Hide)?;
        if mouse {
            execute!(out, EnableMouseCapture)?;
        }
        let term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        Ok((guard, term))
    }

    /// Step out of full-screen mode for a while (a text browser runs in the
    /// foreground), then back in.
    pub fn suspended<T>(term: &mut Term, f: impl FnOnce() -> T) -> io::Result<T> {
        restore();
        let out = f();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)?;
        if MOUSE.load(Ordering::SeqCst) {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        term.clear()?;
        Ok(out)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Put the terminal back as it was. Safe to call more than once.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(out, LeaveAlternateScreen, cursor::Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// The thread drawing the screen: a panic there ends the program; a panic
/// in background work is logged without scribbling over the screen.
static UI_THREAD: Mutex<Option<ThreadId>> = Mutex::new(None);
static HOOK: Once = Once::new();

/// On a panic: restore the terminal, write the message and a backtrace to
/// `panic.log` in `log_dir`, say where, then run the previous hook.
pub fn install_panic_hook(log_dir: PathBuf) {
    if let Ok(mut t) = UI_THREAD.lock() {
        *t = Some(std::thread::current().id());
    }
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let on_ui = UI_THREAD
                .lock()
                .map(|t| *t == Some(std::thread::current().id()))
                .unwrap_or(true);
            if !ACTIVE.load(Ordering::SeqCst) {
                return previous(info);
            }
            let logged = write_panic_log(&log_dir, &info.to_string());
            if !on_ui {
                // The screen stays; the loop notices the work is gone.
                return;
            }
            restore();
            match logged {
                Ok(path) => eprintln!(
                    "newsroom stopped on an internal error; details are in {}",
                    path.display()
                ),
                Err(e) => eprintln!("newsroom stopped on an internal error (no log: {e})"),
            }
            previous(info);
        }));
    });
}

fn write_panic_log(dir: &Path, message: &str) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join("panic.log");
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    writeln!(
        f,
        "--- {} newsroom {}\n{message}\n{}",
        jiff::Timestamp::now(),
        env!("CARGO_PKG_VERSION"),
        std::backtrace::Backtrace::force_capture()
    )?;
    Ok(path)
}
