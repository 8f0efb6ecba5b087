//! An item's picture from Media RSS and enclosures: `media:content` (alone
//! or in a `media:group`) with its own title, description and credit; else
//! an image enclosure or the item's `media:thumbnail`, with the item-level
//! Media RSS words around it.

use url::Url;

use crate::model::Image;
use crate::parse::articles::xml::Node;
use crate::parse::html::{absolute_url, opt_line};

/// The item's picture, with its alt (`media:title`), caption
/// (`media:description`) and credit.
pub(super) fn featured(item: &Node<'_, '_>, base: Option<&Url>) -> Option<Image> {
    let from_content = contents(item).find_map(|(c, group)| {
        let url = c
            .attr("url")
            .filter(|u| is_image_content(&c, u))
            .or_else(|| thumbnail(&c))
            .or_else(|| group.as_ref().and_then(thumbnail))
            .and_then(|u| absolute_url(&u, base))?;
        let word = |local| {
            c.child("media", local)
                .or_else(|| group.as_ref().and_then(|g| g.child("media", local)))
        };
        Some(words(
            url,
            word("title"),
            word("description"),
            word("credit"),
        ))
    });
    let loose = item
        .children_named("", "enclosure")
        .find(|e| {
            e.attr("url")
                .is_some_and(|u| is_image(e.attr("type").as_deref(), &u))
        })
        .and_then(|e| e.attr("url"))
        .or_else(|| thumbnail(item))
        .and_then(|u| absolute_url(&u, base))
        .map(|url| {
            words(
                url,
                item.child("media", "title"),
                item.child("media", "description"),
                item.child("media", "credit"),
            )
        });
    match (from_content, loose) {
        // What the item says beside its media fills their gaps.
        (Some(f), Some(x)) => Some(Image {
            alt: f.alt.or(x.alt),
            caption: f.caption.or(x.caption),
            credit: f.credit.or(x.credit),
            url: f.url,
        }),
        (f, x) => f.or(x),
    }
}

/// `media:title` standing in for an item with no title: the item's own,
/// else its group's or content's.
pub(super) fn title(item: &Node<'_, '_>) -> Option<String> {
    item.child("media", "title")
        .into_iter()
        .chain(
            contents(item)
                .flat_map(|(c, g)| {
                    [
                        g.and_then(|g| g.child("media", "title")),
                        c.child("media", "title"),
                    ]
                })
                .flatten(),
        )
        .find_map(|t| opt_line(&t.html()))
}

/// Each `media:content` with the `media:group` it is in.
fn contents<'d, 'a>(
    item: &Node<'d, 'a>,
) -> impl Iterator<Item = (Node<'d, 'a>, Option<Node<'d, 'a>>)> + use<'d, 'a> {
    item.children().flat_map(|c| {
        let found: Vec<_> = if c.is("media", "content") {
            vec![(c, None)]
        } else if c.is("media", "group") {
            c.children_named("media", "content")
                .map(|m| (m, Some(c)))
                .collect()
        } else {
            Vec::new()
        };
        found
    })
}

fn thumbnail(n: &Node<'_, '_>) -> Option<String> {
    n.children_named("media", "thumbnail")
        .find_map(|t| t.attr("url").filter(|u| !u.trim().is_empty()))
}

fn words(
    url: String,
    title: Option<Node<'_, '_>>,
    description: Option<Node<'_, '_>>,
    credit: Option<Node<'_, '_>>,
) -> Image {
    // The description is the caption, which may end in its own credit
    // ("… Photo: Reuters").
    let (caption, credit_in_caption) = description
        .map(|d| crate::parse::images::caption_parts(&d.text()))
        .unwrap_or_default();
    Image {
        url,
        alt: title.and_then(|t| opt_line(&t.text())),
        caption,
        credit: credit
            .and_then(|c| opt_line(&c.text()))
            .or(credit_in_caption),
    }
}

fn is_image_content(c: &Node<'_, '_>, url: &str) -> bool {
    let mime = c.attr("type").map(|t| t.trim().to_ascii_lowercase());
    if c.attr("medium").is_some_and(|m| m.trim() == "image") {
        return true;
    }
    // Image CDNs serve pictures from extension-less URLs.
    let bare = mime.is_none()
        && c.attr("medium").is_none()
        && !url.rsplit('/').next().unwrap_or("").contains('.');
    bare || is_image(mime.as_deref(), url)
}

pub(super) fn is_image(mime: Option<&str>, url: &str) -> bool {
    match mime.map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => m.to_ascii_lowercase().starts_with("image/"),
        None => {
            let path = url
                .split(['?', '#'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"]
                .iter()
                .any(|x| path.ends_with(x))
        }
    }
}
