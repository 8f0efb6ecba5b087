//! The full-screen reader.

pub mod action;
