//! An event laid out as styled lines for its detail view and `newsroom event`.
