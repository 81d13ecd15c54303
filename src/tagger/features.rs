//! Hashed features of each token, the same at training and at run time.
//!
//! Every feature is a (template, value) pair hashed straight into a bucket of
//! the weight table; no feature string is ever built. What a token's text
//! tells (hashes of the word, its lower-cased form, shapes, affixes, lexicon
//! classes) is computed once per form (`Doc::form_of`: a word that occurs
//! fifty times is hashed and looked up once) into a [`FormInfo`]; what its
//! place tells (sentence case, lexicon phrases, URLs) goes into a small
//! [`TokInfo`] per token. Each token's features then combine its own and its
//! neighbours' infos within the sentence. The only allocations are the
//! per-doc vectors and a few small reusable string buffers.
//!
//! Tokens get as many features as they need: punctuation a handful, plain
//! lower-case words in normally written text about fifteen, and everything
//! else (capitalised words, numbers, words in text written without capitals)
//! the full set of about forty. Most tokens of news text are in the first two
//! groups, which roughly halves the cost without hurting the names.
//!
//! Changing anything here changes what the weights mean: bump
//! [`FEATURES_VERSION`] and retrain (the model header carries the version, so
//! an old model is refused rather than silently misread).

use crate::lexicon::{Lexicon, WordClass};
use crate::segment::{Doc, TokenKind};

/// The version of the feature templates; stored in the model header.
pub(crate) const FEATURES_VERSION: u16 = 11;

/// FxHash-style mixing step.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// Murmur3's 64-bit finaliser: spreads the bits before taking the top ones.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
const fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// One random seed per feature template; a feature's bucket is the top bits
/// of `mix(SEEDS[template], value)` (the multiply carries every bit of the
/// value into the top ones).
const SEEDS: [u64; 64] = {
    let mut s = [0u64; 64];
    let mut i = 0;
    while i < 64 {
        s[i] = fmix(0x9e37_79b9_7f4a_7c15u64.wrapping_mul(i as u64 + 1));
        i += 1;
    }
    s
};

/// Where [`hash_bytes`] starts.
const HASH_SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// Hashes a byte string, eight bytes at a time.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub(crate) fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = mix(HASH_SEED, b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(w));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = mix(h, crate::fxhash::tail_word(rest));
    }
    h
}

/// [`hash_bytes`] of a string of `len` < 8 bytes whose little-endian word
/// (zero-padded) is `word`.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
fn hash_short(len: usize, word: u64) -> u64 {
    let h = mix(HASH_SEED, len as u64);
    if len == 0 {
        h
    } else {
        mix(h, word)
    }
}

/// Where [`Extractor::features`] puts a token's feature buckets: in a list
/// (training), or straight into the sums of their weights (tagging, see
/// `tagger::Emission`), with no list in between.
pub(crate) trait Sink {
    fn push(&mut self, bucket: u32);
}

impl Sink for Vec<u32> {
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn push(&mut self, bucket: u32) {
        Vec::push(self, bucket);
    }
}

/// Feature templates. The numbers are part of the model format (gaps are
/// templates that were tried and dropped: they did not help on dev).
mod t {
    pub const BIAS: usize = 0;
    pub const LOWER: usize = 1;
    pub const SHAPE: usize = 3;
    pub const SSHAPE: usize = 4;
    pub const SUFFIX: usize = 8; // + 0..4
    pub const LOWER_M1: usize = 12;
    pub const LOWER_P1: usize = 13;
    pub const SS_M1: usize = 16;
    pub const SS_P1: usize = 17;
    pub const SS_M1_0_P1: usize = 22;
    pub const BIGRAM_M1: usize = 23;
    pub const BIGRAM_P1: usize = 24;
    pub const SENT_START_SS: usize = 25;
    pub const LEX: usize = 26;
    pub const LEX_M1: usize = 27;
    pub const LEX_P1: usize = 28;
    pub const LEX_TITLECASED: usize = 29;
    pub const COMMON_SS: usize = 30;
    pub const PHRASE: usize = 31;
    pub const CASE_PROFILE_SS: usize = 32;
    pub const LOWER_M1_SS: usize = 33;
    pub const DOC_CASE: usize = 36;
    pub const SENT_LEN_SS: usize = 38;
    pub const DOC_SEEN_SS: usize = 39;
    pub const URL_SS: usize = 40;
    pub const DOC_CTX: usize = 41;
    pub const RULE: usize = 42;
    pub const RULE_SS: usize = 43;
    pub const RULE_M1: usize = 44;
    pub const RULE_P1: usize = 45;
}

/// How many features a token gets (see the module doc).
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
enum Group {
    /// Punctuation and symbols.
    #[default]
    Punct = 0,
    /// A word without capitals, in a doc and sentence written with them.
    Plain = 1,
    /// Everything else.
    Full = 2,
}

/// Lexicon classes used as features (speech verbs and calendar words matter
/// too: "said" after a name, "Monday" is not one).
// COMMON is left out: the common-word rank has its own feature, and the
// lexicon's COMMON and PHRASE_HEAD marks are bookkeeping, not name classes.
const LEX_CLASSES: u32 = WordClass::GIVEN.0
    | WordClass::SURNAME.0
    | WordClass::GPE.0
    | WordClass::LOC.0
    | WordClass::COUNTRY.0
    | WordClass::NORP.0
    | WordClass::ORG.0
    | WordClass::ORG_WORD.0
    | WordClass::LOC_WORD.0
    | WordClass::EVENT_WORD.0
    | WordClass::TITLE.0
    | WordClass::HONORIFIC.0
    | WordClass::SPEECH_VERB.0
    | WordClass::EVENT.0
    | WordClass::CALENDAR.0;

/// Calls `f` with the number of each set bit of `bits`.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
fn for_bits(mut bits: u32, mut f: impl FnMut(u64)) {
    while bits != 0 {
        f(bits.trailing_zeros() as u64);
        bits &= bits - 1;
    }
}

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

/// What a form (a distinct token text, see `Doc::form_of`) contributes to
/// its own and its neighbours' features: the same wherever it occurs, so
/// it is computed once per form.
#[derive(Clone, Copy, Default)]
struct FormInfo {
    lower: u64,
    shape: u64,
    sshape: u64,
    suffix: [u64; 4],
    /// Lexicon classes of the form as written.
    lex: u32,
    /// Lexicon classes of the title-cased form, for a word written in lower
    /// case or in capitals ("london", "LONDON"); 0 otherwise.
    lex_tc: u32,
    /// Common-word rank bucket, 0 = not common.
    common: u8,
    has_upper: bool,
}

/// Pseudo-infos for the positions before and after a sentence.
const fn edge(v: u64) -> FormInfo {
    FormInfo {
        lower: v,
        shape: v,
        sshape: v,
        suffix: [v; 4],
        lex: 0,
        lex_tc: 0,
        common: 0,
        has_upper: false,
    }
}
const BOS: FormInfo = edge(0xb05_b05_b05);
const EOS: FormInfo = edge(0xe05_e05_e05);

/// What a token contributes that depends on where it stands.
#[derive(Clone, Copy, Default)]
struct TokInfo {
    /// Lexicon phrase position (1 = first, 2 = inside, 3 = last; 0 = none)
    /// and the phrase's classes.
    phrase_pos: u8,
    phrase_lex: u32,
    /// Case profile of the token's sentence.
    case: u8,
    group: Group,
    /// Part of a URL, e-mail address or file name.
    url: bool,
}

/// What one look at a token's text tells: bits of [`Extractor::surface`].
mod surf {
    pub const WORD: u8 = 1;
    pub const FIRST_ALPHA: u8 = 2;
    pub const FIRST_UPPER: u8 = 4;
    pub const FIRST_LOWER: u8 = 8;
    pub const HAS_UPPER: u8 = 16;
    /// More than one char, the first upper case, none lower case.
    pub const ALL_CAPS: u8 = 32;
}

/// Reusable buffers for feature extraction.
///
/// Everything about a token's text is kept per form (`Doc::form_of`), and
/// only what depends on its place per token: a word that occurs fifty
/// times is hashed, shaped and looked up once, and a long text needs a few
/// bytes per token rather than a full record.
#[derive(Default)]
pub(crate) struct Extractor {
    /// Per form: its info, complete only for forms with an active token
    /// (the others need only their lower-cased hash, for `doc_seen`).
    forms: Vec<FormInfo>,
    /// Per form: whether `forms` holds its complete info.
    complete: Vec<bool>,
    /// Per form: its `surf` bits.
    form_surface: Vec<u8>,
    /// Per form: the index in `seen` of its lower-cased form.
    lower_key: Vec<u32>,
    /// Per lower-cased form: how and where it is written in the doc (see
    /// `doc_seen`).
    seen: Vec<u16>,
    /// Open-addressing table from a lower-cased form's hash to its index in
    /// `seen`.
    lower_table: Vec<(u64, u32)>,
    /// Per token: what depends on its place.
    toks: Vec<TokInfo>,
    lower: String,
    titled: String,
    phrase: String,
    /// Per token: gets features and a tag (see `activity`).
    active: Vec<bool>,
    /// Per token: `surf` bits.
    surface: Vec<u8>,
    /// Whether the writer capitalises sentence starts (see `activity`).
    doc_case: u8,
    /// The first token of each sentence but the first, then the token
    /// count (see `activity`).
    sentence_starts: Vec<u32>,
}

/// Shape class of a char: `X`, `x`, `d`, the char itself for ASCII
/// punctuation, `o` for anything else.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
fn shape_class(c: char) -> u8 {
    if c.is_ascii() {
        ascii_shape_class(c as u8)
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

/// [`shape_class`] of each ASCII char.
const ASCII_SHAPE: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = ascii_shape_class(b as u8);
        b += 1;
    }
    t
};

/// [`shape_class`] of an ASCII char.
const fn ascii_shape_class(b: u8) -> u8 {
    if b.is_ascii_uppercase() {
        b'X'
    } else if b.is_ascii_lowercase() {
        b'x'
    } else if b.is_ascii_digit() {
        b'd'
    } else {
        b
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
    /// `hints`: the rules' evidence per token (`entities::hints_from`).
    pub(crate) fn extract(
        &mut self,
        doc: &Doc,
        lex: &Lexicon,
        hints: &[u8],
        bits: u32,
        out: &mut Vec<u32>,
        starts: &mut Vec<u32>,
    ) {
        out.clear();
        starts.clear();
        self.prepare(doc, lex);
        let n = doc.tokens.len();
        out.reserve(n * 8);
        let mut seg = 0..0;
        for i in 0..n {
            starts.push(out.len() as u32);
            if !self.active[i] {
                continue;
            }
            if i >= seg.end {
                // A new segment: active tokens of one sentence.
                let mut e = i + 1;
                while e < n && self.active[e] && !doc.tokens[e].sent_start {
                    e += 1;
                }
                seg = i..e;
            }
            self.features(doc, i, seg.clone(), hints, bits, out);
        }
        starts.push(out.len() as u32);
    }

    /// Analyses the doc (case, activity, forms, phrases, doc-level word
    /// contexts), after which [`Extractor::features`] gives the features of
    /// any active token.
    pub(crate) fn prepare(&mut self, doc: &Doc, lex: &Lexicon) {
        let n = doc.tokens.len();
        self.toks.clear();
        self.toks.resize(n, TokInfo::default());
        self.surface(doc);
        self.activity(doc);
        self.form_infos(doc, lex);
        self.phrases(doc, lex);
        self.doc_seen(doc);
        self.urls(doc);
    }

    /// Appends the bucket indices (in a table of `2^bits`) of the features
    /// of active token `i`, whose segment (its run of active tokens within
    /// the sentence, see `activity`) is `seg`.
    pub(crate) fn features(
        &self,
        doc: &Doc,
        i: usize,
        seg: std::ops::Range<usize>,
        hints: &[u8],
        bits: u32,
        out: &mut impl Sink,
    ) {
        let shift = 64 - bits.clamp(1, 32);
        let (s, e) = (seg.start, seg.end);
        let get = |j: isize| -> &FormInfo {
            if j < s as isize {
                &BOS
            } else if j >= e as isize {
                &EOS
            } else {
                &self.forms[doc.form(j as usize)]
            }
        };
        let ii = i as isize;
        let (m1, c, p1) = (get(ii - 1), get(ii), get(ii + 1));
        let ct = &self.toks[i];
        let mut push = |template: usize, value: u64| {
            out.push((mix(SEEDS[template], value) >> shift) as u32);
        };
        // Every token.
        push(t::BIAS, 0);
        push(t::LOWER, c.lower);
        push(t::SSHAPE, c.sshape);
        push(t::LOWER_M1, m1.lower);
        push(t::LOWER_P1, p1.lower);
        push(t::SS_M1, m1.sshape);
        push(t::SS_P1, p1.sshape);
        push(t::SS_M1_0_P1, mix(mix(m1.sshape, c.sshape), p1.sshape));
        if ct.url {
            push(t::URL_SS, c.sshape);
        }
        if ct.group == Group::Punct {
            return;
        }
        // Words and numbers.
        push(t::SUFFIX + 2, c.suffix[2]);
        push(t::SUFFIX + 3, c.suffix[3]);
        push(t::BIGRAM_M1, mix(m1.lower, c.lower));
        push(t::BIGRAM_P1, mix(c.lower, p1.lower));
        push(t::COMMON_SS, mix(c.common as u64, c.sshape));
        push(t::CASE_PROFILE_SS, mix(ct.case as u64, c.sshape));
        // One feature per lexicon class (its bit number) of the word.
        for_bits(c.lex, |k| push(t::LEX, k));
        for_bits(c.lex_tc, |k| push(t::LEX_TITLECASED, k));
        for_bits(ct.phrase_lex, |k| {
            push(t::PHRASE, mix(ct.phrase_pos as u64, k))
        });
        let hint = |j: isize| -> u64 {
            if j < s as isize || j >= e as isize {
                0x100
            } else {
                u64::from(hints.get(j as usize).copied().unwrap_or(0))
            }
        };
        let h0 = hint(ii);
        push(t::RULE, h0);
        if ct.group == Group::Plain {
            return;
        }
        // How the word is written elsewhere in the doc (words only).
        let seen = if doc.tokens[i].kind == TokenKind::Word {
            self.seen[self.lower_key[doc.form(i)] as usize]
        } else {
            0
        };
        // Capitalised words, numbers, text without capitals.
        push(t::SHAPE, c.shape);
        push(t::SUFFIX, c.suffix[0]);
        push(t::SUFFIX + 1, c.suffix[1]);
        push(t::SENT_START_SS, mix(u64::from(i == s), c.sshape));
        push(t::LOWER_M1_SS, mix(m1.lower, c.sshape));
        push(t::DOC_CASE, mix(self.doc_case as u64, c.sshape));
        push(t::SENT_LEN_SS, mix(len_bucket(e - s), c.sshape));
        push(t::DOC_SEEN_SS, mix((seen & 3) as u64, c.sshape));
        for_bits(((seen >> 2) & 0xff) as u32, |k| push(t::DOC_CTX, k));
        for_bits(m1.lex, |k| push(t::LEX_M1, k));
        for_bits(p1.lex, |k| push(t::LEX_P1, k));
        push(t::RULE_SS, mix(h0, c.sshape));
        push(t::RULE_M1, hint(ii - 1));
        push(t::RULE_P1, hint(ii + 1));
    }

    /// How many tokens the per-token buffers hold room for (to free them
    /// after a huge doc).
    pub(crate) fn token_capacity(&self) -> usize {
        self.toks.capacity()
    }

    /// Which tokens get features and a tag, with what that needs first: the
    /// doc's case (`doc_case`) and each token's sentence case profile. The
    /// active tokens are the candidates (words and numbers with a capital
    /// letter, or any word in text written without capitals) and their
    /// neighbours in the sentence. Everything else is O without further
    /// work: in edited text that is most tokens, and a name there without a
    /// capital letter is rare (web text that writes names in lower case
    /// mostly writes everything so, which makes every word a candidate).
    ///
    /// One scan finds the sentences (runs from one `sent_start` token to
    /// the next) and the doc's case, then one pass over each sentence.
    fn activity(&mut self, doc: &Doc) {
        let n = doc.tokens.len();
        self.sentence_starts.clear();
        let (mut starts, mut lower) = (0usize, 0usize);
        for (i, (t, &b)) in doc.tokens.iter().zip(&self.surface).enumerate() {
            if t.sent_start {
                if i > 0 {
                    self.sentence_starts.push(i as u32);
                }
                if b & surf::WORD != 0 && b & surf::FIRST_ALPHA != 0 {
                    starts += 1;
                    lower += usize::from(b & surf::FIRST_LOWER != 0);
                }
            }
        }
        self.sentence_starts.push(n as u32);
        // Whether the writer capitalises sentence starts: 0 unknown (fewer
        // than 3 sentences), 1 mostly, 2 rarely.
        let doc_case = if starts < 3 {
            0
        } else if lower * 2 > starts {
            2
        } else {
            1
        };
        self.doc_case = doc_case;
        self.active.clear();
        self.active.resize(n, false);
        let mut s = 0;
        for &e in &self.sentence_starts {
            let e = (e as usize).min(n);
            let (Some(surface), Some(toks), Some(tokens)) = (
                self.surface.get(s..e),
                self.toks.get_mut(s..e),
                doc.tokens.get(s..e),
            ) else {
                break;
            };
            let profile = case_profile(surface) as u8;
            let mut prev_cand = false;
            for (k, ((info, &b), tok)) in toks.iter_mut().zip(surface).zip(tokens).enumerate() {
                info.case = profile;
                let cand = !matches!(tok.kind, TokenKind::Punct | TokenKind::Symbol)
                    && (doc_case == 2
                        || profile == CaseProfile::NoCaps as u8
                        || b & surf::HAS_UPPER != 0);
                if cand {
                    self.active[s + k] = true;
                    if k > 0 {
                        self.active[s + k - 1] = true;
                    }
                } else if prev_cand {
                    self.active[s + k] = true;
                }
                prev_cand = cand;
            }
            s = e;
        }
    }

    /// Sets each token's `surf` bits (computed once per form).
    fn surface(&mut self, doc: &Doc) {
        self.form_surface.clear();
        self.form_surface
            .extend(doc.form_first.iter().map(|&first| {
                let tok = &doc.tokens[first as usize];
                // Most forms are ASCII and at most eight bytes: one masked
                // load where the text has eight bytes from there.
                let (start, len) = (tok.span.start, tok.span.end - tok.span.start);
                if (1..=8).contains(&len) {
                    if let Some(w) = doc.text.as_bytes().get(start..start + 8) {
                        let x = <[u8; 8]>::try_from(w).map_or(0, u64::from_le_bytes)
                            & (u64::MAX >> (64 - 8 * len));
                        if x & 0x8080_8080_8080_8080 == 0 {
                            return surface_bits_word(tok.kind, x, len);
                        }
                    }
                }
                let w = doc.text.get(tok.span.range()).unwrap_or("");
                surface_bits(tok.kind, w)
            }));
        self.surface.clear();
        self.surface
            .extend(doc.form_of.iter().map(|&f| self.form_surface[f as usize]));
    }

    /// Per token: whether [`Extractor::extract`] gave it features (see
    /// `activity`); the others are O.
    pub(crate) fn active(&self) -> &[bool] {
        &self.active
    }

    /// Fills `forms`: the complete info of every form with an active token,
    /// and the lower-cased hash of every other (all an inactive token
    /// needs, for the doc-level `seen` bits).
    fn form_infos(&mut self, doc: &Doc, lex: &Lexicon) {
        let nf = doc.form_first.len();
        self.forms.clear();
        self.forms.resize(nf, FormInfo::default());
        self.complete.clear();
        self.complete.resize(nf, false);
        let doc_case = self.doc_case;
        for (i, tok) in doc.tokens.iter().enumerate() {
            let f = doc.form(i);
            let active = self.active[i];
            if active && !self.complete[f] {
                self.complete[f] = true;
                self.forms[f] = self.word_info(doc, i, lex);
            }
            let t = &mut self.toks[i];
            t.group = match tok.kind {
                TokenKind::Punct | TokenKind::Symbol => Group::Punct,
                _ if !active => Group::Plain,
                _ if !self.forms[f].has_upper
                    && doc_case != 2
                    && t.case != CaseProfile::NoCaps as u8 =>
                {
                    Group::Plain
                }
                _ => Group::Full,
            };
        }
        for f in 0..nf {
            if self.complete[f] {
                continue;
            }
            let form = doc.tok(doc.form_first[f] as usize);
            self.forms[f].lower = if form.is_ascii() {
                hash_bytes(form.as_bytes())
            } else {
                self.lower.clear();
                self.lower.extend(form.chars().flat_map(char::to_lowercase));
                hash_bytes(self.lower.as_bytes())
            };
        }
    }

    /// The context-free info of token `i`'s form.
    fn word_info(&mut self, doc: &Doc, i: usize, lex: &Lexicon) -> FormInfo {
        self.word_info_as(doc, i, lex, doc.tok(i).is_ascii())
    }

    /// [`Extractor::word_info`], on the bytes when `ascii` (the form is
    /// ASCII: bytes are cheaper than chars), else char by char.
    fn word_info_as(&mut self, doc: &Doc, i: usize, lex: &Lexicon, ascii: bool) -> FormInfo {
        let kind = doc.tokens[i].kind;
        let form = doc.tok(i);
        let mut info = FormInfo::default();
        // Lower-cased form, into the reusable buffer.
        self.lower.clear();
        let (mut n_upper, mut n_alpha, mut first_upper) = (0usize, 0usize, false);
        if ascii {
            self.lower.push_str(form);
            self.lower.make_ascii_lowercase();
            for &b in form.as_bytes() {
                let case = ASCII_CASE[usize::from(b & 0x7f)];
                n_alpha += usize::from(case != 0);
                n_upper += usize::from(case == 1);
            }
            first_upper = form
                .as_bytes()
                .first()
                .is_some_and(|&b| ASCII_CASE[usize::from(b & 0x7f)] == 1);
        } else {
            for (k, ch) in form.chars().enumerate() {
                if ch.is_alphabetic() {
                    n_alpha += 1;
                    if ch.is_uppercase() {
                        n_upper += 1;
                        first_upper |= k == 0;
                    }
                }
                if ch.is_ascii() {
                    self.lower.push(ch.to_ascii_lowercase());
                } else {
                    self.lower.extend(ch.to_lowercase());
                }
            }
        }
        info.has_upper = n_upper > 0;
        let lower = self.lower.as_str();
        info.lower = hash_bytes(lower.as_bytes());
        // Shapes: runs capped at four chars, and runs collapsed.
        let (mut shape, mut sshape) = (0x5a5a_u64, 0xa5a5_u64);
        let (mut prev, mut run) = (0u8, 0usize);
        let mut step = |sc: u8| {
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
        };
        if ascii {
            form.bytes()
                .map(|b| ASCII_SHAPE[usize::from(b & 0x7f)])
                .for_each(&mut step);
        } else {
            form.chars().map(shape_class).for_each(&mut step);
        }
        info.shape = shape;
        info.sshape = mix(sshape, kind as u64);
        // Suffixes of the lower-cased form, in chars: a word shorter than
        // the suffix gets the whole word.
        if ascii {
            // All four are in the word of the last four bytes.
            let b = lower.as_bytes();
            let n = b.len().min(4);
            let last = crate::fxhash::tail_word(&b[b.len() - n..]);
            for (k, suffix) in info.suffix.iter_mut().enumerate() {
                let m = (k + 1).min(n);
                *suffix = hash_short(m, last >> (8 * (n - m)));
            }
        } else {
            let mut begins = [0usize; 4];
            for (k, (b, _)) in lower.char_indices().rev().take(4).enumerate() {
                begins[k] = b;
            }
            for (suffix, &b) in info.suffix.iter_mut().zip(&begins) {
                *suffix = hash_bytes(&lower.as_bytes()[b..]);
            }
        }
        if matches!(kind, TokenKind::Punct | TokenKind::Symbol) {
            return info;
        }
        // The same rank as `lex.common_rank(lower)` (the common words are
        // lower-case ASCII), mostly known from classifying the doc.
        info.common = common_bucket(doc.common_rank(i, lex));
        if kind == TokenKind::Word {
            // A classified doc already looked the word up: as written for
            // an ASCII word (only other words may have been looked up
            // without their accents).
            let class = match doc.classes.get(i) {
                Some(&c) if form.is_ascii() => c,
                _ => lex.class(form),
            };
            info.lex = class.0 & LEX_CLASSES;
            let titled = first_upper && n_upper == 1;
            if !titled && n_alpha > 0 {
                self.titled.clear();
                if ascii {
                    self.titled.push_str(&self.lower);
                    if let Some(first) = self.titled.get_mut(..1) {
                        first.make_ascii_uppercase();
                    }
                } else {
                    for (k, ch) in self.lower.chars().enumerate() {
                        if k == 0 {
                            self.titled.extend(ch.to_uppercase());
                        } else {
                            self.titled.push(ch);
                        }
                    }
                }
                info.lex_tc = lex.class(&self.titled).0 & LEX_CLASSES;
            }
        }
        info
    }

    /// Marks the tokens of multi-word lexicon entries (longest first, left
    /// to right).
    fn phrases(&mut self, doc: &Doc, lex: &Lexicon) {
        let n = doc.tokens.len();
        let mut i = 0;
        while i < n {
            // Multi-word entries start with a capitalised word or a number.
            if self.toks[i].group != Group::Full {
                i += 1;
                continue;
            }
            match lex.longest_phrase(doc, i, &mut self.phrase) {
                Some((end, class)) if end > i + 1 && end <= n => {
                    for j in i..end {
                        let info = &mut self.toks[j];
                        info.phrase_pos = if j == i {
                            1
                        } else if j + 1 == end {
                            3
                        } else {
                            2
                        };
                        info.phrase_lex = class.0 & LEX_CLASSES;
                    }
                    i = end;
                }
                _ => i += 1,
            }
        }
    }

    /// Numbers the lower-cased forms: `lower_key` per form, by the hash of
    /// its lower-cased text ("The" and "the" share one), and `seen` cleared.
    fn lower_keys(&mut self) {
        let nf = self.forms.len();
        let size = (2 * nf).next_power_of_two().max(16);
        self.lower_table.clear();
        self.lower_table.resize(size, (0, u32::MAX));
        self.lower_key.clear();
        self.seen.clear();
        let mask = size - 1;
        for f in &self.forms {
            let key = f.lower;
            let mut k = (fmix(key) as usize) & mask;
            // At most half full, so an empty slot or the key is always found.
            while self.lower_table[k].1 != u32::MAX && self.lower_table[k].0 != key {
                k = (k + 1) & mask;
            }
            if self.lower_table[k].1 == u32::MAX {
                self.lower_table[k] = (key, self.seen.len() as u32);
                self.seen.push(0);
            }
            self.lower_key.push(self.lower_table[k].1);
        }
    }

    /// Sets the `seen` bits of each lower-cased word from all the doc's
    /// occurrences: how it is written, and the contexts its capitalised
    /// occurrences appear in. A name whose type the local context leaves
    /// open ("Coron", "Gloria") often has a telling context elsewhere in the
    /// doc ("in Coron", "Mrs. Gloria ..."). Bits 0–1: all in lower case,
    /// capitalised inside a sentence; bits 2–9: contexts.
    fn doc_seen(&mut self, doc: &Doc) {
        self.lower_keys();
        let n = doc.tokens.len();
        // The lexicon classes a neighbour shows: an inactive token has none
        // (it is never looked up).
        let lex_at = |j: Option<usize>| {
            j.filter(|&j| self.active[j])
                .map_or(0, |j| self.forms[doc.form(j)].lex)
        };
        // Neighbours with capitals (an inactive token has none).
        let cap = |j: Option<usize>| {
            j.is_some_and(|j| self.active[j] && self.forms[doc.form(j)].has_upper)
        };
        // Bit 0 is a form's: a word with a capital letter is a candidate,
        // so all its tokens are active, and a word without one is never
        // capitalised.
        for (f, (info, &first)) in self.forms.iter().zip(&doc.form_first).enumerate() {
            let word = doc.tokens.get(first as usize).map(|t| t.kind) == Some(TokenKind::Word);
            if word && !info.has_upper {
                self.seen[self.lower_key[f] as usize] |= 1;
            }
        }
        for i in 0..n {
            if self.surface[i] & surf::FIRST_UPPER == 0 {
                continue;
            }
            let tok = &doc.tokens[i];
            if tok.kind != TokenKind::Word || !self.forms[doc.form(i)].has_upper {
                continue;
            }
            let mut bits: u16 = 0;
            if !tok.sent_start && self.toks[i].case == CaseProfile::Normal as u8 {
                bits |= 2;
            }
            // The previous word, skipping the period of "Mr." and "Dr.".
            let mut prev = i.checked_sub(1);
            if prev.is_some_and(|p| doc.tokens[p].kind == TokenKind::Punct && doc.tok(p) == ".") {
                prev = prev.and_then(|p| p.checked_sub(1));
            }
            let prev = prev.filter(|&p| !doc.tokens[p + 1..=i].iter().any(|t| t.sent_start));
            let next = Some(i + 1).filter(|&j| j < n && !doc.tokens[j].sent_start);
            let next2 = next
                .map(|j| j + 1)
                .filter(|&j| j < n && !doc.tokens[j].sent_start);
            let (lp, ln, ln2) = (lex_at(prev), lex_at(next), lex_at(next2));
            let has = |l: u32, c: WordClass| l & c.0 != 0;
            if has(lp, WordClass::HONORIFIC) || has(lp, WordClass::TITLE) {
                bits |= 1 << 2;
            }
            if cap(prev) && has(lp, WordClass::GIVEN) {
                bits |= 1 << 3;
            }
            if cap(next) && has(ln, WordClass::SURNAME) {
                bits |= 1 << 4;
            }
            if let Some(p) = prev {
                if matches!(
                    doc.tok(p),
                    "in" | "at" | "from" | "near" | "to" | "into" | "across" | "visit" | "visited"
                ) {
                    bits |= 1 << 5;
                }
                if matches!(doc.tok(p), "the" | "The") {
                    bits |= 1 << 6;
                }
            }
            if (cap(next) && has(ln, WordClass::ORG_WORD))
                || (cap(next2) && has(ln2, WordClass::ORG_WORD))
            {
                bits |= 1 << 7;
            }
            if has(ln, WordClass::SPEECH_VERB) {
                bits |= 1 << 8;
            }
            if (cap(next) && has(ln, WordClass::LOC_WORD)) || has(lp, WordClass::LOC_WORD) {
                bits |= 1 << 9;
            }
            self.seen[self.lower_key[doc.form(i)] as usize] |= bits;
        }
    }

    /// Marks tokens inside URLs, e-mail addresses and file names: runs of
    /// tokens without spaces that contain "://", "www.", "@" or end in a
    /// file or domain suffix. Their pieces ("2005.09", "Lisa_resume") are not
    /// names.
    fn urls(&mut self, doc: &Doc) {
        let n = doc.tokens.len();
        let mut s = 0;
        while s < n {
            let mut e = s + 1;
            while e < n && !doc.tokens[e].space_before {
                e += 1;
            }
            if e - s >= 3 {
                let run = &doc.text[doc.tokens[s].span.start..doc.tokens[e - 1].span.end];
                let lower_end = |suffix: &str| {
                    run.len() >= suffix.len()
                        && run.is_char_boundary(run.len() - suffix.len())
                        && run[run.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
                };
                // Every pattern holds a '.', ':' or '@': most runs ("U.S.-led",
                // "“We") are ruled out by one scan.
                let url = run.bytes().any(|b| matches!(b, b'.' | b':' | b'@'))
                    && (run.contains("://")
                        || run.contains("www.")
                        || (run.contains('@') && run.contains('.'))
                        || [
                            ".com", ".org", ".net", ".html", ".htm", ".doc", ".pdf", ".xls", ".jpg",
                        ]
                        .iter()
                        .any(|x| lower_end(x)));
                if url {
                    for info in &mut self.toks[s..e] {
                        info.url = true;
                    }
                }
            }
            s = e;
        }
    }
}

/// The case of an ASCII char: 1 upper case, 2 lower case.
const ASCII_CASE: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = if (b as u8).is_ascii_uppercase() {
            1
        } else if (b as u8).is_ascii_lowercase() {
            2
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The `surf` bits of a token of kind `kind` and text `w`.
fn surface_bits(kind: TokenKind, w: &str) -> u8 {
    let mut bits = if kind == TokenKind::Word {
        surf::WORD
    } else {
        0
    };
    let bytes = w.as_bytes();
    let Some((&first, rest)) = bytes.split_first() else {
        return bits;
    };
    // Most forms are ASCII: one branch-free pass gathers the case of the
    // chars after the first and whether any byte is not ASCII.
    let (mut high, mut cases) = (first, 0u8);
    for &b in rest {
        high |= b;
        cases |= ASCII_CASE[usize::from(b & 0x7f)];
    }
    if high < 0x80 {
        let first = ASCII_CASE[usize::from(first)];
        bits |= match first {
            1 => surf::FIRST_ALPHA | surf::FIRST_UPPER | surf::HAS_UPPER,
            2 => surf::FIRST_ALPHA | surf::FIRST_LOWER,
            _ => 0,
        };
        if cases & 1 != 0 {
            bits |= surf::HAS_UPPER;
        }
        if first == 1 && !rest.is_empty() && cases & 2 == 0 {
            bits |= surf::ALL_CAPS;
        }
        return bits;
    }
    bits | surface_bits_chars(w)
}

/// [`surface_bits`] of an ASCII form of `len` bytes (1 to 8) whose
/// little-endian word (zero-padded) is `x`, a byte per lane: no loop, so no
/// branch on the length.
fn surface_bits_word(kind: TokenKind, x: u64, len: usize) -> u8 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bit 7 of a lane is set when its byte lies in `lo..=hi`: the bytes are
    // below 0x80, so neither subtraction borrows from the next lane.
    let within = |lo: u8, hi: u8| {
        let at_least = ((x | HIGH) - ONES * u64::from(lo)) & HIGH;
        let at_most = ((ONES * u64::from(hi | 0x80)) - x) & HIGH;
        at_least & at_most
    };
    let (upper, lower) = (within(b'A', b'Z'), within(b'a', b'z'));
    let mut bits = if kind == TokenKind::Word {
        surf::WORD
    } else {
        0
    };
    if upper & 0x80 != 0 {
        bits |= surf::FIRST_ALPHA | surf::FIRST_UPPER | surf::HAS_UPPER;
        if len > 1 && lower == 0 {
            bits |= surf::ALL_CAPS;
        }
    } else if lower & 0x80 != 0 {
        bits |= surf::FIRST_ALPHA | surf::FIRST_LOWER;
    }
    if upper != 0 {
        bits |= surf::HAS_UPPER;
    }
    bits
}

/// The `surf` bits of `w` but `WORD`, char by char.
fn surface_bits_chars(w: &str) -> u8 {
    let mut bits = 0;
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return bits;
    };
    if first.is_alphabetic() {
        bits |= surf::FIRST_ALPHA;
    }
    if first.is_uppercase() {
        bits |= surf::FIRST_UPPER | surf::HAS_UPPER;
    } else if first.is_lowercase() {
        bits |= surf::FIRST_LOWER;
    }
    let (mut more, mut any_lower) = (false, first.is_lowercase());
    for c in chars {
        more = true;
        if c.is_uppercase() {
            bits |= surf::HAS_UPPER;
        } else if c.is_lowercase() {
            any_lower = true;
        }
    }
    if more && bits & surf::FIRST_UPPER != 0 && !any_lower {
        bits |= surf::ALL_CAPS;
    }
    bits
}

fn len_bucket(n: usize) -> u64 {
    match n {
        0..=1 => 1,
        2 => 2,
        3..=5 => 3,
        6..=12 => 4,
        _ => 5,
    }
}

/// The case profile of a sentence's words, from their `surf` bits (the
/// first word, which is capitalised anyway, excluded).
fn case_profile(surface: &[u8]) -> CaseProfile {
    let (mut words, mut cap, mut lower, mut caps) = (0usize, 0usize, 0usize, 0usize);
    for &b in surface.iter().skip(1) {
        if b & surf::WORD == 0 || b & surf::FIRST_ALPHA == 0 {
            continue;
        }
        words += 1;
        if b & surf::FIRST_UPPER != 0 {
            cap += 1;
            caps += usize::from(b & surf::ALL_CAPS != 0);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII paths of `surface_bits` agree with the char by char one.
    fn check_surface(w: &str) {
        if (1..=8).contains(&w.len()) && w.is_ascii() {
            let x = crate::fxhash::tail_word(w.as_bytes());
            for kind in [TokenKind::Word, TokenKind::Punct] {
                let word = surface_bits_word(kind, x, w.len());
                assert_eq!(word, surface_bits(kind, w), "{w:?}");
            }
        }
        let word = surface_bits(TokenKind::Word, w);
        assert_eq!(word & !surf::WORD, surface_bits_chars(w), "{w:?}");
        assert_eq!(word & surf::WORD, surf::WORD, "{w:?}");
        assert_eq!(surface_bits(TokenKind::Punct, w) & surf::WORD, 0, "{w:?}");
    }

    /// The ASCII path of `word_info` agrees with the char by char one on
    /// every token of `text`.
    fn check_word_info(text: &str) {
        let lex = crate::lexicon::builtin();
        let mut doc = crate::segment::segment(text);
        doc.classify(lex);
        let mut ex = Extractor::default();
        for i in 0..doc.tokens.len() {
            if !doc.tok(i).is_ascii() {
                continue;
            }
            let (a, b) = (
                ex.word_info_as(&doc, i, lex, true),
                ex.word_info_as(&doc, i, lex, false),
            );
            let fields = |f: &FormInfo| {
                (
                    [f.lower, f.shape, f.sshape],
                    f.suffix,
                    [f.lex, f.lex_tc],
                    (f.common, f.has_upper),
                )
            };
            assert_eq!(fields(&a), fields(&b), "{:?} in {text:?}", doc.tok(i));
        }
    }

    #[test]
    fn word_info_ascii_as_chars() {
        for text in [
            "The Prime Minister, Rishi Sunak, said on Monday that NASA's budget rose 3.5%.",
            "london LONDON London lOndon a I x1 A1 1A 2023 U.S. O'Brien McDonald's e-mail",
            "“We will,” she said (again) — at 10:30 — in the U.K.; see www.example.com/a_b.",
        ] {
            check_word_info(text);
        }
    }

    #[test]
    fn hash_short_as_hash_bytes() {
        for b in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdef",
            "abcdefg",
            "\u{e9}t\u{e9}",
        ] {
            let b = b.as_bytes();
            let short = hash_short(b.len(), crate::fxhash::tail_word(b));
            assert_eq!(short, hash_bytes(b), "{b:?}");
        }
    }

    #[test]
    fn surface_bits_ascii_as_chars() {
        for w in [
            "",
            "a",
            "A",
            "1",
            ".",
            "the",
            "The",
            "THE",
            "tHe",
            "McDonald",
            "NASA",
            "U.S.",
            "A1",
            "1A",
            "x1",
            "2023",
            "'s",
            "O'Brien",
            "AB",
            "Ab",
            "aB",
            "A.",
            "É",
            "Émile",
            "ÉMILE",
            "naïve",
            "Zürich",
            "日本",
            "A日",
            "a\u{301}",
            "@",
            "[",
            "`",
            "{",
            "Z",
            "z",
            "AZaz",
            "ABCDEFGH",
            "ABCDEFGHI",
            "abcdefgh",
            "aBCDEFGH",
            "Abcdefgh",
            "ABCDEFGh",
            "\x7f",
        ] {
            check_surface(w);
        }
        // Every ASCII char on its own and after a letter of each case.
        for b in 1..128u8 {
            let c = char::from(b);
            for w in [
                c.to_string(),
                format!("A{c}"),
                format!("a{c}"),
                format!("{c}A"),
            ] {
                check_surface(&w);
            }
        }
    }
}
