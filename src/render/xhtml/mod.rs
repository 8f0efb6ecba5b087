//! An article's body as XHTML for an e-book: the same preparation as the
//! reader's (pictures with their caption and credit, links numbered, hidden
//! and unsafe parts left out), written out as well-formed markup that keeps
//! the content model of XHTML whatever nesting the page had: a block met
//! inside a paragraph or a link is flattened into a line of its own rather
//! than nested where it may not be.

use html2text::Handle;
use html5ever::interface::TreeSink;
use html5ever::{QualName, local_name, ns};

use super::article::featured_picture;
use super::html_prep::{BLOCK_SRC, Block, LINK_HREF, Prepared, prepare};
use super::sanitize::clean_text;

mod figures;
use crate::model::Article;

/// An article's pictures and words as XHTML.
pub struct ArticleXhtml {
    /// The featured picture and the body (or the summary when no body is
    /// cached), ready to go inside `<body>`.
    pub body: String,
    /// The numbered links: `[1]` is `links[0]`. Each `[n]` in `body` points
    /// at `#note-n`.
    pub links: Vec<String>,
}

/// Where a picture is in the book, given its address; None when it is not
/// cached (the picture is then left out and its words kept).
pub type PictureHref<'a> = dyn FnMut(&str) -> Option<String> + 'a;

pub fn article_xhtml(article: &Article, pictures: &mut PictureHref<'_>) -> ArticleXhtml {
    let html = article.content_html.as_deref().unwrap_or("");
    let prep = prepare(
        html,
        &article.url,
        article.featured.as_ref(),
        &article.images,
    );
    let mut w = Writer {
        out: String::with_capacity(html.len() + 256),
        blocks: &prep.blocks,
        pictures,
        in_link: false,
    };
    if let Some(f) = &article.featured {
        let pic = featured_picture(f, prep.featured_words.clone());
        w.picture(&pic, Ctx::Flow);
    }
    let before = w.out.len();
    w.body(&prep);
    drop_repeated_title(&mut w.out, before, &article.title);
    if !has_words(&w.out[before..]) {
        w.out.truncate(before);
        if article.content_html.is_none() {
            w.out
                .push_str("<p class=\"note\">Full text not cached — summary only</p>\n");
        }
        for para in article.summary.split("\n\n") {
            let para = para.trim();
            if !para.is_empty() {
                w.out.push_str(&format!("<p>{}</p>\n", esc(para)));
            }
        }
    }
    ArticleXhtml {
        body: w.out,
        links: prep.links,
    }
}

/// Bodies taken from a page often open with the title again as a heading;
/// the chapter has it already.
fn drop_repeated_title(out: &mut String, from: usize, title: &str) {
    let body = &out[from..];
    let lead = body.len() - body.trim_start().len();
    let rest = &body[lead..];
    let level = match rest.as_bytes() {
        [b'<', b'h', d @ b'1'..=b'6', b'>', ..] => *d as char,
        _ => return,
    };
    let close = format!("</h{level}>");
    let Some(end) = rest.find(&close) else {
        return;
    };
    let mut in_tag = false;
    let words: String = rest[4..end]
        .chars()
        .filter(|&c| match c {
            '<' => {
                in_tag = true;
                false
            }
            '>' => {
                in_tag = false;
                false
            }
            _ => !in_tag,
        })
        .collect();
    let same = |a: &str, b: &str| {
        let norm = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        norm(a) == norm(b)
    };
    if same(&words, &esc(&crate::render::sanitize::clean_line(title))) {
        let cut = from + lead + end + close.len();
        out.replace_range(from..cut, "");
    }
}

/// Text outside the tags, ignoring whitespace.
fn has_words(xhtml: &str) -> bool {
    let mut in_tag = false;
    xhtml.chars().any(|c| {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && !c.is_whitespace() => return true,
            _ => {}
        }
        false
    })
}

/// Whether XML 1.0 allows `c` in a document at all.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Text made safe for XHTML, as text or attribute value: no control
/// characters, nothing XML forbids, markup characters escaped.
pub fn esc(s: &str) -> String {
    escaped(&clean_text(s), true)
}

/// `s` with markup characters escaped (and `"` where `quote`), and the
/// characters XML forbids and C1 controls dropped.
fn escaped(s: &str, quote: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quote => out.push_str("&quot;"),
            c if xml_char(c) && !('\u{7f}'..='\u{9f}').contains(&c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// What may stand where the walk is: the content model of the element
/// being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// Blocks and text (body, div, blockquote, li, dd, td).
    Flow,
    /// Text and inline markup only (p, headings, pre, links, emphasis).
    Phrasing,
    /// Inside ul / ol: only li.
    List,
    /// Inside dl: only dt and dd.
    Terms,
    /// Directly inside table: caption, then tbody.
    Table,
    /// Inside tbody: only tr.
    Rows,
    /// Inside tr: only td and th.
    Cells,
}

/// What an element of the prepared body is to the writer.
enum Kind {
    /// Inline markup, written as this tag.
    Inline(&'static str),
    Link(usize),
    Placeholder(usize),
    LineBreak,
    /// Holds text only: p, headings, pre.
    Text(&'static str),
    /// Holds blocks: div, blockquote.
    Boxed(&'static str),
    ListItem,
    List(&'static str),
    Terms,
    Term,
    Definition,
    Table,
    Section,
    Row,
    Cell(&'static str),
    Caption,
    /// Nothing to show (column groups).
    Skip,
    /// Its content, without it (span, font, unknown elements).
    Unwrap,
}

fn kind(name: &str, attr: impl Fn(&str) -> Option<String>) -> Kind {
    match name {
        "a" => attr("href")
            .and_then(|h| h.strip_prefix(LINK_HREF).and_then(|n| n.parse().ok()))
            .map_or(Kind::Unwrap, Kind::Link),
        "img" => attr("src")
            .and_then(|s| s.strip_prefix(BLOCK_SRC).and_then(|n| n.parse().ok()))
            .map_or(Kind::Skip, Kind::Placeholder),
        "br" => Kind::LineBreak,
        "em" | "i" => Kind::Inline("em"),
        "strong" | "b" => Kind::Inline("strong"),
        "u" => Kind::Inline("u"),
        "s" | "strike" | "del" => Kind::Inline("s"),
        "sub" => Kind::Inline("sub"),
        "sup" => Kind::Inline("sup"),
        "small" => Kind::Inline("small"),
        "code" | "tt" | "kbd" | "samp" => Kind::Inline("code"),
        "var" => Kind::Inline("var"),
        "q" => Kind::Inline("q"),
        "abbr" | "acronym" => Kind::Inline("abbr"),
        "mark" => Kind::Inline("mark"),
        "cite" => Kind::Inline("cite"),
        "dfn" => Kind::Inline("dfn"),
        "p" => Kind::Text("p"),
        "h1" => Kind::Text("h1"),
        "h2" => Kind::Text("h2"),
        "h3" => Kind::Text("h3"),
        "h4" => Kind::Text("h4"),
        "h5" => Kind::Text("h5"),
        "h6" => Kind::Text("h6"),
        "pre" => Kind::Text("pre"),
        "div" => Kind::Boxed("div"),
        "blockquote" => Kind::Boxed("blockquote"),
        "li" => Kind::ListItem,
        "ul" => Kind::List("ul"),
        "ol" => Kind::List("ol"),
        "dl" => Kind::Terms,
        "dt" => Kind::Term,
        "dd" => Kind::Definition,
        "table" => Kind::Table,
        "thead" | "tbody" | "tfoot" => Kind::Section,
        "tr" => Kind::Row,
        "td" => Kind::Cell("td"),
        "th" => Kind::Cell("th"),
        "caption" => Kind::Caption,
        "colgroup" | "col" => Kind::Skip,
        _ => Kind::Unwrap,
    }
}

enum Work {
    Node(Handle, Ctx),
    /// A link closed: links may be written again.
    LinkEnd,
    Raw(&'static str),
    Owned(String),
}

struct Writer<'b, 'p, 'q> {
    out: String,
    blocks: &'b [Block],
    pictures: &'p mut PictureHref<'q>,
    in_link: bool,
}

impl Writer<'_, '_, '_> {
    fn body(&mut self, prep: &Prepared) {
        // The prepared document is `#document > body > …`.
        let doc = prep.dom.get_document();
        let mut stack: Vec<Work> = Vec::new();
        for body in doc.children.borrow().iter() {
            push_children(&mut stack, body, Ctx::Flow);
        }
        // Text nodes are read through a scratch element: the DOM's text
        // variant is not reachable by name, its serialisation is. Inside a
        // `script` the serialiser writes text as it is; escaping it there
        // would look for the next `<` across the rest of the text after
        // every `&` and no-break space, which costs their square.
        let scratch = prep.dom.create_element(
            QualName::new(None, ns!(html), local_name!("script")),
            Vec::new(),
            Default::default(),
        );
        while let Some(work) = stack.pop() {
            match work {
                Work::Raw(s) => self.out.push_str(s),
                Work::Owned(s) => self.out.push_str(&s),
                Work::LinkEnd => self.in_link = false,
                Work::Node(h, ctx) => self.node(&h, ctx, &scratch, &mut stack),
            }
        }
    }

    fn node(&mut self, h: &Handle, ctx: Ctx, scratch: &Handle, stack: &mut Vec<Work>) {
        let (name, attrs) = match &h.data {
            html2text::Element { name, attrs, .. } => (name.local.to_string(), attrs),
            html2text::Comment { .. } | html2text::Document => return,
            _ => {
                let text = text_of(h, scratch);
                if text.trim().is_empty() && !matches!(ctx, Ctx::Flow | Ctx::Phrasing) {
                    return;
                }
                if !wrap(ctx, h, stack, &mut self.out) {
                    self.out.push_str(&text);
                }
                return;
            }
        };
        let attr = |n: &str| {
            attrs
                .borrow()
                .iter()
                .find(|a| &*a.name.local == n)
                .map(|a| a.value.to_string())
        };
        let k = kind(&name, attr);
        if matches!(k, Kind::Skip) {
            return;
        }
        if matches!(k, Kind::Unwrap) {
            push_children(stack, h, ctx);
            return;
        }
        // Where only certain children may stand, anything else goes into
        // one that may hold it.
        let fits = match ctx {
            Ctx::Flow | Ctx::Phrasing => {
                !matches!(k, Kind::Section | Kind::Row | Kind::Cell(_) | Kind::Caption)
            }
            Ctx::List => matches!(k, Kind::ListItem),
            Ctx::Terms => matches!(k, Kind::Term | Kind::Definition),
            Ctx::Table => matches!(k, Kind::Section | Kind::Caption | Kind::Row),
            Ctx::Rows => matches!(k, Kind::Row),
            Ctx::Cells => matches!(k, Kind::Cell(_)),
        };
        if !fits {
            match ctx {
                // Table parts met outside a table: their content alone.
                Ctx::Flow | Ctx::Phrasing => {
                    stack.push(Work::Raw(if ctx == Ctx::Phrasing { " " } else { "\n" }));
                    push_children(stack, h, ctx);
                }
                Ctx::Table if matches!(k, Kind::Cell(_)) => {
                    self.out.push_str("<tbody><tr>");
                    stack.push(Work::Raw("</tr></tbody>"));
                    stack.push(Work::Node(h.clone(), Ctx::Cells));
                }
                Ctx::Rows if matches!(k, Kind::Cell(_)) => {
                    self.out.push_str("<tr>");
                    stack.push(Work::Raw("</tr>"));
                    stack.push(Work::Node(h.clone(), Ctx::Cells));
                }
                _ => {
                    wrap(ctx, h, stack, &mut self.out);
                }
            }
            return;
        }
        let flat = ctx == Ctx::Phrasing;
        match k {
            Kind::Inline(tag) => self.open(h, tag, "", Ctx::Phrasing, stack),
            // The parser's repair of misnested tags can put a link in a link.
            Kind::Link(_) if self.in_link => push_children(stack, h, Ctx::Phrasing),
            Kind::Link(n) => {
                self.in_link = true;
                stack.push(Work::LinkEnd);
                let attrs = format!(" href=\"#note-{}\"", n + 1);
                self.open(h, "a", &attrs, Ctx::Phrasing, stack);
            }
            Kind::LineBreak => self.out.push_str("<br/>"),
            Kind::Placeholder(i) => {
                if let Some(b) = self.blocks.get(i) {
                    self.block(&b.clone(), ctx);
                }
            }
            Kind::Text(_)
            | Kind::Boxed(_)
            | Kind::ListItem
            | Kind::Term
            | Kind::Definition
            | Kind::List(_)
            | Kind::Terms
            | Kind::Table
                if flat =>
            {
                // A block inside a line: its words on a line of their own.
                self.out.push_str("<br/>");
                stack.push(Work::Raw("<br/>"));
                push_children(stack, h, Ctx::Phrasing);
            }
            Kind::Text("p") if self.holds_blocks(h) => self.split_paragraph(h, scratch, stack),
            Kind::Text(tag) => self.open(h, tag, "", Ctx::Phrasing, stack),
            Kind::Boxed(tag) => self.open(h, tag, "", Ctx::Flow, stack),
            Kind::ListItem if ctx == Ctx::List => self.open(h, "li", "", Ctx::Flow, stack),
            Kind::ListItem => self.open(h, "div", "", Ctx::Flow, stack),
            Kind::Term if ctx == Ctx::Terms => self.open(h, "dt", "", Ctx::Phrasing, stack),
            Kind::Term => self.open(h, "p", "", Ctx::Phrasing, stack),
            Kind::Definition if ctx == Ctx::Terms => self.open(h, "dd", "", Ctx::Flow, stack),
            Kind::Definition => self.open(h, "div", "", Ctx::Flow, stack),
            Kind::List(tag) => {
                let start = attr("start")
                    .filter(|s| s.parse::<i32>().is_ok() && tag == "ol")
                    .map(|s| format!(" start=\"{s}\""))
                    .unwrap_or_default();
                self.open(h, tag, &start, Ctx::List, stack);
            }
            Kind::Terms => self.open(h, "dl", "", Ctx::Terms, stack),
            Kind::Table => self.table(h, stack),
            Kind::Section => self.open(h, "tbody", "", Ctx::Rows, stack),
            Kind::Row if ctx == Ctx::Table => {
                self.out.push_str("<tbody>");
                stack.push(Work::Raw("</tbody>"));
                self.open(h, "tr", "", Ctx::Cells, stack);
            }
            Kind::Row => self.open(h, "tr", "", Ctx::Cells, stack),
            Kind::Cell(tag) => {
                let mut a = String::new();
                for span in ["colspan", "rowspan"] {
                    if let Some(v) = attr(span)
                        .map(|v| v.trim().to_string())
                        .filter(|v| v.parse::<u16>().is_ok_and(|n| (1..=1000).contains(&n)))
                    {
                        a.push_str(&format!(" {span}=\"{v}\""));
                    }
                }
                self.open(h, tag, &a, Ctx::Flow, stack);
            }
            // Only a table's first caption is one (see `table`).
            Kind::Caption => self.open(h, "caption", "", Ctx::Phrasing, stack),
            Kind::Skip | Kind::Unwrap => {}
        }
    }

    fn open(&mut self, h: &Handle, tag: &'static str, attrs: &str, inner: Ctx, s: &mut Vec<Work>) {
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push_str(attrs);
        self.out.push('>');
        s.push(Work::Owned(format!("</{tag}>")));
        push_children(s, h, inner);
    }

    /// The placeholder a child stands for, when it is one.
    fn placeholder(&self, c: &Handle) -> Option<usize> {
        let html2text::Element { name, attrs, .. } = &c.data else {
            return None;
        };
        if &*name.local != "img" {
            return None;
        }
        let attrs = attrs.borrow();
        let src = attrs.iter().find(|a| &*a.name.local == "src")?;
        src.value.strip_prefix(BLOCK_SRC)?.parse().ok()
    }

    fn holds_blocks(&self, h: &Handle) -> bool {
        h.children
            .borrow()
            .iter()
            .any(|c| self.placeholder(c).is_some())
    }

    /// A paragraph holding pictures: the pictures between paragraphs of
    /// the words around them, as figures may not stand in a paragraph.
    fn split_paragraph(&mut self, h: &Handle, scratch: &Handle, stack: &mut Vec<Work>) {
        let mut forward: Vec<Work> = Vec::new();
        let mut open = false;
        for c in h.children.borrow().iter() {
            if self.placeholder(c).is_some() {
                if open {
                    forward.push(Work::Raw("</p>\n"));
                    open = false;
                }
                forward.push(Work::Node(c.clone(), Ctx::Flow));
                continue;
            }
            let blank = match &c.data {
                html2text::Element { .. } => false,
                _ => text_of(c, scratch).trim().is_empty(),
            };
            if !open && blank {
                continue;
            }
            if !open {
                forward.push(Work::Raw("<p>"));
                open = true;
            }
            forward.push(Work::Node(c.clone(), Ctx::Phrasing));
        }
        if open {
            forward.push(Work::Raw("</p>\n"));
        }
        stack.extend(forward.into_iter().rev());
    }

    /// A table with its first caption first, as XHTML wants it.
    fn table(&mut self, h: &Handle, stack: &mut Vec<Work>) {
        self.out.push_str("<table>");
        stack.push(Work::Raw("</table>\n"));
        let children = h.children.borrow();
        let caption = children
            .iter()
            .position(|c| c.element_name().as_deref() == Some("caption"));
        for (i, c) in children.iter().enumerate().rev() {
            if Some(i) != caption {
                let ctx = if c.element_name().as_deref() == Some("caption") {
                    // A second caption is a row of its own.
                    stack.push(Work::Raw("</td></tr></tbody>"));
                    stack.push(Work::Node(c.clone(), Ctx::Phrasing));
                    stack.push(Work::Raw("<tbody><tr><td>"));
                    continue;
                } else {
                    Ctx::Table
                };
                stack.push(Work::Node(c.clone(), ctx));
            }
        }
        if let Some(i) = caption {
            stack.push(Work::Node(children[i].clone(), Ctx::Table));
        }
    }
}

/// Puts what stands where it may not inside an element that may hold it;
/// false when it stands where it may.
fn wrap(ctx: Ctx, h: &Handle, stack: &mut Vec<Work>, out: &mut String) -> bool {
    let (open, close) = match ctx {
        Ctx::Flow | Ctx::Phrasing => return false,
        Ctx::List => ("<li>", "</li>"),
        Ctx::Terms => ("<dd>", "</dd>"),
        Ctx::Table => ("<tbody><tr><td>", "</td></tr></tbody>"),
        Ctx::Rows => ("<tr><td>", "</td></tr>"),
        Ctx::Cells => ("<td>", "</td>"),
    };
    out.push_str(open);
    stack.push(Work::Raw(close));
    stack.push(Work::Node(h.clone(), Ctx::Flow));
    true
}

fn push_children(stack: &mut Vec<Work>, h: &Handle, ctx: Ctx) {
    for c in h.children.borrow().iter().rev() {
        stack.push(Work::Node(c.clone(), ctx));
    }
}

/// A text node's text, escaped for XHTML.
fn text_of(h: &Handle, scratch: &Handle) -> String {
    scratch.children.borrow_mut().push(h.clone());
    let mut buf = Vec::new();
    let ok = scratch.serialize(&mut buf).is_ok();
    scratch.children.borrow_mut().clear();
    if !ok {
        return String::new();
    }
    let s = String::from_utf8_lossy(&buf);
    let inner = s
        .strip_prefix("<script>")
        .and_then(|s| s.strip_suffix("</script>"))
        .unwrap_or("");
    escaped(inner, false)
}

#[cfg(test)]
mod tests;
