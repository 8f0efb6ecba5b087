//! Shared pieces of the integration tests: the sample site on a loopback
//! port, a config pointing at it, and the real binary.

#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};
use std::process::Output;

use newsroom::config::SiteConfig;

/// A data dir and a config file for one test.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new(sites: &[SiteConfig]) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let mut toml = String::new();
        for s in sites {
            toml.push_str(&site_toml(s));
        }
        std::fs::write(dir.path().join("config.toml"), toml).unwrap();
        Env { dir }
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn db(&self) -> PathBuf {
        self.data().join("newsroom.db")
    }

    /// Run `newsroom --config … --data-dir … ARGS`.
    pub fn run(&self, args: &[&str]) -> Output {
        run_with(&self.config(), &self.data(), args)
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "newsroom {args:?} failed: {:?}\nstdout:\n{}\nstderr:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).expect("JSON output")
    }
}

pub fn run_with(config: &Path, data: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .arg("--config")
        .arg(config)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("XDG_CONFIG_HOME", data.join("xdg-config"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run newsroom")
}

pub fn site_toml(s: &SiteConfig) -> String {
    let list = |v: &[String]| {
        v.iter()
            .map(|u| format!("{u:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut t = format!("[[site]]\nname = {:?}\n", s.name);
    if let Some(h) = &s.home {
        t.push_str(&format!("home = {h:?}\n"));
    }
    t.push_str(&format!(
        "articles = [{}]\nevents = [{}]\n\n",
        list(&s.articles),
        list(&s.events)
    ));
    t
}

/// True when `s` holds a byte that could drive a terminal.
pub fn has_control(s: &str) -> bool {
    s.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}
