//! The article body made ready for html2text. The HTML is parsed once with
//! scraper and copied into html2text's DOM, and on the way: pictures,
//! captions and rules become numbered placeholders (drawn later as our own
//! blocks), links are resolved and numbered, embeds become links, and what
//! must never be shown (scripts, styles, forms, hidden text) is left out.

use std::collections::HashMap;

use ego_tree::NodeRef;
use html2text::{Handle, RcDom};
use html5ever::interface::{NodeOrText, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, LocalName, QualName, local_name, ns};
use scraper::node::Element;
use scraper::{ElementRef, Node};
use url::Url;

use super::figure::{self, ImgKind, Picture, classify_img, image_key, links_to_image, resolve};
use super::links::{embed_page, link_target};
use super::sanitize::clean_text;
use crate::model::Image;

mod nesting;
mod pictures;

use nesting::{Nesting, Shape};

/// How a placeholder image's `src` starts; what follows is the block index.
pub const BLOCK_SRC: &str = "newsroom-block:";

/// How a link's `href` starts in the DOM laid out; what follows is the
/// link's number, so lines are tied to links without a lookup by URL.
pub const LINK_HREF: &str = "newsroom-link:";

/// Something drawn by us rather than by html2text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Picture(Picture),
    /// A caption standing alone: a gallery's, a table's, an embed's.
    Caption(Linked),
    Rule,
}

/// A caption and credit whose links are numbered: each link's words are
/// followed by `[n]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Linked {
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// The numbers (0-based) of the links written into them.
    pub links: Vec<usize>,
}

impl Linked {
    fn is_empty(&self) -> bool {
        self.caption.is_none() && self.credit.is_none()
    }
}

pub struct Prepared {
    pub dom: RcDom,
    pub blocks: Vec<Block>,
    /// Absolute URLs of the numbered links, `[1]` first.
    pub links: Vec<String>,
    /// Each link's number (0-based), by URL.
    pub link_ids: HashMap<String, usize>,
    /// The words of a body picture that repeats the featured image; the
    /// picture itself is drawn only once, at the top.
    pub featured_words: Option<Picture>,
}

/// Elements whose contents are never shown.
fn is_unseen(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "form"
            | "button"
            | "select"
            | "textarea"
            | "input"
            | "object"
            | "embed"
            | "canvas"
            | "head"
            | "title"
            | "link"
            | "meta"
            | "dialog"
            | "map"
            | "source"
            | "track"
    )
}

/// Elements html2text would run inline that are blocks in a page.
const BLOCKISH: [&str; 14] = [
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "figure",
    "figcaption",
    "address",
    "details",
    "summary",
    "hgroup",
    "center",
];

/// Attributes html2text reads; the rest are left behind.
const KEPT_ATTRS: [&str; 3] = ["start", "colspan", "rowspan"];

#[derive(Clone, Copy, Default)]
struct Ctx {
    /// The numbered link a picture here leads to.
    link: Option<usize>,
    in_table: bool,
    in_pre: bool,
    in_quote: bool,
    nesting: Nesting,
}

enum Work<'b> {
    Node(NodeRef<'b, Node>, Handle, Ctx),
    Text(Handle, String),
}

struct Prep<'a> {
    dom: RcDom,
    base: Option<Url>,
    known: HashMap<String, &'a Image>,
    featured_key: Option<String>,
    blocks: Vec<Block>,
    links: Vec<String>,
    link_ids: HashMap<String, usize>,
    featured_words: Option<Picture>,
}

pub fn prepare(html: &str, base_url: &str, featured: Option<&Image>, images: &[Image]) -> Prepared {
    prepare_after(html, base_url, featured, images, Vec::new())
}

/// `prepare`, numbering links after `links` already numbered (one seen
/// before keeps its number).
pub fn prepare_after(
    html: &str,
    base_url: &str,
    featured: Option<&Image>,
    images: &[Image],
    links: Vec<String>,
) -> Prepared {
    let link_ids = links
        .iter()
        .enumerate()
        .map(|(i, u)| (u.clone(), i))
        .collect();
    prepare_numbered(html, base_url, featured, images, links, link_ids)
}

/// `prepare_after` with the numbers of `links` already looked up, as a long
/// body laid out in parts carries them from one part to the next.
pub fn prepare_numbered(
    html: &str,
    base_url: &str,
    featured: Option<&Image>,
    images: &[Image],
    links: Vec<String>,
    link_ids: HashMap<String, usize>,
) -> Prepared {
    // The guard of a sync, again: a cached body may predate it.
    let doc = crate::parse::dom::parse_fragment(html);
    let mut known = HashMap::new();
    for img in images.iter().chain(featured) {
        known.entry(image_key(&img.url)).or_insert(img);
    }
    let mut prep = Prep {
        dom: RcDom::default(),
        base: Url::parse(base_url).ok(),
        known,
        featured_key: featured.map(|f| image_key(&f.url)),
        blocks: Vec::new(),
        links,
        link_ids,
        featured_words: None,
    };
    let root = prep.element("body");
    let document = prep.dom.get_document();
    prep.dom
        .append(&document, NodeOrText::AppendNode(root.clone()));
    prep.run(doc.tree.root(), root);
    Prepared {
        dom: prep.dom,
        blocks: prep.blocks,
        links: prep.links,
        link_ids: prep.link_ids,
        featured_words: prep.featured_words,
    }
}

/// Hidden from readers, or sharing and related-post widgets that plugins
/// append to a post's content.
fn is_hidden(el: &Element) -> bool {
    let style_hides = el.attr("style").is_some_and(|s| {
        let s = s.to_ascii_lowercase().replace(' ', "");
        s.contains("display:none") || s.contains("visibility:hidden")
    });
    style_hides
        || el.attr("hidden").is_some()
        || el.attr("aria-hidden") == Some("true")
        || el.classes().any(|c| {
            matches!(
                c,
                "screen-reader-text"
                    | "sr-only"
                    | "visually-hidden"
                    | "wp-embedded-content"
                    | "sharedaddy"
                    | "jp-relatedposts"
                    | "addtoany_share_save_container"
                    | "yarpp-related"
            )
        })
}

impl<'a> Prep<'a> {
    fn element(&self, name: &str) -> Handle {
        let q = QualName::new(None, ns!(html), LocalName::from(name));
        self.dom.create_element(q, Vec::new(), Default::default())
    }

    fn append_text(&self, parent: &Handle, text: &str) {
        // html2text 0.17 miscounts the width of emoji sequences (a heart with
        // VS16 in <pre>, ZWJ families on narrow lines) and overflows; the
        // pictures still show without their joiners and selectors.
        let text: std::borrow::Cow<str> = if text.contains(['\u{fe0f}', '\u{fe0e}', '\u{200d}']) {
            text.replace(['\u{fe0f}', '\u{fe0e}', '\u{200d}'], "")
                .into()
        } else {
            text.into()
        };
        if !text.is_empty() {
            self.dom.append(
                parent,
                NodeOrText::AppendText(StrTendril::from_slice(&text)),
            );
        }
    }

    fn link_element(&self, n: usize) -> Handle {
        self.dom.create_element(
            QualName::new(None, ns!(html), local_name!("a")),
            vec![Attribute {
                name: QualName::new(None, ns!(), local_name!("href")),
                value: format!("{LINK_HREF}{n}").into(),
            }],
            Default::default(),
        )
    }

    fn number(&mut self, url: String) -> usize {
        if let Some(&n) = self.link_ids.get(&url) {
            return n;
        }
        let n = self.links.len();
        self.link_ids.insert(url.clone(), n);
        self.links.push(url);
        n
    }

    /// Puts a placeholder for `block` where it stands; blocks of their own
    /// get a paragraph so they start on a fresh line.
    fn block(&mut self, block: Block, parent: &Handle, own_line: bool) {
        let k = self.blocks.len();
        self.blocks.push(block);
        let img = self.dom.create_element(
            QualName::new(None, ns!(html), local_name!("img")),
            vec![
                Attribute {
                    name: QualName::new(None, ns!(), local_name!("src")),
                    value: format!("{BLOCK_SRC}{k}").into(),
                },
                Attribute {
                    name: QualName::new(None, ns!(), local_name!("alt")),
                    value: "\u{25a3}".into(),
                },
            ],
            Default::default(),
        );
        if own_line {
            let p = self.element("p");
            self.dom.append(&p, NodeOrText::AppendNode(img));
            self.dom.append(parent, NodeOrText::AppendNode(p));
        } else {
            self.dom.append(parent, NodeOrText::AppendNode(img));
        }
    }

    fn run(&mut self, root: NodeRef<'_, Node>, body: Handle) {
        let mut stack = Vec::new();
        push_children(&mut stack, root, &body, Ctx::default());
        while let Some(work) = stack.pop() {
            match work {
                Work::Text(h, t) => self.append_text(&h, &t),
                Work::Node(node, parent, ctx) => self.node(node, &parent, ctx, &mut stack),
            }
        }
    }

    fn node<'b>(
        &mut self,
        node: NodeRef<'b, Node>,
        parent: &Handle,
        ctx: Ctx,
        stack: &mut Vec<Work<'b>>,
    ) {
        match node.value() {
            Node::Text(t) => {
                // Most text needs no cleaning; copying it once is enough.
                let dirty = t.text.chars().any(char::is_control)
                    || t.text.contains([
                        '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}',
                        '\u{2067}', '\u{2068}', '\u{2069}',
                    ]);
                if !dirty {
                    self.append_text(parent, &t.text);
                } else if ctx.in_pre {
                    self.append_text(parent, &clean_text(&t.text.replace('\t', "    ")));
                } else {
                    self.append_text(parent, &clean_text(&t.text));
                }
            }
            Node::Element(el) => self.element_node(node, el, parent, ctx, stack),
            Node::Document | Node::Fragment => push_children(stack, node, parent, ctx),
            _ => {}
        }
    }

    fn element_node<'b>(
        &mut self,
        node: NodeRef<'b, Node>,
        el: &Element,
        parent: &Handle,
        mut ctx: Ctx,
        stack: &mut Vec<Work<'b>>,
    ) {
        // Inline SVG and MathML: markup, not prose.
        if el.name.ns != ns!(html) || is_hidden(el) {
            return;
        }
        let name = el.name();
        if is_unseen(name) {
            return;
        }
        match name {
            "html" | "body" => push_children(stack, node, parent, ctx),
            "iframe" => self.iframe(el, parent),
            "video" | "audio" => self.media(node, el, parent),
            "hr" => self.block(Block::Rule, parent, true),
            "img" => self.img(el, parent, ctx),
            "a" => self.anchor(node, el, parent, ctx, stack),
            _ if figure::is_figure_like(el) => {
                match ElementRef::wrap(node).and_then(figure::figure_parts) {
                    Some(parts) => self.figure(parts, parent, ctx),
                    None => self.copy(node, el, parent, ctx, stack),
                }
            }
            // An embed a feed kept only as its address.
            _ if el.classes().any(|c| c == "wp-block-embed__wrapper") => {
                let text: String = node
                    .descendants()
                    .filter_map(|d| d.value().as_text().map(|t| &*t.text))
                    .collect();
                let url = Url::parse(text.trim())
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https"));
                match url {
                    Some(u) if !text.trim().contains(char::is_whitespace) => {
                        self.embed_link(u, parent, None)
                    }
                    _ => self.copy(node, el, parent, ctx, stack),
                }
            }
            _ if figure::is_caption(el) => {
                let words = ElementRef::wrap(node)
                    .map(figure::caption_words)
                    .unwrap_or_default();
                let words = self.number_words(words);
                if words.is_empty() {
                    return;
                }
                if ctx.in_table {
                    let text = [words.caption, words.credit].into_iter().flatten();
                    self.append_text(parent, &text.collect::<Vec<_>>().join(" "));
                } else {
                    self.block(Block::Caption(words), parent, true);
                }
            }
            // The source of a quotation, on its own line under it.
            "cite" if ctx.in_quote => {
                let p = self.element("p");
                self.dom.append(parent, NodeOrText::AppendNode(p.clone()));
                self.append_text(&p, "\u{2014} ");
                push_children(stack, node, &p, ctx);
            }
            _ => {
                ctx.in_table |= name == "table";
                ctx.in_pre |= name == "pre";
                ctx.in_quote |= name == "blockquote";
                match ctx.nesting.shape(name) {
                    Shape::Keep => self.copy(node, el, parent, ctx, stack),
                    Shape::Block => self.copy_as(node, el, Some("div"), parent, ctx, stack),
                    Shape::Unwrapped => push_children(stack, node, parent, ctx),
                    Shape::Cell => {
                        stack.push(Work::Text(parent.clone(), " ".into()));
                        push_children(stack, node, parent, ctx);
                    }
                    Shape::Dropped => {}
                }
            }
        }
    }

    /// Copies an element as it is and walks its children.
    fn copy<'b>(
        &mut self,
        node: NodeRef<'b, Node>,
        el: &Element,
        parent: &Handle,
        ctx: Ctx,
        stack: &mut Vec<Work<'b>>,
    ) {
        self.copy_as(node, el, None, parent, ctx, stack);
    }

    /// `copy`, under another name when `name` is given.
    fn copy_as<'b>(
        &mut self,
        node: NodeRef<'b, Node>,
        el: &Element,
        name: Option<&str>,
        parent: &Handle,
        ctx: Ctx,
        stack: &mut Vec<Work<'b>>,
    ) {
        let q = if let Some(name) = name {
            QualName::new(None, ns!(html), LocalName::from(name))
        } else if BLOCKISH.contains(&el.name()) {
            QualName::new(None, ns!(html), local_name!("div"))
        } else {
            el.name.clone()
        };
        let attrs = el
            .attrs
            .iter()
            .filter(|(k, _)| KEPT_ATTRS.contains(&&*k.local))
            .map(|(k, v)| Attribute {
                name: k.clone(),
                value: StrTendril::from_slice(v),
            })
            .collect();
        let h = self.dom.create_element(q, attrs, Default::default());
        self.dom.append(parent, NodeOrText::AppendNode(h.clone()));
        push_children(stack, node, &h, ctx);
    }

    fn anchor<'b>(
        &mut self,
        node: NodeRef<'b, Node>,
        el: &Element,
        parent: &Handle,
        mut ctx: Ctx,
        stack: &mut Vec<Work<'b>>,
    ) {
        let target = el
            .attr("href")
            .and_then(|h| link_target(h, self.base.as_ref()));
        let mut picture = false;
        let mut figure = false;
        for d in node.descendants() {
            if let Some(e) = d.value().as_element() {
                picture |= e.name() == "img" && classify_img(e) == ImgKind::Picture;
                figure |= figure::is_figure_like(e);
            }
        }
        // A link around a whole figure, or around pictures and no words:
        // the pictures carry the link.
        let only_pictures = figure
            || (picture
                && ElementRef::wrap(node).is_some_and(|er| er.text().all(|t| t.trim().is_empty())));
        if only_pictures {
            // A picture that links to its own larger copy gains nothing
            // from a number; one that links elsewhere carries the number.
            ctx.link = target
                .filter(|t| !links_to_image(t))
                .map(|t| self.number(t));
            push_children(stack, node, parent, ctx);
            return;
        }
        let Some(target) = target else {
            push_children(stack, node, parent, ctx);
            return;
        };
        let n = self.number(target);
        let a = self.link_element(n);
        self.dom.append(parent, NodeOrText::AppendNode(a.clone()));
        // The marker is inside the link so it is styled as one, and held
        // to the last word by a no-break space.
        stack.push(Work::Text(a.clone(), format!("\u{a0}[{}]", n + 1)));
        push_children(stack, node, &a, ctx);
    }

    /// An embedded player becomes one line linking to what it plays.
    fn embed_link(&mut self, url: Url, parent: &Handle, kind: Option<&'static str>) {
        let (page, label) = embed_page(&url);
        let label = kind.unwrap_or(label);
        let n = self.number(page.clone());
        let p = self.element("p");
        let a = self.link_element(n);
        self.append_text(&a, &format!("\u{25b6} {label}: {page}\u{a0}[{}]", n + 1));
        self.dom.append(&p, NodeOrText::AppendNode(a));
        self.dom.append(parent, NodeOrText::AppendNode(p));
    }

    fn iframe(&mut self, el: &Element, parent: &Handle) {
        if classify_img(el) == ImgKind::Pixel {
            return;
        }
        let src = ["src", "data-src", "data-lazy-src"]
            .iter()
            .find_map(|a| el.attr(a).filter(|v| !v.trim().is_empty()));
        let url = src
            .and_then(|s| resolve(s.trim(), self.base.as_ref()))
            .filter(|u| matches!(u.scheme(), "http" | "https"));
        if let Some(url) = url {
            self.embed_link(url, parent, None);
        }
    }

    fn media(&mut self, node: NodeRef<'_, Node>, el: &Element, parent: &Handle) {
        let kind = if el.name() == "audio" {
            "audio"
        } else {
            "video"
        };
        let src = el.attr("src").map(str::to_string).or_else(|| {
            node.descendants().find_map(|d| {
                d.value()
                    .as_element()
                    .filter(|e| e.name() == "source")
                    .and_then(|e| e.attr("src"))
                    .map(str::to_string)
            })
        });
        let url = src
            .and_then(|s| resolve(s.trim(), self.base.as_ref()))
            .filter(|u| matches!(u.scheme(), "http" | "https"));
        if let Some(url) = url {
            self.embed_link(url, parent, Some(kind));
        }
    }
}

fn push_children<'b>(
    stack: &mut Vec<Work<'b>>,
    node: NodeRef<'b, Node>,
    parent: &Handle,
    ctx: Ctx,
) {
    for c in node.children().rev() {
        stack.push(Work::Node(c, parent.clone(), ctx));
    }
}
