//! newsroom `--demo` in real terminal emulators on a virtual X display
//! (Xvfb): xterm on a white and on a black background, xterm as a VT340
//! with sixel pictures, and kitty. Keys are typed as a person would, and
//! what the terminal shows is read off screenshots by its pixels: text
//! contrast, where pictures are, and what is left of one scrolled half off.
//!
//! Needs `Xvfb`, `xterm`, `kitty`, `import` (ImageMagick) and `xdotool`;
//! each test says "skipped" and passes where one is missing. The
//! screenshots are kept in `target/tmp/real-terminals/`.

#[path = "real_terminals/pixels.rs"]
mod pixels;
#[path = "real_terminals/x11.rs"]
mod x11;

use std::time::Duration;

use pixels::Screen;
use x11::{COLS, Display, Emulator, ROWS, Terminal};

/// WCAG's AAA level for body text and AA level for the rest.
const BODY: f64 = 7.0;
const SECONDARY: f64 = 4.5;

const START: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(20);

fn tools_for(emulator: Emulator) -> Option<(Display, Emulator)> {
    let name = match emulator {
        Emulator::Xterm { .. } => "xterm",
        Emulator::Kitty => "kitty",
    };
    if let Some(tool) = x11::missing(&["Xvfb", "xdotool", "import", name]) {
        eprintln!(
            "skipped: `{tool}` is not installed (apt-get install xvfb xterm kitty imagemagick xdotool)"
        );
        return None;
    }
    Some((Display::start(), emulator))
}

fn screen(shot: &image::RgbImage) -> Screen {
    Screen::read(shot, COLS, ROWS)
}

fn rows_with_text(shot: &image::RgbImage) -> usize {
    screen(shot).rows.iter().filter(|r| r.ink > 0).count()
}

/// The reader, not the list: no row but the status line stands out from
/// the window (the list has its selected row highlighted).
fn is_reader(shot: &image::RgbImage) -> bool {
    let s = screen(shot);
    let (body, status) = s.rows.split_at(s.rows.len() - 1);
    rows_with_text(shot) >= 10 && status[0].bg != s.bg && body.iter().all(|r| r.bg == s.bg)
}

/// Every text colour on screen against what it stands on: at least 4.5:1,
/// and the body's colour at least 7:1 against the window's background.
fn assert_readable(s: &Screen, what: &str) -> String {
    let low: Vec<_> = s
        .contrasts()
        .into_iter()
        .filter(|c| c.3 < SECONDARY)
        .collect();
    assert!(
        low.is_empty(),
        "{what}: text below {SECONDARY}:1 (row, colour, background, ratio): {low:?}"
    );
    let (colour, ratio) = s.body().expect("there is text");
    assert!(
        ratio >= BODY,
        "{what}: body text {colour:?} on {:?} is {ratio:.2}:1, below {BODY}:1",
        s.bg
    );
    let all = s.contrasts();
    let lowest = all.first().expect("there is text");
    format!(
        "{what}: body text {colour:?} on {:?} {ratio:.2}:1; {} (row, text colour) pairs on {} rows, \
         the lowest {:?} on {:?} (row {}) {:.2}:1",
        s.bg,
        all.len(),
        s.rows.iter().filter(|r| !r.text.is_empty()).count(),
        lowest.1,
        lowest.2,
        lowest.0,
        lowest.3
    )
}

/// The list, then the first article, read with no flag on the terminal's
/// own colours.
fn readable_in(bg: &'static str, fg: &'static str, label: &str) {
    let Some((display, emulator)) = tools_for(Emulator::Xterm {
        bg,
        fg,
        sixel: false,
    }) else {
        return;
    };
    let mut term = Terminal::start(&display, emulator, label);
    let list = term.wait_for("list", START, |s| rows_with_text(s) >= 10);
    term.note(&assert_readable(&screen(&list), &format!("{label}: list")));

    let reader = term.press(&["Return"], "reader", STEP, |s| s != &list && is_reader(s));
    let s = screen(&reader);
    let title = &s.rows[0];
    assert!(
        title.ink > 0,
        "{label}: the article's title (first row) is invisible: {title:?}"
    );
    let measured = assert_readable(&s, &format!("{label}: reader"));
    term.note(&format!("{measured}; title row {:?}", title.text.first()));
}

#[test]
fn xterm_on_white_reads_without_a_flag() {
    readable_in("white", "black", "xterm-light");
}

#[test]
fn xterm_on_black_reads_without_a_flag() {
    readable_in("black", "white", "xterm-dark");
}

/// Open the first article (it starts with a photo), check the photo is
/// drawn as a picture with nothing over or beside it, scroll it half off
/// the top and check its lower part still shows, then scroll it off and
/// check nothing of it is left behind.
fn pictures_in(emulator: Emulator, label: &str) {
    let Some((display, emulator)) = tools_for(emulator) else {
        return;
    };
    let mut term = Terminal::start(&display, emulator, label);
    term.wait_for("list", START, |s| rows_with_text(s) >= 10);
    let whole = term.press(&["Return"], "picture", STEP, |s| {
        screen(s).picture_rows().len() >= 3
    });
    let s = screen(&whole);
    let rows = s.picture_rows();
    let (top, height) = (rows[0], rows.len());
    assert_eq!(
        rows,
        (top..top + height).collect::<Vec<_>>(),
        "{label}: the picture's rows are one block"
    );
    for &r in &rows {
        let row = &s.rows[r];
        assert!(
            row.ink == 0 && row.stray.is_empty(),
            "{label}: row {r} has text or stray cells beside the picture: {row:?}"
        );
    }

    term.note(&format!(
        "{label}: picture on rows {top}..={} ({height} rows of {:?} px cells, columns {:?}), \
         no text or stray cell beside it",
        top + height - 1,
        s.cell,
        s.rows[top].picture
    ));

    // Half off the top: the lower half shows, from the first row down.
    let scroll = top + height / 2;
    let shown = height - height / 2;
    let half = term.press(&vec!["j"; scroll], "half-off-the-top", STEP, |s| {
        screen(s).picture_rows().first() == Some(&0)
    });
    let s = screen(&half);
    let rows = s.picture_rows();
    assert!(
        rows.len().abs_diff(shown) <= 1 && rows == (0..rows.len()).collect::<Vec<_>>(),
        "{label}: scrolled {scroll} lines, the picture of {height} rows at row {top} \
         shows rows {rows:?}, not the first {shown} (cells of {:?} px)",
        s.cell
    );
    let strays = s.strays();
    assert!(strays.is_empty(), "{label}: pieces left over: {strays:?}");
    term.note(&format!(
        "{label}: scrolled {scroll} lines: the picture shows on rows {rows:?} \
         (its last {shown} rows expected, ±1), no stray cells"
    ));

    // Wholly off: nothing of it is left where it was (the article's next
    // picture may be coming in at the bottom by now).
    let gone = term.press(&vec!["j"; height], "scrolled-off", STEP, |s| {
        screen(s).picture_rows().first() != Some(&0)
    });
    let s = screen(&gone);
    let left: Vec<_> = s
        .picture_rows()
        .into_iter()
        .filter(|&r| r < shown)
        .collect();
    assert!(
        left.is_empty(),
        "{label}: the picture still shows on rows {left:?}"
    );
    let strays = s.strays();
    assert!(strays.is_empty(), "{label}: pieces left over: {strays:?}");
    term.note(&format!(
        "{label}: scrolled {height} more: nothing of it on rows 0..{shown}, no stray cells \
         (picture rows now {:?})",
        s.picture_rows()
    ));
}

#[test]
fn xterm_sixel_shows_pictures_whole_and_in_part() {
    pictures_in(
        Emulator::Xterm {
            bg: "white",
            fg: "black",
            sixel: true,
        },
        "xterm-sixel",
    );
}

#[test]
fn kitty_shows_pictures_whole_and_in_part() {
    pictures_in(Emulator::Kitty, "kitty");
}
