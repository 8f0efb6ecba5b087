//! The article renderer on any HTML, at any width.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte also sets the width; the seed stays whole.
    let Some(&width) = data.first() else {
        return;
    };
    let html = data;
    let html = String::from_utf8_lossy(html);
    let r = newsroom::render::article::render_html(
        &html,
        "https://victim.example/2026/11/post/",
        usize::from(width),
    );
    for line in &r.lines {
        for span in &line.spans {
            assert!(
                !span.text.chars().any(|c| c.is_control() && c != '\t'),
                "control character drawn: {:?}",
                span.text
            );
        }
    }
    // Numbered links are web addresses (or mail addresses), never a script,
    // a data: blob or a local file.
    for link in &r.links {
        assert!(
            ["http://", "https://", "mailto:"]
                .iter()
                .any(|s| link.starts_with(s)),
            "link {link:?}"
        );
    }
});
