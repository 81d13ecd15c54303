//! The learned entity tagger: a linear-chain averaged perceptron over tokens.
//!
//! It proposes PERSON, ORG, LOC, NORP and EVENT spans that no list contains.
//! The caller ([`crate::entities`]) decides what to keep and splits LOC into
//! GPE and LOC with the lexicon: the training data folds GPE and FAC into
//! LOC, so the model has a single place class.
//!
//! - Tokens are the product's own ([`crate::segment`]), so training and run
//!   time see the same units.
//! - Features ([`features`]) are hashed into `2^bits` buckets, each holding one
//!   `i8` weight per tag; tags are BIO over the five types.
//! - Decoding is Viterbi under the BIO constraints (an `I-X` only after a
//!   `B-X` or `I-X`), with learned tag-transition weights.
//! - The weights are trained by `src/bin/train-tagger.rs` ([`train`]), pruned,
//!   quantised and embedded from `data/model/tagger.bin` ([`format`]); a bad
//!   header makes [`model`] return `None` and the core falls back to rules.
//!
//! Cost: one pass over the doc's forms and tokens, then per active token
//! (see `features::Extractor::activity`) up to ~40 hashed features, one
//! table lookup per feature and an 11×11 Viterbi step; one segment (a run of
//! active tokens in a sentence) at a time, so the buffers are the size of a
//! sentence; no allocation per token.

mod features;
mod format;
mod train;

use std::sync::OnceLock;

use crate::lexicon::Lexicon;
use crate::segment::Doc;
use crate::Label;

pub use train::{lexicon_fingerprint, train, Gold, GoldSpan, TrainConfig, TrainDoc, TrainStats};

/// The types the tagger learns, in tag order.
pub(crate) const TYPES: [Label; 5] = [
    Label::Person,
    Label::Org,
    Label::Loc,
    Label::Norp,
    Label::Event,
];
/// BIO tags: 0 = O, `1 + 2k` = B of type `k`, `2 + 2k` = I of type `k`.
pub(crate) const NTAGS: usize = 1 + 2 * TYPES.len();
// A row of the table packs into twelve bytes (see `Model::rows`).
const _: () = assert!(NTAGS <= 12);
/// Row of the transition table for the sentence start.
const START: usize = NTAGS;
/// The decoder's score vectors: one lane per tag, padded to a multiple of
/// four so that the compiler keeps them in SIMD registers.
const LANES: usize = 12;
const _: () = assert!(NTAGS <= LANES);
/// A score no path takes: far below any real one (emissions and
/// transitions stay within a few hundred thousand), far above `i32::MIN`
/// when two are added.
const FORBIDDEN: i32 = -(1 << 29);

/// The index in [`TYPES`] of a label (GPE counts as LOC).
pub(crate) fn type_index(label: Label) -> Option<usize> {
    match label {
        Label::Gpe => Some(2),
        l => TYPES.iter().position(|&t| t == l),
    }
}

fn is_inside(tag: usize) -> bool {
    tag != 0 && tag % 2 == 0
}

fn type_of(tag: usize) -> usize {
    (tag - 1) / 2
}

/// Whether tag `cur` may follow tag `prev` (`START` at a sentence start).
fn valid(prev: usize, cur: usize) -> bool {
    !is_inside(cur) || (prev != START && prev != 0 && type_of(prev) == type_of(cur))
}

/// A span the tagger proposes.
#[derive(Clone, Debug, PartialEq)]
pub struct TaggedSpan {
    /// Token indices into `Doc::tokens`.
    pub tokens: std::ops::Range<usize>,
    /// One of PERSON, ORG, LOC, NORP, EVENT.
    pub label: Label,
    /// A score in (0, 1) for ranking and thresholds, not a probability: the
    /// logistic of the span's weakest per-token Viterbi margin, scaled so
    /// that the median span of the training data gets about 0.88.
    pub confidence: f32,
}

/// A loaded model.
pub struct Model {
    bits: u32,
    /// The table, `2^bits` rows of `NTAGS` weights, stored sparsely: one
    /// `u32` per eight rows, whose low byte has bit `r % 8` set when row `r`
    /// has a weight, and whose top 24 bits are the place in `rows` of the
    /// first of these eight rows with one. Row `r` is then at that place plus
    /// the number of bits set below bit `r % 8`, read from `rank8` (the
    /// native build has no popcount instruction); a row without
    /// weights is `rows[0]`. The index (128 KB for 2^18 rows) stays in
    /// cache, and a lookup is one load and no branch.
    index: Vec<u32>,
    /// See [`rank8`].
    rank8: Box<[u8; 2048]>,
    /// Each row's weights plus 128, one byte per tag; `rows[0]` is all
    /// zero weights. Summed in 16-bit lanes, which cannot carry for up to
    /// 257 rows, with SIMD adds of a row at a time.
    rows: Vec<[u8; LANES]>,
    /// `(NTAGS + 1) × NTAGS`: row `prev` (or `START`), column `cur`.
    trans: Vec<i32>,
    /// For [`Model::decode`]: `trans_out[prev][cur]` over [`LANES`] tags,
    /// with the transitions BIO forbids (an I tag after anything but its own
    /// B or I) and the padding lane at [`FORBIDDEN`].
    trans_out: [[i32; LANES]; NTAGS],
    /// The transitions from the sentence start, `trans[START][cur]`.
    trans_start: [i32; NTAGS],
    /// Multiplies a margin before the logistic (see [`TaggedSpan::confidence`]).
    margin_scale: f32,
    /// Hash of the lexicon files the model was trained with.
    lexicon_fingerprint: u64,
}

static EMBEDDED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/model/tagger.bin"
));

/// The embedded model, parsed on first use; `None` if the embedded weights
/// fail the header check.
pub fn model() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL.get_or_init(|| Model::from_bytes(EMBEDDED)).as_ref()
}

/// Reusable buffers for [`Model::tag`] and training.
#[derive(Default)]
pub(crate) struct Scratch {
    extractor: features::Extractor,
    /// One segment's emission scores, `NTAGS` per token.
    emissions: Vec<i32>,
    /// One segment's Viterbi scores, per token (see [`Model::decode`]).
    scores: Vec<[i32; LANES]>,
    path: Vec<u8>,
}

impl Scratch {
    /// Frees buffers grown past what a long article needs, so one huge
    /// input does not pin its memory for the rest of the thread's life.
    fn shrink(&mut self) {
        const KEEP: usize = 1 << 16;
        if self.emissions.capacity() > KEEP * NTAGS || self.extractor.token_capacity() > KEEP {
            *self = Scratch::default();
        }
    }
}

impl Model {
    /// Parses and checks a model file (magic, versions, label set, sizes,
    /// checksum); `None` if anything is off.
    pub fn from_bytes(bytes: &[u8]) -> Option<Model> {
        format::decode(bytes)
    }

    /// The hash of the lexicon files the model was trained with (see
    /// `lexicon_fingerprint` in the trainer).
    pub fn lexicon_fingerprint(&self) -> u64 {
        self.lexicon_fingerprint
    }

    /// Tags a segmented doc: spans sorted, within bounds, never overlapping,
    /// never crossing a sentence boundary.
    pub fn tag(&self, doc: &Doc, lex: &Lexicon) -> Vec<TaggedSpan> {
        self.tag_with_hints(doc, lex, &crate::entities::rule_hints(doc, lex))
    }

    /// [`Model::tag`] with the rules' evidence already computed
    /// (`entities::hints_from`, one byte per token).
    pub(crate) fn tag_with_hints(&self, doc: &Doc, lex: &Lexicon, hints: &[u8]) -> Vec<TaggedSpan> {
        // The buffers are kept per thread between calls: a page annotating
        // one article after another reuses them instead of allocating (and
        // faulting in) fresh ones. They never affect the result.
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
        }
        let mut out = Vec::new();
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => {
                self.tag_into(doc, lex, hints, &mut scratch, &mut out, &mut |_| {});
                scratch.shrink();
            }
            Err(_) => self.tag_into(
                doc,
                lex,
                hints,
                &mut Scratch::default(),
                &mut out,
                &mut |_| {},
            ),
        });
        out
    }

    /// [`Model::tag`] with caller-owned buffers; `margins` sees every span's
    /// raw margin (for calibration).
    pub(crate) fn tag_into(
        &self,
        doc: &Doc,
        lex: &Lexicon,
        hints: &[u8],
        s: &mut Scratch,
        out: &mut Vec<TaggedSpan>,
        margins: &mut dyn FnMut(i32),
    ) {
        // One segment (a run of active tokens in a sentence) at a time, so
        // the buffers stay the size of a sentence, not of the doc.
        s.extractor.prepare(doc, lex);
        for seg in segments(doc, s.extractor.active()) {
            s.emissions.clear();
            s.emissions.resize(seg.len() * NTAGS, 0);
            for (i, em) in seg.clone().zip(s.emissions.chunks_exact_mut(NTAGS)) {
                let mut sums = Emission::new(self);
                s.extractor
                    .features(doc, i, seg.clone(), hints, self.bits, &mut sums);
                sums.finish(em);
            }
            self.decode(&s.emissions, &mut s.scores, &mut s.path);
            self.spans(seg.start, &s.emissions, &s.path, out, margins);
        }
    }

    /// Viterbi without constraints beyond BIO: the same best path as
    /// [`viterbi`] with `allowed = None` (ties go the same way), in the
    /// cheaper form the tagger runs on every sentence.
    ///
    /// The forward pass keeps only scores: for every tag at once, the best
    /// over the previous tags of score plus transition. The transitions BIO
    /// forbids weigh [`FORBIDDEN`], so they never win; written as maxima over
    /// fixed-size arrays, a step compiles to branch-free SIMD. Each step's
    /// scores are kept (`scores`), and the walk back recomputes the one
    /// best previous tag it needs per token (previous tags in ascending
    /// order, a later one only when strictly better: the first best wins a
    /// tie, as in [`viterbi`]) instead of the forward pass recording it for
    /// every tag.
    fn decode(&self, em: &[i32], scores: &mut Vec<[i32; LANES]>, path: &mut Vec<u8>) {
        let n = em.len() / NTAGS;
        path.clear();
        path.resize(n, 0);
        scores.clear();
        let Some(first) = em.get(..NTAGS) else { return };
        // An I tag cannot start a sentence; from the second token on every
        // tag is reachable, and scores stay near 0 (see below).
        let mut prev = [0i32; LANES];
        for t in 0..NTAGS {
            prev[t] = if is_inside(t) {
                FORBIDDEN
            } else {
                self.trans_start[t] + first[t]
            };
        }
        scores.push(prev);
        const _: () = assert!(NTAGS == 11 && LANES % 4 == 0);
        for e in em.chunks_exact(NTAGS).skip(1) {
            // Four tags at a time (a SIMD register), the maximum over the
            // eleven previous tags taken as a tree rather than a chain: the
            // same values, with a shorter wait for each.
            let mut best = [0i32; LANES];
            for (k, out) in best.chunks_exact_mut(4).enumerate() {
                let c = |p: usize| -> [i32; 4] {
                    let (pv, w) = (prev[p], &self.trans_out[p]);
                    [
                        pv + w[4 * k],
                        pv + w[4 * k + 1],
                        pv + w[4 * k + 2],
                        pv + w[4 * k + 3],
                    ]
                };
                let low = max4(max4(c(0), c(1)), max4(c(2), c(3)));
                let mid = max4(max4(c(4), c(5)), max4(c(6), c(7)));
                let high = max4(max4(c(8), c(9)), c(10));
                out.copy_from_slice(&max4(max4(low, mid), high));
            }
            for t in 0..NTAGS {
                best[t] += e[t];
            }
            // Keep scores relative to O's, so that i32 never overflows.
            let o = best[0];
            for (p, c) in prev.iter_mut().zip(best) {
                *p = c - o;
            }
            scores.push(prev);
        }
        let mut arg = 0;
        for t in 1..NTAGS {
            if prev[t] > prev[arg] {
                arg = t;
            }
        }
        for (i, before) in (1..n).rev().zip(scores.iter().rev().skip(1)) {
            path[i] = arg as u8;
            let mut from = 0;
            let mut top = before[0] + self.trans_out[0][arg];
            for (p, row) in self.trans_out.iter().enumerate().skip(1) {
                let sc = before[p] + row[arg];
                if sc > top {
                    top = sc;
                    from = p;
                }
            }
            arg = from;
        }
        if let Some(p) = path.first_mut() {
            *p = arg as u8;
        }
    }

    /// The biased weights of table row `f` (see `Model::index`).
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn row(&self, f: usize) -> &[u8; LANES] {
        const ZERO: [u8; LANES] = [128; LANES];
        let Some(&e) = self.index.get(f / 8) else {
            return &ZERO;
        };
        let bit = f % 8;
        let place = (e >> 8) + u32::from(self.rank8[((e & 0xff) as usize) << 3 | bit]);
        // Place 0 (the zero row) unless bit `bit` is set, without a branch.
        let present = 0u32.wrapping_sub(e >> bit & 1);
        self.rows.get((place & present) as usize).unwrap_or(&ZERO)
    }

    /// Turns a tag path of the sentence starting at token `first` into spans.
    fn spans(
        &self,
        first: usize,
        em: &[i32],
        path: &[u8],
        out: &mut Vec<TaggedSpan>,
        margins: &mut dyn FnMut(i32),
    ) {
        let mut i = 0;
        while i < path.len() {
            let tag = path[i] as usize;
            if tag == 0 || is_inside(tag) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < path.len() && path[j] as usize == tag + 1 {
                j += 1;
            }
            let mut weakest = i32::MAX;
            for k in i..j {
                let prev = if k == 0 { START } else { path[k - 1] as usize };
                weakest = weakest.min(self.margin(em, prev, path[k] as usize, k));
            }
            margins(weakest);
            let confidence = 1.0 / (1.0 + (-(weakest as f32) * self.margin_scale).exp());
            out.push(TaggedSpan {
                tokens: first + i..first + j,
                label: TYPES[type_of(tag)],
                confidence,
            });
            i = j;
        }
    }

    /// How far tag `tag` at position `k` beats the best other tag after `prev`.
    fn margin(&self, em: &[i32], prev: usize, tag: usize, k: usize) -> i32 {
        let row = &em[k * NTAGS..(k + 1) * NTAGS];
        let score = |t: usize| row[t] + self.trans[prev * NTAGS + t];
        let mine = score(tag);
        let other = (0..NTAGS)
            .filter(|&t| t != tag && valid(prev, t))
            .map(score)
            .max()
            .unwrap_or(mine);
        mine - other
    }
}

/// The runs of active tokens (see `features::Extractor::activity`) within
/// sentences: the sequences the tagger decodes, at training and run time.
pub(crate) fn segments<'a>(
    doc: &'a Doc,
    active: &'a [bool],
) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let n = doc.tokens.len().min(active.len());
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < n && !active[i] {
            i += 1;
        }
        if i >= n {
            return None;
        }
        let start = i;
        i += 1;
        while i < n && active[i] && !doc.tokens[i].sent_start {
            i += 1;
        }
        Some(start..i)
    })
}

/// Lane by lane maximum of two vectors of four scores.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
fn max4(mut a: [i32; 4], b: [i32; 4]) -> [i32; 4] {
    for (a, b) in a.iter_mut().zip(b) {
        *a = (*a).max(b);
    }
    a
}

/// `rank8()[b << 3 | k]`: the number of bits of byte `b` set below bit
/// `k`. Built when the model loads rather than stored (2 KB of .wasm).
pub(crate) fn rank8() -> Box<[u8; 2048]> {
    let mut t = Box::new([0u8; 2048]);
    for (i, r) in t.iter_mut().enumerate() {
        *r = ((i >> 3) as u8 & ((1u16 << (i & 7)) - 1) as u8).count_ones() as u8;
    }
    t
}

/// One token's emission scores, summed as its features come (see
/// `features::Sink`).
struct Emission<'m> {
    model: &'m Model,
    /// The biased rows (see `Model::rows`) summed since the last flush.
    acc: [u16; LANES],
    /// How many rows `acc` holds.
    k: i32,
    sum: [i32; LANES],
}

impl<'m> Emission<'m> {
    fn new(model: &'m Model) -> Self {
        Emission {
            model,
            acc: [0; LANES],
            k: 0,
            sum: [0; LANES],
        }
    }

    /// Moves `acc` into `sum`, unbiased.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn flush(&mut self) {
        for (s, &a) in self.sum.iter_mut().zip(&self.acc) {
            *s += i32::from(a) - 128 * self.k;
        }
        self.acc = [0; LANES];
        self.k = 0;
    }

    /// Writes the scores of the tags to `em`.
    fn finish(mut self, em: &mut [i32]) {
        self.flush();
        for (e, &s) in em.iter_mut().zip(&self.sum) {
            *e = s;
        }
    }
}

impl features::Sink for Emission<'_> {
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn push(&mut self, bucket: u32) {
        for (a, &w) in self.acc.iter_mut().zip(self.model.row(bucket as usize)) {
            *a += u16::from(w);
        }
        self.k += 1;
        // 256 rows of at most 255 each fit in 16 bits.
        if self.k == 256 {
            self.flush();
        }
    }
}

/// Viterbi decoding of one sentence under the BIO constraints.
///
/// `em` holds `NTAGS` emission scores per token, `trans` the transition
/// weights, `allowed` (when given) a bit set of permitted tags per token.
/// Writes the best tag per token to `path`; if the constraints admit no path,
/// every tag is O.
///
/// O and B tags may follow any tag, an I tag only the B or I of its type, so
/// a step costs one max over all previous tags per O/B tag and a max of two
/// per I tag.
pub(crate) fn viterbi(
    em: &[i32],
    trans: &[i32],
    allowed: Option<&[u16]>,
    back: &mut Vec<u8>,
    path: &mut Vec<u8>,
) {
    // Scores are renormalised every step (best = 0), so i32 never overflows;
    // NEG marks a state with no path and stays far below any real score.
    const NEG: i32 = -(1 << 29);
    let n = em.len() / NTAGS;
    path.clear();
    path.resize(n, 0);
    back.clear();
    back.resize(n * NTAGS, 0);
    let Ok(trans) =
        <&[i32; (NTAGS + 1) * NTAGS]>::try_from(trans.get(..(NTAGS + 1) * NTAGS).unwrap_or(&[]))
    else {
        return;
    };
    if n == 0 {
        return;
    }
    let all = (1u16 << NTAGS) - 1;
    let mask = |i: usize| allowed.map_or(all, |a| a.get(i).copied().unwrap_or(all));
    let mut prev = [NEG; NTAGS];
    let m0 = mask(0);
    for t in 0..NTAGS {
        if !is_inside(t) && m0 & (1 << t) != 0 {
            prev[t] = trans[START * NTAGS + t] + em[t];
        }
    }
    for (i, (e, b)) in em
        .chunks_exact(NTAGS)
        .zip(back.chunks_exact_mut(NTAGS))
        .enumerate()
        .skip(1)
    {
        let m = mask(i);
        let mut cur = [NEG; NTAGS];
        let mut top = NEG;
        for t in 0..NTAGS {
            if m & (1 << t) == 0 {
                continue;
            }
            let (mut best, mut arg) = (NEG, 0u8);
            // An I tag follows only its own B or I; O and B follow anything.
            let from = if is_inside(t) { t - 1..t + 1 } else { 0..NTAGS };
            for p in from {
                let sc = prev[p] + trans[p * NTAGS + t];
                if sc > best {
                    best = sc;
                    arg = p as u8;
                }
            }
            if best > NEG / 2 {
                cur[t] = best + e[t];
                b[t] = arg;
                top = top.max(cur[t]);
            }
        }
        if top <= NEG / 2 {
            return; // No path under the constraints: all O.
        }
        for (p, c) in prev.iter_mut().zip(cur) {
            *p = if c > NEG / 2 { c - top } else { NEG };
        }
    }
    let (mut best, mut arg) = (NEG, usize::MAX);
    for (t, &sc) in prev.iter().enumerate() {
        if sc > best {
            best = sc;
            arg = t;
        }
    }
    if arg == usize::MAX || best <= NEG / 2 {
        return;
    }
    for i in (0..n).rev() {
        path[i] = arg as u8;
        arg = back[i * NTAGS + arg] as usize;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model whose transitions are `trans` and whose table is empty.
    fn model_with(trans: Vec<i16>) -> Model {
        let parts = format::Parts {
            bits: 10,
            margin_scale: 1.0,
            lexicon_fingerprint: 0,
            trans,
            weights: vec![0; (1 << 10) * NTAGS],
        };
        Model::from_bytes(&format::encode(&parts)).expect("a well-formed model")
    }

    /// xorshift, for reproducible pseudo-random cases.
    fn next(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    /// `decode` finds the path `viterbi` (no constraints) finds, ties
    /// included, on sentences of `len` tokens with emissions and
    /// transitions drawn from `-range..range`.
    fn check(seed: u64, len: usize, range: i32) {
        let mut state = seed | 1;
        let draw = |state: &mut u64| (next(state) % (2 * range as u64)) as i32 - range;
        let trans: Vec<i16> = (0..(NTAGS + 1) * NTAGS)
            .map(|_| draw(&mut state) as i16)
            .collect();
        let model = model_with(trans);
        let em: Vec<i32> = (0..len * NTAGS).map(|_| draw(&mut state)).collect();
        let (mut back, mut want) = (Vec::new(), Vec::new());
        viterbi(&em, &model.trans, None, &mut back, &mut want);
        let (mut scores, mut got) = (Vec::new(), Vec::new());
        model.decode(&em, &mut scores, &mut got);
        assert_eq!(got, want, "seed {seed}, {len} tokens, range {range}");
    }

    #[test]
    fn decode_matches_viterbi() {
        // (seed, tokens, range): small ranges give many ties.
        let cases = [
            (1, 0, 10),
            (2, 1, 10),
            (3, 2, 2),
            (4, 5, 1),
            (5, 8, 3),
            (6, 30, 2),
            (7, 30, 100),
            (8, 200, 5000),
            (9, 64, 1),
        ];
        for (seed, len, range) in cases {
            for k in 0..50 {
                check(seed * 1000 + k, len, range);
            }
        }
    }
}
