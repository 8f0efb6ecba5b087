//! Photo credits written into captions ("… Photo: Asia House").

/// Words that start a photo credit written into a caption.
const CREDIT_LEADS: [&str; 14] = [
    "photo credit:",
    "image credit:",
    "photograph:",
    "photography:",
    "photos:",
    "photo:",
    "images:",
    "image:",
    "picture:",
    "credit:",
    "photo by ",
    "image courtesy",
    "photo courtesy",
    "courtesy of ",
];

/// "Delegates at the summit. Photo: Asia House" → caption and credit. Only a
/// lead at the start or after a sentence end, a bar, a dash or an opening
/// bracket counts, so "a photo: taken…" mid-sentence is left alone.
pub fn split_credit(caption: &str) -> (Option<String>, Option<String>) {
    let bytes = caption.as_bytes();
    let mut found = None;
    for (i, _) in caption.char_indices() {
        let starts_credit = caption[i..].starts_with('©')
            || CREDIT_LEADS.iter().any(|lead| {
                bytes.len() >= i + lead.len()
                    && bytes[i..i + lead.len()].eq_ignore_ascii_case(lead.as_bytes())
            });
        if !starts_credit {
            continue;
        }
        let before = caption[..i].trim_end();
        let boundary = before.is_empty()
            || before.ends_with(['.', '|', '/', '–', '—', '-', '(', '[', '!', '?', ';']);
        if boundary {
            found = Some(i);
        }
    }
    let Some(i) = found else {
        return (Some(caption.to_string()), None);
    };
    let mut cap = caption[..i].trim_end().to_string();
    let mut credit = caption[i..].trim().to_string();
    for (open, close) in [('(', ')'), ('[', ']')] {
        if cap.ends_with(open) && credit.ends_with(close) {
            cap.pop();
            credit.pop();
        }
    }
    let cap = cap
        .trim_end_matches(['|', '/', '–', '—', '-', ' '])
        .trim_end()
        .to_string();
    let credit = credit.trim().to_string();
    (
        (!cap.is_empty()).then_some(cap),
        (!credit.is_empty()).then_some(credit),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_split_at_boundaries_only() {
        assert_eq!(
            split_credit("Delegates in London. Photo: Asia House"),
            (
                Some("Delegates in London.".into()),
                Some("Photo: Asia House".into())
            )
        );
        assert_eq!(
            split_credit("The skyline at dusk (Image: Getty)"),
            (
                Some("The skyline at dusk".into()),
                Some("Image: Getty".into())
            )
        );
        assert_eq!(split_credit("© Reuters"), (None, Some("© Reuters".into())));
        let s = "She showed a photo: her village";
        assert_eq!(split_credit(s), (Some(s.into()), None));
    }
}
