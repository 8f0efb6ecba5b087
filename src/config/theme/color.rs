//! Colours as theme files write them, and fitting them to the terminal.

use std::collections::HashMap;

use ratatui::style::{Color, Modifier, Style};
use toml::de::DeValue;

use super::Element;

/// What the terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    /// 24-bit colour (`COLORTERM=truecolor` or `24bit`).
    TrueColor,
    /// The 256-colour palette: `#rrggbb` is mapped to the nearest entry.
    Ansi256,
    /// `NO_COLOR` is set: modifiers only.
    NoColor,
}

impl ColorMode {
    pub fn from_env() -> ColorMode {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        ColorMode::detect(var("NO_COLOR").as_deref(), var("COLORTERM").as_deref())
    }

    pub fn detect(no_color: Option<&str>, colorterm: Option<&str>) -> ColorMode {
        if no_color.is_some_and(|v| !v.is_empty()) {
            ColorMode::NoColor
        } else if matches!(
            colorterm.map(str::to_ascii_lowercase).as_deref(),
            Some("truecolor" | "24bit")
        ) {
            ColorMode::TrueColor
        } else {
            ColorMode::Ansi256
        }
    }

    /// A theme's style as this terminal should draw it.
    pub(super) fn fit(self, element: Element, style: Style) -> Style {
        match self {
            ColorMode::TrueColor => style,
            ColorMode::Ansi256 => Style {
                fg: style.fg.map(to_256),
                bg: style.bg.map(to_256),
                ..style
            },
            ColorMode::NoColor => {
                let mut s = Style {
                    fg: None,
                    bg: None,
                    ..style
                };
                // Without colour, these would vanish into the text around them.
                match element {
                    Element::RowSelected | Element::Status | Element::Prompt | Element::Match => {
                        s = s.add_modifier(Modifier::REVERSED);
                    }
                    Element::RowUnread | Element::Title | Element::Heading => {
                        s = s.add_modifier(Modifier::BOLD);
                    }
                    Element::StatusError | Element::Error | Element::Cancelled => {
                        s = s.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
                    }
                    _ => {}
                }
                s
            }
        }
    }
}

/// A colour: a palette name, a colour name, 0-255, or `#rrggbb`.
pub(super) fn parse_value(
    v: &DeValue<'_>,
    palette: &HashMap<String, Color>,
) -> Result<Color, String> {
    let bad = |s: &str| format!("{s:?} is not a colour (a name, 0-255, or #rrggbb)");
    match v {
        DeValue::Integer(i) => {
            let n: u8 = i.as_str().parse().map_err(|_| bad(i.as_str()))?;
            Ok(Color::Indexed(n))
        }
        DeValue::String(s) => {
            if let Some(c) = palette.get(s.as_ref()) {
                return Ok(*c);
            }
            parse(s).ok_or_else(|| bad(s))
        }
        _ => Err("expected a colour in quotes or a number 0-255".into()),
    }
}

/// Names, 0-255 and `#rrggbb` as ratatui reads them (so `light-blue`,
/// `bright blue` and `dark grey` all work), and `default` for the
/// terminal's own colour, which ratatui calls `reset`.
pub(super) fn parse(s: &str) -> Option<Color> {
    if s.trim().eq_ignore_ascii_case("default") {
        return Some(Color::Reset);
    }
    // ratatui reads each pair with from_str_radix, which takes a sign.
    if let Some(hex) = s.strip_prefix('#')
        && (hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return None;
    }
    s.parse().ok()
}

/// The nearest colour of the xterm 256-colour palette (its 6×6×6 cube or its
/// grey ramp); the first 16 are left alone because terminals redefine them.
pub fn to_256(c: Color) -> Color {
    let Color::Rgb(r, g, b) = c else { return c };
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let nearest_level = |v: u8| -> usize {
        LEVELS
            .iter()
            .enumerate()
            .min_by_key(|(_, l)| (i32::from(**l) - i32::from(v)).abs())
            .map_or(0, |(i, _)| i)
    };
    let (ri, gi, bi) = (nearest_level(r), nearest_level(g), nearest_level(b));
    let cube = (LEVELS[ri], LEVELS[gi], LEVELS[bi]);
    let avg = (u32::from(r) + u32::from(g) + u32::from(b)) / 3;
    let gi_idx = (avg.saturating_sub(8) / 10).min(23) as u8;
    let grey = 8 + 10 * gi_idx;
    let dist = |(x, y, z): (u8, u8, u8)| {
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(x, r) + d(y, g) + d(z, b)
    };
    if dist((grey, grey, grey)) < dist(cube) {
        Color::Indexed(232 + gi_idx)
    } else {
        Color::Indexed(16 + 36 * ri as u8 + 6 * gi as u8 + bi as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_notation() {
        let p = HashMap::from([("accent".to_string(), Color::Indexed(3))]);
        let s = |t: &str| parse_value(&DeValue::String(t.to_string().into()), &p);
        assert_eq!(s("#ff8000"), Ok(Color::Rgb(255, 128, 0)));
        assert_eq!(s("light-blue"), Ok(Color::LightBlue));
        assert_eq!(s("dark gray"), Ok(Color::DarkGray));
        assert_eq!(s("208"), Ok(Color::Indexed(208)));
        assert_eq!(s("accent"), Ok(Color::Indexed(3)));
        assert_eq!(s("bright blue"), Ok(Color::LightBlue));
        assert_eq!(s("brightblack"), Ok(Color::DarkGray));
        assert_eq!(s("Default"), Ok(Color::Reset));
        assert_eq!(s("reset"), Ok(Color::Reset));
        assert_eq!(s("silver"), Ok(Color::Gray));
        assert!(s("#ff80").is_err());
        assert!(s("#+f+f+f").is_err());
        assert!(s("mauve").is_err());
    }

    #[test]
    fn maps_down_to_256() {
        assert_eq!(to_256(Color::Rgb(255, 0, 0)), Color::Indexed(196));
        assert_eq!(to_256(Color::Rgb(0, 0, 0)), Color::Indexed(16));
        assert_eq!(to_256(Color::Rgb(128, 128, 128)), Color::Indexed(244));
        assert_eq!(to_256(Color::Blue), Color::Blue);
    }

    #[test]
    fn detects_the_terminal() {
        assert_eq!(
            ColorMode::detect(Some("1"), Some("truecolor")),
            ColorMode::NoColor
        );
        assert_eq!(ColorMode::detect(None, Some("24bit")), ColorMode::TrueColor);
        assert_eq!(ColorMode::detect(Some(""), None), ColorMode::Ansi256);
    }
}
