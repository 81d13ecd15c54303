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
//! Cost: one pass to hash ~40 features per token, one table lookup per
//! feature, and an 11×11 Viterbi step per token; no allocation per token.

mod features;
mod format;
mod train;

use std::sync::OnceLock;

use crate::lexicon::Lexicon;
use crate::segment::Doc;
use crate::Label;

pub use train::{lexicon_fingerprint, train, Gold, GoldSpan, TrainConfig, TrainDoc, TrainStats};

/// The types the tagger learns, in tag order.
pub(crate) const TYPES: [Label; 5] = [Label::Person, Label::Org, Label::Loc, Label::Norp, Label::Event];
/// BIO tags: 0 = O, `1 + 2k` = B of type `k`, `2 + 2k` = I of type `k`.
pub(crate) const NTAGS: usize = 1 + 2 * TYPES.len();
/// Row of the transition table for the sentence start.
const START: usize = NTAGS;

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
    /// `2^bits` rows of `NTAGS` weights.
    weights: Vec<i8>,
    /// `(NTAGS + 1) × NTAGS`: row `prev` (or `START`), column `cur`.
    trans: Vec<i32>,
    /// Multiplies a margin before the logistic (see [`TaggedSpan::confidence`]).
    margin_scale: f32,
    /// Hash of the lexicon files the model was trained with.
    lexicon_fingerprint: u64,
}

static EMBEDDED: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/model/tagger.bin"));

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
    feats: Vec<u32>,
    starts: Vec<u32>,
    emissions: Vec<i32>,
    back: Vec<u8>,
    path: Vec<u8>,
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
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        self.tag_into(doc, lex, &mut scratch, &mut out, &mut |_| {});
        out
    }

    /// [`Model::tag`] with caller-owned buffers; `margins` sees every span's
    /// raw margin (for calibration).
    pub(crate) fn tag_into(
        &self,
        doc: &Doc,
        lex: &Lexicon,
        s: &mut Scratch,
        out: &mut Vec<TaggedSpan>,
        margins: &mut dyn FnMut(i32),
    ) {
        let n = doc.tokens.len();
        s.extractor.extract(doc, lex, self.bits, &mut s.feats, &mut s.starts);
        s.emissions.clear();
        s.emissions.resize(n * NTAGS, 0);
        for i in 0..n {
            let (a, b) = (s.starts[i] as usize, s.starts[i + 1] as usize);
            let em = &mut s.emissions[i * NTAGS..(i + 1) * NTAGS];
            for &f in s.feats.get(a..b).unwrap_or(&[]) {
                let base = f as usize * NTAGS;
                if let Some(row) = self.weights.get(base..base + NTAGS) {
                    for (e, &w) in em.iter_mut().zip(row) {
                        *e += w as i32;
                    }
                }
            }
        }
        let mut sent = 0;
        while sent < n {
            let mut end = sent + 1;
            while end < n && !doc.tokens[end].sent_start {
                end += 1;
            }
            let em = &s.emissions[sent * NTAGS..end * NTAGS];
            viterbi(em, &self.trans, None, &mut s.back, &mut s.path);
            self.spans(sent, em, &s.path, out, margins);
            sent = end;
        }
    }

    /// Turns a tag path of the sentence starting at token `first` into spans.
    fn spans(&self, first: usize, em: &[i32], path: &[u8], out: &mut Vec<TaggedSpan>, margins: &mut dyn FnMut(i32)) {
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
            out.push(TaggedSpan { tokens: first + i..first + j, label: TYPES[type_of(tag)], confidence });
            i = j;
        }
    }

    /// How far tag `tag` at position `k` beats the best other tag after `prev`.
    fn margin(&self, em: &[i32], prev: usize, tag: usize, k: usize) -> i32 {
        let row = &em[k * NTAGS..(k + 1) * NTAGS];
        let score = |t: usize| row[t] + self.trans[prev * NTAGS + t];
        let mine = score(tag);
        let other = (0..NTAGS).filter(|&t| t != tag && valid(prev, t)).map(score).max().unwrap_or(mine);
        mine - other
    }
}

/// Viterbi decoding of one sentence under the BIO constraints.
///
/// `em` holds `NTAGS` emission scores per token, `trans` the transition
/// weights, `allowed` (when given) a bit set of permitted tags per token.
/// Writes the best tag per token to `path`; if the constraints admit no path,
/// every tag is O.
pub(crate) fn viterbi(em: &[i32], trans: &[i32], allowed: Option<&[u16]>, back: &mut Vec<u8>, path: &mut Vec<u8>) {
    const NEG: i64 = i64::MIN / 4;
    let n = em.len() / NTAGS;
    path.clear();
    path.resize(n, 0);
    back.clear();
    back.resize(n * NTAGS, 0);
    if n == 0 || trans.len() < (NTAGS + 1) * NTAGS {
        return;
    }
    let ok = |i: usize, t: usize| allowed.map_or(true, |a| a.get(i).map_or(true, |m| m & (1 << t) != 0));
    let mut prev = [NEG; NTAGS];
    for t in 0..NTAGS {
        if valid(START, t) && ok(0, t) {
            prev[t] = trans[START * NTAGS + t] as i64 + em[t] as i64;
        }
    }
    for i in 1..n {
        let mut cur = [NEG; NTAGS];
        for t in 0..NTAGS {
            if !ok(i, t) {
                continue;
            }
            let mut best = NEG;
            let mut arg = 0u8;
            for (p, &ps) in prev.iter().enumerate() {
                if ps == NEG || !valid(p, t) {
                    continue;
                }
                let sc = ps + trans[p * NTAGS + t] as i64;
                if sc > best {
                    best = sc;
                    arg = p as u8;
                }
            }
            if best != NEG {
                cur[t] = best + em[i * NTAGS + t] as i64;
                back[i * NTAGS + t] = arg;
            }
        }
        prev = cur;
    }
    let (mut best, mut arg) = (NEG, usize::MAX);
    for (t, &sc) in prev.iter().enumerate() {
        if sc > best {
            best = sc;
            arg = t;
        }
    }
    if arg == usize::MAX {
        return; // No path under the constraints: all O.
    }
    for i in (0..n).rev() {
        path[i] = arg as u8;
        arg = back[i * NTAGS + arg] as usize;
    }
}
