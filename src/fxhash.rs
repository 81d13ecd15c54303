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
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
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
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// The bytes of `rest` (at most eight) as a little-endian word padded with
/// zeros: the same value as copying them into a zeroed `[u8; 8]`, but with
/// two overlapping loads instead of a variable-length copy, which compiles
/// to a call to `memcpy` (most words are shorter than eight bytes, so every
/// hash of a word took that call).
#[cfg_attr(not(target_arch = "wasm32"), inline)]
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
    /// The words, and a filter of their first and last bytes and lengths
    /// ([`filter_bit`]): most words asked are not in the list, and most of
    /// those the filter turns away without hashing them.
    set: std::sync::OnceLock<(WordMap<()>, [u64; 8])>,
}

/// The bit of a word in a [`WordSet`]'s filter (of 512 bits): from its
/// first and last bytes and its length, read without a loop or a branch
/// on the length.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
fn filter_bit(w: &[u8]) -> usize {
    let first = w.first().copied().unwrap_or(0) as u32;
    let last = w.last().copied().unwrap_or(0) as u32;
    let key = first | last << 8 | (w.len() as u32) << 16;
    (key.wrapping_mul(0x9e37_79b1) >> 23) as usize
}

impl WordSet {
    pub(crate) const fn new(list: &'static [&'static str]) -> WordSet {
        WordSet {
            list,
            set: std::sync::OnceLock::new(),
        }
    }

    pub(crate) fn contains(&self, word: &str) -> bool {
        let (set, filter) = self.set.get_or_init(|| {
            let mut set = WordMap::with_capacity(self.list.len());
            let mut filter = [0u64; 8];
            for w in self.list {
                set.entry(w);
                let bit = filter_bit(w.as_bytes());
                filter[bit / 64] |= 1 << (bit % 64);
            }
            (set, filter)
        });
        let w = word.as_bytes();
        let bit = filter_bit(w);
        filter
            .get(bit / 64)
            .is_some_and(|f| f >> (bit % 64) & 1 != 0)
            && set.get(w).is_some()
    }
}

/// A map from words to small values, for the lexicons' forty thousand
/// forms: open addressing over slots of one `u32` each, which hold the
/// entry's index and a tag of the word's hash. A lookup hashes the word
/// once, reads a slot (a word no list has mostly stops at an empty one)
/// and compares the word only with the entry whose tag matches: its first
/// eight bytes as one number, which for most words is all of them. It
/// looks up bytes, so a word lower-cased on the stack needs no UTF-8 check.
pub(crate) struct WordMap<V> {
    /// Per slot: 0 when empty, else the entry's index plus one in the low
    /// `bits` bits and bits 32.. of the hash above them.
    slots: Vec<u32>,
    entries: Vec<WordEntry<V>>,
    /// The log2 of the number of slots; at most half of them are used.
    bits: u32,
}

struct WordEntry<V> {
    /// The word's first eight bytes, zero-padded.
    head: u64,
    word: &'static str,
    value: V,
}

/// A word's first eight bytes, zero-padded: how [`WordMap`] holds and
/// compares them.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub(crate) fn word_head(word: &[u8]) -> u64 {
    match word.first_chunk::<8>() {
        Some(first) => u64::from_le_bytes(*first),
        None => tail_word(word),
    }
}

/// The hash of a word of `len` bytes given as its head ([`word_head`]) and
/// its bytes after the eighth: its length, then eight bytes at a time.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
fn word_hash(len: usize, head: u64, rest: &[u8]) -> u64 {
    let h = mix((len as u64).wrapping_mul(SEED), head);
    match rest {
        [] => h,
        _ => hash_rest(h, rest),
    }
}

#[cfg_attr(not(target_arch = "wasm32"), inline)]
fn mix(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(SEED)
}

/// [`word_hash`] of a word longer than eight bytes, from the hash `h` of
/// its length and head. (Out of line: most words have no rest.)
#[inline(never)]
fn hash_rest(mut h: u64, rest: &[u8]) -> u64 {
    let mut rest = rest;
    while let Some((chunk, more)) = rest.split_first_chunk::<8>() {
        h = mix(h, u64::from_le_bytes(*chunk));
        rest = more;
    }
    if !rest.is_empty() {
        h = mix(h, tail_word(rest));
    }
    h
}

impl<V> Default for WordMap<V> {
    fn default() -> WordMap<V> {
        WordMap::with_capacity(0)
    }
}

impl<V> WordMap<V> {
    pub(crate) fn with_capacity(n: usize) -> WordMap<V> {
        let bits = (2 * n).max(16).next_power_of_two().trailing_zeros();
        WordMap {
            slots: vec![0; 1 << bits],
            entries: Vec::with_capacity(n),
            bits,
        }
    }

    /// The slot of the word of `len` bytes with `head` ([`word_head`]) and
    /// bytes `rest` after the eighth (or the empty slot where it would go),
    /// and its entry. (Inlined: a lookup is a few dozen instructions, and
    /// the passes make thousands.)
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn find(&self, len: usize, head: u64, rest: &[u8]) -> (usize, Option<usize>) {
        let h = word_hash(len, head, rest);
        // The first slot and the tag from the top bits of the hash, which
        // the multiply fills best.
        let mut pos = (h >> (64 - self.bits)) as usize;
        let tag = ((h >> 32) as u32) << self.bits;
        let mask = self.slots.len() - 1;
        let index = (1u32 << self.bits) - 1;
        loop {
            let s = self.slots.get(pos).copied().unwrap_or(0);
            if s == 0 {
                return (pos, None);
            }
            if s & !index == tag {
                let k = (s & index) as usize - 1;
                if self.entries.get(k).is_some_and(|e| {
                    e.head == head
                        && e.word.len() == len
                        && (len <= 8 || e.word.as_bytes().get(8..) == Some(rest))
                }) {
                    return (pos, Some(k));
                }
            }
            pos = (pos + 1) & mask;
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub(crate) fn get(&self, word: &[u8]) -> Option<&V> {
        self.get_parts(word.len(), word_head(word), word.get(8..).unwrap_or(&[]))
    }

    /// [`WordMap::get`] of the word of `len` bytes with `head`
    /// ([`word_head`]) and bytes `rest` after the eighth: a caller that
    /// changes only the first bytes of a word (its case) needs no copy.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub(crate) fn get_parts(&self, len: usize, head: u64, rest: &[u8]) -> Option<&V> {
        let (_, k) = self.find(len, head, rest);
        self.entries.get(k?).map(|e| &e.value)
    }

    /// The value of `word`, inserted as `V::default()` when missing.
    pub(crate) fn entry(&mut self, word: &'static str) -> &mut V
    where
        V: Default,
    {
        let (len, head) = (word.len(), word_head(word.as_bytes()));
        let k = match self.find(len, head, word.as_bytes().get(8..).unwrap_or(&[])) {
            (_, Some(k)) => k,
            (pos, None) => {
                let k = self.entries.len();
                self.entries.push(WordEntry {
                    head,
                    word,
                    value: V::default(),
                });
                if 2 * self.entries.len() > self.slots.len() {
                    self.grow();
                } else if let Some(s) = self.slots.get_mut(pos) {
                    *s = slot(word, self.bits, k);
                }
                k
            }
        };
        &mut self.entries[k].value
    }

    /// Doubles the slots and places every entry again.
    fn grow(&mut self) {
        self.bits += 1;
        self.slots = vec![0; 1 << self.bits];
        let mask = self.slots.len() - 1;
        for (k, e) in self.entries.iter().enumerate() {
            let h = hash_of(e.word);
            let mut pos = (h >> (64 - self.bits)) as usize;
            while self.slots[pos] != 0 {
                pos = (pos + 1) & mask;
            }
            self.slots[pos] = slot(e.word, self.bits, k);
        }
    }

    /// Every entry, in the order of insertion.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'static str, &V)> {
        self.entries.iter().map(|e| (e.word, &e.value))
    }
}

/// The hash [`WordMap`] gives `word`.
pub(crate) fn hash_of(word: &str) -> u64 {
    let w = word.as_bytes();
    word_hash(w.len(), word_head(w), w.get(8..).unwrap_or(&[]))
}

/// The slot's content for entry `k`, holding `word`.
fn slot(word: &str, bits: u32, k: usize) -> u32 {
    ((hash_of(word) >> 32) as u32) << bits | (k as u32 + 1)
}

#[cfg(test)]
mod tests {
    /// Every word put in is found with its value, whatever the table's
    /// growth on the way, and words never put in are not.
    #[test]
    fn word_map_finds_what_was_put_in() {
        let words: Vec<&'static str> = (0..3000)
            .map(|k| &*Box::leak(format!("w{k}{}", "x".repeat(k % 19)).into_boxed_str()))
            .collect();
        let mut map = super::WordMap::<u32>::default();
        for (k, w) in words.iter().enumerate() {
            *map.entry(w) += k as u32 + 1;
        }
        for (k, w) in words.iter().enumerate() {
            *map.entry(w) += 1;
            assert_eq!(map.get(w.as_bytes()), Some(&(k as u32 + 2)), "{w}");
        }
        for w in ["", "w", "x", "w3000", "w1xx", "w20xx"] {
            assert_eq!(map.get(w.as_bytes()), None, "{w}");
        }
        assert_eq!(map.iter().count(), words.len());
    }

    /// A word set finds every listed word through its filter, and no other
    /// word, also those that share a listed word's filter bit.
    #[test]
    fn word_set_finds_its_words() {
        static LIST: &[&str] = &["Mr", "Mrs", "U.S", "etc", "", "Sept", "approximately"];
        static SET: super::WordSet = super::WordSet::new(LIST);
        for w in LIST {
            assert!(SET.contains(w), "{w:?}");
        }
        for w in ["Ms", "Mrrs", "M", "ets", "Sepx", "approximatelx", "mr", " "] {
            assert!(!SET.contains(w), "{w:?}");
        }
    }

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
