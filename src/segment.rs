//! Tokens, sentences and paragraphs: the ground every other pass stands on.
//!
//! One left-to-right scan over the chars, no backtracking, so the cost is
//! linear on any input. Tokens never split a grapheme cluster: combining
//! marks, joiners, variation selectors, skin tones, keycaps and flag pairs
//! stay with the char before them.
//!
//! Paragraphs: if the text has a blank line anywhere, paragraphs are separated
//! by blank lines (and single line breaks are hard wraps); otherwise every
//! line break starts a paragraph. U+2029 always separates paragraphs.

use std::cell::OnceCell;

use crate::fxhash::WordSet;
use crate::lexicon::{Lexicon, WordClass};
use crate::Span;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (and digits), with inner apostrophes ("O’Brien", "don't") and
    /// inner periods of dotted abbreviations ("U.S.", "Ph.D."). A
    /// possessive "’s" is a token of its own, of this kind.
    Word,
    /// Digits with inner separators: "1,200", "3.5", "2023".
    Number,
    /// One punctuation char: quotes, brackets, dashes, periods.
    Punct,
    /// Anything else (emoji, symbols), with its extending chars.
    Symbol,
}

/// A token of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// Whitespace precedes the token (or it starts the text).
    pub space_before: bool,
    /// The token starts a sentence.
    pub sent_start: bool,
    /// The token starts a paragraph.
    pub para_start: bool,
}

/// A segmented text.
#[derive(Clone, Debug)]
pub struct Doc<'t> {
    pub text: &'t str,
    pub tokens: Vec<Token>,
    /// The text of each token, sliced once: the passes ask for it many
    /// times a token, and slicing a `str` checks both ends each time.
    /// (The tokens' spans do not change after [`segment`].)
    texts: Vec<&'t str>,
    pub sentences: Vec<Span>,
    /// Token index ranges of each sentence.
    pub sentence_tokens: Vec<std::ops::Range<usize>>,
    pub paragraphs: Vec<Span>,
    /// Token index ranges of each paragraph.
    pub paragraph_tokens: Vec<std::ops::Range<usize>>,
    /// The lexicon classes of each token, filled by [`Doc::classify`] so
    /// that every pass reads them without hashing the token again.
    pub classes: Vec<WordClass>,
    /// The longest multi-token lexicon entry starting at each token (its
    /// end token and classes), filled by [`Doc::classify`].
    pub phrases: Vec<Option<(u32, WordClass)>>,
    /// Per token: its form, the index of its text (and kind) among the
    /// doc's distinct ones. A word recurs many times in a text ("the",
    /// "said", a name), and every pass that looks a word up (lexicon
    /// classes, common-word rank, the tagger's word features) can do it
    /// once per form instead of once per token.
    pub form_of: Vec<u32>,
    /// Per form: the first token with that text.
    pub form_first: Vec<u32>,
    /// Per form: its first eight bytes, zero-padded
    /// ([`crate::fxhash::word_head`]), as [`intern`] read them: the
    /// lexicon probes of [`Doc::classify`] start from them.
    form_heads: Vec<u64>,
    /// Per form: the common-word rank ([`Lexicon::common_rank`]), looked up
    /// on first use by [`Doc::common_rank`] (sized by [`Doc::classify`]).
    ranks: Vec<OnceCell<Option<u32>>>,
    /// Per form: the classes and rank of its lower-case form, looked up on
    /// first use by [`Doc::lower_entry`] (sized by [`Doc::classify`]).
    lowered: Vec<OnceCell<(WordClass, Option<u32>)>>,
}

impl<'t> Doc<'t> {
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn tok(&self, i: usize) -> &'t str {
        self.texts[i]
    }

    /// Whether token `i` starts with an upper-case letter (as
    /// [`crate::entities::is_capitalised`] says of its text), read from
    /// its first byte where that is ASCII: the passes ask it of most
    /// tokens, often more than once.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn capitalised(&self, i: usize) -> bool {
        match self.texts[i].as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => self.capitalised_by_char(i),
        }
    }

    /// [`Doc::capitalised`] of a token that starts with a non-ASCII char.
    #[inline(never)]
    fn capitalised_by_char(&self, i: usize) -> bool {
        crate::entities::is_capitalised(self.tok(i))
    }

    /// The sentence index of token `i` (binary search).
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentence_tokens.partition_point(|r| r.end <= i)
    }

    /// The paragraph index of token `i` (binary search).
    pub fn paragraph_of(&self, i: usize) -> usize {
        self.paragraph_tokens.partition_point(|r| r.end <= i)
    }

    /// Looks up every word form in `lex` once (see [`Doc::form_of`]).
    pub fn classify(&mut self, lex: &Lexicon) {
        let nf = self.form_first.len();
        let mut form_classes = Vec::with_capacity(nf);
        // The rank comes with the class for most words (see
        // [`Lexicon::class_and_rank`]); the rest are looked up on first use.
        self.ranks = vec![OnceCell::new(); nf];
        self.lowered = vec![OnceCell::new(); nf];
        for ((&first, &head), rank) in self
            .form_first
            .iter()
            .zip(&self.form_heads)
            .zip(&self.ranks)
        {
            let t = &self.tokens[first as usize];
            if t.kind != TokenKind::Word {
                form_classes.push(WordClass::NONE);
                continue;
            }
            let w = self.tok(first as usize);
            let (mut class, settled) = lex.class_and_rank_by_head(w, head);
            if let Some(r) = settled {
                let _ = rank.set(r);
            }
            // "Gdańsk", "Zürich": the lists also hold the forms without
            // accents, so look those up when the word as written is unknown.
            if class.is_empty()
                && crate::lexicon::ShortAscii::of_head(w.len(), head).is_none()
                && !w.is_ascii()
            {
                if let Some(folded) = crate::lexicon::fold_accents(w) {
                    class = lex.class(&folded);
                }
            }
            form_classes.push(class);
        }
        // Per token: its form's classes, and the phrase it heads (few
        // tokens head one, so that vector is filled in place: collected
        // together, both were pushed to a token at a time).
        self.classes = self
            .form_of
            .iter()
            .map(|&f| form_classes.get(f as usize).copied().unwrap_or_default())
            .collect();
        let mut phrases = vec![None; self.classes.len()];
        let mut buf = String::new();
        for (i, (class, phrase)) in self.classes.iter().zip(&mut phrases).enumerate() {
            if class.has(WordClass::PHRASE_HEAD) {
                *phrase = lex
                    .longest_phrase_uncached(self, i, &mut buf)
                    .map(|(e, c)| (e as u32, c));
            }
        }
        self.phrases = phrases;
    }

    /// The lexicon classes of token `i` (cached by [`Doc::classify`]).
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn class(&self, i: usize) -> WordClass {
        match self.classes.get(i) {
            Some(&c) => c,
            None => self.class_unclassified(i),
        }
    }

    /// [`Doc::class`] in a doc [`Doc::classify`] has not seen.
    #[inline(never)]
    fn class_unclassified(&self, i: usize) -> WordClass {
        crate::lexicon::builtin().class(self.tok(i))
    }

    /// The form of token `i` (see [`Doc::form_of`]).
    pub fn form(&self, i: usize) -> usize {
        self.form_of[i] as usize
    }

    /// [`Lexicon::common_rank`] of token `i`, looked up once per form in a
    /// classified doc.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn common_rank(&self, i: usize, lex: &Lexicon) -> Option<u32> {
        match self.ranks.get(self.form(i)).and_then(OnceCell::get) {
            Some(&rank) => rank,
            None => self.common_rank_first(i, lex),
        }
    }

    /// [`Doc::common_rank`] of a form not asked before.
    #[inline(never)]
    fn common_rank_first(&self, i: usize, lex: &Lexicon) -> Option<u32> {
        match self.ranks.get(self.form(i)) {
            // Not settled by `classify`: the word as written is no common
            // word and has a capital, so the rank is its lower-case form's.
            Some(cell) => {
                let rank = self.lower_entry(i, lex).1;
                let _ = cell.set(rank);
                rank
            }
            None => lex.common_rank(self.tok(i)),
        }
    }

    /// [`Lexicon::class_and_rank`] of token `i` in lower case (as
    /// [`str::to_lowercase`] gives it): the common-word rank of a
    /// capitalised word and whether it is a speech verb ("Said") both ask
    /// it, looked up once per form in a classified doc.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn lower_entry(&self, i: usize, lex: &Lexicon) -> (WordClass, Option<u32>) {
        match self.lowered.get(self.form(i)).and_then(OnceCell::get) {
            Some(&entry) => entry,
            None => self.lower_entry_first(i, lex),
        }
    }

    /// [`Doc::lower_entry`] of a form not asked before.
    #[inline(never)]
    fn lower_entry_first(&self, i: usize, lex: &Lexicon) -> (WordClass, Option<u32>) {
        let entry = lex.lower_entry(self.tok(i));
        if let Some(cell) = self.lowered.get(self.form(i)) {
            let _ = cell.set(entry);
        }
        entry
    }

    /// The index of the first token starting at or after byte `b`.
    pub fn token_at(&self, b: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < b)
    }
}

/// Segments `text` into tokens, sentences and paragraphs.
pub fn segment(text: &str) -> Doc<'_> {
    let Tokenized {
        tokens,
        breaks,
        stops,
    } = tokenize(text);
    let blank_line_mode = breaks.iter().any(|b| b.blank);
    let n = tokens.len();
    let (texts, form_of, form_first, form_heads) = intern(text, &tokens);
    let mut doc = Doc {
        text,
        tokens,
        texts,
        // News sentences run to twenty-odd tokens: room for most without
        // growing (the vectors are small).
        sentences: Vec::with_capacity(n / 16 + 1),
        sentence_tokens: Vec::with_capacity(n / 16 + 1),
        paragraphs: Vec::with_capacity(breaks.len() + 1),
        paragraph_tokens: Vec::with_capacity(breaks.len() + 1),
        classes: Vec::new(),
        phrases: Vec::new(),
        form_of,
        form_first,
        form_heads,
        ranks: Vec::new(),
        lowered: Vec::new(),
    };
    // Paragraph starts: the first token after each qualifying break.
    let mut para_starts = Vec::new();
    if !doc.tokens.is_empty() {
        para_starts.push(0);
    }
    for b in &breaks {
        if (b.blank || b.hard || !blank_line_mode)
            && b.next_token > 0
            && b.next_token < doc.tokens.len()
            && para_starts.last() != Some(&b.next_token)
        {
            para_starts.push(b.next_token);
        }
    }
    let line_starts: Vec<usize> = breaks.iter().map(|b| b.next_token).collect();
    for (k, &s) in para_starts.iter().enumerate() {
        let e = para_starts.get(k + 1).copied().unwrap_or(doc.tokens.len());
        doc.tokens[s].para_start = true;
        doc.paragraphs.push(Span::new(
            doc.tokens[s].span.start,
            doc.tokens[e - 1].span.end,
        ));
        doc.paragraph_tokens.push(s..e);
    }
    let mut next_stop = 0;
    for k in 0..doc.paragraph_tokens.len() {
        let r = doc.paragraph_tokens[k].clone();
        split_sentences(
            &mut doc,
            r,
            &line_starts,
            (&stops, &mut next_stop),
            blank_line_mode,
        );
    }
    doc
}

/// Numbers the distinct token texts (with their kinds) in order of first
/// occurrence: per token its text and form, and per form its first token.
///
/// One probe per token in an open-addressing table sized by the number of
/// forms, not tokens, so it stays in cache however long the text. Each
/// form keeps its first eight bytes and its length and kind: most tokens
/// are no longer, so telling two apart compares two words, without reading
/// the text again (a longer token folds a hash of its other bytes into the
/// second word, and its bytes are compared when both words match).
// Kept out of `segment`: inlined there, its loop ran out of registers.
#[inline(never)]
#[allow(clippy::type_complexity)]
fn intern<'t>(text: &'t str, tokens: &[Token]) -> (Vec<&'t str>, Vec<u32>, Vec<u32>, Vec<u64>) {
    /// A form: its first eight bytes (zero-padded), its length and kind
    /// (and for a longer token a hash of the rest), and its first token.
    #[derive(Clone, Copy)]
    struct Form {
        head: u64,
        rest: u64,
        first: u32,
    }
    const MIX: u64 = 0x517c_c1b7_2722_0a95;
    fn home(head: u64, rest: u64, bits: u32) -> usize {
        // FxHash-style mixing; the top bits, which the multiply fills best.
        ((head.rotate_left(5) ^ rest).wrapping_mul(MIX) >> (64 - bits)) as usize
    }
    const EMPTY: u32 = u32::MAX;
    let bytes = text.as_bytes();
    // A text has fewer forms than tokens; an article's fit without growing.
    let mut forms: Vec<Form> = Vec::with_capacity(tokens.len().min(1 << 12));
    // Room for an article's forms (fewer than two in three of its tokens,
    // and the table is kept at most half full) without growing; a long
    // text starts smaller.
    let mut bits = (tokens.len() + tokens.len() / 4)
        .clamp(64, 1 << 13)
        .next_power_of_two()
        .trailing_zeros();
    let mut table = vec![EMPTY; 1 << bits];
    let mut texts = Vec::with_capacity(tokens.len());
    // The forms of one-byte ASCII tokens, by byte and kind (the table
    // never holds them).
    let mut single = [EMPTY; 128 << 2];
    let form_of = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            // The token's text, for Doc::tok, sliced here once.
            let word = text.get(t.span.range()).unwrap_or("");
            texts.push(word);
            let s = word.as_bytes();
            let len = s.len();
            // One ASCII byte (punctuation, mostly): its form by direct index.
            if let [b] = *s {
                if let Some(f) = single.get_mut(usize::from(b) << 2 | t.kind as usize) {
                    if *f == EMPTY {
                        *f = forms.len() as u32;
                        forms.push(Form {
                            head: u64::from(b),
                            rest: 1 << 8 | t.kind as u64,
                            first: i as u32,
                        });
                    }
                    return *f;
                }
            }
            // The first eight bytes in one load (masked) where the text
            // has eight bytes from the token's start.
            let head = match bytes.get(t.span.start..t.span.start + 8) {
                Some(w) => {
                    let w = <[u8; 8]>::try_from(w).map_or(0, u64::from_le_bytes);
                    if len >= 8 {
                        w
                    } else {
                        w & ((1u64 << (8 * len)) - 1)
                    }
                }
                None => crate::fxhash::tail_word(s.get(..len.min(8)).unwrap_or(&[])),
            };
            let mut rest = (len as u64) << 8 | t.kind as u64;
            let long = len > 8;
            if long {
                for c in s.get(8..).unwrap_or(&[]).chunks(8) {
                    rest = (rest.rotate_left(5) ^ crate::fxhash::tail_word(c)).wrapping_mul(MIX);
                }
            }
            let mask = table.len() - 1;
            let mut slot = home(head, rest, bits);
            loop {
                let f = table[slot];
                if f == EMPTY {
                    break;
                }
                if let Some(form) = forms.get(f as usize) {
                    if form.head == head && form.rest == rest {
                        if !long {
                            return f;
                        }
                        // Equal hashes of a long token: compare it.
                        let first = tokens.get(form.first as usize);
                        if first.is_some_and(|first| {
                            first.kind == t.kind && bytes.get(first.span.range()) == Some(s)
                        }) {
                            return f;
                        }
                    }
                }
                slot = (slot + 1) & mask;
            }
            let f = forms.len() as u32;
            table[slot] = f;
            forms.push(Form {
                head,
                rest,
                first: i as u32,
            });
            // At most half full, so a probe always ends at an empty slot.
            if forms.len() * 2 > table.len() {
                bits += 1;
                table = vec![EMPTY; 1 << bits];
                let mask = table.len() - 1;
                for (f, form) in forms.iter().enumerate() {
                    let mut slot = home(form.head, form.rest, bits);
                    while table[slot] != EMPTY {
                        slot = (slot + 1) & mask;
                    }
                    table[slot] = f as u32;
                }
            }
            f
        })
        .collect();
    (
        texts,
        form_of,
        forms.iter().map(|f| f.first).collect(),
        forms.iter().map(|f| f.head).collect(),
    )
}

struct Break {
    /// Index of the token after this line break.
    next_token: usize,
    /// A blank line (two or more line breaks with only spaces between).
    blank: bool,
    /// U+2029, always a paragraph break.
    hard: bool,
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Chars that extend the previous char into one grapheme cluster (close
/// enough for token boundaries: marks, joiners, selectors, modifiers, tags).
pub(crate) fn is_extender(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05BD}' | '\u{05BF}' | '\u{05C1}'..='\u{05C2}'
        | '\u{05C4}'..='\u{05C5}' | '\u{05C7}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E4}' | '\u{06E7}'..='\u{06E8}' | '\u{06EA}'..='\u{06ED}'
        | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}' | '\u{0951}'..='\u{0957}' | '\u{0962}'..='\u{0963}'
        | '\u{0981}'..='\u{0983}' | '\u{09BC}'..='\u{09D7}' | '\u{0A01}'..='\u{0A03}' | '\u{0A3C}'..='\u{0A51}'
        | '\u{0B01}'..='\u{0B03}' | '\u{0BBE}'..='\u{0BCD}' | '\u{0C00}'..='\u{0C04}' | '\u{0C3E}'..='\u{0C56}'
        | '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}'
        | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{200C}'..='\u{200D}' | '\u{20D0}'..='\u{20FF}'
        | '\u{302A}'..='\u{302F}' | '\u{3099}'..='\u{309A}' | '\u{FE00}'..='\u{FE0F}' | '\u{FE20}'..='\u{FE2F}'
        | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Apostrophe-like chars that may join the parts of a word ("O’Brien").
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// What [`tokenize`] finds.
struct Tokenized {
    tokens: Vec<Token>,
    breaks: Vec<Break>,
    /// The tokens that may end a sentence (their last byte is that of a
    /// terminator: `.`, `!`, `?`, `…`), in order: [`split_sentences`] visits
    /// these and the ends of lines, not every token.
    stops: Vec<u32>,
}

/// Whether a token ending in byte `b` may end a sentence ("…" ends in 0xA6).
fn ends_in_terminator(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?' | 0xA6)
}

fn tokenize(text: &str) -> Tokenized {
    tokenize_with::<true>(text)
}

/// [`tokenize`], with or without the fast path for the commonest tokens
/// (the tests check that it changes nothing).
fn tokenize_with<const FAST: bool>(text: &str) -> Tokenized {
    // News prose runs 4.9 to 5.3 bytes a token: room for all of them, so the
    // vector never grows (and copies) while the text is scanned.
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 4 + 16);
    let mut breaks: Vec<Break> = Vec::with_capacity(text.len() / 128 + 4);
    // News prose has a period every hundred-odd bytes.
    let mut stops: Vec<u32> = Vec::with_capacity(text.len() / 64 + 4);
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut space_before = true;
    // Line breaks seen since the last token, and whether a U+2029 was among them.
    let mut pending_lines = 0usize;
    let mut pending_hard = false;
    while i < text.len() {
        if FAST && pending_lines == 0 {
            i = fast_tokens(bytes, i, &mut space_before, &mut tokens, &mut stops);
        }
        let Some(&b) = bytes.get(i) else { break };
        if b == b' ' {
            space_before = true;
            i += 1;
            continue;
        }
        let c = if b.is_ascii() {
            b as char
        } else {
            next_char(text, i)
        };
        let cl = c.len_utf8();
        if c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}' {
            if is_line_break(c) {
                // CRLF counts once.
                if !(c == '\n' && i > 0 && bytes[i - 1] == b'\r') {
                    pending_lines += 1;
                }
                pending_hard |= c == '\u{2029}';
            }
            space_before = true;
            i += cl;
            continue;
        }
        if pending_lines > 0 {
            if !tokens.is_empty() {
                breaks.push(Break {
                    next_token: tokens.len(),
                    blank: pending_lines >= 2,
                    hard: pending_hard,
                });
            }
            pending_lines = 0;
            pending_hard = false;
        }
        let start = i;
        let kind;
        if is_word_char(c) {
            let (end, k) = scan_word(text, i);
            i = end;
            kind = k;
        } else if is_apostrophe(c) && possessive_s_at(text, i + cl) && !space_before {
            // "Blinken’s": the possessive is its own token.
            i += cl + 1;
            kind = TokenKind::Word;
        } else if c.is_ascii_punctuation() || is_unicode_punct(c) {
            i += cl;
            kind = TokenKind::Punct;
        } else {
            i += cl;
            if is_regional_indicator(c)
                && i < text.len()
                && is_regional_indicator(next_char(text, i))
            {
                i += 4;
            }
            kind = TokenKind::Symbol;
        }
        // Keep grapheme extenders (and ZWJ sequences) with the token.
        while i < text.len() && !text.as_bytes()[i].is_ascii() {
            let d = next_char(text, i);
            if is_extender(d) {
                i += d.len_utf8();
                if d == '\u{200D}' && i < text.len() {
                    let e = next_char(text, i);
                    if !e.is_whitespace() {
                        i += e.len_utf8();
                    }
                }
            } else {
                break;
            }
        }
        if bytes
            .get(i.wrapping_sub(1))
            .is_some_and(|&b| ends_in_terminator(b))
        {
            stops.push(tokens.len() as u32);
        }
        tokens.push(Token {
            span: Span::new(start, i),
            kind,
            space_before,
            sent_start: false,
            para_start: false,
        });
        space_before = false;
    }
    Tokenized {
        tokens,
        breaks,
        stops,
    }
}

/// The fast path of [`tokenize`]: scans spaces and the commonest tokens
/// from byte `i` and returns where it stopped (the text's end, or a byte
/// the general rules must see). Most tokens are an ASCII word or number
/// that ends before an ASCII byte, or one ASCII punctuation char (but an
/// apostrophe) before an ASCII byte. They need none of the general rules:
/// no char to decode, no extender after them. A comma, a period or an
/// apostrophe continues a word only before a letter or a digit
/// ([`scan_word`]); before anything else ASCII it ends the word.
// Out of line: in the general loop its state did not fit in registers,
// and was stored and loaded again for every token.
#[inline(never)]
fn fast_tokens(
    bytes: &[u8],
    mut i: usize,
    space_before: &mut bool,
    tokens: &mut Vec<Token>,
    stops: &mut Vec<u32>,
) -> usize {
    let mut space = *space_before;
    while let Some(&b) = bytes.get(i) {
        if b == b' ' {
            space = true;
            i += 1;
            continue;
        }
        let rest = bytes.get(i..).unwrap_or(&[]);
        let (len, kind) = if b.is_ascii_alphanumeric() {
            let (run, letter) = ascii_alnum_run(rest);
            let ends = match rest.get(run) {
                None => true,
                Some(b',' | b'.' | b'\'') => rest
                    .get(run + 1)
                    .map_or(true, |a| a.is_ascii() && !a.is_ascii_alphanumeric()),
                Some(n) => n.is_ascii(),
            };
            if !ends {
                break;
            }
            let kind = if letter {
                TokenKind::Word
            } else {
                TokenKind::Number
            };
            (run, kind)
        } else if b.is_ascii_punctuation() {
            let ends = b != b'\'' && rest.get(1).map_or(true, u8::is_ascii);
            if !ends {
                break;
            }
            if ends_in_terminator(b) {
                stops.push(tokens.len() as u32);
            }
            (1, TokenKind::Punct)
        } else {
            break;
        };
        tokens.push(Token {
            span: Span::new(i, i + len),
            kind,
            space_before: space,
            sent_start: false,
            para_start: false,
        });
        space = false;
        i += len;
    }
    *space_before = space;
    i
}

fn next_char(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or('\0')
}

fn is_unicode_punct(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '«' | '»' | '¡' | '¿' | '§' | '¶' | '·'
        | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{060C}' | '\u{061F}' | '\u{06D4}')
}

/// "s" followed by a non-word char: the possessive after an apostrophe.
fn possessive_s_at(text: &str, i: usize) -> bool {
    let rest = &text.as_bytes()[i.min(text.len())..];
    matches!(rest.first(), Some(b's') | Some(b'S'))
        && rest.get(1).map_or(true, |&b| {
            !(b.is_ascii_alphanumeric()
                || b >= 0x80 && !text[i + 1..].starts_with(char::is_whitespace))
        })
}

/// Scans a word or number starting at `i`; returns its end and kind.
fn scan_word(text: &str, mut i: usize) -> (usize, TokenKind) {
    let start = i;
    let mut all_digits = true;
    loop {
        // A run of word chars, ASCII first: a tight scan for ASCII letters
        // and digits (most of any text), then one char at a time.
        let bytes = text.as_bytes();
        while i < bytes.len() {
            let (run, letter) = ascii_alnum_run(bytes.get(i..).unwrap_or(&[]));
            all_digits = all_digits && !letter;
            i += run;
            if i >= bytes.len() || bytes[i].is_ascii() {
                break;
            }
            let c = next_char(text, i);
            if is_word_char(c) || is_extender(c) {
                all_digits = false;
                i += c.len_utf8();
            } else {
                break;
            }
        }
        if i >= text.len() {
            break;
        }
        // Only a comma, a period or an apostrophe can continue a word (the
        // cases below); most words end at a space.
        let b = text.as_bytes()[i];
        if b.is_ascii() && !matches!(b, b',' | b'.' | b'\'') {
            break;
        }
        let c = next_char(text, i);
        let after = i + c.len_utf8();
        let next = if after < text.len() {
            next_char(text, after)
        } else {
            ' '
        };
        if all_digits && (c == ',' || c == '.') && next.is_ascii_digit() {
            // 1,200 and 3.5
            i = after;
            continue;
        }
        if is_apostrophe(c) && next.is_alphabetic() && !all_digits {
            if possessive_s_at(text, after) {
                break;
            }
            // O’Brien, don't, rock ’n’ (inner only).
            i = after;
            continue;
        }
        if c == '.' && !all_digits && next.is_alphabetic() && i - start <= 2 * 4 {
            // Dotted abbreviations: U.S., e.g., Ph.D. Each piece is short.
            let piece_len = text[start..i]
                .rsplit('.')
                .next()
                .map_or(0, |p| p.chars().count());
            let next_piece_len = text[after..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .count();
            if piece_len <= 2 && next_piece_len <= 2 {
                i = after;
                continue;
            }
        }
        break;
    }
    // A dotted abbreviation keeps its final period: "U.S." (but not "end.").
    if i < text.len() && text.as_bytes()[i] == b'.' && text[start..i].contains('.') {
        i += 1;
    }
    let kind = if all_digits {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    (i, kind)
}

/// The length of the run of ASCII letters and digits that starts `rest`,
/// and whether it holds a letter. Eight bytes at a time, each test made on
/// all eight at once: bit 7 of a byte of `x + (0x80 - lo)` is set when the
/// byte is at least `lo`. A byte below 0x80 adds without a carry; a byte
/// from 0x80 up is no ASCII letter (it stops the run) and its carry only
/// reaches the bytes after it, past the run. The text's end reads as zero
/// bytes, which stop it too.
fn ascii_alnum_run(rest: &[u8]) -> (usize, bool) {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 0x80;
    let at_least = |w: u64, lo: u8| w.wrapping_add(ONES * (0x80 - lo as u64)) & HIGH;
    let mut n = 0;
    let mut letter = false;
    loop {
        let w = match rest.get(n..n + 8) {
            Some(c) => <[u8; 8]>::try_from(c).map_or(0, u64::from_le_bytes),
            None => crate::fxhash::tail_word(rest.get(n..).unwrap_or(&[])),
        };
        let digit = at_least(w, b'0') & !at_least(w, b'9' + 1);
        let folded = w | (ONES * 0x20);
        let alpha = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
        let stop = (!(digit | alpha) | w) & HIGH;
        if stop == 0 {
            letter |= alpha != 0;
            n += 8;
            continue;
        }
        let k = stop.trailing_zeros() / 8;
        let before = (1u64 << (8 * k)) - 1;
        return (n + k as usize, letter || alpha & before != 0);
    }
}

/// Words after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Mt", "Ft", "Gen", "Lt", "Col", "Maj",
    "Capt", "Cmdr", "Adm", "Sgt", "Cpl", "Pvt", "Sen", "Rep", "Gov", "Pres", "Rev", "Hon", "Fr",
    "Sec", "Atty", "Supt", "Insp", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
    "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
    "No", "Nos", "Vol", "vs", "v", "approx", "est", "dept", "Dept", "Univ", "Ave", "Blvd", "Rd",
    "Mass", "Calif", "Conn", "Fla", "Ill", "Mich", "Minn", "Penn", "Tenn", "Va", "Wash", "Wis",
    "Ariz", "Ark", "Colo", "Del", "Ga", "Ind", "Kan", "Ky", "La", "Md", "Miss", "Mo", "Mont",
    "Neb", "Nev", "Okla", "Ore", "Pa", "Tex", "Vt", "Wyo", "etc", "al", "cf", "Op", "Ch", "Fig",
    "p", "pp",
];

static ABBREVIATION_SET: WordSet = WordSet::new(ABBREVIATIONS);

/// Abbreviations that often end a sentence too; a period after them ends it
/// when a sentence-starting word follows.
const FINAL_ABBREVIATIONS: &[&str] = &[
    "Inc", "Corp", "Ltd", "Co", "Bros", "LLC", "plc", "Jr", "Sr", "etc",
];

/// Capitalised words that usually start a sentence rather than continue a
/// name, used after ambiguous periods ("in the U.S. The talks ...").
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "This",
    "That",
    "These",
    "Those",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "In",
    "On",
    "At",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "During",
    "There",
    "Here",
    "What",
    "Who",
    "Why",
    "How",
    "Some",
    "Many",
    "Most",
    "Both",
    "Such",
    "Other",
    "Others",
    "Meanwhile",
    "However",
    "Still",
    "Also",
    "Then",
    "Now",
    "For",
    "With",
    "By",
    "From",
    "Since",
    "Although",
    "Though",
    "Because",
    "One",
    "Two",
    "Three",
    "Not",
    "No",
    "Earlier",
    "Later",
];

static SENTENCE_STARTER_SET: WordSet = WordSet::new(SENTENCE_STARTERS);

/// The char of a token of one char (`None` for any other token): the
/// sentence rules test punctuation tokens by their char, which compiles to
/// less code than comparing strings (the .wasm is smaller).
fn only_char(t: &str) -> Option<char> {
    let mut chars = t.chars();
    chars.next().filter(|_| chars.next().is_none())
}

fn is_closing_punct(s: &str) -> bool {
    matches!(
        only_char(s),
        Some('"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '“' | '«')
    )
}

/// Splits the paragraph of tokens `range` into sentences. `stops` yields
/// the tokens that may end a sentence ([`Tokenized::stops`]) from this
/// paragraph on, from index `next` (which only grows, here and from one
/// paragraph to the next).
fn split_sentences(
    doc: &mut Doc,
    range: std::ops::Range<usize>,
    line_starts: &[usize],
    (stops, next): (&[u32], &mut usize),
    blank_line_mode: bool,
) {
    let mut s = range.start;
    let mut i = range.start;
    let end = range.end;
    // The next line start at or after `i + 1` (`i` only grows).
    let mut line = line_starts.partition_point(|&t| t <= range.start);
    let mut next_line = line_starts.get(line).copied().unwrap_or(usize::MAX);
    // Every terminator ends in one of these bytes ("…" in 0xA6).
    let terminator = |t: &str| t.as_bytes().last().is_some_and(|&b| ends_in_terminator(b));
    while i < end {
        while next_line < i + 1 {
            line += 1;
            next_line = line_starts.get(line).copied().unwrap_or(usize::MAX);
        }
        // Most tokens are ruled out by their last byte, and most lines end
        // at a terminator: skip to the next token that may end a sentence
        // or the last token of the line, whichever comes first.
        let line_end = next_line - 1;
        // The first stop at or after `i` (`i` only grows).
        let stop = loop {
            match stops.get(*next) {
                Some(&t) if (t as usize) < i => *next += 1,
                Some(&t) => break t as usize,
                None => break usize::MAX,
            }
        };
        i = stop.min(line_end);
        if i >= end {
            break;
        }
        let t = doc.tok(i);
        let mut boundary_after = None;
        if terminator(t)
            && (matches!(only_char(t), Some('.' | '!' | '?' | '…'))
                || (t.ends_with('.') && t.len() > 1 && doc.tokens[i].kind == TokenKind::Word))
        {
            // Absorb repeated terminators and closing quotes/brackets.
            let mut j = i + 1;
            while j < end
                && !doc.tokens[j].space_before
                && (matches!(only_char(doc.tok(j)), Some('.' | '!' | '?' | '…'))
                    || is_closing_punct(doc.tok(j)))
            {
                j += 1;
            }
            if j >= end {
                boundary_after = None; // The paragraph ends anyway.
            } else if doc.tokens[j].space_before && ends_sentence(doc, i, j) {
                boundary_after = Some(j);
            }
        }
        if blank_line_mode && i + 1 < end && next_line == i + 1 && looks_like_heading_end(doc, s, i)
        {
            boundary_after = Some(i + 1);
        }
        if let Some(j) = boundary_after {
            push_sentence(doc, s, j);
            s = j;
            i = j;
        } else {
            i += 1;
        }
    }
    if s < end {
        push_sentence(doc, s, end);
    }
}

/// In blank-line mode a single line break inside a paragraph is a hard wrap,
/// unless the line before it ends without any punctuation and is short (a
/// heading or a by-line).
fn looks_like_heading_end(doc: &Doc, s: usize, i: usize) -> bool {
    i + 1 - s <= 12
        && !matches!(
            only_char(doc.tok(i)),
            Some(',' | ';' | ':' | '-' | '–' | '—')
        )
        && doc.tokens[i].kind != TokenKind::Punct
        || matches!(only_char(doc.tok(i)), Some('.' | '!' | '?' | '”' | '"'))
}

fn push_sentence(doc: &mut Doc, s: usize, e: usize) {
    doc.tokens[s].sent_start = true;
    doc.sentences.push(Span::new(
        doc.tokens[s].span.start,
        doc.tokens[e - 1].span.end,
    ));
    doc.sentence_tokens.push(s..e);
}

/// Whether the terminator at token `i` ends the sentence, `j` being the first
/// token after it and its closers.
fn ends_sentence(doc: &Doc, i: usize, j: usize) -> bool {
    let t = doc.tok(i);
    let next = doc.tok(j);
    let next_first = next.chars().next().unwrap_or(' ');
    let next_starts = next_first.is_uppercase()
        || next_first.is_numeric()
        || matches!(
            only_char(next),
            Some('"' | '“' | '‘' | '\'' | '«' | '„' | '(' | '[' | '—' | '-' | '–')
        )
        || (!next_first.is_lowercase() && !next_first.is_ascii());
    if !next_starts {
        return false;
    }
    if only_char(t) == Some('.') && i > 0 && !doc.tokens[i].space_before {
        let prev = doc.tok(i - 1);
        if doc.tokens[i - 1].kind == TokenKind::Word {
            // Initials ("J. K. Rowling") and abbreviations.
            let single_cap = only_char(prev).is_some_and(char::is_uppercase);
            let final_abbreviation = FINAL_ABBREVIATIONS.contains(&prev);
            if single_cap || (ABBREVIATION_SET.contains(prev) && !final_abbreviation) {
                return false;
            }
            if final_abbreviation {
                return SENTENCE_STARTER_SET.contains(next);
            }
        }
    }
    if t.len() > 1 && t.ends_with('.') {
        // A dotted abbreviation such as "U.S." ends a sentence only before a
        // typical sentence starter.
        return SENTENCE_STARTER_SET.contains(next) || matches!(only_char(next), Some('"' | '“'));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        let d = segment(text);
        d.tokens.iter().map(|t| &text[t.span.range()]).collect()
    }

    fn sents(text: &str) -> Vec<&str> {
        let d = segment(text);
        d.sentences.iter().map(|s| &text[s.range()]).collect()
    }

    /// The run scan agrees with a byte-by-byte one on every byte value at
    /// every position of a run, and on the text's end.
    #[test]
    fn ascii_alnum_runs() {
        let check = |s: &[u8]| {
            let run = s
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(s.len());
            let letter = s[..run].iter().any(u8::is_ascii_alphabetic);
            assert_eq!(ascii_alnum_run(s), (run, letter), "{s:?}");
        };
        for len in 0..20 {
            for at in 0..=len {
                for b in 0..=255u8 {
                    let mut s: Vec<u8> = (0..len).map(|k| b"a1Zz09AM"[k % 8]).collect();
                    if at < len {
                        s[at] = b;
                    }
                    check(&s);
                    s.iter_mut().take(at).for_each(|c| *c = b'7');
                    check(&s);
                }
            }
        }
    }

    mod props {
        use proptest::prelude::*;

        /// Pieces of text around the fast path's edges: words and numbers
        /// before commas, periods and apostrophes, dotted abbreviations,
        /// possessives, non-ASCII letters, marks and punctuation, line
        /// breaks.
        const PIECES: &[&str] = &[
            "a", "Ab", "word", "U", "S", "1", "20", "3", "x2", ",", ".", "'", "’", "s", " ", "  ",
            "\n", "\n\n", "\r\n", "\t", "-", "(", "\"", "“", "”", "é", "\u{301}", "ß", "😀",
            "\u{200D}", "…", "$", "%", "\u{2029}", "\u{FEFF}",
        ];

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(3000))]
            /// The fast path makes the tokens the general rules make.
            #[test]
            fn the_fast_path_changes_no_token(pieces in proptest::collection::vec(0..PIECES.len(), 0..24)) {
                let text: String = pieces.iter().map(|&k| PIECES[k]).collect();
                let fast = super::super::tokenize_with::<true>(&text);
                let general = super::super::tokenize_with::<false>(&text);
                prop_assert_eq!(fast.tokens, general.tokens);
                prop_assert_eq!(fast.stops, general.stops);
                let (fast_breaks, general_breaks) = (fast.breaks, general.breaks);
                let breaks = |b: Vec<super::super::Break>| -> Vec<(usize, bool, bool)> {
                    b.iter().map(|b| (b.next_token, b.blank, b.hard)).collect()
                };
                prop_assert_eq!(breaks(fast_breaks), breaks(general_breaks));
            }
        }
    }

    #[test]
    fn tokens() {
        assert_eq!(toks("Blinken’s visit"), ["Blinken", "’s", "visit"]);
        assert_eq!(toks("O’Brien don't"), ["O’Brien", "don't"]);
        assert_eq!(toks("the U.S. and U.K."), ["the", "U.S.", "and", "U.K."]);
        assert_eq!(toks("US-China ties"), ["US", "-", "China", "ties"]);
        assert_eq!(
            toks("$1,200.50 or 3.5%"),
            ["$", "1,200.50", "or", "3.5", "%"]
        );
        assert_eq!(toks("students’ union"), ["students", "’", "union"]);
        assert_eq!(
            toks("“Yes,” he said."),
            ["“", "Yes", ",", "”", "he", "said", "."]
        );
        assert_eq!(toks("👩‍👩‍👧 🇺🇸 x"), ["👩‍👩‍👧", "🇺🇸", "x"]);
        assert_eq!(toks("Jose\u{301} Ma"), ["Jose\u{301}", "Ma"]);
        assert_eq!(toks(""), Vec::<&str>::new());
        assert_eq!(toks("his ’90s"), ["his", "’", "90s"]);
        assert_eq!(
            toks("Zürich, São Paulo x2ü"),
            ["Zürich", ",", "São", "Paulo", "x2ü"]
        );
    }

    #[test]
    fn sentences() {
        assert_eq!(
            sents("Mr. Blinken arrived. He spoke."),
            ["Mr. Blinken arrived.", "He spoke."]
        );
        assert_eq!(
            sents("He lives in the U.S. The talks ended."),
            ["He lives in the U.S.", "The talks ended."]
        );
        assert_eq!(
            sents("The U.S. President spoke."),
            ["The U.S. President spoke."]
        );
        assert_eq!(
            sents("J. K. Rowling wrote. Yes."),
            ["J. K. Rowling wrote.", "Yes."]
        );
        assert_eq!(
            sents("“We will win.” She left."),
            ["“We will win.”", "She left."]
        );
        assert_eq!(sents("On Jan. 5 he left."), ["On Jan. 5 he left."]);
        assert_eq!(
            sents("Headline here\n\nBody text. More."),
            ["Headline here", "Body text.", "More."]
        );
    }

    #[test]
    fn paragraphs() {
        let d = segment("One.\n\nTwo\nwrapped.\n\nThree.");
        assert_eq!(d.paragraphs.len(), 3);
        let d = segment("One.\nTwo.\r\nThree.");
        assert_eq!(d.paragraphs.len(), 3);
        let d = segment("\n\n  \n");
        assert!(d.paragraphs.is_empty());
    }
}
