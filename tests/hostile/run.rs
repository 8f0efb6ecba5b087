//! Runs the real binary the way tests/common does, but watches it: its peak
//! resident memory (VmHWM from /proc, where there is a /proc) and a hard
//! deadline after which it is killed, so a hang fails the test instead of
//! stalling it.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of the binary did.
#[derive(Debug, Clone)]
pub struct Run {
    pub args: Vec<String>,
    /// None when it was killed at the deadline or by a signal.
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
    /// Peak resident set in KiB, when /proc could tell.
    pub peak_kib: Option<u64>,
    pub killed: bool,
}

impl Run {
    pub fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn err(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    pub fn describe(&self) -> String {
        format!(
            "newsroom {:?} → {:?} in {:.1} s\nstdout:\n{}\nstderr:\n{}",
            self.args,
            self.code,
            self.elapsed.as_secs_f64(),
            truncate(&self.out(), 2000),
            truncate(&self.err(), 2000)
        )
    }
}

pub fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &s[..end], s.len())
}

/// The binary under test: Cargo's build of it, or `NEWSROOM_BIN` to run the
/// suite against another build (a release binary, a copy kept apart from a
/// target dir that other builds write to).
fn binary() -> std::ffi::OsString {
    std::env::var_os("NEWSROOM_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_newsroom").into())
}

/// `newsroom --config CONFIG --data-dir DATA ARGS`, killed after `deadline`.
pub fn run(config: &Path, data: &Path, args: &[&str], deadline: Duration) -> Run {
    let started = Instant::now();
    let mut child = Command::new(binary())
        .arg("--config")
        .arg(config)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("XDG_CONFIG_HOME", data.join("xdg-config"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start newsroom");
    let pid = child.id();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let mut peak = None;
    let mut killed = false;
    let status = loop {
        // VmHWM is the high-water mark so far: the last reading before exit
        // is close to the true peak, whatever happened between readings.
        if let Some(kib) = vm_hwm(pid) {
            peak = Some(peak.unwrap_or(0).max(kib));
        }
        if let Some(status) = child.try_wait().expect("wait for newsroom") {
            break status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            killed = true;
            break child.wait().expect("reap newsroom");
        }
        std::thread::sleep(Duration::from_millis(15));
    };
    Run {
        args: args.iter().map(|s| s.to_string()).collect(),
        code: status.code(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        elapsed: started.elapsed(),
        peak_kib: peak,
        killed,
    }
}

/// Peak resident memory of a live process in KiB (Linux only).
fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
