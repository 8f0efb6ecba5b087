//! The one HTTP client, and discovery of a site's sources.
