//! How deep tables, lists and quotes are laid out inside one another.
//!
//! html2text lays out each table cell, list and quote in a renderer of its
//! own and copies the lines into the one around it, so every line costs as
//! many copies as there are levels above it. The parse guard lets 256
//! levels through: 100 KB of nested tables took 20 s to lay out, and a
//! megabyte minutes. Past a few levels a grid, a list marker or a quote bar
//! no longer reads anyway, so deeper ones are written as their text: a
//! table's rows become lines, its cells words on them; a list's items and a
//! quote become plain blocks.

/// Tables drawn as grids inside one another.
pub const MAX_TABLES: u8 = 3;
/// Lists drawn with their markers and indents inside one another.
pub const MAX_LISTS: u8 = 8;
/// Quotes drawn with their bars inside one another.
pub const MAX_QUOTES: u8 = 6;

/// The levels laid out around an element.
#[derive(Clone, Copy, Default)]
pub struct Nesting {
    tables: u8,
    lists: u8,
    quotes: u8,
    /// Inside a table written as text: its parts are written as text too.
    flat_table: bool,
    /// Inside a list written as plain blocks: so are its items.
    flat_list: bool,
}

/// What becomes of an element in the DOM laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Copied as it is.
    Keep,
    /// A plain block (`div`): a line of its own, no grid, marker or bar.
    Block,
    /// Left out, what it holds standing in its place.
    Unwrapped,
    /// Unwrapped and followed by a space, so cells on a line stay words.
    Cell,
    /// Left out with all it holds (a flattened table's column settings).
    Dropped,
}

impl Nesting {
    /// What `name` becomes here; `self` becomes the nesting of what it holds.
    pub fn shape(&mut self, name: &str) -> Shape {
        match name {
            "table" if self.flat_table || self.tables >= MAX_TABLES => {
                self.flat_table = true;
                Shape::Unwrapped
            }
            "table" => {
                self.tables += 1;
                Shape::Keep
            }
            "thead" | "tbody" | "tfoot" if self.flat_table => Shape::Unwrapped,
            "tr" | "caption" if self.flat_table => Shape::Block,
            "td" | "th" if self.flat_table => Shape::Cell,
            "colgroup" | "col" if self.flat_table => Shape::Dropped,
            "ul" | "ol" | "menu" | "dl" if self.flat_list || self.lists >= MAX_LISTS => {
                self.flat_list = true;
                Shape::Block
            }
            "ul" | "ol" | "menu" | "dl" => {
                self.lists += 1;
                Shape::Keep
            }
            "li" | "dt" | "dd" if self.flat_list => Shape::Block,
            "blockquote" if self.quotes >= MAX_QUOTES => Shape::Block,
            "blockquote" => {
                self.quotes += 1;
                Shape::Keep
            }
            _ => Shape::Keep,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(path: &[&str]) -> Vec<Shape> {
        let mut n = Nesting::default();
        path.iter().map(|name| n.shape(name)).collect()
    }

    #[test]
    fn tables_past_the_limit_are_written_as_text() {
        let path = ["table", "tbody", "tr", "td"].repeat(usize::from(MAX_TABLES) + 2);
        let got = shapes(&path);
        let grid = usize::from(MAX_TABLES) * 4;
        assert!(got[..grid].iter().all(|s| *s == Shape::Keep), "{got:?}");
        for level in got[grid..].chunks(4) {
            assert_eq!(
                level,
                [
                    Shape::Unwrapped,
                    Shape::Unwrapped,
                    Shape::Block,
                    Shape::Cell
                ]
            );
        }
    }

    #[test]
    fn lists_and_quotes_past_their_limits_become_blocks() {
        let lists = shapes(&["ul", "li"].repeat(usize::from(MAX_LISTS) + 1));
        let (kept, flat) = lists.split_at(usize::from(MAX_LISTS) * 2);
        assert!(kept.iter().all(|s| *s == Shape::Keep));
        assert_eq!(flat, [Shape::Block, Shape::Block]);
        let quotes = shapes(&["blockquote"].repeat(usize::from(MAX_QUOTES) + 3));
        assert_eq!(
            quotes.iter().filter(|s| **s == Shape::Keep).count(),
            usize::from(MAX_QUOTES)
        );
    }

    #[test]
    fn a_level_counts_only_for_what_it_holds() {
        // Two tables side by side are each one level deep.
        let mut cell = Nesting::default();
        cell.shape("table");
        let sibling = Nesting::default();
        let mut inner = cell;
        for _ in 1..MAX_TABLES {
            assert_eq!(inner.shape("table"), Shape::Keep);
        }
        let mut other = sibling;
        assert_eq!(other.shape("table"), Shape::Keep);
        assert_eq!(inner.shape("table"), Shape::Unwrapped);
        // Outside a flattened table, cells are cells.
        assert_eq!(Nesting::default().shape("td"), Shape::Keep);
    }
}
