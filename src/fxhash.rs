//! A small, fast, non-cryptographic hasher for the lexicon maps (the
//! Firefox/rustc "FxHash" mixing), written out to avoid a dependency. The
//! maps hold built-in data and per-document names, so hash flooding is not
//! a concern: their size is bounded by the input, which is linear anyway.

use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(tail_word(rest));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// The bytes of `rest` (at most eight) as a little-endian word padded with
/// zeros: the same value as copying them into a zeroed `[u8; 8]`, but with
/// two overlapping loads instead of a variable-length copy, which compiles
/// to a call to `memcpy` (most words are shorter than eight bytes, so every
/// hash of a word took that call).
#[inline]
pub(crate) fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    let word = |b: &[u8]| b.iter().rev().fold(0u64, |w, &x| w << 8 | x as u64);
    match n {
        0 => 0,
        1 => rest[0] as u64,
        // The two halves overlap when n is odd or below 8; the overlapping
        // bytes are the same, so OR-ing them changes nothing.
        2..=3 => word(&rest[..2]) | word(&rest[n - 2..]) << (8 * (n - 2)),
        4..=7 => word(&rest[..4]) | word(&rest[n - 4..]) << (8 * (n - 4)),
        _ => word(&rest[..8]),
    }
}

pub(crate) type FxBuildHasher = BuildHasherDefault<FxHasher>;
pub(crate) type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuildHasher>;

/// A fixed list of words, checked by one hash probe instead of a scan: for
/// the longer lists that are consulted once per token or run.
pub(crate) struct WordSet {
    list: &'static [&'static str],
    // A map to unit rather than a set: the same code as the other maps of
    // words to unit (a smaller .wasm).
    set: std::sync::OnceLock<FxHashMap<&'static str, ()>>,
}

impl WordSet {
    pub(crate) const fn new(list: &'static [&'static str]) -> WordSet {
        WordSet {
            list,
            set: std::sync::OnceLock::new(),
        }
    }

    pub(crate) fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.list.iter().map(|&w| (w, ())).collect())
            .contains_key(word)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tail_word_pads_with_zeros() {
        let bytes = b"abcdefgh";
        for n in 0..=8 {
            let mut buf = [0u8; 8];
            buf[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(
                super::tail_word(&bytes[..n]),
                u64::from_le_bytes(buf),
                "n = {n}"
            );
        }
    }
}
