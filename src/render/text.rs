//! Styled lines with semantic roles: the theme decides colours, not render.

/// What a piece of text is, so the theme can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Role {
    #[default]
    Body,
    Title,
    /// Byline, date, reading time.
    Meta,
    Heading(u8),
    Quote,
    Code,
    /// A numbered link's text and its `[n]` marker.
    Link,
    ListMarker,
    TableBorder,
    /// The frame and picture marker of an image block.
    ImageFrame,
    Caption,
    Credit,
    Rule,
    EventDate,
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Span {
    pub text: String,
    pub role: Role,
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    /// Index into `Rendered::links` (0-based) when this span is a link.
    pub link: Option<usize>,
}

impl Span {
    pub fn new(text: impl Into<String>, role: Role) -> Self {
        Span {
            text: text.into(),
            role,
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StyledLine {
    pub spans: Vec<Span>,
    /// Set on the first line of an image block: the image's URL, so the reader
    /// can draw the picture there.
    pub image: Option<String>,
}

impl StyledLine {
    pub fn plain(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A document laid out for one width.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendered {
    pub lines: Vec<StyledLine>,
    /// Absolute URLs of the numbered links, `[1]` first.
    pub links: Vec<String>,
    /// Reading time of an article's text, in minutes (0 for other documents).
    pub minutes: usize,
}

impl Rendered {
    /// The lines as plain text, one per line, ending with a newline.
    pub fn to_plain(&self) -> String {
        let mut out = String::new();
        for l in &self.lines {
            out.push_str(l.plain().trim_end());
            out.push('\n');
        }
        out
    }
}

/// A description that may be plain text or HTML, as HTML: markup that is
/// there is kept (Google Calendar puts HTML in plain-text fields); plain text
/// is escaped, its blank lines kept as paragraphs and its line breaks as `<br>`.
pub fn text_or_html(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let looks_html = [
        "<p", "<br", "<div", "<a ", "<ul", "<ol", "<h", "<b>", "<strong", "<em", "<span", "<i>",
        "</",
    ]
    .iter()
    .any(|t| lower.contains(t));
    if looks_html {
        return s.to_string();
    }
    let esc = s
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    esc.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", p.trim().replace('\n', "<br>")))
        .collect()
}
