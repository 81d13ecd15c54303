//! The learned entity tagger (averaged perceptron over tokens).

/// Trains the tagger; see `data/model/README.md`.
pub fn train() {}
