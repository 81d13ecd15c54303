//! Who is speaking: cue phrases ("said", "told reporters", "according to")
//! and the speaker phrase next to them, then the entity that phrase means.
//!
//! Finding is syntactic and local: a speaker phrase is a name mention, a
//! title ("Foreign Minister Wang Yi", "the senator"), an organisation noun
//! ("the ministry") or a pronoun, directly next to a cue, with at most a few
//! adverbs or an apposition between them. Nothing farther away is ever taken
//! as the speaker: a quote whose sentence names no speaker gets none.
//!
//! Resolving is done in text order, so a pronoun can look back at earlier
//! sentences and at the speakers of earlier quotes. Every look-around is
//! bounded (tokens, sentences, mentions), and the title and organisation
//! indexes are sorted lists searched by binary search, so the cost per
//! quote is small and fixed.

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};

use crate::fxhash::{FxHashMap as HashMap, WordSet};
use crate::lexicon::{with_lowercase, Lexicon, WordClass};
use crate::segment::{Doc, TokenKind};
use crate::{Entity, Label, Mention, Span};

use super::marks::is_quote_char;

const NONE: u32 = u32::MAX;

/// How the text names a speaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phrase {
    /// A name mention (PERSON, ORG, GPE): index into mentions.
    Name(usize),
    /// "the senator", "the Foreign Minister": a title without a name; the
    /// token range of the title words (without "the").
    Title { span: Span, head: usize },
    /// "the ministry": an organisation noun; `head` is its token.
    OrgNoun { span: Span, head: usize },
    /// he, she, they, it: the token.
    Pronoun(usize),
}

/// A cue and the speaker phrase found next to it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Attribution {
    pub cue: Option<Span>,
    pub phrase: Option<Phrase>,
    /// The last token of the attribution (exclusive end), to tell what
    /// follows it.
    pub end: usize,
    /// A verb right before the quote with no comma or colon between ("add
    /// “Protector of Mexico” to his titles"): weaker evidence of speech.
    pub bare: bool,
}

/// A resolved speaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Speaker {
    pub entity: usize,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gender {
    Unknown,
    Male,
    Female,
    Mixed,
}

/// Words that may sit between a speaker and the cue: "Blinken also said".
const ADVERBS: &[&str] = &[
    "also",
    "later",
    "then",
    "again",
    "previously",
    "earlier",
    "once",
    "has",
    "had",
    "have",
    "was",
    "were",
    "is",
    "would",
    "will",
    "had",
    "reportedly",
    "further",
    "herself",
    "himself",
    "themselves",
    "itself",
    "subsequently",
    "recently",
    "finally",
    "simply",
    "only",
    "just",
    "often",
    "always",
    "never",
    "still",
    "did",
    "does",
    "do",
    "could",
    "might",
    "may",
    "must",
    "should",
    "can",
    "not",
    "quickly",
    "initially",
    "first",
];

static ADVERB_SET: WordSet = WordSet::new(ADVERBS);

/// Verbs whose addressee belongs to the cue: "told reporters".
const TELL_VERBS: &[&str] = &[
    "told", "tell", "tells", "telling", "assured", "assures", "informed", "informs", "reminded",
    "reminds", "warned", "warns", "asked", "asks",
];

/// Words that end an addressee phrase: "told reporters on Monday".
const PREPOSITIONS: &[&str] = &[
    "on", "in", "at", "during", "after", "before", "with", "from", "by", "for", "of", "to", "that",
    "as", "while", "when", "about", "last", "this", "earlier", "late", "early", "and", "but",
];

/// Words that cannot come right before the subject of a cue: the name
/// after them is governed by something else ("the meeting with Wang").
const NOT_BEFORE_SUBJECT: &[&str] = &[
    "with", "of", "to", "by", "for", "from", "about", "between", "against", "among", "and", "’s",
    "'s", "than", "like", "under", "toward", "towards",
];

/// Words that cannot be part of a short unnamed subject before a cue.
const NOT_IN_SUBJECT: &[&str] = &[
    "and", "but", "or", "nor", "that", "which", "who", "whom", "whose", "while", "as", "if",
    "when", "because", "so", "then", "to", "it", "this", "there", "what", "where", "we", "i",
    "you", "not", "is", "was", "are", "were",
];

/// Nouns that stand for an organisation: "the ministry said". Checked with
/// the ORG_WORD lexicon as well.
const ORG_NOUNS: &[&str] = &[
    "ministry",
    "department",
    "company",
    "agency",
    "government",
    "embassy",
    "office",
    "council",
    "committee",
    "commission",
    "court",
    "party",
    "bank",
    "university",
    "union",
    "federation",
    "association",
    "organisation",
    "organization",
    "foundation",
    "institute",
    "board",
    "authority",
    "service",
    "army",
    "military",
    "police",
    "firm",
    "group",
    "network",
    "newspaper",
    "club",
    "team",
    "campaign",
    "administration",
    "parliament",
    "congress",
    "senate",
    "cabinet",
    "white house",
    "kremlin",
    "secretariat",
    "corporation",
    "league",
];

static ORG_NOUN_SET: WordSet = WordSet::new(ORG_NOUNS);

/// Short forms of titles, for matching "the senator" to "Sen. Jane Doe".
const TITLE_SHORT: &[(&str, &str)] = &[
    ("sen", "senator"),
    ("rep", "representative"),
    ("gov", "governor"),
    ("gen", "general"),
    ("pres", "president"),
    ("lt", "lieutenant"),
    ("col", "colonel"),
    ("capt", "captain"),
    ("sgt", "sergeant"),
    ("prof", "professor"),
    ("dr", "doctor"),
    ("atty", "attorney"),
    ("adm", "admiral"),
    ("maj", "major"),
    ("supt", "superintendent"),
    ("insp", "inspector"),
    ("sec", "secretary"),
];

/// Honorifics before a name, outside its span (also taken from the lexicon).
const HONORIFICS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame", "Lord", "Lady",
];

fn is_honorific(lex: &Lexicon, w: &str) -> bool {
    HONORIFICS.contains(&w) || lex.class(w).has(WordClass::HONORIFIC)
}

fn gender_of_honorific(w: &str) -> Gender {
    match w.trim_end_matches('.') {
        "Mr" | "Sir" | "Lord" => Gender::Male,
        "Mrs" | "Ms" | "Miss" | "Dame" | "Lady" => Gender::Female,
        _ => Gender::Unknown,
    }
}

/// The long form of a lower-case short title ("sen" → "senator").
fn long_title(l: &str) -> Option<&'static str> {
    TITLE_SHORT
        .iter()
        .find(|(s, _)| *s == l)
        .map(|&(_, long)| long)
}

/// The key a title word is indexed under: lower case, short forms expanded.
fn title_key(w: &str) -> Cow<'_, str> {
    let l = lower(w.trim_end_matches('.'));
    long_title(&l).map_or(l, Cow::Borrowed)
}

/// Calls `f` with [`title_key`] of `w`, lowered on the stack (no copy
/// for a short word): for lookups, which need no key of their own.
fn with_title_key<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    with_lowercase(w.trim_end_matches('.'), |l| f(long_title(l).unwrap_or(l)))
}

/// [`Doc::token_at`] for offsets that mostly only grow: a forward sweep
/// from the last answer, and a binary search when an offset goes back.
#[derive(Default)]
struct TokenCursor {
    /// `token_at` of the last offset asked.
    cur: usize,
}

impl TokenCursor {
    fn at(&mut self, doc: &Doc, b: usize) -> usize {
        let tokens = &doc.tokens;
        if self.cur > 0 && tokens[self.cur - 1].span.start >= b {
            self.cur = doc.token_at(b);
        } else {
            // Starts grow with the index: eight tokens at a time while the
            // eighth ahead still starts before `b`, then one by one.
            let mut k = self.cur;
            while tokens.get(k + 8).is_some_and(|t| t.span.start < b) {
                k += 8;
            }
            while tokens.get(k).is_some_and(|t| t.span.start < b) {
                k += 1;
            }
            self.cur = k;
        }
        self.cur
    }
}

/// A word of an organisation mention, for "the ministry said".
struct OrgWord<'a> {
    /// [`lower_hash`] of the word.
    hash: u64,
    word: &'a str,
    /// The mention's first token.
    token: usize,
    entity: usize,
}

/// The hash a word is grouped under in `Ctx::orgs`: the hash of its
/// lower-case form ([`str::to_lowercase`]), so words that differ only in
/// case share it. An ASCII word is lowered eight bytes at a time on the
/// stack as it is hashed: no copy, no UTF-8 check.
fn lower_hash(w: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::fxhash::FxHasher::default();
    if w.is_ascii() {
        // Each chunk as one number, lowered by lanes: what writing its
        // lowered bytes would hash (the hasher takes a chunk of up to
        // eight bytes as that number, zero-padded).
        for chunk in w.as_bytes().chunks(8) {
            h.write_u64(ascii_lowercase_lanes(crate::fxhash::tail_word(chunk)));
        }
    } else {
        h.write(w.to_lowercase().as_bytes());
    }
    h.finish()
}

/// The bytes of `w` (all ASCII) with 'A'..='Z' lowered, eight at a time:
/// a byte's high bit, after adding a constant, tells whether it is at
/// least 'A' and whether it is above 'Z' (no sum carries into the next
/// byte, all being below 0x80).
fn ascii_lowercase_lanes(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let at_least_a = w.wrapping_add(ONES * (0x80 - b'A' as u64));
    let above_z = w.wrapping_add(ONES * (0x7f - b'Z' as u64));
    let upper = at_least_a & !above_z & (ONES * 0x80);
    w | (upper >> 2)
}

/// `w` in lower case ([`str::to_lowercase`]), borrowed when it already is.
fn lower(w: &str) -> Cow<'_, str> {
    if w.is_ascii() && !w.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// Everything attribution needs about the document, built once.
pub(crate) struct Ctx<'a> {
    pub doc: &'a Doc<'a>,
    pub mentions: &'a [Mention],
    pub entities: &'a [Entity],
    pub lex: &'a Lexicon,
    /// Token → index of the mention covering it, or NONE.
    men_at: Vec<u32>,
    /// Mention → its token range (start, end).
    men_tok: Vec<(usize, usize)>,
    /// Token → inside a quote (marks included).
    pub quoted: Vec<bool>,
    /// Title word → (token, person entity), in text order.
    titles: HashMap<Cow<'a, str>, Vec<(usize, usize)>>,
    /// Organisation word → (token, entity), in text order; built on first
    /// use (only "the ministry said" needs it).
    orgs: OnceCell<Vec<OrgWord<'a>>>,
    gender: Vec<Gender>,
    /// Per form ([`Doc::form_of`]): the word tests below, each worked out
    /// on first use. A word recurs many times in a text and every sentence
    /// is scanned for speech verbs, so a test costs one load per token.
    form_tests: Vec<Cell<u8>>,
    /// The most recent quote speaker: (entity, token where named).
    pub last_speaker: Option<(usize, usize)>,
}

/// The word tests cached per form in `Ctx::form_tests`: two bits each,
/// whether it is known and its answer.
#[derive(Clone, Copy)]
enum FormTest {
    CueVerb = 0,
    Adverb = 2,
    TitleWord = 4,
    OrgNoun = 6,
}

impl<'a> Ctx<'a> {
    pub fn new(
        doc: &'a Doc<'a>,
        mentions: &'a [Mention],
        entities: &'a [Entity],
        lex: &'a Lexicon,
    ) -> Ctx<'a> {
        let n = doc.tokens.len();
        let mut men_at = vec![NONE; n];
        let mut titles: HashMap<Cow<'a, str>, Vec<(usize, usize)>> = HashMap::default();
        let mut gender = vec![Gender::Unknown; entities.len()];
        // Mentions are sorted and never overlap, so their starts and ends,
        // in turn, only grow: they map to tokens by one forward sweep rather
        // than a binary search each (which, over the tokens of a long text,
        // misses the cache at every step). News names a thing every dozen
        // tokens or so, so the sweep is the cheaper way.
        let mut cursor = TokenCursor::default();
        let men_tok: Vec<(usize, usize)> = mentions
            .iter()
            .map(|m| (cursor.at(doc, m.span.start), cursor.at(doc, m.span.end)))
            .collect();
        for (k, m) in mentions.iter().enumerate() {
            let (a, b) = men_tok[k];
            if let Some(slots) = men_at.get_mut(a..b.min(n)) {
                slots.fill(k as u32);
            }
            if a >= b || a >= n {
                continue;
            }
            match m.label {
                Label::Title => {
                    let person = m.title_of.and_then(|p| mentions.get(p)).map(|p| p.entity);
                    if let Some(e) = person.filter(|&e| e < entities.len()) {
                        for i in (a..b.min(n)).take(6) {
                            if doc.tokens[i].kind == TokenKind::Word {
                                titles
                                    .entry(title_key(doc.tok(i)))
                                    .or_default()
                                    .push((a, e));
                            }
                        }
                    }
                }
                Label::Person => {
                    // Mr / Ms before the name.
                    let mut h = a;
                    if h > 0 && doc.tok(h - 1) == "." {
                        h -= 1;
                    }
                    if h > 0 && m.entity < gender.len() {
                        let g = gender_of_honorific(doc.tok(h - 1));
                        let cur = &mut gender[m.entity];
                        *cur = match (*cur, g) {
                            (c, Gender::Unknown) => c,
                            (Gender::Unknown, g) => g,
                            (c, g) if c == g => c,
                            _ => Gender::Mixed,
                        };
                    }
                }
                _ => {}
            }
        }
        Ctx {
            doc,
            mentions,
            entities,
            lex,
            men_at,
            quoted: vec![false; n],
            men_tok,
            titles,
            orgs: OnceCell::new(),
            gender,
            form_tests: vec![Cell::new(0); doc.form_first.len()],
            last_speaker: None,
        }
    }

    /// The index of organisation words (see `orgs`): every word of every
    /// organisation mention (and of its entity's name), in text order, then
    /// grouped by the hash of its lower-cased form. One vector, and no
    /// lower-cased copies of the words.
    fn orgs(&self) -> &[OrgWord<'a>] {
        self.orgs.get_or_init(|| {
            let doc = self.doc;
            let n = doc.tokens.len();
            // Room for a few words per organisation mention, so the
            // vector rarely grows.
            let n_orgs = self
                .mentions
                .iter()
                .filter(|m| m.label == Label::Org)
                .count();
            let mut orgs: Vec<OrgWord<'a>> = Vec::with_capacity(4 * n_orgs);
            for (k, m) in self.mentions.iter().enumerate() {
                if m.label != Label::Org || m.entity >= self.entities.len() {
                    continue;
                }
                let (a, b) = self.men_tok[k];
                if a >= b || a >= n {
                    continue;
                }
                let mut add = |word: &'a str| {
                    orgs.push(OrgWord {
                        hash: lower_hash(word),
                        word,
                        token: a,
                        entity: m.entity,
                    })
                };
                for i in (a..b.min(n)).take(8) {
                    if doc.tokens[i].kind == TokenKind::Word {
                        add(doc.tok(i));
                    }
                }
                let mut words = 0;
                crate::aliases::each_word(&self.entities[m.entity].name, |w| {
                    add(w);
                    words += 1;
                    words < 8
                });
            }
            // Stable: each word's entries stay in text order.
            crate::sorting::sort_by_key(&mut orgs, |o| o.hash);
            orgs
        })
    }

    fn tok(&self, i: usize) -> &'a str {
        self.doc.tok(i)
    }

    fn n(&self) -> usize {
        self.doc.tokens.len()
    }

    fn mention_at(&self, i: usize) -> Option<usize> {
        self.men_at
            .get(i)
            .copied()
            .filter(|&m| m != NONE)
            .map(|m| m as usize)
    }

    /// Token range of mention `m`.
    pub fn mention_tokens(&self, m: usize) -> (usize, usize) {
        self.men_tok[m]
    }

    fn span(&self, a: usize, b: usize) -> Span {
        Span::new(
            self.doc.tokens[a].span.start,
            self.doc.tokens[b - 1].span.end,
        )
    }

    /// Test `test` of token `i`, by its form: `compute` runs once per form.
    fn form_test(&self, i: usize, test: FormTest, compute: impl FnOnce() -> bool) -> bool {
        let Some(cell) = self
            .doc
            .form_of
            .get(i)
            .and_then(|&f| self.form_tests.get(f as usize))
        else {
            return compute();
        };
        let (known, yes) = (1u8 << test as u8, 2u8 << test as u8);
        let v = cell.get();
        if v & known != 0 {
            return v & yes != 0;
        }
        let r = compute();
        cell.set(v | known | if r { yes } else { 0 });
        r
    }

    /// A speech verb (by the lexicon), in any case: the word's own classes,
    /// or for a capitalised word its lower-case form's (once per form).
    /// Inlined: reported speech asks it of every word of most sentences,
    /// and the answer is mostly settled by the token's own class.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn is_cue_verb(&self, i: usize) -> bool {
        let doc = self.doc;
        let Some(t) = doc.tokens.get(i) else {
            return false;
        };
        if t.kind != TokenKind::Word {
            return false;
        }
        let class = match doc.classes.get(i) {
            Some(&c) => c,
            None => doc.class(i),
        };
        if class.has(WordClass::SPEECH_VERB) {
            return true;
        }
        // Most words start with a lower-case ASCII letter: no capital.
        if doc
            .text
            .as_bytes()
            .get(t.span.start)
            .is_some_and(|b| b.is_ascii_lowercase())
        {
            return false;
        }
        self.is_capitalised_cue_verb(i)
    }

    /// The first token of `a..b` that [`Ctx::is_cue_verb`] accepts, by one
    /// pass over the tokens and their classes side by side: reported
    /// speech asks it of most sentences, word by word.
    pub fn next_cue_verb(&self, a: usize, b: usize) -> Option<usize> {
        let doc = self.doc;
        let b = b.min(doc.tokens.len());
        if a >= b {
            return None;
        }
        let (Some(tokens), Some(classes)) = (doc.tokens.get(a..b), doc.classes.get(a..b)) else {
            return (a..b).find(|&i| self.is_cue_verb(i));
        };
        let bytes = doc.text.as_bytes();
        for (k, (t, class)) in tokens.iter().zip(classes).enumerate() {
            if t.kind != TokenKind::Word {
                continue;
            }
            if class.has(WordClass::SPEECH_VERB) {
                return Some(a + k);
            }
            // As in `is_cue_verb`: no capital, no other form to ask.
            if bytes
                .get(t.span.start)
                .is_some_and(|b| b.is_ascii_lowercase())
            {
                continue;
            }
            if self.is_capitalised_cue_verb(a + k) {
                return Some(a + k);
            }
        }
        None
    }

    /// [`Ctx::is_cue_verb`] for a word that may start with a capital.
    #[inline(never)]
    fn is_capitalised_cue_verb(&self, i: usize) -> bool {
        self.form_test(i, FormTest::CueVerb, || {
            crate::entities::is_capitalised(self.tok(i))
                && self
                    .doc
                    .lower_entry(i, self.lex)
                    .0
                    .has(WordClass::SPEECH_VERB)
        })
    }

    /// "according to" at `i`.
    pub fn according_to_at(&self, i: usize) -> bool {
        self.is_according_to(i)
    }

    /// The byte span of tokens `a..b`.
    pub fn span_of(&self, a: usize, b: usize) -> Span {
        self.span(a, b)
    }

    /// The end of the cue phrase at verb `v` (see `cue_from`).
    pub fn cue_end(&self, v: usize, limit: usize) -> usize {
        self.cue_from(v, limit)
    }

    /// The speaker phrase before verb `v` and the token where it starts.
    pub fn subject(&self, v: usize, floor: usize) -> Option<(Phrase, usize)> {
        self.subject_of(v, floor)
    }

    /// (Inlined: "according to" closing a sentence is looked for at each of
    /// its last ten tokens.)
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn is_according_to(&self, i: usize) -> bool {
        // The lengths first: this is asked of many tokens.
        let tokens = &self.doc.tokens;
        i + 1 < tokens.len()
            && tokens[i].span.len() == "according".len()
            && tokens[i + 1].span.len() == "to".len()
            && self.tok(i).eq_ignore_ascii_case("according")
            && self.tok(i + 1) == "to"
    }

    fn is_adverb(&self, i: usize) -> bool {
        self.form_test(i, FormTest::Adverb, || {
            let w = self.tok(i);
            self.doc.tokens[i].kind == TokenKind::Word
                && (ADVERB_SET.contains(w)
                    || (w.len() > 4 && w.ends_with("ly") && w.chars().all(|c| c.is_lowercase())))
        })
    }

    /// Token `i` is a title word of the lexicon, in lower or title case.
    fn is_title_word(&self, i: usize) -> bool {
        self.form_test(i, FormTest::TitleWord, || {
            let w = self.tok(i);
            if self.lex.class(w).has(WordClass::TITLE) {
                return true;
            }
            // (Most texts link no title to a person: no key to look up.)
            let titled = || {
                !self.titles.is_empty() && with_title_key(w, |key| self.titles.contains_key(key))
            };
            match w.chars().next() {
                Some(c) if c.is_lowercase() => {
                    self.lex.title_class(w).has(WordClass::TITLE) || titled()
                }
                _ => titled(),
            }
        })
    }

    /// Token `i` is an organisation noun: "ministry", "Ministry".
    fn is_org_noun(&self, i: usize) -> bool {
        self.form_test(i, FormTest::OrgNoun, || {
            with_lowercase(self.tok(i), |l| {
                ORG_NOUN_SET.contains(l) || self.lex.title_class(l).has(WordClass::ORG_WORD)
            })
        })
    }

    fn possessive_at(&self, i: usize) -> bool {
        i < self.n() && matches!(self.tok(i), "’s" | "'s" | "’S" | "'S")
    }

    fn pronoun(&self, i: usize) -> bool {
        matches!(
            self.tok(i),
            "he" | "she" | "they" | "it" | "He" | "She" | "They" | "It"
        )
    }

    /// The speaker phrase that starts at token `i`, scanning forward no
    /// farther than `limit`; with its end token (exclusive).
    pub fn phrase_from(&self, mut i: usize, limit: usize) -> Option<(Phrase, usize)> {
        let limit = limit.min(self.n());
        // Honorifics: Mr. Blinken.
        if i < limit && is_honorific(self.lex, self.tok(i)) && self.mention_at(i).is_none() {
            i += 1;
            if i < limit && self.tok(i) == "." {
                i += 1;
            }
        }
        if i >= limit {
            return None;
        }
        // Pronouns first, even if a mention covers one by mistake.
        if self.pronoun(i) {
            return Some((Phrase::Pronoun(i), i + 1));
        }
        if let Some(m) = self.mention_at(i) {
            return self.mention_phrase(m, limit);
        }
        let w = self.tok(i);
        if matches!(w, "the" | "The") && i + 1 < limit {
            if let Some(m) = self.mention_at(i + 1) {
                return self.mention_phrase(m, limit);
            }
            // the senator, the foreign minister, the ministry: up to three words.
            let mut best = None;
            for j in i + 1..(i + 4).min(limit) {
                if self.doc.tokens[j].kind != TokenKind::Word {
                    break;
                }
                if self.is_title_word(j) {
                    best = Some((
                        Phrase::Title {
                            span: self.span(i, j + 1),
                            head: j,
                        },
                        j + 1,
                    ));
                } else if self.is_org_noun(j) {
                    best = Some((
                        Phrase::OrgNoun {
                            span: self.span(i, j + 1),
                            head: j,
                        },
                        j + 1,
                    ));
                }
            }
            return best;
        }
        None
    }

    fn mention_phrase(&self, m: usize, limit: usize) -> Option<(Phrase, usize)> {
        let men = &self.mentions[m];
        let (_, b) = self.mention_tokens(m);
        if self.possessive_at(b) {
            // "Jane Doe's aide": not Jane Doe.
            return None;
        }
        match men.label {
            Label::Person | Label::Org | Label::Gpe => Some((Phrase::Name(m), b)),
            Label::Title => match men.title_of {
                Some(p) if p < self.mentions.len() => {
                    let (_, pb) = self.mention_tokens(p);
                    Some((Phrase::Name(p), pb.max(b).min(limit.max(b))))
                }
                _ => {
                    let (a, b) = self.mention_tokens(m);
                    let head = b.saturating_sub(1).max(a);
                    Some((
                        Phrase::Title {
                            span: men.span,
                            head,
                        },
                        b,
                    ))
                }
            },
            _ => None,
        }
    }

    /// The speaker phrase that ends at token `j` (inclusive), scanning back
    /// no farther than `floor`; with its start token.
    pub fn phrase_before(&self, j: usize, floor: usize) -> Option<(Phrase, usize)> {
        if j < floor || j >= self.n() {
            return None;
        }
        if self.pronoun(j) {
            return Some((Phrase::Pronoun(j), j));
        }
        if let Some(m) = self.mention_at(j) {
            let (a, b) = self.mention_tokens(m);
            if b != j + 1 || a < floor {
                return None;
            }
            let men = &self.mentions[m];
            return match men.label {
                Label::Person | Label::Org | Label::Gpe => Some((Phrase::Name(m), a)),
                Label::Title => match men.title_of {
                    Some(p) if p < self.mentions.len() => Some((Phrase::Name(p), a)),
                    _ => {
                        let start = if a > floor && matches!(self.tok(a - 1), "the" | "The") {
                            a - 1
                        } else {
                            a
                        };
                        Some((
                            Phrase::Title {
                                span: self.span(start, b),
                                head: j,
                            },
                            start,
                        ))
                    }
                },
                _ => None,
            };
        }
        if self.pronoun(j) {
            return Some((Phrase::Pronoun(j), j));
        }
        if self.doc.tokens[j].kind != TokenKind::Word {
            return None;
        }
        // the senator, the foreign minister, the ministry: "the" first (the
        // cheaper test), then the word.
        let mut k = j;
        let the = loop {
            if k <= floor || j - k >= 3 {
                return None;
            }
            k -= 1;
            if matches!(self.tok(k), "the" | "The") {
                break k;
            }
            if self.doc.tokens[k].kind != TokenKind::Word || self.mention_at(k).is_some() {
                return None;
            }
        };
        let span = self.span(the, j + 1);
        if self.is_title_word(j) {
            Some((Phrase::Title { span, head: j }, the))
        } else if self.is_org_noun(j) {
            Some((Phrase::OrgNoun { span, head: j }, the))
        } else {
            None
        }
    }

    /// The cue phrase at verb `v`: the verb, and for "tell" verbs the
    /// addressee ("told reporters", "told the BBC"); returns its end.
    fn cue_from(&self, v: usize, limit: usize) -> usize {
        let limit = limit.min(self.n());
        if !with_lowercase(self.tok(v), |l| TELL_VERBS.contains(&l)) {
            return v + 1;
        }
        let mut i = v + 1;
        if i < limit {
            if let Some(m) = self.mention_at(i) {
                let (_, b) = self.mention_tokens(m);
                return if b <= limit { b } else { v + 1 };
            }
        }
        let mut end = v + 1;
        while i < limit && i < v + 5 {
            let t = &self.doc.tokens[i];
            let w = self.tok(i);
            if t.kind != TokenKind::Word
                || PREPOSITIONS.contains(&w)
                || self.pronoun(i) && i == v + 1 && w != "it"
            {
                break;
            }
            if let Some(m) = self.mention_at(i) {
                let (_, b) = self.mention_tokens(m);
                if b <= limit {
                    end = b;
                }
                break;
            }
            i += 1;
            if !matches!(w, "the" | "a" | "an" | "his" | "her" | "their" | "its") {
                end = i;
            }
        }
        end
    }

    /// Skips adverbs backwards from `j` (inclusive); the first other token.
    fn skip_adverbs_back(&self, mut j: usize, floor: usize) -> Option<usize> {
        let mut n = 0;
        while j > floor && self.is_adverb(j) && n < 3 {
            j -= 1;
            n += 1;
        }
        (j >= floor && !self.is_adverb(j)).then_some(j)
    }

    /// The speaker phrase before verb `v`, allowing adverbs and one
    /// apposition between ("Ned Price, a spokesman, said").
    fn subject_of(&self, v: usize, floor: usize) -> Option<(Phrase, usize)> {
        if v == 0 || v <= floor {
            return None;
        }
        let j = self.skip_adverbs_back(v - 1, floor)?;
        if let Some(p) = self.phrase_before(j, floor) {
            // "Blinken’s meeting with Wang emphasized": Wang is no subject.
            let governed = p.1 > floor
                && with_lowercase(self.tok(p.1 - 1), |l| NOT_BEFORE_SUBJECT.contains(&l));
            return (!governed).then_some(p);
        }
        if self.tok(j) == "," {
            // An apposition: back to the comma before it.
            let mut k = j;
            while k > floor && j - k < 12 {
                k -= 1;
                let t = self.tok(k);
                if t == "," {
                    // "The committee chairman, Sen. Robert Hale, said": the
                    // apposition is the name.
                    if let Some(p) = self.bare_person(k + 1, j) {
                        return Some((p, k + 1));
                    }
                    return k.checked_sub(1).and_then(|e| self.phrase_before(e, floor));
                }
                // (Periods may belong to "Sen."; `floor` is the sentence start.)
                if is_quote_char(t)
                    || matches!(t, "!" | "?" | ";" | ":")
                    || self.doc.tokens[k].sent_start
                {
                    break;
                }
            }
        }
        None
    }

    /// The tokens `a..b` are a short unnamed subject: "a spokesman",
    /// "officials", "the company's lawyer" (no names, no conjunctions).
    fn plain_nominal(&self, a: usize, b: usize) -> bool {
        b > a
            && b - a <= 4
            && (a..b).all(|i| {
                let w = self.tok(i);
                (self.doc.tokens[i].kind == TokenKind::Word || matches!(w, "’s" | "'s"))
                    && self.mention_at(i).is_none()
                    && w.chars().all(|c| !c.is_uppercase())
                    && !NOT_IN_SUBJECT.contains(&w)
            })
    }

    /// The tokens `a..b` hold nothing but titles and honorifics
    /// ("Professor", "Ms", "the"), so a name right after them starts the
    /// speaker phrase.
    fn only_titles(&self, a: usize, b: usize) -> bool {
        (a..b).all(|i| {
            let w = self.tok(i);
            matches!(w, "." | "the" | "The")
                || is_honorific(self.lex, w)
                || self
                    .mention_at(i)
                    .is_some_and(|m| self.mentions[m].label == Label::Title)
        })
    }

    /// The tokens `a..b` are a person's name, maybe after a title or an
    /// honorific, and nothing else.
    fn bare_person(&self, a: usize, b: usize) -> Option<Phrase> {
        let mut i = a;
        if i < b {
            if let Some(m) = self.mention_at(i) {
                if self.mentions[m].label == Label::Title {
                    i = self.mention_tokens(m).1;
                }
            } else if is_honorific(self.lex, self.tok(i)) {
                i += 1;
                if i < b && self.tok(i) == "." {
                    i += 1;
                }
            }
        }
        let m = self.mention_at(i)?;
        let (ma, mb) = self.mention_tokens(m);
        (ma == i && mb == b && self.mentions[m].label == Label::Person).then_some(Phrase::Name(m))
    }

    /// Attribution in the tokens `a..b` that follow a quote (or sit between
    /// the parts of an interrupted one): "said X", "X said", "X told
    /// reporters", "according to X". `strict` asks the attribution to end
    /// its sentence (used after a quote that ended with a period).
    pub fn attribution_after(&self, a: usize, b: usize, strict: bool) -> Option<Attribution> {
        let b = b.min(self.n());
        let mut i = a;
        while i < b && matches!(self.tok(i), "," | "—" | "–" | "-" | "(") {
            i += 1;
        }
        if i >= b {
            return None;
        }
        let start = i;
        let window = (start + 10).min(b);
        let found = if self.is_according_to(i) {
            let phrase = self.phrase_from(i + 2, window);
            let end = phrase.map_or(i + 2, |p| p.1);
            Some(Attribution {
                cue: Some(self.span(i, i + 2)),
                phrase: phrase.map(|p| p.0),
                end,
                bare: false,
            })
        } else if self.is_cue_verb(i) {
            // Inverted: said Jane Doe.
            let cue_end = self.cue_from(i, window);
            let phrase = self
                .phrase_from(cue_end, window)
                .or_else(|| self.phrase_from(i + 1, window));
            let end = phrase.map_or(cue_end, |p| p.1.max(cue_end));
            Some(Attribution {
                cue: Some(self.span(i, cue_end)),
                phrase: phrase.map(|p| p.0),
                end,
                bare: false,
            })
        } else {
            // Jane Doe (also) said; a spokesman said.
            let mut found = None;
            for v in i + 1..window {
                let t = self.tok(v);
                if is_quote_char(t) || matches!(t, "." | "!" | "?" | ";" | ":" | ",") {
                    break;
                }
                if self.is_cue_verb(v) {
                    let cue_end = self.cue_from(v, b);
                    let phrase = self
                        .subject_of(v, start)
                        .filter(|p| self.only_titles(start, p.1));
                    if phrase.is_none() && !self.plain_nominal(start, v) {
                        // "…,” a phrase Delgado dismissed", "…,” and that talks".
                        break;
                    }
                    found = Some(Attribution {
                        cue: Some(self.span(v, cue_end)),
                        phrase: phrase.map(|p| p.0),
                        end: cue_end,
                        bare: false,
                    });
                    break;
                }
            }
            found
        }?;
        if strict {
            // Only "Jane Doe said." as a sentence of its own.
            if found.phrase.is_none()
                || found.end >= b
                || !matches!(self.tok(found.end), "." | "!" | "?")
            {
                return None;
            }
        }
        Some(found)
    }

    /// Attribution in the tokens before a quote's opening mark `open`:
    /// "X said: “…”", "X said, “…”", "X told reporters “…”", "According to
    /// X, “…”". `floor` bounds the scan (sentence start, previous quote).
    pub fn attribution_before(&self, open: usize, floor: usize) -> Option<Attribution> {
        if open == 0 || open <= floor {
            return None;
        }
        let mut j = open - 1;
        let mut separated = false;
        if matches!(self.tok(j), ":" | "," | "—" | "–") || self.tok(j).eq_ignore_ascii_case("that")
        {
            separated = true;
            if j == floor {
                return None;
            }
            j -= 1;
        }
        // According to X, “…”
        if let Some((p, ps)) = self.phrase_before(j, floor) {
            if separated && ps >= floor + 2 && self.is_according_to(ps - 2) {
                return Some(Attribution {
                    cue: Some(self.span(ps - 2, ps)),
                    phrase: Some(p),
                    end: open,
                    bare: false,
                });
            }
        }
        // The nearest cue verb within a few tokens.
        let lo = j.saturating_sub(6).max(floor);
        let mut v = j + 1;
        let mut k = j + 1;
        while k > lo {
            k -= 1;
            let t = self.tok(k);
            if is_quote_char(t) || matches!(t, "." | "!" | "?" | ";" | ":" | "(" | ")") {
                break;
            }
            if self.is_cue_verb(k) {
                v = k;
                break;
            }
        }
        if v > j {
            return None;
        }
        // Words between the verb and the quote: only with a separator, and
        // only an addressee or an adverbial ("said in a statement:").
        let cue_end = self.cue_from(v, j + 1);
        if v < j && !separated && cue_end <= j {
            return None;
        }
        let phrase = self.subject_of(v, floor);
        Some(Attribution {
            cue: Some(self.span(v, cue_end.min(j + 1))),
            phrase: phrase.map(|p| p.0),
            end: open,
            bare: !separated,
        })
    }

    /// The entity a phrase stands for, looking back from token `at`.
    pub fn resolve(&self, phrase: Phrase, at: usize) -> Option<Speaker> {
        match phrase {
            Phrase::Name(m) => {
                let men = self.mentions.get(m)?;
                (men.entity < self.entities.len()).then_some(Speaker {
                    entity: men.entity,
                    span: men.span,
                })
            }
            Phrase::Title { span, head } => {
                let list = with_title_key(self.tok(head), |key| self.titles.get(key))?;
                let k = list.partition_point(|&(t, _)| t < at);
                let (_, e) = *list.get(k.checked_sub(1)?)?;
                Some(Speaker { entity: e, span })
            }
            Phrase::OrgNoun { span, head } => {
                // The last organisation named before `at` with this word.
                let key = lower(self.tok(head));
                let hash = lower_hash(self.tok(head));
                let orgs = self.orgs();
                // The entries of this hash, in text order: a search for the
                // last one before `at`, then back over any other word that
                // shares the hash.
                let from = orgs.partition_point(|o| o.hash < hash);
                let group = &orgs[from..from + orgs[from..].partition_point(|o| o.hash == hash)];
                let before = group.partition_point(|o| o.token < at);
                let e = group[..before]
                    .iter()
                    .rev()
                    .find(|o| with_lowercase(o.word, |w| w == key))?
                    .entity;
                Some(Speaker { entity: e, span })
            }
            Phrase::Pronoun(p) => {
                let e = self.antecedent(p)?;
                Some(Speaker {
                    entity: e,
                    span: self.doc.tokens[p].span,
                })
            }
        }
    }

    fn fits(&self, pronoun: &str, e: usize) -> bool {
        let Some(ent) = self.entities.get(e) else {
            return false;
        };
        match lower(pronoun).as_ref() {
            "he" => ent.label == Label::Person && !matches!(self.gender[e], Gender::Female),
            "she" => ent.label == Label::Person && !matches!(self.gender[e], Gender::Male),
            "they" => matches!(ent.label, Label::Org | Label::Gpe),
            "it" => matches!(ent.label, Label::Org | Label::Gpe),
            _ => false,
        }
    }

    /// The person (or organisation, for they/it) a pronoun at token `p`
    /// refers to: in the nearest sentence (this one before `p`, then up to
    /// five earlier ones, in this paragraph or the one before) that names a fitting entity outside quotes, the
    /// speaker of the last quote if it is named there, else the first such
    /// entity (the subject, in news prose).
    fn antecedent(&self, p: usize) -> Option<usize> {
        let pron = self.tok(p);
        let s0 = self.doc.sentence_of(p);
        let depth = if matches!(pron, "it" | "It") { 2 } else { 6 };
        // Not beyond the paragraph before this one.
        let par = self.doc.paragraph_of(p);
        let par_floor = self
            .doc
            .paragraph_tokens
            .get(par.saturating_sub(1))
            .map_or(0, |r| r.start);
        for s in (s0.saturating_sub(depth - 1)..=s0).rev() {
            let r = self.doc.sentence_tokens.get(s)?.clone();
            if r.start < par_floor {
                break;
            }
            let end = if s == s0 { p } else { r.end };
            if let Some((e, at)) = self.last_speaker {
                if at >= r.start && at < end && self.fits(pron, e) {
                    return Some(e);
                }
            }
            // Mentions in the sentence, in order, a bounded number. A
            // possessor ("Zarqawi's assistant") is rarely the subject: it is
            // the antecedent only when nothing else in the sentence fits.
            let b0 = self.doc.tokens.get(r.start)?.span.start;
            let first = self.mentions.partition_point(|m| m.span.start < b0);
            let mut possessor = None;
            for (k, m) in self.mentions.iter().enumerate().skip(first).take(64) {
                let (t, t_end) = self.men_tok[k];
                if t >= end {
                    break;
                }
                if self.quoted.get(t).copied().unwrap_or(false) {
                    continue;
                }
                if m.label == Label::Title || self.pronoun(t) {
                    continue;
                }
                let e = m.entity;
                if self.fits(pron, e) {
                    if !self.possessive_at(t_end) {
                        return Some(e);
                    }
                    possessor = possessor.or(Some(e));
                }
            }
            if possessor.is_some() {
                return possessor;
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    /// `next_cue_verb` finds what a scan with `is_cue_verb` finds, from
    /// every start to every end.
    #[test]
    fn next_cue_verb_is_the_first_cue_verb() {
        let lex = crate::lexicon::builtin();
        for text in [
            "Officials said on Monday that the plan, Said the mayor, “works.”",
            "SAYS WHO? Ärzte warned; Told you. He added 3 more, ÉCRIT said.",
            "",
            "no verbs here at all",
        ] {
            let mut doc = crate::segment::segment(text);
            doc.classify(lex);
            let ctx = super::Ctx::new(&doc, &[], &[], lex);
            let n = doc.tokens.len();
            for a in 0..=n + 1 {
                for b in 0..=n + 1 {
                    let want = (a..b.min(n)).find(|&i| ctx.is_cue_verb(i));
                    assert_eq!(ctx.next_cue_verb(a, b), want, "{text:?} {a}..{b}");
                }
            }
        }
    }

    /// A word hashes as the bytes of its `to_lowercase` form do, whatever
    /// its case, its length (chunks of eight) or its script.
    #[test]
    fn lower_hash_is_the_hash_of_the_lowered_word() {
        use std::hash::Hasher;
        for w in [
            "",
            "a",
            "Z",
            "@[`{",
            "Ministry",
            "MINISTRY",
            "ministry",
            "Departments",
            "ÖFFENTLICH",
            "Bank\u{7f}",
            "KELVIN",
            "\u{212a}elvin",
            "abcdefghABCDEFGHxyz",
        ] {
            let mut h = crate::fxhash::FxHasher::default();
            h.write(w.to_lowercase().as_bytes());
            assert_eq!(super::lower_hash(w), h.finish(), "{w:?}");
        }
    }
}
