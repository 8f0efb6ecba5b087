//! Which image protocol the terminal speaks, from what it said to the
//! start-up question ([`crate::tui::probe`]) and its environment.

use ratatui_image::picker::{Picker, ProtocolType};

use crate::config::PictureMode;
use crate::tui::probe::{Probe, TermVersion, answers::numbers};

/// Overrides the config's `picture_mode`: `none`, `halfblocks`, `kitty`,
/// `kitty-direct`, `sixel`, `iterm2` or `auto`.
pub const ENV: &str = "NEWSROOM_PICTURES";

/// The first kitty with Unicode placeholders.
const KITTY_PLACEHOLDERS: [u32; 2] = [0, 28];

/// How pictures can be drawn here, and whether they start shown.
pub struct Detected {
    pub picker: Option<Picker>,
    /// False where only half-blocks are possible and nobody asked for them.
    pub shown: bool,
    /// kitty's pictures are drawn with Unicode placeholders (kitty 0.28 and
    /// later, or a version not known); false: by direct placement.
    pub kitty_placeholders: bool,
}

/// What a value of [`ENV`] asks for: None for no pictures.
fn mode_named(value: &str) -> Option<PictureMode> {
    match value.trim().to_ascii_lowercase().as_str() {
        "none" | "off" | "0" => None,
        "halfblocks" => Some(PictureMode::Halfblocks),
        "kitty" => Some(PictureMode::Kitty),
        "kitty-direct" => Some(PictureMode::KittyDirect),
        "sixel" => Some(PictureMode::Sixel),
        "iterm2" => Some(PictureMode::Iterm2),
        _ => Some(PictureMode::Auto),
    }
}

/// Decide how to draw pictures from what the terminal said.
/// `NEWSROOM_KITTY_PLACEHOLDERS` wins over what kitty was found to be.
pub fn detect(mode: PictureMode, wanted: bool, probe: &Probe) -> Detected {
    let mut detected = decide(mode, wanted, probe);
    if let Some(on) = kitty_placeholders_from_env() {
        detected.kitty_placeholders = on;
    }
    detected
}

/// What `NEWSROOM_KITTY_PLACEHOLDERS` says: `0` places kitty pictures
/// directly, as kitty before 0.28 needs; `1` uses placeholders.
fn kitty_placeholders_from_env() -> Option<bool> {
    let v = std::env::var("NEWSROOM_KITTY_PLACEHOLDERS").ok()?;
    match v.trim().to_ascii_lowercase().as_str() {
        "0" | "no" | "off" | "false" => Some(false),
        "1" | "yes" | "on" | "true" => Some(true),
        _ => None,
    }
}

fn decide(mode: PictureMode, wanted: bool, probe: &Probe) -> Detected {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let placeholders = kitty_placeholders(probe.version.as_ref(), var);
    let mode = match std::env::var(ENV).ok().as_deref().map(mode_named) {
        Some(None) => {
            return Detected {
                picker: None,
                shown: false,
                kitty_placeholders: placeholders,
            };
        }
        Some(Some(m)) => m,
        None => mode,
    };
    let forced = |p: ProtocolType, placeholders: bool| {
        let mut picker = cell_picker(probe.cell);
        picker.set_protocol_type(p);
        Detected {
            picker: Some(picker),
            shown: wanted,
            kitty_placeholders: placeholders,
        }
    };
    match mode {
        PictureMode::Halfblocks => forced(ProtocolType::Halfblocks, placeholders),
        PictureMode::Kitty => forced(ProtocolType::Kitty, placeholders),
        PictureMode::KittyDirect => forced(ProtocolType::Kitty, false),
        PictureMode::Sixel => forced(ProtocolType::Sixel, placeholders),
        PictureMode::Iterm2 => forced(ProtocolType::Iterm2, placeholders),
        PictureMode::Auto => {
            let picker = picker_from(probe, speaks(var));
            let shown = wanted && picker.protocol_type() != ProtocolType::Halfblocks;
            Detected {
                picker: Some(picker),
                shown,
                kitty_placeholders: placeholders,
            }
        }
    }
}

/// Whether kitty's Unicode placeholders may be used: from kitty 0.28. The
/// version comes from XTVERSION, else from `TERM_PROGRAM_VERSION` when
/// `TERM_PROGRAM` is kitty; with neither (`KITTY_WINDOW_ID` alone, or
/// another terminal speaking kitty's protocol) it is not known, and taken
/// to be new.
fn kitty_placeholders(said: Option<&TermVersion>, var: impl Fn(&str) -> Option<String>) -> bool {
    let version = match said {
        Some(v) if v.name.eq_ignore_ascii_case("kitty") => v.version.clone(),
        Some(_) => return true,
        None if var("TERM_PROGRAM").is_some_and(|p| p.eq_ignore_ascii_case("kitty")) => {
            var("TERM_PROGRAM_VERSION")
                .map(|v| numbers(&v))
                .unwrap_or_default()
        }
        None => Vec::new(),
    };
    version.is_empty() || version.as_slice() >= KITTY_PLACEHOLDERS.as_slice()
}

/// What the environment says about the terminal's protocols, which it has
/// no question for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Speaks {
    /// iTerm2's inline images (the terminal names itself in the environment).
    iterm: bool,
    /// Its kitty placement and sixels are unreliable: not used.
    no_kitty_or_sixel: bool,
}

fn speaks(var: impl Fn(&str) -> Option<String>) -> Speaks {
    let (wezterm, konsole) = (
        var("WEZTERM_EXECUTABLE").is_some(),
        var("KONSOLE_VERSION").is_some(),
    );
    let iterm = wezterm
        || konsole
        || ["TERM_PROGRAM", "LC_TERMINAL"].iter().any(|k| {
            var(k).is_some_and(|v| {
                [
                    "iTerm",
                    "WezTerm",
                    "mintty",
                    "vscode",
                    "rio",
                    "WarpTerminal",
                ]
                .iter()
                .any(|t| v.contains(t))
            })
        });
    Speaks {
        iterm,
        no_kitty_or_sixel: wezterm || konsole,
    }
}

#[allow(deprecated)] // the question is ours, so the cell size we have is real
fn cell_picker(cell: Option<(u16, u16)>) -> Picker {
    match cell {
        Some(size) => Picker::from_fontsize(size.into()),
        None => Picker::halfblocks(),
    }
}

/// A picker for what the terminal said about itself.
fn picker_from(probe: &Probe, env: Speaks) -> Picker {
    let usable = !env.no_kitty_or_sixel;
    let protocol = if usable && probe.kitty_graphics {
        ProtocolType::Kitty
    } else if env.iterm {
        ProtocolType::Iterm2
    } else if usable && probe.sixel {
        ProtocolType::Sixel
    } else {
        ProtocolType::Halfblocks
    };
    let mut picker = cell_picker(probe.cell);
    picker.set_protocol_type(protocol);
    picker
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::probe::answers::Parser;

    fn probe(answers: &[u8]) -> Probe {
        Probe::from_answers(Parser::new().feed(answers))
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn kitty_wins_and_the_cell_size_is_kept() {
        let p = picker_from(
            &probe(b"\x1b_Gi=31;OK\x1b\\\x1b[6;18;9t\x1b[?62;4c"),
            Speaks::default(),
        );
        assert_eq!(p.protocol_type(), ProtocolType::Kitty);
        assert_eq!((p.font_size().width, p.font_size().height), (9, 18));
    }

    #[test]
    fn sixel_from_the_device_attributes_unless_the_terminal_mishandles_it() {
        let sixel = probe(b"\x1bP>|XTerm(379)\x1b\\\x1b[?63;1;2;4;6c");
        let p = picker_from(&sixel, Speaks::default());
        assert_eq!(p.protocol_type(), ProtocolType::Sixel);
        let konsole = Speaks {
            iterm: true,
            no_kitty_or_sixel: true,
        };
        assert_eq!(
            picker_from(&sixel, konsole).protocol_type(),
            ProtocolType::Iterm2
        );
        let plain = probe(b"\x1b[?62;22c");
        assert_eq!(
            picker_from(&plain, Speaks::default()).protocol_type(),
            ProtocolType::Halfblocks
        );
    }

    #[test]
    fn the_environment_names_a_protocol_or_none() {
        assert_eq!(mode_named("none"), None);
        assert_eq!(mode_named(" Halfblocks "), Some(PictureMode::Halfblocks));
        assert_eq!(mode_named("kitty"), Some(PictureMode::Kitty));
        assert_eq!(mode_named("kitty-direct"), Some(PictureMode::KittyDirect));
        assert_eq!(mode_named("whatever"), Some(PictureMode::Auto));
    }

    #[test]
    fn no_answer_means_half_blocks() {
        let p = picker_from(&Probe::default(), Speaks::default());
        assert_eq!(p.protocol_type(), ProtocolType::Halfblocks);
    }

    #[test]
    fn kitty_placeholders_from_0_28() {
        let v = |s: &str| TermVersion::parse(s);
        assert!(!kitty_placeholders(v("kitty(0.26.5)").as_ref(), no_env));
        assert!(kitty_placeholders(v("kitty(0.28.0)").as_ref(), no_env));
        assert!(kitty_placeholders(v("kitty(0.35.2)").as_ref(), no_env));
        assert!(kitty_placeholders(v("ghostty 1.1.0").as_ref(), no_env));
        // Not said: the environment's version, else unknown (taken as new).
        let old_env = |k: &str| match k {
            "TERM_PROGRAM" => Some("kitty".to_string()),
            "TERM_PROGRAM_VERSION" => Some("0.27.1".to_string()),
            _ => None,
        };
        assert!(!kitty_placeholders(None, old_env));
        let window_only = |k: &str| (k == "KITTY_WINDOW_ID").then(|| "1".to_string());
        assert!(kitty_placeholders(None, window_only));
    }
}
