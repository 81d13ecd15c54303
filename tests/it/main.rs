//! Integration tests: one binary (see ARCHITECTURE.md), one module per area.

mod offsets;
// The learned entity tagger: model file, training, output invariants.
mod tagger;
