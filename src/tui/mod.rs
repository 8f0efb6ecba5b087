//! The full-screen reader.
