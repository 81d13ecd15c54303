//! Reported speech without quote marks: "Blinken stressed that the US does
//! not seek an adversarial relationship", "He said the talks would go on",
//! "According to the ministry, the talks failed", "The talks failed,
//! according to the ministry".
//!
//! One look at each sentence that has no quotation in it; the first speech
//! verb whose subject is a speaker phrase wins. The reported clause runs from
//! after "that" (or after the verb and its addressee) to the end of the
//! sentence, without the final punctuation. Such a candidate is kept only if
//! its speaker resolves to an entity (checked by the caller): "The report
//! says ..." is not a quotation.

use std::ops::Range;

use crate::lexicon::with_lowercase;
use crate::segment::TokenKind;

use super::speaker::{Attribution, Ctx};

/// A reported clause: its token range and its attribution.
pub(crate) struct Reported {
    pub clause: Range<usize>,
    pub attribution: Attribution,
    /// The token where the speaker is named (for resolving pronouns).
    pub at: usize,
}

const CLAUSE_STARTERS: &[&str] = &[
    "he", "she", "it", "they", "we", "i", "you", "the", "a", "an", "this", "these", "those", "his",
    "her", "its", "their", "our", "there", "no", "some", "any", "all", "more", "most", "many",
    "such", "every", "each",
];

/// Verbs whose next words, without "that", are the reported clause
/// whatever they start with ("said the talks failed", "told reporters the
/// talks failed", "insisted the plan works", "claimed Paris was a
/// volunteer").
const SAY_VERBS: &[&str] = &[
    "say", "says", "said", "saying", "tell", "tells", "told", "telling", "insist", "insists",
    "insisted", "claim", "claims", "claimed",
];

/// Other verbs that take a reported clause without "that", but often an
/// object instead ("maintain many old customs", "announced a plan",
/// "admitted the charges"): a clause only when a subject pronoun starts it
/// ("announced they would resign"). Other speech verbs take an object there
/// ("described the talks as candid", "blamed the US for ...").
const ZERO_THAT_VERBS: &[&str] = &[
    "add",
    "adds",
    "added",
    "adding",
    "argue",
    "argues",
    "argued",
    "warn",
    "warns",
    "warned",
    "predict",
    "predicts",
    "predicted",
    "estimate",
    "estimates",
    "estimated",
    "announce",
    "announces",
    "announced",
    "reply",
    "replies",
    "replied",
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "thought",
    "suggest",
    "suggests",
    "suggested",
    "admit",
    "admits",
    "admitted",
    "acknowledge",
    "acknowledged",
    "conceded",
    "maintain",
    "maintains",
    "maintained",
];

/// The shortest reported clause, in words.
const MIN_CLAUSE_WORDS: usize = 3;

/// How far a "that" may follow the verb: "said on Tuesday that".
const THAT_REACH: usize = 6;

/// The reported clause in sentence `s` (token range), if there is one.
pub(crate) fn find(ctx: &Ctx, s: Range<usize>) -> Option<Reported> {
    let doc = ctx.doc;
    // The sentence without its final punctuation and closing brackets.
    let mut end = s.end;
    while end > s.start && doc.tokens[end - 1].kind == TokenKind::Punct {
        end -= 1;
    }
    if end <= s.start + 2 {
        return None;
    }
    if let Some(r) = according_to(ctx, s.start, end) {
        return Some(r);
    }
    let mut from = s.start + 1;
    while let Some(v) = ctx.next_cue_verb(from, end) {
        from = v + 1;
        let Some((phrase, at)) = ctx.subject(v, s.start) else {
            continue;
        };
        let cue_end = ctx.cue_end(v, end);
        // "that" right after the cue, or a little later with only words
        // between ("said on Tuesday that").
        let mut clause = None;
        for k in cue_end..(cue_end + THAT_REACH).min(end) {
            let w = doc.tok(k);
            if w.eq_ignore_ascii_case("that") {
                clause = Some(k + 1);
                break;
            }
            if !matches!(doc.tokens[k].kind, TokenKind::Word | TokenKind::Number) && w != "," {
                break;
            }
        }
        let start = match clause {
            Some(c) => c,
            None => {
                let verb = with_lowercase(doc.tok(v), |verb| {
                    if SAY_VERBS.contains(&verb) {
                        Some(true)
                    } else {
                        ZERO_THAT_VERBS.contains(&verb).then_some(false)
                    }
                });
                let say = verb?;
                if cue_end >= end
                    || !starts_clause(ctx, cue_end)
                    || !say && !starts_with_subject_pronoun(doc.tok(cue_end))
                {
                    // Only the first verb with a speaker is looked at.
                    return None;
                }
                cue_end
            }
        };
        // "said that, as the parents ...": not the comma.
        let mut start = start;
        while start < end && doc.tokens[start].kind == TokenKind::Punct {
            start += 1;
        }
        if words(ctx, start..end) < MIN_CLAUSE_WORDS {
            return None;
        }
        let attribution = Attribution {
            cue: Some(ctx.span_of(v, cue_end)),
            phrase: Some(phrase),
            end: cue_end,
            bare: false,
        };
        return Some(Reported {
            clause: start..end,
            attribution,
            at,
        });
    }
    None
}

fn words(ctx: &Ctx, r: Range<usize>) -> usize {
    r.filter(|&i| matches!(ctx.doc.tokens[i].kind, TokenKind::Word | TokenKind::Number))
        .count()
}

/// A subject pronoun (or "there"), which starts a clause, not an object.
fn starts_with_subject_pronoun(w: &str) -> bool {
    ["he", "she", "it", "they", "we", "i", "you", "there"]
        .iter()
        .any(|p| w.eq_ignore_ascii_case(p))
}

/// A clause can start here without "that": a pronoun, a determiner, a
/// number or a capitalised word.
fn starts_clause(ctx: &Ctx, i: usize) -> bool {
    let t = &ctx.doc.tokens[i];
    let w = ctx.doc.tok(i);
    match t.kind {
        TokenKind::Number => true,
        TokenKind::Word => {
            is_clause_starter(w)
                || (w.chars().next().is_some_and(char::is_uppercase) && !ctx.is_cue_verb(i))
        }
        _ => false,
    }
}

/// One of [`CLAUSE_STARTERS`] in any ASCII case (as `eq_ignore_ascii_case`
/// has it): lowered on the stack, then one probe of the set.
fn is_clause_starter(w: &str) -> bool {
    /// The longest of [`CLAUSE_STARTERS`].
    const LONGEST: usize = 5;
    if w.len() > LONGEST || !w.is_ascii() {
        return false;
    }
    let mut buf = [0u8; LONGEST];
    let lower = &mut buf[..w.len()];
    lower.copy_from_slice(w.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).is_ok_and(|l| CLAUSE_STARTER_SET.contains(l))
}

static CLAUSE_STARTER_SET: crate::fxhash::WordSet = crate::fxhash::WordSet::new(CLAUSE_STARTERS);

/// "According to X, clause." and "Clause, according to X."
fn according_to(ctx: &Ctx, s: usize, end: usize) -> Option<Reported> {
    let doc = ctx.doc;
    if ctx.according_to_at(s) {
        let (phrase, pe) = ctx.phrase_from(s + 2, end)?;
        if pe < end && doc.tok(pe) == "," && words(ctx, pe + 1..end) >= MIN_CLAUSE_WORDS {
            let attribution = Attribution {
                cue: Some(ctx.span_of(s, s + 2)),
                phrase: Some(phrase),
                end: pe,
                bare: false,
            };
            return Some(Reported {
                clause: pe + 1..end,
                attribution,
                at: s + 2,
            });
        }
        return None;
    }
    // ", according to X" closing the sentence.
    let lo = end.saturating_sub(10).max(s + 1);
    for k in lo..end {
        // (Its length first: the test is asked of the last ten tokens of
        // every sentence.)
        if doc.tok(k).len() == "according".len() && ctx.according_to_at(k) && doc.tok(k - 1) == ","
        {
            let (phrase, pe) = ctx.phrase_from(k + 2, end)?;
            if pe == end && words(ctx, s..k - 1) >= MIN_CLAUSE_WORDS {
                let attribution = Attribution {
                    cue: Some(ctx.span_of(k, k + 2)),
                    phrase: Some(phrase),
                    end: pe,
                    bare: false,
                };
                return Some(Reported {
                    clause: s..k - 1,
                    attribution,
                    at: k + 2,
                });
            }
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    /// The clause starters in any case and nothing else, as a scan of the
    /// list with `eq_ignore_ascii_case` finds them.
    #[test]
    fn clause_starters() {
        for w in [
            "he", "He", "HE", "she", "THERE", "Those", "each", "a", "A", "an", "I", "i", "hex",
            "the ", "", "thé", "Their", "theirs", "every", "Everyone", "ıt", "İt",
        ] {
            let want = super::CLAUSE_STARTERS
                .iter()
                .any(|s| s.eq_ignore_ascii_case(w));
            assert_eq!(super::is_clause_starter(w), want, "{w:?}");
        }
        let longest = super::CLAUSE_STARTERS.iter().map(|s| s.len()).max();
        assert_eq!(longest, Some(5));
    }
}
