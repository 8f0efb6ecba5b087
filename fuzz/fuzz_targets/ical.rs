//! Event sources: iCalendar first, and whatever else the sniffing picks.
#![no_main]

use libfuzzer_sys::fuzz_target;

const TYPES: &[Option<&str>] = &[
    Some("text/calendar; charset=utf-8"),
    None,
    Some("application/json"),
    Some("text/html"),
];

fuzz_target!(|data: &[u8]| {
    let Some(&pick) = data.first() else {
        return;
    };
    let body = data;
    let ct = TYPES[usize::from(pick) % TYPES.len()];
    if let Ok(batch) =
        newsroom::parse::parse_events(body, ct, "https://victim.example/events.ics", "Fuzz")
    {
        for e in &batch.events {
            assert!(
                !e.title.chars().any(char::is_control),
                "control character in a title: {:?}",
                e.title
            );
        }
    }
});
