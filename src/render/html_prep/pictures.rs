//! Pictures and captions as the walk meets them: what each `<img>` shows,
//! the words it takes from the page or the article's image list, and the
//! links written into those words.

use scraper::node::Element;

use super::{Block, Ctx, Linked, Prep};
use crate::render::figure::{
    FigureParts, ImgKind, LINK_MARK, Picture, Words, classify_img, image_key, img_candidates,
    img_url, links_to_image, meaningful, names_file,
};
use crate::render::links::link_target;
use crate::render::sanitize::clean_line;
use html2text::Handle;

impl Prep<'_> {
    /// The picture an `<img>` shows, its words filled in from the article's
    /// image list when the body has none. None when it repeats the featured
    /// image: its words then go to the top.
    fn picture(&mut self, el: &Element, words: Linked, link: Option<usize>) -> Option<Picture> {
        let url = img_url(el, self.base.as_ref());
        let key = url.as_deref().map(image_key);
        // The feed may name another size than `src`: try each one the
        // page offers.
        let known = key
            .iter()
            .cloned()
            .chain(
                img_candidates(el, self.base.as_ref())
                    .iter()
                    .map(|u| image_key(u)),
            )
            .find_map(|k| self.known.get(&k).copied());
        let key = known.map(|k| image_key(&k.url)).or(key);
        let file = url.clone().unwrap_or_default();
        let clean = |s: Option<&str>| {
            s.map(clean_line)
                .filter(|s| meaningful(s) && !names_file(s, &file))
        };
        let alt = clean(el.attr("alt")).or_else(|| clean(known.and_then(|k| k.alt.as_deref())));
        let words = if words.is_empty() {
            Linked {
                caption: clean(known.and_then(|k| k.caption.as_deref())),
                credit: known
                    .and_then(|k| k.credit.as_deref())
                    .map(clean_line)
                    .filter(|c| !c.is_empty()),
                links: Vec::new(),
            }
        } else {
            words
        };
        let pic = Picture {
            url: known.map(|k| k.url.clone()).or(url),
            alt,
            caption: words.caption,
            credit: words.credit,
            link,
            word_links: words.links,
        };
        if key.is_some() && key == self.featured_key {
            if self.featured_words.is_none() {
                self.featured_words = Some(pic);
            }
            return None;
        }
        Some(pic)
    }

    /// Numbers the links marked in a caption and credit, in order, and
    /// writes `[n]` after their words; marks of links that cannot be
    /// followed just go.
    pub(super) fn number_words(&mut self, words: Words) -> Linked {
        let mut links = Vec::new();
        let mut resolve_marks = |text: Option<String>, this: &mut Self| {
            let text = text?;
            let mut out = String::with_capacity(text.len());
            let mut parts = text.split(LINK_MARK);
            out.push_str(parts.next().unwrap_or(""));
            // Marks come in pairs around an index: index, text, index, text…
            while let (Some(index), Some(rest)) = (parts.next(), parts.next()) {
                let target = index
                    .parse::<usize>()
                    .ok()
                    .and_then(|k| words.hrefs.get(k))
                    .and_then(|h| link_target(h, this.base.as_ref()));
                if let Some(t) = target {
                    let n = this.number(t);
                    links.push(n);
                    out.push_str(&format!("\u{a0}[{}]", n + 1));
                }
                out.push_str(rest);
            }
            let out = out.trim().to_string();
            (!out.is_empty()).then_some(out)
        };
        let caption = resolve_marks(words.caption.clone(), self);
        let credit = resolve_marks(words.credit.clone(), self);
        Linked {
            caption,
            credit,
            links,
        }
    }

    fn show_picture(&mut self, pic: Picture, parent: &Handle, ctx: Ctx, own_line: bool) {
        if ctx.in_table {
            // Table cells are laid out side by side; a framed block cannot
            // sit in one, so the picture is named in the text.
            let words = pic.caption.or(pic.alt).unwrap_or_else(|| "picture".into());
            self.append_text(parent, &format!("[\u{25a3} {words}]"));
        } else {
            self.block(Block::Picture(pic), parent, own_line);
        }
    }

    pub(super) fn img(&mut self, el: &Element, parent: &Handle, ctx: Ctx) {
        match classify_img(el) {
            ImgKind::Pixel => {}
            ImgKind::Emoji(alt) => self.append_text(parent, &alt),
            ImgKind::Picture => {
                if let Some(pic) = self.picture(el, Linked::default(), ctx.link) {
                    self.show_picture(pic, parent, ctx, false);
                }
            }
        }
    }

    pub(super) fn figure(&mut self, parts: FigureParts<'_>, parent: &Handle, ctx: Ctx) {
        let imgs: Vec<_> = parts
            .imgs
            .iter()
            .filter(|(img, _)| classify_img(img.value()) == ImgKind::Picture)
            .collect();
        let last = imgs.len().saturating_sub(1);
        let mut words = Some(parts.words);
        for (i, (img, link)) in imgs.iter().enumerate() {
            let link = match link.and_then(|a| a.value().attr("href")) {
                Some(href) => link_target(href, self.base.as_ref())
                    .filter(|t| !links_to_image(t))
                    .map(|t| self.number(t)),
                None => ctx.link,
            };
            // The caption of a figure of several pictures follows the last.
            let linked = match words.take_if(|_| i == last) {
                Some(w) => self.number_words(w),
                None => Linked::default(),
            };
            if let Some(pic) = self.picture(img.value(), linked, link) {
                self.show_picture(pic, parent, ctx, true);
            }
        }
        if let Some(w) = words {
            let linked = self.number_words(w);
            if !linked.is_empty() {
                self.block(Block::Caption(linked), parent, true);
            }
        }
    }
}
