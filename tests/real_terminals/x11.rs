//! A virtual X display with one real terminal emulator on it, running
//! newsroom: keys typed through XTEST, screenshots taken by ImageMagick.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::thread::sleep;
use std::time::{Duration, Instant};

use image::RgbImage;

/// Tools the checks need, by program name; the first one missing, if any.
pub fn missing(programs: &[&str]) -> Option<String> {
    programs
        .iter()
        .find(|p| {
            !std::env::var_os("PATH")
                .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join(p).is_file()))
        })
        .map(|p| p.to_string())
}

/// One terminal on screen at a time: a terminal drawn by software GL
/// beside three others on two cores is slow enough to drop input.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Xvfb on a display number of its own; stopped on drop.
pub struct Display {
    pub name: String,
    server: Child,
    _turn: MutexGuard<'static, ()>,
}

impl Display {
    pub fn start() -> Display {
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let (name, server) = launch();
        Display {
            name,
            server,
            _turn: turn,
        }
    }
}

/// Xvfb on the first display number free (other programs may hold some).
fn launch() -> (String, Child) {
    for n in 40..400u32 {
        let lock = format!("/tmp/.X{n}-lock");
        let socket = format!("/tmp/.X11-unix/X{n}");
        if Path::new(&lock).exists() || Path::new(&socket).exists() {
            continue;
        }
        let Ok(mut server) = Command::new("Xvfb")
            .arg(format!(":{n}"))
            .args(["-screen", "0", "1280x1024x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        else {
            continue;
        };
        let end = Instant::now() + Duration::from_secs(15);
        while Instant::now() < end {
            if let Ok(Some(_)) = server.try_wait() {
                break; // lost the race for this number
            }
            if Path::new(&socket).exists() {
                return (format!(":{n}"), server);
            }
            sleep(Duration::from_millis(50));
        }
        let _ = server.kill();
        let _ = server.wait();
    }
    panic!("no X display could be started");
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// Which emulator, and how it is started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emulator {
    /// xterm with the given background and foreground, as `-bg`/`-fg`.
    Xterm {
        bg: &'static str,
        fg: &'static str,
        sixel: bool,
    },
    /// kitty with its own defaults, drawn by software GL.
    Kitty,
}

pub const COLS: u32 = 100;
pub const ROWS: u32 = 35;

/// A terminal emulator on `display` running `newsroom --demo` with a home
/// of its own (no config, no cache): what a new user sees.
pub struct Terminal {
    display: String,
    child: Child,
    pub window: String,
    _home: tempfile::TempDir,
    shots: PathBuf,
    taken: u32,
}

impl Terminal {
    pub fn start(display: &Display, emulator: Emulator, label: &str) -> Terminal {
        let home = tempfile::tempdir().expect("a home");
        let bin = env!("CARGO_BIN_EXE_newsroom");
        let mut cmd = match emulator {
            Emulator::Xterm { bg, fg, sixel } => {
                let mut c = Command::new("xterm");
                c.args(["-geometry", &format!("{COLS}x{ROWS}+0+0")])
                    .args(["-bg", bg, "-fg", fg, "-u8"])
                    // A bitmap font: every glyph pixel is the text's own colour.
                    .args([
                        "-fn",
                        "-misc-fixed-medium-r-semicondensed--13-120-75-75-c-60-iso10646-1",
                    ]);
                if sixel {
                    c.args(["-ti", "vt340"])
                        .args(["-xrm", "XTerm*decTerminalID: vt340"])
                        .args(["-xrm", "XTerm*numColorRegisters: 256"]);
                }
                c.args(["-e", bin, "--demo"]);
                c
            }
            Emulator::Kitty => {
                let mut c = Command::new("kitty");
                c.args(["--config", "NONE"])
                    .args(["-o", &format!("initial_window_width={COLS}c")])
                    .args(["-o", &format!("initial_window_height={ROWS}c")])
                    .args(["-o", "remember_window_size=no"])
                    .args(["-o", "window_padding_width=0"])
                    .args([bin, "--demo"]);
                c.env("LIBGL_ALWAYS_SOFTWARE", "1");
                c
            }
        };
        // Only what a terminal session would have: none of the caller's
        // colour hints or newsroom overrides leak in.
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DISPLAY", &display.name)
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("XDG_RUNTIME_DIR", home.path())
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if emulator == Emulator::Kitty {
            cmd.env("LIBGL_ALWAYS_SOFTWARE", "1");
        }
        let child = cmd.spawn().expect("the terminal starts");
        let class = match emulator {
            Emulator::Xterm { .. } => "xterm",
            Emulator::Kitty => "kitty",
        };
        let window = wait_for_window(&display.name, class);
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("real-terminals");
        std::fs::create_dir_all(&shots).expect("a folder for screenshots");
        // Only this run's screenshots under this label.
        for entry in std::fs::read_dir(&shots).into_iter().flatten().flatten() {
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(&format!("{label}-"))
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let term = Terminal {
            display: display.name.clone(),
            child,
            window,
            _home: home,
            shots: shots.join(label),
            taken: 0,
        };
        term.xdotool(&["windowfocus", "--sync", &term.window.clone()]);
        term
    }

    fn xdotool(&self, args: &[&str]) -> String {
        let out = Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self.display)
            .stderr(Stdio::null())
            .output()
            .expect("xdotool runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Type keys (xdotool's names: `Return`, `j`, `ctrl+d`), one at a time
    /// as a person would, through XTEST to the focused terminal.
    pub fn keys(&self, keys: &[&str]) {
        // With no window manager nothing keeps the focus on the terminal.
        self.xdotool(&["windowfocus", "--sync", &self.window]);
        for k in keys {
            self.xdotool(&["key", "--delay", "40", k]);
        }
    }

    /// Type `keys` and wait for what they do, as [`Terminal::wait_for`].
    /// The X server may drop input to a window that has only just been
    /// given the focus (there is no window manager): where the screen is
    /// still exactly as it was after a while, none of the keys arrived,
    /// and they are typed again.
    pub fn press(
        &mut self,
        keys: &[&str],
        what: &str,
        limit: Duration,
        ready: impl Fn(&RgbImage) -> bool,
    ) -> RgbImage {
        let before = self.shot();
        self.keys(keys);
        for _ in 0..2 {
            let end = Instant::now() + Duration::from_secs(6);
            while Instant::now() < end {
                if self.shot() != before {
                    return self.wait_for(what, limit, ready);
                }
                sleep(Duration::from_millis(200));
            }
            self.note(&format!("{what}: keys {keys:?} had no effect; typed again"));
            self.keys(keys);
        }
        self.wait_for(what, limit, ready)
    }

    /// The terminal window as it is on screen now.
    pub fn shot(&self) -> RgbImage {
        let mut tries = 0;
        loop {
            let out = Command::new("import")
                .args(["-window", &self.window, "png:-"])
                .env("DISPLAY", &self.display)
                .stderr(Stdio::null())
                .output()
                .expect("import runs");
            match image::load_from_memory(&out.stdout) {
                Ok(img) => return img.to_rgb8(),
                // A busy X server now and then gives import nothing.
                Err(e) if tries >= 5 => panic!("import gives no PNG: {e}"),
                Err(_) => {
                    tries += 1;
                    sleep(Duration::from_millis(200));
                }
            }
        }
    }

    /// Wait until `ready` holds for a screenshot (or fail after `limit`,
    /// naming `what`); the screenshot is kept as `LABEL-N-what.png`.
    pub fn wait_for(
        &mut self,
        what: &str,
        limit: Duration,
        ready: impl Fn(&RgbImage) -> bool,
    ) -> RgbImage {
        let end = Instant::now() + limit;
        loop {
            let shot = self.shot();
            // Settled: the same picture twice in a row, and what we wait for.
            if ready(&shot) {
                sleep(Duration::from_millis(400));
                let again = self.shot();
                if again == shot {
                    self.keep(&again, what);
                    return again;
                }
                continue;
            }
            if Instant::now() > end {
                let path = self.keep(&shot, &format!("{what}-timed-out"));
                panic!("{what}: not seen within {limit:?} (screenshot {path:?})");
            }
            sleep(Duration::from_millis(250));
        }
    }

    /// Add a line to `LABEL-measured.txt` beside the screenshots: what was
    /// read off them, for whoever looks at a run afterwards.
    pub fn note(&self, line: &str) {
        use std::io::Write;
        let label = self
            .shots
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let path = self.shots.with_file_name(format!("{label}-measured.txt"));
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(f, "{line}");
        }
    }

    /// Save a screenshot with the run's artefacts; returns its path.
    pub fn keep(&mut self, shot: &RgbImage, what: &str) -> PathBuf {
        self.taken += 1;
        let label = self
            .shots
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let path = self
            .shots
            .with_file_name(format!("{label}-{}-{what}.png", self.taken));
        shot.save(&path).expect("the screenshot is saved");
        path
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for_window(display: &str, class: &str) -> String {
    let end = Instant::now() + Duration::from_secs(30);
    while Instant::now() < end {
        let out = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--class", class])
            .env("DISPLAY", display)
            .stderr(Stdio::null())
            .output()
            .expect("xdotool runs");
        if let Some(id) = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .next()
        {
            return id.to_string();
        }
        sleep(Duration::from_millis(100));
    }
    panic!("no {class} window appeared on {display}");
}
