//! A body of tables nested inside one another, as a layout built by hand in
//! an editor (or pasted from a mail) can come out, a megabyte of them: the
//! reader lays out a few levels as grids and the rest as their text, so
//! opening it ends, and the laid-out nesting stays shallow.

use super::Checked;

const TITLE: &str = "Tables within tables";

/// About a megabyte of two-column tables, each nested in the last one's
/// right-hand cell, in the markup WordPress's table block and Outlook write.
pub fn nested_tables_feed() -> String {
    let mut open = String::new();
    let mut close = String::new();
    let mut level = 0;
    while open.len() + close.len() < 1 << 20 {
        level += 1;
        open.push_str(&format!(
            "<table class=\"wp-block-table\" style=\"width:100%\" cellpadding=\"0\" \
             cellspacing=\"0\" border=\"0\"><tbody><tr><td valign=\"top\" \
             style=\"padding:4px\">Level {level}</td>\n<td>"
        ));
        close.push_str("</td></tr></tbody></table>\n");
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Tables</title><link>{{BASE}}/</link><description>d</description>
<item><title>{TITLE}</title><link>{{BASE}}/2026/11/tables/</link><guid>{{BASE}}/?p=18</guid>
<pubDate>Fri, 27 Nov 2026 05:50:00 +0000</pubDate>
<content:encoded><![CDATA[<p>Before the tables.</p>{open}The innermost cell.{close}<p>After the tables.</p>]]></content:encoded>
</item></channel></rss>
"#
    )
}

/// The article opens whole, with its grids nested a few levels deep at most
/// (each level draws one `│` between its two columns on a line).
pub fn check_nested_tables(c: &Checked) -> Vec<String> {
    let Some(read) = c
        .runs
        .iter()
        .find(|r| r.args.first().is_some_and(|a| a == "read") && r.out().starts_with(TITLE))
    else {
        return vec![format!("no `read` printed the article {TITLE:?}")];
    };
    let text = read.out();
    let mut problems = Vec::new();
    for words in [
        "Before the tables.",
        "Level 1",
        "Level 300",
        "After the tables.",
    ] {
        if !text.contains(words) {
            problems.push(format!("`read` of {TITLE:?} lacks {words:?}"));
        }
    }
    let deepest = text.lines().map(|l| l.matches('│').count()).max();
    if deepest.is_none_or(|d| d > 4) {
        problems.push(format!(
            "grids laid out {deepest:?} levels deep (the most `│` on a line)"
        ));
    }
    let borders = text.lines().filter(|l| l.contains('─')).count();
    if borders > 24 {
        problems.push(format!("{borders} lines of table borders"));
    }
    problems
}
