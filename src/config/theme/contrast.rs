//! WCAG contrast of every bundled theme against the background it is meant
//! for: running text at least 7:1 (level AAA), everything else that is
//! text at least 4.5:1 (level AA). Borders and rules are decoration, not
//! text, and are left out.

use ratatui::style::{Color, Modifier, Style};

use super::{BUNDLED, ColorMode, Element, Theme};

/// Read at length: the article, titles, unread rows, help, quotations.
const BODY: &[Element] = &[
    Element::Base,
    Element::Body,
    Element::Title,
    Element::RowUnread,
    Element::HelpText,
    Element::Quote,
];

/// Not text: measured by nobody.
const DECORATION: &[Element] = &[Element::TableBorder, Element::ImageFrame, Element::Rule];

type Rgb = (u8, u8, u8);

/// xterm's default palette for the 16 named colours.
fn ansi(c: Color) -> Option<Rgb> {
    Some(match c {
        Color::Black => (0, 0, 0),
        Color::Red => (0xcd, 0, 0),
        Color::Green => (0, 0xcd, 0),
        Color::Yellow => (0xcd, 0xcd, 0),
        Color::Blue => (0, 0, 0xee),
        Color::Magenta => (0xcd, 0, 0xcd),
        Color::Cyan => (0, 0xcd, 0xcd),
        Color::Gray => (0xe5, 0xe5, 0xe5),
        Color::DarkGray => (0x7f, 0x7f, 0x7f),
        Color::LightRed => (0xff, 0, 0),
        Color::LightGreen => (0, 0xff, 0),
        Color::LightYellow => (0xff, 0xff, 0),
        Color::LightBlue => (0x5c, 0x5c, 0xff),
        Color::LightMagenta => (0xff, 0, 0xff),
        Color::LightCyan => (0, 0xff, 0xff),
        Color::White => (0xff, 0xff, 0xff),
        _ => return None,
    })
}

/// A colour as xterm draws it; `Reset` is `own`, the terminal's own.
fn rgb(c: Color, own: Rgb) -> Rgb {
    const NAMED: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match c {
        Color::Reset => own,
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) if i < 16 => ansi(NAMED[usize::from(i)]).unwrap_or(own),
        Color::Indexed(i) if i >= 232 => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
        Color::Indexed(i) => {
            let level = |n: u8| if n == 0 { 0 } else { 55 + 40 * n };
            let i = i - 16;
            (level(i / 36), level(i / 6 % 6), level(i % 6))
        }
        named => ansi(named).unwrap_or(own),
    }
}

/// The same measure the start-up question uses to tell light from dark.
fn luminance((r, g, b): Rgb) -> f64 {
    crate::tui::probe::Rgb(r, g, b).luminance()
}

fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The contrast of a style's text as drawn on `background`, where the
/// terminal's own text colour is `own_fg`.
fn contrast(style: Style, base: Style, background: Rgb, own_fg: Rgb) -> f64 {
    let fg = rgb(style.fg.or(base.fg).unwrap_or(Color::Reset), own_fg);
    let bg = rgb(style.bg.or(base.bg).unwrap_or(Color::Reset), background);
    if style.add_modifier.contains(Modifier::REVERSED) {
        ratio(bg, fg)
    } else {
        ratio(fg, bg)
    }
}

#[test]
fn every_bundled_theme_is_readable_on_its_background() {
    let mut failures = Vec::new();
    for (name, _) in BUNDLED {
        let t = Theme::load_with(name, None, ColorMode::TrueColor).unwrap();
        let background = match t.background() {
            Some(c) => rgb(c, (0, 0, 0)),
            None => panic!("{name}: says no `background` it is meant for"),
        };
        let light = luminance(background) > 0.179;
        // The terminal's own text colour on such a background.
        let own_fg = if light { (0, 0, 0) } else { (0xd0, 0xd0, 0xd0) };
        let base = t.base();
        let mut check = |what: String, style: Style, body: bool| {
            let c = contrast(style, base, background, own_fg);
            let need = if body { 7.0 } else { 4.5 };
            if c < need {
                failures.push(format!("{name}: {what} {c:.2}:1 < {need}:1"));
            }
        };
        for e in Element::ALL {
            if !DECORATION.contains(e) {
                check(e.name().to_string(), t.style(*e), BODY.contains(e));
            }
        }
        // As drawn on the selected row.
        check("row selected".into(), t.row(true, false), false);
        check("unread row selected".into(), t.row(true, true), true);
        check("row_meta selected".into(), t.row_meta(true), false);
        check(
            "unread_marker selected".into(),
            t.marker_unread(true),
            false,
        );
        check("saved_marker selected".into(), t.marker_saved(true), false);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_measure_is_wcags() {
    assert!((ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
    assert!((ratio((0x76, 0x76, 0x76), (255, 255, 255)) - 4.54).abs() < 0.01);
    assert_eq!(rgb(Color::Indexed(196), (0, 0, 0)), (255, 0, 0));
    assert_eq!(rgb(Color::Indexed(244), (0, 0, 0)), (128, 128, 128));
    assert_eq!(rgb(Color::Reset, (1, 2, 3)), (1, 2, 3));
}
