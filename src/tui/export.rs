//! "Add to calendar": the event's `.ics` written to the download folder.

use std::path::PathBuf;

use crate::model::Event;

/// Write `event` as `<title>.ics` in the download folder (else the home
/// folder, else the working directory); the path written.
pub fn save_ics(event: &Event) -> std::io::Result<PathBuf> {
    let dir = directories::UserDirs::new()
        .and_then(|u| {
            u.download_dir()
                .map(PathBuf::from)
                .or_else(|| Some(u.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{}.ics", file_stem(&event.title, &event.id)));
    std::fs::write(&path, crate::ics::export_ics(event))?;
    Ok(path)
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
