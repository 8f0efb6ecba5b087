//! "Add to calendar": an event's `.ics`, or the agenda's as one file,
//! written to the download folder.

use std::path::PathBuf;

use crate::model::Event;
use crate::store::EventWhen;

/// Write `event` as `<title>.ics` in the download folder (else the home
/// folder, else the working directory); the path written.
pub fn save_ics(event: &Event) -> std::io::Result<PathBuf> {
    let path = folder()?.join(format!("{}.ics", file_stem(&event.title, &event.id)));
    std::fs::write(&path, crate::ics::export_ics(event))?;
    Ok(path)
}

/// Write the events the agenda lists as one calendar, named for what it
/// shows (`newsroom-upcoming-events.ics`). Saving the same list again
/// replaces the file, and a calendar importing it updates its events.
pub fn save_list_ics(
    events: &[Event],
    when: EventWhen,
    category: Option<&str>,
) -> std::io::Result<PathBuf> {
    let which = match when {
        EventWhen::Upcoming => "upcoming",
        EventWhen::Past => "past",
        EventWhen::All => "all",
    };
    let mut name = format!("newsroom-{which}-events");
    if let Some(c) = category {
        name.push('-');
        name.push_str(&file_stem(c, "category"));
    }
    let path = folder()?.join(format!("{name}.ics"));
    std::fs::write(&path, crate::ics::export_calendar(events))?;
    Ok(path)
}

fn folder() -> std::io::Result<PathBuf> {
    let dir = directories::UserDirs::new()
        .and_then(|u| {
            u.download_dir()
                .map(PathBuf::from)
                .or_else(|| Some(u.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// A file name from the title: letters and digits kept (any script),
/// the rest as single dashes; the id when nothing is left.
fn file_stem(title: &str, id: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.chars().count() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { id.to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn names_are_safe_files() {
        assert_eq!(
            file_stem("Film Night: Tokyo Story at 75", "x"),
            "film-night-tokyo-story-at-75"
        );
        assert_eq!(file_stem("../../etc/passwd", "x"), "etc-passwd");
        assert_eq!(file_stem("东京物语", "x"), "东京物语");
        assert_eq!(file_stem("!!!", "abc"), "abc");
    }
}
