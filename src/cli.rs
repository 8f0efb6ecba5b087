//! The headless commands of CLI.md.
