//! Arguments and the headless commands of CLI.md. Exit codes: 0 success,
//! 1 partial (a source failed, an id was not found), 2 bad usage or a bad
//! config, keymap or theme file.

mod opml;
mod output;
mod sites;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use crate::config::{Config, ConfigError, Paths};
use crate::store::{ArticleQuery, EventQuery, EventWhen, Store};
use crate::sync::{self, SyncEvent};

#[derive(Debug, Parser)]
#[command(
    name = "newsroom",
    version,
    about = "Read a news organisation's articles and events in the terminal, online or off."
)]
pub struct Cli {
    /// The config file (default: config.toml in the platform config dir).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Where the cache lives (default: the platform data dir).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Never touch the network; everything comes from the cache.
    #[arg(long, global = true)]
    pub offline: bool,
    /// Serve the bundled sample site on 127.0.0.1 and use it as the only site.
    #[arg(long, global = true)]
    pub demo: bool,
    /// A theme from themes/ or the user's themes folder.
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch every source of every site (or of one) and prefetch for offline reading.
    Sync {
        #[arg(long, value_name = "NAME")]
        site: Option<String>,
    },
    /// Cached articles, newest first.
    Articles(ArticlesArgs),
    /// Cached events, soonest first.
    Events(EventsArgs),
    /// An article as the reader shows it, as plain text; marks it read.
    Read {
        id: String,
        #[arg(long, value_name = "N")]
        width: Option<usize>,
    },
    /// An event as its detail view shows it, as plain text.
    Event {
        id: String,
        #[arg(long, value_name = "N")]
        width: Option<usize>,
    },
    /// An event as an iCalendar (RFC 5545) file on standard output.
    ExportIcs { id: String },
    /// The selected articles as an EPUB 3 book for an e-reader (default: unread).
    ExportEpub(EpubArgs),
    /// Add the feeds of an OPML file to the config, one site per host.
    ImportOpml {
        file: PathBuf,
        /// Say what would be added; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Every configured source as OPML 2.0 on standard output.
    ExportOpml,
    /// Find a site's article and event feeds from its home page.
    Discover { url: String },
    /// The configured sites, their sources, and how each last fetch went.
    Sites,
    /// Shell completions for bash, zsh or fish, on standard output.
    Completions { shell: clap_complete::Shell },
    /// The manual page (roff), on standard output.
    Man,
}

#[derive(Debug, Args)]
pub struct ArticlesArgs {
    #[arg(long)]
    pub json: bool,
    #[arg(long, value_name = "NAME")]
    pub site: Option<String>,
    #[arg(long)]
    pub unread: bool,
    #[arg(long)]
    pub saved: bool,
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct EpubArgs {
    #[arg(long, value_name = "NAME")]
    pub site: Option<String>,
    #[arg(long)]
    pub unread: bool,
    #[arg(long)]
    pub saved: bool,
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Add the upcoming events as a last chapter.
    #[arg(long)]
    pub events: bool,
    /// The book to write.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[arg(long, conflicts_with = "ics")]
    pub json: bool,
    /// The selected events as one iCalendar file, for khal, calcurse or a calendar app.
    #[arg(long)]
    pub ics: bool,
    #[arg(long, value_name = "NAME")]
    pub site: Option<String>,
    #[arg(long, group = "when")]
    pub upcoming: bool,
    #[arg(long, group = "when")]
    pub past: bool,
    #[arg(long, group = "when")]
    pub all: bool,
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// A failure with the exit code it deserves.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    fn partial(message: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: message.into(),
        }
    }
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        Failure {
            code: 2,
            message: e.to_string(),
        }
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Self {
        Failure::partial(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        // The reader of our output went away (`newsroom articles | head`):
        // nothing more to say, and nothing went wrong here.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Failure {
                code: 0,
                message: String::new(),
            };
        }
        Failure::partial(e.to_string())
    }
}

impl From<sync::SyncError> for Failure {
    fn from(e: sync::SyncError) -> Self {
        match e {
            sync::SyncError::NoSuchSite(_) => Failure {
                code: 2,
                message: e.to_string(),
            },
            other => Failure::partial(other.to_string()),
        }
    }
}

/// Everything a command needs, resolved once.
pub struct Context {
    pub config: Arc<Config>,
    pub config_path: Option<PathBuf>,
    pub paths: Paths,
    pub offline: bool,
    pub demo: Option<crate::demo::Demo>,
    /// Loaded (and so checked) for every command; the TUI uses them.
    pub keymap: crate::config::keymap::Keymap,
    pub theme: crate::config::theme::Theme,
    /// Keeps a throwaway data dir alive for the life of the process.
    _scratch: Option<tempfile::TempDir>,
}

impl Context {
    pub fn db_path(&self) -> PathBuf {
        self.paths.database()
    }

    fn store(&self) -> Result<Store, Failure> {
        Ok(Store::open(&self.db_path())?)
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            if !f.message.is_empty() {
                let _ = writeln!(std::io::stderr(), "newsroom: {}", output::clean(&f.message));
            }
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<u8, Failure> {
    // Generated from the same definitions as the parser, so they never drift.
    match &cli.command {
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "newsroom", &mut std::io::stdout());
            return Ok(0);
        }
        Some(Command::Man) => {
            let man = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            man.render(&mut std::io::stdout())?;
            return Ok(0);
        }
        _ => {}
    }
    let ctx = context(&cli)?;
    match cli.command {
        None => run_tui(ctx),
        Some(Command::Sync { site }) => cmd_sync(&ctx, site.as_deref()),
        Some(Command::Articles(a)) => {
            demo_warm_up(&ctx)?;
            output::articles(&ctx.store()?, &articles_query(&a), a.json)
        }
        Some(Command::Events(a)) => {
            demo_warm_up(&ctx)?;
            let store = ctx.store()?;
            if a.ics {
                output::events_ics(&store, &events_query(&a))
            } else {
                output::events(&store, &events_query(&a), a.json)
            }
        }
        Some(Command::Read { id, width }) => {
            demo_warm_up(&ctx)?;
            output::read(&ctx.store()?, &id, width.unwrap_or(80))
        }
        Some(Command::Event { id, width }) => {
            demo_warm_up(&ctx)?;
            output::event(&ctx.store()?, &id, width.unwrap_or(80))
        }
        Some(Command::ExportIcs { id }) => {
            demo_warm_up(&ctx)?;
            output::export_ics(&ctx.store()?, &id)
        }
        Some(Command::ExportEpub(a)) => {
            demo_warm_up(&ctx)?;
            let opts = crate::epub::Options {
                // Unread unless saved ones are asked for.
                articles: ArticleQuery {
                    site: a.site.clone(),
                    unread_only: a.unread || !a.saved,
                    saved_only: a.saved,
                    search: a.search.clone(),
                    offset: 0,
                    limit: a.limit.unwrap_or(usize::MAX),
                },
                events: a.events,
            };
            let done = crate::epub::export(&ctx.store()?, &opts, &a.output)
                .map_err(|e| Failure::partial(e.to_string()))?;
            let mut err = std::io::stderr().lock();
            for line in done.lines(&a.output) {
                writeln!(err, "{}", output::clean(&line))?;
            }
            Ok(0)
        }
        Some(Command::ImportOpml { file, dry_run }) => opml::import(&ctx, &file, dry_run),
        Some(Command::ExportOpml) => opml::export(&ctx),
        Some(Command::Discover { url }) => cmd_discover(&ctx, &url),
        Some(Command::Sites) => sites::sites(&ctx.config, &ctx.store()?),
        Some(Command::Completions { .. } | Command::Man) => Ok(0),
    }
}

/// Resolve paths and load config, keymap and theme: every command checks
/// them, so a broken file is reported the same way everywhere.
fn context(cli: &Cli) -> Result<Context, Failure> {
    let mut paths = Paths::platform();
    let (mut config, config_path) = Config::load(cli.config.as_deref(), &paths.config_dir)?;
    if let Some(dir) = config_path.as_deref().and_then(Path::parent) {
        paths.config_dir = dir.to_path_buf();
    }
    let keymap = crate::config::keymap::Keymap::load(Some(&paths.config_dir.join("keymap.toml")))?;
    let theme_name = cli.theme.clone().unwrap_or_else(|| config.theme.clone());
    let theme =
        crate::config::theme::Theme::load(&theme_name, Some(&paths.config_dir.join("themes")))?;

    let mut scratch = None;
    let mut demo = None;
    if cli.demo {
        let d = crate::demo::start()?;
        let theme = config.theme.clone();
        config = Config {
            theme,
            ..d.config()
        };
        demo = Some(d);
        if cli.data_dir.is_none() {
            let dir = tempfile::Builder::new()
                .prefix("newsroom-demo-")
                .tempdir()?;
            paths.data_dir = dir.path().to_path_buf();
            scratch = Some(dir);
        }
    }
    if let Some(d) = &cli.data_dir {
        paths.data_dir = d.clone();
    }
    Ok(Context {
        config: Arc::new(config),
        config_path,
        paths,
        offline: cli.offline,
        demo,
        keymap,
        theme,
        _scratch: scratch,
    })
}

/// With `--demo` the cache starts empty: fill it from the loopback site
/// before a headless command reads it.
fn demo_warm_up(ctx: &Context) -> Result<(), Failure> {
    if ctx.demo.is_some() && !ctx.offline {
        let store = ctx.store()?;
        if store.last_sync()?.is_none() {
            drop(store);
            block_on(sync::run(&ctx.config, &ctx.db_path(), None, None))??;
        }
    }
    Ok(())
}

fn block_on<F: std::future::Future>(f: F) -> Result<F::Output, Failure> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    Ok(rt.block_on(f))
}

fn cmd_sync(ctx: &Context, site: Option<&str>) -> Result<u8, Failure> {
    if ctx.offline {
        return Err(Failure {
            code: 2,
            message: "sync needs the network; it cannot run with --offline".into(),
        });
    }
    let (tx, rx) = std::sync::mpsc::channel::<SyncEvent>();
    let printer = std::thread::spawn(move || output::sync_progress(rx));
    let started = jiff::Timestamp::now();
    let summary = block_on(sync::run(&ctx.config, &ctx.db_path(), site, Some(tx)))??;
    let _ = printer.join();
    // What was skipped, and why, after the summary.
    if let Ok(store) = ctx.store() {
        let mut err = std::io::stderr().lock();
        for line in sites::sync_warnings(&store, &ctx.config.sites, started) {
            writeln!(err, "{}", output::clean(&line))?;
        }
    }
    Ok(if summary.failed > 0 { 1 } else { 0 })
}

fn cmd_discover(ctx: &Context, url: &str) -> Result<u8, Failure> {
    if ctx.offline {
        return Err(Failure {
            code: 2,
            message: "discover needs the network; it cannot run with --offline".into(),
        });
    }
    let found = block_on(crate::fetch::discover::discover(url))?
        .map_err(|e| Failure::partial(e.to_string()))?;
    write!(std::io::stdout().lock(), "{}", found.to_toml())?;
    Ok(if found.is_empty() { 1 } else { 0 })
}

fn run_tui(ctx: Context) -> Result<u8, Failure> {
    let sync = (!ctx.offline).then(|| sync::starter(ctx.config.clone(), ctx.db_path()));
    // Open (and migrate, or recover) the cache before the screen is taken,
    // so a problem is said on a normal terminal.
    let store = ctx.store()?;
    let status_note = store.recovered();
    drop(store);
    crate::tui::run(crate::tui::TuiOptions {
        db_path: ctx.db_path(),
        config: ctx.config.clone(),
        keymap: ctx.keymap,
        theme: ctx.theme,
        sync,
        status_note,
    })
    .map_err(|e| Failure::partial(e.to_string()))?;
    Ok(0)
}

fn articles_query(a: &ArticlesArgs) -> ArticleQuery {
    ArticleQuery {
        site: a.site.clone(),
        unread_only: a.unread,
        saved_only: a.saved,
        search: a.search.clone(),
        offset: 0,
        limit: a.limit.unwrap_or(usize::MAX),
    }
}

fn events_query(a: &EventsArgs) -> EventQuery {
    let when = if a.past {
        EventWhen::Past
    } else if a.all {
        EventWhen::All
    } else {
        EventWhen::Upcoming
    };
    EventQuery {
        site: a.site.clone(),
        when,
        search: a.search.clone(),
        category: None,
        offset: 0,
        limit: a.limit.unwrap_or(usize::MAX),
    }
}
