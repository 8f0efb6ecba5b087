//! Tables, lists and quotes nested deeper than reads well: the first levels
//! are laid out as grids, markers and bars, the deeper ones as their text,
//! so the layout stays shallow (and its cost linear) however deep the
//! markup goes, and no word is lost.

use newsroom::model::Article;
use newsroom::render::article::render_article_plain;

fn article(html: &str) -> Article {
    Article {
        title: "Nesting".into(),
        url: "https://example.org/news/nesting/".into(),
        content_html: Some(html.into()),
        ..Default::default()
    }
}

fn body_lines(text: &str) -> Vec<&str> {
    text.lines().skip_while(|l| !l.is_empty()).collect()
}

fn assert_in_order(text: &str, words: &[String]) {
    let mut from = 0;
    for w in words {
        match text[from..].find(w.as_str()) {
            Some(i) => from += i + w.len(),
            None => panic!("{w:?} missing or out of order in:\n{text}"),
        }
    }
}

/// Two-column tables, each in the last one's right-hand cell, as a page
/// built with layout tables has them.
fn nested_tables(depth: usize) -> String {
    let mut html = String::from("<p>Before.</p>");
    for i in 1..=depth {
        html.push_str(&format!(
            "<table class=\"wp-block-table\" border=\"0\" cellpadding=\"0\"><tbody>\
             <tr><td valign=\"top\">L{i}</td><td>"
        ));
    }
    html.push_str(
        "<table><tr><th>Alpha</th><th>Beta</th></tr><tr><td>Gamma</td><td>Delta</td></tr></table>",
    );
    html.push_str(&"</td></tr></tbody></table>".repeat(depth));
    html.push_str("<p>After.</p>");
    html
}

#[test]
fn tables_past_three_levels_are_written_as_text() {
    let text = render_article_plain(&article(&nested_tables(9)), 72);
    let mut words: Vec<String> = (1..=9).map(|i| format!("L{i}")).collect();
    words.extend(["Alpha", "Beta", "Gamma", "Delta", "After."].map(String::from));
    assert_in_order(&text, &words);
    let bars = |l: &&str| l.matches('│').count();
    // Three grids of two columns, one inside another: three bars at most.
    assert_eq!(body_lines(&text).iter().map(bars).max(), Some(3), "{text}");
    // A row of a table written as text is a line, its cells words on it.
    assert!(text.lines().any(|l| l.contains("Alpha Beta")), "{text}");
    assert!(text.lines().any(|l| l.contains("Gamma Delta")), "{text}");
}

#[test]
fn shallow_tables_are_still_grids() {
    let text = render_article_plain(&article(&nested_tables(2)), 72);
    // Two tables and the innermost one: three levels, each a grid.
    assert!(text.lines().any(|l| l.contains("Alpha│Beta")), "{text}");
    assert!(text.lines().any(|l| l.contains("Gamma│Delta")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("L1│L2│")), "{text}");
}

#[test]
fn lists_past_eight_levels_are_written_as_plain_lines() {
    let depth = 14;
    let mut html = String::new();
    for i in 1..=depth {
        html.push_str(&format!("<ul class=\"wp-block-list\"><li>Item{i}"));
    }
    html.push_str(&"</li></ul>".repeat(depth));
    let text = render_article_plain(&article(&html), 72);
    let words: Vec<String> = (1..=depth).map(|i| format!("Item{i}")).collect();
    assert_in_order(&text, &words);
    assert_eq!(text.matches('•').count(), 8, "{text}");
    let indent = body_lines(&text)
        .iter()
        .map(|l| l.len() - l.trim_start().len())
        .max();
    assert!(
        indent.is_some_and(|i| i <= 16),
        "indent {indent:?}:\n{text}"
    );
}

#[test]
fn quotes_past_six_levels_are_written_as_plain_blocks() {
    let depth = 12;
    let mut html = String::new();
    for i in 1..=depth {
        html.push_str(&format!("<blockquote><p>Said{i}</p>"));
    }
    html.push_str(&"</blockquote>".repeat(depth));
    let text = render_article_plain(&article(&html), 72);
    let words: Vec<String> = (1..=depth).map(|i| format!("Said{i}")).collect();
    assert_in_order(&text, &words);
    let bars = body_lines(&text)
        .iter()
        .map(|l| l.matches('│').count())
        .max();
    assert_eq!(bars, Some(6), "{text}");
}
