//! themes/*.toml: a style for every element, semantic names only.
