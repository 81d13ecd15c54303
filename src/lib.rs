//! Finds the named entities and the quotations (who said what) in news text.
//!
//! The core is pure Rust: no I/O, no wasm-bindgen, no serialization. One call,
//! [`annotate`], takes any text and always returns an [`Annotation`]; it never
//! fails and never panics, whatever the input.
//!
//! All offsets in this crate are **UTF-8 byte offsets** into the input, half
//! open, always on `char` boundaries. The [`offsets`] module converts them to
//! UTF-16 code units (JavaScript) and to Unicode scalar values (Python, CLI).
//!
//! ```
//! let text = "“We will win,” said Foreign Minister Wang Yi in Beijing.";
//! let ann = article_annotator::annotate(text);
//! let names: Vec<&str> = ann.mentions.iter().map(|m| &text[m.span.range()]).collect();
//! assert!(names.contains(&"Wang Yi"));
//! assert_eq!(ann.quotes[0].speaker_name(&ann), Some("Wang Yi"));
//! ```

#![forbid(unsafe_code)]

pub mod offsets;

mod aliases;
mod entities;
mod fxhash;
mod lexicon;
mod numeric;
mod quotes;
mod segment;
mod sorting;
mod tagger;

pub mod export;
pub mod site_lexicon;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use segment::{Token, TokenKind};
pub use site_lexicon::{SiteLexicon, SiteLexiconError};

/// Version of the result layout; bumped on any change of its meaning.
pub const RESULT_VERSION: u32 = 1;

/// The largest input [`annotate`] accepts as a whole, in bytes (16 MiB).
///
/// Larger inputs are still annotated by [`annotate`], but only up to this many
/// bytes (cut at a char boundary), and [`Annotation::truncated`] is set. The
/// page and the CLI refuse such inputs up front with a message naming the
/// limit.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// A half-open byte range into the annotated text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
    pub fn len(self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// Entity types, named as spaCy and OntoNotes name them, plus `TITLE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    Person,
    Norp,
    Org,
    Gpe,
    Loc,
    Event,
    Date,
    Time,
    Money,
    Percent,
    /// An office or role ("Secretary of State", "Sen.") attached to a person.
    Title,
}

impl Label {
    pub const ALL: [Label; 11] = [
        Label::Person,
        Label::Norp,
        Label::Org,
        Label::Gpe,
        Label::Loc,
        Label::Event,
        Label::Date,
        Label::Time,
        Label::Money,
        Label::Percent,
        Label::Title,
    ];

    /// The OntoNotes spelling: `PERSON`, `ORG`, `GPE`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Person => "PERSON",
            Label::Norp => "NORP",
            Label::Org => "ORG",
            Label::Gpe => "GPE",
            Label::Loc => "LOC",
            Label::Event => "EVENT",
            Label::Date => "DATE",
            Label::Time => "TIME",
            Label::Money => "MONEY",
            Label::Percent => "PERCENT",
            Label::Title => "TITLE",
        }
    }

    /// Names (as opposed to values such as dates and money) take part in
    /// alias clusters and can be quote speakers.
    pub fn is_name(self) -> bool {
        matches!(
            self,
            Label::Person | Label::Norp | Label::Org | Label::Gpe | Label::Loc | Label::Event
        )
    }
}

/// A type name that is not one of [`Label::ALL`] (see [`Label`]'s `FromStr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownLabel;

impl std::fmt::Display for UnknownLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unknown entity type")
    }
}

impl std::error::Error for UnknownLabel {}

/// A label from its name, in any case ("PERSON", "person").
impl std::str::FromStr for Label {
    type Err = UnknownLabel;

    fn from_str(s: &str) -> Result<Label, UnknownLabel> {
        Label::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s))
            .ok_or(UnknownLabel)
    }
}

/// One occurrence of an entity in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    pub label: Label,
    /// Index into [`Annotation::entities`].
    pub entity: usize,
    /// For a `TITLE` mention next to a person's name: the index (into
    /// [`Annotation::mentions`]) of that person's mention.
    pub title_of: Option<usize>,
}

/// An alias cluster: all mentions that refer to the same thing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Deterministic: entities are numbered in order of first mention.
    pub id: usize,
    pub label: Label,
    /// The canonical name: the longest, most complete mention
    /// ("Antony Blinken" for "Blinken", "Mr. Blinken").
    pub name: String,
    /// Indices into [`Annotation::mentions`], in text order.
    pub mentions: Vec<usize>,
}

/// What kind of quotation a [`Quote`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    /// Quoted speech: “We will win,” she said.
    Direct,
    /// A short quoted word or phrase that is not speech: scare quotes,
    /// titles of works, nicknames.
    Term,
    /// Reported speech without quote marks: "She said that ...".
    Indirect,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Term => "term",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// A quotation, possibly in several parts (“We will,” she said, “win.”).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// The quoted words of each part, without the quotation marks.
    pub parts: Vec<Span>,
    pub kind: QuoteKind,
    /// Index into [`Annotation::entities`] of the speaker, if the text names one.
    pub speaker: Option<usize>,
    /// Where the speaker is named near the quote: a name, a title ("the
    /// senator") or a pronoun ("she").
    pub speaker_span: Option<Span>,
    /// The speech verb phrase: "said", "told reporters", "according to".
    pub cue: Option<Span>,
}

impl Quote {
    /// From the start of the first part to the end of the last.
    pub fn span(&self) -> Span {
        match (self.parts.first(), self.parts.last()) {
            (Some(a), Some(b)) => Span::new(a.start, b.end),
            _ => Span::default(),
        }
    }

    pub fn speaker_name<'a>(&self, ann: &'a Annotation) -> Option<&'a str> {
        self.speaker.map(|e| ann.entities[e].name.as_str())
    }
}

/// The result of [`annotate`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Annotation {
    /// Sorted by start; never overlapping.
    pub mentions: Vec<Mention>,
    /// Sorted by first mention.
    pub entities: Vec<Entity>,
    /// Sorted by start.
    pub quotes: Vec<Quote>,
    pub sentences: Vec<Span>,
    pub paragraphs: Vec<Span>,
    /// Set when the input was longer than [`MAX_INPUT_BYTES`] and only its
    /// head was annotated.
    pub truncated: bool,
}

/// Options for [`annotate_with`].
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Names a site supplies; they win over the built-in lexicons and model.
    pub site_lexicon: Option<SiteLexicon>,
    /// Use the learned tagger (on by default through [`annotate`]).
    pub no_model: bool,
}

/// Annotates `text` with the built-in lexicons and model.
pub fn annotate(text: &str) -> Annotation {
    annotate_with(text, &Options::default())
}

/// Annotates `text`; never fails, never panics.
pub fn annotate_with(text: &str, options: &Options) -> Annotation {
    let (text, truncated) = if text.len() > MAX_INPUT_BYTES {
        (&text[..floor_char_boundary(text, MAX_INPUT_BYTES)], true)
    } else {
        (text, false)
    };
    let lex = lexicon::builtin();
    let mut doc = segment::segment(text);
    doc.classify(lex);
    let mut found = entities::find(&doc, lex, options);
    let entities = aliases::cluster(&doc, &mut found, options.site_lexicon.as_ref());
    let quotes = quotes::find(&doc, &found, &entities, lex);
    Annotation {
        mentions: found,
        entities,
        quotes,
        sentences: std::mem::take(&mut doc.sentences),
        paragraphs: std::mem::take(&mut doc.paragraphs),
        truncated,
    }
}

/// The tokens the annotator sees, for tools (the tagger trainer, tests).
pub fn tokenize(text: &str) -> Vec<Token> {
    segment::segment(text).tokens
}

#[doc(hidden)]
pub mod internals {
    //! Entry points for the trainer and the evaluation tools; not a stable API.
    pub use crate::lexicon::{builtin as builtin_lexicon, Lexicon, WordClass};
    pub use crate::segment::{segment, Doc};
    pub use crate::tagger::{
        lexicon_fingerprint, model as tagger_model, train, Gold, GoldSpan, Model as TaggerModel,
        TaggedSpan, TrainConfig, TrainDoc, TrainStats,
    };
}

pub(crate) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
