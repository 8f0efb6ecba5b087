//! `events --ics`: the selected events as one calendar, from the cache,
//! read back by our own parser. The calendar programs' own checks are in
//! `calendar_apps.rs`.

mod common;
mod events_support;

use std::collections::HashSet;
use std::sync::Arc;

use common::{Env, has_control};
use events_support::{SITE, fixture, now};
use newsroom::config::SiteConfig;
use newsroom::parse::parse_events_at;
use newsroom::serve::{Request, Response, Server};

fn synced_demo() -> (newsroom::demo::Demo, Env) {
    let demo = newsroom::demo::start().unwrap();
    let env = Env::new(&[demo.site()]);
    env.ok(&["sync"]);
    (demo, env)
}

/// The logical lines of a calendar, folds undone.
fn lines(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The values of property `name` (with or without parameters), in order.
fn values(ics: &str, name: &str) -> Vec<String> {
    lines(ics)
        .into_iter()
        .filter_map(|l| {
            let rest = l.strip_prefix(name)?;
            let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix(';'))?;
            Some(rest.to_string())
        })
        .collect()
}

/// Each VEVENT's lines.
fn vevents(ics: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for l in lines(ics) {
        match l.as_str() {
            "BEGIN:VEVENT" => current = Some(Vec::new()),
            "END:VEVENT" => out.extend(current.take()),
            _ => {
                if let Some(c) = current.as_mut() {
                    c.push(l);
                }
            }
        }
    }
    out
}

fn prop<'a>(event: &'a [String], name: &str) -> Option<&'a str> {
    event.iter().find_map(|l| {
        let rest = l.strip_prefix(name)?;
        match rest.as_bytes().first() {
            Some(b':') | Some(b';') => Some(&rest[1..]),
            _ => None,
        }
    })
}

#[test]
fn the_list_is_one_calendar_with_each_zone_once() {
    let (_demo, env) = synced_demo();
    let listed = env.json(&["events", "--json", "--all"]);
    let listed = listed.as_array().unwrap();
    let ics = env.ok(&["events", "--ics", "--all"]);
    assert!(!has_control(&ics.replace("\r\n", "\n")), "control bytes");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for l in ics.split("\r\n") {
        assert!(l.len() <= 75, "{} octets: {l}", l.len());
    }

    let events = vevents(&ics);
    assert_eq!(events.len(), listed.len());
    assert!(listed.len() >= 15, "only {} events", listed.len());

    // Every zone once, and each TZID an event uses has its VTIMEZONE.
    let zones = values(&ics, "TZID");
    assert_eq!(zones, ["Europe/London", "Asia/Singapore"], "{ics}");
    for e in &events {
        if let Some(start) = prop(e, "DTSTART")
            && let Some(id) = start
                .strip_prefix("TZID=")
                .and_then(|s| s.split(':').next())
        {
            assert!(zones.iter().any(|z| z == id), "no VTIMEZONE for {id}");
        }
    }

    // The cancelled talk says so; nothing else does.
    let cancelled: Vec<&str> = events
        .iter()
        .filter(|e| prop(e, "STATUS") == Some("CANCELLED"))
        .map(|e| prop(e, "SUMMARY").unwrap())
        .collect();
    let listed_cancelled: Vec<&str> = listed
        .iter()
        .filter(|e| e["status"] == "cancelled")
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(cancelled, listed_cancelled);
    assert_eq!(cancelled, ["Seoul Design Talk: Hanok Futures"]);

    // One UID per instance: the weekly circle's occurrences are apart.
    let uids: Vec<String> = events
        .iter()
        .map(|e| prop(e, "UID").unwrap().to_string())
        .collect();
    let unique: HashSet<&String> = uids.iter().collect();
    assert_eq!(unique.len(), uids.len(), "{uids:?}");

    // Our own parser reads back the same instants.
    let back = parse_events_at(ics.as_bytes(), Some("text/calendar"), "", SITE, now()).unwrap();
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    let instants = |starts: Vec<Option<jiff::Timestamp>>| {
        let mut s = starts;
        s.sort();
        s
    };
    assert_eq!(
        instants(
            back.events
                .iter()
                .map(|e| e.start.as_ref().map(|z| z.timestamp()))
                .collect()
        ),
        instants(
            listed
                .iter()
                .map(|e| e["start"].as_str().map(|s| s.parse().unwrap()))
                .collect()
        )
    );
}

#[test]
fn uids_stay_the_same_and_match_a_single_export() {
    let (_demo, env) = synced_demo();
    let uids = |ics: &str| values(ics, "UID");
    let first = env.ok(&["events", "--ics", "--all"]);
    let second = env.ok(&["--offline", "events", "--ics", "--all"]);
    assert_eq!(uids(&first), uids(&second));

    // `export-ics ID` of one occurrence names it as the list does, so either
    // file updates what the other put in a calendar.
    let listed = env.json(&["events", "--json", "--all", "--search", "Mandarin"]);
    let listed = listed.as_array().unwrap();
    assert!(listed.len() > 3, "{listed:?}");
    for e in listed {
        let one = env.ok(&["export-ics", e["id"].as_str().unwrap()]);
        let uid = &uids(&one)[0];
        assert!(uids(&first).contains(uid), "{uid} not in the list");
    }
}

#[test]
fn the_selection_flags_choose_the_events() {
    let (_demo, env) = synced_demo();
    let count = |args: &[&str]| {
        let mut json = vec!["events", "--json"];
        json.extend(args);
        let mut ics = vec!["events", "--ics"];
        ics.extend(args);
        let listed = env.json(&json).as_array().unwrap().len();
        let written = vevents(&env.ok(&ics)).len();
        assert_eq!(written, listed, "{args:?}");
        written
    };
    let all = count(&["--all"]);
    let upcoming = count(&[]);
    let past = count(&["--past"]);
    assert_eq!(upcoming + past, all);
    assert!(count(&["--all", "--search", "Mandarin"]) > 3);
    assert_eq!(count(&["--all", "--search", "no such words anywhere"]), 0);
    assert_eq!(count(&["--all", "--site", SITE_NAME]), all);

    // An empty selection is still a calendar.
    let empty = env.ok(&["events", "--ics", "--search", "no such words anywhere"]);
    assert!(empty.starts_with("BEGIN:VCALENDAR\r\n") && empty.ends_with("END:VCALENDAR\r\n"));
    assert!(!empty.contains("VTIMEZONE"));

    let both = env.run(&["events", "--json", "--ics"]);
    assert_eq!(both.status.code(), Some(2));
}

const SITE_NAME: &str = newsroom::demo::SITE_NAME;

/// A calendar defines a zone of its own ("Customized Time Zone"); the cache
/// keeps it as that name at the event's offset, which calendar programs
/// that know only tz database names would misread. It goes out as UTC.
#[test]
fn a_zone_only_the_calendar_knew_goes_out_as_utc_times() {
    let body = fixture("outlook-own-zone.ics");
    let server = Server::start(Arc::new(move |req: &Request| match req.path.as_str() {
        "/calendar.ics" => Response::ok("text/calendar; charset=utf-8", body.clone()),
        _ => Response::not_found(),
    }))
    .unwrap();
    let env = Env::new(&[SiteConfig {
        name: SITE.into(),
        home: None,
        articles: vec![],
        events: vec![format!("{}/calendar.ics", server.base_url())],
    }]);
    env.ok(&["sync"]);
    let ics = env.ok(&["events", "--ics", "--all"]);
    assert!(!ics.contains("Customized Time Zone"), "{ics}");
    assert!(!ics.contains("VTIMEZONE"), "{ics}");
    let starts = values(&ics, "DTSTART");
    // 09:30 at +11 in January, 18:00 at +10 in July.
    assert!(
        starts.contains(&"20270114T223000Z".to_string()),
        "{starts:?}"
    );
    assert!(
        starts.contains(&"20270715T080000Z".to_string()),
        "{starts:?}"
    );
    let ends = values(&ics, "DTEND");
    assert!(ends.contains(&"20270115T060000Z".to_string()), "{ends:?}");

    // One of them alone, the same way (this used to never finish).
    let listed = env.json(&["events", "--json", "--all"]);
    let id = listed[0]["id"].as_str().unwrap();
    let one = env.ok(&["export-ics", id]);
    assert!(!one.contains("VTIMEZONE"), "{one}");
    assert_eq!(values(&one, "DTSTART").len(), 1);
    assert!(values(&one, "DTSTART")[0].ends_with('Z'), "{one}");
}
