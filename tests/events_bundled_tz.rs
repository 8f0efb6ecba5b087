//! Zones come from the database compiled into the binary when the machine
//! has none: this test binary points the system database at an empty folder
//! before anything looks a zone up.

use newsroom::parse::parse_events_at;

#[test]
fn zones_resolve_with_no_system_database() {
    let empty = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this binary, run before any other thread
    // reads the environment.
    unsafe { std::env::set_var("TZDIR", empty.path()) };
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
               BEGIN:VEVENT\r\nUID:a@example.org\r\nDTSTART;TZID=Europe/London:20260714T183000\r\nSUMMARY:Summer\r\nEND:VEVENT\r\n\
               BEGIN:VEVENT\r\nUID:b@example.org\r\nDTSTART;TZID=Singapore Standard Time:20260714T183000\r\nSUMMARY:Singapore\r\nEND:VEVENT\r\n\
               END:VCALENDAR\r\n";
    let now = "2026-11-28T12:00:00Z".parse().unwrap();
    let b = parse_events_at(ics.as_bytes(), None, "", "Test", now).unwrap();
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    let offsets: Vec<i32> = b
        .events
        .iter()
        .map(|e| e.start.as_ref().unwrap().offset().seconds() / 3600)
        .collect();
    assert_eq!(offsets, vec![1, 8]);
    assert_eq!(b.events[0].timezone.as_deref(), Some("Europe/London"));
}
