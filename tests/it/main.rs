//! Integration tests: one binary (see ARCHITECTURE.md), one module per area.

mod offsets;
mod quotes;
