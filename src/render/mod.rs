//! Pure functions from model to styled lines. The same lines feed the reader
//! and `newsroom read`, so what you see is what scripts get.

pub mod article;
pub mod event;
pub mod sanitize;
pub mod text;
pub mod xhtml;

pub use text::{Rendered, Role, Span, StyledLine};
mod blocks;
mod body;
mod credit;
mod figure;
mod html_prep;
mod links;
mod parts;
mod wrap;
