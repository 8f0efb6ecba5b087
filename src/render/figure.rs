//! Pictures in an article body and the words that go with them: which URL
//! stands for a picture, its caption and credit in the shapes WordPress and
//! others emit, and which images are not pictures at all (tracking pixels,
//! emoji).

use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::{ElementRef, Node};
use url::Url;

use super::credit::split_credit;
use super::sanitize::clean_line;

/// A picture as the reader shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picture {
    pub url: Option<String>,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// The numbered link (0-based) the picture leads to.
    pub link: Option<usize>,
    /// The numbered links (0-based) written into the caption and credit,
    /// as `[n]` after their words.
    pub word_links: Vec<usize>,
}

/// What an `<img>` is to a reader.
#[derive(Debug, PartialEq, Eq)]
pub enum ImgKind {
    /// Tracking pixels and feed buttons: nothing to show.
    Pixel,
    /// An emoji drawn as an image (WordPress `wp-smiley`): shown as its text.
    Emoji(String),
    Picture,
}

pub fn classify_img(el: &Element) -> ImgKind {
    let tiny = |name: &str| {
        el.attr(name)
            .map(|v| v.trim().trim_end_matches("px").trim())
            .and_then(|v| v.parse::<f32>().ok())
            .is_some_and(|v| v <= 2.0)
    };
    let src = el.attr("src").unwrap_or("");
    if tiny("width")
        || tiny("height")
        || src.contains("/~r/")
        || src.contains("/~ff/")
        || src.contains("pixel.wp.com")
        || src.contains("stats.wp.com")
    {
        return ImgKind::Pixel;
    }
    let emoji = el
        .classes()
        .any(|c| c == "wp-smiley" || c == "emoji" || c == "wp-emoji")
        || src.contains("/images/core/emoji/");
    if emoji {
        return ImgKind::Emoji(clean_line(el.attr("alt").unwrap_or("")));
    }
    ImgKind::Picture
}

/// Resolves `href` against the page it came from; only absolute results.
pub fn resolve(href: &str, base: Option<&Url>) -> Option<Url> {
    match base {
        Some(b) => b.join(href).ok(),
        None => Url::parse(href).ok(),
    }
}

fn http_url(value: &str, base: Option<&Url>) -> Option<String> {
    let v = value.trim();
    if v.is_empty() || v.starts_with("data:") {
        return None;
    }
    let u = resolve(v, base)?;
    matches!(u.scheme(), "http" | "https").then(|| u.to_string())
}

/// The URL that stands for an `<img>`: lazy-loading plugins keep the real
/// one in a data attribute and put a placeholder in `src`.
pub fn img_url(el: &Element, base: Option<&Url>) -> Option<String> {
    const DIRECT: [&str; 6] = [
        "data-lazy-src",
        "data-src",
        "data-original",
        "src",
        "data-large-file",
        "data-orig-file",
    ];
    const SETS: [&str; 3] = ["data-lazy-srcset", "data-srcset", "srcset"];
    for name in DIRECT {
        if let Some(u) = el.attr(name).and_then(|v| http_url(v, base)) {
            return Some(u);
        }
    }
    for name in SETS {
        let first = el
            .attr(name)
            .and_then(|v| v.split_whitespace().next())
            .map(|v| v.trim_end_matches(','));
        if let Some(u) = first.and_then(|v| http_url(v, base)) {
            return Some(u);
        }
    }
    None
}

/// Every address an `<img>` names in `srcset`, resolved.
pub fn img_candidates(el: &Element, base: Option<&Url>) -> Vec<String> {
    ["data-lazy-srcset", "data-srcset", "srcset"]
        .iter()
        .filter_map(|name| el.attr(name))
        .flat_map(|set| set.split(", "))
        .filter_map(|entry| entry.split_whitespace().next())
        .filter_map(|u| http_url(u.trim_end_matches(','), base))
        .collect()
}

pub use crate::model::picture_key as image_key;
use crate::model::strip_size;

/// A caption or alt text that is only a file name or an address says
/// nothing to a reader.
pub fn meaningful(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.starts_with("http://") || t.starts_with("https://") {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    let file_like = !t.contains(' ')
        && [
            ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".tif", ".tiff", ".heic", ".bmp",
        ]
        .iter()
        .any(|e| lower.ends_with(e));
    // What cameras and phones call their files: IMG_1234, DSC0042, PXL_20260714_…
    let camera_like = !t.contains(' ')
        && ["img", "dsc", "dscf", "dscn", "pxl", "dji", "gopr", "p"]
            .iter()
            .any(|p| {
                lower.strip_prefix(p).is_some_and(|rest| {
                    let rest = rest.trim_start_matches(['_', '-']);
                    !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'_')
                })
            });
    !file_like && !camera_like
}

/// Alt text or a caption made from the picture's file name
/// ("summit-hall-1024x683" for `summit-hall-1024x683.jpg`).
pub fn names_file(text: &str, url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let t = norm(text);
    !t.is_empty() && (t == norm(stem) || t == norm(strip_size(stem)))
}

pub fn links_to_image(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or("");
    [
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".tif", ".tiff", ".bmp",
    ]
    .iter()
    .any(|e| path.ends_with(e))
        || lower.contains("attachment_id=")
        || path.contains("/attachment/")
}

/// ASCII case-insensitive `contains`, without allocating: these run on
/// every class of every element.
fn has_part(hay: &str, part: &str) -> bool {
    hay.as_bytes()
        .windows(part.len())
        .any(|w| w.eq_ignore_ascii_case(part.as_bytes()))
}

/// A class naming `part` itself, not a wrapper around it.
fn has_class_part(el: &Element, part: &str) -> bool {
    el.classes()
        .any(|c| has_part(c, part) && !has_part(c, "container") && !has_part(c, "wrap"))
}

/// `figure`, WordPress `[caption]` output, classic gallery items.
pub fn is_figure_like(el: &Element) -> bool {
    el.name() == "figure"
        || el
            .classes()
            .any(|c| c == "wp-caption" || c == "gallery-item" || c == "wp-caption-container")
}

pub fn is_caption(el: &Element) -> bool {
    el.name() == "figcaption"
        || el.classes().any(|c| {
            has_part(c, "caption")
                && !c.eq_ignore_ascii_case("wp-caption")
                && !has_part(c, "container")
                && !has_part(c, "wrap")
                && !c.starts_with("has-")
        })
}

pub fn is_credit(el: &Element) -> bool {
    ["credit", "copyright", "photographer", "attribution"]
        .iter()
        .any(|p| has_class_part(el, p))
}

/// Marks where a link in a caption ends, followed by the link's index in
/// `Words::hrefs` and the mark again. A private-use character: it survives
/// `clean_line`, and any in the page's own text is removed first.
pub const LINK_MARK: char = '\u{e000}';

/// A caption and credit, with a mark after each link's words.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Words {
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// The `href` of each marked link, as written.
    pub hrefs: Vec<String>,
}

/// Caption and credit text as it is gathered.
#[derive(Default)]
struct Gather {
    caption: String,
    credits: Vec<String>,
    hrefs: Vec<String>,
}

impl Gather {
    fn push(&mut self, text: &str, in_credit: bool) {
        if in_credit {
            match self.credits.last_mut() {
                Some(last) => last.push_str(text),
                None => self.credits.push(text.to_string()),
            }
        } else {
            self.caption.push_str(text);
        }
    }

    fn text(&mut self, text: &str, in_credit: bool) {
        if text.contains(LINK_MARK) {
            self.push(&text.replace(LINK_MARK, ""), in_credit);
        } else {
            self.push(text, in_credit);
        }
    }

    /// Records a link inside the words; returns the step that marks its end.
    fn link<'a>(&mut self, el: &Element, in_credit: bool) -> Option<Step<'a>> {
        let href = el.attr("href")?;
        self.hrefs.push(href.to_string());
        Some(Step::Mark(self.hrefs.len() - 1, in_credit))
    }

    fn finish(self) -> Words {
        let (caption, credit) = words(&self.caption, &self.credits);
        Words {
            caption,
            credit,
            hrefs: self.hrefs,
        }
    }
}

enum Step<'a> {
    /// A node, whether it is inside the caption, inside a credit, and the
    /// link around it.
    Node(NodeRef<'a, Node>, bool, bool, Option<ElementRef<'a>>),
    /// The end of the link with this index.
    Mark(usize, bool),
}

/// The pictures of a figure-like element and the words around them.
pub struct FigureParts<'a> {
    /// Each picture with the link around it, if any.
    pub imgs: Vec<(ElementRef<'a>, Option<ElementRef<'a>>)>,
    pub words: Words,
}

const UNSEEN: [&str; 5] = ["script", "style", "noscript", "template", "svg"];

/// Splits a figure into pictures, caption and credit. None when it holds
/// more than that (a table, an embed, a pull quote, a gallery of figures):
/// the caller then walks it as ordinary content.
pub fn figure_parts(root: ElementRef<'_>) -> Option<FigureParts<'_>> {
    let mut imgs = Vec::new();
    let mut g = Gather::default();
    let mut stack: Vec<Step<'_>> = root
        .children()
        .rev()
        .map(|c| Step::Node(c, false, false, None))
        .collect();
    while let Some(step) = stack.pop() {
        let (node, in_cap, in_credit, link) = match step {
            Step::Node(n, cap, cred, link) => (n, cap, cred, link),
            Step::Mark(k, cred) => {
                g.push(&format!("{LINK_MARK}{k}{LINK_MARK}"), cred);
                continue;
            }
        };
        match node.value() {
            Node::Text(t) => {
                if in_cap || in_credit {
                    g.text(&t.text, in_credit);
                } else if !t.text.trim().is_empty() {
                    return None;
                }
            }
            Node::Element(el) => {
                let name = el.name();
                if UNSEEN.contains(&name) {
                    continue;
                }
                if is_figure_like(el) || matches!(name, "table" | "blockquote" | "iframe" | "video")
                {
                    return None;
                }
                match name {
                    "br" => g.push(" ", in_credit),
                    "img" => imgs.extend(ElementRef::wrap(node).map(|er| (er, link))),
                    _ => {
                        let cap = in_cap || is_caption(el);
                        let cred = in_credit
                            || is_credit(el)
                            || (in_cap && matches!(name, "small" | "cite"));
                        let mut link = link;
                        if name == "a" {
                            if cap || cred {
                                stack.extend(g.link(el, cred));
                            } else {
                                link = ElementRef::wrap(node);
                            }
                        }
                        if cred && !in_credit {
                            g.credits.push(String::new());
                        }
                        stack.extend(
                            node.children()
                                .rev()
                                .map(|c| Step::Node(c, cap, cred, link)),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    if imgs.is_empty() {
        return None;
    }
    Some(FigureParts {
        imgs,
        words: g.finish(),
    })
}

/// The caption and credit of a caption element standing on its own.
pub fn caption_words(root: ElementRef<'_>) -> Words {
    let mut g = Gather::default();
    let mut stack: Vec<Step<'_>> = root
        .children()
        .rev()
        .map(|c| Step::Node(c, true, false, None))
        .collect();
    while let Some(step) = stack.pop() {
        let (node, in_credit) = match step {
            Step::Node(n, _, cred, _) => (n, cred),
            Step::Mark(k, cred) => {
                g.push(&format!("{LINK_MARK}{k}{LINK_MARK}"), cred);
                continue;
            }
        };
        match node.value() {
            Node::Text(t) => g.text(&t.text, in_credit),
            Node::Element(el) if UNSEEN.contains(&el.name()) => {}
            Node::Element(el) if el.name() == "br" => g.push(" ", in_credit),
            Node::Element(el) => {
                let cred = in_credit || is_credit(el) || matches!(el.name(), "small" | "cite");
                if el.name() == "a" {
                    stack.extend(g.link(el, cred));
                }
                if cred && !in_credit {
                    g.credits.push(String::new());
                }
                stack.extend(
                    node.children()
                        .rev()
                        .map(|c| Step::Node(c, true, cred, None)),
                );
            }
            _ => {}
        }
    }
    g.finish()
}

/// Cleans the words of a caption; several credits are joined with a dot.
fn words(caption: &str, credits: &[String]) -> (Option<String>, Option<String>) {
    let caption = clean_line(caption);
    let credit = credits
        .iter()
        .map(|c| clean_line(c))
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let (caption, credit) = if credit.is_empty() {
        split_credit(&caption)
    } else {
        (Some(caption), Some(credit))
    };
    (
        caption.filter(|c| meaningful(c)),
        credit.filter(|c| !c.is_empty()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_of_one_picture_share_a_key() {
        let k = image_key("https://asiahouse.org/wp-content/uploads/2026/07/summit.jpg");
        assert_eq!(
            k,
            image_key("https://www.asiahouse.org/wp-content/uploads/2026/07/summit-300x200.jpg")
        );
        assert_eq!(
            k,
            image_key("https://asiahouse.org/wp-content/uploads/2026/07/summit-scaled.jpg?x=1")
        );
        assert_eq!(
            k,
            image_key(
                "https://i0.wp.com/asiahouse.org/wp-content/uploads/2026/07/summit.jpg?resize=640%2C427&ssl=1"
            )
        );
        assert_ne!(
            k,
            image_key("https://asiahouse.org/wp-content/uploads/2026/07/summit-2.jpg")
        );
    }

    #[test]
    fn file_names_are_not_captions() {
        assert!(!meaningful("IMG_1234.JPG"));
        assert!(!meaningful("https://example.org/a.png"));
        assert!(meaningful("A view of Mount Fuji"));
        assert!(!meaningful("DSC_0042"));
        assert!(!meaningful("PXL_20260714_101010"));
        assert!(meaningful("P5 engine"));
        assert!(names_file(
            "summit hall",
            "https://e.org/up/summit-hall-1024x683.jpg?x=1"
        ));
        assert!(!names_file(
            "The summit hall at night",
            "https://e.org/up/summit-hall.jpg"
        ));
    }
}
