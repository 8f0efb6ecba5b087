//! The full-screen reader.
//!
//! Keys go through the keymap to an [`Action`]; [`update`] is the one place
//! state changes; `views` draw the state and change nothing. Background work
//! (sync) reports over a channel, so keys are never held up.

pub mod action;
pub mod app;
pub mod calendar;
pub mod event_detail;
mod event_loop;
pub mod events;
mod export;
pub mod help;
pub mod hyperlink;
pub mod input;
pub mod library;
pub mod list;
pub mod probe;
pub mod prompt;
pub mod reader;
pub mod status;
mod terminal;
pub mod views;
pub mod widgets;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;

use crate::config::Config;
use crate::config::keymap::Keymap;
use crate::config::theme::Theme;
use crate::store::Store;
use crate::sync::SyncStarter;

pub use action::Action;
pub use app::{App, Effect, Screen, update, update_counted};
pub use library::{Library, MemoryLibrary};
pub use terminal::restore as restore_terminal;

pub struct TuiOptions {
    pub db_path: PathBuf,
    pub config: Arc<Config>,
    pub keymap: Keymap,
    pub theme: Theme,
    /// None with `--offline`: nothing is fetched.
    pub sync: Option<SyncStarter>,
    /// Shown on the status line at start (e.g. "demo site on 127.0.0.1:8123").
    pub status_note: Option<String>,
}

/// Run the full-screen reader until the person quits.
pub fn run(opts: TuiOptions) -> anyhow::Result<()> {
    let store = Store::open(&opts.db_path)
        .with_context(|| format!("opening the cache {}", opts.db_path.display()))?;
    let mut app = App::new(
        Box::new(store),
        opts.config.clone(),
        opts.keymap,
        opts.theme,
    );
    if let Some(note) = opts.status_note {
        app.status.info(note);
    }
    let log_dir = opts.db_path.parent().map(PathBuf::from).unwrap_or_default();
    run_app(app, opts.sync, &log_dir)
}

/// Run a ready-made app full-screen: the terminal's zone and clock, a sync
/// at start when a starter is given, panics logged to `log_dir/panic.log`.
pub fn run_app(mut app: App, sync: Option<SyncStarter>, log_dir: &Path) -> anyhow::Result<()> {
    app.tz = jiff::tz::TimeZone::system();
    app.now = jiff::Timestamp::now();
    app.can_sync = sync.is_some();
    app.status.offline_mode = !app.can_sync;
    terminal::install_panic_hook(log_dir.to_path_buf());
    let (_guard, mut term) =
        terminal::Guard::enter(app.config.mouse).context("entering full-screen mode")?;
    // Asked only now: the answer comes on stdin, which is raw from here on
    // and not yet read by anything else. It is in before the first frame.
    let said = probe::ask();
    let colorfgbg = std::env::var("COLORFGBG").ok();
    if let Some(light) = said.light_background(colorfgbg.as_deref()) {
        app.theme = app.theme.suited_to(light);
    }
    let detected = reader::protocol::detect(app.config.picture_mode, app.config.pictures, &said);
    app.pictures = reader::Pictures::new(detected.picker, detected.shown);
    app.pictures
        .set_kitty_placeholders(detected.kitty_placeholders);
    // Keys typed while the terminal answered come first.
    let typed = probe::typed::keys(&said.typed);
    // What the terminal did not answer in time may still come, as keys.
    let late = probe::late::LateAnswers::new(said.asked && !said.answered);
    event_loop::run(&mut term, &mut app, sync, typed, late)
}

/// An environment holding only `pairs`, for tests of what a variable decides.
#[cfg(test)]
pub(crate) fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
}
