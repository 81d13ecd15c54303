//! Converts the core's UTF-8 byte offsets to the units other languages count.
//!
//! Rust slices strings by UTF-8 bytes, JavaScript by UTF-16 code units and
//! Python by Unicode scalar values (code points). This module is the one place
//! where offsets change unit. A [`OffsetMap`] answers each conversion in
//! constant time (a checkpoint every [`BLOCK`] bytes plus a short scan), so
//! converting every span of a large result stays linear.

/// Bytes between checkpoints.
const BLOCK: usize = 64;

/// Which unit to convert byte offsets to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// UTF-16 code units, as JavaScript's `String.prototype.slice` counts.
    Utf16,
    /// Unicode scalar values, as Python's `str` indices count.
    Scalar,
}

/// Converts byte offsets of one text into another unit.
pub struct OffsetMap<'a> {
    text: &'a str,
    unit: Unit,
    /// `checkpoints[i]` is the converted offset of byte `i * BLOCK` (rounded
    /// down to a char boundary, see [`OffsetMap::convert`]).
    checkpoints: Vec<usize>,
    ascii: bool,
}

impl<'a> OffsetMap<'a> {
    pub fn new(text: &'a str, unit: Unit) -> OffsetMap<'a> {
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        if !ascii {
            // Checkpoint `k` holds the value at the start of the char that
            // holds byte `k * BLOCK`; the units are counted by bytes (see
            // `count_units`), a block at a time.
            checkpoints.reserve(text.len() / BLOCK + 1);
            let bytes = text.as_bytes();
            let (mut at, mut converted) = (0, 0);
            let mut next = 0;
            while next <= text.len() {
                let start = crate::floor_char_boundary(text, next);
                converted += count_units(&bytes[at..start], unit);
                at = start;
                checkpoints.push(converted);
                next += BLOCK;
            }
        }
        OffsetMap {
            text,
            unit,
            checkpoints,
            ascii,
        }
    }

    /// Converts a byte offset (clamped to the text, rounded down to a char
    /// boundary) to the map's unit.
    pub fn convert(&self, byte: usize) -> usize {
        let byte = crate::floor_char_boundary(self.text, byte.min(self.text.len()));
        if self.ascii {
            return byte;
        }
        let block = byte / BLOCK;
        // The checkpoint holds the value at the start of the char containing
        // `block * BLOCK`; count from that char's start.
        let at = crate::floor_char_boundary(self.text, block * BLOCK);
        let converted = self.checkpoints.get(block).copied().unwrap_or(0);
        converted + count_units(&self.text.as_bytes()[at..byte], self.unit)
    }
}

/// The units of `bytes` (whole chars of valid UTF-8), counted by bytes: a
/// char counts at its first byte (every byte but the continuation bytes
/// `10xxxxxx`), and in UTF-16 a four-byte char (first byte `11110xxx`)
/// counts twice, a surrogate pair. Eight bytes at a time: bit 0 of each
/// byte of `x >> k` is bit `k` of that byte of `x`.
fn count_units(bytes: &[u8], unit: Unit) -> usize {
    const LOW_BITS: u64 = 0x0101_0101_0101_0101;
    let utf16 = unit == Unit::Utf16;
    let mut n = 0;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        let continuation = (x >> 7) & !(x >> 6) & LOW_BITS;
        n += 8 - continuation.count_ones() as usize;
        if utf16 {
            let four_byte = (x >> 7) & (x >> 6) & (x >> 5) & (x >> 4) & LOW_BITS;
            n += four_byte.count_ones() as usize;
        }
    }
    for &b in chunks.remainder() {
        n += usize::from(b & 0xC0 != 0x80) + usize::from(utf16 && b >= 0xF0);
    }
    n
}

/// Converts a UTF-16 offset of `text` back to a byte offset; an offset inside
/// a surrogate pair rounds down to the start of its char.
pub fn utf16_to_byte(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units + c.len_utf16() > utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width(c: char, unit: Unit) -> usize {
        match unit {
            Unit::Utf16 => c.len_utf16(),
            Unit::Scalar => 1,
        }
    }

    fn check(text: &str) {
        for unit in [Unit::Utf16, Unit::Scalar] {
            let map = OffsetMap::new(text, unit);
            let mut expect = 0;
            for (i, c) in text.char_indices() {
                assert_eq!(map.convert(i), expect, "{unit:?} at byte {i} of {text:?}");
                // Inside a char rounds down.
                for j in i + 1..i + c.len_utf8() {
                    assert_eq!(map.convert(j), expect);
                }
                expect += width(c, unit);
            }
            assert_eq!(map.convert(text.len()), expect);
            assert_eq!(map.convert(text.len() + 10), expect);
        }
    }

    #[test]
    fn conversions() {
        check("");
        check("plain ascii");
        check("café ☕ 😀 x");
        check(&"é😀a".repeat(100));
        check(&format!("{}😀{}", "a".repeat(63), "b".repeat(130)));
        check(&"\u{10FFFF}".repeat(70));
    }

    #[test]
    fn utf16_back_to_bytes() {
        let text = "a😀b";
        assert_eq!(utf16_to_byte(text, 0), 0);
        assert_eq!(utf16_to_byte(text, 1), 1);
        assert_eq!(utf16_to_byte(text, 2), 1);
        assert_eq!(utf16_to_byte(text, 3), 5);
        assert_eq!(utf16_to_byte(text, 4), 6);
        assert_eq!(utf16_to_byte(text, 99), 6);
    }
}
