//! The model file: a small header, then the non-zero weight rows.
//!
//! All integers are little-endian.
//!
//! ```text
//! "AATG"                      magic
//! u16 format version          FORMAT_VERSION
//! u16 features version        features::FEATURES_VERSION
//! u8  hash bits               table size 2^bits rows, 10..=24
//! u8  type count, then each type name as u8 length + ASCII ("PERSON", ...)
//! u8  tag scheme              b'B' (BIO: O, then B/I per type)
//! f32 margin scale            confidence = logistic(margin × scale)
//! u64 lexicon fingerprint     hash of data/lexicon/* at training time
//! i16 × (NTAGS+1)·NTAGS       transition weights (last row: sentence start)
//! u32 row count
//! varint × rows               bucket gaps (first: the bucket; then next − previous − 1)
//! u16 × rows                  bit set of the non-zero tags of each row
//! i8  × Σ popcount            the non-zero weights, row after row
//! u32 checksum                FNV-1a of every byte before it
//! ```
//!
//! The sections are columns rather than records so that gzip (and the
//! compression of the .wasm in transit) finds the repetition in each.

use super::{features::FEATURES_VERSION, valid, Model, FORBIDDEN, LANES, NTAGS, START, TYPES};

pub(crate) const MAGIC: &[u8; 4] = b"AATG";
pub(crate) const FORMAT_VERSION: u16 = 1;
const MIN_BITS: u32 = 10;
const MAX_BITS: u32 = 24;

/// Everything a model file holds, in the quantised units.
pub(crate) struct Parts {
    pub bits: u32,
    pub margin_scale: f32,
    pub lexicon_fingerprint: u64,
    /// `(NTAGS + 1) × NTAGS`.
    pub trans: Vec<i16>,
    /// `2^bits × NTAGS`.
    pub weights: Vec<i8>,
}

fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

pub(crate) fn encode(p: &Parts) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&FEATURES_VERSION.to_le_bytes());
    out.push(p.bits as u8);
    out.push(TYPES.len() as u8);
    for t in TYPES {
        out.push(t.as_str().len() as u8);
        out.extend_from_slice(t.as_str().as_bytes());
    }
    out.push(b'B');
    out.extend_from_slice(&p.margin_scale.to_le_bytes());
    out.extend_from_slice(&p.lexicon_fingerprint.to_le_bytes());
    for &t in &p.trans {
        out.extend_from_slice(&t.to_le_bytes());
    }
    let rows: Vec<usize> = (0..p.weights.len() / NTAGS)
        .filter(|&r| {
            p.weights[r * NTAGS..(r + 1) * NTAGS]
                .iter()
                .any(|&w| w != 0)
        })
        .collect();
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    let mut prev: Option<usize> = None;
    for &r in &rows {
        let mut gap = match prev {
            None => r,
            Some(p) => r - p - 1,
        } as u32;
        loop {
            let b = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
        prev = Some(r);
    }
    for &r in &rows {
        let row = &p.weights[r * NTAGS..(r + 1) * NTAGS];
        let mask = row
            .iter()
            .enumerate()
            .fold(0u16, |m, (t, &w)| if w != 0 { m | 1 << t } else { m });
        out.extend_from_slice(&mask.to_le_bytes());
    }
    for &r in &rows {
        out.extend(
            p.weights[r * NTAGS..(r + 1) * NTAGS]
                .iter()
                .filter(|&&w| w != 0)
                .map(|&w| w as u8),
        );
    }
    let sum = fnv1a(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// A bounds-checked reader.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn varint(&mut self) -> Option<u32> {
        let mut v: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            v |= ((b & 0x7f) as u32).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
}

pub(crate) fn decode(bytes: &[u8]) -> Option<Model> {
    let body_len = bytes.len().checked_sub(4)?;
    let (body, sum) = bytes.split_at(body_len);
    if fnv1a(body) != u32::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let mut r = Reader {
        bytes: body,
        pos: 0,
    };
    if r.take(4)? != MAGIC || r.u16()? != FORMAT_VERSION || r.u16()? != FEATURES_VERSION {
        return None;
    }
    let bits = r.u8()? as u32;
    if !(MIN_BITS..=MAX_BITS).contains(&bits) {
        return None;
    }
    if r.u8()? as usize != TYPES.len() {
        return None;
    }
    for t in TYPES {
        let len = r.u8()? as usize;
        if r.take(len)? != t.as_str().as_bytes() {
            return None;
        }
    }
    if r.u8()? != b'B' {
        return None;
    }
    let margin_scale = f32::from_le_bytes(r.take(4)?.try_into().ok()?);
    if !margin_scale.is_finite() || margin_scale <= 0.0 {
        return None;
    }
    let lexicon_fingerprint = r.u64()?;
    let mut trans = Vec::with_capacity((NTAGS + 1) * NTAGS);
    for _ in 0..(NTAGS + 1) * NTAGS {
        trans.push(r.u16()? as i16 as i32);
    }
    let nrows = r.u32()? as usize;
    let table_rows = 1usize << bits;
    if nrows > table_rows {
        return None;
    }
    let mut rows = Vec::with_capacity(nrows);
    let mut next = 0usize;
    for _ in 0..nrows {
        let row = next.checked_add(r.varint()? as usize)?;
        if row >= table_rows {
            return None;
        }
        rows.push(row);
        next = row + 1;
    }
    let masks = r.take(nrows.checked_mul(2)?)?;
    // See `Model::index`: the low byte of each entry marks the rows with
    // weights, the top 24 bits (rows < 2^24) give the place of the first.
    let mut index = vec![0u32; table_rows.div_ceil(8)];
    let mut packed = Vec::with_capacity(nrows + 1);
    packed.push([128u8; LANES]);
    for (k, &row) in rows.iter().enumerate() {
        let mask = u16::from_le_bytes([masks[2 * k], masks[2 * k + 1]]);
        if mask == 0 || mask >> NTAGS != 0 {
            return None;
        }
        index[row / 8] |= 1 << (row % 8);
        let mut biased = [128u8; LANES];
        for (t, b) in biased.iter_mut().enumerate().take(NTAGS) {
            if mask & (1 << t) != 0 {
                *b = (r.u8()? as i8 as i16 + 128) as u8;
            }
        }
        packed.push(biased);
    }
    let mut place = 1u32;
    for e in &mut index {
        let bits = *e;
        *e |= place << 8;
        place += bits.count_ones();
    }
    if r.pos != body.len() {
        return None;
    }
    let mut trans_out = [[FORBIDDEN; LANES]; NTAGS];
    for (prev, row) in trans_out.iter_mut().enumerate() {
        for (cur, w) in row.iter_mut().enumerate().take(NTAGS) {
            if valid(prev, cur) {
                *w = trans[prev * NTAGS + cur];
            }
        }
    }
    let mut trans_start = [0i32; NTAGS];
    for (cur, w) in trans_start.iter_mut().enumerate() {
        *w = trans[START * NTAGS + cur];
    }
    Some(Model {
        bits,
        index,
        rank8: super::rank8(),
        rows: packed,
        trans,
        trans_out,
        trans_start,
        margin_scale,
        lexicon_fingerprint,
    })
}
