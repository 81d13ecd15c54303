//! Quotation marks: which marks open, which close, and how they pair.
//!
//! One pass per paragraph with a stack of open marks. Whether a mark opens
//! or closes is decided from its own shape and from its neighbours: a mark
//! with a space before and a letter after opens, one with a letter before
//! and a space or punctuation after closes (the "flanking" rules of
//! CommonMark). Marks that open in one style and close in another (“ closes
//! „ in German, » opens in Danish) close when a matching opener is on the
//! stack and open otherwise.
//!
//! Apostrophes and primes are filtered first and never open: O’Brien and
//! don’t are one token each (see `segment`); ’90s, rock ’n’ roll, ’em, 6'2"
//! are recognised here. An apostrophe at the end of a word (students’,
//! goin’) is a *weak* closer: it closes an open single quote only if no
//! stronger closer (one before punctuation) follows before the next opener.
//!
//! The stack keeps, per closing char, how many open entries it would match,
//! so a closer that matches nothing costs O(1) and a closer that matches pops
//! the entries above its partner for good: the pass is linear on any input.
//!
//! Unclosed marks are dropped at the end of their paragraph, so a stray mark
//! never swallows the paragraphs after it. The one exception is the real
//! multi-paragraph quote: a paragraph that ends inside an open quote, followed
//! by a paragraph that starts with an opening mark of the same style,
//! continues that quote; only the last paragraph closes it.

use crate::fxhash::FxHashMap as HashMap;
use crate::segment::{Doc, TokenKind};

/// One part of a quote: the quoted tokens between two marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Part {
    /// Token index of the opening mark.
    pub open: usize,
    /// Token index of the closing mark; `None` for a paragraph of a
    /// multi-paragraph quote that the next paragraph continues.
    pub close: Option<usize>,
    /// Token range of the quoted words: `first..end` (never empty).
    pub first: usize,
    pub end: usize,
}

/// A paired quotation before attribution: one part, or one per paragraph of
/// a multi-paragraph quote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Marked {
    pub parts: Vec<Part>,
}

/// The quotation mark chars this module knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    /// `"`
    Straight2,
    /// `'`
    Straight1,
    /// `“`
    Left2,
    /// `”`
    Right2,
    /// `‘`
    Left1,
    /// `’`
    Right1,
    /// `«`
    LeftGuil2,
    /// `»`
    RightGuil2,
    /// `‹`
    LeftGuil1,
    /// `›`
    RightGuil1,
    /// `„`
    Low2,
    /// `‚`
    Low1,
    /// `「`
    Corner,
    /// `」`
    CornerEnd,
    /// `『`
    WhiteCorner,
    /// `』`
    WhiteCornerEnd,
    /// `‟`
    Reversed2,
}

const N_MARKS: usize = 17;

fn mark_of(s: &str) -> Option<Mark> {
    let mut cs = s.chars();
    let c = cs.next()?;
    if cs.next().is_some() {
        return None;
    }
    Some(match c {
        '"' => Mark::Straight2,
        '\'' => Mark::Straight1,
        '“' => Mark::Left2,
        '”' => Mark::Right2,
        '‘' => Mark::Left1,
        '’' => Mark::Right1,
        '«' => Mark::LeftGuil2,
        '»' => Mark::RightGuil2,
        '‹' => Mark::LeftGuil1,
        '›' => Mark::RightGuil1,
        '„' => Mark::Low2,
        '‚' => Mark::Low1,
        '「' => Mark::Corner,
        '」' => Mark::CornerEnd,
        '『' => Mark::WhiteCorner,
        '』' => Mark::WhiteCornerEnd,
        '‟' => Mark::Reversed2,
        _ => return None,
    })
}

/// Whether token text `s` is any quotation mark (apostrophes included).
pub(crate) fn is_quote_char(s: &str) -> bool {
    mark_of(s).is_some()
}

/// Whether token text `s` is a double quotation mark of any style (not an
/// apostrophe or single mark, which may be part of a name: O’Brien).
pub(crate) fn is_double_quote_char(s: &str) -> bool {
    matches!(
        mark_of(s),
        Some(
            Mark::Straight2
                | Mark::Left2
                | Mark::Right2
                | Mark::LeftGuil2
                | Mark::RightGuil2
                | Mark::Low2
                | Mark::Reversed2
        )
    )
}

const fn bit(m: Mark) -> u32 {
    1 << (m as u32)
}

/// The marks that may close a quote opened by `m`.
fn closers_of(m: Mark) -> u32 {
    match m {
        Mark::Straight2 => bit(Mark::Straight2),
        Mark::Straight1 => bit(Mark::Straight1),
        Mark::Left2 => bit(Mark::Right2),
        // Swedish ”…”.
        Mark::Right2 => bit(Mark::Right2),
        Mark::Left1 => bit(Mark::Right1),
        // French «…»; Danish »…«, Swedish »…».
        Mark::LeftGuil2 => bit(Mark::RightGuil2),
        Mark::RightGuil2 => bit(Mark::LeftGuil2) | bit(Mark::RightGuil2),
        Mark::LeftGuil1 => bit(Mark::RightGuil1),
        Mark::RightGuil1 => bit(Mark::LeftGuil1) | bit(Mark::RightGuil1),
        // German „…“, Polish „…”.
        Mark::Low2 => bit(Mark::Left2) | bit(Mark::Right2),
        Mark::Low1 => bit(Mark::Left1) | bit(Mark::Right1),
        Mark::Corner => bit(Mark::CornerEnd),
        Mark::WhiteCorner => bit(Mark::WhiteCornerEnd),
        Mark::Reversed2 => bit(Mark::Right2),
        Mark::Right1 | Mark::CornerEnd | Mark::WhiteCornerEnd => 0,
    }
}

/// Whether a paragraph that starts with `next` continues a quote opened by
/// `open` in the paragraph before.
fn continues(open: Mark, next: Mark) -> bool {
    open == next
        || matches!(
            (open, next),
            (Mark::LeftGuil2, Mark::RightGuil2) | (Mark::Low2, Mark::Left2)
        )
}

/// What the text around one mark token looks like.
#[derive(Clone, Copy, Debug)]
struct MarkTok {
    tok: usize,
    mark: Mark,
    /// Left-flanking: could open.
    lf: bool,
    /// Right-flanking: could close.
    rf: bool,
    /// An apostrophe or a prime, never a quote mark.
    apostrophe: bool,
    /// A single-quote closer that could also be a word-final apostrophe.
    weak: bool,
}

fn is_space(c: Option<char>) -> bool {
    c.map_or(true, char::is_whitespace)
}

fn is_punct(c: Option<char>) -> bool {
    c.is_some_and(|c| !c.is_alphanumeric() && !c.is_whitespace())
}

fn is_apostrophe_char(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘' | '′')
}

/// Elided words written with a leading apostrophe: ’em, ’tis, ’cause.
const ELISIONS: &[&str] = &[
    "em", "tis", "twas", "cause", "cos", "til", "bout", "round", "nuff", "kay", "ello", "n",
];

fn mark_tok(text: &str, doc: &Doc, tok: usize, mark: Mark) -> MarkTok {
    let span = doc.tokens[tok].span;
    let before = &text[..span.start];
    let after = &text[span.end..];
    let prev = before.chars().next_back();
    let next = after.chars().next();
    let lf = !is_space(next) && (!is_punct(next) || is_space(prev) || is_punct(prev));
    let rf = !is_space(prev) && (!is_punct(prev) || is_space(next) || is_punct(next));
    let mut m = MarkTok {
        tok,
        mark,
        lf,
        rf,
        apostrophe: false,
        weak: false,
    };
    let single = matches!(mark, Mark::Straight1 | Mark::Left1 | Mark::Right1);
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    if single {
        // 6'2 (feet and inches).
        if digit(prev) && digit(next) {
            m.apostrophe = true;
        }
        if lf && !rf {
            // ’90s, ’n’, ’em.
            let word: &str = after
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            let after_word = after[word.len()..].chars().next();
            let elided = ELISIONS.iter().any(|e| word.eq_ignore_ascii_case(e))
                && (word.len() > 1 || after_word.is_some_and(is_apostrophe_char));
            if digit(next) || elided || mark == Mark::Right1 {
                m.apostrophe = true;
            }
        }
        if rf && matches!(mark, Mark::Straight1 | Mark::Right1) {
            // The second mark of ’n’.
            let mut back = before.chars().rev();
            if matches!(back.next(), Some('n' | 'N')) && back.next().is_some_and(is_apostrophe_char)
            {
                m.apostrophe = true;
            }
            // students’ union, goin’ home.
            let mut fwd = after.chars();
            if prev.is_some_and(char::is_alphabetic)
                && fwd.next().is_some_and(char::is_whitespace)
                && fwd.next().is_some_and(char::is_alphanumeric)
            {
                m.weak = true;
            }
        }
    }
    if mark == Mark::Straight2 && digit(prev) {
        // 6'2" : a prime after a feet-and-inches number.
        let mut back = before.chars().rev().skip_while(|c| c.is_ascii_digit());
        if back.next().is_some_and(is_apostrophe_char)
            && back.next().is_some_and(|c| c.is_ascii_digit())
        {
            m.apostrophe = true;
        }
    }
    m
}

/// An open mark on the stack.
#[derive(Clone, Copy, Debug)]
struct Entry {
    tok: usize,
    /// The first opening mark of the quote, when it re-opened at the start
    /// of a line (else `tok`).
    first: usize,
    mark: Mark,
    closers: u32,
    /// This entry re-opens the quote carried from the paragraph before.
    continuation: bool,
}

#[derive(Default)]
struct Stack {
    entries: Vec<Entry>,
    /// For each mark, how many entries it would close.
    counts: [usize; N_MARKS],
}

impl Stack {
    /// (The counts of an entry's closers, one or two marks, are visited
    /// by their bits rather than by a scan of all the marks.)
    fn push(&mut self, e: Entry) {
        let mut bits = e.closers;
        while bits != 0 {
            if let Some(c) = self.counts.get_mut(bits.trailing_zeros() as usize) {
                *c += 1;
            }
            bits &= bits - 1;
        }
        self.entries.push(e);
    }

    fn pop(&mut self) -> Option<Entry> {
        let e = self.entries.pop()?;
        let mut bits = e.closers;
        while bits != 0 {
            if let Some(c) = self.counts.get_mut(bits.trailing_zeros() as usize) {
                *c = c.saturating_sub(1);
            }
            bits &= bits - 1;
        }
        Some(e)
    }

    fn can_close(&self, m: Mark) -> bool {
        self.counts[m as usize] > 0
    }

    /// Pops up to and including the nearest entry `m` closes.
    fn close(&mut self, m: Mark) -> Option<Entry> {
        if !self.can_close(m) {
            return None;
        }
        while let Some(e) = self.pop() {
            if e.closers & bit(m) != 0 {
                return Some(e);
            }
        }
        None
    }

    fn clear(&mut self) {
        self.entries.clear();
        self.counts = [0; N_MARKS];
    }
}

enum Action {
    Open,
    Close,
    Skip,
}

/// What mark `m` does, given the open marks.
fn action(m: &MarkTok, stack: &Stack, weak_may_close: bool) -> Action {
    if m.apostrophe {
        return Action::Skip;
    }
    let (lf, rf) = (m.lf, m.rf);
    let close_ok = stack.can_close(m.mark);
    match m.mark {
        Mark::Straight2 | Mark::Straight1 => {
            if rf && close_ok && (!m.weak || weak_may_close) {
                Action::Close
            } else if lf && !rf {
                Action::Open
            } else {
                Action::Skip
            }
        }
        Mark::Left2 | Mark::Left1 => {
            // Closes German „…“ / ‚…‘; opens English.
            if rf && close_ok {
                Action::Close
            } else if lf {
                Action::Open
            } else {
                Action::Skip
            }
        }
        Mark::Right2 => {
            if rf && close_ok {
                Action::Close
            } else if lf && !rf {
                // Swedish ”…”.
                Action::Open
            } else {
                Action::Skip
            }
        }
        Mark::Right1 => {
            if rf && close_ok && (!m.weak || weak_may_close) {
                Action::Close
            } else {
                Action::Skip
            }
        }
        Mark::LeftGuil2 | Mark::LeftGuil1 => {
            if close_ok && rf {
                Action::Close
            } else if !is_closing_only(m) {
                Action::Open
            } else {
                Action::Skip
            }
        }
        Mark::RightGuil2 | Mark::RightGuil1 => {
            if close_ok {
                Action::Close
            } else if lf && !rf {
                Action::Open
            } else {
                Action::Skip
            }
        }
        Mark::Low2 | Mark::Reversed2 => {
            if lf || !rf {
                Action::Open
            } else {
                Action::Skip
            }
        }
        Mark::Low1 => {
            if lf && !rf {
                Action::Open
            } else {
                Action::Skip
            }
        }
        Mark::Corner | Mark::WhiteCorner => Action::Open,
        Mark::CornerEnd | Mark::WhiteCornerEnd => {
            if close_ok {
                Action::Close
            } else {
                Action::Skip
            }
        }
    }
}

/// A guillemet with a word before and a space after cannot open.
fn is_closing_only(m: &MarkTok) -> bool {
    m.rf && !m.lf
}

/// A closed pair in one paragraph.
#[derive(Clone, Copy, Debug)]
struct Pair {
    /// The first opening mark (see `Entry::first`).
    open: usize,
    /// The last opening mark.
    reopen: usize,
    close: usize,
    /// Closes the quote carried from earlier paragraphs.
    multi: bool,
}

/// Pairs the quotation marks of `doc`. The result is sorted by start; quotes
/// never overlap: a quote inside another one is part of it, not a quote of
/// its own.
pub(crate) fn pair(doc: &Doc) -> Vec<Marked> {
    let text = doc.text;
    let mut out: Vec<Marked> = Vec::new();
    let mut stack = Stack::default();
    let mut weak_may_close: Vec<bool> = Vec::new();
    let mut closed: Vec<Pair> = Vec::new();
    // Parts before a re-opening mark at a line start, by that mark's token.
    let mut chains: HashMap<usize, Vec<Part>> = HashMap::default();
    // The quote carried into the current paragraph: its parts so far, the
    // mark that opened it, and the quotes found inside it (emitted after all
    // if the quote turns out not to continue).
    let mut carried: Option<(Vec<Part>, Mark)> = None;
    let mut inside_carried: Vec<Marked> = Vec::new();
    // The marks of the whole text, in order, with their surroundings: one
    // tight pass over the tokens, and most paragraphs hold none. Every mark
    // starts with one of these bytes, so most punctuation (commas, periods)
    // is ruled out by its first.
    let bytes = text.as_bytes();
    let mut all: Vec<MarkTok> = Vec::new();
    for (i, t) in doc.tokens.iter().enumerate() {
        if t.kind != TokenKind::Punct
            || !bytes
                .get(t.span.start)
                .is_some_and(|b| matches!(b, b'"' | b'\'' | 0xC2 | 0xE2 | 0xE3))
        {
            continue;
        }
        if let Some(m) = mark_of(doc.tok(i)) {
            if all.capacity() == 0 {
                // A text with quotes has a few dozen marks: room for them
                // (one token in sixteen) rather than growing from four.
                all.reserve(doc.tokens.len() / 16 + 4);
            }
            all.push(mark_tok(text, doc, i, m));
        }
    }
    let mut next = 0;
    let n_par = doc.paragraph_tokens.len();
    for p in 0..n_par {
        let range = doc.paragraph_tokens[p].clone();
        while next < all.len() && all[next].tok < range.start {
            next += 1;
        }
        let from = next;
        while next < all.len() && all[next].tok < range.end {
            next += 1;
        }
        if from == next {
            // No marks: a quote carried into this paragraph does not go on.
            if carried.take().is_some() {
                out.append(&mut inside_carried);
            }
            continue;
        }
        let marks = &all[from..next];
        // Whether a weak closer may close: no strong closer of its kind
        // before the next opener of its kind (computed backwards).
        weak_may_close.clear();
        weak_may_close.resize(marks.len(), true);
        let (mut strong2, mut strong1) = (false, false);
        for (k, m) in marks.iter().enumerate().rev() {
            let strong = match m.mark {
                Mark::Right1 => &mut strong2,
                Mark::Straight1 => &mut strong1,
                Mark::Left1 => {
                    strong2 = false;
                    continue;
                }
                _ => continue,
            };
            if m.weak {
                weak_may_close[k] = !*strong;
            }
            if m.mark == Mark::Straight1 && m.lf && !m.rf && !m.apostrophe {
                // An opener of the straight kind.
                *strong = false;
            } else if m.rf && !m.weak && !m.apostrophe {
                *strong = true;
            }
        }

        stack.clear();
        closed.clear();
        chains.clear();
        let mut carried_entry = false;
        for (k, m) in marks.iter().enumerate() {
            if k == 0 && m.tok == range.start {
                if let Some((_, cm)) = &carried {
                    if continues(*cm, m.mark) {
                        stack.push(Entry {
                            tok: m.tok,
                            first: m.tok,
                            mark: *cm,
                            closers: closers_of(*cm),
                            continuation: true,
                        });
                        carried_entry = true;
                        continue;
                    }
                }
            }
            match action(m, &stack, weak_may_close[k]) {
                Action::Open => {
                    let top = stack.entries.last().copied();
                    match top.filter(|t| reopens_line(doc, t, m)) {
                        Some(t) => {
                            // The quote goes on in a new line that opens
                            // again: one more part of the same quote.
                            stack.pop();
                            let mut chain = chains.remove(&t.tok).unwrap_or_default();
                            chain.extend(make_part(t.tok, None, m.tok));
                            chains.insert(m.tok, chain);
                            stack.push(Entry { tok: m.tok, ..t });
                        }
                        None => stack.push(Entry {
                            tok: m.tok,
                            first: m.tok,
                            mark: m.mark,
                            closers: closers_of(m.mark),
                            continuation: false,
                        }),
                    }
                }
                Action::Close => {
                    if let Some(e) = stack.close(m.mark) {
                        closed.push(Pair {
                            open: e.first,
                            reopen: e.tok,
                            close: m.tok,
                            multi: e.continuation,
                        });
                    }
                }
                Action::Skip => {}
            }
        }
        if !carried_entry && carried.is_some() {
            // The carried quote does not go on: it was a stray mark.
            carried = None;
            out.append(&mut inside_carried);
        }

        // The outermost closed pairs (pairs nest, as they come off a stack).
        // Their opening marks differ, so a stable sort is as good as any.
        sort_unless_sorted(&mut closed, |q| q.open as u64);
        let bottom = stack.entries.first().copied();
        let last_tok = range.end.saturating_sub(1);
        let carry_on = bottom.is_some_and(|b| {
            let next_starts_open = doc
                .paragraph_tokens
                .get(p + 1)
                .is_some_and(|r| mark_of(doc.tok(r.start)).is_some_and(|nm| continues(b.mark, nm)));
            next_starts_open
                && b.tok + 1 < range.end
                && doc.tokens[last_tok].kind == TokenKind::Punct
                && !is_quote_char(doc.tok(last_tok))
        });
        let mut last_close = None;
        for q in closed.iter() {
            if last_close.is_some_and(|c| q.open < c) {
                continue;
            }
            last_close = Some(q.close);
            let mut own = chains.remove(&q.reopen).unwrap_or_default();
            own.extend(make_part(q.reopen, Some(q.close), q.close));
            if own.is_empty() {
                continue;
            }
            let inside_open_bottom = carry_on && bottom.is_some_and(|b| q.open > b.first);
            if q.multi {
                if let Some((mut parts, _)) = carried.take() {
                    parts.extend(own);
                    out.push(Marked { parts });
                    inside_carried.clear();
                }
            } else if inside_open_bottom {
                inside_carried.push(Marked { parts: own });
            } else {
                out.push(Marked { parts: own });
            }
        }
        match (carry_on, bottom) {
            (true, Some(b)) => {
                let mut own = chains.remove(&b.tok).unwrap_or_default();
                own.extend(make_part(b.tok, None, range.end));
                let mut parts = match carried.take() {
                    Some((parts, _)) if b.continuation => parts,
                    _ => {
                        // A new quote starts its multi-paragraph run; anything
                        // carried before was closed above or dropped.
                        out.append(&mut inside_carried);
                        Vec::new()
                    }
                };
                parts.extend(own);
                carried = Some((parts, b.mark));
            }
            _ => {
                if carried.is_some() && bottom.is_some_and(|b| b.continuation) {
                    // Carried into this paragraph but never closed.
                    carried = None;
                    out.append(&mut inside_carried);
                }
            }
        }
    }
    out.append(&mut inside_carried);
    sort_unless_sorted(&mut out, |m| m.parts.first().map_or(0, |p| p.open as u64));
    out
}

/// [`crate::sorting::sort_by_key`], which allocates two vectors, unless
/// `v` is already in order (a stable sort would leave it as it is): quotes
/// mostly come out in text order.
pub(crate) fn sort_unless_sorted<T>(v: &mut [T], key: impl Fn(&T) -> u64) {
    if !v.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
        crate::sorting::sort_by_key(v, key);
    }
}

/// Whether opening mark `m` re-opens the quote of `top` at the start of a
/// line: the same style, the line before ends in punctuation, and a line
/// break (a hard wrap inside the paragraph) sits between them.
fn reopens_line(doc: &Doc, top: &Entry, m: &MarkTok) -> bool {
    if !continues(top.mark, m.mark) || m.tok == 0 || top.tok + 1 >= m.tok {
        return false;
    }
    let prev = m.tok - 1;
    let gap = &doc.text[doc.tokens[prev].span.end..doc.tokens[m.tok].span.start];
    doc.tokens[prev].kind == TokenKind::Punct
        && !is_quote_char(doc.tok(prev))
        && gap.contains(['\n', '\r', '\u{2028}'])
}

/// The part between an opening mark and a closing mark (or the end of the
/// paragraph); `None` when nothing is between them.
fn make_part(open: usize, close: Option<usize>, end: usize) -> Option<Part> {
    let first = open + 1;
    (first < end).then_some(Part {
        open,
        close,
        first,
        end,
    })
}
