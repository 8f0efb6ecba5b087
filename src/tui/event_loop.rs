//! The UI thread's loop: one channel brings keys, terminal events, sync
//! progress and signals; the screen is redrawn only after something changed.
//! Nothing here waits on the network.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, MouseEventKind};
use jiff::Timestamp;

use crate::sync::{SyncEvent, SyncStarter};
use crate::tui::app::{App, Effect};
use crate::tui::probe::late::LateAnswers;
use crate::tui::status::SyncProgress;
use crate::tui::terminal::{Guard, Term};
use crate::tui::{hyperlink, reader, views};

enum Msg {
    Input(Event),
    Sync(SyncEvent),
    /// A picture decoded for the reader.
    Picture(reader::pictures::Decoded),
    /// The sync's channel closed before it said it had finished.
    SyncLost,
    Stop,
}

/// How often the spinner turns while a sync runs.
const SPIN: Duration = Duration::from_millis(120);
/// When idle, wake now and then so "synced 3 min ago" stays true.
const IDLE: Duration = Duration::from_secs(30);
/// Messages handled before the next frame when they arrive in a burst.
const BURST: usize = 256;
/// A long article is laid out at least this often while messages stream in.
const STARVED: Duration = Duration::from_millis(50);

/// `typed`: keys typed before the loop began (while the terminal was asked);
/// `late`: what drops the answers that come after that.
pub fn run(
    term: &mut Term,
    app: &mut App,
    sync: Option<SyncStarter>,
    typed: Vec<Event>,
    late: LateAnswers,
) -> anyhow::Result<()> {
    let (tx, rx) = mpsc::channel();
    for ev in typed {
        let _ = tx.send(Msg::Input(ev));
    }
    let paused = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    spawn_input(tx.clone(), paused.clone(), stop.clone(), late);
    let signals = spawn_signals(tx.clone());
    let picture_tx = tx.clone();
    app.pictures.start(move |d| {
        let _ = picture_tx.send(Msg::Picture(d));
    });

    let size = term.size()?;
    app.resize(size.width, size.height);
    app.reload();
    if let Some(s) = &sync {
        start_sync(app, s, &tx);
    }

    let links = hyperlink::supported();
    let result = (|| -> anyhow::Result<()> {
        let mut dirty = true;
        let mut shown_links = Vec::new();
        let mut placed = BTreeSet::new();
        let mut drawn_size = None;
        let mut last_slice = Instant::now();
        loop {
            if dirty {
                app.now = Timestamp::now();
                // A new size clears the screen, and kitty drops the pictures
                // it holds with it: cleared first, they are sent again after.
                let size = term.size()?;
                if drawn_size.replace(size) != Some(size) && app.pictures.kitty_direct() {
                    term.autoresize()?;
                    app.pictures.resend();
                }
                // Kitty pictures are stored before the frame that places them.
                app.pictures.send(term.backend_mut())?;
                let frame = term.draw(|f| views::draw(f, app))?;
                let area = frame.area;
                let now = app
                    .pictures
                    .kitty_direct()
                    .then(|| reader::kitty::placed(frame.buffer));
                let buffer = links.then(|| frame.buffer.clone());
                if let Some(now) = now {
                    // Placements stay until deleted: those gone from the screen go.
                    reader::kitty::unplace_gone(term.backend_mut(), &placed, &now)?;
                    placed = now;
                }
                if let Some(buffer) = buffer {
                    let regions = views::link_regions(app, area);
                    hyperlink::write(term.backend_mut(), &buffer, &shown_links, &regions)?;
                    shown_links = regions;
                }
                dirty = false;
            }
            if app.quit {
                return Ok(());
            }
            let wait = if reader::layout_pending(app) {
                Duration::ZERO
            } else if app.status.is_syncing() {
                SPIN
            } else {
                IDLE
            };
            match rx.recv_timeout(wait) {
                Ok(first) => {
                    let more = std::iter::from_fn(|| rx.try_recv().ok()).take(BURST);
                    for msg in std::iter::once(first).chain(more) {
                        if app.quit {
                            // Keys typed after `quit` are not acted on.
                            return Ok(());
                        }
                        match msg {
                            Msg::Input(ev) => dirty |= on_input(app, ev),
                            Msg::Sync(ev) => {
                                app.on_sync(&ev);
                                dirty = true;
                            }
                            Msg::Picture(d) => {
                                reader::on_picture(app, d);
                                dirty = true;
                            }
                            Msg::SyncLost => {
                                app.on_sync_lost();
                                dirty = true;
                            }
                            Msg::Stop => return Ok(()),
                        }
                    }
                }
                Err(RecvTimeoutError::Timeout) if reader::layout_pending(app) => {}
                Err(RecvTimeoutError::Timeout) => {
                    app.tick();
                    dirty = true;
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
            // A long article's next part, between keys, once the frame
            // they changed is drawn (and now and then in a stream of them).
            if reader::layout_pending(app) && (!dirty || last_slice.elapsed() > STARVED) {
                reader::lay_out_more(app);
                last_slice = Instant::now();
                dirty = true;
            }
            for effect in std::mem::take(&mut app.effects) {
                dirty = true;
                match effect {
                    Effect::OpenUrl(url) => open_url(term, app, &url, &paused)?,
                    Effect::StartSync => {
                        if let Some(s) = &sync {
                            start_sync(app, s, &tx);
                        }
                    }
                    Effect::SaveIcs(id) => match app.library.event(&id) {
                        Ok(Some(event)) => match super::export::save_ics(&event) {
                            Ok(path) => app.status.info(format!("saved {}", path.display())),
                            Err(e) => app.status.error(format!("could not save the .ics: {e}")),
                        },
                        _ => app.status.error("this event is no longer in the cache"),
                    },
                    Effect::SaveListIcs => {
                        let ev = &app.events;
                        match super::export::save_list_ics(
                            &ev.events,
                            ev.when,
                            ev.category.as_deref(),
                        ) {
                            Ok(path) => app.status.info(format!(
                                "saved {} events to {}",
                                ev.events.len(),
                                path.display()
                            )),
                            Err(e) => app.status.error(format!("could not save the .ics: {e}")),
                        }
                    }
                }
            }
        }
    })();
    stop.store(true, Ordering::SeqCst);
    // Kitty keeps stored pictures after the program has gone: they go first.
    let _ = app.pictures.forget_all(term.backend_mut());
    // Quit by a signal, or an error: the article open is still left here.
    reader::keep_position(app);
    // Give the signals back their usual meaning once the screen is ours no more.
    #[cfg(unix)]
    if let Some(handle) = signals {
        handle.close();
    }
    #[cfg(not(unix))]
    let _ = signals;
    result
}

/// Handle a terminal event; false when nothing on screen can have changed
/// (mouse motion, focus), so no frame is drawn for it.
fn on_input(app: &mut App, ev: Event) -> bool {
    match ev {
        Event::Key(k) => app.on_key(k),
        Event::Resize(w, h) => app.resize(w, h),
        Event::Mouse(m) if app.config.mouse => match m.kind {
            MouseEventKind::Moved | MouseEventKind::Drag(_) => return false,
            _ => app.on_mouse(m),
        },
        _ => return false,
    }
    true
}

/// Terminal events on their own thread. It polls (rather than blocking in
/// `read`) so it can stand aside while a text browser owns the terminal and
/// stop when the UI does.
fn spawn_input(
    tx: Sender<Msg>,
    paused: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    mut late: LateAnswers,
) {
    thread::spawn(move || {
        while !stop.load(Ordering::SeqCst) {
            if paused.load(Ordering::SeqCst) {
                thread::sleep(Duration::from_millis(50));
                continue;
            }
            match event::poll(Duration::from_millis(200)) {
                Ok(true) if !paused.load(Ordering::SeqCst) => match event::read() {
                    Ok(ev) if late.swallow(&ev) => {}
                    Ok(ev) => {
                        if tx.send(Msg::Input(ev)).is_err() {
                            return;
                        }
                    }
                    Err(_) => return,
                },
                Ok(_) => {}
                Err(_) => return,
            }
        }
    });
}

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT end the loop like `quit`, so the
/// terminal is restored on the way out.
#[cfg(unix)]
fn spawn_signals(tx: Sender<Msg>) -> Option<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT]).ok()?;
    let handle = signals.handle();
    thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = tx.send(Msg::Stop);
        }
    });
    Some(handle)
}

#[cfg(not(unix))]
fn spawn_signals(_tx: Sender<Msg>) -> Option<()> {
    None
}

/// Start a sync: the starter runs on its own thread (it may do its work
/// before returning), and a second thread forwards its progress.
fn start_sync(app: &mut App, starter: &SyncStarter, tx: &Sender<Msg>) {
    let (stx, srx) = mpsc::channel();
    let starter = starter.clone();
    thread::spawn(move || starter(stx));
    let tx = tx.clone();
    thread::spawn(move || {
        for ev in srx {
            let finished = matches!(ev, SyncEvent::Finished(_));
            if tx.send(Msg::Sync(ev)).is_err() || finished {
                return;
            }
        }
        let _ = tx.send(Msg::SyncLost);
    });
    app.status.syncing = Some(SyncProgress::default());
}

fn open_url(term: &mut Term, app: &mut App, url: &str, paused: &AtomicBool) -> anyhow::Result<()> {
    if let Some(address) = url.strip_prefix("mailto:") {
        // The browser launcher opens only http(s); show the address instead
        // of handing a mailto: to a shell.
        app.status.info(format!("email: {address}"));
        return Ok(());
    }
    // A $BROWSER may be a text browser that needs the terminal; graphical
    // ones are started in the background and leave the screen alone.
    let result = if std::env::var_os("BROWSER").is_some() {
        paused.store(true, Ordering::SeqCst);
        let r = Guard::suspended(term, || webbrowser::open(url));
        paused.store(false, Ordering::SeqCst);
        // Back on a new screen: kitty's pictures are sent again.
        app.pictures.resend();
        r?
    } else {
        webbrowser::open(url)
    };
    match result {
        Ok(()) => app.status.info(format!("opened {url}")),
        Err(e) => app.status.error(format!("could not start a browser: {e}")),
    }
    Ok(())
}
