//! `events --ics` read by the calendar programs people use: khal (into a
//! fresh config) and calcurse. Each test says "skipped" and passes where
//! its program is not installed (`.ci/run` installs them).

mod common;

use std::path::Path;
use std::process::Command;

use common::Env;
use jiff::tz::TimeZone;

fn installed(program: &str) -> bool {
    let found = Command::new(program).arg("--version").output().is_ok();
    if !found {
        eprintln!("skipped: {program} not installed");
    }
    found
}

fn synced_demo() -> (newsroom::demo::Demo, Env) {
    let demo = newsroom::demo::start().unwrap();
    let env = Env::new(&[demo.site()]);
    env.ok(&["sync"]);
    (demo, env)
}

/// An event as the list prints it: title, start, all-day, cancelled.
struct Listed {
    title: String,
    start: jiff::Timestamp,
    day: Option<jiff::civil::Date>,
    cancelled: bool,
}

fn listed(env: &Env) -> Vec<Listed> {
    env.json(&["events", "--json", "--all"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let start: jiff::Timestamp = e["start"].as_str().unwrap().parse().unwrap();
            let all_day = e["all_day"].as_bool().unwrap();
            Listed {
                title: e["title"].as_str().unwrap().to_string(),
                start,
                day: all_day.then(|| e["start"].as_str().unwrap()[..10].parse().unwrap()),
                cancelled: e["status"] == "cancelled",
            }
        })
        .collect()
}

/// khal with a config and data of its own in `dir`.
struct Khal<'a> {
    dir: &'a Path,
}

impl Khal<'_> {
    fn new(dir: &Path) -> Khal<'_> {
        let cal = dir.join("calendars/news");
        std::fs::create_dir_all(&cal).unwrap();
        std::fs::create_dir_all(dir.join("config/khal")).unwrap();
        std::fs::write(
            dir.join("config/khal/config"),
            format!(
                "[calendars]\n[[news]]\npath = {}\ntype = calendar\n\n\
                 [locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n\
                 longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n\
                 longdatetimeformat = %Y-%m-%d %H:%M\n",
                cal.display()
            ),
        )
        .unwrap();
        Khal { dir }
    }

    fn command(&self, tz: &str) -> Command {
        let mut c = Command::new("khal");
        c.env("XDG_CONFIG_HOME", self.dir.join("config"))
            .env("XDG_DATA_HOME", self.dir.join("data"))
            .env("TZ", tz)
            .env("LC_ALL", "C.UTF-8");
        c
    }

    fn import(&self, file: &Path) {
        let out = self
            .command("Europe/London")
            .args(["import", "--batch"])
            .arg(file)
            .output()
            .unwrap();
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "khal import: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `khal list` over the events' span, one line per event, in `tz`.
    fn list(&self, tz: &str, from: jiff::civil::Date, days: i64) -> Vec<String> {
        let out = self
            .command(tz)
            .args(["list", "--once", "--day-format", ""])
            .args(["--format", "{start} | {title} | {cancelled}"])
            .arg(from.to_string())
            .arg(format!("{days}d"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.trim_end().to_string())
            .collect()
    }

    fn files(&self) -> usize {
        std::fs::read_dir(self.dir.join("calendars/news"))
            .unwrap()
            .count()
    }
}

/// The line `khal list` prints for `e` in `tz`.
fn khal_line(e: &Listed, tz: &str) -> String {
    let when = match e.day {
        Some(d) => d.to_string(),
        None => e
            .start
            .to_zoned(TimeZone::get(tz).unwrap())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
    };
    let cancelled = if e.cancelled { " | CANCELLED" } else { " |" };
    format!("{when} | {}{cancelled}", e.title)
}

#[test]
fn khal_imports_the_list_at_local_times_and_a_second_import_updates() {
    if !installed("khal") {
        return;
    }
    let (_demo, env) = synced_demo();
    let events = listed(&env);
    let file = env.dir.path().join("events.ics");
    std::fs::write(&file, env.ok(&["events", "--ics", "--all"])).unwrap();

    let home = tempfile::tempdir().unwrap();
    let khal = Khal::new(home.path());
    khal.import(&file);
    let from = events.iter().map(|e| e.start).min().unwrap();
    let to = events.iter().map(|e| e.start).max().unwrap();
    let from = from.to_zoned(TimeZone::UTC).date().yesterday().unwrap();
    let days = (to - from.to_zoned(TimeZone::UTC).unwrap().timestamp()).get_seconds() / 86_400 + 3;

    let mut seen = Vec::new();
    for tz in ["Europe/London", "Asia/Singapore"] {
        let shown = khal.list(tz, from, days);
        assert_eq!(shown.len(), events.len(), "{tz}: {shown:#?}");
        for e in &events {
            let want = khal_line(e, tz);
            assert!(
                shown.iter().any(|l| l.starts_with(&want)),
                "{tz}: no {want:?} in {shown:#?}"
            );
        }
        seen.push(shown);
    }

    // Importing the same list again updates each event in place.
    let files = khal.files();
    assert_eq!(files, events.len());
    std::fs::write(&file, env.ok(&["--offline", "events", "--ics", "--all"])).unwrap();
    khal.import(&file);
    assert_eq!(khal.files(), files, "a second import added events");
    assert_eq!(khal.list("Europe/London", from, days), seen[0]);
}

/// calcurse reads the times in their zones (it knows tz database names, not
/// VTIMEZONEs of a calendar's own) and keeps no UIDs: a second `-i` of any
/// file adds everything again, so this checks one import.
#[test]
fn calcurse_imports_every_event_at_its_local_time() {
    if !installed("calcurse") {
        return;
    }
    let (_demo, env) = synced_demo();
    let events = listed(&env);
    let file = env.dir.path().join("events.ics");
    std::fs::write(&file, env.ok(&["events", "--ics", "--all"])).unwrap();

    for tz in ["Europe/London", "Asia/Singapore"] {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("calcurse")
            .arg("-D")
            .arg(dir.path())
            .arg("-C")
            .arg(dir.path())
            .arg("-i")
            .arg(&file)
            .env("TZ", tz)
            .env("HOME", dir.path())
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{report}");
        assert!(report.contains(" 0 skipped"), "{report}");
        let apts = std::fs::read_to_string(dir.path().join("apts")).unwrap();
        let lines: Vec<&str> = apts.lines().collect();
        assert_eq!(lines.len(), events.len(), "{apts}");
        for e in &events {
            let want = match e.day {
                Some(d) => d.strftime("%m/%d/%Y [").to_string(),
                None => e
                    .start
                    .to_zoned(TimeZone::get(tz).unwrap())
                    .strftime("%m/%d/%Y @ %H:%M")
                    .to_string(),
            };
            assert!(
                lines
                    .iter()
                    .any(|l| l.starts_with(&want) && l.ends_with(&e.title)),
                "{tz}: no {want} {:?} in\n{apts}",
                e.title
            );
        }
    }
}
