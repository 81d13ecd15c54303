//! Hashed features of each token, the same at training and at run time.
//!
//! Every feature is a (template, value) pair hashed straight into a bucket of
//! the weight table; no feature string is ever built. One pass over the doc
//! fills a [`TokInfo`] per token (hashes of the word, its lower-cased form,
//! shapes, affixes, lexicon classes), then each token's features combine its
//! own and its neighbours' infos within the sentence. The only allocations are
//! the per-doc vectors and two small reusable string buffers.
//!
//! Changing anything here changes what the weights mean: bump
//! [`FEATURES_VERSION`] and retrain (the model header carries the version, so
//! an old model is refused rather than silently misread).

use crate::lexicon::{Lexicon, WordClass};
use crate::segment::{Doc, TokenKind};

/// The version of the feature templates; stored in the model header.
pub(crate) const FEATURES_VERSION: u16 = 3;

/// FxHash-style mixing step.
#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// Murmur3's 64-bit finaliser: spreads the bits before taking the top ones.
#[inline]
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Hashes a byte string, eight bytes at a time.
#[inline]
pub(crate) fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = mix(0x2545_f491_4f6c_dd1d, b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(w));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = mix(h, u64::from_le_bytes(w));
    }
    h
}

/// Feature templates. The numbers are part of the model format.
mod t {
    pub const BIAS: u64 = 0;
    pub const LOWER: u64 = 1;
    pub const FORM: u64 = 2;
    pub const SHAPE: u64 = 3;
    pub const SSHAPE: u64 = 4;
    pub const PREFIX: u64 = 5; // + 0..3
    pub const SUFFIX: u64 = 8; // + 0..4
    pub const LOWER_M1: u64 = 12;
    pub const LOWER_P1: u64 = 13;
    pub const LOWER_M2: u64 = 14;
    pub const LOWER_P2: u64 = 15;
    pub const SS_M1: u64 = 16;
    pub const SS_P1: u64 = 17;
    pub const SS_M2: u64 = 18;
    pub const SS_P2: u64 = 19;
    pub const SS_M1_0: u64 = 20;
    pub const SS_0_P1: u64 = 21;
    pub const SS_M1_0_P1: u64 = 22;
    pub const BIGRAM_M1: u64 = 23;
    pub const BIGRAM_P1: u64 = 24;
    pub const SENT_START_SS: u64 = 25;
    pub const LEX: u64 = 26;
    pub const LEX_M1: u64 = 27;
    pub const LEX_P1: u64 = 28;
    pub const LEX_TITLECASED: u64 = 29;
    pub const COMMON_SS: u64 = 30;
    pub const PHRASE: u64 = 31;
    pub const CASE_PROFILE_SS: u64 = 32;
    pub const LOWER_M1_SS: u64 = 33;
    pub const LEX_M2: u64 = 34;
    pub const LEX_P2: u64 = 35;
    pub const DOC_CASE: u64 = 36;
    pub const CASE_PROFILE_LOWER: u64 = 37;
}

/// Lexicon classes used as features (speech verbs and calendar words matter
/// too: "said" after a name, "Monday" is not one).
const LEX_CLASSES: [WordClass; 17] = [
    WordClass::GIVEN,
    WordClass::SURNAME,
    WordClass::GPE,
    WordClass::LOC,
    WordClass::COUNTRY,
    WordClass::NORP,
    WordClass::ORG,
    WordClass::ORG_WORD,
    WordClass::LOC_WORD,
    WordClass::EVENT_WORD,
    WordClass::TITLE,
    WordClass::HONORIFIC,
    WordClass::SPEECH_VERB,
    WordClass::COMMON,
    WordClass::EVENT,
    WordClass::CALENDAR,
    WordClass::NAME_PARTICLE,
];

/// Case profile of a sentence or document.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum CaseProfile {
    Normal = 0,
    /// Every word in capitals.
    AllCaps = 1,
    /// No capital letter at all.
    NoCaps = 2,
    /// Most words capitalised: a headline.
    Title = 3,
}

/// What one token contributes to its own and its neighbours' features.
#[derive(Clone, Copy, Default)]
pub(crate) struct TokInfo {
    lower: u64,
    form: u64,
    shape: u64,
    sshape: u64,
    prefix: [u64; 3],
    suffix: [u64; 4],
    /// Lexicon classes of the form as written.
    lex: u32,
    /// Lexicon classes of the title-cased form, for a word written in lower
    /// case or in capitals ("london", "LONDON"); 0 otherwise.
    lex_tc: u32,
    /// Common-word rank bucket, 0 = not common.
    common: u8,
    /// Lexicon phrase position (1 = first, 2 = inside, 3 = last; 0 = none)
    /// and the phrase's classes.
    phrase_pos: u8,
    phrase_lex: u32,
    /// Case profile of the token's sentence.
    case: u8,
}

/// Pseudo-infos for the positions before and after a sentence.
const fn edge(v: u64) -> TokInfo {
    TokInfo {
        lower: v,
        form: v,
        shape: v,
        sshape: v,
        prefix: [v; 3],
        suffix: [v; 4],
        lex: 0,
        lex_tc: 0,
        common: 0,
        phrase_pos: 0,
        phrase_lex: 0,
        case: 0,
    }
}
const BOS: TokInfo = edge(0xb05_b05_b05);
const EOS: TokInfo = edge(0xe05_e05_e05);

/// Reusable buffers for feature extraction.
#[derive(Default)]
pub(crate) struct Extractor {
    infos: Vec<TokInfo>,
    lower: String,
    titled: String,
    phrase: String,
}

/// Shape class of a char: `X`, `x`, `d`, the char itself for ASCII
/// punctuation, `o` for anything else.
#[inline]
fn shape_class(c: char) -> u8 {
    if c.is_ascii() {
        let b = c as u8;
        if b.is_ascii_uppercase() {
            b'X'
        } else if b.is_ascii_lowercase() {
            b'x'
        } else if b.is_ascii_digit() {
            b'd'
        } else {
            b
        }
    } else if c.is_uppercase() {
        b'X'
    } else if c.is_alphabetic() {
        b'x'
    } else if c.is_numeric() {
        b'd'
    } else {
        b'o'
    }
}

fn common_bucket(rank: Option<u32>) -> u8 {
    match rank {
        None => 0,
        Some(r) if r < 100 => 1,
        Some(r) if r < 1000 => 2,
        Some(r) if r < 5000 => 3,
        Some(_) => 4,
    }
}

impl Extractor {
    /// Fills `out` with the bucket indices of every token's features, token
    /// after token; `starts[i]..starts[i + 1]` are token `i`'s. Sentence
    /// edges come from `Token::sent_start`.
    pub(crate) fn extract(&mut self, doc: &Doc, lex: &Lexicon, bits: u32, out: &mut Vec<u32>, starts: &mut Vec<u32>) {
        out.clear();
        starts.clear();
        let n = doc.tokens.len();
        self.infos.clear();
        self.infos.resize(n, TokInfo::default());
        for i in 0..n {
            self.info(doc, lex, i);
        }
        self.phrases(doc, lex);
        self.case_profiles(doc);
        let doc_case = doc_case(doc);
        let shift = 64 - bits.clamp(1, 32);
        let (mut s, mut e) = (0, 0);
        for i in 0..n {
            if i >= e {
                // A new sentence: tokens `s..e`.
                s = i;
                e = i + 1;
                while e < n && !doc.tokens[e].sent_start {
                    e += 1;
                }
            }
            starts.push(out.len() as u32);
            let get = |j: isize| -> &TokInfo {
                if j < s as isize {
                    &BOS
                } else if j >= e as isize {
                    &EOS
                } else {
                    &self.infos[j as usize]
                }
            };
            let ii = i as isize;
            let (m2, m1, c, p1, p2) = (get(ii - 2), get(ii - 1), get(ii), get(ii + 1), get(ii + 2));
            let mut push = |template: u64, value: u64| {
                let h = fmix(mix(mix(0x9e37_79b9_7f4a_7c15, template), value));
                out.push((h >> shift) as u32);
            };
            push(t::BIAS, 0);
            push(t::LOWER, c.lower);
            push(t::FORM, c.form);
            push(t::SHAPE, c.shape);
            push(t::SSHAPE, c.sshape);
            for k in 0..3 {
                push(t::PREFIX + k as u64, c.prefix[k]);
            }
            for k in 0..4 {
                push(t::SUFFIX + k as u64, c.suffix[k]);
            }
            push(t::LOWER_M1, m1.lower);
            push(t::LOWER_P1, p1.lower);
            push(t::LOWER_M2, m2.lower);
            push(t::LOWER_P2, p2.lower);
            push(t::SS_M1, m1.sshape);
            push(t::SS_P1, p1.sshape);
            push(t::SS_M2, m2.sshape);
            push(t::SS_P2, p2.sshape);
            push(t::SS_M1_0, mix(m1.sshape, c.sshape));
            push(t::SS_0_P1, mix(c.sshape, p1.sshape));
            push(t::SS_M1_0_P1, mix(mix(m1.sshape, c.sshape), p1.sshape));
            push(t::BIGRAM_M1, mix(m1.lower, c.lower));
            push(t::BIGRAM_P1, mix(c.lower, p1.lower));
            push(t::SENT_START_SS, mix(u64::from(i == s), c.sshape));
            push(t::LOWER_M1_SS, mix(m1.lower, c.sshape));
            push(t::COMMON_SS, mix(c.common as u64, c.sshape));
            push(t::CASE_PROFILE_SS, mix(c.case as u64, c.sshape));
            push(t::CASE_PROFILE_LOWER, mix(c.case as u64, c.lower));
            push(t::DOC_CASE, mix(doc_case as u64, c.sshape));
            for (k, class) in LEX_CLASSES.iter().enumerate() {
                let bit = class.0;
                let k = k as u64;
                if c.lex & bit != 0 {
                    push(t::LEX, k);
                }
                if c.lex_tc & bit != 0 {
                    push(t::LEX_TITLECASED, k);
                }
                if m1.lex & bit != 0 {
                    push(t::LEX_M1, k);
                }
                if p1.lex & bit != 0 {
                    push(t::LEX_P1, k);
                }
                if m2.lex & bit != 0 {
                    push(t::LEX_M2, k);
                }
                if p2.lex & bit != 0 {
                    push(t::LEX_P2, k);
                }
                if c.phrase_lex & bit != 0 {
                    push(t::PHRASE, mix(c.phrase_pos as u64, k));
                }
            }
        }
        starts.push(out.len() as u32);
    }

    /// Fills `self.infos[i]` from token `i` alone.
    fn info(&mut self, doc: &Doc, lex: &Lexicon, i: usize) {
        let tok = &doc.tokens[i];
        let form = doc.tok(i);
        let mut info = TokInfo { form: hash_bytes(form.as_bytes()), ..TokInfo::default() };
        // Lower-cased form, into the reusable buffer.
        self.lower.clear();
        let mut n_upper = 0usize;
        let mut n_alpha = 0usize;
        let mut first_upper = false;
        for (k, ch) in form.chars().enumerate() {
            if ch.is_alphabetic() {
                n_alpha += 1;
                if ch.is_uppercase() {
                    n_upper += 1;
                    if k == 0 {
                        first_upper = true;
                    }
                }
            }
            if ch.is_ascii() {
                self.lower.push(ch.to_ascii_lowercase());
            } else {
                self.lower.extend(ch.to_lowercase());
            }
        }
        info.lower = hash_bytes(self.lower.as_bytes());
        // Shapes: runs capped at four chars, and runs collapsed.
        let (mut shape, mut sshape) = (0x5a5a_u64, 0xa5a5_u64);
        let (mut prev, mut run) = (0u8, 0usize);
        for ch in form.chars() {
            let sc = shape_class(ch);
            if sc == prev {
                run += 1;
            } else {
                run = 1;
                sshape = mix(sshape, sc as u64);
            }
            if run <= 4 {
                shape = mix(shape, sc as u64);
            }
            prev = sc;
        }
        info.shape = shape;
        info.sshape = mix(sshape, tok.kind as u64);
        // Affixes of the lower-cased form, in chars.
        let lower = self.lower.as_str();
        let mut ends = [lower.len(); 3];
        for (k, (b, _)) in lower.char_indices().skip(1).take(3).enumerate() {
            ends[k] = b;
        }
        for k in 0..3 {
            info.prefix[k] = hash_bytes(&lower.as_bytes()[..ends[k]]);
        }
        let mut begins = [0usize; 4];
        for (k, (b, _)) in lower.char_indices().rev().take(4).enumerate() {
            begins[k] = b;
        }
        let nchars = lower.chars().count();
        for k in 0..4 {
            // A word shorter than the suffix gets the whole word.
            let b = if k < nchars { begins[k] } else { 0 };
            info.suffix[k] = hash_bytes(&lower.as_bytes()[b..]);
        }
        // Lexicon classes, as written and title-cased.
        if tok.kind == TokenKind::Word {
            info.lex = lex.class(form).0;
            let titled = n_alpha > 0 && first_upper && n_upper == 1;
            if !titled && n_alpha > 0 {
                self.titled.clear();
                for (k, ch) in self.lower.chars().enumerate() {
                    if k == 0 {
                        self.titled.extend(ch.to_uppercase());
                    } else {
                        self.titled.push(ch);
                    }
                }
                info.lex_tc = lex.class(&self.titled).0;
            }
            info.common = common_bucket(lex.common_rank(&self.lower));
        }
        self.infos[i] = info;
    }

    /// Marks the tokens of multi-word lexicon entries (longest first, left
    /// to right).
    fn phrases(&mut self, doc: &Doc, lex: &Lexicon) {
        let n = doc.tokens.len();
        let mut i = 0;
        while i < n {
            match lex.longest_phrase(doc, i, &mut self.phrase) {
                Some((end, class)) if end > i + 1 && end <= n => {
                    for j in i..end {
                        let info = &mut self.infos[j];
                        info.phrase_pos = if j == i {
                            1
                        } else if j + 1 == end {
                            3
                        } else {
                            2
                        };
                        info.phrase_lex = class.0;
                    }
                    i = end;
                }
                _ => i += 1,
            }
        }
    }

    /// Sets each token's sentence case profile.
    fn case_profiles(&mut self, doc: &Doc) {
        let n = doc.tokens.len();
        let mut s = 0;
        while s < n {
            let mut e = s + 1;
            while e < n && !doc.tokens[e].sent_start {
                e += 1;
            }
            let profile = case_profile(doc, s, e);
            for info in &mut self.infos[s..e] {
                info.case = profile as u8;
            }
            s = e;
        }
    }
}

/// The case profile of the words in tokens `s..e` (the first word, which is
/// capitalised anyway, excluded).
fn case_profile(doc: &Doc, s: usize, e: usize) -> CaseProfile {
    let (mut words, mut cap, mut lower, mut caps) = (0usize, 0usize, 0usize, 0usize);
    for i in s + 1..e {
        if doc.tokens[i].kind != TokenKind::Word {
            continue;
        }
        let w = doc.tok(i);
        let Some(first) = w.chars().next() else { continue };
        if !first.is_alphabetic() {
            continue;
        }
        words += 1;
        if first.is_uppercase() {
            cap += 1;
            if w.chars().count() > 1 && !w.chars().any(char::is_lowercase) {
                caps += 1;
            }
        } else {
            lower += 1;
        }
    }
    if words >= 3 && caps == words {
        CaseProfile::AllCaps
    } else if cap == 0 && lower >= 3 {
        CaseProfile::NoCaps
    } else if words >= 3 && cap * 10 >= words * 7 {
        CaseProfile::Title
    } else {
        CaseProfile::Normal
    }
}

/// Whether the writer capitalises sentence starts: 0 unknown (fewer than 3
/// sentences), 1 mostly, 2 rarely.
fn doc_case(doc: &Doc) -> u8 {
    let (mut n, mut lower) = (0usize, 0usize);
    for t in doc.tokens.iter().filter(|t| t.sent_start && t.kind == TokenKind::Word) {
        let first = doc.text[t.span.range()].chars().next().unwrap_or(' ');
        if first.is_alphabetic() {
            n += 1;
            lower += usize::from(first.is_lowercase());
        }
    }
    if n < 3 {
        0
    } else if lower * 2 > n {
        2
    } else {
        1
    }
}
