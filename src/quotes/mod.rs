//! Quotations, their kinds, speakers and cues.
//!
//! Four steps, each linear in the text:
//!
//! 1. [`marks`] pairs the quotation marks of every style into quotes, one
//!    paragraph at a time (multi-paragraph quotes excepted), telling
//!    apostrophes and primes apart from quote marks. A quote nested inside
//!    another is part of the outer one, never a quote of its own, so quotes
//!    never overlap.
//! 2. A quote interrupted by its attribution (“We will,” she said, “win.”)
//!    becomes one quote in two parts.
//! 3. [`speaker`] finds the cue and the speaker phrase next to each quote
//!    (after it, inside it, or before it), and [`reported`] finds reported
//!    speech without marks in sentences that hold no quoted speech. A term
//!    may sit inside a reported clause ("Blinken said the “de-risking” was
//!    over"): that is the one way two quotes overlap.
//! 4. In text order, each speaker phrase is resolved to an entity (pronouns
//!    look back at earlier sentences and quotes), and each quote gets its
//!    kind: `term` for a short quoted word or phrase that is not speech,
//!    `direct` for quoted speech, `indirect` for reported speech.
//!
//! Conservative by design: a quote gets a speaker only from an attribution
//! next to it, or, for a paragraph that is nothing but a quote, from the
//! quote that ends the paragraph before (news prose continues a speaker that
//! way). A `term` quote never has a speaker.
//!
//! The parts of a quote are the text between its marks, punctuation inside
//! the marks included (“We will,” gives `We will,`). For reported speech the
//! part is the reported clause without the sentence's final punctuation.

mod marks;
pub(crate) use marks::is_double_quote_char;
mod reported;
mod speaker;

use crate::lexicon::{with_lowercase, Lexicon};
use crate::segment::{Doc, TokenKind};
use crate::{Entity, Mention, Quote, QuoteKind, Span};

use marks::{Marked, Part};
use speaker::{Attribution, Ctx, Phrase};

/// Words before a quote that make it a term: the so-called “de-risking”.
const TERM_MARKERS: &[&str] = &[
    "so-called",
    "called",
    "dubbed",
    "termed",
    "nicknamed",
    "titled",
    "entitled",
    "named",
    "as",
    "word",
    "words",
    "phrase",
    "term",
    "slogan",
    "label",
    "motto",
    "hashtag",
    "headline",
    "nickname",
    "branded",
    "labelled",
    "labeled",
];

/// Verbs that make even a short quote right after them speech: said “no”.
const UTTERANCE_VERBS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "reply",
    "replies",
    "replied",
    "answer",
    "answers",
    "answered",
    "shout",
    "shouted",
    "yell",
    "yelled",
    "ask",
    "asks",
    "asked",
    "add",
    "adds",
    "added",
    "write",
    "writes",
    "wrote",
    "tweet",
    "tweeted",
    "exclaimed",
    "whispered",
    "declared",
    "declares",
];

/// Function words allowed in the title of a work: “The Lord of the Rings”.
const TITLE_FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "from", "by", "is",
    "vs", "these", "this", "that", "those", "my", "our", "his", "her", "their", "its", "your",
];

/// Quotes of at most this many words are terms unless they look like speech.
const TERM_MAX_WORDS: usize = 4;

/// CJK quotes of at most this many chars are terms.
const CJK_TERM_MAX_CHARS: usize = 4;

/// The longest title of a work taken as a term.
const TITLE_MAX_WORDS: usize = 10;

/// The most tokens after an attribution before a quote that continues its
/// speaker.
const MAX_ATTRIBUTION_TAIL: usize = 16;

/// The most tokens between the two parts of an interrupted quote.
const MAX_GAP: usize = 14;

/// One quote on its way to a [`Quote`].
struct Cand {
    parts: Vec<Span>,
    /// First and last token of the quote, marks included.
    first: usize,
    last: usize,
    /// For a marked quote: its pieces, for attribution and kind.
    marked: Option<Marked>,
    attribution: Option<Attribution>,
    kind: QuoteKind,
}

pub(crate) fn find(
    doc: &Doc,
    mentions: &[Mention],
    entities: &[Entity],
    lex: &Lexicon,
) -> Vec<Quote> {
    let marked = marks::pair(doc);
    let mut ctx = Ctx::new(doc, mentions, entities, lex);
    for q in &marked {
        for p in &q.parts {
            let last = p.close.unwrap_or(p.end.saturating_sub(1));
            let end = (last + 1).min(ctx.quoted.len());
            if let Some(slots) = ctx.quoted.get_mut(p.open..end) {
                slots.fill(true);
            }
        }
    }

    let mut cands = Vec::with_capacity(marked.len());
    let mut it = marked.into_iter().peekable();
    while let Some(q) = it.next() {
        let mut q = q;
        let mut attribution = None;
        // Interrupted quotes: “We will,” she said, “win.”
        while let Some(next) = it.peek() {
            match interruption(&ctx, &q, next) {
                Some(a) => {
                    attribution = attribution.or(Some(a));
                    if let Some(n) = it.next() {
                        q.parts.extend(n.parts);
                    }
                }
                None => break,
            }
        }
        let first = q.parts.first().map_or(0, |p| p.open);
        let last = q
            .parts
            .last()
            .map_or(0, |p| p.close.unwrap_or(p.end.saturating_sub(1)));
        let parts = q
            .parts
            .iter()
            .map(|p| ctx.span_of(p.first, p.end))
            .collect();
        cands.push(Cand {
            parts,
            first,
            last,
            marked: Some(q),
            attribution,
            kind: QuoteKind::Direct,
        });
    }

    // Attribution before or after each marked quote.
    for k in 0..cands.len() {
        if cands[k].attribution.is_some() {
            continue;
        }
        let next_open = cands.get(k + 1).map_or(doc.tokens.len(), |c| c.first);
        let prev_end = if k > 0 { cands[k - 1].last + 1 } else { 0 };
        cands[k].attribution = attribution(&ctx, &cands[k], prev_end, next_open);
    }

    // Kinds of the marked quotes; reported speech in sentences that hold
    // no quoted speech (a term such as “de-risking” may sit in the clause).
    // Per sentence: whether quoted speech covers one of its tokens (marked
    // by sentence, not by token: a sentence is then one load, not a scan).
    let sentences = &doc.sentence_tokens;
    let mut speech = vec![false; sentences.len()];
    for c in cands.iter_mut() {
        if let Some(m) = &c.marked {
            c.kind = classify(&ctx, m, c.attribution.as_ref());
            if c.kind != QuoteKind::Term {
                for p in &m.parts {
                    let last = p.close.unwrap_or(p.end.saturating_sub(1));
                    // The sentences that share a token with `p.open..=last`:
                    // from the first that ends after `p.open` on, while
                    // they start by `last`.
                    let mut s = doc.sentence_of(p.open);
                    while let Some(r) = sentences.get(s).filter(|r| r.start <= last) {
                        if r.start < r.end && p.open <= last {
                            speech[s] = true;
                        }
                        s += 1;
                    }
                }
            }
        }
    }
    for s in 0..sentences.len() {
        let r = sentences[s].clone();
        if speech[s] {
            continue;
        }
        if let Some(rep) = reported::find(&ctx, r) {
            cands.push(Cand {
                parts: vec![ctx.span_of(rep.clause.start, rep.clause.end)],
                first: rep.at.min(rep.clause.start),
                last: rep.clause.end.saturating_sub(1),
                marked: None,
                attribution: Some(rep.attribution),
                kind: QuoteKind::Indirect,
            });
        }
    }
    marks::sort_unless_sorted(&mut cands, |c| {
        c.parts.first().map_or(0, |p| p.start as u64)
    });

    // Kinds and speakers, in text order.
    let mut out: Vec<Quote> = Vec::with_capacity(cands.len());
    // The last direct quote with a speaker: (speaker, span, the token after
    // its attribution).
    let mut prev: Option<(usize, Span, usize)> = None;
    for mut c in cands {
        let kind = c.kind;
        let mut quote = Quote {
            parts: std::mem::take(&mut c.parts),
            kind,
            speaker: None,
            speaker_span: None,
            cue: None,
        };
        if kind == QuoteKind::Term {
            out.push(quote);
            continue;
        }
        if let Some(a) = &c.attribution {
            quote.cue = a.cue;
            if let Some(phrase) = a.phrase {
                let at = phrase_token(&ctx, phrase);
                if let Some(s) = ctx.resolve(phrase, at) {
                    quote.speaker = Some(s.entity);
                    quote.speaker_span = Some(s.span);
                    ctx.last_speaker = Some((s.entity, at));
                }
            }
        } else if let Some((e, span, after)) = prev {
            if continues_speaker(&ctx, after, &c) {
                quote.speaker = Some(e);
                quote.speaker_span = Some(span);
            }
        }
        if kind == QuoteKind::Indirect && quote.speaker.is_none() {
            continue;
        }
        prev = match (kind, quote.speaker, quote.speaker_span) {
            (QuoteKind::Direct, Some(e), Some(span)) => {
                let after = c.attribution.map_or(c.last + 1, |a| a.end.max(c.last + 1));
                Some((e, span, after))
            }
            _ => None,
        };
        out.push(quote);
    }
    out
}

/// The token where a speaker phrase is named.
fn phrase_token(ctx: &Ctx, p: Phrase) -> usize {
    match p {
        Phrase::Name(m) => ctx.mention_tokens(m).0,
        Phrase::Title { span, .. } | Phrase::OrgNoun { span, .. } => ctx.doc.token_at(span.start),
        Phrase::Pronoun(t) => t,
    }
}

fn is_sep(t: &str) -> bool {
    matches!(t, "," | ":" | "—" | "–" | "-")
}

/// The attribution between two marked quotes if they are the parts of one
/// interrupted quote: same paragraph, a short gap that holds a cue and ends
/// in a comma, colon or dash, the first part ending in a comma or dash.
fn interruption(ctx: &Ctx, a: &Marked, b: &Marked) -> Option<Attribution> {
    let doc = ctx.doc;
    let (pa, pb) = match (a.parts.last(), b.parts.first()) {
        (Some(pa), Some(pb)) => (pa, pb),
        _ => return None,
    };
    let close = pa.close?;
    if pb.open <= close + 2
        || pb.open - close - 1 > MAX_GAP
        || doc.paragraph_of(close) != doc.paragraph_of(pb.open)
    {
        return None;
    }
    let gap = close + 1..pb.open;
    if gap
        .clone()
        .any(|i| matches!(doc.tok(i), "." | "!" | "?" | ";"))
    {
        return None;
    }
    let last_in = doc.tok(pa.end - 1);
    let ends_open = matches!(last_in, "," | "—" | "–" | "…" | "-") || is_sep(doc.tok(close + 1));
    let lower_next = doc
        .tok(pb.first)
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    if !ends_open || !(is_sep(doc.tok(pb.open - 1)) || lower_next) {
        return None;
    }
    let attr = ctx.attribution_after(close + 1, pb.open, false)?;
    // Only separators after the attribution, or an apposition to the
    // speaker: “The question,” said Amina Bello, a trader, “is ...”
    let apposition = attr.phrase.is_some() && attr.end < pb.open && doc.tok(attr.end) == ",";
    if !apposition && (attr.end..pb.open).any(|i| !is_sep(doc.tok(i))) {
        return None;
    }
    Some(attr)
}

/// The attribution after or before a marked quote. `prev_end` and
/// `next_open` bound the scan by the neighbouring quotes.
fn attribution(ctx: &Ctx, c: &Cand, prev_end: usize, next_open: usize) -> Option<Attribution> {
    let doc = ctx.doc;
    let m = c.marked.as_ref()?;
    let (first, last) = (m.parts.first()?, m.parts.last()?);
    let mut after = None;
    if let Some(close) = last.close {
        let para_end = doc
            .paragraph_tokens
            .get(doc.paragraph_of(close))
            .map_or(close + 1, |r| r.end);
        let limit = next_open.min(para_end);
        let last_in = doc.tok(last.end - 1);
        let next_sep = close + 1 < limit && matches!(doc.tok(close + 1), "," | "—" | "–");
        if next_sep || matches!(last_in, "," | "!" | "?" | "—" | "–" | "…") {
            after = ctx.attribution_after(close + 1, limit, false);
        } else if last_in == "." {
            after = ctx.attribution_after(close + 1, limit, true);
        }
    }
    let para_start = doc
        .paragraph_tokens
        .get(doc.paragraph_of(first.open))
        .map_or(0, |r| r.start);
    let sent_start = doc
        .sentence_tokens
        .get(doc.sentence_of(first.open))
        .map_or(0, |r| r.start);
    let floor = para_start.max(sent_start).max(prev_end);
    let before = ctx.attribution_before(first.open, floor);
    let has = |a: &Option<Attribution>| a.is_some_and(|a| a.phrase.is_some());
    if has(&after) {
        after
    } else if has(&before) {
        before
    } else {
        after.or(before)
    }
}

/// Whether a quote with no attribution of its own continues the speaker of
/// the quote before: only the rest of that quote's attribution sentence
/// (“…,” she told reporters at the ceremony.) between the end of its
/// attribution (`after`) and this quote, in the same paragraph; or this
/// quote is a paragraph of its own that follows right after it.
fn continues_speaker(ctx: &Ctx, after: usize, c: &Cand) -> bool {
    let doc = ctx.doc;
    if c.marked.is_none() || after > c.first || c.first - after > MAX_ATTRIBUTION_TAIL {
        return false;
    }
    let rest_of_sentence = (after..c.first).all(|i| {
        let t = &doc.tokens[i];
        !marks::is_quote_char(doc.tok(i)) && (!t.sent_start || i == after) && !ctx.is_cue_verb(i)
    });
    if !rest_of_sentence {
        return false;
    }
    let pa = doc.paragraph_of(c.first);
    if after == 0 || doc.paragraph_of(after - 1) == pa {
        return true;
    }
    // A paragraph of its own: the quote starts it and ends it.
    let Some(r) = doc.paragraph_tokens.get(pa) else {
        return false;
    };
    r.start == c.first && (c.last + 1..r.end).all(|i| doc.tokens[i].kind == TokenKind::Punct)
}

/// `term` or `direct` for a marked quote.
fn classify(ctx: &Ctx, m: &Marked, attribution: Option<&Attribution>) -> QuoteKind {
    let doc = ctx.doc;
    let (part, open, close) = match m.parts.as_slice() {
        [p] => (p, p.open, p.close),
        _ => return QuoteKind::Direct,
    };
    let Part { first, end, .. } = *part;
    let cue = attribution.and_then(|a| a.cue);
    let bare = attribution.is_some_and(|a| a.bare);
    if let Some(cue) = cue {
        // A verb right before a short quote is evidence of speech only if
        // it is a verb of uttering: “no” after "said", not after "citing".
        let verb = doc.text[cue.range()]
            .split_whitespace()
            .next()
            .unwrap_or("");
        let short = (first..end)
            .filter(|&i| doc.tokens[i].kind == TokenKind::Word)
            .nth(TERM_MAX_WORDS)
            .is_none();
        let weak = bare
            && (is_title_of_work(ctx, first, end)
                || (short && !with_lowercase(verb, |v| UTTERANCE_VERBS.contains(&v))));
        if !weak {
            return QuoteKind::Direct;
        }
    }
    if matches!(doc.tok(open), "「" | "『") {
        // CJK: no spaces to count words by; a few chars are a term.
        let chars = doc.text[ctx.span_of(first, end).range()].chars().count();
        return if chars > CJK_TERM_MAX_CHARS {
            QuoteKind::Direct
        } else {
            QuoteKind::Term
        };
    }
    // The quote's words: how many, and the first.
    let is_word = |i: &usize| matches!(doc.tokens[*i].kind, TokenKind::Word | TokenKind::Number);
    let n = (first..end).filter(is_word).count();
    let first_word = (first..end).find(is_word);
    // The k-th word before the quote, lower-cased, passed to `f`.
    let before = |k: usize, f: &dyn Fn(&str) -> bool| {
        open >= k && with_lowercase(doc.tok(open - k), |w| f(w))
    };
    let marker = |w: &str| TERM_MARKERS.contains(&w);
    let after_marker = before(1, &marker)
        || (before(1, &|w| {
            matches!(w, "it" | "them" | "him" | "her" | "this" | "the" | "a")
        }) && before(2, &marker));
    if after_marker && n <= TITLE_MAX_WORDS {
        return QuoteKind::Term;
    }
    if n <= TERM_MAX_WORDS {
        // A short quote with "!" or "?" in it is speech.
        if (first..end).any(|i| matches!(doc.tok(i), "!" | "?")) {
            return QuoteKind::Direct;
        }
        let terminal = matches!(doc.tok(end - 1), "." | "!" | "?" | "…");
        let capital =
            first_word.is_some_and(|i| doc.tok(i).chars().next().is_some_and(char::is_uppercase));
        let starts_sentence = doc.tokens[open].sent_start
            || doc.tokens[open].para_start
            || open > 0 && matches!(doc.tok(open - 1), ":" | "—" | "–");
        let ends_sentence = close.map_or(true, |c| {
            c + 1 >= doc.tokens.len()
                || doc.tokens[c + 1].sent_start
                || doc.tokens[c + 1].para_start
                || matches!(doc.tok(c + 1), "." | "!" | "?")
        });
        if capital && starts_sentence && (terminal || ends_sentence) && (n > 1 || terminal) {
            return QuoteKind::Direct;
        }
        return QuoteKind::Term;
    }
    if is_title_of_work(ctx, first, end) {
        return QuoteKind::Term;
    }
    QuoteKind::Direct
}

/// The title of a work or an office: at most [`TITLE_MAX_WORDS`]
/// capitalised words and function words, no sentence punctuation.
fn is_title_of_work(ctx: &Ctx, first: usize, end: usize) -> bool {
    let doc = ctx.doc;
    let mut n = 0;
    for i in first..end {
        let t = &doc.tokens[i];
        let w = doc.tok(i);
        match t.kind {
            TokenKind::Word | TokenKind::Number => {
                let cap = w
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_numeric());
                if !(cap || (n > 0 && TITLE_FUNCTION_WORDS.contains(&w))) {
                    return false;
                }
                n += 1;
            }
            _ if matches!(w, "." | "!" | "?" | "…") => return false,
            _ => {}
        }
        if n > TITLE_MAX_WORDS {
            return false;
        }
    }
    n > 0
}

#[cfg(test)]
mod tests;
