//! Integration tests: one binary (see ARCHITECTURE.md), one module per area.

mod offsets;
mod props;
mod cli;
mod entities;
mod golden;
mod quotes;
mod export;
mod site_lexicon;
mod hostile;
