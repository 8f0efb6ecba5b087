//! The body through html2text's rich output, mapped onto styled lines.
//!
//! html2text marks headings, quotes and list items only with text prefixes
//! (`## `, `> `, `* `). Our decorator writes those prefixes with control
//! characters that cannot occur in the (cleaned) text, so they are told
//! apart from words that merely look like them, and each becomes a role:
//! heading level, quote bar, list marker.

use html2text::render::{RichAnnotation, TaggedLine, TaggedLineElement, TextDecorator};

use super::blocks::block_lines;
use super::html_prep::{BLOCK_SRC, Block, LINK_HREF, Prepared};
use super::text::{Role, Span, StyledLine};
use super::wrap::{hard_wrap, line_width, str_width};

const HEAD: char = '\u{1}';
const QUOTE: char = '\u{2}';
const BULLET: char = '\u{3}';
const ORDERED: char = '\u{4}';

#[derive(Clone, Copy)]
struct Decorator;

impl TextDecorator for Decorator {
    type Annotation = RichAnnotation;

    fn decorate_link_start(&mut self, url: &str) -> (String, RichAnnotation) {
        (String::new(), RichAnnotation::Link(url.to_string()))
    }
    fn decorate_link_end(&mut self) -> String {
        String::new()
    }
    fn decorate_em_start(&self) -> (String, RichAnnotation) {
        (String::new(), RichAnnotation::Emphasis)
    }
    fn decorate_em_end(&self) -> String {
        String::new()
    }
    fn decorate_strong_start(&self) -> (String, RichAnnotation) {
        (String::new(), RichAnnotation::Strong)
    }
    fn decorate_strong_end(&self) -> String {
        String::new()
    }
    fn decorate_strikeout_start(&self) -> (String, RichAnnotation) {
        (String::new(), RichAnnotation::Strikeout)
    }
    fn decorate_strikeout_end(&self) -> String {
        String::new()
    }
    fn decorate_code_start(&self) -> (String, RichAnnotation) {
        (String::new(), RichAnnotation::Code)
    }
    fn decorate_code_end(&self) -> String {
        String::new()
    }
    fn decorate_preformat_first(&self) -> RichAnnotation {
        RichAnnotation::Preformat(false)
    }
    fn decorate_preformat_cont(&self) -> RichAnnotation {
        RichAnnotation::Preformat(true)
    }
    fn decorate_image(&mut self, src: &str, title: &str) -> (String, RichAnnotation) {
        (title.to_string(), RichAnnotation::Image(src.to_string()))
    }
    fn header_prefix(&self, level: usize) -> String {
        let mut s: String = std::iter::repeat_n(HEAD, level).collect();
        s.push(' ');
        s
    }
    fn quote_prefix(&self) -> String {
        format!("{QUOTE} ")
    }
    fn unordered_item_prefix(&self) -> String {
        format!("{BULLET} ")
    }
    fn ordered_item_prefix(&self, i: i64) -> String {
        format!("{ORDERED}{i}. ")
    }
    fn make_subblock_decorator(&self) -> Self {
        *self
    }
    // Footnote numbers stay as they are written, without `^{}`.
    fn decorate_superscript_start(&self) -> (String, RichAnnotation) {
        (String::new(), RichAnnotation::Default)
    }
    fn decorate_superscript_end(&self) -> String {
        String::new()
    }
    fn finalise(&mut self, _urls: Vec<String>) -> Vec<TaggedLine<RichAnnotation>> {
        Vec::new()
    }
}

/// What starts a line: quote bars, list markers, indents and the heading
/// level, as drawn on the line and as carried onto lines we add below it.
#[derive(Default)]
struct Prefix {
    first: Vec<Span>,
    cont: Vec<Span>,
    heading: Option<u8>,
    quote: bool,
}

/// Reads the prefix off the start of `text` into `p`; returns how many
/// bytes it took.
fn read_prefix(text: &str, p: &mut Prefix) -> usize {
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let c = bytes[i] as char;
        if c == HEAD {
            let n = bytes[i..]
                .iter()
                .take_while(|&&b| b as char == HEAD)
                .count();
            p.heading = Some(n.min(6) as u8);
            i += n;
            if bytes.get(i) == Some(&b' ') {
                i += 1;
            }
        } else if c == QUOTE {
            p.quote = true;
            p.first.push(Span::new("│ ", Role::Quote));
            p.cont.push(Span::new("│ ", Role::Quote));
            i += 1 + usize::from(bytes.get(i + 1) == Some(&b' '));
        } else if c == BULLET {
            p.first.push(Span::new("• ", Role::ListMarker));
            p.cont.push(Span::new("  ", Role::Body));
            i += 1 + usize::from(bytes.get(i + 1) == Some(&b' '));
        } else if c == ORDERED {
            let digits = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit() || **b == b'-')
                .count();
            let mut end = i + 1 + digits;
            if text[end..].starts_with(". ") {
                end += 2;
            }
            let marker = format!(" {}", &text[i + 1..end]);
            p.cont
                .push(Span::new(" ".repeat(str_width(&marker)), Role::Body));
            p.first.push(Span::new(marker, Role::ListMarker));
            i = end;
        } else if c == ' ' {
            let n = bytes[i..].iter().take_while(|&&b| b == b' ').count();
            p.first.push(Span::new(" ".repeat(n), Role::Body));
            p.cont.push(Span::new(" ".repeat(n), Role::Body));
            i += n;
        } else {
            break;
        }
    }
    i
}

/// Sentinels that turn up away from the start of a line (inside table
/// cells) become what they stand for, each one column wide.
fn unsentinel(s: &str) -> String {
    if !s.bytes().any(|b| b < 5 || b == 0xc2) {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            HEAD | ORDERED | '\u{a0}' => ' ',
            QUOTE => '│',
            BULLET => '•',
            c => c,
        })
        .collect()
}

fn is_border(c: char) -> bool {
    ('\u{2500}'..='\u{257f}').contains(&c)
}

pub fn render_body(prep: &Prepared, width: usize) -> Vec<StyledLine> {
    let config = html2text::config::with_decorator(Decorator)
        .allow_width_overflow()
        .unicode_strikeout(false);
    let Ok(tree) = config.dom_to_render_tree(&prep.dom) else {
        return Vec::new();
    };
    // A layout bug in html2text must cost the body, not the program.
    let laid_out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        config.render_to_lines(tree, width)
    }));
    let Ok(Ok(tagged)) = laid_out else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(tagged.len());
    for tl in &tagged {
        map_line(tl, width, &prep.blocks, &mut out);
    }
    tidy(out)
}

struct LineBuilder<'o> {
    out: &'o mut Vec<StyledLine>,
    width: usize,
    cont: Vec<Span>,
    cur: Vec<Span>,
    /// Whether `cur` holds more than the prefix.
    has_text: bool,
    had_block: bool,
}

impl LineBuilder<'_> {
    fn flush(&mut self, keep_empty: bool) {
        let spans = std::mem::take(&mut self.cur);
        if self.has_text || keep_empty {
            let line = StyledLine { spans, image: None };
            if line_width(&line) > self.width {
                self.out.extend(hard_wrap(line, self.width, &self.cont));
            } else {
                self.out.push(line);
            }
        }
        self.has_text = false;
    }

    fn block(&mut self, block: &Block) {
        self.flush(false);
        let avail = self.width.saturating_sub(str_width_spans(&self.cont));
        let (cont, avail) = if avail < 8 {
            (Vec::new(), self.width)
        } else {
            (self.cont.clone(), avail)
        };
        for l in block_lines(block, avail) {
            let mut spans = cont.clone();
            spans.extend(l.spans);
            self.out.push(StyledLine {
                spans,
                image: l.image,
            });
        }
        self.cur = self.cont.clone();
        self.had_block = true;
    }
}

fn str_width_spans(spans: &[Span]) -> usize {
    spans.iter().map(|s| str_width(&s.text)).sum()
}

fn map_line(
    tl: &TaggedLine<Vec<RichAnnotation>>,
    width: usize,
    blocks: &[Block],
    out: &mut Vec<StyledLine>,
) {
    let mut prefix = Prefix::default();
    let mut prefix_done = false;
    let mut b = LineBuilder {
        out,
        width,
        cont: Vec::new(),
        cur: Vec::new(),
        has_text: false,
        had_block: false,
    };
    for el in tl.iter() {
        let TaggedLineElement::Str(ts) = el else {
            continue;
        };
        let mut text = ts.s.as_str();
        if !prefix_done {
            let used = read_prefix(text, &mut prefix);
            text = &text[used..];
            if text.is_empty() {
                continue;
            }
            prefix_done = true;
            b.cur = std::mem::take(&mut prefix.first);
            b.cont = prefix.cont.clone();
        }
        let mut span = Span::new("", Role::Body);
        let mut block = None;
        for ann in &ts.tag {
            match ann {
                RichAnnotation::Strong => span.bold = true,
                RichAnnotation::Emphasis => span.italic = true,
                RichAnnotation::Strikeout => span.strike = true,
                RichAnnotation::Code | RichAnnotation::Preformat(_) => span.role = Role::Code,
                RichAnnotation::Link(href) => {
                    span.link = href.strip_prefix(LINK_HREF).and_then(|n| n.parse().ok());
                }
                RichAnnotation::Image(src) => {
                    block = src
                        .strip_prefix(BLOCK_SRC)
                        .and_then(|k| k.parse::<usize>().ok())
                        .and_then(|k| blocks.get(k));
                }
                _ => {}
            }
        }
        if let Some(block) = block {
            b.block(block);
            continue;
        }
        if span.link.is_some() {
            span.role = Role::Link;
        } else if span.role != Role::Code {
            if let Some(level) = prefix.heading {
                span.role = Role::Heading(level);
            } else if prefix.quote {
                span.role = Role::Quote;
            }
        }
        push_text(&mut b, &unsentinel(text), &span);
    }
    if !prefix_done {
        // A line of prefix only: a blank line inside a quote or list.
        b.cur = prefix.first;
    }
    // A line that was only a placeholder leaves nothing behind it.
    let keep_empty = !b.had_block;
    b.flush(keep_empty);
}

/// Adds text in `style`, giving table borders their own role.
fn push_text(b: &mut LineBuilder<'_>, text: &str, style: &Span) {
    // Text resuming after a picture starts its own line, flush left.
    let text = if b.had_block && !b.has_text {
        text.trim_start()
    } else {
        text
    };
    if !text.trim().is_empty() {
        b.has_text = true;
    }
    if style.role == Role::Code || !text.contains(is_border) {
        b.cur.push(Span {
            text: text.to_string(),
            ..style.clone()
        });
        return;
    }
    let mut run = String::new();
    let mut run_border = false;
    for c in text.chars() {
        let border = is_border(c);
        if border != run_border && !run.is_empty() {
            b.cur
                .push(styled_run(std::mem::take(&mut run), run_border, style));
        }
        run_border = border;
        run.push(c);
    }
    if !run.is_empty() {
        b.cur.push(styled_run(run, run_border, style));
    }
}

fn styled_run(text: String, border: bool, style: &Span) -> Span {
    if border {
        Span::new(text, Role::TableBorder)
    } else {
        Span {
            text,
            ..style.clone()
        }
    }
}

fn is_heading(l: &StyledLine) -> bool {
    l.spans
        .iter()
        .any(|s| matches!(s.role, Role::Heading(_)) && !s.text.trim().is_empty())
}

/// No blank lines at either end, never two in a row, one after a heading.
fn tidy(lines: Vec<StyledLine>) -> Vec<StyledLine> {
    let blank =
        |l: &StyledLine| l.image.is_none() && l.spans.iter().all(|s| s.text.trim().is_empty());
    let mut out: Vec<StyledLine> = Vec::with_capacity(lines.len());
    for l in lines {
        let after_heading = out.last().is_some_and(is_heading);
        if after_heading && !blank(&l) && !is_heading(&l) {
            out.push(StyledLine::default());
        }
        if blank(&l) {
            if out.last().is_none_or(&blank) {
                continue;
            }
            out.push(StyledLine::default());
        } else {
            out.push(l);
        }
    }
    while out.last().is_some_and(blank) {
        out.pop();
    }
    out
}
