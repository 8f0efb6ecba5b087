//! iCalendar (RFC 5545) reading: content lines, unfolding, parameters,
//! text escapes, and the component tree. Turning VEVENTs into events is in
//! `event`, a recurring one's occurrences in `series`; times and zones in
//! `time` (a file's own zones in `vtimezone`, Outlook's names in
//! `windows_zones`); RRULE expansion in `rrule`.

use crate::parse::EventBatch;
pub(in crate::parse) mod event;
pub(in crate::parse) mod rrule;
mod series;
pub(in crate::parse) mod time;
pub(in crate::parse) mod vtimezone;
mod windows_zones;

use event as ical_event;

/// One content line: `NAME;PARAM=v1,"v:2":value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::parse) struct Prop {
    /// Upper-cased.
    pub name: String,
    /// Parameter names upper-cased; values unquoted, in order.
    pub params: Vec<(String, Vec<String>)>,
    /// Raw value, escapes still in place.
    pub value: String,
}

impl Prop {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.first())
            .map(String::as_str)
    }

    /// All values of a parameter joined back with commas: a TZID such as
    /// `(UTC+00:00) Dublin, Edinburgh, Lisbon, London` left unquoted.
    pub fn param_joined(&self, name: &str) -> Option<String> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.join(","))
    }

    /// The value as text: escapes undone.
    pub fn text(&self) -> String {
        unescape(&self.value)
    }

    /// A comma-separated list of texts (CATEGORIES), escapes undone.
    pub fn text_list(&self) -> Vec<String> {
        split_unescaped(&self.value, ',')
            .iter()
            .map(|s| unescape(s))
            .filter(|s| !s.trim().is_empty())
            .collect()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(in crate::parse) struct Component {
    /// Upper-cased: VCALENDAR, VEVENT, VTIMEZONE, STANDARD...
    pub name: String,
    pub props: Vec<Prop>,
    pub children: Vec<Component>,
}

impl Component {
    pub fn prop(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.name == name)
    }

    pub fn props_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Prop> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Component> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Parse an iCalendar body (starting at `BEGIN:VCALENDAR`) into events.
pub(in crate::parse) fn parse(bytes: &[u8], site: &str, now: jiff::Timestamp) -> EventBatch {
    let mut warnings = Vec::new();
    let calendars = parse_components(bytes, &mut warnings);
    let mut events = Vec::new();
    for cal in calendars.iter().filter(|c| c.name == "VCALENDAR") {
        ical_event::events_of_calendar(cal, site, now, &mut events, &mut warnings);
    }
    EventBatch {
        format: "icalendar",
        events,
        warnings,
        ..EventBatch::default()
    }
}

/// Unfold the physical lines (CRLF or bare LF, continuation lines start with
/// a space or a tab). Done on bytes so a fold inside a multi-byte UTF-8
/// character joins it back whole.
pub(in crate::parse) fn unfold(bytes: &[u8]) -> Vec<String> {
    let mut logical: Vec<Vec<u8>> = Vec::new();
    for raw in bytes.split(|b| *b == b'\n') {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        // Mozilla Calendar 1.0 wrote `VERSION`, a blank line, then ` :2.0`:
        // the continuation belongs to the name before the blank.
        if raw.is_empty() {
            continue;
        }
        match raw.first() {
            Some(b' ' | b'\t') if !logical.is_empty() => {
                if let Some(last) = logical.last_mut() {
                    last.extend_from_slice(&raw[1..]);
                }
            }
            _ => logical.push(raw.to_vec()),
        }
    }
    logical
        .into_iter()
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .map(|l| String::from_utf8_lossy(&l).into_owned())
        .collect()
}

/// Split one logical line into a property. `None` for a line that is not a
/// content line (no name, no colon).
pub(in crate::parse) fn parse_line(line: &str) -> Option<Prop> {
    let name_end = line.find([';', ':'])?;
    let name = line[..name_end].trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let mut params = Vec::new();
    let mut rest = &line[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let eq = after.find('=')?;
        let pname = after[..eq].trim().to_ascii_uppercase();
        let mut values = Vec::new();
        let mut cur = &after[eq + 1..];
        loop {
            if let Some(q) = cur.strip_prefix('"') {
                let close = q.find('"')?;
                values.push(q[..close].to_string());
                cur = &q[close + 1..];
            } else {
                let stop = cur.find([',', ';', ':']).unwrap_or(cur.len());
                values.push(cur[..stop].to_string());
                cur = &cur[stop..];
            }
            match cur.strip_prefix(',') {
                Some(next) => cur = next,
                None => break,
            }
        }
        params.push((pname, values));
        rest = cur;
    }
    let value = rest.strip_prefix(':')?;
    Some(Prop {
        name: name.to_ascii_uppercase(),
        params,
        value: value.to_string(),
    })
}

/// Build the component tree. Lines that do not parse are skipped with a
/// warning; a missing END closes what it can, so the good events of a
/// damaged file survive.
pub(in crate::parse) fn parse_components(
    bytes: &[u8],
    warnings: &mut Vec<String>,
) -> Vec<Component> {
    let mut roots = Vec::new();
    let mut stack: Vec<Component> = Vec::new();
    let mut bad_lines = 0usize;
    for (n, line) in unfold(bytes).iter().enumerate() {
        let Some(prop) = parse_line(line) else {
            bad_lines += 1;
            if bad_lines <= 5 {
                let shown: String = line.chars().take(40).collect();
                warnings.push(format!(
                    "line {}: not an iCalendar line, ignored: {shown:?}",
                    n + 1
                ));
            }
            continue;
        };
        match prop.name.as_str() {
            "BEGIN" => {
                let name = prop.value.trim().to_ascii_uppercase();
                // An event or to-do holds only alarms: one still open when the
                // next component begins was never closed (`END:VTOOD`).
                if name != "VALARM"
                    && stack
                        .last()
                        .is_some_and(|c| LEAF_COMPONENTS.contains(&c.name.as_str()))
                {
                    let done = stack.pop().expect("the stack has a last component");
                    warnings.push(format!(
                        "line {}: {} left open, closed where {name} begins",
                        n + 1,
                        done.name
                    ));
                    attach(&mut stack, &mut roots, done);
                }
                stack.push(Component {
                    name,
                    ..Default::default()
                })
            }
            "END" => {
                let name = prop.value.trim().to_ascii_uppercase();
                // Close up to the matching BEGIN; a stray END is ignored.
                if let Some(pos) = stack.iter().rposition(|c| c.name == name) {
                    while stack.len() > pos {
                        let done = stack.pop().expect("stack is longer than pos");
                        attach(&mut stack, &mut roots, done);
                    }
                }
            }
            _ => {
                if let Some(c) = stack.last_mut() {
                    c.props.push(prop);
                }
            }
        }
    }
    if bad_lines > 5 {
        warnings.push(format!("{bad_lines} malformed lines in all"));
    }
    while let Some(done) = stack.pop() {
        attach(&mut stack, &mut roots, done);
    }
    roots
}

/// Components that hold no other component but alarms.
const LEAF_COMPONENTS: [&str; 4] = ["VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY"];

fn attach(stack: &mut [Component], roots: &mut Vec<Component>, done: Component) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(done),
        None => roots.push(done),
    }
}

/// Undo TEXT escapes: `\\` `\;` `\,` `\n` `\N`. A lone backslash before
/// anything else is kept as written (real files have `C:\path`).
pub(in crate::parse) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('n' | 'N') => {
                out.push('\n');
                chars.next();
            }
            Some(e @ ('\\' | ';' | ',' | ':' | '"')) => {
                out.push(e);
                chars.next();
            }
            _ => out.push('\\'),
        }
    }
    out
}

/// Split on `sep` where it is not escaped.
pub(in crate::parse) fn split_unescaped(s: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            cur.push('\\');
            cur.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    if escaped {
        cur.push('\\');
    }
    parts.push(cur);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfolds_crlf_lf_and_split_characters() {
        let raw = b"SUMMARY:Caf\xc3\r\n \xa9 talk\nDESCRIPTION:a\n\tb\r\n";
        assert_eq!(unfold(raw), vec!["SUMMARY:Café talk", "DESCRIPTION:ab"]);
    }

    #[test]
    fn params_may_be_quoted_with_colons() {
        let p =
            parse_line(r#"ORGANIZER;CN="Smith; John: PhD";X-A=b,"c:d":mailto:j@x.org"#).unwrap();
        assert_eq!(p.name, "ORGANIZER");
        assert_eq!(p.param("CN"), Some("Smith; John: PhD"));
        assert_eq!(p.params[1].1, vec!["b", "c:d"]);
        assert_eq!(p.value, "mailto:j@x.org");
    }

    #[test]
    fn unquoted_commas_in_a_zone_name() {
        let p = parse_line("DTSTART;TZID=Dublin, Edinburgh, London:20260722T173000").unwrap();
        assert_eq!(
            p.param_joined("TZID").as_deref(),
            Some("Dublin, Edinburgh, London")
        );
        assert_eq!(p.value, "20260722T173000");
    }

    #[test]
    fn text_escapes() {
        assert_eq!(
            unescape(r"a\, b\; c\nd\Ne\\f C:\x"),
            "a, b; c\nd\ne\\f C:\\x"
        );
        let p = parse_line(r"CATEGORIES:Talks,Art\, Culture").unwrap();
        assert_eq!(p.text_list(), vec!["Talks", "Art, Culture"]);
    }

    #[test]
    fn malformed_lines_are_skipped() {
        let mut w = Vec::new();
        let c = parse_components(
            b"BEGIN:VCALENDAR\nthis is junk\nBEGIN:VEVENT\nUID:1\nEND:VEVENT\nEND:VCALENDAR\n",
            &mut w,
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].children.len(), 1);
        assert_eq!(w.len(), 1);
    }
}
