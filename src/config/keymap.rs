//! keymap.toml: keys → actions, per view, with sequences and counts.
