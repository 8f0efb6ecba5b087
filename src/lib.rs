//! newsroom: a terminal reader for a news organisation's articles and events.
//!
//! Data flows one way: `fetch` → `parse` → `store` → `render` / `tui`.

pub mod cli;
pub mod config;
pub mod demo;
pub mod epub;
pub mod fetch;
pub mod format;
pub mod http_date;
pub mod ics;
pub mod model;
pub mod opml;
pub mod parse;
pub mod render;
pub mod serve;
pub mod store;
pub mod sync;
pub mod tui;
