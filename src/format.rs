//! Words for sizes and ages, the same in the status line and in `sync` / `sites`.

use jiff::Timestamp;

/// "812 B", "12.4 kB", "3.1 MB".
pub fn human_bytes(n: u64) -> String {
    match n {
        n if n < 1000 => format!("{n} B"),
        n if n < 1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        n if n < 1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n => format!("{:.1} GB", n as f64 / 1e9),
    }
}

/// "just now", "3 min ago", "2 h ago", "yesterday", "5 days ago".
pub fn ago(now: Timestamp, then: Timestamp) -> String {
    let secs = now.as_second() - then.as_second();
    match secs {
        s if s < 60 => "just now".into(),
        s if s < 3600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3600),
        s if s < 2 * 86_400 => "yesterday".into(),
        s => format!("{} days ago", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::ago;
    use jiff::Timestamp;

    #[test]
    fn ages_read_naturally() {
        let now: Timestamp = "2026-03-10T12:00:00Z".parse().unwrap();
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(ago(now, t("2026-03-10T11:59:30Z")), "just now");
        assert_eq!(ago(now, t("2026-03-10T11:57:00Z")), "3 min ago");
        assert_eq!(ago(now, t("2026-03-10T09:00:00Z")), "3 h ago");
        assert_eq!(ago(now, t("2026-03-07T12:00:00Z")), "3 days ago");
    }
    #[test]
    fn bytes_read_naturally() {
        assert_eq!(super::human_bytes(812), "812 B");
        assert_eq!(super::human_bytes(12_400), "12.4 kB");
        assert_eq!(super::human_bytes(3_100_000), "3.1 MB");
    }
}
