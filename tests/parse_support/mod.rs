//! Helpers shared by the parsing test files.
#![allow(dead_code)]

use newsroom::model::{Article, Image};
use newsroom::parse::{ArticleBatch, parse_articles};

pub const SITE: &str = "Asia House";

pub fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn parse(path: &str, content_type: Option<&str>, base: &str) -> ArticleBatch {
    parse_articles(&fixture(path), content_type, base, SITE)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn by_url<'a>(batch: &'a ArticleBatch, url: &str) -> &'a Article {
    batch
        .articles
        .iter()
        .find(|a| a.url == url)
        .unwrap_or_else(|| panic!("no article {url} in {:#?}", batch.articles))
}

pub fn img(url: &str, alt: Option<&str>, caption: Option<&str>, credit: Option<&str>) -> Image {
    Image {
        url: url.into(),
        alt: alt.map(Into::into),
        caption: caption.map(Into::into),
        credit: credit.map(Into::into),
    }
}

pub fn ts(s: &str) -> Option<jiff::Timestamp> {
    Some(s.parse().unwrap())
}

/// Every text field, to check none holds markup or a raw entity.
pub fn text_fields(a: &Article) -> Vec<String> {
    let mut v = vec![a.title.clone(), a.summary.clone()];
    v.extend(a.author.clone());
    v.extend(a.categories.clone());
    for i in a.all_images() {
        v.extend(i.alt.clone());
        v.extend(i.caption.clone());
        v.extend(i.credit.clone());
    }
    v
}

pub fn assert_decoded(a: &Article) {
    for f in text_fields(a) {
        assert!(
            !f.contains("&#")
                && !f.contains("&amp;")
                && !f.contains('<')
                && !f.contains("&hellip;"),
            "undecoded or markup in {f:?} of {}",
            a.url
        );
        assert!(!f.chars().any(|c| c.is_control()), "control char in {f:?}");
    }
}
