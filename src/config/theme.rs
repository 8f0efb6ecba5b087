//! themes/*.toml: a style for every element, semantic names only.
//!
//! Views ask the theme for `row(selected, unread)` or `role(Role::Caption)`,
//! never for a colour. Themes are compiled in; the user's themes folder adds
//! more (or replaces one of the same name), and a user theme may `extends` a
//! built-in one and change only a few elements.

mod color;
#[cfg(test)]
mod contrast;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};

pub use color::ColorMode;

use super::{ConfigError, line_of};
use crate::render::Role;

/// The theme that follows the terminal's background: itself on a dark one,
/// [`LIGHT`] on a light one.
pub const DEFAULT: &str = "default";
/// The default's light variant.
pub const LIGHT: &str = "light";

/// The themes shipped in the binary, in the order `cycle_theme` visits them.
const BUNDLED: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("gruvbox", include_str!("../../themes/gruvbox.toml")),
    ("nord", include_str!("../../themes/nord.toml")),
];

macro_rules! elements {
    ($($variant:ident => $name:literal,)*) => {
        /// Everything on screen a theme gives a style to.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Element { $($variant,)* }

        impl Element {
            pub const ALL: &'static [Element] = &[$(Element::$variant,)*];

            /// The key in a theme file's `[styles]`.
            pub fn name(self) -> &'static str {
                match self { $(Element::$variant => $name,)* }
            }
        }
    };
}

elements! {
    Base => "base",
    Header => "header",
    Row => "row",
    RowUnread => "row_unread",
    RowSelected => "row_selected",
    RowMeta => "row_meta",
    UnreadMarker => "unread_marker",
    SavedMarker => "saved_marker",
    Title => "title",
    Meta => "meta",
    Body => "body",
    Heading => "heading",
    Subheading => "subheading",
    Quote => "quote",
    Code => "code",
    Link => "link",
    ListMarker => "list_marker",
    TableBorder => "table_border",
    ImageFrame => "image_frame",
    Caption => "caption",
    Credit => "credit",
    Rule => "rule",
    EventDate => "event_date",
    Cancelled => "cancelled",
    Status => "status",
    StatusSync => "status_sync",
    StatusError => "status_error",
    StatusOffline => "status_offline",
    Error => "error",
    Empty => "empty",
    HelpSection => "help_section",
    HelpKey => "help_key",
    HelpText => "help_text",
    Prompt => "prompt",
    Match => "match",
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    name: String,
    styles: HashMap<Element, Style>,
    /// Kept to load the next theme the same way.
    user_dir: Option<PathBuf>,
    mode: ColorMode,
    /// The background the theme is meant for (its file's `background`).
    background: Option<Color>,
    /// The built-in default, which gives way to its light variant on a
    /// light background.
    follows_background: bool,
}

impl Theme {
    /// A theme by name from the user's folder (first) or the built-in ones,
    /// with colours fitted to this terminal (`COLORTERM`, `NO_COLOR`).
    pub fn load(name: &str, user_themes_dir: Option<&Path>) -> Result<Theme, ConfigError> {
        Theme::load_with(name, user_themes_dir, ColorMode::from_env())
    }

    pub fn load_with(
        name: &str,
        user_themes_dir: Option<&Path>,
        mode: ColorMode,
    ) -> Result<Theme, ConfigError> {
        let mut styles = HashMap::new();
        let mut background = None;
        let mut chain = Vec::new();
        let mut next = Some((name.to_string(), None::<(PathBuf, usize)>));
        while let Some((n, asked_at)) = next.take() {
            let (path, text) = find(&n, user_themes_dir).ok_or_else(|| {
                let known = Theme::available(user_themes_dir).join(", ");
                let message = format!("no theme named {n:?}; the themes are {known}");
                match &asked_at {
                    Some((p, line)) => ConfigError::new(p, *line, "extends", message),
                    // Asked for by `--theme` or `theme =`: name where themes are looked for.
                    None => ConfigError::new(
                        user_themes_dir.unwrap_or(Path::new("themes")),
                        1,
                        "theme",
                        message,
                    ),
                }
            })?;
            if chain.contains(&path) {
                let (p, line) = asked_at.unwrap_or((path.clone(), 1));
                return Err(ConfigError::new(
                    &p,
                    line,
                    "extends",
                    "themes extend each other in a circle",
                ));
            }
            let file = parse_file(&path, &text)?;
            background = background.or(file.background);
            for (e, s) in file.styles {
                styles.entry(e).or_insert(s);
            }
            chain.push(path.clone());
            next = file.extends.map(|(n, line)| (n, Some((path, line))));
        }
        let top = chain.first().cloned().unwrap_or_default();
        if let Some(missing) = Element::ALL.iter().find(|e| !styles.contains_key(e)) {
            return Err(ConfigError::new(
                &top,
                1,
                format!("styles.{}", missing.name()),
                "missing: a theme gives a style to every element (or `extends` one that does)",
            ));
        }
        let styles = styles
            .into_iter()
            .map(|(e, s)| (e, mode.fit(e, s)))
            .collect();
        let follows_background = name == DEFAULT
            && user_themes_dir.is_none_or(|d| !d.join(format!("{DEFAULT}.toml")).is_file());
        Ok(Theme {
            name: name.to_string(),
            styles,
            user_dir: user_themes_dir.map(Path::to_path_buf),
            mode,
            background,
            follows_background,
        })
    }

    /// This theme on a light or a dark background: the built-in default
    /// gives way to its light variant on a light one; any other theme, and
    /// the user's own `default`, stay as chosen.
    pub fn suited_to(self, light: bool) -> Theme {
        if !(self.follows_background && light) {
            return self;
        }
        Theme::load_with(LIGHT, self.user_dir.as_deref(), self.mode).unwrap_or(self)
    }

    /// The background the theme is meant for, where its file says.
    pub fn background(&self) -> Option<Color> {
        self.background
    }

    /// The theme after this one in `available` order, wrapping round.
    pub fn next(&self) -> Result<Theme, ConfigError> {
        let dir = self.user_dir.as_deref();
        let names = Theme::available(dir);
        let at = names
            .iter()
            .position(|n| *n == self.name)
            .map_or(0, |i| i + 1);
        let name = names
            .get(at % names.len().max(1))
            .cloned()
            .unwrap_or_default();
        Theme::load_with(&name, dir, self.mode)
    }

    /// Built-in theme names in cycling order, then the user's, each once.
    pub fn available(user_themes_dir: Option<&Path>) -> Vec<String> {
        let mut names: Vec<String> = BUNDLED.iter().map(|(n, _)| n.to_string()).collect();
        let mut user: Vec<String> = user_themes_dir
            .and_then(|d| std::fs::read_dir(d).ok())
            .into_iter()
            .flatten()
            .filter_map(|e| {
                let p = e.ok()?.path();
                (p.extension()? == "toml").then(|| p.file_stem()?.to_str().map(str::to_string))?
            })
            .filter(|n| !names.contains(n))
            .collect();
        user.sort();
        names.extend(user);
        names
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn style(&self, e: Element) -> Style {
        self.styles.get(&e).copied().unwrap_or_default()
    }

    /// A list row: unread rows stand out, the selected one is highlighted.
    pub fn row(&self, selected: bool, unread: bool) -> Style {
        let mut s = self.style(Element::Row);
        if unread {
            s = s.patch(self.style(Element::RowUnread));
        }
        if selected {
            s = s.patch(self.style(Element::RowSelected));
        }
        s
    }

    /// The date / author part of a row, kept readable on the selection.
    pub fn row_meta(&self, selected: bool) -> Style {
        let s = self.style(Element::RowMeta);
        if selected {
            s.patch(self.style(Element::RowSelected))
        } else {
            s
        }
    }

    /// A piece of rendered text by what it is.
    pub fn role(&self, role: Role) -> Style {
        self.style(match role {
            Role::Body => Element::Body,
            Role::Title => Element::Title,
            Role::Meta => Element::Meta,
            Role::Heading(n) if n <= 1 => Element::Heading,
            Role::Heading(_) => Element::Subheading,
            Role::Quote => Element::Quote,
            Role::Code => Element::Code,
            Role::Link => Element::Link,
            Role::ListMarker => Element::ListMarker,
            Role::TableBorder => Element::TableBorder,
            Role::ImageFrame => Element::ImageFrame,
            Role::Caption => Element::Caption,
            Role::Credit => Element::Credit,
            Role::Rule => Element::Rule,
            Role::EventDate => Element::EventDate,
            Role::Cancelled => Element::Cancelled,
        })
    }

    pub fn base(&self) -> Style {
        self.style(Element::Base)
    }

    pub fn header(&self) -> Style {
        self.style(Element::Header)
    }

    pub fn status(&self) -> Style {
        self.style(Element::Status)
    }

    pub fn status_sync(&self) -> Style {
        self.style(Element::StatusSync)
    }

    pub fn status_error(&self) -> Style {
        self.style(Element::StatusError)
    }

    pub fn status_offline(&self) -> Style {
        self.style(Element::StatusOffline)
    }

    /// An error shown in place of a view's content.
    pub fn error(&self) -> Style {
        self.style(Element::Error)
    }

    /// "Loading…" and "No articles yet" messages.
    pub fn empty(&self) -> Style {
        self.style(Element::Empty)
    }

    pub fn help_section(&self) -> Style {
        self.style(Element::HelpSection)
    }

    pub fn help_key(&self) -> Style {
        self.style(Element::HelpKey)
    }

    pub fn help_text(&self) -> Style {
        self.style(Element::HelpText)
    }

    pub fn prompt(&self) -> Style {
        self.style(Element::Prompt)
    }

    pub fn search_match(&self) -> Style {
        self.style(Element::Match)
    }

    pub fn marker_unread(&self, selected: bool) -> Style {
        self.marker(Element::UnreadMarker, selected)
    }

    pub fn marker_saved(&self, selected: bool) -> Style {
        self.marker(Element::SavedMarker, selected)
    }

    fn marker(&self, e: Element, selected: bool) -> Style {
        let s = self.style(e);
        if selected {
            // Keep the marker's colour but take the selection's background.
            let sel = self.style(Element::RowSelected);
            Style { bg: sel.bg, ..s }
        } else {
            s
        }
    }
}

fn find(name: &str, user_dir: Option<&Path>) -> Option<(PathBuf, String)> {
    if let Some(dir) = user_dir {
        let p = dir.join(format!("{name}.toml"));
        if let Ok(text) = std::fs::read_to_string(&p) {
            return Some((p, text));
        }
    }
    BUNDLED.iter().find(|(n, _)| *n == name).map(|(n, text)| {
        (
            PathBuf::from(format!("themes/{n}.toml (built-in)")),
            text.to_string(),
        )
    })
}

struct ThemeFile {
    extends: Option<(String, usize)>,
    background: Option<Color>,
    styles: Vec<(Element, Style)>,
}

fn parse_file(path: &Path, text: &str) -> Result<ThemeFile, ConfigError> {
    use toml::de::DeValue;
    let doc = toml::de::DeTable::parse(text).map_err(|e| ConfigError::from_toml(path, text, &e))?;
    let at = |span: std::ops::Range<usize>| line_of(text, span.start);
    let mut palette = HashMap::new();
    let mut extends = None;
    let mut background = None;
    let mut styles_table = None;
    for (k, v) in doc.get_ref() {
        let line = at(k.span());
        let key: &str = k.get_ref();
        match (key, v.get_ref()) {
            ("name" | "description", DeValue::String(_)) => {}
            ("extends", DeValue::String(s)) => extends = Some((s.to_string(), line)),
            ("background", value) => {
                let c = color::parse_value(value, &HashMap::new())
                    .map_err(|m| ConfigError::new(path, line, key, m))?;
                background = Some(c);
            }
            ("palette", DeValue::Table(t)) => {
                for (pk, pv) in t {
                    let pline = at(pk.span());
                    let pkey = format!("palette.{}", pk.get_ref());
                    let c = color::parse_value(pv.get_ref(), &HashMap::new())
                        .map_err(|m| ConfigError::new(path, pline, pkey, m))?;
                    palette.insert(pk.get_ref().to_string(), c);
                }
            }
            ("styles", DeValue::Table(t)) => styles_table = Some(t),
            ("name" | "description" | "extends" | "palette" | "styles", _) => {
                return Err(ConfigError::new(path, line, key, "wrong type"));
            }
            _ => {
                return Err(ConfigError::new(
                    path,
                    line,
                    key,
                    "unknown key; a theme has name, description, extends, background, [palette] and [styles]",
                ));
            }
        }
    }
    let mut styles = Vec::new();
    for (k, v) in styles_table.into_iter().flatten() {
        let line = at(k.span());
        let name: &str = k.get_ref();
        let element = Element::ALL
            .iter()
            .copied()
            .find(|e| e.name() == name)
            .ok_or_else(|| {
                ConfigError::new(path, line, format!("styles.{name}"), "unknown element")
            })?;
        let DeValue::Table(spec) = v.get_ref() else {
            return Err(ConfigError::new(
                path,
                line,
                format!("styles.{name}"),
                "expected a table like { fg = \"white\", bold = true }",
            ));
        };
        let mut style = Style::default();
        for (sk, sv) in spec {
            let field: &str = sk.get_ref();
            let key = format!("styles.{name}.{field}");
            let err = |m: String| ConfigError::new(path, at(sk.span()), key.clone(), m);
            match (field, sv.get_ref()) {
                ("fg", value) => style.fg = Some(color::parse_value(value, &palette).map_err(err)?),
                ("bg", value) => style.bg = Some(color::parse_value(value, &palette).map_err(err)?),
                (m, DeValue::Boolean(on)) => {
                    let modifier = match m {
                        "bold" => Modifier::BOLD,
                        "italic" => Modifier::ITALIC,
                        "underline" => Modifier::UNDERLINED,
                        "dim" => Modifier::DIM,
                        "reversed" => Modifier::REVERSED,
                        "strike" => Modifier::CROSSED_OUT,
                        _ => return Err(err(unknown_field())),
                    };
                    if *on {
                        style = style.add_modifier(modifier);
                    } else {
                        style = style.remove_modifier(modifier);
                    }
                }
                ("bold" | "italic" | "underline" | "dim" | "reversed" | "strike", _) => {
                    return Err(err("expected true or false".into()));
                }
                _ => return Err(err(unknown_field())),
            }
        }
        styles.push((element, style));
    }
    Ok(ThemeFile {
        extends,
        background,
        styles,
    })
}

fn unknown_field() -> String {
    "unknown field; a style has fg, bg, bold, italic, underline, dim, reversed, strike".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_theme_loads_whole() {
        for (name, _) in BUNDLED {
            let t = Theme::load_with(name, None, ColorMode::TrueColor)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(t.styles.len(), Element::ALL.len(), "{name}");
        }
    }

    #[test]
    fn user_theme_extends_a_builtin_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            "extends = \"default\"\n[styles]\nlink = { fg = \"#ff0000\", underline = true }\n",
        )
        .unwrap();
        let t = Theme::load_with("mine", Some(dir.path()), ColorMode::TrueColor).unwrap();
        assert_eq!(t.role(Role::Link).fg, Some(Color::Rgb(255, 0, 0)));
        assert!(Theme::available(Some(dir.path())).contains(&"mine".to_string()));
        let mut t = Theme::load_with("default", Some(dir.path()), ColorMode::TrueColor).unwrap();
        let mut seen = vec![t.name().to_string()];
        for _ in 0..5 {
            t = t.next().unwrap();
            seen.push(t.name().to_string());
        }
        assert_eq!(
            seen,
            [
                "default",
                "light",
                "high-contrast",
                "gruvbox",
                "nord",
                "mine"
            ]
        );
        assert_eq!(t.next().unwrap().name(), "default");
    }

    #[test]
    fn bad_theme_names_file_line_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.toml");
        std::fs::write(
            &p,
            "extends = \"default\"\n[styles]\nrow = { fg = \"white\" }\nlink = { fg = \"#12345\" }\n",
        )
        .unwrap();
        let e = Theme::load_with("bad", Some(dir.path()), ColorMode::TrueColor).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{}:4: styles.link.fg: \"#12345\" is not a colour (a name, 0-255, or #rrggbb)",
                p.display()
            )
        );
        let e = Theme::load_with("nope", Some(dir.path()), ColorMode::TrueColor).unwrap_err();
        assert!(e.to_string().contains("no theme named \"nope\""), "{e}");
    }

    #[test]
    fn only_the_built_in_default_follows_the_background() {
        let load =
            |n: &str, dir: Option<&Path>| Theme::load_with(n, dir, ColorMode::TrueColor).unwrap();
        assert_eq!(load(DEFAULT, None).suited_to(true).name(), LIGHT);
        assert_eq!(load(DEFAULT, None).suited_to(false).name(), DEFAULT);
        assert_eq!(load("gruvbox", None).suited_to(true).name(), "gruvbox");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("default.toml"), "extends = \"nord\"\n").unwrap();
        let own = load(DEFAULT, Some(dir.path()));
        assert_eq!(own.clone().suited_to(true), own);
        assert_eq!(own.background(), Some(Color::Rgb(0x2e, 0x34, 0x40)));

        std::fs::write(
            dir.path().join("odd.toml"),
            "extends = \"nord\"\nbackground = \"#12\"\n",
        )
        .unwrap();
        let e = Theme::load_with("odd", Some(dir.path()), ColorMode::TrueColor).unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (2, "background"), "{e}");
    }

    #[test]
    fn missing_element_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("thin.toml"), "[styles]\nrow = {}\n").unwrap();
        let e = Theme::load_with("thin", Some(dir.path()), ColorMode::TrueColor).unwrap_err();
        assert_eq!(e.key, "styles.base");
    }

    #[test]
    fn no_color_keeps_modifiers_only() {
        let t = Theme::load_with("default", None, ColorMode::NoColor).unwrap();
        for e in Element::ALL {
            let s = t.style(*e);
            assert!(s.fg.is_none() && s.bg.is_none(), "{e:?}");
        }
        assert!(t.row(true, false).add_modifier.contains(Modifier::REVERSED));
    }
}
