//! config.toml, keymap and themes: load, layer the user's files over the
//! built-ins, validate. Every error names the file, the line and the key.

pub mod edit;
pub mod keymap;
pub mod theme;

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A bad config, keymap or theme file: exit code 2, with where and what.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[error("{}:{line}: {key}: {message}", path.display())]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    /// The offending key (dotted, e.g. `site[1].articles`), or `-` when the file
    /// could not be read at all.
    pub key: String,
    pub message: String,
}

impl ConfigError {
    pub fn new(
        path: &Path,
        line: usize,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        ConfigError {
            path: path.to_path_buf(),
            line,
            key: key.into(),
            message: message.into(),
        }
    }

    /// From a TOML (de)serialisation error: the line from its span, the key
    /// from its message where serde names one.
    pub fn from_toml(path: &Path, text: &str, err: &toml::de::Error) -> Self {
        let line = err.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        let message = err.message().to_string();
        let key = err
            .span()
            .and_then(|s| key_at(text, s.start))
            .or_else(|| quoted_after(&message, "field `"))
            .unwrap_or_else(|| "-".to_string());
        ConfigError::new(path, line, key, message)
    }
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The key written at the start of the line holding `offset` (`key = value`).
fn key_at(text: &str, offset: usize) -> Option<String> {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    let (k, _) = line.split_once('=')?;
    let k = k.trim().trim_matches('"');
    (!k.is_empty()).then(|| k.to_string())
}

fn quoted_after(message: &str, lead: &str) -> Option<String> {
    let rest = &message[message.find(lead)? + lead.len()..];
    Some(rest[..rest.find('`')?].to_string())
}

/// One site: a name, a home page, and its sources (found from `home` when none
/// are listed).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub name: String,
    #[serde(default)]
    pub home: Option<String>,
    #[serde(default)]
    pub articles: Vec<String>,
    #[serde(default)]
    pub events: Vec<String>,
}

/// How the reader draws pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PictureMode {
    /// Ask the terminal which image protocol it speaks. Where it speaks none,
    /// pictures start hidden and the toggle key shows them in half-blocks.
    #[default]
    Auto,
    /// Coloured half-block characters: any terminal with true colour.
    Halfblocks,
    Kitty,
    /// kitty's direct placement, for kitty before 0.28 (which has no
    /// Unicode placeholders); `kitty` picks by the terminal's version.
    #[serde(rename = "kitty-direct")]
    KittyDirect,
    Sixel,
    Iterm2,
}

/// A first sync of a paged source reads no more than this many pages: at
/// WordPress's largest page (100 posts) that is a 100,000-post archive.
pub const MAX_ARCHIVE_PAGES: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub theme: String,
    /// The reader's maximum text width, in columns.
    pub reading_width: u16,
    /// Take mouse events (wheel, click) where the terminal sends them.
    pub mouse: bool,
    /// Sources fetched at once during a sync.
    pub concurrency: usize,
    /// Read articles older than this many days are pruned.
    pub keep_read_days: u32,
    /// Cached images beyond this many megabytes are pruned, oldest first.
    pub image_budget_mb: u64,
    /// Show pictures in the reader where the terminal can draw them.
    pub pictures: bool,
    /// How pictures are drawn: asked of the terminal (`auto`), or one forced.
    pub picture_mode: PictureMode,
    /// The longest one request may take, in seconds (connect, wait and body);
    /// also the longest one source may take, retries and its pages included.
    pub fetch_timeout: u64,
    /// Pages of a paged source (WordPress REST) read on its first sync;
    /// later syncs read on only while pages hold something new.
    pub archive_pages: usize,
    /// The longest one picture may take to fetch, in seconds.
    pub picture_timeout: u64,
    /// The longest a whole sync may take, in seconds: past it, what is still
    /// being fetched stops and everything fetched so far is kept.
    pub sync_deadline: u64,
    #[serde(rename = "site")]
    pub sites: Vec<SiteConfig>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: "default".into(),
            reading_width: 90,
            mouse: true,
            concurrency: 8,
            keep_read_days: 90,
            image_budget_mb: 500,
            pictures: true,
            picture_mode: PictureMode::Auto,
            fetch_timeout: 60,
            archive_pages: 10,
            picture_timeout: 15,
            sync_deadline: 120,
            sites: Vec::new(),
        }
    }
}

impl Config {
    /// The built-in profile used when there is no config file. It lists the
    /// article feed and names the home page, where a sync finds the events.
    pub fn builtin() -> Config {
        Config {
            sites: vec![SiteConfig {
                name: "Asia House".into(),
                home: Some("https://asiahouse.org/".into()),
                articles: vec!["https://asiahouse.org/feed/".into()],
                events: vec![],
            }],
            ..Config::default()
        }
    }

    /// Parse and check a config file's text.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let cfg: Config =
            toml::from_str(text).map_err(|e| ConfigError::from_toml(path, text, &e))?;
        cfg.validate(path, text)?;
        Ok(cfg)
    }

    fn validate(&self, path: &Path, text: &str) -> Result<(), ConfigError> {
        let line_of_key = |needle: &str| text.find(needle).map(|o| line_of(text, o)).unwrap_or(1);
        if self.reading_width < 20 {
            return Err(ConfigError::new(
                path,
                line_of_key("reading_width"),
                "reading_width",
                "must be at least 20 columns",
            ));
        }
        if self.fetch_timeout == 0 {
            return Err(ConfigError::new(
                path,
                line_of_key("fetch_timeout"),
                "fetch_timeout",
                "must be at least 1 second",
            ));
        }
        if !(1..=MAX_ARCHIVE_PAGES).contains(&self.archive_pages) {
            return Err(ConfigError::new(
                path,
                line_of_key("archive_pages"),
                "archive_pages",
                format!("must be between 1 and {MAX_ARCHIVE_PAGES}"),
            ));
        }
        for (key, value) in [
            ("picture_timeout", self.picture_timeout),
            ("sync_deadline", self.sync_deadline),
        ] {
            if value == 0 {
                return Err(ConfigError::new(
                    path,
                    line_of_key(key),
                    key,
                    "must be at least 1 second",
                ));
            }
        }
        if self.concurrency == 0 {
            return Err(ConfigError::new(
                path,
                line_of_key("concurrency"),
                "concurrency",
                "must be at least 1",
            ));
        }
        let mut names = std::collections::HashSet::new();
        for (i, site) in self.sites.iter().enumerate() {
            // Found only for an error: a config of a thousand sites is
            // checked on every start.
            let at = || line_of_key(&site.name);
            if site.name.trim().is_empty() {
                return Err(ConfigError::new(
                    path,
                    at(),
                    format!("site[{i}].name"),
                    "a site needs a name",
                ));
            }
            if !names.insert(site.name.to_lowercase()) {
                return Err(ConfigError::new(
                    path,
                    at(),
                    format!("site[{i}].name"),
                    format!("two sites are named {:?}", site.name),
                ));
            }
            if site.home.is_none() && site.articles.is_empty() && site.events.is_empty() {
                return Err(ConfigError::new(
                    path,
                    at(),
                    format!("site[{i}]"),
                    "a site needs `home`, `articles` or `events`",
                ));
            }
            let urls = site
                .home
                .iter()
                .map(|u| ("home", u))
                .chain(site.articles.iter().map(|u| ("articles", u)))
                .chain(site.events.iter().map(|u| ("events", u)));
            for (field, u) in urls {
                let ok = url::Url::parse(u)
                    .map(|p| matches!(p.scheme(), "http" | "https"))
                    .unwrap_or(false);
                if !ok {
                    return Err(ConfigError::new(
                        path,
                        line_of_key(u),
                        format!("site[{i}].{field}"),
                        format!("{u:?} is not an http or https URL"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Load the config: the given file, else `config.toml` in `config_dir`
    /// when there is one, else the built-in profile.
    pub fn load(
        explicit: Option<&Path>,
        config_dir: &Path,
    ) -> Result<(Config, Option<PathBuf>), ConfigError> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => {
                let p = config_dir.join("config.toml");
                if !p.exists() {
                    return Ok((Config::builtin(), None));
                }
                p
            }
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| ConfigError::new(&path, 1, "-", format!("cannot read: {e}")))?;
        let mut cfg = Config::parse(&path, &text)?;
        if cfg.sites.is_empty() {
            cfg.sites = Config::builtin().sites;
        }
        Ok((cfg, Some(path)))
    }
}

/// Where things live: the platform dirs unless overridden.
#[derive(Debug, Clone)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    pub fn platform() -> Paths {
        match directories::ProjectDirs::from("org", "newsroom", "newsroom") {
            Some(d) => Paths {
                config_dir: d.config_dir().to_path_buf(),
                data_dir: d.data_dir().to_path_buf(),
            },
            None => Paths {
                config_dir: PathBuf::from(".newsroom"),
                data_dir: PathBuf::from(".newsroom"),
            },
        }
    }

    /// Fetch bounds from the config: the total timeout it sets, the rest
    /// scaled to it.
    pub fn limits(config: &Config) -> crate::fetch::Limits {
        let total = std::time::Duration::from_secs(config.fetch_timeout);
        let d = crate::fetch::Limits::default();
        crate::fetch::Limits {
            total_timeout: total,
            read_timeout: d.read_timeout.min(total),
            connect_timeout: d.connect_timeout.min(total),
            ..d
        }
    }

    pub fn database(&self) -> PathBuf {
        self.data_dir.join("newsroom.db")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_line_and_key() {
        let text = "theme = \"default\"\n\n[[site]]\nname = \"A\"\nhome = \"https://a.example/\"\nfeeds = []\n";
        let err = Config::parse(Path::new("c.toml"), text).unwrap_err();
        assert_eq!(err.line, 6, "{err}");
        assert_eq!(err.key, "feeds");
        assert!(err.to_string().starts_with("c.toml:6: feeds: "), "{err}");
    }

    #[test]
    fn archive_pages_is_bounded() {
        let cfg = Config::parse(Path::new("c.toml"), "archive_pages = 40\n").unwrap();
        assert_eq!(cfg.archive_pages, 40);
        assert_eq!(Config::default().archive_pages, 10);
        for bad in ["0", "1001"] {
            let text = format!("theme = \"default\"\narchive_pages = {bad}\n");
            let err = Config::parse(Path::new("c.toml"), &text).unwrap_err();
            assert_eq!((err.line, err.key.as_str()), (2, "archive_pages"), "{err}");
            assert!(err.message.contains("between 1 and 1000"), "{err}");
        }
    }

    #[test]
    fn picture_mode_names_a_protocol() {
        let cfg = Config::parse(Path::new("c.toml"), "picture_mode = \"halfblocks\"\n").unwrap();
        assert_eq!(cfg.picture_mode, PictureMode::Halfblocks);
        let text = "pictures = true\npicture_mode = \"braille\"\n";
        let err = Config::parse(Path::new("c.toml"), text).unwrap_err();
        assert_eq!((err.line, err.key.as_str()), (2, "picture_mode"), "{err}");
    }

    #[test]
    fn wrong_type_names_line_and_key() {
        let text = "reading_width = \"wide\"\n";
        let err = Config::parse(Path::new("c.toml"), text).unwrap_err();
        assert_eq!((err.line, err.key.as_str()), (1, "reading_width"), "{err}");
    }

    #[test]
    fn bad_url_is_rejected() {
        let text = "[[site]]\nname = \"A\"\narticles = [\"file:///etc/passwd\"]\n";
        let err = Config::parse(Path::new("c.toml"), text).unwrap_err();
        assert_eq!(
            (err.line, err.key.as_str()),
            (3, "site[0].articles"),
            "{err}"
        );
    }

    #[test]
    fn deadlines_are_at_least_a_second() {
        let cfg = Config::parse(
            Path::new("c.toml"),
            "sync_deadline = 30
picture_timeout = 5
",
        )
        .unwrap();
        assert_eq!((cfg.sync_deadline, cfg.picture_timeout), (30, 5));
        for (text, line, key) in [
            (
                "theme = \"default\"\nsync_deadline = 0\n",
                2,
                "sync_deadline",
            ),
            ("picture_timeout = 0\n", 1, "picture_timeout"),
        ] {
            let err = Config::parse(Path::new("c.toml"), text).unwrap_err();
            assert_eq!((err.line, err.key.as_str()), (line, key), "{err}");
        }
        let err = Config::parse(Path::new("c.toml"), "sync_deadline = -5\n").unwrap_err();
        assert_eq!(err.key, "sync_deadline", "{err}");
    }

    #[test]
    fn missing_file_means_builtin_profile() {
        let dir = tempfile::tempdir().unwrap();
        let (cfg, path) = Config::load(None, dir.path()).unwrap();
        assert!(path.is_none());
        assert_eq!(cfg.sites[0].name, "Asia House");
        // Its home page is named, so a sync finds the events it does not list.
        assert_eq!(cfg.sites[0].home.as_deref(), Some("https://asiahouse.org/"));
        assert!(cfg.sites[0].events.is_empty());
    }
}
