//! Where links lead: which addresses a reader may follow, and the page
//! behind an embedded player.

use url::Url;

use super::figure::resolve;

/// Where a link may take the reader: absolute http, https and mailto
/// addresses. Anchors within the page and other schemes stay plain text.
pub fn link_target(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let u = resolve(href, base)?;
    matches!(u.scheme(), "http" | "https" | "mailto").then(|| u.to_string())
}

/// A player's address as the page a person would open: YouTube and Vimeo
/// embeds point at their watch pages.
pub fn embed_page(url: &Url) -> (String, &'static str) {
    let host = url.host_str().unwrap_or("").trim_start_matches("www.");
    let path = url.path();
    let video_hosts = [
        "youtube.com",
        "youtube-nocookie.com",
        "youtu.be",
        "vimeo.com",
        "player.vimeo.com",
        "dailymotion.com",
        "fast.wistia.net",
        "players.brightcove.net",
        "embed.ted.com",
    ];
    let audio_hosts = [
        "w.soundcloud.com",
        "open.spotify.com",
        "embed.podcasts.apple.com",
        "player.simplecast.com",
        "www.buzzsprout.com",
        "html5-player.libsyn.com",
        "omny.fm",
        "embed.acast.com",
    ];
    if (host.ends_with("youtube.com") || host.ends_with("youtube-nocookie.com"))
        && let Some(id) = path.strip_prefix("/embed/").filter(|id| !id.is_empty())
    {
        return (
            format!("https://www.youtube.com/watch?v={id}"),
            "embedded video",
        );
    }
    if host == "player.vimeo.com"
        && let Some(id) = path.strip_prefix("/video/")
    {
        return (format!("https://vimeo.com/{id}"), "embedded video");
    }
    let label = if video_hosts.iter().any(|h| host.ends_with(h)) {
        "embedded video"
    } else if audio_hosts
        .iter()
        .any(|h| host.ends_with(h.trim_start_matches("www.")))
    {
        "embedded audio"
    } else {
        "embedded content"
    };
    (url.to_string(), label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_followable_links_have_targets() {
        let base = Url::parse("https://example.org/news/post/").ok();
        let t = |h: &str| link_target(h, base.as_ref());
        assert_eq!(
            t("../other/").as_deref(),
            Some("https://example.org/news/other/")
        );
        assert_eq!(
            t("mailto:a@example.org").as_deref(),
            Some("mailto:a@example.org")
        );
        for bad in [
            "javascript:alert(1)",
            "java\tscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
            "#top",
            "",
            "ftp://example.org/",
        ] {
            assert_eq!(t(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn players_become_their_pages() {
        let u = Url::parse("https://www.youtube-nocookie.com/embed/abc123?rel=0").unwrap();
        assert_eq!(
            embed_page(&u),
            (
                "https://www.youtube.com/watch?v=abc123".into(),
                "embedded video"
            )
        );
        let u = Url::parse("https://player.vimeo.com/video/42").unwrap();
        assert_eq!(embed_page(&u).0, "https://vimeo.com/42");
        let u = Url::parse("https://w.soundcloud.com/player/?url=x").unwrap();
        assert_eq!(embed_page(&u).1, "embedded audio");
    }
}
