//! An article laid out as styled lines: title, byline, captioned images, numbered links.
