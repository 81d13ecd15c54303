//! Entity mentions, in three steps kept apart so a learned model can take
//! over the middle one:
//!
//! 1. candidates: runs of capitalised tokens (with inner connectors such as
//!    "of" and hyphens), cut at values (dates, money), sentence starts that
//!    are ordinary words, titles and honorifics;
//! 2. typing: each candidate gets a label and a strength from lexicon and
//!    context evidence ([`type_candidate`]), or from the learned tagger;
//! 3. document consistency: a weakly typed single word that matches a part of
//!    a person's name elsewhere in the text becomes that person; titles next
//!    to a person are linked to it; overlaps are resolved.

use crate::fxhash::FxHashMap as HashMap;
use std::ops::Range;

use crate::lexicon::{Lexicon, WordClass};
use crate::segment::{Doc, TokenKind};
use crate::{numeric, site_lexicon, sorting, Label, Mention, Options, Span};

/// How sure the typing step is; document consistency may override `Weak`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Strength {
    Weak,
    Context,
    /// A span the learned tagger proposed.
    Model,
    Lexicon,
    /// Site lexicon entries: never overridden.
    Site,
}

/// A candidate span, before and after typing.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub tokens: Range<usize>,
    /// Tokens right before the candidate that carry a title ("Foreign
    /// Minister") or an honorific ("Mr."), which are not part of the span.
    pub title: Option<Range<usize>>,
    pub honorific: bool,
    pub label: Option<Label>,
    pub strength: Strength,
}

/// A mention found by one of the passes: its tokens, label, strength and,
/// for a TITLE, the index of the person it belongs to.
type Found = (Range<usize>, Label, Strength, Option<usize>);

/// The mentions after overlap resolution, for the passes that run on them.
struct Resolved {
    found: Vec<Found>,
    /// Per entry of `found`: whether it survived.
    kept: Vec<bool>,
    /// Per token: the entry of `found` that owns it, or `usize::MAX`.
    owner: Vec<usize>,
}

impl Resolved {
    /// Adds a one-token mention at a token no mention owns.
    fn add_token(&mut self, i: usize, label: Label) {
        self.owner[i] = self.found.len();
        self.found.push((i..i + 1, label, Strength::Context, None));
        self.kept.push(true);
    }
}

/// Finds entity mentions; `Mention::entity` is filled in by `aliases`.
pub(crate) fn find(doc: &Doc, lex: &Lexicon, options: &Options) -> Vec<Mention> {
    let n = doc.tokens.len();
    let mut taken = vec![false; n];
    // Room for the mentions of news prose (one in eight tokens or so, with
    // the titles and the tagger's spans) without growing.
    let mut found: Vec<Found> = Vec::with_capacity(n / 4 + 4);

    if let Some(site) = &options.site_lexicon {
        for (r, label) in site_lexicon::find(doc, site) {
            for t in r.clone() {
                taken[t] = true;
            }
            found.push((r, label, Strength::Site, None));
        }
    }
    for v in numeric::find(doc) {
        if v.tokens.clone().any(|t| taken[t]) {
            continue;
        }
        for t in v.tokens.clone() {
            taken[t] = true;
        }
        found.push((v.tokens, v.label, Strength::Lexicon, None));
    }

    let headline = headline_sentences(doc);
    let mut cands = candidates(doc, lex, &taken, &headline);
    for c in &mut cands {
        if c.label.is_none() {
            type_candidate(doc, lex, c, &headline);
        }
    }

    // The tagger proposes names; lexicon-sure rule spans (countries, known
    // organisations, values, site names) win where they overlap it.
    let mut used_model = false;
    // Per token, whether a tagger span covers it (empty without the model).
    let mut model_cover = Vec::new();
    if !options.no_model {
        if let Some(model) = crate::tagger::model() {
            model_cover = vec![false; n];
            let before = found.len();
            let values = found.iter().map(|f| (f.0.clone(), f.1));
            let hints = hints_from(n, values, &cands);
            add_tagged(doc, lex, model, &hints, &taken, &headline, &mut found);
            for f in &found[before..] {
                model_cover[f.0.clone()].iter_mut().for_each(|c| *c = true);
            }
            used_model = true;
        }
    }
    // People the tagger found lend their names to single-word rule
    // candidates ("Antony Blinken" … "Blinken’s visit").
    let model_people: Vec<Range<usize>> = found
        .iter()
        .filter(|f| f.2 == Strength::Model && f.1 == Label::Person)
        .map(|f| f.0.clone())
        .collect();
    consistency(doc, &mut cands, &model_people);

    for c in cands {
        let Some(label) = c.label else { continue };
        // A given name that is nothing else (no surname, place or common
        // word: "Cécile", "Barb") is a person even where the tagger, which
        // learned from news that names people in full, saw nothing.
        let lone_given = label == Label::Person
            && c.tokens.len() == 1
            && !model_cover.get(c.tokens.start).copied().unwrap_or(false)
            && only_given_name(doc, lex, c.tokens.start);
        // With the tagger, rule guesses on weak evidence only added false
        // positives on the dev sets; names with context evidence (a title,
        // an honorific, an organisation head word, a person named in full
        // elsewhere) stay where the tagger has nothing.
        if used_model
            && !lone_given
            && c.strength < Strength::Lexicon
            && (c.strength < Strength::Context
                || c.tokens
                    .clone()
                    .any(|k| model_cover.get(k).copied().unwrap_or(false)))
        {
            continue;
        }
        let person_idx = found.len();
        found.push((c.tokens.clone(), label, c.strength, None));
        if let (Some(t), Label::Person) = (c.title, label) {
            found.push((t, Label::Title, Strength::Lexicon, Some(person_idx)));
        }
    }

    // Only the tagger's spans are harmonised (none without it).
    if used_model {
        harmonise_model_labels(doc, &mut found);
    }
    name_storms(doc, &mut found);

    // Sort by start, resolve overlaps (longer and stronger first), and
    // re-map the title links to the surviving mentions.
    // The key: strength descending, then length descending, then start; ties
    // keep their index order. Token positions and lengths fit in 29 bits
    // (`MAX_INPUT_BYTES` is 2^24); an empty or reversed range, which the loop
    // below skips anyway, sorts as length 0.
    const FIELD: u64 = (1 << 29) - 1;
    let order = sorting::stable_order(found.iter().map(|(r, _, s, _)| {
        let len = (r.end.saturating_sub(r.start) as u64).min(FIELD);
        let start = (r.start as u64).min(FIELD);
        ((Strength::Site as u64 - *s as u64) << 58) | ((FIELD - len) << 29) | start
    }));
    let mut owner = vec![usize::MAX; n];
    let mut kept = vec![false; found.len()];
    for &k in &order {
        let r = &found[k].0;
        if r.start >= r.end || r.end > n || r.clone().any(|t| owner[t] != usize::MAX) {
            continue;
        }
        for t in r.clone() {
            owner[t] = k;
        }
        kept[k] = true;
    }
    let mut res = Resolved { found, kept, owner };
    drop_titled_works(doc, &mut res);
    drop_numbered_references(doc, &mut res);
    trim_postscripts(doc, &mut res);
    defined_acronyms(doc, &mut res);
    state_codes(doc, &mut res);
    // The kept mentions in text order: each owns the tokens of its span
    // (the passes above keep `owner` and `kept` in step), and spans do not
    // overlap, so a walk over the owners meets them by start without a sort.
    let Resolved { found, kept, owner } = res;
    let mut ms = Vec::with_capacity(found.len());
    let mut prev = usize::MAX;
    for &k in &owner {
        if k != prev {
            if let Some((r, label, _, _)) = found.get(k) {
                debug_assert!(kept[k]);
                ms.push(Mention {
                    span: Span::new(
                        doc.tokens[r.start].span.start,
                        doc.tokens[r.end - 1].span.end,
                    ),
                    label: *label,
                    entity: usize::MAX,
                    title_of: None,
                });
            }
            prev = k;
        }
    }
    link_titles(ms)
}

/// Adds the tagger's spans: a title at the start of a PERSON span, or right
/// before it, becomes a TITLE linked to it; LOC splits into GPE and LOC by
/// the lexicon.
/// What the rules say about each token, as a feature of the learned tagger
/// (see `tagger::features`): the rules' label, how sure they are, whether
/// the token starts the rule span and whether a title or an honorific
/// stands before it. 0 outside every typed rule span.
///
/// The same function serves training ([`rule_hints`]) and annotation
/// ([`find`], from the candidates it types anyway), so the tagger sees the
/// same evidence in both.
fn hints_from(
    n: usize,
    values: impl Iterator<Item = (Range<usize>, Label)>,
    cands: &[Candidate],
) -> Vec<u8> {
    let mut out = vec![0u8; n];
    let label_bits = |l: Label| {
        Label::ALL
            .iter()
            .position(|&x| x == l)
            .map_or(15, |k| k as u8 + 1)
    };
    let mut mark = |r: Range<usize>, bits: u8| {
        let first = r.start;
        for (t, hint) in out.iter_mut().enumerate().take(r.end).skip(r.start) {
            *hint = bits | (u8::from(t == first) << 6);
        }
    };
    for (r, label) in values {
        mark(r, label_bits(label) | (2 << 4));
    }
    for c in cands {
        let Some(label) = c.label else { continue };
        let strength: u8 = match c.strength {
            Strength::Weak => 0,
            Strength::Context => 1,
            _ => 2,
        };
        let before = u8::from(c.title.is_some() || c.honorific) << 7;
        mark(
            c.tokens.clone(),
            label_bits(label) | (strength << 4) | before,
        );
    }
    out
}

/// [`hints_from`] for a doc on its own (training, and [`crate::tagger::Model::tag`]):
/// the rules' steps of [`find`] without a site lexicon.
pub(crate) fn rule_hints(doc: &Doc, lex: &Lexicon) -> Vec<u8> {
    let n = doc.tokens.len();
    let mut taken = vec![false; n];
    let values: Vec<(Range<usize>, Label)> = numeric::find(doc)
        .into_iter()
        .map(|v| (v.tokens, v.label))
        .collect();
    for (r, _) in &values {
        for t in r.clone() {
            taken[t] = true;
        }
    }
    let headline = headline_sentences(doc);
    let mut cands = candidates(doc, lex, &taken, &headline);
    for c in &mut cands {
        if c.label.is_none() {
            type_candidate(doc, lex, c, &headline);
        }
    }
    hints_from(n, values.into_iter(), &cands)
}

#[allow(clippy::too_many_arguments)]
fn add_tagged(
    doc: &Doc,
    lex: &Lexicon,
    model: &crate::tagger::Model,
    hints: &[u8],
    taken: &[bool],
    headline: &[bool],
    found: &mut Vec<Found>,
) {
    let mut buf = String::new();
    for t in model.tag_with_hints(doc, lex, hints) {
        if let Some((r, label, title)) = accept_tagged(doc, lex, &t, taken, headline, &mut buf) {
            let idx = found.len();
            found.push((r, label, Strength::Model, None));
            if let Some(t) = title {
                found.push((t, Label::Title, Strength::Model, Some(idx)));
            }
        }
    }
}

/// What becomes of a span the tagger proposes: its tokens, its label and
/// the title before it, or `None` when it is dropped.
fn accept_tagged(
    doc: &Doc,
    lex: &Lexicon,
    t: &crate::tagger::TaggedSpan,
    taken: &[bool],
    headline: &[bool],
    buf: &mut String,
) -> Option<(Range<usize>, Label, Option<Range<usize>>)> {
    let name_classes = WordClass(
        WordClass::GIVEN.0
            | WordClass::SURNAME.0
            | WordClass::GPE.0
            | WordClass::COUNTRY.0
            | WordClass::ORG.0
            | WordClass::NORP.0
            | WordClass::LOC.0,
    );
    let mut r = t.tokens.clone();
    if r.start >= r.end || r.end > doc.tokens.len() || r.clone().any(|k| taken[k]) {
        return None;
    }
    trim_punctuation(doc, &mut r);
    if r.start >= r.end {
        return None;
    }
    // In a title-case headline capitals say nothing: keep only names
    // whose every capitalised word the lexicons know.
    if headline.get(r.start).copied().unwrap_or(false)
        && !r.clone().all(|k| {
            !doc.capitalised(k) || doc.class(k).has(name_classes) || is_acronym(doc.tok(k))
        })
    {
        return None;
    }
    // Shouted ordinary words ("WHEREAS", "CALL TODAY AND SEE HER") are
    // not names; shouted names ("LAGOS", "WHO") are known to the
    // lexicons. Short words count when the span has a long one.
    if r.clone().any(|k| is_shouted(doc.tok(k)))
        && r.clone().all(|k| {
            let w = doc.tok(k);
            doc.tokens[k].kind != TokenKind::Word
                || w.len() >= 2
                    && w.bytes().all(|b| b.is_ascii_uppercase())
                    && !doc.class(k).has(name_classes)
                    && lex.common_rank(w).is_some_and(|rank| rank < 5_000)
        })
    {
        return None;
    }
    // A lone title, honorific or organisation word is not a name, but
    // for the short name of an organisation ("the Court").
    if r.end - r.start == 1 {
        let c = doc.class(r.start);
        if c.has(WordClass::TITLE)
            || c.has(WordClass::HONORIFIC)
            || c.has(WordClass::ORG_WORD)
                && !c.has(WordClass::ORG)
                && !definite_org_word(doc, r.start)
        {
            return None;
        }
    }
    let mut label = t.label;
    // A single letter is no place or organisation ("T C Phailin"); the
    // training data name two in 6,600 spans.
    if r.end - r.start == 1 && label != Label::Person && doc.tok(r.start).chars().count() == 1 {
        return None;
    }
    // An honorific opens a person's name, whatever the tagger's type
    // ("Lord Diplock"), unless an organisation or place word ends it.
    if label != Label::Person
        && r.end - r.start > 1
        && doc.class(r.start).has(WordClass::HONORIFIC)
        && !doc
            .class(r.end - 1)
            .has(WordClass(WordClass::ORG_WORD.0 | WordClass::LOC_WORD.0))
    {
        label = Label::Person;
    }
    // A person's name holds no lower-case word but a particle ("van",
    // "bin"): a PERSON span across "told" joins two names, which the
    // rules then find apart. (Text without capitals is not judged.)
    if label == Label::Person
        && r.clone().any(|k| doc.capitalised(k))
        && r.clone().any(|k| {
            let w = doc.tok(k);
            doc.tokens[k].kind == TokenKind::Word
                && w.starts_with(char::is_lowercase)
                && !CONNECTOR_SET.contains(w)
        })
    {
        return None;
    }
    let mut title = None;
    if label == Label::Person {
        if let Some(te) = title_at(doc, lex, r.start, r.end, buf) {
            if te < r.end && doc.capitalised(te) {
                title = Some(r.start..te);
                r.start = te;
            }
        }
        while r.end - r.start > 1 && doc.class(r.start).has(WordClass::HONORIFIC) {
            r.start += 1;
            if r.end - r.start > 1 && doc.tok(r.start) == "." {
                r.start += 1;
            }
        }
        // A title phrase may begin before the span ("Foreign" of
        // "Foreign Minister Wang Yi" at a sentence start).
        let before = match &title {
            Some(t) => lowercase_title_before(doc, lex, t.end, buf).filter(|b| b.start < t.start),
            None => lowercase_title_before(doc, lex, r.start, buf),
        };
        if before.is_some() {
            title = before;
        }
    }
    // An acronym no place list knows is an organisation's: the training
    // data mark nine in ten of them ORG ("MOHELA", "NATO"), while the
    // places written so ("UK", "NYC") are in the lists.
    if label == Label::Loc
        && r.end - r.start == 1
        && doc.tok(r.start).len() >= 3
        && is_acronym(doc.tok(r.start))
        && !doc.class(r.start).has(WordClass(
            WordClass::GPE.0 | WordClass::COUNTRY.0 | WordClass::LOC.0,
        ))
    {
        label = Label::Org;
    }
    if label == Label::Loc {
        label = place_label(doc, lex, &r);
    }
    Some((r, label, title))
}

/// Whether the word at `i` is an organisation word capitalised mid-sentence
/// after a determiner, on its own: "the Court", "this Court", "the Army",
/// "the League" — the short name of an organisation named in full elsewhere.
/// The training sets mark about four in five of these as ORG.
fn definite_org_word(doc: &Doc, i: usize) -> bool {
    let n = doc.tokens.len();
    i > 0
        && i < n
        && !doc.tokens[i].sent_start
        && doc.class(i).has(WordClass::ORG_WORD)
        && !doc.class(i).has(WordClass::TITLE)
        && doc.capitalised(i)
        && !is_acronym(doc.tok(i))
        && matches!(
            doc.tok(i - 1),
            "the" | "this" | "our" | "its" | "their" | "The" | "This" | "Our"
        )
        && (i + 1 >= n
            || !(doc.capitalised(i + 1) && doc.tokens[i + 1].kind == TokenKind::Word)
                && doc.tok(i + 1) != "of")
}

/// Whether the word at `i` is a given name and nothing else the lexicons
/// or the common words know.
fn only_given_name(doc: &Doc, lex: &Lexicon, i: usize) -> bool {
    let class = doc.class(i);
    let other = WordClass(
        WordClass::SURNAME.0
            | WordClass::GPE.0
            | WordClass::COUNTRY.0
            | WordClass::ORG.0
            | WordClass::LOC.0
            | WordClass::NORP.0,
    );
    class.has(WordClass::GIVEN) && !class.has(other) && doc.common_rank(i, lex).is_none()
}

/// Whether a lone given name at `i` greets or signs a message: "Greg, I
/// faxed you …", "Hi Maria!", "Thanks, Chris" at the end of a paragraph.
/// Letters and e-mails name their reader and writer so, and without a
/// surname nothing else says the word is a name.
fn addressed(doc: &Doc, i: usize) -> bool {
    let n = doc.tokens.len();
    let tok = |k: usize| if k < n { doc.tok(k) } else { "" };
    let starts_line = |k: usize| k >= n || doc.tokens[k].sent_start || doc.tokens[k].para_start;
    let prev = i.checked_sub(1).map_or("", tok);
    let greeting = |w: &str| matches!(w, "Hi" | "Hello" | "Dear" | "Hey" | "Morning");
    // "Greg," / "Hi Maria!" opening a message or a paragraph.
    let opens = starts_line(i) || greeting(prev) && (i < 2 || starts_line(i - 1));
    if opens && matches!(tok(i + 1), "," | "!" | ":") {
        return true;
    }
    // "Thanks, Chris" / "Regards Kevin" / "Keep in touch, Mike" closing one.
    let sign_off = |w: &str| {
        matches!(
            w,
            "Thanks"
                | "Thank"
                | "Regards"
                | "regards"
                | "Cheers"
                | "Best"
                | "Sincerely"
                | "Love"
                | "Yours"
                | "yours"
                | "Thx"
                | "Cordially"
                | "Respectfully"
                | "wishes"
                | "care"
                | "touch"
                | "soon"
                | "Bye"
                | "Ciao"
        )
    };
    let before = if prev == "," {
        i.checked_sub(2).map_or("", tok)
    } else {
        prev
    };
    let closes = starts_line(i + 1)
        || matches!(tok(i + 1), "!" | ".") && starts_line(i + 2)
        || tok(i + 1).starts_with(char::is_uppercase);
    sign_off(before) && closes
}

/// One name, one type: the tagger decides each occurrence from its own
/// context, so "Coron" may come out LOC in one sentence and ORG in the next.
/// Every tagged occurrence of a surface form takes the form's majority type
/// (the first seen on a tie).
fn harmonise_model_labels(doc: &Doc, found: &mut [Found]) {
    let surface = |r: &Range<usize>| tokens_text(doc, r);
    let mut votes: HashMap<&str, Votes> =
        HashMap::with_capacity_and_hasher(found.len(), Default::default());
    for (r, label, strength, _) in found.iter() {
        if *strength != Strength::Model || !label.is_name() || r.start >= r.end {
            continue;
        }
        votes.entry(surface(r)).or_default().add(*label);
    }
    for (r, label, strength, _) in found.iter_mut() {
        if *strength != Strength::Model || !label.is_name() || r.start >= r.end {
            continue;
        }
        if let Some(best) = votes.get(surface(r)).and_then(Votes::best) {
            *label = best;
        }
    }
}

/// The tagger's votes for the type of one surface form: per label (by
/// its place in [`Label::ALL`]) the count and the order in which it was
/// first seen, in place (no list to grow per form).
#[derive(Default)]
struct Votes {
    /// Per label: its votes, and 1 + the number of labels seen before it.
    by_label: [(u32, u32); Label::ALL.len()],
    seen: u32,
}

impl Votes {
    fn add(&mut self, label: Label) {
        let Some(v) = Label::ALL
            .iter()
            .position(|&l| l == label)
            .and_then(|k| self.by_label.get_mut(k))
        else {
            return;
        };
        if v.0 == 0 {
            self.seen += 1;
            v.1 = self.seen;
        }
        v.0 += 1;
    }

    /// The label with the most votes, the first seen on a tie.
    fn best(&self) -> Option<Label> {
        let (mut best, mut most, mut first) = (None, 0, u32::MAX);
        for (&label, &(n, seen)) in Label::ALL.iter().zip(&self.by_label) {
            if n > most || n == most && n > 0 && seen < first {
                (best, most, first) = (Some(label), n, seen);
            }
        }
        best
    }
}

/// The text of the tokens `r` (not empty); one token's as the doc has it
/// sliced already (no char-boundary checks): most mentions are one word.
fn tokens_text<'t>(doc: &Doc<'t>, r: &Range<usize>) -> &'t str {
    if r.end == r.start + 1 {
        return doc.tok(r.start);
    }
    &doc.text[doc.tokens[r.start].span.start..doc.tokens[r.end - 1].span.end]
}

/// GPE or LOC for a place: the lexicon decides; a place no list knows is
/// taken for a GPE (a town or a region), the commoner kind in news.
fn place_label(doc: &Doc, lex: &Lexicon, r: &Range<usize>) -> Label {
    let text = &doc.text[doc.tokens[r.start].span.start..doc.tokens[r.end - 1].span.end];
    let whole = if r.end - r.start == 1 {
        doc.class(r.start)
    } else {
        lookup(lex, text)
    };
    let (first, last) = (doc.class(r.start), doc.class(r.end - 1));
    if whole.has(WordClass::GPE) || whole.has(WordClass::COUNTRY) {
        Label::Gpe
    } else if whole.has(WordClass::LOC)
        || first.has(WordClass::LOC_WORD)
        || last.has(WordClass::LOC_WORD)
    {
        Label::Loc
    } else {
        Label::Gpe
    }
}

/// Titles come right before their person ("Foreign Minister Wang Yi"): link
/// each to the mention after it, and drop a title whose person did not
/// survive overlap resolution.
fn link_titles(mut ms: Vec<Mention>) -> Vec<Mention> {
    // Kept mentions move to the front in place; a title is judged by the
    // mention after it, which no move has touched yet.
    let mut kept = 0;
    for i in 0..ms.len() {
        if ms[i].label != Label::Title || ms.get(i + 1).is_some_and(|p| p.label == Label::Person) {
            ms.swap(kept, i);
            kept += 1;
        }
    }
    ms.truncate(kept);
    for (i, m) in ms.iter_mut().enumerate() {
        if m.label == Label::Title {
            m.title_of = Some(i + 1);
        }
    }
    ms
}

/// Connectors allowed inside a capitalised run when a capitalised token
/// follows: "Bank of America", "Ibn al-Khattab", "Ludwig van Beethoven".
const CONNECTORS: &[&str] = &[
    "of", "de", "del", "della", "da", "di", "du", "des", "la", "le", "van", "von", "der", "den",
    "bin", "ibn", "al", "el", "y", "for", "and", "&", "on", "upon", "du", "dos", "das",
];

/// Words that put a storm's name after them.
const STORMS: &[&str] = &["Hurricane", "Cyclone", "Typhoon", "Storm"];

/// Once a storm is named ("Hurricane Rita"), its bare name ("Rita packed
/// winds …") is the storm too, whatever the tagger took it for.
fn name_storms(doc: &Doc, found: &mut [Found]) {
    let mut names: HashMap<&str, ()> = HashMap::default();
    for (r, label, _, _) in found.iter() {
        if *label == Label::Event && r.len() >= 2 && STORMS.contains(&doc.tok(r.start)) {
            names.insert(
                &doc.text[doc.tokens[r.start + 1].span.start..doc.tokens[r.end - 1].span.end],
                (),
            );
        }
    }
    if names.is_empty() {
        return;
    }
    for (r, label, strength, _) in found.iter_mut() {
        if r.start >= r.end {
            continue;
        }
        let surface = tokens_text(doc, r);
        if *strength <= Strength::Model && label.is_name() && names.contains_key(surface) {
            *label = Label::Event;
        }
    }
}

static CONNECTOR_SET: crate::fxhash::WordSet = crate::fxhash::WordSet::new(CONNECTORS);

/// The ASCII first bytes of the [`CONNECTORS`], one bit each.
const CONNECTOR_FIRST: u128 = ascii_first_bytes(CONNECTORS);

const fn ascii_first_bytes(list: &[&str]) -> u128 {
    let mut mask = 0;
    let mut i = 0;
    while i < list.len() {
        if let Some(&b) = list[i].as_bytes().first() {
            if b < 128 {
                mask |= 1 << b;
            }
        }
        i += 1;
    }
    mask
}

/// False only for a word that is no connector, by its first byte: most
/// tokens after a capitalised run ("said", ",") need no probe of the set.
fn may_be_connector(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(&b) if b < 128 => CONNECTOR_FIRST >> b & 1 != 0,
        _ => true,
    }
}

pub(crate) fn is_capitalised(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => s.chars().next().is_some_and(|c| c.is_uppercase()),
    }
}

/// The classes of a name as written, or else of its form without accents.
pub(crate) fn lookup(lex: &Lexicon, s: &str) -> WordClass {
    let class = lex.class(s);
    if class.is_empty() && !s.is_ascii() {
        if let Some(folded) = crate::lexicon::fold_accents(s) {
            return lex.class(&folded);
        }
    }
    class
}

/// All-capital words of four or more letters ("LAGOS"), which
/// [`shouted_as_title`] writes in title case.
pub(crate) fn is_shouted(s: &str) -> bool {
    // Four chars take four bytes at least.
    if s.len() < 4 {
        return false;
    }
    // Capitalised words fail at their second byte, without a scan of the
    // whole word for non-ASCII bytes.
    if s.bytes().all(|b| b.is_ascii_uppercase()) {
        return true;
    }
    !s.is_ascii() && s.chars().nth(3).is_some() && s.chars().all(|c| c.is_uppercase())
}

/// "LAGOS" → "Lagos", for all-capital words of four or more letters.
pub(crate) fn shouted_as_title(s: &str) -> Option<String> {
    if !is_shouted(s) {
        return None;
    }
    let mut chars = s.chars();
    let first = chars.next()?;
    Some(first.to_string() + &chars.flat_map(char::to_lowercase).collect::<String>())
}

/// Narrows a model span to start and end on a word: "Trivia!" and "“Gloria"
/// are tagged token by token, and punctuation at an edge is never part of a
/// name, except the full stop of a short abbreviation ("Acme Co.", "Jr.") and
/// a closing bracket opened inside the span.
fn trim_punctuation(doc: &Doc, r: &mut Range<usize>) {
    let word = |k: usize| matches!(doc.tokens[k].kind, TokenKind::Word | TokenKind::Number);
    // A bracket opened inside and not closed ends the name before it:
    // "… Action Center (GNOFHAC" is the name, then its acronym.
    if let Some(open) = r.clone().rev().find(|&k| doc.tok(k) == "(") {
        if !(open..r.end).any(|k| doc.tok(k) == ")") {
            r.end = open;
        }
    }
    // A double quotation mark whose partner is outside the span is where a
    // quotation ends or starts, not part of a name: for Google to "Aquire"
    // Firefox. (A nickname in its pair of marks stays: John “J.D.” Dorrian.)
    let quote_mark = |k: usize| crate::quotes::is_double_quote_char(doc.tok(k));
    if r.clone().filter(|&k| quote_mark(k)).count() % 2 == 1 {
        if let Some(mark) = r.clone().rev().find(|&k| quote_mark(k)) {
            // A closing mark (glued to the word before it) ends a quotation
            // the name follows; an opening one starts a quotation after it.
            if doc.tokens[mark].space_before {
                r.end = mark;
            } else {
                r.start = mark + 1;
            }
        }
    }
    while r.start < r.end && !word(r.start) {
        r.start += 1;
    }
    while r.end > r.start && !word(r.end - 1) {
        let last = r.end - 1;
        let keep = match doc.tok(last) {
            "." => {
                last > r.start
                    && !doc.tokens[last].space_before
                    && doc.capitalised(last - 1)
                    && doc.tok(last - 1).chars().count() <= 4
            }
            ")" => (r.start..last).any(|k| doc.tok(k) == "("),
            _ => false,
        };
        if keep {
            break;
        }
        r.end -= 1;
    }
}

/// "Housing Authority of New Orleans (HANO)": an acronym the text defines
/// in brackets right after a name (from the initials of its capitalised
/// words, or any after an organisation of several words) is a mention of
/// the same type, there and wherever the document uses it again ("…
/// accuses HANO of …"), also when the tagger found it in the brackets but
/// not later. The aliases then join them.
fn defined_acronyms(doc: &Doc, res: &mut Resolved) {
    let n = doc.tokens.len();
    let Resolved { found, kept, owner } = &*res;
    // Acronym form → label.
    let mut defined: HashMap<usize, Label> = HashMap::default();
    for k in 0..found.len() {
        let (r, label) = (found[k].0.clone(), found[k].1);
        if !kept[k]
            || !matches!(label, Label::Org | Label::Gpe | Label::Loc | Label::Event)
            || r.end + 2 >= n
            || doc.tok(r.end) != "("
            || doc.tok(r.end + 2) != ")"
            || owner[r.end + 1] != usize::MAX && found[owner[r.end + 1]].0.len() != 1
        {
            continue;
        }
        let acronym = doc.tok(r.end + 1);
        let initials: String = r
            .clone()
            .filter_map(|t| doc.tok(t).chars().next().filter(|c| c.is_uppercase()))
            .collect();
        let letters: String = acronym.chars().filter(|c| c.is_alphabetic()).collect();
        // Organisations of several words often keep an acronym of another
        // language or order ("World Conservation Union (IUCN)").
        let any_order = label == Label::Org && r.len() >= 2;
        if !is_acronym(acronym) || letters.chars().count() < 2 || letters != initials && !any_order
        {
            continue;
        }
        defined.insert(doc.form(r.end + 1), label);
    }
    if defined.is_empty() {
        return;
    }
    for i in 0..n {
        if res.owner[i] == usize::MAX {
            if let Some(&label) = defined.get(&doc.form(i)) {
                res.add_token(i, label);
            }
        }
    }
}

/// "their album A Beautiful Lie", "in The Eddy Duchin Story": a capitalised
/// article mid-sentence opens the title of a work, and the capitalised
/// words after it are no person, whatever they look like.
fn drop_titled_works(doc: &Doc, res: &mut Resolved) {
    for (k, (r, label, _, _)) in res.found.iter().enumerate() {
        if !res.kept[k] || *label != Label::Person || r.start == 0 || r.end > res.owner.len() {
            continue;
        }
        let a = r.start - 1;
        if matches!(doc.tok(a), "A" | "An" | "The")
            && !doc.tokens[a].sent_start
            && !is_after_opening_punct(doc, a)
        {
            res.kept[k] = false;
            res.owner[r.clone()]
                .iter_mut()
                .for_each(|o| *o = usize::MAX);
        }
    }
}

/// Nouns that number the parts of documents, laws and series: "Article
/// III", "Section 230", "Figure 2", "Chapter 11", "Tab 4", "Season 3".
const REFERENCE_NOUNS: &[&str] = &[
    "Amendment",
    "Annex",
    "Appendix",
    "Article",
    "Case",
    "Chapter",
    "Clause",
    "Episode",
    "Exhibit",
    "Fig",
    "Figure",
    "Issue",
    "Item",
    "Listing",
    "Page",
    "Paragraph",
    "Part",
    "Phase",
    "Proposition",
    "Question",
    "Resolution",
    "Rule",
    "Schedule",
    "Season",
    "Section",
    "Stage",
    "Step",
    "Tab",
    "Table",
    "Title",
    "Verse",
    "Volume",
];

/// "Article III", "Case 22-506", "at Tab 4": a reference noun and its number
/// are a pointer into a document, not a person, organisation or place,
/// however capitalised. The mention goes when it is the noun alone before
/// the number, or the noun and the number (with what further numbers and
/// dashes follow).
fn drop_numbered_references(doc: &Doc, res: &mut Resolved) {
    let n = doc.tokens.len();
    let is_number = |i: usize| {
        i < n
            && match doc.tokens[i].kind {
                TokenKind::Number => true,
                TokenKind::Word => is_roman_numeral(doc.tok(i)),
                _ => false,
            }
    };
    for k in 0..res.found.len() {
        let r = res.found[k].0.clone();
        if !res.kept[k] || r.start >= r.end || r.end > n {
            continue;
        }
        // The number first: a mention is seldom followed by one, and the
        // test is cheaper than comparing the word with every noun.
        if !is_number(r.start + 1) || !REFERENCE_NOUNS.contains(&doc.tok(r.start)) {
            continue;
        }
        let rest_is_numeric = r.clone().skip(2).all(|i| {
            is_number(i) || matches!(doc.tokens[i].kind, TokenKind::Punct | TokenKind::Symbol)
        });
        if rest_is_numeric {
            res.kept[k] = false;
            res.owner[r].iter_mut().for_each(|o| *o = usize::MAX);
        }
    }
}

/// "Cheers Chris P.S. I moved": the postscript mark after a signature is
/// no initial of the name; a mention that ends in one ends before it.
fn trim_postscripts(doc: &Doc, res: &mut Resolved) {
    for k in 0..res.found.len() {
        let r = res.found[k].0.clone();
        if !res.kept[k] || r.end < r.start + 2 || r.end > res.owner.len() {
            continue;
        }
        if matches!(doc.tok(r.end - 1), "P.S." | "P.P.S." | "PS" | "PPS") {
            res.owner[r.end - 1] = usize::MAX;
            res.found[k].0.end -= 1;
        }
    }
}

/// "IV", "XII": an upper-case Roman numeral below 40, as numbers parts.
fn is_roman_numeral(w: &str) -> bool {
    !w.is_empty() && w.len() <= 6 && w.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
}

/// US state postal codes, which follow a town in addresses and datelines.
const STATE_CODES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC",
];

/// "Lawrence, KS", "Baltimore, MD 21202": a state's postal code after a
/// town and a comma is a GPE, and so is the town when a single word was
/// taken for something else. Not after a person named in full ("Harry
/// Preuss, MD"), where the letters are a degree or a rank.
fn state_codes(doc: &Doc, res: &mut Resolved) {
    let n = doc.tokens.len();
    for i in 2..n {
        let t = &doc.tokens[i];
        // Two bytes, the first a capital: that rules out most tokens.
        if t.span.end - t.span.start != 2
            || !doc
                .tok(i)
                .as_bytes()
                .first()
                .is_some_and(u8::is_ascii_uppercase)
            || res.owner[i] != usize::MAX
            || t.kind != TokenKind::Word
            || t.sent_start
            || doc.tok(i - 1) != ","
            || !STATE_CODES.contains(&doc.tok(i))
            || !doc.capitalised(i - 2)
            || doc.tokens[i - 2].kind != TokenKind::Word
        {
            continue;
        }
        // What follows: nothing, punctuation or a ZIP code, or else a
        // lower-case word ("the Chillicothe, OH area") after a known place
        // and for the codes that are no English word.
        let word_next = i + 1 < n
            && doc.tokens[i + 1].kind == TokenKind::Word
            && !doc.tokens[i + 1].para_start
            && !doc.tokens[i + 1].sent_start;
        let town = res.owner[i - 2];
        let town_label = (town != usize::MAX).then(|| (res.found[town].0.len(), res.found[town].1));
        if word_next {
            let english = matches!(doc.tok(i), "OK" | "IN" | "OR" | "ME" | "HI" | "PA" | "MA");
            let place = match town_label {
                None => true,
                Some((_, l)) => matches!(l, Label::Gpe | Label::Loc),
            };
            if english || !place || doc.capitalised(i + 1) {
                continue;
            }
        }
        // A town taken for a person or an organisation only in an address:
        // the code ends the line or a ZIP code follows ("Thanks John, OK?"
        // is no address).
        let address = i + 1 >= n
            || doc.tokens[i + 1].kind == TokenKind::Number
            || doc.tokens[i + 1].para_start;
        match town_label {
            None | Some((_, Label::Gpe | Label::Loc)) => {}
            Some((1, Label::Person | Label::Org)) if address => res.found[town].1 = Label::Gpe,
            Some(_) => continue,
        }
        res.add_token(i, Label::Gpe);
    }
}

/// A single capital letter: an initial when a full stop follows it.
fn is_initial(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// A capitalised contraction of a common word: "I'm", "We're", "Don't",
/// "It's" (possessive "’s" is a token of its own, so names are unaffected).
fn is_contraction(lex: &Lexicon, w: &str) -> bool {
    // Most words have no apostrophe: a byte test rules them out ('’' is
    // E2 80 99 in UTF-8), for a short ASCII word on all its bytes at once.
    let marked = match crate::lexicon::ShortAscii::of(w) {
        Some(short) => has_byte(short.head, b'\''),
        None => w.bytes().any(|b| b == b'\'' || b == 0xE2),
    };
    if !marked {
        return false;
    }
    let Some(at) = w.find(['\'', '’']) else {
        return false;
    };
    let (head, tail) = (
        &w[..at],
        &w[at + w[at..].chars().next().map_or(1, char::len_utf8)..],
    );
    let negation = tail == "t" && head.ends_with(['n', 'N']);
    negation
        || matches!(tail, "m" | "re" | "ve" | "ll" | "d" | "s")
            && lex.common_rank(head).is_some_and(|r| r < 1_000)
}

/// Whether one of the eight bytes of `word` is `b` (a zero-padded word
/// has no zero `b`). The lowest byte equal to `b` sets the high bit of its
/// byte in `x - ONES & !x`; a byte above it may too, by a borrow, but then
/// the answer is yes anyway.
fn has_byte(word: u64, b: u8) -> bool {
    const ONES: u64 = u64::MAX / 255;
    let x = word ^ (ONES * u64::from(b));
    x.wrapping_sub(ONES) & !x & (ONES * 0x80) != 0
}

fn is_acronym(s: &str) -> bool {
    if s.is_ascii() {
        // By byte; most words fail at their second letter.
        let mut letters = 0;
        for b in s.bytes() {
            if !(b.is_ascii_uppercase() || b == b'.' || b == b'&' || b.is_ascii_digit()) {
                return false;
            }
            letters += usize::from(b.is_ascii_uppercase());
        }
        return letters >= 2;
    }
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && s.chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '&' || c.is_ascii_digit())
}

/// Per token: whether its sentence looks like a title-case headline, where
/// capitals say little. (Per token, so the passes that ask it for a token
/// need no search for its sentence.)
fn headline_sentences(doc: &Doc) -> Vec<bool> {
    let mut out = vec![false; doc.tokens.len()];
    for (r, headline) in doc.sentence_tokens.iter().zip(headline_flags(doc)) {
        if let Some(flags) = out.get_mut(r.clone()) {
            flags.fill(headline);
        }
    }
    out
}

/// Per sentence: whether it looks like a title-case headline.
fn headline_flags<'d>(doc: &'d Doc) -> impl Iterator<Item = bool> + 'd {
    doc.sentence_tokens.iter().map(|r| {
        // Most sentences end with a full stop: that says no before their
        // words are counted.
        let last = r.end.checked_sub(1).map(|i| doc.tok(i)).unwrap_or("");
        if matches!(last, "." | "!" | "?" | "”" | "\"") {
            return false;
        }
        let (mut words, mut caps) = (0, 0);
        for (i, t) in doc.tokens.get(r.clone()).unwrap_or(&[]).iter().enumerate() {
            if t.kind == TokenKind::Word && t.span.end - t.span.start > 3 {
                words += 1;
                caps += doc.capitalised(r.start + i) as usize;
            }
        }
        words >= 3 && caps * 10 >= words * 7
    })
}

/// Step 1: capitalised runs.
fn candidates(doc: &Doc, lex: &Lexicon, taken: &[bool], headline: &[bool]) -> Vec<Candidate> {
    let n = doc.tokens.len();
    // One flag per token (so the loop's index needs no check against it).
    let taken = &taken[..n];
    // Room for the candidates of news prose without growing.
    let mut out = Vec::with_capacity(n / 6 + 4);
    let mut i = 0;
    let mut buf = String::new();
    let mut mid_caps = None;
    // Per form: what the lower-case path asks of it, once.
    let mut lower_forms = vec![None; doc.form_first.len()];
    // Sentences without a capital letter (but "I"): web text that writes
    // names in lower case too.
    let no_caps: Vec<bool> = doc
        .sentence_tokens
        .iter()
        .map(|r| {
            !r.clone().any(|k| {
                doc.tokens[k].kind == TokenKind::Word
                    && doc.tok(k) != "I"
                    && doc.tok(k).chars().any(char::is_uppercase)
            })
        })
        .collect();
    let mut sent = 0;
    while i < n {
        let t = &doc.tokens[i];
        if taken[i] || t.kind != TokenKind::Word {
            i += 1;
            continue;
        }
        if !doc.capitalised(i) {
            // Web text writes places in lower case ("mexico", "kerala").
            let Some(form) = lower_form(lex, doc, i, &mut lower_forms) else {
                i += 1;
                continue;
            };
            // Most words head no place phrase and are too short for a
            // place: nothing more to ask.
            if !form.lower_head && !form.long_lower {
                i += 1;
                continue;
            }
            // Whether the sentence has no capitals matters only for common
            // words. `doc.sentence_of(i)`, walked rather than searched (`i`
            // only grows).
            let sentence_no_caps = form.long_lower && form.common && {
                while doc.sentence_tokens.get(sent).is_some_and(|r| r.end <= i) {
                    sent += 1;
                }
                no_caps.get(sent).copied().unwrap_or(false)
            };
            let place = lowercase_place_phrase(lex, doc, i, taken, form, &mut buf).or_else(|| {
                lowercase_place(lex, doc, i, form, sentence_no_caps).map(|l| (i + 1, l))
            });
            if let Some((end, label)) = place {
                out.push(Candidate {
                    tokens: i..end,
                    title: None,
                    honorific: false,
                    label: Some(label),
                    strength: Strength::Lexicon,
                });
                i = end;
                continue;
            }
            i += 1;
            continue;
        }
        // Extend the run.
        let start = i;
        let mut end = i + 1;
        loop {
            if end >= n || taken[end] || doc.tokens[end].sent_start {
                break;
            }
            let w = doc.tok(end);
            let tk = &doc.tokens[end];
            if tk.kind == TokenKind::Word && is_capitalised(w) && w != "’s" && w != "'s" {
                end += 1;
                continue;
            }
            // Hyphen joins without spaces: "Guinea-Bissau", "Rolls-Royce".
            if matches!(w, "-" | "‐")
                && !tk.space_before
                && end + 1 < n
                && !doc.tokens[end + 1].space_before
                && !taken[end + 1]
                && doc.capitalised(end + 1)
                && doc.tokens[end + 1].kind == TokenKind::Word
            {
                end += 2;
                continue;
            }
            // An initial inside a name: "Mario J. Lucero", "K. Michael Stevens".
            if w == "."
                && !tk.space_before
                && is_initial(doc.tok(end - 1))
                && end + 1 < n
                && !taken[end + 1]
                && !doc.tokens[end + 1].sent_start
                && doc.tokens[end + 1].kind == TokenKind::Word
                && doc.capitalised(end + 1)
            {
                end += 2;
                continue;
            }
            // Connectors followed by a capital: "Bank of America".
            if may_be_connector(w)
                && CONNECTOR_SET.contains(w)
                && end + 1 < n
                && !taken[end + 1]
                && doc.tokens[end + 1].kind == TokenKind::Word
                && doc.capitalised(end + 1)
                && connector_ok(doc, lex, start, end)
            {
                end += 2;
                continue;
            }
            // "of the" inside an organisation's or a place's name: "National
            // Library of the Netherlands", "Republic of the Congo".
            if w == "of"
                && end + 2 < n
                && doc.tok(end + 1) == "the"
                && !taken[end + 1]
                && !taken[end + 2]
                && !doc.tokens[end + 1].sent_start
                && !doc.tokens[end + 2].sent_start
                && doc.tokens[end + 2].kind == TokenKind::Word
                && doc.capitalised(end + 2)
                && connector_ok(doc, lex, start, end)
                && (doc.class(end - 1).has(WordClass::ORG_WORD)
                    || matches!(
                        doc.tok(end - 1),
                        "Republic" | "Kingdom" | "Isle" | "Church" | "Museum"
                    ))
            {
                end += 3;
                continue;
            }
            // "al-Assad", "bin-Salman": lower-case particle joined by a hyphen.
            if matches!(w, "al" | "el" | "bin" | "ibn" | "ul" | "ud")
                && end + 2 < n
                && doc.tok(end + 1) == "-"
                && doc.capitalised(end + 2)
            {
                end += 3;
                continue;
            }
            break;
        }
        let mut s = start;
        // Drop sentence-initial ordinary words: "During", "The", "However";
        // but "The Hague", "Foreign Minister" stay: the lexicon knows them.
        while s < end
            && lex.longest_phrase(doc, s, &mut buf).is_none()
            && drop_initial(doc, lex, s, end, headline, &mut mid_caps)
        {
            s += 1;
            while s < end && !doc.capitalised(s) {
                s += 1;
            }
        }
        if s < end {
            split_run(doc, lex, s, end, &mut out, &mut buf);
        }
        i = end;
    }
    out
}

/// What the lower-case path of [`candidates`] asks of a word form, worked
/// out once per form: most lower-case words recur, and each asked the
/// lexicon again.
#[derive(Clone, Copy)]
struct LowerForm {
    /// The classes of the word with its first letter in upper case
    /// ("mexico" → "Mexico"), once looked up: most words need no lookup.
    title: Option<WordClass>,
    /// Whether the word, all in lower case, heads a multi-word entry when
    /// title-cased.
    lower_head: bool,
    /// Four or more letters, all in lower case.
    long_lower: bool,
    /// A common word, ranked below 4,000 (or without a rank).
    common: bool,
    /// Among the 1,500 commonest words.
    top_1500: bool,
}

/// The [`LowerForm`] of token `i`, from `cache` (per form) or worked out.
fn lower_form<'c>(
    lex: &Lexicon,
    doc: &Doc,
    i: usize,
    cache: &'c mut [Option<LowerForm>],
) -> Option<&'c mut LowerForm> {
    let cached = cache.get_mut(doc.form(i))?;
    Some(cached.get_or_insert_with(|| work_out_lower_form(lex, doc, i)))
}

fn work_out_lower_form(lex: &Lexicon, doc: &Doc, i: usize) -> LowerForm {
    let w = doc.tok(i);
    let long_lower = w.len() >= 4 && all_lowercase(w);
    let rank = if long_lower {
        doc.common_rank(i, lex)
    } else {
        None
    };
    // The filter rules out most words without a lookup.
    let title = lex.may_head_phrase_titled(w).then(|| lex.title_class(w));
    let head = title.is_some_and(|c| c.has(WordClass::PHRASE_HEAD));
    LowerForm {
        title,
        lower_head: head && (long_lower || !w.is_empty() && all_lowercase(w)),
        long_lower,
        common: doc.class(i).has(WordClass::COMMON) && rank.map_or(true, |r| r < 4_000),
        top_1500: rank.is_some_and(|r| r < 1_500),
    }
}

/// A lower-case word whose capitalised form is a place: one no common word
/// list holds, a rare one ("vietnam"), or any in a sentence written without
/// capitals ("i am from mexico"); elsewhere "china" and "turkey" are words.
fn lowercase_place(
    lex: &Lexicon,
    doc: &Doc,
    i: usize,
    form: &mut LowerForm,
    no_caps: bool,
) -> Option<Label> {
    if !form.long_lower || form.common && !no_caps {
        return None;
    }
    let class = *form
        .title
        .get_or_insert_with(|| lex.title_class(doc.tok(i)));
    // The commonest words are words even in text without capitals ("have
    // a nice day", "a male cockatiel"), countries aside ("china").
    if !class.has(WordClass::COUNTRY) && form.top_1500 {
        return None;
    }
    // A place that is also a name ("florida", "lourdes", "brittany") only
    // after a preposition of place: "in florida", "from brittany".
    let after_place_word = i > 0
        && matches!(
            doc.tok(i - 1),
            "in" | "from" | "near" | "around" | "across" | "throughout" | "outside"
        );
    (class.has(WordClass::COUNTRY)
        || class.has(WordClass::GPE)
            && (after_place_word || !class.has(WordClass::GIVEN) && !class.has(WordClass::SURNAME)))
    .then_some(Label::Gpe)
}

/// Whether every char of `w` is a lower-case letter (ASCII words by byte).
#[cfg_attr(not(target_arch = "wasm32"), inline)]
fn all_lowercase(w: &str) -> bool {
    match crate::lexicon::ShortAscii::of(w) {
        Some(short) => short.all_lower(),
        None => all_lowercase_long(w),
    }
}

/// [`all_lowercase`] of a longer or non-ASCII word.
#[inline(never)]
fn all_lowercase_long(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii_lowercase()) || !w.is_ascii() && w.chars().all(char::is_lowercase)
}

/// A place of two or three words written in lower case: "san francisco",
/// "new york", "sri lanka". Such phrases are rarely ordinary English, so
/// the sentence need not be written without capitals. Returns the end
/// token and the label.
fn lowercase_place_phrase(
    lex: &Lexicon,
    doc: &Doc,
    i: usize,
    taken: &[bool],
    form: &LowerForm,
    buf: &mut String,
) -> Option<(usize, Label)> {
    let n = doc.tokens.len();
    // Most lower-case words head no phrase (known once per form, with
    // what the loop below would ask of the first word: the caller gives a
    // word token that no value took).
    if !form.lower_head {
        return None;
    }
    let mut best = None;
    buf.clear();
    for end in i + 2..(i + 3).min(n) + 1 {
        let k = end - 1;
        let t = &doc.tokens[k];
        let w = doc.tok(k);
        if taken[k]
            || t.kind != TokenKind::Word
            || t.sent_start
            || !t.space_before
            || w.is_empty()
            || !all_lowercase(w)
        {
            break;
        }
        // The head goes in once a word may follow it.
        if k == i + 1 {
            push_title_cased(buf, doc.tok(i));
        }
        buf.push(' ');
        push_title_cased(buf, w);
        // No entry starts with these two words: none is longer either.
        if k == i + 1 && !lex.may_start_phrase(buf) {
            break;
        }
        let class = lex.class(buf);
        if class.has(WordClass::COUNTRY) || class.has(WordClass::GPE) {
            best = Some((end, Label::Gpe));
        } else if class.has(WordClass::LOC) {
            best = Some((end, Label::Loc));
        }
    }
    best
}

/// Appends `w` with its first char in upper case.
fn push_title_cased(buf: &mut String, w: &str) {
    let mut chars = w.chars();
    if let Some(c) = chars.next() {
        if c.is_ascii() {
            buf.push(c.to_ascii_uppercase());
        } else {
            buf.extend(c.to_uppercase());
        }
        buf.push_str(chars.as_str());
    }
}

/// Whether a connector at `c` continues the run that started at `start`.
fn connector_ok(doc: &Doc, lex: &Lexicon, start: usize, c: usize) -> bool {
    let w = doc.tok(c);
    let prev = doc.tok(c - 1);
    let pc = doc.class(c - 1);
    // A lexicon name spans the connector: "Secretary of State", "Gulf of Mexico".
    let mut buf = String::new();
    if (start.max(c.saturating_sub(3))..c).any(|k| {
        lex.longest_phrase(doc, k, &mut buf)
            .is_some_and(|(e, _)| e > c + 1)
    }) {
        return true;
    }
    match w {
        "of" | "for" | "on" | "upon" => {
            pc.has(WordClass::ORG_WORD)
                || pc.has(WordClass::TITLE)
                || pc.has(WordClass::LOC_WORD)
                || pc.has(WordClass::EVENT_WORD)
                || matches!(
                    prev,
                    "Republic"
                        | "Kingdom"
                        | "State"
                        | "States"
                        | "Isle"
                        | "City"
                        | "Province"
                        | "Duke"
                        | "Prince"
                        | "Princess"
                        | "Bay"
                        | "Gulf"
                        | "Cape"
                        | "Sea"
                        | "Battle"
                        | "Siege"
                        | "Treaty"
                        | "Declaration"
                        | "Day"
                        | "Museum"
                        | "Church"
                        | "Cathedral"
                        | "House"
                )
        }
        "and" | "&" => {
            // Only inside organisation names: "Procter & Gamble", "Department of Health and Human Services".
            // "Health and Human Services" continues; "British Library and
            // Columbia University" is two names.
            w == "&"
                || (!pc.has(WordClass::ORG_WORD)
                    && (start..c).any(|k| doc.class(k).has(WordClass::ORG_WORD)))
        }
        _ => true,
    }
}

/// Whether the token at `s`, at the start of a run, is an ordinary word
/// capitalised only because of its position (or a headline).
fn drop_initial(
    doc: &Doc,
    lex: &Lexicon,
    s: usize,
    end: usize,
    headline: &[bool],
    mid_caps: &mut Option<Vec<bool>>,
) -> bool {
    let w = doc.tok(s);
    let class = doc.class(s);
    let sent_initial = doc.tokens[s].sent_start || is_after_opening_punct(doc, s);
    let strong = class.has(WordClass::GPE)
        || class.has(WordClass::COUNTRY)
        || class.has(WordClass::ORG)
        || class.has(WordClass::NORP)
        || class.has(WordClass::LOC);
    if class.has(WordClass::HONORIFIC) {
        return true;
    }
    if matches!(w, "I" | "The" | "A" | "An") || is_contraction(lex, w) {
        return true;
    }
    // A leading initial: the run took it only because a name follows.
    if is_initial(w) && s + 2 < end && doc.tok(s + 1) == "." {
        return false;
    }
    if strong && is_acronym(w) {
        return false;
    }
    let rank = doc.common_rank(s, lex);
    // Function words are never names, wherever they stand ("We're", "Which").
    let name_like = class.has(WordClass::GIVEN) || class.has(WordClass::SURNAME);
    if rank.is_some_and(|r| r < 150) && !strong && !name_like {
        return true;
    }
    if sent_initial || headline.get(s).copied().unwrap_or(false) {
        if let Some(r) = rank {
            let name_like = class.has(WordClass::GIVEN) || class.has(WordClass::SURNAME);
            // A place that is also a very common word, alone at a sentence
            // start ("Nice people", "Reading from line E"), is the word,
            // unless the document capitalises it mid-sentence too.
            if strong
                && r > 300
                && (r >= 1000
                    || s + 1 < end
                    || name_like
                    || class.has(WordClass::COUNTRY)
                    || capitalised_mid_sentence(doc, s, mid_caps))
            {
                return false;
            }
            if name_like && s + 1 < end && r > 300 {
                return false;
            }
            return r < 20_000 && !(name_like && r > 3_000) || r < 300;
        }
    }
    false
}

/// Whether the word at `i` is also written capitalised mid-sentence in the
/// document. `mid_caps` (per form) is filled on first use.
fn capitalised_mid_sentence(doc: &Doc, i: usize, mid_caps: &mut Option<Vec<bool>>) -> bool {
    let mid = mid_caps.get_or_insert_with(|| {
        let mut v = vec![false; doc.form_first.len()];
        for (k, t) in doc.tokens.iter().enumerate() {
            if !t.sent_start
                && !is_after_opening_punct(doc, k)
                && t.kind == TokenKind::Word
                && doc.capitalised(k)
            {
                v[doc.form(k)] = true;
            }
        }
        v
    });
    mid.get(doc.form(i)).copied().unwrap_or(true)
}

fn is_after_opening_punct(doc: &Doc, s: usize) -> bool {
    s > 0
        && matches!(
            doc.tok(s - 1),
            "“" | "\"" | "‘" | "«" | "„" | "(" | "[" | ":" | "—" | "–"
        )
        && {
            // Only when that punctuation itself opens a sentence-like unit.
            s == 1
                || doc.tokens[s - 1].sent_start
                || matches!(doc.tok(s - 1), "“" | "«" | "„" | ":")
        }
}

/// Splits a run at titles ("US Secretary of State Antony Blinken" →
/// GPE "US", TITLE, name) and at lexicon names inside it.
fn split_run(
    doc: &Doc,
    lex: &Lexicon,
    s: usize,
    end: usize,
    out: &mut Vec<Candidate>,
    buf: &mut String,
) {
    let mut piece_start = s;
    let mut pending_title: Option<Range<usize>> = lowercase_title_before(doc, lex, s, buf);
    let mut honorific = honorific_before(doc, s);
    let mut k = s;
    while k < end {
        // A title inside the run, followed by more of the run.
        let title_end = title_at(doc, lex, k, end, buf);
        if let Some(te) = title_end {
            if te < end && !doc.capitalised(te) {
                // "King of Athens": a title of a place, not before a name.
                if piece_start < k {
                    out.push(cand(piece_start..k, pending_title.take(), honorific));
                    honorific = false;
                }
                k = te + 1;
                piece_start = k;
                continue;
            }
            if te < end {
                if piece_start < k {
                    out.push(cand(piece_start..k, pending_title.take(), honorific));
                    honorific = false;
                }
                pending_title = Some(k..te);
                k = te;
                piece_start = te;
                continue;
            }
        }
        let w = doc.tok(k);
        if doc.class(k).has(WordClass::HONORIFIC) && k + 1 < end {
            if piece_start < k {
                out.push(cand(piece_start..k, pending_title.take(), honorific));
            }
            honorific = true;
            k += 1;
            piece_start = k;
            continue;
        }
        // "… of the Netherlands Lotte Wilms": a given name right after a
        // place or an organisation head starts a new name.
        if k > piece_start
            && doc.class(k).has(WordClass::GIVEN)
            && k + 1 < end
            && doc.capitalised(k + 1)
        {
            let prev = doc.class(k - 1);
            if (prev.has(WordClass::GPE)
                || prev.has(WordClass::COUNTRY)
                || prev.has(WordClass::ORG_WORD))
                && !prev.has(WordClass::GIVEN)
            {
                out.push(cand(piece_start..k, pending_title.take(), honorific));
                honorific = false;
                piece_start = k;
                k += 1;
                continue;
            }
        }
        // Two known places or countries joined by a hyphen: "US-China".
        if w == "-" && k > piece_start && k + 1 < end {
            let left = doc.class(k - 1);
            let right = doc.class(k + 1);
            let place = WordClass(WordClass::GPE.0 | WordClass::COUNTRY.0 | WordClass::NORP.0);
            if left.has(place) && right.has(place) {
                out.push(cand(piece_start..k, pending_title.take(), honorific));
                honorific = false;
                k += 1;
                piece_start = k;
                continue;
            }
        }
        k += 1;
    }
    if piece_start < end {
        out.push(cand(piece_start..end, pending_title, honorific));
    }
}

fn cand(tokens: Range<usize>, title: Option<Range<usize>>, honorific: bool) -> Candidate {
    Candidate {
        tokens,
        title,
        honorific,
        label: None,
        strength: Strength::Weak,
    }
}

/// The end of a title starting at `k` (within `end`), if any.
fn title_at(doc: &Doc, lex: &Lexicon, k: usize, end: usize, buf: &mut String) -> Option<usize> {
    if let Some((e, class)) = lex.longest_phrase(doc, k, buf) {
        if class.has(WordClass::TITLE) && e <= end + 1 {
            // A title may end with a period outside the run ("Sen.").
            return Some(e.min(end.max(e)));
        }
    }
    if doc.class(k).has(WordClass::TITLE) {
        let mut e = k + 1;
        // "Sen." — the abbreviation's period.
        if e < doc.tokens.len() && doc.tok(e) == "." && !doc.tokens[e].space_before && e + 1 < end {
            e += 1;
        }
        return Some(e);
    }
    None
}

/// A lower-case title right before a run: "foreign minister Wang Yi".
fn lowercase_title_before(
    doc: &Doc,
    lex: &Lexicon,
    s: usize,
    buf: &mut String,
) -> Option<Range<usize>> {
    // The longest title phrase ending right before `s` ("Foreign Minister"
    // rather than "Minister"), within the sentence.
    // (No sentence starts within `k + 1..=s`: each step adds one token.)
    let mut reach = 0;
    for back in 1..=4usize {
        let Some(k) = s.checked_sub(back) else { break };
        if doc.tokens[k].kind != TokenKind::Word || doc.tokens[k + 1].sent_start {
            break;
        }
        reach = back;
    }
    for back in (2..=reach).rev() {
        let k = s - back;
        if let Some((e, class)) = lex.longest_phrase(doc, k, buf) {
            if e == s && class.has(WordClass::TITLE) {
                return Some(k..s);
            }
        }
    }
    if reach >= 1 && doc.class(s - 1).has(WordClass::TITLE) {
        return Some(s - 1..s);
    }
    // "Sen. Warren": the period of an abbreviated title.
    if s >= 2
        && doc.tok(s - 1) == "."
        && lex
            .class(&doc.text[doc.tokens[s - 2].span.start..doc.tokens[s - 1].span.end])
            .has(WordClass::TITLE)
    {
        return Some(s - 2..s);
    }
    None
}

fn honorific_before(doc: &Doc, s: usize) -> bool {
    (s >= 1 && doc.class(s - 1).has(WordClass::HONORIFIC))
        || (s >= 2 && doc.tok(s - 1) == "." && doc.class(s - 2).has(WordClass::HONORIFIC))
}

/// Step 2: a label and a strength for one candidate, from evidence.
pub(crate) fn type_candidate(doc: &Doc, lex: &Lexicon, c: &mut Candidate, headline: &[bool]) {
    let r = c.tokens.clone();
    let first = doc.tok(r.start);
    let len = r.end - r.start;
    // A dateline or a shouted word ("LAGOS, Nigeria —") is looked up as
    // "Lagos" too.
    let whole = if len == 1 {
        match shouted_as_title(first) {
            Some(t) => doc.class(r.start) | lookup(lex, &t),
            None => doc.class(r.start),
        }
    } else {
        lookup(lex, tokens_text(doc, &r))
    };
    let fc = doc.class(r.start);
    let lc = doc.class(r.end - 1);
    let in_headline = headline.get(r.start).copied().unwrap_or(false);
    let next = if r.end < doc.tokens.len() {
        doc.tok(r.end)
    } else {
        ""
    };
    let next_class = if r.end < doc.tokens.len() {
        doc.class(r.end)
    } else {
        WordClass::NONE
    };
    let followed_by_speech = next_class.has(WordClass::SPEECH_VERB)
        || (next == ","
            && r.end + 1 < doc.tokens.len()
            && doc.class(r.end + 1).has(WordClass::SPEECH_VERB));

    let set = |c: &mut Candidate, l: Label, s: Strength| {
        c.label = Some(l);
        c.strength = s;
    };

    // Whole-span lexicon entries.
    // A place name, unless a title or an honorific says it is a person
    // ("Mr. Jordan", "President Georgia Smith").
    if (whole.has(WordClass::COUNTRY) || whole.has(WordClass::GPE))
        && c.title.is_none()
        && !c.honorific
    {
        return set(c, Label::Gpe, Strength::Lexicon);
    }
    if whole.has(WordClass::ORG) {
        return set(c, Label::Org, Strength::Lexicon);
    }
    if whole.has(WordClass::NORP) {
        return set(c, Label::Norp, Strength::Lexicon);
    }
    if whole.has(WordClass::LOC) {
        return set(c, Label::Loc, Strength::Lexicon);
    }
    if whole.has(WordClass::EVENT) {
        return set(c, Label::Event, Strength::Lexicon);
    }
    if whole.has(WordClass::CALENDAR) || whole.has(WordClass::TITLE) && c.title.is_none() {
        return;
    }
    // Person evidence from outside the span.
    if c.title.is_some() || c.honorific {
        return set(c, Label::Person, Strength::Context);
    }
    // Heads and suffixes.
    if len >= 2 && lc.has(WordClass::ORG_WORD)
        || len >= 3 && fc.has(WordClass::ORG_WORD) && doc.tok(r.start + 1) == "of"
    {
        return set(c, Label::Org, Strength::Context);
    }
    if len >= 2 && (lc.has(WordClass::LOC_WORD) || fc.has(WordClass::LOC_WORD)) {
        return set(c, Label::Loc, Strength::Context);
    }
    if len >= 2 && lc.has(WordClass::EVENT_WORD) {
        return set(c, Label::Event, Strength::Context);
    }
    // A storm is named like a person: "Hurricane Rita", "Cyclone Phailin".
    if (2..=3).contains(&len) && STORMS.contains(&first) {
        return set(c, Label::Event, Strength::Lexicon);
    }
    // Names.
    let given = fc.has(WordClass::GIVEN);
    let surname = lc.has(WordClass::SURNAME);
    // A known given name or surname makes a name to the rules, but with the
    // tagger, which sees the context, the tagger decides ("Forbes Field",
    // "Orlando Sentinel"; on dev, lexicon strength here only lost).
    if (2..=4).contains(&len) && (given || surname) {
        return set(c, Label::Person, Strength::Context);
    }
    // Family name first ("Xi Jinping", "Wang Yi").
    let name_part = |k: WordClass| k.has(WordClass::GIVEN) || k.has(WordClass::SURNAME);
    if (2..=3).contains(&len)
        && (name_part(fc) || name_part(lc))
        && !lc.has(WordClass::ORG_WORD)
        && !lc.has(WordClass::LOC_WORD)
    {
        return set(c, Label::Person, Strength::Context);
    }
    if len == 1 {
        if fc.has(WordClass::ORG_WORD)
            || fc.has(WordClass::LOC_WORD)
            || fc.has(WordClass::TITLE)
            || fc.has(WordClass::EVENT_WORD)
        {
            return;
        }
        if is_acronym(first) && !in_headline {
            // Unknown acronyms: mostly organisations in news ("NPA", "EPA"),
            // but short ones and ones with digits are often not ("DH", "L2").
            let letters = first.chars().filter(|c| c.is_alphabetic()).count();
            if letters >= 3
                && !first.chars().any(|c| c.is_ascii_digit())
                && doc.common_rank(r.start, lex).map_or(true, |r| r > 2000)
            {
                return set(c, Label::Org, Strength::Weak);
            }
            return;
        }
        let rank = doc.common_rank(r.start, lex);
        if in_headline && rank.is_some() {
            return;
        }
        if given && addressed(doc, r.start) {
            return set(c, Label::Person, Strength::Context);
        }
        if followed_by_speech || surname || given {
            return set(c, Label::Person, Strength::Weak);
        }
        if rank.is_some_and(|r| r < 1500) {
            return;
        }
        // An unknown single word stays untyped unless document consistency
        // finds it (a person's surname, an earlier multi-word name): on the
        // dev sets any fixed guess (ORG, LOC, PERSON) cost more precision
        // than it gained recall.
        return;
    }
    if in_headline {
        return;
    }
    if followed_by_speech && len <= 3 {
        return set(c, Label::Person, Strength::Context);
    }
    // Unknown multi-word names: short ones are usually people.
    let common_tokens = r
        .clone()
        .filter(|&k| doc.common_rank(k, lex).is_some_and(|x| x < 5000))
        .count();
    if len <= 3 && common_tokens == 0 {
        return set(c, Label::Person, Strength::Weak);
    }
    set(c, Label::Org, Strength::Weak)
}

/// Step 3: weakly typed single words that match part of a person's name (or
/// a whole multi-word entity) elsewhere in the document take that type.
fn consistency(doc: &Doc, cands: &mut [Candidate], model_people: &[Range<usize>]) {
    // Sized for every candidate, so the maps never grow (rehashing).
    let room = cands.len() + model_people.len();
    let mut person_parts: HashMap<&str, ()> =
        HashMap::with_capacity_and_hasher(room, Default::default());
    for r in model_people.iter().filter(|r| r.len() >= 2) {
        for k in r.clone() {
            if doc.tokens[k].kind == TokenKind::Word && doc.capitalised(k) {
                person_parts.insert(doc.tok(k), ());
            }
        }
    }
    let mut typed_forms: HashMap<&str, (Label, Strength)> =
        HashMap::with_capacity_and_hasher(cands.len(), Default::default());
    let text_of = |c: &Candidate| tokens_text(doc, &c.tokens);
    for c in cands.iter() {
        let Some(label) = c.label else { continue };
        let text = text_of(c);
        if c.strength >= Strength::Context {
            let e = typed_forms.entry(text).or_insert((label, c.strength));
            if c.strength > e.1 {
                *e = (label, c.strength);
            }
        }
        if label == Label::Person && c.tokens.len() >= 2 && c.strength >= Strength::Context {
            for k in c.tokens.clone() {
                if doc.tokens[k].kind == TokenKind::Word && doc.capitalised(k) {
                    person_parts.insert(doc.tok(k), ());
                }
            }
        }
    }
    // Words the document also writes in lower case ("iodine … Iodine
    // deficiency"): a capital there is the sentence's, not a name's.
    let asks = |c: &Candidate| {
        !(c.strength > Strength::Weak && c.label.is_some())
            && c.tokens.len() == 1
            && person_parts.contains_key(text_of(c))
    };
    // The lower-case forms of the single words that match a person's name
    // (few), and whether the document writes them so: one pass over the
    // doc's forms, most of which a length check rules out unhashed.
    let mut lower_of: HashMap<String, bool> = HashMap::default();
    let mut lengths = 0u64;
    for c in cands.iter().filter(|c| asks(c)) {
        let text = text_of(c);
        let lower = text.to_lowercase();
        if lower != text {
            lengths |= 1 << lower.len().min(63);
            lower_of.insert(lower, false);
        }
    }
    if !lower_of.is_empty() {
        for &k in &doc.form_first {
            let (k, t) = (k as usize, doc.tokens[k as usize]);
            let len = t.span.end - t.span.start;
            if t.kind != TokenKind::Word || lengths & 1 << len.min(63) == 0 {
                continue;
            }
            let w = doc.tok(k);
            if let Some(seen) = lower_of.get_mut(w) {
                *seen |= !w.chars().any(char::is_uppercase);
            }
        }
    }
    // (No lower-case form to look for: no copy to make.)
    let seen_lower = |w: &str| {
        if lower_of.is_empty() {
            return false;
        }
        let lower = w.to_lowercase();
        lower != w && lower_of.get(lower.as_str()) == Some(&true)
    };
    for c in cands.iter_mut() {
        if c.strength > Strength::Weak && c.label.is_some() {
            continue;
        }
        let text = text_of(c);
        if c.tokens.len() == 1 && person_parts.contains_key(text) && !seen_lower(text) {
            c.label = Some(Label::Person);
            c.strength = Strength::Context;
        } else if let Some(&(label, _)) = typed_forms.get(text) {
            c.label = Some(label);
            c.strength = Strength::Context;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: &str) {
        let doc = crate::segment::segment(text);
        let ms = find(&doc, crate::lexicon::builtin(), &Options::default());
        let got: Vec<String> = ms
            .iter()
            .map(|m| format!("{}:{}", m.label.as_str(), &text[m.span.range()]))
            .collect();
        assert_eq!(got.join(" | "), expect, "in {text:?}");
    }

    /// What `accept_tagged` makes of a tagger span over the tokens whose
    /// text is `span` (the first such run) with the tagger's `label`:
    /// "LABEL:text" (and "TITLE:text" first when a title is split off), or
    /// "" when the span is dropped.
    fn check_tagged(text: &str, span: &str, label: Label, expect: &str) {
        let doc = crate::segment::segment(text);
        let lex = crate::lexicon::builtin();
        let start = text.find(span).expect("span in text");
        let end = start + span.len();
        let first = doc.tokens.iter().position(|t| t.span.start == start);
        let last = doc.tokens.iter().position(|t| t.span.end == end);
        let (Some(first), Some(last)) = (first, last) else {
            panic!("{span:?} is not on token edges in {text:?}");
        };
        let t = crate::tagger::TaggedSpan {
            tokens: first..last + 1,
            label,
            confidence: 0.9,
        };
        let taken = vec![false; doc.tokens.len()];
        let headline = headline_sentences(&doc);
        let mut buf = String::new();
        let slice = |r: &Range<usize>| {
            &text[doc.tokens[r.start].span.start..doc.tokens[r.end - 1].span.end]
        };
        let got = match accept_tagged(&doc, lex, &t, &taken, &headline, &mut buf) {
            None => String::new(),
            Some((r, label, title)) => {
                let name = format!("{}:{}", label.as_str(), slice(&r));
                match title {
                    Some(t) => format!("TITLE:{} | {name}", slice(&t)),
                    None => name,
                }
            }
        };
        assert_eq!(got, expect, "{label:?} {span:?} in {text:?}");
    }

    #[test]
    fn tagger_spans_kept_retyped_or_dropped() {
        use Label::*;
        let cases: &[(&str, &str, Label, &str)] = &[
            // Kept as the tagger says.
            ("She flew to Kerala.", "Kerala", Loc, "GPE:Kerala"),
            // An acronym no place list knows is an organisation's; a known
            // one stays a place.
            ("It paid MOHELA, a lender.", "MOHELA", Loc, "ORG:MOHELA"),
            ("It paid the UK, a lender.", "UK", Loc, "GPE:UK"),
            // A single letter is no place or organisation.
            ("As of noon, T C Phailin grew.", "T", Loc, ""),
            // An honorific opens a person's name, and is cut from it; not
            // when a place word ends the span.
            (
                "A quote from Lord Diplock follows.",
                "Lord Diplock",
                Loc,
                "PERSON:Diplock",
            ),
            (
                "We drove down Sir Francis Drake Boulevard.",
                "Sir Francis Drake Boulevard",
                Loc,
                "LOC:Sir Francis Drake Boulevard",
            ),
            // A person's name holds no lower-case word but a particle.
            ("Ask Anna told Ben.", "Anna told Ben", Person, ""),
            // A quotation mark without its partner in the span ends or
            // starts a quotation; a nickname in both marks stays.
            (
                "For Google to \"Aquire\" Firefox.",
                "Aquire\" Firefox",
                Person,
                "PERSON:Firefox",
            ),
            ("Ask Dana \"Who", "Dana \"Who", Person, "PERSON:Dana"),
            (
                "Say John “J.D.” Dorrian.",
                "John “J.D.” Dorrian",
                Person,
                "PERSON:John “J.D.” Dorrian",
            ),
        ];
        for &(text, span, label, expect) in cases {
            check_tagged(text, span, label, expect);
        }
    }

    #[test]
    fn greetings_and_sign_offs() {
        // (text, index of the name's token, whether it addresses)
        let cases = [
            ("Greg, I faxed you the forms.", 0, true),
            ("Hi Maria! How are you?", 1, true),
            ("See you soon.\n\nThanks, Chris", 6, true),
            ("Regards, Kevin Boone", 2, true),
            ("Keep in touch, Mike", 4, true),
            ("Best wishes,\nAnna", 3, true),
            ("Chris said he would come.", 0, false),
            ("We met Chris, who said hello.", 2, false),
            ("Thanks, Chris said, for coming.", 2, false),
        ];
        for (text, i, expect) in cases {
            let doc = crate::segment::segment(text);
            assert_eq!(
                doc.tok(i).chars().next().map(char::is_uppercase),
                Some(true),
                "{text:?}"
            );
            assert_eq!(addressed(&doc, i), expect, "in {text:?}");
        }
    }

    #[test]
    fn byte_in_word() {
        let head = |w: &str| crate::lexicon::ShortAscii::of(w).map(|s| s.head);
        for w in [
            "I'm", "'", "don't", "abcdefg'", "'bcdefgh", "abc", "", "we're", "x''",
        ] {
            assert_eq!(
                head(w).map(|h| has_byte(h, b'\'')),
                Some(w.contains('\'')),
                "{w:?}"
            );
        }
    }

    #[test]
    fn connector_filter() {
        for w in CONNECTORS {
            assert!(may_be_connector(w), "{w:?}");
        }
        for (w, expect) in [("said", false), (",", false), ("Ølsen", true), ("of", true)] {
            assert_eq!(may_be_connector(w), expect, "{w:?}");
        }
    }

    #[test]
    fn titles_split_from_names() {
        check(
            "US Secretary of State Antony Blinken arrived.",
            "GPE:US | TITLE:Secretary of State | PERSON:Antony Blinken",
        );
        check(
            "He met Chinese President Xi Jinping.",
            "NORP:Chinese | TITLE:President | PERSON:Xi Jinping",
        );
    }
}
