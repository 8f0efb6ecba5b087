//! The pictures of a body, in document order, with the words around them.
//!
//! Patterns read (as WordPress and its themes emit them):
//! - classic `[caption]` output: `<div class="wp-caption">` (or `<figure>`
//!   since HTML5 support) with `<p class="wp-caption-text">` or, in old
//!   themes, `<dl class="wp-caption"><dt>…</dt><dd class="wp-caption-dd">`;
//! - block figures: `<figure class="wp-block-image">` with
//!   `<figcaption class="wp-element-caption">`, plain `<figure>`;
//! - credits: `.credit`, `.photo-credit`, `.wp-caption-credit`, `.media-credit`,
//!   `<small>` / `<cite>` in a caption, or a trailing "Photo: …", "Image: …",
//!   "© …" in the caption itself;
//! - bare `<img alt>`.

use scraper::{ElementRef, Html, Selector};
use std::collections::HashMap;
use std::sync::LazyLock;

use crate::model::Image;
use crate::parse::html::{collect_text, decode_entities};
use crate::render::sanitize::clean_line;

static IMG: LazyLock<Selector> = LazyLock::new(|| sel("img"));
static CAPTION: LazyLock<Selector> = LazyLock::new(|| {
    sel(
        "figcaption, .wp-caption-text, .wp-caption-dd, dd, .caption, .gallery-caption, \
         [class*=caption]",
    )
});
static LOOSE_CAPTION: LazyLock<Selector> =
    LazyLock::new(|| sel("[class*=caption], [class*=Caption]"));
static CREDIT: LazyLock<Selector> = LazyLock::new(|| {
    sel(
        ".credit, .photo-credit, .wp-caption-credit, .media-credit, .image-credit, \
         .caption-credit, .attribution, figcaption small, figcaption cite, \
         .wp-caption-text small, .wp-caption-text cite, small, cite",
    )
});

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

/// Every picture of an HTML body (URLs already absolute), each URL once.
pub fn body_images(html: &str) -> Vec<Image> {
    images_in(&crate::parse::dom::parse_fragment(html))
}

/// `body_images` of a body already parsed.
pub fn images_in(doc: &Html) -> Vec<Image> {
    let mut images: Vec<Image> = Vec::new();
    // Where each URL is in `images`: a body of thousands of pictures is
    // looked through once, not once per picture.
    let mut at: HashMap<String, usize> = HashMap::new();
    for img in doc.select(&IMG) {
        let Some(image) = image_of(img) else {
            continue;
        };
        match at.get(&image.url) {
            // A lightbox link and its thumbnail: keep the fuller record.
            Some(&i) => {
                let seen = &mut images[i];
                seen.caption = seen.caption.take().or(image.caption);
                seen.credit = seen.credit.take().or(image.credit);
                seen.alt = seen.alt.take().or(image.alt);
            }
            None => {
                at.insert(image.url.clone(), images.len());
                images.push(image);
            }
        }
    }
    images
}

fn image_of(img: ElementRef<'_>) -> Option<Image> {
    let el = img.value();
    let url = el
        .attr("src")
        .or_else(|| el.attr("data-src"))
        .map(str::trim)
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))?;
    if is_tracking_pixel(img) {
        return None;
    }
    let alt = el
        .attr("alt")
        .map(|a| clean_line(&decode_entities(a)))
        .filter(|a| !a.is_empty());
    let (caption, credit) = container(img)
        .map(caption_and_credit)
        .unwrap_or((None, None));
    Some(Image {
        url: url.to_string(),
        alt,
        caption,
        credit,
    })
}

fn is_tracking_pixel(img: ElementRef<'_>) -> bool {
    let tiny = |a: &str| {
        img.value()
            .attr(a)
            .is_some_and(|v| v.trim() == "1" || v.trim() == "0")
    };
    tiny("width") && tiny("height")
}

/// The nearest figure-like ancestor that holds this picture's caption: a
/// figure or WordPress caption block, else (hand-made themes) a close
/// ancestor holding this one picture and an element classed as a caption.
fn container(img: ElementRef<'_>) -> Option<ElementRef<'_>> {
    figure_like(img).or_else(|| {
        img.ancestors()
            .filter_map(ElementRef::wrap)
            .take(2)
            .find(|a| {
                a.select(&IMG).take(2).count() == 1 && a.select(&LOOSE_CAPTION).next().is_some()
            })
    })
}

fn figure_like(img: ElementRef<'_>) -> Option<ElementRef<'_>> {
    img.ancestors()
        .filter_map(ElementRef::wrap)
        .take(6)
        .find(|a| {
            let e = a.value();
            e.name() == "figure"
                || e.name() == "dl"
                || e.classes().any(|c| {
                    c == "wp-caption"
                        || c == "wp-block-image"
                        || c.starts_with("attachment")
                        || c == "image-with-caption"
                })
        })
}

fn caption_and_credit(fig: ElementRef<'_>) -> (Option<String>, Option<String>) {
    // A figure nested in a gallery figure has its own caption; the gallery's
    // caption belongs to the gallery, so a caption is only taken when it does
    // not sit inside a deeper figure.
    let caption_el = fig.select(&CAPTION).find(|c| {
        // `dt.wp-caption-dt` and wrappers hold the picture, not its words.
        c.select(&IMG).next().is_none()
            && c.text().any(|t| !t.trim().is_empty())
            && c.ancestors()
                .filter_map(ElementRef::wrap)
                .find(|a| a.value().name() == "figure" || a.value().name() == "dl")
                .is_none_or(|a| a.id() == fig.id())
    });
    let credit_el = fig.select(&CREDIT).next();
    split_caption(caption_el.map(text_of), credit_el.map(text_of))
}

/// A caption given as an HTML fragment (WordPress REST `caption.rendered`):
/// its text and its credit.
pub fn caption_parts(html: &str) -> (Option<String>, Option<String>) {
    let doc = Html::parse_fragment(html);
    let root = doc.root_element();
    let credit_el = root.select(&CREDIT).next();
    split_caption(Some(text_of(root)), credit_el.map(text_of))
}

fn split_caption(
    caption: Option<String>,
    credit: Option<String>,
) -> (Option<String>, Option<String>) {
    let credit = credit.filter(|c| !c.is_empty());
    let caption = caption.map(|mut t| {
        if let Some(cr) = &credit
            && let Some(stripped) = t.strip_suffix(cr.as_str())
        {
            t = stripped.trim_end().to_string();
        }
        t
    });
    let caption = caption.filter(|c| !c.is_empty());
    match (caption, credit) {
        (Some(c), None) => split_credit(&c),
        (c, credit) => (c, credit.map(|c| strip_credit_label(&c))),
    }
}

fn text_of(el: ElementRef<'_>) -> String {
    let mut s = String::new();
    collect_text(el, &mut s);
    clean_line(&decode_entities(&s))
}

/// How captions introduce a credit, longest first where one ends another
/// ("photo credit:" before "credit:").
const CREDIT_LABELS: [&str; 22] = [
    "photo credit:",
    "image credit:",
    "photo courtesy of",
    "photographer:",
    "photographs:",
    "photograph:",
    "photography:",
    "photograph by",
    "photos:",
    "photo:",
    "photo by",
    "images:",
    "image:",
    "image by",
    "illustration:",
    "illustration by",
    "picture:",
    "picture by",
    "credit:",
    "courtesy of",
    "source:",
    "foto:",
];

/// "Caption text. Photo: Reuters" → ("Caption text.", "Reuters").
fn split_credit(caption: &str) -> (Option<String>, Option<String>) {
    let lower = caption.to_ascii_lowercase();
    // The credit that ends last; of labels ending together, the longest.
    let label_pos = CREDIT_LABELS
        .iter()
        .filter_map(|l| {
            let p = lower.rfind(l)?;
            let prev = caption[..p].trim_end().chars().next_back();
            let starts_credit = p == 0
                || caption[p..].starts_with(|c: char| c.is_uppercase())
                || matches!(
                    prev,
                    Some('.' | '|' | '(' | '-' | '–' | '—' | '/' | '!' | '?')
                );
            starts_credit.then_some((p + l.len(), std::cmp::Reverse(p)))
        })
        .max()
        .map(|(_, std::cmp::Reverse(p))| p)
        .or_else(|| caption.rfind('©'));
    let Some(pos) = label_pos else {
        return (Some(caption.to_string()), None);
    };
    let credit = strip_credit_label(&caption[pos..]);
    let credit = credit.trim_end_matches(')').trim().to_string();
    let before = caption[..pos]
        .trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '|' | '(' | '-' | '–' | '—' | '/')
        })
        .to_string();
    let credit = Some(credit).filter(|c| !c.is_empty());
    let before = Some(before).filter(|b| !b.is_empty());
    (before, credit)
}

fn strip_credit_label(credit: &str) -> String {
    let lower = credit.to_ascii_lowercase();
    let rest = CREDIT_LABELS
        .iter()
        .find(|l| lower.starts_with(*l))
        .map_or(credit, |l| &credit[l.len()..]);
    rest.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_split_from_captions() {
        assert_eq!(
            split_credit("Leaders at the summit. Photo: Reuters/Edgar Su"),
            (
                Some("Leaders at the summit.".into()),
                Some("Reuters/Edgar Su".into())
            )
        );
        assert_eq!(
            split_credit("The harbour at dusk © Jane Doe"),
            (
                Some("The harbour at dusk".into()),
                Some("© Jane Doe".into())
            )
        );
        assert_eq!(
            split_credit("A photo: nothing more"),
            (Some("A photo: nothing more".into()), None)
        );
        assert_eq!(
            split_credit("Delegates at the summit. Photo Credit: Reuters"),
            (
                Some("Delegates at the summit.".into()),
                Some("Reuters".into())
            )
        );
        assert_eq!(
            split_credit("The new gallery. Photo by Jane Doe"),
            (Some("The new gallery.".into()), Some("Jane Doe".into()))
        );
        assert_eq!(
            split_credit("Young artists at work (photo courtesy of the British Council)"),
            (
                Some("Young artists at work".into()),
                Some("the British Council".into())
            )
        );
        assert_eq!(
            split_credit("An image by the sea"),
            (Some("An image by the sea".into()), None)
        );
        assert_eq!(
            split_credit("Delegates (Image: Asia House)"),
            (Some("Delegates".into()), Some("Asia House".into()))
        );
        assert_eq!(
            split_credit("The pier at dusk. (photo: Ruth Okafor)"),
            (Some("The pier at dusk.".into()), Some("Ruth Okafor".into()))
        );
        assert_eq!(
            split_credit("Fishing boats in the harbour. Photographs: Harbour Trust"),
            (
                Some("Fishing boats in the harbour.".into()),
                Some("Harbour Trust".into())
            )
        );
        assert_eq!(
            split_credit("Map of the crossing | Illustration: Lee Park"),
            (Some("Map of the crossing".into()), Some("Lee Park".into()))
        );
    }

    #[test]
    fn a_credit_in_a_tail_of_emphasis_is_split_from_a_figure() {
        let html = "<figure class=\"wp-block-image\"><img src=\"https://e.org/a.jpg\" alt=\"\">\
            <figcaption>Night on the pier. <em>(photo: Ruth Okafor)</em></figcaption></figure>\
            <figure><img src=\"https://e.org/b.jpg\" alt=\"\">\
            <figcaption>The old timetable <span class=\"credit\">Credit: Harbour Museum</span></figcaption></figure>";
        let images = body_images(html);
        assert_eq!(images[0].caption.as_deref(), Some("Night on the pier."));
        assert_eq!(images[0].credit.as_deref(), Some("Ruth Okafor"));
        assert_eq!(images[1].caption.as_deref(), Some("The old timetable"));
        assert_eq!(images[1].credit.as_deref(), Some("Harbour Museum"));
    }

    #[test]
    fn a_body_of_thousands_of_pictures_keeps_each_once_in_order() {
        // Each picture twice, the second time with its words: a lightbox
        // link and its thumbnail, forty thousand times over.
        let n = 40_000;
        let mut html = String::new();
        for i in 0..n {
            html.push_str(&format!("<img src=\"https://e.org/p/{i}.jpg\">"));
        }
        for i in 0..n {
            html.push_str(&format!(
                "<img src=\"https://e.org/p/{i}.jpg\" alt=\"Picture {i}\">"
            ));
        }
        let images = body_images(&html);
        assert_eq!(images.len(), n);
        for (i, img) in images.iter().enumerate().step_by(997) {
            assert_eq!(img.url, format!("https://e.org/p/{i}.jpg"));
            assert_eq!(img.alt, Some(format!("Picture {i}")));
        }
    }
}
