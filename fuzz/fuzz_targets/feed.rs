//! Article sources: any bytes, under any of the content types servers send.
#![no_main]

use libfuzzer_sys::fuzz_target;

const TYPES: &[Option<&str>] = &[
    None,
    Some("application/rss+xml; charset=UTF-8"),
    Some("application/atom+xml"),
    Some("text/xml; charset=ISO-8859-1"),
    Some("application/feed+json"),
    Some("application/json; charset=UTF-8"),
    Some("text/html; charset=Shift_JIS"),
    Some("application/octet-stream; charset=nonsense"),
];

fuzz_target!(|data: &[u8]| {
    // The first byte also picks the declared type, so sniffing and charset
    // handling are both explored while seed files stay whole.
    let Some(&pick) = data.first() else {
        return;
    };
    let body = data;
    let ct = TYPES[usize::from(pick) % TYPES.len()];
    if let Ok(batch) =
        newsroom::parse::parse_articles(body, ct, "https://victim.example/feed/", "Fuzz")
    {
        for a in &batch.articles {
            assert!(
                !a.title.chars().any(char::is_control),
                "control character in a title: {:?}",
                a.title
            );
        }
    }
});
